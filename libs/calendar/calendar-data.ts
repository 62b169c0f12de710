/**
 * The working-day calendar of one year as data: weekends, public holidays that are days off, and
 * the yearly transfers of days off, each entry with its legal source. Shipped for 2024-2027 in
 * libs/calendar/data/, loaded into PostgreSQL, corrected by an admin through the API.
 *
 * The rules that turn this data into days off (a holiday on a weekend gives the next working day
 * off, except religious holidays) live in working-calendar.ts; the data never lists moved days.
 */
import { isLocalDate, isoWeekday, yearOf, type LocalDate } from './local-date';

export const CALENDAR_FORMAT = 'tizim.calendar/1';

/**
 * state and national holidays move to the next working day when they fall on a weekend
 * (Labour Code art. 84-85); religious holidays (7 January, Kurban Ait) never move.
 */
export const HOLIDAY_KINDS = ['state', 'national', 'religious'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

/** How sure the date is: set by law or order, announced but not yet formalised, or our estimate. */
export const ENTRY_STATUSES = ['official', 'announced', 'estimate'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export interface CalendarSource {
  /** The act or announcement, e.g. 'Law "On holidays in the Republic of Kazakhstan"'. */
  title: string;
  /** Its number, e.g. '267-II'; absent when it has none or it could not be verified (say so in note). */
  number?: string;
  /** Its date. */
  date?: LocalDate;
  url?: string;
  note?: string;
}

export interface LocalizedName {
  ru: string;
  kk: string;
  en: string;
}

export interface HolidayEntry {
  date: LocalDate;
  /** Stable within a year, e.g. 'nauryz-1'. */
  id: string;
  name: LocalizedName;
  kind: HolidayKind;
  status: EntryStatus;
  /** A key of `sources`. */
  source: string;
  note?: string;
}

/** A weekend day worked in place of a weekday that becomes a day off. */
export interface TransferEntry {
  workedDay: LocalDate;
  dayOff: LocalDate;
  status: EntryStatus;
  source: string;
  note?: string;
}

export interface CalendarYearData {
  format: typeof CALENDAR_FORMAT;
  year: number;
  /** The data's own version label, e.g. '2027.1'; raise it with every correction. */
  version: string;
  /** ISO weekdays that are days off: [6, 7] is Saturday and Sunday. */
  weekendDays: number[];
  sources: Record<string, CalendarSource>;
  holidays: HolidayEntry[];
  transfers: TransferEntry[];
  notes?: string;
}

export interface CalendarProblem {
  /** Where in the document, e.g. 'holidays[3].date'. */
  path: string;
  message: string;
}

export class CalendarDataError extends Error {
  constructor(
    readonly year: number | null,
    readonly problems: CalendarProblem[],
  ) {
    super(
      `The calendar${year ? ` of ${year}` : ''} is not valid:\n` +
        problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n'),
    );
    this.name = 'CalendarDataError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

function unknownKeys(o: Obj, allowed: readonly string[], path: string, problems: CalendarProblem[]): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key))
      problems.push({ path: path ? `${path}.${key}` : key, message: `unknown field; allowed: ${allowed.join(', ')}` });
  }
}

/**
 * Checks a year's document and returns every problem found, each with its path, so an admin
 * fixes the whole document in one pass. An empty list means the document is valid.
 */
