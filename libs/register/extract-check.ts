/**
 * The row check of the register extract (./extract-format.ts), made on the bytes of a CSV record
 * (libs/files/csv-bytes.ts) so 12.5 million rows are checked about as fast as PostgreSQL's COPY
 * takes them in: no string is made for a clean field, and a clean row's fields are copied as
 * bytes into the COPY lines of the snapshot's partitions (./snapshot-import.ts).
 *
 * A row with a problem is held back from the snapshot (it is not imported); its problems are
 * reported by row, field and rule, never by value. A row's facts (the status dates) become
 * register_status_fact lines only when the row is accepted.
 */
import {
  FIELD_CONTROL,
  FIELD_ESCAPED,
  FIELD_LINE_BREAK,
  FIELD_QUOTED,
  FIELD_STRAY_QUOTE,
  fieldBytes,
  trimmedBytes,
  type CsvByteRecord,
} from '../files/csv-bytes';
import { iinRule, type ByteEncoding } from '../files/appendix1-check';
import { REGIONS } from '../territory/regions';
import { EXTRACT_FORMAT_V1, type ExtractField } from './extract-format';

const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const D0 = 0x30;

/** The rules a row can break, by name (the problem's `rule`); their ids index this list. */
export const ROW_RULES = [
  'empty',
  'control-character',
  'too-long',
  'not-12-digits',
  'check-digit',
  'never-issued',
  'not-a-date',
  'before-1900',
  'after-as-of',
  'invalid',
  'not-2-digits',
  'not-4-digits',
  'not-9-digits',
  'not-a-number',
  'unknown-region',
  'not-in-region',
  'unknown-district',
  'not-in-district',
  'unknown-station',
  'document-incomplete',
  'expires-before-issue',
  'required-for-non-citizen',
  'without-since',
  'not-after-since',
  'repeated',
] as const;
export type RowRule = (typeof ROW_RULES)[number];
const R = Object.fromEntries(ROW_RULES.map((r, i) => [r, i])) as Record<RowRule, number>;

/** The format's fields by index (a problem's field id). */
export const FIELDS = EXTRACT_FORMAT_V1.fields;
const F = Object.fromEntries(FIELDS.map((f, i) => [f.name, i])) as Record<string, number>;

/** register_voter's columns as the checker writes them, in order; the snapshot id is the table's default. */
export const VOTER_COLUMNS = [
  'row',
  'iin',
  'surname',
  'first_name',
  'patronymic',
  'birth_date',
  'sex',
  'citizenship',
  'region_code',
  'district_id',
  'kato',
  'station_id',
  'locality',
  'street',
  'house',
  'apartment',
  'registered_on',
  'document_number',
  'document_issued_on',
  'document_expires_on',
] as const;
/** The field each voter column comes from (row and station_id are made here). */
const VOTER_SOURCE: (string | null)[] = [
  null,
  'IIN',
  'SURNAME',
  'FIRST_NAME',
  'PATRONYMIC',
  'BIRTH_DATE',
  'SEX',
  'CITIZENSHIP',
  'REGION',
  'DISTRICT',
  'KATO',
  null,
  'LOCALITY',
  'STREET',
  'HOUSE',
  'APARTMENT',
  'REGISTERED_ON',
  'DOC_NUMBER',
  'DOC_ISSUED_ON',
  'DOC_EXPIRES_ON',
];
/** The fact table's columns as written: the row is kept while duplicates are sorted out, then dropped. */
export const FACT_COLUMNS = ['iin', 'kind', 'since', 'until', 'row'] as const;

/** The dates that may lie after the extract's date. */
const MAY_BE_LATER = new Set(['DOC_EXPIRES_ON', 'IMPRISONED_UNTIL']);

type Kind = 0 | 1 | 2 | 3 | 4 | 5; // text, date, iin, digits, integer, enum
const KIND: Record<ExtractField['type'], Kind> = { text: 0, date: 1, iin: 2, digits: 3, integer: 4, enum: 5 };

/** What the checker needs to know of the territory: the regions, the districts, the polling stations. */
export interface Territory {
  /** District ids of four digits on record. */
  districts: Iterable<string>;
  /** Polling stations: region code, number, id. */
  stations: Iterable<{ regionCode: string; number: number; id: string }>;
}

