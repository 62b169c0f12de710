/**
 * The deadlines of one semiannual cycle (DOMAIN.md §2; CEC Rules No. 11/196 of 23 Aug 2018):
 *
 *   submission       akimat → commission        by 1 January / 1 July          (paras 6, 17)
 *   reconciliation   commission                 3 working days after receipt   (paras 7, 19)
 *   reply            commission → akimat        1 working day after that       (paras 10, 20)
 *   correction       akimat → commission        5 working days after the reply (paras 11, 21)
 *   cecSubmission    regional commission → CEC  by 15 January / 15 July        (paras 12, 22)
 *
 * Three views of the same chain:
 *  - `due`: forward from what actually happened (received at, replied at …); a step that has not
 *    happened yet is planned at its own deadline;
 *  - `latestSafe`: backward from the CEC deadline, the latest moment each step can finish and
 *    still leave the rest of the chain its full statutory time;
 *  - the projection at a moment `at`: every step not done yet takes its full allowance from the
 *    later of its predecessor and now; does the chain still reach the CEC in time, and by how
 *    many working days does it miss if not.
 *
 * Pure: the calendar comes in as data, `at` as an argument.
 */
import {
  deadlineAfter,
  effectiveWorkingDay,
  endOfWorkingDay,
  fixedDeadline,
  formatTimeOfDay,
  type Deadline,
  type DeadlineSettings,
} from './deadlines';
import {
  localDate,
  localDateTimeOf,
  toEpochMs,
  toIso,
  toLocalIso,
  type InstantInput,
  type LocalDate,
} from './local-date';
import type { WorkingCalendar } from './working-calendar';
import {
  CYCLE_STEPS,
  type CyclePeriod,
  type CycleSchedule,
  type CycleStep,
  type StepSchedule,
  type StepState,
} from '../contracts/calendar';

export { CYCLE_STEPS, type CyclePeriod, type CycleSchedule, type CycleStep, type StepSchedule, type StepState };

/** The event that completes each step. */
export const STEP_EVENT = {
  submission: 'receivedAt',
  reconciliation: 'reconciledAt',
  reply: 'repliedAt',
  correction: 'correctedAt',
  cecSubmission: 'submittedToCecAt',
} as const satisfies Record<CycleStep, string>;

export type CycleEventName = (typeof STEP_EVENT)[CycleStep];
export type CycleEvents = Partial<Record<CycleEventName, InstantInput>>;

type StepRule = { rule: string } & ({ fixedDay: number } | { workingDays: number });

export const CYCLE_RULES: Record<CycleStep, StepRule> = {
  submission: { fixedDay: 1, rule: 'Rules 11/196 paras 6 and 17: the akimat submits by 1 January and 1 July' },
  reconciliation: {
    workingDays: 3,
    rule: 'Rules 11/196 paras 7 and 19: the commission reconciles within 3 working days of receipt',
  },
  reply: {
    workingDays: 1,
    rule: 'Rules 11/196 paras 10 and 20: the commission sends the discrepancies back within 1 working day',
  },
  correction: {
    workingDays: 5,
    rule: 'Rules 11/196 paras 11 and 21: the akimat corrects and resends within 5 working days',
  },
  cecSubmission: {
    fixedDay: 15,
    rule: 'Rules 11/196 paras 12 and 22: the regional commission submits to the CEC by 15 January and 15 July',
  },
};

export class CycleInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'CycleInputError';
  }
}

export function parsePeriod(id: string, field = 'period'): CyclePeriod {
  const m = /^(\d{4})-(01|07)$/.exec(id);
  if (!m)
    throw new CycleInputError(
      field,
      `"${id}" is not a period; expected YYYY-01 (the January cycle) or YYYY-07 (the July cycle)`,
    );
  return { id, year: Number(m[1]), month: m[2] === '01' ? 1 : 7 };
}

/**
 * The period a cycle started at `at` belongs to: the next 1 January or 1 July (local time). A
 * cycle started in the first half of the year is July's; in the second half, next January's.
 */
export function periodStartingAfter(at: InstantInput): CyclePeriod {
  const { date } = localDateTimeOf(at);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month <= 6 ? parsePeriod(`${year}-07`) : parsePeriod(`${year + 1}-01`);
}

/** The calendar years a period's deadlines touch: 1 January may fall back into December. */
export function calendarYearsFor(period: CyclePeriod): number[] {
  return period.month === 1 ? [period.year - 1, period.year] : [period.year];
}

/**
 * The years a running cycle needs: its period's, and the year of `nowMs` in Kazakhstan, from which
 * projections count forward (a July cycle started early, in December, projects from December).
 */
