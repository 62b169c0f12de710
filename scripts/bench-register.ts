/**
 * Benchmark of the register extract import (npm run bench:register): a generated extract of N rows
 * (12,500,000 by default, the size of Kazakhstan's register; --rows to change) written streaming
 * to a temporary file, then in the same run and on the same server: a raw COPY of the same bytes
 * into a table of text columns (temporary and unlogged: no WAL; and an ordinary logged one), the
 * floor; and the full importer (libs/db/register/snapshot-import.ts) in a process of its own, so its
 * peak memory (process.resourceUsage().maxRSS) is the import's alone.
 *
 *   npm run bench:register
 *   npm run bench:register -- --rows 1000000
 *
 * PostgreSQL: DATABASE_URL (a scratch database: the snapshot imported becomes its current register).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, release, tmpdir, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client, Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { FileStore } from '../libs/files/store';
import { EXTRACT_FIELD_NAMES } from '../libs/register/extract-format';
import {
  beginRegisterSnapshot,
  runRegisterSnapshotImport,
  type RegisterImportOutcome,
} from '../libs/db/register/snapshot-import';
import { extractLine, generatedExtractRows, type ExtractDistrict } from '../libs/synthetic/register-extract';
import { REGIONS } from '../libs/territory/regions';

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (line: string) => process.stdout.write(`${line}\n`);
const AS_OF = '2027-01-01';
const DISTRICTS_PER_REGION = 5;
const STATIONS_PER_DISTRICT = 40;

/** The bench's territory: five districts per region, forty stations each. */
function districts(): ExtractDistrict[] {
  return REGIONS.flatMap((r) =>
    Array.from({ length: DISTRICTS_PER_REGION }, (_, k) => ({
      id: `${r.code}${String(k + 51).padStart(2, '0')}`,
      regionCode: r.code,
      locality: 'Бенчмарк',
      stations: Array.from({ length: STATIONS_PER_DISTRICT }, (_, s) => 9000 + k * STATIONS_PER_DISTRICT + s),
    })),
  );
}

async function loadTerritory(client: Client): Promise<void> {
  for (const r of REGIONS) {
    await client.query(
      'INSERT INTO region (code, name_ru, name_kk, kind) VALUES ($1, $2, $3, $4::region_kind) ON CONFLICT (code) DO NOTHING',
      [r.code, r.nameRu, r.nameKk, r.kind],
    );
  }
  for (const d of districts()) {
    await client.query(
      'INSERT INTO district (id, region_code, name_ru, name_kk) VALUES ($1, $2, $3, $3) ON CONFLICT (id) DO NOTHING',
      [d.id, d.regionCode, `Район ${d.id}`],
    );
    await client.query(
      `INSERT INTO polling_station (id, region_code, district_id, number, premises, locality)
       SELECT gen_random_uuid(), $1, $2, n, 'Школа', 'Бенчмарк' FROM unnest($3::int[]) n ON CONFLICT (region_code, number) DO NOTHING`,
      [d.regionCode, d.id, d.stations],
    );
  }
}

/** Writes the extract (UTF-8, ';', CRLF), streaming. */
async function writeExtract(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let batch = `${EXTRACT_FIELD_NAMES.join(';')}\r\n`;
  for (const r of generatedExtractRows(20270101, AS_OF, districts(), rows)) {
    batch += `${extractLine(r)}\r\n`;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

interface ChildResult {
  keepSeconds: number;
  importSeconds: number;
  maxRssMb: number;
  status: string;
  accepted: number;
  heldBack: number;
  steps: RegisterImportOutcome['seconds'];
}

async function inChild<T>(args: string[]): Promise<T | undefined> {
  const child = fork(__filename, args, { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  let message: T | undefined;
  child.on('message', (m) => {
    message = m as T;
  });
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`${args[0]} failed`);
  return message;
}

async function childImport(path: string, url: string, storeDir: string): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 4 });
  const store = new FileStore(storeDir);
  try {
    const t0 = process.hrtime.bigint();
    // Step 1 (the API's part for an upload): the original kept by SHA-256, the snapshot recorded.
    const begun = await beginRegisterSnapshot(pool, store, {
      path,
      fileName: 'bench.csv',
      asOf: AS_OF,
      actor: 'bench',
    });
    const t1 = process.hrtime.bigint();
    const out = await runRegisterSnapshotImport(pool, store, begun.snapshotId, { keep: 0 });
    const t2 = process.hrtime.bigint();
    process.send!({
      keepSeconds: Number(t1 - t0) / 1e9,
      importSeconds: Number(t2 - t1) / 1e9,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      status: out.status,
      accepted: out.rowsAccepted,
      heldBack: out.rowsHeldBack,
      steps: out.seconds,
    } satisfies ChildResult);
  } finally {
    await pool.end();
  }
}

