/**
 * A register import the database breaks off (issue 20: every file reaches a verdict, nothing is
 * half-written, a retry is safe), on a database of its own: the import's connections are
 * terminated while it streams (as a PostgreSQL restart does), the snapshot is FAILED with a reason
 * that quotes nothing of the file, its tables are gone and the current register is untouched;
 * running it again imports it whole.
 */
import { createWriteStream, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStore } from '../../libs/files/store';
import { EXTRACT_FIELD_NAMES } from '../../libs/register/extract-format';
import { beginRegisterSnapshot, runRegisterSnapshotImport } from '../../libs/db/register/snapshot-import';
import { INITIAL_SNAPSHOT_ID, registerFactPartition, registerVoterPartition } from '../../libs/db/register/snapshots';
import { demoRegister } from '../../libs/synthetic/demo';
import { extractLine, generatedExtractRows, type ExtractDistrict } from '../../libs/synthetic/register-extract';
import { useOwnDatabase } from '../support/own-database';

const db = useOwnDatabase('register_failure');
const ROWS = 150_000;
let dir = '';
let path = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tizim-register-failure-'));
  path = join(dir, 'register.csv');
  const demo = demoRegister();
  const districts: ExtractDistrict[] = demo.districts.map((d) => ({
    id: d.id,
    regionCode: d.regionCode,
    locality: d.locality,
    stations: demo.stations.filter((s) => s.districtId === d.id).map((s) => s.number),
  }));
  const out = createWriteStream(path);
  out.write(`${EXTRACT_FIELD_NAMES.join(';')}\r\n`);
  for (const r of generatedExtractRows(4242, '2027-01-01', districts, ROWS)) {
    if (!out.write(`${extractLine(r)}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
});

const q = async <R extends Record<string, unknown>>(sql: string, values: unknown[] = []) =>
  (await db.pool.query<R>(sql, values)).rows;

it('marks the snapshot FAILED when the database breaks the import off, leaves nothing half-written, and imports it whole when run again', async () => {
  const store = new FileStore(join(dir, 'store'));
  const begun = await beginRegisterSnapshot(db.pool, store, {
    path,
    fileName: 'register.csv',
    asOf: '2027-01-01',
    actor: 'test-admin',
  });
  let terminated = 0;
  const failed = runRegisterSnapshotImport(db.pool, store, begun.snapshotId, {
    keep: 2,
    onProgress: () => {
      if (terminated > 0) return;
      terminated = 1;
      // As a restart of PostgreSQL does to the sessions writing the snapshot.
      void db.pool.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'COPY register_%'",
      );
    },
  });
  await expect(failed).rejects.toBeDefined();
  expect(terminated).toBe(1);

  const [snapshot] = await q<{ status: string; failure: string | null }>(
    'SELECT status::text AS status, failure FROM register_snapshot WHERE id = $1',
    [begun.snapshotId],
  );
  expect(snapshot.status).toBe('FAILED');
  // However the loss reaches the driver first (the server's notice, a reset socket, a write to it).
  expect(snapshot.failure).toMatch(
    /^the database was restarted or shut down during the import \(PostgreSQL error 57P01\)$|^the connection to the database was lost during the import \((ECONNRESET|EPIPE)\)$|^the database connection failed/,
  );
  expect(snapshot.failure).not.toMatch(/\d{12}/);
  const tables = await q<{ relname: string }>('SELECT relname FROM pg_class WHERE relname = ANY($1)', [
    [registerVoterPartition(begun.snapshotId), registerFactPartition(begun.snapshotId)],
  ]);
  expect(tables).toEqual([]);
  const [current] = await q<{ id: string }>("SELECT id::text AS id FROM register_snapshot WHERE status = 'CURRENT'");
  expect(current.id).toBe(INITIAL_SNAPSHOT_ID);

  // Run again (the worker's retry, the admin's command): from the start, whole.
  const again = await runRegisterSnapshotImport(db.pool, store, begun.snapshotId, { keep: 2 });
  expect(again).toMatchObject({ status: 'CURRENT', rowsRead: ROWS, rowsAccepted: ROWS - again.rowsHeldBack });
  const [{ n }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM register_voter WHERE snapshot_id = $1', [
    begun.snapshotId,
  ]);
  expect(n).toBe(again.rowsAccepted);
  expect(n).toBeGreaterThan(ROWS * 0.9);
});
