/**
 * The rows of a Jet 4 or ACE table (Access 2000 and later), read data page by data page from
 * the file: each page is read, its rows decoded and handed on, and the page dropped, so memory
 * holds one page's rows whatever the table's size.
 *
 * Structures as mdbtools' HACKING.md describes them ("Data Pages", "Jet4 Row Definition", "Memo
 * Field Definition", "LVAL (Long Value) Pages", "Page Usage Maps"), with the row flags as Jackcess
 * reads them (TableImpl: 0x8000 a deleted row, 0x4000 an overflow row whose 4 bytes point to where
 * the row now lives; the row there carries 0x8000 so that a scan passes it). mdbtools' own code
 * had the two flags the other way round until 2026 (its issues 462 and 378) and mdb-reader 3.2.0
 * still does: it returns deleted rows as if they were there and skips moved ones' pointers. A voter
 * an akimat deleted in Access must not come back, so rows are read here.
 */

import { ACCESS_EPOCH_OFFSET_DAYS, MS_PER_DAY } from './jet4/format';

/** A column's place in a row, from the table definition (HACKING.md, the 25-byte Jet 4 column block). */
export interface JetColumnLayout {
  name: string;
  /** Type code (0x01 Yes/No ... 0x0C Memo). */
  code: number;
  /** Column number: its bit in the null mask. */
  index: number;
  /** Variable columns: its entry in the row's offset table. */
  varIndex: number;
  /** Fixed columns: its offset after the row's column count. */
  fixedOffset: number;
  length: number;
  fixed: boolean;
}

/** Why rows cannot be read: the database is damaged there, or holds a type read nowhere here. */
export class JetRowError extends Error {
  constructor(
    readonly kind: 'damaged' | 'type',
    reason: string,
  ) {
    super(reason);
    this.name = 'JetRowError';
  }
}

const PAGE_SIZE = 4096;
const DATA_PAGE = 0x01;
const USAGE_BITMAP_PAGE = 0x05;
/** Jet 4 data page: the row count at 12, the rows' offsets from 14 (HACKING.md, "Data Pages"). */
const ROW_COUNT_AT = 12;
const OFFSET_MASK = 0x1fff;
const DELETED_ROW = 0x8000;
const OVERFLOW_ROW = 0x4000;
/** 'LVAL' where a long-value page has its owner's page (HACKING.md, "LVAL (Long Value) Pages"). */
const LVAL_SIGNATURE = 0x4c41564c;
/** 1899-12-30, Access's day 0, in Unix milliseconds (the writer's epoch, jet4/format.ts). */
const ACCESS_DAY_ZERO = -ACCESS_EPOCH_OFFSET_DAYS * MS_PER_DAY;

export type PageReader = (page: number) => Buffer;

/** Row `row` of a data page: its bytes and its offset's flags. */
function rowOf(page: Buffer, row: number): { bytes: Buffer; flags: number } {
  const count = page.readUInt16LE(ROW_COUNT_AT);
  if (row >= count) throw new JetRowError('damaged', 'row number past the page');
  const entry = page.readUInt16LE(ROW_COUNT_AT + 2 + 2 * row);
  const start = entry & OFFSET_MASK;
  const end = row === 0 ? PAGE_SIZE : page.readUInt16LE(ROW_COUNT_AT + 2 * row) & OFFSET_MASK;
  if (start > end || end > PAGE_SIZE) throw new JetRowError('damaged', 'row bounds');
  return { bytes: page.subarray(start, end), flags: entry & (DELETED_ROW | OVERFLOW_ROW) };
}

/** A data pointer: the row in its low byte, the page in the three above (HACKING.md). */
const pointed = (read: PageReader, pointer: number) => rowOf(read(pointer >>> 8), pointer & 0xff).bytes;

/**
 * The pages a usage map marks (HACKING.md, "Page Usage Maps"): type 0 carries its bitmap inline
 * from a start page; type 1 lists bitmap pages (type 0x05), each covering (page size - 4) * 8 pages.
 */
