/**
 * Officials' e-mail on the local stack (issue 22 part 6): the worker is configured with a real SMTP
 * server on 127.0.0.1 (test/support/smtp.ts) as the commission's relay. Two regional commission
 * officials choose over HTTP what reaches them by e-mail (GET/PUT /v1/me/notification-preferences);
 * the period is started with a regional margin that makes the chain miss the CEC deadline, so the
 * workflows raise PROJECTED_MISS escalations to the regional commission at once: the official who
 * takes escalations receives each one by e-mail once, in Kazakh, with the link to the console and
 * nothing personal; the one who turned them off receives none; every delivery is recorded.
 */
import { randomUUID } from 'node:crypto';
import { calendarYearsFor, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { nationalCycleWorkflowId } from '../../libs/contracts/cycle';
import { ensureCalendarYears, eventually, OPERATOR_HEADERS, type ApiAnswer } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';
import { startLocalSmtp, type LocalSmtp } from '../support/smtp';

const period = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
const REGION = '71';
const CONSOLE = 'https://tizim.election.test';
const PASSWORD = 'a long enough demo password';

let smtp: LocalSmtp;
// Started before the stack (this beforeAll is registered first), so the worker's config has its port.
beforeAll(async () => {
  smtp = await startLocalSmtp();
});
afterAll(async () => {
  await smtp?.close();
});

// A database of its own: other suites start the same period in the same region on the shared one,
// and an escalation another stack already raised there (same id) is not raised again here.
const { stack } = useLocalStackOnOwnDatabase('official_mail', {
  config: {
    TIZIM_REGIONAL_MARGIN_DAYS: '5',
    TIZIM_SMTP_HOST: '127.0.0.1',
    // Read when the stack builds its config, after the server above is listening.
    get TIZIM_SMTP_PORT() {
      return String(smtp.port);
    },
    TIZIM_SMTP_TLS: 'none',
    TIZIM_SMTP_FROM: 'tizim@election.test',
    TIZIM_CONSOLE_URL: CONSOLE,
    TIZIM_MAIL_BACKOFF_MS: '100',
  } as Record<string, string>,
  beforeStart: (s) => ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period))),
  beforeStop: async (s) =>
    s.env.client.workflow
      .getHandle(nationalCycleWorkflowId(period))
      .terminate('test over')
      .then(() => undefined),
});

const run = randomUUID().slice(0, 8);
const officials = {
  kk: { username: `mail-kk.${run}`, email: `regional-kk-${run}@election.test`, id: '', token: '' },
  off: { username: `mail-off.${run}`, email: `regional-off-${run}@election.test`, id: '', token: '' },
};
const as =
  (o: { token: string }) =>
  (method: string, path: string, body?: unknown): Promise<ApiAnswer> =>
    stack.call(method, path, body, { Authorization: `Bearer ${o.token}`, 'Content-Type': 'application/json' });

beforeAll(async () => {
  for (const o of Object.values(officials)) {
    const created = await stack.call(
      'POST',
      '/v1/users',
      {
        username: o.username,
        fullName: `Сейткали Мадина ${run}`,
        password: PASSWORD,
        role: 'REGIONAL_COMMISSION',
        regionCode: REGION,
      },
      OPERATOR_HEADERS,
    );
    expect(created.status).toBe(201);
    const signed = await stack.call(
      'POST',
      '/v1/auth/sign-in',
      { username: o.username, password: PASSWORD },
      { 'Content-Type': 'application/json' },
    );
    Object.assign(o, { id: created.body.id, token: signed.body.accessToken });
  }
});

