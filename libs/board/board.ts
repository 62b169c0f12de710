/**
 * The coordinators' deadline board, computed from the records the cycle workflows keep in
 * PostgreSQL (cycle_task, cycle_reconciliation) with the same calendar engine the workflows use
 * (libs/calendar cycleSchedule). Pure: the records, the calendar and the moment come in as data.
 *
 * Why from the records and not from the workflows' state queries: a board of 20 regions and
 * ~200 districts would be ~220 queries through the workers on every read, and nothing when a
 * worker is down; the records are written by the same activities at every step, so they hold the
 * events the workflows feed to cycleSchedule (receivedAt is the SUBMIT_FILES completion,
 * reconciledAt the round's record, repliedAt and correctedAt the review and corrections
 * completions), and no workflow code had to change for the board.
 *
 * States of a step (cycleSchedule's, plus one for steps a district skips):
 *   met / met-late   done, by its deadline or after it
 *   due              under way, deadline not passed, the chain still fits
 *   upcoming         not started yet, the chain still fits
 *   at-risk          not done and not overdue, and the calendar engine's projection (every step
 *                    left taking its full allowance from the later of its predecessor and now)
 *                    ends it after its latest safe moment, or reaches the CEC after 15 January /
 *                    15 July: the same projection the district workflow raises PROJECTED_MISS on
 *   overdue          its deadline passed and it is not done (the step under way, or a fixed date)
 *   not-needed       never happens for this district: the reply and corrections of a clean round,
 *                    the corrections of a round the commission accepted; or the cycle was called off
 */
import {
  CalendarYearMissingError,
  calendarYearsFor,
  cycleSchedule,
  effectiveWorkingDay,
  localDateTimeOf,
  endOfWorkingDay,
  parsePeriod,
  type CycleEvents,
  type CycleSchedule,
  type CycleStep,
  type Deadline,
  type DeadlineSettings,
  type LocalDate,
  type StepState,
  type WorkingCalendar,
} from '../calendar';
import { deadlineStateOf } from './urgency';
import { CYCLE_ROLES, type CycleRole, type DistrictStage, type RegionStage, type TaskKind } from '../contracts/cycle';

export type BoardStepState = StepState | 'not-needed';
/** The order in which a region's cell takes its districts' states: the worst one shows. */
export const BOARD_STATES: readonly BoardStepState[] = [
  'overdue',
  'at-risk',
  'due',
  'upcoming',
  'met-late',
  'met',
  'not-needed',
];
export const DISTRICT_STEPS = [
  'submission',
  'reconciliation',
  'reply',
  'correction',
] as const satisfies readonly CycleStep[];
export type DistrictStep = (typeof DISTRICT_STEPS)[number];
export type BoardDistrictStage = DistrictStage | 'cancelled';
export type BoardRegionStage = RegionStage | 'cancelled';
export const REGION_STAGE_ORDER: readonly BoardRegionStage[] = [
  'districts-in-progress',
  'submitting-to-cec',
  'awaiting-cec-receipt',
  'done',
  'cancelled',
];

/** A cycle_task row as the board reads it. */
export interface TaskRecord {
  workflowId: string;
  regionCode: string;
  districtId: string | null;
  kind: TaskKind;
  round: number;
  status: 'OPEN' | 'CLAIMED' | 'COMPLETED' | 'CANCELLED';
  dueAt: Date;
  completedAt: Date | null;
  createdAt: Date;
  /** REVIEW_DISCREPANCIES only: the commission's decision. */
  decision: string | null;
}

/** A cycle_reconciliation row: one round of a district. */
export interface RoundRecord {
  workflowId: string;
  round: number;
  reconciledAt: Date;
  /** Whether the round found anything (the workflow sends it to the commission then). */
  hasDiscrepancies: boolean;
}

/** Where a district's cycle stands, as its records say. */
export interface DistrictProgress {
  districtId: string;
  regionCode: string;
  workflowId: string;
  stage: BoardDistrictStage;
  round: number;
  /** The events of the current round, as the district workflow feeds them to cycleSchedule. */
  events: CycleEvents;
}

const isOpen = (t: { status: string }) => t.status === 'OPEN' || t.status === 'CLAIMED';
const latest = <T extends { createdAt: Date }>(rows: T[]): T | undefined =>
  rows.reduce<T | undefined>((a, b) => (!a || b.createdAt >= a.createdAt ? b : a), undefined);

