/**
 * The calendar's shapes that cross the workflow boundary (a cycle's schedule in its queries and
 * search results, dates in inputs). The rules that compute them are libs/calendar, which
 * re-exports these.
 */

/** A calendar date 'YYYY-MM-DD' (ISO 8601, no time, no zone). */
export type LocalDate = string;

/** A deadline: the due day and the instant it ends, in UTC and in local time. */
export interface Deadline {
  day: LocalDate;
  /** ISO 8601 in UTC, e.g. 2027-01-15T13:00:00.000Z. */
  at: string;
  /** The same instant in Asia/Almaty, e.g. 2027-01-15T18:00:00+05:00. */
  atLocal: string;
}

export const CYCLE_STEPS = ['submission', 'reconciliation', 'reply', 'correction', 'cecSubmission'] as const;
export type CycleStep = (typeof CYCLE_STEPS)[number];

export interface CyclePeriod {
  /** '2027-01' or '2027-07'. */
  id: string;
  year: number;
  month: 1 | 7;
}

export type StepState = 'met' | 'met-late' | 'upcoming' | 'due' | 'at-risk' | 'overdue';

export interface StepSchedule {
  step: CycleStep;
  rule: string;
  /** The statutory date for a fixed-date step (before the non-working-day policy). */
  nominalDate: LocalDate | null;
  workingDays: number | null;
  /** Forward from the actual events; a step not yet done is planned at its own deadline. */
  due: Deadline;
  /** Backward from the CEC deadline. */
  latestSafe: Deadline;
  completedAt: string | null;
  /** When the step is expected to end if it takes its full allowance; null once done. */
  projected: Deadline | null;
  /** Working days from the projected (or actual) end to the latest safe day; negative when late. */
  slackWorkingDays: number;
  state: StepState;
}

export interface CycleSchedule {
  period: CyclePeriod;
  settings: { endOfWorkingDay: string; fixedDatePolicy: string; regionalMarginWorkingDays: number };
  /** The moment the projection is made for (ISO, UTC); null when not given. */
  at: string | null;
  steps: StepSchedule[];
  projection: {
    /** The first step not done yet; null when the cycle is complete. */
    currentStep: CycleStep | null;
    /** True when the chain reaches the CEC by its deadline (or already did). */
    fits: boolean;
    /** Working days to spare at the CEC deadline; negative when the chain misses it. */
    slackWorkingDays: number;
    /** Working days by which the chain misses the CEC deadline; 0 when it fits. */
    missesByWorkingDays: number;
    /** The earliest the region can submit to the CEC, or when it did. */
    cecSubmission: Deadline;
  };
}
