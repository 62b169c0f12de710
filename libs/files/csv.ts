/**
 * Reading the CSV files akimats send (the voter file, station lists, boundaries), shared by the
 * importers: the text encoding found from the bytes (UTF-8; UTF-16 with its byte-order mark, as
 * Excel's "Unicode text" writes it; else Windows-1251, what Russian-locale Excel and Access
 * write), the separator found from the first lines (';', ',' or tab: whichever occurs most outside
 * quotes, so a comma inside an unquoted address of a ';' file stays in its field), and the records
 * streamed as arrays of text in bounded memory.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import type { CodedProblem } from '../contracts/problems';
import { problem } from './problems';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251';
export type Delimiter = ';' | ',' | '\t';

/** A CSV record and the line of the file it ends on (a spreadsheet's row number, for one-line records). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** The CSV itself is broken at `line`; `explain` says how in plain words, without the text (it may be personal data). */
export class CsvTrouble extends Error {
  constructor(
    readonly code: string,
    readonly line: number | undefined,
    readonly fields: number,
    private readonly plain?: CodedProblem,
  ) {
    super(plain?.message ?? `the file cannot be read as CSV at line ${line ?? '?'} (${code})`);
    this.name = 'CsvTrouble';
  }

  /** `against`: whose field count the row should have had, the header's or the first row's. */
  explain(against: 'header' | 'first-row'): CodedProblem {
    if (this.plain) return this.plain;
    const line = this.line ?? null;
    return this.code.startsWith('CSV_RECORD_INCONSISTENT')
      ? problem('csv.field-count', { line, fields: this.fields, against })
      : /QUOTE/.test(this.code)
        ? problem('csv.quote', { line })
        : problem('csv.invalid', { line, reason: this.code });
  }
}

/** Bytes to text in the file's encoding, chunk by chunk (a character may span two chunks). */
function decoder(encoding: TextEncoding): Transform {
  const d = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, d.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, d.decode());
    },
  });
}

async function firstBytes(path: string, n: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const SNIFF_BYTES = 64 * 1024;

/** A file that cannot be read as text at all, in plain words (no content quoted). */
export class TextTrouble extends Error {
  constructor(readonly problem: CodedProblem) {
    super(problem.message);
    this.name = 'TextTrouble';
  }
}

/**
 * UTF-16 without its byte-order mark: nearly every pair of bytes is a character of the Latin or
 * Cyrillic block (U+00xx, U+04xx) that is not NUL, so one byte of each pair is 0x00 or 0x04 and
 * the other is not zero. Binary data (mostly zeros, or anything) is not.
 */
function utf16WithoutBom(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 16) return null;
  let le = 0;
  let be = 0;
  for (let i = 0; i < n; i += 2) {
    const a = head[i];
    const b = head[i + 1];
    if ((b === 0x00 || b === 0x04) && a !== 0) le += 1;
    if ((a === 0x00 || a === 0x04) && b !== 0) be += 1;
  }
  const pairs = n / 2;
  if (le > pairs * 0.9 && le > be) return 'utf-16le';
  if (be > pairs * 0.9 && be > le) return 'utf-16be';
  return null;
}

/** Bytes at the end that begin a UTF-8 character not finished in this buffer (0 to 3). */
function incompleteTail(b: Buffer): number {
  for (let k = 1; k <= Math.min(3, b.length); k += 1) {
    const byte = b[b.length - k];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}

/** Control bytes other than tab, line ends and form feed: text has almost none, binary files many. */
function controlShare(head: Buffer): number {
  let n = 0;
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) n += 1;
  return head.length === 0 ? 0 : n / head.length;
}

/**
 * Windows-1251 or KOI8-R? Both give Cyrillic for every high byte, so the letters decide: read
 * either way, the right one puts most letters among the commonest of Russian and Kazakh names
 * and words (о, а, е, и, н, р, т, с, л, в, к, м, д).
 */
