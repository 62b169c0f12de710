/**
 * The table definition (TDEF) of a table (HACKING.md, "TDEF Pages", Jet4 Table Definition Block):
 *
 *   header (63 bytes) | 12 bytes per real index (its row count) | 25-byte block per column |
 *   per column: name length (2) + UCS-2 name | 52 bytes per real index | 28 bytes per logical index |
 *   per logical index: name length (2) + UCS-2 name | per long-value column: its number and the
 *   pointers to its two usage maps | ffff
 *
 * Access lists the column blocks (and the names after them) of its catalogue's tables, and the logical
 * indexes of every table, in name order, whatever their numbers; this writer does the same. The
 * columns of the user table are listed in their numbered order, as Jackcess writes them.
 *
 * The definition is one byte stream. Its first page is the stream's first 4096 bytes; when it is
 * longer, each further page repeats an 8-byte page header (type 0x02, 0x01, free space, next page)
 * and carries the next 4088 bytes. Both readers join the pages exactly so (mdb-reader concatenates
 * page 1 with the following pages from byte 8; mdbtools' read_pg_if_n resumes at byte 8).
 */
import {
  ColumnBlock,
  IndexFlag,
  LogicalIndex,
  PAGE_SIZE,
  PageType,
  RealIndex,
  SORT_ORDER_GENERAL,
  TABLE_MAGIC,
  Tdef,
  TableKind,
} from './format';
import type { LaidOutColumn } from './columns';

/** One index: Access's indexes here are each backed by their own real index. */
export interface IndexDefinition {
  name: string;
  /** The logical index number (and the real one: this writer pairs them one to one). */
  number: number;
  /** Column numbers, all ascending. */
  columns: number[];
  /** Real index flags (IndexFlag). */
  flags: number;
  primaryKey: boolean;
  /** Data pointer to the index's usage map row, and its first (root) page. */
  usageMap: number;
  firstPage: number;
}

/** The usage maps of a long-value (Memo, OLE) column: where its long-value pages would be listed. */
export interface LongValueMaps {
  column: number;
  usedPagesMap: number;
  freePagesMap: number;
}

export interface TableDefinition {
  /** A system table (type 'S'). */
  system: boolean;
  /**
   * One of the catalogue's own tables (MSysAccessObjects included): Access lists their columns by
   * name and leaves the repeated column number 0.
   */
  catalogue: boolean;
  columns: LaidOutColumn[];
  variableCount: number;
  rowCount: number;
  lastAutoNumber: number;
  /** Data pointers to the usage map rows (pages owned; owned pages with free space). */
  usedPagesMap: number;
  freePagesMap: number;
  /** Indexes, in the order of their numbers. */
  indexes?: IndexDefinition[];
  longValueMaps?: LongValueMaps[];
}

function nameBytes(name: string): Buffer {
  return Buffer.from(name, 'utf16le');
}

/** Access's order of names in a definition: case-insensitive, by UTF-16 code unit. */
function byName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    const x = a.name.toUpperCase();
    const y = b.name.toUpperCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function namesLength(items: readonly { name: string }[]): number {
  return items.reduce((sum, c) => sum + 2 + c.name.length * 2, 0);
}

function streamLength(
  columns: readonly LaidOutColumn[],
  indexes: readonly IndexDefinition[],
  longValueMaps: readonly LongValueMaps[],
): number {
  return (
    Tdef.headerSize +
    indexes.length * Tdef.indexRowCountSize +
    columns.length * Tdef.columnBlockSize +
    namesLength(columns) +
    indexes.length * (Tdef.realIndexSize + Tdef.logicalIndexSize) +
    namesLength(indexes) +
    longValueMaps.length * 10 +
    2
  );
}

/** How many pages the definition takes. */
export function tdefPageCount(def: Pick<TableDefinition, 'columns' | 'indexes' | 'longValueMaps'>): number {
  const rest = streamLength(def.columns, def.indexes ?? [], def.longValueMaps ?? []) - PAGE_SIZE;
  return rest <= 0 ? 1 : 1 + Math.ceil(rest / (PAGE_SIZE - Tdef.continuationHeaderSize));
}

function writeHeader(out: Buffer, def: TableDefinition, length: number, indexCount: number): void {
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
  out.writeUInt32LE(indexCount, Tdef.logicalIndexCountOffset);
  out.writeUInt32LE(indexCount, Tdef.realIndexCountOffset);
  out.writeUInt32LE(def.usedPagesMap, Tdef.usedPagesMapOffset);
  out.writeUInt32LE(def.freePagesMap, Tdef.freePagesMapOffset);
}

