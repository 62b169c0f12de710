/**
 * Whether a worker polls the API's task queue, from Temporal's own description of the queue
 * (DescribeTaskQueue: each poller's identity and the time of its last poll).
 *
 * A worker waiting for work holds a long poll that the server ends after a minute, then polls
 * again; so a queue no worker has polled for TEMPORAL_WORKER_SILENT_SECONDS (90 s by default) has
 * none, whether the worker was stopped or killed. The server keeps a stopped worker's last poll
 * for minutes: the time, not the presence of a poller, tells.
 *
 * Used by /ready (both the workflow and the activity task queue), and before every Update and
 * query (the workflow task queue, by a client interceptor): both wait for a worker, and Temporal
 * would hold an Update for a worker that is gone until one comes (issue 23: a decision hung for
 * over two minutes, then was applied when the worker came back). Instead the Update is not sent:
 * 503 `worker.not-running`, nothing changed. See workflow-messages.ts for an Update sent just
 * before the worker died, when its silence cannot show yet.
 */
import type { Connection, WorkflowClientInterceptor } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Problem } from './problem';
import { provablyNotSent, WorkflowUnreachableException } from './workflow-messages';

export type QueueKind = 'workflow' | 'activity';

const TYPES: Record<QueueKind, temporal.api.enums.v1.TaskQueueType> = {
  workflow: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  activity: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
};

/** A queue no worker polls: which, and how long ago its last poll was (null: never, as far as the server knows). */
export interface SilentQueue {
  kind: QueueKind;
  taskQueue: string;
  lastPollSecondsAgo: number | null;
}

/** A known answer is reused this long, so a burst of requests asks Temporal once. */
const REUSE_MS = 2_000;

export class WorkerPresence {
  /** When a worker was last seen polling the workflow task queue (null: not lately). */
  private polledAt: number | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly namespace: string,
    readonly taskQueue: string,
    private readonly silentSeconds: number,
  ) {}

  /** The queues of `kinds` that no worker polls (none when a worker polls each). */
  async silent(kinds: QueueKind[] = ['workflow', 'activity']): Promise<SilentQueue[]> {
    return (await Promise.all(kinds.map((kind) => this.silentQueue(kind)))).filter((q) => q !== null);
  }

  /** Whether a worker polls the workflow task queue; "it does" reused for a moment, "none" asked again each time. */
  async workflowQueueSilent(): Promise<SilentQueue | null> {
    if (this.polledAt !== null && Date.now() - this.polledAt < REUSE_MS) return null;
    const [silent] = await this.silent(['workflow']);
    this.polledAt = silent ? null : Date.now();
    return silent ?? null;
  }

  private async silentQueue(kind: QueueKind): Promise<SilentQueue | null> {
    const { pollers } = await this.connection.workflowService.describeTaskQueue({
      namespace: this.namespace,
      taskQueue: { name: this.taskQueue },
      taskQueueType: TYPES[kind],
    });
    const last = Math.max(
      ...pollers.map((p) => (p.lastAccessTime ? Number(p.lastAccessTime.seconds ?? 0) * 1000 : 0)),
      0,
    );
    const ago = last ? Math.max(0, Math.round((Date.now() - last) / 1000)) : null;
    if (ago !== null && ago < this.silentSeconds) return null;
    return { kind, taskQueue: this.taskQueue, lastPollSecondsAgo: ago };
  }
}

/** The queue's silence in words: `no worker polls the workflow task queue "tizim" (last poll 95 s ago)`. */
export function silenceWords(q: SilentQueue): string {
  const last = q.lastPollSecondsAgo === null ? 'no poll known' : `last poll ${q.lastPollSecondsAgo} s ago`;
  return `no worker polls the ${q.kind} task queue "${q.taskQueue}" (${last})`;
}

/** 503: no worker polls the task queue; a change was not sent, or a state cannot be read. */
export class WorkerNotRunningException extends Problem<'worker.not-running'> {
  constructor(queue: SilentQueue, workflowId: string | null, sent: 'update' | 'query') {
    super(
      503,
      'worker.not-running',
      { taskQueue: queue.taskQueue, workflowId: sent === 'update' ? workflowId : null },
      sent === 'update'
        ? `The worker is not running (${silenceWords(queue)}): nothing was sent and nothing changed; try again when it is back (GET /ready says when)`
        : `The worker is not running (${silenceWords(queue)}): the workflow's state cannot be read now; try again when it is back (GET /ready says when)`,
    );
    this.retryAfterSeconds = 30;
  }
}

/**
 * The client interceptor that asks before an Update or a query whether a worker polls the workflow
 * task queue, and refuses it when none does. When Temporal cannot say, an Update is not sent
 * either (503 `workflow.not-sent`: true, it was not); a query fails as Temporal's outage (503
 * naming it, ./outages.ts) when Temporal could not be reached, else goes on and fails on its own.
 */
export function workerPresenceInterceptor(presence: WorkerPresence): WorkflowClientInterceptor {
  const silentOrUnknown = async (): Promise<SilentQueue | null | Error> => {
    try {
      return await presence.workflowQueueSilent();
    } catch (err) {
      return err as Error;
    }
  };
  return {
    async startUpdate(input, next) {
      const workflowId = input.workflowExecution.workflowId;
      const silent = await silentOrUnknown();
      if (silent instanceof Error)
        throw new WorkflowUnreachableException(
          'workflow.not-sent',
          { workflowId },
          `Temporal did not say whether a worker is running (${silent.message.split('\n')[0]}); nothing was sent and nothing changed: try again`,
        );
      if (silent) throw new WorkerNotRunningException(silent, workflowId, 'update');
      return next(input);
    },
    async query(input, next) {
      const silent = await silentOrUnknown();
      // Temporal unreachable: the query would fail the same way, after as long again.
      if (silent instanceof Error && provablyNotSent(silent)) throw silent;
      if (silent && !(silent instanceof Error))
        throw new WorkerNotRunningException(silent, input.workflowExecution.workflowId, 'query');
      return next(input);
    },
  };
}