const COMMON = new Set('оаеинртслвкмд');
function koi8Likelier(sample: Buffer): boolean {
  const score = (encoding: string) => {
    let letters = 0;
    let common = 0;
    for (const c of new TextDecoder(encoding).decode(sample).toLowerCase()) {
      if (c >= 'а' && c <= 'я') {
        letters += 1;
        if (COMMON.has(c)) common += 1;
      }
    }
    return letters < 20 ? null : common / letters;
  };
  const cp = score('windows-1251');
  const koi = score('koi8-r');
  return cp !== null && koi !== null && koi > cp + 0.15;
}

/**
 * The file's text encoding, from its bytes: UTF-16 by its byte-order mark or by its zero bytes;
 * 'utf-8' when the whole file is valid UTF-8; else Windows-1251, what Russian-locale Excel and
 * Access write. A binary file, a KOI8-R one, and a Windows-1251 one holding the one byte that
 * encoding leaves undefined (0x98), are refused in plain words.
 */
export async function textEncodingOf(path: string): Promise<TextEncoding> {
  const head = await firstBytes(path, SNIFF_BYTES);
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const utf16 = utf16WithoutBom(head);
  if (utf16) return utf16;
  if (controlShare(head) > 0.005) {
    throw new TextTrouble(problem('text.binary', {}));
  }
  // Whole-file UTF-8 validity, chunk by chunk (a character cut by a chunk's end is checked with the next).
  let valid = true;
  let undefined1251 = false;
  let tail: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    if (valid) {
      const whole = tail.length ? Buffer.concat([tail, b]) : b;
      const cut = incompleteTail(whole);
      valid = isUtf8(whole.subarray(0, whole.length - cut));
      tail = Buffer.from(whole.subarray(whole.length - cut));
    }
    if (!undefined1251 && b.includes(0x98)) undefined1251 = true;
  }
  if (valid && tail.length === 0) return 'utf-8';
  if (koi8Likelier(head)) {
    throw new TextTrouble(problem('text.koi8-r', {}));
  }
  if (undefined1251) {
    throw new TextTrouble(problem('text.undefined-byte', {}));
  }
  return 'windows-1251';
}

const DELIMITERS: readonly Delimiter[] = [';', '\t', ','];

/** The separator that occurs most often outside quotes in the file's first 64 KB (';' on a tie or none). */
export async function delimiterOf(path: string, encoding: TextEncoding): Promise<Delimiter> {
  const sample = new TextDecoder(encoding).decode(await firstBytes(path, SNIFF_BYTES));
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of sample) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  return DELIMITERS.reduce((best, d) => (counts.get(d)! > counts.get(best)! ? d : best), DELIMITERS[0]);
}

/**
 * The file's records in order, empty lines skipped. Every record must have as many fields as the
 * first; a record that breaks the CSV ends the reading with a CsvTrouble. Nothing is read before the
 * caller asks for the first record, and stopping early closes the file.
 */
export async function* csvRecords(path: string): AsyncGenerator<CsvRecord> {
  let encoding: TextEncoding;
  try {
    encoding = await textEncodingOf(path);
  } catch (err) {
    if (err instanceof TextTrouble) throw new CsvTrouble('TEXT', 0, 0, err.problem);
    throw err;
  }
  const delimiter = await delimiterOf(path, encoding);
  // A quotation mark inside an unquoted field is a character of it (`КГУ "Школа № 5"`), as the voter file reads it.
  const parser = parse({ bom: true, delimiter, skip_empty_lines: true, info: true, relax_quotes: true });
  const source = createReadStream(path);
  const text = decoder(encoding);
  source.on('error', (err) => parser.destroy(err));
  text.on('error', (err) => parser.destroy(err));
  source.pipe(text).pipe(parser);
  let fields = 0;
  try {
    for await (const { info, record } of parser as AsyncIterable<{ info: { lines: number }; record: string[] }>) {
      if (fields === 0) fields = record.length;
      yield { line: info.lines, cells: record };
    }
  } catch (err) {
    // Every parser error is the file's (csv-parse's codes do not all start with CSV_, e.g.
    // INVALID_OPENING_QUOTE); an error of the disk has a system code and is thrown as it is.
    const e = err as Error & { code?: string; lines?: number; syscall?: string };
    if (e.syscall || !e.code) throw err;
    throw new CsvTrouble(e.code, e.lines, fields);
  } finally {
    source.destroy();
  }
}
