/**
 * Register snapshots (issue 20): the central register as the CEC hands it over from AIS
 * «Сайлау», one snapshot per extract. A snapshot's people and status facts are partitions of
 * register_voter and register_status_fact, written while the snapshot is IMPORTING (invisible to
 * every reader, which names the CURRENT snapshot) and attached when it is complete; it becomes
 * current in one transaction. A reconciliation resolves the current snapshot once, when it
 * starts, and reads only that one's partitions, so a snapshot made current meanwhile does not
 * change a run under way.
 */
import type { ClientBase } from 'pg';
import { CONTAINED_EVENTS_SQL } from './effective';
import type { RegisterPin } from '../../register/pin';

export type { RegisterPin };

/** Version 0: the register as loaded before snapshots (the demo seed, the synthetic loader, tests); the column default. */
export const INITIAL_SNAPSHOT_ID = '00000000-0000-4000-8000-000000000000';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function compact(snapshotId: string): string {
  if (!UUID.test(snapshotId)) throw new TypeError(`a snapshot id is a UUID, got "${snapshotId}"`);
  return snapshotId.replaceAll('-', '').toLowerCase();
}

/** The snapshot's partition of register_voter (an identifier built from a checked UUID, never from input text). */
export const registerVoterPartition = (snapshotId: string): string => `register_voter_s${compact(snapshotId)}`;
/** The snapshot's partition of register_status_fact. */
export const registerFactPartition = (snapshotId: string): string => `register_status_fact_s${compact(snapshotId)}`;

export class NoCurrentSnapshotError extends Error {
  constructor() {
    super(
      "no register snapshot is current: import the CEC's register extract first (npm run register:import -- FILE --as-of YYYY-MM-DD)",
    );
    this.name = 'NoCurrentSnapshotError';
  }
}

interface Queryable {
  query<R extends object = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: R[] }>;
}
interface RawQueryable {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
}
type Db = Queryable | RawQueryable | ClientBase;

async function rows<R>(db: Db, sql: string, values: unknown[] = []): Promise<R[]> {
  if ('$queryRawUnsafe' in db) return db.$queryRawUnsafe<R[]>(sql, ...values);
  return (await (db as Queryable).query(sql, values)).rows as R[];
}

const PIN_SQL = `
SELECT s.id::text AS snapshot_id, s.version, to_char(s.as_of, 'YYYY-MM-DD') AS as_of, s.sha256,
       coalesce((SELECT max(seq) FROM register_event), 0)::bigint::text AS watermark
  FROM register_snapshot s WHERE s.status = 'CURRENT'`;

/** The current snapshot and the last event received: what a run started now is judged against. */
export async function currentPin(db: Db): Promise<RegisterPin> {
  const [r] = await rows<{
    snapshot_id: string;
    version: number;
    as_of: string;
    sha256: string | null;
    watermark: string;
  }>(db, PIN_SQL);
  if (!r) throw new NoCurrentSnapshotError();
  return {
    snapshotId: r.snapshot_id,
    version: r.version,
    asOf: r.as_of,
    sha256: r.sha256,
    eventWatermark: Number(r.watermark),
  };
}

/** A pin recorded earlier (a run's), to judge again against exactly the same register. */
export async function pinOf(db: Db, snapshotId: string, eventWatermark: number): Promise<RegisterPin> {
  const [r] = await rows<{
    snapshot_id: string;
    version: number;
    as_of: string;
    sha256: string | null;
    purged: boolean;
  }>(
    db,
    `SELECT id::text AS snapshot_id, version, to_char(as_of, 'YYYY-MM-DD') AS as_of, sha256, purged_at IS NOT NULL AS purged
       FROM register_snapshot WHERE id = $1::uuid`,
    [snapshotId],
  );
  if (!r) throw new Error(`register snapshot ${snapshotId} is not on record`);
  if (r.purged)
    throw new Error(
      `register snapshot v${r.version} (as of ${r.as_of}) was dropped by the retention setting: import its file again to judge against it`,
    );
  return { snapshotId: r.snapshot_id, version: r.version, asOf: r.as_of, sha256: r.sha256, eventWatermark };
}

/**
 * Makes an attached, complete snapshot current, in the caller's transaction: the current one
 * becomes SUPERSEDED, and the events this snapshot already holds are marked as contained in it
 * (libs/db/register/effective.ts decides the same way what to overlay).
 */
export async function makeCurrent(client: ClientBase, snapshotId: string): Promise<void> {
  await client.query(
    `UPDATE register_snapshot SET status = 'SUPERSEDED', superseded_at = now() WHERE status = 'CURRENT' AND id <> $1::uuid`,
    [snapshotId],
  );
  const { rowCount } = await client.query(
    `UPDATE register_snapshot SET status = 'CURRENT', activated_at = now() WHERE id = $1::uuid AND status = 'IMPORTING'`,
    [snapshotId],
  );
  if (rowCount !== 1)
    throw new Error(`register snapshot ${snapshotId} is not being imported: it cannot become current`);
  await client.query(CONTAINED_EVENTS_SQL, [snapshotId]);
}

/**
 * The retention setting: keeps the current snapshot and the `keep` newest superseded ones, and
 * drops the partitions of the rest (their records stay, marked purged, so the runs still name
 * them). Returns the versions dropped. Run it outside a transaction, after the new snapshot's
 * activation committed: each partition is detached CONCURRENTLY, so readers of the register
 * (a voting-day lookup, another snapshot's reconciliation) are never queued behind the drop.
 */
export async function applyRetention(client: ClientBase, keep: number): Promise<number[]> {
  const { rows: old } = await client.query<{ id: string; version: number }>(
    `SELECT id::text AS id, version FROM register_snapshot
      WHERE status = 'SUPERSEDED' AND purged_at IS NULL
      ORDER BY version DESC OFFSET $1`,
    [Math.max(0, keep)],
  );
  for (const s of old) {
    // Marked first: FOR UPDATE waits for any reconciliation still reading this snapshot (it holds
    // the record FOR KEY SHARE), and one that starts later sees the mark and stops.
    await client.query('BEGIN');
    try {
      await client.query('SELECT id FROM register_snapshot WHERE id = $1::uuid FOR UPDATE', [s.id]);
      await client.query('UPDATE register_snapshot SET purged_at = now() WHERE id = $1::uuid', [s.id]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    for (const [parent, table] of [
      ['register_voter', registerVoterPartition(s.id)],
      ['register_status_fact', registerFactPartition(s.id)],
    ] as const) {
      const {
        rows: [attached],
      } = await client.query<{ pending: boolean }>(
        'SELECT i.inhdetachpending AS pending FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relname = $1',
        [table],
      );
      // A detach interrupted earlier (the process died) is finished, not begun again.
      if (attached)
        await client.query(
          `ALTER TABLE ${parent} DETACH PARTITION ${table} ${attached.pending ? 'FINALIZE' : 'CONCURRENTLY'}`,
        );
      await client.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
  return old.map((s) => s.version);
}
