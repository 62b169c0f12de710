/**
 * An admin restarts a district whose cycle stopped on a failure, from the console (issue 25 §1:
 * "an admin can retry it from the API, and later the console"), in Chromium against the local
 * stack. The failure is a real one: the district's workflow is terminated on the Temporal server;
 * its region records it and raises a STEP_FAILED escalation, which the board's region view lists
 * with a «Перезапустить цикл района» action for an admin, asking what was removed. The new run
 * starts, the escalation closes and the reason is on the audit trail.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { calendarYearsFor, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { districtCycleWorkflowId, nationalCycleWorkflowId, regionCycleWorkflowId } from '../../libs/contracts/cycle';
import { ensureCalendarYears, eventually } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';

const period = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
const PASSWORD = 'district retry test password';
const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const { stack } = useLocalStackOnOwnDatabase('district_retry_browser', {
  beforeStart: (s) => ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period))),
  beforeStop: async (s) => {
    await s.env.client.workflow
      .getHandle(nationalCycleWorkflowId(period))
      .terminate('test over')
      .catch(() => undefined);
  },
});

let browser: Browser;
const username = `admin.retry.${randomUUID().slice(0, 6)}`;
const region = async () => (await stack.call('GET', `/v1/cycles/${period}/regions/75`)).body;
const failedOf = (state: { districts?: { districtId: string; failed?: unknown }[] }) =>
  state.districts?.find((d) => d.districtId === '7502')?.failed;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const created = await stack.call('POST', '/v1/users', {
    username,
    fullName: 'Сейткали Арман Бекович',
    password: PASSWORD,
    role: 'ADMIN',
  });
  expect(created.status).toBe(201);
  expect((await stack.call('POST', '/v1/cycles', { period })).status).toBe(201);
  await eventually('the district cycle of 7502', async () => (await region()).districts?.length > 0, 60_000);
  await stack.env.client.workflow
    .getHandle(districtCycleWorkflowId(period, '7502'))
    .terminate('test: the district fails');
  await eventually('the region to record 7502 as failed', async () => failedOf(await region()), 60_000);
});

afterAll(async () => {
  await browser?.close();
});

it('lists the failed district’s escalation with a restart for an admin, who restarts it saying what was removed', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU' });
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill(username);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('button', { name: 'Выйти' }).waitFor();

  await page.goto(`${stack.base}/console/#/board?period=${period}&region=75`);
  const row = page.locator('tr[data-escalation]', { hasText: 'цикл района остановлен сбоем' });
  await row.waitFor();
  // The failed district by its name (the board's rows hold no run of it now), not its code.
  const district = await stack.prisma.district.findUniqueOrThrow({ where: { id: '7502' } });
  await expect(row.locator('td').first().textContent()).resolves.toBe(district.nameRu);
  await page.screenshot({ path: join(SHOTS, 'district-retry-ru.png'), fullPage: true });
  // The same in Kazakh, then back.
  await page.getByLabel('Язык').selectOption('kk');
  const rowKk = page.locator('tr[data-escalation]', { hasText: 'аудан циклі ақаудан тоқтады' });
  await rowKk.getByRole('button', { name: 'Аудан циклін қайта іске қосу' }).waitFor();
  await expect(rowKk.getByLabel('Не жойылды').count()).resolves.toBe(1);
  await page.screenshot({ path: join(SHOTS, 'district-retry-kk.png'), fullPage: true });
  await page.getByLabel('Тіл').selectOption('ru');
  await row.getByLabel('Что устранено').fill('Район перезапущен после проверки файлов');
  await row.getByRole('button', { name: 'Перезапустить цикл района' }).click();
  await page.getByRole('status').filter({ hasText: 'Цикл района перезапущен' }).waitFor();

  const state = await region();
  expect(failedOf(state)).toBeNull();
  expect(state.districts.find((d: { districtId: string }) => d.districtId === '7502')).toMatchObject({ retries: 1 });
  expect(
    await stack.prisma.auditEvent.findFirst({
      where: { action: 'cycle-district.retry', subjectId: districtCycleWorkflowId(period, '7502') },
      orderBy: { id: 'desc' },
    }),
  ).toMatchObject({ outcome: 'ok', reason: 'Район перезапущен после проверки файлов' });
  // The rest of the region ran on throughout.
  expect((await stack.env.client.workflow.getHandle(regionCycleWorkflowId(period, '75')).describe()).status.name).toBe(
    'RUNNING',
  );
  await page.close();
});
