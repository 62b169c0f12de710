/**
 * A round's findings in the console (issue 22): every received file stays on the Files screen with
 * its verdict after a reload (a rejected one with its rejection table); the district commission's
 * review task leads to the round's findings, grouped by category and station, with the evidence and
 * the other region by name, filtered and paged, each read audited, the XLSX and PDF reports beside
 * them; after a send-back the registrar's corrections task shows who sent it back, when, the
 * comment, and the findings to correct. Russian and Kazakh, with screenshots of each step
 * (test-output/screenshots/findings-*.png).
 *
 * District 3101 (added to region 31, which no other suite reconciles) sends a voter file of people
 * the register has in Astana (region 71): each is a finding of category 5 naming «город Астана»;
 * one surname differs from the register's (category 1, the file's and the register's value).
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { calendarYearsFor, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { APPENDIX1_FIELD_NAMES } from '../../libs/files/appendix1';
import { appendix1Csv } from '../../libs/synthetic/scenario';
import { nationalCycleWorkflowId } from '../../libs/contracts/cycle';
import { ensureCalendarYears, eventually } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { withStations } from '../support/register';

const period = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
const REGION = '31';
const DISTRICT = ['3101', 'Байзакский район', 'Бәйзақ ауданы'] as const;
const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'findings test password';

const stack = useLocalStack({
  beforeStart: async (s) => {
    await ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period)));
    const [id, nameRu, nameKk] = DISTRICT;
    await s.prisma.district.upsert({ where: { id }, create: { id, regionCode: REGION, nameRu, nameKk }, update: {} });
  },
  beforeStop: async (s) => {
    await s.env.client.workflow
      .getHandle(nationalCycleWorkflowId(period))
      .terminate('test over')
      .catch(() => undefined);
  },
});

let browser: Browser;
const accounts: Record<string, { id: string; username: string; fullName: string }> = {};

async function account(key: string, role: string, territory: Record<string, string>, fullName: string) {
  const username = `findings.${key.toLowerCase()}`;
  const created = await stack.call('POST', '/v1/users', { username, fullName, password: PASSWORD, role, ...territory });
  expect(created.status).toBe(201);
  accounts[key] = { id: created.body.id, username, fullName };
}

async function signedIn(who: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU' });
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill(accounts[who].username);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('button', { name: 'Выйти' }).waitFor();
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `findings-${name}.png`), fullPage: true });

/** «1 расхождение», «2 расхождения», «5 расхождений»: the form Russian takes after the number. */
const discrepancies = (n: number) =>
  `${n} ${{ one: 'расхождение', few: 'расхождения', many: 'расхождений' }[new Intl.PluralRules('ru').select(n) as 'one' | 'few' | 'many']}`;

/** Waits until the element says exactly `text` (a page re-renders after a click or a fetch). */
async function says(locator: Locator, text: string): Promise<void> {
  let last: string | null = null;
  await eventually(`«${text}»`, async () => (last = await locator.textContent()) === text, 15_000).catch(() => {
    throw new Error(`expected «${text}», the page says «${last}»`);
  });
}

let rows: Record<string, string>[] = [];
let csv = '';
const GOOD = 'izbirateli_3101.csv';
const BROKEN = 'izbirateli_3101_oshibka.csv';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  await account('REGISTRAR', 'AKIMAT_REGISTRAR', { districtId: DISTRICT[0] }, 'Айгерим Сапарова');
  await account('COMMISSION', 'DISTRICT_COMMISSION', { districtId: DISTRICT[0] }, 'Ержан Омаров');
  // Astana's voters in district 3101's file: each is registered in another region (category 5).
  const voters = await withStations(
    stack.prisma,
    await stack.prisma.registerVoter.findMany({ where: { districtId: '7101' }, orderBy: { iin: 'asc' }, take: 8 }),
  );
  rows = voters.map((v, i): Record<string, string> => ({
    Cod: String(i + 1),
    Cod_izber: v.iin,
    // One surname as the register does not have it: a finding of category 1.
    Soname: i === 0 ? `${v.surname}ова` : v.surname,
    Name: v.firstName,
    Otchestvo: v.patronymic ?? '',
    Cod_uch: String(v.station?.number ?? ''),
    Date_rogd: v.birthDate.toISOString().slice(0, 10),
    mal: v.sex === 'MALE' ? 'М' : 'Ж',
    Mesto_progiv: v.locality,
    Street: v.street ?? '',
    Hourse: v.house ?? '',
    Kvartira: v.apartment ?? '',
    Dopol1: '0',
    Dopol2: '0',
    Dopol4: '0',
  }));
  csv = appendix1Csv(rows);
  expect((await stack.call('POST', '/v1/cycles', { period })).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
});

