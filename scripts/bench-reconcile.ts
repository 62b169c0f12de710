/**
 * Benchmark of the reconciliation engine (npm run bench:reconcile): one region's districts
 * against the whole country's register, beside a plain SQL baseline doing the same voter
 * classification in the same run on the same data.
 *
 *   npm run bench:reconcile                        1.5 million voters in the region, 12 million in the register
 *   npm run bench:reconcile -- --region 150000 --register 1200000   a smaller run
 *   options: --districts N (12)  --rate R (share of voters given each kind of discrepancy, 0.0005)
 *            --seed S  --fresh (regenerate the data even when this scale is already loaded)
 *
 * PostgreSQL: DATABASE_URL's server if set, else the project's own cluster in .local/bench
 * (port TIZIM_BENCH_PG_PORT or 55434). The generated data stays in a database named after the
 * scale, so the next run at the same scale measures again without regenerating it.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createPrismaClient } from '../libs/db/prisma';
import { reconcileSubmission, type ReconciliationResult } from '../libs/db/reconciliation/engine';
import { loadRegister, loadSubmission } from '../libs/db/synthetic/load';
import {
  VOTER_INJECTION_KINDS,
  type DistrictSpec,
  type ScenarioSpec,
  type VoterInjection,
} from '../libs/synthetic/scenario';
import { REGIONS } from '../libs/territory/regions';
import { LOCAL_DIR, startLocalPostgres } from './lib/services';
import { migrateDeploy } from './migrate';

interface Options {
  region: number;
  register: number;
  districts: number;
  rate: number;
  seed: number;
  fresh: boolean;
}

function options(argv: string[]): Options {
  const o: Options = { region: 1_500_000, register: 12_000_000, districts: 12, rate: 0.0005, seed: 1, fresh: false };
  for (let i = 0; i < argv.length; i += 1) {
    const key = argv[i].replace(/^--/, '') as keyof Options;
    if (key === 'fresh') {
      o.fresh = true;
      continue;
    }
    if (!(key in o)) throw new Error(`unknown option ${argv[i]}; see the header of scripts/bench-reconcile.ts`);
    const value = Number(argv[++i]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${key} needs a number`);
    (o as unknown as Record<string, number>)[key] = value;
  }
  if (o.register < o.region) throw new Error('--register must be at least --region');
  return o;
}

const TARGET = '55';
const VOTERS_PER_STATION = 1500;

/** Splits `voters` over `districts` districts of stations of about 1,500 voters. */
function districtsOf(
  code: string,
  voters: number,
  districts: number,
  firstSlot: number,
  inject?: DistrictSpec['inject'],
): DistrictSpec[] {
  return Array.from({ length: districts }, (_, d) => {
    const n = Math.floor(voters / districts) + (d < voters % districts ? 1 : 0);
    const stations = Array.from({ length: Math.ceil(n / VOTERS_PER_STATION) }, (_, s) =>
      Math.min(VOTERS_PER_STATION, n - s * VOTERS_PER_STATION),
    );
    return {
      id: `b${code}-${String(d + 1).padStart(2, '0')}`,
      nameRu: `Район ${d + 1}`,
      nameKk: `${d + 1}-аудан`,
      locality: `Пункт ${code}-${d + 1}`,
      slot: firstSlot + d,
      stations,
      inject,
    };
  });
}

function scenario(o: Options): ScenarioSpec {
  const others = REGIONS.filter((r) => r.code !== TARGET);
  const perOther = Math.floor((o.register - o.region) / others.length);
  const districtsPerOther = Math.max(1, Math.ceil(perOther / 600_000));
  let slot = o.districts;
  const inject = Object.fromEntries(VOTER_INJECTION_KINDS.map((k) => [k, o.rate])) as Record<VoterInjection, number>;
  // A slot holds few people turning 18 on one given day (MAX_TURNING_18_PER_DAY): those by count.
  inject['clean-18-on-date'] = inject['c9-under-18-day-after'] = 2;
  return {
    seed: o.seed,
    referenceDate: '2027-01-04',
    period: '2027-01',
    regions: [
      { code: TARGET, stationBase: 0, districts: districtsOf(TARGET, o.region, o.districts, 0, inject) },
      ...others.map((r) => {
        const districts = districtsOf(r.code, perOther, districtsPerOther, slot);
        slot += districtsPerOther;
        return { code: r.code, stationBase: 0, districts };
      }),
    ],
  };
}

