/**
 * votingDayApplicationWorkflow: one written application at a precinct on voting day (DOMAIN §3).
 *
 *   registered → lookup (state registration service; retried, then UNAVAILABLE until asked again)
 *     → boundary match (Appendix 3) → the commission's decision, an Update: include, or reject with
 *     reasons (after the call centre, optionally, also an Update) → e-gov notification (BullMQ)
 *
 * The voting-day clock runs from registration beside all of it: undecided after the configured
 * minutes, the application escalates to the territorial commission; undecided at the close of
 * voting, it escalates again and waits for that commission's decision (never dropped).
 * Deterministic: times come from the input and workflow time; the I/O is in activities.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { DATABASE_ACTIVITY, VOTING_DAY_LOOKUP_ACTIVITY } from '../libs/contracts/activity-options';
import {
  applicationStateQuery,
  callCentreUpdate,
  decideUpdate,
  inclusionRefusal,
  recordedPayload,
  retryLookupUpdate,
  type ApplicationState,
  type RecordedRequest,
  type EscalationReason,
  type VotingDayApplicationInput,
} from '../libs/contracts/voting-day';

const registry = proxyActivities<Activities>(VOTING_DAY_LOOKUP_ACTIVITY);
const database = proxyActivities<Activities>(DATABASE_ACTIVITY);

export { applicationStateQuery, callCentreUpdate, decideUpdate, retryLookupUpdate };

/**
 * Issue 24: an Update's actor is the one the API recorded (workflow_request), read by an activity
 * before the Update takes effect, with that actor's role; the Update's own actor is only a claim.
 * Histories from before took the actor as sent.
 */
export const VOTING_DAY_RECORDED_PATCH = 'voting-day-recorded-actor';

