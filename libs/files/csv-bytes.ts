/**
 * A CSV reader over bytes, for files too large to be split into JavaScript strings at the speed
 * PostgreSQL's COPY takes them in (a 1.5-million-row voter file). It finds each record's fields as
 * byte ranges in one pass over the file, in bounded memory, and never builds a string for a
 * field unless asked to.
 *
 * The dialect is what akimats' exports write, read leniently where the meaning is plain:
 *  - the separator is one byte (';', ',' or tab); records end at LF, CR LF or a lone CR;
 *  - a field that starts with a quotation mark is quoted: it runs to the next quotation mark not
 *    doubled, may hold separators and line breaks, and "" inside it is one quotation mark. A
 *    quotation mark inside an unquoted field is a character like any other (`КГУ "Школа № 5"`),
 *    and so is one inside a quoted field that is not followed by a separator or a line end;
 *  - records whose fields are all empty (blank lines, `;;;;` rows Excel leaves) are skipped.
 * The encoding must keep ASCII bytes as ASCII (UTF-8, Windows-1251, KOI8-R): the separator, the
 * quotation mark and the line ends never occur inside a multi-byte character. UTF-16 is turned
 * into UTF-8 before it reaches this reader.
 *
 * What breaks the structure (a quoted field never closed, a record far longer than any form
 * allows) is reported with the line it starts on; the text itself never is.
 */
import type { CodedProblem } from '../contracts/problems';
import { problem } from './problems';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** A record is never longer than this; past it the file is damaged (most likely an unclosed quotation mark). */
export const MAX_RECORD_BYTES = 1 << 20;

/** Byte classes for the hot loop: 0 ordinary, 1 separator, 2 quotation mark, 3 LF, 4 CR, 5 another control byte. */
function classes(delimiter: number): Uint8Array {
  const c = new Uint8Array(256);
  for (let b = 0; b < 0x20; b += 1) c[b] = 5;
  c[TAB] = 0;
  c[delimiter] = 1;
  c[QUOTE] = 2;
  c[LF] = 3;
  c[CR] = 4;
  return c;
}

/** Field flags, one byte per field of the current record. */
export const FIELD_QUOTED = 1;
/** A quoted field holding "" (its bytes need unescaping to be read). */
export const FIELD_ESCAPED = 2;
/** A control byte (NUL, 0x01-0x1F other than tab), or a line break in a quoted field. */
export const FIELD_CONTROL = 4;
/** A quotation mark inside an unquoted field, or a stray one inside a quoted field. */
export const FIELD_STRAY_QUOTE = 8;
/** A line break inside a quoted field. */
export const FIELD_LINE_BREAK = 16;

/** One record, valid until the reader's next call: its bytes and its fields as ranges of `buf`. */
export interface CsvByteRecord {
  buf: Buffer;
  /** The record's bytes are buf[start, end) (without its line end). */
  start: number;
  end: number;
  /** Number of fields. */
  count: number;
  /** Field i is buf[bounds[2i], bounds[2i+1]): the content, without enclosing quotation marks. */
  bounds: Int32Array;
  flags: Uint8Array;
  /** The line of the file the record starts on (1-based). */
  line: number;
}

export type CsvStructureProblem = { kind: 'unclosed-quote'; line: number } | { kind: 'record-too-long'; line: number };

/**
 * Feeds chunks of a file and hands each record to `onRecord`. Its state carries across chunks, so a
 * record may span any number of them; only the bytes of the record being read are held.
 */
export class CsvByteReader {
  private readonly cls: Uint8Array;
  /** The unfinished record's bytes (offsets below are relative to them). */
  private carry: Buffer = Buffer.alloc(0);
  private bomChecked = false;
  /** The line of the file the record being read starts on, and line breaks inside it so far. */
  private line = 1;
  private linesInRecord = 0;
  private bounds = new Int32Array(64);
  private flags = new Uint8Array(32);
  private field = 0;
  private fieldStart = 0;
  private inQuote = false;
  /** Inside a quoted field, the last byte was a quotation mark: the next byte says what it was. */
  private quoteSeen = false;
  /** The last record ended with CR: an LF right after it belongs to that line end. */
  private lastWasCr = false;
  problem: CsvStructureProblem | null = null;

