/**
 * idCardExchangeWorkflow: one online application to exchange an identity card (DOMAIN §4).
 *
 *   window check (expiry only, 30 days before to 10 after, until the pilot's end) ─ refused
 *   → the state fee taken, a registration ticket → review by the chosen region's migration
 *     service (a human task with a deadline in working days; escalates when it passes)
 *   → annulled (fee refunded; the citizen may apply again with a new fee)
 *   → or approved with EDS → central production → ready for pickup by ticket (reminders)
 *   → picked up: the register learns the new document;
 *     or not picked up a week after the last reminder: closed as not collected, the citizen told,
 *     the migration service escalated.
 * Each step reaches the citizen's e-gov cabinet through the notification queue.
 * Deterministic: the window and the deadline come from the workflow clock and the calendar data.
 */
import {
  ApplicationFailure,
  condition,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { deadlineAfter, localDateTimeOf, WorkingCalendar } from '../libs/calendar';
import { onlineExchangeRefusal } from '../libs/id-card/window';
import { DATABASE_ACTIVITY } from '../libs/contracts/activity-options';
import {
  idCardStateQuery,
  pickupUpdate,
  pickupPayload,
  producedPayload,
  producedSignal,
  reviewPayload,
  reviewUpdate,
  type IdCardExchangeInput,
  type IdCardState,
  type PickupInput,
  type ProducedInput,
  type ReviewInput,
} from '../libs/contracts/id-card-exchange';

export { idCardStateQuery, pickupUpdate, producedSignal, reviewUpdate };

const db = proxyActivities<Activities>(DATABASE_ACTIVITY);

const DAY = 86_400_000;

/**
 * Issue 24: the review and the produced signal are checked against what the API recorded
 * (workflow_request: the officer it authenticated, after its EDS check of an approval) before they
 * take effect; their own actor is only a claim. Workflows from before took the message as sent.
 */
export const RECORDED_REVIEW_PATCH = 'id-card-review-recorded';
export const RECORDED_PRODUCED_PATCH = 'id-card-produced-recorded';
export const RECORDED_PICKUP_PATCH = 'id-card-pickup-recorded';
/**
 * Issue 25: the pickup loop ends. A week (pickupReminderDays) after the last reminder the
 * application closes as not collected; workflows from before kept waiting, reminding no more.
 * patched() is asked at that moment, not once before the loop: a workflow deployed before the patch
 * replays its past weeks as they were, then closes at its next week's end.
 */
export const PICKUP_CLOSES_PATCH = 'id-card-pickup-closes';
const REVIEW_ROLES: Record<ReviewInput['decision'], string[]> = {
  APPROVE: ['MIGRATION_OFFICER'],
  ANNUL: ['MIGRATION_OFFICER', 'ADMIN'],
};
const refused = (message: string): never => {
  throw ApplicationFailure.create({ type: 'ID_CARD_REQUEST_REFUSED', message, nonRetryable: true });
};

export async function idCardExchangeWorkflow(input: IdCardExchangeInput): Promise<IdCardState> {
  const { applicationId } = input;
  const state: IdCardState = {
    stage: 'review',
    refusal: null,
    ticketNumber: null,
    reviewDueAt: null,
    escalated: false,
    remindersSent: 0,
  };
  let review: ReviewInput | null = null;
  let produced: ProducedInput | null = null;
  let pickup: PickupInput | null = null;
  setHandler(idCardStateQuery, () => state);

  // Issue 25: every handler is set before the first await. An Update that arrives before its
  // handler is set is rejected at the end of that activation ("No registered handler"), and an
  // officer or a registration point may act as soon as the database shows the step, before this
  // workflow has moved on. Setting handlers sends no command: histories replay as before.
  let accepting = true;
  let checking = false;
  setHandler(
    reviewUpdate,
    async (r) => {
      if (patched(RECORDED_REVIEW_PATCH)) {
        // The validator cannot read the database: the check runs here, before the review is taken.
        checking = true;
        if (accepting) {
          // Sent before the acceptance has settled: it waits for it (and is refused if refused).
          await condition(() => !accepting);
          if (state.stage !== 'review') {
            checking = false;
            return refused('This application is not waiting for review');
          }
        }
        const checked = await db
          .checkWorkflowRequest(
            {
              action: 'id-card.review',
              requestId: String(r.requestId),
              subjectId: applicationId,
              workflowId: workflowInfo().workflowId,
            },
            r.actor,
            reviewPayload(r),
          )
          .finally(() => {
            checking = false;
          });
        if ('refusal' in checked) return refused(checked.refusal);
        if (!REVIEW_ROLES[r.decision]?.includes(checked.actor.role))
          return refused(
            `A ${checked.actor.role} cannot ${r.decision === 'APPROVE' ? 'approve' : 'annul'} an application`,
          );
        if (state.stage !== 'review' || review) return refused('This application is not waiting for review');
        r = { ...r, actor: checked.actor.id };
      }
      review = r;
      await condition(() => state.stage !== 'review');
      return state;
    },
    {
      validator: (_r: ReviewInput) => {
        if (state.stage !== 'review' || review || checking)
          throw new Error('This application is not waiting for review');
      },
    },
  );
  const signalled: ProducedInput[] = [];
  setHandler(producedSignal, (p) => {
    signalled.push(p);
  });

  setHandler(
    pickupUpdate,
    async (p) => {
      // Sent the moment the card was reported (the API saw it ready before this workflow did): it
      // waits for the card to be marked ready.
      if (state.stage === 'production') await condition(() => state.stage !== 'production');
      if (patched(RECORDED_PICKUP_PATCH)) {
        checking = true;
        const checked = await db
          .checkWorkflowRequest(
            {
              action: 'id-card.pickup',
              requestId: String(p.requestId),
              subjectId: applicationId,
              workflowId: workflowInfo().workflowId,
            },
            p.actor,
            pickupPayload(p),
          )
          .finally(() => {
            checking = false;
          });
        if ('refusal' in checked) return refused(checked.refusal);
        if (state.stage !== 'ready' || pickup) return refused('This document is not waiting for pickup');
        p = { ...pickupPayload(p), actor: checked.actor.id };
      }
      pickup = p;
      await condition(() => state.stage === 'picked-up');
      return state;
    },
    {
      validator: (p) => {
        const marking = state.stage === 'production' && produced !== null;
        if ((state.stage !== 'ready' && !marking) || pickup || checking)
          throw new Error('This document is not waiting for pickup');
        if (p.ticketNumber !== state.ticketNumber) throw new Error("The ticket number is not this application's");
      },
    },
  );

  const refusal = onlineExchangeRefusal({
    reason: input.reason,
    expiresOn: input.expiresOn,
    now: Date.now(),
    pilotEndsOn: input.pilotEndsOn,
  });
  if (refusal) {
    await db.recordIdCardRefusal(applicationId, refusal);
    Object.assign(state, { stage: 'refused', refusal });
    accepting = false;
    await db.requestIdCardNotification(applicationId, 'refused');
    return state;
  }
  const accepted = await db.acceptIdCardApplication(applicationId);
  if ('refusal' in accepted) {
    Object.assign(state, { stage: 'refused', refusal: accepted.refusal });
    accepting = false;
    await db.requestIdCardNotification(applicationId, 'refused');
    return state;
  }
  state.ticketNumber = accepted.ticketNumber;
  accepting = false;
  await db.requestIdCardNotification(applicationId, 'accepted');

  // The review: a human task with its own deadline, in working days of the shipped calendar.
  const year = Number(localDateTimeOf(Date.now()).date.slice(0, 4));
  const snapshot = await db.loadCalendar([year, year + 1]);
  const due = deadlineAfter(
    new WorkingCalendar(snapshot.years),
    Date.now(),
    input.reviewWorkingDays,
    snapshot.settings,
  );
  state.reviewDueAt = due.at;
  await db.setIdCardReviewDue(applicationId, due.at);
  if (!(await condition(() => review !== null, Math.max(1, Date.parse(due.at) - Date.now())))) {
    await db.escalateIdCardReview(applicationId, new Date().toISOString());
    state.escalated = true;
    await condition(() => review !== null);
  }
  const decided = review as unknown as ReviewInput;
  if (decided.decision === 'ANNUL') {
    await db.annulIdCardApplication({
      applicationId,
      actor: decided.actor,
      reason: decided.reason,
      at: new Date().toISOString(),
    });
    state.stage = 'annulled';
    await db.requestIdCardNotification(applicationId, 'annulled');
    return state;
  }
  await db.sendIdCardToProduction({
    applicationId,
    actor: decided.actor,
    at: new Date().toISOString(),
    approval: decided.approval,
  });
  state.stage = 'production';

  if (patched(RECORDED_PRODUCED_PATCH)) {
    // A signal cannot be refused: one the API did not record is left aside, and the next awaited.
    while (produced === null) {
      await condition(() => signalled.length > 0);
      const p = signalled.shift()!;
      const checked = await db.checkWorkflowRequest(
        {
          action: 'id-card.produced',
          requestId: String(p?.requestId),
          subjectId: applicationId,
          workflowId: workflowInfo().workflowId,
        },
        undefined,
        producedPayload(p ?? ({} as ProducedInput)),
      );
      if ('actor' in checked) produced = producedPayload(p) as ProducedInput;
      else log.warn('produced signal left aside', { reason: checked.refusal });
    }
  } else {
    await condition(() => signalled.length > 0);
    produced = signalled[0];
  }
  await db.markIdCardReady(applicationId, produced!, new Date().toISOString());
  state.stage = 'ready';
  await db.requestIdCardNotification(applicationId, 'ready');

  while (!(await condition(() => pickup !== null, input.pickupReminderDays * DAY))) {
    if (state.remindersSent < input.pickupReminders) {
      state.remindersSent += 1;
      await db.remindIdCardPickup(applicationId, state.remindersSent);
      await db.requestIdCardNotification(applicationId, 'reminder', state.remindersSent);
    } else if (pickup === null && patched(PICKUP_CLOSES_PATCH)) {
      // Not collected a week after the last reminder: closed, escalated to the region's migration
      // service (the card at its registration point is theirs to deal with), the citizen told.
      state.stage = 'not-collected';
      await db.closeIdCardNotCollected(applicationId, new Date().toISOString());
      await db.requestIdCardNotification(applicationId, 'not-collected');
      return state;
    }
  }
  await db.recordIdCardPickup({
    applicationId,
    actor: pickup!.actor,
    at: new Date().toISOString(),
    document: produced!,
  });
  state.stage = 'picked-up';
  await db.requestIdCardNotification(applicationId, 'picked-up');
  return state;
}
