/**
 * Every received file reaches a verdict through the worker's queue (BullMQ on the real Redis, the
 * importers on the real PostgreSQL): the files an outside tester saw stuck RECEIVED forever are
 * ACCEPTED or REJECTED, a file whose import keeps failing ends FAILED with a plain reason and is
 * imported by a retry, and nothing the failure leaves in Redis quotes the file.
 */
import { Queue, QueueEvents, type Worker } from 'bullmq';
import IORedis from 'ioredis';
import { recordImportFailure, startFileImportWorker } from '../../apps/worker/src/consumers/file-imports';
import { enqueueFileImport, retryFileImport, sweepReceivedFiles } from '../../libs/queues/file-imports';
import { APPENDIX1_FIELD_NAMES } from '../../libs/files/appendix1';
import { writeAppendix1Mdb } from '../../libs/files/jet4';
import { receiveFile, type ReceivedFileKind } from '../../libs/db/files/received';
import { createLogger } from '../../libs/observability/logger';
import { QUEUES, type FileImportJob } from '../../libs/queues/queues';
import {
  appendix1AccessRow,
  appendix1Csv,
  appendix1Fields,
  voterFile,
  type ScenarioSpec,
} from '../../libs/synthetic/scenario';
import { useImportFixture } from '../support/import-fixture';
import { testDatabaseUrl, testRedisUrl } from '../support/test-env';

const SPEC: ScenarioSpec = {
  seed: 1901,
  referenceDate: '2034-01-04',
  period: '2034-01',
  regions: [
    {
      code: '59',
      stationBase: 900,
      districts: [
        {
          id: 'wk59-a',
          nameRu: 'Район В',
          nameKk: 'В ауданы',
          locality: 'Петропавловск',
          slot: 50,
          stations: [40, 40],
        },
      ],
    },
  ],
};
const fx = useImportFixture(SPEC, 'wk59-a', { receivedAt: '2034-01-02T05:00:00Z' });
const rows = () => [...voterFile(SPEC, 'wk59-a')].map((r) => appendix1Fields(r));

const prefix = `${process.env.TIZIM_TEST_QUEUE_PREFIX ?? 'tizim-test'}-worker-${process.pid}`;
let redis: IORedis;
let queue: Queue<FileImportJob>;
let events: QueueEvents;
let worker: Worker<FileImportJob>;

beforeAll(async () => {
  redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: null });
  // Two quick attempts, so a file whose import keeps failing is FAILED within the test.
  queue = new Queue<FileImportJob>(QUEUES.fileImports, {
    connection: redis,
    prefix,
    defaultJobOptions: { attempts: 2, backoff: { type: 'fixed', delay: 50 }, removeOnFail: false },
  });
  events = new QueueEvents(QUEUES.fileImports, { connection: redis.duplicate(), prefix });
  worker = startFileImportWorker(
    {
      prisma: fx.prisma,
      databaseUrl: testDatabaseUrl(),
      store: fx.store,
      logger: createLogger('test-worker', 'fatal'),
    },
    redis.duplicate(),
    prefix,
  );
  await events.waitUntilReady();
});
afterAll(async () => {
  await worker?.close();
  await events?.close();
  await queue?.obliterate({ force: true }).catch(() => undefined);
  await queue?.close();
  redis?.disconnect();
});

/** Receives the bytes as the API does and queues their import; resolves with the verdict the file reaches. */
async function throughTheQueue(name: string, content: string | Buffer, kind: ReceivedFileKind = 'VOTERS') {
  const input = fx.upload(name, content);
  await receiveFile(fx.prisma, fx.store, input, kind);
  await queue.add('import', { fileId: input.fileId }, { jobId: `import-${input.fileId}` });
  return { fileId: input.fileId, file: await verdict(input.fileId) };
}

async function verdict(fileId: string) {
  for (let i = 0; i < 300; i += 1) {
    const file = await fx.prisma.receivedFile.findUniqueOrThrow({ where: { id: fileId } });
    if (file.status !== 'RECEIVED') return file;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`file ${fileId} is still RECEIVED`);
}