export function usageMapPages(read: PageReader, pointer: number): number[] {
  const map = pointed(read, pointer);
  const pages: number[] = [];
  const fromBitmap = (bitmap: Buffer, first: number) => {
    for (let i = 0; i < bitmap.length; i++) {
      const byte = bitmap[i]!;
      if (byte === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) pages.push(first + i * 8 + bit);
    }
  };
  if (map[0] === 0x00) fromBitmap(map.subarray(5), map.readUInt32LE(1));
  else if (map[0] === 0x01) {
    const perMap = (PAGE_SIZE - 4) * 8;
    for (let i = 0; 1 + 4 * i + 4 <= map.length; i++) {
      const mapPage = map.readUInt32LE(1 + 4 * i);
      if (mapPage === 0) continue;
      const bitmap = read(mapPage);
      if (bitmap[0] !== USAGE_BITMAP_PAGE) throw new JetRowError('damaged', 'usage bitmap page');
      fromBitmap(bitmap.subarray(4), i * perMap);
    }
  } else throw new JetRowError('damaged', 'usage map type');
  return pages;
}

/** Jet 4 text: UCS-2, or "compressed" (FF FE, then runs of one-byte characters toggled by a 00 byte). */
export function jet4Text(bytes: Buffer): string {
  if (bytes.length < 2 || bytes[0] !== 0xff || bytes[1] !== 0xfe) return bytes.toString('utf16le');
  let out = '';
  let compressed = true;
  for (let i = 2; i < bytes.length;) {
    if (bytes[i] === 0) {
      compressed = !compressed;
      i += 1;
    } else if (compressed) {
      out += String.fromCharCode(bytes[i]!);
      i += 1;
    } else {
      if (i + 1 >= bytes.length) break;
      out += String.fromCharCode(bytes.readUInt16LE(i));
      i += 2;
    }
  }
  return out;
}

/**
 * An Access date: days from 1899-12-30, the time of day the fraction's absolute value (so -1.25
 * is 1899-12-29 06:00), as the wall time in UTC.
 */
export function accessDateOf(value: number): Date {
  const day = Math.trunc(value);
  const time = Math.abs(value - day);
  return new Date(ACCESS_DAY_ZERO + Math.round((day + time) * MS_PER_DAY));
}

/** An instant as a plain count of days from Access's day 0 (how mdb-reader 3.2.0 reads every date). */
export const accessDays = (value: Date): number => (value.getTime() - ACCESS_DAY_ZERO) / MS_PER_DAY;

/**
 * A memo's bytes (HACKING.md, "Memo Field Definition"): 3 bytes of length and a flag byte; 0x80
 * the data follows inline, 0x40 it is one LVAL row, 0x00 a chain of LVAL rows each starting with
 * the pointer to the next.
 */
function memoBytes(read: PageReader, field: Buffer): Buffer {
  if (field.length < 12) throw new JetRowError('damaged', 'memo header');
  const length = field.readUIntLE(0, 3);
  const flags = field[3]!;
  if (flags & 0x80) return field.subarray(12, 12 + length);
  let pointer = field.readUInt32LE(4);
  if (flags & 0x40) return pointed(read, pointer).subarray(0, length);
  const parts: Buffer[] = [];
  let got = 0;
  for (let hops = 0; got < length && pointer !== 0; hops++) {
    if (hops > 100_000) throw new JetRowError('damaged', 'memo chain');
    const row = pointed(read, pointer);
    pointer = row.readUInt32LE(0);
    const part = row.subarray(4, 4 + (length - got));
    parts.push(part);
    got += part.length;
  }
  return Buffer.concat(parts);
}

