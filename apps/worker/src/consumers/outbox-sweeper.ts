/**
 * The outboxes' sweeper (libs/queues/outbox.ts): on start and every `everyMs`, each pass queues the
 * job of every row its request recorded but could not queue (Redis was down, or the API stopped
 * between the two): the received files to import, the register extracts to import, the
 * consolidated files to write. A pass that fails (Redis or the database down) is logged once per
 * outage and the next one tries again.
 */
import type { Logger } from '../../../../libs/observability/logger';

export interface OutboxPass {
  /** The queue the pass feeds (its name, for the log). */
  queue: string;
  /** One pass: the ids it queued. */
  sweep: () => Promise<string[]>;
}

export interface OutboxSweeper {
  stop(): Promise<void>;
}

export function startOutboxSweeper(logger: Logger, passes: OutboxPass[], everyMs: number): OutboxSweeper {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let pass: Promise<void> = Promise.resolve();
  const troubled = new Set<string>();
  const sweepOne = async ({ queue, sweep }: OutboxPass) => {
    try {
      const queued = await sweep();
      if (queued.length) logger.info({ queue, queued: queued.length }, 'recorded rows without a job queued');
      if (troubled.delete(queue)) logger.info({ queue }, 'outbox swept again');
    } catch (err) {
      // Once per outage, not every pass; Redis's or Prisma's words on a query of ids and statuses only.
      if (!troubled.has(queue))
        logger.warn(
          { queue, reason: err instanceof Error ? err.message.split('\n')[0] : String(err) },
          'outbox not swept: will try again',
        );
      troubled.add(queue);
    }
  };
  const next = () => {
    if (stopped) return;
    pass = (async () => {
      for (const p of passes) await sweepOne(p);
    })().finally(() => {
      if (!stopped) timer = setTimeout(next, everyMs);
    });
  };
  next();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pass;
    },
  };
}
