/**
 * The record checks of Appendix 1, made on the bytes of a CSV record (libs/files/csv-bytes.ts) so
 * a 1.5-million-row file is checked as fast as PostgreSQL's COPY takes it in, and the COPY line
 * each record becomes.
 *
 * A record's problem never refuses the file (Rules para 9: a wrong IIN, name or birth date is a
 * category-1 discrepancy that goes back to the akimat in the same round). Each problem is staged
 * with the record as `Field:rule` in its `problems` column and becomes a finding of the round
 * (libs/db/reconciliation/engine.ts): category 1 for the identity fields para 9(1) lists (IIN,
 * surname, first name, patronymic, birth date), a form finding (category 10) for the rest. An
 * invalid value is staged empty, so no later comparison reports it a second time; an invalid IIN
 * is kept as written, for the akimat to find the record, and is not matched against the register.
 *
 * A clean record's bytes go to COPY unchanged; a record with a problem, or with a value to
 * normalise (spaces around a value, М/Ж written otherwise, Yes/No written otherwise, a date with
 * a time), is written anew with every field quoted.
 */
import type { StagedRecordProblem } from '../contracts/problems';
import {
  APPENDIX1_FIELDS,
  NO_WORDS,
  PLACEHOLDER_WORDS,
  YES_WORDS,
  type AccessType,
  type Appendix1Field,
} from './appendix1';
import {
  FIELD_CONTROL,
  FIELD_ESCAPED,
  FIELD_LINE_BREAK,
  FIELD_QUOTED,
  FIELD_STRAY_QUOTE,
  fieldBytes,
  trimmedBytes,
  type CsvByteRecord,
} from './csv-bytes';

/** The encodings a voter file's bytes reach the checker in (UTF-16 is made UTF-8 first). */
export type ByteEncoding = 'utf-8' | 'windows-1251';

const QUOTE = 0x22;
const SPACE = 0x20;
const TAB = 0x09;
const DIGIT0 = 0x30;

/** The fields para 9(1) names as identity data: their problems are category-1 findings. */
export const IDENTITY_FIELDS: ReadonlySet<Appendix1Field> = new Set([
  'Cod_izber',
  'Soname',
  'Name',
  'Otchestvo',
  'Date_rogd',
]);

/** A record's problem, as staged: `Field:rule`, or `Cod:repeated:<first row>`; the rule is its code (libs/contracts/problems.ts). */
export type StagedProblem = StagedRecordProblem;

const MAX_TEXT = 255;
const MAX_STATION_CODES = 100_000;
/** Longer than any placeholder word in either encoding ("отсутствует" is 22 bytes in UTF-8). */
const PLACEHOLDER_MAX_BYTES = 24;

/** Byte text → string, in the file's encoding (short fields only: placeholders, the header). */
export function decoderFor(encoding: ByteEncoding): (b: Buffer) => string {
  if (encoding === 'utf-8') return (b) => b.toString('utf8');
  const table = new TextDecoder('windows-1251').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  return (b) => {
    let s = '';
    for (let i = 0; i < b.length; i += 1) s += table[b[i]];
    return s;
  };
}

function encoderFor(encoding: ByteEncoding): (s: string) => Buffer {
  if (encoding === 'utf-8') return (s) => Buffer.from(s, 'utf8');
  const table = new TextDecoder('windows-1251').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  const byChar = new Map([...table].map((c, i) => [c, i]));
  return (s) => Buffer.from([...s].map((c) => byChar.get(c) ?? 0x3f));
}

/** Accepted spellings of sex: Russian М/Ж, Kazakh Е/Ә (ер, әйел), Latin M/F, and the words. */
const SEX_VALUES: Record<string, 'М' | 'Ж'> = {
  м: 'М',
  ж: 'Ж',
  е: 'М',
  ә: 'Ж',
  m: 'М',
  f: 'Ж',
  муж: 'М',
  жен: 'Ж',
  мужской: 'М',
  женский: 'Ж',
  ер: 'М',
  әйел: 'Ж',
  male: 'М',
  female: 'Ж',
};
/** What PostgreSQL's boolean input takes as it is (so such a value needs no rewriting). */
const PG_BOOLEAN = new Set(['0', '1', 't', 'f', 'true', 'false', 'yes', 'no', 'y', 'n', 'on', 'off']);

type Kind = 'cod' | 'iin' | 'text' | 'date' | 'flag' | 'sex';

