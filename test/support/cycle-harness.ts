/**
 * What the cycle workflow tests share: a fresh time-skipping server per test (once a workflow's
 * result is awaited the server may skip its clock far ahead, seen: ten years, which would leave
 * the next test outside the calendar), the workflow bundle built once, a worker with the real
 * activities on the run's PostgreSQL and Redis, and the period picked from the server's clock.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createVoterPartition } from '../../libs/db/voter-partitions';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createNotificationQueue } from '../../libs/queues/egov-notifications';
import {
  calendarYearsFor,
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
  type CompleteTaskRequest,
  type SubmittedFile,
  type TaskView,
} from '../../libs/contracts/cycle';
import { recordWorkflowRequest } from '../../libs/db/workflow-requests';
import { ensureCalendarYears, testPrisma, unregisteredIin } from './fixtures';
import { TEMPORAL_TEST_SERVER, testConfig } from './test-env';
import { withTestWorker, type TestWorkerParts } from './workflow-worker';
import { withStations } from './register';

export interface CycleHarness {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
  dataConverter: ReturnType<typeof tizimDataConverter>;
  prisma: PrismaClient;
  calendar: WorkingCalendar;
  /** The next period with at least ten days before its submission deadline, by the server's clock. */
  period: string;
  withWorker<T>(
    settings: DeadlineSettings,
    fn: (taskQueue: string) => Promise<T>,
    activities?: TestWorkerParts['activities'],
  ): Promise<T>;
  /** Moves the server's clock to `ms`, firing the timers on the way. */
  skipTo(ms: number): Promise<void>;
}

/** Registers the Jest hooks and returns the harness, filled in before each test. */
export function useCycleHarness(options: { codecKeys?: string } = {}): CycleHarness {
  const config = testConfig(options.codecKeys ? { TIZIM_CODEC_KEYS: options.codecKeys } : {});
  const dataConverter = tizimDataConverter(config.codec.keys, config.codec.activeKeyId);
  let producer: ReturnType<typeof producerConnection>;
  const h = { dataConverter } as CycleHarness;

  beforeAll(async () => {
    h.bundle = await bundleWorkflowCode({
      logger: new DefaultLogger('WARN'),
      workflowsPath: require.resolve('../../workflows'),
      failureConverterPath: FAILURE_CONVERTER_PATH,
    });
    h.prisma = await testPrisma();
    producer = producerConnection(config.redisUrl);
  });
  afterAll(async () => {
    await producer?.quit();
    await h.prisma?.$disconnect();
  });
  beforeEach(async () => {
    h.env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: TEMPORAL_TEST_SERVER } },
      client: { dataConverter },
    });
    h.period = periodStartingAfter((await h.env.currentTimeMs()) + 20 * 86_400_000).id;
    await ensureCalendarYears(h.prisma, calendarYearsFor(parsePeriod(h.period)));
    h.calendar = await new CalendarStore(h.prisma).calendar();
  });
  afterEach(async () => {
    await h.env?.teardown();
  });

  h.withWorker = (settings, fn, activities) =>
    withTestWorker(
      {
        env: h.env,
        bundle: h.bundle,
        prisma: h.prisma,
        notificationQueue: createNotificationQueue(producer, config.queuePrefix),
        dataConverter,
        deadlineSettings: settings,
        queuePrefix: 'cycle',
        activities,
      },
      fn,
    );
  h.skipTo = async (ms) => h.env.sleep(ms - (await h.env.currentTimeMs()));
  return h;
}

/**
 * A district's submission as the akimat would make it from the register: the voter file and the
 * station list staged for reconciliation (a copy of the register's voters and stations of the
 * district), plus `extraVoters` rows of people the register does not know (category 1 findings).
 * Returns what the SUBMIT_FILES outcome carries: the act's files with matching counts, and the id.
 */
export async function stageDistrictFiles(
  prisma: PrismaClient,
  districtId: string,
  period: string,
  extraVoters = 0,
): Promise<{ files: SubmittedFile[]; submissionId: string }> {
  const district = await prisma.district.findUniqueOrThrow({ where: { id: districtId } });
  const voters = await withStations(
    prisma,
    await prisma.registerVoter.findMany({ where: { districtId }, orderBy: { iin: 'asc' } }),
  );
  const stations = await prisma.pollingStation.findMany({ where: { districtId }, orderBy: { number: 'asc' } });
  const submissionId = randomUUID();
  const rows = voters.map((v, i) => ({
    submissionId,
    row: i + 1,
    cod: i + 1,
    iin: v.iin,
    surname: v.surname,
    firstName: v.firstName,
    patronymic: v.patronymic,
    stationCode: String(v.station?.number ?? stations[0]?.number ?? 0),
    birthDate: v.birthDate,
    sex: v.sex === 'MALE' ? 'М' : 'Ж',
    locality: v.locality,
    street: v.street,
    house: v.house,
    apartment: v.apartment,
    documentNumber: v.documentNumber,
    documentIssuedOn: v.documentIssuedOn,
  }));
  for (let k = 0; k < extraVoters; k += 1) {
    rows.push({
      ...rows[0],
      row: rows.length + 1,
      cod: rows.length + 1,
      iin: await unregisteredIin(prisma),
      surname: 'Неизвестный',
    });
  }
  await prisma.voterSubmission.create({
    data: {
      id: submissionId,
      period,
      regionCode: district.regionCode,
      districtId,
      voterFile: `izbirateli_${districtId}.mdb`,
      stationFile: `uchastki_${districtId}.xlsx`,
      voterRecords: rows.length,
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
  await prisma.voterFileRecord.createMany({ data: rows });
  return {
    submissionId,
    files: [
      { kind: 'voters', name: `izbirateli_${districtId}.mdb`, sizeBytes: 1_234_567, records: rows.length },
      { kind: 'stations', name: `uchastki_${districtId}.xlsx`, sizeBytes: 20_480, records: stations.length },
      { kind: 'boundaries', name: `granicy_${districtId}.xlsx`, sizeBytes: 30_720, records: 42 },
    ],
  };
}

/** Waits until the workflow exists (a child starts a moment later) and shows an open task of this kind. */
export async function openTaskOf<S extends { tasks: TaskView[] }>(
  read: () => Promise<S>,
  kind: string,
): Promise<{ state: S; task: TaskView }> {
  for (let i = 0; i < 100; i++) {
    const state = await read().catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    });
    const task = state?.tasks.find((t) => t.kind === kind && t.status === 'OPEN');
    if (state && task) return { state, task };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no open ${kind} task appeared`);
}

/** The message of a refused Update; fails when the Update was accepted. */
export async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return String((err as WorkflowUpdateFailedError).cause?.message);
  }
  throw new Error('the update was accepted');
}

/**
 * Completes a task as the API does: its request recorded first (workflow_request, whose actor the
 * workflow takes), then the Update. A test that sends one request id again with another actor or
 * outcome gets a record of the new one, as a fresh request from the API would.
 */
export async function completeRecorded(
  prisma: PrismaClient,
  handle: { workflowId: string; executeUpdate: WorkflowHandle['executeUpdate'] },
  req: CompleteTaskRequest,
) {
  const ref = {
    action: 'cycle-task.complete' as const,
    requestId: req.requestId,
    subjectId: req.taskId,
    workflowId: handle.workflowId,
  };
  await prisma.workflowRequest.deleteMany({
    where: { action: ref.action, subjectId: ref.subjectId, requestId: String(ref.requestId) },
  });
  await recordWorkflowRequest(prisma, ref, req.actor ?? { id: '', role: '' }, req.outcome);
  return handle.executeUpdate(completeTaskUpdate, { args: [req] });
}
