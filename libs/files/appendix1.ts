/**
 * Appendix 1 of CEC Rules No. 11/196: the voter file (an MS Access table), field by field, and the
 * validation of one record. Pure: the importer feeds it rows from CSV or Access and collects the
 * problems, each naming the row (Cod) and the field in plain words, never echoing personal data.
 *
 * Rules beyond the field types, documented for the akimats:
 *  - a field with no data is empty: placeholders ('-', '0', 'нет', 'жоқ', 'N/A', '?', …) are refused;
 *  - Cod, Cod_izber (IIN), Soname, Name, Cod_uch and Date_rogd are required;
 *  - the IIN must have a valid check digit; its date and sex digits are NOT compared with the
 *    record (since 2013 they need not match; a disagreement is for reconciliation, not refusal);
 *  - dates as YYYY-MM-DD or DD.MM.YYYY; a birth date not in the future and not before 1900; a
 *    document not issued before the birth date or in the future;
 *  - Dopol1 (changed), Dopol2 (deleted), Dopol4 (added): at most one is set; Dopol3 (date of the
 *    change) is given exactly when one of them is set;
 *  - Text fields hold at most 255 characters (the Access limit).
 */
import { iinProblem, IIN_PROBLEM_TEXT } from '../iin/iin';

export type AccessType = 'AutoNumber' | 'Text' | 'Date/Time' | 'Yes/No';

export interface FieldDef {
  name: string;
  type: AccessType;
  required: boolean;
  meaning: string;
}

const field = (name: string, type: AccessType, meaning: string, required = false): FieldDef => ({ name, type, required, meaning });

/** The 26 fields, in the form's order. */
export const APPENDIX1_FIELDS: readonly FieldDef[] = [
  field('Cod', 'AutoNumber', 'record key', true),
  field('Cod_izber', 'Text', "voter's IIN", true),
  field('Soname', 'Text', 'surname', true),
  field('Name', 'Text', 'first name', true),
  field('Otchestvo', 'Text', 'patronymic'),
  field('Cod_uch', 'Text', 'polling station code', true),
  field('Okg_r', 'Text', 'republican constituency'),
  field('Okg_ob', 'Text', 'regional constituency'),
  field('Okg_rai', 'Text', 'district constituency'),
  field('Obl', 'Text', 'region'),
  field('Rai', 'Text', 'district'),
  field('Date_rogd', 'Date/Time', 'date of birth', true),
  field('Nac', 'Text', 'nationality'),
  field('mal', 'Text', 'sex'),
  field('Mesto_progiv', 'Text', 'locality of residence'),
  field('Street', 'Text', 'street'),
  field('Hourse', 'Text', 'house'),
  field('Korpus', 'Text', 'building'),
  field('Kvartira', 'Text', 'apartment'),
  field('Udostve', 'Text', 'identity document number'),
  field('Date_vidach', 'Date/Time', 'document issue date'),
  field('Note', 'Text', 'note'),
  field('Dopol1', 'Yes/No', 'changed'),
  field('Dopol2', 'Yes/No', 'deleted'),
  field('Dopol3', 'Date/Time', 'date of change'),
  field('Dopol4', 'Yes/No', 'added'),
];

export const APPENDIX1_FIELD_NAMES = APPENDIX1_FIELDS.map((f) => f.name);
const BY_NAME = new Map(APPENDIX1_FIELDS.map((f) => [f.name, f]));

/** A value as a reader gives it: text from CSV; text, numbers, booleans and dates from Access. */
export type RawValue = string | number | boolean | Date | null | undefined;
export type RawRecord = Record<string, RawValue>;

export interface FieldProblem {
  /** The record's Cod as given (null when Cod itself is the problem), and its row in the file. */
  cod: string | null;
  row: number;
  field: string;
  message: string;
}

/** A valid record, as the staging table holds it. Dates are YYYY-MM-DD. */
export interface VoterRecord {
  cod: number;
  iin: string;
  surname: string;
  firstName: string;
  patronymic: string | null;
  stationCode: string;
  okgR: string | null;
  okgOb: string | null;
  okgRai: string | null;
  obl: string | null;
  rai: string | null;
  birthDate: string;
  nationality: string | null;
  sex: 'М' | 'Ж' | null;
  locality: string | null;
  street: string | null;
  house: string | null;
  building: string | null;
  apartment: string | null;
  documentNumber: string | null;
  documentIssuedOn: string | null;
  note: string | null;
  changed: boolean;
  deleted: boolean;
  changedOn: string | null;
  added: boolean;
}

