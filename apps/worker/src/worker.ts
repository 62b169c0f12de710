/**
 * The worker process: the Temporal worker (workflows + activities) and the BullMQ consumers.
 * Built from a validated config so `main.ts` and the end-to-end tests start it the same way.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NativeConnection, Runtime, Worker, type WorkflowBundleOption } from '@temporalio/worker';
import type { Queue, Worker as QueueWorker } from 'bullmq';
import type { Redis } from 'ioredis';
import { createActivities } from '../../../activities';
import { startFileExportWorker } from './consumers/file-exports';
import { startFileImportWorker } from './consumers/file-imports';
import { startOutboxSweeper, type OutboxSweeper } from './consumers/outbox-sweeper';
import { startRetentionSchedule, type RunningRetentionSchedule } from './consumers/retention';
import { purgeExpired } from '../../../libs/db/retention';
import { createFileImportQueue, sweepReceivedFiles } from '../../../libs/queues/file-imports';
import { createFileExportQueue, sweepQueuedConsolidations } from '../../../libs/queues/file-exports';
import { createRegisterImportQueue, sweepImportingSnapshots } from '../../../libs/queues/register-imports';
import { startRegisterImportWorker } from './consumers/register-imports';
import { startRegisterEventWorker } from './consumers/register-events';
import { LocalEgovCabinet } from '../../../libs/gateways/egov-cabinet';
import { closeRedis } from '../../../libs/queues/close-redis';
import { createNotificationQueue } from '../../../libs/queues/egov-notifications';
import { startNotificationWorker } from './consumers/egov-notifications';
import { startOfficialMailWorker } from './consumers/official-mail';
import { SmtpMailRelay } from '../../../libs/gateways/smtp';
import { createOfficialMailQueue } from '../../../libs/queues/official-mail';
import { LocalStateRegistrationService } from '../../../libs/gateways/state-registration';
import type { TizimConfig } from '../../../libs/config/config';
import { createPrismaClient, type PrismaClient } from '../../../libs/db/prisma';
import { FileStore } from '../../../libs/files/store';
import type { Logger } from '../../../libs/observability/logger';
import {
  logQueueErrors,
  producerConnection,
  QUEUES,
  workerConnection,
  type EgovNotificationJob,
  type FileExportJob,
  type FileImportJob,
  type OfficialMailJob,
  type RegisterEventJob,
  type RegisterImportJob,
} from '../../../libs/queues/queues';
import { tizimDataConverter } from '../../../libs/temporal/codec';
import { temporalConnectionOptions } from '../../../libs/temporal/connection';

/** Where `npm run build` writes the prebuilt workflow bundle. */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, '..', '..', '..', 'workflow-bundle.js');

export interface TizimWorker {
  /** Resolves when the worker has stopped (after shutdown()); rejects if it crashed. */
  run(): Promise<void>;
  shutdown(): Promise<void>;
}

export function prebuiltWorkflowBundle(path = WORKFLOW_BUNDLE_PATH): WorkflowBundleOption {
  if (!existsSync(path)) {
    throw new Error(`The workflow bundle ${path} is missing: run "npm run build" first`);
  }
  return { codePath: path };
}

let runtimeInstalled = false;

/** Sends the Temporal core's own log lines through our JSON logger (once per process). */
function installRuntimeLogger(logger: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: {
      log: (level, message, meta) =>
        logger[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'info')]({ ...meta, temporal: true }, message),
      trace: (message, meta) => logger.trace(meta ?? {}, message),
      debug: (message, meta) => logger.debug(meta ?? {}, message),
      info: (message, meta) => logger.info(meta ?? {}, message),
      warn: (message, meta) => logger.warn(meta ?? {}, message),
      error: (message, meta) => logger.error(meta ?? {}, message),
    },
  });
}

