/**
 * Appendix 1 of CEC Rules No. 11/196: the voter file (an MS Access table), field by field, its
 * header, and what its records may hold. The checks of one record are made on its bytes, in
 * ./appendix1-check.ts; the rules, documented for the akimats:
 *  - a field with no data is empty: placeholders ('-', '0', 'нет', 'жоқ', 'N/A', '?', …) are a
 *    problem of the record (the note under the form);
 *  - Cod, Cod_izber (IIN), Soname, Name, Cod_uch and Date_rogd are required;
 *  - the IIN must have a valid check digit; its date and sex digits are NOT compared with the
 *    record (since 2013 they need not match; DOMAIN §6);
 *  - dates as YYYY-MM-DD or DD.MM.YYYY (a midnight time may follow, as Access writes it); a birth
 *    date from 1900 to the day the file was received; a document not issued before the birth or
 *    after the receipt; no date of change after the receipt;
 *  - sex as М/Ж, Е/Ә (Kazakh), M/F (Latin) or the words; Yes/No as 1/0, -1, true/false, да/нет,
 *    иә/жоқ, ИСТИНА/ЛОЖЬ;
 *  - the Dopol flags combine as the record's half-year went: Dopol4 with Dopol1 is a record added
 *    and then changed; Dopol2 with Dopol4 or Dopol1, one added or changed and then deleted (not
 *    live). Dopol3 (the date of the change) is required with Dopol1 and means nothing without a flag;
 *  - Text fields hold at most 255 characters (the Access limit); Cod is unique.
 * None of these refuses the file: each is a finding of the round (see ./appendix1-check.ts).
 */

import type { CodedProblem } from '../contracts/problems';
import { problem } from './problems';

export type AccessType = 'AutoNumber' | 'Text' | 'Date/Time' | 'Yes/No';

/** The 26 field names of the form, in its order. */
export type Appendix1Field =
  | 'Cod'
  | 'Cod_izber'
  | 'Soname'
  | 'Name'
  | 'Otchestvo'
  | 'Cod_uch'
  | 'Okg_r'
  | 'Okg_ob'
  | 'Okg_rai'
  | 'Obl'
  | 'Rai'
  | 'Date_rogd'
  | 'Nac'
  | 'mal'
  | 'Mesto_progiv'
  | 'Street'
  | 'Hourse'
  | 'Korpus'
  | 'Kvartira'
  | 'Udostve'
  | 'Date_vidach'
  | 'Note'
  | 'Dopol1'
  | 'Dopol2'
  | 'Dopol3'
  | 'Dopol4';

export interface FieldDef {
  name: Appendix1Field;
  type: AccessType;
  required: boolean;
  meaning: string;
}

const field = (name: Appendix1Field, type: AccessType, meaning: string, required = false): FieldDef => ({
  name,
  type,
  required,
  meaning,
});

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
export const APPENDIX1_BY_NAME: ReadonlyMap<Appendix1Field, FieldDef> = new Map(
  APPENDIX1_FIELDS.map((f) => [f.name, f]),
);

/** A value as a reader gives it: text from CSV; text, numbers, booleans and dates from Access. */
export type RawValue = string | number | boolean | Date | null | undefined;
export type RawRecord = Record<string, RawValue>;

/** A problem of a file's row and field: its code, parameters and English message (libs/files/problems.ts). */
export type FieldProblem = {
  /** The record's Cod as given (null when Cod itself is the problem), and its row in the file. */
  cod: string | null;
  row: number;
  field: string;
} & CodedProblem;

/** A record as the staging table holds it (the synthetic generator writes these). Dates are YYYY-MM-DD. */
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

/** Header names that can be quoted in a report: field-like words, never data (a file without a header starts with a voter). */
const NAME_LIKE = /^[A-Za-z_][A-Za-z0-9_ ]{0,39}$/;

/**
 * Matches a header to the 26 fields, whatever the letter case and surrounding spaces: the fields
 * in the file's order, or what it lacks or has too many of, in plain words. A name that does not
 * look like a field name is counted, never quoted: a file without a header row starts with a
 * voter's record, and that must not reach a report.
 */
export function readHeader(columns: readonly string[]): { fields: Appendix1Field[] } | { problems: CodedProblem[] } {
  const byLower = new Map<string, Appendix1Field>(APPENDIX1_FIELDS.map((f) => [f.name.toLowerCase(), f.name]));
  const given = columns.map((c) => c.trim());
  const fields = given.map((c) => byLower.get(c.toLowerCase()) ?? null);
  const problems: CodedProblem[] = [];
  if (fields.every((f) => f === null))
    return { problems: [problem('appendix1.not-a-header', { cells: given.length })] };
  const missing = APPENDIX1_FIELD_NAMES.filter((n) => !fields.includes(n));
  const unknown = given.filter((_, i) => fields[i] === null);
  const twice = fields.filter((f, i) => f !== null && fields.indexOf(f) !== i);
  if (missing.length) problems.push(problem('appendix1.missing-fields', { fields: missing }));
  if (unknown.length) {
    const named = unknown.filter((u) => NAME_LIKE.test(u) && u.length > 0);
    const others = unknown.length - named.length;
    problems.push(problem('appendix1.unknown-fields', { fields: named, others }));
  }
  if (twice.length) problems.push(problem('appendix1.repeated-fields', { fields: [...new Set(twice)] as string[] }));
  return problems.length ? { problems } : { fields: fields as Appendix1Field[] };
}

const PLACEHOLDER = /^(?:-+|—+|–+|0+|\.+|\?+|\*+|_+|нет|жоқ|n\/?a|null|none|отсутствует|не указано|нет данных)$/i;

/** The placeholders, as the voter file's byte checker (./appendix1-check.ts) matches them too. */
export const PLACEHOLDER_WORDS = PLACEHOLDER;

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

/**
 * Yes/No as the forms' files write it: 1/0, -1 (Access's True), true/false, yes/no, да/нет, иә/жоқ,
 * and the words Russian and Kazakh Excel writes for TRUE and FALSE (ИСТИНА/ЛОЖЬ, АҚИҚАТ/ЖАЛҒАН).
 */
export const YES_WORDS = ['1', '-1', 'true', 'yes', 'y', 't', 'да', 'иә', 'истина', 'ақиқат'] as const;
export const NO_WORDS = ['0', 'false', 'no', 'n', 'f', 'нет', 'жоқ', 'ложь', 'жалған'] as const;
const TRUE = new Set<string>(YES_WORDS);
const FALSE = new Set<string>(NO_WORDS);

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
