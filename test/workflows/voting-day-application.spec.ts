/**
 * votingDayApplicationWorkflow on the time-skipping test server, with the real activities on the
 * run's PostgreSQL and Redis: the lookup and the boundary match, inclusion and its refusals, the
 * call centre and a reasoned rejection, the service down (retried, then asked again), the voting-day
 * clock (30 minutes, the close of voting), and the e-gov message with its delivery record.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Queue, Worker as QueueWorker } from 'bullmq';
import type { Redis } from 'ioredis';
import { iinHmac } from '../../libs/auth/iin-hmac';
import { createApplicationRow } from '../../libs/db/voting-day';
import { recordWorkflowRequest } from '../../libs/db/workflow-requests';
import { EGOV_CABINET_SERVICE, LocalEgovCabinet } from '../../libs/gateways/egov-cabinet';
import { createNotificationQueue } from '../../libs/queues/egov-notifications';
import { startNotificationWorker } from '../../apps/worker/src/consumers/egov-notifications';
import { STATE_REGISTRATION_SERVICE } from '../../libs/gateways/state-registration';
import type { PrismaClient } from '../../libs/db/prisma';
import { createLogger } from '../../libs/observability/logger';
import { producerConnection, workerConnection, type EgovNotificationJob } from '../../libs/queues/queues';
import { FAILURE_CONVERTER_PATH, tizimDataConverter } from '../../libs/temporal/codec';
import { recordedPayload, type ApplicationState, type RecordedRequest } from '../../libs/contracts/voting-day';
import {
  applicationStateQuery,
  callCentreUpdate,
  decideUpdate,
  retryLookupUpdate,
  votingDayApplicationWorkflow,
} from '../../workflows/voting-day-application';
import { eventually, rawHistory, testPrisma } from '../support/fixtures';
import { withTestWorker } from '../support/workflow-worker';
import { TEMPORAL_TEST_SERVER, testConfig } from '../support/test-env';
import { votingDayPlace, votingDayRow, type VotingDayPlace } from '../support/voting-day-fixture';

const config = testConfig();
const dataConverter = tizimDataConverter(config.codec.keys, config.codec.activeKeyId);
const logger = createLogger('test', 'fatal');
const MEMBER = randomUUID();
const COMMISSION = randomUUID();

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let prisma: PrismaClient;
let producer: Redis;
let consumer: Redis;
let queue: Queue<EgovNotificationJob>;
let notifications: QueueWorker<EgovNotificationJob>;
let place: VotingDayPlace;
let votingDayId: string;

beforeAll(async () => {
  bundle = await bundleWorkflowCode({
    logger: new DefaultLogger('WARN'),
    workflowsPath: require.resolve('../../workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
  });
  prisma = await testPrisma();
  producer = producerConnection(config.redisUrl);
  consumer = workerConnection(config.redisUrl);
  queue = createNotificationQueue(producer, config.queuePrefix, { attempts: 2, backoffMs: 50 });
  notifications = startNotificationWorker(
    { prisma, cabinet: new LocalEgovCabinet(prisma, config.iinHmacKey), logger },
    consumer,
    config.queuePrefix,
  );
  // The officials the API would have authenticated: the workflow checks their accounts (issue 24).
  for (const [id, role] of [
    [MEMBER, 'PRECINCT_MEMBER'],
    [COMMISSION, 'DISTRICT_COMMISSION'],
  ] as const) {
    const now = new Date();
    await prisma.user.create({
      data: {
        id,
        // Readable names: the console's screen sweep, on the same database, refuses a UUID on screen.
        username: `vd-${role === 'PRECINCT_MEMBER' ? 'member' : 'commission'}-${id.slice(0, 8)}`,
        fullName: role === 'PRECINCT_MEMBER' ? 'Айгүл Сейітова' : 'Болат Жақыпов',
        role,
        passwordHash: 'x',
        createdAt: now,
        createdBy: 'test',
        updatedAt: now,
      },
    });
  }
  place = await votingDayPlace(prisma, '39');
  votingDayId = await votingDayRow(prisma, new Date(Date.now() - 3_600_000), new Date(Date.now() + 12 * 3_600_000));
});

afterAll(async () => {
  await notifications?.close();
  await queue?.close();
  await producer?.quit();
  await consumer?.quit();
  await prisma?.$disconnect();
});

// A fresh server per test: awaiting a result lets the server skip its clock far ahead.
beforeEach(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEMPORAL_TEST_SERVER } },
    client: { dataConverter },
  });
});
afterEach(async () => {
  await prisma.localServiceOutage.deleteMany({});
  await env?.teardown();
});

const withWorker = <T>(fn: (taskQueue: string) => Promise<T>): Promise<T> =>
  withTestWorker({ env, bundle, prisma, notificationQueue: queue, dataConverter, queuePrefix: 'voting-day' }, fn);

/** Registers an application at station `s` (0-based) and starts its workflow, voting closing in `closesInMs`. */
async function apply(taskQueue: string, iin: string, s = 0, closesInMs = 2 * 3_600_000) {
  const now = await env.currentTimeMs();
  const station = { ...place.stations[s], regionCode: place.regionCode, districtId: place.districtId };
  const app = await createApplicationRow(prisma, {
    votingDayId,
    station,
    applicantIin: iin,
    registeredBy: MEMBER,
    registeredAt: new Date(now),
  });
  const handle = await env.client.workflow.start(votingDayApplicationWorkflow, {
    taskQueue,
    workflowId: app.workflowId,
    args: [
      {
        applicationId: app.id,
        stationNumber: station.number,
        registeredAt: new Date(now).toISOString(),
        closesAt: new Date(now + closesInMs).toISOString(),
        escalateAfterMinutes: 30,
      },
    ],
  });
  return { ...app, handle };
}