function writeColumnBlock(out: Buffer, at: number, c: LaidOutColumn, catalogue: boolean): void {
  out[at + ColumnBlock.type] = c.typeCode;
  out.writeUInt32LE(TABLE_MAGIC, at + ColumnBlock.magic);
  out.writeUInt16LE(c.number, at + ColumnBlock.number);
  out.writeUInt16LE(c.definedVariableIndex, at + ColumnBlock.variableIndex);
  // The repeated column number: Access leaves it 0 in its catalogue's tables.
  out.writeUInt16LE(catalogue ? 0 : c.number, at + ColumnBlock.rowNumber);
  // Sort order 1033 "General", a zero byte, version 0: Access writes it into every column, the
  // precision and scale of non-text columns included.
  out.writeUInt16LE(SORT_ORDER_GENERAL, at + ColumnBlock.misc);
  out[at + ColumnBlock.flags] = c.flags;
  // misc_flags 0x01 would mean "compressed unicode"; this writer stores text uncompressed.
  out[at + ColumnBlock.miscFlags] = 0;
  out.writeUInt16LE(c.fixedOffset, at + ColumnBlock.fixedOffset);
  out.writeUInt16LE(c.declaredLength, at + ColumnBlock.length);
}

function writeName(out: Buffer, at: number, name: string): number {
  const bytes = nameBytes(name);
  out.writeUInt16LE(bytes.length, at);
  bytes.copy(out, at + 2);
  return at + 2 + bytes.length;
}

function writeRealIndex(out: Buffer, at: number, index: IndexDefinition): void {
  out.writeUInt32LE(RealIndex.magic, at);
  for (let i = 0; i < RealIndex.maxColumns; i++) {
    const column = index.columns[i];
    const place = at + RealIndex.columnsOffset + 3 * i;
    out.writeUInt16LE(column ?? RealIndex.unusedColumn, place);
    out[place + 2] = column === undefined ? 0 : RealIndex.ascending;
  }
  out.writeUInt32LE(index.usageMap, at + RealIndex.usageMapOffset);
  out.writeUInt32LE(index.firstPage, at + RealIndex.firstPageOffset);
  out[at + RealIndex.flagsOffset] = index.flags | IndexFlag.always;
}

function writeLogicalIndex(out: Buffer, at: number, index: IndexDefinition): void {
  out.writeUInt32LE(TABLE_MAGIC, at);
  out.writeUInt32LE(index.number, at + LogicalIndex.numberOffset);
  out.writeUInt32LE(index.number, at + LogicalIndex.realNumberOffset);
  out.writeInt32LE(-1, at + LogicalIndex.relatedIndexOffset);
  out[at + LogicalIndex.cascadeUpdatesOffset] = LogicalIndex.noCascade;
  out[at + LogicalIndex.cascadeDeletesOffset] = LogicalIndex.noCascade;
  out[at + LogicalIndex.typeOffset] = index.primaryKey ? LogicalIndex.primaryKey : 0;
}

/** The definition as one byte stream (first page header included). */
export function tdefStream(def: TableDefinition): Buffer {
  const indexes = def.indexes ?? [];
  const longValueMaps = def.longValueMaps ?? [];
  const length = streamLength(def.columns, indexes, longValueMaps);
  const out = Buffer.alloc(length);
  writeHeader(out, def, length, indexes.length);
  let at: number = Tdef.headerSize;
  for (let i = 0; i < indexes.length; i++) {
    // 4 zero bytes, the number of rows the index holds, 4 zero bytes.
    out.writeUInt32LE(def.rowCount, at + 4);
    at += Tdef.indexRowCountSize;
  }
  const listed = def.catalogue ? byName(def.columns) : def.columns;
  for (const c of listed) {
    writeColumnBlock(out, at, c, def.catalogue);
    at += Tdef.columnBlockSize;
  }
  for (const c of listed) at = writeName(out, at, c.name);
  for (const index of indexes) {
    writeRealIndex(out, at, index);
    at += Tdef.realIndexSize;
  }
  const logical = byName(indexes);
  for (const index of logical) {
    writeLogicalIndex(out, at, index);
    at += Tdef.logicalIndexSize;
  }
  for (const index of logical) at = writeName(out, at, index.name);
  // In the order the columns are listed, as Access lists them.
  const place = (column: number): number => listed.findIndex((c) => c.number === column);
  for (const maps of [...longValueMaps].sort((a, b) => place(a.column) - place(b.column))) {
    out.writeUInt16LE(maps.column, at);
    out.writeUInt32LE(maps.usedPagesMap, at + 2);
    out.writeUInt32LE(maps.freePagesMap, at + 6);
    at += 10;
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
