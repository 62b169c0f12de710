/**
 * An upload while Redis is down (issue 23: it answered 500 and left the file RECEIVED with no
 * import job, never imported). The received_file row is the import queue's outbox: the upload
 * records it and answers 202 whether or not the job could be queued, and the worker's sweeper
 * queues every RECEIVED file that has no job (job id from the file id, so queueing twice is one
 * job). The API and the worker reach the real Redis through a TCP proxy the test takes down.
 */
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { eventually, OPERATOR_HEADERS } from '../support/fixtures';
import { FaultyProxy } from '../support/faulty-proxy';
import { useLocalStack } from '../support/local-stack';
import { withStations } from '../support/register';
import { testRedisUrl } from '../support/test-env';
import { appendix1Csv } from '../../libs/synthetic/scenario';
import { QUEUES, type FileImportJob } from '../../libs/queues/queues';

/** A period no other suite uploads for, so the same voters' bytes are a new file here. */
const PERIOD = '2039-01';
const config: Record<string, string> = { TIZIM_IMPORT_SWEEP_SECONDS: '1' };
let proxy: FaultyProxy;
beforeAll(async () => {
  const redis = new URL(testRedisUrl());
  proxy = await FaultyProxy.start(`${redis.hostname}:${redis.port || 6379}`);
  config.REDIS_URL = `redis://${proxy.address}${redis.pathname}`;
});
const stack = useLocalStack({ config });
afterAll(async () => {
  proxy?.comeBack();
  await proxy?.close();
});

async function votersCsv(districtId: string): Promise<{ csv: string; rows: number }> {
  const voters = await withStations(
    stack.prisma,
    await stack.prisma.registerVoter.findMany({ where: { districtId }, orderBy: { iin: 'asc' } }),
  );
  // In reverse order: bytes of this suite's own (files.spec.ts uploads the same voters in order,
  // and the same bytes twice are "the same file again").
  const rows = voters.reverse().map((v, i): Record<string, string> => ({
    Cod: String(i + 1),
    Cod_izber: v.iin,
    Soname: v.surname,
    Name: v.firstName,
    Otchestvo: v.patronymic ?? '',
    Cod_uch: String(v.station?.number ?? ''),
    Date_rogd: v.birthDate.toISOString().slice(0, 10),
    mal: v.sex === 'MALE' ? 'М' : 'Ж',
    Mesto_progiv: v.locality,
    Street: v.street ?? '',
    Hourse: v.house ?? '',
    Kvartira: v.apartment ?? '',
    Dopol1: '0',
    Dopol2: '0',
    Dopol4: '0',
  }));
  return { csv: appendix1Csv(rows), rows: rows.length };
}

async function upload(districtId: string, csv: string) {
  const form = new FormData();
  form.set('period', PERIOD);
  form.set('districtId', districtId);
  form.set('kind', 'voters');
  form.set('file', new Blob([new Uint8Array(Buffer.from(csv))]), 'izbirateli.csv');
  const res = await fetch(`${stack.base}/v1/files`, {
    method: 'POST',
    headers: { Authorization: OPERATOR_HEADERS.Authorization },
    body: form,
    // A bound on a hang, not a timing: before the outbox the request never answered while Redis was down.
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, body: (await res.json()) as { id: string } & Record<string, unknown> };
}

describe('an upload while Redis is down', () => {
  it('is recorded and answered 202, and imported by the sweeper once Redis is back', async () => {
    const { csv, rows } = await votersCsv('7101');
    expect(rows).toBeGreaterThan(0);
    proxy.goDown();
    let sent: Awaited<ReturnType<typeof upload>>;
    try {
      sent = await upload('7101', csv);
      expect(sent.status).toBe(202);
      expect(sent.body).toMatchObject({ status: 'RECEIVED', districtId: '7101', period: PERIOD, importQueued: false });
      expect(await stack.prisma.receivedFile.findUnique({ where: { id: sent.body.id } })).toMatchObject({
        status: 'RECEIVED',
      });
    } finally {
      proxy.comeBack();
    }
    const file = await eventually(
      `file ${sent.body.id} imported`,
      async () => {
        const r = await stack.call('GET', `/v1/files/${sent.body.id}`);
        return r.body.status !== 'RECEIVED' ? r.body : null;
      },
      60_000,
    );
    expect(file).toMatchObject({ status: 'ACCEPTED', records: rows });
    expect(await stack.prisma.voterFileRecord.count({ where: { submissionId: sent.body.id } })).toBe(rows);

    // One job, keyed by the file: the sweeper's next passes (and a second queueing) add none.
    const redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: null });
    const queue = new Queue<FileImportJob>(QUEUES.fileImports, { connection: redis, prefix: stack.config.queuePrefix });
    try {
      const jobs = await queue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed']);
      expect(jobs.filter((j) => j.data.fileId === sent.body.id).map((j) => j.id)).toEqual([`import-${sent.body.id}`]);
    } finally {
      await queue.close();
      redis.disconnect();
    }
  });
});
