/**
 * Calendar dates without a time ('2026-01-15') and instants in Kazakhstan's time.
 *
 * Pure and deterministic: arithmetic goes through day numbers built with Date.UTC, never through
 * the host's time zone or clock, so workflow code may call everything here.
 */

import type { LocalDate } from '../contracts/calendar';

export type { LocalDate };

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export class InvalidDateError extends Error {
  constructor(
    readonly value: unknown,
    readonly field?: string,
  ) {
    super(`${field ? `${field}: ` : ''}"${String(value)}" is not a date; expected YYYY-MM-DD, for example 2027-01-15`);
    this.name = 'InvalidDateError';
  }
}

/**
 * Valid dates met so far, with their day numbers, and the other way round: schedules check and
 * count the same few hundred days thousands of times (the board: a schedule per district on each
 * read). Pure, so a cache changes no answer; emptied when it grows past a bound.
 */
const DAY_OF = new Map<string, number>();
const DATE_OF = new Map<number, LocalDate>();
const CACHE_BOUND = 50_000;

function remembered(date: LocalDate, n: number): void {
  if (DAY_OF.size >= CACHE_BOUND) {
    DAY_OF.clear();
    DATE_OF.clear();
  }
  DAY_OF.set(date, n);
  DATE_OF.set(n, date);
}

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  if (DAY_OF.has(value)) return true;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  const valid = t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
  if (valid) remembered(value, t.getTime() / DAY_MS);
  return valid;
}

export function assertLocalDate(value: unknown, field?: string): LocalDate {
  if (!isLocalDate(value)) throw new InvalidDateError(value, field);
  return value;
}

/** Days since 1970-01-01. */
export function dayNumber(date: LocalDate): number {
  const known = DAY_OF.get(date);
  if (known !== undefined) return known;
  const m = DATE_RE.exec(date);
  if (!m) throw new InvalidDateError(date);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

export function fromDayNumber(n: number): LocalDate {
  const known = DATE_OF.get(n);
  if (known !== undefined) return known;
  const date = new Date(n * DAY_MS).toISOString().slice(0, 10);
  // Years before 0 or after 9999 are written with a sign and six digits: not a LocalDate to keep.
  if (Number.isInteger(n) && DATE_RE.test(date)) remembered(date, n);
  return date;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumber(date) + days);
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** ISO weekday: 1 Monday … 7 Sunday. */
export function isoWeekday(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

export const WEEKDAY_NAMES = [
  '',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

export function localDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// ---- Time in Kazakhstan ----------------------------------------------------------------------

export const TIME_ZONE = 'Asia/Almaty';

/**
 * UTC offsets of Asia/Almaty as data, so results never depend on the tz database of the host.
 * The whole country moved to UTC+5 at 00:00 on 1 March 2024 by a government decision; Almaty
 * time was UTC+6 before. Ordered oldest first; each applies from `fromUtc` on.
 */
const OFFSETS: readonly { fromUtc: number; minutes: number }[] = [
  { fromUtc: Number.NEGATIVE_INFINITY, minutes: 360 },
  { fromUtc: Date.UTC(2024, 1, 29, 18, 0), minutes: 300 },
];

export function utcOffsetMinutesAt(instantMs: number): number {
  let minutes = OFFSETS[0].minutes;
  for (const o of OFFSETS) if (instantMs >= o.fromUtc) minutes = o.minutes;
  return minutes;
}

/** An instant: an ISO 8601 string with a zone or offset, a Date, or milliseconds since 1970 (UTC). */
export type InstantInput = string | Date | number;

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class InvalidInstantError extends Error {
  constructor(
    readonly value: unknown,
    readonly field?: string,
  ) {
    super(
      `${field ? `${field}: ` : ''}"${String(value)}" is not a moment in time; expected ISO 8601 with a zone, ` +
        'for example 2026-12-31T17:30:00+05:00',
    );
    this.name = 'InvalidInstantError';
  }
}

export function toEpochMs(instant: InstantInput, field?: string): number {
  if (typeof instant === 'number') {
    if (!Number.isFinite(instant)) throw new InvalidInstantError(instant, field);
    return instant;
  }
  if (instant instanceof Date) {
    const t = instant.getTime();
    if (Number.isNaN(t)) throw new InvalidInstantError(instant, field);
    return t;
  }
  if (typeof instant !== 'string' || !INSTANT_RE.test(instant)) throw new InvalidInstantError(instant, field);
  const t = Date.parse(instant);
  if (Number.isNaN(t)) throw new InvalidInstantError(instant, field);
  return t;
}

export function toIso(instantMs: number): string {
  return new Date(instantMs).toISOString();
}

/** The local date and minute of the day of an instant in Kazakhstan. */
export function localDateTimeOf(instant: InstantInput): { date: LocalDate; minuteOfDay: number } {
  const ms = toEpochMs(instant);
  const local = new Date(ms + utcOffsetMinutesAt(ms) * 60_000);
  return {
    date: local.toISOString().slice(0, 10),
    minuteOfDay: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

/** The instant of a local wall-clock time on a date in Kazakhstan. */
export function instantAt(date: LocalDate, minuteOfDay: number): number {
  const localMs = dayNumber(date) * DAY_MS + minuteOfDay * 60_000;
  // Guess with the offset at the naive instant, then correct once across a change of offset.
  const guess = localMs - utcOffsetMinutesAt(localMs) * 60_000;
  return localMs - utcOffsetMinutesAt(guess) * 60_000;
}

/** An instant as local time with its offset: '2027-01-15T18:00:00+05:00'. */
export function toLocalIso(instantMs: number): string {
  const offset = utcOffsetMinutesAt(instantMs);
  const local = new Date(instantMs + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
