/**
 * The district cycle on the time-skipping server, with the real activities on the run's
 * PostgreSQL: tasks opened with their statutory deadlines, completions as Updates refused in the
 * wrong role, territory or shape, the reconciliation loop, reminders and the escalation ladder on
 * durable timers, and the projected miss raised before any deadline passes.
 *
 * The server's clock starts at the real present, so the period is the next one with room to run
 * (picked from today) and every expected moment comes from the calendar engine.
 */
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DefaultLogger, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createNotificationQueue } from '../../activities/notifications/egov-notifications';
import { LocalStateRegistrationService } from '../../activities/registry/state-registration';
import {
  calendarYearsFor,
  cycleSchedule,
  DEFAULT_DEADLINE_SETTINGS,
  parsePeriod,
  periodStartingAfter,
  WorkingCalendar,
  type DeadlineSettings,
} from '../../libs/calendar';
import { CalendarStore } from '../../libs/db/calendar-store';
import type { PrismaClient } from '../../libs/db/prisma';
import { producerConnection } from '../../libs/queues/queues';
import { FAILURE_CONVERTER_PATH, tizimDataConverter } from '../../libs/temporal/codec';
import {
  completeTaskUpdate,
  DEFAULT_ESCALATION_POLICY,
  districtStateQuery,
  type CompleteTaskRequest,
  type CycleActor,
  type SubmittedFile,
} from '../../workflows/contracts/cycle';
import { districtCycleWorkflow } from '../../workflows/district-cycle';
import { ensureCalendarYears, eventually, testPrisma } from '../support/fixtures';
import { TEMPORAL_TEST_SERVER, testConfig } from '../support/test-env';

const config = testConfig();
const dataConverter = tizimDataConverter(config.codec.keys, config.codec.activeKeyId);
const DISTRICT = { regionCode: '71', districtId: '7101' };
const registrar: CycleActor = { id: 'registrar-7101', role: 'AKIMAT_REGISTRAR', regionCode: '71', districtId: '7101' };
const commission: CycleActor = { id: 'commission-7101', role: 'DISTRICT_COMMISSION', regionCode: '71', districtId: '7101' };

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let prisma: PrismaClient;
let producer: ReturnType<typeof producerConnection>;
let calendar: WorkingCalendar;
let period: string;

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ logger: new DefaultLogger('WARN'), workflowsPath: require.resolve('../../workflows'), failureConverterPath: FAILURE_CONVERTER_PATH });
  prisma = await testPrisma();
  producer = producerConnection(config.redisUrl);
});

afterAll(async () => {
  await producer?.quit();
  await prisma?.$disconnect();
});

// A fresh test server per test: once a workflow's result is awaited the server may skip its clock
// far ahead (seen: ten years), which would leave the next test outside the calendar.
beforeEach(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEMPORAL_TEST_SERVER } },
    client: { dataConverter },
  });
  // At least ten days before the period's submission deadline, whatever today is.
  period = periodStartingAfter((await env.currentTimeMs()) + 20 * 86_400_000).id;
  await ensureCalendarYears(prisma, calendarYearsFor(parsePeriod(period)));
  calendar = await new CalendarStore(prisma).calendar();
});

afterEach(async () => {
  await env?.teardown();
});

async function withWorker<T>(settings: DeadlineSettings, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `cycle-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities({
      prisma,
      stateRegistration: new LocalStateRegistrationService(prisma),
      notificationQueue: createNotificationQueue(producer, config.queuePrefix),
      deadlineSettings: settings,
    }),
    dataConverter,
    maxCachedWorkflows: 0,
  });
  return worker.runUntil(fn(taskQueue));
}

async function start(taskQueue: string) {
  return env.client.workflow.start(districtCycleWorkflow, {
    taskQueue,
    workflowId: `test-district-cycle-${randomUUID()}`,
    // The time-skipping server cannot register search attributes; the e2e test covers them.
    args: [{ period, ...DISTRICT, policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false }],
  });
}

async function filesMatchingRegister(extraVoters = 0): Promise<SubmittedFile[]> {
  const voters = await prisma.registerVoter.count({ where: { districtId: DISTRICT.districtId } });
  const stations = await prisma.pollingStation.count({ where: { districtId: DISTRICT.districtId } });
  return [
    { kind: 'voters', name: 'izbirateli_7101.mdb', sizeBytes: 1_234_567, records: voters + extraVoters },
    { kind: 'stations', name: 'uchastki_7101.xlsx', sizeBytes: 20_480, records: stations },
    { kind: 'boundaries', name: 'granicy_7101.xlsx', sizeBytes: 30_720, records: 42 },
  ];
}

type Handle = Awaited<ReturnType<typeof start>>;

async function openTask(handle: Handle, kind: string) {
  for (let i = 0; i < 50; i++) {
    const state = await handle.query(districtStateQuery);
    const task = state.tasks.find((t) => t.kind === kind && t.status === 'OPEN');
    if (task) return { state, task };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no open ${kind} task`);
}

