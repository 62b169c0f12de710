/**
 * The audit trail is append-only (ASVS 7.3.3, issue 24): whoever the application connects as, a row
 * of `audit_event` once written is never changed or removed, and the table is never emptied; the
 * attempt fails with SQLSTATE 42501 (insufficient privilege), naming the table and the operation.
 *
 * Installed by the migrate command after the migrations (scripts/migrate.ts), every deploy, as
 * idempotent DDL: a trigger function's body holds semicolons, which the migration runner's
 * statement splitting (the pg driver adapter splits a migration.sql on every ";") would cut.
 * A role that owns the table could still drop the triggers: the application's roles do not own it
 * (README, "Personal data", database roles).
 */
import type { Client } from 'pg';

export const AUDIT_APPEND_ONLY_SQL = `
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is refused', TG_OP USING ERRCODE = '42501';
END
$fn$;
DROP TRIGGER IF EXISTS audit_event_no_change ON audit_event;
CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event;
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
`;

/** Installs (or reinstalls, unchanged) the triggers, in one transaction. */
export async function ensureAuditAppendOnly(client: Client): Promise<void> {
  await client.query(`BEGIN;${AUDIT_APPEND_ONLY_SQL}COMMIT;`);
}
