/**
 * regionCycleWorkflow: one region's part of a cycle. Starts a districtCycleWorkflow per district
 * on record as a child, tracks them until every district is ready, then opens the regional
 * commission's task to submit the region to the CEC by 15 January / 15 July (paras 12, 22) and
 * the CEC coordinator's task to record the CEC's receipt.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  condition,
  isCancellation,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  WorkflowIdReusePolicy,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import {
  calendarYearsFor,
  calendarYearsFrom,
  calendarYearsSpanning,
  cycleSchedule,
  deadlineAfter,
  parsePeriod,
  WorkingCalendar,
  type Deadline,
} from '../libs/calendar';
import { DATABASE_ACTIVITY } from '../libs/contracts/activity-options';
import {
  CALENDAR_YEAR_OF_TODAY,
  CALENDAR_YEARS_SPANNING,
  CHILD_FAILURE_ISOLATION,
  districtCycleWorkflowId,
  regionStateQuery,
  RETRY_REFUSED,
  retryDistrictUpdate,
  type RetryDistrictRequest,
  type RegionCycleInput,
  type RegionCycleState,
  type RegionStage,
} from '../libs/contracts/cycle';
import { SA_AT_RISK, SA_DISTRICT, SA_PERIOD, SA_REGION, SA_STAGE } from '../libs/contracts/search-attributes';
import { TaskBook } from './cycle/task-book';
import { districtCycleWorkflow } from './district-cycle';

const db = proxyActivities<Activities>(DATABASE_ACTIVITY);

/**
 * Why a child failed, for the state an admin reads: each cause's message below Temporal's own
 * wrapper, an activity named by its type ("activity runReconciliation failed: …").
 */
export function childFailureReason(err: ChildWorkflowFailure): string {
  const parts: string[] = [];
  for (let c: Error | undefined = err.cause; c; c = (c as { cause?: Error }).cause) {
    parts.push(c instanceof ActivityFailure ? `activity ${c.activityType} failed` : c.message);
  }
  return (parts.join(': ') || err.message).slice(0, 500);
}

/**
 * A child's failure that the parent records instead of failing with it: any but a cancellation
 * that reached the parent itself (an admin calling the period off), which goes on up.
 */
export const isolatedFailure = (err: unknown): err is ChildWorkflowFailure =>
  err instanceof ChildWorkflowFailure && !(isCancellation(err) && CancellationScope.current().consideredCancelled);

const refuseRetry = (message: string): never => {
  throw ApplicationFailure.create({ type: RETRY_REFUSED, message, nonRetryable: true });
};

export interface RegionCycleResult {
  regionCode: string;
  districts: number;
  submittedToCecAt: string | null;
  cecReceiptRecordedAt: string | null;
}

