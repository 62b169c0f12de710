/**
 * What the board says to do first (libs/board/urgency.ts): the regions ranked by urgency and one
 * sentence per region in Russian and Kazakh, computed from the shipped calendar for the January
 * 2027 cycle (3 + 1 + 5 working days from 31 December end on 18 January, one working day after
 * 15 January); and each step's state by its own deadline, the words the tasks screen uses.
 */
import {
  districtProgress,
  districtRow,
  regionRow,
  ScheduleCache,
  type BoardContext,
  type DistrictBoardRow,
  type OpenEscalation,
  type TaskRecord,
} from '../../libs/board/board';
import { rankRegions, regionUrgency, urgencySentence } from '../../libs/board/urgency';
import { DEFAULT_DEADLINE_SETTINGS, WorkingCalendar } from '../../libs/calendar';
import { SHIPPED_CALENDAR_YEARS } from '../../libs/calendar/shipped';
import type { TaskKind } from '../../libs/contracts/cycle';

const calendar = new WorkingCalendar(SHIPPED_CALENDAR_YEARS);
const period = '2027-01';
const NOW = Date.parse('2026-11-23T12:00:00+05:00'); // weeks before the submission deadline
const ctx: BoardContext = { calendar, settings: DEFAULT_DEADLINE_SETTINGS, period, now: NOW };

let clock = Date.parse('2026-11-20T09:00:00+05:00');
const tick = () => new Date((clock += 60_000));
function task(
  regionCode: string,
  districtId: string,
  kind: TaskKind,
  status: TaskRecord['status'],
  extra: Partial<TaskRecord> = {},
): TaskRecord {
  return {
    workflowId: `cycle-${period}-district-${districtId}`,
    regionCode,
    districtId,
    kind,
    round: 0,
    status,
    dueAt: new Date('2026-12-31T13:00:00Z'),
    completedAt: status === 'COMPLETED' ? tick() : null,
    createdAt: tick(),
    decision: null,
    ...extra,
  };
}

/** A region of districts as the board builds it: each district its tasks, the region's row with its urgency. */
function region(c: BoardContext, code: string, nameRu: string, districts: TaskRecord[][], open: OpenEscalation[] = []) {
  const schedules = new ScheduleCache(c);
  const rows: DistrictBoardRow[] = districts.map((t) => districtRow(districtProgress(t, [])!, schedules));
  const row = regionRow(c, schedules, code, rows, [], open);
  return { ...row, nameRu, urgency: regionUrgency(c.calendar, row, rows) };
}
const waiting = (code: string, d: string) => [task(code, d, 'SUBMIT_FILES', 'OPEN')];

