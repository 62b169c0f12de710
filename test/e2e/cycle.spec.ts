/**
 * The cycle over HTTP against a Temporal dev server with the Tizim search attributes registered:
 * the API starts a period, finds the district workflows by stage through visibility, reads a
 * district's live state, completes its task (refused, then accepted, then repeated), and the
 * worker's Schedules for 1 January and 1 July are created and brought up to date.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../apps/api/src/app';
import { CYCLE_SCHEDULE_IDS, ensureCycleSchedules } from '../../apps/worker/src/cycle-schedules';
import { createTizimWorker, type TizimWorker } from '../../apps/worker/src/worker';
import { calendarYearsFor, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import type { PrismaClient } from '../../libs/db/prisma';
import { createLogger } from '../../libs/observability/logger';
import { nationalCycleWorkflowId } from '../../workflows/contracts/cycle';
import { bundleWorkflows } from '../../scripts/bundle-workflows';
import { SEARCH_ATTRIBUTES } from '../../scripts/lib/services';
import { filesMatchingRegister } from '../support/cycle-harness';
import { apiCaller, ensureCalendarYears, eventually, OPERATOR_HEADERS, testPrisma } from '../support/fixtures';
import { TEMPORAL_CLI, testConfig } from '../support/test-env';

const logger = createLogger('e2e', 'fatal');
let env: TestWorkflowEnvironment;
let app: INestApplication;
let worker: TizimWorker;
let running: Promise<void>;
let prisma: PrismaClient;
let base: string;
let config: ReturnType<typeof testConfig>;
let period: string;
const call = apiCaller(() => base);

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: TEMPORAL_CLI },
      searchAttributes: Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => ({ name, type: type.toUpperCase() as 'KEYWORD' })),
    },
  });
  config = testConfig({ TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: `e2e-cycle-${randomUUID()}` });
  prisma = await testPrisma();
  period = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
  await ensureCalendarYears(prisma, calendarYearsFor(parsePeriod(period)));
  worker = await createTizimWorker(config, { logger, workflowBundle: await bundleWorkflows(), installRuntime: false });
  running = worker.run();
  app = await createApp(config, logger);
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await env?.client.workflow.getHandle(nationalCycleWorkflowId(period)).terminate('test over').catch(() => undefined);
  await app?.close();
  await worker?.shutdown();
  await running;
  await prisma?.$disconnect();
  await env?.teardown();
});

describe('the cycle over HTTP', () => {
  it('starts a period once, then a district completes its submission through the API', async () => {
    const started = await call('POST', '/v1/cycles', { period });
    expect(started).toMatchObject({ status: 201, body: { period, workflowId: `cycle-${period}`, started: true } });
    expect(await call('POST', '/v1/cycles', { period })).toMatchObject({ status: 200, body: { started: false } });
    expect((await call('POST', '/v1/cycles', { period: '2027-03' })).body.errors).toEqual([
      { field: 'period', message: 'period must be YYYY-01 (the January cycle) or YYYY-07 (the July cycle)' },
    ]);

    // Visibility: the district workflows are found by their search attributes.
    const listed = await eventually('the district workflow in visibility', async () => {
      const res = await call('GET', `/v1/cycles/workflows?period=${period}&districtId=7101&stage=awaiting-submission`);
      return res.body.length === 1 && res.body;
    });
    expect(listed[0]).toMatchObject({ type: 'districtCycleWorkflow', period, regionCode: '71', districtId: '7101', stage: 'awaiting-submission', status: 'RUNNING' });

    const state = await eventually('the district task', async () => {
      const res = await call('GET', `/v1/cycles/${period}/districts/7101`);
      return res.status === 200 && res.body.tasks.length === 1 && res.body;
    });
    expect(state).toMatchObject({ stage: 'awaiting-submission', regionCode: '71', tasks: [{ kind: 'SUBMIT_FILES', status: 'OPEN', assigneeRole: 'AKIMAT_REGISTRAR' }] });
    expect(state.schedule.period.id).toBe(period);
    const taskId: string = state.tasks[0].id;

    const open = await call('GET', `/v1/tasks?status=OPEN&period=${period}&districtId=7101`);
    // The run's database is shared with the workflow tests, whose terminated workflows leave tasks too.
    expect(open.body.map((t: { id: string }) => t.id)).toContain(taskId);
    expect(open.body.every((t: { status: string; districtId: string; period: string }) => t.status === 'OPEN' && t.districtId === '7101' && t.period === period)).toBe(true);

    const refused = await call('POST', `/v1/tasks/${taskId}/complete`, { outcome: { files: [] } });
    expect(refused).toMatchObject({ status: 409, body: { detail: 'outcome.files must hold exactly one voters file (it holds 0)' } });

    const headers = { ...OPERATOR_HEADERS, 'X-Request-Id': randomUUID() };
    const outcome = { files: await filesMatchingRegister(prisma, '7101') };
    const done = await call('POST', `/v1/tasks/${taskId}/complete`, { outcome, comment: 'act No. 17' }, headers);
    expect(done).toMatchObject({ status: 200, body: { taskId, kind: 'SUBMIT_FILES', completedBy: 'operator', repeated: false } });
    const again = await call('POST', `/v1/tasks/${taskId}/complete`, { outcome, comment: 'act No. 17' }, headers);
    expect(again.body).toEqual({ ...done.body, repeated: true });

    // The files match the register: one clean round, and the district is ready for its region.
    await eventually('the district ready', async () => (await call('GET', `/v1/cycles/${period}/districts/7101`)).body.stage === 'ready');
    await eventually('ready in visibility', async () => (await call('GET', `/v1/cycles/workflows?period=${period}&districtId=7101&stage=ready`)).body.length === 1);
    expect(await prisma.auditEvent.count({ where: { action: 'cycle-task.complete', subjectId: taskId } })).toBe(3);
    expect((await call('GET', `/v1/cycles/${period}/districts/9999`)).status).toBe(404);
  });

  it("creates the Schedules ahead of 1 January and 1 July, and updates them to the settings", async () => {
    expect(await ensureCycleSchedules(env.client, config)).toEqual([
      { scheduleId: CYCLE_SCHEDULE_IDS.january, action: 'created' },
      { scheduleId: CYCLE_SCHEDULE_IDS.july, action: 'created' },
    ]);
    const later = { ...config, cycle: { ...config.cycle, startLeadDays: 10 } };
    expect((await ensureCycleSchedules(env.client, later)).map((s) => s.action)).toEqual(['updated', 'updated']);
    const january = await env.client.schedule.getHandle(CYCLE_SCHEDULE_IDS.january).describe();
    expect(january.spec.timezone).toBe('Asia/Almaty');
    expect(january.spec.calendars?.[0]).toMatchObject({ month: [{ start: 'DECEMBER', end: 'DECEMBER', step: 1 }], dayOfMonth: [{ start: 22, end: 22, step: 1 }] });
    expect(january.action).toMatchObject({ type: 'startWorkflow', workflowType: 'cycleStarterWorkflow' });
  });
});
