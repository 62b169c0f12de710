/**
 * Reading a worksheet of an Excel workbook (.xlsx, Office Open XML, transitional or strict) row by
 * row, whatever wrote it: Excel, LibreOffice, openpyxl (whose inline strings and absolute part
 * names exceljs's streaming reader lost), exceljs, other generators. Our own reader over the ZIP
 * (libs/files/zip.ts) with a streaming XML parser: the sheet is never held whole, only the shared
 * strings table (cells refer to it by number) and the styles' date formats are.
 *
 * The workbook is found as the package says (the root relationships, then the workbook's), not by
 * the usual part names, and the sheet by its tab, not by its place in the archive. Cell values come
 * out as the Appendix readers take them:
 *  - text: shared strings and inline strings, rich text runs joined (phonetic guides left out),
 *    a formula's text result, Excel's _xHHHH_ escapes decoded;
 *  - numbers; a number under a date format (built-in or custom) is a Date, in the 1900 or 1904
 *    date system the workbook names; an ISO 8601 date cell (t="d") is a Date too;
 *  - booleans; an error cell gives its code (#N/A, #REF!, …) as text; a formula saved without its
 *    result is empty;
 *  - cells and rows without their reference (r) take the next place.
 * Dates are wall-clock times in UTC fields (a spreadsheet has no time zone): 12.01.2024 is
 * 2024-01-12T00:00:00Z.
 */
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { CodedProblem } from '../contracts/problems';
import type { RawValue } from './appendix1';
import { problem } from './problems';
import { openEntry, zipEntries, ZipTrouble, type ZipEntry } from './zip';

/** A row of the sheet: its number as Excel shows it, and its cells from column A (index 0). */
export interface SheetRow {
  line: number;
  cells: RawValue[];
}

/** An .xlsx is a ZIP archive: it starts "PK\x03\x04". */
export const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** An Excel 97-2003 .xls is an OLE2 compound file. */
export const XLS_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * The workbook cannot be read (not an .xlsx inside, damaged); the message is plain and names no
 * data. `row` is the sheet's row where the trouble is, 0 for the file as a whole.
 */
export class UnreadableWorkbook extends Error {
  constructor(
    readonly problem: CodedProblem,
    readonly row: number = 0,
    cause?: unknown,
  ) {
    super(problem.message, { cause });
    this.name = 'UnreadableWorkbook';
  }
}

/** Numbers as a person reads them: 412, 12.5 (not 12.499999999999998). */
export function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

/** Excel's limits: 16,384 columns (XFD), 1,048,576 rows; a cell holds at most 32,767 characters. */
const MAX_COLUMNS = 16_384;
const MAX_ROWS = 1_048_576;
/** Other writers go beyond 32,767; a cell longer than this is no form's field, and is not held. */
export const MAX_CELL_CHARS = 1_000_000;
/**
 * Every part read (the sheet, and beside it the workbook, relationships, styles, shared strings)
 * is at most this big unpacked: a station list or boundaries of the largest district is a few
 * megabytes. Checked against the size the central directory declares before the part is opened,
 * and while it is inflated (libs/files/zip.ts stops a part at the size it declared), so a zip bomb
 * is refused before it takes the worker's memory (issue 23: one of 1.5 GB did).
 */
export const MAX_UNPACKED_PART_MIB = 100;
const MAX_PART_BYTES = MAX_UNPACKED_PART_MIB * 1024 * 1024;

/**
 * What a workbook's central directory may declare, checked before any part is opened (issue 24):
 * a form's workbook has a few dozen parts and unpacks to a few megabytes. An archive of thousands
 * of members, or one whose members declare gigabytes, is refused before parsing starts, even when
 * the parts that would be read are small. Settings TIZIM_XLSX_MAX_PARTS, TIZIM_XLSX_MAX_UNPACKED_MB.
 */
export interface ZipLimits {
  maxParts: number;
  maxUnpackedMiB: number;
}
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxParts: 1000, maxUnpackedMiB: 256 };

