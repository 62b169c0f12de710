/**
 * The national dress rehearsal (npm run bench:national, issue 25 §4): a whole January period on one
 * box. The 20 regions with districts in proportion to the real ones (libs/territory/regions.ts:
 * Turkistan about 1.18 million voters, Ulytau about 138,000; 12.5 million in all) and a register of
 * the whole country from the synthetic generator. Every district's registrar signs in and submits
 * its files through the API (voter file, station list and boundaries uploaded and imported by the
 * worker, the transfer act declared and its receipt recorded by the district commission, the
 * SUBMIT_FILES task completed); the workflows reconcile every district; the commission sends a
 * share back and the registrar corrects it; each region's commission asks for its consolidated
 * file, downloads it and submits to the CEC, and the CEC coordinator records the receipt.
 * Midway the worker is killed (SIGKILL) and its supervisor starts it again; one district's
 * reconciliation is made to fail for good (a trigger refuses to record its rounds, so every
 * attempt of the activity fails until its retry policy gives up).
 *
 * It prints the time from the first file to every region ready, each stage (import,
 * reconciliation, review and corrections, consolidation and submission) with rows/s, the board's
 * latency p50/p95/p99 from a poller running beside, peak memory of the worker, the API and
 * PostgreSQL, and the checks (PASS/FAIL): nothing lost, nothing done twice, the failed district
 * escalated, every other district and region unharmed; the issue's goals (under 20 minutes, the
 * board under 100 ms at p95) are checks too. Exits 1 when a check fails.
 *
 *   npm run bench:national                              12.5 million voters, about 240 districts
 *   npm run bench:national -- --scale 0.01              every count a hundredth (125,000 voters)
 *   options: --scale S (1)  --districts N (240)  --send-back R (share of districts sent back, 0.1)
 *            --concurrency N (registrars at work at once, 8)  --seed S (1)
 *            --no-fault (no district made to fail: the run ends when every region is ready)
 *            --fault-wait M (minutes to wait for the failing district's retries to run out, 30)
 *            --no-retry (leave the failed district failed; by default, once it failed, the fault is
 *            removed and an admin restarts its cycle through the API, and its region and the country complete)
 *            --fresh (regenerate the data even when this scale is cached)  --keep (keep the run's database)
 *
 * The data (register, territory, officials, the districts' files) is generated once per scale and
 * cached: the database `tizim_bench_national_<scale>_<districts>_<seed>` is the template each run's
 * own database is copied from, and the files are kept in .local/bench/national-<same>/. Generation
 * is timed apart. PostgreSQL: DATABASE_URL's server if set, else the project's own cluster in
 * .local/bench (port TIZIM_BENCH_PG_PORT or 55434); Redis: REDIS_URL's, else the stack's local one,
 * under a key prefix of the run's; a Temporal dev server and the built API and worker of their own
 * (scripts/lib/drill-stack.ts, without its fault proxies).
 *
 * The failing district: its retry policy (RECONCILIATION_ACTIVITY, 10 attempts, backoff to five
 * minutes) takes about 20 minutes to give up, so a run with the fault lasts at least that long; the
 * time to every region ready is measured without waiting for it. Once it failed (and escalated),
 * the fault is removed and an admin restarts the district's cycle (POST
 * /v1/cycles/:period/districts/:districtId/retry); the run then ends when the country completes.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { hashPassword } from '../libs/auth/passwords';
import { periodStartingAfter } from '../libs/calendar';
import { districtCycleWorkflowId, nationalCycleWorkflowId, regionCycleWorkflowId } from '../libs/contracts/cycle';
import { createPrismaClient } from '../libs/db/prisma';
import { loadRegister } from '../libs/db/synthetic/load';
import { MAX_PEOPLE_PER_SLOT, MAX_SLOTS, seededRandom } from '../libs/synthetic/people';
import {
  appendix1Csv,
  appendix1Fields,
  stationFile,
  voterFile,
  type DistrictSpec,
  type ScenarioSpec,
} from '../libs/synthetic/scenario';
import { BOUNDARY_HEADER, STATION_HEADER } from '../libs/synthetic/samples';
import { REGION_VOTERS_APPROX, REGIONS } from '../libs/territory/regions';
import { DrillStack } from './lib/drill-stack';
import { LOCAL_DIR, startLocalPostgres, startLocalRedis, type LocalService } from './lib/services';
import { dropDatabase, loadReferenceData, migrateDeploy } from './migrate';

// ------------------------------------------------------------------------------------------ options

interface Options {
  scale: number;
  districts: number;
  sendBack: number;
  concurrency: number;
  seed: number;
  faultWait: number;
  fault: boolean;
  /** Whether an admin restarts the failed district once it failed (--no-retry leaves it failed). */
  retry: boolean;
  fresh: boolean;
  keep: boolean;
}

function options(argv: string[]): Options {
  const o: Options = {
    scale: 1,
    districts: 240,
    sendBack: 0.1,
    concurrency: 8,
    seed: 1,
    faultWait: 30,
    fault: true,
    retry: true,
    fresh: false,
    keep: false,
  };
  const names: Record<string, keyof Options> = {
    scale: 'scale',
    districts: 'districts',
    'send-back': 'sendBack',
    concurrency: 'concurrency',
    seed: 'seed',
    'fault-wait': 'faultWait',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i].replace(/^--/, '');
    if (flag === 'no-fault') o.fault = false;
    else if (flag === 'no-retry') o.retry = false;
    else if (flag === 'fresh') o.fresh = true;
    else if (flag === 'keep') o.keep = true;
    else if (names[flag]) {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value) || value < 0) throw new Error(`--${flag} needs a number`);
      (o as unknown as Record<string, number>)[names[flag]] = value;
    } else throw new Error(`unknown option ${argv[i]}; see the header of scripts/bench-national.ts`);
  }
  if (o.scale <= 0 || o.scale > 1) throw new Error('--scale must be in (0, 1]');
  if (o.districts < REGIONS.length) throw new Error(`--districts must be at least ${REGIONS.length}, one per region`);
  if (o.concurrency < 1) throw new Error('--concurrency must be at least 1');
  return o;
}

