/**
 * Every screen of every demo role, in Russian and in Kazakh, through test/support/screen-checks.ts
 * (issue 22, parts 2 and 7): axe-core finds nothing, no Latin-script text and no UUID is on screen,
 * the page does not scroll sideways, the title names the screen in its language. At 200% zoom (a
 * 683-pixel window) the board, the files, the ID-card queue and the Kazakh audit log do not scroll
 * the page sideways either. Focus goes to the screen's heading on a route change and after
 * sign-in, to the result after claiming and releasing a task; the focus ring stands out (3:1)
 * against the nav bar, the tab bar, the page and a rejected file's cell, and differs from the
 * selected tab. The console's script and styles are served compressed.
 *
 * The demo accounts (prisma/seed.ts) sign in; a cycle of the coming period gives the tasks,
 * workflows and audit screens something to show; a registrar of 7101 uploads a broken file, so
 * the files screen has a rejected file. Screenshots: test-output/screenshots/sweep-*.png.
 */
import { mkdirSync } from 'node:fs';
import { get } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { calendarYearsFor, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { nationalCycleWorkflowId } from '../../libs/contracts/cycle';
import { DEMO_PASSWORD, seedDemoUsers } from '../../prisma/seed';
import { ensureCalendarYears, eventually } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { checkScreen, contrast, focused, SCREENSHOTS, watchContentSecurityPolicy } from '../support/screen-checks';

/* eslint-disable @typescript-eslint/no-explicit-any -- the functions given to page.evaluate run in the
   browser, whose globals this Node project's types do not declare. */
declare const document: any, window: any, localStorage: any, getComputedStyle: any;
type HTMLElement = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const period = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
const ROLES = ['admin', 'coordinator', 'regional.71', 'migration.71', 'commission.7101', 'registrar.7101'] as const;

const stack = useLocalStack({
  beforeStart: async (s) => {
    await ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period)));
    await seedDemoUsers(s.prisma);
  },
  beforeStop: async (s) => {
    await s.env.client.workflow
      .getHandle(nationalCycleWorkflowId(period))
      .terminate('test over')
      .catch(() => undefined);
  },
});

let browser: Browser;

/** What the browser refused under the console's Content-Security-Policy (issue 24): nothing, on any screen. */
const refusedByPolicy: string[] = [];
afterEach(() => expect(refusedByPolicy.splice(0)).toEqual([]));

/** A new page whose policy refusals are recorded. */
async function newPage(options: Parameters<Browser['newPage']>[0] = {}): Promise<Page> {
  return watchContentSecurityPolicy(await browser.newPage(options), refusedByPolicy);
}