/**
 * Resident memory of the PostgreSQL processes on this machine, from /proc: each process's private
 * memory (RssAnon) summed, plus the shared memory (RssShmem) once, as every backend maps the same.
 */
function postgresRssKb(): number {
  let anon = 0;
  let shared = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (!/^Name:\s+postgres/m.test(status)) continue;
      anon += Number(/^RssAnon:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      shared = Math.max(shared, Number(/^RssShmem:\s+(\d+)/m.exec(status)?.[1] ?? 0));
    } catch {
      // the process ended meanwhile
    }
  }
  return anon + shared;
}

/** Peak memory while a phase runs: this process's RSS and PostgreSQL's, sampled every 100 ms. */
function sampler(): { stop(): { nodeMaxMb: number; postgresMaxMb: number } } {
  let pgMax = 0;
  let nodeMax = 0;
  const sample = () => {
    pgMax = Math.max(pgMax, postgresRssKb());
    nodeMax = Math.max(nodeMax, process.memoryUsage().rss / 1024);
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { nodeMaxMb: nodeMax / 1024, postgresMaxMb: pgMax / 1024 };
    },
  };
}

/**
 * The baseline: the voter categories in one plain query over the region's files, counting records
 * per (category, sub-category) with no evidence, no ids and nothing written.
 */