/** What a file's header lacks or has too many of, in plain words; empty when it is Appendix 1. */
export function headerProblems(columns: readonly string[]): string[] {
  const given = columns.map((c) => c.trim());
  const problems: string[] = [];
  const missing = APPENDIX1_FIELD_NAMES.filter((n) => !given.includes(n));
  const unknown = given.filter((c) => !BY_NAME.has(c));
  const twice = given.filter((c, i) => given.indexOf(c) !== i);
  if (missing.length) problems.push(`the file lacks the Appendix 1 field(s) ${missing.join(', ')}`);
  if (unknown.length) problems.push(`the file has field(s) Appendix 1 does not define: ${unknown.join(', ')}`);
  if (twice.length) problems.push(`the file has field(s) more than once: ${[...new Set(twice)].join(', ')}`);
  return problems;
}

const PLACEHOLDER = /^(?:-+|—+|–+|0+|\.+|\?+|\*+|_+|нет|жоқ|n\/?a|null|none|отсутствует|не указано|нет данных)$/i;
const MAX_TEXT = 255;

/** A symbol, digit or word standing in for data that is not there (the Rules: such a field is empty). */
export function isPlaceholder(s: string): boolean {
  return PLACEHOLDER.test(s.trim());
}

/** A value as trimmed text; null when empty. Shared by the readers of Appendices 1-3. */
export function valueText(v: RawValue): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  const s = String(v).trim();
  return s === '' ? null : s;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date from an ISO or dotted text, or an Access date; null when it is not a real date. */