export function calendarYearProblems(input: unknown): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  if (!isObj(input)) return [{ path: '(document)', message: 'expected a JSON object' }];

  unknownKeys(
    input,
    ['$schema', 'format', 'year', 'version', 'weekendDays', 'sources', 'holidays', 'transfers', 'notes'],
    '',
    problems,
  );
  if (input.format !== CALENDAR_FORMAT) add('format', `must be "${CALENDAR_FORMAT}"`);
  const year = input.year;
  const yearOk = typeof year === 'number' && Number.isInteger(year) && year >= 2000 && year <= 2100;
  if (!yearOk) add('year', 'must be a whole year between 2000 and 2100');
  if (!nonEmpty(input.version)) add('version', 'must be a non-empty label, e.g. "2027.1"');
  if (input.notes !== undefined && typeof input.notes !== 'string') add('notes', 'must be text');

  const inYear = (value: unknown, path: string): value is LocalDate => {
    if (!isLocalDate(value)) {
      add(path, `"${String(value)}" is not a date; expected YYYY-MM-DD`);
      return false;
    }
    if (yearOk && yearOf(value) !== year) {
      add(path, `${value} is not in ${String(year)}`);
      return false;
    }
    return true;
  };

  const weekend = new Set<number>();
  if (!Array.isArray(input.weekendDays) || input.weekendDays.length === 0 || input.weekendDays.length > 6) {
    add('weekendDays', 'must list 1 to 6 ISO weekdays (1 Monday … 7 Sunday), normally [6, 7]');
  } else {
    input.weekendDays.forEach((d, i) => {
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 7)
        add(`weekendDays[${i}]`, 'must be an ISO weekday 1-7');
      else if (weekend.has(d)) add(`weekendDays[${i}]`, `weekday ${d} is listed twice`);
      else weekend.add(d);
    });
  }

  const sourceKeys = new Set<string>();
  if (!isObj(input.sources)) {
    add('sources', 'must be an object of sources by key, e.g. { "law-267": { "title": "…" } }');
  } else {
    for (const [key, source] of Object.entries(input.sources)) {
      const path = `sources.${key}`;
      sourceKeys.add(key);
      if (!isObj(source)) {
        add(path, 'must be an object with at least a title');
        continue;
      }
      unknownKeys(source, ['title', 'number', 'date', 'url', 'note'], path, problems);
      if (!nonEmpty(source.title)) add(`${path}.title`, 'is required: the act or announcement');
      if (source.number !== undefined && !nonEmpty(source.number))
        add(`${path}.number`, 'must be non-empty text when given');
      if (source.date !== undefined && !isLocalDate(source.date))
        add(`${path}.date`, `"${String(source.date)}" is not a date; expected YYYY-MM-DD`);
      if (source.url !== undefined && !(typeof source.url === 'string' && /^https?:\/\/\S+$/.test(source.url)))
        add(`${path}.url`, 'must be an http(s) address');
      if (source.note !== undefined && typeof source.note !== 'string') add(`${path}.note`, 'must be text');
    }
  }
  const checkEntryCommon = (e: Obj, path: string) => {
    if (!(ENTRY_STATUSES as readonly unknown[]).includes(e.status))
      add(`${path}.status`, `must be one of ${ENTRY_STATUSES.join(', ')}`);
    if (!nonEmpty(e.source)) add(`${path}.source`, 'is required: a key of "sources"');
    else if (isObj(input.sources) && !sourceKeys.has(e.source))
      add(`${path}.source`, `"${e.source}" is not a key of "sources"`);
    if (e.note !== undefined && typeof e.note !== 'string') add(`${path}.note`, 'must be text');
  };

  const holidayDates = new Map<string, string>();
  const holidayIds = new Map<string, string>();
  if (!Array.isArray(input.holidays)) {
    add('holidays', 'must be a list (it may be empty only if the year truly has no holidays)');
  } else {
    input.holidays.forEach((h, i) => {
      const path = `holidays[${i}]`;
      if (!isObj(h)) return add(path, 'must be an object');
      unknownKeys(h, ['date', 'id', 'name', 'kind', 'status', 'source', 'note'], path, problems);
      if (inYear(h.date, `${path}.date`)) {
        const earlier = holidayDates.get(h.date);
        if (earlier) add(`${path}.date`, `${h.date} is already listed at ${earlier}; one entry per date`);
        else holidayDates.set(h.date, path);
      }
      if (!(typeof h.id === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(h.id)))
        add(`${path}.id`, 'must be a lower-case id such as "nauryz-1"');
      else if (holidayIds.has(h.id)) add(`${path}.id`, `"${h.id}" is already used at ${holidayIds.get(h.id)}`);
      else holidayIds.set(h.id, path);
      if (!isObj(h.name)) add(`${path}.name`, 'must give the name in ru, kk and en');
      else
        for (const lang of ['ru', 'kk', 'en']) if (!nonEmpty(h.name[lang])) add(`${path}.name.${lang}`, 'is required');
      if (!(HOLIDAY_KINDS as readonly unknown[]).includes(h.kind))
        add(`${path}.kind`, `must be one of ${HOLIDAY_KINDS.join(', ')}`);
      checkEntryCommon(h, path);
    });
  }

  const transferDays = new Map<string, string>();
  if (!Array.isArray(input.transfers)) {
    add('transfers', 'must be a list (empty when the year has no transfers)');
  } else {
    input.transfers.forEach((t, i) => {
      const path = `transfers[${i}]`;
      if (!isObj(t)) return add(path, 'must be an object');
      unknownKeys(t, ['workedDay', 'dayOff', 'status', 'source', 'note'], path, problems);
      for (const [field, mustBeWeekend] of [
        ['workedDay', true],
        ['dayOff', false],
      ] as const) {
        const value = t[field];
        if (!inYear(value, `${path}.${field}`)) continue;
        const isWeekend = weekend.has(isoWeekday(value));
        if (mustBeWeekend && !isWeekend)
          add(`${path}.${field}`, `${value} is not a weekend day; a transfer makes a weekend day a working day`);
        if (!mustBeWeekend && isWeekend)
          add(`${path}.${field}`, `${value} is a weekend day already; the day off must be a weekday`);
        if (holidayDates.has(value))
          add(`${path}.${field}`, `${value} is a holiday (${holidayDates.get(value)}); a transfer cannot use it`);
        const earlier = transferDays.get(value);
        if (earlier) add(`${path}.${field}`, `${value} is already used by ${earlier}`);
        else transferDays.set(value, path);
      }
      checkEntryCommon(t, path);
    });
  }
  return problems;
}

/** The document as data if valid; otherwise a CalendarDataError listing every problem. */
export function parseCalendarYear(input: unknown): CalendarYearData {
  const problems = calendarYearProblems(input);
  if (problems.length) {
    const year = isObj(input) && typeof input.year === 'number' ? input.year : null;
    throw new CalendarDataError(year, problems);
  }
  return input as unknown as CalendarYearData;
}
