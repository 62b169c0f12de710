/**
 * The migration that replaces IINs by their keyed hash (20261207000617_pii_keyed_hashes, the data
 * step of `migrate deploy`, 20261207000618_pii_drop_clear_iins) on a database that holds rows
 * written before it: every row keeps whose it is (the hash under TIZIM_TOKEN_SECRET), no IIN stays
 * but a registration check's not yet in the citizen's cabinet; without the key the command stops
 * naming the tables, and the drop refuses to run when the data step was skipped. And the one that
 * makes a finding name its voter-file record instead of copying the IIN
 * (20261207000619_discrepancy_names_its_record): an old finding's row found by its Cod, and a
 * finding whose IIN its record does not hold stops it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { iinHmac } from '../../libs/auth/iin-hmac';
import { ROOT } from '../../scripts/lib/paths';
import { dropDatabase } from '../../scripts/migrate';
import { ownDatabaseUrl } from '../support/own-database';
import { TS_REQUIRE_HOOK } from '../support/run-ts';

const EXPAND = '20261207000617_pii_keyed_hashes';
const BY_REFERENCE = '20261207000619_discrepancy_names_its_record';
const SECRET = 'migration-test-secret-0123456789abcdef';

/**
 * In a plain Node process (the schema engine is an ES module Jest cannot load): `engine <url>
 * <name>` applies the migrations before `name` (or up to it, with `through`), as a tool without
 * the data step would; `deploy <url>` runs the project's migrate command.
 */
const IN_NODE = `${TS_REQUIRE_HOOK}
const [root, mode, url, name, through] = process.argv.slice(1);
const m = require(root + '/scripts/migrate.ts');
const e = require(root + '/scripts/lib/schema-engine.ts');
(async () => {
  if (mode === 'deploy') return m.migrateDeploy(url, process.env, (line) => console.log(line));
  await m.ensureDatabase(url);
  const session = await e.openSchemaEngine(url, m.SCHEMA_PATH);
  try {
    const all = await e.readMigrationList(m.MIGRATIONS_DIR);
    const at = name ? all.migrationDirectories.findIndex((d) => d.path === name) : all.migrationDirectories.length - 1;
    const list = { ...all, migrationDirectories: all.migrationDirectories.slice(0, through || !name ? at + 1 : at) };
    await session.engine.applyMigrations({ migrationsList: list, filters: e.NO_FILTER });
  } finally {
    await session.close();
  }
})().then(() => process.exit(0), (err) => { console.error(err.message); process.exit(1); });`;

async function inNode(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('TIZIM_TOKEN_SECRET' in env)) delete childEnv.TIZIM_TOKEN_SECRET;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['-e', IN_NODE, ROOT, ...args], {
      cwd: ROOT,
      env: childEnv,
      timeout: 120_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const X = '850301300115';
const Y = '900615400223';

async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** Rows as the code before the migration wrote them: IINs in the clear. */
async function writeOldRows(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query(`INSERT INTO region (code, name_ru, name_kk, kind) VALUES ('71', 'Астана', 'Астана', 'CITY')`);
    await c.query(`INSERT INTO district (id, region_code, name_ru, name_kk) VALUES ('7101', '71', 'р', 'а')`);
    await c.query(
      `INSERT INTO registration_check (id, workflow_id, iin, status, requested_by, notified_at) VALUES
         ('00000000-0000-4000-8000-000000000001', 'registration-check-1', $1, 'FOUND', 'operator', now()),
         ('00000000-0000-4000-8000-000000000002', 'registration-check-2', $2, 'FOUND', 'operator', NULL)`,
      [X, Y],
    );
    await c.query(
      `INSERT INTO egov_cabinet_message (id, delivery_key, recipient_iin, kind, body)
       VALUES (gen_random_uuid(), 'registration-check-completed-1', $1, 'registration-check-completed', 'Проверка')`,
      [X],
    );
    await c.query(
      `INSERT INTO state_fee_payment (id, iin, amount_tenge, paid_at) VALUES (gen_random_uuid(), $1, 1474, now())`,
      [Y],
    );
    await c.query(
      `INSERT INTO property_record (cadastral_number, owner_iin, region_code, district_id, locality)
       VALUES ('21:320:001:1001', $1, '71', '7101', 'Астана')`,
      [X],
    );
  });
}

