/**
 * The deadline board's pure part (libs/board): a district's progress from its records, each
 * step's state from the calendar engine's schedule, a region's cells, projection and slack, the
 * filters and sorting, and the "due soon" window. The shipped calendar; the January 2027 cycle.
 */
import {
  districtProgress,
  districtRow,
  dueSoonUntil,
  filterAndSort,
  regionRow,
  ScheduleCache,
  type BoardContext,
  type DistrictBoardRow,
  type RoundRecord,
  type TaskRecord,
} from '../../libs/board/board';
import { cycleSchedule, DEFAULT_DEADLINE_SETTINGS, WorkingCalendar } from '../../libs/calendar';
import { SHIPPED_CALENDAR_YEARS } from '../../libs/calendar/shipped';
import type { TaskKind } from '../../libs/contracts/cycle';

const calendar = new WorkingCalendar(SHIPPED_CALENDAR_YEARS);
const settings = DEFAULT_DEADLINE_SETTINGS;
const period = '2027-01';
const NOW = Date.parse('2026-11-23T12:00:00+05:00'); // a Monday, weeks before the submission deadline
const ctx: BoardContext = { calendar, settings, period, now: NOW };

const wf = (d: string) => `cycle-${period}-district-${d}`;
let clock = Date.parse('2026-11-20T09:00:00+05:00');
const tick = () => new Date((clock += 60_000));

function task(
  districtId: string | null,
  kind: TaskKind,
  round: number,
  status: TaskRecord['status'],
  extra: Partial<TaskRecord> = {},
): TaskRecord {
  const createdAt = tick();
  return {
    workflowId: districtId ? wf(districtId) : `cycle-${period}-region-71`,
    regionCode: '71',
    districtId,
    kind,
    round,
    status,
    dueAt: new Date('2026-12-31T13:00:00Z'),
    completedAt: status === 'COMPLETED' ? tick() : null,
    createdAt,
    decision: null,
    ...extra,
  };
}
const round = (d: string, n: number, hasDiscrepancies: boolean): RoundRecord => ({
  workflowId: wf(d),
  round: n,
  reconciledAt: tick(),
  hasDiscrepancies,
});

