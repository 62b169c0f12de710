/**
 * Deadlines as instants. A deadline of the Rules is a day; the system holds it as the end of
 * that working day in Asia/Almaty (end-of-day hour configurable, default 18:00).
 *
 * When counting starts: a period "within N working days" of an event runs from the day after
 * the event (Civil Code: a period begins on the day after the event that starts it). Something
 * received on a non-working day, or on a working day after the end of the working day (18:00:00
 * itself still counts as in time), counts as received on the next working day.
 */
import {
  localDateTimeOf,
  instantAt,
  toEpochMs,
  toIso,
  toLocalIso,
  type InstantInput,
  type LocalDate,
} from './local-date';
import type { WorkingCalendar } from './working-calendar';
import type { Deadline } from '../contracts/calendar';

export type { Deadline };

/**
 * What to do when a fixed-date deadline (1 January, 15 July …) is not a working day.
 *
 * - `working-day-before` (default): the last working day before it. The Rules give these dates
 *   as "no later than" dates and the CEC does not receive on days off, so the safe reading is
 *   to be done by the working day before.
 * - `working-day-after`: the first working day after it, the general rule of the Civil Code on
 *   periods whose last day is a day off. Choose it only on the CEC's written instruction.
 */
export const FIXED_DATE_POLICIES = ['working-day-before', 'working-day-after'] as const;
export type FixedDatePolicy = (typeof FIXED_DATE_POLICIES)[number];

export interface DeadlineSettings {
  /** Local minute of the day at which a working day ends: 18:00 is 1080. */
  endOfDayMinute: number;
  fixedDatePolicy: FixedDatePolicy;
  /**
   * Working days the regional commission keeps between the last district's corrections and its
   * own submission to the CEC, to consolidate the region's files. 0 (default) plans to the letter
   * of the Rules; it is a planning margin, not a rule.
   */
  regionalMarginWorkingDays: number;
}

export const DEFAULT_DEADLINE_SETTINGS: DeadlineSettings = {
  endOfDayMinute: 18 * 60,
  fixedDatePolicy: 'working-day-before',
  regionalMarginWorkingDays: 0,
};

/** 'HH:MM' → minute of the day; null when not a valid time. */
export function parseTimeOfDay(value: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatTimeOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

export function endOfWorkingDay(day: LocalDate, settings: DeadlineSettings): Deadline {
  const ms = instantAt(day, settings.endOfDayMinute);
  return { day, at: toIso(ms), atLocal: toLocalIso(ms) };
}

/**
 * The working day on which an event counts as having happened: its own day if that is a working
 * day and the event came before the end of the working day; otherwise the next working day.
 */
export function effectiveWorkingDay(
  calendar: WorkingCalendar,
  instant: InstantInput,
  settings: DeadlineSettings,
): LocalDate {
  const ms = toEpochMs(instant);
  const { date } = localDateTimeOf(ms);
  // Up to and including the end-of-day instant, as isOnTime counts a deadline.
  if (calendar.isWorkingDay(date) && ms <= instantAt(date, settings.endOfDayMinute)) return date;
  return calendar.nextWorkingDay(date);
}

/** The deadline of a step that must follow an event within `workingDays` working days. */
export function deadlineAfter(
  calendar: WorkingCalendar,
  event: InstantInput,
  workingDays: number,
  settings: DeadlineSettings,
): Deadline {
  return endOfWorkingDay(
    calendar.addWorkingDays(effectiveWorkingDay(calendar, event, settings), workingDays),
    settings,
  );
}

/** The working day that a fixed-date deadline falls on, under the policy. */
export function fixedDeadlineDay(calendar: WorkingCalendar, date: LocalDate, policy: FixedDatePolicy): LocalDate {
  return policy === 'working-day-before'
    ? calendar.lastWorkingDayOnOrBefore(date)
    : calendar.firstWorkingDayOnOrAfter(date);
}

export function fixedDeadline(calendar: WorkingCalendar, date: LocalDate, settings: DeadlineSettings): Deadline {
  return endOfWorkingDay(fixedDeadlineDay(calendar, date, settings.fixedDatePolicy), settings);
}

/** True when the instant is at or before the deadline. */
export function isOnTime(instant: InstantInput, deadline: Deadline): boolean {
  return toEpochMs(instant) <= Date.parse(deadline.at);
}