function value(read: PageReader, column: JetColumnLayout, bytes: Buffer): unknown {
  switch (column.code) {
    case 0x02:
      return bytes.readUInt8(0);
    case 0x03:
      return bytes.readInt16LE(0);
    case 0x04:
      return bytes.readInt32LE(0);
    case 0x05:
      return Number(bytes.readBigInt64LE(0)) / 10_000;
    case 0x06:
      return bytes.readFloatLE(0);
    case 0x07:
      return bytes.readDoubleLE(0);
    case 0x08:
      return accessDateOf(bytes.readDoubleLE(0));
    case 0x0a:
      return jet4Text(bytes);
    case 0x0c:
      return jet4Text(memoBytes(read, bytes));
    case 0x09:
    case 0x0b:
      // Binary and OLE: no Appendix 1 or register field holds them; the readers take them as empty.
      return Buffer.alloc(0);
    case 0x13:
      return bytes.readBigInt64LE(0).toString();
    default:
      throw new JetRowError('type', `type code ${column.code}`);
  }
}

/** One row's values in the columns' order (HACKING.md, "Jet4 Row Definition"). */
function decodeRow(read: PageReader, row: Buffer, columns: JetColumnLayout[], variableColumns: number) {
  const count = row.readUInt16LE(0);
  const maskSize = (count + 7) >> 3;
  const maskAt = row.length - maskSize;
  let varCount = 0;
  const offsets: number[] = [];
  if (variableColumns > 0) {
    varCount = row.readUInt16LE(maskAt - 2);
    for (let i = 0; i <= varCount; i++) offsets.push(row.readUInt16LE(maskAt - 4 - 2 * i));
  }
  const fixedCount = count - varCount;
  const present = (index: number) => index < count && (row[maskAt + (index >> 3)]! & (1 << (index & 7))) !== 0;
  const out: unknown[] = new Array(columns.length);
  let fixedSeen = 0;
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c]!;
    if (column.code === 0x01) {
      out[c] = present(column.index);
      if (column.fixed) fixedSeen++;
      continue;
    }
    let bytes: Buffer | null = null;
    if (column.fixed) {
      if (fixedSeen++ < fixedCount && present(column.index)) {
        const at = 2 + column.fixedOffset;
        bytes = row.subarray(at, at + column.length);
        if (bytes.length !== column.length) throw new JetRowError('damaged', 'fixed column past the row');
      }
    } else if (column.varIndex < varCount && present(column.index)) {
      const start = offsets[column.varIndex]!;
      const end = offsets[column.varIndex + 1]!;
      if (start > end || end > maskAt) throw new JetRowError('damaged', 'variable column bounds');
      bytes = row.subarray(start, end);
    }
    out[c] = bytes === null ? null : value(read, column, bytes);
  }
  return out;
}

/**
 * Every live row of the table whose definition is on `owner`, in page order, as its values in
 * the columns' order: deleted rows skipped, moved rows read where they now are.
 */
export function* jet4Rows(
  read: PageReader,
  owner: number,
  usedPagesPointer: number,
  /** In column-number order: a row written before a column was added holds fewer fixed columns, the first ones. */
  columns: JetColumnLayout[],
  variableColumns: number,
): Generator<unknown[]> {
  for (const number of usageMapPages(read, usedPagesPointer)) {
    const page = read(number);
    if (page[0] !== DATA_PAGE || page.readUInt32LE(4) !== owner) continue;
    const count = page.readUInt16LE(ROW_COUNT_AT);
    for (let i = 0; i < count; i++) {
      let { bytes, flags } = rowOf(page, i);
      if (flags & DELETED_ROW) continue;
      for (let hops = 0; flags & OVERFLOW_ROW; hops++) {
        if (hops > 8 || bytes.length < 4) throw new JetRowError('damaged', 'overflow row');
        const target = read(bytes.readUIntLE(1, 3));
        if (target[0] !== DATA_PAGE || target.readUInt32LE(4) === LVAL_SIGNATURE)
          throw new JetRowError('damaged', 'overflow page');
        ({ bytes, flags } = rowOf(target, bytes[0]!));
        flags &= OVERFLOW_ROW;
      }
      yield decodeRow(read, bytes, columns, variableColumns);
    }
  }
}
