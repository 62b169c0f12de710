/**
 * The calendar engine inside the workflow sandbox, on the time-skipping server: the bundler
 * accepts libs/calendar (no Node built-ins, no I/O), the calendar arrives through the
 * loadCalendar activity from PostgreSQL, and with no workflow cache every task is replayed from
 * history and must compute the same deadlines.
 */
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, type Activities } from '../../activities';
import { LocalStateRegistrationService } from '../../libs/gateways/state-registration';
import { createNotificationQueue } from '../../libs/queues/egov-notifications';
import { DEFAULT_DEADLINE_SETTINGS } from '../../libs/calendar';
import type { PrismaClient } from '../../libs/db/prisma';
import { producerConnection } from '../../libs/queues/queues';
import { FAILURE_CONVERTER_PATH, tizimDataConverter } from '../../libs/temporal/codec';
import { testPrisma } from '../support/fixtures';
import { TEMPORAL_TEST_SERVER, testConfig } from '../support/test-env';
import { calendarProbeWorkflow } from './fixtures/calendar-probe.workflow';

const config = testConfig();
const dataConverter = tizimDataConverter(config.codec.keys, config.codec.activeKeyId);

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let prisma: PrismaClient;
let activities: Activities;
let producer: ReturnType<typeof producerConnection>;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEMPORAL_TEST_SERVER } },
    client: { dataConverter },
  });
  bundle = await bundleWorkflowCode({
    logger: new DefaultLogger('WARN'),
    workflowsPath: require.resolve('./fixtures/calendar-probe.workflow'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
  });
  prisma = await testPrisma();
  producer = producerConnection(config.redisUrl);
  activities = createActivities({
    prisma,
    stateRegistration: new LocalStateRegistrationService(prisma),
    notificationQueue: createNotificationQueue(producer, config.queuePrefix),
    deadlineSettings: DEFAULT_DEADLINE_SETTINGS,
  });
});

afterAll(async () => {
  await producer?.quit();
  await prisma?.$disconnect();
  await env?.teardown();
});

describe('the calendar engine in workflow code', () => {
  it('computes the January 2027 deadlines from calendar data and sleeps to one on a durable timer', async () => {
    const taskQueue = `calendar-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
      dataConverter,
      maxCachedWorkflows: 0,
    });
    const result = await worker.runUntil(
      env.client.workflow.execute(calendarProbeWorkflow, {
        taskQueue,
        workflowId: `calendar-probe-${randomUUID()}`,
        args: [{ period: '2027-01', receivedAt: '2026-12-31T17:00:00+05:00' }],
      }),
    );
    // Received on the statutory last day: reconciliation due Friday 8 January 2027 at 18:00 Almaty.
    expect(result.reconciliationDue).toBe('2027-01-08T13:00:00.000Z');
    expect(result.fitsAtStart).toBe(false);
    expect(result.missesByAtStart).toBe(1);
    // The timer fired after the deadline (time skipped, not waited), and the step is then overdue.
    expect(Date.parse(result.wokeAt)).toBeGreaterThan(Date.parse(result.reconciliationDue));
    expect(result.stateAfterDeadline).toBe('overdue');
  });

  it('loadCalendar hands over the years asked for with the settings, and names a missing year', async () => {
    const snapshot = await activities.loadCalendar([2026, 2027]);
    expect(snapshot.years.map((y) => y.year)).toEqual([2026, 2027]);
    expect(snapshot.settings).toEqual(DEFAULT_DEADLINE_SETTINGS);
    await expect(activities.loadCalendar([2027, 2099])).rejects.toThrow(/no data for 2099/);
  });
});
