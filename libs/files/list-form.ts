/**
 * The two list forms of CEC Rules No. 11/196 that akimats type as spreadsheets: Appendix 2 (the
 * station list) and Appendix 3 (the boundaries). What they share, pure:
 *
 *  - column names accepted in Russian, Kazakh and English, compared without regard to case, spaces,
 *    line breaks, Ё/Е, a Latin "i" typed for the Kazakh "і", trailing dots or colons, quotes, and
 *    words in parentheses ("Дом (корпус)" is "дом");
 *  - finding the header: the first of the sheet's first 30 filled rows that names the form's columns, or
 *    two rows read as one (a merged "Адрес" above "Населенный пункт | Улица | Дом"). Title rows
 *    above it are not records;
 *  - the checks of one field: a text (empty means empty: placeholders, Excel errors and dates
 *    Excel made of a typed value are refused), a station number (a positive whole number).
 *
 * Problems name the row (the sheet's row number, a CSV's line) and the field by its English
 * name, in plain words, and never repeat the value.
 */
import type { CodedProblem, FileProblemCode, FileProblemParams } from '../contracts/problems';
import { isPlaceholder, valueText, type FieldProblem, type RawValue } from './appendix1';
import { problem } from './problems';
import { columnLetter, numberText } from './xlsx';

export interface ColumnDef {
  /** The readable English name: problems name the field by it, and a header may use it too. */
  key: string;
  /** Accepted header names; the first Russian and Kazakh ones are shown when the column is missing. */
  ru: readonly string[];
  kk: readonly string[];
  en?: readonly string[];
  /** The form has this column: a header without it is refused. */
  required?: boolean;
  /** Recognised and accepted, but not kept (the region and district: the upload names them). */
  ignored?: boolean;
}

export type FormRecord = Record<string, RawValue>;

/** A form's header and records (Appendix 2, Appendix 3). */
export interface ListForm<R> extends FormColumns {
  validate: (record: FormRecord, row: number) => { record: R } | { problems: FieldProblem[] };
  /**
   * Checks across a file's records (uniqueness), fresh for each file: it sees every row, with the
   * validated record when the row is valid, so a repeat is named even beside other problems.
   */
  fileCheck: () => (raw: FormRecord, record: R | null, row: number) => FieldProblem | null;
}

/** What the header search needs of a form. */
export interface FormColumns {
  name: string;
  /** The appendix's number (2, 3): problems name the form by it. */
  appendix: number;
  columns: readonly ColumnDef[];
  /** Header rules beyond "every required column, once, and nothing unknown". */
  headerRules?: (keys: ReadonlySet<string>) => CodedProblem[];
  /** A plain explanation for a header name the form does not take but a person may well write. */
  explainUnknown?: (normalised: string) => CodedProblem | null;
  /** Why a row of the sheet is not a record (a total line), or null when it is one. */
  skip?: (record: FormRecord, header: FormHeader) => string | null;
}

/** A header as recognised: the file's names (for the report) and the column of each field. */
export interface FormHeader {
  names: string[];
  columns: Map<string, number>;
}

/** How many of the sheet's first filled (not empty) rows are searched for the header. */
export const HEADER_SEARCH_ROWS = 30;

const LATIN_I_IN_CYRILLIC = /[а-яәғқңөұүһі]/;

