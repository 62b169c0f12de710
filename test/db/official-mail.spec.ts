/**
 * Officials' reminders and escalations by e-mail (issue 22 part 6), on the real PostgreSQL and
 * Redis, through a real SMTP server on 127.0.0.1 (test/support/smtp.ts) whose received messages
 * are read back: the same activities the cycle workflows call write the inbox notification and
 * queue one e-mail per official of the role and territory; the worker's consumer sends it in the
 * official's language with the link to the task and no personal data; an official's choice turns
 * a kind off; a refusal by the relay is retried with backoff and recorded on the delivery.
 */
import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import type { Queue, Worker } from 'bullmq';
import { databaseActivities } from '../../activities/database';
import type { ActivityDeps } from '../../activities/deps';
import { startOfficialMailWorker } from '../../apps/worker/src/consumers/official-mail';
import { openTask } from '../../libs/db/cycle';
import { setMailPreferences } from '../../libs/db/official-mail';
import type { PrismaClient } from '../../libs/db/prisma';
import { SmtpMailRelay } from '../../libs/gateways/smtp';
import { LocalStateRegistrationService } from '../../libs/gateways/state-registration';
import { createLogger } from '../../libs/observability/logger';
import { createNotificationQueue } from '../../libs/queues/egov-notifications';
import { createOfficialMailQueue } from '../../libs/queues/official-mail';
import type { EgovNotificationJob, OfficialMailJob } from '../../libs/queues/queues';
import { eventually, testPrisma } from '../support/fixtures';
import { startLocalSmtp, type LocalSmtp, type ReceivedMail } from '../support/smtp';
import { testConfig, testRedisUrl } from '../support/test-env';

const CONSOLE = 'https://tizim.election.test';
const prefix = `${process.env.TIZIM_TEST_QUEUE_PREFIX ?? 'tizim-test'}-mail-${process.pid}`;

let prisma: PrismaClient;
let redis: IORedis;
let smtp: LocalSmtp;
let relay: SmtpMailRelay;
let mailQueue: Queue<OfficialMailJob>;
let egovQueue: Queue<EgovNotificationJob>;
let worker: Worker<OfficialMailJob>;
let activities: ReturnType<typeof databaseActivities>;
let place: { regionCode: string; districtId: string; nameRu: string; nameKk: string; regionKk: string };
let voters: { iin: string; surname: string; firstName: string }[];

interface Official {
  id: string;
  email: string;
  fullName: string;
}
const officials: Official[] = [];

async function official(
  role: 'AKIMAT_REGISTRAR' | 'DISTRICT_COMMISSION' | 'REGIONAL_COMMISSION',
  language: 'ru' | 'kk',
): Promise<Official> {
  const id = randomUUID();
  const tag = id.slice(0, 8);
  const o = { id, email: `official-${tag}@election.test`, fullName: `Тестова Айгуль ${tag}` };
  await prisma.user.create({
    data: {
      id,
      username: `mail.${tag}`,
      fullName: o.fullName,
      role,
      regionCode: place.regionCode,
      districtId: role === 'REGIONAL_COMMISSION' ? null : place.districtId,
      passwordHash: 'not-used',
      email: o.email,
      language,
      createdAt: new Date(),
      createdBy: 'test',
      updatedAt: new Date(),
    },
  });
  officials.push(o);
  return o;
}

const mailTo = (o: Official) => smtp.received.filter((m) => m.to.includes(o.email));

async function newTask(period: string): Promise<string> {
  const id = randomUUID();
  await openTask(prisma, {
    id,
    workflowId: `mail-test-${id}`,
    period,
    regionCode: place.regionCode,
    districtId: place.districtId,
    kind: 'SUBMIT_FILES',
    round: 1,
    assigneeRole: 'AKIMAT_REGISTRAR',
    dueAt: '2031-01-10T13:00:00.000Z',
    createdAt: '2031-01-01T04:00:00.000Z',
  });
  return id;
}

/** Nothing personal: no IIN, no voter's or official's name, no address in the text or the subject. */
function expectNoPersonalData(m: ReceivedMail) {
  const all = `${m.subject}\n${m.text}`;
  expect(all).not.toMatch(/\b\d{12}\b/);
  for (const v of voters) {
    expect(all).not.toContain(v.iin);
    expect(all).not.toContain(v.surname);
  }
  for (const o of officials) {
    expect(all).not.toContain(o.fullName);
    expect(all).not.toContain(o.email);
  }
}