  constructor(
    delimiter: string,
    private readonly onRecord: (r: CsvByteRecord) => void,
  ) {
    if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7f)
      throw new TypeError('the separator must be one ASCII character');
    this.cls = classes(delimiter.charCodeAt(0));
  }

  push(chunk: Buffer): void {
    if (this.problem) return;
    let buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    // The carried bytes were scanned already, except the first few held back to look for a BOM.
    let from = this.carry.length;
    this.carry = Buffer.alloc(0);
    if (!this.bomChecked) {
      if (buf.length < 3) {
        this.carry = buf;
        return;
      }
      this.bomChecked = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      from = 0;
    }
    this.scan(buf, from);
  }

  /** The end of the file: the last record, if it had no line end; an unclosed quoted field is a problem. */
  end(): void {
    if (this.problem) return;
    let buf = this.carry;
    this.carry = Buffer.alloc(0);
    if (!this.bomChecked) {
      this.bomChecked = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      this.scan(buf, 0);
      buf = this.carry;
    }
    if (this.inQuote && this.quoteSeen) {
      // The file ends right after a quoted field's closing quotation mark.
      this.inQuote = false;
      this.quoteSeen = false;
    }
    if (this.inQuote) {
      this.problem = { kind: 'unclosed-quote', line: this.line };
      return;
    }
    if (buf.length > 0 || this.field > 0) {
      this.endField(buf.length);
      this.emit(buf, 0, buf.length);
    }
  }

  private grow(): void {
    const b = new Int32Array(this.bounds.length * 2);
    b.set(this.bounds);
    this.bounds = b;
    const f = new Uint8Array(this.flags.length * 2);
    f.set(this.flags);
    this.flags = f;
  }

  /** The current field ends at `at` (a separator, a line end, or the end of the file). */
  private endField(at: number): void {
    if (this.field * 2 + 2 > this.bounds.length || this.field + 1 >= this.flags.length) this.grow();
    const quoted = (this.flags[this.field] & FIELD_QUOTED) !== 0;
    this.bounds[this.field * 2] = this.fieldStart + (quoted ? 1 : 0);
    // A quoted field's closing quotation mark is the byte before `at` (a stray one never closes it).
    this.bounds[this.field * 2 + 1] = quoted && at > this.fieldStart + 1 ? at - 1 : at;
    this.field += 1;
    this.flags[this.field] = 0;
  }

  /** Hands the record over unless every field is empty, and starts the next one at `next`. */
  private emit(buf: Buffer, start: number, end: number): void {
    const bounds = this.bounds;
    let nonEmpty = false;
    for (let f = 0; f < this.field && !nonEmpty; f += 1) {
      for (let k = bounds[2 * f]; k < bounds[2 * f + 1]; k += 1) {
        if (buf[k] !== SPACE && buf[k] !== TAB) {
          nonEmpty = true;
          break;
        }
      }
    }
    if (nonEmpty) this.onRecord({ buf, start, end, count: this.field, bounds, flags: this.flags, line: this.line });
    this.line += this.linesInRecord + 1;
    this.linesInRecord = 0;
    this.flags.fill(0, 0, this.field + 1);
    this.field = 0;
  }

  /**
   * Scans buf from `from` (the bytes before it, if any, are the record carried over from the last
   * chunk, already scanned). Keeps the unfinished record's bytes for the next chunk.
   */
  private scan(buf: Buffer, from: number): void {
    const start = this.loop(buf, from);
    if (buf.length - start > MAX_RECORD_BYTES) {
      this.problem = { kind: 'record-too-long', line: this.line };
      return;
    }
    // Keep the unfinished record, its offsets rebased.
    this.carry = start === 0 ? buf : buf.subarray(start);
    for (let k = 0; k < this.field * 2; k += 1) this.bounds[k] -= start;
    this.fieldStart -= start;
  }

  /**
   * The hot loop over the bytes, alone in its function: V8 optimises it while it runs (on-stack
   * replacement), and code after a loop that has not run yet would throw that work away at every
   * chunk's end. Returns where the unfinished record starts.
   */
  private loop(buf: Buffer, from: number): number {
    const cls = this.cls;
    const n = buf.length;
    let start = 0;
    let i = from;
    while (i < n) {
      if (this.inQuote) {
        const b = buf[i];
        const q = cls[b];
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (q === 2) {
            this.flags[this.field] |= FIELD_ESCAPED; // "" inside a quoted field
            i += 1;
            continue;
          }
          if (q !== 1 && q !== 3 && q !== 4) {
            // A quotation mark inside the quoted field, not doubled and not at its end: a character of it.
            this.flags[this.field] |= FIELD_STRAY_QUOTE;
            continue;
          }
          this.inQuote = false; // the field is closed: this separator or line end is handled below
        } else {
          if (q === 2) this.quoteSeen = true;
          else if (q === 3 || q === 4) {
            this.flags[this.field] |= FIELD_LINE_BREAK;
            if (q === 4 || i === 0 || buf[i - 1] !== CR) this.linesInRecord += 1;
          } else if (q === 5) this.flags[this.field] |= FIELD_CONTROL;
          i += 1;
          continue;
        }
      }
      // Outside quotes: ordinary bytes are skipped at full speed.
      let c = cls[buf[i]];
      while (c === 0) {
        i += 1;
        if (i === n) break;
        c = cls[buf[i]];
      }
      if (i === n) break;
      if (c === 1) {
        this.endField(i);
        this.fieldStart = i + 1;
      } else if (c === 2) {
        if (i === this.fieldStart) {
          this.flags[this.field] |= FIELD_QUOTED;
          this.inQuote = true;
        } else {
          this.flags[this.field] |= FIELD_STRAY_QUOTE;
        }
      } else if (c === 5) {
        this.flags[this.field] |= FIELD_CONTROL;
      } else if (c === 3 && this.lastWasCr && i === start && this.field === 0 && i === this.fieldStart) {
        // The LF of a CR LF whose CR ended the last record.
        start = i + 1;
        this.fieldStart = start;
        this.lastWasCr = false;
      } else {
        // A line end (LF or CR) ends the record.
        this.endField(i);
        this.emit(buf, start, i);
        this.lastWasCr = c === 4;
        start = i + 1;
        this.fieldStart = start;
      }
      if (c !== 4 && c !== 3) this.lastWasCr = false;
      i += 1;
    }
    return start;
  }
}

