/**
 * The database roles of deploy/postgres/roles.sql (issue 24, ASVS 1.2.2, 4.1.3, 7.3.3), on the real
 * PostgreSQL: a database of the suite's own gets the roles (applied with psql, as a DBA does),
 * is migrated as the migration role, and each application role is held to what it needs. Roles
 * are cluster-wide and the local cluster is shared by parallel runs: every role name here carries
 * this run's suffix (the script's `suffix` variable), and the roles are dropped afterwards.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Client, Pool } from 'pg';
import { FileStore } from '../../libs/files/store';
import { importRegisterSnapshot } from '../../libs/db/register/snapshot-import';
import { registerFactPartition, registerVoterPartition } from '../../libs/db/register/snapshots';
import { demoExtractRows, extractCsv } from '../../libs/synthetic/register-extract';
import { AS_OF } from '../support/register-extract-cases';
import { copyRows } from '../../libs/db/copy';
import { createVoterPartition, voterPartitionName } from '../../libs/db/voter-partitions';
import { ensureDatabase, dropDatabase } from '../../scripts/migrate';
import { ROOT } from '../../scripts/lib/paths';
import { createOwnDatabase, loadDemoTerritory, ownDatabaseUrl } from '../support/own-database';
import { demoRegister } from '../../libs/synthetic/demo';

const suffix = `_t${randomBytes(4).toString('hex')}`;
const role = {
  owner: `tizim_owner${suffix}`,
  partitions: `tizim_partition_owner${suffix}`,
  migrate: `tizim_migrate${suffix}`,
  api: `tizim_api${suffix}`,
  worker: `tizim_worker${suffix}`,
  temporal: `temporal${suffix}`,
};
const ROLES_SQL = join(ROOT, 'deploy', 'postgres', 'roles.sql');

let url: string;
/** The database's URL as `user` (the local cluster trusts its clients: the password is not checked). */
const as = (user: string): string => {
  const u = new URL(url);
  u.username = user;
  u.password = 'unused-here';
  return u.toString();
};

async function applyRoles(): Promise<void> {
  await promisify(execFile)(
    'psql',
    [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-v',
      `suffix=${suffix}`,
      '-v',
      'temporal_databases=off',
      ...['migrate', 'api', 'worker', 'temporal'].flatMap((r) => ['-v', `${r}_password=pw-${r}-${suffix}`]),
      '-d',
      url,
      '-f',
      ROLES_SQL,
    ],
    { cwd: ROOT, timeout: 60_000 },
  );
}

async function connect(user: string): Promise<Client> {
  const client = new Client({ connectionString: as(user) });
  await client.connect();
  return client;
}

/** The error `sql` ends with (null if it succeeded), in a transaction rolled back whatever happens. */
async function refusal(client: Client, sql: string, params: unknown[] = []): Promise<{ code?: string } | null> {
  await client.query('BEGIN');
  try {
    await client.query(sql, params);
    return null;
  } catch (err) {
    return { code: (err as { code?: string }).code };
  } finally {
    await client.query('ROLLBACK');
  }
}

let api: Client;
let worker: Client;

beforeAll(async () => {
  url = ownDatabaseUrl('roles');
  await ensureDatabase(url);
  await applyRoles();
  // Twice: the script is idempotent (a DBA re-runs it to rotate passwords or after an upgrade).
  await applyRoles();
  await createOwnDatabase(as(role.migrate));
  await loadDemoTerritory(url);
  api = await connect(role.api);
  worker = await connect(role.worker);
}, 240_000);

afterAll(async () => {
  await api?.end();
  await worker?.end();
  if (url) await dropDatabase(url);
  const server = new URL(url);
  server.pathname = '/postgres';
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    for (const name of [role.api, role.worker, role.temporal, role.migrate, role.partitions, role.owner])
      await admin.query(`DROP ROLE IF EXISTS "${name}"`);
  } finally {
    await admin.end();
  }
});

