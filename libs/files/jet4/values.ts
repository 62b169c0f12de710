/**
 * Cell values to Jet 4 bytes: checks the value fits its column and gives what the row encoder
 * writes. Problems throw a JetWriteError naming the row, the column and the kind of value.
 */
import { ACCESS_EPOCH_OFFSET_DAYS, MS_PER_DAY } from './format';
import { describeKind, JetWriteError } from './errors';
import { kindLabel, type LaidOutColumn } from './columns';

/** Where a value came from, for messages. */
export interface Cell {
  row: number;
  column: LaidOutColumn;
}

export function cellError(cell: Cell, problem: string): JetWriteError {
  return new JetWriteError(
    `row ${cell.row}, column "${cell.column.name}" (${kindLabel(cell.column.kind)}): ${problem}`,
    cell.row,
    cell.column.name,
  );
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** A whole number for a Long or Integer column; null for null. Decimal text is accepted. */
export function integerValue(value: unknown, cell: Cell, min = INT32_MIN, max = INT32_MAX): number | null {
  if (value === null || value === undefined) return null;
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*-?\d{1,10}\s*$/.test(value)) n = Number(value);
  else if (typeof value === 'string' && value.trim() === '') return null;
  else throw cellError(cell, `expects a whole number, got ${describeKind(value)}`);
  if (!Number.isInteger(n))
    throw cellError(cell, 'expects a whole number, got a number with a fraction or a non-finite number');
  if (n < min || n > max) throw cellError(cell, `the number is outside the column's range ${min}..${max}`);
  return n;
}

/**
 * Text as stored: the string, or null for null and ''. Jet 4 stores UCS-2 (UTF-16LE) code units,
 * and Access counts a field's length in them.
 */
export function textValue(value: unknown, cell: Cell): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') throw cellError(cell, `expects text, got ${describeKind(value)}`);
  if (value.length > cell.column.maxChars)
    throw cellError(
      cell,
      `the text is ${value.length} characters long; the column holds at most ${cell.column.maxChars}`,
    );
  // Text that starts with the bytes ff fe is read as "compressed unicode" (HACKING.md, Text Data
  // Type), so a leading U+FEFF would be misread; U+0000 ends the text for C readers (mdbtools).
  if (value.charCodeAt(0) === 0xfeff)
    throw cellError(
      cell,
      'the text starts with a byte-order mark (U+FEFF), which Jet reserves for compressed text; remove it',
    );
  if (value.includes('\u0000'))
    throw cellError(cell, 'the text holds a NUL character (U+0000), which Access cannot store');
  return value;
}

/** Access accepts dates from year 100 to year 9999. */
const MIN_ACCESS_MS = Date.UTC(100, 0, 1);
const MAX_ACCESS_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function dayFromText(text: string): number | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  const parts = iso ? [iso[1], iso[2], iso[3]] : dotted ? [dotted[3], dotted[2], dotted[1]] : null;
  if (!parts) return null;
  const [y, m, d] = parts.map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  date.setUTCFullYear(y); // Date.UTC maps years 0..99 to 1900..1999
  const ok = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  return ok ? date.getTime() : null;
}

/**
 * An Access date: days since 1899-12-30 as a double, the time of day as the fraction. Before that
 * day Access keeps the fraction positive while the whole part counts back (1899-12-29 06:00 is
 * -1.25, not -0.75), so the two parts are combined by sign.
 */
export function accessDate(ms: number): number {
  const days = ms / MS_PER_DAY + ACCESS_EPOCH_OFFSET_DAYS;
  if (days >= 0) return days;
  const whole = Math.floor(days);
  const fraction = days - whole;
  return fraction === 0 ? whole : whole - fraction;
}

/** A date cell as an Access date; null for null and ''. */
export function dateValue(value: unknown, cell: Cell): number | null {
  if (value === null || value === undefined || value === '') return null;
  let ms: number | null;
  if (value instanceof Date) ms = Number.isNaN(value.getTime()) ? null : value.getTime();
  else if (typeof value === 'string') ms = dayFromText(value.trim());
  else throw cellError(cell, `expects a date (a Date, or text YYYY-MM-DD or DD.MM.YYYY), got ${describeKind(value)}`);
  if (ms === null) throw cellError(cell, 'expects a real date (a valid Date, or text YYYY-MM-DD or DD.MM.YYYY)');
  if (ms < MIN_ACCESS_MS || ms > MAX_ACCESS_MS)
    throw cellError(cell, 'the date is outside the years 100 to 9999 that Access can hold');
  return accessDate(ms);
}

/** A Yes/No cell; null is No, as Jet cannot store a null Yes/No. */
export function booleanValue(value: unknown, cell: Cell): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value !== 'boolean') throw cellError(cell, `expects true or false, got ${describeKind(value)}`);
  return value;
}
