/**
 * Consumer of the register-events queue (issue 20, part 2). Every path that records
 * a state registry's event (libs/db/register/intake.ts: the API, the stand-ins, the ID-card exchange)
 * hands its id here; the worker process does the follow-up off the request: marking the event as
 * contained in the current snapshot when that snapshot already holds it. The job holds the
 * event's id only: the IIN and the details stay in PostgreSQL (Redis is not encrypted).
 */
import { Worker, type ConnectionOptions } from 'bullmq';
import type { PrismaClient } from '../../../../libs/db/prisma';
import type { Logger } from '../../../../libs/observability/logger';
import { QUEUES, type RegisterEventJob, logQueueErrors } from '../../../../libs/queues/queues';
import { followUpRegisterEvent } from '../../../../libs/db/register/intake';

export interface RegisterEventDeps {
  prisma: PrismaClient;
  logger: Logger;
}

export function startRegisterEventWorker(
  deps: RegisterEventDeps,
  connection: ConnectionOptions,
  prefix: string,
): Worker<RegisterEventJob> {
  const worker = new Worker<RegisterEventJob>(
    QUEUES.registerEvents,
    (job) => followUpRegisterEvent(deps.prisma, job.data.eventId),
    { connection, prefix, concurrency: 4 },
  );
  worker.on('completed', (job, result: { containedIn: string | null }) =>
    deps.logger.info(
      { queue: QUEUES.registerEvents, jobId: job.id, containedIn: result.containedIn },
      'register event followed up',
    ),
  );
  // The error's name only: PostgreSQL's message could quote a value of the row.
  worker.on('failed', (job, err) =>
    deps.logger.warn(
      {
        queue: QUEUES.registerEvents,
        jobId: job?.id,
        attempt: job?.attemptsMade,
        error: err.name,
        code: (err as { code?: unknown }).code,
      },
      'register event follow-up failed',
    ),
  );
  logQueueErrors(worker, deps.logger, QUEUES.registerEvents);
  return worker;
}
