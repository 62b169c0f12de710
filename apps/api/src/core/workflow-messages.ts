/**
 * An official's change to a running workflow, sent as a typed Temporal Update or signal (never by
 * a string name), with every failure said as it is:
 *
 * - the workflow refused it (its validator or handler threw its own ApplicationFailure;
 *   WorkflowUpdateFailedError): 409 with the workflow's own words;
 * - the workflow took it but could not apply it and left everything as it was (its handler failed
 *   with CHANGE_NOT_APPLIED, libs/contracts/workflow-failures.ts): 503, nothing changed, try again;
 * - the handler failed with something not its own (an activity that failed for good, a timeout):
 *   504, the change may have been made in part, with where to look. Never "refused", never
 *   "nothing changed": the handler may have changed the workflow before it failed (issue 25);
 * - the workflow has ended, or there is none (WorkflowNotFoundError: "workflow execution already
 *   completed", "workflow not found"): 409 saying so;
 * - Temporal could not be reached and nothing was sent (every attempt the client made failed to
 *   connect): 503, nothing changed, try again;
 * - no worker polls the task queue (workers.ts, asked before an Update is sent): 503, not sent;
 * - anything else after the request may have left (a deadline passed, the connection was cut, the
 *   server failed): 504, the change was sent and its outcome is not known, with where to look.
 *   Never "nothing changed": the server may have written it to the workflow's history.
 *
 * An Update waits for a worker: Temporal admits it (holds it in memory, not in the workflow's
 * history), then a worker runs its validator and accepts it (now in history) or rejects it. When
 * the deadline (WORKFLOW_MESSAGE_DEADLINE_MS) passes with the Update admitted and no worker having
 * taken it up (the worker died just before, while its last poll was still recent), the API can
 * neither say "nothing changed" (a worker that comes back takes it up and applies it) nor
 * "accepted" (an admitted Update is not durable: Temporal loses it if it restarts, and there is no
 * call to withdraw it). So the answer is 504 saying exactly that, and where to look: never 202,
 * never 503. The API asks Temporal which stage the Update reached (its id is the API's) to say
 * "no worker took it up" only when so.
 *
 * "Nothing was sent" is proven per call, not guessed from the last error: the client retries a
 * failed call (makeGrpcRetryInterceptor), so a call whose first attempt reached the server and
 * lost its answer can end with a later attempt's "No connection established". The connection's
 * retry interceptor (deliveryAwareRetry, installed by the API's connection) marks the final
 * failure of a call only when every one of its attempts failed before a connection existed.
 */
import { randomUUID } from 'node:crypto';
import {
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type GrpcRetryOptions,
} from '@temporalio/client';
import { ApplicationFailure, type SignalDefinition, type UpdateDefinition } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { ApiParams } from '../../../../libs/contracts/problems';
import { CHANGE_NOT_APPLIED } from '../../../../libs/contracts/workflow-failures';
import { Problem } from './problem';

/**
 * How long the API waits for Temporal on an official's change (an Update waits for the worker to
 * run it): the request is answered within it, whatever happened (issue 23). The client's retries
 * of a refused connection stop before it (deliveryAwareRetry), so an unreachable server is still
 * told apart from a slow one.
 */
export const WORKFLOW_MESSAGE_DEADLINE_MS = 10_000;

/** How long any other call to Temporal may take (a read: describe, query, list), retries included. */
export const TEMPORAL_CALL_DEADLINE_MS = 5_000;

/** How long the API asks Temporal, after an Update's deadline, which stage it reached. */
const UPDATE_STAGE_DEADLINE_MS = 1_500;

const STAGE = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;

/** The workflow a message goes to, and where its outcome can be read when it is not known. */
export interface WorkflowTarget {
  workflowId: string;
  /** What the workflow serves, in the API's words: `application 0042`, `task 5f0c…`. */
  subject: string;
  /** The API's path that shows the subject's state, e.g. `/v1/id-card/applications/<id>`. */
  readAt: string;
  /** How long to wait for Temporal (default WORKFLOW_MESSAGE_DEADLINE_MS). */
  deadlineMs?: number;
}

/** 409: the workflow's validator or handler refused the change, in its own words. */
export class WorkflowRefusedException extends Problem<'workflow.refused'> {
  constructor(
    reason: string,
    workflowId: string,
    /** The ApplicationFailure's type when the workflow gave one (e.g. TASK_REFUSED). */
    readonly failureType: string | undefined,
  ) {
    super(409, 'workflow.refused', { workflowId, failureType: failureType ?? null }, reason);
  }
}

/** 503: the workflow took the change, could not apply it and left everything as it was. */
export class WorkflowNotAppliedException extends Problem<'workflow.not-applied'> {
  constructor(reason: string, workflowId: string) {
    super(503, 'workflow.not-applied', { workflowId }, reason);
    this.retryAfterSeconds = 10;
  }
}

/** 409: the workflow has ended (or never existed): it takes no more changes. */
export class WorkflowEndedException extends Problem<'workflow.ended'> {
  constructor(detail: string, workflowId: string, completed: boolean) {
    super(409, 'workflow.ended', { workflowId, completed }, detail);
  }
}

