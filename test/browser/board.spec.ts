/**
 * The board says what to do first (issue 22, part 4; the timeline's items of part 7), in Chromium
 * against the local stack: the regions ranked by urgency and named, one sentence per region that
 * says where the chain of deadlines ends and which step to shorten (Russian and Kazakh), the
 * step's words the same as on the tasks screen, a chart of the regions against the CEC deadline
 * with its text alternative, and the region's timeline that fits 1366 pixels (and 200% zoom)
 * with the CEC deadline in view, its lane names fixed, its scroll box reachable by keyboard and
 * its states in words in a key.
 *
 * Four regions of its own (codes 91-94, removed at the end) hold one district each, whose records
 * are written as the cycle workflows write them (the board reads only the records): three are
 * still waiting for their submission (the January chain ends one working day after 15 January),
 * the northern one with an open escalation at the regional commission; the fourth submitted today
 * and fits. Screenshots go to test-output/screenshots/board-*.png.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { calendarYearsFor, localDateTimeOf, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { districtCycleWorkflowId } from '../../libs/contracts/cycle';
import { ensureCalendarYears } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const period = periodStartingAfter(Date.now()).id;
const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'board test password';
const REGIONS = [
  { code: '91', nameRu: 'Западная тестовая область', nameKk: 'Батыс сынақ облысы' },
  { code: '92', nameRu: 'Восточная тестовая область', nameKk: 'Шығыс сынақ облысы' },
  { code: '93', nameRu: 'Алтайская тестовая область', nameKk: 'Алтай сынақ облысы', submitted: true },
  { code: '94', nameRu: 'Северная тестовая область', nameKk: 'Солтүстік сынақ облысы', escalated: true },
] as const;
const district = (code: string) => `${code}01`;
/**
 * The ranking the board must show: the same miss first by escalation, then by name; the fitting
 * region last (neither the codes' order nor the names').
 */
const RANKED = ['94', '92', '91', '93'];
const NORTH = '94';
const FITS = '93';
/** The January chain from the last statutory day, as the calendar engine says it (checked in the unit tests). */
const JANUARY_SENTENCE =
  'Цепочка сроков заканчивается 18.01, на 1 рабочий день позже 15.01: сверку нужно завершить за 2 рабочих дня вместо 3.';
const JANUARY_SENTENCE_KK =
  'Мерзімдер тізбегі 18.01 аяқталады, 15.01 күнінен 1 жұмыс күні кеш: салыстыруды 3 күннің орнына 2 жұмыс күні ішінде аяқтау керек.';
/** Before 31 December the January chain is planned from its statutory days: the sentence is known to the letter. */
const planned = period === '2027-01' && localDateTimeOf(Date.now()).date < '2026-12-31';

const stack = useLocalStack({
  beforeStart: async (s) => {
    await ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period)));
    const now = new Date();
    for (const r of REGIONS) {
      await s.prisma.region.upsert({
        where: { code: r.code },
        create: { code: r.code, nameRu: r.nameRu, nameKk: r.nameKk, kind: 'OBLAST' },
        update: {},
      });
      const d = district(r.code);
      await s.prisma.district.upsert({
        where: { id: d },
        create: { id: d, regionCode: r.code, nameRu: `Район ${r.nameRu}`, nameKk: `${r.nameKk} ауданы` },
        update: {},
      });
      const workflowId = districtCycleWorkflowId(period, d);
      const submitted = 'submitted' in r;
      const taskId = randomUUID();
      await s.prisma.cycleTask.create({
        data: {
          id: taskId,
          workflowId,
          period,
          regionCode: r.code,
          districtId: d,
          kind: 'SUBMIT_FILES',
          round: 0,
          assigneeRole: 'AKIMAT_REGISTRAR',
          dueAt: new Date(
            `${Number(period.slice(0, 4)) - (period.endsWith('-01') ? 1 : 0)}-${period.endsWith('-01') ? '12-31' : '06-30'}T13:00:00Z`,
          ),
          status: submitted ? 'COMPLETED' : 'OPEN',
          completedAt: submitted ? new Date(now.getTime() - 3_600_000) : null,
          createdAt: new Date(now.getTime() - 86_400_000),
        },
      });
      if ('escalated' in r)
        await s.prisma.escalation.create({
          data: {
            id: randomUUID(),
            workflowId,
            period,
            regionCode: r.code,
            districtId: d,
            step: 'submission',
            taskId,
            reason: 'PROJECTED_MISS',
            deadlineAt: new Date(Date.now() + 20 * 86_400_000),
            missesByWorkingDays: 1,
            level: 'REGIONAL_COMMISSION',
            raisedAt: now,
            levelChangedAt: now,
          },
        });
    }
  },
  beforeStop: async (s) => {
    const codes = REGIONS.map((r) => r.code);
    await s.prisma.escalation.deleteMany({ where: { regionCode: { in: codes } } });
    await s.prisma.cycleTask.deleteMany({ where: { regionCode: { in: codes } } });
    await s.prisma.district.deleteMany({ where: { regionCode: { in: codes } } });
    await s.prisma.region.deleteMany({ where: { code: { in: codes } } });
  },
});

