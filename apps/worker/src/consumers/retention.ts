/**
 * The retention schedule's purge on a timer (libs/db/retention.ts): a BullMQ job scheduler adds one
 * job per period in Redis, so with several worker processes each period's purge runs once, by
 * whichever takes the job. Setting the period (TIZIM_RETENTION_SWEEP_HOURS) to 0 removes the
 * scheduler. Redis down at start: the scheduler is set once it answers again; the worker stays up.
 */
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { RetentionPassResult } from '../../../../libs/db/retention';
import type { Logger } from '../../../../libs/observability/logger';
import { QUEUES, logQueueErrors } from '../../../../libs/queues/queues';

export interface RetentionScheduleDeps {
  logger: Logger;
  /** One pass of the purge (what it purged, by kind). */
  purge: () => Promise<RetentionPassResult[]>;
}

export interface RunningRetentionSchedule {
  /** The jobs' queue (its counts are what a test or an operator reads). */
  queue: Queue;
  /**
   * Stops taking jobs. `force` (Redis is not answering) closes at once: a graceful close would wait
   * for Redis for ever, and a pass cut short is run again by the next period.
   */
  stop(force?: boolean): Promise<void>;
}

const SCHEDULER_ID = 'retention-purge';
const RETRY_SCHEDULER_MS = 30_000;

export function startRetentionSchedule(
  deps: RetentionScheduleDeps,
  connection: ConnectionOptions,
  prefix: string,
  everyMs: number,
): RunningRetentionSchedule {
  const { logger } = deps;
  const queue = new Queue(QUEUES.retention, { connection, prefix });
  logQueueErrors(queue, logger, QUEUES.retention);
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const setScheduler = (): void => {
    const set =
      everyMs > 0
        ? queue.upsertJobScheduler(
            SCHEDULER_ID,
            { every: everyMs },
            { name: 'purge', opts: { removeOnComplete: 100, removeOnFail: 100 } },
          )
        : queue.removeJobScheduler(SCHEDULER_ID);
    set.catch((err: Error) => {
      logger.warn(
        { queue: QUEUES.retention, reason: err.message.split('\n')[0] },
        'retention schedule not set: will try again',
      );
      if (!stopped) retry = setTimeout(setScheduler, RETRY_SCHEDULER_MS);
    });
  };
  setScheduler();
  if (everyMs <= 0)
    return {
      queue,
      async stop() {
        stopped = true;
        clearTimeout(retry);
        await queue.close();
      },
    };

  const worker = new Worker(
    QUEUES.retention,
    async () => (await deps.purge()).map(({ kind, purged }) => ({ kind, purged })),
    { connection, prefix, concurrency: 1 },
  );
  worker.on('completed', (job, result: { kind: string; purged: number }[]) =>
    logger.info({ queue: QUEUES.retention, jobId: job.id, purged: result }, 'retention purge done'),
  );
  // The error's name and code only: PostgreSQL's message could quote a value of a row.
  worker.on('failed', (job, err) =>
    logger.warn(
      { queue: QUEUES.retention, jobId: job?.id, error: err.name, code: (err as { code?: unknown }).code },
      'retention purge failed: the next period tries again',
    ),
  );
  logQueueErrors(worker, logger, QUEUES.retention);
  return {
    queue,
    async stop(force = false) {
      stopped = true;
      clearTimeout(retry);
      await worker.close(force);
      await queue.close();
    },
  };
}
