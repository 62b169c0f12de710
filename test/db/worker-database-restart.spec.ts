/**
 * A PostgreSQL restart in the middle of an import (issue 23: the worker died of an unhandled
 * `57P01 terminating connection due to administrator command`). The file-import consumer runs in
 * a process of its own (test/support/file-import-consumer.ts) on the real PostgreSQL and Redis;
 * while it COPYs a generated voter file, every one of its database connections is terminated as a
 * server shutdown terminates them (pg_terminate_backend gives exactly 57P01). The process stays
 * up, the job fails over to BullMQ's retry, and the file reaches its verdict with every record
 * staged once: the import is one transaction, so the cut attempt left nothing behind. And the
 * consumer killed (kill -9) mid-import: the next one started (as the supervisor starts it) takes
 * the job up again once the dead one's lock expires (BullMQ's stalled-job check), and every record
 * is staged once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { receiveFile } from '../../libs/db/files/received';
import { QUEUES, type FileImportJob } from '../../libs/queues/queues';
import { appendix1Csv, appendix1Fields, voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { useImportFixture } from '../support/import-fixture';
import { TS_REQUIRE_HOOK } from '../support/run-ts';
import { testDatabaseUrl, testRedisUrl } from '../support/test-env';
import { ROOT } from '../../scripts/lib/paths';

/** Enough voters that the COPY runs for a while: 120 stations of 1,500. */
const STATIONS = Array.from({ length: 120 }, () => 1500);
const SPEC: ScenarioSpec = {
  seed: 2301,
  referenceDate: '2035-01-04',
  period: '2035-01',
  regions: [
    {
      code: '61',
      stationBase: 4000,
      districts: [
        {
          id: 'pgr61-a',
          nameRu: 'Район Р',
          nameKk: 'Р ауданы',
          locality: 'Усть-Каменогорск',
          slot: 60,
          stations: STATIONS,
        },
      ],
    },
  ],
};
const fx = useImportFixture(SPEC, 'pgr61-a', { receivedAt: '2035-01-02T05:00:00Z' });
const ROWS = STATIONS.reduce((a, b) => a + b, 0);

const prefix = `${process.env.TIZIM_TEST_QUEUE_PREFIX ?? 'tizim-test'}-pgrestart-${process.pid}`;
const APP = `tizim-test-consumer-${process.pid}`;
let redis: IORedis;
let queue: Queue<FileImportJob>;
let consumer: ChildProcess;
let output = '';

beforeAll(async () => {
  redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: null });
  queue = new Queue<FileImportJob>(QUEUES.fileImports, {
    connection: redis,
    prefix,
    defaultJobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 200 }, removeOnFail: false },
  });
  await startConsumer();
});