let browser: Browser;
const accounts: Record<string, string> = {};

async function account(username: string, role: string, territory: Record<string, string> = {}) {
  const created = await stack.call('POST', '/v1/users', {
    username,
    fullName: `Тест ${username}`,
    password: PASSWORD,
    role,
    ...territory,
  });
  expect(created.status).toBe(201);
  accounts[role] = username;
}

async function signedIn(
  role: string,
  options: { viewport?: { width: number; height: number }; deviceScaleFactor?: number } = {},
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU', ...options });
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill(accounts[role]);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('button', { name: 'Выйти' }).waitFor();
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `board-${name}.png`), fullPage: true });
/** The page scrolls sideways when the document is wider than the window. */
const pageWidth = (page: Page) =>
  page.evaluate<{ scroll: number; client: number }>(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  );

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  await account('coordinator.board', 'CEC_COORDINATOR');
  await account('registrar.board', 'AKIMAT_REGISTRAR', { districtId: district(NORTH) });
});

afterAll(async () => {
  await browser?.close();
});

describe('the board says what to do first', () => {
  it('ranks the regions by urgency, by name, with a sentence each, the same words as the tasks screen, and a chart against the CEC deadline', async () => {
    const page = await signedIn('CEC_COORDINATOR');
    await page.goto(`${stack.base}/console/#/board?period=${period}`);
    await page.locator(`tr[data-region="${FITS}"]`).waitFor();

    // Ranked: the same projected miss with an open escalation first, then by name; the fitting region last.
    const order = await page
      .locator('table.board tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => r.getAttribute('data-region')).filter((c) => ['91', '92', '93', '94'].includes(c!)),
      );
    expect(order).toEqual(RANKED);
    const north = page.locator(`tr[data-region="${NORTH}"]`);
    // Named, never a bare code.
    await expect(north.getByRole('link').textContent()).resolves.toBe('Северная тестовая область');
    const sentence = (await north.locator('[data-sentence]').textContent())!;
    if (planned) expect(sentence).toBe(JANUARY_SENTENCE);
    else expect(sentence).toMatch(/^(Просрочено: .*; ц|Ц)епочка сроков заканчивается \d\d\.\d\d, на \d+ рабоч/);
    await expect(page.locator(`tr[data-region="${FITS}"] [data-sentence]`).textContent()).resolves.toMatch(
      /^Цепочка сроков заканчивается \d\d\.\d\d, запас \d+ рабоч(ий день|их дня|их дней) до \d\d\.\d\d\.$/,
    );
    // Not every cell the same orange «под угрозой»: each step says its own deadline's state.
    const cells = await north.locator('td[data-step] .state').allTextContents();
    expect(new Set(cells).size).toBeGreaterThan(1);
    expect(cells).not.toContain('под угрозой');
    const submissionWord = (await north.locator('td[data-step="submission"] .state').textContent())!;
    if (planned) expect(submissionWord).toBe('в срок');
    if (planned)
      await expect(north.locator('td[data-step="reconciliation"] .cut').textContent()).resolves.toBe(
        'сократить до 2 рабочих дня',
      );

    // The chart: a bar per region, the CEC deadline drawn, and its text alternative says each region's end.
    const chart = page.getByRole('img', { name: /Где заканчивается цепочка сроков/ });
    await chart.waitFor();
    for (const code of RANKED) await expect(chart.locator(`g[data-region="${code}"] rect`).count()).resolves.toBe(1);
    const described = (await chart.locator('desc').textContent())!;
    expect(described).toMatch(/срок ЦИК \d\d\.\d\d/);
    expect(described).toContain('Северная тестовая область: ');
    if (planned) {
      expect(described).toContain('Северная тестовая область: 18.01: на 1 рабочий день позже срока ЦИК');
      await expect(chart.locator(`g[data-region="${NORTH}"] text`).last().textContent()).resolves.toBe(
        '18.01: на 1 рабочий день позже срока ЦИК',
      );
    }
    // The day a region's chain ends is drawn right of the CEC line when it misses, left of it when it fits.
    const ends = async (code: string) => {
      const b = (await chart.locator(`g[data-region="${code}"] circle`).boundingBox())!;
      return b.x + b.width / 2;
    };
    const line = (await chart.locator('line[stroke-dasharray="5 3"]').boundingBox())!;
    expect(await ends(NORTH)).toBeGreaterThan(line.x + line.width);
    expect(await ends(FITS)).toBeLessThan(line.x);

    const width = await pageWidth(page);
    expect(width.scroll).toBeLessThanOrEqual(1366);
    expect(width.scroll).toBeLessThanOrEqual(width.client);
    await shot(page, 'ru');

    // The registrar's task for the same step says the same word the board's cell does.
    const registrar = await signedIn('AKIMAT_REGISTRAR');
    const task = registrar.locator('article[data-task]').first();
    await task.waitFor();
    await expect(task.locator('.badge').textContent()).resolves.toBe(submissionWord);
    await shot(registrar, 'tasks-same-words');
    await registrar.close();

    // The same board in Kazakh.
    await page.getByLabel('Язык').selectOption('kk');
    await page.getByRole('heading', { name: 'Өңірлер бойынша мерзімдер' }).waitFor();
    const kk = (await north.locator('[data-sentence]').textContent())!;
    if (planned) expect(kk).toBe(JANUARY_SENTENCE_KK);
    else expect(kk).toMatch(/Мерзімдер тізбегі \d\d\.\d\d аяқталады/);
    await expect(north.getByRole('link').textContent()).resolves.toBe('Солтүстік сынақ облысы');
    await page.getByRole('img', { name: /мерзімдер тізбегі ОСК мерзіміне қатысты/ }).waitFor();
    expect((await pageWidth(page)).scroll).toBeLessThanOrEqual(1366);
    await shot(page, 'kk');
    await page.close();
  });

  it('draws the region on a timeline that fits 1366 pixels and 200% zoom, the CEC deadline in view, lane names fixed, reachable by keyboard, its states in words', async () => {
    for (const [label, options] of [
      ['1366', {}],
      ['200', { viewport: { width: 683, height: 400 }, deviceScaleFactor: 2 }],
    ] as const) {
      const page = await signedIn('CEC_COORDINATOR', options);
      await page.goto(`${stack.base}/console/#/board?period=${period}&region=${NORTH}`);
      const scroller = page.getByRole('region', { name: /Календарь сроков региона «Северная тестовая область»/ });
      await scroller.waitFor();
      await page.locator(`tr[data-lane="${district(NORTH)}"]`).waitFor();
      await expect(page.locator('[data-region-sentence]').textContent()).resolves.toMatch(
        /^(Просрочено|Цепочка сроков)/,
      );

      // No sideways scroll of the page: the timeline's texts stay in its own scroll box.
      const width = await pageWidth(page);
      expect(width.scroll).toBeLessThanOrEqual(width.client);
      expect(width.scroll).toBeLessThanOrEqual(label === '1366' ? 1366 : 683);

      // The CEC deadline in view inside the scroll box, the lane name still beside it.
      const box = (await scroller.boundingBox())!;
      const cec = (await page.locator('.timeline th.cec').boundingBox())!;
      expect(cec.x).toBeGreaterThanOrEqual(box.x);
      expect(cec.x + cec.width).toBeLessThanOrEqual(box.x + box.width + 1);
      const name = (await page.locator(`tr[data-lane="${district(NORTH)}"] th.tl-name`).boundingBox())!;
      expect(name.x).toBeGreaterThanOrEqual(box.x - 1);
      expect(name.x + name.width).toBeLessThanOrEqual(cec.x + 1);
      await expect(
        page.evaluate(
          `getComputedStyle(document.querySelector('tr[data-lane="${district(NORTH)}"] th.tl-name')).position`,
        ),
      ).resolves.toBe('sticky');

      // The states in words: a key in the legend, and each deadline's state in its cell's text.
      const key = page.getByRole('group', { name: 'Состояние срока' });
      for (const word of ['просрочено', 'в срок', 'предстоит', 'выполнено', 'выполнено с опозданием'])
        await expect(key.textContent()).resolves.toContain(word);
      if (planned)
        await expect(
          page.locator(`tr[data-lane="${district(NORTH)}"] td[title*="Представление сведений: в срок"]`).count(),
        ).resolves.toBe(1);

      // The keyboard reaches the scroll box.
      await page.locator('h1').click();
      let reached = false;
      for (let i = 0; i < 120 && !reached; i += 1) {
        await page.keyboard.press('Tab');
        reached = (await page.evaluate("document.activeElement?.classList.contains('timeline') === true")) as boolean;
      }
      expect(reached).toBe(true);
      await shot(page, `timeline-${label}-ru`);
      if (label === '1366') {
        await page.getByLabel('Язык').selectOption('kk');
        await page.getByRole('region', { name: /«Солтүстік сынақ облысы» өңірінің мерзімдер күнтізбесі/ }).waitFor();
        await page.getByRole('group', { name: 'Мерзімнің күйі' }).waitFor();
        expect((await pageWidth(page)).scroll).toBeLessThanOrEqual(1366);
        await shot(page, 'timeline-1366-kk');
      }
      await page.close();
    }
  });
});