/** The directory's own verdict: its member count and the sum of the sizes it declares, against the limits. */
function checkDirectory(entries: readonly ZipEntry[], limits: ZipLimits): void {
  if (entries.length > limits.maxParts)
    throw new UnreadableWorkbook(problem('xlsx.too-many-parts', { parts: entries.length, limit: limits.maxParts }));
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > limits.maxUnpackedMiB * 2 ** 20)
    throw new UnreadableWorkbook(
      problem('xlsx.too-big-unpacked', { mib: Math.ceil(declared / 2 ** 20), limit: limits.maxUnpackedMiB }),
    );
}

/** Names without their namespace prefix ("x:c" is "c"): some generators prefix every element. */
const local = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/** An attribute; `prefixed` finds it by its local name ("r:id" for "id", whatever the prefix). */
function attribute(tag: SaxesTagPlain, name: string, prefixed = false): string | undefined {
  if (!prefixed) return tag.attributes[name];
  for (const [key, value] of Object.entries(tag.attributes)) {
    const i = key.indexOf(':');
    if (i > 0 && key.slice(i + 1) === name && !key.startsWith('xmlns:')) return value;
  }
  return undefined;
}

/** Excel writes characters XML cannot carry as _xHHHH_ (and a literal "_x" as _x005F_x). */
const decodeEscapes = (s: string) =>
  s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;

interface XmlHandler {
  open(name: string, tag: SaxesTagPlain): void;
  close(name: string): void;
  text(text: string): void;
}

/** Feeds one part's XML to the handler as it is unpacked; yields after each chunk, so rows can be taken as they come. */
async function* parsePart(path: string, entry: ZipEntry, handler: XmlHandler): AsyncGenerator<void> {
  if (entry.size > MAX_PART_BYTES)
    throw new UnreadableWorkbook(problem('xlsx.part-too-big', { part: entry.name, mib: MAX_UNPACKED_PART_MIB }));
  let stream: Readable;
  try {
    stream = await openEntry(path, entry);
  } catch (err) {
    throw err instanceof ZipTrouble ? new UnreadableWorkbook(err.problem, 0, err) : err;
  }
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  parser.on('opentag', (tag) => handler.open(local(tag.name), tag));
  parser.on('closetag', (tag) => handler.close(local(tag.name)));
  parser.on('text', (t) => handler.text(t));
  parser.on('cdata', (t) => handler.text(t));
  let decoder: TextDecoder | undefined;
  const chunks = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const write = (text: string) => {
    try {
      parser.write(text);
    } catch (err) {
      if (err instanceof UnreadableWorkbook) throw err;
      throw new UnreadableWorkbook(problem('xlsx.part-xml', { part: entry.name }), 0, err);
    }
  };
  const decode = (chunk?: Buffer) => {
    try {
      return chunk ? decoder!.decode(chunk, { stream: true }) : (decoder?.decode() ?? '');
    } catch (err) {
      throw new UnreadableWorkbook(problem('xlsx.part-encoding', { part: entry.name }), 0, err);
    }
  };
  try {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (err) {
        throw new UnreadableWorkbook(
          err instanceof ZipTrouble ? err.problem : problem('xlsx.part-damaged', { part: entry.name }),
          0,
          err,
        );
      }
      if (next.done) break;
      const chunk = next.value;
      // Parts are UTF-8, or UTF-16 with a byte order mark; invalid bytes are damage, not letters to guess.
      decoder ??= new TextDecoder(
        chunk[0] === 0xff && chunk[1] === 0xfe
          ? 'utf-16le'
          : chunk[0] === 0xfe && chunk[1] === 0xff
            ? 'utf-16be'
            : 'utf-8',
        { fatal: true },
      );
      write(decode(chunk));
      yield;
    }
    write(decode());
    try {
      parser.close();
    } catch (err) {
      throw new UnreadableWorkbook(problem('xlsx.part-xml', { part: entry.name }), 0, err);
    }
  } finally {
    // Stopping early (or failing) closes the file before the reader goes on.
    if (!stream.closed) {
      const closed = once(stream, 'close').catch(() => undefined);
      stream.destroy();
      await closed;
    }
  }
}

