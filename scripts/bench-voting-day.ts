/**
 * Benchmark of the voting-day check (npm run bench:voting-day): a driver plays a referendum day
 * for 10,000 precincts against a local stack (PostgreSQL, Redis, a Temporal dev server, and the
 * real worker process), and prints decisions per second and the latency from application to
 * decision (p50/p95/p99). Halfway through it kills the worker (SIGKILL) and starts it again, then
 * checks that nothing was lost: every application decided once, every inclusion on a supplementary
 * list once, every applicant's e-gov cabinet told once, no workflow left running.
 *
 *   npm run bench:voting-day
 *   npm run bench:voting-day -- --precincts 2000 --per-precinct 2 --concurrency 100 --kill-at 0.5
 *
 * The driver stands in for the precinct members: for each application it does what the API's
 * service does (the application's row and number, the workflow started), waits until the lookup
 * and boundary match have answered (the member's screen polling), then records the decision as the
 * workflow Update the API sends: include (80%), or the call centre's answer and a reasoned
 * rejection (15%), or a rejection for no registration (5%). No HTTP and no sign-in: those are the
 * API's costs, measured elsewhere; this measures the workflow, the worker and the database.
 *
 * Baseline, in the same run on the same data: the same activities' database work for 1,000
 * applications called directly in-process (no Temporal, no queue): the floor of what a decision
 * costs in PostgreSQL alone.
 *
 * PostgreSQL: DATABASE_URL's server if set, else the project's own cluster in .local/bench (port
 * TIZIM_BENCH_PG_PORT or 55434), a fresh database each run. Redis and Temporal: started here on
 * free ports and stopped at the end.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, openSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  createApplicationRow,
  lookUpApplicant,
  matchApplicantBoundaries,
  recordApplicationDecision,
} from '../libs/db/voting-day';
import { LocalStateRegistrationService } from '../libs/gateways/state-registration';
import { localDateTimeOf } from '../libs/calendar';
import type { UpdateDefinition } from '@temporalio/common';
import { createPrismaClient, type Prisma, type PrismaClient } from '../libs/db/prisma';
import { makeIin } from '../prisma/seed';
import { tizimDataConverter } from '../libs/temporal/codec';
import { parseCodecKeys } from '../libs/temporal/codec-keys';
import {
  callCentreUpdate,
  decideUpdate,
  recordedPayload,
  VOTING_DAY_APPLICATION_WORKFLOW,
  type RecordedRequest,
  type VotingDayApplicationInput,
} from '../libs/contracts/voting-day';
import { recordWorkflowRequest, type WorkflowRequestAction } from '../libs/db/workflow-requests';
import {
  freeLocalPort,
  LOCAL_DIR,
  ROOT,
  startLocalPostgres,
  startLocalRedis,
  startTemporalDevServer,
} from './lib/services';
import { migrateDeploy } from './migrate';

interface Options {
  precincts: number;
  perPrecinct: number;
  concurrency: number;
  killAt: number;
  regions: number;
}

function options(argv: string[]): Options {
  const o: Options = { precincts: 10_000, perPrecinct: 1, concurrency: 200, killAt: 0.5, regions: 10 };
  const names: Record<string, keyof Options> = {
    precincts: 'precincts',
    'per-precinct': 'perPrecinct',
    concurrency: 'concurrency',
    'kill-at': 'killAt',
    regions: 'regions',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const key = names[argv[i].replace(/^--/, '')];
    if (!key) throw new Error(`unknown option ${argv[i]}; see the header of scripts/bench-voting-day.ts`);
    const value = Number(argv[++i]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${argv[i - 1]} needs a number`);
    o[key] = value;
  }
  return o;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const REGION_CODES = [
  '10',
  '11',
  '15',
  '19',
  '23',
  '27',
  '31',
  '33',
  '35',
  '39',
  '43',
  '47',
  '55',
  '59',
  '61',
  '62',
  '63',
  '71',
  '75',
  '79',
];

type Kind = 'include' | 'call-centre-reject' | 'not-found';
interface Planned {
  station: { id: string; number: number; regionCode: string; districtId: string };
  iin: string;
  kind: Kind;
  otherStation: number;
}

/** 10,000 precincts in `regions` regions, 100 per district, each with its boundary rows and its applicants in the register. */
async function seed(prisma: PrismaClient, o: Options): Promise<Planned[]> {
  const regions = REGION_CODES.slice(0, Math.max(1, Math.min(o.regions, REGION_CODES.length)));
  await prisma.region.createMany({
    data: regions.map((code) => ({
      code,
      nameRu: `Область ${code}`,
      nameKk: `${code} облысы`,
      kind: 'OBLAST' as const,
    })),
    skipDuplicates: true,
  });
  const planned: Planned[] = [];
  let iinSerial = 0;
  const perDistrict = 100;
  const districts = Math.ceil(o.precincts / perDistrict);
  for (let d = 0; d < districts; d += 1) {
    const regionCode = regions[d % regions.length];
    const districtId = `${regionCode}B${String(d).padStart(4, '0')}`;
    await prisma.district.create({ data: { id: districtId, regionCode, nameRu: `Район ${d}`, nameKk: `${d} ауданы` } });
    const count = Math.min(perDistrict, o.precincts - d * perDistrict);
    const base = Math.floor(d / regions.length) * perDistrict;
    const stations = Array.from({ length: count }, (_, s) => ({
      id: randomUUID(),
      regionCode,
      districtId,
      number: base + s + 1,
      premises: `Школа № ${s + 1}`,
      locality: 'Город',
    }));
    await prisma.pollingStation.createMany({ data: stations });
    const submissionId = randomUUID();
    await prisma.voterSubmission.create({
      data: {
        id: submissionId,
        period: '2026-07',
        regionCode,
        districtId,
        voterFile: 'v.csv',
        voterRecords: 0,
        boundaryFile: 'b.xlsx',
        boundaryRecords: count,
        receivedAt: new Date(),
      },
    });
    // Each station's territory: its own street, all houses.
    await prisma.boundaryFileRecord.createMany({
      data: stations.map((s, i) => ({
        submissionId,
        row: i + 2,
        stationNumber: s.number,
        locality: 'Город',
        address: `Улица ${s.number}`,
        house: null,
      })),
    });
    const voters: Prisma.RegisterVoterCreateManyInput[] = [];
    for (const s of stations) {
      for (let k = 0; k < o.perPrecinct; k += 1) {
        const n = planned.length;
        const kind: Kind = n % 20 === 19 ? 'not-found' : n % 20 >= 16 ? 'call-centre-reject' : 'include';
        const iin = makeIin(
          new Date(Date.UTC(1960 + (iinSerial % 40), (iinSerial >> 5) % 12, 1 + ((iinSerial >> 9) % 28))),
          iinSerial % 2 === 0,
          iinSerial % 10000,
        );
        iinSerial += 1;
        const other = stations[(stations.indexOf(s) + 1) % stations.length].number;
        if (kind !== 'not-found') {
          voters.push({
            iin,
            surname: 'Бенчев',
            firstName: 'Ерлан',
            birthDate: new Date(Date.UTC(1980, 0, 1)),
            sex: 'MALE',
            regionCode,
            districtId,
            stationId: s.id,
            locality: 'Город',
            street: `Улица ${kind === 'include' ? s.number : other}`,
            house: '1',
          });
        }
        planned.push({ station: s, iin, kind, otherStation: other });
      }
    }
    await prisma.registerVoter.createMany({ data: voters, skipDuplicates: true });
  }
  // makeIin may repeat across the synthetic dates: keep the first of each IIN only.
  const seen = new Set<string>();
  return planned.filter((p) => (seen.has(p.iin) ? false : (seen.add(p.iin), true)));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const benchDir = join(LOCAL_DIR, 'bench');
  mkdirSync(benchDir, { recursive: true });
  let server = process.env.DATABASE_URL;
  if (!server)
    server = (
      await startLocalPostgres(join(benchDir, 'postgres', 'data'), Number(process.env.TIZIM_BENCH_PG_PORT ?? 55434))
    ).url;
  const url = new URL(server);
  url.pathname = `/tizim_bench_voting_day_${Date.now().toString(36)}`;
  const databaseUrl = url.toString();
  await migrateDeploy(databaseUrl);
  const redis = await startLocalRedis(join(benchDir, `redis-${Date.now().toString(36)}`), await freeLocalPort(), {
    persist: false,
  });
  const temporal = await startTemporalDevServer({
    dbFile: null,
    port: await freeLocalPort(),
    uiPort: null,
    logFile: join(benchDir, 'temporal-voting-day.log'),
  });
  const codecKeys = `bench:${randomBytes(32).toString('base64')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: 'tizim-bench',
    TIZIM_CODEC_KEYS: codecKeys,
    API_ADMIN_TOKEN: randomBytes(24).toString('hex'),
    TIZIM_TOKEN_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    QUEUE_PREFIX: 'bench',
    TIZIM_EGOV_BACKOFF_MS: '500',
  };
  const prisma = createPrismaClient(databaseUrl, { maxConnections: 8 });
  const workerLog = openSync(join(benchDir, 'worker-voting-day.log'), 'a');
  const startWorker = (): ChildProcess =>
    fork(join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js'), [], {
      env,
      stdio: ['ignore', workerLog, workerLog, 'ipc'],
    });
  let worker = startWorker();

  const version = (await prisma.$queryRawUnsafe<{ server_version: string }[]>('SHOW server_version'))[0].server_version;
  log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, ${osType()} ${release()}; Node ${process.version}; PostgreSQL ${version} (default settings); Temporal dev server (in memory); one worker process`,
  );
  try {
    const t0 = Date.now();
    const plan = await seed(prisma, o);
    log(
      `seeded ${fmt(o.precincts)} precincts with boundaries and ${fmt(plan.length)} applicants in ${fmt((Date.now() - t0) / 1000, 1)} s`,
    );
    const now = Date.now();
    const votingDayId = randomUUID();
    const closesAt = new Date(now + 12 * 3_600_000);
    await prisma.votingDay.create({
      data: {
        id: votingDayId,
        date: new Date(localDateTimeOf(now).date),
        name: 'Бенчмарк',
        opensAt: new Date(now - 3_600_000),
        closesAt,
        createdBy: 'bench',
        createdAt: new Date(),
      },
    });

    // ---- Baseline: the same database work, in-process, for 1,000 applications.
    const service = new LocalStateRegistrationService(prisma);
    const sample = plan.slice(0, Math.min(1000, plan.length));
    const b0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(o.concurrency, 8) }, async () => {
        while (next < sample.length) {
          const p = sample[next++];
          const app = await createApplicationRow(prisma, {
            votingDayId,
            station: p.station,
            applicantIin: p.iin,
            registeredBy: 'bench-baseline',
            registeredAt: new Date(),
          });
          const found = await lookUpApplicant(prisma, service, app.id, 1);
          if (found.result === 'FOUND') await matchApplicantBoundaries(prisma, app.id);
          await recordApplicationDecision(prisma, {
            applicationId: app.id,
            actor: 'bench-baseline',
            at: new Date().toISOString(),
            ...(p.kind === 'include'
              ? { decision: 'INCLUDE' }
              : { decision: 'REJECT', reason: 'baseline rejection', correctStationNumber: null }),
          });
        }
      }),
    );
    const baselineRate = sample.length / ((Date.now() - b0) / 1000);
    // The baseline's rows go, so the measured run starts from the same data.
    await prisma.supplementaryListEntry.deleteMany({ where: { addedBy: 'bench-baseline' } });
    await prisma.votingDayApplication.deleteMany({ where: { registeredBy: 'bench-baseline' } });

    // ---- The voting day.
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection, dataConverter: tizimDataConverter(parseCodecKeys(codecKeys), 'bench') });
    const pending = new Map<string, () => void>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        if (pending.size) {
          const ready = await prisma.votingDayApplication.findMany({
            where: { id: { in: [...pending.keys()] }, status: { not: 'REGISTERED' } },
            select: { id: true },
          });
          for (const r of ready) {
            pending.get(r.id)?.();
            pending.delete(r.id);
          }
        }
        await sleep(100);
      }
    })();
    const answered = (id: string) => new Promise<void>((resolve) => pending.set(id, resolve));
    const update = async <R, A extends { actor: string } & RecordedRequest>(
      workflowId: string,
      definition: UpdateDefinition<R, [A]>,
      sent: A,
    ) => {
      // Recorded first, as the API does: the workflow takes the actor from the record (issue 24).
      const requestId = randomUUID();
      await recordWorkflowRequest(
        prisma,
        {
          action: `voting-day.${definition.name}` as WorkflowRequestAction,
          requestId,
          subjectId: workflowId.replace(/^voting-day-application-/, ''),
          workflowId,
        },
        { id: sent.actor, role: 'PRECINCT_MEMBER' },
        recordedPayload(sent),
      );
      const arg = { ...sent, requestId };
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await client.workflow.getHandle(workflowId).executeUpdate(definition, { args: [arg] });
        } catch (err) {
          // An update refused by the workflow is a driver error; a lost connection (worker killed) is retried.
          if (err instanceof WorkflowUpdateFailedError)
            throw new Error(`the workflow refused ${definition.name} on ${workflowId}: ${err.cause?.message}`, {
              cause: err,
            });
          if (attempt > 20) throw err;
          await sleep(500);
        }
      }
    };

    const latencies: number[] = [];
    const decidedAt: number[] = [];
    let killedAt = 0;
    let restartedAt = 0;
    let firstAfterRestart = 0;
    const killAfter = Math.floor(plan.length * o.killAt);
    const escalateAfterMinutes = 30;
    let cursor = 0;
    const started = Date.now();
    const progress = setInterval(
      () =>
        log(
          `  ${fmt(latencies.length)} / ${fmt(plan.length)} decided${killedAt && !restartedAt ? ' (worker down)' : ''}`,
        ),
      10_000,
    );
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (cursor < plan.length) {
          const p = plan[cursor++];
          const t = Date.now();
          const registeredAt = new Date();
          const app = await createApplicationRow(prisma, {
            votingDayId,
            station: p.station,
            applicantIin: p.iin,
            registeredBy: 'bench-member',
            registeredAt,
          });
          const input: VotingDayApplicationInput = {
            applicationId: app.id,
            stationNumber: p.station.number,
            registeredAt: registeredAt.toISOString(),
            closesAt: closesAt.toISOString(),
            escalateAfterMinutes,
          };
          const ready = answered(app.id);
          await client.workflow.start(VOTING_DAY_APPLICATION_WORKFLOW, {
            workflowId: app.workflowId,
            taskQueue: 'tizim-bench',
            args: [input],
          });
          await ready;
          if (p.kind === 'include') {
            await update(app.workflowId, decideUpdate, { actor: 'bench-member', decision: 'INCLUDE' });
          } else {
            if (p.kind === 'call-centre-reject')
              await update(app.workflowId, callCentreUpdate, {
                actor: 'bench-member',
                stationNumber: p.otherStation,
                note: null,
              });
            await update(app.workflowId, decideUpdate, {
              actor: 'bench-member',
              decision: 'REJECT',
              reason: 'Адрес вне границ участка',
              correctStationNumber: p.kind === 'call-centre-reject' ? p.otherStation : null,
            });
          }
          const done = Date.now();
          latencies.push(done - t);
          decidedAt.push(done);
          if (restartedAt && !firstAfterRestart) firstAfterRestart = done;
          if (!killedAt && latencies.length >= killAfter) {
            killedAt = Date.now();
            worker.kill('SIGKILL');
            void sleep(3000).then(() => {
              worker = startWorker();
              restartedAt = Date.now();
            });
          }
        }
      }),
    );
    clearInterval(progress);
    const elapsed = (Date.now() - started) / 1000;
    polling = false;
    await poller;

    // ---- Nothing lost.
    const expectedIncluded = plan.filter((p) => p.kind === 'include').length;
    const waitStart = Date.now();
    let notified = 0;
    for (;;) {
      notified = await prisma.votingDayApplication.count({ where: { votingDayId, notifiedAt: { not: null } } });
      if (notified >= plan.length || Date.now() - waitStart > 180_000) break;
      await sleep(1000);
    }
    const [applications, decided, included, rejected, listed, messages, running] = await Promise.all([
      prisma.votingDayApplication.count({ where: { votingDayId } }),
      prisma.votingDayApplication.count({ where: { votingDayId, decidedAt: { not: null } } }),
      prisma.votingDayApplication.count({ where: { votingDayId, status: 'INCLUDED' } }),
      prisma.votingDayApplication.count({ where: { votingDayId, status: 'REJECTED' } }),
      prisma.supplementaryListEntry.count({ where: { votingDayId } }),
      prisma.egovCabinetMessage.count({ where: { kind: 'voting-day-decision' } }),
      client.workflow
        .count(`WorkflowType="${VOTING_DAY_APPLICATION_WORKFLOW}" AND ExecutionStatus="Running"`)
        .then((c) => c.count),
    ]);
    await connection.close();

    const sorted = [...latencies].sort((a, b) => a - b);
    const steadyFrom = decidedAt.slice().sort((a, b) => a - b);
    const lo = steadyFrom[Math.floor(steadyFrom.length * 0.1)];
    const hi = steadyFrom[Math.floor(steadyFrom.length * 0.9)];
    const steadyRate = (0.8 * steadyFrom.length) / ((hi - lo) / 1000);
    log('');
    log(
      `voting day: ${fmt(plan.length)} applications at ${fmt(o.precincts)} precincts, ${o.concurrency} members at once, worker killed (SIGKILL) after ${fmt(killAfter)} decisions and restarted 3 s later`,
    );
    log(
      `  decisions/s: ${fmt(plan.length / elapsed, 1)} over the whole run (${fmt(elapsed, 1)} s), ${fmt(steadyRate, 1)} sustained (10th to 90th percentile of decisions)`,
    );
    log(
      `  application → decision: p50 ${fmt(percentile(sorted, 50))} ms, p95 ${fmt(percentile(sorted, 95))} ms, p99 ${fmt(percentile(sorted, 99))} ms, max ${fmt(sorted[sorted.length - 1])} ms`,
    );
    log(
      `  worker down ${fmt((restartedAt - killedAt) / 1000, 1)} s; first decision ${fmt((firstAfterRestart - restartedAt) / 1000, 1)} s after the restart`,
    );
    log(
      `  baseline (the same database work in-process, no Temporal, 8 at once, ${fmt(sample.length)} applications): ${fmt(baselineRate, 1)} decisions/s`,
    );
    const lost = plan.length - decided;
    log(
      `  nothing lost: ${fmt(applications)} registered, ${fmt(decided)} decided (${fmt(included)} included, ${fmt(rejected)} rejected), ${fmt(listed)} on supplementary lists (expected ${fmt(expectedIncluded)}), ${fmt(notified)} cabinets told, ${fmt(messages)} cabinet messages, ${running} workflows still running`,
    );
    const ok =
      lost === 0 &&
      applications === plan.length &&
      included === expectedIncluded &&
      listed === expectedIncluded &&
      notified === plan.length &&
      messages === plan.length &&
      running === 0;
    log(
      ok
        ? '  verdict: nothing lost, nothing done twice'
        : '  verdict: SOMETHING WAS LOST OR DONE TWICE (see the counts above)',
    );
    if (!ok) process.exitCode = 1;
  } finally {
    // Stop the worker before its servers; a shutdown that hangs is cut short.
    if (worker.exitCode === null && worker.signalCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    }
    await prisma.$disconnect();
    await temporal.stop();
    await redis.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