test('each official chooses what reaches them by e-mail (their own address and language), in plain checks', async () => {
  const read = await as(officials.kk)('GET', '/v1/me/notification-preferences');
  expect(read).toMatchObject({
    status: 200,
    body: {
      mailEnabled: true,
      email: null,
      language: 'ru',
      reminders: true,
      escalationsRaised: true,
      escalationsClimbed: true,
    },
  });
  const bad = await as(officials.kk)('PUT', '/v1/me/notification-preferences', {
    email: 'not an address',
    language: 'de',
    reminders: true,
    escalationsRaised: true,
    escalationsClimbed: true,
  });
  expect(bad.status).toBe(400);
  expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'language']);

  const kk = await as(officials.kk)('PUT', '/v1/me/notification-preferences', {
    email: officials.kk.email,
    language: 'kk',
    reminders: true,
    escalationsRaised: true,
    escalationsClimbed: true,
  });
  expect(kk).toMatchObject({ status: 200, body: { email: officials.kk.email, language: 'kk' } });
  const off = await as(officials.off)('PUT', '/v1/me/notification-preferences', {
    email: officials.off.email,
    language: 'ru',
    reminders: true,
    escalationsRaised: false,
    escalationsClimbed: true,
  });
  expect(off).toMatchObject({ status: 200, body: { escalationsRaised: false } });
  expect((await as(officials.off)('GET', '/v1/me/notification-preferences')).body).toMatchObject({
    email: officials.off.email,
    escalationsRaised: false,
  });
  // The operator token has no account's choices to keep (and is not addressed by the cycle).
  expect((await stack.call('GET', '/v1/me/notification-preferences', undefined, OPERATOR_HEADERS)).status).toBe(403);
  const audited = await stack.prisma.auditEvent.count({
    where: { actor: officials.kk.id, action: { in: ['mail-preferences.read', 'mail-preferences.update'] } },
  });
  expect(audited).toBe(2);
});

test("the workflows' escalations reach the official who takes them by e-mail, once each, in Kazakh, with the link and nothing personal", async () => {
  const started = await stack.call('POST', '/v1/cycles', { period }, OPERATOR_HEADERS);
  expect([200, 201]).toContain(started.status);

  // Each district's workflow raises its own projected miss to the regional commission.
  const districts = await stack.prisma.district.count({ where: { regionCode: REGION } });
  const escalations = await eventually(
    "the region's projected-miss escalations in the inbox, one per district",
    async () => {
      const rows = await stack.prisma.officialNotification.findMany({
        where: { period, regionCode: REGION, recipientRole: 'REGIONAL_COMMISSION', kind: 'ESCALATION_RAISED' },
      });
      return rows.length === districts && rows;
    },
    60_000,
  );
  expect(districts).toBeGreaterThan(0);
  const mailTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));
  const mails = await eventually('the e-mails', async () => {
    const got = mailTo(officials.kk.email);
    return got.length >= escalations.length && got;
  });
  await new Promise((r) => setTimeout(r, 1_000));
  expect(mailTo(officials.kk.email)).toHaveLength(escalations.length);
  expect(mailTo(officials.off.email)).toEqual([]);

  const region = await stack.prisma.region.findUniqueOrThrow({ where: { code: REGION } });
  for (const m of mails) {
    expect(m.headers['content-language']).toBe('kk');
    expect(m.subject).toContain(`Tizim: эскалация — `);
    // The CEC deadline in the period's month, in Almaty time.
    expect(m.text).toMatch(
      new RegExp(
        `ОСК-ға ұсыну мерзіміне үлгермейді: \\d{2}\\.${period.slice(5)}\\.\\d{4} \\d{2}:\\d{2} \\(Астана уақыты\\)`,
      ),
    );
    expect(m.text).toContain(region.nameKk);
    expect(m.text).toContain(`${CONSOLE}/#/`);
    expect(m.text).not.toMatch(/\b\d{12}\b/);
    expect(m.text).not.toContain('Сейткали');
    expect(m.text).not.toContain(officials.kk.email);
  }
  const deliveries = await stack.prisma.officialMailDelivery.findMany({
    where: { userId: { in: [officials.kk.id, officials.off.id] } },
  });
  expect(deliveries).toHaveLength(escalations.length);
  expect(deliveries.every((d) => d.userId === officials.kk.id && d.status === 'SENT' && d.attempts === 1)).toBe(true);
});