interface Column {
  field: Appendix1Field;
  kind: Kind;
  required: boolean;
}

function kindOf(name: Appendix1Field, type: AccessType): Kind {
  if (name === 'Cod') return 'cod';
  if (name === 'Cod_izber') return 'iin';
  if (name === 'mal') return 'sex';
  if (type === 'Date/Time') return 'date';
  if (type === 'Yes/No') return 'flag';
  return 'text';
}

/**
 * A field's verdict for COPY: staged empty (`none`), another value (`value`), or its own bytes
 * buf[s, e) (trimmed; `escaped` when "" in them must be unescaped).
 */
interface FieldOut {
  s: number;
  e: number;
  escaped: boolean;
  none: boolean;
  value: Buffer | null;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Date as yyyymmdd, or -1 when the bytes are not a date Appendix 1 accepts (a midnight time may follow). */
function parseDate(b: Buffer, s: number, e: number): number {
  const len = e - s;
  const d = (k: number) => b[s + k] - DIGIT0;
  const isD = (k: number) => b[s + k] >= DIGIT0 && b[s + k] <= DIGIT0 + 9;
  let y: number;
  let m: number;
  let day: number;
  let rest: number;
  if (
    len >= 10 &&
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
    rest = s + 10;
  } else if (
    len >= 10 &&
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
    rest = s + 10;
  } else {
    return -1;
  }
  if (y < 1000 || m < 1 || m > 12 || day < 1) return -1;
  const dim = m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : DAYS_IN_MONTH[m - 1];
  if (day > dim) return -1;
  if (rest < e) {
    // A time part, as Access and Excel write a Date/Time: only midnight ("0:00:00", "00:00", "T00:00:00Z").
    const time = b.toString('latin1', rest, e);
    if (!/^(?:[T ]0?0:00(?::00(?:\.0+)?)?Z?)$/.test(time)) return -1;
  }
  return y * 10000 + m * 100 + day;
}

/**
 * The IIN rule of libs/iin/iin.ts (DOMAIN §6: weights 1..11 mod 11, then 3..11,1,2; a second 10 is
 * never issued) on the bytes, making no string per record; test/unit/appendix1.spec.ts holds the
 * two to the same answers.
 */
export function iinRule(b: Buffer, s: number, e: number): 'not-12-digits' | 'check-digit' | 'never-issued' | null {
  if (e - s !== 12) return 'not-12-digits';
  let first = 0;
  let second = 0;
  for (let k = 0; k < 12; k += 1) {
    const digit = b[s + k] - DIGIT0;
    if (digit < 0 || digit > 9) return 'not-12-digits';
    if (k < 11) {
      first += digit * (k + 1);
      second += digit * (k < 9 ? k + 3 : k - 8);
    }
  }
  let check = first % 11;
  if (check === 10) check = second % 11;
  if (check === 10) return 'never-issued';
  return check === b[s + 11] - DIGIT0 ? null : 'check-digit';
}

/** Characters in a byte range (UTF-8 continuation bytes do not start one). */
function charLength(b: Buffer, s: number, e: number, encoding: ByteEncoding): number {
  if (encoding !== 'utf-8') return e - s;
  let n = 0;
  for (let k = s; k < e; k += 1) if ((b[k] & 0xc0) !== 0x80) n += 1;
  return n;
}

export interface RecordVerdict {
  /** The record's Cod when it is a positive whole number. */
  cod: number | null;
  problems: StagedProblem[];
}

/**
 * Checks records of one file whose header gave `columns` (in the file's order), received on
 * `receivedOn` (YYYY-MM-DD, Asia/Almaty): no date may be after it. Keeps the first row of each
 * Cod, to name it when a Cod repeats, in flat memory however long the file.
 */
export class Appendix1Checker {
  private readonly columns: Column[];
  private readonly decode: (b: Buffer) => string;
  private readonly receivedOn: number;
  private readonly yes: Set<string>;
  private readonly no: Set<string>;
  private readonly sex: Map<string, 'М' | 'Ж'>;
  private readonly sexBytes: Record<'М' | 'Ж', Buffer>;
  private readonly one = Buffer.from('1');
  private readonly zero = Buffer.from('0');
  private readonly firstRowDense = new Uint32Array(4_000_001);
  private readonly firstRowSparse = new Map<number, number>();
  private readonly out: FieldOut[];
  private readonly stationColumn: number;
  private readonly stationCodes = new Set<string>();
  /** First bytes (and, in UTF-8, second bytes) a placeholder can start with: only those fields are decoded and matched. */
  private readonly mayBePlaceholder = new Uint8Array(256);
  private readonly mayBePlaceholder2 = new Uint8Array(256);
  /** The byte lengths of the placeholder words that start with a letter beyond ASCII (нет, жоқ, отсутствует, …). */
  private readonly mayBePlaceholderLength = new Uint8Array(PLACEHOLDER_MAX_BYTES + 1);

