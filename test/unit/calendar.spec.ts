import fc from 'fast-check';
import {
  addDays,
  DEFAULT_DEADLINE_SETTINGS,
  deadlineAfter,
  effectiveWorkingDay,
  fixedDeadline,
  fixedDeadlineDay,
  instantAt,
  isoWeekday,
  localDateTimeOf,
  toLocalIso,
  WorkingCalendar,
  CalendarYearMissingError,
  type DeadlineSettings,
} from '../../libs/calendar';
import { SHIPPED_CALENDAR_YEARS } from '../../libs/calendar/shipped';

const calendar = new WorkingCalendar(SHIPPED_CALENDAR_YEARS);
const S = DEFAULT_DEADLINE_SETTINGS;

describe('working days of Kazakhstan, real dates', () => {
  // [date, working?, why]
  const table: [string, boolean, string][] = [
    // 2025
    ['2025-01-01', false, 'New Year'],
    ['2025-01-02', false, 'New Year'],
    ['2025-01-03', false, 'transfer: Friday off for Sunday 5 January'],
    ['2025-01-05', true, 'transfer: Sunday worked'],
    ['2025-01-06', true, 'ordinary Monday'],
    ['2025-01-07', false, 'Orthodox Christmas'],
    ['2025-03-08', false, "Women's Day on a Saturday"],
    ['2025-03-10', false, "Women's Day moved to Monday"],
    ['2025-03-21', false, 'Nauryz (Friday)'],
    ['2025-03-24', false, 'Nauryz of Saturday 22 moved to Monday'],
    ['2025-03-25', false, 'Nauryz of Sunday 23 moved to Tuesday'],
    ['2025-03-26', true, 'after Nauryz'],
    ['2025-05-01', false, 'Unity Day'],
    ['2025-05-02', true, 'Friday between holidays is worked'],
    ['2025-05-07', false, "Defender's Day"],
    ['2025-05-09', false, 'Victory Day'],
    ['2025-06-06', false, 'Kurban Ait'],
    ['2025-07-06', false, 'Capital Day on a Sunday'],
    ['2025-07-07', false, 'Capital Day moved to Monday'],
    ['2025-08-30', false, 'Constitution Day on a Saturday'],
    ['2025-09-01', false, 'Constitution Day moved to Monday'],
    ['2025-10-25', false, 'Republic Day on a Saturday'],
    ['2025-10-27', false, 'Republic Day moved to Monday'],
    ['2025-12-16', false, 'Independence Day'],
    ['2025-12-17', true, '17 December is no longer a day off'],
    ['2025-12-01', true, '1 December is no longer a day off'],
    // 2026
    ['2026-01-07', false, 'Orthodox Christmas'],
    ['2026-03-09', false, "Women's Day of Sunday 8 March moved to Monday"],
    ['2026-03-23', false, 'Nauryz (Monday)'],
    ['2026-03-24', false, 'Nauryz of Saturday 21 moved past Monday 23 (a holiday) to Tuesday'],
    ['2026-03-25', false, 'Nauryz of Sunday 22 moved to Wednesday'],
    ['2026-03-26', true, 'after Nauryz'],
    ['2026-05-11', false, 'Victory Day of Saturday 9 May moved to Monday'],
    ['2026-05-27', false, 'Kurban Ait (announced)'],
    ['2026-07-06', false, 'Capital Day'],
    ['2026-08-31', true, 'no Constitution Day in 2026'],
    ['2026-10-26', false, 'Republic Day of Sunday 25 October moved to Monday'],
    ['2026-12-16', false, 'Independence Day'],
    ['2026-12-31', true, 'New Year’s Eve is worked'],
    // 2027
    ['2027-01-01', false, 'New Year (Friday)'],
    ['2027-01-04', false, 'New Year of Saturday 2 January moved to Monday'],
    ['2027-01-05', true, 'ordinary Tuesday'],
    ['2027-01-07', false, 'Orthodox Christmas (Thursday)'],
    ['2027-03-08', false, "Women's Day (Monday)"],
    ['2027-03-15', false, 'Constitution Day from 2027'],
    ['2027-03-22', false, 'Nauryz'],
    ['2027-03-23', false, 'Nauryz'],
    ['2027-03-24', false, 'Nauryz of Sunday 21 moved past 22 and 23 to Wednesday'],
    ['2027-03-25', true, 'after Nauryz'],
    ['2027-05-03', false, 'Unity Day of Saturday 1 May moved to Monday'],
    ['2027-05-10', false, 'Victory Day of Sunday 9 May moved to Monday'],
    ['2027-05-17', true, 'Kurban Ait (estimated Sunday 16 May) is religious and does not move'],
    ['2027-08-30', true, 'Constitution Day is no longer 30 August'],
    ['2027-10-25', false, 'Republic Day (Monday)'],
    ['2027-12-16', false, 'Independence Day (Thursday)'],
    // 2024
    ['2024-01-08', true, 'Christmas on Sunday 7 January is religious and does not move'],
    ['2024-03-25', false, 'Nauryz of Saturday 23 March moved to Monday'],
    ['2024-05-04', true, 'transfer: Saturday worked'],
    ['2024-05-08', false, 'transfer: Wednesday off'],
    ['2024-06-17', true, 'Kurban Ait on Sunday 16 June does not move'],
    ['2024-07-08', false, 'Capital Day of Saturday 6 July moved to Monday'],
  ];

  it.each(table)('%s is %s (%s)', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it('has exactly the weekday days off of 2026 listed in DOMAIN.md §6', () => {
    expect(calendar.weekdayDaysOff(2026).map((d) => d.date)).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-07',
      '2026-03-09',
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-05-01',
      '2026-05-07',
      '2026-05-11',
      '2026-05-27',
      '2026-07-06',
      '2026-10-26',
      '2026-12-16',
    ]);
  });

  it('counts the working days of each year', () => {
    // Weekdays minus weekday days off plus worked weekend days: 262-14+1, 261-16+1, 261-14, 261-14.
    expect([2024, 2025, 2026, 2027].map((y) => calendar.workingDayCount(y))).toEqual([249, 246, 247, 247]);
  });

  it('explains a moved day off with the holiday it comes from and its source', () => {
    const info = calendar.dayInfo('2026-03-24');
    expect(info.working).toBe(false);
    expect(info.reasons).toEqual([
      expect.objectContaining({
        kind: 'moved-holiday',
        from: '2026-03-21',
        holidayId: 'nauryz-1',
        source: 'law-holidays',
      }),
    ]);
    expect(calendar.dayInfo('2025-01-05').reasons.map((r) => r.kind)).toEqual(['weekend', 'transfer-worked-day']);
  });

  it('refuses a date in a year without data instead of guessing', () => {
    expect(() => calendar.isWorkingDay('2028-01-03')).toThrow(CalendarYearMissingError);
    expect(() => calendar.isWorkingDay('2028-01-03')).toThrow(/no data for 2028/);
    // Counting into a missing year fails too: the last working days of 2027 lead into 2028.
    expect(() => calendar.addWorkingDays('2027-12-30', 3)).toThrow(/no data for 2028/);
  });
});