/**
 * One district's progress from its records, mirroring districtCycleWorkflow's loop: submission →
 * reconciliation round → review (send back / accept) → corrections → next round … → ready.
 * A period started again under the same workflow id (after a cancellation) leaves the earlier
 * run's records: only the run of the latest SUBMIT_FILES task counts.
 */
export function districtProgress(tasks: TaskRecord[], rounds: RoundRecord[]): DistrictProgress | null {
  const submission = latest(tasks.filter((t) => t.kind === 'SUBMIT_FILES'));
  if (!submission || submission.districtId === null) return null;
  const since = submission.createdAt;
  const mine = tasks.filter((t) => t.workflowId === submission.workflowId && t.createdAt >= since);
  const myRounds = rounds.filter((r) => r.workflowId === submission.workflowId && r.reconciledAt >= since);
  const base = {
    districtId: submission.districtId,
    regionCode: submission.regionCode,
    workflowId: submission.workflowId,
  };
  const at = (stage: BoardDistrictStage, round: number, events: CycleEvents): DistrictProgress => ({
    ...base,
    stage,
    round,
    events,
  });

  if (submission.status === 'CANCELLED') return at('cancelled', 0, {});
  if (submission.status !== 'COMPLETED') return at('awaiting-submission', 0, {});
  const receivedAt = submission.completedAt!.toISOString();
  const last = myRounds.reduce<RoundRecord | undefined>((a, b) => (!a || b.round > a.round ? b : a), undefined);
  if (!last) return at('reconciling', 1, { receivedAt });

  const events: CycleEvents = { receivedAt, reconciledAt: last.reconciledAt.toISOString() };
  const review = latest(mine.filter((t) => t.kind === 'REVIEW_DISCREPANCIES' && t.round === last.round));
  if (!review) return at(last.hasDiscrepancies ? 'commission-review' : 'ready', last.round, events);
  if (review.status === 'CANCELLED') return at('cancelled', last.round, events);
  if (isOpen(review)) return at('commission-review', last.round, events);
  if (review.decision === 'accept') return at('ready', last.round, events);

  const replied: CycleEvents = { ...events, repliedAt: review.completedAt!.toISOString() };
  const corrections = latest(mine.filter((t) => t.kind === 'SUBMIT_CORRECTIONS' && t.round === last.round));
  if (corrections?.status === 'CANCELLED') return at('cancelled', last.round, replied);
  if (!corrections || isOpen(corrections)) return at('awaiting-corrections', last.round, replied);
  // Corrections in, the next round not recorded yet.
  return at('reconciling', last.round + 1, { ...replied, correctedAt: corrections.completedAt!.toISOString() });
}

/** A step of one district on the board. */
export interface StepCell {
  step: CycleStep;
  state: BoardStepState;
  /**
   * The state by the step's own deadline alone (at-risk read as due or upcoming): the words the
   * tasks screen uses for the same step. The chain's risk is said once per region (urgency.ts).
   */
  deadlineState: BoardStepState;
  /** The step's deadline (forward from what happened); null when the step is not needed. */
  deadline: string | null;
  deadlineLocal: string | null;
  /** The latest moment it can end and leave the rest of the chain its full time. */
  latestSafe: string;
  completedAt: string | null;
  /** When the calendar engine expects it to end, if it is still to happen. */
  projected: string | null;
}

export interface DistrictBoardRow {
  districtId: string;
  workflowId: string;
  stage: BoardDistrictStage;
  round: number;
  steps: StepCell[];
  /** The district's projection to the CEC deadline; null once its part is done (ready) or called off. */
  projection: { fits: boolean; slackWorkingDays: number; missesByWorkingDays: number; cecSubmission: string } | null;
}

/** What the board needs around the records: the calendar, the settings and the moment. */
export interface BoardContext {
  calendar: WorkingCalendar;
  settings: DeadlineSettings;
  period: string;
  now: number;
}

/**
 * Schedules memoised by their events: most districts of a period share them (all still awaiting
 * their submission have none), so ~200 districts cost a handful of computations.
 */
