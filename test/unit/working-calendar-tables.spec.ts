/**
 * The working calendar counts and steps over days through per-year tables (issue 25: the board
 * computes a schedule per district on every read, and walking days as strings took 450 ms for 240
 * districts). Every answer must stay what a walk day by day through `dayInfo` gives, errors included:
 * workflows replay on these answers.
 */
import { addDays, CalendarYearMissingError, dayNumber, WorkingCalendar, type LocalDate } from '../../libs/calendar';
import { SHIPPED_CALENDAR_YEARS } from '../../libs/calendar/shipped';
import { derivedCalendarYear } from '../support/fixtures';

// 2024-2027 as shipped, a gap, and 2047 on its own: steps and counts run into years without data.
const calendar = new WorkingCalendar([...SHIPPED_CALENDAR_YEARS, { ...derivedCalendarYear(2047), version: '2047.1' }]);

/** The walk the tables replace: one day at a time, each day as dayInfo says it. */
const walk = {
  add(date: LocalDate, n: number): LocalDate {
    if (n === 0) {
      let d = date;
      while (!calendar.dayInfo(d).working) d = addDays(d, 1);
      return d;
    }
    const step = n > 0 ? 1 : -1;
    let day = date;
    for (let left = Math.abs(n); left > 0;) {
      day = addDays(day, step);
      if (calendar.dayInfo(day).working) left--;
    }
    return day;
  },
  between(from: LocalDate, to: LocalDate): number {
    const [lo, hi, sign] = dayNumber(from) <= dayNumber(to) ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let d = addDays(lo, 1); dayNumber(d) <= dayNumber(hi); d = addDays(d, 1))
      if (calendar.dayInfo(d).working) count++;
    return count === 0 ? 0 : sign * count;
  },
  lastOnOrBefore(date: LocalDate): LocalDate {
    let d = date;
    while (!calendar.dayInfo(d).working) d = addDays(d, -1);
    return d;
  },
};

/** The answer, or the error's class and year: both must agree. */
function outcome<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (err) {
    return err instanceof CalendarYearMissingError ? `missing ${err.year}` : `error ${(err as Error).message}`;
  }
}

// A fixed pseudo-random sequence: the same days every run.
function* days(count: number, seed: number): Generator<LocalDate> {
  let x = seed;
  const start = dayNumber('2023-12-01');
  const span = dayNumber('2028-02-01') - start;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield addDays('2023-12-01', x % span);
  }
}

describe('the working calendar read through its year tables', () => {
  it('says of every day of every covered year what dayInfo says', () => {
    for (const year of [2024, 2025, 2026, 2027, 2047])
      for (let d: LocalDate = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1))
        expect([d, calendar.isWorkingDay(d)]).toEqual([d, calendar.dayInfo(d).working]);
  });

  it('steps forward and back as the walk does, into a year without data too', () => {
    for (const d of days(150, 7))
      for (const n of [-400, -30, -5, -1, 0, 1, 3, 5, 22, 300])
        expect([d, n, outcome(() => calendar.addWorkingDays(d, n))]).toEqual([d, n, outcome(() => walk.add(d, n))]);
    for (const d of days(200, 11))
      expect([d, outcome(() => calendar.lastWorkingDayOnOrBefore(d))]).toEqual([
        d,
        outcome(() => walk.lastOnOrBefore(d)),
      ]);
  });

  it('counts working days between two days as the walk does, across years and gaps', () => {
    const some = [...days(50, 3), '2028-01-10', '2046-12-31', '2047-06-01', '2048-01-02'] as LocalDate[];
    for (const a of some)
      for (const b of some.slice(0, 15))
        expect([a, b, outcome(() => calendar.workingDaysBetween(a, b))]).toEqual([
          a,
          b,
          outcome(() => walk.between(a, b)),
        ]);
  });

  it('names the year without data that a count or a step runs into', () => {
    expect(() => calendar.workingDaysBetween('2027-12-20', '2028-01-20')).toThrow(CalendarYearMissingError);
    expect(outcome(() => calendar.addWorkingDays('2027-12-30', 5))).toBe('missing 2028');
    expect(outcome(() => calendar.workingDaysBetween('2046-12-20', '2047-03-01'))).toBe('missing 2046');
    expect(outcome(() => calendar.isWorkingDay('2030-02-30'))).toMatch(/^error date: "2030-02-30" is not a date/);
  });
});
