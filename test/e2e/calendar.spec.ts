/**
 * The calendar and deadline endpoints over HTTP, on the run's database loaded with the shipped
 * calendar exactly as a deploy loads it. Temporal is not needed (the API connects lazily).
 */
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/app';
import type { CalendarYearData } from '../../libs/calendar';
import { SHIPPED_CALENDAR_YEARS } from '../../libs/calendar/shipped';
import type { PrismaClient } from '../../libs/db/prisma';
import { createLogger } from '../../libs/observability/logger';
import { apiCaller, derivedCalendarYear, OPERATOR_HEADERS, testPrisma } from '../support/fixtures';
import { testConfig } from '../support/test-env';

let app: INestApplication;
let base: string;
let prisma: PrismaClient;
const call = apiCaller(() => base);

beforeAll(async () => {
  prisma = await testPrisma();
  app = await createApp(testConfig({ TEMPORAL_ADDRESS: '127.0.0.1:1' }), createLogger('e2e', 'fatal'));
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
  await prisma?.$disconnect();
});

/**
 * A year far enough ahead that no test derives it (they follow the real clock): not shipped, an
 * admin adds it. Made from the newest shipped year, with its own Kurban Ait.
 */
const Y = 2041;
function yearDoc(): CalendarYearData {
  const doc = derivedCalendarYear(Y);
  const kurban = SHIPPED_CALENDAR_YEARS.find((y) => y.year === 2027)!.holidays.find((h) => h.id === 'kurban-ait')!;
  doc.holidays.push({ ...kurban, date: `${Y}-11-28` });
  doc.version = `${Y}.1`;
  return doc;
}