const BASELINE = `
WITH m AS (
  SELECT f.submission_id, s.district_id, s.region_code, f.cod, f.iin, NULLIF(ltrim(btrim(f.station_code), '0'), '') AS station_key,
         f.surname, f.first_name, f.patronymic, f.birth_date, f.document_number, r.iin IS NOT NULL AS found,
         r.surname AS rs, r.first_name AS rf, r.patronymic AS rp, r.birth_date AS rb, r.region_code AS rr, r.district_id AS rd,
         r.document_number AS rdoc, r.document_expires_on AS rexp,
         count(*) OVER (PARTITION BY f.submission_id, f.iin, NULLIF(ltrim(btrim(f.station_code), '0'), '')) AS on_station,
         min(coalesce(NULLIF(ltrim(btrim(f.station_code), '0'), ''), '')) OVER (PARTITION BY f.submission_id, f.iin)
           <> max(coalesce(NULLIF(ltrim(btrim(f.station_code), '0'), ''), '')) OVER (PARTITION BY f.submission_id, f.iin) AS several_stations
    FROM voter_submission s JOIN voter_file_record f ON f.submission_id = s.id AND NOT f.deleted
    LEFT JOIN register_voter r ON r.iin = f.iin::char(12)
   WHERE s.id = ANY($1::uuid[])),
facts AS (
  SELECT DISTINCT m.submission_id, m.cod, x.kind FROM m JOIN register_status_fact x ON x.iin = m.iin::char(12)
   WHERE x.since <= $2::date AND (x.until IS NULL OR x.until > $2::date))
SELECT category, subcategory, count(*)::int AS records FROM (
  SELECT 1 AS category, 'iin-not-in-register' AS subcategory FROM m WHERE NOT found
  UNION ALL SELECT 1, 'surname' FROM m WHERE found AND tizim_fold_kazakh(surname) <> tizim_fold_kazakh(rs)
  UNION ALL SELECT 1, 'first-name' FROM m WHERE found AND tizim_fold_kazakh(first_name) <> tizim_fold_kazakh(rf)
  UNION ALL SELECT 1, 'patronymic' FROM m WHERE found AND tizim_fold_kazakh(patronymic) <> tizim_fold_kazakh(rp)
  UNION ALL SELECT 1, 'birth-date' FROM m WHERE found AND birth_date IS DISTINCT FROM rb
  UNION ALL SELECT 2, CASE WHEN document_number IS DISTINCT FROM rdoc THEN 'replaced' ELSE 'expired' END FROM m
   WHERE found AND rdoc IS NOT NULL AND (document_number IS DISTINCT FROM rdoc OR rexp < $2::date)
  UNION ALL SELECT 3, 'same-station' FROM m WHERE on_station > 1 AND btrim(iin) <> ''
  UNION ALL SELECT 4, 'several-stations' FROM m WHERE several_stations AND btrim(iin) <> ''
  UNION ALL SELECT 4, 'other-district' FROM m WHERE found AND rr = region_code AND rd <> district_id
   AND EXISTS (SELECT 1 FROM m o WHERE o.district_id = m.rd AND o.iin = m.iin)
  UNION ALL SELECT 5, 'other-region' FROM m WHERE found AND rr <> region_code
   AND NOT EXISTS (SELECT 1 FROM facts x WHERE x.submission_id = m.submission_id AND x.cod = m.cod AND x.kind = 'DEREGISTERED')
  UNION ALL SELECT CASE kind WHEN 'DEREGISTERED' THEN 6 WHEN 'EMIGRATED' THEN 7 WHEN 'NON_CITIZEN' THEN 8 ELSE 9 END, replace(lower(kind::text), '_', '-') FROM facts
  UNION ALL SELECT 9, 'under-18' FROM m WHERE coalesce(rb, birth_date) + interval '18 years' > $2::date
) c GROUP BY 1, 2 ORDER BY 1, 2`;

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const spec = scenario(o);
  let server = process.env.DATABASE_URL;
  if (!server)
    server = (
      await startLocalPostgres(
        join(LOCAL_DIR, 'bench', 'postgres', 'data'),
        Number(process.env.TIZIM_BENCH_PG_PORT ?? 55434),
      )
    ).url;
  const url = new URL(server);
  url.pathname = `/tizim_bench_${o.region}_${o.register}_${o.districts}_${String(o.rate).replace('.', '')}_${o.seed}`;

  const admin = new Client({ connectionString: new URL('/postgres', server).toString() });
  await admin.connect();
  const name = url.pathname.slice(1);
  if (o.fresh) await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  await admin.end();

  const client = new Client({ connectionString: url.toString() });
  let submissions: string[];
  if (exists) {
    await client.connect();
    const loaded = await client.query<{ id: string }>('SELECT id FROM voter_submission ORDER BY district_id');
    submissions = loaded.rows.map((r) => r.id);
    if (submissions.length !== o.districts)
      throw new Error(`database ${name} is incomplete (an interrupted load); run again with --fresh`);
    log(`data: reusing database ${name}`);
  } else {
    await migrateDeploy(url.toString());
    await client.connect();
    const started = Date.now();
    let last = 0;
    const progress = (what: string, rows: number) => {
      if (Date.now() - last > 5000) {
        last = Date.now();
        process.stderr.write(`  ${what}: ${fmt(rows)} rows\n`);
      }
    };
    const counts = await loadRegister(client, spec, progress);
    const registerSeconds = (Date.now() - started) / 1000;
    log(
      `register: ${fmt(counts.voters)} voters, ${fmt(counts.stations)} stations, ${fmt(counts.facts)} status facts generated and loaded by COPY in ${fmt(registerSeconds, 1)} s (${fmt(counts.voters / registerSeconds)} rows/s)`,
    );
    submissions = [];
    const staged = Date.now();
    let rows = 0;
    for (const d of spec.regions[0].districts) {
      const id = randomUUID();
      rows += (await loadSubmission(client, spec, d.id, id, '2027-01-02T04:00:00Z', undefined, progress)).voterRecords;
      submissions.push(id);
    }
    log(
      `voter files: ${fmt(rows)} rows in ${submissions.length} district files staged by COPY in ${fmt((Date.now() - staged) / 1000, 1)} s`,
    );
    await client.query('ANALYZE');
  }

  const prisma = createPrismaClient(url.toString(), { maxConnections: 2 });
  const records = (await client.query<{ n: string }>('SELECT count(*) AS n FROM voter_file_record WHERE NOT deleted'))
    .rows[0].n;
  const registerSize = (await client.query<{ n: string }>('SELECT count(*) AS n FROM register_voter')).rows[0].n;

  log('');
  log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, ${osType()} ${release()}; Node ${process.version}; PostgreSQL ${version} (default settings); PostgreSQL memory is private memory summed plus shared memory once`,
  );
  log(
    `data: region ${TARGET}, ${fmt(Number(records))} live voter records in ${submissions.length} district files, against a register of ${fmt(Number(registerSize))}; injection rate ${o.rate} per kind`,
  );

  // The engine: each district's submission, one after another, as the district workflows run them.
  const engineSampler = sampler();
  const t0 = process.hrtime.bigint();
  const results: ReconciliationResult[] = [];
  for (const submissionId of submissions) {
    results.push(
      await reconcileSubmission(prisma, {
        runId: randomUUID(),
        submissionId,
        referenceDate: spec.referenceDate,
        workflowId: 'bench',
        round: 1,
        at: new Date().toISOString(),
      }),
    );
  }
  const engineSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const engineMem = engineSampler.stop();

  // The baseline: the same voter classification as one plain query, counts only.
  const baselineSampler = sampler();
  const t1 = process.hrtime.bigint();
  const baseline = (
    await client.query<{ category: number; subcategory: string; records: number }>(BASELINE, [
      submissions,
      spec.referenceDate,
    ])
  ).rows;
  const baselineSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  const baselineMem = baselineSampler.stop();

  const engineCounts = new Map<string, number>();
  for (const r of results)
    for (const f of r.findings)
      if (f.category > 0)
        engineCounts.set(
          `${f.category} ${f.subcategory}`,
          (engineCounts.get(`${f.category} ${f.subcategory}`) ?? 0) + f.records,
        );
  const baselineCounts = new Map(baseline.map((b) => [`${b.category} ${b.subcategory}`, b.records]));
  const keys = [...new Set([...engineCounts.keys(), ...baselineCounts.keys()])].sort();
  const disagree = keys.filter((k) => engineCounts.get(k) !== baselineCounts.get(k));
  const stationFindings = results.reduce(
    (n, r) => n + r.findings.filter((f) => f.category === 0).reduce((m, f) => m + f.records, 0),
    0,
  );

  log('');
  log(
    `engine (libs/db/reconciliation/engine.ts: evidence, stable ids, station checks, findings written): ${fmt(engineSeconds, 1)} s, ${fmt(Number(records) / engineSeconds)} records/s; ` +
      `${fmt(results.reduce((n, r) => n + r.recordsWithFindings, 0))} records with findings, ${fmt(stationFindings)} station findings; ` +
      `peak RSS: Node ${fmt(engineMem.nodeMaxMb)} MB, PostgreSQL processes ${fmt(engineMem.postgresMaxMb)} MB`,
  );
  log(
    `baseline (one plain SQL query, voter categories, counts only):                          ${fmt(baselineSeconds, 1)} s, ${fmt(Number(records) / baselineSeconds)} records/s; ` +
      `peak RSS: PostgreSQL processes ${fmt(baselineMem.postgresMaxMb)} MB`,
  );
  log(`engine / baseline time: ${fmt(engineSeconds / baselineSeconds, 2)}x`);
  log(
    disagree.length === 0
      ? `classification: engine and baseline agree on all ${keys.length} voter sub-categories`
      : `classification: engine and baseline DISAGREE on ${disagree.map((k) => `${k} (engine ${engineCounts.get(k) ?? 0}, baseline ${baselineCounts.get(k) ?? 0})`).join(', ')}`,
  );
  await prisma.$disconnect();
  await client.end();
  if (disagree.length) process.exitCode = 1;
}

main().catch((err: Error) => {
  process.stderr.write(`bench:reconcile failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