export class ScheduleCache {
  private readonly cache = new Map<string, CycleSchedule>();
  constructor(private readonly ctx: BoardContext) {}

  get(events: CycleEvents): CycleSchedule {
    const key = JSON.stringify(events);
    let s = this.cache.get(key);
    if (!s) {
      s = scheduleAt(this.ctx, events);
      this.cache.set(key, s);
    }
    return s;
  }
}

/**
 * cycleSchedule at the moment; without the projection at `now` when the calendar has no data for
 * today's year (a period far ahead, whose calendar alone is on record).
 */
function scheduleAt(ctx: BoardContext, events: CycleEvents): CycleSchedule {
  try {
    return cycleSchedule(ctx.calendar, ctx.period, events, ctx.settings, ctx.now);
  } catch (err) {
    if (!(err instanceof CalendarYearMissingError) || err.year >= calendarYearsFor(parsePeriod(ctx.period))[0])
      throw err;
    return cycleSchedule(ctx.calendar, ctx.period, events, ctx.settings);
  }
}

export function districtRow(p: DistrictProgress, schedules: ScheduleCache): DistrictBoardRow {
  const schedule = schedules.get(p.events);
  const finished = p.stage === 'ready' || p.stage === 'cancelled';
  const steps = DISTRICT_STEPS.map((step): StepCell => {
    const s = schedule.steps.find((x) => x.step === step)!;
    const skipped = finished && s.completedAt === null;
    const state = skipped ? 'not-needed' : s.state;
    return {
      step,
      state,
      deadlineState: deadlineStateOf(state, schedule.projection.currentStep === step),
      deadline: skipped ? null : s.due.at,
      deadlineLocal: skipped ? null : s.due.atLocal,
      latestSafe: s.latestSafe.at,
      completedAt: s.completedAt,
      projected: skipped ? null : (s.projected?.at ?? null),
    };
  });
  const pr = schedule.projection;
  return {
    districtId: p.districtId,
    workflowId: p.workflowId,
    stage: p.stage,
    round: p.round,
    steps,
    projection: finished
      ? null
      : {
          fits: pr.fits,
          slackWorkingDays: pr.slackWorkingDays,
          missesByWorkingDays: pr.missesByWorkingDays,
          cecSubmission: pr.cecSubmission.at,
        },
  };
}

/** A step of a region: the latest deadline among its districts and how many met it. */
export interface RegionStepCell {
  step: CycleStep;
  state: BoardStepState;
  /** The worst of the districts' states by the step's own deadline (StepCell.deadlineState). */
  deadlineState: BoardStepState;
  deadline: string | null;
  deadlineLocal: string | null;
  /** Districts the step applies to (a clean district never replies or corrects); null for the region's own step. */
  districts: number | null;
  met: number;
  metLate: number;
  overdue: number;
  atRisk: number;
  completedAt: string | null;
}

const worst = (states: BoardStepState[]): BoardStepState =>
  BOARD_STATES.find((s) => states.includes(s)) ?? 'not-needed';

export function regionStepCell(step: DistrictStep, rows: DistrictBoardRow[]): RegionStepCell {
  const cells = rows.map((r) => r.steps.find((c) => c.step === step)!);
  const applicable = cells.filter((c) => c.state !== 'not-needed');
  const last = applicable.reduce<StepCell | undefined>(
    (a, b) => (!a || Date.parse(b.deadline!) > Date.parse(a.deadline!) ? b : a),
    undefined,
  );
  const count = (s: BoardStepState) => applicable.filter((c) => c.state === s).length;
  return {
    step,
    state: worst(cells.map((c) => c.state)),
    deadlineState: worst(cells.map((c) => c.deadlineState)),
    deadline: last?.deadline ?? null,
    deadlineLocal: last?.deadlineLocal ?? null,
    districts: applicable.length,
    met: count('met'),
    metLate: count('met-late'),
    overdue: count('overdue'),
    atRisk: count('at-risk'),
    completedAt:
      applicable.length > 0 && applicable.every((c) => c.completedAt !== null)
        ? applicable
            .map((c) => c.completedAt!)
            .sort()
            .at(-1)!
        : null,
  };
}

