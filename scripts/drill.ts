/**
 * The fault drill (npm run drill): injects the faults an operator fears into a local stack and
 * prints what happened, one row per fault: the fault, what was in flight, what the system did,
 * what was lost, what was done twice. Every row must be clean (nothing lost, nothing doubled, no
 * person had to restart anything); the drill exits 1 when one is not.
 *
 * Faults: the worker killed (kill -9) mid-import, mid-reconciliation and mid-application;
 * PostgreSQL restarted mid-import; Redis restarted with jobs queued, and during an upload; the
 * Temporal dev server killed and restarted on its database file.
 *
 * What it runs on (scripts/lib/drill-stack.ts): a database of its own beside DATABASE_URL's (or the
 * stack's local cluster), dropped afterwards; REDIS_URL's Redis (or the stack's) under a key prefix
 * of its own, deleted afterwards; its own Temporal dev server; the built API and worker
 * (`npm run build`). Outcomes are read from the database: the files' verdicts and record counts,
 * the reconciliation rounds, the registration checks and their e-gov deliveries.
 *
 *   npm run drill                       every fault
 *   npm run drill -- worker-import pg   only those (the names in the first column)
 */
import { randomBytes, sign } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { periodStartingAfter } from '../libs/calendar';
import { createPrismaClient, type PrismaClient } from '../libs/db/prisma';
import { createVoterPartition } from '../libs/db/voter-partitions';
import { loadTerritory } from '../libs/db/synthetic/load';
import { APPENDIX1_FIELD_NAMES } from '../libs/files/appendix1';
import { QUEUES } from '../libs/queues/queues';
import { appendix1Fields, voterFile, type ScenarioSpec } from '../libs/synthetic/scenario';
import { DEMO_MEMBER, DEMO_PASSWORD, seedDemo, seedDemoVotingDay } from '../prisma/seed';
import { DrillStack } from './lib/drill-stack';
import { LOCAL_DIR, startLocalPostgres, startLocalRedis, type LocalService } from './lib/services';
import { dropDatabase, loadReferenceData, migrateDeploy } from './migrate';

