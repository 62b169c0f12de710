/**
 * Activities over the database: each a thin adapter over the data layer (libs/db), so the API's
 * services and the workflows read and write a concern the same way.
 */
import { Context } from '@temporalio/activity';
import type { RegistrationCheckOutcome } from '../libs/contracts/registration-check';
import { loadCalendarSnapshot, type CalendarSnapshot } from '../libs/db/calendar-snapshot';
import * as cycle from '../libs/db/cycle';
import * as idCard from '../libs/db/id-card-exchange';
import { recordMailDeliveries } from '../libs/db/official-mail';
import { enqueueOfficialMail } from '../libs/queues/official-mail';
import { recordRegistrationCheck } from '../libs/db/registration-checks';
import * as votingDay from '../libs/db/voting-day';
import * as requests from '../libs/db/workflow-requests';
import type { ActivityDeps } from './deps';

/** What a reconciliation attempt keeps of its timeout to record the round and answer. */
const RECONCILIATION_MARGIN_MS = 60_000;

export function databaseActivities(deps: ActivityDeps) {
  /**
   * The inbox notification (by its dedupe key) also goes by e-mail to each official of its role and
   * territory who takes it that way, when the mail relay is configured; a repeat queues nothing twice.
   */
  const mail = async (dedupeKey: string, at: string): Promise<void> => {
    if (!deps.mailQueue) return;
    await enqueueOfficialMail(deps.mailQueue, await recordMailDeliveries(deps.prisma, dedupeKey, new Date(at)));
  };

  return {
    async recordRegistrationCheck(checkId: string, outcome: RegistrationCheckOutcome): Promise<void> {
      await recordRegistrationCheck(deps.prisma, checkId, outcome);
    },

    /** The working-day calendar of the given years and the deadline settings, as data for a workflow. */
    async loadCalendar(years: number[], ifLoaded?: number[]): Promise<CalendarSnapshot> {
      return loadCalendarSnapshot(deps.prisma, deps.deadlineSettings, years, ifLoaded);
    },

    /**
     * An official's Update or signal checked against what the API recorded before sending it
     * (issue 24): the recorded actor, or why the message is refused. Never trusts the message's actor.
     */
    async checkWorkflowRequest(
      ref: requests.WorkflowRequestRef,
      claimedActorId: string | undefined,
      payload: unknown,
    ): Promise<requests.RecordedRequestCheck> {
      return requests.checkWorkflowRequest(deps.prisma, ref, claimedActorId, payload);
    },

    /** Whether an escalation's record bears out an escalationHandled signal (issue 24). */
    async escalationHandledOnRecord(escalationId: string, action: 'acknowledged' | 'resolved'): Promise<boolean> {
      return requests.escalationHandledOnRecord(deps.prisma, escalationId, action);
    },

    // ---- The semiannual cycle: tasks, escalations, reconciliation (libs/db/cycle.ts).
    async openTask(task: cycle.OpenTaskInput): Promise<void> {
      await cycle.openTask(deps.prisma, task);
    },
    /** Completes the task's record, serialised with claims; or says why not (issue 25). */
    async completeTaskRecord(c: {
      taskId: string;
      completedBy: string;
      completedAt: string;
      outcome: unknown;
    }): Promise<cycle.TaskCompletionRecord> {
      return cycle.completeTaskRecord(deps.prisma, c);
    },
    /** Undoes a completion the workflow could not learn was written (its activity failed for good). */
    async reopenTaskRecord(c: { taskId: string; completedBy: string; completedAt: string }): Promise<void> {
      await cycle.reopenTaskRecord(deps.prisma, c);
    },
    async cancelTaskRecord(taskId: string): Promise<void> {
      await cycle.cancelTaskRecord(deps.prisma, taskId);
    },
    async remindTask(taskId: string, at: string): Promise<void> {
      await cycle.remindTask(deps.prisma, taskId, at);
      await mail(cycle.reminderKey(taskId), at);
    },
    async raiseEscalation(e: cycle.RaiseEscalationInput): Promise<void> {
      await cycle.raiseEscalation(deps.prisma, e);
      await mail(cycle.escalationKey(e.id, e.level), e.at);
      for (const role of cycle.alsoTold(e.reason)) await mail(cycle.escalationKey(e.id, role), e.at);
    },
    async climbEscalation(id: string, level: cycle.RaiseEscalationInput['level'], at: string): Promise<void> {
      await cycle.climbEscalation(deps.prisma, id, level, at);
      await mail(cycle.escalationKey(id, level), at);
    },
    async resolveEscalation(id: string, at: string): Promise<void> {
      await cycle.resolveEscalation(deps.prisma, id, at);
    },
    /** A retried district's run: what its failed run left open is closed; where it carries on from (issue 25). */
    async resumeDistrict(r: Parameters<typeof cycle.resumeDistrict>[1]) {
      return cycle.resumeDistrict(deps.prisma, r);
    },
    async listDistricts(regionCode: string): Promise<string[]> {
      return cycle.listDistricts(deps.prisma, regionCode);
    },
    async listRegions(): Promise<{ withDistricts: string[]; withoutDistricts: string[] }> {
      return cycle.listRegions(deps.prisma);
    },
    /**
     * Heartbeats while the engine's transaction runs (RECONCILIATION_ACTIVITY's heartbeat timeout).
     * The transaction ends a minute before this attempt's start-to-close timeout, so Temporal starts
     * no retry while it still runs; a retry that overlaps it anyway (heartbeats lost) waits for it on
     * the run's lock and returns its record (issue 25).
     */
    async runReconciliation(r: Parameters<typeof cycle.runReconciliation>[1]) {
      const ctx = Context.current();
      // On the worker's own clock: the server's may be skewed, or (the time-skipping test server)
      // days ahead, which made the statement timeout larger than PostgreSQL takes. Counted from now,
      // a moment after the server started the attempt; the margin covers that moment.
      const deadline = Date.now() + ctx.info.startToCloseTimeoutMs - RECONCILIATION_MARGIN_MS;
      const beat = setInterval(() => ctx.heartbeat(), 10_000);
      try {
        return await cycle.runReconciliation(deps.prisma, r, { deadline });
      } finally {
        clearInterval(beat);
      }
    },

    // ---- The voting-day application (libs/db/voting-day.ts).
    async recordLookupUnavailable(applicationId: string) {
      return votingDay.recordLookupUnavailable(deps.prisma, applicationId);
    },
    async reopenLookup(applicationId: string, actor: string): Promise<void> {
      await votingDay.reopenLookup(deps.prisma, applicationId, actor);
    },
    async matchApplicantBoundaries(applicationId: string) {
      return votingDay.matchApplicantBoundaries(deps.prisma, applicationId);
    },
    async recordCallCentreAnswer(c: Parameters<typeof votingDay.recordCallCentreAnswer>[1]): Promise<void> {
      await votingDay.recordCallCentreAnswer(deps.prisma, c);
    },
    async recordApplicationDecision(d: Parameters<typeof votingDay.recordApplicationDecision>[1]) {
      return votingDay.recordApplicationDecision(deps.prisma, d);
    },
    async escalateApplication(e: Parameters<typeof votingDay.escalateApplication>[1]): Promise<void> {
      await votingDay.escalateApplication(deps.prisma, e);
    },
    // ---- The online ID-card exchange (libs/db/id-card-exchange.ts).
    async recordIdCardRefusal(
      applicationId: string,
      refusal: Parameters<typeof idCard.recordIdCardRefusal>[2],
    ): Promise<void> {
      await idCard.recordIdCardRefusal(deps.prisma, applicationId, refusal);
    },
    async acceptIdCardApplication(applicationId: string) {
      return idCard.acceptIdCardApplication(deps.prisma, applicationId);
    },
    async setIdCardReviewDue(applicationId: string, dueAt: string): Promise<void> {
      await idCard.setIdCardReviewDue(deps.prisma, applicationId, dueAt);
    },
    async escalateIdCardReview(applicationId: string, at: string): Promise<void> {
      await idCard.escalateIdCardReview(deps.prisma, applicationId, at);
    },
    async annulIdCardApplication(a: Parameters<typeof idCard.annulIdCardApplication>[1]): Promise<void> {
      await idCard.annulIdCardApplication(deps.prisma, a);
    },
    async sendIdCardToProduction(a: Parameters<typeof idCard.sendIdCardToProduction>[1]): Promise<void> {
      await idCard.sendIdCardToProduction(deps.prisma, a);
    },
    async markIdCardReady(
      applicationId: string,
      produced: Parameters<typeof idCard.markIdCardReady>[2],
      at: string,
    ): Promise<void> {
      await idCard.markIdCardReady(deps.prisma, applicationId, produced, at);
    },
    async remindIdCardPickup(applicationId: string, reminder: number): Promise<void> {
      await idCard.remindIdCardPickup(deps.prisma, applicationId, reminder);
    },
    async closeIdCardNotCollected(applicationId: string, at: string): Promise<void> {
      await idCard.closeIdCardNotCollected(deps.prisma, applicationId, at);
    },
    async recordIdCardPickup(p: Parameters<typeof idCard.recordIdCardPickup>[1]): Promise<void> {
      await idCard.recordIdCardPickup(deps.prisma, p);
    },
  };
}
