/**
 * Outages answered at once and in plain words (issue 23, "Processes and outages"), against a real
 * Temporal dev server, worker, PostgreSQL and Redis:
 *
 * - the worker shut down: /ready names the task queue nobody polls; a task completion sent while
 *   the worker is known to be down is 503 "the worker is not running, nothing was sent" and is
 *   never applied; one sent just after the worker died (before its silence shows) is 504 "sent,
 *   not yet applied, may still be", and is applied once the worker is back, as the answer said;
 * - Temporal unreachable: a route that reads a workflow is 503 naming Temporal;
 * - PostgreSQL unreachable (the API's connection goes through a proxy that is then closed): a
 *   route that reads the database is 503 naming it;
 * - Redis unreachable: the error the API's Redis connection gives is the queue's outage.
 *
 * Every request is made with the client's own 15 s abort: an answer that does not come by then
 * fails the test (the outage hung the request), whatever its status would have been.
 *
 * The dev server's long polls last 5 s here (a minute by default), so a worker that is alive
 * polls at least every 5 s and TEMPORAL_WORKER_SILENT_SECONDS can be 15 instead of 90.
 */
import { createApp } from '../../apps/api/src/app';
import { outageOf } from '../../apps/api/src/core/outages';
import { producerConnection } from '../../libs/queues/queues';
import { calendarYearsFor, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { nationalCycleWorkflowId } from '../../libs/contracts/cycle';
import { stageDistrictFiles } from '../support/cycle-harness';
import { closedAddress, FaultyProxy } from '../support/faulty-proxy';
import { ensureCalendarYears, eventually, OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStack, withTemporalUnreachable } from '../support/local-stack';

/** The client's own patience: an answer later than this is a hang. */
const CLIENT_ABORT_MS = 15_000;

// A period no other suite starts a cycle for, with its calendar years (the cycle, console and board
// suites take the one starting 20 days from now, the browser's district cycle the two after it: a
// task another stack created for the same period and district would be taken for this one's).
const period = periodStartingAfter(Date.now() + 560 * 86_400_000).id;
const stack = useLocalStack({
  temporalArgs: ['--dynamic-config-value', 'matching.longPollExpirationInterval="5s"'],
  config: { TEMPORAL_WORKER_SILENT_SECONDS: '15' },
  beforeStart: (s) => ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period))),
  beforeStop: async (s) =>
    s.env.client.workflow
      .getHandle(nationalCycleWorkflowId(period))
      .terminate('test over')
      .then(() => undefined),
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { code?: string; detail?: string; params?: Record<string, unknown> };
}

/** One request with the client's abort; its answer, or the error that the abort was. */
async function request(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: OPERATOR_HEADERS,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(CLIENT_ABORT_MS),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

const districtTask = async (districtId: string) => {
  const state = await eventually(
    `the SUBMIT_FILES task of district ${districtId}`,
    async () => {
      const res = await stack.call('GET', `/v1/cycles/${period}/districts/${districtId}`);
      return res.status === 200 && res.body.tasks.length === 1 && res.body;
    },
    90_000,
  );
  return state.tasks[0] as { id: string; status: string };
};

/** The outcomes the audit log holds of a task's completions, oldest first. */
const auditOutcomes = async (taskId: string): Promise<string[]> =>
  (
    await stack.prisma.auditEvent.findMany({
      where: { action: 'cycle-task.complete', subjectId: taskId },
      orderBy: { id: 'asc' },
      select: { outcome: true },
    })
  ).map((e) => e.outcome);

/** A task's status as recorded (the district's workflow may have ended once its round is done). */
const taskStatus = async (taskId: string): Promise<string> =>
  (await stack.prisma.cycleTask.findUniqueOrThrow({ where: { id: taskId } })).status;

describe('the worker shut down', () => {
  it('is named by /ready; a change needing it answers at once, 503 when nothing was sent, 504 when it may still apply', async () => {
    const queue = stack.config.temporal.taskQueue;
    expect(await request(stack.base, 'POST', '/v1/cycles', { period })).toMatchObject({ status: 201 });
    const early = await districtTask('7101');
    const late = await districtTask('7102');
    const earlyOutcome = await stageDistrictFiles(stack.prisma, '7101', period);
    const lateOutcome = await stageDistrictFiles(stack.prisma, '7102', period);
    expect(await request(stack.base, 'GET', '/ready')).toMatchObject({
      status: 200,
      body: { status: 'ready', components: { worker: { status: 'up' } } },
    });

    await stack.worker.stop();

    // Just after it stopped, its last poll is recent: the change is sent, no worker takes it up,
    // and the answer (before the client gives up) says it may still be applied, and where to look.
    const sent = await request(stack.base, 'POST', `/v1/tasks/${early.id}/complete`, { outcome: earlyOutcome });
    expect(sent.status).toBe(504);
    expect(sent.body).toMatchObject({ code: 'workflow.outcome-unknown', params: { readAt: '/v1/tasks' } });
    expect(sent.body.detail).toMatch(/no worker took it up/);
    // On the audit record as what it is: its outcome not known (not "done", not "refused").
    expect(await auditOutcomes(early.id)).toEqual(['unknown']);

    // Once its silence shows, /ready names the queues nobody polls (the workflow task queue's,
    // which Updates need, and the activity task queue's: either may show first) ...
    type Components = Record<string, { status: string; error?: string }>;
    const notReady = await eventually(
      'the workflow task queue reported without a worker',
      async () => {
        const res = await request(stack.base, 'GET', '/ready');
        const worker = (res.body.components as Components).worker;
        return res.status === 503 && worker.error?.includes('workflow task queue') && res;
      },
      60_000,
    );
    expect(notReady.body).toMatchObject({
      status: 'not-ready',
      components: { postgres: { status: 'up' }, redis: { status: 'up' }, temporal: { status: 'up' } },
    });
    const worker = (notReady.body.components as Components).worker;
    expect(worker.status).toBe('down');
    expect(worker.error).toContain(`no worker polls the workflow task queue "${queue}" (last poll `);

    // ... and a change is not sent at all: 503, nothing applied, try again later.
    const refused = await request(stack.base, 'POST', `/v1/tasks/${late.id}/complete`, { outcome: lateOutcome });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.body).toMatchObject({ code: 'worker.not-running', params: { taskQueue: queue } });
    expect(refused.body.detail).toMatch(/the worker is not running.*nothing was sent and nothing changed/i);
    expect(await auditOutcomes(late.id)).toEqual(['not-applied']);

    await stack.worker.start();
    await eventually('ready again', async () => (await request(stack.base, 'GET', '/ready')).status === 200, 60_000);
    // The change sent before the worker's silence showed is applied now, as its 504 said it might be.
    await eventually('the early task completed', async () => (await taskStatus(early.id)) === 'COMPLETED', 60_000);
    // The refused one was never sent: its task is still open, and the same request now completes it.
    expect(await taskStatus(late.id)).toBe('OPEN');
    expect(await request(stack.base, 'POST', `/v1/tasks/${late.id}/complete`, { outcome: lateOutcome })).toMatchObject({
      status: 200,
      body: { taskId: late.id, repeated: false },
    });
    expect(await auditOutcomes(late.id)).toEqual(['not-applied', 'ok']);
  }, 300_000);
});

