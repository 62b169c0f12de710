/**
 * The coordinators' deadline board, escalations and the registrars' task queue over HTTP, on the
 * local stack with real workflows: a period started, a region at risk on the board with its
 * slack, an escalation acknowledged (a stale If-Match refused with 412, a missing one with 428)
 * and resolved, a registrar's task listed as overdue, claimed (another official's claim refused
 * until released) and completed.
 *
 * The workflows load the calendar years of their period only, so with the real clock the period
 * must be the coming one (as in cycle.spec.ts). Its records are kept apart by territory instead:
 * two districts of region 43 on a database of its own, removed again at the end. A regional
 * margin of five working days (TIZIM_REGIONAL_MARGIN_DAYS) makes any period's chain miss the CEC
 * deadline, so the districts are at risk from the start, as the workflows project it.
 *
 * Temporal's dev server runs on the real clock, so no deadline passes during the test: to see a
 * task overdue and one due soon the test moves those two records' deadlines (only the API reads
 * them; the workflows keep their own timers).
 */
import {
  calendarYearsFor,
  cycleSchedule,
  localDateTimeOf,
  parsePeriod,
  periodStartingAfter,
} from '../../libs/calendar';
import { CalendarStore } from '../../libs/db/calendar-store';
import { nationalCycleWorkflowId } from '../../libs/contracts/cycle';
import { ensureCalendarYears, eventually, OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';

const period = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
const REGION = '43';
const D1 = '4301';
const D2 = '4302';
// A database of its own: it counts region 43's districts and open escalations, which another suite's
// leftovers on the shared database (a browser suite's districts of region 43) would change.
const { stack } = useLocalStackOnOwnDatabase('board', {
  config: { TIZIM_REGIONAL_MARGIN_DAYS: '5' },
  beforeStart: async (s) => {
    await ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period)));
    for (const [id, nameRu, nameKk] of [
      [D1, 'Аральский район', 'Арал ауданы'],
      [D2, 'Казалинский район', 'Қазалы ауданы'],
    ]) {
      await s.prisma.district.upsert({ where: { id }, create: { id, regionCode: REGION, nameRu, nameKk }, update: {} });
    }
  },
  beforeStop: async (s) => {
    await s.env.client.workflow
      .getHandle(nationalCycleWorkflowId(period))
      .terminate('test over')
      .catch(() => undefined);
    // Later suites' cycles must not fan out to this test's districts.
    await s.prisma.district.deleteMany({ where: { id: { in: [D1, D2] } } });
  },
});
const { call } = stack;
const withIfMatch = (version: string) => ({ ...OPERATOR_HEADERS, 'If-Match': version });

type Row = { regionCode: string; projectedSlackWorkingDays: number; atRisk: boolean; stage: string };