const say = (line: string) => process.stdout.write(`[drill] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One row of the table. */
interface Row {
  fault: string;
  inFlight: string;
  systemDid: string;
  lost: string;
  doubled: string;
  /** A process nobody brought back: a person would have had to restart it. */
  restartedByHand: string[];
  /** What the stack's supervisor said while the fault ran (its restarts). */
  supervisor?: string[];
}

const clean = (r: Row) => r.lost === 'nothing' && r.doubled === 'nothing' && r.restartedByHand.length === 0;

/** The synthetic district whose voter file is imported (12,000 voters: an import of about a second). */
const FILE_SPEC: ScenarioSpec = {
  seed: 23,
  referenceDate: '2030-01-04',
  period: '2030-01',
  regions: [
    {
      code: '55',
      stationBase: 900,
      districts: [
        {
          id: 'drill-55',
          nameRu: 'Район учений',
          nameKk: 'Жаттығу ауданы',
          locality: 'Павлодар',
          slot: 0,
          stations: Array.from({ length: 8 }, () => 1500),
        },
      ],
    },
  ],
};
const FILE_DISTRICT = 'drill-55';

/**
 * The district's voter file as an Appendix 1 CSV. The same bytes for another period would be
 * refused as that period's file: each upload changes one record's apartment to its own `variant`.
 */
function voterCsv(variant: number): { content: Buffer; records: number } {
  const lines = [APPENDIX1_FIELD_NAMES.join(';')];
  let cod = 0;
  for (const r of voterFile(FILE_SPEC, FILE_DISTRICT)) {
    const v = appendix1Fields({ ...r, cod: ++cod });
    if (cod === 1) v.Kvartira = String(variant);
    lines.push(APPENDIX1_FIELD_NAMES.map((f) => v[f] ?? '').join(';'));
  }
  return { content: Buffer.from(`${lines.join('\r\n')}\r\n`), records: cod };
}

interface Context {
  stack: DrillStack;
  prisma: PrismaClient;
  /** Redis reached directly (not through the proxy): to see which jobs are active. */
  redis: IORedis;
  queuePrefix: string;
  databaseUrl: string;
  /** How many records each voter file holds. */
  records: number;
  /** A fresh period for each upload, so no upload is "the same file again". */
  nextPeriod(): string;
}

/** Waits for `check` to give a value, up to `ms`; undefined when it never did. */
async function within<T>(ms: number, check: () => Promise<T | null | undefined | false>): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    await sleep(100);
  }
  return undefined;
}

/**
 * The stack's processes are back up: the supervisor restarts one that died (as `npm run stack`,
 * systemd or compose would). One not back within 90 s is what a person would have had to restart.
 */
async function bringBack(ctx: Context, row: Row): Promise<void> {
  for (const name of ['api', 'worker'] as const)
    if (!(await ctx.stack.up(name, 90_000))) row.restartedByHand.push(`${name} (not back within 90 s)`);
}

const exitsDuring = async <T>(ctx: Context, work: () => Promise<T>): Promise<{ value: T; exits: string[] }> => {
  const before = ctx.stack.unexpectedExits.length;
  const value = await work();
  return { value, exits: ctx.stack.unexpectedExits.slice(before) };
};

/** An upload of the voter file for a new period; the file's id once it is received. */
async function uploadVoters(ctx: Context): Promise<{ status: number; id?: string; period: string; body: unknown }> {
  const period = ctx.nextPeriod();
  const res = await ctx.stack.upload(
    { period, districtId: FILE_DISTRICT, kind: 'voters' },
    voterCsv(Number(period.replace('-', ''))).content,
    `izbirateli_${period}.csv`,
  );
  return { status: res.status, id: res.body?.id, period, body: res.body };
}

/** Waits until a file-import job is active (being imported by the worker). */
const importActive = (ctx: Context, ms = 20_000) =>
  within(ms, async () => (await ctx.redis.llen(`${ctx.queuePrefix}:${QUEUES.fileImports}:active`)) > 0);

/** What became of a voter file: its verdict, and its records and submissions against what was sent. */
async function fileOutcome(
  ctx: Context,
  period: string,
  waitMs: number,
): Promise<{ verdict: string; lost: string; doubled: string }> {
  const decided = await within(waitMs, async () => {
    const files = await ctx.prisma.receivedFile.findMany({ where: { period, districtId: FILE_DISTRICT } });
    return files.length > 0 && files.every((f) => f.status !== 'RECEIVED') && files;
  });
  const files = await ctx.prisma.receivedFile.findMany({ where: { period, districtId: FILE_DISTRICT } });
  const submissions = await ctx.prisma.voterSubmission.findMany({ where: { period, districtId: FILE_DISTRICT } });
  const records = submissions.length
    ? await ctx.prisma.voterFileRecord.count({ where: { submissionId: { in: submissions.map((s) => s.id) } } })
    : 0;
  const verdict = files.length
    ? files
        .map(
          (f) =>
            `${f.status}${f.failure ? ` (${f.failure})` : ''}${f.status === 'REJECTED' ? ` (${rejection(f.report)})` : ''}`,
        )
        .join(', ')
    : 'no file on record';
  const lost = !decided
    ? files.length
      ? `the file is still RECEIVED after ${waitMs / 1000} s: never imported`
      : 'the upload left nothing on record'
    : files.some((f) => f.status === 'ACCEPTED')
      ? records < ctx.records
        ? `${ctx.records - records} of ${ctx.records} records`
        : 'nothing'
      : `the file ended ${verdict}`;
  const doubled =
    files.length > 1
      ? `${files.length} received files for one upload`
      : submissions.length > 1
        ? `${submissions.length} submissions`
        : records > ctx.records
          ? `${records - ctx.records} records staged twice`
          : 'nothing';
  return { verdict, lost, doubled };
}

/** The first problems of a rejection report, in its own words (never the file's data). */
function rejection(report: unknown): string {
  const problems = (report as { problems?: { message?: string; field?: string }[] } | null)?.problems ?? [];
  const header = (report as { header?: { message?: string }[] } | null)?.header ?? [];
  const said = [...header, ...problems].slice(0, 2).map((p) => p.message ?? JSON.stringify(p));
  return said.length ? said.join('; ') : JSON.stringify(report).slice(0, 200);
}

// ------------------------------------------------------------------------------------------ faults

async function workerKilledMidImport(ctx: Context): Promise<Row> {
  const row: Row = {
    fault: 'worker-import: worker killed (kill -9) mid-import',
    inFlight: '',
    systemDid: '',
    lost: '',
    doubled: '',
    restartedByHand: [],
  };
  const sent = await uploadVoters(ctx);
  const active = await importActive(ctx);
  await ctx.stack.kill('worker');
  row.inFlight = `a voter file of ${ctx.records} records (${active ? 'being imported' : 'queued, not yet taken'})`;
  await bringBack(ctx, row);
  // BullMQ takes a job whose worker died up again once its lock expires (30 s).
  const outcome = await fileOutcome(ctx, sent.period, 90_000);
  row.systemDid = `upload ${sent.status}; after the restart the file was ${outcome.verdict}`;
  row.lost = outcome.lost;
  row.doubled = outcome.doubled;
  return row;
}

async function postgresRestartedMidImport(ctx: Context): Promise<Row> {
  const row: Row = {
    fault: 'pg: PostgreSQL restarted mid-import',
    inFlight: '',
    systemDid: '',
    lost: '',
    doubled: '',
    restartedByHand: [],
  };
  const { value, exits } = await exitsDuring(ctx, async () => {
    const watcher = new Client({ connectionString: ctx.databaseUrl });
    await watcher.connect();
    let copying = false;
    let sent: Awaited<ReturnType<typeof uploadVoters>>;
    try {
      sent = await uploadVoters(ctx);
      // Mid-import is mid-COPY: the worker's transaction is writing the records.
      const deadline = Date.now() + 30_000;
      while (!copying && Date.now() < deadline) {
        const { rowCount } = await watcher.query(
          "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query ILIKE 'COPY %'",
        );
        copying = Boolean(rowCount);
        if (!copying) await sleep(10);
      }
    } finally {
      await watcher.end();
    }
    row.inFlight = `a voter file of ${ctx.records} records (${copying ? 'its records being copied in' : 'not caught mid-COPY'})`;
    // What a restart does to the clients: every backend of the drill's database ends with 57P01
    // ("terminating connection due to administrator command"), and for a moment nothing answers.
    // The notice reaches the clients through the proxy first, then it refuses new connections.
    await terminateBackends(ctx.databaseUrl);
    await sleep(50);
    ctx.stack.pg.goDown();
    await sleep(3_000);
    ctx.stack.pg.comeBack();
    await sleep(2_000);
    return sent;
  });
  await bringBack(ctx, row);
  const outcome = await fileOutcome(ctx, value.period, 90_000);
  row.systemDid = [
    `upload ${value.status}`,
    exits.length ? exits.join(', ') : 'the API and the worker stayed up',
    `the file was ${outcome.verdict}`,
  ].join('; ');
  row.lost = outcome.lost;
  row.doubled = outcome.doubled;
  return row;
}

async function terminateBackends(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
  } finally {
    await client.end();
  }
}

async function redisRestartedWithJobsQueued(ctx: Context): Promise<Row> {
  const row: Row = {
    fault: 'redis-queued: Redis restarted with jobs queued',
    inFlight: '',
    systemDid: '',
    lost: '',
    doubled: '',
    restartedByHand: [],
  };
  const { value, exits } = await exitsDuring(ctx, async () => {
    // Three files at once: the worker imports one at a time, so two wait in the queue.
    const sent = await Promise.all([uploadVoters(ctx), uploadVoters(ctx), uploadVoters(ctx)]);
    const waiting = await ctx.redis.llen(`${ctx.queuePrefix}:${QUEUES.fileImports}:wait`);
    row.inFlight = `3 voter files uploaded (${waiting} waiting in the queue)`;
    await ctx.stack.redis.restart(3_000);
    await sleep(2_000);
    return sent;
  });
  await bringBack(ctx, row);
  const outcomes = await Promise.all(value.map((s) => fileOutcome(ctx, s.period, 90_000)));
  row.systemDid = [
    `uploads ${value.map((s) => s.status).join(', ')}`,
    exits.length ? exits.join(', ') : 'the API and the worker stayed up',
    `files ${outcomes.map((o) => o.verdict).join('; ')}`,
  ].join('; ');
  row.lost = summarise(outcomes.map((o) => o.lost));
  row.doubled = summarise(outcomes.map((o) => o.doubled));
  return row;
}

const summarise = (parts: string[]) => {
  const bad = parts.filter((p) => p !== 'nothing');
  return bad.length ? bad.join('; ') : 'nothing';
};

async function redisDownDuringUpload(ctx: Context): Promise<Row> {
  const row: Row = {
    fault: 'redis-upload: Redis restarted during an upload',
    inFlight: `a voter file of ${ctx.records} records being uploaded`,
    systemDid: '',
    lost: '',
    doubled: '',
    restartedByHand: [],
  };
  const { value, exits } = await exitsDuring(ctx, async () => {
    ctx.stack.redis.goDown();
    const sent = await uploadVoters(ctx).catch((err: Error) => ({
      status: 0,
      id: undefined,
      period: '',
      body: err.message,
    }));
    await sleep(1_000);
    ctx.stack.redis.comeBack();
    return sent;
  });
  await bringBack(ctx, row);
  const answered = `upload answered ${value.status || `nothing (${String(value.body)})`}`;
  const recorded = value.period
    ? await ctx.prisma.receivedFile.count({ where: { period: value.period, districtId: FILE_DISTRICT } })
    : 0;
  if (value.status >= 500 && value.status !== 503) {
    const outcome = await fileOutcome(ctx, value.period, 30_000);
    row.systemDid = `${answered} (an error, not "try again"); ${recorded ? `the file was ${outcome.verdict}` : 'nothing recorded'}`;
    row.lost = recorded ? outcome.lost : 'nothing';
    row.doubled = outcome.doubled;
  } else if (value.status === 503) {
    const outcome = await fileOutcome(ctx, value.period, recorded ? 60_000 : 0);
    row.systemDid = `${answered} (try again later); ${recorded ? `the file was ${outcome.verdict}` : 'nothing recorded'}`;
    row.lost = recorded ? outcome.lost : 'nothing';
    row.doubled = recorded ? outcome.doubled : 'nothing';
  } else {
    const outcome = await fileOutcome(ctx, value.period, 60_000);
    row.systemDid = `${answered}; the file was ${outcome.verdict}`;
    row.lost = outcome.lost;
    row.doubled = outcome.doubled;
  }
  if (exits.length) row.systemDid += `; ${exits.join(', ')}`;
  return row;
}

async function temporalRestarted(ctx: Context): Promise<Row> {
  const row: Row = {
    fault: 'temporal: Temporal dev server killed and restarted on its file',
    inFlight: '',
    systemDid: '',
    lost: '',
    doubled: '',
    restartedByHand: [],
  };
  const voters = await ctx.prisma.registerVoter.findMany({ take: 3, orderBy: { iin: 'asc' } });
  const { value, exits } = await exitsDuring(ctx, async () => {
    const started = [];
    for (const v of voters)
      started.push(await ctx.stack.call('POST', '/v1/registration-checks', { iin: v.iin, reason: 'drill' }));
    row.inFlight = `${started.length} registration checks just started (workflows: look-up, record, e-gov message)`;
    await ctx.stack.restartTemporal(3_000);
    return started;
  });
  const ids = value.filter((s) => s.status < 300).map((s) => String(s.body.id));
  const done = await within(90_000, async () => {
    const checks = await ctx.prisma.registrationCheck.findMany({ where: { id: { in: ids } } });
    return checks.length === ids.length && checks.every((c) => c.notifiedAt) && checks;
  });
  const checks = await ctx.prisma.registrationCheck.findMany({ where: { id: { in: ids } } });
  const deliveries = await ctx.prisma.egovDelivery.groupBy({
    by: ['subjectId'],
    where: { subjectId: { in: ids } },
    _count: true,
  });
  await bringBack(ctx, row);
  row.systemDid = [
    `starts ${value.map((s) => s.status).join(', ')}`,
    exits.length ? exits.join(', ') : 'the API and the worker stayed up',
    `after the restart: ${checks.map((c) => `${c.status}${c.notifiedAt ? ', notified' : ', not notified'}`).join('; ')}`,
  ].join('; ');
  const notStarted = value.length - ids.length;
  row.lost =
    [
      notStarted ? `${notStarted} checks not started` : '',
      done ? '' : `${checks.filter((c) => !c.notifiedAt).length} checks not finished after 90 s`,
    ]
      .filter(Boolean)
      .join('; ') || 'nothing';
  const twice = deliveries.filter((d) => d._count > 1).length;
  row.doubled = twice ? `${twice} citizens sent the e-gov message twice` : 'nothing';
  return row;
}

async function workerKilledMidReconciliation(ctx: Context): Promise<Row> {
  const row: Row = {
    fault: 'worker-reconciliation: worker killed (kill -9) mid-reconciliation',
    inFlight: '',
    systemDid: '',
    lost: '',
    doubled: '',
    restartedByHand: [],
  };
  const period = periodStartingAfter(Date.now()).id;
  const districtId = '7101';
  const started = await ctx.stack.call('POST', '/v1/cycles', { period });
  if (started.status >= 300) throw new Error(`the cycle ${period} did not start (${started.status})`);
  const task = await within(60_000, async () => {
    const res = await ctx.stack.call('GET', `/v1/cycles/${period}/districts/${districtId}`);
    return res.status === 200 && res.body.tasks?.find((t: { kind: string }) => t.kind === 'SUBMIT_FILES');
  });
  if (!task) throw new Error(`district ${districtId} of ${period} never opened its submission task`);
  const outcome = await stageDistrictFiles(ctx.prisma, districtId, period);
  const completed = await ctx.stack.call('POST', `/v1/tasks/${task.id}/complete`, { outcome, comment: 'drill' });
  const stage = await within(30_000, async () => {
    const res = await ctx.stack.call('GET', `/v1/cycles/${period}/districts/${districtId}`);
    return res.status === 200 && res.body.stage !== 'awaiting-submission' && String(res.body.stage);
  });
  await ctx.stack.kill('worker');
  row.inFlight = `district ${districtId}'s submission of ${outcome.files[0]!.records} voters (stage: ${stage ?? 'unknown'})`;
  await bringBack(ctx, row);
  const after = await within(90_000, async () => {
    const res = await ctx.stack.call('GET', `/v1/cycles/${period}/districts/${districtId}`);
    return res.status === 200 && !['awaiting-submission', 'reconciling'].includes(res.body.stage) && res.body.stage;
  });
  const rounds = await ctx.prisma.cycleReconciliation.count({ where: { period, districtId, round: 1 } });
  row.systemDid = `task completed ${completed.status}; after the restart the district is ${after ?? 'still reconciling after 90 s'}; ${rounds} reconciliation(s) of round 1 recorded`;
  row.lost = after && rounds >= 1 ? 'nothing' : 'the reconciliation never finished';
  row.doubled = rounds > 1 ? `${rounds} reconciliations of one round` : 'nothing';
  return row;
}

