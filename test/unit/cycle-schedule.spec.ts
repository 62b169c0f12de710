import {
  CalendarYearMissingError,
  CycleInputError,
  cycleSchedule,
  DEFAULT_DEADLINE_SETTINGS,
  stepDeadlineAfter,
  WorkingCalendar,
  type CycleSchedule,
  type CycleStep,
} from '../../libs/calendar';
import { SHIPPED_CALENDAR_YEARS } from '../../libs/calendar/shipped';

const calendar = new WorkingCalendar(SHIPPED_CALENDAR_YEARS);
const S = DEFAULT_DEADLINE_SETTINGS;

const days = (s: CycleSchedule, view: 'due' | 'latestSafe') =>
  Object.fromEntries(s.steps.map((x) => [x.step, x[view].day])) as Record<CycleStep, string>;
const states = (s: CycleSchedule) =>
  Object.fromEntries(s.steps.map((x) => [x.step, x.state])) as Record<CycleStep, string>;

describe('the cycle schedule', () => {
  it('January 2027: a submission on the statutory day cannot reach the CEC by 15 January', () => {
    // 1 January 2027 is a holiday, so the submission is due on Thursday 31 December 2026.
    // 3 working days skip 1-4 and 7 January: reconciliation by 8 January, the reply by 11 January,
    // corrections by 18 January, three days after the CEC's Friday 15 January (DOMAIN.md §2 note).
    const s = cycleSchedule(
      calendar,
      '2027-01',
      { receivedAt: '2026-12-31T17:00:00+05:00' },
      S,
      '2026-12-31T17:00:00+05:00',
    );
    expect(days(s, 'due')).toEqual({
      submission: '2026-12-31',
      reconciliation: '2027-01-08',
      reply: '2027-01-11',
      correction: '2027-01-18',
      cecSubmission: '2027-01-15',
    });
    expect(days(s, 'latestSafe')).toEqual({
      submission: '2026-12-30',
      reconciliation: '2027-01-06',
      reply: '2027-01-08',
      correction: '2027-01-15',
      cecSubmission: '2027-01-15',
    });
    expect(s.steps[0]).toMatchObject({
      nominalDate: '2027-01-01',
      completedAt: '2026-12-31T12:00:00.000Z',
      state: 'met',
      slackWorkingDays: -1,
    });
    expect(s.projection).toMatchObject({
      currentStep: 'reconciliation',
      fits: false,
      slackWorkingDays: -1,
      missesByWorkingDays: 1,
    });
    expect(states(s)).toEqual({
      submission: 'met',
      reconciliation: 'at-risk',
      reply: 'at-risk',
      correction: 'at-risk',
      cecSubmission: 'at-risk',
    });
    expect(s.steps[4].due.atLocal).toBe('2027-01-15T18:00:00+05:00');
  });

  it('January 2026: the same collision, seen from 31 December 2025', () => {
    const s = cycleSchedule(calendar, '2026-01', { receivedAt: '2025-12-31T11:00:00+05:00' }, S);
    expect(days(s, 'due')).toMatchObject({
      reconciliation: '2026-01-08',
      reply: '2026-01-09',
      correction: '2026-01-16',
      cecSubmission: '2026-01-15',
    });
    expect(s.projection.missesByWorkingDays).toBe(1);
  });

  it('July 2026 fits exactly when every step takes its full time', () => {
    // Received Wednesday 1 July; Monday 6 July is Capital Day.
    const s = cycleSchedule(
      calendar,
      '2026-07',
      { receivedAt: '2026-07-01T10:00:00+05:00' },
      S,
      '2026-07-01T10:00:00+05:00',
    );
    expect(days(s, 'due')).toEqual({
      submission: '2026-07-01',
      reconciliation: '2026-07-07',
      reply: '2026-07-08',
      correction: '2026-07-15',
      cecSubmission: '2026-07-15',
    });
    expect(days(s, 'latestSafe')).toEqual(days(s, 'due'));
    expect(s.projection).toMatchObject({ fits: true, slackWorkingDays: 0, missesByWorkingDays: 0 });
    expect(states(s)).toEqual({
      submission: 'met',
      reconciliation: 'due',
      reply: 'upcoming',
      correction: 'upcoming',
      cecSubmission: 'upcoming',
    });
  });

  it('a regional margin of one working day makes July 2026 miss by one', () => {
    const s = cycleSchedule(
      calendar,
      '2026-07',
      { receivedAt: '2026-07-01T10:00:00+05:00' },
      { ...S, regionalMarginWorkingDays: 1 },
      '2026-07-01T10:00:00+05:00',
    );
    expect(s.steps.find((x) => x.step === 'correction')!.latestSafe.day).toBe('2026-07-14');
    expect(s.projection).toMatchObject({ fits: false, missesByWorkingDays: 1 });
  });

  it('counts forward from the actual events: an early reconciliation gains a day', () => {
    const s = cycleSchedule(
      calendar,
      '2026-07',
      { receivedAt: '2026-07-01T10:00:00+05:00', reconciledAt: '2026-07-03T12:00:00+05:00' },
      S,
      '2026-07-03T12:00:00+05:00',
    );
    expect(days(s, 'due')).toMatchObject({ reply: '2026-07-07', correction: '2026-07-14' });
    expect(s.projection).toMatchObject({ currentStep: 'reply', fits: true, slackWorkingDays: 1 });
  });

  it('an overdue step pushes the rest of the chain from today', () => {
    // Reconciliation was due 7 July and is still open on Thursday 9 July.
    const s = cycleSchedule(
      calendar,
      '2026-07',
      { receivedAt: '2026-07-01T10:00:00+05:00' },
      S,
      '2026-07-09T12:00:00+05:00',
    );
    expect(states(s)).toEqual({
      submission: 'met',
      reconciliation: 'overdue',
      reply: 'at-risk',
      correction: 'at-risk',
      cecSubmission: 'at-risk',
    });
    expect(s.steps[1].projected!.day).toBe('2026-07-09');
    expect(s.projection).toMatchObject({ fits: false, missesByWorkingDays: 2 });
    expect(s.projection.cecSubmission.day).toBe('2026-07-17');
  });

  it('a missing submission is overdue once its day has ended', () => {
    const s = cycleSchedule(calendar, '2026-07', {}, S, '2026-07-01T18:00:01+05:00');
    expect(s.projection.currentStep).toBe('submission');
    expect(s.steps[0].state).toBe('overdue');
    expect(s.steps[0].projected!.day).toBe('2026-07-02');
    expect(s.projection).toMatchObject({ fits: false, missesByWorkingDays: 1 });
    // At 18:00:00 it is still due, on time, with nothing to spare.
    const before = cycleSchedule(calendar, '2026-07', {}, S, '2026-07-01T18:00:00+05:00');
    expect(before.steps[0].state).toBe('due');
    expect(before.projection.fits).toBe(true);
  });

  it('a completed cycle reports each step met or met late', () => {
    const s = cycleSchedule(
      calendar,
      '2026-07',
      {
        receivedAt: '2026-06-30T09:00:00+05:00',
        reconciledAt: '2026-07-03T16:00:00+05:00',
        repliedAt: '2026-07-08T10:00:00+05:00', // due 7 July (the day after 3 July, skipping 6 July)
        correctedAt: '2026-07-14T10:00:00+05:00',
        submittedToCecAt: '2026-07-15T11:00:00+05:00',
      },
      S,
      '2026-07-20T09:00:00+05:00',
    );
    expect(states(s)).toEqual({
      submission: 'met',
      reconciliation: 'met',
      reply: 'met-late',
      correction: 'met',
      cecSubmission: 'met',
    });
    expect(s.projection).toMatchObject({ currentStep: null, fits: true, slackWorkingDays: 0, missesByWorkingDays: 0 });
  });

  it('a CEC submission after the deadline is a miss', () => {
    const s = cycleSchedule(
      calendar,
      '2026-07',
      {
        receivedAt: '2026-07-01T09:00:00+05:00',
        reconciledAt: '2026-07-02T09:00:00+05:00',
        repliedAt: '2026-07-03T09:00:00+05:00',
        correctedAt: '2026-07-10T09:00:00+05:00',
        submittedToCecAt: '2026-07-16T09:00:00+05:00',
      },
      S,
    );
    expect(s.steps[4].state).toBe('met-late');
    expect(s.projection).toMatchObject({ fits: false, missesByWorkingDays: 1 });
  });

  it("follows the 'working-day-after' policy when chosen", () => {
    const s = cycleSchedule(calendar, '2027-01', {}, { ...S, fixedDatePolicy: 'working-day-after' });
    // 1 January → Tuesday 5 January; then 6, 8 and 11 January (7 January is Christmas).
    expect(days(s, 'due')).toMatchObject({
      submission: '2027-01-05',
      reconciliation: '2027-01-11',
      cecSubmission: '2027-01-15',
    });
    expect(s.projection.missesByWorkingDays).toBe(2);
  });

  it('refuses bad input with the field named', () => {
    expect(() => cycleSchedule(calendar, '2027-03', {}, S)).toThrow(CycleInputError);
    expect(() => cycleSchedule(calendar, '2027-03', {}, S)).toThrow(/period: "2027-03" is not a period/);
    expect(() => cycleSchedule(calendar, '2026-07', { repliedAt: '2026-07-03T09:00:00+05:00' }, S)).toThrow(
      /repliedAt: is given but receivedAt is not/,
    );
    expect(() =>
      cycleSchedule(
        calendar,
        '2026-07',
        { receivedAt: '2026-07-03T09:00:00+05:00', reconciledAt: '2026-07-02T09:00:00+05:00' },
        S,
      ),
    ).toThrow(/reconciledAt: .* is before receivedAt/);
    expect(() => cycleSchedule(calendar, '2026-07', { receivedAt: 'yesterday' }, S)).toThrow(
      /receivedAt: "yesterday" is not a moment in time/,
    );
  });

  it('refuses a period whose calendar years are missing', () => {
    expect(() => cycleSchedule(calendar, '2028-07', {}, S)).toThrow(CalendarYearMissingError);
    // January 2024 needs December 2023 for its 1 January deadline.
    expect(() => cycleSchedule(calendar, '2024-01', {}, S)).toThrow(/no data for 2023/);
  });

  it("gives one step's deadline from its event, for workflows that wait on it", () => {
    expect(stepDeadlineAfter(calendar, 'reconciliation', '2026-12-31T17:00:00+05:00', S).day).toBe('2027-01-08');
    expect(stepDeadlineAfter(calendar, 'reply', '2027-01-08T17:00:00+05:00', S).day).toBe('2027-01-11');
    expect(stepDeadlineAfter(calendar, 'correction', '2027-01-11T19:00:00+05:00', S).day).toBe('2027-01-19');
  });
});