const COUNTRY = 12_500_000;
const VOTERS_PER_STATION = 1_500;
const PASSWORD = 'tizim-bench-national-password';
/** The people's ages and documents are judged on this day; the reconciliation judges on the run's day, later. */
const REFERENCE_DATE = '2026-12-01';

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (line: string) => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`[bench:national] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// --------------------------------------------------------------------------------------- the country

/** Splits `total` over `weights` by largest remainder, each part at least `min`. */
function apportion(total: number, weights: number[], min: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => Math.max(min, (total * w) / sum));
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0 && order.length; k = (k + 1) % order.length, left -= 1) parts[order[k][1]] += 1;
  // The minimum may have lifted small parts past the total: take the excess from the largest.
  for (; left < 0; left += 1) parts[parts.indexOf(Math.max(...parts))] -= 1;
  return parts;
}

/**
 * The scenario: each region's voters in proportion to REGION_VOTERS_APPROX (12.5 million times
 * the scale in all), its districts in proportion too (at least one), district sizes varied by a
 * seeded ±35% around the region's mean, stations of about 1,500 voters. Districts share the 128
 * generator slots, each its own range of people (`firstPerson`), so every IIN is unique.
 */
function scenario(o: Options): ScenarioSpec {
  const codes = REGIONS.map((r) => r.code);
  const weights = codes.map((c) => REGION_VOTERS_APPROX[c]);
  const voters = apportion(Math.round(COUNTRY * o.scale), weights, 1);
  const districtCounts = apportion(o.districts, weights, 1);
  const random = seededRandom(o.seed * 7919 + 25);
  const used = new Array<number>(MAX_SLOTS).fill(0);
  let k = 0;
  return {
    seed: o.seed,
    referenceDate: REFERENCE_DATE,
    period: periodStartingAfter(Date.now()).id,
    regions: codes.map((code, r) => {
      const sizes = apportion(
        voters[r],
        Array.from({ length: districtCounts[r] }, () => 0.65 + 0.7 * random()),
        1,
      );
      const region = REGIONS[r];
      const districts: DistrictSpec[] = sizes.map((n, d) => {
        const slot = k++ % MAX_SLOTS;
        const firstPerson = used[slot];
        used[slot] += n;
        if (used[slot] > MAX_PEOPLE_PER_SLOT)
          throw new Error(`generator slot ${slot} cannot hold ${used[slot]} people`);
        return {
          id: `${code}${String(d + 1).padStart(2, '0')}`,
          nameRu: `${region.nameRu}, район ${d + 1}`,
          nameKk: `${region.nameKk}, ${d + 1}-аудан`,
          locality: region.kind === 'CITY' ? region.nameRu.replace('город ', '') : `Пункт ${code}-${d + 1}`,
          slot,
          firstPerson,
          stations: Array.from({ length: Math.ceil(n / VOTERS_PER_STATION) }, (_, s) =>
            Math.min(VOTERS_PER_STATION, n - s * VOTERS_PER_STATION),
          ),
        };
      });
      return { code, stationBase: 0, districts };
    }),
  };
}

/** One district's files as the akimat sends them, and what they hold. */
interface DistrictFiles {
  districtId: string;
  regionCode: string;
  /** The voter records of the clean file (the register's voters as they are). */
  voters: number;
  stations: number;
  boundaries: number;
  /** Whether the district's first voter file carries errors the commission sends back. */
  sentBack: boolean;
}

interface Manifest {
  key: string;
  period: string;
  districts: DistrictFiles[];
  generatedSeconds: number;
  registerVoters: number;
}

/** The resent lists differ in their first column's heading (both spellings are Appendix 2/3's), so they are new bytes. */
const resent = (header: string[]) => ['№', ...header.slice(1)];
const csvCell = (v: string | number) =>
  /["\r\n;,]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
const csvOf = (header: string[], rows: (string | number)[][]) =>
  Buffer.from([header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n', 'utf8');

const fileNames = (id: string) => ({
  voters: `izbirateli_${id}.csv`,
  votersWithErrors: `izbirateli_${id}_oshibki.csv`,
  stations: `uchastki_${id}.csv`,
  stationsResent: `uchastki_${id}_2.csv`,
  boundaries: `granicy_${id}.csv`,
  boundariesResent: `granicy_${id}_2.csv`,
});

/** Writes a district's files into `dir`: the clean set, the voter file with errors, the resent lists. */
function writeDistrictFiles(
  spec: ScenarioSpec,
  d: DistrictSpec,
  regionCode: string,
  dir: string,
  sentBack: boolean,
): DistrictFiles {
  const rows = [...voterFile(spec, d.id)];
  const names = fileNames(d.id);
  writeFileSync(join(dir, names.voters), appendix1Csv(rows.map((r) => appendix1Fields(r))));
  if (sentBack) {
    // A surname misspelt in one record in a hundred (at least one): category 1 findings to send back.
    const every = Math.max(1, Math.floor(rows.length / Math.max(1, Math.round(rows.length / 100))));
    const wrong = rows.map((r, i) => (i % every === 0 ? { ...r, surname: `${r.surname}х` } : r));
    writeFileSync(join(dir, names.votersWithErrors), appendix1Csv(wrong.map((r) => appendix1Fields(r))));
  }
  const stations = stationFile(spec, d.id).map((s, i) => [
    i + 1,
    s.number,
    s.premises,
    s.locality,
    s.street,
    s.house,
    '',
  ]);
  writeFileSync(join(dir, names.stations), csvOf(STATION_HEADER, stations));
  writeFileSync(join(dir, names.stationsResent), csvOf(resent(STATION_HEADER), stations));
  // Appendix 3 from the voters' addresses: per station, each street with its houses (40 to a row).
  const streets = new Map<string, Map<string, Set<string>>>();
  for (const r of rows) {
    const station = streets.get(r.stationCode) ?? new Map<string, Set<string>>();
    streets.set(r.stationCode, station);
    station.set(r.street, (station.get(r.street) ?? new Set()).add(r.house));
  }
  const boundaries: (string | number)[][] = [];
  for (const [station, byStreet] of [...streets].sort((a, b) => Number(a[0]) - Number(b[0])))
    for (const [street, houses] of [...byStreet].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const sorted = [...houses].sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || (a < b ? -1 : 1));
      for (let h = 0; h < sorted.length; h += 40)
        boundaries.push([
          boundaries.length + 1,
          Number(station),
          'город',
          d.locality,
          `ул. ${street}`,
          'улица',
          street,
          sorted.slice(h, h + 40).join(', '),
        ]);
    }
  writeFileSync(join(dir, names.boundaries), csvOf(BOUNDARY_HEADER, boundaries));
  writeFileSync(join(dir, names.boundariesResent), csvOf(resent(BOUNDARY_HEADER), boundaries));
  return {
    districtId: d.id,
    regionCode,
    voters: rows.length,
    stations: stations.length,
    boundaries: boundaries.length,
    sentBack,
  };
}

/** The template database and the files for this scale: made when missing (or --fresh), else reused. */
async function prepare(o: Options, server: string): Promise<{ template: string; dir: string; manifest: Manifest }> {
  const key = `${String(o.scale).replace('.', '_')}_${o.districts}_${o.seed}`;
  const template = `tizim_bench_national_${key}`;
  const dir = join(LOCAL_DIR, 'bench', `national-${key}`);
  const admin = new Client({ connectionString: new URL('/postgres', server).toString() });
  await admin.connect();
  try {
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount === 1;
    const manifestPath = join(dir, 'manifest.json');
    if (!o.fresh && exists && existsSync(manifestPath)) {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      if (manifest.period === periodStartingAfter(Date.now()).id) {
        log(
          `data: reusing database ${template} and the files in ${dir} (generated in ${fmt(manifest.generatedSeconds, 1)} s)`,
        );
        return { template, dir, manifest };
      }
    }
    note(`generating the data for scale ${o.scale} (${o.districts} districts): cached for the next run`);
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const url = new URL(server);
    url.pathname = `/${template}`;
    const started = Date.now();
    await migrateDeploy(url.toString());
    await loadReferenceData(url.toString());
    const spec = scenario(o);
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    let last = 0;
    const counts = await loadRegister(client, spec, (what, rows) => {
      if (Date.now() - last > 5000) {
        last = Date.now();
        note(`  ${what}: ${fmt(rows)} rows`);
      }
    });
    await client.query('ANALYZE');
    await client.end();
    // The officials: the CEC coordinator, a regional commission per region, per district its commission and registrar.
    const prisma = createPrismaClient(url.toString(), { maxConnections: 2 });
    const hash = await hashPassword(PASSWORD);
    const now = new Date();
    const account = (username: string, fullName: string, role: string, regionCode?: string, districtId?: string) => ({
      id: randomUUID(),
      username,
      fullName,
      role: role as 'CEC_COORDINATOR',
      regionCode,
      districtId,
      passwordHash: hash,
      createdAt: now,
      createdBy: 'bench',
      updatedAt: now,
    });
    await prisma.user.createMany({
      data: [
        account('coordinator', 'Координатор ЦИК', 'CEC_COORDINATOR'),
        ...spec.regions.flatMap((r) => [
          account(`regional.${r.code}`, `Областная комиссия ${r.code}`, 'REGIONAL_COMMISSION', r.code),
          ...r.districts.flatMap((d) => [
            account(`commission.${d.id}`, `ТИК ${d.id}`, 'DISTRICT_COMMISSION', r.code, d.id),
            account(`registrar.${d.id}`, `Регистратор ${d.id}`, 'AKIMAT_REGISTRAR', r.code, d.id),
          ]),
        ]),
      ],
    });
    await prisma.$disconnect();
    const every = o.sendBack > 0 ? Math.max(1, Math.round(1 / o.sendBack)) : 0;
    const districts: DistrictFiles[] = [];
    let n = 0;
    for (const r of spec.regions)
      for (const d of r.districts) {
        districts.push(writeDistrictFiles(spec, d, r.code, dir, every > 0 && n % every === every - 1));
        n += 1;
      }
    const manifest: Manifest = {
      key,
      period: spec.period,
      districts,
      generatedSeconds: (Date.now() - started) / 1000,
      registerVoters: counts.voters,
    };
    writeFileSync(manifestPath, JSON.stringify(manifest));
    log(
      `data: generated ${fmt(counts.voters)} register voters, ${fmt(counts.stations)} stations and ${districts.length} districts' files in ${fmt(manifest.generatedSeconds, 1)} s (cached: database ${template}, ${dir})`,
    );
    return { template, dir, manifest };
  } finally {
    await admin.end();
  }
}