async function readPart(path: string, entry: ZipEntry, handler: XmlHandler): Promise<void> {
  for await (const _ of parsePart(path, entry, handler)) void _;
}

/** The archive's parts by name, as OPC compares them: without regard to case, "\" read as "/". */
class Package {
  private readonly parts = new Map<string, ZipEntry>();

  constructor(
    readonly path: string,
    entries: ZipEntry[],
  ) {
    for (const e of entries) {
      const name = e.name.replace(/\\/g, '/').replace(/^\//, '').toLowerCase();
      if (!this.parts.has(name)) this.parts.set(name, e);
    }
  }

  part(name: string): ZipEntry | undefined {
    return this.parts.get(name.toLowerCase());
  }

  /** A part's relationships (its _rels/<name>.rels): id → type and resolved target. */
  async relationships(source: string): Promise<Map<string, { type: string; target: string }>> {
    const slash = source.lastIndexOf('/');
    const rels = this.part(`${source.slice(0, slash + 1)}_rels/${source.slice(slash + 1)}.rels`);
    const found = new Map<string, { type: string; target: string }>();
    if (!rels) return found;
    await readPart(this.path, rels, {
      open(name, tag) {
        if (name !== 'Relationship' || attribute(tag, 'TargetMode') === 'External') return;
        const id = attribute(tag, 'Id');
        const target = attribute(tag, 'Target');
        if (id !== undefined && target !== undefined)
          found.set(id, { type: attribute(tag, 'Type') ?? '', target: resolvePart(source, target) });
      },
      close() {},
      text() {},
    });
    return found;
  }
}

/** A relationship's target as a part name: "/xl/worksheets/sheet1.xml" (openpyxl) or "worksheets/sheet1.xml" beside the source (Excel). */
export function resolvePart(source: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(target);
  } catch {
    // not percent-encoded after all: taken as written
  }
  const base = t.startsWith('/') ? [] : source.split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') base.pop();
    else base.push(seg);
  }
  return base.join('/');
}

/** Relationship types end the same in transitional and strict OOXML. */
const isType = (type: string, kind: string) => type.endsWith(`/${kind}`);

/** Built-in number formats that show dates or times (ECMA-376 §18.8.30, with the East Asian and Thai ones). */
const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81,
]);