/** The region's stage from its own tasks, mirroring regionCycleWorkflow. */
export function regionStage(regionTasks: TaskRecord[], districts: DistrictBoardRow[]): BoardRegionStage {
  const submit = latest(regionTasks.filter((t) => t.kind === 'SUBMIT_TO_CEC'));
  const receipt = latest(regionTasks.filter((t) => t.kind === 'RECORD_CEC_RECEIPT'));
  if (submit?.status === 'CANCELLED' || receipt?.status === 'CANCELLED') return 'cancelled';
  if (receipt) return receipt.status === 'COMPLETED' ? 'done' : 'awaiting-cec-receipt';
  if (submit) return isOpen(submit) ? 'submitting-to-cec' : 'awaiting-cec-receipt';
  if (districts.length > 0 && districts.every((d) => d.stage === 'cancelled')) return 'cancelled';
  return 'districts-in-progress';
}

export interface RegionProjection {
  /** The CEC deadline (15 January / 15 July, moved off a day off by the policy). */
  cecDeadline: Deadline;
  /** Working days from today (Asia/Almaty) to the CEC deadline; negative when it passed; null without calendar data for today. */
  slackWorkingDays: number | null;
  /** Working days to spare at the CEC deadline by the projection: the tightest district's, or the region's own. */
  projectedSlackWorkingDays: number;
  fits: boolean;
  cecCell: RegionStepCell;
}

/**
 * The region's submission to the CEC: its deadline, its state and the projection. While some
 * district is not ready the region can submit no earlier than that district's projected chain
 * allows (cycleSchedule's cecSubmission), so the tightest pending district decides. Once all are
 * ready, the earliest the region can submit is today's working day plus the planning margin.
 */
export function regionProjection(
  ctx: BoardContext,
  schedules: ScheduleCache,
  districts: DistrictBoardRow[],
  regionTasks: TaskRecord[],
): RegionProjection {
  const { calendar, settings, now } = ctx;
  const cecDeadline = schedules.get({}).steps.find((s) => s.step === 'cecSubmission')!.due;
  const deadlineMs = Date.parse(cecDeadline.at);
  const submit = latest(regionTasks.filter((t) => t.kind === 'SUBMIT_TO_CEC'));
  const submittedAt = submit?.status === 'COMPLETED' ? submit.completedAt! : null;
  const pending = districts.filter((d) => d.projection !== null);

  let projected: number;
  let fits: boolean;
  if (submittedAt) {
    const day = effectiveWorkingDay(calendar, submittedAt, settings);
    fits = submittedAt.getTime() <= deadlineMs;
    projected = fits
      ? Math.max(0, calendar.workingDaysBetween(day, cecDeadline.day))
      : Math.min(-1, calendar.workingDaysBetween(day, cecDeadline.day));
  } else if (pending.length > 0) {
    projected = Math.min(...pending.map((d) => d.projection!.slackWorkingDays));
    fits = pending.every((d) => d.projection!.fits);
  } else {
    const earliest = safeDay(() =>
      calendar.addWorkingDays(effectiveWorkingDay(calendar, now, settings), settings.regionalMarginWorkingDays),
    );
    const spare = earliest === null ? 0 : calendar.workingDaysBetween(earliest, cecDeadline.day);
    fits = now <= deadlineMs && spare >= 0;
    projected = fits ? Math.max(0, spare) : Math.min(-1, spare);
  }

  let state: BoardStepState;
  if (submittedAt) state = fits ? 'met' : 'met-late';
  else if (now > deadlineMs) state = 'overdue';
  else if (!fits) state = 'at-risk';
  else state = submit && isOpen(submit) ? 'due' : 'upcoming';

  const today = localDateTimeOf(now).date;
  return {
    cecDeadline,
    slackWorkingDays: safeDay(() => calendar.workingDaysBetween(today, cecDeadline.day)),
    projectedSlackWorkingDays: projected,
    fits,
    cecCell: {
      step: 'cecSubmission',
      state,
      deadlineState: deadlineStateOf(state, submit !== undefined && isOpen(submit)),
      deadline: cecDeadline.at,
      deadlineLocal: cecDeadline.atLocal,
      districts: null,
      met: state === 'met' ? 1 : 0,
      metLate: state === 'met-late' ? 1 : 0,
      overdue: state === 'overdue' ? 1 : 0,
      atRisk: state === 'at-risk' ? 1 : 0,
      completedAt: submittedAt?.toISOString() ?? null,
    },
  };
}