describe('counting working days', () => {
  it.each([
    ['2026-12-31', 1, '2027-01-05'], // 1, 2 Jan holidays, 3 Sun, 4 Jan moved day off
    ['2026-12-31', 3, '2027-01-08'], // 7 Jan Christmas skipped
    ['2025-12-31', 3, '2026-01-08'],
    ['2026-03-20', 1, '2026-03-26'], // the Nauryz week
    ['2025-01-02', 1, '2025-01-05'], // the worked Sunday counts
    ['2027-01-15', -5, '2027-01-08'],
    ['2027-01-08', -1, '2027-01-06'],
    ['2026-01-01', 0, '2026-01-05'], // n = 0 on a day off: the next working day
    ['2026-01-05', 0, '2026-01-05'],
  ])('addWorkingDays(%s, %i) = %s', (from, n, expected) => {
    expect(calendar.addWorkingDays(from, n)).toBe(expected);
  });

  it('gives the next working day and the working day on or before a fixed date', () => {
    expect(calendar.nextWorkingDay('2026-12-31')).toBe('2027-01-05');
    expect(calendar.lastWorkingDayOnOrBefore('2027-01-01')).toBe('2026-12-31');
    expect(calendar.lastWorkingDayOnOrBefore('2026-03-25')).toBe('2026-03-20');
  });

  it('applies the named policy to a fixed deadline on a day off', () => {
    // 1 January 2027 is a Friday holiday.
    expect(fixedDeadlineDay(calendar, '2027-01-01', 'working-day-before')).toBe('2026-12-31');
    expect(fixedDeadlineDay(calendar, '2027-01-01', 'working-day-after')).toBe('2027-01-05');
    // 15 July 2026 is a Wednesday: both policies leave it alone.
    expect(fixedDeadlineDay(calendar, '2026-07-15', 'working-day-before')).toBe('2026-07-15');
    expect(fixedDeadline(calendar, '2026-07-01', S)).toEqual({
      day: '2026-07-01',
      at: '2026-07-01T13:00:00.000Z',
      atLocal: '2026-07-01T18:00:00+05:00',
    });
  });
});

