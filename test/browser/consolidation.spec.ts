/**
 * The region's consolidated file in the console (Chromium against the local stack): the regional
 * commission opens «Сводный файл», sees before building which districts are not ready for the CEC
 * (one sent back with corrections pending, one never reconciled) by name, builds the file, follows
 * it to WRITTEN, sees the same districts named as included though not ready, downloads the .mdb
 * (audited with its reason) and reads it back; the same screen in Kazakh. On the tasks screen the
 * SUBMIT_TO_CEC task shows what is submitted (the file, the districts not ready) with a link to the
 * screen, and is completed with the act number from the console: the region's workflow takes it
 * and opens the CEC's receipt task.
 *
 * Region 43 (no demo districts), on a database of its own: its region workflow is started with no districts
 * on record, so it opens SUBMIT_TO_CEC at once; then three districts are loaded with staged voter
 * files, their reconciliation and review recorded as the district workflows would have them.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as TemporalClient } from '@temporalio/client';
import MDBReader from 'mdb-reader';
import { Client } from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { calendarYearsFor, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { DEFAULT_ESCALATION_POLICY, regionCycleWorkflowId } from '../../libs/contracts/cycle';
import { loadRegister, loadSubmission } from '../../libs/db/synthetic/load';
import { voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { tizimDataConverter } from '../../libs/temporal/codec';
import { ensureCalendarYears, eventually } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';

const period = periodStartingAfter(Date.now() + 200 * 86_400_000).id;
const REGION = '43';
const SPEC: ScenarioSpec = {
  seed: 4301,
  referenceDate: '2026-10-01',
  period,
  regions: [
    {
      code: REGION,
      stationBase: 700,
      districts: [
        { id: 'syn43-a', nameRu: 'Аральский район', nameKk: 'Арал ауданы', locality: 'Арал', slot: 50, stations: [20] },
        {
          id: 'syn43-b',
          nameRu: 'Казалинский район',
          nameKk: 'Қазалы ауданы',
          locality: 'Казалинск',
          slot: 51,
          stations: [15],
        },
        {
          id: 'syn43-c',
          nameRu: 'Жалагашский район',
          nameKk: 'Жалағаш ауданы',
          locality: 'Жалагаш',
          slot: 52,
          stations: [10],
        },
      ],
    },
  ],
};
const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'consolidation test password';

// A database of its own: its districts of region 43 would otherwise reach any national cycle started
// on the shared database while they exist (test/e2e/board.spec.ts counts region 43's districts).
const { stack, databaseUrl } = useLocalStackOnOwnDatabase('consolidation_browser', {
  beforeStart: async (s) => {
    await ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period)));
  },
  beforeStop: async (s) => {
    await s.env.client.workflow
      .getHandle(regionCycleWorkflowId(period, REGION))
      .terminate('test over')
      .catch(() => undefined);
  },
});

let browser: Browser;
let username: string;
let records: number;

/** As the district workflows record them: a reconciliation round, then the commission's review. */
async function recordCycle(client: Client): Promise<void> {
  const latest = async (districtId: string) =>
    (
      await client.query<{ id: string }>(
        'SELECT id FROM voter_submission WHERE period = $1 AND district_id = $2 ORDER BY received_at DESC LIMIT 1',
        [period, districtId],
      )
    ).rows[0]!.id;
  const task = (districtId: string, kind: string, status: string, outcome: object | null) =>
    client.query(
      `INSERT INTO cycle_task (id, workflow_id, period, region_code, district_id, kind, round, assignee_role, due_at, status, outcome, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::"CycleTaskKind", 1, 'DISTRICT_COMMISSION', now(), $7::"CycleTaskStatus", $8, clock_timestamp())`,
      [
        randomUUID(),
        `test-${districtId}`,
        period,
        REGION,
        districtId,
        kind,
        status,
        outcome && JSON.stringify(outcome),
      ],
    );
  for (const districtId of ['syn43-a', 'syn43-b'])
    await client.query(
      `INSERT INTO cycle_reconciliation (id, workflow_id, period, district_id, round, discrepancies, result, created_at, submission_id)
       VALUES ($1, $2, $3, $4, 1, 2, '{}', now(), $5)`,
      [randomUUID(), `test-${districtId}`, period, districtId, await latest(districtId)],
    );
  // A: sent back, its corrections not yet in. B: accepted. C: its file never reconciled.
  await task('syn43-a', 'REVIEW_DISCREPANCIES', 'COMPLETED', { kind: 'REVIEW_DISCREPANCIES', decision: 'send-back' });
  await task('syn43-a', 'SUBMIT_CORRECTIONS', 'OPEN', null);
  await task('syn43-b', 'REVIEW_DISCREPANCIES', 'COMPLETED', { kind: 'REVIEW_DISCREPANCIES', decision: 'accept' });
}

