/**
 * Writes one table as a Jet 4 (.mdb, Access 2000-2003) database, in memory.
 *
 * Page plan (page numbers):
 *   0        database definition (header.ts)
 *   1        database-wide usage map: one empty inline map, i.e. no free pages
 *   2        MSysObjects' definition (readers look for it there)
 *   3        the usage map rows: MSysObjects' owned and free-space maps, then the table's
 *   4 ..     the table's definition (more than one page for many or long column names)
 *   then     MSysObjects' data page, the table's data pages, and the usage-bitmap pages (type
 *            0x05) of the table's map when its data pages are too many for an inline map.
 *
 * The rows are read once and encoded as they come, so memory grows with the file (about twice
 * its size at the end, while the pages are gathered into one Buffer).
 */
import { CATALOG_TDEF_PAGE, GLOBAL_USAGE_MAP_PAGE, MAX_FILE_BYTES, PAGE_SIZE } from './format';
import { catalogRows, CATALOG_COLUMNS } from './catalog';
import { checkObjectName, layOutColumns, specsOf, type ColumnLayout } from './columns';
import { JetWriteError } from './errors';
import { headerPage } from './header';
import { dataPointer, DataPageWriter, PageStore, usageMap, type UsageMapParts } from './pages';
import { tableProperties } from './properties';
import { RowEncoder } from './rows';
import { tdefPageCount, tdefPages, tdefStream } from './tdef';
import type { JetTable, JetTableStream, JetWriteOptions } from './types';
import { accessDate } from './values';

const USAGE_MAPS_PAGE = 3;
const TABLE_TDEF_PAGE = 4;
/** Rows of the usage-map page. */
const MAP_ROW = { catalogUsed: 0, catalogFree: 1, tableUsed: 2, tableFree: 3 } as const;

interface EncodedTable {
  layout: ColumnLayout;
  pages: PageStore;
  rowCount: number;
  lastAutoNumber: number;
}

/** Encodes rows into data pages owned by the definition on `ownerPage`, as they are added. */
function rowEncoding(
  layout: ColumnLayout,
  ownerPage: number,
): { add: (values: readonly unknown[]) => void; done: () => EncodedTable } {
  const pages = new PageStore();
  const writer = new DataPageWriter(pages, ownerPage);
  const encoder = new RowEncoder(layout);
  let rowCount = 0;
  return {
    add: (values) => {
      rowCount++;
      writer.add(encoder.scratch, encoder.encode(values, rowCount));
    },
    done: () => ({ layout, pages, rowCount, lastAutoNumber: encoder.lastAutoNumber }),
  };
}

function encodeRows(layout: ColumnLayout, rows: Iterable<readonly unknown[]>, ownerPage: number): EncodedTable {
  const encoding = rowEncoding(layout, ownerPage);
  for (const values of rows) encoding.add(values);
  return encoding.done();
}

async function encodeRowsAsync(
  layout: ColumnLayout,
  rows: AsyncIterable<readonly unknown[]>,
  ownerPage: number,
): Promise<EncodedTable> {
  const encoding = rowEncoding(layout, ownerPage);
  for await (const values of rows) encoding.add(values);
  return encoding.done();
}

/** A data page of small rows (usage maps) not owned by any table. */
function rowsPage(rows: readonly Buffer[]): Buffer {
  const store = new PageStore();
  const writer = new DataPageWriter(store, 0);
  for (const row of rows) writer.add(row, row.length);
  if (store.count !== 1) throw new Error('jet4: usage map rows overflow their page');
  const page = Buffer.alloc(PAGE_SIZE);
  store.moveInto(page, 0);
  return page;
}

function definitionPages(
  table: EncodedTable,
  firstPage: number,
  system: boolean,
  usedMapRow: number,
  freeMapRow: number,
): Buffer[] {
  const stream = tdefStream({
    system,
    columns: table.layout.columns,
    variableCount: table.layout.variableCount,
    rowCount: table.rowCount,
    lastAutoNumber: table.lastAutoNumber,
    usedPagesMap: dataPointer(USAGE_MAPS_PAGE, usedMapRow),
    freePagesMap: dataPointer(USAGE_MAPS_PAGE, freeMapRow),
  });
  return tdefPages(stream, firstPage);
}

