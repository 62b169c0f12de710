/**
 * The row is the queue's outbox (issue 23). A request that records a row and queues a job for it
 * (a voter file received, a register extract uploaded, a consolidated file requested) must not be
 * able to half-happen: the row, once recorded, is to be worked on whether or not Redis could take
 * the job then. So the request queues within a bound and answers either way (saying whether it is
 * queued), and the worker's sweeper queues every row still waiting with no live job. A job's id
 * comes from its row's id, so the request and the sweeper queueing the same row make one job.
 */
import type { Job, Queue } from 'bullmq';

/** How long a request waits for Redis to take a job before answering that the sweeper will queue it. */
export const QUEUE_WAIT_MS = 3_000;

/** A row recorded this recently is left to the request that recorded it (which queues it itself). */
export const SWEEP_MIN_AGE_MS = 5_000;

/** At most this many rows per kind and pass; the next pass takes the rest. */
export const SWEEP_BATCH = 500;

/**
 * Queues the job of a row: a no-op while its job waits or runs. A job that ended (failed for good,
 * or done while its row still waits, as after an administrator's retry) runs again, from its
 * first attempt, unless `rerunEnded` is false (a kind whose failed-for-good row has no retry of
 * its own would otherwise be run again at every sweep). True when this call queued it.
 */
export async function enqueueOnce<T>(
  queue: Queue<T>,
  name: string,
  data: T,
  jobId: string,
  options: { rerunEnded?: boolean } = {},
): Promise<boolean> {
  const job: Job<T> | undefined = await queue.getJob(jobId);
  if (!job) {
    // Two callers at once (the request and the sweeper) add one job: the id is the same.
    await (queue as Queue).add(name, data, { jobId });
    return true;
  }
  if (options.rerunEnded === false) return false;
  const state = await job.getState();
  if (state !== 'failed' && state !== 'completed') return false;
  try {
    await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
    return true;
  } catch (err) {
    // Another caller moved it first: it is queued.
    const now = await job.getState();
    if (now !== 'failed' && now !== 'completed') return false;
    throw err;
  }
}

/**
 * `queueing` within QUEUE_WAIT_MS: true when Redis took the job, false when it did not answer in
 * time or refused (the sweeper queues the row when Redis is back). `onLate` hears why, in words
 * of Redis's without personal data (job data are ids).
 */
export async function queuedWithin(
  queueing: Promise<unknown>,
  onLate: (reason: string) => void,
  waitMs = QUEUE_WAIT_MS,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      queueing,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${waitMs} ms`)), waitMs);
      }),
    ]);
    return true;
  } catch (err) {
    queueing.catch(() => undefined);
    onLate((err as Error).message.split('\n')[0]);
    return false;
  } finally {
    clearTimeout(timer);
  }
}
