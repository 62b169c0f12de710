/**
 * The audit trail is append-only (issue 24, ASVS 7.3.3), on the real PostgreSQL as the migrate
 * command leaves it: a row can be written and read, and changing it, deleting it or emptying the
 * table fails with 42501 naming the table, whoever the application connects as (here the server's
 * superuser, as the test stack does). Each attempt runs in a transaction rolled back afterwards, so
 * a missing trigger could not empty the shared database's audit trail.
 */
import { Client } from 'pg';
import { testDatabaseUrl } from '../support/test-env';

let client: Client;
let id: string;

beforeAll(async () => {
  client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    "INSERT INTO audit_event (actor, action, subject_type, subject_id, reason) VALUES ('test', 'audit.append-only.probe', 'probe', 'probe-1', 'written once') RETURNING id",
  );
  id = rows[0]!.id;
});
afterAll(async () => {
  await client?.end();
});

/** The error `sql` ends with, in a transaction rolled back whatever happens. */
async function refusal(sql: string, params: unknown[] = []): Promise<{ code?: string; message: string } | null> {
  await client.query('BEGIN');
  try {
    await client.query(sql, params);
    return null;
  } catch (err) {
    return { code: (err as { code?: string }).code, message: (err as Error).message };
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('the audit trail', () => {
  it('refuses to change, delete or empty what it holds', async () => {
    expect(await refusal("UPDATE audit_event SET reason = 'rewritten' WHERE id = $1", [id])).toEqual({
      code: '42501',
      message: 'audit_event is append-only: UPDATE is refused',
    });
    expect(await refusal('DELETE FROM audit_event WHERE id = $1', [id])).toEqual({
      code: '42501',
      message: 'audit_event is append-only: DELETE is refused',
    });
    expect(await refusal('TRUNCATE audit_event')).toEqual({
      code: '42501',
      message: 'audit_event is append-only: TRUNCATE is refused',
    });
    const { rows } = await client.query('SELECT reason FROM audit_event WHERE id = $1', [id]);
    expect(rows).toEqual([{ reason: 'written once' }]);
  });

  it('still takes new rows', async () => {
    const { rowCount } = await client.query(
      "INSERT INTO audit_event (actor, action, subject_type, subject_id) VALUES ('test', 'audit.append-only.probe', 'probe', 'probe-2')",
    );
    expect(rowCount).toBe(1);
  });
});