async function awaitingDecision(handle: WorkflowHandle): Promise<ApplicationState> {
  return eventually('the decision stage', async () => {
    const state = await handle.query(applicationStateQuery);
    return state.stage === 'awaiting-decision' ? state : null;
  });
}

/** An Update as the API sends it: recorded first (workflow_request, whose actor the workflow takes), then sent. */
async function sendRecorded<R, A extends { actor: string } & RecordedRequest>(
  handle: WorkflowHandle,
  update: UpdateDefinition<R, [A]>,
  arg: A,
): Promise<R> {
  const requestId = randomUUID();
  await recordWorkflowRequest(
    prisma,
    {
      action: `voting-day.${update.name}` as 'voting-day.decide',
      requestId,
      subjectId: handle.workflowId.replace(/^voting-day-application-/, ''),
      workflowId: handle.workflowId,
    },
    { id: arg.actor, role: arg.actor === COMMISSION ? 'DISTRICT_COMMISSION' : 'PRECINCT_MEMBER' },
    recordedPayload(arg),
  );
  return handle.executeUpdate(update, { args: [{ ...arg, requestId }] });
}

/** The message an Update was refused with (by its validator, or by the activity behind it). */
async function refusal(update: () => Promise<unknown>): Promise<string> {
  try {
    await update();
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    return String((err as WorkflowUpdateFailedError).cause?.message);
  }
  throw new Error('the update was accepted');
}