// ------------------------------------------------------------------------------------------ the API

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON whose shape each step reads
}

/** A call refused for good, with the answer and whether an earlier try went unanswered. */
class CallError extends Error {
  constructor(
    message: string,
    readonly answer: Answer,
    readonly retried: boolean,
  ) {
    super(message);
  }
}

/** An official signed in through the API; signs in again when the access token has run out. */
class Official {
  token = '';
  id = '';
  fullName = '';
  constructor(
    private readonly base: string,
    readonly username: string,
  ) {}

  async signIn(): Promise<this> {
    for (let attempt = 1; ; attempt += 1) {
      const res = await raw(this.base, 'POST', '/v1/auth/sign-in', { username: this.username, password: PASSWORD });
      if (res.status === 200) {
        this.token = String(res.body.accessToken);
        this.id = String(res.body.user.id);
        this.fullName = String(res.body.user.fullName);
        return this;
      }
      if (attempt >= 20)
        throw new Error(`${this.username} could not sign in: ${res.status} ${JSON.stringify(res.body)}`);
      await sleep(1000);
    }
  }

  async call(method: string, path: string, body?: unknown, requestId?: string): Promise<Answer> {
    if (!this.token) await this.signIn();
    let res = await raw(this.base, method, path, body, this.token, requestId);
    if (res.status === 401) {
      await this.signIn();
      res = await raw(this.base, method, path, body, this.token, requestId);
    }
    return res;
  }

  /**
   * A call that must succeed; retried while the API answers 5xx or not at all (the worker
   * restarting), under one X-Request-Id, so a retried completion whose first try went through is
   * answered as the first (the API's rule), not refused as already done.
   */
  async must(method: string, path: string, body?: unknown, ok = (s: number) => s < 300): Promise<Answer> {
    const requestId = randomUUID();
    for (let attempt = 1; ; attempt += 1) {
      const res = await this.call(method, path, body, requestId).catch((err: Error) => ({
        status: 0,
        body: err.message,
      }));
      if (ok(res.status)) return res;
      if ((res.status >= 500 || res.status === 0 || res.status === 429) && attempt < 60) {
        await sleep(1000);
        continue;
      }
      throw new CallError(
        `${this.username}: ${method} ${path} answered ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`,
        res,
        attempt > 1,
      );
    }
  }

  /**
   * Completes a task. When a try went unanswered (the worker killed under it) and the retry, under
   * the same request id, is refused as done, the task's record says whether this official's first
   * try went through: then it is complete, and the refusal is counted (`misanswered`), not a failure.
   */
  async complete(
    task: { id: string; period: string; districtId?: string },
    body: unknown,
    misanswered: string[],
  ): Promise<void> {
    try {
      await this.must('POST', `/v1/tasks/${task.id}/complete`, body);
    } catch (err) {
      if (!(err instanceof CallError) || !err.retried || err.answer.status !== 409) throw err;
      const territory = task.districtId ? `&districtId=${task.districtId}` : '';
      const listed = await this.must('GET', `/v1/tasks?period=${task.period}${territory}&status=COMPLETED&limit=100`);
      const record = (listed.body.items as { id: string; completedBy: string | null }[]).find((t) => t.id === task.id);
      if (record?.completedBy !== this.id) throw err;
      misanswered.push(`${this.username}: ${String(err.answer.body?.code ?? err.answer.status)}`);
    }
  }