export function calendarYearsFrom(period: CyclePeriod, nowMs: number): number[] {
  const today = Number(localDateTimeOf(nowMs).date.slice(0, 4));
  return [...new Set([...calendarYearsFor(period), today])].sort((a, b) => a - b);
}

/**
 * Every year from the first to the last of calendarYearsFrom: a schedule from today may count the
 * working days of a year between them (today's evening of 31 December moves to the next year's
 * first working day, which is neither today's year nor a period two years ahead).
 */
export function calendarYearsSpanning(period: CyclePeriod, nowMs: number): number[] {
  const ends = calendarYearsFrom(period, nowMs);
  const years: number[] = [];
  for (let y = ends[0]; y <= ends[ends.length - 1]; y += 1) years.push(y);
  return years;
}

function checkEvents(events: CycleEvents): Partial<Record<CycleEventName, number>> {
  const out: Partial<Record<CycleEventName, number>> = {};
  let previous: { name: CycleEventName; ms: number } | null = null;
  let missing: CycleEventName | null = null;
  for (const step of CYCLE_STEPS) {
    const name = STEP_EVENT[step];
    const value = events[name];
    if (value === undefined || value === null) {
      missing ??= name;
      continue;
    }
    if (missing) throw new CycleInputError(name, `is given but ${missing} is not; the steps happen in order`);
    const ms = toEpochMs(value, name);
    if (previous && ms < previous.ms)
      throw new CycleInputError(name, `${toIso(ms)} is before ${previous.name} (${toIso(previous.ms)})`);
    out[name] = ms;
    previous = { name, ms };
  }
  return out;
}

export function cycleSchedule(
  calendar: WorkingCalendar,
  periodId: string | CyclePeriod,
  events: CycleEvents,
  settings: DeadlineSettings,
  at?: InstantInput,
): CycleSchedule {
  const period = typeof periodId === 'string' ? parsePeriod(periodId) : periodId;
  const happened = checkEvents(events);
  const atMs = at === undefined ? null : toEpochMs(at, 'at');
  const atDay = atMs === null ? null : effectiveWorkingDay(calendar, atMs, settings);
  const nominal = (day: number) => localDate(period.year, period.month, day);
  const { cecDeadline, safeDay, fixedDue, latestSafe } = fixedPlan(calendar, period, settings);

  const steps: StepSchedule[] = [];
  let previousDue: LocalDate | null = null; // forward plan: the predecessor's actual or planned day
  let previousProjected: LocalDate | null = null; // projection: the predecessor's actual or projected day
  let currentStep: CycleStep | null = null;
  for (const step of CYCLE_STEPS) {
    const rule = CYCLE_RULES[step];
    const doneMs = happened[STEP_EVENT[step]];
    let due: Deadline;
    let projectedDay: LocalDate;
    if ('fixedDay' in rule) {
      due = { ...fixedDue[step]! };
      projectedDay =
        step === 'cecSubmission'
          ? calendar.addWorkingDays(previousProjected!, settings.regionalMarginWorkingDays)
          : due.day;
    } else {
      due = endOfWorkingDay(calendar.addWorkingDays(previousDue!, rule.workingDays), settings);
      projectedDay = calendar.addWorkingDays(previousProjected!, rule.workingDays);
    }
    let projected: Deadline | null = null;
    let completedDay: LocalDate;
    if (doneMs !== undefined) {
      completedDay = effectiveWorkingDay(calendar, doneMs, settings);
    } else {
      currentStep ??= step;
      // Not done yet and its planned end has passed: the earliest it can end now is today.
      if (atDay !== null && atDay > projectedDay) projectedDay = atDay;
      projected = endOfWorkingDay(projectedDay, settings);
      completedDay = projectedDay;
    }
    const slack = calendar.workingDaysBetween(completedDay, safeDay[step]);
    steps.push({
      step,
      rule: rule.rule,
      nominalDate: 'fixedDay' in rule ? nominal(rule.fixedDay) : null,
      workingDays: 'workingDays' in rule ? rule.workingDays : null,
      due,
      latestSafe: { ...latestSafe[step] },
      completedAt: doneMs === undefined ? null : toIso(doneMs),
      projected,
      slackWorkingDays: slack,
      state: 'upcoming', // settled below, once the whole chain is projected
    });
    // The next step counts from the actual event when it happened, from this step's plan if not.
    previousDue = doneMs !== undefined ? completedDay : due.day;
    previousProjected = completedDay;
  }

  const last = steps[steps.length - 1];
  const cecDoneMs = happened.submittedToCecAt;
  const cecDay = cecDoneMs !== undefined ? effectiveWorkingDay(calendar, cecDoneMs, settings) : last.projected!.day;
  const daysToSpare = calendar.workingDaysBetween(cecDay, cecDeadline.day);
  const fits = cecDoneMs !== undefined ? cecDoneMs <= Date.parse(cecDeadline.at) : daysToSpare >= 0;
  // A submission on time has no negative slack even if it came on a day off just before.
  const slack = fits ? Math.max(0, daysToSpare) : Math.min(-1, daysToSpare);

  for (const s of steps) {
    if (s.completedAt !== null) {
      s.state = Date.parse(s.completedAt) <= Date.parse(s.due.at) ? 'met' : 'met-late';
    } else if (atMs !== null && atMs > Date.parse(s.due.at) && (s.step === currentStep || s.nominalDate !== null)) {
      // Only the step under way, or a fixed-date one, can be overdue: a step counted from an event
      // that has not happened yet has no deadline running.
      s.state = 'overdue';
    } else if (!fits || s.slackWorkingDays < 0) {
      s.state = 'at-risk';
    } else {
      s.state = s.step === currentStep ? 'due' : 'upcoming';
    }
  }

  return {
    period,
    settings: {
      endOfWorkingDay: formatTimeOfDay(settings.endOfDayMinute),
      fixedDatePolicy: settings.fixedDatePolicy,
      regionalMarginWorkingDays: settings.regionalMarginWorkingDays,
    },
    at: atMs === null ? null : toIso(atMs),
    steps,
    projection: {
      currentStep,
      fits,
      slackWorkingDays: slack,
      missesByWorkingDays: fits ? 0 : -slack,
      cecSubmission:
        cecDoneMs !== undefined
          ? { day: cecDay, at: toIso(cecDoneMs), atLocal: toLocalIso(cecDoneMs) }
          : last.projected!,
    },
  };
}