/** A calendar computation that needs a year not on record gives null instead of failing the board. */
function safeDay<T>(f: () => T): T | null {
  try {
    return f();
  } catch (err) {
    if (err instanceof CalendarYearMissingError) return null;
    throw err;
  }
}

export interface OpenEscalation {
  regionCode: string;
  level: CycleRole;
}

export interface RegionBoardRow {
  regionCode: string;
  stage: BoardRegionStage;
  districts: { total: number; ready: number };
  steps: RegionStepCell[];
  cecDeadline: string;
  cecDeadlineLocal: string;
  slackWorkingDays: number | null;
  projectedSlackWorkingDays: number;
  /** The projection misses the CEC deadline (see the module comment); overdue steps are counted apart. */
  atRisk: boolean;
  escalations: { open: number; highestLevel: CycleRole | null };
}

export function regionRow(
  ctx: BoardContext,
  schedules: ScheduleCache,
  regionCode: string,
  districts: DistrictBoardRow[],
  regionTasks: TaskRecord[],
  open: OpenEscalation[],
): RegionBoardRow {
  const projection = regionProjection(ctx, schedules, districts, regionTasks);
  const levels = open.filter((e) => e.regionCode === regionCode).map((e) => e.level);
  const highest = levels.length
    ? levels.reduce((a, b) => (CYCLE_ROLES.indexOf(b) > CYCLE_ROLES.indexOf(a) ? b : a))
    : null;
  return {
    regionCode,
    stage: regionStage(regionTasks, districts),
    districts: { total: districts.length, ready: districts.filter((d) => d.stage === 'ready').length },
    steps: [...DISTRICT_STEPS.map((s) => regionStepCell(s, districts)), projection.cecCell],
    cecDeadline: projection.cecDeadline.at,
    cecDeadlineLocal: projection.cecDeadline.atLocal,
    slackWorkingDays: projection.slackWorkingDays,
    projectedSlackWorkingDays: projection.projectedSlackWorkingDays,
    atRisk: !projection.fits,
    escalations: { open: levels.length, highestLevel: highest },
  };
}

export interface BoardFilter {
  stage?: string;
  state?: BoardStepState;
  atRisk?: boolean;
  regionCode?: string;
}
export type BoardSort = 'slack' | 'region' | 'stage' | 'urgency';

export function filterAndSort<T extends RegionBoardRow>(rows: T[], f: BoardFilter, sort: BoardSort = 'slack'): T[] {
  const kept = rows.filter(
    (r) =>
      (f.regionCode === undefined || r.regionCode === f.regionCode) &&
      (f.stage === undefined || r.stage === f.stage) &&
      (f.atRisk === undefined || r.atRisk === f.atRisk) &&
      (f.state === undefined || r.steps.some((s) => s.state === f.state)),
  );
  const byRegion = (a: RegionBoardRow, b: RegionBoardRow) => a.regionCode.localeCompare(b.regionCode);
  const order: Record<BoardSort, (a: RegionBoardRow, b: RegionBoardRow) => number> = {
    slack: (a, b) => a.projectedSlackWorkingDays - b.projectedSlackWorkingDays || byRegion(a, b),
    // The full order needs the regions' names and escalations: rankRegions (urgency.ts) settles it.
    urgency: (a, b) => a.projectedSlackWorkingDays - b.projectedSlackWorkingDays || byRegion(a, b),
    region: byRegion,
    stage: (a, b) => REGION_STAGE_ORDER.indexOf(a.stage) - REGION_STAGE_ORDER.indexOf(b.stage) || byRegion(a, b),
  };
  return kept.sort(order[sort]);
}

/**
 * The end of the window "due within N working days" from `now`: the end (18:00 Almaty) of the
 * N-th working day after today's working day (today itself when it is a working day before its
 * end, else the next one). N = 0 is the end of today's working day.
 */
export function dueSoonUntil(
  calendar: WorkingCalendar,
  now: number,
  workingDays: number,
  settings: DeadlineSettings,
): Deadline {
  const today: LocalDate = effectiveWorkingDay(calendar, now, settings);
  return endOfWorkingDay(calendar.addWorkingDays(today, workingDays), settings);
}