beforeAll(async () => {
  prisma = await testPrisma();
  // A district the register has voters of (other suites of the run add districts of their own without any).
  const sample = await prisma.registerVoter.findFirstOrThrow({
    select: { districtId: true },
    orderBy: { districtId: 'asc' },
  });
  const d = await prisma.district.findUniqueOrThrow({ where: { id: sample.districtId }, include: { region: true } });
  place = { regionCode: d.regionCode, districtId: d.id, nameRu: d.nameRu, nameKk: d.nameKk, regionKk: d.region.nameKk };
  voters = await prisma.registerVoter.findMany({
    where: { districtId: d.id },
    select: { iin: true, surname: true, firstName: true },
  });
  expect(voters.length).toBeGreaterThan(0);
  smtp = await startLocalSmtp();
  redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: null });
  // Quick retries, so a refused message is retried within the test.
  mailQueue = createOfficialMailQueue(redis, prefix, { attempts: 3, backoffMs: 100 });
  egovQueue = createNotificationQueue(redis, prefix);
  relay = new SmtpMailRelay({
    host: '127.0.0.1',
    port: smtp.port,
    tls: 'none',
    from: 'tizim@election.test',
    user: null,
    password: null,
  });
  worker = startOfficialMailWorker(
    { prisma, relay, consoleUrl: CONSOLE, logger: createLogger('test', 'fatal') },
    redis,
    prefix,
  );
  const deps: ActivityDeps = {
    prisma,
    stateRegistration: new LocalStateRegistrationService(prisma),
    notificationQueue: egovQueue,
    mailQueue,
    deadlineSettings: testConfig().deadlines,
  };
  activities = databaseActivities(deps);
});

afterAll(async () => {
  await worker?.close();
  await mailQueue?.obliterate({ force: true }).catch(() => undefined);
  await mailQueue?.close();
  await egovQueue?.close();
  relay?.close();
  await smtp?.close();
  redis?.disconnect();
});

test('a reminder and each rung of an escalation reach their officials by e-mail once, in their language, with the link and no personal data', async () => {
  const registrar = await official('AKIMAT_REGISTRAR', 'kk');
  const commission = await official('DISTRICT_COMMISSION', 'ru');
  const regional = await official('REGIONAL_COMMISSION', 'kk');
  const taskId = await newTask('2031-01');

  await activities.remindTask(taskId, '2031-01-09T04:00:00.000Z');
  await activities.remindTask(taskId, '2031-01-09T04:00:00.000Z'); // the activity retried: nothing twice
  const [reminder] = await eventually('the reminder e-mail', async () =>
    mailTo(registrar).length ? mailTo(registrar) : null,
  );
  expect(reminder.subject).toContain('еске салу');
  expect(reminder.text).toContain('Еске салу: «Сайлаушылар туралы мәліметтерді ұсыну» тапсырмасы');
  expect(reminder.text).toContain(place.nameKk);
  expect(reminder.text).toContain('10.01.2031 18:00 (Астана уақыты)');
  expect(reminder.text).toContain(`${CONSOLE}/#/tasks?task=${taskId}`);
  expect(reminder.headers['content-language']).toBe('kk');
  expectNoPersonalData(reminder);

  const escalationId = randomUUID();
  const escalation = {
    id: escalationId,
    workflowId: `mail-test-${escalationId}`,
    period: '2031-01',
    regionCode: place.regionCode,
    districtId: place.districtId,
    step: 'submission',
    taskId,
    reason: 'DEADLINE_PASSED' as const,
    deadlineAt: '2031-01-10T13:00:00.000Z',
    missesByWorkingDays: null,
    level: 'DISTRICT_COMMISSION' as const,
    at: '2031-01-10T13:00:01.000Z',
  };
  await activities.raiseEscalation(escalation);
  await activities.raiseEscalation(escalation);
  const [raised] = await eventually('the escalation e-mail', async () =>
    mailTo(commission).length ? mailTo(commission) : null,
  );
  expect(raised.subject).toBe('Tizim: эскалация — Представление сведений, 2031-01');
  expect(raised.text).toContain('Срок этапа «Представление сведений»');
  expect(raised.text).toContain(place.nameRu);
  expect(raised.text).toContain(`${CONSOLE}/#/tasks?task=${taskId}`);
  expect(raised.headers['content-language']).toBe('ru');
  expectNoPersonalData(raised);

  await activities.climbEscalation(escalationId, 'REGIONAL_COMMISSION', '2031-01-11T13:00:00.000Z');
  const [climbed] = await eventually('the climbed escalation e-mail', async () =>
    mailTo(regional).length ? mailTo(regional) : null,
  );
  expect(climbed.subject).toContain('эскалация сізге жіберілді');
  expect(climbed.text).toContain('Эскалация сіздің деңгейіңізге жетті');
  expect(climbed.text).toContain(place.regionKk);
  expect(climbed.text).toContain(`${CONSOLE}/#/tasks?task=${taskId}`);
  expectNoPersonalData(climbed);

  // Nothing more arrives: each reached its official once, and the reminder went to no one else.
  await new Promise((r) => setTimeout(r, 500));
  expect([mailTo(registrar).length, mailTo(commission).length, mailTo(regional).length]).toEqual([1, 1, 1]);
  const deliveries = await prisma.officialMailDelivery.findMany({
    where: { userId: { in: [registrar.id, commission.id, regional.id] } },
  });
  expect(deliveries.map((d) => [d.status, d.attempts, d.lastErrorCode])).toEqual([
    ['SENT', 1, null],
    ['SENT', 1, null],
    ['SENT', 1, null],
  ]);
});