export async function regionCycleWorkflow(input: RegionCycleInput): Promise<RegionCycleResult> {
  const period = parsePeriod(input.period);
  const book = new TaskBook({
    period: input.period,
    regionCode: input.regionCode,
    districtId: null,
    policy: input.policy,
  });
  let stage: RegionStage = 'districts-in-progress';
  let cecDeadline: Deadline | null = null;
  const districts: RegionCycleState['districts'] = [];
  // Handlers first: a query or a completion may arrive before the calendar is loaded.
  setHandler(regionStateQuery, () => ({
    period: input.period,
    regionCode: input.regionCode,
    stage,
    districts,
    cecDeadline: cecDeadline?.at ?? null,
    tasks: book.views(),
    escalations: book.escalations,
  }));
  book.acceptCompletions();
  // An admin's retry of a failed district (issue 25): refused before it reaches history unless the
  // district failed; the API's record decides who sent it. Answered once the new run has started.
  const retrying = new Set<string>();
  const retryable = (req: RetryDistrictRequest) => {
    const d = districts.find((x) => x.districtId === req?.districtId);
    if (!d) return refuseRetry(`District ${String(req?.districtId)} is not in the cycle of region ${input.regionCode}`);
    if (!d.failed) return refuseRetry(`District ${d.districtId} has not failed; there is nothing to retry`);
    if (retrying.has(d.districtId)) return refuseRetry(`District ${d.districtId} is being retried already`);
    return d;
  };
  setHandler(
    retryDistrictUpdate,
    async (req) => {
      const d = retryable(req);
      const checked = await db.checkWorkflowRequest(
        {
          action: 'cycle-district.retry',
          requestId: req.requestId,
          subjectId: d.workflowId,
          workflowId: workflowInfo().workflowId,
        },
        req.actor.id,
        { districtId: d.districtId },
      );
      if ('refusal' in checked) return refuseRetry(checked.refusal);
      if (checked.actor.role !== 'ADMIN') return refuseRetry('Only an admin may retry a failed district');
      retryable(req); // another retry may have come while the record was read
      retrying.add(d.districtId);
      await condition(() => !retrying.has(d.districtId));
      if (d.failed) return refuseRetry(d.failed.reason); // the new run could not start
      return {
        districtId: d.districtId,
        workflowId: d.workflowId,
        retries: d.retries ?? 0,
        retriedAt: new Date(Date.now()).toISOString(),
      };
    },
    {
      validator: (req) => {
        retryable(req);
        if (req.actor?.role !== 'ADMIN') refuseRetry('Only an admin may retry a failed district');
      },
    },
  );

  const snapshot = await db.loadCalendar(
    patched(CALENDAR_YEAR_OF_TODAY) ? calendarYearsFrom(period, Date.now()) : calendarYearsFor(period),
    // The years between today's and the period's, those on record (issue 25): on 31 December after
    // hours a schedule counts from the next year's first working day.
    ...(patched(CALENDAR_YEARS_SPANNING) ? [calendarYearsSpanning(period, Date.now())] : []),
  );
  const calendar = new WorkingCalendar(snapshot.years);
  cecDeadline = cycleSchedule(calendar, period, {}, snapshot.settings).steps.find(
    (s) => s.step === 'cecSubmission',
  )!.due;
  const enter = (next: RegionStage) => {
    stage = next;
    if (input.searchAttributes)
      upsertSearchAttributes([
        { key: SA_STAGE, value: stage },
        { key: SA_AT_RISK, value: book.atRisk },
      ]);
  };
  enter(stage);

  // Cancelled (the period called off by an admin): close the open tasks and escalations.
  const { ids, submit, receipt } = await book.cancellable(async () => {
    const ids = await db.listDistricts(input.regionCode);
    const isolated = patched(CHILD_FAILURE_ISOLATION);
    const startDistrict = (districtId: string, resume: boolean) =>
      startChild(districtCycleWorkflow, {
        workflowId: districtCycleWorkflowId(input.period, districtId),
        args: [
          {
            period: input.period,
            regionCode: input.regionCode,
            districtId,
            policy: input.policy,
            searchAttributes: input.searchAttributes,
            ...(resume ? { resume: true } : {}),
          },
        ],
        // ABANDON: the region closing (failed, terminated, timed out) leaves its districts' work
        // running; an admin who calls the period off still cancels them, since cancelling this
        // workflow cancels the scope they were started in (the SDK sends each a cancellation,
        // ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED). Histories from before
        // issue 25 started them with the default, TERMINATE.
        ...(isolated ? { parentClosePolicy: ParentClosePolicy.ABANDON } : {}),
        // A retry starts a new run under the same id, allowed once the failed run has closed.
        ...(resume ? { workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE } : {}),
        typedSearchAttributes: !input.searchAttributes
          ? undefined
          : [
              { key: SA_PERIOD, value: input.period },
              { key: SA_REGION, value: input.regionCode },
              { key: SA_DISTRICT, value: districtId },
              { key: SA_STAGE, value: 'awaiting-submission' },
              { key: SA_AT_RISK, value: false },
            ],
      });
    const children = await Promise.all(
      ids.map((districtId) => {
        const workflowId = districtCycleWorkflowId(input.period, districtId);
        districts.push({ districtId, workflowId, ready: false, ...(isolated ? { failed: null, retries: 0 } : {}) });
        return startDistrict(districtId, false);
      }),
    );
    // Issue 25: each district is awaited on its own. One that fails is recorded with its reason
    // and escalated, and waits for an admin's retry while the others run on.
    const supervise = async (i: number, first: ChildWorkflowHandle<typeof districtCycleWorkflow>) => {
      const d = districts[i];
      for (let child = first; ;) {
        try {
          await child.result();
          d.ready = true;
          return;
        } catch (err) {
          if (!isolatedFailure(err)) throw err;
          child = await retried(d, childFailureReason(err));
        }
      }
    };
    // Recorded and escalated, the district waits for an admin's retry; the retry starts a new run.
    const retried = async (d: RegionCycleState['districts'][number], reason: string) => {
      for (;;) {
        const escalation = await book.childFailed(d.districtId, cecDeadline!.at);
        d.failed = { reason, at: new Date(Date.now()).toISOString(), escalationId: escalation.id };
        enter(stage);
        await condition(() => retrying.has(d.districtId));
        await book.resolveFailure(escalation);
        try {
          const child = await startDistrict(d.districtId, true);
          d.failed = null;
          d.retries = (d.retries ?? 0) + 1;
          enter(stage);
          return child;
        } catch (err) {
          // A run of the district under its id is going already (reset or started by hand in
          // Temporal): the region cannot follow it. Failed again, said so; the retry is refused.
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          reason =
            `A run of district ${d.districtId}'s workflow (${d.workflowId}) was started outside the region ` +
            `(reset or started in Temporal): let it end or terminate it, then retry`;
          d.failed = { reason, at: new Date(Date.now()).toISOString(), escalationId: null };
        } finally {
          retrying.delete(d.districtId);
        }
      }
    };
    await Promise.all(
      children.map(async (child, i) => {
        if (isolated) return supervise(i, child);
        await child.result();
        districts[i].ready = true;
      }),
    );

    enter('submitting-to-cec');
    const submit = await book.awaitCompletion(await book.open('SUBMIT_TO_CEC', 0, cecDeadline.at), 'cecSubmission');
    enter('awaiting-cec-receipt');
    // The coordinator records the receipt by the end of the next working day.
    const receiptDue = deadlineAfter(calendar, submit.completedAt!, 1, snapshot.settings).at;
    const receipt = await book.awaitCompletion(await book.open('RECORD_CEC_RECEIPT', 0, receiptDue), 'cecSubmission');
    return { ids, submit, receipt };
  });
  enter('done');
  await condition(allHandlersFinished);
  return {
    regionCode: input.regionCode,
    districts: ids.length,
    submittedToCecAt: submit.completedAt,
    cecReceiptRecordedAt: receipt.completedAt,
  };
}
