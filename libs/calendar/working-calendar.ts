/**
 * Working days of Kazakhstan (DOMAIN.md §5): Monday to Friday, minus public holidays that are days
 * off, minus the days off moved from holidays on a weekend, with the yearly transfers applied.
 *
 * Built from calendar data only (no clock, no I/O), so workflows use it too: an activity loads
 * the years from PostgreSQL and the workflow builds the calendar from that data. A date in a year
 * without data is an error, never a guess.
 */
import {
  parseCalendarYear,
  type CalendarYearData,
  type EntryStatus,
  type HolidayKind,
  type LocalizedName,
} from './calendar-data';
import {
  addDays,
  assertLocalDate,
  dayNumber,
  fromDayNumber,
  isoWeekday,
  localDate,
  yearOf,
  type LocalDate,
} from './local-date';

export type DayReason =
  | { kind: 'weekend' }
  | {
      kind: 'holiday';
      holidayId: string;
      name: LocalizedName;
      holidayKind: HolidayKind;
      status: EntryStatus;
      source: string;
    }
  | { kind: 'moved-holiday'; from: LocalDate; holidayId: string; name: LocalizedName; source: string }
  | { kind: 'transfer-day-off'; workedDay: LocalDate; status: EntryStatus; source: string }
  | { kind: 'transfer-worked-day'; dayOff: LocalDate; status: EntryStatus; source: string };

export interface DayInfo {
  date: LocalDate;
  /** ISO weekday, 1 Monday … 7 Sunday. */
  weekday: number;
  working: boolean;
  /** Why the day is not an ordinary one; empty for an ordinary weekday. */
  reasons: DayReason[];
}

export class CalendarYearMissingError extends Error {
  constructor(
    readonly year: number,
    readonly available: number[],
  ) {
    super(
      `The working-day calendar has no data for ${year} (it has ${available.length ? available.join(', ') : 'no years'}); ` +
        `an admin must load that year before deadlines in it can be computed (PUT /v1/calendar/${year})`,
    );
    this.name = 'CalendarYearMissingError';
  }
}

/**
 * A covered year compiled to day numbers: whether each day is a working day, and how many working
 * days come before it in the year. Counting and stepping over days then needs no date strings:
 * the board computes a schedule per district on every read (issue 25: 240 districts took 450 ms,
 * nearly all of it in workingDaysBetween walking days as strings).
 */
interface YearTable {
  /** Day number (days since 1970-01-01) of 1 January. */
  first: number;
  /** Day number of 31 December. */
  last: number;
  working: Uint8Array;
  /** before[i]: working days among the year's first i days; before[length] is the year's count. */
  before: Uint32Array;
}

interface SpecialDay {
  working: boolean;
  reasons: DayReason[];
}

export class WorkingCalendar {
  private readonly years = new Map<number, CalendarYearData>();
  private readonly special = new Map<LocalDate, SpecialDay>();
  private readonly weekend = new Map<number, Set<number>>();
  private readonly tables: YearTable[] = [];
  private lastTable: YearTable | null = null;
  private readonly remembered = new Map<string, unknown>();

  /** Validates every year and compiles the days off; throws CalendarDataError on bad data. */
  constructor(yearData: readonly unknown[]) {
    const parsed = yearData.map((y) => parseCalendarYear(y)).sort((a, b) => a.year - b.year);
    for (const y of parsed) {
      if (this.years.has(y.year)) throw new Error(`The calendar of ${y.year} was given twice`);
      this.years.set(y.year, y);
      this.weekend.set(y.year, new Set(y.weekendDays));
    }
    for (const y of parsed) {
      for (const h of y.holidays) {
        const reasons: DayReason[] = this.isWeekend(h.date) ? [{ kind: 'weekend' }] : [];
        reasons.push({
          kind: 'holiday',
          holidayId: h.id,
          name: h.name,
          holidayKind: h.kind,
          status: h.status,
          source: h.source,
        });
        this.special.set(h.date, { working: false, reasons });
      }
      for (const t of y.transfers) {
        this.special.set(t.dayOff, {
          working: false,
          reasons: [{ kind: 'transfer-day-off', workedDay: t.workedDay, status: t.status, source: t.source }],
        });
        this.special.set(t.workedDay, {
          working: true,
          reasons: [
            { kind: 'weekend' },
            { kind: 'transfer-worked-day', dayOff: t.dayOff, status: t.status, source: t.source },
          ],
        });
      }
    }
    // A state or national holiday on a weekend gives the next working weekday off; religious
    // holidays never move (Labour Code art. 84-85). Holidays are taken in date order so that two
    // weekend holidays in a row (Nauryz on Saturday and Sunday) take two different weekdays.
    const moving = parsed
      .flatMap((y) => y.holidays)
      .filter((h) => h.kind !== 'religious' && this.isWeekend(h.date))
      .sort((a, b) => dayNumber(a.date) - dayNumber(b.date));
    for (const h of moving) {
      let day = addDays(h.date, 1);
      while (this.isWeekend(day) || this.special.get(day)?.working === false) day = addDays(day, 1);
      this.special.set(day, {
        working: false,
        reasons: [{ kind: 'moved-holiday', from: h.date, holidayId: h.id, name: h.name, source: h.source }],
      });
    }
    // Each year's days as dayInfo says them, once: the fast paths below read only these tables.
    for (const y of parsed) {
      const first = dayNumber(localDate(y.year, 1, 1));
      const last = dayNumber(localDate(y.year, 12, 31));
      const working = new Uint8Array(last - first + 1);
      const before = new Uint32Array(working.length + 1);
      for (let i = 0; i < working.length; i++) {
        working[i] = this.dayInfo(fromDayNumber(first + i)).working ? 1 : 0;
        before[i + 1] = before[i] + working[i];
      }
      this.tables.push({ first, last, working, before });
    }
  }