describe('Temporal unreachable', () => {
  it('a district’s cycle state is 503 naming Temporal, before the client gives up', async () => {
    const res = await withTemporalUnreachable(stack, (_call, base) =>
      request(base, 'GET', '/v1/cycles/2027-01/districts/7101'),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(res.body).toMatchObject({ code: 'service.unavailable', params: { service: 'temporal' } });
    expect(res.body.detail).toMatch(/^Temporal \(the workflow service\) could not be reached/);
  });
});

describe('PostgreSQL unreachable', () => {
  it('the task list is 503 naming the database, before the client gives up', async () => {
    const url = new URL(stack.config.databaseUrl);
    const proxy = await FaultyProxy.start(`${url.hostname}:${url.port || 5432}`);
    url.host = proxy.address;
    const api = await createApp({ ...stack.config, databaseUrl: url.toString() }, stack.logger);
    await api.listen(0, '127.0.0.1');
    try {
      const base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
      // Healthy first: on a loaded machine a first connection may take longer than the API's connect
      // timeout (then 503, rightly), so the healthy answer is awaited rather than demanded at once.
      await eventually(
        'the task list read through the proxy',
        async () => (await request(base, 'GET', '/v1/tasks')).status === 200,
        60_000,
      );
      await proxy.close(); // PostgreSQL is gone: its connections cut, new ones refused
      const res = await request(base, 'GET', '/v1/tasks');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(res.body).toMatchObject({ code: 'service.unavailable', params: { service: 'database' } });
      expect(res.body.detail).toMatch(/^PostgreSQL \(the database\) could not be reached/);
    } finally {
      await api.close();
      await proxy.close().catch(() => undefined);
    }
  });
});

describe('PostgreSQL not answering', () => {
  it('a database that takes the connection but never answers is 503 naming it, before the client gives up', async () => {
    // The connection is made but the database's answers are lost (a hung server, a half-open
    // network path): the API's connect timeout runs out, which pg says in words of its own, with
    // no error code (CI met such a wait on a loaded machine as a 500).
    const url = new URL(stack.config.databaseUrl);
    const proxy = await FaultyProxy.start(`${url.hostname}:${url.port || 5432}`);
    proxy.mode = 'swallow';
    url.host = proxy.address;
    const api = await createApp({ ...stack.config, databaseUrl: url.toString() }, stack.logger);
    await api.listen(0, '127.0.0.1');
    try {
      const base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
      const res = await request(base, 'GET', '/v1/tasks');
      expect({ status: res.status, body: res.body }).toMatchObject({
        status: 503,
        body: { code: 'service.unavailable', params: { service: 'database' } },
      });
      expect(res.body.detail).toMatch(/^PostgreSQL \(the database\) could not be reached or did not answer in time/);
    } finally {
      await api.close();
      await proxy.close().catch(() => undefined);
    }
  });
});

describe('Redis unreachable', () => {
  it('a command on the API’s Redis connection fails at once, and is answered as the queue’s outage', async () => {
    const redis = producerConnection(`redis://${await closedAddress()}`);
    redis.on('error', () => undefined);
    try {
      const err = await redis.get('tizim:probe').then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      const outage = outageOf(err);
      expect(outage?.getStatus()).toBe(503);
      expect(outage).toMatchObject({ code: 'service.unavailable', params: { service: 'queue' } });
      expect(outage?.detail).toMatch(/^Redis \(the job queue\) could not be reached/);
    } finally {
      redis.disconnect();
    }
  });
});