/**
 * The district's voter file and station list staged as the worker's import leaves them (a copy of
 * the register's voters and stations of the district), and the SUBMIT_FILES outcome naming them.
 */
async function stageDistrictFiles(prisma: PrismaClient, districtId: string, period: string) {
  const district = await prisma.district.findUniqueOrThrow({ where: { id: districtId } });
  const voters = await prisma.registerVoter.findMany({ where: { districtId }, orderBy: { iin: 'asc' } });
  const stations = await prisma.pollingStation.findMany({ where: { districtId }, orderBy: { number: 'asc' } });
  const byId = new Map(stations.map((s) => [s.id, s]));
  const submissionId = crypto.randomUUID();
  await prisma.voterSubmission.create({
    data: {
      id: submissionId,
      period,
      regionCode: district.regionCode,
      districtId,
      voterFile: `izbirateli_${districtId}.csv`,
      stationFile: `uchastki_${districtId}.xlsx`,
      voterRecords: voters.length,
      stationRecords: stations.length,
      receivedAt: new Date(),
      stations: {
        createMany: {
          data: stations.map((st, i) => ({
            row: i + 1,
            number: st.number,
            premises: st.premises,
            locality: st.locality,
            street: st.street,
            house: st.house,
          })),
        },
      },
    },
  });
  await createVoterPartition(prisma, submissionId);
  await prisma.voterFileRecord.createMany({
    data: voters.map((v, i) => ({
      submissionId,
      row: i + 1,
      cod: i + 1,
      iin: v.iin,
      surname: v.surname,
      firstName: v.firstName,
      patronymic: v.patronymic,
      stationCode: String((v.stationId && byId.get(v.stationId)?.number) ?? stations[0]?.number ?? 0),
      birthDate: v.birthDate,
      sex: v.sex === 'MALE' ? 'М' : 'Ж',
      locality: v.locality,
      street: v.street,
      house: v.house,
      apartment: v.apartment,
      documentNumber: v.documentNumber,
      documentIssuedOn: v.documentIssuedOn,
    })),
  });
  return {
    submissionId,
    files: [
      { kind: 'voters', name: `izbirateli_${districtId}.csv`, sizeBytes: 123_456, records: voters.length },
      { kind: 'stations', name: `uchastki_${districtId}.xlsx`, sizeBytes: 20_480, records: stations.length },
      { kind: 'boundaries', name: `granicy_${districtId}.xlsx`, sizeBytes: 30_720, records: 42 },
    ],
  };
}