function checkTable(table: JetTable | JetTableStream): string {
  if (!table || typeof table !== 'object') throw new JetWriteError('no table was given');
  const name = checkObjectName(table.name, 'the table');
  if (/^msys/i.test(name))
    throw new JetWriteError(`the table name "${name}" starts with MSys, which Access reserves for its system tables`);
  const rows = table.rows as Partial<Iterable<unknown> & AsyncIterable<unknown>> | undefined;
  if (!rows || (typeof rows[Symbol.iterator] !== 'function' && typeof rows[Symbol.asyncIterator] !== 'function'))
    throw new JetWriteError(`table "${name}" has no iterable rows`);
  return name;
}

function creationDate(options: JetWriteOptions): Date {
  const at = options.createdAt ?? new Date();
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new JetWriteError('createdAt is not a valid date');
  return at;
}

/** The bytes of a Jet 4 .mdb database holding the table (and the system catalog Access needs). */
export function writeJet4(table: JetTable, options: JetWriteOptions = {}): Buffer {
  const name = checkTable(table);
  const createdAt = creationDate(options);
  const layout = layOutColumns(specsOf(table.columns, name), name);
  return assemble(name, encodeRows(layout, table.rows, TABLE_TDEF_PAGE), createdAt);
}

/** writeJet4 over rows that arrive asynchronously (a database cursor, say). */
export async function writeJet4Async(table: JetTableStream, options: JetWriteOptions = {}): Promise<Buffer> {
  const name = checkTable(table);
  const createdAt = creationDate(options);
  const layout = layOutColumns(specsOf(table.columns, name), name);
  return assemble(name, await encodeRowsAsync(layout, table.rows, TABLE_TDEF_PAGE), createdAt);
}

function assemble(name: string, data: EncodedTable, createdAt: Date): Buffer {
  const tableTdefPages = tdefPageCount(data.layout.columns);
  const entry = { name, page: TABLE_TDEF_PAGE, properties: tableProperties(data.layout.columns) };
  const catalog = encodeRows(
    layOutColumns(CATALOG_COLUMNS, 'MSysObjects'),
    catalogRows(CATALOG_TDEF_PAGE, entry, createdAt),
    CATALOG_TDEF_PAGE,
  );

  const catalogFirst = TABLE_TDEF_PAGE + tableTdefPages;
  const dataFirst = catalogFirst + catalog.pages.count;
  let next = dataFirst + data.pages.count;
  const allocate = (): number => next++;
  const catalogMap = usageMap(catalogFirst, catalog.pages.count, allocate);
  const tableMap = usageMap(dataFirst, data.pages.count, allocate);
  const empty = usageMap(0, 0, allocate);
  const totalPages = next;
  if (totalPages * PAGE_SIZE > MAX_FILE_BYTES) {
    throw new JetWriteError(
      `table "${name}" needs a file of ${totalPages * PAGE_SIZE} bytes; an Access database holds at most 2 GB`,
    );
  }

  const out = Buffer.alloc(totalPages * PAGE_SIZE);
  const put = (page: Buffer, at: number): void => void page.copy(out, at * PAGE_SIZE);
  put(headerPage(accessDate(createdAt.getTime())), 0);
  put(rowsPage([empty.row]), GLOBAL_USAGE_MAP_PAGE);
  definitionPages(catalog, CATALOG_TDEF_PAGE, true, MAP_ROW.catalogUsed, MAP_ROW.catalogFree).forEach((p, i) =>
    put(p, CATALOG_TDEF_PAGE + i),
  );
  put(rowsPage([catalogMap.row, empty.row, tableMap.row, empty.row]), USAGE_MAPS_PAGE);
  definitionPages(data, TABLE_TDEF_PAGE, false, MAP_ROW.tableUsed, MAP_ROW.tableFree).forEach((p, i) =>
    put(p, TABLE_TDEF_PAGE + i),
  );
  catalog.pages.moveInto(out, catalogFirst);
  data.pages.moveInto(out, dataFirst);
  putBitmapPages([catalogMap, tableMap], dataFirst + data.pages.count, put);
  return out;
}

/** The type 0x05 pages, in the order `allocate` numbered them. */
function putBitmapPages(
  maps: readonly UsageMapParts[],
  firstPage: number,
  put: (page: Buffer, at: number) => void,
): void {
  let at = firstPage;
  for (const map of maps) for (const page of map.bitmapPages) put(page, at++);
}
