/**
 * regionCycleWorkflow: one region's part of a cycle. Starts a districtCycleWorkflow per district
 * on record as a child, tracks them until every district is ready, then opens the regional
 * commission's task to submit the region to the CEC by 15 January / 15 July (paras 12, 22) and
 * the CEC coordinator's task to record the CEC's receipt.
 */
import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  calendarYearsFor,
  calendarYearsFrom,
  cycleSchedule,
  deadlineAfter,
  parsePeriod,
  WorkingCalendar,
  type Deadline,
} from '../libs/calendar';
import { DATABASE_ACTIVITY } from '../libs/contracts/activity-options';
import {
  CALENDAR_YEAR_OF_TODAY,
  districtCycleWorkflowId,
  regionStateQuery,
  type RegionCycleInput,
  type RegionCycleState,
  type RegionStage,
} from '../libs/contracts/cycle';
import { SA_AT_RISK, SA_DISTRICT, SA_PERIOD, SA_REGION, SA_STAGE } from '../libs/contracts/search-attributes';
import { TaskBook } from './cycle/task-book';
import { districtCycleWorkflow } from './district-cycle';

const db = proxyActivities<Activities>(DATABASE_ACTIVITY);

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

  const snapshot = await db.loadCalendar(
    patched(CALENDAR_YEAR_OF_TODAY) ? calendarYearsFrom(period, Date.now()) : calendarYearsFor(period),
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
    const children = await Promise.all(
      ids.map((districtId) => {
        const workflowId = districtCycleWorkflowId(input.period, districtId);
        districts.push({ districtId, workflowId, ready: false });
        return startChild(districtCycleWorkflow, {
          workflowId,
          args: [
            {
              period: input.period,
              regionCode: input.regionCode,
              districtId,
              policy: input.policy,
              searchAttributes: input.searchAttributes,
            },
          ],
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
      }),
    );
    await Promise.all(
      children.map(async (child, i) => {
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