/** The consumer in a process of its own; `consumer` and `output` are the latest one's. */
async function startConsumer(): Promise<void> {
  const url = new URL(testDatabaseUrl());
  // Its connections carry a name of their own, so the test terminates the consumer's and no other.
  url.searchParams.set('application_name', APP);
  output = '';
  consumer = spawn(
    process.execPath,
    [
      '-e',
      `${TS_REQUIRE_HOOK}\nrequire(process.argv[1]);`,
      '--',
      join(ROOT, 'test', 'support', 'file-import-consumer.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        REDIS_URL: testRedisUrl(),
        QUEUE_PREFIX: prefix,
        TIZIM_FILE_STORE: fx.store.root,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  consumer.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  consumer.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await until(() => output.includes('consumer ready'), 'the consumer to start');
}
afterAll(async () => {
  if (consumer && consumer.exitCode === null && consumer.signalCode === null) {
    const exited = new Promise((r) => consumer.once('exit', r));
    consumer.kill('SIGTERM');
    await exited;
  }
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  redis?.disconnect();
});

const alive = () => consumer.exitCode === null && consumer.signalCode === null;

async function until(done: () => boolean | Promise<boolean>, what: string, tries = 6000): Promise<void> {
  for (let i = 0; i < tries; i += 1) {
    if (await done()) return;
    if (!alive())
      throw new Error(
        `the consumer process exited (${consumer.exitCode ?? consumer.signalCode}) waiting for ${what}:\n${output.slice(-2000)}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('the worker through a database restart', () => {
  it('stays up, retries the import, and stages every record once', async () => {
    const voters = [...voterFile(SPEC, 'pgr61-a')].map((r) => appendix1Fields(r));
    expect(voters).toHaveLength(ROWS);
    const input = fx.upload('big.csv', appendix1Csv(voters));
    await receiveFile(fx.prisma, fx.store, input, 'VOTERS');
    await queue.add('import', { fileId: input.fileId }, { jobId: `import-${input.fileId}` });

    // Mid-import: the consumer's COPY is running.
    await until(async () => {
      const { rowCount } = await fx.client.query(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND query ILIKE 'COPY%'",
        [APP],
      );
      return (rowCount ?? 0) > 0;
    }, 'the import to be COPYing');
    const { rows: terminated } = await fx.client.query<{ ok: boolean }>(
      'SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1',
      [APP],
    );
    expect(terminated.length).toBeGreaterThan(0);

    let file = await fx.prisma.receivedFile.findUniqueOrThrow({ where: { id: input.fileId } });
    await until(async () => {
      file = await fx.prisma.receivedFile.findUniqueOrThrow({ where: { id: input.fileId } });
      return file.status !== 'RECEIVED';
    }, 'the verdict');
    expect(alive()).toBe(true);
    expect(file).toMatchObject({ status: 'ACCEPTED', records: ROWS });
    // The verdict is committed a moment before BullMQ records the job completed.
    const jobId = `import-${input.fileId}`;
    await until(async () => (await queue.getJob(jobId))!.isCompleted(), 'the job to complete');
    // The attempt cut by the restart failed, the retry imported the file.
    expect((await queue.getJob(jobId))?.attemptsMade).toBe(2);
    const staged = await fx.client.query<{ n: string; distinct: string }>(
      'SELECT count(*) AS n, count(DISTINCT row) AS distinct FROM voter_file_record WHERE submission_id = $1',
      [input.fileId],
    );
    expect(staged.rows[0]).toEqual({ n: String(ROWS), distinct: String(ROWS) });
    // The consumer said what happened, in codes: nothing of the file (its name, an IIN) in its log.
    expect(output).toContain('"msg":"database connection lost"');
    expect(output).not.toContain('big.csv');
    expect(output).not.toContain(voters[0]!.Cod_izber);
  });

  it('killed mid-import, the next worker takes the job up again and stages every record once', async () => {
    const voters = [...voterFile(SPEC, 'pgr61-a')].map((r) => appendix1Fields(r)).slice(1);
    const input = fx.upload('big-again.csv', appendix1Csv(voters));
    await receiveFile(fx.prisma, fx.store, input, 'VOTERS');
    const jobId = `import-${input.fileId}`;
    await queue.add('import', { fileId: input.fileId }, { jobId });
    await until(async () => {
      const { rowCount } = await fx.client.query(
        "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND state = 'active' AND query ILIKE 'COPY%'",
        [APP],
      );
      return (rowCount ?? 0) > 0;
    }, 'the import to be COPYing');
    const exited = new Promise((r) => consumer.once('exit', r));
    consumer.kill('SIGKILL');
    await exited;
    expect((await fx.prisma.receivedFile.findUniqueOrThrow({ where: { id: input.fileId } })).status).toBe('RECEIVED');

    // The supervisor starts a worker again; the dead one's lock expires and the job is its.
    await startConsumer();
    let file = await fx.prisma.receivedFile.findUniqueOrThrow({ where: { id: input.fileId } });
    await until(async () => {
      file = await fx.prisma.receivedFile.findUniqueOrThrow({ where: { id: input.fileId } });
      return file.status !== 'RECEIVED';
    }, 'the verdict after the restart');
    expect(file).toMatchObject({ status: 'ACCEPTED', records: voters.length });
    const staged = await fx.client.query<{ n: string; distinct: string }>(
      'SELECT count(*) AS n, count(DISTINCT row) AS distinct FROM voter_file_record WHERE submission_id = $1',
      [input.fileId],
    );
    expect(staged.rows[0]).toEqual({ n: String(voters.length), distinct: String(voters.length) });
  });
});