/** 503: Temporal could not be reached and nothing was sent; the same request may be sent again. */
export class WorkflowUnreachableException extends Problem<'workflow.not-sent' | 'workflow.not-started'> {
  constructor(code: 'workflow.not-sent' | 'workflow.not-started', params: ApiParams<typeof code>, detail: string) {
    super(503, code, params, detail);
    this.retryAfterSeconds = 5;
  }
}

/** 504: the request may have reached the workflow; its outcome is not known. */
export class WorkflowOutcomeUnknownException extends Problem<'workflow.outcome-unknown' | 'workflow.may-have-started'> {
  constructor(
    code: 'workflow.outcome-unknown' | 'workflow.may-have-started',
    params: { workflowId: string; readAt: string },
    detail: string,
  ) {
    super(504, code, params, detail);
  }
}

/** Sends an Update and waits for its result. */
export async function updateWorkflow<R, Args extends [unknown, ...unknown[]]>(
  client: Client,
  target: WorkflowTarget,
  update: UpdateDefinition<R, Args>,
  ...args: Args
): Promise<R> {
  // The Update's id is ours, so its stage can be asked after a deadline.
  const updateId = randomUUID();
  try {
    return await withDeadline(client, target, () =>
      client.workflow.getHandle(target.workflowId).executeUpdate(update, { args, updateId }),
    );
  } catch (err) {
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError && (await onlyAdmitted(client, target, updateId)))
      throw notTakenUp(err, target);
    throw messageProblem(err, target);
  }
}

/** Whether Temporal holds the Update (admitted) and no worker has taken it up (accepted or rejected it). */
async function onlyAdmitted(client: Client, target: WorkflowTarget, updateId: string): Promise<boolean> {
  try {
    const { stage } = await client.connection.withDeadline(Date.now() + UPDATE_STAGE_DEADLINE_MS, () =>
      client.workflowService.pollWorkflowExecutionUpdate({
        namespace: client.options.namespace,
        updateRef: { workflowExecution: { workflowId: target.workflowId }, updateId },
        identity: client.options.identity,
        waitPolicy: { lifecycleStage: STAGE.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED },
      }),
    );
    return stage === STAGE.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED;
  } catch {
    return false; // not known: the general "outcome not known" is said
  }
}

function notTakenUp(err: unknown, target: WorkflowTarget): WorkflowOutcomeUnknownException {
  return new WorkflowOutcomeUnknownException(
    'workflow.outcome-unknown',
    { workflowId: target.workflowId, readAt: target.readAt },
    `The change to ${target.subject} was sent, but no worker took it up within ${Math.round((target.deadlineMs ?? WORKFLOW_MESSAGE_DEADLINE_MS) / 1000)} s ` +
      `(${cause(err)}): Temporal holds it, not yet applied, and a worker that comes back will apply it (or refuse it) ` +
      `unless Temporal restarts first. Read ${target.readAt}, or the history of workflow ${target.workflowId} ` +
      `(GET /v1/workflows/${target.workflowId}/history, or the Temporal console), before sending it again`,
  );
}

/** Sends a signal (done once Temporal has written it to the workflow's history). */
export async function signalWorkflow<Args extends unknown[]>(
  client: Client,
  target: WorkflowTarget,
  signal: SignalDefinition<Args>,
  ...args: Args
): Promise<void> {
  try {
    await withDeadline(client, target, () => client.workflow.getHandle(target.workflowId).signal(signal, ...args));
  } catch (err) {
    throw messageProblem(err, target);
  }
}

export function withDeadline<T>(client: Client, target: { deadlineMs?: number }, fn: () => Promise<T>): Promise<T> {
  return client.connection.withDeadline(Date.now() + (target.deadlineMs ?? WORKFLOW_MESSAGE_DEADLINE_MS), fn);
}

/**
 * A gRPC interceptor giving every call to Temporal that has no deadline of its own one of `ms`
 * (retries included): without it a call waits as long as the client retries (about 20 s against
 * a refused connection) or for ever against a server that does not answer.
 */
export function callDeadline(ms = TEMPORAL_CALL_DEADLINE_MS): GrpcInterceptor {
  // The next interceptor's call is returned as it is: grpc-js uses it through its interface only
  // (the type names the class; @grpc/grpc-js is the client's dependency, not the API's).
  return (options, nextCall) =>
    nextCall(options.deadline ? options : { ...options, deadline: Date.now() + ms }) as ReturnType<GrpcInterceptor>;
}

type GrpcInterceptor = ReturnType<typeof makeGrpcRetryInterceptor>;