/** One row's problem: the field (an index of FIELDS) and the rule (an index of ROW_RULES). */
export interface RowProblem {
  field: number;
  rule: number;
}

/**
 * A COPY stream's text being built: CSV lines with the file's separator, in buffers taken by
 * `take()`. Clean fields are copied as bytes; a field that needs quoting is quoted.
 */
export class LineSink {
  private buf = Buffer.allocUnsafe(1 << 18);
  pos = 0;
  constructor(readonly sep: number) {}

  get size(): number {
    return this.pos;
  }

  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n + 1024));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  raw(src: Buffer, s: number, e: number): void {
    const n = e - s;
    this.room(n);
    const buf = this.buf;
    if (n < 24) {
      let p = this.pos;
      for (let k = s; k < e; k += 1) buf[p++] = src[k];
      this.pos = p;
    } else {
      src.copy(buf, this.pos, s, e);
      this.pos += n;
    }
  }

  quoted(v: Buffer): void {
    this.room(v.length * 2 + 2);
    const buf = this.buf;
    buf[this.pos++] = QUOTE;
    for (let k = 0; k < v.length; k += 1) {
      if (v[k] === QUOTE) buf[this.pos++] = QUOTE;
      buf[this.pos++] = v[k];
    }
    buf[this.pos++] = QUOTE;
  }

  ascii(s: string): void {
    this.room(s.length);
    for (let k = 0; k < s.length; k += 1) this.buf[this.pos++] = s.charCodeAt(k);
  }

  int(n: number): void {
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits += 1;
    this.room(digits);
    for (let k = digits - 1, m = n; k >= 0; k -= 1, m = Math.floor(m / 10)) this.buf[this.pos + k] = D0 + (m % 10);
    this.pos += digits;
  }

  /** A date yyyymmdd as YYYY-MM-DD. */
  date(d: number): void {
    this.room(10);
    const b = this.buf;
    const p = this.pos;
    const y = Math.floor(d / 10000);
    const m = Math.floor(d / 100) % 100;
    const day = d % 100;
    b[p] = D0 + Math.floor(y / 1000);
    b[p + 1] = D0 + (Math.floor(y / 100) % 10);
    b[p + 2] = D0 + (Math.floor(y / 10) % 10);
    b[p + 3] = D0 + (y % 10);
    b[p + 4] = 0x2d;
    b[p + 5] = D0 + Math.floor(m / 10);
    b[p + 6] = D0 + (m % 10);
    b[p + 7] = 0x2d;
    b[p + 8] = D0 + Math.floor(day / 10);
    b[p + 9] = D0 + (day % 10);
    this.pos = p + 10;
  }

  /** The text so far, handed over as it is; the sink goes on in a buffer of its own. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(Math.max(1 << 18, Math.min(this.buf.length, 1 << 22)));
    this.pos = 0;
    return out;
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A date as yyyymmdd, or -1: YYYY-MM-DD or DD.MM.YYYY, a real calendar day. */
export function parseDate(b: Buffer, s: number, e: number): number {
  if (e - s !== 10) return -1;
  const d = (k: number) => b[s + k] - D0;
  const isD = (k: number) => b[s + k] >= D0 && b[s + k] <= D0 + 9;
  let y: number;
  let m: number;
  let day: number;
  if (
    b[s + 4] === 0x2d &&
    b[s + 7] === 0x2d &&
    isD(0) &&
    isD(1) &&
    isD(2) &&
    isD(3) &&
    isD(5) &&
    isD(6) &&
    isD(8) &&
    isD(9)
  ) {
    y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    m = d(5) * 10 + d(6);
    day = d(8) * 10 + d(9);
  } else if (
    b[s + 2] === 0x2e &&
    b[s + 5] === 0x2e &&
    isD(0) &&
    isD(1) &&
    isD(3) &&
    isD(4) &&
    isD(6) &&
    isD(7) &&
    isD(8) &&
    isD(9)
  ) {
    day = d(0) * 10 + d(1);
    m = d(3) * 10 + d(4);
    y = d(6) * 1000 + d(7) * 100 + d(8) * 10 + d(9);
  } else {
    return -1;
  }
  if (y < 1000 || m < 1 || m > 12 || day < 1) return -1;
  const dim = m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : DAYS_IN_MONTH[m - 1];
  if (day > dim) return -1;
  return y * 10000 + m * 100 + day;
}