/** Whether a number format code shows a date or a time: a d, m, y, h or s outside quotes, escapes and [colour]/[$-419] brackets. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[(?![hms]+\])[^\]]*\]/gi, '')
    .replace(/General/gi, '');
  return /[dmyhs]/i.test(bare);
}

interface WorkbookModel {
  date1904: boolean;
  sheets: { part: string; visible: boolean }[];
  sharedStrings?: string;
  styles?: string;
}

async function readWorkbook(pkg: Package): Promise<{ part: string; model: WorkbookModel }> {
  const root = await pkg.relationships('');
  const office = [...root.values()].find((r) => isType(r.type, 'officeDocument'))?.target;
  const part = office && pkg.part(office) ? office : 'xl/workbook.xml';
  const entry = pkg.part(part);
  if (!entry) throw new UnreadableWorkbook(problem('xlsx.not-a-workbook', {}));
  const rels = await pkg.relationships(part);
  const model: WorkbookModel = { date1904: false, sheets: [] };
  await readPart(pkg.path, entry, {
    open(name, tag) {
      if (name === 'workbookPr') {
        const v = attribute(tag, 'date1904');
        model.date1904 = v === '1' || v === 'true';
      } else if (name === 'sheet') {
        const rel = rels.get(attribute(tag, 'id', true) ?? '');
        // Chart sheets and dialog sheets hold no cells: only worksheets count.
        if (rel && isType(rel.type, 'worksheet')) {
          const state = attribute(tag, 'state');
          model.sheets.push({ part: rel.target, visible: state !== 'hidden' && state !== 'veryHidden' });
        }
      }
    },
    close() {},
    text() {},
  });
  for (const r of rels.values()) {
    if (isType(r.type, 'sharedStrings')) model.sharedStrings = r.target;
    if (isType(r.type, 'styles')) model.styles = r.target;
  }
  // Some generators leave these relationships out; the parts are where everyone puts them.
  model.sharedStrings ??= 'xl/sharedStrings.xml';
  model.styles ??= 'xl/styles.xml';
  return { part, model };
}

/** For each cell style (the c element's s), whether it shows numbers as dates. */
async function readDateStyles(pkg: Package, part: string | undefined): Promise<boolean[]> {
  const entry = part ? pkg.part(part) : undefined;
  if (!entry) return [];
  const custom = new Map<number, string>();
  const xfs: number[] = [];
  // Only these two lists: conditional formats (dxfs) and cell styles (cellStyleXfs) have numFmt and xf elements too.
  let inside: 'numFmts' | 'cellXfs' | null = null;
  await readPart(pkg.path, entry, {
    open(name, tag) {
      if (name === 'numFmts' || name === 'cellXfs') inside = name;
      else if (name === 'numFmt' && inside === 'numFmts')
        custom.set(Number(attribute(tag, 'numFmtId')), attribute(tag, 'formatCode') ?? '');
      else if (name === 'xf' && inside === 'cellXfs') xfs.push(Number(attribute(tag, 'numFmtId') ?? 0));
    },
    close(name) {
      if (name === inside) inside = null;
    },
    text() {},
  });
  // A custom format given a built-in's number (LibreOffice does this) is what the cell shows.
  return xfs.map((id) => (custom.has(id) ? isDateFormat(custom.get(id)!) : BUILTIN_DATE_FORMATS.has(id)));
}

/** Collects the text of t elements inside an si or is element, leaving out phonetic runs (rPh). */
class StringText {
  private parts: string[] = [];
  private inT = false;
  private inPhonetic = 0;
  private length = 0;

  constructor(private readonly tooLong: () => never) {}

  open(name: string): void {
    if (name === 'rPh') this.inPhonetic += 1;
    else if (name === 't' && this.inPhonetic === 0) this.inT = true;
  }

  close(name: string): void {
    if (name === 'rPh') this.inPhonetic -= 1;
    else if (name === 't') this.inT = false;
  }

  text(t: string): void {
    if (!this.inT) return;
    this.length += t.length;
    if (this.length > MAX_CELL_CHARS) this.tooLong();
    this.parts.push(t);
  }

  take(): string {
    const s = decodeEscapes(this.parts.join(''));
    this.parts = [];
    this.length = 0;
    return s;
  }
}

async function readSharedStrings(pkg: Package, part: string | undefined): Promise<string[]> {
  const entry = part ? pkg.part(part) : undefined;
  if (!entry) return [];
  const strings: string[] = [];
  const text = new StringText(() => {
    throw new UnreadableWorkbook(problem('xlsx.text-too-long', { index: strings.length, max: MAX_CELL_CHARS }));
  });
  await readPart(pkg.path, entry, {
    open(name) {
      text.open(name);
    },
    close(name) {
      if (name === 'si') strings.push(text.take());
      else text.close(name);
    },
    text(t) {
      text.text(t);
    },
  });
  return strings;
}

