/**
 * Benchmark of the voter file import (npm run bench:import): Appendix 1 CSV files of 300,000 and
 * 1,500,000 rows through the worker's import step (read the bytes, check every record, COPY into
 * the submission's partition, index and attach it, in one transaction), each in a process of its
 * own so its peak memory is its own; beside, in the same run and on the same server, a raw COPY of
 * the same bytes into a temporary table of text columns (no WAL, no index: the floor the issue
 * names) and into an ordinary table of text columns (WAL-logged, as staged records must be to
 * survive a crash). Then a file of the same size with a record problem in one row of a hundred
 * (the rewrite path), and the same rows as an MS Access .mdb (written by libs/files/jet4).
 *
 *   npm run bench:import                     300,000 and 1,500,000 rows
 *   npm run bench:import -- 50000 200000     other sizes
 *
 * PostgreSQL: DATABASE_URL's server if set, else the project's own cluster in .local/bench (port
 * TIZIM_BENCH_PG_PORT or 55434), a fresh database each run.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createPrismaClient } from '../libs/db/prisma';
import { APPENDIX1_FIELD_NAMES } from '../libs/files/appendix1';
import { writeAppendix1Mdb } from '../libs/files/jet4';
import { receiveFile } from '../libs/db/files/received';
import { FileStore } from '../libs/files/store';
import { importReceivedVoterFile } from '../libs/db/files/voter-import';
import { loadTerritory } from '../libs/db/synthetic/load';
import { appendix1AccessRow, appendix1Fields, voterFile, type ScenarioSpec } from '../libs/synthetic/scenario';
import { LOCAL_DIR, startLocalPostgres } from './lib/services';
import { migrateDeploy } from './migrate';

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (line: string) => process.stdout.write(`${line}\n`);

/** A district of `rows` voters; its people come from as many generator slots as they need. */
function spec(rows: number): ScenarioSpec {
  const parts = Math.ceil(rows / 500_000);
  const districts = Array.from({ length: parts }, (_, p) => {
    const n = Math.min(500_000, rows - p * 500_000);
    const stations = Array.from({ length: Math.ceil(n / 1500) }, (_, k) => Math.min(1500, n - k * 1500));
    return { id: `imp-${rows}-${p}`, nameRu: 'Район', nameKk: 'Аудан', locality: 'Павлодар', slot: p, stations };
  });
  return {
    seed: 9,
    referenceDate: '2027-01-04',
    period: '2027-01',
    regions: [{ code: '55', stationBase: 0, districts }],
  };
}

/**
 * Writes the generated voters as one Appendix 1 CSV (;-separated, UTF-8), Cod 1..n; with
 * `broken`, one record in a hundred has a problem the intake stages (a placeholder, a wrong IIN
 * check digit, a date of change without a flag, Latin M/F to normalise, by turns).
 */