  async upload(fields: Record<string, string>, content: Buffer, name: string): Promise<Answer> {
    for (let attempt = 1; ; attempt += 1) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      form.set('file', new Blob([new Uint8Array(content)]), name);
      const res = await fetch(`${this.base}/v1/files`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}` },
        body: form,
        signal: AbortSignal.timeout(120_000),
      }).then(
        async (r) => ({ status: r.status, body: JSON.parse((await r.text()) || 'null') }),
        (err: Error) => ({ status: 0, body: err.message }),
      );
      if (res.status === 401) await this.signIn();
      else if (res.status < 300) return res;
      else if (!(res.status >= 500 || res.status === 0) || attempt >= 30)
        throw new Error(
          `${this.username}: upload of ${name} answered ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`,
        );
      await sleep(1000);
    }
  }
}

async function raw(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  requestId?: string,
): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(requestId ? { 'X-Request-Id': requestId } : {}),
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed };
}

/** Set when the national workflow ended other than completed: every wait gives up at once. */
let abandoned: string | null = null;

/** Polls `read` until it gives a value (errors count as "not yet"); throws after `ms`, or once the run is abandoned. */
async function until<T>(
  what: string,
  ms: number,
  read: () => Promise<T | null | undefined | false>,
  every = 1000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (abandoned) throw new Error(`gave up waiting for ${what}: ${abandoned}`);
    const value = await read().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(every);
  }
}

// ------------------------------------------------------------------------------------------ the run

interface Span {
  start: number;
  end: number;
  rows: number;
}

interface Timeline {
  imports: Span[];
  reconciliations: Span[];
  reviews: Span[];
  consolidations: Span[];
  submissions: Span[];
  uploads: Map<string, number>;
  firstFile: number;
  districtsReady: Map<string, number>;
  regionsReady: Map<string, number>;
  submitted: number;
  /** When the failing district's SUBMIT_FILES was completed: its first attempt follows at once. */
  faultSubmitted: number;
}

interface Memory {
  api: number;
  worker: number;
  postgres: number;
}

function statusKb(pid: number, field: string): number {
  try {
    return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Peak memory, sampled every half second: the API's and the worker's resident set (each run of
 * the worker, before and after the kill), and PostgreSQL's: the private memory of the backends
 * serving the run's database summed, plus the shared memory once (as every backend maps the same).
 * The server may serve others too; their backends are not counted.
 */
function memorySampler(stack: DrillStack, client: Client): { stop(): Memory } {
  const peak: Memory = { api: 0, worker: 0, postgres: 0 };
  let backends: number[] = [];
  const refresh = async () => {
    backends = (
      await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')
    ).rows.map((r) => r.pid);
  };
  const sample = () => {
    for (const name of ['api', 'worker'] as const) {
      const pid = stack.pid(name);
      if (pid) peak[name] = Math.max(peak[name], statusKb(pid, 'VmHWM'), statusKb(pid, 'VmRSS'));
    }
    let anon = 0;
    let shared = 0;
    for (const pid of backends) {
      anon += statusKb(pid, 'RssAnon');
      shared = Math.max(shared, statusKb(pid, 'RssShmem'));
    }
    peak.postgres = Math.max(peak.postgres, anon + shared);
  };
  let ticks = 0;
  const timer = setInterval(() => {
    if (ticks++ % 4 === 0) refresh().catch(() => undefined);
    sample();
  }, 500);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

/** The board read by a coordinator every second while the run goes on; each answer's latency kept. */
function boardPoller(coordinator: Official, period: string): { stop(): Promise<{ ms: number[]; failed: number }> } {
  const ms: number[] = [];
  let failed = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      const res = await coordinator.call('GET', `/v1/board?period=${period}`).catch(() => ({ status: 0, body: null }));
      if (res.status === 200) ms.push(performance.now() - t0);
      else failed += 1;
      await sleep(1000);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { ms, failed };
    },
  };
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

interface Context {
  /** Completions whose retry (after an unanswered try) was refused though the first try had gone through. */
  misanswered: string[];
  base: string;
  period: string;
  dir: string;
  timeline: Timeline;
  faulty: string | null;
  /** Called once a district's SUBMIT_FILES is completed (the kill comes halfway). */
  submittedOne(): void;
}

type DistrictState = {
  stage: string;
  round: number;
  tasks: { id: string; kind: string; round: number; status: string }[];
};

/** The district's live state (a query of its workflow, through the API), as its officials' screens read it. */
const readState = async (o: Official, ctx: Context, id: string): Promise<DistrictState | null> => {
  const res = await o.call('GET', `/v1/cycles/${ctx.period}/districts/${id}`);
  return res.status === 200 ? (res.body as DistrictState) : null;
};

const openTask = (s: DistrictState | null, kind: string, round: number) =>
  s?.tasks.find((t) => t.kind === kind && t.status === 'OPEN' && t.round === round);

/** Uploads one file and waits for the worker's verdict; the import's span is recorded. */
async function sendFile(
  ctx: Context,
  registrar: Official,
  d: DistrictFiles,
  kind: 'voters' | 'stations' | 'boundaries',
  name: string,
  records: number,
  submissionId?: string,
): Promise<{ id: string; entry: { kind: string; name: string; sizeBytes: number; records: number; sha256: string } }> {
  const content = readFileSync(join(ctx.dir, name));
  const start = Date.now();
  ctx.timeline.firstFile = Math.min(ctx.timeline.firstFile, start);
  const sent = await registrar.upload(
    { period: ctx.period, districtId: d.districtId, kind, ...(submissionId ? { submissionId } : {}) },
    content,
    name,
  );
  const id = String(sent.body.id);
  ctx.timeline.uploads.set(d.districtId, (ctx.timeline.uploads.get(d.districtId) ?? 0) + 1);
  const file = await until(`${kind} file of ${d.districtId} imported`, 15 * 60_000, async () => {
    const r = await registrar.call('GET', `/v1/files/${id}`);
    return r.status === 200 && r.body.status !== 'RECEIVED' && r.body;
  });
  if (file.status !== 'ACCEPTED')
    throw new Error(
      `the ${kind} file of ${d.districtId} was ${file.status}: ${JSON.stringify(file.failure ?? file.report ?? '').slice(0, 300)}`,
    );
  ctx.timeline.imports.push({ start, end: Date.now(), rows: records });
  return { id, entry: { kind, name, sizeBytes: content.length, records, sha256: sha256(content) } };
}

/** The files of one round handed over: uploaded, imported, the act declared and its receipt recorded. */
async function handOver(
  ctx: Context,
  registrar: Official,
  commission: Official,
  d: DistrictFiles,
  round: number,
): Promise<string> {
  const names = fileNames(d.districtId);
  const first = round === 1;
  const voters = await sendFile(
    ctx,
    registrar,
    d,
    'voters',
    first && d.sentBack ? names.votersWithErrors : names.voters,
    d.voters,
  );
  const [stations, boundaries] = await Promise.all([
    sendFile(ctx, registrar, d, 'stations', first ? names.stations : names.stationsResent, d.stations, voters.id),
    sendFile(
      ctx,
      registrar,
      d,
      'boundaries',
      first ? names.boundaries : names.boundariesResent,
      d.boundaries,
      voters.id,
    ),
  ]);
  const act = await registrar.must('POST', '/v1/transfer-acts', {
    period: ctx.period,
    districtId: d.districtId,
    number: `${d.districtId}-${ctx.period}-${round}`,
    akimat: { holder: registrar.id, name: registrar.fullName, position: 'главный специалист отдела регистрации' },
    files: [voters.entry, stations.entry, boundaries.entry],
  });
  await commission.must('POST', `/v1/transfer-acts/${act.body.id}/receipt`, {
    commission: { holder: commission.id, name: commission.fullName, position: 'секретарь комиссии' },
  });
  return String(act.body.id);
}

/**
 * One district through the cycle, as its registrar and commission do it: the files with the act,
 * the task completed; each round's outcome awaited; a round with findings reviewed (sent back
 * once for the districts whose first file carries errors, else accepted) and corrected.
 */
async function runDistrict(ctx: Context, d: DistrictFiles): Promise<void> {
  const registrar = await new Official(ctx.base, `registrar.${d.districtId}`).signIn();
  const commission = await new Official(ctx.base, `commission.${d.districtId}`).signIn();
  const id = d.districtId;
  let task = await until(`the SUBMIT_FILES task of ${id}`, 10 * 60_000, async () =>
    openTask(await readState(registrar, ctx, id), 'SUBMIT_FILES', 0),
  );
  for (let round = 1; ; round += 1) {
    const actId = await handOver(ctx, registrar, commission, d, round);
    await registrar.complete(
      { id: task.id, period: ctx.period, districtId: id },
      { outcome: { transferActId: actId }, comment: `act ${round}` },
      ctx.misanswered,
    );
    const submitted = Date.now();
    if (round === 1) ctx.submittedOne();
    if (id === ctx.faulty) {
      ctx.timeline.faultSubmitted = submitted;
      return; // its reconciliation never records a round
    }
    const outcome = await until(`round ${round} of ${id}`, 30 * 60_000, async () => {
      const s = await readState(commission, ctx, id);
      if (!s || s.round < round) return null;
      if (s.stage === 'ready') return { ready: true as const };
      const review = openTask(s, 'REVIEW_DISCREPANCIES', round);
      return review ? { ready: false as const, review } : null;
    });
    ctx.timeline.reconciliations.push({ start: submitted, end: Date.now(), rows: d.voters });
    if (outcome.ready) break;
    const reviewStart = Date.now();
    const sendBack = d.sentBack && round === 1;
    await commission.complete(
      { id: outcome.review.id, period: ctx.period, districtId: id },
      {
        outcome: { decision: sendBack ? 'send-back' : 'accept' },
        comment: sendBack ? 'фамилии расходятся с регистром' : 'принято',
      },
      ctx.misanswered,
    );
    ctx.timeline.reviews.push({ start: reviewStart, end: Date.now(), rows: d.voters });
    if (!sendBack) {
      await until(
        `${id} ready after acceptance`,
        10 * 60_000,
        async () => (await readState(commission, ctx, id))?.stage === 'ready',
      );
      break;
    }
    task = await until(`the SUBMIT_CORRECTIONS task of ${id}`, 10 * 60_000, async () =>
      openTask(await readState(registrar, ctx, id), 'SUBMIT_CORRECTIONS', round),
    );
  }
  ctx.timeline.districtsReady.set(id, Date.now());
}

/**
 * The failed district after an admin's retry: its new run reconciles the files already handed
 * over (the akimat does not submit again); the commission accepts what it finds.
 */
async function finishRetried(ctx: Context, d: DistrictFiles): Promise<void> {
  const commission = await new Official(ctx.base, `commission.${d.districtId}`).signIn();
  const id = d.districtId;
  const start = Date.now();
  const outcome = await until(`the retried ${id} reconciled`, 30 * 60_000, async () => {
    const s = await readState(commission, ctx, id);
    if (!s) return null;
    if (s.stage === 'ready') return { ready: true as const };
    const review = openTask(s, 'REVIEW_DISCREPANCIES', s.round);
    return review ? { ready: false as const, review } : null;
  });
  ctx.timeline.reconciliations.push({ start, end: Date.now(), rows: d.voters });
  if (!outcome.ready) {
    const reviewStart = Date.now();
    await commission.complete(
      { id: outcome.review.id, period: ctx.period, districtId: id },
      { outcome: { decision: 'accept' }, comment: 'принято после перезапуска' },
      ctx.misanswered,
    );
    ctx.timeline.reviews.push({ start: reviewStart, end: Date.now(), rows: d.voters });
    await until(
      `${id} ready after acceptance`,
      10 * 60_000,
      async () => (await readState(commission, ctx, id))?.stage === 'ready',
    );
  }
  ctx.timeline.districtsReady.set(id, Date.now());
}

/** A region once its districts are ready: the consolidated file written and downloaded, the submission to the CEC, the receipt. */
async function runRegion(ctx: Context, code: string, coordinator: Official, records: number): Promise<void> {
  const regional = await new Official(ctx.base, `regional.${code}`).signIn();
  const requested = Date.now();
  const sent = await regional.must('POST', '/v1/consolidated-files', { period: ctx.period, regionCode: code });
  const file = await until(`the consolidated file of region ${code}`, 30 * 60_000, async () => {
    const r = await regional.call('GET', `/v1/consolidated-files/${sent.body.id}`);
    return r.status === 200 && r.body.status !== 'QUEUED' && r.body;
  });
  if (file.status !== 'WRITTEN')
    throw new Error(`the consolidated file of region ${code} was ${file.status}: ${file.problem}`);
  const res = await fetch(
    `${ctx.base}/v1/consolidated-files/${sent.body.id}/content?reason=${encodeURIComponent('submission to the CEC')}`,
    { headers: { Authorization: `Bearer ${regional.token}` } },
  );
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200 || sha256(bytes) !== file.sha256)
    throw new Error(`the consolidated file of region ${code} did not download whole`);
  ctx.timeline.consolidations.push({ start: requested, end: Date.now(), rows: Number(file.records) });
  if (Number(file.records) !== records)
    throw new Error(
      `the consolidated file of region ${code} holds ${file.records} records; its districts sent ${records}`,
    );
  const regionState = (who: Official) => who.call('GET', `/v1/cycles/${ctx.period}/regions/${code}`);
  const submitting = Date.now();
  const submit = await until(`the SUBMIT_TO_CEC task of ${code}`, 10 * 60_000, async () => {
    const r = await regionState(regional);
    return (
      r.status === 200 &&
      r.body.tasks.find((t: { kind: string; status: string }) => t.kind === 'SUBMIT_TO_CEC' && t.status === 'OPEN')
    );
  });
  await regional.complete(
    { id: submit.id, period: ctx.period },
    {
      outcome: { actNumber: `ЦИК-${code}-${ctx.period}` },
      comment: `${file.fileName}, SHA-256 ${file.sha256}`,
    },
    ctx.misanswered,
  );
  const receipt = await until(`the RECORD_CEC_RECEIPT task of ${code}`, 10 * 60_000, async () => {
    const r = await regionState(coordinator);
    return (
      r.status === 200 &&
      r.body.tasks.find((t: { kind: string; status: string }) => t.kind === 'RECORD_CEC_RECEIPT' && t.status === 'OPEN')
    );
  });
  await coordinator.complete(
    { id: receipt.id, period: ctx.period },
    {
      outcome: { receivedAt: new Date().toISOString() },
    },
    ctx.misanswered,
  );
  await until(`region ${code} done`, 10 * 60_000, async () => (await regionState(coordinator)).body?.stage === 'done');
  ctx.timeline.submissions.push({ start: submitting, end: Date.now(), rows: records });
  ctx.timeline.regionsReady.set(code, Date.now());
}

/** Runs `work` over `items`, `n` at a time, in order. */
async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

// ------------------------------------------------------------------------------------------- checks

interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

async function describeStatus(client: TemporalClient, workflowId: string): Promise<string> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name;
  } catch (err) {
    return `unknown (${(err as Error).message.slice(0, 80)})`;
  }
}

// --------------------------------------------------------------------------------------------- main

async function main(): Promise<number> {
  const o = options(process.argv.slice(2));
  const started: LocalService[] = [];
  let server = process.env.DATABASE_URL;
  if (!server) {
    const pg = await startLocalPostgres(
      join(LOCAL_DIR, 'bench', 'postgres', 'data'),
      Number(process.env.TIZIM_BENCH_PG_PORT ?? 55434),
    );
    if (pg.startedHere) started.push(pg);
    server = pg.url;
  }
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    const redis = await startLocalRedis(join(LOCAL_DIR, 'redis'), Number(process.env.TIZIM_REDIS_PORT ?? 56379), {
      persist: true,
    });
    if (redis.startedHere) started.push(redis);
    redisUrl = redis.url;
  }
  const { template, dir, manifest } = await prepare(o, server);
  const period = manifest.period;
  const run = `${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const db = new URL(server);
  db.pathname = `/tizim_bench_national_run_${run}`;
  const databaseUrl = db.toString();
  const admin = new Client({ connectionString: new URL('/postgres', server).toString() });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  await admin.query(`CREATE DATABASE ${db.pathname.slice(1)} TEMPLATE ${template}`);
  await admin.end();

  const regionsOf = new Map<string, DistrictFiles[]>();
  for (const d of manifest.districts) regionsOf.set(d.regionCode, [...(regionsOf.get(d.regionCode) ?? []), d]);
  // The failing district: the first of the region with the most districts (its siblings must carry on), never one sent back.
  const biggest = [...regionsOf.values()].sort((a, b) => b.length - a.length)[0];
  const faulty = o.fault ? biggest.find((d) => !d.sentBack)!.districtId : null;
  const faultyRegion = faulty ? faulty.slice(0, 2) : null;

  log('');
  log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, ${osType()} ${release()}; Node ${process.version}; PostgreSQL ${version} (the server's own settings); load average at start ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  log(
    `run: period ${period}, scale ${o.scale}: ${fmt(manifest.registerVoters)} register voters in ${REGIONS.length} regions and ${manifest.districts.length} districts ` +
      `(largest ${fmt(Math.max(...manifest.districts.map((d) => d.voters)))}, smallest ${fmt(Math.min(...manifest.districts.map((d) => d.voters)))} voters); ` +
      `${manifest.districts.filter((d) => d.sentBack).length} districts sent back once; ${o.concurrency} registrars at work at once; ` +
      (faulty ? `district ${faulty} made to fail for good` : 'no district made to fail'),
  );

  const queuePrefix = `tizim-bench-national-${run}`;
  const stack = new DrillStack({
    databaseUrl,
    redisUrl,
    queuePrefix,
    direct: true,
    env: {
      // One address plays every official of the country: its per-address allowances are the country's.
      TIZIM_RATE_LIMIT_PER_MINUTE: '1000000',
      TIZIM_SIGN_IN_RATE_PER_MINUTE: '1000000',
      TIZIM_ACCESS_TOKEN_MINUTES: '240',
      TIZIM_UPLOAD_QUOTA_FILES_PER_DAY: '1000',
      TIZIM_UPLOAD_QUOTA_MB_PER_DAY: '100000',
    },
  });
  const watch = new Client({ connectionString: databaseUrl });
  await watch.connect();
  const checks: Check[] = [];
  let exitCode = 0;
  let cutShort: string | null = null;
  let temporal: Connection | undefined;
  try {
    note(`starting the Temporal dev server, the API and the worker (logs in ${stack.dir})`);
    await stack.start();
    temporal = await Connection.connect({ address: stack.temporal.address });
    const workflows = new TemporalClient({ connection: temporal });
    const memory = memorySampler(stack, watch);
    const coordinator = await new Official(stack.apiUrl, 'coordinator').signIn();

    if (faulty) {
      // The fault: every attempt to record a round of this district is refused inside the engine's transaction.
      await watch.query(`CREATE FUNCTION bench_refuse_round() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'bench: the reconciliation of district % is made to fail (injected fault)', NEW.district_id; END $$`);
      await watch.query(
        `CREATE TRIGGER bench_refuse_round BEFORE INSERT ON cycle_reconciliation FOR EACH ROW WHEN (NEW.district_id = '${faulty}') EXECUTE FUNCTION bench_refuse_round()`,
      );
    }
    const cycle = await coordinator.must('POST', '/v1/cycles', { period });
    note(`cycle ${period} started (${cycle.status}); the districts submit`);
    const board = boardPoller(coordinator, period);
    // The national workflow failed or was terminated: nothing a district waits for will come.
    const guard = setInterval(() => {
      void describeStatus(workflows, nationalCycleWorkflowId(period)).then((status) => {
        if (['FAILED', 'TERMINATED', 'CANCELLED', 'TIMED_OUT'].includes(status))
          abandoned ??= `the national workflow ${status}`;
      });
    }, 5000);

    const timeline: Timeline = {
      imports: [],
      reconciliations: [],
      reviews: [],
      consolidations: [],
      submissions: [],
      uploads: new Map(),
      firstFile: Infinity,
      districtsReady: new Map(),
      regionsReady: new Map(),
      submitted: 0,
      faultSubmitted: 0,
    };
    let kill: Promise<{ at: number; back: number; up: boolean }> | undefined;
    const ctx: Context = {
      base: stack.apiUrl,
      period,
      dir,
      timeline,
      faulty,
      misanswered: [],
      submittedOne() {
        timeline.submitted += 1;
        if (!kill && timeline.submitted >= Math.ceil(manifest.districts.length / 2)) {
          kill = (async () => {
            const at = Date.now();
            note(
              `killing the worker (SIGKILL) with ${timeline.submitted} of ${manifest.districts.length} districts submitted`,
            );
            await stack.kill('worker');
            const up = await stack.up('worker', 120_000);
            return { at, back: Date.now(), up };
          })();
        }
      },
    };

    // The faulty district goes first, so its retries run out while the others are still at work.
    const order = [...manifest.districts].sort(
      (a, b) => Number(b.districtId === faulty) - Number(a.districtId === faulty),
    );
    const errors: string[] = [];
    const regionRuns: Promise<void>[] = [];
    const broken = new Set<string>();
    const left = new Map([...regionsOf].map(([code, ds]) => [code, ds.length]));
    let progress = 0;
    await pool(order, o.concurrency, async (d) => {
      const failed = await runDistrict(ctx, d).then(
        () => false,
        (err: Error) => {
          errors.push(`district ${d.districtId}: ${err.message}`);
          return true;
        },
      );
      // A region whose district could not be driven through is not submitted: the checks name it.
      if (failed) broken.add(d.regionCode);
      progress += 1;
      if (progress % 20 === 0) note(`${progress} of ${manifest.districts.length} districts through their rounds`);
      if (d.districtId === faulty) return;
      const remaining = left.get(d.regionCode)! - 1;
      left.set(d.regionCode, remaining);
      if (remaining === 0 && !broken.has(d.regionCode)) {
        const records = regionsOf.get(d.regionCode)!.reduce((n, x) => n + x.voters, 0);
        regionRuns.push(
          runRegion(ctx, d.regionCode, coordinator, records).catch((err: Error) => {
            errors.push(`region ${d.regionCode}: ${err.message}`);
          }),
        );
      }
    });
    await Promise.all(regionRuns);
    const everyRegionReady = Date.now();
    cutShort = abandoned;
    const killed = await kill;
    note("every region but the failing district's is ready; reading the outcome");

    // The failing district: wait for its retries to run out (or for --fault-wait).
    let faultSeen: { after: number; how: string } | null = null;
    if (faulty) {
      const firstAttemptAt = timeline.faultSubmitted || Date.now();
      const deadline = Date.now() + o.faultWait * 60_000;
      note(`waiting up to ${o.faultWait} minutes for district ${faulty}'s reconciliation to fail for good`);
      while (Date.now() < deadline) {
        const district = await describeStatus(workflows, districtCycleWorkflowId(period, faulty));
        const escalated = await watch.query(
          "SELECT count(*)::int AS n FROM escalation WHERE district_id = $1 AND reason <> 'PROJECTED_MISS'",
          [faulty],
        );
        const region = await describeStatus(workflows, regionCycleWorkflowId(period, faultyRegion!));
        if (district !== 'RUNNING' || escalated.rows[0].n > 0 || region !== 'RUNNING') {
          faultSeen = {
            after: (Date.now() - firstAttemptAt) / 1000,
            how: `district workflow ${district}, region workflow ${region}, ${escalated.rows[0].n} escalation(s) for the district`,
          };
          break;
        }
        await sleep(5000);
      }
      // A moment for the parents to react to the child's end.
      await sleep(10_000);
    }
    // The workflows as the failure left them (the check "the failed district escalated" reads these).
    const atFailure = faulty
      ? {
          district: await describeStatus(workflows, districtCycleWorkflowId(period, faulty)),
          region: await describeStatus(workflows, regionCycleWorkflowId(period, faultyRegion!)),
          national: await describeStatus(workflows, nationalCycleWorkflowId(period)),
        }
      : null;
    // The cause removed, an admin restarts the district's cycle (the board's «Перезапустить цикл
    // района»); its region then submits, and the country completes.
    let retried: { status: number; after: number | null; problem: string | null } | null = null;
    if (faulty && faultSeen && o.retry) {
      note(`district ${faulty} failed for good; the cause removed, an admin restarts its cycle`);
      await watch.query('DROP TRIGGER bench_refuse_round ON cycle_reconciliation');
      const started = Date.now();
      const answer = await stack.call('POST', `/v1/cycles/${period}/districts/${faulty}/retry`, {
        reason: 'bench: the injected fault removed (the trigger dropped)',
      });
      retried = { status: answer.status, after: null, problem: null };
      if (answer.status >= 300) retried.problem = `the retry answered ${answer.status} ${JSON.stringify(answer.body)}`;
      else
        try {
          const d = manifest.districts.find((x) => x.districtId === faulty)!;
          await finishRetried(ctx, d);
          const records = regionsOf.get(faultyRegion!)!.reduce((n, x) => n + x.voters, 0);
          await runRegion(ctx, faultyRegion!, coordinator, records);
          await until('the national workflow completed', 10 * 60_000, async () =>
            (await describeStatus(workflows, nationalCycleWorkflowId(period))) === 'COMPLETED' ? true : null,
          );
          retried.after = (Date.now() - started) / 1000;
        } catch (err) {
          retried.problem = (err as Error).message;
        }
    }
    clearInterval(guard);
    const boardFigures = await board.stop();
    const peak = memory.stop();

    // ----------------------------------------------------------------------------------- figures
    const first = timeline.firstFile;
    const stage = (name: string, spans: Span[], what: string) => {
      if (!spans.length) return log(`  ${name.padEnd(16)} none`);
      const from = Math.min(...spans.map((s) => s.start));
      const to = Math.max(...spans.map((s) => s.end));
      const rows = spans.reduce((n, s) => n + s.rows, 0);
      const busy = spans.reduce((n, s) => n + (s.end - s.start), 0) / 1000;
      log(
        `  ${name.padEnd(16)} ${fmt((to - from) / 1000, 1)} s from ${fmt((from - first) / 1000, 1)} s to ${fmt((to - first) / 1000, 1)} s; ` +
          `${spans.length} ${what}, ${fmt(rows)} rows, ${fmt(rows / Math.max(0.001, (to - from) / 1000))} rows/s over the stage; ` +
          `each ${fmt(busy / spans.length, 1)} s on average (${fmt(
            percentile(
              spans.map((s) => (s.end - s.start) / 1000),
              95,
            ),
            1,
          )} s at p95)`,
      );
    };
    const totalSeconds = (everyRegionReady - first) / 1000;
    log('');
    log(
      `time from the first file to every region ready: ${fmt(totalSeconds, 1)} s (${fmt(totalSeconds / 60, 1)} min)` +
        (faulty
          ? `, region ${faultyRegion} apart (its failing district ${faulty} holds it; its other districts are ready)`
          : ''),
    );
    log('stages (wall clock over all districts; they overlap as districts move at their own pace):');
    stage('import', timeline.imports, 'files uploaded and imported (voter files, station lists, boundaries)');
    stage(
      'reconciliation',
      timeline.reconciliations,
      'rounds (task completed to the round known: ready or under review; voter records)',
    );
    stage('review', timeline.reviews, 'reviews by the district commissions (sent back or accepted)');
    stage(
      'consolidation',
      timeline.consolidations,
      "regions' consolidated files (requested to written and downloaded)",
    );
    stage('CEC submission', timeline.submissions, 'regions submitted and their receipt recorded');
    const b = boardFigures.ms;
    log(
      `board (GET /v1/board?period=${period} as the CEC coordinator, every second while the run went on): ${b.length} answers, ` +
        `p50 ${fmt(percentile(b, 50), 1)} ms, p95 ${fmt(percentile(b, 95), 1)} ms, p99 ${fmt(percentile(b, 99), 1)} ms, max ${fmt(Math.max(...b), 1)} ms; ${boardFigures.failed} not answered 200`,
    );
    log(
      `peak memory: worker ${fmt(peak.worker / 1024)} MB, API ${fmt(peak.api / 1024)} MB (resident set), PostgreSQL ${fmt(peak.postgres / 1024)} MB ` +
        "(the run's backends' private memory summed, plus the shared memory once)",
    );
    if (killed)
      log(
        `worker killed (SIGKILL) at ${fmt((killed.at - first) / 1000, 1)} s, ${killed.up ? `up again ${fmt((killed.back - killed.at) / 1000, 1)} s later (its supervisor restarted it)` : 'NOT back within 120 s'}`,
      );
    if (faulty)
      log(
        faultSeen
          ? `district ${faulty}: its reconciliation failed for good ${fmt(faultSeen.after / 60, 1)} min after its files were submitted: ${faultSeen.how}`
          : `district ${faulty}: nothing changed within ${o.faultWait} minutes of waiting (its retries had not run out)`,
      );

    // ------------------------------------------------------------------------------------ checks
    const q = async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
      (await watch.query<T>(sql, params)).rows;
    const healthy = manifest.districts.filter((d) => d.districtId !== faulty);
    const expectedRounds = new Map(healthy.map((d) => [d.districtId, d.sentBack ? 2 : 1]));

    // Nothing lost: every file accepted whole; every healthy district ready on its full clean file; every region's file whole.
    const files = await q<{ district_id: string; status: string; n: number }>(
      'SELECT district_id, status::text, count(*)::int AS n FROM received_file GROUP BY 1, 2',
    );
    const notAccepted = files.filter((f) => f.status !== 'ACCEPTED');
    const finalSubs = await q<{ district_id: string; voter_records: number }>(
      `SELECT DISTINCT ON (district_id) district_id, voter_records FROM voter_submission WHERE period = $1 ORDER BY district_id, received_at DESC`,
      [period],
    );
    const finalOf = new Map(finalSubs.map((s) => [s.district_id, s.voter_records]));
    const short = manifest.districts.filter((d) => finalOf.get(d.districtId) !== d.voters);
    const notReady = healthy.filter((d) => !timeline.districtsReady.has(d.districtId));
    const consolidated = await q<{ region_code: string; records: number; n: number }>(
      "SELECT region_code, max(records)::int AS records, count(*)::int AS n FROM consolidated_file WHERE period = $1 AND status = 'WRITTEN' GROUP BY 1",
      [period],
    );
    const regionRecords = new Map(consolidated.map((c) => [c.region_code, c.records]));
    const healthyRegions = [...regionsOf.keys()].filter((c) => c !== faultyRegion);
    const regionsShort = healthyRegions.filter(
      (c) => regionRecords.get(c) !== regionsOf.get(c)!.reduce((n, d) => n + d.voters, 0),
    );
    checks.push({
      name: 'nothing lost',
      pass: !notAccepted.length && !short.length && !notReady.length && !regionsShort.length && !errors.length,
      detail:
        [
          notAccepted.length ? `${notAccepted.reduce((n, f) => n + f.n, 0)} files not ACCEPTED` : '',
          short.length
            ? `${short.length} districts whose latest file does not hold all its records (${short
                .slice(0, 5)
                .map((d) => d.districtId)
                .join(', ')})`
            : '',
          notReady.length
            ? `${notReady.length} districts never ready (${notReady
                .slice(0, 5)
                .map((d) => d.districtId)
                .join(', ')})`
            : '',
          regionsShort.length ? `regions without a whole consolidated file: ${regionsShort.join(', ')}` : '',
          ...errors.slice(0, 5),
        ]
          .filter(Boolean)
          .join('; ') ||
        `${fmt(files.reduce((n, f) => n + f.n, 0))} files accepted, ${healthy.length} districts ready on all their ${fmt(healthy.reduce((n, d) => n + d.voters, 0))} records (${faulty ? 'the failing one apart' : 'every one'}), ${healthyRegions.length} regions' consolidated files whole`,
    });

    // Nothing done twice: uploads, submissions, rounds, tasks, consolidated files.
    const receivedPer = new Map<string, number>();
    for (const f of files) receivedPer.set(f.district_id, (receivedPer.get(f.district_id) ?? 0) + f.n);
    const extraFiles = [...timeline.uploads].filter(([id, n]) => receivedPer.get(id) !== n);
    const rounds = await q<{ district_id: string; round: number; n: number }>(
      'SELECT district_id, round, count(*)::int AS n FROM cycle_reconciliation WHERE period = $1 GROUP BY 1, 2',
      [period],
    );
    const twiceRounds = rounds.filter((r) => r.n > 1);
    const roundsPer = new Map<string, number>();
    for (const r of rounds) roundsPer.set(r.district_id, Math.max(roundsPer.get(r.district_id) ?? 0, r.round));
    const wrongRounds = [...expectedRounds].filter(([id, n]) => roundsPer.get(id) !== n);
    const tasks = await q<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT workflow_id, kind, round FROM cycle_task WHERE period = $1 GROUP BY 1, 2, 3 HAVING count(*) > 1) t',
      [period],
    );
    const subs = await q<{ district_id: string; n: number }>(
      'SELECT district_id, count(*)::int AS n FROM voter_submission WHERE period = $1 GROUP BY 1',
      [period],
    );
    const extraSubs = subs.filter(
      (s) => s.n !== (manifest.districts.find((d) => d.districtId === s.district_id)?.sentBack ? 2 : 1),
    );
    const twiceConsolidated = consolidated.filter((c) => c.n > 1);
    checks.push({
      name: 'nothing done twice',
      pass:
        !extraFiles.length &&
        !twiceRounds.length &&
        !wrongRounds.length &&
        !tasks[0].n &&
        !extraSubs.length &&
        !twiceConsolidated.length,
      detail:
        [
          extraFiles.length ? `${extraFiles.length} districts with more files received than uploaded` : '',
          twiceRounds.length ? `${twiceRounds.length} rounds recorded twice` : '',
          wrongRounds.length
            ? `${wrongRounds.length} districts with another number of rounds than sent (${wrongRounds
                .slice(0, 5)
                .map(([id]) => `${id}: ${roundsPer.get(id) ?? 0}`)
                .join(', ')})`
            : '',
          tasks[0].n ? `${tasks[0].n} tasks opened twice` : '',
          extraSubs.length ? `${extraSubs.length} districts with more submissions than voter files sent` : '',
          twiceConsolidated.length ? `${twiceConsolidated.length} regions with two consolidated files` : '',
        ]
          .filter(Boolean)
          .join('; ') ||
        `one received file per upload, one submission per voter file, ${rounds.length} rounds each recorded once, every task opened once, one consolidated file per region`,
    });

    // The failing district escalated, and nothing else harmed: the workflows' own status.
    const national = await describeStatus(workflows, nationalCycleWorkflowId(period));
    if (faulty) {
      const escalations = await q<{ level: string; reason: string; step: string }>(
        "SELECT level::text, reason::text, step FROM escalation WHERE district_id = $1 AND reason <> 'PROJECTED_MISS'",
        [faulty],
      );
      // As the failure left them, before any retry.
      const { district, region, national: nationalThen } = atFailure!;
      checks.push({
        name: 'the failed district escalated',
        pass: Boolean(faultSeen) && escalations.length > 0 && region === 'RUNNING' && nationalThen === 'RUNNING',
        detail: `${faultSeen ? 'its reconciliation failed for good' : `its retries had not run out within ${o.faultWait} min`}; district workflow ${district}; ${escalations.length ? `escalated: ${escalations.map((e) => `${e.step} to ${e.level}`).join(', ')}` : 'no escalation raised for it'}; its region's workflow ${region}, the national workflow ${nationalThen} (both should run on, waiting for it)`,
      });
      if (retried) {
        const now = {
          district: await describeStatus(workflows, districtCycleWorkflowId(period, faulty)),
          region: await describeStatus(workflows, regionCycleWorkflowId(period, faultyRegion!)),
        };
        checks.push({
          name: 'the failed district retried by an admin, its region and the country completed',
          pass:
            retried.problem === null &&
            now.district === 'COMPLETED' &&
            now.region === 'COMPLETED' &&
            national === 'COMPLETED',
          detail:
            retried.problem ??
            `retry answered ${retried.status}; ${fmt(retried.after ?? 0, 1)} s from the retry to the country completed; district workflow ${now.district}, region ${now.region}, national ${national}`,
        });
      }
    }
    const statuses = await Promise.all(
      healthy.map(
        async (d) =>
          [d.districtId, await describeStatus(workflows, districtCycleWorkflowId(period, d.districtId))] as const,
      ),
    );
    const harmed = statuses.filter(([, s]) => s !== 'COMPLETED');
    const regionStatuses = await Promise.all(
      healthyRegions.map(async (c) => [c, await describeStatus(workflows, regionCycleWorkflowId(period, c))] as const),
    );
    const harmedRegions = regionStatuses.filter(([, s]) => s !== 'COMPLETED');
    // With a district failed and not retried, the country waits for it.
    const nationalOk = faulty && !retried ? national === 'RUNNING' : national === 'COMPLETED';
    checks.push({
      name: 'every other district unharmed',
      pass: !harmed.length && !harmedRegions.length && nationalOk,
      detail:
        `${healthy.length - harmed.length} of ${healthy.length} other districts' workflows COMPLETED` +
        (harmed.length
          ? ` (${harmed
              .slice(0, 5)
              .map(([id, s]) => `${id} ${s}`)
              .join(', ')})`
          : '') +
        `; ${healthyRegions.length - harmedRegions.length} of ${healthyRegions.length} regions COMPLETED` +
        (harmedRegions.length ? ` (${harmedRegions.map(([c, s]) => `${c} ${s}`).join(', ')})` : '') +
        `; the national workflow ${national}${faulty && !retried ? ' (RUNNING expected: one region waits for its failed district)' : ''}`,
    });
    checks.push({
      name: 'a retried completion answered as the first',
      pass: !ctx.misanswered.length,
      detail: ctx.misanswered.length
        ? `${ctx.misanswered.length} completions went through on a try the worker's kill left unanswered, and their retry under the same X-Request-Id was refused (${[...new Set(ctx.misanswered.map((m) => m.split(': ')[1]))].join(', ')}); the task records show them done (issue 25 §3)`
        : 'every retried completion was answered as the first',
    });
    checks.push({
      name: 'under 20 minutes',
      pass: totalSeconds < 20 * 60,
      detail: `${fmt(totalSeconds / 60, 1)} min from the first file to every region ready (the data generation apart)`,
    });
    checks.push({
      name: 'board under 100 ms at p95',
      pass: percentile(b, 95) < 100,
      detail: `p95 ${fmt(percentile(b, 95), 1)} ms over ${b.length} reads`,
    });
    checks.push({
      name: 'worker back after the kill',
      pass: Boolean(killed?.up),
      detail: killed
        ? killed.up
          ? `up ${fmt((killed.back - killed.at) / 1000, 1)} s after the kill`
          : 'not back'
        : 'the worker was never killed',
    });
  } catch (err) {
    checks.push({ name: 'the run itself', pass: false, detail: (err as Error).stack ?? String(err) });
  } finally {
    await temporal?.close().catch(() => undefined);
    await stack.stop().catch((err: Error) => note(`stopping the stack: ${err.message}`));
    await watch.end().catch(() => undefined);
    const redis = new IORedis(redisUrl, { maxRetriesPerRequest: null });
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    if (o.keep) note(`kept: ${databaseUrl}, ${stack.dir}`);
    else {
      await dropDatabase(databaseUrl).catch((err: Error) => note(`dropping the run's database: ${err.message}`));
      rmSync(stack.dir, { recursive: true, force: true });
    }
    for (const service of started.reverse()) await service.stop();
  }
  log('');
  if (cutShort) log(`the run was cut short: ${cutShort} before every region was ready`);
  log('checks:');
  for (const c of checks) log(`  [${c.pass ? 'PASS' : 'FAIL'}] ${c.name}: ${c.detail}`);
  if (checks.some((c) => !c.pass)) exitCode = 1;
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`bench:national failed: ${err.stack ?? err.message}\n`);
    process.exit(2);
  },
);
