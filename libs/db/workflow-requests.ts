/**
 * What the API recorded of an official's change to a workflow, and the worker's check of a message
 * against it (issue 24, ASVS V4.1.1/V4.1.3: access control enforced on a trusted service layer).
 *
 * Whoever reaches Temporal's frontend with the codec key (an insider, a leaked key) could send an
 * Update or a signal naming any actor. So the API writes a record (workflow_request) before it
 * sends the message: who it authenticated, the subject, and the payload's digest. The workflow
 * sends its activity the request id, the subject and the payload it received; the activity reads
 * the record and answers with the recorded actor, or a refusal in plain words. The workflow then
 * checks that actor's authority, never the one in the message.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { PrismaClient } from './prisma';

export type WorkflowRequestAction =
  | 'cycle-task.complete'
  | 'cycle-district.retry'
  | 'id-card.review'
  | 'id-card.produced'
  | 'id-card.pickup'
  | 'voting-day.decide'
  | 'voting-day.recordCallCentreAnswer'
  | 'voting-day.retryLookup';

/** The actor as the API authenticated them (an official's user id, or `operator`). */
export interface RecordedActor {
  id: string;
  role: string;
  regionCode?: string;
  districtId?: string;
}

export interface WorkflowRequestRef {
  action: WorkflowRequestAction;
  requestId: string;
  subjectId: string;
  workflowId: string;
}

/** SHA-256 of the value's JSON with object keys sorted at every level (undefined left out, as JSON does). */
export function payloadDigest(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(sorted(value)), 'utf8')
    .digest('hex');
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/**
 * The API's record, written before the message is sent. A request id already recorded for the same
 * action and subject keeps its first record (a retry of the same request).
 */
export async function recordWorkflowRequest(
  prisma: PrismaClient,
  ref: WorkflowRequestRef,
  actor: RecordedActor,
  payload: unknown,
): Promise<void> {
  await prisma.workflowRequest.createMany({
    data: [
      {
        id: randomUUID(),
        requestId: ref.requestId,
        action: ref.action,
        subjectId: ref.subjectId,
        workflowId: ref.workflowId,
        actorId: actor.id,
        actorRole: actor.role,
        actorRegionCode: actor.regionCode ?? null,
        actorDistrictId: actor.districtId ?? null,
        payloadSha256: payloadDigest(payload),
      },
    ],
    skipDuplicates: true,
  });
}

export type RecordedRequestCheck = { actor: RecordedActor } | { refusal: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Checks a message the workflow received against the API's record: there is one for this request,
 * action, subject and workflow; the message names the recorded actor; its payload is the recorded
 * one. An official's account disabled since is refused too. Returns the recorded actor.
 */
export async function checkWorkflowRequest(
  prisma: PrismaClient,
  ref: WorkflowRequestRef,
  claimedActorId: string | undefined,
  payload: unknown,
): Promise<RecordedRequestCheck> {
  const found = await prisma.workflowRequest.findUnique({
    where: {
      action_subjectId_requestId: { action: ref.action, subjectId: ref.subjectId, requestId: String(ref.requestId) },
    },
  });
  if (!found || found.workflowId !== ref.workflowId)
    return {
      refusal: `The API has no record of request ${String(ref.requestId)} (${ref.action} of ${ref.subjectId}): changes are made through the API`,
    };
  if (claimedActorId !== undefined && claimedActorId !== found.actorId)
    return { refusal: `Request ${ref.requestId} was made by another official than the message names` };
  if (payloadDigest(payload) !== found.payloadSha256)
    return { refusal: `The message of request ${ref.requestId} is not what the API recorded` };
  if (UUID.test(found.actorId)) {
    const user = await prisma.user.findUnique({ where: { id: found.actorId }, select: { disabledAt: true } });
    if (!user || user.disabledAt)
      return { refusal: `The official who made request ${ref.requestId} has no account now, or it is disabled` };
  }
  return {
    actor: {
      id: found.actorId,
      role: found.actorRole,
      ...(found.actorRegionCode ? { regionCode: found.actorRegionCode } : {}),
      ...(found.actorDistrictId ? { districtId: found.actorDistrictId } : {}),
    },
  };
}

/**
 * Whether the escalation's record says an official acknowledged (or resolved) it, as the API writes
 * it before it signals the workflow: a signal the record does not bear out stops no ladder.
 */
export async function escalationHandledOnRecord(
  prisma: PrismaClient,
  escalationId: string,
  action: 'acknowledged' | 'resolved',
): Promise<boolean> {
  if (!UUID.test(escalationId)) return false;
  const row = await prisma.escalation.findUnique({
    where: { id: escalationId },
    select: { acknowledgedBy: true, resolvedBy: true, resolvedAt: true },
  });
  if (!row) return false;
  return action === 'acknowledged' ? row.acknowledgedBy !== null : row.resolvedBy !== null && row.resolvedAt !== null;
}