const line = (values: Record<string, string>) => APPENDIX1_FIELD_NAMES.map((f) => values[f] ?? '').join(';');
const messages = (file: { report: unknown }) =>
  ((file.report as { problems?: { message: string }[] } | null)?.problems ?? []).map((p) => p.message);

describe('every file reaches a verdict through the import queue', () => {
  it('accepts quotation marks inside unquoted fields, as exports write them', async () => {
    const r = rows().slice(0, 3);
    const text = [
      APPENDIX1_FIELD_NAMES.join(';'),
      line({ ...r[0], Street: 'КГУ "Школа-гимназия № 5"' }),
      line({ ...r[1], Soname: 'Ким "Ли"' }),
      line(r[2]),
    ].join('\r\n');
    const { file } = await throughTheQueue('quotes.csv', text);
    expect(file).toMatchObject({ status: 'ACCEPTED', records: 3, rowsWithProblems: 0 });
    const staged = await fx.prisma.voterFileRecord.findMany({
      where: { submissionId: file.id },
      orderBy: { row: 'asc' },
      select: { street: true, surname: true },
    });
    expect([staged[0].street, staged[1].surname]).toEqual(['КГУ "Школа-гимназия № 5"', 'Ким "Ли"']);
  });

  it('refuses random bytes sent as voters and as a station list', async () => {
    const random = Buffer.from(Array.from({ length: 30_000 }, (_, i) => (i * 7919 + 13) % 251));
    expect(messages((await throughTheQueue('random.csv', random)).file)).toEqual([
      expect.stringMatching(/^the file is not text: it holds binary data/),
    ]);
    const stations = (await throughTheQueue('random-stations.csv', random, 'STATIONS')).file;
    expect(stations.status).toBe('REJECTED');
    // A NUL byte in a station list's value (PostgreSQL refuses 0x00): a problem of that row, not a failed import.
    const header =
      '№ п/п;Номер избирательного участка;Наименование помещения для голосования;Населенный пункт;Улица;Дом;Отметка';
    const nul = await throughTheQueue(
      'nul-stations.csv',
      `${header}\r\n1;901;Школа\u0000 № 5;Петропавловск;Абая;1;\r\n`,
      'STATIONS',
    );
    expect(messages(nul.file)).toEqual([expect.stringMatching(/^holds a control character/)]);
  });

  it('refuses an .mdb cut in half and one whose header was altered, in plain words', async () => {
    const mdb = writeAppendix1Mdb([...voterFile(SPEC, 'wk59-a')].map(appendix1AccessRow));
    const cut = await throughTheQueue('cut.mdb', mdb.subarray(0, Math.floor(mdb.length / 2)));
    expect(cut.file.status).toBe('REJECTED');
    expect(messages(cut.file)[0]).toMatch(/^the (database is damaged|file cannot be read as an MS Access database)/);
    const altered = Buffer.from(mdb);
    altered.write('Standard Xet DB', 4, 'latin1');
    expect(messages((await throughTheQueue('altered.mdb', altered)).file)).toEqual([
      expect.stringMatching(/^the file is not text: it holds binary data/),
    ]);
  });

  it('reads UTF-16LE without a byte-order mark, and stages a NUL byte in a surname as a finding', async () => {
    const r = rows().slice(0, 4);
    const text = `${[APPENDIX1_FIELD_NAMES.join(';'), ...r.map(line)].join('\r\n')}\r\n`;
    expect((await throughTheQueue('utf16.csv', Buffer.from(text, 'utf16le'))).file).toMatchObject({
      status: 'ACCEPTED',
      records: 4,
    });
    const nul = [
      APPENDIX1_FIELD_NAMES.join(';'),
      line({ ...r[0], Soname: `${r[0].Soname}\u0000` }),
      ...r.slice(1).map(line),
    ].join('\r\n');
    const { file } = await throughTheQueue('nul.csv', nul);
    expect(file).toMatchObject({ status: 'ACCEPTED', records: 4, rowsWithProblems: 1 });
    expect(
      (await fx.prisma.voterFileRecord.findFirstOrThrow({ where: { submissionId: file.id, row: 1 } })).problems,
    ).toEqual(['Soname:control-character']);
    const header = [APPENDIX1_FIELD_NAMES.join(';').replace('Soname', 'Son\u0000ame'), ...r.map(line)].join('\r\n');
    expect(messages((await throughTheQueue('nul-header.csv', header)).file)).toEqual([
      'the file lacks the Appendix 1 field(s) Soname',
      'the file has field(s) Appendix 1 does not define: 1 more that are not field names',
    ]);
  });

  it('ends a file whose import keeps failing FAILED, with a reason that quotes nothing, and a retry imports it', async () => {
    // The database refuses this district's submissions, with a message that quotes a value (as PostgreSQL's do).
    await fx.client.query(`CREATE OR REPLACE FUNCTION tizim_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'value is "%"', NEW.voter_file; END $$`);
    await fx.client.query(
      "CREATE TRIGGER tizim_test_refuse BEFORE INSERT ON voter_submission FOR EACH ROW WHEN (NEW.district_id = 'wk59-a') EXECUTE FUNCTION tizim_test_refuse()",
    );
    let fileId: string | undefined;
    try {
      const sent = await throughTheQueue('secret-name.csv', appendix1Csv(rows().slice(0, 5)));
      fileId = sent.fileId;
      expect(sent.file).toMatchObject({
        status: 'FAILED',
        failure: 'the database refused the import (PostgreSQL error P0001)',
      });
      const job = await queue.getJob(`import-${fileId}`);
      expect(job?.failedReason).toBe('the database refused the import (PostgreSQL error P0001)');
      const kept = JSON.stringify([
        job?.failedReason,
        job?.stacktrace,
        await redis.hgetall(`${prefix}:${QUEUES.fileImports}:import-${fileId}`),
      ]);
      expect(kept).not.toContain('secret-name');
      expect(kept).not.toContain('value is');
    } finally {
      await fx.client.query('DROP TRIGGER IF EXISTS tizim_test_refuse ON voter_submission');
    }
    expect(await retryFileImport(fx.prisma, queue, fileId!)).toBe(true);
    expect(await retryFileImport(fx.prisma, queue, fileId!)).toBe(false);
    expect(await verdict(fileId!)).toMatchObject({ status: 'ACCEPTED', records: 5, failure: null });
  });

  it('queues, by the sweep, a received file that has no job, and only once', async () => {
    // Recorded as the API records an upload, its job never added (Redis was down).
    const input = fx.upload('outbox.csv', appendix1Csv(rows().slice(0, 4)));
    await receiveFile(fx.prisma, fx.store, input, 'VOTERS');
    expect(await queue.getJob(`import-${input.fileId}`)).toBeUndefined();
    // The fixture's files are received on 2 January 2034: the sweep an hour later.
    const later = new Date('2034-01-02T06:00:00Z');
    expect(await sweepReceivedFiles(fx.prisma, queue, later)).toContain(input.fileId);
    // Queued again while its job waits or runs: the same job.
    expect(await enqueueFileImport(queue, input.fileId)).toBe(false);
    expect(await verdict(input.fileId)).toMatchObject({ status: 'ACCEPTED', records: 4 });
    expect(await sweepReceivedFiles(fx.prisma, queue, later)).not.toContain(input.fileId);
    const jobs = await queue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed']);
    expect(jobs.filter((j) => j.data.fileId === input.fileId).map((j) => j.id)).toEqual([`import-${input.fileId}`]);
  });

  it('never turns a decided file FAILED', async () => {
    const { fileId, file } = await throughTheQueue('decided.csv', appendix1Csv(rows().slice(0, 2)));
    expect(file.status).toBe('ACCEPTED');
    await recordImportFailure({ prisma: fx.prisma }, fileId, 'late');
    expect((await fx.prisma.receivedFile.findUniqueOrThrow({ where: { id: fileId } })).status).toBe('ACCEPTED');
  });
});
