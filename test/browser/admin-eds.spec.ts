/**
 * The console's sign-in for an administrator with TIZIM_ADMIN_SIGN_IN=eds (issue 24, ASVS 4.3.1),
 * in Chromium: the password alone is answered with the EDS step («Вход администратора (ЭЦП)», no
 * IIN asked), the username and password kept; the admin chooses their key file and certificate
 * file, the browser signs the challenge, and the console opens. Screenshot:
 * test-output/screenshots/admin-eds-ru.png.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { testSigner } from '../support/certificates';
import { OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';

const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'console test password';
const username = `admin.eds.${randomUUID().slice(0, 6)}`;

const { stack } = useLocalStackOnOwnDatabase('admin_eds_console', { config: { TIZIM_ADMIN_SIGN_IN: 'eds' } });
let browser: Browser;
let keys: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const created = await stack.call(
    'POST',
    '/v1/users',
    { username, fullName: 'Тест Администратор', password: PASSWORD, role: 'ADMIN' },
    OPERATOR_HEADERS,
  );
  expect(created.status).toBe(201);
  const signer = testSigner('p256', 'Тест Администратор');
  const cert = await stack.call(
    'POST',
    '/v1/certificates',
    { pem: signer.pem, holder: created.body.id, holderName: 'Тест Администратор', holderRole: 'admin' },
    OPERATOR_HEADERS,
  );
  expect(cert.status).toBe(201);
  keys = mkdtempSync(join(tmpdir(), 'tizim-admin-'));
  writeFileSync(join(keys, 'admin.key.pem'), signer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(keys, 'admin.cert.pem'), signer.pem);
});
afterAll(async () => {
  await browser?.close();
});

test('an administrator is taken from the password to the EDS step and signs in with their key', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU' });
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill(username);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();

  await page.getByRole('heading', { name: 'Вход администратора (ЭЦП)' }).waitFor();
  expect(await page.getByLabel('ИИН').count()).toBe(0);
  expect(await page.getByLabel('Пароль').inputValue()).toBe(PASSWORD);
  await page.getByLabel('Файл ключа ЭЦП (PKCS#8, PEM)').setInputFiles(join(keys, 'admin.key.pem'));
  await page.getByLabel('Файл сертификата (PEM)').setInputFiles(join(keys, 'admin.cert.pem'));
  await page.screenshot({ path: join(SHOTS, 'admin-eds-ru.png'), fullPage: true });
  await page.getByRole('button', { name: 'Подписать и войти' }).click();
  await page.getByRole('button', { name: 'Выйти' }).waitFor();
  await page.close();
});