describe('a district on the board', () => {
  it("follows the workflow's loop from the records: submission, rounds, review, corrections, ready", () => {
    const submitted = task('7101', 'SUBMIT_FILES', 0, 'COMPLETED');
    expect(districtProgress([task('7101', 'SUBMIT_FILES', 0, 'OPEN')], [])).toMatchObject({
      stage: 'awaiting-submission',
      round: 0,
      events: {},
    });
    expect(districtProgress([submitted], [])).toMatchObject({
      stage: 'reconciling',
      round: 1,
      events: { receivedAt: submitted.completedAt!.toISOString() },
    });

    const r1 = round('7101', 1, true);
    expect(districtProgress([submitted], [r1])).toMatchObject({ stage: 'commission-review', round: 1 });
    expect(districtProgress([submitted], [round('7101', 1, false)])).toMatchObject({ stage: 'ready' });
    const review = task('7101', 'REVIEW_DISCREPANCIES', 1, 'COMPLETED', { decision: 'send-back' });
    const corrections = task('7101', 'SUBMIT_CORRECTIONS', 1, 'OPEN');
    expect(districtProgress([submitted, review, corrections], [r1])).toMatchObject({
      stage: 'awaiting-corrections',
      round: 1,
      events: {
        receivedAt: submitted.completedAt!.toISOString(),
        reconciledAt: r1.reconciledAt.toISOString(),
        repliedAt: review.completedAt!.toISOString(),
      },
    });
    const corrected = { ...corrections, status: 'COMPLETED' as const, completedAt: tick() };
    expect(districtProgress([submitted, review, corrected], [r1])).toMatchObject({
      stage: 'reconciling',
      round: 2,
      events: { correctedAt: corrected.completedAt.toISOString() },
    });
    // Round 2 counts its reply and corrections from its own reconciliation (paras 10-11).
    const r2 = round('7101', 2, true);
    expect(districtProgress([submitted, review, corrected], [r1, r2])!.events).toEqual({
      receivedAt: submitted.completedAt!.toISOString(),
      reconciledAt: r2.reconciledAt.toISOString(),
    });
    const accepted = task('7101', 'REVIEW_DISCREPANCIES', 2, 'COMPLETED', { decision: 'accept' });
    expect(districtProgress([submitted, review, corrected, accepted], [r1, r2])).toMatchObject({
      stage: 'ready',
      round: 2,
    });
  });

  it('reads only the latest run of a period started again under the same workflow id', () => {
    const old = [task('7102', 'SUBMIT_FILES', 0, 'COMPLETED'), task('7102', 'REVIEW_DISCREPANCIES', 1, 'CANCELLED')];
    const oldRound = round('7102', 1, true);
    expect(districtProgress(old, [oldRound])).toMatchObject({ stage: 'cancelled' });
    expect(districtProgress([...old, task('7102', 'SUBMIT_FILES', 0, 'OPEN')], [oldRound])).toMatchObject({
      stage: 'awaiting-submission',
      events: {},
    });
  });

  it("gives each step the calendar engine's state: January 2027 from the last statutory day misses 15 January", () => {
    const schedules = new ScheduleCache(ctx);
    const waiting = districtRow(districtProgress([task('7101', 'SUBMIT_FILES', 0, 'OPEN')], [])!, schedules);
    const engine = cycleSchedule(calendar, period, {}, settings, NOW);
    expect(engine.projection).toMatchObject({ fits: false, missesByWorkingDays: 1 });
    expect(waiting.steps.map((s) => [s.step, s.state])).toEqual([
      ['submission', 'at-risk'],
      ['reconciliation', 'at-risk'],
      ['reply', 'at-risk'],
      ['correction', 'at-risk'],
    ]);
    expect(waiting.steps[0]).toMatchObject({
      deadline: engine.steps[0].due.at,
      deadlineLocal: '2026-12-31T18:00:00+05:00',
      completedAt: null,
      projected: engine.steps[0].projected!.at,
    });
    expect(waiting.projection).toEqual({
      fits: false,
      slackWorkingDays: -1,
      missesByWorkingDays: 1,
      cecSubmission: engine.projection.cecSubmission.at,
    });

    // Submitted now: the chain fits; the reconciliation is under way.
    const early = task('7102', 'SUBMIT_FILES', 0, 'COMPLETED', { completedAt: new Date(NOW) });
    const submitted = districtRow(districtProgress([early], [])!, schedules);
    expect(submitted.steps.map((s) => s.state)).toEqual(['met', 'due', 'upcoming', 'upcoming']);
    expect(submitted.projection!.fits).toBe(true);

    // Clean at the first round: no reply, no corrections; the district's projection is over.
    const clean = districtRow(
      districtProgress(
        [early],
        [{ workflowId: wf('7102'), round: 1, reconciledAt: new Date(NOW + 3_600_000), hasDiscrepancies: false }],
      )!,
      schedules,
    );
    expect(clean).toMatchObject({ stage: 'ready', projection: null });
    expect(clean.steps.map((s) => s.state)).toEqual(['met', 'met', 'not-needed', 'not-needed']);
    expect(clean.steps[2]).toMatchObject({ deadline: null, projected: null });
  });

  it('is overdue once the deadline of the step under way has passed', () => {
    const late: BoardContext = { ...ctx, now: Date.parse('2027-01-04T10:00:00+05:00') };
    const row = districtRow(districtProgress([task('7101', 'SUBMIT_FILES', 0, 'OPEN')], [])!, new ScheduleCache(late));
    expect(row.steps.map((s) => s.state)).toEqual(['overdue', 'at-risk', 'at-risk', 'at-risk']);
  });
});