/** The sex spellings in the file's encoding: М/м, Ж/ж (Cyrillic) as bytes. */
function cyrillic(encoding: ByteEncoding, c: string): number[] {
  if (encoding === 'utf-8') return [...Buffer.from(c, 'utf8')];
  const table = new TextDecoder('windows-1251').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  return [table.indexOf(c)];
}

/**
 * Checks the rows of one file whose header gave `columns` (the format's field per column of the
 * file, in its order), for an extract as of `asOf` (YYYY-MM-DD).
 */
export class ExtractChecker {
  /** The file's column of each format field, or -1 when the header does not name it. */
  private readonly at: Int32Array;
  private readonly kinds: Kind[];
  private readonly max: number[];
  private readonly required: boolean[];
  private readonly maybeLater: boolean[];
  private readonly asOf: number;
  private readonly regions = new Uint8Array(100);
  private readonly districts = new Uint8Array(10_000);
  private readonly stations = new Map<number, string>();
  /** Per format field, this row: where its value is (s, e), or e < s for none; a date's value. */
  private readonly vs: Int32Array;
  private readonly ve: Int32Array;
  private readonly num: Float64Array;
  private readonly bad: Uint8Array;
  private readonly male: number[][];
  private readonly female: number[][];
  readonly problems: RowProblem[] = [];
  private readonly factFields: { field: number; kind: string }[];

  constructor(
    columns: readonly (ExtractField | null)[],
    private readonly encoding: ByteEncoding,
    asOf: string,
    territory: Territory,
  ) {
    this.at = new Int32Array(FIELDS.length).fill(-1);
    columns.forEach((c, i) => {
      if (c) this.at[F[c.name]] = i;
    });
    this.kinds = FIELDS.map((f) => KIND[f.type]);
    this.max = FIELDS.map((f) => f.maxLength ?? 255);
    this.required = FIELDS.map((f) => f.required);
    this.maybeLater = FIELDS.map((f) => MAY_BE_LATER.has(f.name));
    this.asOf = Number(asOf.replaceAll('-', ''));
    for (const r of REGIONS) this.regions[Number(r.code)] = 1;
    for (const d of territory.districts) if (/^\d{4}$/.test(d)) this.districts[Number(d)] = 1;
    for (const s of territory.stations) this.stations.set(Number(s.regionCode) * 10_000_000 + s.number, s.id);
    this.vs = new Int32Array(FIELDS.length);
    this.ve = new Int32Array(FIELDS.length);
    this.num = new Float64Array(FIELDS.length);
    this.bad = new Uint8Array(FIELDS.length);
    this.male = [[0x4d], [0x6d], [0x31], cyrillic(encoding, 'М'), cyrillic(encoding, 'м')];
    this.female = [[0x46], [0x66], [0x32], cyrillic(encoding, 'Ж'), cyrillic(encoding, 'ж')];
    this.factFields = FIELDS.flatMap((f, i) => (f.fact ? [{ field: i, kind: f.fact }] : []));
  }

  private problem(field: number, rule: number): void {
    if (this.bad[field]) return; // one problem per field: the first found
    this.bad[field] = 1;
    this.problems.push({ field, rule });
  }

  private given(field: number): boolean {
    return this.ve[field] > this.vs[field] && !this.bad[field];
  }

