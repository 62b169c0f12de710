/**
 * The console's sign-ins in Chromium (issue 24 item 3): a registrar, signed in through the form,
 * opens «Сеансы» and finds this sign-in marked and another (signed in elsewhere) listed, ends the
 * other from the screen (its refresh token is refused at once), then signs out with an access token
 * that no longer works (as after an idle spell): the console's own refresh token is refused
 * afterwards, since the console ends the sign-in by it. Screenshot: test-output/screenshots/sessions-ru.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { useLocalStack } from '../support/local-stack';

/* eslint-disable @typescript-eslint/no-explicit-any -- the functions given to page.evaluate run in
   the browser, whose globals this Node project's types do not declare. */
declare const sessionStorage: any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'console test password';
const username = `registrar.sessions.${randomUUID().slice(0, 6)}`;
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const JSON_HEADERS = { 'Content-Type': 'application/json' };

const stack = useLocalStack();
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const created = await stack.call('POST', '/v1/users', {
    username,
    fullName: 'Тест Сеансы',
    password: PASSWORD,
    role: 'AKIMAT_REGISTRAR',
    districtId: '7101',
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
});

const refresh = (refreshToken: string) => stack.call('POST', '/v1/auth/refresh', { refreshToken }, JSON_HEADERS);

test('a registrar lists their sign-ins in Russian, ends another, and signs out for good', async () => {
  const elsewhere = await stack.call(
    'POST',
    '/v1/auth/sign-in',
    { username, password: PASSWORD },
    { ...JSON_HEADERS, 'User-Agent': FIREFOX },
  );
  expect(elsewhere.status).toBe(200);

  const page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU' });
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill(username);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('link', { name: 'Сеансы' }).click();
  await page.getByRole('heading', { name: 'Мои сеансы' }).waitFor();
  const rows = page.locator('tbody tr');
  await expectCount(rows, 2);
  const here = page.locator('tr[aria-current="true"]');
  expect(await here.innerText()).toContain('Этот сеанс');
  expect(await here.innerText()).toContain('127.0.0.1');
  const other = page.locator('tbody tr:not([aria-current])');
  expect(await other.innerText()).toContain('Firefox 128 · Windows');
  await page.screenshot({ path: join(SHOTS, 'sessions-ru.png'), fullPage: true });

  await other.getByRole('button', { name: /^Завершить сеанс, начатый/ }).click();
  await page
    .getByRole('status')
    .getByText(/^Сеанс, начатый .*, завершён\.$/)
    .waitFor();
  await expectCount(rows, 1);
  expect((await refresh(elsewhere.body.refreshToken)).body.code).toBe('auth.session-ended');

  // The access token has stopped working (expired, as after a while away); the refresh token still would.
  const tokens = JSON.parse(await page.evaluate(() => sessionStorage.getItem('tizim.tokens'))) as {
    accessToken: string;
    refreshToken: string;
  };
  await page.evaluate(
    (t) => sessionStorage.setItem('tizim.tokens', JSON.stringify({ ...t, accessToken: 'expired' })),
    tokens,
  );
  await page.getByRole('button', { name: 'Выйти' }).click();
  await page.getByRole('button', { name: 'Войти' }).waitFor();
  expect(await refresh(tokens.refreshToken)).toMatchObject({ status: 401, body: { code: 'auth.session-ended' } });
  await page.close();
});

/** A locator's count once it settles at `n` (ten seconds at most), for the table after a load. */
async function expectCount(locator: Locator, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await locator.count()) !== n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(await locator.count()).toBe(n);
}
