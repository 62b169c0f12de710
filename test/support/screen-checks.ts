/**
 * What every screen of the console must pass, checked in the browser on the screen as it stands
 * (issue 22, parts 2 and 7): axe-core finds no WCAG 2.1 A/AA violation; no sentence, word or code
 * in Latin script and no UUID is visible (names of the system and of file formats, file names, people's
 * names as written (marked data-name),
 * e-mail addresses excepted); the page does not scroll sideways; the tab's title names the screen
 * in the screen's language. `checkScreen` returns the problems found (an empty list when the
 * screen is clean) and saves a screenshot, so a test can walk many screens and report them all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/* eslint-disable @typescript-eslint/no-explicit-any -- the functions given to page.evaluate run in the
   browser, whose globals this Node project's types do not declare. */
declare const document: any, window: any, NodeFilter: any;
type Element = any;
type HTMLElement = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Latin-script words that may stand on a Russian or Kazakh screen: the system's name, file formats,
 * units. A token in Latin script is allowed when it is one of these, a file name (`voters.xlsx`),
 * an e-mail address, a Kazakh site's address (`pki.gov.kz`), or digits with separators.
 */
export const LATIN_ALLOWED = new Set([
  'Tizim',
  'PDF',
  'XLSX',
  'CSV',
  'MDB',
  'ZIP',
  'MS',
  'Access',
  'Excel',
  'PEM',
  // The key file's format, as NCA and the browser name it: «PKCS#8».
  'PKCS',
  'SHA',
  'KB',
  'MB',
  'ID',
  // The register extract's format, named as its specification names it (register screen).
  'tizim-register-extract',
  'UTF',
  'Windows',
  // EDS as Kazakh officials know it (issue 27): NCA's signing application, its key files
  // (AUTH_RSA256_….p12 to sign in, RSA256_… and GOSTKNCA_… to sign), the services it names.
  'NCALayer',
  'AUTH',
  'RSA256',
  // The key's algorithm, as NCA names its key stores' kinds (RSA or GOST).
  'RSA',
  'GOSTKNCA',
  'OCSP',
  'CMS',
]);
const FILE_NAME = /^[\p{L}\p{N}_.-]+\.(xlsx|xls|csv|mdb|accdb|pdf|zip|pem|key|crt|cer|txt|json)$/iu;
const EMAIL = /^[\w.+-]+@[\w-]+(\.[\w-]+)+$/;
// A Kazakh site named for the official to go to: «pki.gov.kz», where NCALayer is installed from.
const KZ_SITE = /^([a-z0-9-]+\.)+kz$/i;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The Latin-script tokens of a text that are not allowed on screen (see LATIN_ALLOWED). */
export function latinTokens(text: string): string[] {
  const found: string[] = [];
  for (const raw of text.split(/[\s«»"“”„(),;:!?·—–]+/)) {
    // "CSV-ге": a Kazakh ending on an allowed word.
    // ".mdb": a file's extension named on its own.
    if (/^\.(xlsx|xls|csv|mdb|accdb|pdf|zip|pem|key|crt|cer)[.'’]*$/i.test(raw)) continue;
    const token = raw.replace(/^[.'’]+|[.'’]+$/g, '').replace(/-[\u0400-\u04ff]+$/, '');
    if (!/[A-Za-z]/.test(token)) continue;
    if (LATIN_ALLOWED.has(token) || FILE_NAME.test(token) || EMAIL.test(token) || KZ_SITE.test(token)) continue;
    if (/^\.(xlsx|xls|csv|mdb|accdb|pdf|zip|pem|key|crt|cer)$/i.test(token)) continue;
    // "3.2 MB", "SHA-256", "A4": an allowed word with digits.
    const word = token.replace(/[-#\d.]+$/g, '');
    if (LATIN_ALLOWED.has(word)) continue;
    // "AUTH_RSA256_…": an NCA key store's name as officials see it in NCALayer, its ending elided.
    if (
      /_…$/.test(token) &&
      token
        .slice(0, -2)
        .split('_')
        .every((part) => LATIN_ALLOWED.has(part))
    )
      continue;
    found.push(token);
  }
  return found;
}

/** WCAG relative luminance of "#rrggbb" or "rgb(r, g, b)". */
function luminance(color: string): number {
  const parts = color.startsWith('#')
    ? [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16))
    : (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  const [r, g, b] = parts.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

/** What the focused element is, e.g. "h1 Мои задачи" or "body": for tests of where focus goes. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return `${el.tagName.toLowerCase()} ${(el.textContent ?? '').trim().slice(0, 60)}`.trim();
  });
}

/** Titles seen so far in this test file: screen key by title, and title by screen key. */
const titles = new Map<string, string>();
const titleOf = new Map<string, string>();

export interface ScreenCheckOptions {
  /** The language the screen must be in; the title is checked against it. */
  lang: 'ru' | 'kk';
  /**
   * What makes two screens the same screen for the title's uniqueness (default: `name`): two loads of
   * one screen may share a title, two screens may not.
   */
  screen?: string;
  /**
   * Codes that stand for a place (a district's "7101"): none may be on screen as a word of its own,
   * the place is named instead.
   */
  codes?: string[];
  /** Skip the screenshot. */
  noScreenshot?: boolean;
}

/**
 * Runs every check on the page as it stands and returns the problems, each prefixed with `name`
 * (empty when the screen is clean). The screenshot goes to test-output/screenshots/<name>.png.
 */
export async function checkScreen(page: Page, name: string, options: ScreenCheckOptions): Promise<string[]> {
  const problems: string[] = [];
  const say = (what: string) => problems.push(`${name}: ${what}`);

  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...a: unknown[]) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })) as { violations: { id: string; nodes: { target: string[] }[] }[] };
    return result.violations.map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  for (const v of violations) say(`axe ${v}`);

  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const visible = (el: Element) =>
      (el as HTMLElement).checkVisibility?.({ visibilityProperty: true, opacityProperty: true }) ?? true;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      const text = n.textContent?.trim();
      if (!text || !parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName)) continue;
      // A person's name (data-name) is theirs as written, and a login name, a key's algorithm or a
      // fingerprint (data-verbatim) is what the official types or compares: checked for ids, not script.
      if (visible(parent)) out.push(parent.closest('[data-name], [data-verbatim]') ? `\u0000${text}` : text);
    }
    for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], input[type=submit]')) {
      if (!visible(el)) continue;
      for (const attr of ['placeholder', 'title', 'aria-label', 'value'])
        if (attr !== 'value' || el.getAttribute('type') === 'submit') {
          const v = el.getAttribute(attr);
          if (v) out.push(v);
        }
    }
    out.push(document.title);
    return out;
  });
  for (const text of texts) {
    // A name as written (data-name, data-verbatim: an account named «ТИК 7101») is not a code shown for a place.
    for (const code of text.startsWith('\u0000') ? [] : (options.codes ?? []))
      if (new RegExp(`(^|[^\\w.-])${code}($|[^\\w.-])`).test(text))
        say(`the code ${code} on screen: «${text.slice(0, 80)}»`);
    if (UUID.test(text)) say(`a UUID on screen: «${text.slice(0, 80)}»`);
    else if (!text.startsWith('\u0000')) {
      const latin = latinTokens(text);
      if (latin.length) say(`Latin script on screen: «${text.slice(0, 100)}» (${latin.join(' ')})`);
    }
  }

  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
  }));
  if (widths.scroll > widths.viewport)
    say(`the page scrolls sideways: ${widths.scroll} px wide in a ${widths.viewport} px window`);

  const { title, lang, current } = await page.evaluate(() => ({
    title: document.title,
    lang: document.documentElement.lang,
    current: (document.querySelector('nav [aria-current="page"]') ?? document.querySelector('main h1'))?.textContent,
  }));
  if (lang !== options.lang) say(`the page's language is "${lang}", not "${options.lang}"`);
  if (!current || !title.includes(current.trim()))
    say(`the title «${title}» does not name the screen «${current?.trim() ?? '(no h1)'}»`);
  const key = `${options.screen ?? name}|${options.lang}`;
  const other = titles.get(title);
  if (other && other !== key) say(`the title «${title}» is also the title of ${other.replace('|', ' in ')}`);
  titles.set(title, key);
  titleOf.set(key, title);

  if (!options.noScreenshot) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  return problems;
}

/**
 * Records into `into` what the browser refuses on `page` under the Content-Security-Policy the API
 * sends (apps/api/src/core/security-headers.ts): Chromium's own console line for each refusal, and
 * the page's `securitypolicyviolation` event said on the console in case that line is not passed on.
 */
export async function watchContentSecurityPolicy(page: Page, into: string[]): Promise<Page> {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) into.push(`${page.url()}: ${message.text()}`);
  });
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e: { violatedDirective: string; blockedURI: string }) =>
      console.error(`Content Security Policy refused ${e.blockedURI || 'inline'} (${e.violatedDirective})`),
    ),
  );
  return page;
}