  constructor(
    header: readonly Appendix1Field[],
    private readonly encoding: ByteEncoding,
    receivedOn: string,
  ) {
    const defs = new Map(APPENDIX1_FIELDS.map((f) => [f.name, f]));
    this.columns = header.map((name) => {
      const def = defs.get(name)!;
      return { field: name, kind: kindOf(name, def.type), required: def.required };
    });
    this.stationColumn = header.indexOf('Cod_uch');
    this.out = header.map(() => ({ s: 0, e: 0, escaped: false, none: true, value: null }));
    this.decode = decoderFor(encoding);
    const encode = encoderFor(encoding);
    // Spellings are matched on the bytes as written, in lower case as Latin-1 keys of the file's encoding.
    const key = (s: string) => encode(s).toString('latin1');
    const cased = (s: string) => [s, s.toUpperCase(), s[0].toUpperCase() + s.slice(1)];
    this.yes = new Set(YES_WORDS.flatMap(cased).map(key));
    this.no = new Set(NO_WORDS.flatMap(cased).map(key));
    this.sex = new Map(Object.entries(SEX_VALUES).flatMap(([s, v]) => cased(s).map((c) => [key(c), v] as const)));
    this.sexBytes = { М: encode('М'), Ж: encode('Ж') };
    this.receivedOn = Number(receivedOn.replaceAll('-', ''));
    for (const c of '-—–0.?*_nNнНжЖоО') {
      const b = encode(c);
      this.mayBePlaceholder[b[0]] = 1;
      if (b.length > 1) this.mayBePlaceholder2[b[1]] = 1;
    }
    // In UTF-8 a run of dashes (— and –, three bytes each) is told by its first byte; the words by their lengths, in any case.
    for (const w of ['нет', 'жоқ', 'отсутствует', 'не указано', 'нет данных']) {
      const n = encode(w).length;
      if (n <= PLACEHOLDER_MAX_BYTES) this.mayBePlaceholderLength[n] = 1;
    }
  }

  /**
   * The station codes (Cod_uch) the file names, as written (trimmed), to tell another district's
   * file without reading the rows back: at most MAX_STATION_CODES (a district has a few hundred).
   */
  stations(): string[] {
    const decode = this.decode;
    return [...this.stationCodes].map((k) => decode(Buffer.from(k, 'latin1')));
  }