describe('deadlines as instants in Asia/Almaty', () => {
  it('ends a working day at 18:00 local (UTC+5), configurable', () => {
    expect(deadlineAfter(calendar, '2026-07-01T10:00:00+05:00', 3, S)).toEqual({
      day: '2026-07-07', // 2 and 3 July, then Monday 6 July is Capital Day, so Tuesday 7 July
      at: '2026-07-07T13:00:00.000Z',
      atLocal: '2026-07-07T18:00:00+05:00',
    });
    const late: DeadlineSettings = { ...S, endOfDayMinute: 17 * 60 + 30 };
    expect(deadlineAfter(calendar, '2026-07-01T10:00:00+05:00', 3, late).atLocal).toBe('2026-07-07T17:30:00+05:00');
  });

  it('counts something received after hours or on a day off from the next working day', () => {
    expect(effectiveWorkingDay(calendar, '2026-07-01T17:59:00+05:00', S)).toBe('2026-07-01');
    expect(effectiveWorkingDay(calendar, '2026-07-01T18:00:00+05:00', S)).toBe('2026-07-01'); // the deadline instant itself
    expect(effectiveWorkingDay(calendar, '2026-07-01T18:00:01+05:00', S)).toBe('2026-07-02');
    expect(effectiveWorkingDay(calendar, '2026-07-04T11:00:00+05:00', S)).toBe('2026-07-07'); // Sat; Mon 6 Jul is a holiday
    // 13:30 UTC is 18:30 in Almaty: after hours although it is still afternoon in UTC.
    expect(effectiveWorkingDay(calendar, '2026-07-01T13:30:00Z', S)).toBe('2026-07-02');
    // Received Friday evening: counting starts Monday, so 3 working days end on Thursday.
    expect(deadlineAfter(calendar, '2026-07-10T19:00:00+05:00', 3, S).day).toBe('2026-07-16');
    expect(deadlineAfter(calendar, '2026-07-10T09:00:00+05:00', 3, S).day).toBe('2026-07-15');
  });

  it('knows Almaty was UTC+6 before 1 March 2024', () => {
    expect(toLocalIso(instantAt('2024-01-15', 18 * 60))).toBe('2024-01-15T18:00:00+06:00');
    expect(toLocalIso(instantAt('2024-03-01', 18 * 60))).toBe('2024-03-01T18:00:00+05:00');
    // At midnight of 1 March 2024 (+06:00) clocks went back to 23:00 on 29 February (+05:00).
    expect(localDateTimeOf('2024-02-29T17:30:00Z')).toEqual({ date: '2024-02-29', minuteOfDay: 23 * 60 + 30 });
    expect(localDateTimeOf('2024-02-29T18:30:00Z')).toEqual({ date: '2024-02-29', minuteOfDay: 23 * 60 + 30 });
    expect(localDateTimeOf('2024-02-29T19:30:00Z')).toEqual({ date: '2024-03-01', minuteOfDay: 30 });
  });

  it('refuses an instant without a zone', () => {
    expect(() => effectiveWorkingDay(calendar, '2026-07-01T10:00:00', S)).toThrow(/expected ISO 8601 with a zone/);
  });
});

describe('properties of addWorkingDays', () => {
  // Dates from mid-January 2024 to October 2027: inside the shipped data with room to count 30 days.
  const dates = fc.integer({ min: 0, max: 365 * 3 + 260 }).map((n) => addDays('2024-02-15', n));

  it('lands on a working day, strictly after (or before) the start', () => {
    fc.assert(
      fc.property(
        dates,
        fc.integer({ min: -30, max: 30 }).filter((n) => n !== 0),
        (date, n) => {
          const result = calendar.addWorkingDays(date, n);
          expect(calendar.isWorkingDay(result)).toBe(true);
          if (n > 0) expect(result > date).toBe(true);
          else expect(result < date).toBe(true);
        },
      ),
    );
  });

  it('moves exactly n working days from a working day', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -30, max: 30 }), (date, n) => {
        const working = calendar.firstWorkingDayOnOrAfter(date);
        expect(calendar.workingDaysBetween(working, calendar.addWorkingDays(working, n))).toBe(n);
      }),
    );
  });

  it('is monotonic in n (strictly, except that n = 0 and 1 meet when starting on a day off)', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -30, max: 29 }), (date, n) => {
        const [a, b] = [calendar.addWorkingDays(date, n), calendar.addWorkingDays(date, n + 1)];
        if (n === 0 && !calendar.isWorkingDay(date)) expect(b).toBe(a);
        else expect(b > a).toBe(true);
      }),
    );
  });

  it('is undone by counting back from a working day', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 1, max: 30 }), (date, n) => {
        const working = calendar.firstWorkingDayOnOrAfter(date);
        expect(calendar.addWorkingDays(calendar.addWorkingDays(working, n), -n)).toBe(working);
      }),
    );
  });

  it('never counts a weekend day unless a transfer made it a working day', () => {
    fc.assert(
      fc.property(dates, (date) => {
        const info = calendar.dayInfo(date);
        if (isoWeekday(date) >= 6 && info.working) {
          expect(info.reasons.some((r) => r.kind === 'transfer-worked-day')).toBe(true);
        }
      }),
    );
  });
});
