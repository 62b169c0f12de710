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
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251';
export type Delimiter = ';' | ',' | '\t';

/** A CSV record and the line of the file it ends on (a spreadsheet's row number, for one-line records). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** The CSV itself is broken at `line`; `explain` says how in plain words, without the text (it may be personal data). */
export class CsvTrouble extends Error {
  constructor(readonly code: string, readonly line: number | undefined, readonly fields: number) {
    super(`the file cannot be read as CSV at line ${line ?? '?'} (${code})`);
    this.name = 'CsvTrouble';
  }

  /** `expected` names whose field count the row should have had, e.g. "the header's". */
  explain(expected: string): string {
    const what = this.code.startsWith('CSV_RECORD_INCONSISTENT')
      ? `the row does not have ${expected} ${this.fields} fields`
      : /QUOTE/.test(this.code) ? 'a quotation mark is misplaced or never closed' : `the text is not valid CSV (${this.code})`;
    return `the file cannot be read as CSV at line ${this.line ?? '?'}: ${what}`;
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

/** UTF-16 by its byte-order mark; 'utf-8' when the whole file is valid UTF-8; else 'windows-1251'. */
export async function textEncodingOf(path: string): Promise<TextEncoding> {
  const head = await firstBytes(path, 2);
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path)) utf8.decode(chunk as Buffer, { stream: true });
    utf8.decode();
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

const SNIFF_BYTES = 64 * 1024;
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
  const encoding = await textEncodingOf(path);
  const delimiter = await delimiterOf(path, encoding);
  const parser = parse({ bom: true, delimiter, skip_empty_lines: true, info: true });
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
    const e = err as Error & { code?: string; lines?: number };
    if (!e.code?.startsWith('CSV_')) throw err;
    throw new CsvTrouble(e.code, e.lines, fields);
  } finally {
    source.destroy();
  }
}