describe('the calendar API', () => {
  it('lists the shipped years, loaded by the deploy', async () => {
    const res = await call('GET', '/v1/calendar');
    expect(res.status).toBe(200);
    expect(res.body.map((y: { year: number }) => y.year)).toEqual(expect.arrayContaining([2024, 2025, 2026, 2027]));
    expect(res.body.find((y: { year: number }) => y.year === 2027)).toMatchObject({
      origin: 'SHIPPED',
      revision: 1,
      version: '2027.1',
      unconfirmedEntries: 1,
    });
  });

  it('gives a year with its days off, their reasons and sources, and the revision as ETag', async () => {
    const res = await call('GET', '/v1/calendar/2026');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toMatchObject({ year: 2026, timeZone: 'Asia/Almaty', workingDays: 247 });
    expect(res.body.weekdayDaysOff.map((d: { date: string }) => d.date)).toContain('2026-03-24');
    const moved = res.body.weekdayDaysOff.find((d: { date: string }) => d.date === '2026-10-26');
    expect(moved.reasons[0]).toMatchObject({ kind: 'moved-holiday', from: '2026-10-25', holidayId: 'republic-day' });
    expect(res.body.document.sources['law-holidays']).toMatchObject({ number: '267-II', date: '2001-12-13' });
  });

  it('answers 404 for a year it does not have, and says how to add it', async () => {
    const res = await call('GET', '/v1/calendar/2043');
    expect(res).toMatchObject({ status: 404, type: expect.stringContaining('application/problem+json') });
    expect(res.body).toMatchObject({ code: 'calendar.year-not-found', params: { year: 2043 } });
    expect(res.body.detail).toMatch(/PUT \/v1\/calendar\/2043/);
  });

  it('refuses a bad document, naming every field, and saves nothing', async () => {
    const doc = yearDoc() as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a document made wrong on purpose;
    doc.transfers = [{ workedDay: '2041-01-08', dayOff: '2041-01-12', status: 'official', source: 'nowhere' }];
    doc.holidays[0].date = '2041-02-30';
    const res = await call('PUT', '/v1/calendar/2041', { reason: 'adding 2041', calendar: doc });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'calendar.holidays[0].date', message: '"2041-02-30" is not a date; expected YYYY-MM-DD' },
        {
          field: 'calendar.transfers[0].workedDay',
          message: '2041-01-08 is not a weekend day; a transfer makes a weekend day a working day',
        },
        {
          field: 'calendar.transfers[0].dayOff',
          message: '2041-01-12 is a weekend day already; the day off must be a weekday',
        },
        { field: 'calendar.transfers[0].source', message: '"nowhere" is not a key of "sources"' },
      ]),
    );
    expect(await prisma.calendarYear.findUnique({ where: { year: 2041 } })).toBeNull();
    const noReason = await call('PUT', '/v1/calendar/2041', { calendar: yearDoc() });
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
    const wrongYear = await call('PUT', '/v1/calendar/2042', { reason: 'typo', calendar: yearDoc() });
    expect(wrongYear.body.errors).toEqual([
      { field: 'calendar.year', message: 'is 2041 but the address is /v1/calendar/2042' },
    ]);
  });

  it('lets an admin add a missing year, after which its periods have a schedule', async () => {
    const before = await call('GET', '/v1/periods/2041-07/schedule?at=2041-06-01T09:00:00%2B05:00');
    expect(before.status).toBe(422);
    expect(before.body).toMatchObject({ code: 'calendar.year-unknown', params: { year: 2041 } });
    expect(before.body.detail).toMatch(/no data for 2041/);

    const created = await call('PUT', '/v1/calendar/2041', {
      reason: 'Calendar of 2041 (Labour ministry announcement)',
      calendar: yearDoc(),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ year: 2041, origin: 'ADMIN', revision: 1 });

    const after = await call('GET', '/v1/periods/2041-07/schedule?at=2041-06-01T09:00:00%2B05:00');
    expect(after.status).toBe(200);
    expect(after.body.steps[0].due.day).toBe('2041-07-01');

    const audit = await prisma.auditEvent.findFirst({ where: { action: 'calendar.create', subjectId: '2041' } });
    expect(audit).toMatchObject({
      actor: 'operator',
      subjectType: 'calendar-year',
      reason: 'Calendar of 2041 (Labour ministry announcement)',
    });
  });

  it('corrects a year only against the revision read: stale and blind writes are refused', async () => {
    const doc = yearDoc();
    doc.version = '2041.2';
    doc.holidays.find((h) => h.id === 'kurban-ait')!.date = '2041-11-29';
    doc.holidays.find((h) => h.id === 'kurban-ait')!.status = 'announced';

    const blind = await call('PUT', '/v1/calendar/2041', { reason: 'Kurban Ait announced', calendar: doc });
    expect(blind.status).toBe(428);
    expect(blind.body).toMatchObject({ code: 'calendar.revision-required', params: { year: 2041, current: 1 } });
    expect(blind.body.detail).toMatch(/send If-Match: "1"/);

    const ok = await call(
      'PUT',
      '/v1/calendar/2041',
      { reason: 'Kurban Ait announced for 29 November', calendar: doc },
      { ...OPERATOR_HEADERS, 'If-Match': '"1"' },
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ revision: 2, version: '2041.2' });
    expect(ok.body.weekdayDaysOff.map((d: { date: string }) => d.date)).toContain('2041-11-29');
    expect(ok.body.weekdayDaysOff.map((d: { date: string }) => d.date)).not.toContain('2041-11-28');

    const stale = await call(
      'PUT',
      '/v1/calendar/2041',
      { reason: 'an older edit', calendar: yearDoc() },
      { ...OPERATOR_HEADERS, 'If-Match': '"1"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'calendar.revision-stale', params: { sent: 1, current: 2 } });
    expect(stale.body.detail).toMatch(/you sent revision 1, it is now 2/);

    const revisions = await call('GET', '/v1/calendar/2041/revisions');
    expect(revisions.body.map((r: { revision: number; reason: string }) => [r.revision, r.reason])).toEqual([
      [2, 'Kurban Ait announced for 29 November'],
      [1, 'Calendar of 2041 (Labour ministry announcement)'],
    ]);
    const refused = await prisma.auditEvent.count({
      where: { action: 'calendar.update', subjectId: '2041', outcome: 'refused' },
    });
    expect(refused).toBe(2); // the blind write and the stale one
  });

  it('requires the operator token for every calendar route', async () => {
    expect((await call('GET', '/v1/calendar/2026', undefined, {})).status).toBe(401);
    expect(
      (await call('PUT', '/v1/calendar/2026', { reason: 'x', calendar: {} }, { 'Content-Type': 'application/json' }))
        .status,
    ).toBe(401);
  });
});