describe('a region on the board', () => {
  const rows = (): DistrictBoardRow[] => {
    const schedules = new ScheduleCache(ctx);
    return [
      districtRow(districtProgress([task('7101', 'SUBMIT_FILES', 0, 'OPEN')], [])!, schedules),
      districtRow(
        districtProgress(
          [task('7102', 'SUBMIT_FILES', 0, 'COMPLETED', { completedAt: new Date(NOW - 86_400_000) })],
          [],
        )!,
        schedules,
      ),
    ];
  };

  it('shows the latest deadline of each step, how many districts met it, the worst state, the slack and the open escalations', () => {
    const districts = rows();
    const row = regionRow(
      ctx,
      new ScheduleCache(ctx),
      '71',
      districts,
      [],
      [
        { regionCode: '71', level: 'REGIONAL_COMMISSION' },
        { regionCode: '71', level: 'DISTRICT_COMMISSION' },
        { regionCode: '75', level: 'CEC_COORDINATOR' },
      ],
    );
    const engine = cycleSchedule(calendar, period, {}, settings, NOW);
    expect(row).toMatchObject({
      regionCode: '71',
      stage: 'districts-in-progress',
      districts: { total: 2, ready: 0 },
      atRisk: true,
      projectedSlackWorkingDays: -1,
      cecDeadline: engine.steps[4].due.at,
      cecDeadlineLocal: '2027-01-15T18:00:00+05:00',
      slackWorkingDays: calendar.workingDaysBetween('2026-11-23', '2027-01-15'),
      escalations: { open: 2, highestLevel: 'REGIONAL_COMMISSION' },
    });
    expect(row.slackWorkingDays).toBeGreaterThan(30);
    expect(row.steps[0]).toMatchObject({
      step: 'submission',
      state: 'at-risk',
      districts: 2,
      met: 1,
      metLate: 0,
      atRisk: 1,
      deadline: engine.steps[0].due.at,
      completedAt: null,
    });
    expect(row.steps[1]).toMatchObject({ step: 'reconciliation', state: 'at-risk', districts: 2, met: 0 });
    // The latest reconciliation deadline is the waiting district's, planned from 31 December.
    expect(row.steps[1].deadline).toBe(engine.steps[1].due.at);
    expect(row.steps[4]).toMatchObject({ step: 'cecSubmission', state: 'at-risk', districts: null, completedAt: null });
  });

  it("follows the region's own tasks once every district is ready", () => {
    const ready = rows().map((d) => ({ ...d, stage: 'ready' as const, projection: null }));
    const submit = task(null, 'SUBMIT_TO_CEC', 0, 'OPEN');
    const row = regionRow(ctx, new ScheduleCache(ctx), '71', ready, [submit], []);
    expect(row).toMatchObject({
      stage: 'submitting-to-cec',
      atRisk: false,
      districts: { total: 2, ready: 2 },
      escalations: { open: 0, highestLevel: null },
    });
    expect(row.steps[4].state).toBe('due');
    expect(row.projectedSlackWorkingDays).toBe(calendar.workingDaysBetween('2026-11-23', '2027-01-15'));
    const done = regionRow(
      ctx,
      new ScheduleCache(ctx),
      '71',
      ready,
      [
        { ...submit, status: 'COMPLETED', completedAt: new Date(NOW) },
        task(null, 'RECORD_CEC_RECEIPT', 0, 'COMPLETED'),
      ],
      [],
    );
    expect(done).toMatchObject({ stage: 'done', atRisk: false });
    expect(done.steps[4]).toMatchObject({ state: 'met', met: 1, completedAt: new Date(NOW).toISOString() });
  });

  it('filters by stage, state, at-risk and region, and sorts by projected slack, region or stage', () => {
    const schedules = new ScheduleCache(ctx);
    const atRisk = regionRow(ctx, schedules, '75', rows(), [], []);
    const fine = regionRow(ctx, schedules, '62', rows().slice(1), [], []);
    const submitting = regionRow(
      ctx,
      schedules,
      '61',
      rows()
        .slice(1)
        .map((d) => ({ ...d, stage: 'ready' as const, projection: null })),
      [task(null, 'SUBMIT_TO_CEC', 0, 'OPEN')],
      [],
    );
    const all = [submitting, fine, atRisk];
    expect(filterAndSort(all, {}).map((r) => r.regionCode)).toEqual(
      ['75', '62', '61'].sort((a, b) => {
        const slack = (c: string) => all.find((r) => r.regionCode === c)!.projectedSlackWorkingDays;
        return slack(a) - slack(b) || a.localeCompare(b);
      }),
    );
    expect(filterAndSort(all, {})[0].regionCode).toBe('75');
    expect(filterAndSort(all, {}, 'region').map((r) => r.regionCode)).toEqual(['61', '62', '75']);
    expect(filterAndSort(all, {}, 'stage').map((r) => r.regionCode)).toEqual(['62', '75', '61']);
    expect(filterAndSort(all, { atRisk: true }).map((r) => r.regionCode)).toEqual(['75']);
    expect(filterAndSort(all, { stage: 'submitting-to-cec' }).map((r) => r.regionCode)).toEqual(['61']);
    expect(filterAndSort(all, { state: 'at-risk' }).map((r) => r.regionCode)).toEqual(['75']);
    expect(filterAndSort(all, { regionCode: '62' }).map((r) => r.regionCode)).toEqual(['62']);
  });
});

describe('due soon', () => {
  it('ends at the end of the N-th working day after today (today when before 18:00)', () => {
    const friday = Date.parse('2026-11-27T10:00:00+05:00');
    expect(dueSoonUntil(calendar, friday, 1, settings).atLocal).toBe('2026-11-30T18:00:00+05:00');
    expect(dueSoonUntil(calendar, friday, 0, settings).atLocal).toBe('2026-11-27T18:00:00+05:00');
    // After the end of Friday's working day, today counts as Monday.
    expect(dueSoonUntil(calendar, Date.parse('2026-11-27T19:00:00+05:00'), 1, settings).atLocal).toBe(
      '2026-12-01T18:00:00+05:00',
    );
    // Across Independence Day (16 December 2026, a Wednesday).
    expect(dueSoonUntil(calendar, Date.parse('2026-12-15T09:00:00+05:00'), 1, settings).atLocal).toBe(
      '2026-12-17T18:00:00+05:00',
    );
  });
});