/**
 * What a period's schedule owes to the calendar and the settings alone, the same for every district:
 * the CEC deadline, each step's latest safe day counted back from it, and the fixed-date steps' due
 * dates. Remembered by the calendar (the board computes a schedule per district on each read).
 */
function fixedPlan(calendar: WorkingCalendar, period: CyclePeriod, settings: DeadlineSettings) {
  const key = `cycle-plan|${period.id}|${settings.endOfDayMinute}|${settings.fixedDatePolicy}|${settings.regionalMarginWorkingDays}`;
  return calendar.remember(key, () => {
    const nominal = (day: number) => localDate(period.year, period.month, day);
    // Backward from the CEC deadline.
    const cecDeadline = fixedDeadline(calendar, nominal(15), settings);
    const safeDay = {} as Record<CycleStep, LocalDate>;
    safeDay.cecSubmission = cecDeadline.day;
    safeDay.correction = calendar.addWorkingDays(cecDeadline.day, -settings.regionalMarginWorkingDays);
    safeDay.reply = calendar.addWorkingDays(safeDay.correction, -workingDaysOf('correction'));
    safeDay.reconciliation = calendar.addWorkingDays(safeDay.reply, -workingDaysOf('reply'));
    safeDay.submission = calendar.addWorkingDays(safeDay.reconciliation, -workingDaysOf('reconciliation'));
    const fixedDue: Partial<Record<CycleStep, Deadline>> = {};
    const latestSafe = {} as Record<CycleStep, Deadline>;
    for (const step of CYCLE_STEPS) {
      const rule = CYCLE_RULES[step];
      if ('fixedDay' in rule)
        fixedDue[step] =
          step === 'cecSubmission' ? cecDeadline : fixedDeadline(calendar, nominal(rule.fixedDay), settings);
      latestSafe[step] = endOfWorkingDay(safeDay[step], settings);
    }
    return { cecDeadline, safeDay, fixedDue, latestSafe };
  });
}

function workingDaysOf(step: CycleStep): number {
  const rule = CYCLE_RULES[step];
  if (!('workingDays' in rule)) throw new Error(`${step} is a fixed-date step`);
  return rule.workingDays;
}

/** Convenience for a single step: the deadline of `step` counted from an actual event. */
export function stepDeadlineAfter(
  calendar: WorkingCalendar,
  step: Exclude<CycleStep, 'submission' | 'cecSubmission'>,
  event: InstantInput,
  settings: DeadlineSettings,
): Deadline {
  return deadlineAfter(calendar, event, workingDaysOf(step), settings);
}
