/**
 * districtCycleWorkflow: one district's part of a semiannual cycle (CEC Rules 11/196 paras 6-11,
 * 17-21), for the voter file, the station list and the boundaries together.
 *
 *   awaiting-submission   the akimat submits its files with the transfer act (SUBMIT_FILES)
 *   reconciling           the checks run (an activity; round 1, 2, … one per resubmission)
 *   commission-review     the commission sends the discrepancies back, or accepts (REVIEW_DISCREPANCIES)
 *   awaiting-corrections  the akimat corrects and resends (SUBMIT_CORRECTIONS), then reconciling again
 *   ready                 clean, or accepted by the commission: reported to the region (the result)
 *
 * Every deadline comes from the calendar engine over the calendar the workflow loaded at its
 * start (kept in its history). The projection is re-checked at every wake-up; when the chain can
 * no longer reach the CEC in time an escalation is raised before any deadline has passed.
 */
import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  calendarYearsFor,
  calendarYearsFrom,
  calendarYearsSpanning,
  cycleSchedule,
  parsePeriod,
  WorkingCalendar,
  type CycleEvents,
  type DeadlineSettings,
} from '../libs/calendar';
import { DATABASE_ACTIVITY, RECONCILIATION_ACTIVITY } from '../libs/contracts/activity-options';
import {
  CALENDAR_YEAR_OF_TODAY,
  CALENDAR_YEARS_SPANNING,
  districtStateQuery,
  type DistrictCycleInput,
  type DistrictStage,
  type ReconciliationSummary,
  type SubmittedFile,
} from '../libs/contracts/cycle';
import { SA_AT_RISK, SA_STAGE } from '../libs/contracts/search-attributes';
import { TaskBook, type Task } from './cycle/task-book';

const db = proxyActivities<Activities>(DATABASE_ACTIVITY);
const reconciliation = proxyActivities<Activities>(RECONCILIATION_ACTIVITY);

export interface DistrictCycleResult {
  districtId: string;
  rounds: number;
  readyAt: string;
  /** Discrepancies left in the last round: 0 when clean, more when the commission accepted them. */
  discrepancies: number;
}

/** What a SUBMIT_FILES / SUBMIT_CORRECTIONS task handed over: the act's files, or the act recorded in Tizim. */
const handedOver = (task: Task): { files: SubmittedFile[]; submissionId?: string; transferActId?: string } => {
  const o = task.outcome;
  if (o?.kind !== 'SUBMIT_FILES' && o?.kind !== 'SUBMIT_CORRECTIONS') return { files: [] };
  return { files: o.files ?? [], submissionId: o.submissionId, transferActId: o.transferActId };
};