function parseDate(v: RawValue): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  const s = valueText(v);
  if (!s) return null;
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/.exec(s);
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s);
  if (!iso && !dotted) return null;
  const [y, mo, d] = iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [Number(dotted![3]), Number(dotted![2]), Number(dotted![1])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

const TRUE = new Set(['1', '-1', 'true', 'yes', 'да', 'иә', 'y']);
const FALSE = new Set(['0', 'false', 'no', 'нет', 'жоқ', 'n']);

/**
 * A Yes/No value: Access gives booleans; text may say 1/0, true/false, да/нет, иә/жоқ. Empty is No.
 * `alsoYes` adds marks a form accepts beyond these (Appendix 2 takes "x" and "+").
 */
export function parseFlag(v: RawValue, alsoYes: readonly string[] = []): boolean | 'invalid' {
  if (typeof v === 'boolean') return v;
  const s = valueText(v)?.toLowerCase();
  if (s === undefined || s === null) return false;
  if (TRUE.has(s) || alsoYes.includes(s)) return true;
  if (FALSE.has(s)) return false;
  return 'invalid';
}

const SEX: Record<string, 'М' | 'Ж'> = { м: 'М', ж: 'Ж', е: 'М', ә: 'Ж', муж: 'М', жен: 'Ж', ер: 'М', әйел: 'Ж' };

/**
 * Validates one record (row `row` of the file, counting data rows from 1). Returns the record, or
 * the problems found: every field is checked, so one pass lists all a file's problems.
 * `today` (YYYY-MM-DD, Asia/Almaty) bounds the dates.
 */
export function validateVoterRecord(raw: RawRecord, row: number, today: string): { record: VoterRecord } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const codText = valueText(raw.Cod);
  const cod = codText !== null && /^\d{1,9}$/.test(codText) && Number(codText) > 0 ? Number(codText) : null;
  const problem = (fieldName: string, message: string) => problems.push({ cod: cod === null ? null : String(cod), row, field: fieldName, message });

  // Empty means empty: no placeholders, and text within the Access limit.
  const values = new Map<string, string | null>();
  for (const f of APPENDIX1_FIELDS) {
    const v = raw[f.name];
    const s = f.type === 'Yes/No' || f.type === 'Date/Time' ? (v instanceof Date || typeof v === 'boolean' ? null : valueText(v)) : valueText(v);
    if (s !== null && f.type !== 'Yes/No' && isPlaceholder(s) && !(f.name === 'Cod')) {
      problem(f.name, `holds a placeholder instead of data; leave the field empty when there is no ${f.meaning}`);
      values.set(f.name, null);
      continue;
    }
    if (s !== null && s.length > MAX_TEXT) problem(f.name, `is ${s.length} characters long; an Access Text field holds at most ${MAX_TEXT}`);
    values.set(f.name, s);
    if (f.required && s === null && !(v instanceof Date)) problem(f.name, `is required (${f.meaning}) and is empty`);
  }

  if (codText !== null && cod === null) problem('Cod', 'must be a positive whole number (the record key)');
  const iin = values.get('Cod_izber') ?? null;
  if (iin !== null) {
    const p = iinProblem(iin);
    if (p) problem('Cod_izber', `is not a valid IIN: ${IIN_PROBLEM_TEXT[p]}`);
  }

  const dates: Record<string, string | null> = {};
  for (const name of ['Date_rogd', 'Date_vidach', 'Dopol3']) {
    const v = raw[name];
    // Empty, or a placeholder already reported: no date.
    if (!(v instanceof Date) && values.get(name) === null) {
      dates[name] = null;
      continue;
    }
    dates[name] = parseDate(v);
    if (dates[name] === null) problem(name, 'is not a date (write YYYY-MM-DD or DD.MM.YYYY)');
  }
  const birth = dates.Date_rogd;
  if (birth !== null && (birth > today || birth < '1900-01-01')) problem('Date_rogd', `must be between 1900-01-01 and today (${today})`);
  const issued = dates.Date_vidach;
  if (issued !== null && issued > today) problem('Date_vidach', `is after today (${today})`);
  if (issued !== null && birth !== null && issued < birth) problem('Date_vidach', 'is before the date of birth');

  const sexText = values.get('mal');
  const sex = sexText === null || sexText === undefined ? null : SEX[sexText.toLowerCase()] ?? null;
  if (sexText && !sex) problem('mal', "must be М (male) or Ж (female); Е and Ә are accepted too");

  const flags: Record<string, boolean> = {};
  for (const name of ['Dopol1', 'Dopol2', 'Dopol4']) {
    const f = parseFlag(raw[name]);
    if (f === 'invalid') problem(name, 'must be Yes or No (1 or 0, true or false, да or нет)');
    flags[name] = f === true;
  }
  const marked = ['Dopol1', 'Dopol2', 'Dopol4'].filter((n) => flags[n]);
  if (marked.length > 1) problem(marked[1], `cannot be set together with ${marked[0]}: a record is changed (Dopol1), deleted (Dopol2) or added (Dopol4), not two of these`);
  const changedOn = dates.Dopol3;
  if (flags.Dopol1 && changedOn === null && !problems.some((p) => p.field === 'Dopol3')) problem('Dopol3', 'is required when Dopol1 (changed) is set: give the date of the change');
  if (changedOn !== null && marked.length === 0) problem('Dopol3', 'gives a date of change, but none of Dopol1, Dopol2, Dopol4 is set');
  if (changedOn !== null && changedOn > today) problem('Dopol3', `is after today (${today})`);

  if (problems.length || cod === null || iin === null || birth === null) return { problems };
  const v = (name: string) => values.get(name) ?? null;
  return {
    record: {
      cod, iin, surname: v('Soname')!, firstName: v('Name')!, patronymic: v('Otchestvo'), stationCode: v('Cod_uch')!,
      okgR: v('Okg_r'), okgOb: v('Okg_ob'), okgRai: v('Okg_rai'), obl: v('Obl'), rai: v('Rai'), birthDate: birth,
      nationality: v('Nac'), sex, locality: v('Mesto_progiv'), street: v('Street'), house: v('Hourse'), building: v('Korpus'),
      apartment: v('Kvartira'), documentNumber: v('Udostve'), documentIssuedOn: issued, note: v('Note'),
      changed: flags.Dopol1, deleted: flags.Dopol2, changedOn, added: flags.Dopol4,
    },
  };
}