describe('what the board says to do first', () => {
  it('says where the January chain ends, how late, and which step to shorten, in Russian and Kazakh', () => {
    const r = region(ctx, '71', 'Акмолинская область', [waiting('71', '7101')]);
    expect(r.urgency).toMatchObject({
      chainEnds: '2027-01-18',
      cecDeadline: '2027-01-15',
      missesByWorkingDays: 1,
      shorten: [{ step: 'reconciliation', days: 2, instead: 3 }],
      cannotFit: false,
      overdue: [],
    });
    expect(urgencySentence(r.urgency, 'ru')).toBe(
      'Цепочка сроков заканчивается 18.01, на 1 рабочий день позже 15.01: сверку нужно завершить за 2 рабочих дня вместо 3.',
    );
    expect(urgencySentence(r.urgency, 'kk')).toBe(
      'Мерзімдер тізбегі 18.01 аяқталады, 15.01 күнінен 1 жұмыс күні кеш: салыстыруды 3 күннің орнына 2 жұмыс күні ішінде аяқтау керек.',
    );
  });

  it('takes the days from the calendar: a planning margin of five working days asks to shorten two steps', () => {
    const c: BoardContext = { ...ctx, settings: { ...DEFAULT_DEADLINE_SETTINGS, regionalMarginWorkingDays: 5 } };
    const r = region(c, '19', 'Алматинская область', [waiting('19', '1901')]);
    expect(r.urgency).toMatchObject({ missesByWorkingDays: 6, cannotFit: false });
    expect(r.urgency.shorten).toEqual([
      { step: 'reconciliation', days: 1, instead: 3 },
      { step: 'correction', days: 1, instead: 5 },
    ]);
    expect(urgencySentence(r.urgency, 'ru')).toMatch(
      /на 6 рабочих дней позже 15\.01: сверку нужно завершить за 1 рабочий день вместо 3 и исправления нужно внести за 1 рабочий день вместо 5\.$/,
    );
    // Seven days of margin: even one day a step is not enough, and the sentence says whose decision it is.
    const c7: BoardContext = { ...ctx, settings: { ...DEFAULT_DEADLINE_SETTINGS, regionalMarginWorkingDays: 7 } };
    const hopeless = region(c7, '19', 'Алматинская область', [waiting('19', '1901')]);
    expect(hopeless.urgency.cannotFit).toBe(true);
    expect(urgencySentence(hopeless.urgency, 'ru')).toContain('не успеть: нужно решение ЦИК');
    expect(urgencySentence(hopeless.urgency, 'kk')).toContain('ОСК шешімі керек');
  });

  it('says a fitting chain and its spare days, and an overdue step by its districts and deadline', () => {
    const early = region(ctx, '75', 'город Алматы', [
      [task('75', '7501', 'SUBMIT_FILES', 'COMPLETED', { completedAt: new Date(NOW) })],
    ]);
    expect(early.urgency).toMatchObject({ missesByWorkingDays: 0, shorten: [] });
    expect(early.urgency.spareWorkingDays).toBeGreaterThan(0);
    expect(urgencySentence(early.urgency, 'ru')).toMatch(
      /^Цепочка сроков заканчивается \d\d\.\d\d, запас \d+ рабоч(ий день|их дня|их дней) до 15\.01\.$/,
    );

    const late: BoardContext = { ...ctx, now: Date.parse('2027-01-04T10:00:00+05:00') };
    const overdue = region(late, '71', 'Акмолинская область', [waiting('71', '7101'), waiting('71', '7102')]);
    expect(overdue.urgency.overdue).toEqual([{ step: 'submission', districts: 2, deadline: '2026-12-31' }]);
    expect(urgencySentence(overdue.urgency, 'ru')).toMatch(
      /^Просрочено: представление сведений в 2 районах \(срок 31\.12\); цепочка сроков заканчивается \d\d\.01, на \d+ рабоч/,
    );
    expect(urgencySentence(overdue.urgency, 'kk')).toMatch(
      /^Мерзімі өтті: мәліметтерді ұсыну — 2 ауданда \(мерзімі 31\.12\)/,
    );
  });

  it('ranks by the projected miss, then overdue steps, then open escalations by rung, then by name', () => {
    const late: BoardContext = { ...ctx, now: Date.parse('2027-01-04T10:00:00+05:00') };
    const fits = region(ctx, '11', 'Астана', [
      [task('11', '1101', 'SUBMIT_FILES', 'COMPLETED', { completedAt: new Date(NOW) })],
    ]);
    const missA = region(ctx, '71', 'Акмолинская область', [waiting('71', '7101')]);
    const missB = region(ctx, '19', 'Алматинская область', [waiting('19', '1901')]);
    const missEscalatedLow = region(
      ctx,
      '15',
      'Актюбинская область',
      [waiting('15', '1501')],
      [
        { regionCode: '15', level: 'DISTRICT_COMMISSION' },
        { regionCode: '15', level: 'DISTRICT_COMMISSION' },
      ],
    );
    const missEscalatedHigh = region(
      ctx,
      '23',
      'Атырауская область',
      [waiting('23', '2301')],
      [{ regionCode: '23', level: 'CEC_COORDINATOR' }],
    );
    const overdueOne = region(late, '31', 'Жамбылская область', [waiting('31', '3101')]);
    const overdueTwo = region(late, '35', 'Карагандинская область', [waiting('35', '3501'), waiting('35', '3502')]);
    expect(overdueOne.urgency.missesByWorkingDays).toBe(overdueTwo.urgency.missesByWorkingDays);

    const ranked = rankRegions([fits, missB, missA, missEscalatedLow, overdueOne, missEscalatedHigh, overdueTwo]);
    expect(ranked.map((r) => r.nameRu)).toEqual([
      'Карагандинская область', // the same miss as Жамбылская, two overdue districts to its one
      'Жамбылская область',
      'Атырауская область', // one day late, the CEC coordinator's rung
      'Актюбинская область', // one day late, two escalations at the district commission
      'Акмолинская область', // one day late, no escalation: by name
      'Алматинская область',
      'Астана', // fits
    ]);
    expect(ranked.map((r) => r.urgency.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("names each step's state by its own deadline, as the tasks screen does: the chain's risk is the region's sentence", () => {
    const r = region(ctx, '71', 'Акмолинская область', [waiting('71', '7101')]);
    expect(r.atRisk).toBe(true);
    expect(r.steps.map((s) => [s.step, s.state, s.deadlineState])).toEqual([
      ['submission', 'at-risk', 'due'],
      ['reconciliation', 'at-risk', 'upcoming'],
      ['reply', 'at-risk', 'upcoming'],
      ['correction', 'at-risk', 'upcoming'],
      ['cecSubmission', 'at-risk', 'upcoming'],
    ]);
    const late: BoardContext = { ...ctx, now: Date.parse('2027-01-04T10:00:00+05:00') };
    const overdue = region(late, '71', 'Акмолинская область', [waiting('71', '7101')]);
    expect(overdue.steps[0]).toMatchObject({ state: 'overdue', deadlineState: 'overdue' });
  });
});
