/**
 * The table definition (TDEF) of a table without indexes (HACKING.md, "TDEF Pages", Jet4 Table
 * Definition Block):
 *
 *   header (63 bytes) | 25-byte block per column | per column: name length (2) + UCS-2 name | ffff
 *
 * The definition is one byte stream. Its first page is the stream's first 4096 bytes; when it is
 * longer, each further page repeats an 8-byte page header (type 0x02, 0x01, free space, next page)
 * and carries the next 4088 bytes. Both readers join the pages exactly so (mdb-reader concatenates
 * page 1 with the following pages from byte 8; mdbtools' read_pg_if_n resumes at byte 8).
 */
import { ColumnBlock, PAGE_SIZE, PageType, SORT_ORDER_GENERAL, TABLE_MAGIC, Tdef, TableKind } from './format';
import type { LaidOutColumn } from './columns';

export interface TableDefinition {
  system: boolean;
  columns: LaidOutColumn[];
  variableCount: number;
  rowCount: number;
  lastAutoNumber: number;
  /** Data pointers to the usage map rows (pages owned; owned pages with free space). */
  usedPagesMap: number;
  freePagesMap: number;
}

function nameBytes(name: string): Buffer {
  return Buffer.from(name, 'utf16le');
}

function streamLength(columns: readonly LaidOutColumn[]): number {
  const names = columns.reduce((sum, c) => sum + 2 + c.name.length * 2, 0);
  return Tdef.headerSize + columns.length * Tdef.columnBlockSize + names + 2;
}

/** How many pages the definition of these columns takes. */
export function tdefPageCount(columns: readonly LaidOutColumn[]): number {
  const rest = streamLength(columns) - PAGE_SIZE;
  return rest <= 0 ? 1 : 1 + Math.ceil(rest / (PAGE_SIZE - Tdef.continuationHeaderSize));
}

function writeHeader(out: Buffer, def: TableDefinition, length: number): void {
  out[0] = PageType.tableDefinition;
  out[1] = 0x01;
  out.writeUInt32LE(length, Tdef.lengthOffset);
  out.writeUInt32LE(TABLE_MAGIC, Tdef.magicOffset);
  out.writeUInt32LE(def.rowCount, Tdef.rowCountOffset);
  out.writeUInt32LE(def.lastAutoNumber, Tdef.autoNumberOffset);
  out[Tdef.autoNumberFlagOffset] = 0x01;
  out[Tdef.tableTypeOffset] = def.system ? TableKind.system : TableKind.user;
  out.writeUInt16LE(def.columns.length, Tdef.maxColumnsOffset);
  out.writeUInt16LE(def.variableCount, Tdef.variableColumnCountOffset);
  out.writeUInt16LE(def.columns.length, Tdef.columnCountOffset);
  out.writeUInt32LE(0, Tdef.logicalIndexCountOffset);
  out.writeUInt32LE(0, Tdef.realIndexCountOffset);
  out.writeUInt32LE(def.usedPagesMap, Tdef.usedPagesMapOffset);
  out.writeUInt32LE(def.freePagesMap, Tdef.freePagesMapOffset);
}

function writeColumnBlock(out: Buffer, at: number, c: LaidOutColumn): void {
  out[at + ColumnBlock.type] = c.typeCode;
  out.writeUInt32LE(TABLE_MAGIC, at + ColumnBlock.magic);
  out.writeUInt16LE(c.number, at + ColumnBlock.number);
  out.writeUInt16LE(Math.max(c.variableIndex, 0), at + ColumnBlock.variableIndex);
  out.writeUInt16LE(c.number, at + ColumnBlock.rowNumber);
  if (c.kind === 'text' || c.kind === 'memo') {
    // Sort order of textual columns: 1033 "General", a zero byte, version 0.
    out.writeUInt16LE(SORT_ORDER_GENERAL, at + ColumnBlock.misc);
  }
  out[at + ColumnBlock.flags] = c.flags;
  // misc_flags 0x01 would mean "compressed unicode"; this writer stores text uncompressed.
  out[at + ColumnBlock.miscFlags] = 0;
  out.writeUInt16LE(c.fixedOffset, at + ColumnBlock.fixedOffset);
  out.writeUInt16LE(c.declaredLength, at + ColumnBlock.length);
}

/** The definition as one byte stream (first page header included). */
export function tdefStream(def: TableDefinition): Buffer {
  const length = streamLength(def.columns);
  const out = Buffer.alloc(length);
  writeHeader(out, def, length);
  let at = Tdef.headerSize;
  for (const c of def.columns) {
    writeColumnBlock(out, at, c);
    at += Tdef.columnBlockSize;
  }
  for (const c of def.columns) {
    const name = nameBytes(c.name);
    out.writeUInt16LE(name.length, at);
    name.copy(out, at + 2);
    at += 2 + name.length;
  }
  out.writeUInt16LE(Tdef.trailer, at);
  return out;
}

/** Splits the stream onto pages `firstPage`, `firstPage + 1`, … (the count tdefPageCount gives). */
export function tdefPages(stream: Buffer, firstPage: number): Buffer[] {
  const pages: Buffer[] = [];
  let from = 0;
  while (from < stream.length) {
    const page = Buffer.alloc(PAGE_SIZE);
    const start = from === 0 ? 0 : Tdef.continuationHeaderSize;
    const n = Math.min(PAGE_SIZE - start, stream.length - from);
    stream.copy(page, start, from, from + n);
    page[0] = PageType.tableDefinition;
    page[1] = 0x01;
    from += n;
    const next = from < stream.length ? firstPage + pages.length + 1 : 0;
    page.writeUInt32LE(next, Tdef.nextPageOffset);
    // "Free space in this page minus 8" (HACKING.md); a full page says 0.
    page.writeUInt16LE(Math.max(0, PAGE_SIZE - (start + n) - 8), Tdef.freeSpaceOffset);
    pages.push(page);
  }
  return pages;
}
