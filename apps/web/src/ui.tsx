/** Pieces every page uses: navigation, polling, dates in Asia/Almaty, counts, problems from the API. */
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { explainApiProblem } from './api-problems';
import { useWords, type Lang } from './i18n';
import { FIELD_WORDS, fieldProblem } from './words/fields';

export interface Route {
  page: string;
  params: URLSearchParams;
}

export function go(page: string, params: Record<string, string> = {}): void {
  const q = new URLSearchParams(params).toString();
  window.location.hash = `#/${page}${q ? `?${q}` : ''}`;
}

/** The next cycle period (1 January or 1 July) from today in Asia/Almaty, as the board's default. */
export function comingPeriod(now = new Date()): string {
  const [y, m] = todayInAlmaty(now).split('-').map(Number) as [number, number];
  return m <= 6 ? `${y}-07` : `${y + 1}-01`;
}

/** Polls `load` every `ms` while the page is open: the board and lists refresh without a reload. */
/**
 * Answers to a screen's reads come back in any order: a slow answer to what the official asked
 * before (another year, period, filter) must not replace the answer to what they asked since.
 * `const fresh = latest();` when a read starts; after its answer, `if (!fresh()) return;`.
 */
export function useLatest(): () => () => boolean {
  const newest = useRef(0);
  return useCallback(() => {
    const mine = ++newest.current;
    return () => newest.current === mine;
  }, []);
}

export function usePolling(load: () => Promise<void>, ms: number): void {
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), ms);
    return () => clearInterval(timer);
  }, [load, ms]);
}

/** Every deadline of the Rules is an instant in Asia/Almaty (DOMAIN §5), whatever the browser's zone. */
export const TIME_ZONE = 'Asia/Almaty';
// Numeric dates are written DD.MM.YYYY, HH:MM in both languages; browsers' ICU data for kk-KZ is
// often missing (Chromium writes "2026-11-22"), so the Russian pattern is used for both.
const locale = (_lang: Lang) => 'ru-RU';

/** "22.11.2026, 18:29" in Asia/Almaty. */
export function when(iso: string | Date | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** "31.12.2026": an instant's day in Asia/Almaty, or a calendar day "2026-12-31" as it is. */
export function dayOf(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00+05:00`) : new Date(iso);
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(date);
}

/** Today's calendar day in Asia/Almaty, "2026-11-22". */
export function todayInAlmaty(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE }).format(now);
}

/** "3 записи", "5 записей", "3 жазба": the noun form each language takes after a number. */
export function count(n: number, forms: Record<string, string>, lang: Lang): string {
  const form = lang === 'kk' ? 'other' : new Intl.PluralRules('ru-RU').select(n);
  return `${n} ${forms[form] ?? forms.other ?? forms.many}`;
}

/**
 * A problem from the API, in the console's words, with each field named: the heading says by the
 * status what kind of refusal it is; the sentence says why, from the refusal's code and parameters
 * (api-problems.ts), or the API's English detail when the console has no words for the code. `hint`
 * says in the console's language what a page recognises beyond the code (a refusal of a generic code).
 */
export function ProblemView({
  error,
  hint,
  heading: ownHeading,
}: {
  error: unknown;
  hint?: string | null;
  /** The heading a screen gives its refusals (sign-in: «Вход не выполнен», not «Нужно войти заново»). */
  heading?: string;
}) {
  const { t, lang } = useWords();
  if (!error) return null;
  const p = (
    error as {
      problem?: {
        status: number;
        title: string;
        code?: string;
        params?: unknown;
        detail: string;
        errors?: { field: string; message: string; constraint?: string; code?: string }[];
      };
    }
  ).problem;
  const heading = ownHeading ?? (p ? (t.httpStatus[p.status] ?? p.title) : t.httpStatus[0]);
  const said = p ? explainApiProblem(p, lang) : null;
  // The API's English detail never reaches the screen: without words for the code, the status says it.
  const why = p ? (said ?? '') : t.httpStatus[0];
  // A field entry that only repeats a parameter the sentence has already said in words (a signature's
  // refusal code, `bad-signature`) is not listed again as it is.
  const repeated = new Set(said && p?.params && typeof p.params === 'object' ? Object.values(p.params) : []);
  const fields = p?.errors?.filter((e) => !repeated.has(e.message)) ?? [];
  const fieldWords = FIELD_WORDS[lang];
  return (
    <div role="alert" className="problem" data-code={p?.code || undefined}>
      <strong>{heading}.</strong> {hint ? <strong>{hint}</strong> : null} {why}
      {fields.length ? (
        <ul>
          {fields.map((e, i) => (
            <li key={i}>{fieldProblem(fieldWords, e)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * A wide table's own scrolling box: at 200% zoom (a 683-pixel window) the table scrolls inside it,
 * not the whole page, and the keyboard reaches it (a named region in the tab order).
 */
export function ScrollRegion({ label, children }: { label?: string; children: ReactNode }) {
  const { t } = useWords();
  return (
    <div className="scroll" role="region" tabIndex={0} aria-label={label ?? t.tableScroll}>
      {children}
    </div>
  );
}

/**
 * A file chosen in the console's own words: the browser's file input (which writes «Choose File /
 * No file chosen» in the browser's language) stays for the keyboard and screen readers, drawn as a
 * button and the chosen file's name.
 */
export function FilePick({
  label,
  name,
  accept,
  required,
  choose,
  none,
}: {
  label: string;
  name: string;
  accept: string;
  required?: boolean;
  choose?: string;
  none?: string;
}) {
  const { t } = useWords();
  const [file, setFile] = useState<string | null>(null);
  return (
    <label className="file-pick">
      {label}
      <input
        type="file"
        name={name}
        accept={accept}
        required={required}
        aria-label={label}
        className="sr-only"
        onChange={(e) => setFile(e.target.files?.[0]?.name ?? null)}
      />
      <span className="file-pick-row" aria-hidden="true">
        <span className="file-pick-button">{choose ?? t.pickFile}</span> {file ?? none ?? t.noFileChosen}
      </span>
    </label>
  );
}

/**
 * A screen that names what it shows more closely than its menu entry (a round's findings: the
 * district, the round, the period) gives the tab's title that name while it is open.
 */
export const ScreenTitleContext = createContext<(title: string | null) => void>(() => undefined);
export function useScreenTitle(title: string | null): void {
  const set = useContext(ScreenTitleContext);
  useEffect(() => {
    set(title);
    return () => set(null);
  }, [set, title]);
}