/** The API's answer for a failed Update or signal; errors that are not Temporal's are returned as they are (500). */
export function messageProblem(err: unknown, target: WorkflowTarget): unknown {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause;
    if (cause instanceof ApplicationFailure && cause.type === CHANGE_NOT_APPLIED)
      return new WorkflowNotAppliedException(cause.message, target.workflowId);
    if (cause instanceof ApplicationFailure)
      return new WorkflowRefusedException(cause.message || err.message, target.workflowId, cause.type ?? undefined);
    return new WorkflowOutcomeUnknownException(
      'workflow.outcome-unknown',
      { workflowId: target.workflowId, readAt: target.readAt },
      `The workflow of ${target.subject} failed while it applied the change (${cause?.message || err.message}): ` +
        `it may have been made, in part or whole. Read ${target.readAt}, or the history of workflow ${target.workflowId} ` +
        `(GET /v1/workflows/${target.workflowId}/history, or the Temporal console), before sending it again`,
    );
  }
  if (err instanceof WorkflowNotFoundError) {
    const completed = /already completed/i.test(err.message);
    return new WorkflowEndedException(
      completed
        ? `The workflow of ${target.subject} has ended; it takes no more changes`
        : `${capitalised(target.subject)} has no workflow running; it takes no changes`,
      target.workflowId,
      completed,
    );
  }
  if (provablyNotSent(err)) {
    return new WorkflowUnreachableException(
      'workflow.not-sent',
      { workflowId: target.workflowId },
      `The workflow service could not be reached; nothing was sent and nothing changed: try again (${cause(err)})`,
    );
  }
  if (isTemporalCallFailure(err)) {
    return new WorkflowOutcomeUnknownException(
      'workflow.outcome-unknown',
      { workflowId: target.workflowId, readAt: target.readAt },
      `The change to ${target.subject} was sent to its workflow, but its outcome is not known (${cause(err)}): ` +
        `it may have been made. Read ${target.readAt}, or the history of workflow ${target.workflowId} ` +
        `(GET /v1/workflows/${target.workflowId}/history, or the Temporal console), before sending it again`,
    );
  }
  return err;
}

/** A failure of the call to Temporal itself (as opposed to encoding the arguments, or a bug). */
export function isTemporalCallFailure(err: unknown): boolean {
  return err instanceof ServiceError || err instanceof WorkflowUpdateRPCTimeoutOrCancelledError;
}

/** True only when the call's every attempt failed before a connection to Temporal existed. */
export function provablyNotSent(err: unknown): boolean {
  const metadata = (err as { cause?: { metadata?: unknown } } | null)?.cause?.metadata;
  return err instanceof ServiceError && typeof metadata === 'object' && metadata !== null && NOT_SENT.has(metadata);
}

/** The gRPC status in a few words, for the problem's detail (never the request, which may hold personal data). */
function cause(err: unknown): string {
  const grpc = (err as { cause?: { code?: number; details?: string } }).cause;
  const code = grpc?.code === undefined ? '' : (GRPC_STATUS_NAMES[grpc.code] ?? `gRPC status ${grpc.code}`);
  const details = (grpc?.details ?? (err as Error).message ?? '').split(/,|\. /)[0];
  return [code, details].filter(Boolean).join(': ');
}

export function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---- The connection's retries, aware of what reached the server

type GrpcStatus = Parameters<GrpcRetryOptions['retryableDecider']>[1];

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_STATUS_NAMES: Record<number, string> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  4: 'DEADLINE_EXCEEDED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
};

/**
 * Final statuses' metadata of calls none of whose attempts were sent. grpc-js shares one metadata
 * object between the calls that fail on the same picker, so the mark goes on a copy made for the call.
 */
const NOT_SENT = new WeakSet<object>();

/**
 * grpc-js fails a call with UNAVAILABLE "No connection established" when its load balancer has no
 * connection to pick (connection refused, name not resolved): the request never left the process.
 * Any other failure may come after the request was written to the wire.
 */
function failedBeforeSending(status: GrpcStatus): boolean {
  if (status.code === GRPC_UNAVAILABLE) return /^No connection established/.test(status.details ?? '');
  // A deadline that passed while the call still waited for a connection (grpc-js's deadline info).
  return (
    status.code === GRPC_DEADLINE_EXCEEDED &&
    /Waiting for LB pick|waiting for name resolution/.test(status.details ?? '')
  );
}

/**
 * The Temporal client's default retry interceptor (the same attempts and backoff), recording for
 * each call whether any attempt may have been sent: a connection built with it lets
 * provablyNotSent() tell "nothing was sent" from "sent, no answer". It makes no attempt that
 * would start after the call's deadline: the call ends with its last real failure (a refused
 * connection stays "nothing sent") instead of an attempt cut before it began.
 */
export function deliveryAwareRetry(options = defaultGrpcRetryOptions()): ReturnType<typeof makeGrpcRetryInterceptor> {
  return (callOptions, nextCall) => {
    let nothingSent = true; // this call's attempts so far all failed before leaving the process
    let delay = 0;
    const deadline = callOptions.deadline === undefined ? Infinity : Number(callOptions.deadline);
    return makeGrpcRetryInterceptor({
      delayFunction: () => delay,
      retryableDecider(attempt, status) {
        if (!failedBeforeSending(status)) nothingSent = false;
        delay = options.delayFunction(attempt, status);
        const retry = options.retryableDecider(attempt, status) && Date.now() + delay < deadline;
        if (!retry && nothingSent) {
          status.metadata = status.metadata.clone();
          NOT_SENT.add(status.metadata);
        }
        return retry;
      },
    })(callOptions, nextCall);
  };
}
