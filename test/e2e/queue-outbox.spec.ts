/**
 * The other requests that record a row and queue a job (issue 23, as the files' upload): a register
 * extract uploaded, and a region's consolidated file requested, while Redis is down. Each row is
 * its queue's outbox: the request records it and answers within a bound whether or not the job
 * could be queued, and the worker's sweeper queues every row left without a job once Redis is
 * back, so each reaches its verdict. On a database of its own: a register snapshot made current
 * changes the one register every suite reads. The API and the worker reach the real Redis through
 * a TCP proxy the test takes down.
 */
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { eventually, OPERATOR_HEADERS } from '../support/fixtures';
import { FaultyProxy } from '../support/faulty-proxy';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';
import { testRedisUrl } from '../support/test-env';
import { registerExtractSample, SAMPLE_EXTRACT_AS_OF } from '../../libs/synthetic/register-extract';
import { QUEUES } from '../../libs/queues/queues';

let proxy: FaultyProxy;
beforeAll(async () => {
  const redis = new URL(testRedisUrl());
  proxy = await FaultyProxy.start(`${redis.hostname}:${redis.port || 6379}`);
});
const { stack } = useLocalStackOnOwnDatabase('queue_outbox', {
  config: {
    TIZIM_IMPORT_SWEEP_SECONDS: '1',
    // Read when the stack builds its config, once the proxy listens.
    get REDIS_URL() {
      return `redis://${proxy.address}${new URL(testRedisUrl()).pathname}`;
    },
  } as Record<string, string>,
});
afterAll(async () => {
  proxy?.comeBack();
  await proxy?.close();
});

/** A bound on a hang, not a timing: before the outbox these requests never answered while Redis was down. */
const BOUND = AbortSignal.timeout.bind(AbortSignal, 20_000);

async function jobIds(queueName: string): Promise<string[]> {
  const redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection: redis, prefix: stack.config.queuePrefix });
  try {
    return (await queue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed'])).map((j) => j.id!);
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

describe('while Redis is down', () => {
  it('a register extract is recorded, answered 202, and imported by the sweeper once Redis is back', async () => {
    const sample = registerExtractSample();
    const form = new FormData();
    form.set('asOf', SAMPLE_EXTRACT_AS_OF);
    form.set('file', new Blob([new Uint8Array(sample.content)]), 'register-extract-sample.csv');
    proxy.goDown();
    let id: string;
    try {
      const res = await fetch(`${stack.base}/v1/register/snapshots`, {
        method: 'POST',
        headers: { Authorization: OPERATOR_HEADERS.Authorization },
        body: form,
        signal: BOUND(),
      });
      const body = (await res.json()) as { id: string; status: string; importQueued: boolean };
      expect({ status: res.status, body }).toMatchObject({
        status: 202,
        body: { status: 'IMPORTING', importQueued: false },
      });
      id = body.id;
    } finally {
      proxy.comeBack();
    }
    const done = await eventually(
      `snapshot ${id} imported`,
      async () => {
        const r = await stack.call('GET', `/v1/register/snapshots/${id}`);
        return r.body.status === 'IMPORTING' ? null : r.body;
      },
      60_000,
    );
    expect(done).toMatchObject({ status: 'CURRENT', rowsRead: sample.rows });
    expect((await jobIds(QUEUES.registerImports)).filter((j) => j.includes(id))).toEqual([`register-${id}`]);
  });

  it("a region's consolidated file is recorded, answered 202, and reaches its verdict once Redis is back", async () => {
    proxy.goDown();
    let id: string;
    try {
      const res = await fetch(`${stack.base}/v1/consolidated-files`, {
        method: 'POST',
        headers: { ...OPERATOR_HEADERS, 'Content-Type': 'application/json' },
        body: JSON.stringify({ period: '2039-07', regionCode: '63' }),
        signal: BOUND(),
      });
      const body = (await res.json()) as { id: string; status: string; queued: boolean };
      // The whole answer on a mismatch: a 503 names the service that failed it.
      expect({ status: res.status, body }).toMatchObject({ status: 202, body: { status: 'QUEUED', queued: false } });
      id = body.id;
    } finally {
      proxy.comeBack();
    }
    // No district of the region has a voter file in that period: the verdict is a refusal, naming them.
    const done = await eventually(
      `consolidated file ${id} decided`,
      async () => {
        const r = await stack.call('GET', `/v1/consolidated-files/${id}`);
        return r.body.status === 'QUEUED' ? null : r.body;
      },
      60_000,
    );
    expect(done.status).toBe('REFUSED');
    expect((await jobIds(QUEUES.fileExports)).filter((j) => j.includes(id))).toEqual([`consolidate-${id}`]);
  });
});
