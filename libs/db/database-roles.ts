/**
 * What the migrate command does for the database roles of deploy/postgres/roles.sql after the
 * migrations, every deploy (issue 24): the audit trail is append-only by privilege too (UPDATE,
 * DELETE, TRUNCATE revoked from every role but its owner), and the partitioned tables the worker
 * adds partitions to at run time belong to the partition owner role that roles.sql names in the
 * database's setting `tizim.partition_owner` (PostgreSQL lets only a table's owner create, attach
 * or detach its partitions). On a database without that setting (a developer's, the tests'),
 * ownership is left as it is. Partitions the worker makes are its own (it creates them).
 */
import type { Client } from 'pg';

/** The partitioned tables the worker partitions at run time (voter import, register snapshot import). */
export const WORKER_PARTITIONED_TABLES = ['voter_file_record', 'register_voter', 'register_status_fact'] as const;

export const DATABASE_ROLES_SQL = `
DO $roles$
DECLARE
  grantee text;
  target text := nullif(current_setting('tizim.partition_owner', true), '');
  t text;
BEGIN
  FOR grantee IN
    SELECT DISTINCT a.grantee::regrole::text FROM pg_class c, aclexplode(c.relacl) a
     WHERE c.oid = 'audit_event'::regclass AND a.grantee <> 0 AND a.grantee <> c.relowner
       AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES')
  LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON audit_event FROM %s', grantee);
  END LOOP;
  EXECUTE 'REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON audit_event FROM PUBLIC';
  IF target IS NOT NULL THEN
    -- The parents and the partitions the migrations made (the initial register snapshot's, the
    -- voter records staged before partitioning): retention drops them as the worker. Those the
    -- worker made are its own already, and left so.
    FOR t IN
      SELECT p.relid::regclass::text FROM unnest(ARRAY[${WORKER_PARTITIONED_TABLES.map((x) => `'${x}'`).join(', ')}]) AS parent,
        pg_partition_tree(parent::regclass) p
        JOIN pg_class c ON c.oid = p.relid
       WHERE c.relowner <> to_regrole(quote_ident(target)) AND pg_has_role(c.relowner, 'MEMBER')
    LOOP
      EXECUTE format('ALTER TABLE %s OWNER TO %I', t, target);
    END LOOP;
  END IF;
END
$roles$;
`;

export async function ensureDatabaseRoles(client: Client): Promise<void> {
  await client.query(DATABASE_ROLES_SQL);
}
