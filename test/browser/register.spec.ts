/**
 * The register's screen in a real browser (Debian's Chromium) against the local stack on a
 * database of its own (a snapshot made current changes the one global register): an administrator
 * uploads the shipped sample extract, watches it become the current snapshot, reads the rows it
 * held back by row, field and rule in Russian, sees a file that is not an extract refused in plain
 * words, and reads the same screen in Kazakh. Screenshots go to test-output/screenshots/.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { registerExtractSample, SAMPLE_EXTRACT_AS_OF } from '../../libs/synthetic/register-extract';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';

const { stack } = useLocalStackOnOwnDatabase('register_browser');

const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'register screen password';
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
let browser: Browser;
let dir = '';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'tizim-register-browser-'));
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const created = await stack.call('POST', '/v1/users', {
    username: 'admin.register',
    fullName: 'Администратор реестра',
    password: PASSWORD,
    role: 'ADMIN',
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
});

it("takes the CEC's extract as the current snapshot, names the rows it held back, refuses what is not an extract, in Russian and Kazakh", async () => {
  const sample = registerExtractSample();
  const samplePath = join(dir, 'register-extract-sample.csv');
  writeFileSync(samplePath, sample.content);
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'ru-RU' });
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill('admin.register');
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('link', { name: 'Реестр (АИС «Сайлау»)' }).click();
  await page.getByRole('heading', { name: 'Реестр избирателей: снимки АИС «Сайлау»' }).waitFor();
  // Before any extract: the register loaded otherwise, current.
  await page
    .locator('tr[data-snapshot="0"][data-status="CURRENT"]')
    .getByText('реестр, загруженный до первой выписки')
    .waitFor();

  const form = page.getByRole('form', { name: 'Загрузить выписку реестра' });
  await form.getByLabel('Файл').setInputFiles(samplePath);
  await form.getByLabel('По состоянию на').fill(SAMPLE_EXTRACT_AS_OF);
  await form.getByRole('button', { name: 'Загрузить выписку' }).click();
  const v1 = page.locator('tr[data-snapshot="1"]');
  await v1.and(page.locator('[data-status="CURRENT"]')).waitFor({ timeout: 60_000 });
  await page.locator('tr[data-snapshot="0"][data-status="SUPERSEDED"]').waitFor();
  const cells = await v1.locator('td').allInnerTexts();
  expect(cells[0]).toBe('1');
  expect(cells[1]).toBe('01.01.2027');
  expect(cells[2]).toContain('register-extract-sample.csv');
  expect(cells[3]).toContain('действующий');
  expect(cells.slice(4, 6).map((c) => c.replace(/\s/g, ''))).toEqual([String(sample.rows), String(sample.rows - 3)]);
  expect(cells[6]).toMatch(/^3\b/);
  await shot(page, 'register-01-current');

  await v1.getByRole('button', { name: 'Строки с ошибками' }).click();
  const held = page.locator('[data-held-back="1"] tbody tr');
  await held.first().waitFor();
  expect(await held.allInnerTexts()).toEqual(
    sample.heldBack.map((p) =>
      [
        String(p.row),
        { IIN: 'ИИН', DISTRICT: 'Район (код)' }[p.field],
        {
          repeated: 'ИИН повторяется (впервые в строке 1)',
          'check-digit': 'неверная контрольная цифра',
          'unknown-district': 'район не числится',
        }[p.rule],
      ].join('\t'),
    ),
  );
  await shot(page, 'register-02-held-back');

  // An Appendix 1 voter file sent by mistake: refused, in words, the register unchanged.
  const wrong = join(dir, 'izbirateli.csv');
  writeFileSync(wrong, 'Cod;Cod_izber;Soname;Name\r\n1;900101300016;Иванов;Иван\r\n');
  await form.getByLabel('Файл').setInputFiles(wrong);
  await form.getByRole('button', { name: 'Загрузить выписку' }).click();
  const v2 = page.locator('tr[data-snapshot="2"][data-status="REFUSED"]');
  await v2.waitFor({ timeout: 60_000 });
  const refused = await v2.innerText();
  expect(refused.match(/Заголовок не соответствует формату выписки 1/g)).toHaveLength(1);
  expect(refused).toContain(
    'нет обязательных полей: IIN (ИИН), SURNAME (Фамилия), FIRST_NAME (Имя), BIRTH_DATE (Дата рождения)',
  );
  expect(refused).toContain('поля, которых нет в формате: Cod, Cod_izber, Soname, Name');
  await page.locator('tr[data-snapshot="1"][data-status="CURRENT"]').waitFor();
  await shot(page, 'register-03-refused');

  await page.getByLabel('Язык').selectOption('kk');
  await page.getByRole('heading', { name: 'Сайлаушылар тізілімі: «Сайлау» АЖ көшірмелері' }).waitFor();
  expect(await page.locator('tr[data-snapshot="1"]').innerText()).toContain('қолданыстағы');
  expect(await v2.innerText()).toContain('Тақырып жолы 1-үзінді пішіміне сәйкес емес');
  await page.locator('tr[data-snapshot="1"]').getByRole('button', { name: 'Қатесі бар жолдар' }).click();
  await page.locator('[data-held-back="1"]').getByText('ЖСН қайталанады (алғаш 1-жолда)').waitFor();
  // Nothing on the screen in English (file names, codes and digests aside).
  const text = (await page.locator('main').innerText()).replace(
    /register-extract-sample\.csv|izbirateli\.csv|tizim-register-extract|REGISTER|MS Access|CSV|UTF-8|Windows-1251|SHA-256/g,
    '',
  );
  expect(text).not.toMatch(/\b(the|file|row|field|refused|snapshot|current)\b/i);
  await shot(page, 'register-04-kk');
  await page.close();
});