async function writeCsv(path: string, s: ScenarioSpec, broken = false): Promise<number> {
  const out = createWriteStream(path);
  let n = 0;
  let batch = `${APPENDIX1_FIELD_NAMES.join(';')}\r\n`;
  const rows = function* () {
    for (const d of s.regions[0].districts) yield* voterFile(s, d.id);
  };
  for (const r of rows()) {
    const v = appendix1Fields({ ...r, cod: n + 1 });
    if (broken && n % 100 === 7) {
      const kind = ((n / 100) % 4) | 0;
      if (kind === 0) v.Korpus = '-';
      else if (kind === 1) v.Cod_izber = v.Cod_izber.slice(0, 11) + String((Number(v.Cod_izber[11]) + 1) % 10);
      else if (kind === 2) v.Dopol3 = '2026-12-01';
      else v.mal = v.mal === 'М' ? 'M' : 'F';
    }
    batch += `${APPENDIX1_FIELD_NAMES.map((f) => v[f] ?? '').join(';')}\r\n`;
    n += 1;
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
  return n;
}

/** Writes the same voters as an Appendix 1 Access database (.mdb). */
function writeMdb(path: string, s: ScenarioSpec): void {
  let n = 0;
  const rows = function* () {
    for (const d of s.regions[0].districts)
      for (const r of voterFile(s, d.id)) yield appendix1AccessRow({ ...r, cod: ++n });
  };
  writeFileSync(path, writeAppendix1Mdb(rows()));
}

/** Peak RSS of this process while `work` runs, sampled every 100 ms. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const t0 = process.hrtime.bigint();
  try {
    const value = await work();
    return {
      value,
      seconds: Number(process.hrtime.bigint() - t0) / 1e9,
      peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
    };
  } finally {
    clearInterval(timer);
  }
}

/** Runs this script in a child process with `args`; resolves with what the child sent, if anything. */
async function inChild<T>(args: string[]): Promise<T | undefined> {
  const child = fork(__filename, args, { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  let message: T | undefined;
  child.on('message', (m) => {
    message = m as T;
  });
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`${args[0]} ${args[1]} failed`);
  return message;
}

/** Generates a file in a child process, so the files' generation does not count in the importer's memory. */
async function generated(path: string, rows: number, format: 'csv' | 'broken-csv' | 'mdb' = 'csv'): Promise<number> {
  await inChild([{ csv: '--write', 'broken-csv': '--write-broken', mdb: '--write-mdb' }[format], path, String(rows)]);
  return rows;
}

interface ChildImport {
  status: string;
  seconds: number;
  peakMb: number;
  receiveSeconds: number;
  rowsWithProblems: number;
}

/** The importer on one file in a fresh process: its peak RSS is the import's alone. */
async function importInChild(url: string, path: string, rows: number): Promise<ChildImport> {
  const result = await inChild<ChildImport>(['--import', path, String(rows), url]);
  if (!result) throw new Error(`the import of ${path} reported nothing`);
  return result;
}

async function childImport(path: string, rows: number, url: string): Promise<void> {
  const s = spec(rows);
  const client = new Client({ connectionString: url });
  await client.connect();
  const prisma = createPrismaClient(url, { maxConnections: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'tizim-bench-import-child-'));
  try {
    const store = new FileStore(join(dir, 'store'));
    const fileId = randomUUID();
    // Receiving (the API's part: the upload kept by SHA-256 and recorded) is timed on its own.
    const received = await measured(() =>
      receiveFile(prisma, store, {
        fileId,
        path,
        fileName: path.split('/').pop()!,
        period: s.period,
        regionCode: '55',
        districtId: s.regions[0].districts[0].id,
        uploadedBy: 'bench',
        receivedAt: RECEIVED_AT,
      }),
    );
    const run = await measured(() => importReceivedVoterFile(client, store, fileId, {}));
    if (run.value.status !== 'ACCEPTED')
      throw new Error(`the generated file was refused: ${JSON.stringify(run.value.report.problems.slice(0, 3))}`);
    process.send!({
      status: run.value.status,
      seconds: run.seconds,
      peakMb: run.peakMb,
      receiveSeconds: received.seconds,
      rowsWithProblems: run.value.rowsWithProblems ?? 0,
    } satisfies ChildImport);
  } finally {
    await client.end();
    await prisma.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** When the bench's files are received: two days before the reference date, as a file sent by 1 January is. */
const RECEIVED_AT = '2027-01-02T05:00:00Z';

/** A raw COPY of the file's bytes into a table of 26 text columns (temporary, or an ordinary logged one). */
async function rawCopy(client: Client, path: string, table: string, logged: boolean): Promise<{ seconds: number }> {
  await client.query(
    `CREATE ${logged ? '' : 'TEMP '}TABLE ${table} (${APPENDIX1_FIELD_NAMES.map((f) => `"${f}" text`).join(', ')})`,
  );
  const run = await measured(async () => {
    const sink = client.query(copyFrom(`COPY ${table} FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')`));
    await pipeline(createReadStream(path), sink);
  });
  await client.query(`DROP TABLE ${table}`);
  return run;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--write') {
    await writeCsv(process.argv[3], spec(Number(process.argv[4])));
    return;
  }
  if (process.argv[2] === '--write-broken') {
    await writeCsv(process.argv[3], spec(Number(process.argv[4])), true);
    return;
  }
  if (process.argv[2] === '--write-mdb') {
    writeMdb(process.argv[3], spec(Number(process.argv[4])));
    return;
  }
  if (process.argv[2] === '--import') {
    await childImport(process.argv[3], Number(process.argv[4]), process.argv[5]);
    return;
  }
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const rowsList = sizes.length ? sizes : [300_000, 1_500_000];
  let server = process.env.DATABASE_URL;
  if (!server)
    server = (
      await startLocalPostgres(
        join(LOCAL_DIR, 'bench', 'postgres', 'data'),
        Number(process.env.TIZIM_BENCH_PG_PORT ?? 55434),
      )
    ).url;
  const url = new URL(server);
  url.pathname = `/tizim_bench_import_${Date.now().toString(36)}`;
  await migrateDeploy(url.toString());
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  const dir = mkdtempSync(join(tmpdir(), 'tizim-bench-import-'));
  log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, ${osType()} ${release()}; Node ${process.version}; PostgreSQL ${version} (default settings)`,
  );
  try {
    for (const rows of rowsList) {
      const s = spec(rows);
      await loadTerritory(client, s);
      const path = join(dir, `izbirateli_${rows}.csv`);
      const written = await generated(path, rows);
      const mb = statSync(path).size / 2 ** 20;

      // The baselines first, the same bytes straight into text columns by COPY: no checks, no index.
      // Each is run twice and the faster kept (the first also warms the file into the page cache);
      // the import is run twice too, each time in a fresh process, and the faster kept.
      const fastest = async <T extends { seconds: number }>(run: () => Promise<T>): Promise<T> => {
        const a = await run();
        const b = await run();
        return a.seconds <= b.seconds ? a : b;
      };
      const temp = await fastest(() => rawCopy(client, path, `raw_temp_${rows}`, false));
      const logged = await fastest(() => rawCopy(client, path, `raw_logged_${rows}`, true));
      const clean = await fastest(() => importInChild(url.toString(), path, rows));
      const ratio = (x: number) =>
        `${fmt(x / temp.seconds, 2)}x the temporary-table COPY, ${fmt(x / logged.seconds, 2)}x the logged COPY`;
      log(
        `${fmt(written)} rows (${fmt(mb, 1)} MB CSV, clean): import ${fmt(clean.seconds, 2)} s, ${fmt(written / clean.seconds)} rows/s, peak RSS ${fmt(clean.peakMb)} MB; ${ratio(clean.seconds)}`,
      );
      log(
        `    baselines: raw COPY into a temporary table ${fmt(temp.seconds, 2)} s (${fmt(written / temp.seconds)} rows/s); into a logged table ${fmt(logged.seconds, 2)} s (${fmt(written / logged.seconds)} rows/s); receiving the upload (SHA-256, kept, recorded) ${fmt(clean.receiveSeconds, 2)} s`,
      );
      rmSync(path);

      const brokenPath = join(dir, `izbirateli_${rows}_broken.csv`);
      await generated(brokenPath, rows, 'broken-csv');
      const broken = await fastest(() => importInChild(url.toString(), brokenPath, rows));
      log(
        `${fmt(written)} rows (CSV, a record problem in 1 row of 100: ${fmt(broken.rowsWithProblems)} staged with problems): import ${fmt(broken.seconds, 2)} s, ${fmt(written / broken.seconds)} rows/s, peak RSS ${fmt(broken.peakMb)} MB; ${ratio(broken.seconds)}`,
      );
      rmSync(brokenPath);

      const mdbPath = join(dir, `izbirateli_${rows}.mdb`);
      await generated(mdbPath, rows, 'mdb');
      const mdbMb = statSync(mdbPath).size / 2 ** 20;
      const mdb = await importInChild(url.toString(), mdbPath, rows);
      log(
        `${fmt(written)} rows (${fmt(mdbMb, 1)} MB Access .mdb): import ${fmt(mdb.seconds, 2)} s, ${fmt(written / mdb.seconds)} rows/s, ` +
          `peak RSS ${fmt(mdb.peakMb)} MB (read page by page from the file; bound 300 MB whatever its size: ${mdb.peakMb <= 300 ? 'within' : 'OVER'}); ${ratio(mdb.seconds)}`,
      );
      rmSync(mdbPath);
    }
  } finally {
    await client.end();
    rmSync(dir, { recursive: true, force: true });
    const admin = new Client({ connectionString: new URL('/postgres', server).toString() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${url.pathname.slice(1)}`);
    await admin.end();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`bench:import failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
