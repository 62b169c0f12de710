/**
 * The officials' mail queue, producer side (the consumer, which sends through the SMTP relay, is
 * apps/worker/src/consumers/official-mail.ts). The activity that writes an inbox notification
 * records one delivery per official who takes it by e-mail (libs/db/official-mail.ts) and queues
 * it here under the delivery's id, so a retried activity queues nothing twice.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { QUEUES, type OfficialMailJob } from './queues';

export interface MailRetry {
  attempts: number;
  backoffMs: number;
}

export function createOfficialMailQueue(
  connection: ConnectionOptions,
  prefix: string,
  retry: MailRetry,
): Queue<OfficialMailJob> {
  return new Queue<OfficialMailJob>(QUEUES.officialMail, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: retry.attempts,
      backoff: { type: 'exponential', delay: retry.backoffMs },
      removeOnComplete: { age: 7 * 24 * 3600 },
      // The delivery record keeps the outcome (DEAD, the last error code); the job need not stay long.
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

export const officialMailJobId = (deliveryId: string) => `mail-${deliveryId}`;

export async function enqueueOfficialMail(queue: Queue<OfficialMailJob>, deliveryIds: string[]): Promise<void> {
  if (!deliveryIds.length) return;
  await queue.addBulk(
    deliveryIds.map((deliveryId) => ({
      name: 'mail',
      data: { deliveryId },
      opts: { jobId: officialMailJobId(deliveryId) },
    })),
  );
}
