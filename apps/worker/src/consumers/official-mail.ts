/**
 * Consumer of the officials' mail queue (its producer: libs/queues/official-mail.ts): composes each
 * delivery's message in the official's language (libs/db/official-mail.ts) and hands it to the SMTP
 * relay. Every attempt is counted on the delivery record with the relay's error code; BullMQ
 * retries with exponential backoff, and after the last attempt the record says DEAD. Logs carry
 * the delivery id and the code only (never the address or the text).
 */
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { PrismaClient } from '../../../../libs/db/prisma';
import {
  mailOfDelivery,
  recordMailAttempt,
  recordMailFailure,
  recordMailSent,
} from '../../../../libs/db/official-mail';
import { errorCodeOf, type MailRelay } from '../../../../libs/gateways/smtp';
import { QUEUES, type OfficialMailJob, logQueueErrors } from '../../../../libs/queues/queues';
import type { Logger } from '../../../../libs/observability/logger';

export interface OfficialMailWorkerDeps {
  prisma: PrismaClient;
  relay: MailRelay;
  consoleUrl: string;
  logger: Logger;
}

/** Sends one delivery; throws (after recording the code) to let BullMQ retry. */
export async function sendOfficialMail(
  deps: OfficialMailWorkerDeps,
  deliveryId: string,
  attempt: number,
  lastAttempt: boolean,
): Promise<void> {
  const message = await mailOfDelivery(deps.prisma, deliveryId, deps.consoleUrl);
  if (!message) return;
  await recordMailAttempt(deps.prisma, deliveryId, attempt);
  if ('withdrawn' in message) {
    await recordMailFailure(deps.prisma, deliveryId, message.withdrawn, new Date());
    return;
  }
  try {
    await deps.relay.send({
      to: message.to,
      subject: message.mail.subject,
      text: message.mail.text,
      language: message.language,
      messageId: `<${deliveryId}@tizim>`,
    });
  } catch (err) {
    await recordMailFailure(deps.prisma, deliveryId, errorCodeOf(err), lastAttempt ? new Date() : null);
    throw err;
  }
  await recordMailSent(deps.prisma, deliveryId, new Date());
}

export function startOfficialMailWorker(
  deps: OfficialMailWorkerDeps,
  connection: ConnectionOptions,
  prefix: string,
): Worker<OfficialMailJob> {
  const worker = new Worker<OfficialMailJob>(
    QUEUES.officialMail,
    async (job: Job<OfficialMailJob>) => {
      const attempt = job.attemptsMade + 1;
      await sendOfficialMail(deps, job.data.deliveryId, attempt, attempt >= (job.opts.attempts ?? 1));
    },
    { connection, prefix, concurrency: 4 },
  );
  worker.on('failed', (job, err) =>
    deps.logger.warn(
      { queue: QUEUES.officialMail, jobId: job?.id, attempt: job?.attemptsMade, code: errorCodeOf(err) },
      'official mail not sent',
    ),
  );
  logQueueErrors(worker, deps.logger, QUEUES.officialMail);
  return worker;
}