async function signedIn(username: string, lang: 'ru' | 'kk', width = 1366): Promise<Page> {
  const page = await newPage({ viewport: { width, height: 800 }, locale: 'ru-RU' });
  await page.addInitScript((l) => localStorage.setItem('tizim.lang', l), lang);
  await page.goto(`${stack.base}/console/`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.locator('header .who button').waitFor();
  return page;
}

/** Waits for the screen's heading and for the first answers of the API to be drawn. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(300);
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  expect((await stack.call('POST', '/v1/cycles', { period })).status).toBe(201);
  await eventually(
    'the registrar of 7101 has a task',
    async () => (await stack.prisma.cycleTask.count({ where: { period, districtId: '7101' } })) > 0,
    60_000,
  );
  // A rejected file on the registrar's files screen: a header without a field of Appendix 1.
  const page = await signedIn('registrar.7101', 'ru');
  await page.goto(`${stack.base}/console/#/files?period=${period}`);
  await page.getByLabel('Файл', { exact: true }).setInputFiles({
    name: 'izbirateli_7101_oshibka.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Cod;Cod_izber;Soname\r\n1;123;Иванов\r\n'),
  });
  await page.getByRole('button', { name: 'Загрузить файл' }).click();
  await page.locator('[data-file-status="REJECTED"]').waitFor({ timeout: 60_000 });
  await page.close();
});

afterAll(async () => {
  await browser?.close();
});

describe('every screen of every role passes the screen checks', () => {
  it('the sign-in screen, in Russian and Kazakh, and a refused password', async () => {
    const problems: string[] = [];
    for (const lang of ['ru', 'kk'] as const) {
      const page = await newPage({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU' });
      await page.addInitScript((l) => localStorage.setItem('tizim.lang', l), lang);
      await page.goto(`${stack.base}/console/`);
      await settled(page);
      problems.push(...(await checkScreen(page, `sweep-${lang}-sign-in`, { lang, screen: 'sign-in' })));
      // Submitting the empty form: the console's own words, not the browser's bubble.
      await page.locator('form button[type=submit]').click();
      await page
        .locator('[role=alert]')
        .waitFor({ timeout: 5000 })
        .catch(() => undefined);
      const bubble = await page.evaluate(() =>
        [...document.querySelectorAll('input')].map((i) => i.validationMessage).filter(Boolean),
      );
      const alert = page.locator('[role=alert]');
      if ((await alert.count()) === 0 && bubble.length)
        problems.push(`sweep-${lang}-sign-in: the browser's own message: ${bubble.join('; ')}`);
      await page.locator('input[name=username]').fill('admin');
      await page.locator('input[name=password]').fill('not the password');
      await page.locator('form button[type=submit]').click();
      await alert.waitFor();
      problems.push(...(await checkScreen(page, `sweep-${lang}-sign-in-refused`, { lang, screen: 'sign-in' })));
      await page.close();
    }
    expect(problems).toEqual([]);
  });

  // A test per role and language: an admin's screens are many, each scanned whole.
  for (const role of ROLES)
    for (const lang of ['ru', 'kk'] as const)
      it(`${role}: every screen in ${lang === 'ru' ? 'Russian' : 'Kazakh'}`, async () => {
        const problems: string[] = [];
        const page = await signedIn(role, lang);
        await settled(page);
        // Signed in, the first screen is announced: focus on its heading.
        const afterSignIn = await focused(page);
        if (!afterSignIn.startsWith('h1'))
          problems.push(`${role} ${lang}: focus on «${afterSignIn}» after sign-in, not the h1`);
        let shown = await page.evaluate(() =>
          document.querySelector('nav [aria-current="page"]')?.getAttribute('href'),
        );
        const links = page.getByRole('navigation').first().getByRole('link');
        const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
        for (const href of hrefs) {
          const screen = href.replace(/^#\//, '');
          await page.locator(`nav a[href="${href}"]`).click();
          await settled(page);
          const now = await focused(page);
          // A link to the screen already shown changes nothing; a new screen focuses its heading.
          if (href !== shown && !now.startsWith('h1'))
            problems.push(`${role} ${lang} ${screen}: a new screen focuses «${now}», not its h1`);
          shown = href;
          if (screen === 'audit') {
            await page.locator('main form button[type=submit]').click();
            await page.locator('main table').waitFor();
          }
          // Districts by name, never by code (the audit log's record numbers aside).
          const codes = screen === 'audit' ? [] : ['7101', '7102'];
          problems.push(...(await checkScreen(page, `sweep-${lang}-${role}-${screen}`, { lang, screen, codes })));
          // A workflow's history: who did what, by name, in the screen's language.
          if (screen === 'workflows') {
            await page.locator('main table a[href*="id=cycle-"][href*="district"]').first().click();
            await page.locator('table.history tbody tr').first().waitFor();
            await settled(page);
            problems.push(
              ...(await checkScreen(page, `sweep-${lang}-${role}-workflow-history`, { lang, screen: 'workflows' })),
            );
          }
        }
        await page.close();
        expect(problems).toEqual([]);
      }, 240_000);

  it('at 200% zoom (683 px) the board, files, ID-card queue and the Kazakh audit do not scroll sideways', async () => {
    const problems: string[] = [];
    const screens: [string, string, 'ru' | 'kk'][] = [
      ['coordinator', 'board', 'ru'],
      ['registrar.7101', 'files', 'ru'],
      ['migration.71', 'id-card', 'ru'],
      ['admin', 'audit', 'kk'],
    ];
    for (const [role, screen, lang] of screens) {
      const page = await signedIn(role, lang, 683);
      await page.goto(`${stack.base}/console/#/${screen}`);
      await settled(page);
      if (screen === 'audit') {
        await page.locator('main form button[type=submit]').click();
        await page.locator('main table').waitFor();
      }
      problems.push(...(await checkScreen(page, `sweep-zoom-${lang}-${role}-${screen}`, { lang, screen })));
      // «Кто» by name and role (the API's `people`), not the account's id.
      if (screen === 'audit')
        expect(await page.locator('main table').textContent()).toContain('Администратор Tizim (әкімші)');
      // Each wide table scrolls in a region of its own that the keyboard reaches.
      const unreachable = await page.evaluate(
        () =>
          [...document.querySelectorAll('main table')]
            .filter((t) => t.scrollWidth > window.innerWidth)
            .filter((t) => {
              const box = t.closest('.scroll');
              return !box || box.getAttribute('tabindex') !== '0';
            }).length,
      );
      if (unreachable)
        problems.push(`${screen}: ${unreachable} wide table(s) outside a keyboard-reachable scroll region`);
      await page.close();
    }
    expect(problems).toEqual([]);
  });

  it('claiming and releasing a task moves focus to the result, not the page body', async () => {
    const page = await signedIn('registrar.7101', 'ru');
    await page.goto(`${stack.base}/console/#/tasks`);
    await settled(page);
    const card = page.locator('article[data-task]').first();
    await card.getByRole('button', { name: 'Взять', exact: true }).click();
    await card.getByRole('button', { name: 'Вернуть' }).waitFor();
    expect(await focused(page)).not.toBe('body');
    const afterClaim = await focused(page);
    await card.getByRole('button', { name: 'Вернуть' }).click();
    await card.getByRole('button', { name: 'Взять', exact: true }).waitFor();
    const afterRelease = await focused(page);
    expect([afterClaim, afterRelease]).not.toContain('body');
    await page.close();
  });

  it('the focus ring stands out against the bars, the page and a rejected cell, and is not the selected tab', async () => {
    const page = await signedIn('registrar.7101', 'ru');
    await page.goto(`${stack.base}/console/#/tasks`);
    await settled(page);
    // The selected tab as it looks unfocused (focus is on the screen's heading).
    const selectedOutline = await page.evaluate(() => {
      const sel = getComputedStyle(document.querySelector('.tabs [aria-pressed="true"]'));
      return `${sel.outlineStyle} ${sel.outlineColor}`;
    });
    // The keyboard's focus (after the heading: the first tab of the tab bar), as :focus-visible draws it.
    await page.keyboard.press('Tab');
    const styles = await page.evaluate(() => {
      const bg = (el: HTMLElement | null) => (el ? getComputedStyle(el).backgroundColor : null);
      const active = document.activeElement as HTMLElement;
      const ring = getComputedStyle(active);
      const probe = document.createElement('td');
      probe.className = 'state-overdue';
      document.querySelector('main').append(probe);
      const rejected = bg(probe);
      probe.remove();
      const selected = document.querySelector('.tabs [aria-pressed="true"]') as HTMLElement;
      return {
        focused: active.tagName,
        ring: ring.outlineColor,
        ringStyle: ring.outlineStyle,
        header: bg(document.querySelector('header.top')),
        nav: bg(document.querySelector('nav')),
        tabs: bg(selected),
        tab: bg(document.querySelector('.tabs [aria-pressed="false"]')),
        page: getComputedStyle(document.documentElement).backgroundColor,
        rejected,
      };
    });
    expect([styles.focused, styles.ringStyle]).toEqual(['BUTTON', 'solid']);
    for (const against of ['nav', 'tabs', 'tab', 'page', 'rejected'] as const)
      expect({ against, ratio: contrast(styles.ring, styles[against]!) >= 3 }).toEqual({ against, ratio: true });
    // The selected tab is a dark fill with no ring of its own: a focused tab is told apart from it.
    expect(selectedOutline).not.toContain(styles.ring);
    expect(selectedOutline).toMatch(/^none/);
    await page.close();
  });

  it('enforces the console policy, and this suite sees what it refuses', async () => {
    const page = await newPage();
    await page.goto(`${stack.base}/console/`);
    await page.locator('input[name=username]').waitFor();
    // A style element written into the page (as an injected script would) is refused, and seen.
    const applied = await page.evaluate(() => {
      document.head.insertAdjacentHTML('beforeend', '<style>body { margin-left: 123px !important }</style>');
      return getComputedStyle(document.body).marginLeft;
    });
    expect(applied).not.toBe('123px');
    // Both reports: Chromium's console line and the page's securitypolicyviolation event.
    await eventually('the refusal reported twice', async () => refusedByPolicy.length >= 2, 5_000);
    expect(refusedByPolicy.join('\n')).toMatch(/style-src/);
    refusedByPolicy.splice(0);
    await page.close();
  });

  it('draws the OpenAPI page under its own policy, refusing nothing', async () => {
    const page = await newPage();
    await page.goto(`${stack.base}/docs`);
    await page.locator('.swagger-ui .info .title').waitFor();
    await page.locator('.opblock').first().waitFor();
    await page.close();
  });

  it('serves the console compressed', async () => {
    const page = await newPage();
    await page.goto(`${stack.base}/console/`);
    const script = await page.evaluate(() => document.querySelector('script[src]')!.getAttribute('src')!);
    await page.close();
    for (const encoding of ['br', 'gzip']) {
      const res = await new Promise<{ encoding?: string; type?: string }>((resolve, reject) =>
        get(`${stack.base}${script}`, { headers: { 'Accept-Encoding': encoding } }, (r) => {
          r.resume();
          resolve({ encoding: r.headers['content-encoding'], type: r.headers['content-type'] });
        }).on('error', reject),
      );
      expect(res).toEqual({ encoding, type: expect.stringContaining('javascript') });
    }
  });

  it('a refused field names its constraint, and the places have names', async () => {
    const refused = await stack.call('POST', '/v1/cycles', { period: 'not a period' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'period', constraint: expect.any(String) })]),
    );
    const places = await stack.call('GET', '/v1/places/districts');
    expect(places.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: '7101', nameRu: expect.any(String), nameKk: expect.any(String) }),
      ]),
    );
  });
});