async function signedIn(): Promise<Page> {
  const page = await browser.newPage({
    viewport: { width: 1366, height: 800 },
    locale: 'ru-RU',
    acceptDownloads: true,
  });
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill(username);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('button', { name: 'Выйти' }).waitFor();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // The region's workflow first, while region 43 has no district: it opens SUBMIT_TO_CEC at once.
  const temporal = new TemporalClient({
    connection: stack.env.connection,
    dataConverter: tizimDataConverter(stack.config.codec.keys, stack.config.codec.activeKeyId),
  });
  await temporal.workflow.start('regionCycleWorkflow', {
    taskQueue: stack.config.temporal.taskQueue,
    workflowId: regionCycleWorkflowId(period, REGION),
    args: [{ period, regionCode: REGION, policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false }],
  });
  await eventually(
    'the SUBMIT_TO_CEC task of region 43',
    () => stack.prisma.cycleTask.findFirst({ where: { period, regionCode: REGION, kind: 'SUBMIT_TO_CEC' } }),
    60_000,
  );
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await loadRegister(client, SPEC);
    for (const [i, d] of ['syn43-a', 'syn43-b', 'syn43-c'].entries())
      await loadSubmission(client, SPEC, d, randomUUID(), `2026-10-0${i + 2}T05:00:00Z`);
    await recordCycle(client);
  } finally {
    await client.end();
  }
  records = ['syn43-a', 'syn43-b', 'syn43-c'].reduce((n, d) => n + [...voterFile(SPEC, d)].length, 0);

  username = `regional.${randomUUID().slice(0, 8)}`;
  const created = await stack.call('POST', '/v1/users', {
    username,
    fullName: 'Сапарова Гульнар Ермековна',
    password: PASSWORD,
    role: 'REGIONAL_COMMISSION',
    regionCode: REGION,
  });
  expect(created.status).toBe(201);
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe("the region's consolidated file in the console", () => {
  it('warns by name of the districts not ready, before and after building; builds, and downloads the .mdb', async () => {
    const page = await signedIn();
    await page.getByRole('navigation').getByRole('link', { name: 'Сводный файл' }).click();
    await page.getByRole('heading', { name: 'Сводный файл региона — Кызылординская область' }).waitFor();
    await page.getByLabel('Период').selectOption(period);
    await page.getByRole('button', { name: 'Показать' }).click();
    await page.getByRole('heading', { name: `Готовность районов: июль ${period.slice(0, 4)}` }).waitFor();

    const before = page.locator('[data-not-ready="before"]');
    await before.waitFor();
    await expect(before.locator('li').allTextContents()).resolves.toEqual([
      'Аральский район — возвращён на доработку, исправления не поступили (раунд сверки 1)',
      'Жалагашский район — сверка не проводилась',
    ]);
    await expect(page.getByText('Готовы к передаче: 1 из 3.').count()).resolves.toBe(1);
    await expect(page.getByText('Сводный файл за этот период ещё не формировался.').count()).resolves.toBe(1);
    await shot(page, '40-consolidation-before-ru');

    await page.getByRole('button', { name: 'Сформировать сводный файл' }).click();
    const latest = page.locator('section[data-file-status="WRITTEN"]');
    await latest.waitFor({ timeout: 60_000 });
    await expect(latest.locator('[data-records]').getAttribute('data-records')).resolves.toBe(String(records));
    await expect(latest.textContent()).resolves.toContain(`izbirateli_${REGION}_${period}.mdb`);
    await expect(latest.textContent()).resolves.toContain('Сапарова Гульнар Ермековна (региональная комиссия)');
    await expect(latest.locator('[data-not-ready="after"] li').allTextContents()).resolves.toEqual([
      'Аральский район — возвращён на доработку, исправления не поступили (раунд сверки 1)',
      'Жалагашский район — сверка не проводилась',
    ]);
    // After building, focus moves to its result.
    await expect(page.locator('section[aria-labelledby="latest-heading"]:focus').count()).resolves.toBe(1);
    await shot(page, '41-consolidation-written-ru');

    // The API keeps the same districts, by code, on the file's record.
    const file = await stack.prisma.consolidatedFile.findFirstOrThrow({
      where: { period, regionCode: REGION, status: 'WRITTEN' },
    });
    expect((file.warnings as { code: string; districtId: string }[]).map((w) => [w.code, w.districtId])).toEqual([
      ['sent-back', 'syn43-a'],
      ['not-reconciled', 'syn43-c'],
    ]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      latest.getByRole('button', { name: 'Скачать .mdb' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`izbirateli_${REGION}_${period}.mdb`);
    const saved = join(mkdtempSync(join(tmpdir(), 'tizim-consolidated-')), 'file.mdb');
    await download.saveAs(saved);
    expect(new MDBReader(readFileSync(saved)).getTable('Izbirateli').rowCount).toBe(records);
    await page.getByText(`Файл izbirateli_${REGION}_${period}.mdb скачан.`).waitFor();
    const audit = await stack.prisma.auditEvent.findFirstOrThrow({
      where: { subjectId: file.id, action: 'consolidated-file.download' },
    });
    expect(audit.reason).toBe('Передача сводного файла в ЦИК');

    await page.getByLabel('Язык').selectOption('kk');
    await page.getByRole('heading', { name: 'Өңірдің жиынтық файлы — Қызылорда облысы' }).waitFor();
    await expect(page.locator('[data-not-ready="before"] li').allTextContents()).resolves.toEqual([
      'Арал ауданы — пысықтауға қайтарылды, түзетулер түспеген (салыстырудың 1-раунды)',
      'Жалағаш ауданы — салыстыру жүргізілмеген',
    ]);
    await shot(page, '42-consolidation-written-kk');
    await page.close();
  });

  it('the SUBMIT_TO_CEC task shows what is submitted, links to the screen, and is completed with the act number', async () => {
    const page = await signedIn();
    await page.goto(`${stack.base}/console/#/tasks`);
    await page.locator('article.task', { hasText: 'Представить в ЦИК' }).waitFor();
    const taskId = await page.locator('article.task', { hasText: 'Представить в ЦИК' }).getAttribute('data-task');
    const card = page.locator(`article[data-task="${taskId}"]`);
    const submitting = card.locator('.cec-submission');
    await submitting.getByText(`izbirateli_${REGION}_${period}.mdb`, { exact: false }).waitFor();
    await expect(submitting.locator('[data-not-ready="task"]').textContent()).resolves.toBe(
      'Не готовы: Аральский район (возвращён на доработку, исправления не поступили); Жалагашский район (сверка не проводилась)',
    );

    await shot(page, '43-cec-task-ru');
    await page.getByLabel('Язык').selectOption('kk');
    await card
      .getByText('Дайын емес: Арал ауданы (пысықтауға қайтарылды, түзетулер түспеген)', { exact: false })
      .waitFor();
    await shot(page, '43b-cec-task-kk');
    await page.getByLabel('Тіл').selectOption('ru');

    // The link leads to the screen for the task's period and region.
    await submitting.getByRole('link', { name: 'Открыть «Сводный файл региона»' }).click();
    await page.getByRole('heading', { name: 'Сводный файл региона — Кызылординская область' }).waitFor();
    expect(page.url()).toContain(`period=${period}`);
    await page.goBack();

    await card.getByRole('button', { name: 'Взять' }).click();
    await card.getByRole('button', { name: 'Выполнить' }).click();
    // An empty act number is said in the console's words, not the browser's bubble, and the field takes focus.
    await expect(page.locator('p[data-form-check]').textContent()).resolves.toBe('Заполните: Номер акта.');
    await expect(page.evaluate('document.activeElement?.getAttribute("name")')).resolves.toBe('actNumber');
    await shot(page, '44-cec-task-act-number-missing-ru');
    await card.getByLabel('Номер акта').fill('43-ЦИК-7');
    await card.getByRole('button', { name: 'Выполнить' }).click();
    await page.locator('p[data-task-done]').waitFor();
    await shot(page, '45-cec-task-done-ru');
    const done = await stack.prisma.cycleTask.findFirstOrThrow({
      where: { period, regionCode: REGION, kind: 'SUBMIT_TO_CEC' },
    });
    expect(done.status).toBe('COMPLETED');
    expect(done.outcome).toMatchObject({ actNumber: '43-ЦИК-7' });
    await eventually(
      'the CEC receipt task opened by the workflow',
      () => stack.prisma.cycleTask.findFirst({ where: { period, regionCode: REGION, kind: 'RECORD_CEC_RECEIPT' } }),
      30_000,
    );
    await page.close();
  });
});