  /**
   * Checks record `row` (data rows from 1). Accepted: appends its register_voter line to `voters`
   * and a line per status fact to `facts`, and returns true. Held back: `problems` holds why.
   */
  check(r: CsvByteRecord, row: number, voters: LineSink, facts: LineSink): boolean {
    const { buf, bounds, flags } = r;
    const n = FIELDS.length;
    this.problems.length = 0;
    this.bad.fill(0);
    for (let f = 0; f < n; f += 1) {
      const col = this.at[f];
      if (col < 0) {
        this.vs[f] = 0;
        this.ve[f] = 0;
        if (this.required[f]) this.problem(f, R.empty);
        continue;
      }
      let s = bounds[2 * col];
      let e = bounds[2 * col + 1];
      while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s += 1;
      while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e -= 1;
      this.vs[f] = s;
      this.ve[f] = e;
      if (s === e) {
        if (this.required[f]) this.problem(f, R.empty);
        continue;
      }
      const fl = flags[col];
      if ((fl & (FIELD_CONTROL | FIELD_LINE_BREAK)) !== 0) {
        this.problem(f, R['control-character']);
        continue;
      }
      switch (this.kinds[f]) {
        case 0: {
          const len = e - s;
          if (len > this.max[f] && (this.encoding !== 'utf-8' || charLength(buf, s, e) > this.max[f]))
            this.problem(f, R['too-long']);
          else if (f === F.CITIZENSHIP && !(len === 2 && isLetter(buf[s]) && isLetter(buf[s + 1])))
            this.problem(f, R.invalid);
          break;
        }
        case 1: {
          const d = parseDate(buf, s, e);
          if (d < 0) this.problem(f, R['not-a-date']);
          else if (f === F.BIRTH_DATE && d < 19000101) this.problem(f, R['before-1900']);
          else if (d > this.asOf && !this.maybeLater[f]) this.problem(f, R['after-as-of']);
          else this.num[f] = d;
          break;
        }
        case 2: {
          const rule = (fl & (FIELD_ESCAPED | FIELD_STRAY_QUOTE)) !== 0 ? 'not-12-digits' : iinRule(buf, s, e);
          if (rule) this.problem(f, R[rule]);
          break;
        }
        case 3: {
          const want = this.max[f];
          let v = 0;
          let ok = e - s === want;
          for (let k = s; ok && k < e; k += 1) {
            const dg = buf[k] - D0;
            if (dg < 0 || dg > 9) ok = false;
            else v = v * 10 + dg;
          }
          if (!ok) this.problem(f, want === 2 ? R['not-2-digits'] : want === 4 ? R['not-4-digits'] : R['not-9-digits']);
          else this.num[f] = v;
          break;
        }
        case 4: {
          let v = 0;
          let ok = e - s <= this.max[f];
          for (let k = s; ok && k < e; k += 1) {
            const dg = buf[k] - D0;
            if (dg < 0 || dg > 9) ok = false;
            else v = v * 10 + dg;
          }
          if (!ok || v === 0) this.problem(f, R['not-a-number']);
          else this.num[f] = v;
          break;
        }
        default: {
          // SEX: 1 male, 2 female.
          const sex = matchAny(buf, s, e, this.male) ? 1 : matchAny(buf, s, e, this.female) ? 2 : 0;
          if (sex === 0) this.problem(f, R.invalid);
          else this.num[f] = sex;
        }
      }
    }

    // Across fields.
    let stationId: string | undefined;
    if (this.given(F.REGION) && !this.regions[this.num[F.REGION]]) this.problem(F.REGION, R['unknown-region']);
    // A district is judged within a known region only (an unknown region's district is that region's problem).
    if (this.given(F.DISTRICT) && this.given(F.REGION)) {
      if (Math.floor(this.num[F.DISTRICT] / 100) !== this.num[F.REGION]) this.problem(F.DISTRICT, R['not-in-region']);
      else if (!this.districts[this.num[F.DISTRICT]]) this.problem(F.DISTRICT, R['unknown-district']);
    }
    if (this.given(F.KATO) && this.given(F.DISTRICT) && Math.floor(this.num[F.KATO] / 100_000) !== this.num[F.DISTRICT])
      this.problem(F.KATO, R['not-in-district']);
    if (this.given(F.STATION) && this.given(F.REGION)) {
      stationId = this.stations.get(this.num[F.REGION] * 10_000_000 + this.num[F.STATION]);
      if (stationId === undefined) this.problem(F.STATION, R['unknown-station']);
    }
    const doc = [F.DOC_NUMBER, F.DOC_ISSUED_ON, F.DOC_EXPIRES_ON];
    const written = doc.filter((f) => this.ve[f] > this.vs[f]);
    if (written.length > 0 && written.length < 3)
      this.problem(
        doc.find((f) => this.ve[f] <= this.vs[f])!,
        R['document-incomplete'],
      );
    else if (
      this.given(F.DOC_ISSUED_ON) &&
      this.given(F.DOC_EXPIRES_ON) &&
      this.num[F.DOC_EXPIRES_ON] < this.num[F.DOC_ISSUED_ON]
    ) {
      this.problem(F.DOC_EXPIRES_ON, R['expires-before-issue']);
    }
    if (
      this.given(F.CITIZENSHIP) &&
      !isKz(buf, this.vs[F.CITIZENSHIP]) &&
      this.ve[F.NON_CITIZEN_SINCE] <= this.vs[F.NON_CITIZEN_SINCE]
    ) {
      this.problem(F.NON_CITIZEN_SINCE, R['required-for-non-citizen']);
    }
    if (this.ve[F.IMPRISONED_UNTIL] > this.vs[F.IMPRISONED_UNTIL] && !this.bad[F.IMPRISONED_UNTIL]) {
      if (this.ve[F.IMPRISONED_SINCE] <= this.vs[F.IMPRISONED_SINCE])
        this.problem(F.IMPRISONED_UNTIL, R['without-since']);
      else if (this.given(F.IMPRISONED_SINCE) && this.num[F.IMPRISONED_UNTIL] <= this.num[F.IMPRISONED_SINCE])
        this.problem(F.IMPRISONED_UNTIL, R['not-after-since']);
    }
    if (this.problems.length > 0) return false;

    // The register_voter line, in VOTER_COLUMNS' order.
    voters.int(row);
    for (let c = 1; c < VOTER_COLUMNS.length; c += 1) {
      voters.byte(voters.sep);
      if (c === 11) {
        if (stationId !== undefined) voters.ascii(stationId);
        continue;
      }
      const f = F[VOTER_SOURCE[c]!];
      const s = this.vs[f];
      const e = this.ve[f];
      if (e <= s) continue;
      const kind = this.kinds[f];
      if (kind === 1) voters.date(this.num[f]);
      else if (kind === 5) voters.ascii(this.num[f] === 1 ? 'MALE' : 'FEMALE');
      else if (f === F.CITIZENSHIP) {
        voters.byte(buf[s] & 0xdf);
        voters.byte(buf[s + 1] & 0xdf);
      } else {
        const col = this.at[f];
        const fl = flags[col];
        if ((fl & (FIELD_QUOTED | FIELD_ESCAPED | FIELD_STRAY_QUOTE)) === 0) voters.raw(buf, s, e);
        else voters.quoted((fl & FIELD_ESCAPED) !== 0 ? trimmedBytes(fieldBytes(r, col)) : buf.subarray(s, e));
      }
    }
    voters.byte(0x0a);

    for (const { field, kind } of this.factFields) {
      if (this.ve[field] <= this.vs[field]) continue;
      facts.raw(buf, this.vs[F.IIN], this.ve[F.IIN]);
      facts.byte(facts.sep);
      facts.ascii(kind);
      facts.byte(facts.sep);
      facts.date(this.num[field]);
      facts.byte(facts.sep);
      if (field === F.IMPRISONED_SINCE && this.ve[F.IMPRISONED_UNTIL] > this.vs[F.IMPRISONED_UNTIL])
        facts.date(this.num[F.IMPRISONED_UNTIL]);
      facts.byte(facts.sep);
      facts.int(row);
      facts.byte(0x0a);
    }
    return true;
  }
}

function isLetter(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

function isKz(b: Buffer, s: number): boolean {
  return (b[s] & 0xdf) === 0x4b && (b[s + 1] & 0xdf) === 0x5a;
}

function matchAny(b: Buffer, s: number, e: number, spellings: number[][]): boolean {
  for (const w of spellings) {
    if (w.length !== e - s) continue;
    let same = true;
    for (let k = 0; k < w.length && same; k += 1) if (b[s + k] !== w[k]) same = false;
    if (same) return true;
  }
  return false;
}

function charLength(b: Buffer, s: number, e: number): number {
  let n = 0;
  for (let k = s; k < e; k += 1) if ((b[k] & 0xc0) !== 0x80) n += 1;
  return n;
}
