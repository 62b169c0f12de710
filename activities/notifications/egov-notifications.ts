/**
 * Producer and consumer of the e-gov notification queue.
 *
 * The activity only enqueues (fast, idempotent by job id); the BullMQ worker in the worker process
 * delivers with retries and exponential backoff, so a slow portal never holds a workflow task.
 */
import { Queue, Worker, type Job, type ConnectionOptions } from 'bullmq';
import type { PrismaClient } from '../../libs/db/prisma';
import { QUEUES, type EgovNotificationJob } from '../../libs/queues/queues';
import type { EgovCabinet } from './egov-cabinet';
import type { Logger } from '../../libs/observability/logger';

export const NOTIFICATION_ATTEMPTS = 8;

export function createNotificationQueue(connection: ConnectionOptions, prefix: string): Queue<EgovNotificationJob> {
  return new Queue<EgovNotificationJob>(QUEUES.egovNotifications, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: NOTIFICATION_ATTEMPTS,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
      removeOnFail: false,
    },
  });
}

/** Job ids are derived from the business key, so re-enqueueing after an activity retry is a no-op. */
export function notificationJobId(job: EgovNotificationJob): string {
  return `${job.kind}-${job.checkId}`;
}

export async function enqueueNotification(queue: Queue<EgovNotificationJob>, job: EgovNotificationJob): Promise<string> {
  const jobId = notificationJobId(job);
  await queue.add(job.kind, job, { jobId });
  return jobId;
}

function registrationCheckMessage(status: string, stationNumber: number | null): string {
  if (status === 'FOUND' && stationNumber !== null) {
    return `Проверка регистрации завершена: вы включены в список избирателей участка № ${stationNumber}. / Тіркеуді тексеру аяқталды: сіз № ${stationNumber} учаскенің сайлаушылар тізіміне енгізілгенсіз.`;
  }
  if (status === 'FOUND') {
    return 'Проверка регистрации завершена: ваша постоянная регистрация найдена. / Тіркеуді тексеру аяқталды: тұрақты тіркеуіңіз табылды.';
  }
  return 'Проверка регистрации завершена: постоянная регистрация не найдена. Обратитесь в ЦОН. / Тіркеуді тексеру аяқталды: тұрақты тіркеу табылмады. ХҚКО-ға жүгініңіз.';
}

export interface NotificationWorkerDeps {
  prisma: PrismaClient;
  cabinet: EgovCabinet;
  logger: Logger;
}

/** Delivers one queued notification; throws to let BullMQ retry with backoff. */
export async function deliverNotification(deps: NotificationWorkerDeps, job: EgovNotificationJob): Promise<void> {
  const check = await deps.prisma.registrationCheck.findUnique({ where: { id: job.checkId } });
  if (!check) throw new Error(`registration check ${job.checkId} does not exist`);
  if (check.status === 'REQUESTED') throw new Error(`registration check ${job.checkId} has no outcome yet`);
  const { deliveredAt } = await deps.cabinet.deliver({
    deliveryKey: notificationJobId(job),
    recipientIin: check.iin,
    kind: job.kind,
    body: registrationCheckMessage(check.status, check.stationNumber),
  });
  await deps.prisma.registrationCheck.update({ where: { id: check.id }, data: { notifiedAt: deliveredAt } });
}


export function startNotificationWorker(
  deps: NotificationWorkerDeps,
  connection: ConnectionOptions,
  prefix: string,
): Worker<EgovNotificationJob> {
  const worker = new Worker<EgovNotificationJob>(
    QUEUES.egovNotifications,
    async (job: Job<EgovNotificationJob>) => deliverNotification(deps, job.data),
    { connection, prefix, concurrency: 8 },
  );
  worker.on('completed', (job) => deps.logger.info({ queue: QUEUES.egovNotifications, jobId: job.id }, 'notification delivered'));
  worker.on('failed', (job, err) =>
    deps.logger.warn({ queue: QUEUES.egovNotifications, jobId: job?.id, attempt: job?.attemptsMade, err }, 'notification delivery failed'),
  );
  return worker;
}