/** Field i's bytes as they are meant: "" unescaped in a quoted field. */
export function fieldBytes(r: CsvByteRecord, i: number): Buffer {
  const s = r.bounds[2 * i];
  const e = r.bounds[2 * i + 1];
  const raw = r.buf.subarray(s, e);
  if ((r.flags[i] & FIELD_ESCAPED) === 0) return raw;
  const out = Buffer.allocUnsafe(raw.length);
  let o = 0;
  for (let k = 0; k < raw.length; k += 1) {
    out[o++] = raw[k];
    if (raw[k] === QUOTE && raw[k + 1] === QUOTE) k += 1;
  }
  return out.subarray(0, o);
}

/** A break of the file's structure in plain words, naming the line (the voter file's and the register extract's importers). */
export function structureMessage(p: CsvStructureProblem): string {
  return structureProblem(p).message;
}

/** The same, coded (libs/contracts/problems.ts). */
export function structureProblem(p: CsvStructureProblem): CodedProblem {
  return p.kind === 'unclosed-quote'
    ? problem('csv.unclosed-quote', { line: p.line })
    : problem('csv.record-too-long', { line: p.line, kb: MAX_RECORD_BYTES >> 10 });
}

/** A field's bytes without the spaces and tabs around them. */
export function trimmedBytes(b: Buffer): Buffer {
  let s = 0;
  let e = b.length;
  while (s < e && (b[s] === SPACE || b[s] === TAB)) s += 1;
  while (e > s && (b[e - 1] === SPACE || b[e - 1] === TAB)) e -= 1;
  return b.subarray(s, e);
}
