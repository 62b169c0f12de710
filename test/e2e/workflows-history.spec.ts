/**
 * Admins' view of the cycle's workflows over HTTP, against a Temporal dev server: a period is
 * started, a district completes its submission, then the workflows are listed through visibility
 * (paged with Temporal's page token), the district's history is read in plain words (the task with
 * its deadline, completed late, the escalation, the reconciliation round) and exported raw
 * (sealed payloads, audited).
 *
 * The period is the one under way now, whose deadlines have passed: its task opens overdue, is
 * escalated up the ladder at once and is completed late. It is this suite's alone (cycle.spec.ts
 * takes the next one; suites share one database per run). A far period such as 2041-01 cannot
 * run yet: the district workflow loads only its period's calendar years and its projection
 * starts from today, outside them (CalendarYearMissingError).
 */
import { randomUUID } from 'node:crypto';
import { CalendarStore } from '../../libs/db/calendar-store';
import {
  calendarYearsFor,
  effectiveWorkingDay,
  localDateTimeOf,
  parsePeriod,
  periodStartingAfter,
} from '../../libs/calendar';
import { ENCRYPTED_ENCODING } from '../../libs/temporal/codec';
import { districtCycleWorkflowId, nationalCycleWorkflowId } from '../../libs/contracts/cycle';
import { stageDistrictFiles } from '../support/cycle-harness';
import { ensureCalendarYears, eventually, OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const period = periodStartingAfter(Date.now() - 182 * 86_400_000).id;
const stack = useLocalStack({
  config: { TEMPORAL_UI_URL: 'http://temporal-ui.test:8233/' },
  beforeStart: (s) => ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period))),
  beforeStop: async (s) =>
    s.env.client.workflow
      .getHandle(nationalCycleWorkflowId(period))
      .terminate('test over')
      .then(() => undefined),
});
const { call } = stack;
const districtWorkflow = districtCycleWorkflowId(period, '7101');

