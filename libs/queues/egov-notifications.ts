/**
 * The e-gov notification queue's producer side (the consumer, which delivers, is
 * apps/worker/src/consumers/egov-notifications.ts): the activities enqueue (fast, idempotent by
 * job id) and record the delivery as QUEUED; an administrator sends a dead letter again.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import type { PrismaClient } from '../db/prisma';
import { ID_CARD_EVENTS, QUEUES, type EgovNotificationJob, type IdCardEvent } from './queues';

export interface NotificationRetry {
  attempts: number;
  backoffMs: number;
}

export const DEFAULT_NOTIFICATION_RETRY: NotificationRetry = { attempts: 8, backoffMs: 2_000 };

export function createNotificationQueue(
  connection: ConnectionOptions,
  prefix: string,
  retry: NotificationRetry = DEFAULT_NOTIFICATION_RETRY,
): Queue<EgovNotificationJob> {
  return new Queue<EgovNotificationJob>(QUEUES.egovNotifications, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: retry.attempts,
      backoff: { type: 'exponential', delay: retry.backoffMs },
      removeOnComplete: { age: 7 * 24 * 3600 },
      // A job that failed for good is copied to the dead-letter queue, where it is kept.
      removeOnFail: { age: 24 * 3600 },
    },
  });
}

export function createDeadLetterQueue(connection: ConnectionOptions, prefix: string): Queue<EgovNotificationJob> {
  return new Queue<EgovNotificationJob>(QUEUES.egovNotificationsDead, {
    connection,
    prefix,
    defaultJobOptions: { removeOnComplete: false, removeOnFail: false },
  });
}

export function subjectOf(job: EgovNotificationJob): string {
  return job.kind === 'registration-check-completed' ? job.checkId : job.applicationId;
}

/** Job ids are derived from the business key, so re-enqueueing after an activity retry is a no-op. */
export function notificationJobId(job: EgovNotificationJob): string {
  if (job.kind === 'id-card-exchange')
    return `${job.kind}-${job.applicationId}-${job.event}${job.reminder ? `-${job.reminder}` : ''}`;
  return `${job.kind}-${subjectOf(job)}`;
}

/** The job a delivery record stands for, when its dead letter is gone (ids are the business key). */
export function jobOfDelivery(delivery: { jobId: string; kind: string; subjectId: string }): EgovNotificationJob {
  if (delivery.kind === 'registration-check-completed')
    return { kind: 'registration-check-completed', checkId: delivery.subjectId };
  if (delivery.kind === 'id-card-exchange') {
    const rest = delivery.jobId.slice(`id-card-exchange-${delivery.subjectId}-`.length);
    const [, event, reminder] = /^([a-z-]+?)(?:-(\d+))?$/.exec(rest) ?? [];
    if (!(ID_CARD_EVENTS as readonly string[]).includes(event ?? ''))
      throw new Error(`delivery ${delivery.jobId} names no ID-card event`);
    return {
      kind: 'id-card-exchange',
      applicationId: delivery.subjectId,
      event: event as IdCardEvent,
      ...(reminder ? { reminder: Number(reminder) } : {}),
    };
  }
  return { kind: 'voting-day-decision', applicationId: delivery.subjectId };
}

export async function enqueueNotification(
  queue: Queue<EgovNotificationJob>,
  job: EgovNotificationJob,
  prisma?: PrismaClient,
): Promise<string> {
  const jobId = notificationJobId(job);
  if (prisma) {
    await prisma.egovDelivery.upsert({
      where: { jobId },
      create: { jobId, kind: job.kind, subjectId: subjectOf(job), queuedAt: new Date() },
      update: {},
    });
  }
  await queue.add(job.kind, job, { jobId });
  return jobId;
}

/**
 * Sends a dead letter again: the failed job leaves both queues and is queued afresh under the same
 * id, with the full number of attempts. Returns false when there is no such dead letter.
 */
export async function redriveDeadLetter(
  prisma: PrismaClient,
  queue: Queue<EgovNotificationJob>,
  dead: Queue<EgovNotificationJob>,
  jobId: string,
): Promise<boolean> {
  const delivery = await prisma.egovDelivery.findUnique({ where: { jobId } });
  if (!delivery || delivery.status !== 'DEAD') return false;
  const deadJob = await dead.getJob(jobId);
  const data: EgovNotificationJob = deadJob?.data ?? jobOfDelivery(delivery);
  await (await queue.getJob(jobId))?.remove();
  await deadJob?.remove();
  await prisma.egovDelivery.update({
    where: { jobId },
    data: { status: 'QUEUED', deadAt: null, attempts: 0, queuedAt: new Date() },
  });
  await queue.add(data.kind, data, { jobId });
  return true;
}