  /** The table of the year holding day number `n`; CalendarYearMissingError when none does. */
  private tableOf(n: number): YearTable {
    const last = this.lastTable;
    if (last && n >= last.first && n <= last.last) return last;
    for (const t of this.tables)
      if (n >= t.first && n <= t.last) {
        this.lastTable = t;
        return t;
      }
    this.yearData(yearOf(fromDayNumber(n)));
    throw new Error(`unreachable: day ${n} has no table though its year has data`);
  }

  private workingAt(n: number): boolean {
    const t = this.tableOf(n);
    return t.working[n - t.first] === 1;
  }

  /**
   * What `make` computes from this calendar alone (and `key`), computed once per calendar: a
   * period's fixed deadlines are the same for each of its 240 districts. The calendar never changes
   * once built, so neither does what it remembers; `make` must not depend on anything but the key.
   */
  remember<T>(key: string, make: () => T): T {
    if (this.remembered.has(key)) return this.remembered.get(key) as T;
    const value = make();
    this.remembered.set(key, value);
    return value;
  }

  /** The years this calendar has data for, ascending. */
  coveredYears(): number[] {
    return [...this.years.keys()];
  }

  yearData(year: number): CalendarYearData {
    const data = this.years.get(year);
    if (!data) throw new CalendarYearMissingError(year, this.coveredYears());
    return data;
  }

  private isWeekend(date: LocalDate): boolean {
    const days = this.weekend.get(yearOf(date)) ?? this.weekend.get(yearOf(date) - 1) ?? new Set([6, 7]);
    return days.has(isoWeekday(date));
  }

  dayInfo(date: LocalDate): DayInfo {
    assertLocalDate(date, 'date');
    this.yearData(yearOf(date));
    const weekday = isoWeekday(date);
    const special = this.special.get(date);
    if (special) return { date, weekday, working: special.working, reasons: special.reasons };
    const weekend = this.isWeekend(date);
    return { date, weekday, working: !weekend, reasons: weekend ? [{ kind: 'weekend' }] : [] };
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.workingAt(dayNumber(assertLocalDate(date, 'date')));
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate {
    return this.addWorkingDays(date, 1);
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: LocalDate): LocalDate {
    return this.addWorkingDays(date, -1);
  }

  /**
   * The n-th working day after `date` (n > 0), or before it (n < 0), not counting `date` itself:
   * a period "within 3 working days" of an event on Monday runs Tuesday, Wednesday, Thursday.
   * With n = 0: `date` itself when it is a working day, otherwise the next working day.
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate {
    if (!Number.isInteger(n))
      throw new RangeError(`addWorkingDays: n must be a whole number of working days (got ${n})`);
    if (n === 0) return this.firstWorkingDayOnOrAfter(date);
    const step = n > 0 ? 1 : -1;
    let day = dayNumber(assertLocalDate(date, 'date'));
    for (let left = Math.abs(n); left > 0;) {
      day += step;
      if (this.workingAt(day)) left--;
    }
    return fromDayNumber(day);
  }

  firstWorkingDayOnOrAfter(date: LocalDate): LocalDate {
    let day = dayNumber(assertLocalDate(date, 'date'));
    while (!this.workingAt(day)) day++;
    return fromDayNumber(day);
  }

  lastWorkingDayOnOrBefore(date: LocalDate): LocalDate {
    let day = dayNumber(assertLocalDate(date, 'date'));
    while (!this.workingAt(day)) day--;
    return fromDayNumber(day);
  }

  /**
   * Working days in (from, to] when to >= from, or minus those in (to, from] when to < from:
   * how far `to` is ahead of `from`, in working days. workingDaysBetween(d, addWorkingDays(d, n))
   * is n for a working day d.
   */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    const a = dayNumber(assertLocalDate(from, 'from'));
    const b = dayNumber(assertLocalDate(to, 'to'));
    if (a === b) return 0;
    const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
    // Year by year through (lo, hi], ascending: a year without data is met, and named, as a walk
    // day by day would meet it.
    let count = 0;
    for (let day = lo + 1; day <= hi;) {
      const t = this.tableOf(day);
      const end = Math.min(hi, t.last);
      count += t.before[end - t.first + 1] - t.before[day - t.first];
      day = end + 1;
    }
    return count === 0 ? 0 : sign * count;
  }

  /** Every day of the year that is not an ordinary working weekday or an ordinary weekend. */
  specialDays(year: number): DayInfo[] {
    this.yearData(year);
    return [...this.special.keys()]
      .filter((d) => yearOf(d) === year)
      .sort((a, b) => dayNumber(a) - dayNumber(b))
      .map((d) => this.dayInfo(d));
  }

  /** Weekdays (by the year's weekend) that are days off: holidays, moved holidays, transfers. */
  weekdayDaysOff(year: number): DayInfo[] {
    return this.specialDays(year).filter((d) => !d.working && !d.reasons.some((r) => r.kind === 'weekend'));
  }

  workingDayCount(year: number): number {
    this.yearData(year);
    const first = `${year}-01-01`;
    return this.workingDaysBetween(addDays(first, -1), `${year}-12-31`);
  }
}