async function workerKilledMidApplication(ctx: Context): Promise<Row> {
  const row: Row = {
    fault: 'worker-application: worker killed (kill -9) mid-application',
    inFlight: '',
    systemDid: '',
    lost: '',
    doubled: '',
    restartedByHand: [],
  };
  // The demo's practice voting day (today) and its precinct member of district 7101, with their EDS key.
  const keysDir = join(ctx.stack.dir, 'demo-keys');
  await seedDemoVotingDay(ctx.prisma, keysDir, ctx.stack.tokenSecret);
  const member = await ctx.prisma.user.findUniqueOrThrow({ where: { username: DEMO_MEMBER.username } });
  const station = await ctx.prisma.pollingStation.findUniqueOrThrow({ where: { id: member.stationId! } });
  const certificate = await ctx.prisma.signerCertificate.findFirstOrThrow({ where: { holder: member.id } });
  const challenge = await ctx.stack.call('POST', '/v1/auth/challenge', { username: DEMO_MEMBER.username });
  const signature = sign('sha256', Buffer.from(String(challenge.body.nonce), 'utf8'), {
    key: readFileSync(join(keysDir, `${DEMO_MEMBER.username}.key.pem`), 'utf8'),
    dsaEncoding: 'der',
  }).toString('base64');
  const signedIn = await ctx.stack.call('POST', '/v1/auth/sign-in-eds', {
    username: DEMO_MEMBER.username,
    password: DEMO_PASSWORD,
    iin: DEMO_MEMBER.iin,
    challengeId: challenge.body.challengeId,
    certificateId: certificate.id,
    signature,
  });
  if (signedIn.status !== 200) throw new Error(`the demo member could not sign in (${signedIn.status})`);
  const token = String(signedIn.body.accessToken);
  // A citizen of another district, missing from this precinct's list.
  const applicant = await ctx.prisma.registerVoter.findFirstOrThrow({ where: { districtId: '7102' } });
  const registered = await ctx.stack.call('POST', '/v1/voting-day/applications', { iin: applicant.iin }, token);
  if (registered.status !== 202) throw new Error(`the application was not registered (${registered.status})`);
  const id = String(registered.body.id);
  await ctx.stack.kill('worker');
  row.inFlight = 'a voting-day application just registered (its registration look-up under way)';
  await bringBack(ctx, row);
  const awaiting = await within(60_000, async () => {
    const a = await ctx.prisma.votingDayApplication.findUnique({ where: { id } });
    return a?.status === 'AWAITING_DECISION' && a;
  });
  const answered = awaiting
    ? await ctx.stack.call(
        'POST',
        `/v1/voting-day/applications/${id}/call-centre`,
        { stationNumber: station.number, note: 'drill' },
        token,
      )
    : undefined;
  const decided = awaiting
    ? await ctx.stack.call('POST', `/v1/voting-day/applications/${id}/decision`, { decision: 'INCLUDE' }, token)
    : undefined;
  const included = await within(60_000, async () => {
    const a = await ctx.prisma.votingDayApplication.findUnique({ where: { id } });
    return a?.status === 'INCLUDED' && a;
  });
  const entries = await ctx.prisma.supplementaryListEntry.count({ where: { applicationId: id } });
  const applications = await ctx.prisma.votingDayApplication.count({ where: { applicantIin: applicant.iin } });
  // The decision goes to the citizen's e-gov cabinet by the queue, a moment after it is recorded.
  await within(30_000, async () => (await ctx.prisma.egovDelivery.count({ where: { subjectId: id } })) > 0);
  const messages = await ctx.prisma.egovDelivery.count({ where: { subjectId: id } });
  row.systemDid = [
    `registered ${registered.status}`,
    awaiting ? 'after the restart the look-up finished' : 'the look-up did not finish within 60 s of the restart',
    answered ? `call centre ${answered.status}, decision ${decided?.status}` : '',
    included ? `included (${entries} supplementary list entry, ${messages} e-gov message)` : 'not included',
  ]
    .filter(Boolean)
    .join('; ');
  row.lost = !(included && entries === 1)
    ? 'the application never reached the supplementary list'
    : messages === 0
      ? "the citizen's e-gov message about the decision"
      : 'nothing';
  row.doubled =
    applications > 1 ? `${applications} applications` : messages > 1 ? `${messages} e-gov messages` : 'nothing';
  return row;
}

