/**
 * The cycle over HTTP against a Temporal dev server with the Tizim search attributes registered:
 * the API starts a period, finds the district workflows by stage through visibility, reads a
 * district's live state, completes its task (refused, then accepted, then repeated), and the
 * worker's Schedules for 1 January and 1 July are created and brought up to date.
 */
import { randomUUID } from 'node:crypto';
import { CYCLE_SCHEDULE_IDS, ensureCycleSchedules } from '../../apps/worker/src/cycle-schedules';
import { calendarYearsFor, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { nationalCycleWorkflowId } from '../../libs/contracts/cycle';
import { stageDistrictFiles } from '../support/cycle-harness';
import { ensureCalendarYears, eventually, OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

// The next period with room to run, by today's date; its calendar years derived if not shipped.
const period = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
const stack = useLocalStack({
  beforeStart: (s) => ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period))),
  beforeStop: async (s) =>
    s.env.client.workflow
      .getHandle(nationalCycleWorkflowId(period))
      .terminate('test over')
      .then(() => undefined),
});
const { call } = stack;

describe('the cycle over HTTP', () => {
  it('starts a period once, then a district completes its submission through the API', async () => {
    const started = await call('POST', '/v1/cycles', { period });
    expect(started).toMatchObject({ status: 201, body: { period, workflowId: `cycle-${period}`, started: true } });
    expect(await call('POST', '/v1/cycles', { period })).toMatchObject({ status: 200, body: { started: false } });
    expect((await call('POST', '/v1/cycles', { period: '2027-03' })).body.errors).toEqual([
      {
        field: 'period',
        message: 'period must be YYYY-01 (the January cycle) or YYYY-07 (the July cycle)',
        constraint: 'matches',
      },
    ]);

    // Visibility: the district workflows are found by their search attributes.
    const listed = await eventually(
      'the district workflow in visibility',
      async () => {
        const res = await call(
          'GET',
          `/v1/cycles/workflows?period=${period}&districtId=7101&stage=awaiting-submission`,
        );
        return res.body.length === 1 && res.body;
      },
      60_000,
    );
    expect(listed[0]).toMatchObject({
      type: 'districtCycleWorkflow',
      period,
      regionCode: '71',
      districtId: '7101',
      stage: 'awaiting-submission',
      status: 'RUNNING',
    });

    const state = await eventually(
      'the district task',
      async () => {
        const res = await call('GET', `/v1/cycles/${period}/districts/7101`);
        return res.status === 200 && res.body.tasks.length === 1 && res.body;
      },
      60_000,
    );
    expect(state).toMatchObject({
      stage: 'awaiting-submission',
      regionCode: '71',
      tasks: [{ kind: 'SUBMIT_FILES', status: 'OPEN', assigneeRole: 'AKIMAT_REGISTRAR' }],
    });
    expect(state.schedule.period.id).toBe(period);
    const taskId: string = state.tasks[0].id;

    const open = await call('GET', `/v1/tasks?status=OPEN&period=${period}&districtId=7101`);
    // The run's database is shared with the workflow tests, whose terminated workflows leave tasks too.
    expect(open.body.items.map((t: { id: string }) => t.id)).toContain(taskId);
    expect(
      open.body.items.every(
        (t: { status: string; districtId: string; period: string }) =>
          t.status === 'OPEN' && t.districtId === '7101' && t.period === period,
      ),
    ).toBe(true);

    const refused = await call('POST', `/v1/tasks/${taskId}/complete`, { outcome: { files: [] } });
    expect(refused).toMatchObject({
      status: 409,
      body: { detail: 'outcome.files must hold exactly one voters file (it holds 0)' },
    });

    const headers = { ...OPERATOR_HEADERS, 'X-Request-Id': randomUUID() };
    const outcome = await stageDistrictFiles(stack.prisma, '7101', period);
    const done = await call('POST', `/v1/tasks/${taskId}/complete`, { outcome, comment: 'act No. 17' }, headers);
    expect(done).toMatchObject({
      status: 200,
      body: { taskId, kind: 'SUBMIT_FILES', completedBy: 'operator', repeated: false },
    });
    const again = await call('POST', `/v1/tasks/${taskId}/complete`, { outcome, comment: 'act No. 17' }, headers);
    expect(again.body).toEqual({ ...done.body, repeated: true });

    // The files match the register: one clean round, and the district is ready for its region.
    await eventually(
      'the district ready',
      async () => (await call('GET', `/v1/cycles/${period}/districts/7101`)).body.stage === 'ready',
      60_000,
    );
    await eventually(
      'ready in visibility',
      async () =>
        (await call('GET', `/v1/cycles/workflows?period=${period}&districtId=7101&stage=ready`)).body.length === 1,
      60_000,
    );
    expect(await stack.prisma.auditEvent.count({ where: { action: 'cycle-task.complete', subjectId: taskId } })).toBe(
      3,
    );
    expect((await call('GET', `/v1/cycles/${period}/districts/9999`)).status).toBe(404);
  });

  it('creates the Schedules ahead of 1 January and 1 July, and updates them to the settings', async () => {
    expect(await ensureCycleSchedules(stack.env.client, stack.config)).toEqual([
      { scheduleId: CYCLE_SCHEDULE_IDS.january, action: 'created' },
      { scheduleId: CYCLE_SCHEDULE_IDS.july, action: 'created' },
    ]);
    const later = { ...stack.config, cycle: { ...stack.config.cycle, startLeadDays: 10 } };
    expect((await ensureCycleSchedules(stack.env.client, later)).map((s) => s.action)).toEqual(['updated', 'updated']);
    const january = await stack.env.client.schedule.getHandle(CYCLE_SCHEDULE_IDS.january).describe();
    expect(january.spec.timezone).toBe('Asia/Almaty');
    expect(january.spec.calendars?.[0]).toMatchObject({
      month: [{ start: 'DECEMBER', end: 'DECEMBER', step: 1 }],
      dayOfMonth: [{ start: 22, end: 22, step: 1 }],
    });
    expect(january.action).toMatchObject({ type: 'startWorkflow', workflowType: 'cycleStarterWorkflow' });
  });

  it("lists an official's inbox by role and territory and marks a notification read once", async () => {
    const id = randomUUID();
    await stack.prisma.officialNotification.create({
      data: {
        id,
        dedupeKey: `e2e-${id}`,
        kind: 'REMINDER',
        recipientRole: 'AKIMAT_REGISTRAR',
        period,
        regionCode: '75',
        districtId: '7502',
        step: 'SUBMIT_FILES',
        dueAt: new Date(),
        summary: 'Reminder: test',
        createdAt: new Date(),
      },
    });
    const inbox = await call('GET', `/v1/notifications?role=AKIMAT_REGISTRAR&districtId=7502&unread=true`);
    expect(inbox.body.map((n: { id: string }) => n.id)).toContain(id);
    expect(
      (await call('GET', `/v1/notifications?role=CEC_COORDINATOR&districtId=7502`)).body.map(
        (n: { id: string }) => n.id,
      ),
    ).not.toContain(id);
    expect((await call('POST', `/v1/notifications/${id}/read`)).body).toMatchObject({
      id,
      readBy: 'operator',
      alreadyRead: false,
    });
    expect((await call('POST', `/v1/notifications/${id}/read`)).body).toMatchObject({ alreadyRead: true });
    expect(
      (await call('GET', `/v1/notifications?role=AKIMAT_REGISTRAR&districtId=7502&unread=true`)).body.map(
        (n: { id: string }) => n.id,
      ),
    ).not.toContain(id);
    expect((await call('GET', '/v1/notifications?role=MAYOR')).body.errors[0].field).toBe('role');
  });
});