describe('the keyed-hash migration of the IINs', () => {
  const urls: string[] = [];
  afterAll(async () => {
    if (!process.env.TIZIM_TEST_KEEP_DATABASE) for (const url of urls) await dropDatabase(url);
  });

  it('hashes every IIN written before it under the configured key, and drops the IINs', async () => {
    const url = ownDatabaseUrl('iin_hash');
    urls.push(url);
    expect(await inNode(['engine', url, EXPAND])).toMatchObject({ code: 0 });
    await writeOldRows(url);

    // Without the key nothing is lost: the command stops, naming each table and its rows.
    const keyless = await inNode(['deploy', url]);
    expect(keyless.code).not.toBe(0);
    for (const table of ['registration_check (2 rows)', 'egov_cabinet_message (1 row)', 'state_fee_payment (1 row)'])
      expect(keyless.out).toContain(table);
    expect(keyless.out).toContain('set TIZIM_IIN_HMAC_KEY (or TIZIM_TOKEN_SECRET');
    await withClient(url, async (c) =>
      expect((await c.query('SELECT owner_iin FROM property_record')).rows).toEqual([{ owner_iin: X }]),
    );

    const done = await inNode(['deploy', url], { TIZIM_TOKEN_SECRET: SECRET });
    expect(done).toMatchObject({ code: 0 });
    expect(done.out).toContain(
      'IINs hashed: registration_check 2, egov_cabinet_message 1, state_fee_payment 1, property_record 1',
    );

    const [hx, hy] = [iinHmac(SECRET, X), iinHmac(SECRET, Y)];
    await withClient(url, async (c) => {
      const q = async (sql: string) => (await c.query(sql)).rows;
      expect(await q('SELECT iin, iin_hmac FROM registration_check ORDER BY id')).toEqual([
        { iin: null, iin_hmac: hx }, // in the citizen's cabinet already: the IIN is gone
        { iin: Y, iin_hmac: hy }, // not yet delivered: the IIN stays until it is
      ]);
      expect(await q('SELECT recipient_iin_hmac FROM egov_cabinet_message')).toEqual([{ recipient_iin_hmac: hx }]);
      expect(await q('SELECT iin_hmac FROM state_fee_payment')).toEqual([{ iin_hmac: hy }]);
      expect(await q('SELECT owner_iin_hmac FROM property_record')).toEqual([{ owner_iin_hmac: hx }]);
      const clear = await q(`SELECT table_name, column_name FROM information_schema.columns
                              WHERE table_schema = current_schema()
                                AND (table_name, column_name) IN (('egov_cabinet_message', 'recipient_iin'),
                                     ('state_fee_payment', 'iin'), ('property_record', 'owner_iin'))`);
      expect(clear).toEqual([]);
    });
    // Once applied, a deploy is a no-op and needs no key.
    expect(await inNode(['deploy', url])).toMatchObject({ code: 0 });
  });

  it('refuses to drop the IINs when a tool applied the migrations without the data step', async () => {
    const url = ownDatabaseUrl('iin_hash_skip');
    urls.push(url);
    expect(await inNode(['engine', url, EXPAND])).toMatchObject({ code: 0 });
    await writeOldRows(url);
    const skipped = await inNode(['engine', url]);
    expect(skipped.code).not.toBe(0);
    expect(skipped.out).toMatch(/IINs without their keyed hash in registration_check \(2 rows\)/);
    await withClient(url, async (c) =>
      expect((await c.query('SELECT iin FROM state_fee_payment')).rows).toEqual([{ iin: Y }]),
    );
  });

  it("drops a finding's IIN only where its voter-file record holds the same, naming the row of an old finding by Cod", async () => {
    const url = ownDatabaseUrl('finding_ref');
    urls.push(url);
    expect(await inNode(['engine', url, BY_REFERENCE])).toMatchObject({ code: 0 });
    const [run, submission] = ['00000000-0000-4000-8000-0000000000a1', '00000000-0000-4000-8000-0000000000b1'];
    const finding = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    await withClient(url, async (c) => {
      await c.query(
        `INSERT INTO voter_submission (id, period, region_code, district_id, voter_file, voter_records, received_at)
         VALUES ($1, '2026-07', '71', '7101', 'voters.csv', 2, now())`,
        [submission],
      );
      await c.query(
        `INSERT INTO voter_file_record (submission_id, row, cod, iin) VALUES ($1, 1, 11, $2), ($1, 2, 12, $3)`,
        [submission, X, Y],
      );
      await c.query(
        `INSERT INTO cycle_reconciliation (id, workflow_id, period, district_id, round, discrepancies, result, created_at, submission_id)
         VALUES ($1, 'w', '2026-07', '7101', 1, 2, '{}', now(), $2)`,
        [run, submission],
      );
      // One as the engine writes it now (its row), one from before rows were named (its Cod only).
      await c.query(
        `INSERT INTO reconciliation_discrepancy (run_id, id, category, subcategory, cod, row, iin, evidence) VALUES
           ($1, $2, 1, 'surname', 11, 1, $4, '{}'), ($1, $3, 9, 'deceased', 12, NULL, $5, '{}')`,
        [run, finding(1), finding(2), X, Y],
      );
    });
    expect(await inNode(['deploy', url])).toMatchObject({ code: 0 });
    await withClient(url, async (c) => {
      expect((await c.query('SELECT id::text, row FROM reconciliation_discrepancy ORDER BY id')).rows).toEqual([
        { id: finding(1), row: 1 },
        { id: finding(2), row: 2 },
      ]);
    });
  });

  it("refuses to drop a finding's IIN that its record does not hold", async () => {
    const url = ownDatabaseUrl('finding_ref_bad');
    urls.push(url);
    expect(await inNode(['engine', url, BY_REFERENCE])).toMatchObject({ code: 0 });
    await withClient(url, (c) =>
      c.query(
        `INSERT INTO reconciliation_discrepancy (run_id, id, category, subcategory, cod, row, iin, evidence)
         VALUES (gen_random_uuid(), gen_random_uuid(), 1, 'surname', 11, 1, $1, '{}')`,
        [X],
      ),
    );
    const refused = await inNode(['deploy', url]);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain('Findings whose IIN their voter-file record does not hold: 1');
  });
});