  /**
   * Checks record `row` (data rows from 1) and appends its COPY line to `sink`:
   * `row;problems;field…` with the file's separator, in the file's field order.
   */
  check(r: CsvByteRecord, row: number, sink: CopySink): RecordVerdict {
    const problems: StagedProblem[] = [];
    const { buf, bounds, flags } = r;
    const out = this.out;
    let rewrite = false;
    let cod: number | null = null;
    let birth = -1;
    let issued = -1;
    let changedOn = -1;
    let changed = false;
    let flagsGiven = false;

    for (let i = 0; i < this.columns.length; i += 1) {
      const col = this.columns[i];
      const o = out[i];
      const raw = bounds[2 * i];
      const rawEnd = bounds[2 * i + 1];
      let s = raw;
      let e = rawEnd;
      while (s < e && (buf[s] === SPACE || buf[s] === TAB)) s += 1;
      while (e > s && (buf[e - 1] === SPACE || buf[e - 1] === TAB)) e -= 1;
      const f = flags[i];
      // The value staged: the trimmed bytes (unescaped if need be), unless a branch below sets another or none.
      o.s = s;
      o.e = e;
      o.value = null;
      o.none = false;
      o.escaped = (f & FIELD_ESCAPED) !== 0;
      if (s !== raw || e !== rawEnd || (f & (FIELD_ESCAPED | FIELD_STRAY_QUOTE)) !== 0) rewrite = true;

      if (s === e) {
        // Empty: staged as no value (`""` or spaces would reach PostgreSQL as text, which a date refuses).
        o.none = true;
        if (rawEnd !== raw || (f & FIELD_QUOTED) !== 0) rewrite = true;
        if (col.required) {
          problems.push(`${col.field}:empty`);
        } else if (col.kind === 'flag') {
          o.none = false;
          rewrite = true;
          o.value = this.zero;
        }
        continue;
      }
      if ((f & FIELD_CONTROL) !== 0 || ((f & FIELD_LINE_BREAK) !== 0 && col.field !== 'Note')) {
        problems.push(`${col.field}:control-character`);
        o.none = true;
        continue;
      }
      const kind = col.kind;
      if (
        e - s <= PLACEHOLDER_MAX_BYTES &&
        kind !== 'flag' &&
        kind !== 'cod' &&
        this.mayBePlaceholder[buf[s]] === 1 &&
        (buf[s] < 0x80 ||
          this.encoding !== 'utf-8' ||
          (buf[s] === 0xe2 ? (e - s) % 3 === 0 : this.mayBePlaceholderLength[e - s] === 1)) &&
        (buf[s] < 0x80 || this.encoding !== 'utf-8' || this.mayBePlaceholder2[buf[s + 1]] === 1) &&
        PLACEHOLDER_WORDS.test(this.decode(buf.subarray(s, e)))
      ) {
        problems.push(`${col.field}:placeholder`);
        o.none = true;
        continue;
      }
      if (e - s > MAX_TEXT && charLength(buf, s, e, this.encoding) > MAX_TEXT) problems.push(`${col.field}:too-long`);
      if (kind === 'text') {
        if (i === this.stationColumn && this.stationCodes.size < MAX_STATION_CODES)
          this.stationCodes.add(buf.toString('latin1', s, e));
        continue;
      }

      if (kind === 'cod') {
        let n = 0;
        let ok = e - s <= 9;
        for (let k = s; ok && k < e; k += 1) {
          const digit = buf[k] - DIGIT0;
          if (digit < 0 || digit > 9) ok = false;
          else n = n * 10 + digit;
        }
        if (!ok || n === 0) {
          problems.push('Cod:not-a-number');
          o.none = true;
          continue;
        }
        const first = n <= 4_000_000 ? this.firstRowDense[n] || undefined : this.firstRowSparse.get(n);
        if (first !== undefined) {
          // Staged without its Cod: the key belongs to the first row.
          problems.push(`Cod:repeated:${first}`);
          o.none = true;
        } else {
          cod = n;
          if (n <= 4_000_000) this.firstRowDense[n] = row;
          else this.firstRowSparse.set(n, row);
        }
      } else if (kind === 'iin') {
        const rule = iinRule(buf, s, e);
        if (rule) {
          problems.push(`Cod_izber:${rule}`);
          // Kept as written (at most 32 bytes), so the akimat can find the record; never matched.
          if (e - s > 32) o.none = true;
        }
      } else if (kind === 'date') {
        const d = parseDate(buf, s, e);
        if (d < 0) {
          problems.push(`${col.field}:not-a-date`);
          o.none = true;
          continue;
        }
        if (col.field === 'Date_rogd') {
          if (d < 19000101 || d > this.receivedOn) {
            problems.push('Date_rogd:impossible');
            o.none = true;
            continue;
          }
          birth = d;
        } else if (d > this.receivedOn) {
          problems.push(`${col.field}:after-receipt`);
        }
        if (col.field === 'Date_vidach') issued = d;
        else if (col.field === 'Dopol3') changedOn = d;
        // A time part follows: the date alone.
        if (e - s !== 10) {
          rewrite = true;
          o.value = Buffer.from(`${Math.floor(d / 10000)}-${pad2(Math.floor(d / 100) % 100)}-${pad2(d % 100)}`);
        }
      } else if (kind === 'flag') {
        if (e - s === 1 && (buf[s] === DIGIT0 || buf[s] === DIGIT0 + 1)) {
          // 0 or 1, as most files write them: as they are.
          if (buf[s] === DIGIT0 + 1) {
            flagsGiven = true;
            if (col.field === 'Dopol1') changed = true;
          }
          continue;
        }
        const k = buf.toString('latin1', s, e);
        const lower = k.toLowerCase();
        let yes: boolean;
        if (this.yes.has(k) || this.yes.has(lower)) yes = true;
        else if (this.no.has(k) || this.no.has(lower)) yes = false;
        else {
          problems.push(`${col.field}:invalid`);
          rewrite = true;
          o.value = this.zero;
          continue;
        }
        if (yes) flagsGiven = true;
        if (yes && col.field === 'Dopol1') changed = true;
        if (!PG_BOOLEAN.has(lower)) {
          rewrite = true;
          o.value = yes ? this.one : this.zero;
        }
      } else {
        if (sameBytes(buf, s, e, this.sexBytes.М) || sameBytes(buf, s, e, this.sexBytes.Ж)) continue;
        const k = buf.toString('latin1', s, e);
        const v = this.sex.get(k) ?? this.sex.get(k.toLowerCase());
        if (!v) {
          problems.push('mal:invalid');
          o.none = true;
          continue;
        }
        rewrite = true;
        o.value = this.sexBytes[v];
      }
    }

    // Across the fields of the record.
    if (issued >= 0 && birth >= 0 && issued < birth) problems.push('Date_vidach:before-birth');
    if (changedOn >= 0 && !flagsGiven) problems.push('Dopol3:without-flag');
    if (changed && changedOn < 0 && !problems.some((p) => p.startsWith('Dopol3:'))) problems.push('Dopol3:missing');
    if (problems.length > 0) rewrite = true;

    sink.row(row, problems);
    if (!rewrite) sink.bytes(buf, r.start, r.end);
    else sink.fields(out, r);
    sink.endLine();
    return { cod, problems };
  }
}

function sameBytes(b: Buffer, s: number, e: number, what: Buffer): boolean {
  if (e - s !== what.length) return false;
  for (let k = 0; k < what.length; k += 1) if (b[s + k] !== what[k]) return false;
  return true;
}

/**
 * The COPY text being built: CSV lines for PostgreSQL (FORMAT csv, the file's separator), in
 * buffers of about 256 KB taken by `take()`.
 */
export class CopySink {
  private buf = Buffer.allocUnsafe(1 << 18);
  private pos = 0;
  private readonly sep: number;