describe('findings in the console', () => {
  it('keeps every received file on the Files screen after a reload, a rejected one with its rejection table', async () => {
    const page = await signedIn('REGISTRAR');
    await page.goto(`${stack.base}/console/#/files?period=${period}`);
    const send = async (content: string, name: string, status: string) => {
      await page
        .getByLabel('Файл', { exact: true })
        .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
      await page.getByRole('button', { name: 'Загрузить файл' }).click();
      await page.locator(`[data-file-status="${status}"]`).waitFor({ timeout: 60_000 });
    };
    await send(appendix1Csv(rows, { header: APPENDIX1_FIELD_NAMES.filter((f) => f !== 'Hourse') }), BROKEN, 'REJECTED');
    await send(csv, GOOD, 'ACCEPTED');

    // After a reload: both files, each with its verdict; the rejected one's table on demand.
    await page.reload();
    const list = page.locator('[data-received-files]');
    const rejected = list.locator('tr[data-status="REJECTED"]');
    await rejected.waitFor({ timeout: 30_000 });
    await expect(list.locator('caption').textContent()).resolves.toBe(`Файлы: Байзакский район, период ${period}`);
    await expect(rejected.textContent()).resolves.toMatch(new RegExp(`${BROKEN}.*отклонён \\(замечаний: 1\\)`));
    await expect(rejected.textContent()).resolves.toContain('Айгерим Сапарова');
    await expect(list.locator('tr[data-status="ACCEPTED"]').textContent()).resolves.toMatch(
      new RegExp(`${GOOD}.*${rows.length}.*принят`),
    );
    await rejected.getByRole('button', { name: 'Почему отклонён' }).click();
    const table = list.locator('[data-received-report]');
    await table.waitFor();
    await expect(table.textContent()).resolves.toContain('в файле нет полей Приложения 1: Hourse');
    await shot(page, '01-files-after-reload');
    await page.getByLabel('Язык').selectOption('kk');
    await expect(rejected.textContent()).resolves.toContain('қабылданбады');
    await expect(list.locator('caption').textContent()).resolves.toBe(`Файлдар: Бәйзақ ауданы, ${period} кезең`);
    await shot(page, '02-files-after-reload-kk');
    await page.close();
  });

  it("shows the commission's review task the round's findings, by category and station, with the evidence by name, filtered, paged and audited", async () => {
    // The akimat's act for the good file, its receipt recorded, the submission task completed (API).
    const act = await stack.call('POST', '/v1/transfer-acts', {
      period,
      districtId: DISTRICT[0],
      number: '3101-К/1',
      akimat: { holder: accounts.REGISTRAR.id, name: 'Айгерим Сапарова', position: 'главный специалист' },
      files: [
        {
          kind: 'voters',
          name: GOOD,
          sizeBytes: Buffer.byteLength(csv),
          records: rows.length,
          sha256: createHash('sha256').update(csv).digest('hex'),
        },
      ],
    });
    expect(act.status).toBe(201);
    const receipt = await stack.call('POST', `/v1/transfer-acts/${act.body.id}/receipt`, {
      commission: { holder: accounts.COMMISSION.id, name: 'Ержан Омаров', position: 'секретарь комиссии' },
    });
    expect(receipt.status).toBe(200);
    const submit = await eventually(
      'the submission task of 3101',
      () =>
        stack.prisma.cycleTask.findFirst({
          where: { period, districtId: DISTRICT[0], kind: 'SUBMIT_FILES', status: 'OPEN' },
        }),
      60_000,
    );
    expect((await stack.call('POST', `/v1/tasks/${submit.id}/claim`)).status).toBe(200);
    expect(
      (await stack.call('POST', `/v1/tasks/${submit.id}/complete`, { outcome: { transferActId: act.body.id } })).status,
    ).toBe(200);
    const review = await eventually(
      "the commission's review task",
      () =>
        stack.prisma.cycleTask.findFirst({
          where: { period, districtId: DISTRICT[0], kind: 'REVIEW_DISCREPANCIES', status: 'OPEN' },
        }),
      60_000,
    );
    const run = await stack.prisma.cycleReconciliation.findFirstOrThrow({
      where: { period, districtId: DISTRICT[0], round: 1 },
    });
    const total = await stack.prisma.reconciliationDiscrepancy.count({ where: { runId: run.id } });
    const otherRegion = await stack.prisma.reconciliationDiscrepancy.count({ where: { runId: run.id, category: 5 } });
    expect(otherRegion).toBe(rows.length);
    expect(total).toBeGreaterThan(otherRegion);

    const page = await signedIn('COMMISSION');
    await page.goto(`${stack.base}/console/#/tasks`);
    const card = page.locator(`article[data-task="${review.id}"]`);
    await card.waitFor();
    // The count of the round, with the Russian plural, and the way to the findings.
    await says(card.locator('[data-round-findings]'), discrepancies(run.discrepancies));
    await shot(page, '03-review-task');
    await card.getByRole('link', { name: 'Открыть расхождения' }).click();
    await page.waitForURL(`**/#/findings?reconciliation=${run.id}`);
    const view = page.locator(`[data-findings="${run.id}"]`);
    await view
      .getByRole('heading', { name: `Расхождения: Байзакский район, сверка № 1, период ${period}` })
      .waitFor()
      .catch(async (err) => {
        await shot(page, 'debug');
        throw err;
      });
    const status = view.getByRole('status');
    await says(status, `${discrepancies(total)}. Показано ${total} из ${total}.`);
    // Grouped by category, a heading row each; the other region by its name, never its code.
    await expect(view.locator('tr.group').first().textContent()).resolves.toMatch(/^Категория 0\. /);
    await expect(view.locator('[data-by-category] li[data-category="5"]').textContent()).resolves.toBe(
      `Категория 5. граждане, зарегистрированные в других регионах: ${rows.length} ${{ one: 'запись', few: 'записи', many: 'записей' }[new Intl.PluralRules('ru').select(rows.length) as 'one' | 'few' | 'many']}`,
    );
    const category5 = view.locator('tr[data-category="5"]');
    await expect(category5.count()).resolves.toBe(rows.length);
    for (const involved of await category5.locator('[data-involved]').allTextContents())
      expect(involved).toBe('регион: город Астана');
    await expect(category5.first().textContent()).resolves.toContain('регион по регистру: город Астана');
    expect(await view.locator('table').textContent()).not.toMatch(/регион[^:]*: 71/);
    // What the file says and what the register says.
    const surname = view.locator('tr[data-category="1"]', { hasText: 'в файле:' }).first();
    await expect(surname.textContent()).resolves.toContain(
      `в файле: ${rows[0]!.Soname}; в регистре: ${rows[0]!.Soname.slice(0, -3)}`,
    );
    // Every finding's evidence in words: no machine key (registerDocument, registerRegion) reaches the screen.
    for (const cell of await view.locator('tr[data-finding] td:nth-child(7)').allTextContents())
      expect(cell.replace(/Cod/g, '')).not.toMatch(/[A-Za-z]{2,}/);
    // The reports beside them.
    await view.getByRole('button', { name: 'Отчёт для акимата (XLSX)' }).waitFor();
    await view.getByRole('button', { name: 'Отчёт для акимата (PDF)' }).waitFor();
    await shot(page, '04-findings');

    // Filtered by category: focus goes to what is shown now.
    await view.getByLabel('Категория').selectOption('5');
    await view.getByRole('button', { name: 'Показать', exact: true }).click();
    await page.waitForURL(`**/#/findings?reconciliation=${run.id}&category=5`);
    await says(status, `${discrepancies(rows.length)}. Показано ${rows.length} из ${rows.length}.`);
    await expect(view.locator('tr[data-finding]').count()).resolves.toBe(rows.length);
    await expect(view.locator('tr[data-finding]:not([data-category="5"])').count()).resolves.toBe(0);
    await expect(page.evaluate("document.activeElement?.getAttribute('role')")).resolves.toBe('status');
    await shot(page, '05-findings-category-5');

    // By station, paged two at a time.
    const station = rows[1]!.Cod_uch;
    const onStation = await stack.prisma.reconciliationDiscrepancy.count({
      where: { runId: run.id, stationCode: station },
    });
    expect(onStation).toBeGreaterThan(1);
    await page.goto(`${stack.base}/console/#/findings?reconciliation=${run.id}&station=${station}&size=1`);
    await says(view.getByRole('status'), `${discrepancies(onStation)}. Показано 1 из ${onStation}.`);
    await view.getByRole('button', { name: 'Показать ещё' }).click();
    await says(view.getByRole('status'), `${discrepancies(onStation)}. Показано 2 из ${onStation}.`);
    await expect(page.evaluate("document.activeElement?.getAttribute('role')")).resolves.toBe('status');
    for (const cell of await view.locator('tr[data-finding] td:nth-child(2)').allTextContents())
      expect(cell).toBe(`№ ${station}`);
    await shot(page, '06-findings-station-paged');

    await page.getByLabel('Язык').selectOption('kk');
    await view
      .getByRole('heading', { name: `Сәйкессіздіктер: Бәйзақ ауданы, № 1 салыстыру, ${period} кезең` })
      .waitFor();
    await page.goto(`${stack.base}/console/#/findings?reconciliation=${run.id}`);
    await view.locator('tr[data-category="5"]').first().waitFor();
    await says(view.locator('tr[data-category="5"] [data-involved]').first(), 'өңір: Астана қаласы');
    await shot(page, '07-findings-kk');

    // Each read is in the audit trail, as the commission's.
    const reads = await stack.prisma.auditEvent.count({
      where: { actor: accounts.COMMISSION.id, action: 'reconciliation.discrepancies.read', subjectId: run.id },
    });
    expect(reads).toBeGreaterThanOrEqual(5);
    await page.close();
  });

  it("shows the registrar's corrections task who sent the data back, when, the comment and the findings to correct", async () => {
    const review = await stack.prisma.cycleTask.findFirstOrThrow({
      where: { period, districtId: DISTRICT[0], kind: 'REVIEW_DISCREPANCIES', status: 'OPEN' },
    });
    const comment = 'Исправьте записи избирателей, зарегистрированных в Астане';
    const commission = await signedIn('COMMISSION');
    await commission.goto(`${stack.base}/console/#/tasks`);
    const card = commission.locator(`article[data-task="${review.id}"]`);
    await card.getByRole('button', { name: 'Взять' }).click();
    await card.getByLabel('Решение').selectOption({ label: 'Вернуть на исправление' });
    await card.getByLabel('Комментарий').fill(comment);
    await card.getByRole('button', { name: 'Выполнить' }).click();
    await card.waitFor({ state: 'detached' });
    await commission.close();

    const corrections = await eventually(
      'the corrections task',
      () =>
        stack.prisma.cycleTask.findFirst({
          where: { period, districtId: DISTRICT[0], kind: 'SUBMIT_CORRECTIONS', status: 'OPEN' },
        }),
      60_000,
    );
    const sentBack = await stack.prisma.cycleTask.findUniqueOrThrow({ where: { id: review.id } });
    const run = await stack.prisma.cycleReconciliation.findFirstOrThrow({
      where: { period, districtId: DISTRICT[0], round: 1 },
    });
    const page = await signedIn('REGISTRAR');
    await page.goto(`${stack.base}/console/#/tasks`);
    const task = page.locator(`article[data-task="${corrections.id}"]`);
    const back = task.locator('[data-sent-back]');
    await back.waitFor();
    await expect(back.locator('[data-sent-back-by]').textContent()).resolves.toBe(
      'Ержан Омаров (территориальная комиссия)',
    );
    const at = new Intl.DateTimeFormat('ru-RU', {
      timeZone: 'Asia/Almaty',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    }).format(sentBack.completedAt!);
    await expect(back.textContent()).resolves.toContain(`Когда${at}`);
    await expect(back.locator('[data-sent-back-comment]').textContent()).resolves.toBe(comment);
    await expect(task.locator('[data-round-findings]').textContent()).resolves.toBe(discrepancies(run.discrepancies));
    await task.getByRole('button', { name: 'Показать', exact: true }).click();
    const panel = task.locator(`[data-findings="${run.id}"]`);
    await panel.locator('tr[data-finding]').first().waitFor();
    await expect(panel.locator('[data-involved]', { hasText: 'город Астана' }).count()).resolves.toBeGreaterThan(0);
    await shot(page, '08-corrections-task');
    await page.getByLabel('Язык').selectOption('kk');
    await back.getByText('Комиссия түзетуге қайтарды').waitFor();
    await expect(back.locator('[data-sent-back-by]').textContent()).resolves.toBe('Ержан Омаров (аумақтық комиссия)');
    await shot(page, '09-corrections-task-kk');
    await task.getByRole('link', { name: 'Сәйкессіздіктерді ашу' }).click();
    await page.locator(`[data-findings="${run.id}"] tr[data-finding]`).first().waitFor();
    await page.close();
  });
});
