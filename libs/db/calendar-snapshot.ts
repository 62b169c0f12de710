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

/**
 * Fails (and is retried) when one of `years` is missing: an admin can load it while the workflow
 * waits. The `ifLoaded` years come too when they are on record, and are left out when not: the
 * years between today and a period far ahead, which a schedule needs only at a year's turn (a
 * date in a year without data is still an error when a computation reaches it).
 */
export async function loadCalendarSnapshot(
  prisma: PrismaClient,
  settings: DeadlineSettings,
  years: number[],
  ifLoaded: number[] = [],
): Promise<CalendarSnapshot> {
  const store = new CalendarStore(prisma);
  const required = await store.years(years);
  const extra = ifLoaded.filter((y) => !years.includes(y));
  const present = extra.length ? await store.yearsOnRecord(extra) : [];
  return { years: [...required, ...present].sort((a, b) => a.year - b.year), settings };
}