/** A header name reduced to what identifies it. */
export function normaliseHeader(v: RawValue): string {
  let s = (valueText(v) ?? '').normalize('NFC').toLowerCase().replace(/ё/g, 'е');
  if (LATIN_I_IN_CYRILLIC.test(s)) s = s.replace(/i/g, 'і');
  return s
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[«»"“”'`]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([/-])\s*/g, '$1')
    .replace(/№\s*/g, '№ ')
    .replace(/[\s.:*]+$/, '')
    .trim();
}

function aliasIndex(columns: readonly ColumnDef[]): Map<string, ColumnDef> {
  const index = new Map<string, ColumnDef>();
  for (const c of columns) {
    for (const name of [c.key, ...c.ru, ...c.kk, ...(c.en ?? [])]) {
      const n = normaliseHeader(name);
      const other = index.get(n);
      if (other && other !== c) throw new Error(`header name "${name}" is given to both ${other.key} and ${c.key}`);
      index.set(n, c);
    }
  }
  return index;
}

const ALIASES = new WeakMap<readonly ColumnDef[], Map<string, ColumnDef>>();
const aliasesOf = (columns: readonly ColumnDef[]) => {
  let index = ALIASES.get(columns);
  if (!index) ALIASES.set(columns, (index = aliasIndex(columns)));
  return index;
};

/** The column definition a header cell names, if any. */
export function columnNamed(form: FormColumns, cell: RawValue): ColumnDef | undefined {
  return aliasesOf(form.columns).get(normaliseHeader(cell));
}

const show = (c: ColumnDef) => ({ key: c.key, ru: c.ru[0], kk: c.kk[0] });

interface Candidate {
  header: FormHeader;
  problems: CodedProblem[];
  recognised: number;
}

/** One row (or two read as one: the lower row's name wins where it has one) taken as the header. */
function candidate(form: FormColumns, upper: readonly RawValue[], lower?: readonly RawValue[]): Candidate {
  const width = Math.max(upper.length, lower?.length ?? 0);
  const names: string[] = [];
  for (let i = 0; i < width; i += 1) names.push(valueText(lower?.[i] ?? null) ?? valueText(upper[i] ?? null) ?? '');
  const columns = new Map<string, number>();
  const unknown: string[] = [];
  const twice = new Set<string>();
  const explained: CodedProblem[] = [];
  names.forEach((name, i) => {
    if (name === '') return;
    const def = columnNamed(form, name);
    if (!def) {
      const why = form.explainUnknown?.(normaliseHeader(name));
      if (why) explained.push(why);
      else unknown.push(name.replace(/\s+/g, ' '));
      return;
    }
    if (columns.has(def.key)) twice.add(def.key);
    else columns.set(def.key, i);
  });
  const problems: CodedProblem[] = [];
  const missing = form.columns.filter((c) => c.required && !columns.has(c.key));
  if (missing.length)
    problems.push(problem('list.missing-columns', { appendix: form.appendix, columns: missing.map(show) }));
  problems.push(...(form.headerRules?.(new Set(columns.keys())) ?? []));
  problems.push(...explained);
  if (unknown.length) problems.push(problem('list.unknown-columns', { appendix: form.appendix, names: unknown }));
  if (twice.size) problems.push(problem('list.repeated-columns', { columns: [...twice] }));
  return { header: { names, columns }, problems, recognised: columns.size };
}

export type HeaderSearch =
  /** The header is row `index` of the rows searched (and the next one too when `span` is 2). */
  | { found: true; index: number; span: 1 | 2; header: FormHeader }
  | { found: false; problems: CodedProblem[]; names: string[] };

/**
 * The header among the sheet's first rows: the first row (or pair of rows) that names every column
 * the form requires, once, and nothing the form does not know. Without one, the problems of the
 * row that came closest.
 */
export function findHeader(form: FormColumns, rows: readonly (readonly RawValue[])[]): HeaderSearch {
  let best: Candidate | null = null;
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i += 1) {
    const single = candidate(form, rows[i]);
    if (single.problems.length === 0) return { found: true, index: i, span: 1, header: single.header };
    const pair = i + 1 < rows.length ? candidate(form, rows[i], rows[i + 1]) : null;
    if (pair && pair.problems.length === 0) {
      // A title above a complete header is not part of it.
      const next = candidate(form, rows[i + 1]);
      return next.problems.length === 0
        ? { found: true, index: i + 1, span: 1, header: next.header }
        : { found: true, index: i, span: 2, header: pair.header };
    }
    for (const c of [single, pair]) if (c && (!best || c.recognised > best.recognised)) best = c;
  }
  if (!best || best.recognised === 0) {
    const columns = form.columns.filter((c) => c.required).map((c) => c.key);
    return {
      found: false,
      names: [],
      problems: [problem('list.no-header', { rows: HEADER_SEARCH_ROWS, appendix: form.appendix, columns })],
    };
  }
  return { found: false, names: best.header.names, problems: best.problems };
}

export { columnLetter };