export async function createTizimWorker(
  config: TizimConfig,
  options: { logger: Logger; workflowBundle?: WorkflowBundleOption; installRuntime?: boolean },
): Promise<TizimWorker> {
  const { logger } = options;
  if (options.installRuntime !== false) installRuntimeLogger(logger);

  const prisma: PrismaClient = createPrismaClient(config.databaseUrl, { logger });
  const producerRedis: Redis = producerConnection(config.redisUrl, config.redisTls);
  const consumerRedis: Redis = workerConnection(config.redisUrl, config.redisTls);
  const notificationQueue: Queue<EgovNotificationJob> = createNotificationQueue(producerRedis, config.queuePrefix, {
    attempts: config.votingDay.notificationAttempts,
    backoffMs: config.votingDay.notificationBackoffMs,
  });
  // Officials' e-mail only when a relay is configured (TIZIM_SMTP_HOST): otherwise the inbox alone.
  const smtp = config.mail.smtp;
  const mailQueue: Queue<OfficialMailJob> | undefined = smtp
    ? createOfficialMailQueue(producerRedis, config.queuePrefix, config.mail)
    : undefined;
  const relay = smtp ? new SmtpMailRelay(smtp) : undefined;
  let mailWorker: QueueWorker<OfficialMailJob> | undefined;
  let notificationWorker: QueueWorker<EgovNotificationJob> | undefined;
  let fileImportWorker: QueueWorker<FileImportJob> | undefined;
  const fileImportQueue: Queue<FileImportJob> = createFileImportQueue(producerRedis, config.queuePrefix);
  // The producers the outboxes' sweeper queues with (libs/queues/outbox.ts).
  const fileExportQueue: Queue<FileExportJob> = createFileExportQueue(producerRedis, config.queuePrefix);
  const registerImportQueue: Queue<RegisterImportJob> = createRegisterImportQueue(producerRedis, config.queuePrefix);
  let outboxSweeper: OutboxSweeper | undefined;
  let retentionSchedule: RunningRetentionSchedule | undefined;
  logQueueErrors(notificationQueue, logger, QUEUES.egovNotifications);
  if (mailQueue) logQueueErrors(mailQueue, logger, QUEUES.officialMail);
  logQueueErrors(fileImportQueue, logger, QUEUES.fileImports);
  logQueueErrors(fileExportQueue, logger, QUEUES.fileExports);
  logQueueErrors(registerImportQueue, logger, QUEUES.registerImports);
  let fileExportWorker: QueueWorker<FileExportJob> | undefined;
  let registerImportWorker: QueueWorker<RegisterImportJob> | undefined;
  let registerEventWorker: QueueWorker<RegisterEventJob> | undefined;
  let connection: NativeConnection | undefined;

  const closeResources = async (): Promise<void> => {
    await outboxSweeper?.stop();
    // Gracefully (the jobs under way finish and are recorded) while Redis answers. When it does not,
    // nothing can be recorded, and BullMQ's graceful close would wait for Redis for ever (the process
    // never exits): close at once; a job cut short keeps its place and is taken up again once its
    // lock expires (BullMQ's stalled-job check).
    const force = consumerRedis.status !== 'ready';
    await retentionSchedule?.stop(force);
    for (const queueWorker of [
      notificationWorker,
      fileImportWorker,
      fileExportWorker,
      registerImportWorker,
      registerEventWorker,
      mailWorker,
    ])
      await queueWorker?.close(force);
    await notificationQueue.close();
    await mailQueue?.close();
    await fileImportQueue.close();
    await fileExportQueue.close();
    await registerImportQueue.close();
    relay?.close();
    await Promise.allSettled([closeRedis(producerRedis), closeRedis(consumerRedis)]);
    await connection?.close();
    await prisma.$disconnect();
  };

  try {
    connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: options.workflowBundle ?? prebuiltWorkflowBundle(),
      activities: createActivities({
        prisma,
        stateRegistration: new LocalStateRegistrationService(prisma),
        notificationQueue,
        mailQueue,
        deadlineSettings: config.deadlines,
      }),
      dataConverter: tizimDataConverter(config.codec.keys, config.codec.activeKeyId),
      shutdownGraceTime: '10 seconds',
    });
    notificationWorker = startNotificationWorker(
      { prisma, cabinet: new LocalEgovCabinet(prisma, config.iinHmacKey), logger },
      consumerRedis,
      config.queuePrefix,
    );
    if (relay)
      mailWorker = startOfficialMailWorker(
        { prisma, relay, consoleUrl: config.mail.consoleUrl, logger },
        consumerRedis,
        config.queuePrefix,
      );
    const fileDeps = {
      prisma,
      databaseUrl: config.databaseUrl,
      store: new FileStore(config.files.storeDir),
      logger,
      zipLimits: config.files.zipLimits,
    };
    fileImportWorker = startFileImportWorker(fileDeps, consumerRedis, config.queuePrefix);
    // Received files, register extracts and consolidated files recorded without a job (Redis was down) are queued.
    outboxSweeper = startOutboxSweeper(
      logger,
      [
        { queue: QUEUES.fileImports, sweep: () => sweepReceivedFiles(prisma, fileImportQueue) },
        { queue: QUEUES.registerImports, sweep: () => sweepImportingSnapshots(prisma, registerImportQueue) },
        { queue: QUEUES.fileExports, sweep: () => sweepQueuedConsolidations(prisma, fileExportQueue) },
      ],
      config.files.importSweepMs,
    );
    // Personal data past the retention schedule's days is purged once per period (libs/db/retention.ts).
    retentionSchedule = startRetentionSchedule(
      { logger, purge: () => purgeExpired(prisma, fileDeps.store, config.retention, new Date()) },
      consumerRedis,
      config.queuePrefix,
      config.retention.sweepMs,
    );
    fileExportWorker = startFileExportWorker(fileDeps, consumerRedis, config.queuePrefix);
    registerImportWorker = startRegisterImportWorker(
      { databaseUrl: config.databaseUrl, store: fileDeps.store, logger, keepSnapshots: config.register.keepSnapshots },
      consumerRedis,
      config.queuePrefix,
    );
    registerEventWorker = startRegisterEventWorker({ prisma, logger }, consumerRedis, config.queuePrefix);

    let running: Promise<void> | undefined;
    return {
      run() {
        running ??= worker.run().finally(closeResources);
        return running;
      },
      async shutdown() {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      },
    };
  } catch (err) {
    await closeResources();
    throw err;
  }
}