test('an official who turned a kind off gets no e-mail of it (the inbox still has it)', async () => {
  const registrar = await official('AKIMAT_REGISTRAR', 'ru');
  const regional = await official('REGIONAL_COMMISSION', 'ru');
  const commission = await official('DISTRICT_COMMISSION', 'kk'); // takes everything: the control
  await setMailPreferences(
    prisma,
    registrar.id,
    { reminders: false, escalationsRaised: true, escalationsClimbed: true },
    new Date(),
  );
  await setMailPreferences(
    prisma,
    regional.id,
    { reminders: true, escalationsRaised: true, escalationsClimbed: false },
    new Date(),
  );
  const taskId = await newTask('2031-07');
  await activities.remindTask(taskId, '2031-07-09T04:00:00.000Z');
  const escalationId = randomUUID();
  await activities.raiseEscalation({
    id: escalationId,
    workflowId: `mail-test-${escalationId}`,
    period: '2031-07',
    regionCode: place.regionCode,
    districtId: place.districtId,
    step: 'submission',
    taskId,
    reason: 'DEADLINE_PASSED',
    deadlineAt: '2031-07-10T13:00:00.000Z',
    missesByWorkingDays: null,
    level: 'DISTRICT_COMMISSION',
    at: '2031-07-10T13:00:01.000Z',
  });
  await activities.climbEscalation(escalationId, 'REGIONAL_COMMISSION', '2031-07-11T13:00:00.000Z');

  expect(await prisma.officialNotification.count({ where: { taskId, kind: 'REMINDER' } })).toBe(1);
  expect(await prisma.officialNotification.count({ where: { escalationId, kind: 'ESCALATION_CLIMBED' } })).toBe(1);
  // The control's escalation, queued after the reminder, has come: the others would have too.
  await eventually("the control official's e-mail", async () => (mailTo(commission).length ? true : null));
  await new Promise((r) => setTimeout(r, 500));
  expect(mailTo(registrar)).toEqual([]);
  expect(mailTo(regional)).toEqual([]);
  expect(await prisma.officialMailDelivery.count({ where: { userId: { in: [registrar.id, regional.id] } } })).toBe(0);
});

test('a message the relay refuses is retried with backoff and each attempt recorded; refused every time, it is DEAD with the code', async () => {
  const registrar = await official('AKIMAT_REGISTRAR', 'ru');
  // Only this official takes e-mail in this district now: the others' accounts are disabled.
  await prisma.user.updateMany({
    where: { id: { in: officials.filter((o) => o !== registrar).map((o) => o.id) } },
    data: { disabledAt: new Date() },
  });

  smtp.refuse(2, 451);
  const first = await newTask('2032-01');
  await activities.remindTask(first, '2032-01-09T04:00:00.000Z');
  const [mail] = await eventually('the reminder after two refusals', async () =>
    mailTo(registrar).length ? mailTo(registrar) : null,
  );
  expect(mail.text).toContain(`${CONSOLE}/#/tasks?task=${first}`);
  const sent = await eventually('the delivery recorded SENT', () =>
    prisma.officialMailDelivery.findFirst({ where: { userId: registrar.id, status: 'SENT' } }),
  );
  expect([sent.attempts, sent.lastErrorCode]).toEqual([3, '451']);

  smtp.refuse(Infinity, 550);
  const second = await newTask('2032-07');
  await activities.remindTask(second, '2032-07-09T04:00:00.000Z');
  const dead = await eventually('the delivery recorded DEAD', () =>
    prisma.officialMailDelivery.findFirst({ where: { userId: registrar.id, status: 'DEAD' } }),
  );
  expect([dead.attempts, dead.lastErrorCode, dead.sentAt]).toEqual([3, '550', null]);
  expect(mailTo(registrar)).toHaveLength(1);
  smtp.refuse(0, 250);
});

test('with no relay configured nothing is queued: the inbox alone', async () => {
  expect(testConfig().mail.smtp).toBeNull();
  expect(testConfig({ TIZIM_SMTP_HOST: 'relay.election.test' }).mail.smtp).toMatchObject({
    port: 587,
    tls: 'starttls',
  });
  const registrar = await official('AKIMAT_REGISTRAR', 'ru');
  const withoutMail = databaseActivities({
    prisma,
    stateRegistration: new LocalStateRegistrationService(prisma),
    notificationQueue: egovQueue,
    deadlineSettings: testConfig().deadlines,
  });
  const taskId = await newTask('2033-01');
  await withoutMail.remindTask(taskId, '2033-01-09T04:00:00.000Z');
  expect(await prisma.officialNotification.count({ where: { taskId } })).toBe(1);
  expect(await prisma.officialMailDelivery.count({ where: { userId: registrar.id } })).toBe(0);
});