/** The cells of a data row under the header's fields; `stray` lists the unnamed columns that hold a value. */
export function recordOf(header: FormHeader, cells: readonly RawValue[]): { record: FormRecord; stray: number[] } {
  const record: FormRecord = {};
  for (const [key, i] of header.columns) record[key] = cells[i] ?? null;
  const named = new Set(header.columns.values());
  const stray: number[] = [];
  cells.forEach((v, i) => {
    if (!named.has(i) && !header.names[i] && isPresent(v)) stray.push(i);
  });
  return { record, stray };
}

export const isPresent = (v: RawValue): boolean =>
  v instanceof Date || typeof v === 'boolean' || (typeof v === 'number' ? Number.isFinite(v) : valueText(v) !== null);

/** A row of the column numbers (1, 2, 3, …) that forms often print under the header. */
export function isColumnNumbering(cells: readonly RawValue[]): boolean {
  const present = cells.filter(isPresent);
  return present.length >= 3 && present.every((v, i) => (typeof v === 'number' ? v : Number(valueText(v))) === i + 1);
}

// eslint-disable-next-line no-control-regex -- the control characters are what it looks for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const EXCEL_ERROR = /^#(?:N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!)$/i;

/** At most this many characters in a one-line field; boundaries, free text, hold more. */
export const MAX_TEXT = 500;
export const MAX_LONG_TEXT = 10_000;

/** The checks of one record's fields, collecting problems for its row. */
export class FieldChecks {
  readonly problems: FieldProblem[] = [];

  constructor(readonly row: number) {}

  problem<C extends FileProblemCode>(field: string, code: C, params: FileProblemParams[C]): void {
    this.problems.push({ cod: null, row: this.row, field, ...(problem(code, params) as CodedProblem) });
  }

  has(field: string): boolean {
    return this.problems.some((p) => p.field === field);
  }

  /**
   * A text field: null when empty. `meaning` completes "there is no …" and "… is required".
   * Placeholders, Excel errors, dates made of a typed value and over-long texts are refused.
   */
  text(v: RawValue, field: string, meaning: string, options: { required?: boolean; max?: number } = {}): string | null {
    if (v instanceof Date) {
      this.problem(field, 'field.excel-date', {});
      return null;
    }
    const s = typeof v === 'number' ? numberText(v) : valueText(v);
    if (s === null) {
      if (options.required) this.problem(field, 'field.empty', { meaning });
      return null;
    }
    // A NUL byte or another control character cannot be stored (PostgreSQL refuses NUL) and is no text of the form.
    if (CONTROL.test(s)) {
      this.problem(field, 'field.control-character', {});
      return null;
    }
    if (EXCEL_ERROR.test(s)) {
      this.problem(field, 'field.excel-error', { error: s.toUpperCase() });
      return null;
    }
    if (isPlaceholder(s)) {
      this.problem(field, options.required ? 'field.placeholder-required' : 'field.placeholder', { meaning });
      return null;
    }
    const max = options.max ?? MAX_TEXT;
    if (s.length > max) {
      this.problem(field, 'field.too-long', { length: s.length, max });
      return null;
    }
    return s.replace(/\s+/g, (w) => (w.includes('\n') && max > MAX_TEXT ? '\n' : ' '));
  }

  /** A positive whole number (a station's number; "№ 412" is 412). */
  number(v: RawValue, field: string, meaning: string, options: { required?: boolean } = {}): number | null {
    if (typeof v === 'number') {
      if (Number.isInteger(v) && v > 0 && v <= 2_147_483_647) return v;
      if (v === 0)
        this.problem(field, options.required ? 'field.placeholder-required' : 'field.placeholder', { meaning });
      else this.problem(field, 'field.not-a-number', { meaning });
      return null;
    }
    if (v instanceof Date) {
      this.problem(field, 'field.not-a-number-date', { meaning });
      return null;
    }
    const s = this.text(v, field, meaning, options);
    if (s === null) return null;
    const digits = s.replace(/^№\s*/, '').replace(/\.$/, '');
    if (!/^\d{1,9}$/.test(digits) || Number(digits) === 0) {
      this.problem(field, 'field.not-a-number', { meaning });
      return null;
    }
    return Number(digits);
  }
}
