import {
  calendarYearProblems,
  CalendarDataError,
  parseCalendarYear,
  WorkingCalendar,
  type CalendarYearData,
} from '../../libs/calendar';
import { SHIPPED_CALENDAR_YEARS } from '../../libs/calendar/shipped';

const copy = (year: number): CalendarYearData => structuredClone(SHIPPED_CALENDAR_YEARS.find((y) => y.year === year)!);

describe('calendar data', () => {
  it('ships 2024-2027, valid, every entry with a source that exists', () => {
    expect(SHIPPED_CALENDAR_YEARS.map((y) => y.year)).toEqual([2024, 2025, 2026, 2027]);
    for (const y of SHIPPED_CALENDAR_YEARS) {
      expect(calendarYearProblems(y)).toEqual([]);
      for (const e of [...y.holidays, ...y.transfers]) expect(y.sources[e.source].title.length).toBeGreaterThan(10);
    }
  });

  it('marks Kurban Ait 2027 as an estimate and 2026 as announced', () => {
    const kurban = (year: number) => copy(year).holidays.find((h) => h.id === 'kurban-ait')!;
    expect(kurban(2027)).toMatchObject({ date: '2027-05-16', status: 'estimate', kind: 'religious' });
    expect(kurban(2026)).toMatchObject({ date: '2026-05-27', status: 'announced' });
  });

  it('refuses a transfer that does not swap a weekend day for a weekday', () => {
    const y = copy(2025);
    y.transfers = [{ workedDay: '2025-01-06', dayOff: '2025-01-04', status: 'official', source: 'transfer-2025' }];
    expect(calendarYearProblems(y)).toEqual([
      {
        path: 'transfers[0].workedDay',
        message: '2025-01-06 is not a weekend day; a transfer makes a weekend day a working day',
      },
      { path: 'transfers[0].dayOff', message: '2025-01-04 is a weekend day already; the day off must be a weekday' },
    ]);
  });

  it('refuses duplicates, dates outside the year, unknown sources and fields, missing names', () => {
    const y = copy(2026) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a document made wrong on purpose;
    y.holidays.push({ ...y.holidays[0] });
    y.holidays[1].date = '2025-01-02';
    y.holidays[2].source = 'nowhere';
    delete y.holidays[3].name.kk;
    y.holidays[4].colour = 'red';
    y.transfers = [{ workedDay: '2026-01-03', dayOff: '2026-01-07', status: 'official', source: 'law-holidays' }];
    const paths = calendarYearProblems(y).map((p) => `${p.path}: ${p.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^holidays\[1\]\.date: 2025-01-02 is not in 2026/),
        expect.stringMatching(/^holidays\[2\]\.source: "nowhere" is not a key of "sources"/),
        expect.stringMatching(/^holidays\[3\]\.name\.kk: is required/),
        expect.stringMatching(/^holidays\[4\]\.colour: unknown field/),
        expect.stringMatching(/^holidays\[14\]\.date: 2026-01-01 is already listed at holidays\[0\]/),
        expect.stringMatching(/^holidays\[14\]\.id: "new-year-1" is already used/),
        expect.stringMatching(/^transfers\[0\].dayOff: 2026-01-07 is a holiday/),
      ]),
    );
  });

  it('throws one error listing every problem, with the year', () => {
    const y = copy(2027) as unknown as Record<string, unknown>;
    y.format = 'something';
    y.weekendDays = [6, 6];
    let error: unknown;
    try {
      parseCalendarYear(y);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarDataError);
    expect((error as CalendarDataError).year).toBe(2027);
    expect((error as Error).message).toMatch(
      /format: must be "tizim\.calendar\/1"[\s\S]*weekendDays\[1\]: weekday 6 is listed twice/,
    );
  });

  it('takes a corrected Kurban Ait date: an override moves the day off', () => {
    const y = copy(2026);
    y.holidays.find((h) => h.id === 'kurban-ait')!.date = '2026-05-26';
    const calendar = new WorkingCalendar([y]);
    expect(calendar.isWorkingDay('2026-05-26')).toBe(false);
    expect(calendar.isWorkingDay('2026-05-27')).toBe(true);
  });
});
