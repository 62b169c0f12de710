/**
 * The working-day calendar for workflows. Workflow code may not read the database, so an activity
 * reads the years it needs and returns them as data, with the deadline settings; the workflow
 * builds a WorkingCalendar from that result, which Temporal records in the history, so a replay
 * computes the same deadlines even after an admin corrects the calendar.
 */
import type { CalendarYearData, DeadlineSettings } from '../calendar';
import { CalendarStore } from './calendar-store';
import type { PrismaClient } from './prisma';

export interface CalendarSnapshot {
  years: CalendarYearData[];
  settings: DeadlineSettings;
}

/** Fails (and is retried) when a year is missing: an admin can load it while the workflow waits. */
export async function loadCalendarSnapshot(
  prisma: PrismaClient,
  settings: DeadlineSettings,
  years: number[],
): Promise<CalendarSnapshot> {
  return { years: await new CalendarStore(prisma).years(years), settings };
}