describe('deadlines and schedules', () => {
  it('computes N working days after an event, counting an after-hours receipt from the next day', async () => {
    const res = await call(
      'GET',
      `/v1/deadlines?from=${encodeURIComponent('2026-12-31T19:00:00+05:00')}&workingDays=3`,
    );
    expect(res.status).toBe(200);
    // Counted from Tuesday 5 January 2027: 6, 8 (7 is Christmas), 11.
    expect(res.body).toEqual({
      countedFrom: '2027-01-05',
      deadline: { day: '2027-01-11', at: '2027-01-11T13:00:00.000Z', atLocal: '2027-01-11T18:00:00+05:00' },
    });
    const bad = await call('GET', '/v1/deadlines?from=tomorrow&workingDays=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('workingDays');
  });

  it('projects the January 2027 chain and sees the collision with 15 January coming', async () => {
    const q = new URLSearchParams({ receivedAt: '2026-12-31T16:00:00+05:00', at: '2027-01-04T10:00:00+05:00' });
    const res = await call('GET', `/v1/periods/2027-01/schedule?${q}`);
    expect(res.status).toBe(200);
    expect(res.body.projection).toMatchObject({ currentStep: 'reconciliation', fits: false, missesByWorkingDays: 1 });
    expect(res.body.steps.map((s: { step: string; due: { day: string } }) => [s.step, s.due.day])).toEqual([
      ['submission', '2026-12-31'],
      ['reconciliation', '2027-01-08'],
      ['reply', '2027-01-11'],
      ['correction', '2027-01-18'],
      ['cecSubmission', '2027-01-15'],
    ]);
    expect(res.body.settings).toEqual({
      endOfWorkingDay: '18:00',
      fixedDatePolicy: 'working-day-before',
      regionalMarginWorkingDays: 0,
    });
  });

  it('takes a policy or margin override and refuses bad parameters by name', async () => {
    const margin = await call(
      'GET',
      '/v1/periods/2026-07/schedule?receivedAt=2026-07-01T10:00:00%2B05:00&regionalMarginWorkingDays=1&at=2026-07-01T10:00:00%2B05:00',
    );
    expect(margin.body.projection).toMatchObject({ fits: false, missesByWorkingDays: 1 });
    const period = await call('GET', '/v1/periods/2026-03/schedule');
    expect(period.status).toBe(400);
    expect(period.body.errors).toEqual([
      {
        field: 'period',
        message: '"2026-03" is not a period; expected YYYY-01 (the January cycle) or YYYY-07 (the July cycle)',
      },
    ]);
    const order = await call('GET', '/v1/periods/2026-07/schedule?repliedAt=2026-07-03T10:00:00%2B05:00');
    expect(order.body.errors).toEqual([
      { field: 'repliedAt', message: 'is given but receivedAt is not; the steps happen in order' },
    ]);
    const policy = await call('GET', '/v1/periods/2026-07/schedule?fixedDatePolicy=whenever');
    expect(policy.body.errors).toEqual([
      { field: 'fixedDatePolicy', message: 'must be one of working-day-before, working-day-after' },
    ]);
    const instant = await call('GET', '/v1/periods/2026-07/schedule?receivedAt=2026-07-01');
    expect(instant.status).toBe(400);
    expect(instant.body.errors[0].field).toBe('receivedAt');
  });

  it('documents the calendar routes in the OpenAPI page', async () => {
    const doc = (await call('GET', '/docs/openapi.json', undefined, {})).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/calendar',
        '/v1/calendar/{year}',
        '/v1/calendar/{year}/revisions',
        '/v1/deadlines',
        '/v1/periods/{period}/schedule',
      ]),
    );
    expect(doc.paths['/v1/calendar/{year}'].put.requestBody.content['application/json'].schema.required).toEqual([
      'reason',
      'calendar',
    ]);
  });
});