  constructor(separator: string) {
    this.sep = separator.charCodeAt(0);
  }

  get size(): number {
    return this.pos;
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** The line's first two fields: the row number and the problems as a PostgreSQL array. */
  row(row: number, problems: readonly string[]): void {
    this.room(12);
    // The row's digits, written as bytes (no string is made for a clean record).
    let digits = 1;
    for (let n = row; n >= 10; n = Math.floor(n / 10)) digits += 1;
    for (let k = digits - 1, n = row; k >= 0; k -= 1, n = Math.floor(n / 10))
      this.buf[this.pos + k] = DIGIT0 + (n % 10);
    this.pos += digits;
    this.buf[this.pos++] = this.sep;
    if (problems.length > 0) {
      const list = `"{${problems.join(',')}}"`;
      this.room(list.length);
      this.pos += this.buf.write(list, this.pos, 'latin1');
    }
    this.room(1);
    this.buf[this.pos++] = this.sep;
  }

  bytes(src: Buffer, start: number, end: number): void {
    this.room(end - start);
    src.copy(this.buf, this.pos, start, end);
    this.pos += end - start;
  }

  /** Fields written anew: empty for none, else quoted with quotation marks doubled. */
  fields(values: readonly FieldOut[], r: CsvByteRecord): void {
    for (let i = 0; i < values.length; i += 1) {
      if (i > 0) {
        this.room(1);
        this.buf[this.pos++] = this.sep;
      }
      const o = values[i];
      if (o.none) continue;
      const v = o.value ?? (o.escaped ? trimmedBytes(fieldBytes(r, i)) : r.buf.subarray(o.s, o.e));
      this.room(v.length * 2 + 2);
      this.buf[this.pos++] = QUOTE;
      for (let k = 0; k < v.length; k += 1) {
        if (v[k] === QUOTE) this.buf[this.pos++] = QUOTE;
        this.buf[this.pos++] = v[k];
      }
      this.buf[this.pos++] = QUOTE;
    }
  }

  endLine(): void {
    this.room(1);
    this.buf[this.pos++] = 0x0a;
  }

  /** The text so far, handed over as it is (no copy); the sink goes on in a buffer of its own. */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(Math.max(1 << 18, this.buf.length));
    this.pos = 0;
    return out;
  }
}