export async function districtCycleWorkflow(input: DistrictCycleInput): Promise<DistrictCycleResult> {
  const period = parsePeriod(input.period);
  const book = new TaskBook({
    period: input.period,
    regionCode: input.regionCode,
    districtId: input.districtId,
    policy: input.policy,
  });
  let stage: DistrictStage = 'awaiting-submission';
  let round = 0;
  let events: CycleEvents = {};
  let last: ReconciliationSummary | null = null;
  let calendar: { calendar: WorkingCalendar; settings: DeadlineSettings } | null = null;
  const schedule = () =>
    calendar ? cycleSchedule(calendar.calendar, period, events, calendar.settings, Date.now()) : null;

  // Handlers first: a query or a completion may arrive before the calendar is loaded.
  setHandler(districtStateQuery, () => ({
    period: input.period,
    regionCode: input.regionCode,
    districtId: input.districtId,
    stage,
    round,
    schedule: schedule(),
    atRisk: stage !== 'ready' && book.atRisk,
    tasks: book.views(),
    escalations: book.escalations,
    lastReconciliation: last,
  }));
  book.acceptCompletions();

  // Projections count from today: its year is loaded too (a cycle started early, or late).
  const snapshot = await db.loadCalendar(
    patched(CALENDAR_YEAR_OF_TODAY) ? calendarYearsFrom(period, Date.now()) : calendarYearsFor(period),
    // The years between today's and the period's, those on record (issue 25): on 31 December after
    // hours a schedule counts from the next year's first working day.
    ...(patched(CALENDAR_YEARS_SPANNING) ? [calendarYearsSpanning(period, Date.now())] : []),
  );
  calendar = { calendar: new WorkingCalendar(snapshot.years), settings: snapshot.settings };
  const plan = () => schedule()!;

  let publishedAtRisk: boolean | null = null;
  const publish = () => {
    if (!input.searchAttributes) return;
    const atRisk = stage !== 'ready' && book.atRisk;
    upsertSearchAttributes([
      { key: SA_STAGE, value: stage },
      ...(atRisk !== publishedAtRisk ? [{ key: SA_AT_RISK, value: atRisk }] : []),
    ]);
    publishedAtRisk = atRisk;
  };
  const enter = (next: DistrictStage) => {
    stage = next;
    publish();
  };
  // At every wake-up: does the rest of the chain still reach the CEC in time?
  const checkProjection = async () => {
    const { projection, steps } = plan();
    const before = book.atRisk;
    await book.projection(projection.fits, steps[steps.length - 1].due.at, projection.missesByWorkingDays);
    if (book.atRisk !== before) publish();
  };
  const due = (step: 'submission' | 'reply' | 'correction') => plan().steps.find((s) => s.step === step)!.due.at;
  const wait = async (task: Task, step: 'submission' | 'reply' | 'correction') => {
    const done = await book.awaitCompletion(task, step, checkProjection);
    publish();
    return done;
  };

  // Cancelled (the period called off by an admin): close the open tasks and escalations.
  const reconciled = await book.cancellable(async () => {
    publish();
    // A run an admin's retry started (issue 25; only such a run has `resume`, so histories from
    // before never take this path): the failed run's leftovers closed, the files it was handed
    // are reconciled again rather than asked for again.
    const resumed = input.resume
      ? await db.resumeDistrict({
          workflowId: workflowInfo().workflowId,
          period: input.period,
          districtId: input.districtId,
          at: new Date(Date.now()).toISOString(),
        })
      : null;
    let handed: ReturnType<typeof handedOver>;
    if (resumed) {
      events = { receivedAt: resumed.receivedAt };
      handed = resumed.handed;
      round = resumed.rounds;
    } else {
      const submission = await wait(await book.open('SUBMIT_FILES', 0, due('submission')), 'submission');
      events = { receivedAt: submission.completedAt! };
      handed = handedOver(submission);
    }

    for (;;) {
      round += 1;
      enter('reconciling');
      last = await reconciliation.runReconciliation({
        id: uuid4(),
        workflowId: workflowInfo().workflowId,
        period: input.period,
        districtId: input.districtId,
        round,
        ...handed,
        at: new Date(Date.now()).toISOString(),
      });
      // Each round counts the reply and the corrections from its own reconciliation (paras 10-11).
      events = { receivedAt: events.receivedAt, reconciledAt: last.reconciledAt };
      if (last.discrepancies.length === 0) break;

      enter('commission-review');
      const review = await wait(await book.open('REVIEW_DISCREPANCIES', round, due('reply')), 'reply');
      if (review.outcome?.kind === 'REVIEW_DISCREPANCIES' && review.outcome.decision === 'accept') break;
      events = { ...events, repliedAt: review.completedAt! };

      enter('awaiting-corrections');
      const corrections = await wait(await book.open('SUBMIT_CORRECTIONS', round, due('correction')), 'correction');
      events = { ...events, correctedAt: corrections.completedAt! };
      handed = handedOver(corrections);
    }
    return last!;
  });

  enter('ready');
  await book.clearProjection(); // the district's part is done: what is left of the chain is the region's
  publish();
  await condition(allHandlersFinished);
  return {
    districtId: input.districtId,
    rounds: round,
    readyAt: new Date(Date.now()).toISOString(),
    discrepancies: reconciled.discrepancies.length,
  };
}