export async function votingDayApplicationWorkflow(input: VotingDayApplicationInput): Promise<ApplicationState> {
  const { applicationId } = input;
  const state: ApplicationState = {
    stage: 'looking-up',
    lookup: null,
    boundary: null,
    callCentreStationNumber: null,
    decision: null,
    escalations: [],
  };
  let deciding = false;
  let retryAsked = false;
  setHandler(applicationStateQuery, () => state);

  // What depends on the lookup is checked in the handler, once the lookup has settled, not in a
  // validator: an Update may arrive in the same workflow task as the lookup's answer (validators run
  // before it is applied), or just before it (the member saw the answer recorded by the activity).
  // A lookup still running after a short wait is refused in plain words.
  const settled = async (): Promise<void> => {
    await condition(() => true);
    if (state.stage === 'looking-up') await condition(() => state.stage !== 'looking-up', '3 seconds');
    if (state.stage === 'looking-up')
      throw ApplicationFailure.nonRetryable(
        'The registration lookup is still running: wait for its answer',
        'LookupRunning',
      );
  };

  /**
   * The Update as the API recorded it, its actor the recorded one: a precinct member, or the
   * district commission once the application has escalated (as the API's actable() allows).
   */
  const recorded = async <T extends { actor: string } & RecordedRequest>(name: string, arg: T): Promise<T> => {
    if (!patched(VOTING_DAY_RECORDED_PATCH)) return arg;
    const checked = await database.checkWorkflowRequest(
      {
        action: `voting-day.${name}` as 'voting-day.decide',
        requestId: String(arg.requestId),
        subjectId: applicationId,
        workflowId: workflowInfo().workflowId,
      },
      arg.actor,
      recordedPayload(arg),
    );
    if ('refusal' in checked) throw ApplicationFailure.nonRetryable(checked.refusal, 'RequestNotRecorded');
    const { role } = checked.actor;
    if (role !== 'PRECINCT_MEMBER' && role !== 'DISTRICT_COMMISSION')
      throw ApplicationFailure.nonRetryable(
        "Only the precinct's members, or the territorial commission once the application has escalated, decide it",
        'NotDecidingRole',
      );
    if (role === 'DISTRICT_COMMISSION' && state.escalations.length === 0)
      throw ApplicationFailure.nonRetryable(
        'The territorial commission takes over an application once it has escalated; this one has not',
        'NotEscalated',
      );
    const { requestId: _requestId, ...sent } = arg;
    return { ...sent, actor: checked.actor.id } as T;
  };

  setHandler(
    decideUpdate,
    async (d) => {
      await settled();
      if (state.decision !== null || deciding)
        throw ApplicationFailure.nonRetryable('This application has already been decided', 'AlreadyDecided');
      if (d.decision === 'INCLUDE') {
        const refusal = inclusionRefusal(state, input.stationNumber);
        if (refusal) throw ApplicationFailure.nonRetryable(refusal, 'InclusionRefused');
      }
      deciding = true;
      try {
        const decided = await recorded('decide', d);
        const outcome = await database.recordApplicationDecision({
          applicationId,
          ...decided,
          at: new Date().toISOString(),
        });
        state.decision = d.decision;
        return outcome;
      } catch (err) {
        // A refusal by the records (the citizen already included elsewhere) fails this Update, in plain words.
        if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure)
          throw ApplicationFailure.nonRetryable(err.cause.message, err.cause.type);
        throw err;
      } finally {
        deciding = false;
      }
    },
    {
      validator: (d) => {
        if (state.decision !== null || deciding) throw new Error('This application has already been decided');
        if (d.decision !== 'INCLUDE' && d.decision !== 'REJECT') throw new Error('The decision is INCLUDE or REJECT');
        if (d.decision === 'REJECT' && (!d.reason || d.reason.trim().length < 5))
          throw new Error('A rejection must give its reasons (at least 5 characters)');
      },
    },
  );

  setHandler(
    callCentreUpdate,
    async (c) => {
      await settled();
      const answer = await recorded('recordCallCentreAnswer', c);
      await database.recordCallCentreAnswer({ applicationId, ...answer, at: new Date().toISOString() });
      state.callCentreStationNumber = c.stationNumber;
    },
    {
      validator: (c) => {
        if (state.decision !== null || deciding) throw new Error('This application has already been decided');
        if (!Number.isInteger(c.stationNumber) || c.stationNumber <= 0)
          throw new Error("The call centre's precinct number must be a positive whole number");
      },
    },
  );

  setHandler(
    retryLookupUpdate,
    async (asked) => {
      await settled();
      if (state.lookup?.result !== 'UNAVAILABLE')
        throw ApplicationFailure.nonRetryable(
          'The lookup has answered: there is nothing to ask again',
          'LookupAnswered',
        );
      const { actor } = await recorded('retryLookup', asked);
      await database.reopenLookup(applicationId, actor);
      retryAsked = true;
    },
    {
      validator: (_asked: { actor: string } & RecordedRequest) => {
        if (state.decision !== null || deciding) throw new Error('This application has already been decided');
      },
    },
  );

  // The voting-day clock, from registration: both watches end as soon as a decision is recorded.
  const registeredAt = Date.parse(input.registeredAt);
  const watch = async (atMs: number, reason: EscalationReason): Promise<void> => {
    const wait = atMs - Date.now();
    const decidedInTime = wait > 0 ? await condition(() => state.decision !== null, wait) : state.decision !== null;
    if (decidedInTime) return;
    await database.escalateApplication({ applicationId, reason, at: new Date().toISOString() });
    state.escalations.push(reason);
  };
  const clock = Promise.all([
    watch(registeredAt + input.escalateAfterMinutes * 60_000, 'OPEN_TOO_LONG'),
    watch(Date.parse(input.closesAt), 'VOTING_CLOSED'),
  ]);

  for (;;) {
    try {
      state.lookup = await registry.lookUpApplicant(applicationId);
    } catch {
      // Every retry failed: the member sees that the service is down, and may ask again or decide.
      state.lookup = await database.recordLookupUnavailable(applicationId);
    }
    if (state.lookup.result !== 'UNAVAILABLE') break;
    state.stage = 'awaiting-decision';
    await condition(() => retryAsked || state.decision !== null);
    if (state.decision !== null) break;
    retryAsked = false;
    state.stage = 'looking-up';
  }
  if (state.lookup.result === 'FOUND' && state.decision === null) {
    state.boundary = await database.matchApplicantBoundaries(applicationId);
  }
  state.stage = 'awaiting-decision';

  await condition(() => state.decision !== null && !deciding);
  state.stage = 'notifying';
  await database.requestApplicationNotification(applicationId);
  await clock;
  state.stage = 'done';
  return state;
}