/** Column letters to an index: A is 0, AA is 26; -1 when the reference is not a cell's. */
function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i += 1) {
    const c = ref.charCodeAt(i) & ~0x20; // upper case
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return i === 0 || !/^\$?\d+$/.test(ref.slice(i)) ? -1 : col - 1;
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * A serial date as a Date. In the 1900 system Excel counts a 29 February 1900 that never was
 * (serial 60), so serials before it are a day off from the epoch the later ones use.
 */
export function serialDate(serial: number, date1904: boolean): Date | null {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2_958_466) return null;
  if (date1904) return new Date(EPOCH_1904 + Math.round(serial * DAY_MS));
  return new Date((serial < 61 ? EPOCH_1900 + DAY_MS : EPOCH_1900) + Math.round(serial * DAY_MS));
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

const ISO_TIME = /^T?(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;

/**
 * An ISO 8601 date cell (t="d") as a Date, its date and time as written; null when it is none.
 * A time alone is on the day serial 0 stands for, as a time typed in Excel is.
 */
export function isoDate(text: string): Date | null {
  const time = ISO_TIME.exec(text.trim());
  if (time) return isoDate(`1899-12-31T${time[1]}:${time[2]}:${time[3] ?? '00'}${time[4] ? `.${time[4]}` : ''}`);
  const m = ISO_DATE.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m
    .slice(1, 7)
    .map((v) => (v === undefined ? undefined : Number(v))) as number[];
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h, mi, s, ms));
  // 2024-02-30 is no date: Date.UTC would roll it into March.
  if (
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== mo! - 1 ||
    date.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  )
    return null;
  return date;
}

/** Streams the rows of one worksheet, taking them from `queue` after each chunk of XML. */
function sheetHandler(strings: string[], dateStyles: boolean[], date1904: boolean, queue: SheetRow[]): XmlHandler {
  let inData = false;
  let row: SheetRow | null = null;
  let lastLine = 0;
  let nextCol = 0;
  let cell: { col: number; type: string; style: number; ref: string } | null = null;
  let value: string[] | null = null;
  let inV = false;
  let inInline = false;
  let inlineSeen = false;
  let valueLength = 0;
  /** A cell's trouble (its row and reference), or the sheet's when no cell is being read. */
  const trouble = (code: 'xlsx.shared-text-missing' | 'xlsx.cell-kind' | 'xlsx.cell-too-long'): never => {
    const at = { row: row!.line, cell: cell!.ref };
    throw new UnreadableWorkbook(
      code === 'xlsx.cell-too-long' ? problem(code, { ...at, max: MAX_CELL_CHARS }) : problem(code, at),
      at.row,
    );
  };
  const inline = new StringText(() => trouble('xlsx.cell-too-long'));

  function valueOf(c: NonNullable<typeof cell>, v: string | null, inlineText: string | null): RawValue {
    switch (c.type) {
      case 's': {
        if (v === null || v.trim() === '') return null;
        const s = strings[Number(v)];
        if (!/^\s*\d+\s*$/.test(v) || s === undefined) return trouble('xlsx.shared-text-missing');
        return s;
      }
      case 'inlineStr':
        return inlineText ?? (v === null ? null : decodeEscapes(v));
      case 'str':
        return v === null ? null : decodeEscapes(v);
      case 'b':
        if (v === null || v.trim() === '') return null;
        if (/^\s*(1|true)\s*$/i.test(v)) return true;
        if (/^\s*(0|false)\s*$/i.test(v)) return false;
        return trouble('xlsx.cell-kind');
      case 'e':
        return v === null ? null : v.trim();
      case 'd':
        return v === null || v.trim() === '' ? null : (isoDate(v) ?? v);
      default: {
        if (v === null || v.trim() === '') return null;
        const n = Number(v);
        if (!Number.isFinite(n)) return trouble('xlsx.cell-kind');
        return dateStyles[c.style] ? (serialDate(n, date1904) ?? n) : n;
      }
    }
  }

  return {
    open(name, tag) {
      if (name === 'sheetData') {
        inData = true;
      } else if (!inData) {
        return;
      } else if (name === 'row') {
        const r = attribute(tag, 'r');
        const line = r === undefined ? lastLine + 1 : Number(r);
        row = null;
        if (!Number.isInteger(line) || line < 1 || line > MAX_ROWS)
          throw new UnreadableWorkbook(problem('xlsx.row-number', { after: lastLine }));
        row = { line, cells: [] };
        lastLine = line;
        nextCol = 0;
      } else if (name === 'c' && row) {
        const ref = attribute(tag, 'r');
        const col = ref === undefined ? nextCol : columnOf(ref);
        if (col < 0 || col >= MAX_COLUMNS)
          throw new UnreadableWorkbook(problem('xlsx.cell-reference', { row: row.line }), row.line);
        nextCol = col + 1;
        cell = {
          col,
          type: attribute(tag, 't') ?? 'n',
          style: Number(attribute(tag, 's') ?? 0),
          ref: ref ?? `${columnLetter(col)}${row.line}`,
        };
        value = null;
        valueLength = 0;
        inlineSeen = false;
      } else if (cell) {
        if (name === 'v') {
          inV = true;
          value = [];
        } else if (name === 'is') {
          inInline = true;
          inlineSeen = true;
        } else if (inInline) {
          inline.open(name);
        }
      }
    },
    close(name) {
      if (name === 'sheetData') {
        inData = false;
      } else if (name === 'row' && row) {
        queue.push(row);
        row = null;
      } else if (name === 'c' && row && cell) {
        const got = valueOf(cell, value === null ? null : value.join(''), inlineSeen ? inline.take() : null);
        while (row.cells.length < cell.col) row.cells.push(null);
        row.cells[cell.col] = got;
        cell = null;
        inInline = false;
      } else if (name === 'v') {
        inV = false;
      } else if (name === 'is') {
        inInline = false;
      } else if (inInline) {
        inline.close(name);
      }
    },
    text(t) {
      if (inV && value) {
        valueLength += t.length;
        if (valueLength > MAX_CELL_CHARS) trouble('xlsx.cell-too-long');
        value.push(t);
      } else if (inInline) {
        inline.text(t);
      }
    },
  };
}