type Entry = { kind: string; summary: string; details?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("the cycle's workflows for admins", () => {
  let taskId: string;
  let requestId: string;

  beforeAll(async () => {
    expect((await call('POST', '/v1/cycles', { period })).status).toBe(201);
    const state = await eventually(
      'the district task escalated to the top',
      async () => {
        const res = await call('GET', `/v1/cycles/${period}/districts/7101`);
        // Overdue from the start: wait until the ladder has reached its top rung before completing.
        const top = res.body?.escalations?.some(
          (e: { reason: string; level: string }) => e.reason === 'DEADLINE_PASSED' && e.level === 'CEC_COORDINATOR',
        );
        return res.status === 200 && res.body.tasks.length === 1 && top && res.body;
      },
      // The ladder climbs rung by rung through the worker; a CI run with other work on the machine
      // took longer than a minute.
      150_000,
    );
    taskId = state.tasks[0].id;
    requestId = randomUUID();
    const outcome = await stageDistrictFiles(stack.prisma, '7101', period);
    const done = await call(
      'POST',
      `/v1/tasks/${taskId}/complete`,
      { outcome, comment: 'Ivanov brought the act' },
      { ...OPERATOR_HEADERS, 'X-Request-Id': requestId },
    );
    expect(done.status).toBe(200);
    await eventually(
      'the district ready',
      async () => (await call('GET', `/v1/cycles/${period}/districts/7101`)).body.stage === 'ready',
      60_000,
    );
  }, 300_000);

  it('lists them by period, territory, type, stage and status, paged with the page token', async () => {
    const listed = await eventually(
      'the ready district in visibility',
      async () => {
        const res = await call(
          'GET',
          `/v1/workflows?period=${period}&districtId=7101&type=district&stage=ready&status=completed`,
        );
        return res.status === 200 && res.body.items.length === 1 && res.body;
      },
      60_000,
    );
    expect(listed.items[0]).toMatchObject({
      workflowId: districtWorkflow,
      type: 'districtCycleWorkflow',
      status: 'COMPLETED',
      period,
      regionCode: '71',
      districtId: '7101',
      stage: 'ready',
      history: `/v1/workflows/${districtWorkflow}/history`,
      webUi: `http://temporal-ui.test:8233/namespaces/default/workflows/${districtWorkflow}/${listed.items[0].runId}/history`,
    });
    expect(listed.nextPageToken).toBeNull();

    // Every district of the period, two at a time: pages do not overlap and end with a null token.
    const all = await eventually(
      'the districts in visibility',
      async () => {
        // Every one: the run's other suites' districts take the list past the default page of 50.
        const res = await call('GET', `/v1/workflows?period=${period}&type=district&limit=500`);
        return res.body.items.length >= 3 && res.body.items;
      },
      60_000,
    );
    const seen: string[] = [];
    let token: string | null = null;
    do {
      const page: { body: { items: { workflowId: string }[]; nextPageToken: string | null } } = await call(
        'GET',
        `/v1/workflows?period=${period}&type=district&limit=2${token ? `&pageToken=${token}` : ''}`,
      );
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((w) => w.workflowId));
      token = page.body.nextPageToken;
    } while (token);
    // Other suites share the run's Temporal and database and may start districts of this period
    // meanwhile: the pages hold each workflow once, every one listed before them, and none that
    // the list after them lacks.
    const ids = (items: { workflowId: string }[]) => items.map((w) => w.workflowId);
    const after = ids((await call('GET', `/v1/workflows?period=${period}&type=district&limit=500`)).body.items);
    expect(new Set(seen).size).toBe(seen.length);
    expect(ids(all).filter((id) => !seen.includes(id))).toEqual([]);
    expect(seen.filter((id) => !after.includes(id))).toEqual([]);

    expect(
      (await call('GET', `/v1/workflows?period=${period}&type=national`)).body.items.map(
        (w: { workflowId: string }) => w.workflowId,
      ),
    ).toEqual([`cycle-${period}`]);
    const bad = await call('GET', '/v1/workflows?type=registration&status=sleeping&period=2041-02&pageToken=a%27b');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'pageToken',
      'period',
      'status',
      'type',
    ]);
    // A token not made by this API (here: a real one with its first character changed) is refused at once.
    const first = await call('GET', `/v1/workflows?period=${period}&type=district&limit=1`);
    const forged = `${first.body.nextPageToken.startsWith('e') ? 'f' : 'e'}${first.body.nextPageToken.slice(1)}`;
    expect(await call('GET', `/v1/workflows?period=${period}&type=district&limit=1&pageToken=${forged}`)).toMatchObject(
      {
        status: 400,
        body: {
          code: 'workflow.page-token',
          detail: 'pageToken is not a page token of this list; start again without it',
        },
      },
    );
  });

  it("reads a district's history in plain words: the task, its deadline, late, the escalation, the round", async () => {
    const res = await call('GET', `/v1/workflows/${districtWorkflow}/history`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      workflowId: districtWorkflow,
      type: 'districtCycleWorkflow',
      period,
      districtId: '7101',
      raw: expect.stringContaining('/history/raw?runId='),
    });
    expect(res.body.webUi).toBe(
      `http://temporal-ui.test:8233/namespaces/default/workflows/${districtWorkflow}/${res.body.runId}/history`,
    );
    const events: Entry[] = res.body.events;
    const kinds = events.map((e) => e.kind);
    expect(kinds[0]).toBe('workflow-started');
    expect(events[0].summary).toBe(
      `Workflow districtCycleWorkflow for period ${period}, region 71, district 7101 started by its parent workflow cycle-${period}-region-71`,
    );
    expect(kinds[kinds.length - 1]).toBe('workflow-completed');
    expect(kinds).toEqual(
      expect.arrayContaining([
        'calendar-loaded',
        'task-opened',
        'escalation-raised',
        'escalation-climbed',
        'escalation-resolved',
        'task-completed',
        'reconciliation',
        'stage-changed',
      ]),
    );
    expect(kinds.indexOf('task-opened')).toBeLessThan(kinds.indexOf('task-completed'));
    expect(kinds.indexOf('task-completed')).toBeLessThan(kinds.indexOf('reconciliation'));

    const opened = events.find((e) => e.kind === 'task-opened')!;
    expect(opened.details).toMatchObject({ taskId, kind: 'SUBMIT_FILES', assigneeRole: 'AKIMAT_REGISTRAR', round: 0 });
    expect(opened.summary).toBe(
      `Task SUBMIT_FILES opened for the akimat's registrar, due ${opened.details!.dueAtLocal}`,
    );
    expect(opened.details!.dueAtLocal).toMatch(/T18:00:00\+05:00$/);

    // Opened after its deadline had passed: escalated to the registrar, then up every rung at once.
    const raised = events.find((e) => e.kind === 'escalation-raised' && e.details!.reason === 'DEADLINE_PASSED')!;
    expect(
      events.find((e) => e.kind === 'escalation-raised' && e.details!.reason === 'PROJECTED_MISS')!.summary,
    ).toMatch(
      /^Escalation raised to the regional commission: the cycle is projected to miss the CEC deadline \S+ by \d+ working days?$/,
    );
    expect(raised.summary).toBe(
      `Escalation raised to the akimat's registrar: task SUBMIT_FILES missed its deadline ${opened.details!.dueAtLocal}`,
    );
    expect(events.filter((e) => e.kind === 'escalation-climbed').map((e) => e.details!.level)).toEqual([
      'DISTRICT_COMMISSION',
      'REGIONAL_COMMISSION',
      'CEC_COORDINATOR',
    ]);
    expect(events.find((e) => e.kind === 'escalation-climbed')!.summary).toBe(
      "Escalation climbed from the akimat's registrar to the district commission",
    );
    expect(
      events
        .filter((e) => e.kind === 'escalation-resolved')
        .map((e) => e.summary)
        .sort(),
    ).toEqual([
      'Escalation of task SUBMIT_FILES resolved (it had reached the CEC coordinator)',
      'Escalation of the projected miss resolved (it had reached the regional commission)',
    ]);
    // Only changes are told: never the same stage twice in a row.
    const stages = events
      .filter((e) => e.kind === 'stage-changed')
      .map((e) => `${e.details!.stage}/${e.details!.atRisk}`);
    expect(stages.every((st, i) => i === 0 || st !== stages[i - 1])).toBe(true);

    const completed = events.find((e) => e.kind === 'task-completed')!;
    // Late by the working days from the deadline's day to the day the completion counts on.
    const calendar = await new CalendarStore(stack.prisma).calendar();
    const late = calendar.workingDaysBetween(
      localDateTimeOf(opened.details!.dueAt).date,
      effectiveWorkingDay(calendar, completed.details!.completedAt, stack.config.deadlines),
    );
    expect(late).toBeGreaterThan(0);
    expect(completed.details).toMatchObject({
      taskId,
      kind: 'SUBMIT_FILES',
      completedBy: 'operator',
      actorRole: 'ADMIN',
      requestId,
      deadline: { dueAt: opened.details!.dueAt, onTime: false, lateByWorkingDays: late },
      outcome: {
        kind: 'SUBMIT_FILES',
        files: expect.arrayContaining([{ kind: 'voters', records: expect.any(Number), sizeBytes: 1_234_567 }]),
      },
    });
    expect(completed.summary).toBe(
      `Task SUBMIT_FILES completed by operator (an administrator) at ${completed.details!.completedAtLocal}, late by ${late} working day${late === 1 ? '' : 's'} against the deadline ${opened.details!.dueAtLocal}`,
    );
    expect(events.find((e) => e.kind === 'reconciliation')!.summary).toBe(
      'Reconciliation round 1: no discrepancy: the files agree with the register',
    );
    expect(events.filter((e) => e.kind === 'stage-changed').map((e) => e.details!.stage)).toEqual(
      expect.arrayContaining(['reconciling', 'ready']),
    );

    // Personal data stays in PostgreSQL: no voter's name, no file name, no reviewer's comment.
    const text = JSON.stringify(res.body);
    const voter = await stack.prisma.registerVoter.findFirstOrThrow({ where: { districtId: '7101' } });
    for (const secret of [voter.iin, voter.surname, 'izbirateli_7101', 'Ivanov']) expect(text).not.toContain(secret);
  });

  it('reads the national history: started by the operator through the API, its regions as children', async () => {
    const res = await call('GET', `/v1/workflows/cycle-${period}/history`);
    const events: Entry[] = res.body.events;
    expect(events[0]).toMatchObject({
      kind: 'workflow-started',
      summary: `Workflow nationalCycleWorkflow for period ${period} started by operator through the API`,
      details: { startedBy: { kind: 'api', actor: 'operator' } },
    });
    const child = events.find(
      (e) => e.kind === 'child-started' && e.details!.workflowId === `cycle-${period}-region-71`,
    )!;
    expect(child.details).toMatchObject({
      type: 'regionCycleWorkflow',
      history: `/v1/workflows/cycle-${period}-region-71/history`,
    });
    expect((await call('GET', '/v1/workflows/cycle-1999-01/history')).status).toBe(404);
  });

  it('exports the raw history as an attachment, payloads still sealed, and audits it', async () => {
    const res = await fetch(`${stack.base}/v1/workflows/${districtWorkflow}/history/raw`, {
      headers: OPERATOR_HEADERS,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="${districtWorkflow}_[0-9a-f-]{36}\\.history\\.json"$`),
    );
    const history = (await res.json()) as { events: any[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(history.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    const input = history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
    expect(Buffer.from(input.metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
    expect(
      await stack.prisma.auditEvent.count({
        where: {
          action: 'workflow.history-export',
          subjectId: { startsWith: `${districtWorkflow}/` },
          requestId: res.headers.get('x-request-id'),
        },
      }),
    ).toBe(1);
  });
});