describe('the deadline board, escalations and tasks over HTTP', () => {
  beforeAll(async () => {
    expect((await call('POST', '/v1/cycles', { period })).status).toBe(201);
  });

  it('shows the region at risk with its slack to the CEC deadline, each step and its open escalations', async () => {
    const row = await eventually(
      'region 43 on the board, both districts with their projected miss',
      async () => {
        const res = await call('GET', `/v1/board?period=${period}&regionCode=${REGION}`);
        const r = res.body.regions?.[0];
        return r?.districts.total === 2 && r.escalations.open === 2 && r;
      },
      60_000,
    );

    // What the calendar engine says, with the stack's settings, for a district that has not submitted.
    const calendar = await new CalendarStore(stack.prisma).calendar();
    const engine = cycleSchedule(calendar, period, {}, stack.config.deadlines, Date.now());
    const cec = engine.steps.find((s) => s.step === 'cecSubmission')!;
    expect(engine.projection.fits).toBe(false);
    expect(row).toMatchObject({
      regionCode: REGION,
      nameRu: 'Кызылординская область',
      stage: 'districts-in-progress',
      districts: { total: 2, ready: 0 },
      atRisk: true,
      cecDeadline: cec.due.at,
      projectedSlackWorkingDays: engine.projection.slackWorkingDays,
      slackWorkingDays: calendar.workingDaysBetween(localDateTimeOf(Date.now()).date, cec.due.day),
      escalations: { open: 2, highestLevel: 'REGIONAL_COMMISSION' },
    });
    expect(row.slackWorkingDays).toBeGreaterThan(0);
    expect(row.projectedSlackWorkingDays).toBeLessThan(0);
    // What to do first, from the same projection: the chain's end, the miss and the steps to shorten, in words.
    const misses = -engine.projection.slackWorkingDays;
    expect(row.urgency).toMatchObject({
      rank: expect.any(Number),
      chainEnds: calendar.addWorkingDays(cec.due.day, misses),
      cecDeadline: cec.due.day,
      missesByWorkingDays: misses,
    });
    expect(row.urgency.shorten[0]).toMatchObject({ step: 'reconciliation', instead: 3 });
    expect(row.sentence.ru).toMatch(
      /^Цепочка сроков заканчивается \d\d\.\d\d, на \d+ рабоч(ий день|их дня|их дней) позже \d\d\.\d\d: сверку/,
    );
    expect(row.sentence.kk).toMatch(/^Мерзімдер тізбегі \d\d\.\d\d аяқталады/);
    expect(row.steps.map((s: { deadlineState: string }) => s.deadlineState)).not.toContain('at-risk');
    expect(row.steps.map((s: { step: string }) => s.step)).toEqual([
      'submission',
      'reconciliation',
      'reply',
      'correction',
      'cecSubmission',
    ]);
    expect(row.steps[0]).toMatchObject({
      state: 'at-risk',
      deadline: engine.steps[0].due.at,
      districts: 2,
      met: 0,
      metLate: 0,
      overdue: 0,
      atRisk: 2,
    });
    expect(row.steps[4]).toMatchObject({ state: 'at-risk', deadline: cec.due.at, districts: null });

    // Filters and sorting over every region of the period.
    const board = (query: string) =>
      call('GET', `/v1/board?period=${period}${query}`).then((r) => r.body.regions as Row[]);
    const all = await board('');
    expect(all.map((r) => r.regionCode)).toContain(REGION);
    const slacks = all.map((r) => r.projectedSlackWorkingDays);
    expect(slacks).toEqual([...slacks].sort((a, b) => a - b));
    const byRegion = (await board('&sort=region')).map((r) => r.regionCode);
    expect(byRegion).toEqual([...byRegion].sort());
    expect((await board('&atRisk=true')).map((r) => r.regionCode)).toContain(REGION);
    expect((await board('&atRisk=false')).map((r) => r.regionCode)).not.toContain(REGION);
    expect((await board('&state=at-risk')).map((r) => r.regionCode)).toContain(REGION);
    expect((await board('&stage=done')).map((r) => r.regionCode)).not.toContain(REGION);
    const refused = await call('GET', `/v1/board?period=2027-03&state=late&sort=size`);
    expect(refused).toMatchObject({ status: 400, type: expect.stringContaining('application/problem+json') });
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['period', 'sort', 'state']);

    // The region's districts, each with the same columns.
    const region = await call('GET', `/v1/board/regions/${REGION}?period=${period}`);
    expect(region.status).toBe(200);
    expect(region.body.region).toMatchObject({ regionCode: REGION, atRisk: true });
    expect(region.body.districts.map((d: { districtId: string }) => d.districtId)).toEqual([D1, D2]);
    expect(region.body.districts[0]).toMatchObject({
      nameKk: 'Арал ауданы',
      stage: 'awaiting-submission',
      round: 0,
      projection: { fits: false, slackWorkingDays: engine.projection.slackWorkingDays },
    });
    expect(region.body.districts[0].steps[0]).toMatchObject({
      step: 'submission',
      state: 'at-risk',
      deadline: engine.steps[0].due.at,
      completedAt: null,
    });
    expect((await call('GET', `/v1/board/regions/15?period=${period}`)).status).toBe(404);
  });

  it('acknowledges an escalation under If-Match (412 stale, 428 missing), tells the workflow, then resolves it', async () => {
    const page = (query: string) =>
      call('GET', `/v1/escalations?period=${period}&regionCode=${REGION}${query}`).then((r) => r.body);
    const first = await page('&status=open&level=REGIONAL_COMMISSION&limit=1');
    expect(first.items).toHaveLength(1);
    const second = await page(`&status=open&level=REGIONAL_COMMISSION&limit=1&after=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect((await page(`&status=open&limit=1&after=${second.nextCursor}`)).items).toEqual([]);

    const listed = (await page(`&districtId=${D2}&status=open`)).items;
    expect(listed).toEqual([
      expect.objectContaining({
        reason: 'PROJECTED_MISS',
        level: 'REGIONAL_COMMISSION',
        status: 'open',
        districtId: D2,
      }),
    ]);
    const id: string = listed[0].id;
    const read = await call('GET', `/v1/escalations/${id}`);
    const version = read.headers.get('etag')!;
    expect(version).toBe(`"${read.body.version}"`);

    const missing = await call('POST', `/v1/escalations/${id}/acknowledge`, { comment: 'on it' });
    expect(missing).toMatchObject({
      status: 428,
      type: expect.stringContaining('application/problem+json'),
      body: { title: 'Say which version you are changing' },
    });
    const stale = await call(
      'POST',
      `/v1/escalations/${id}/acknowledge`,
      { comment: 'on it' },
      withIfMatch(`"${read.body.version + 7}"`),
    );
    expect(stale).toMatchObject({ status: 412, body: { title: 'Changed since you read it' } });

    const acked = await call(
      'POST',
      `/v1/escalations/${id}/acknowledge`,
      { comment: 'Called the akimat: files on Monday' },
      withIfMatch(version),
    );
    expect(acked).toMatchObject({
      status: 200,
      body: {
        id,
        status: 'acknowledged',
        acknowledgedBy: 'operator',
        acknowledgedComment: 'Called the akimat: files on Monday',
        version: read.body.version + 1,
        repeated: false,
        workflowNotified: true,
      },
    });
    expect(acked.headers.get('etag')).toBe(`"${read.body.version + 1}"`);
    // The same official again: nothing changes.
    expect((await call('POST', `/v1/escalations/${id}/acknowledge`, {}, withIfMatch(version))).body).toMatchObject({
      repeated: true,
      version: read.body.version + 1,
    });
    // The workflow knows: its state shows the acknowledgement (the ladder stops climbing).
    await eventually('the acknowledgement in the workflow', async () => {
      const state = await call('GET', `/v1/cycles/${period}/districts/${D2}`);
      return state.body.escalations?.find(
        (e: { id: string; acknowledgedAt?: string }) => e.id === id && e.acknowledgedAt,
      );
    });
    expect((await page('&status=acknowledged')).items.map((e: { id: string }) => e.id)).toEqual([id]);

    // Resolving needs the version after the acknowledgement.
    expect(
      (await call('POST', `/v1/escalations/${id}/resolve`, { note: 'Files promised for Monday' }, withIfMatch(version)))
        .status,
    ).toBe(412);
    expect((await call('POST', `/v1/escalations/${id}/resolve`, { note: 'Files promised for Monday' })).status).toBe(
      428,
    );
    const noNote = await call('POST', `/v1/escalations/${id}/resolve`, {}, withIfMatch(acked.headers.get('etag')!));
    expect(noNote.body.errors).toEqual([
      {
        field: 'note',
        message: 'note must say how the escalation was settled (3 to 1000 characters)',
        constraint: 'isLength',
      },
    ]);
    const resolved = await call(
      'POST',
      `/v1/escalations/${id}/resolve`,
      { note: 'Files promised for Monday' },
      withIfMatch(acked.headers.get('etag')!),
    );
    expect(resolved).toMatchObject({
      status: 200,
      body: {
        status: 'resolved',
        resolvedBy: 'operator',
        resolutionNote: 'Files promised for Monday',
        workflowNotified: true,
      },
    });
    await eventually('the resolution in the workflow', async () => {
      const state = await call('GET', `/v1/cycles/${period}/districts/${D2}`);
      return state.body.escalations?.find(
        (e: { id: string; resolvedBy?: string }) => e.id === id && e.resolvedBy === 'official',
      );
    });
    expect(
      await stack.prisma.auditEvent.count({
        where: { subjectId: id, action: { in: ['escalation.acknowledge', 'escalation.resolve'] }, outcome: 'ok' },
      }),
    ).toBe(2);
    expect(await stack.prisma.auditEvent.count({ where: { subjectId: id, outcome: 'refused' } })).toBe(2);
  });

  it("lists a registrar's tasks as overdue or due soon, refuses another official's claim until released, then claims and completes", async () => {
    const tasks = (query: string) =>
      call('GET', `/v1/tasks?period=${period}&regionCode=${REGION}${query}`).then((r) => r.body);
    const open = await tasks('&due=open&kind=SUBMIT_FILES');
    // Both are due at the same moment (1 January / 1 July, moved off a day off): in id order.
    expect(open.items.map((t: { districtId: string }) => t.districtId).sort()).toEqual([D1, D2]);
    expect(
      open.items.every(
        (t: { assigneeRole: string; due: string }) => t.assigneeRole === 'AKIMAT_REGISTRAR' && t.due === 'open',
      ),
    ).toBe(true);
    const of = (districtId: string) =>
      open.items.find((t: { districtId: string }) => t.districtId === districtId) as { id: string };
    const [late, soon] = [of(D1), of(D2)];

    // The dev server keeps real time: move two records' deadlines so one is overdue, one due soon.
    await stack.prisma.cycleTask.update({ where: { id: late.id }, data: { dueAt: new Date(Date.now() - 3_600_000) } });
    await stack.prisma.cycleTask.update({ where: { id: soon.id }, data: { dueAt: new Date(open.dueSoonUntil) } });
    expect((await tasks('&due=overdue')).items.map((t: { id: string; due: string }) => [t.id, t.due])).toEqual([
      [late.id, 'overdue'],
    ]);
    expect((await tasks('&due=soon')).items.map((t: { id: string; due: string }) => [t.id, t.due])).toEqual([
      [soon.id, 'soon'],
    ]);
    const paged = await tasks('&due=open&limit=1');
    expect(paged.items.map((t: { id: string }) => t.id)).toEqual([late.id]);
    expect((await tasks(`&due=open&limit=1&after=${paged.nextCursor}`)).items.map((t: { id: string }) => t.id)).toEqual(
      [soon.id],
    );

    // Another registrar of the district has claimed it (no second credential exists yet: recorded directly).
    await stack.prisma.cycleTask.update({
      where: { id: late.id },
      data: { status: 'CLAIMED', claimedBy: 'registrar-4301-b', claimedAt: new Date() },
    });
    const taken = await call('POST', `/v1/tasks/${late.id}/claim`);
    expect(taken).toMatchObject({ status: 409, type: expect.stringContaining('application/problem+json') });
    expect(taken.body).toMatchObject({ code: 'task.claimed-by-other', params: { claimedBy: 'registrar-4301-b' } });
    expect(taken.body.detail).toMatch(/^The task is claimed by registrar-4301-b since /);
    const outcome = {
      files: [
        { kind: 'voters', name: 'izbirateli_4301.mdb', sizeBytes: 1024, records: 10 },
        { kind: 'stations', name: 'uchastki_4301.xlsx', sizeBytes: 512, records: 2 },
        { kind: 'boundaries', name: 'granicy_4301.xlsx', sizeBytes: 512, records: 2 },
      ],
    };
    const blocked = await call('POST', `/v1/tasks/${late.id}/complete`, { outcome });
    expect(blocked.status).toBe(409);
    expect(blocked.body.detail).toMatch(/claimed by registrar-4301-b/);

    const released = await call('POST', `/v1/tasks/${late.id}/release`, { reason: 'registrar on leave' });
    expect(released).toMatchObject({ status: 200, body: { status: 'OPEN', claimedBy: null, released: true } });
    const claimed = await call('POST', `/v1/tasks/${late.id}/claim`);
    expect(claimed).toMatchObject({ status: 200, body: { status: 'CLAIMED', claimedBy: 'operator', repeated: false } });
    expect(claimed.body.claimedAt).toBeTruthy();
    expect((await call('POST', `/v1/tasks/${late.id}/claim`)).body).toMatchObject({
      claimedBy: 'operator',
      repeated: true,
    });
    expect((await tasks('&mine=true')).items.map((t: { id: string }) => t.id)).toEqual([late.id]);

    const done = await call('POST', `/v1/tasks/${late.id}/complete`, { outcome, comment: 'act 4301/1' });
    expect(done).toMatchObject({
      status: 200,
      body: { taskId: late.id, kind: 'SUBMIT_FILES', completedBy: 'operator', repeated: false },
    });
    await eventually(
      'the task completed',
      async () => (await stack.prisma.cycleTask.findUnique({ where: { id: late.id } }))?.status === 'COMPLETED',
    );
    expect((await call('POST', `/v1/tasks/${late.id}/claim`)).body.detail).toMatch(
      /^The task was completed by operator at /,
    );
    expect(
      await stack.prisma.auditEvent.count({ where: { subjectId: late.id, action: 'cycle-task.release-other' } }),
    ).toBe(1);

    // On the board: the submission met by one district of two; that district went on to its round.
    const region = await eventually(
      'district 4301 in commission review on the board',
      async () => {
        const res = await call('GET', `/v1/board/regions/${REGION}?period=${period}`);
        return res.body.districts?.[0]?.stage === 'commission-review' && res.body;
      },
      60_000,
    );
    expect(region.districts[0].steps.map((s: { state: string }) => s.state)).toEqual(['met', 'met', 'due', 'upcoming']);
    expect(region.districts[0].projection.fits).toBe(true);
    expect(region.region.steps[0]).toMatchObject({ step: 'submission', districts: 2, met: 1 });
    // District 4302 has not submitted: the region stays at risk.
    expect(region.region.atRisk).toBe(true);
  });
});
