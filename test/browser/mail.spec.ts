/**
 * The console's «Почта» screen in Chromium (issue 22 part 6): a registrar, signed in through the
 * form, opens the screen from the nav, is told in words when the address is wrong (no browser
 * bubble; focus back on the field), saves an address, Kazakh letters and no reminders (focus on the
 * status message), and finds the same choices on the Kazakh screen after a reload. The worker has a
 * real local SMTP server as its relay, so the screen shows mail as on. Screenshots:
 * test-output/screenshots/mail-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { useLocalStack } from '../support/local-stack';
import { startLocalSmtp, type LocalSmtp } from '../support/smtp';

const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'console test password';
const username = `registrar.mail.${randomUUID().slice(0, 6)}`;

let smtp: LocalSmtp;
beforeAll(async () => {
  smtp = await startLocalSmtp();
});
afterAll(async () => {
  await smtp?.close();
});
const stack = useLocalStack({
  config: {
    TIZIM_SMTP_HOST: '127.0.0.1',
    get TIZIM_SMTP_PORT() {
      return String(smtp.port);
    },
    TIZIM_SMTP_TLS: 'none',
  },
});

let browser: Browser;
let userId: string;
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
/** The focused element's id, or its role when it has none (evaluated in the page). */
const focusedId = (page: Page) => page.locator('*:focus').evaluate((e) => e.id || e.getAttribute('role'));
const mainText = (page: Page) => page.locator('main').innerText();

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const created = await stack.call('POST', '/v1/users', {
    username,
    fullName: 'Тест Почта',
    password: PASSWORD,
    role: 'AKIMAT_REGISTRAR',
    districtId: '7101',
  });
  expect(created.status).toBe(201);
  userId = created.body.id;
});
afterAll(async () => {
  await browser?.close();
});

test('a registrar chooses what reaches them by e-mail, in Russian, then sees it in Kazakh', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU' });
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill(username);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('link', { name: 'Почта' }).click();
  await page.getByRole('heading', { name: 'Уведомления по почте' }).waitFor();
  expect(await page.getByLabel('Напоминания о приближении срока задачи').isChecked()).toBe(true);
  expect(await mainText(page)).not.toContain('не подключён');
  await shot(page, 'mail-1-ru');

  await page.getByLabel('Служебный адрес электронной почты').fill('не адрес');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByText('Адрес электронной почты указан неверно').waitFor();
  expect(await focusedId(page)).toBe('mail-address');
  await shot(page, 'mail-2-ru-bad-address');

  await page.getByLabel('Служебный адрес электронной почты').fill('registrar.7101@election.test');
  await page.getByLabel('Язык писем').selectOption('kk');
  await page.getByLabel('Напоминания о приближении срока задачи').uncheck();
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByRole('status').getByText('Сохранено.').waitFor();
  expect(await focusedId(page)).toBe('status');
  await shot(page, 'mail-3-ru-saved');
  expect(await stack.prisma.user.findUniqueOrThrow({ where: { id: userId } })).toMatchObject({
    email: 'registrar.7101@election.test',
    language: 'kk',
  });
  expect(await stack.prisma.officialMailPreference.findUniqueOrThrow({ where: { userId } })).toMatchObject({
    reminders: false,
    escalationsRaised: true,
    escalationsClimbed: true,
  });

  await page.getByLabel('Язык', { exact: true }).selectOption('kk');
  await page.reload();
  await page.getByRole('heading', { name: 'Поштамен хабарламалар' }).waitFor();
  expect(await page.getByLabel('Тапсырма мерзімі жақындағаны туралы еске салулар').isChecked()).toBe(false);
  expect(await page.getByLabel('Хаттардың тілі').inputValue()).toBe('kk');
  expect(await page.getByLabel('Қызметтік электрондық пошта мекенжайы').inputValue()).toBe(
    'registrar.7101@election.test',
  );
  // Nothing in Latin script on the screen (the address is the input's value, not its text).
  expect(await mainText(page)).not.toMatch(/[A-Za-z]/);
  await shot(page, 'mail-4-kk');
  await page.close();
});