describe('the database roles', () => {
  it('gives no application role superuser, role or database creation', async () => {
    const admin = await connect(new URL(url).username || 'postgres');
    try {
      const { rows } = await admin.query<{ rolname: string; super: boolean; createrole: boolean; createdb: boolean }>(
        'SELECT rolname, rolsuper AS super, rolcreaterole AS createrole, rolcreatedb AS createdb FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname',
        [Object.values(role)],
      );
      expect(rows.map((r) => r.rolname).sort()).toEqual(Object.values(role).sort());
      for (const r of rows)
        expect({ ...r, super: r.super, createrole: r.createrole, createdb: r.createdb }).toEqual({
          rolname: r.rolname,
          super: false,
          createrole: false,
          createdb: false,
        });
      // The migrations ran as the migration role, their tables owned by the owner role.
      const owner = await admin.query<{ tableowner: string }>(
        "SELECT tableowner FROM pg_tables WHERE tablename IN ('audit_event', '_prisma_migrations')",
      );
      expect(owner.rows.map((r) => r.tableowner)).toEqual([role.owner, role.owner]);
    } finally {
      await admin.end();
    }
    expect((await api.query('SELECT current_setting($1) AS s', ['is_superuser'])).rows[0]).toEqual({ s: 'off' });
  });

  it('lets the API write and read the audit trail but never change, delete or empty it', async () => {
    const { rows } = await api.query<{ id: string }>(
      "INSERT INTO audit_event (actor, action, subject_type, subject_id, reason) VALUES ('test', 'roles.probe', 'probe', 'probe-1', 'written once') RETURNING id",
    );
    const id = rows[0]!.id;
    expect((await api.query('SELECT reason FROM audit_event WHERE id = $1', [id])).rows).toEqual([
      { reason: 'written once' },
    ]);
    // 42501: refused by the privileges themselves (the triggers would say so too, but are not needed).
    expect(await refusal(api, "UPDATE audit_event SET reason = 'x' WHERE id = $1", [id])).toEqual({ code: '42501' });
    expect(await refusal(api, 'DELETE FROM audit_event WHERE id = $1', [id])).toEqual({ code: '42501' });
    expect(await refusal(api, 'TRUNCATE audit_event')).toEqual({ code: '42501' });
    expect(await refusal(worker, 'DELETE FROM audit_event WHERE id = $1', [id])).toEqual({ code: '42501' });
    const grants = await api.query<{ privilege_type: string }>(
      "SELECT privilege_type FROM information_schema.role_table_grants WHERE table_name = 'audit_event' AND grantee = $1 ORDER BY 1",
      [role.api],
    );
    expect(grants.rows.map((r) => r.privilege_type)).toEqual(['INSERT', 'SELECT']);
  });

  it('refuses the API any DDL: no table created, altered or dropped', async () => {
    expect(await refusal(api, 'CREATE TABLE probe (id int)')).toEqual({ code: '42501' });
    expect(await refusal(api, 'ALTER TABLE audit_event DISABLE TRIGGER USER')).toEqual({ code: '42501' });
    expect(await refusal(api, 'DROP TABLE audit_event')).toEqual({ code: '42501' });
    expect(await refusal(api, 'TRUNCATE region CASCADE')).toEqual({ code: '42501' });
    // Ordinary work still goes: the reconciliation's temporary tables.
    expect(await refusal(api, 'CREATE TEMP TABLE probe_tmp ON COMMIT DROP AS SELECT 1 AS one')).toBeNull();
  });

  it('lets the worker stage a voter file by COPY, attach it, and create and remove partitions, and no more', async () => {
    const district = demoRegister().districts[0]!;
    const submissionId = randomUUID();
    const table = voterPartitionName(submissionId);
    // As libs/db/files/voter-import.ts does: a table of the submission's own, filled by COPY, attached.
    await worker.query('BEGIN');
    await worker.query(
      `INSERT INTO voter_submission (id, period, region_code, district_id, voter_file, station_file, voter_records, station_records, received_at)
       VALUES ($1, '2026-12', $2, $3, 'probe.csv', '', 0, 0, now())`,
      [submissionId, district.regionCode, district.id],
    );
    await worker.query(
      `CREATE TABLE ${table} (LIKE voter_file_record INCLUDING DEFAULTS, CHECK (submission_id = '${submissionId}'::uuid))`,
    );
    await worker.query(`ALTER TABLE ${table} ALTER COLUMN submission_id SET DEFAULT '${submissionId}'::uuid`);
    const written = await copyRows(
      worker,
      table,
      ['row', 'surname'],
      [
        [1, 'Probe'],
        [2, 'Probe'],
      ],
    );
    expect(written).toBe(2);
    await worker.query(`ALTER TABLE ${table} ALTER COLUMN submission_id DROP DEFAULT`);
    await worker.query(`ALTER TABLE voter_file_record ATTACH PARTITION ${table} FOR VALUES IN ('${submissionId}')`);
    await worker.query('COMMIT');
    // The API reads the rows through the parent.
    const read = await api.query('SELECT count(*)::int AS n FROM voter_file_record WHERE submission_id = $1', [
      submissionId,
    ]);
    expect(read.rows).toEqual([{ n: 2 }]);

    // The synthetic loader's way (libs/db/voter-partitions.ts), then removal.
    const other = randomUUID();
    await worker.query(
      `INSERT INTO voter_submission (id, period, region_code, district_id, voter_file, station_file, voter_records, station_records, received_at)
       VALUES ($1, '2026-12', $2, $3, 'probe2.csv', '', 0, 0, now())`,
      [other, district.regionCode, district.id],
    );
    const created = await createVoterPartition(worker, other);
    await worker.query(`INSERT INTO voter_file_record (submission_id, "row") VALUES ($1, 1)`, [other]);
    await worker.query(`ALTER TABLE voter_file_record DETACH PARTITION ${created}`);
    await worker.query(`DROP TABLE ${created}`);
    await worker.query(`DROP TABLE ${table}`);
    const left = await worker.query('SELECT to_regclass($1) AS a, to_regclass($2) AS b', [table, created]);
    expect(left.rows).toEqual([{ a: null, b: null }]);

    // The register snapshot import's parents are the worker's to partition, too.
    const snapshot = `register_voter_probe${suffix}`;
    await worker.query(`CREATE TABLE ${snapshot} (LIKE register_voter INCLUDING DEFAULTS)`);
    await worker.query(`DROP TABLE ${snapshot}`);

    // Nothing beyond: no tables of the application's schema dropped, the audit trail untouched.
    expect(await refusal(worker, 'DROP TABLE received_file CASCADE')).toEqual({ code: '42501' });
    expect(await refusal(worker, 'ALTER TABLE audit_event DISABLE TRIGGER USER')).toEqual({ code: '42501' });
    expect(await refusal(worker, 'TRUNCATE audit_event')).toEqual({ code: '42501' });
  });

  it('lets the worker import register snapshots (partitions created, attached, detached and dropped by retention)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tizim-roles-'));
    const pool = new Pool({ connectionString: as(role.worker), max: 3 });
    try {
      const store = new FileStore(join(dir, 'store'));
      const rows = demoExtractRows(AS_OF).slice(0, 20);
      const importAs = async (asOf: string) => {
        const path = join(dir, `register-${asOf}.csv`);
        writeFileSync(path, extractCsv(rows));
        return importRegisterSnapshot(pool, store, {
          path,
          fileName: `register-${asOf}.csv`,
          asOf,
          actor: 'test',
          keep: 0,
        });
      };
      const first = await importAs(AS_OF);
      expect(first.status).toBe('CURRENT');
      const second = await importAs('2027-02-01');
      expect(second.status).toBe('CURRENT');
      // keep 0: every superseded snapshot's partitions detached and dropped, the first's among them.
      expect(second.dropped).toContain(first.version);
      const left = await pool.query('SELECT to_regclass($1) AS v, to_regclass($2) AS f', [
        registerVoterPartition(first.snapshotId),
        registerFactPartition(first.snapshotId),
      ]);
      expect(left.rows).toEqual([{ v: null, f: null }]);
    } finally {
      await pool.end();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("deploys again over the worker's partitions (the migrate command's part is idempotent)", async () => {
    await createOwnDatabase(as(role.migrate));
    const { rows } = await worker.query<{ owner: string }>(
      "SELECT relowner::regrole::text AS owner FROM pg_class WHERE relname IN ('voter_file_record', 'register_voter', 'register_status_fact')",
    );
    expect(rows.map((r) => r.owner)).toEqual([role.partitions, role.partitions, role.partitions]);
  });

  it("keeps Temporal's role out of Tizim's database", async () => {
    const refused = await connect(role.temporal).then(
      async (c) => {
        // Were it let in, it still reads nothing.
        const r = await refusal(c, 'SELECT count(*) FROM audit_event');
        await c.end();
        return r;
      },
      (err: { code?: string }) => ({ code: err.code }),
    );
    expect(refused).toEqual({ code: '42501' });
  });
});