/** Spreadsheet column letters: 0 is A, 26 is AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface SheetChoice {
  /**
   * Which worksheet, by its place among the tabs a person sees (hidden ones left out unless all
   * are hidden); 0, the first, when not given.
   */
  sheet?: number;
  /** The central directory's limits (DEFAULT_ZIP_LIMITS when not given). */
  limits?: ZipLimits;
}

/**
 * The rows of a worksheet of the workbook (the first tab unless told), as they are stored: rows
 * the sheet leaves out are not given, empty rows it stores are. Stopping early closes the file.
 */
export async function* xlsxRows(path: string, choice: SheetChoice = {}): AsyncGenerator<SheetRow> {
  let pkg: Package;
  try {
    const entries = await zipEntries(path);
    checkDirectory(entries, choice.limits ?? DEFAULT_ZIP_LIMITS);
    pkg = new Package(path, entries);
  } catch (err) {
    throw err instanceof ZipTrouble ? new UnreadableWorkbook(err.problem, 0, err) : err;
  }
  const { model } = await readWorkbook(pkg);
  const visible = model.sheets.filter((s) => s.visible);
  const sheet = (visible.length ? visible : model.sheets)[choice.sheet ?? 0];
  if (!sheet)
    throw new UnreadableWorkbook(
      model.sheets.length
        ? problem('xlsx.no-worksheet-number', { sheet: (choice.sheet ?? 0) + 1 })
        : problem('xlsx.no-worksheet', {}),
    );
  const entry = pkg.part(sheet.part);
  if (!entry) throw new UnreadableWorkbook(problem('xlsx.worksheet-missing', { sheet: (choice.sheet ?? 0) + 1 }));
  const dateStyles = await readDateStyles(pkg, model.styles);
  const strings = await readSharedStrings(pkg, model.sharedStrings);
  const queue: SheetRow[] = [];
  for await (const _ of parsePart(path, entry, sheetHandler(strings, dateStyles, model.date1904, queue))) {
    void _;
    yield* queue.splice(0);
  }
  yield* queue.splice(0);
}
