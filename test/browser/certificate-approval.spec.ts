/**
 * The certificates screen under two admins (TIZIM_CERTIFICATE_APPROVALS=two-admins) in Chromium:
 * admin A's registration waits on the screen with no Approve button for A; admin B approves it
 * there, then asks for its revocation, which waits (in Russian, then in Kazakh) with no Approve
 * button for B. Screenshots: test-output/screenshots/certificate-approval-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testSigner } from '../support/certificates';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';

const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'console test password';
const run = randomUUID().slice(0, 6);
const { stack } = useLocalStackOnOwnDatabase('cert_approval_browser', {
  config: { TIZIM_CERTIFICATE_APPROVALS: 'two-admins' },
});

let browser: Browser;
const admins: Record<'a' | 'b', { id: string; username: string; token: string }> = {} as never;
let certificateId = '';
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function consoleAs(who: 'a' | 'b'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU' });
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill(admins[who].username);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('link', { name: 'Сертификаты ЭЦП' }).click();
  await page.getByRole('heading', { name: 'Сертификаты ЭЦП должностных лиц' }).waitFor();
  return page;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  for (const who of ['a', 'b'] as const) {
    const username = `admin-${who}.${run}`;
    const created = await stack.call('POST', '/v1/users', {
      username,
      fullName: `Администратор ${who === 'a' ? 'Первый' : 'Второй'}`,
      password: PASSWORD,
      role: 'ADMIN',
    });
    expect(created.status).toBe(201);
    const signed = await stack.call(
      'POST',
      '/v1/auth/sign-in',
      { username, password: PASSWORD },
      { 'Content-Type': 'application/json' },
    );
    admins[who] = { id: created.body.id, username, token: signed.body.accessToken };
  }
  const holder = await stack.call('POST', '/v1/users', {
    username: `tik.${run}`,
    fullName: 'Представитель ТИК',
    password: PASSWORD,
    role: 'DISTRICT_COMMISSION',
    districtId: '7101',
  });
  const registered = await stack.call(
    'POST',
    '/v1/certificates',
    {
      pem: testSigner('p256', 'Представитель ТИК').pem,
      holder: holder.body.id,
      holderName: 'Представитель ТИК',
      holderRole: 'commission',
    },
    { 'Content-Type': 'application/json', Authorization: `Bearer ${admins.a.token}` },
  );
  expect(registered.body.pending).toBe('registration');
  certificateId = registered.body.id;
});
afterAll(async () => {
  await browser?.close();
});

test('one admin asks, another approves on the certificates screen, in Russian and Kazakh', async () => {
  const a = await consoleAs('a');
  const rowA = a.locator('tr', { hasText: 'Представитель ТИК' });
  await rowA.getByText('регистрация ждёт одобрения второго администратора').waitFor();
  expect(await rowA.getByRole('button', { name: 'Одобрить' }).count()).toBe(0);
  await shot(a, 'certificate-approval-1-requester');
  await a.close();

  const b = await consoleAs('b');
  const row = b.locator('tr', { hasText: 'Представитель ТИК' });
  await row.getByText('запросил: Администратор Первый').waitFor();
  await row.getByRole('button', { name: 'Одобрить' }).click();
  await b.getByText('Регистрация сертификата «Представитель ТИК» одобрена').waitFor();
  expect(await stack.prisma.signerCertificate.findUniqueOrThrow({ where: { id: certificateId } })).toMatchObject({
    registrationApprovedBy: admins.b.id,
  });
  await row.getByText('действует').waitFor();

  await row.getByRole('button', { name: 'Отозвать' }).click();
  await b.getByLabel('Почему сертификат отзывается').fill('Ключ утерян');
  await b.getByRole('button', { name: 'Отозвать сертификат' }).click();
  await b.getByText('Запрос на отзыв сертификата «Представитель ТИК» создан').waitFor();
  await row.getByText('отзыв ждёт одобрения второго администратора').waitFor();
  expect(await row.getByRole('button', { name: 'Одобрить' }).count()).toBe(0);
  await shot(b, 'certificate-approval-2-ru');

  await b.getByLabel('Язык', { exact: true }).selectOption('kk');
  await b.reload();
  await b.getByRole('heading', { name: 'Лауазымды тұлғалардың ЭЦҚ сертификаттары' }).waitFor();
  await b
    .locator('tr', { hasText: 'Представитель ТИК' })
    .getByText('кері қайтару екінші әкімшінің мақұлдауын күтуде')
    .waitFor();
  await shot(b, 'certificate-approval-3-kk');
  expect(
    (await stack.prisma.signerCertificate.findUniqueOrThrow({ where: { id: certificateId } })).revokedAt,
  ).toBeNull();
  await b.close();
});