describe('votingDayApplicationWorkflow', () => {
  it("refuses a decision the API did not record, or one in another's name (a client reaching Temporal, not the database)", async () => {
    const voter = await place.inside();
    await withWorker(async (taskQueue) => {
      const app = await apply(taskQueue, voter.iin);
      await awaitingDecision(app.handle);
      const forged = randomUUID();
      expect(
        await refusal(() =>
          app.handle.executeUpdate(decideUpdate, { args: [{ actor: MEMBER, decision: 'INCLUDE', requestId: forged }] }),
        ),
      ).toBe(
        `The API has no record of request ${forged} (voting-day.decide of ${app.id}): changes are made through the API`,
      );
      // Recorded for the member, sent in the commission's name.
      const recorded = randomUUID();
      await recordWorkflowRequest(
        prisma,
        { action: 'voting-day.decide', requestId: recorded, subjectId: app.id, workflowId: app.handle.workflowId },
        { id: MEMBER, role: 'PRECINCT_MEMBER' },
        { decision: 'INCLUDE' },
      );
      expect(
        await refusal(() =>
          app.handle.executeUpdate(decideUpdate, {
            args: [{ actor: COMMISSION, decision: 'INCLUDE', requestId: recorded }],
          }),
        ),
      ).toBe(`Request ${recorded} was made by another official than the message names`);
      expect(await prisma.votingDayApplication.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({
        status: 'AWAITING_DECISION',
        decidedBy: null,
      });
      expect((await app.handle.query(applicationStateQuery)).decision).toBeNull();
    });
  });

  it('includes a citizen registered inside the precinct, adds them to the supplementary list and tells their e-gov cabinet', async () => {
    const voter = await place.inside();
    await withWorker(async (taskQueue) => {
      const app = await apply(taskQueue, voter.iin);
      const state = await awaitingDecision(app.handle);
      expect(state).toMatchObject({
        lookup: { result: 'FOUND', barred: false, sameDistrict: true, registerStationNumber: place.stations[0].number },
        boundary: { verdict: 'INSIDE', stationNumbers: [place.stations[0].number] },
      });

      const outcome = await sendRecorded(app.handle, decideUpdate, { actor: MEMBER, decision: 'INCLUDE' });
      expect(outcome.decision).toBe('INCLUDE');
      expect(
        await refusal(() =>
          sendRecorded(app.handle, decideUpdate, {
            actor: MEMBER,
            decision: 'REJECT',
            reason: 'second thoughts',
            correctStationNumber: null,
          }),
        ),
      ).toMatch(/already been decided/);
      const final = await app.handle.result();
      expect(final).toMatchObject({ stage: 'done', decision: 'INCLUDE', escalations: [] });

      const row = await prisma.votingDayApplication.findUniqueOrThrow({
        where: { id: app.id },
        include: { events: { orderBy: { at: 'asc' } } },
      });
      expect(row).toMatchObject({
        status: 'INCLUDED',
        decidedBy: MEMBER,
        lookupResult: 'FOUND',
        boundaryVerdict: 'INSIDE',
        boundaryRows: [5],
        boundarySubmissionId: place.boundarySubmissionId,
      });
      expect(row.events.map((e) => e.kind)).toEqual([
        'registered',
        'registration-lookup',
        'boundary-match',
        'included',
      ]);
      expect(await prisma.supplementaryListEntry.findUnique({ where: { applicationId: app.id } })).toMatchObject({
        iin: voter.iin,
        surname: voter.surname,
        stationId: place.stations[0].id,
      });

      const message = await eventually('the cabinet message', () =>
        prisma.egovCabinetMessage.findUnique({ where: { deliveryKey: `voting-day-decision-${app.id}` } }),
      );
      expect(message.recipientIinHmac).toBe(iinHmac(config.iinHmacKey, voter.iin));
      expect(message.body).toContain(`дополнительный список избирателей участка № ${place.stations[0].number}`);
      expect(message.body).toContain('қосымша сайлаушылар тізіміне');
      await eventually(
        'the delivery record',
        async () =>
          (await prisma.egovDelivery.findUnique({ where: { jobId: `voting-day-decision-${app.id}` } }))?.status ===
          'DELIVERED',
      );

      // The applicant's IIN and address never reach the server in the clear.
      const { bytes } = await rawHistory(env.connection, app.workflowId);
      expect(bytes.includes(Buffer.from(voter.iin))).toBe(false);
      expect(bytes.includes(Buffer.from('Абая'))).toBe(false);

      // The same citizen cannot be included twice on one voting day, at any precinct.
      const again = await apply(taskQueue, voter.iin, 1);
      await awaitingDecision(again.handle);
      await sendRecorded(again.handle, callCentreUpdate, {
        actor: MEMBER,
        stationNumber: place.stations[1].number,
        note: null,
      });
      expect(
        await refusal(() => sendRecorded(again.handle, decideUpdate, { actor: MEMBER, decision: 'INCLUDE' })),
      ).toMatch(/already included today in the supplementary list of precinct No\. \d+/);
      expect((await again.handle.query(applicationStateQuery)).decision).toBeNull();
    });
  });

  it("refuses to include an address outside the precinct, takes the call centre's answer, and records a reasoned rejection", async () => {
    const voter = await place.inStation2();
    await withWorker(async (taskQueue) => {
      const app = await apply(taskQueue, voter.iin, 0);
      const state = await awaitingDecision(app.handle);
      expect(state.boundary).toEqual({ verdict: 'OUTSIDE', stationNumbers: [place.stations[1].number] });
      expect(
        await refusal(() => sendRecorded(app.handle, decideUpdate, { actor: MEMBER, decision: 'INCLUDE' })),
      ).toMatch(/not inside this precinct's boundaries/);

      await sendRecorded(app.handle, callCentreUpdate, {
        actor: MEMBER,
        stationNumber: place.stations[1].number,
        note: 'оператор 12',
      });
      expect(
        await refusal(() => sendRecorded(app.handle, decideUpdate, { actor: MEMBER, decision: 'INCLUDE' })),
      ).toMatch(/call centre names this precinct/);
      expect(
        await refusal(() =>
          sendRecorded(app.handle, decideUpdate, {
            actor: MEMBER,
            decision: 'REJECT',
            reason: ' ',
            correctStationNumber: null,
          }),
        ),
      ).toMatch(/must give its reasons/);

      const reason = 'Место постоянной регистрации находится за пределами границ участка';
      await sendRecorded(app.handle, decideUpdate, {
        actor: MEMBER,
        decision: 'REJECT',
        reason,
        correctStationNumber: place.stations[1].number,
      });
      expect(await app.handle.result()).toMatchObject({
        decision: 'REJECT',
        callCentreStationNumber: place.stations[1].number,
      });

      const row = await prisma.votingDayApplication.findUniqueOrThrow({
        where: { id: app.id },
        include: { events: { orderBy: { at: 'asc' } } },
      });
      expect(row).toMatchObject({
        status: 'REJECTED',
        rejectionReason: reason,
        correctStationNumber: place.stations[1].number,
        callCentreStationNumber: place.stations[1].number,
        callCentreNote: 'оператор 12',
      });
      expect(row.events.map((e) => e.kind)).toEqual([
        'registered',
        'registration-lookup',
        'boundary-match',
        'call-centre-answer',
        'rejected',
      ]);
      expect(await prisma.supplementaryListEntry.findUnique({ where: { applicationId: app.id } })).toBeNull();
      const message = await eventually('the cabinet message', () =>
        prisma.egovCabinetMessage.findUnique({ where: { deliveryKey: `voting-day-decision-${app.id}` } }),
      );
      expect(message.body).toContain(`Основание: ${reason}`);
      expect(message.body).toContain(`Ваш избирательный участок: № ${place.stations[1].number}`);
    });
  });

  it('refuses inclusion when the register has no registration, or a fact bars voting', async () => {
    const [unknown, deceased, deregistered] = [
      await place.unknownIin(),
      await place.deceased(),
      await place.deregistered(),
    ];
    await withWorker(async (taskQueue) => {
      for (const [iin, expected] of [
        [unknown, /no permanent registration/],
        [deregistered.iin, /no permanent registration/],
        [deceased.iin, /bars this citizen/],
      ] as const) {
        const app = await apply(taskQueue, iin);
        await awaitingDecision(app.handle);
        expect(
          await refusal(() => sendRecorded(app.handle, decideUpdate, { actor: MEMBER, decision: 'INCLUDE' })),
        ).toMatch(expected);
        await sendRecorded(app.handle, decideUpdate, {
          actor: MEMBER,
          decision: 'REJECT',
          reason: 'Нет постоянной регистрации',
          correctStationNumber: null,
        });
        await app.handle.result();
      }
    });
  });

  it('retries while the state registration service is down, says so, and looks up again when asked', async () => {
    const voter = await place.inside();
    await prisma.localServiceOutage.create({
      data: { service: STATE_REGISTRATION_SERVICE, until: new Date(Date.now() + 86_400_000) },
    });
    await withWorker(async (taskQueue) => {
      const app = await apply(taskQueue, voter.iin);
      await eventually('a failed attempt noted for the member', async () =>
        (await prisma.votingDayApplication.findUnique({ where: { id: app.id } }))?.lookupError?.includes('retrying'),
      );
      await env.sleep('10 minutes'); // the retries' backoff, skipped
      const state = await awaitingDecision(app.handle);
      expect(state.lookup).toMatchObject({ result: 'UNAVAILABLE', attempts: 12 });
      expect(await prisma.votingDayApplication.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({
        status: 'AWAITING_DECISION',
        lookupResult: 'UNAVAILABLE',
        lookupAttempts: 12,
      });
      expect(
        await refusal(() => sendRecorded(app.handle, decideUpdate, { actor: MEMBER, decision: 'INCLUDE' })),
      ).toMatch(/has not answered/);

      await prisma.localServiceOutage.deleteMany({});
      await sendRecorded(app.handle, retryLookupUpdate, { actor: MEMBER });
      const after = await eventually('the second lookup', async () => {
        const s = await app.handle.query(applicationStateQuery);
        return s.lookup?.result === 'FOUND' && s.stage === 'awaiting-decision' ? s : null;
      });
      expect(after.boundary?.verdict).toBe('INSIDE');
      await sendRecorded(app.handle, decideUpdate, { actor: MEMBER, decision: 'INCLUDE' });
      await app.handle.result();
      const events = await prisma.votingDayApplicationEvent.findMany({
        where: { applicationId: app.id },
        orderBy: { at: 'asc' },
      });
      expect(events.map((e) => [e.kind, (e.detail as { result?: string } | null)?.result ?? null])).toEqual([
        ['registered', null],
        ['registration-lookup', 'UNAVAILABLE'],
        ['registration-lookup-asked-again', null],
        ['registration-lookup', 'FOUND'],
        ['boundary-match', null],
        ['included', null],
      ]);
    });
  });

  it('escalates an application open 30 minutes, again at the close of voting, and closes both when the commission decides', async () => {
    const voter = await place.undescribed();
    await withWorker(async (taskQueue) => {
      const app = await apply(taskQueue, voter.iin, 0, 2 * 3_600_000);
      expect((await awaitingDecision(app.handle)).boundary?.verdict).toBe('UNKNOWN');
      await env.sleep('29 minutes');
      expect(await prisma.votingDayEscalation.count({ where: { applicationId: app.id } })).toBe(0);
      await env.sleep('2 minutes');
      await eventually('the 30-minute escalation', () =>
        prisma.votingDayEscalation.findUnique({
          where: { applicationId_reason: { applicationId: app.id, reason: 'OPEN_TOO_LONG' } },
        }),
      );
      await env.sleep('90 minutes');
      const closed = await eventually('the close-of-voting escalation', () =>
        prisma.votingDayEscalation.findUnique({
          where: { applicationId_reason: { applicationId: app.id, reason: 'VOTING_CLOSED' } },
        }),
      );
      expect(closed).toMatchObject({
        districtId: place.districtId,
        stationNumber: place.stations[0].number,
        closedAt: null,
      });
      expect((await app.handle.query(applicationStateQuery)).escalations).toEqual(['OPEN_TOO_LONG', 'VOTING_CLOSED']);

      // Not dropped: the territorial commission still decides it after the close.
      await sendRecorded(app.handle, decideUpdate, {
        actor: COMMISSION,
        decision: 'REJECT',
        reason: 'Адрес не входит в границы участка',
        correctStationNumber: null,
      });
      expect(await app.handle.result()).toMatchObject({
        decision: 'REJECT',
        escalations: ['OPEN_TOO_LONG', 'VOTING_CLOSED'],
      });
      const escalations = await prisma.votingDayEscalation.findMany({ where: { applicationId: app.id } });
      expect(escalations.every((e) => e.closedAt !== null)).toBe(true);
    });
  });

  it('moves a message the e-gov portal keeps refusing to the dead-letter queue, with its delivery record', async () => {
    const voter = await place.inside();
    await prisma.localServiceOutage.create({
      data: { service: EGOV_CABINET_SERVICE, until: new Date(Date.now() + 86_400_000) },
    });
    await withWorker(async (taskQueue) => {
      const app = await apply(taskQueue, voter.iin, 2);
      await awaitingDecision(app.handle);
      await sendRecorded(app.handle, callCentreUpdate, {
        actor: MEMBER,
        stationNumber: place.stations[2].number,
        note: null,
      });
      await sendRecorded(app.handle, decideUpdate, { actor: MEMBER, decision: 'INCLUDE' });
      await app.handle.result();
      const jobId = `voting-day-decision-${app.id}`;
      const dead = await eventually('the dead letter', async () => {
        const d = await prisma.egovDelivery.findUnique({ where: { jobId } });
        return d?.status === 'DEAD' ? d : null;
      });
      expect(dead).toMatchObject({ attempts: 2, lastError: 'The e-gov portal did not accept the message' });
      expect(await prisma.egovCabinetMessage.findUnique({ where: { deliveryKey: jobId } })).toBeNull();
    });
  });
});