/** A raw COPY of the file into a table of text columns, one per field. */
async function rawCopy(client: Client, path: string, table: string, kind: 'TEMP' | 'UNLOGGED' | ''): Promise<number> {
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.query(
    `CREATE ${kind} TABLE ${table} (${EXTRACT_FIELD_NAMES.map((f) => `"${f.toLowerCase()}" text`).join(', ')})`,
  );
  const t0 = process.hrtime.bigint();
  await pipeline(
    createReadStream(path, { highWaterMark: 1 << 16 }),
    client.query(copyFrom(`COPY ${table} FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')`)),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await client.query(`DROP TABLE ${table}`);
  return seconds;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--write') return writeExtract(argv[1], Number(argv[2]));
  if (argv[0] === '--import') return childImport(argv[1], argv[2], argv[3]);
  const at = argv.indexOf('--rows');
  const rows = at >= 0 ? Number(argv[at + 1]) : 12_500_000;
  if (!Number.isInteger(rows) || rows < 1) throw new Error('--rows must be a whole number of rows');
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error('DATABASE_URL is not set: name a scratch database (the imported snapshot becomes its register)');
  const client = new Client({ connectionString: url });
  await client.connect();
  const dir = mkdtempSync(join(tmpdir(), 'tizim-bench-register-'));
  try {
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    log(
      `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, ${osType()} ${release()}; Node ${process.version}; PostgreSQL ${version}`,
    );
    await loadTerritory(client);
    const path = join(dir, 'register-extract.csv');
    const g0 = Date.now();
    await inChild(['--write', path, String(rows)]);
    const size = statSync(path).size;
    const mb = size / 2 ** 20;
    log(`extract: ${fmt(rows)} rows, ${fmt(mb, 1)} MB (generated in ${fmt((Date.now() - g0) / 1000, 1)} s)`);

    const temp = await rawCopy(client, path, 'bench_raw_temp', 'TEMP');
    const logged = await rawCopy(client, path, 'bench_raw_logged', '');
    log(
      `baseline: raw COPY into a temporary table of text columns ${fmt(temp, 1)} s (${fmt(rows / temp)} rows/s); into a logged table ${fmt(logged, 1)} s (${fmt(rows / logged)} rows/s)`,
    );

    const r = await inChild<ChildResult>(['--import', path, url, join(dir, 'store')]);
    if (!r) throw new Error('the import reported nothing');
    if (r.status !== 'CURRENT') throw new Error(`the generated extract was ${r.status}`);
    const whole = r.keepSeconds + r.importSeconds;
    log(
      `import: ${fmt(r.accepted)} rows accepted, ${fmt(r.heldBack)} held back; check + COPY + repeated IINs + indexes + attach ${fmt(r.importSeconds, 1)} s ` +
        `(${fmt(rows / r.importSeconds)} rows/s, ${fmt(mb / r.importSeconds, 1)} MB/s): ${fmt(r.importSeconds / temp, 2)}x the temporary-table COPY, ${fmt(r.importSeconds / logged, 2)}x the logged COPY`,
    );
    log(
      `        keeping the original (SHA-256, copied into the store) ${fmt(r.keepSeconds, 1)} s; all together ${fmt(whole, 1)} s, ${fmt(whole / logged, 2)}x the logged COPY`,
    );
    if (r.steps) {
      log(
        `        of which: read, check and COPY ${fmt(r.steps.read, 1)} s; primary key (repeated IINs) ${fmt(r.steps.keys, 1)} s; ` +
          `the other indexes ${fmt(r.steps.indexes, 1)} s; attach and make current ${fmt(r.steps.activate, 1)} s`,
      );
    }
    log(`        peak RSS of the importing process ${fmt(r.maxRssMb)} MB`);
  } finally {
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench:register failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