const FAULTS: Record<string, (ctx: Context) => Promise<Row>> = {
  'worker-import': workerKilledMidImport,
  'worker-reconciliation': workerKilledMidReconciliation,
  'worker-application': workerKilledMidApplication,
  pg: postgresRestartedMidImport,
  'redis-queued': redisRestartedWithJobsQueued,
  'redis-upload': redisDownDuringUpload,
  temporal: temporalRestarted,
};

// ------------------------------------------------------------------------------------------- table

function printTable(rows: Row[]): void {
  const cells = rows.map((r) => [
    clean(r) ? 'clean' : 'NOT CLEAN',
    r.fault,
    r.inFlight,
    [
      r.systemDid,
      r.supervisor?.length
        ? `the supervisor restarted ${r.supervisor.map((line) => line.split(' ')[0]).join(', ')}`
        : 'no process died',
      r.restartedByHand.length ? `a person had to restart: ${r.restartedByHand.join(', ')}` : 'no person needed',
    ].join('; '),
    r.lost,
    r.doubled,
  ]);
  const head = ['', 'fault', 'in flight', 'what the system did', 'lost', 'doubled'];
  process.stdout.write('\n');
  for (const [i, c] of cells.entries()) {
    process.stdout.write(`${i + 1}. [${c[0]}] ${c[1]}\n`);
    for (let k = 2; k < head.length; k += 1) process.stdout.write(`     ${head[k]!.padEnd(20)} ${c[k]}\n`);
  }
  const bad = rows.filter((r) => !clean(r)).length;
  process.stdout.write(`\n${rows.length - bad} of ${rows.length} faults clean${bad ? `; ${bad} not clean` : ''}\n`);
}

