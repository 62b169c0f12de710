/**
 * The district cycle on the time-skipping server, with the real activities on the run's
 * PostgreSQL: tasks opened with their statutory deadlines, completions as Updates refused in the
 * wrong role, territory or shape, the reconciliation loop, reminders and the escalation ladder on
 * durable timers, and the projected miss raised before any deadline passes.
 *
 * The server's clock starts at the real present, so the period is the next one with room to run
 * (picked from today) and every expected moment comes from the calendar engine.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { cycleSchedule, DEFAULT_DEADLINE_SETTINGS } from '../../libs/calendar';
import {
  DEFAULT_ESCALATION_POLICY,
  districtStateQuery,
  escalationHandledSignal,
  type CompleteTaskRequest,
  type CycleActor,
} from '../../libs/contracts/cycle';
import { districtCycleWorkflow } from '../../workflows/district-cycle';
import { openTaskOf, stageDistrictFiles, refusal, useCycleHarness, completeRecorded } from '../support/cycle-harness';
import { CalendarStore } from '../../libs/db/calendar-store';
import { ensureCalendarYears, eventually } from '../support/fixtures';

const DISTRICT = { regionCode: '71', districtId: '7101' };
const registrar: CycleActor = { id: 'registrar-7101', role: 'AKIMAT_REGISTRAR', regionCode: '71', districtId: '7101' };
const commission: CycleActor = {
  id: 'commission-7101',
  role: 'DISTRICT_COMMISSION',
  regionCode: '71',
  districtId: '7101',
};
const h = useCycleHarness();

async function start(taskQueue: string) {
  return h.env.client.workflow.start(districtCycleWorkflow, {
    taskQueue,
    workflowId: `test-district-cycle-${randomUUID()}`,
    // The time-skipping server cannot register search attributes; the e2e test covers them.
    args: [{ period: h.period, ...DISTRICT, policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false }],
  });
}

type Handle = Awaited<ReturnType<typeof start>>;
const openTask = (handle: Handle, kind: string) => openTaskOf(() => handle.query(districtStateQuery), kind);
const submission = (extraVoters = 0) => stageDistrictFiles(h.prisma, DISTRICT.districtId, h.period, extraVoters);

describe('districtCycleWorkflow', () => {
  it('runs submission, reconciliation, send-back, corrections and a clean second round to ready', async () => {
    const result = await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const handle = await start(taskQueue);
      const { state, task } = await openTask(handle, 'SUBMIT_FILES');
      const expected = cycleSchedule(h.calendar, h.period, {}, DEFAULT_DEADLINE_SETTINGS);
      expect(state.stage).toBe('awaiting-submission');
      expect(task).toMatchObject({ assigneeRole: 'AKIMAT_REGISTRAR', dueAt: expected.steps[0].due.at, round: 0 });
      expect(await h.prisma.cycleTask.findUnique({ where: { id: task.id } })).toMatchObject({
        status: 'OPEN',
        kind: 'SUBMIT_FILES',
        districtId: '7101',
      });

      const submit = (req: Partial<CompleteTaskRequest>) =>
        completeRecorded(h.prisma, handle, {
          taskId: task.id,
          requestId: 'req-1',
          actor: registrar,
          outcome: { kind: 'SUBMIT_FILES', files: [] },
          ...req,
        });
      // Refused before reaching history: wrong role, wrong district, bad act, unknown task.
      expect(await refusal(submit({ actor: commission }))).toBe(
        "This task is for the akimat's registrar; the district commission cannot complete it",
      );
      expect(await refusal(submit({ actor: { ...registrar, districtId: '7102' } }))).toBe(
        'You act for district 7102; this task belongs to district 7101',
      );
      expect(await refusal(submit({}))).toBe('outcome.files must hold exactly one voters file (it holds 0)');
      expect(await refusal(submit({ taskId: randomUUID() }))).toMatch(/^No task .* is open in this cycle workflow$/);

      // The voter file lists one person the register does not know: a category 1 finding.
      const staged = await submission(1);
      expect(
        await refusal(submit({ outcome: { kind: 'SUBMIT_FILES', ...staged, submissionId: 'izbirateli.mdb' } })),
      ).toBe('outcome.submissionId must be the id of the staged submission (a lower-case UUID)');
      expect(await refusal(submit({ outcome: { kind: 'SUBMIT_FILES', files: [], transferActId: 'act 7101/1' } }))).toBe(
        'outcome.transferActId must be the id of a transfer act (a lower-case UUID)',
      );
      expect(await refusal(submit({ outcome: { kind: 'SUBMIT_FILES', ...staged, transferActId: randomUUID() } }))).toBe(
        'outcome.files must be left out when outcome.transferActId names the act (the act lists the files)',
      );
      const first = await submit({ outcome: { kind: 'SUBMIT_FILES', ...staged } });
      expect(first).toMatchObject({
        taskId: task.id,
        kind: 'SUBMIT_FILES',
        completedBy: 'registrar-7101',
        repeated: false,
      });
      // The same request again is answered as before; another request is refused.
      expect(await submit({ outcome: { kind: 'SUBMIT_FILES', ...staged } })).toEqual({ ...first, repeated: true });
      expect(await refusal(submit({ requestId: 'req-2', outcome: { kind: 'SUBMIT_FILES', ...staged } }))).toMatch(
        /^The task was already completed by registrar-7101 at /,
      );

      const review = await openTask(handle, 'REVIEW_DISCREPANCIES');
      expect(review.state.stage).toBe('commission-review');
      expect(review.state.lastReconciliation).toMatchObject({
        submissionId: staged.submissionId,
        discrepancies: [expect.objectContaining({ code: 'category-1-iin-not-in-register', actual: 1 })],
      });
      const finding = await h.prisma.reconciliationDiscrepancy.findFirstOrThrow({
        where: { runId: review.state.lastReconciliation!.runId as never },
      });
      expect(finding).toMatchObject({ category: 1, subcategory: 'iin-not-in-register', cod: staged.files[0].records });
      const received = cycleSchedule(
        h.calendar,
        h.period,
        { receivedAt: first.completedAt, reconciledAt: review.state.lastReconciliation!.reconciledAt },
        DEFAULT_DEADLINE_SETTINGS,
      );
      expect(review.task).toMatchObject({
        assigneeRole: 'DISTRICT_COMMISSION',
        round: 1,
        dueAt: received.steps[2].due.at,
      });

      await completeRecorded(h.prisma, handle, {
        taskId: review.task.id,
        requestId: 'req-3',
        actor: commission,
        outcome: { kind: 'REVIEW_DISCREPANCIES', decision: 'send-back' },
      });
      const corrections = await openTask(handle, 'SUBMIT_CORRECTIONS');
      expect(corrections.state.stage).toBe('awaiting-corrections');
      await completeRecorded(h.prisma, handle, {
        taskId: corrections.task.id,
        requestId: 'req-4',
        actor: registrar,
        outcome: { kind: 'SUBMIT_CORRECTIONS', ...(await submission()) },
      });
      return handle.result();
    });
    expect(result).toMatchObject({ districtId: '7101', rounds: 2, discrepancies: 0 });
    const runs = await h.prisma.cycleReconciliation.findMany({
      where: { districtId: '7101', period: h.period },
      orderBy: { round: 'asc' },
    });
    expect(runs.slice(-2).map((r) => [r.round, r.discrepancies])).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it('reminds before the deadline, escalates when it passes and climbs the ladder until the files come', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const handle = await start(taskQueue);
      const { task } = await openTask(handle, 'SUBMIT_FILES');
      const due = Date.parse(task.dueAt);
      const skipTo = h.skipTo;
      const escalation = () => h.prisma.escalation.findFirst({ where: { taskId: task.id } });
      // The timers fire when time is skipped; the activities they start finish a moment later.
      const escalatedTo = (level: string) =>
        eventually(`escalation at ${level}`, async () => (await escalation())?.level === level && escalation());
      const reminded = () =>
        h.prisma.cycleTask.findUnique({ where: { id: task.id } }).then((t) => t?.remindedAt ?? null);

      await skipTo(due - 25 * 3_600_000);
      expect(await reminded()).toBeNull();
      await skipTo(due - 23 * 3_600_000);
      await eventually('the reminder', reminded);
      expect(await escalation()).toBeNull();

      await skipTo(due + 60_000);
      expect(await escalatedTo('AKIMAT_REGISTRAR')).toMatchObject({
        reason: 'DEADLINE_PASSED',
        step: 'submission',
        resolvedAt: null,
      });
      await skipTo(due + 4 * 3_600_000 + 60_000);
      await escalatedTo('DISTRICT_COMMISSION');
      await skipTo(due + 24 * 3_600_000 + 60_000);
      await escalatedTo('REGIONAL_COMMISSION');
      await skipTo(due + 48 * 3_600_000 + 60_000);
      await escalatedTo('CEC_COORDINATOR');
      // Each reminder and rung reached the inbox of the role it concerns, once.
      const inbox = await h.prisma.officialNotification.findMany({
        where: { taskId: task.id },
        orderBy: { createdAt: 'asc' },
      });
      expect(inbox.map((n) => [n.kind, n.recipientRole])).toEqual([
        ['REMINDER', 'AKIMAT_REGISTRAR'],
        ['ESCALATION_RAISED', 'AKIMAT_REGISTRAR'],
        ['ESCALATION_CLIMBED', 'DISTRICT_COMMISSION'],
        ['ESCALATION_CLIMBED', 'REGIONAL_COMMISSION'],
        ['ESCALATION_CLIMBED', 'CEC_COORDINATOR'],
      ]);
      expect(inbox[0].summary).toMatch(
        /^Reminder: submit the voter file, station list and boundaries for district 7101, period \d{4}-0[17], is due /,
      );
      expect(inbox[4].summary).toMatch(
        /^Escalated to you: the submission deadline of district 7101, .* passed at .* and the step is not done$/,
      );

      const state = await handle.query(districtStateQuery);
      expect(state.atRisk).toBe(true);
      expect(state.schedule!.steps[0].state).toBe('overdue');

      await completeRecorded(h.prisma, handle, {
        taskId: task.id,
        requestId: 'late',
        actor: registrar,
        outcome: { kind: 'SUBMIT_FILES', ...(await submission()) },
      });
      expect(await handle.result()).toMatchObject({ rounds: 1, discrepancies: 0 });
      expect((await escalation())?.resolvedAt).not.toBeNull();
      // Late, but done: the step is met late, and nothing is left open.
      expect(await h.prisma.escalation.count({ where: { workflowId: handle.workflowId, resolvedAt: null } })).toBe(0);
    });
  });

  it('stops climbing the ladder once an official acknowledges the escalation, and keeps an official resolution', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const handle = await start(taskQueue);
      const { task } = await openTask(handle, 'SUBMIT_FILES');
      const due = Date.parse(task.dueAt);
      const escalation = () => h.prisma.escalation.findFirstOrThrow({ where: { taskId: task.id } });
      await h.skipTo(due + 60_000);
      const raised = await eventually('the escalation', () =>
        h.prisma.escalation.findFirst({ where: { taskId: task.id } }),
      );
      await h.skipTo(due + 4 * 3_600_000 + 60_000);
      await eventually(
        'the district commission reached',
        async () => (await escalation()).level === 'DISTRICT_COMMISSION',
      );

      // What POST /v1/escalations/:id/acknowledge does: the record first, then the signal.
      const ackAt = new Date(await h.env.currentTimeMs()).toISOString();
      await h.prisma.escalation.update({
        where: { id: raised.id },
        data: { acknowledgedBy: 'regional-71', acknowledgedAt: new Date(ackAt), version: { increment: 1 } },
      });
      await handle.signal(escalationHandledSignal, { escalationId: raised.id, action: 'acknowledged', at: ackAt });
      await h.skipTo(due + 48 * 3_600_000 + 60_000);
      const state = await handle.query(districtStateQuery);
      const view = state.escalations.find((e) => e.id === raised.id)!;
      expect(view).toMatchObject({ level: 'DISTRICT_COMMISSION', acknowledgedAt: ackAt, resolvedAt: null });
      expect(await escalation()).toMatchObject({ level: 'DISTRICT_COMMISSION', acknowledgedBy: 'regional-71' });
      expect(
        await h.prisma.officialNotification.count({ where: { escalationId: raised.id, kind: 'ESCALATION_CLIMBED' } }),
      ).toBe(1);

      // Resolved by the official: the workflow keeps that resolution when the files come.
      const resolvedAt = new Date(await h.env.currentTimeMs()).toISOString();
      await h.prisma.escalation.update({
        where: { id: raised.id },
        data: {
          resolvedAt: new Date(resolvedAt),
          resolvedBy: 'regional-71',
          resolutionNote: 'files promised',
          version: { increment: 1 },
        },
      });
      await handle.signal(escalationHandledSignal, { escalationId: raised.id, action: 'resolved', at: resolvedAt });
      // The workflow reads the record before it takes the signal (issue 24): a moment later.
      await eventually(
        "the official's resolution",
        async () =>
          (await handle.query(districtStateQuery)).escalations.find((e) => e.id === raised.id)?.resolvedBy ===
          'official',
      );
      expect((await handle.query(districtStateQuery)).escalations.find((e) => e.id === raised.id)).toMatchObject({
        resolvedAt,
        resolvedBy: 'official',
      });
      await completeRecorded(h.prisma, handle, {
        taskId: task.id,
        requestId: 'late',
        actor: registrar,
        outcome: { kind: 'SUBMIT_FILES', ...(await submission()) },
      });
      await handle.result();
      expect(await escalation()).toMatchObject({ resolvedAt: new Date(resolvedAt), resolvedBy: 'regional-71' });
    });
  });

  it('raises a projected miss as soon as the chain cannot reach the CEC in time', async () => {
    // A regional margin of five working days makes any period's chain miss 15 January / 15 July.
    const tight = { ...DEFAULT_DEADLINE_SETTINGS, regionalMarginWorkingDays: 5 };
    await h.withWorker(tight, async (taskQueue) => {
      const handle = await start(taskQueue);
      await openTask(handle, 'SUBMIT_FILES');
      const state = await handle.query(districtStateQuery);
      expect(state.schedule!.projection.fits).toBe(false);
      expect(state.atRisk).toBe(true);
      expect(state.escalations).toEqual([
        expect.objectContaining({ reason: 'PROJECTED_MISS', level: 'REGIONAL_COMMISSION', resolvedAt: null }),
      ]);
      const record = await h.prisma.escalation.findUnique({ where: { id: state.escalations[0].id } });
      expect(record).toMatchObject({
        reason: 'PROJECTED_MISS',
        missesByWorkingDays: state.schedule!.projection.missesByWorkingDays,
        districtId: '7101',
      });
      await handle.terminate('test over');
    });
  });

  it('closes its open tasks and escalations when the period is called off (cancelled)', async () => {
    const tight = { ...DEFAULT_DEADLINE_SETTINGS, regionalMarginWorkingDays: 5 };
    await h.withWorker(tight, async (taskQueue) => {
      const handle = await start(taskQueue);
      const { task } = await openTask(handle, 'SUBMIT_FILES');
      const state = await handle.query(districtStateQuery);
      expect(state.escalations).toHaveLength(1); // the projected miss
      await handle.cancel();
      await expect(handle.result()).rejects.toThrow(WorkflowFailedError);
      expect(await h.prisma.cycleTask.findUnique({ where: { id: task.id } })).toMatchObject({ status: 'CANCELLED' });
      expect(await h.prisma.escalation.findUnique({ where: { id: state.escalations[0].id } })).toMatchObject({
        resolvedAt: expect.any(Date),
      });
    });
  });

  it("runs a period whose own years do not include today (started early): today's year is loaded too", async () => {
    const now = await h.env.currentTimeMs();
    const year = new Date(now).getUTCFullYear() + 1;
    const period = `${year}-07`;
    await ensureCalendarYears(h.prisma, [year - 1, year]);
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const handle = await h.env.client.workflow.start(districtCycleWorkflow, {
        taskQueue,
        workflowId: `test-district-cycle-${randomUUID()}`,
        args: [{ period, ...DISTRICT, policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false }],
      });
      const state = await eventually('the first task open', async () => {
        const s = await handle.query(districtStateQuery);
        return s.tasks.length ? s : null;
      });
      expect(state.schedule?.period.id).toBe(period);
      expect(state.stage).toBe('awaiting-submission');
      await handle.terminate('test over');
    });
  });
});

describe('a cycle started more than a year ahead', () => {
  it('loads every year between today and its period: started on 31 December after hours, it counts from 2 January', async () => {
    // After the working day on 31 December the next working day is in the coming year, which is
    // neither today's nor, for a period two years ahead, the period's: before, only those two were
    // loaded, and the workflow's first schedule failed on the year between.
    const year = new Date(await h.env.currentTimeMs()).getUTCFullYear();
    await h.skipTo(Date.parse(`${year}-12-31T13:30:00Z`)); // 18:30 in Almaty
    const period = `${year + 2}-07`;
    await ensureCalendarYears(h.prisma, [year, year + 1, year + 2]);
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const handle = await h.env.client.workflow.start(districtCycleWorkflow, {
        taskQueue,
        workflowId: `test-district-cycle-far-${randomUUID()}`,
        args: [{ period, ...DISTRICT, policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false }],
      });
      const { state, task } = await openTaskOf(() => handle.query(districtStateQuery), 'SUBMIT_FILES');
      expect(state.stage).toBe('awaiting-submission');
      const calendar = await new CalendarStore(h.prisma).calendar();
      expect(task.dueAt).toBe(cycleSchedule(calendar, period, {}, DEFAULT_DEADLINE_SETTINGS).steps[0].due.at);
      await handle.cancel();
    });
  });

  it('opens as before when the years between are not on record: only those a schedule reaches are needed', async () => {
    // An admin loaded the period's year only (the console's far-period start does): the years
    // between are taken when on record and left out when not.
    const year = new Date(await h.env.currentTimeMs()).getUTCFullYear();
    const period = `${year + 25}-07`;
    await ensureCalendarYears(h.prisma, [year, year + 25]);
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const handle = await h.env.client.workflow.start(districtCycleWorkflow, {
        taskQueue,
        workflowId: `test-district-cycle-far-${randomUUID()}`,
        args: [{ period, ...DISTRICT, policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false }],
      });
      const { task } = await openTaskOf(() => handle.query(districtStateQuery), 'SUBMIT_FILES');
      const calendar = await new CalendarStore(h.prisma).calendar();
      expect(task.dueAt).toBe(cycleSchedule(calendar, period, {}, DEFAULT_DEADLINE_SETTINGS).steps[0].due.at);
      await handle.cancel();
    });
  });
});