const refusal = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return String((err as WorkflowUpdateFailedError).cause?.message);
  }
  throw new Error('the update was accepted');
};

describe('districtCycleWorkflow', () => {
  it('runs submission, reconciliation, send-back, corrections and a clean second round to ready', async () => {
    const result = await withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const handle = await start(taskQueue);
      const { state, task } = await openTask(handle, 'SUBMIT_FILES');
      const expected = cycleSchedule(calendar, period, {}, DEFAULT_DEADLINE_SETTINGS);
      expect(state.stage).toBe('awaiting-submission');
      expect(task).toMatchObject({ assigneeRole: 'AKIMAT_REGISTRAR', dueAt: expected.steps[0].due.at, round: 0 });
      expect(await prisma.cycleTask.findUnique({ where: { id: task.id } })).toMatchObject({ status: 'OPEN', kind: 'SUBMIT_FILES', districtId: '7101' });

      const submit = (req: Partial<CompleteTaskRequest>) =>
        handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, requestId: 'req-1', actor: registrar, outcome: { kind: 'SUBMIT_FILES', files: [] }, ...req }] });
      // Refused before reaching history: wrong role, wrong district, bad act, unknown task.
      expect(await refusal(submit({ actor: commission }))).toBe("This task is for the akimat's registrar; the district commission cannot complete it");
      expect(await refusal(submit({ actor: { ...registrar, districtId: '7102' } }))).toBe('You act for district 7102; this task belongs to district 7101');
      expect(await refusal(submit({}))).toBe('outcome.files must hold exactly one voters file (it holds 0)');
      expect(await refusal(submit({ taskId: randomUUID() }))).toMatch(/^No task .* is open in this cycle workflow$/);

      // The act declares one voter more than the register holds: a discrepancy.
      const files = await filesMatchingRegister(1);
      const first = await submit({ outcome: { kind: 'SUBMIT_FILES', files } });
      expect(first).toMatchObject({ taskId: task.id, kind: 'SUBMIT_FILES', completedBy: 'registrar-7101', repeated: false });
      // The same request again is answered as before; another request is refused.
      expect(await submit({ outcome: { kind: 'SUBMIT_FILES', files } })).toEqual({ ...first, repeated: true });
      expect(await refusal(submit({ requestId: 'req-2', outcome: { kind: 'SUBMIT_FILES', files } }))).toMatch(/^The task was already completed by registrar-7101 at /);

      const review = await openTask(handle, 'REVIEW_DISCREPANCIES');
      expect(review.state.stage).toBe('commission-review');
      expect(review.state.lastReconciliation?.discrepancies).toEqual([expect.objectContaining({ code: 'voter-count-mismatch', actual: files[0].records, expected: files[0].records - 1 })]);
      const received = cycleSchedule(calendar, period, { receivedAt: first.completedAt, reconciledAt: review.state.lastReconciliation!.reconciledAt }, DEFAULT_DEADLINE_SETTINGS);
      expect(review.task).toMatchObject({ assigneeRole: 'DISTRICT_COMMISSION', round: 1, dueAt: received.steps[2].due.at });

      await handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: review.task.id, requestId: 'req-3', actor: commission, outcome: { kind: 'REVIEW_DISCREPANCIES', decision: 'send-back' } }],
      });
      const corrections = await openTask(handle, 'SUBMIT_CORRECTIONS');
      expect(corrections.state.stage).toBe('awaiting-corrections');
      await handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: corrections.task.id, requestId: 'req-4', actor: registrar, outcome: { kind: 'SUBMIT_CORRECTIONS', files: await filesMatchingRegister() } }],
      });
      return handle.result();
    });
    expect(result).toMatchObject({ districtId: '7101', rounds: 2, discrepancies: 0 });
    const runs = await prisma.cycleReconciliation.findMany({ where: { districtId: '7101', period }, orderBy: { round: 'asc' } });
    expect(runs.slice(-2).map((r) => [r.round, r.discrepancies])).toEqual([[1, 1], [2, 0]]);
  });

  it('reminds before the deadline, escalates when it passes and climbs the ladder until the files come', async () => {
    await withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const handle = await start(taskQueue);
      const { task } = await openTask(handle, 'SUBMIT_FILES');
      const due = Date.parse(task.dueAt);
      const skipTo = async (ms: number) => env.sleep(ms - (await env.currentTimeMs()));
      const escalation = () => prisma.escalation.findFirst({ where: { taskId: task.id } });
      // The timers fire when time is skipped; the activities they start finish a moment later.
      const escalatedTo = (level: string) => eventually(`escalation at ${level}`, async () => (await escalation())?.level === level && escalation());
      const reminded = () => prisma.cycleTask.findUnique({ where: { id: task.id } }).then((t) => t?.remindedAt ?? null);

      await skipTo(due - 25 * 3_600_000);
      expect(await reminded()).toBeNull();
      await skipTo(due - 23 * 3_600_000);
      await eventually('the reminder', reminded);
      expect(await escalation()).toBeNull();

      await skipTo(due + 60_000);
      expect(await escalatedTo('AKIMAT_REGISTRAR')).toMatchObject({ reason: 'DEADLINE_PASSED', step: 'submission', resolvedAt: null });
      await skipTo(due + 4 * 3_600_000 + 60_000);
      await escalatedTo('DISTRICT_COMMISSION');
      await skipTo(due + 24 * 3_600_000 + 60_000);
      await escalatedTo('REGIONAL_COMMISSION');
      await skipTo(due + 48 * 3_600_000 + 60_000);
      await escalatedTo('CEC_COORDINATOR');
      const state = await handle.query(districtStateQuery);
      expect(state.atRisk).toBe(true);
      expect(state.schedule!.steps[0].state).toBe('overdue');

      await handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, requestId: 'late', actor: registrar, outcome: { kind: 'SUBMIT_FILES', files: await filesMatchingRegister() } }],
      });
      expect(await handle.result()).toMatchObject({ rounds: 1, discrepancies: 0 });
      expect((await escalation())?.resolvedAt).not.toBeNull();
      // Late, but done: the step is met late, and nothing is left open.
      expect(await prisma.escalation.count({ where: { workflowId: handle.workflowId, resolvedAt: null } })).toBe(0);
    });
  });

  it('raises a projected miss as soon as the chain cannot reach the CEC in time', async () => {
    // A regional margin of five working days makes any period's chain miss 15 January / 15 July.
    const tight = { ...DEFAULT_DEADLINE_SETTINGS, regionalMarginWorkingDays: 5 };
    await withWorker(tight, async (taskQueue) => {
      const handle = await start(taskQueue);
      await openTask(handle, 'SUBMIT_FILES');
      const state = await handle.query(districtStateQuery);
      expect(state.schedule!.projection.fits).toBe(false);
      expect(state.atRisk).toBe(true);
      expect(state.escalations).toEqual([expect.objectContaining({ reason: 'PROJECTED_MISS', level: 'REGIONAL_COMMISSION', resolvedAt: null })]);
      const record = await prisma.escalation.findUnique({ where: { id: state.escalations[0].id } });
      expect(record).toMatchObject({ reason: 'PROJECTED_MISS', missesByWorkingDays: state.schedule!.projection.missesByWorkingDays, districtId: '7101' });
      await handle.terminate('test over');
    });
  });
});