// -------------------------------------------------------------------------------------------- main

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  for (const name of only)
    if (!FAULTS[name]) throw new Error(`unknown fault "${name}": one of ${Object.keys(FAULTS).join(', ')}`);
  const started: LocalService[] = [];
  const run = `${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  let server = process.env.DATABASE_URL;
  if (!server) {
    const pg = await startLocalPostgres(
      join(LOCAL_DIR, 'postgres', 'data'),
      Number(process.env.TIZIM_PG_PORT ?? 55432),
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
  const db = new URL(server);
  db.pathname = `/tizim_drill_${run}`;
  const databaseUrl = db.toString();
  const queuePrefix = `tizim-drill-${run}`;
  say(`database ${db.pathname.slice(1)} (dropped afterwards), Redis keys ${queuePrefix}:*`);
  await migrateDeploy(databaseUrl);
  await loadReferenceData(databaseUrl);
  const prisma = createPrismaClient(databaseUrl, { maxConnections: 4 });
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const stack = new DrillStack({ databaseUrl, redisUrl, queuePrefix });
  const rows: Row[] = [];
  try {
    await seedDemo(prisma);
    const pgClient = new Client({ connectionString: databaseUrl });
    await pgClient.connect();
    await loadTerritory(pgClient, FILE_SPEC);
    await pgClient.end();
    const records = voterCsv(0).records;
    say(`starting the Temporal dev server, the API and the worker (logs in ${stack.dir})`);
    await stack.start();
    let year = 2040;
    let half = 0;
    const ctx: Context = {
      stack,
      prisma,
      redis,
      queuePrefix,
      databaseUrl,
      records,
      nextPeriod: () => {
        half = 1 - half;
        if (half === 1) year += 1;
        return `${year}-${half ? '01' : '07'}`;
      },
    };
    for (const [name, fault] of Object.entries(FAULTS)) {
      if (only.length && !only.includes(name)) continue;
      say(`fault: ${name}`);
      const said = stack.supervisorLines.length;
      try {
        rows.push(await fault(ctx));
      } catch (err) {
        rows.push({
          fault: name,
          inFlight: 'unknown',
          systemDid: `the drill could not carry it out: ${(err as Error).message}`,
          lost: 'unknown',
          doubled: 'unknown',
          restartedByHand: [],
        });
        await bringBack(ctx, rows[rows.length - 1]!).catch(() => undefined);
      }
      rows[rows.length - 1]!.supervisor = stack.supervisorLines.slice(said);
      // Every fault starts from a stack that is up.
      stack.pg.comeBack();
      stack.redis.comeBack();
    }
  } finally {
    await stack.stop().catch((err: Error) => say(`stopping the stack: ${err.message}`));
    await prisma.$disconnect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    redis.disconnect();
    if (!process.env.TIZIM_DRILL_KEEP) {
      await dropDatabase(databaseUrl);
      rmSync(stack.dir, { recursive: true, force: true });
    } else say(`kept: ${databaseUrl}, ${stack.dir}`);
    for (const service of started.reverse()) await service.stop();
  }
  printTable(rows);
  return rows.every(clean) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`[drill] could not run: ${err.stack ?? err.message}\n`);
    process.exit(2);
  },
);
