/**
 * registrationCheckWorkflow on the time-skipping test server, with the real activities against the
 * run's PostgreSQL database and Redis, and the encrypting codec on both sides.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Queue, Worker as QueueWorker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createActivities } from '../../activities';
import { DEFAULT_DEADLINE_SETTINGS } from '../../libs/calendar';
import { iinHmac } from '../../libs/auth/iin-hmac';
import { LocalEgovCabinet } from '../../libs/gateways/egov-cabinet';
import { createNotificationQueue } from '../../libs/queues/egov-notifications';
import { deliverNotification, startNotificationWorker } from '../../apps/worker/src/consumers/egov-notifications';
import { LocalStateRegistrationService } from '../../libs/gateways/state-registration';
import type { PrismaClient } from '../../libs/db/prisma';
import { createLogger } from '../../libs/observability/logger';
import { producerConnection, workerConnection, type EgovNotificationJob } from '../../libs/queues/queues';
import {
  AesGcmPayloadCodec,
  FAILURE_CONVERTER_PATH,
  ENCRYPTED_ENCODING,
  tizimDataConverter,
} from '../../libs/temporal/codec';
import { parseCodecKeys } from '../../libs/temporal/codec-keys';
import { registrationCheckWorkflow } from '../../workflows/registration-check';
import { eventually, newCheckRow, rawHistory, registeredVoter, testPrisma, unregisteredIin } from '../support/fixtures';
import { withTestWorker } from '../support/workflow-worker';
import { TEMPORAL_TEST_SERVER, testConfig } from '../support/test-env';

const config = testConfig();
const dataConverter = tizimDataConverter(config.codec.keys, config.codec.activeKeyId);
const logger = createLogger('test', 'fatal');

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
let prisma: PrismaClient;
let producer: Redis;
let consumer: Redis;
let queue: Queue<EgovNotificationJob>;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEMPORAL_TEST_SERVER } },
    client: { dataConverter },
  });
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    failureConverterPath: FAILURE_CONVERTER_PATH,
  });
  prisma = await testPrisma();
  producer = producerConnection(config.redisUrl);
  consumer = workerConnection(config.redisUrl);
  queue = createNotificationQueue(producer, config.queuePrefix);
});

afterAll(async () => {
  await queue?.close();
  await producer?.quit();
  await consumer?.quit();
  await prisma?.$disconnect();
  await env?.teardown();
});

const withWorker = <T>(fn: (taskQueue: string) => Promise<T>): Promise<T> =>
  withTestWorker({ env, bundle, prisma, notificationQueue: queue, dataConverter }, fn);

describe('registrationCheckWorkflow', () => {
  let notifications: QueueWorker<EgovNotificationJob>;
  beforeAll(() => {
    notifications = startNotificationWorker(
      { prisma, cabinet: new LocalEgovCabinet(prisma, config.iinHmacKey), logger },
      consumer,
      config.queuePrefix,
    );
  });
  afterAll(() => notifications.close());

  it('finds a registered voter, records the station and delivers a cabinet message', async () => {
    const voter = await registeredVoter(prisma);
    const check = await newCheckRow(prisma, voter.iin);
    const outcome = await withWorker((taskQueue) =>
      env.client.workflow.execute(registrationCheckWorkflow, {
        taskQueue,
        workflowId: check.workflowId,
        args: [{ checkId: check.id, iin: voter.iin }],
      }),
    );
    expect(outcome).toEqual({
      status: 'FOUND',
      regionCode: voter.regionCode,
      districtId: voter.districtId,
      stationNumber: voter.station!.number,
    });

    const row = await prisma.registrationCheck.findUniqueOrThrow({ where: { id: check.id } });
    expect(row).toMatchObject({ status: 'FOUND', stationNumber: voter.station!.number, regionCode: voter.regionCode });
    expect(row.completedAt).not.toBeNull();

    const delivered = await eventually('the cabinet message', () =>
      prisma.egovCabinetMessage.findUnique({ where: { deliveryKey: `registration-check-completed-${check.id}` } }),
    );
    // Addressed to the citizen: the local cabinet keeps the IIN's keyed hash, not the IIN.
    expect(delivered.recipientIinHmac).toBe(iinHmac(config.iinHmacKey, voter.iin));
    expect(delivered.body).toContain(`№ ${voter.station!.number}`);
    await eventually(
      'notifiedAt',
      async () => (await prisma.registrationCheck.findUnique({ where: { id: check.id } }))?.notifiedAt,
    );
  });

  it('records NOT_FOUND for an IIN the register does not hold', async () => {
    const iin = await unregisteredIin(prisma);
    const check = await newCheckRow(prisma, iin);
    const outcome = await withWorker((taskQueue) =>
      env.client.workflow.execute(registrationCheckWorkflow, {
        taskQueue,
        workflowId: check.workflowId,
        args: [{ checkId: check.id, iin }],
      }),
    );
    expect(outcome).toEqual({ status: 'NOT_FOUND' });
    expect((await prisma.registrationCheck.findUniqueOrThrow({ where: { id: check.id } })).status).toBe('NOT_FOUND');
  });

  it('keeps the IIN out of the server: every payload in the raw history is sealed', async () => {
    const voter = await registeredVoter(prisma);
    const check = await newCheckRow(prisma, voter.iin);
    await withWorker((taskQueue) =>
      env.client.workflow.execute(registrationCheckWorkflow, {
        taskQueue,
        workflowId: check.workflowId,
        args: [{ checkId: check.id, iin: voter.iin }],
      }),
    );
    const { history, bytes } = await rawHistory(env.connection, check.workflowId);
    expect(bytes.includes(Buffer.from(voter.iin))).toBe(false);
    expect(bytes.includes(Buffer.from(check.id))).toBe(false); // inputs sealed whole, not field by field

    const started = history.events![0].workflowExecutionStartedEventAttributes!;
    const [payload] = started.input!.payloads!;
    expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(payload.metadata!['encryption-key-id']!).toString()).toBe(config.codec.activeKeyId);
    // And it is the real input: the codec opens it back to the IIN.
    const [opened] = await new AesGcmPayloadCodec(config.codec.keys, config.codec.activeKeyId).decode([payload]);
    expect(JSON.parse(Buffer.from(opened.data!).toString())).toEqual({ checkId: check.id, iin: voter.iin });
    // A worker without the key cannot read it.
    const stranger = new AesGcmPayloadCodec(parseCodecKeys(`other:${Buffer.alloc(32, 7).toString('base64')}`), 'other');
    await expect(stranger.decode([payload])).rejects.toThrow(`sealed with key "${config.codec.activeKeyId}"`);
  });
});

describe('activities are idempotent', () => {
  it('enqueues one notification job however often the activity is retried', async () => {
    const voter = await registeredVoter(prisma);
    const check = await newCheckRow(prisma, voter.iin);
    const activities = createActivities({
      prisma,
      stateRegistration: new LocalStateRegistrationService(prisma),
      notificationQueue: queue,
      deadlineSettings: DEFAULT_DEADLINE_SETTINGS,
    });
    const first = await activities.requestCabinetNotification(check.id);
    const second = await activities.requestCabinetNotification(check.id);
    expect(second).toBe(first);
    const jobs = (await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed'])).filter(
      (j) => j.data.kind === 'registration-check-completed' && j.data.checkId === check.id,
    );
    expect(jobs).toHaveLength(1);
  });

  it('delivers one cabinet message however often the job runs', async () => {
    const voter = await registeredVoter(prisma);
    const check = await newCheckRow(prisma, voter.iin);
    await prisma.registrationCheck.update({
      where: { id: check.id },
      data: { status: 'FOUND', stationNumber: voter.station!.number },
    });
    const deps = { prisma, cabinet: new LocalEgovCabinet(prisma, config.iinHmacKey), logger };
    await deliverNotification(deps, { kind: 'registration-check-completed', checkId: check.id });
    await deliverNotification(deps, { kind: 'registration-check-completed', checkId: check.id });
    const messages = await prisma.egovCabinetMessage.findMany({
      where: { deliveryKey: `registration-check-completed-${check.id}` },
    });
    expect(messages).toHaveLength(1);
    // Once delivered the check no longer holds the IIN (only its keyed hash): a job run again
    // finds it in the cabinet and sends nothing.
    expect(messages[0].attempts).toBe(1);
    expect(await prisma.registrationCheck.findUniqueOrThrow({ where: { id: check.id } })).toMatchObject({
      iin: null,
      iinHmac: iinHmac(config.iinHmacKey, voter.iin),
    });
  });

  it('refuses to deliver before the check has an outcome, so BullMQ retries later', async () => {
    const check = await newCheckRow(prisma, await unregisteredIin(prisma));
    await expect(
      deliverNotification(
        { prisma, cabinet: new LocalEgovCabinet(prisma, config.iinHmacKey), logger },
        { kind: 'registration-check-completed', checkId: check.id },
      ),
    ).rejects.toThrow('has no outcome yet');
  });
});
