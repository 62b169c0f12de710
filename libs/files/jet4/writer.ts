/**
 * Writes one table as a Jet 4 (.mdb, Access 2000-2003) database, in memory.
 *
 * Page plan (page numbers), the system tables where Microsoft's engine puts them (catalog.ts):
 *   0        database definition (header.ts)
 *   1        database-wide usage map: one empty inline map, i.e. no free pages
 *   2-5      the definitions of MSysObjects (readers look for it there), MSysACEs, MSysQueries
 *            and MSysRelationships
 *   6        the usage map rows of every table, long-value column and index
 *   7        MSysAccessObjects' definition
 *   8 ..     the table's definition (more than one page for many or long column names)
 *   then     MSysObjects' data pages, the table's data pages, the index pages (each index's
 *            pages together, its root last), and the usage-bitmap pages (type 0x05) of the maps
 *            whose pages are too many for an inline map.
 *
 * The table's AutoNumber column, when it has one, is its primary key, as Access makes it: an index
 * "PrimaryKey" whose entries are built after the rows, from the (key, row pointer) pairs kept in
 * one typed array (8 bytes a row). When its values repeat (files of bad records are written to
 * test the importer) the table gets no primary key.
 *
 * The rows are read once and encoded as they come, so memory grows with the file (about twice
 * its size at the end, while the pages are gathered into one Buffer).
 */
import { GLOBAL_USAGE_MAP_PAGE, IndexFlag, MAX_FILE_BYTES, PAGE_SIZE } from './format';
import {
  catalogObjects,
  catalogRow,
  MSYS_OBJECTS,
  SYSTEM_PAGES,
  SYSTEM_TABLES,
  type CatalogObject,
  type IndexSpec,
  type SystemTableSpec,
} from './catalog';
import { checkObjectName, layOutColumns, specsOf, type ColumnLayout } from './columns';
import { JetWriteError } from './errors';
import { headerPage } from './header';
import { buildIndex, longKey, textKey, unkeyableCharacter, withPointer, type BuiltIndex } from './indexes';
import { dataPointer, DataPageWriter, PageStore, usageMap, type UsageMapParts } from './pages';
import { tableProperties } from './properties';
import { RowEncoder } from './rows';
import { tdefPageCount, tdefPages, tdefStream, type IndexDefinition, type TableDefinition } from './tdef';
import type { JetTable, JetTableStream, JetWriteOptions } from './types';
import { accessDate } from './values';

const TABLE_TDEF_PAGE = 8;
const PRIMARY_KEY_NAME = 'PrimaryKey';
/** Access's primary key: unique and required (HACKING.md, "Index flags"). */
const PRIMARY_KEY_FLAGS = IndexFlag.unique | IndexFlag.required;

/**
 * The (AutoNumber, row pointer) pairs of the primary key, packed in a growing BigUint64Array as
 * (key + 2^31) * 2^32 + where, so that sorting the numbers sorts the entries.
 */
class KeyList {
  private values = new BigUint64Array(1024);
  count = 0;

  add(key: number, where: number): void {
    if (this.count === this.values.length) {
      const bigger = new BigUint64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.count++] = (BigInt(key + 0x80000000) << 32n) | BigInt(where);
  }

  /** Sorts the pairs in place; true when no key repeats. */
  sortUnique(): boolean {
    const sorted = this.values.subarray(0, this.count).sort();
    for (let i = 1; i < sorted.length; i++) if (sorted[i] >> 32n === sorted[i - 1] >> 32n) return false;
    return true;
  }

  /** The pairs, in the order sortUnique left them. */
  pairs(): BigUint64Array {
    return this.values.subarray(0, this.count);
  }
}

interface EncodedTable {
  layout: ColumnLayout;
  pages: PageStore;
  rowCount: number;
  lastAutoNumber: number;
  /** Where each row went (store page * 256 + row), for small tables (the catalogue). */
  positions: number[];
  /** The primary key's pairs, when the table has an AutoNumber column. */
  keys: KeyList | null;
}

/** Encodes rows into data pages owned by the definition on `ownerPage`, as they are added. */
function rowEncoding(
  layout: ColumnLayout,
  ownerPage: number,
  keepPositions: boolean,
): { add: (values: readonly unknown[]) => void; done: () => EncodedTable } {
  const pages = new PageStore();
  const writer = new DataPageWriter(pages, ownerPage);
  const encoder = new RowEncoder(layout);
  const positions: number[] = [];
  const keys = layout.columns.some((c) => c.autoNumber) ? new KeyList() : null;
  let rowCount = 0;
  return {
    add: (values) => {
      rowCount++;
      const where = writer.add(encoder.scratch, encoder.encode(values, rowCount));
      if (keepPositions) positions.push(where);
      keys?.add(encoder.rowAutoNumber, where);
    },
    done: () => ({ layout, pages, rowCount, lastAutoNumber: encoder.lastAutoNumber, positions, keys }),
  };
}

function encodeRows(
  layout: ColumnLayout,
  rows: Iterable<readonly unknown[]>,
  ownerPage: number,
  keepPositions = false,
): EncodedTable {
  const encoding = rowEncoding(layout, ownerPage, keepPositions);
  for (const values of rows) encoding.add(values);
  return encoding.done();
}

async function encodeRowsAsync(
  layout: ColumnLayout,
  rows: AsyncIterable<readonly unknown[]>,
  ownerPage: number,
): Promise<EncodedTable> {
  const encoding = rowEncoding(layout, ownerPage, false);
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

function checkTable(table: JetTable | JetTableStream): string {
  if (!table || typeof table !== 'object') throw new JetWriteError('no table was given');
  const name = checkObjectName(table.name, 'the table');
  if (/^msys/i.test(name))
    throw new JetWriteError(`the table name "${name}" starts with MSys, which Access reserves for its system tables`);
  // MSysObjects' ParentIdName index keys the name in Access's General sort order (indexes.ts).
  const unkeyable = unkeyableCharacter(name);
  if (unkeyable !== null)
    throw new JetWriteError(
      `the table name "${name}" holds the character ${JSON.stringify(unkeyable)}, which cannot be put in the catalogue's index of names; use Latin, Russian or Kazakh letters, digits, spaces and _`,
    );
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

/**
 * The primary key Access makes on an AutoNumber column (number 0: the table's only index). When
 * the column's values repeat (the caller gave the same number twice), there is none: a primary key
 * holds each value once, and Access could not make one either.
 */
function primaryKeySpec(data: EncodedTable): IndexSpec | null {
  const auto = data.layout.columns.find((c) => c.autoNumber);
  return auto && data.keys!.sortUnique()
    ? { name: PRIMARY_KEY_NAME, number: 0, columns: [auto.name], flags: PRIMARY_KEY_FLAGS, primaryKey: true }
    : null;
}

/** The index definitions of a table, with their usage maps and root pages once known. */
function indexDefinitions(
  specs: readonly IndexSpec[],
  layout: ColumnLayout,
  placed: readonly { usageMap: number; root: number }[] = [],
): IndexDefinition[] {
  return specs.map((spec, i) => ({
    name: spec.name,
    number: spec.number,
    columns: spec.columns.map((n) => layout.columns.find((c) => c.name === n)!.number),
    flags: spec.flags,
    primaryKey: spec.primaryKey,
    usageMap: placed[i]?.usageMap ?? 0,
    firstPage: placed[i]?.root ?? 0,
  }));
}

/** The entries of MSysObjects' indexes, in order: (ParentId, Name) and Id. */
function catalogIndexEntries(
  objects: readonly CatalogObject[],
  positions: readonly number[],
  firstPage: number,
): Record<string, Buffer[]> {
  const pointer = (key: Buffer, i: number): Buffer =>
    withPointer(key, firstPage + Math.floor(positions[i] / 256), positions[i] % 256);
  const sorted = (entries: Buffer[]): Buffer[] => entries.sort(Buffer.compare);
  return {
    ParentIdName: sorted(objects.map((o, i) => pointer(Buffer.concat([longKey(o.parentId), textKey(o.name)]), i))),
    Id: sorted(objects.map((o, i) => pointer(longKey(o.id), i))),
  };
}

/** The primary key's entries in key order (keys sorted by sortUnique), in one reused buffer. */
function* primaryKeyEntries(keys: KeyList, firstDataPage: number): Generator<{ bytes: Buffer; length: number }> {
  const entry = { bytes: Buffer.alloc(9), length: 9 };
  for (const packed of keys.pairs()) {
    const where = Number(packed & 0xffffffffn);
    longKey(Number(packed >> 32n) - 0x80000000).copy(entry.bytes, 0);
    entry.bytes.writeUIntBE(firstDataPage + Math.floor(where / 256), 5, 3);
    entry.bytes[8] = where % 256;
    yield entry;
  }
}

const asEntries = (list: readonly Buffer[]): { bytes: Buffer; length: number }[] =>
  list.map((bytes) => ({ bytes, length: bytes.length }));

/** Usage map rows, all on one page: each added row's data pointer. */
class MapRows {
  readonly rows: Buffer[] = [];
  add(map: UsageMapParts): number {
    this.rows.push(map.row);
    return dataPointer(SYSTEM_PAGES.usageMaps, this.rows.length - 1);
  }
}

interface TablePlan {
  spec: { name: string; page: number; system: boolean; indexes: readonly IndexSpec[] };
  catalogue: boolean;
  encoded: EncodedTable;
  dataFirst: number;
  indexes: BuiltIndex[];
}

function assemble(name: string, data: EncodedTable, createdAt: Date): Buffer {
  const primaryKey = primaryKeySpec(data);
  const userIndexes = primaryKey ? [primaryKey] : [];
  const tableTdefPages = tdefPageCount({
    columns: data.layout.columns,
    indexes: indexDefinitions(userIndexes, data.layout),
  });
  const objects = catalogObjects({ name, page: TABLE_TDEF_PAGE, properties: tableProperties(data.layout.columns) });
  const systemLayouts = SYSTEM_TABLES.map((t) => layOutColumns(t.columns, t.name, t.system));
  const catalog = encodeRows(
    systemLayouts[0],
    objects.map((o) => catalogRow(o, createdAt)),
    MSYS_OBJECTS.page,
    true,
  );

  const catalogFirst = TABLE_TDEF_PAGE + tableTdefPages;
  const dataFirst = catalogFirst + catalog.pages.count;
  let next = dataFirst + data.pages.count;
  const place = (built: BuiltIndex): BuiltIndex => {
    next += built.pages.count;
    return built;
  };

  // Index pages: the system tables' (MSysObjects' from its rows, the others empty), then the key.
  const catalogEntries = catalogIndexEntries(objects, catalog.positions, catalogFirst);
  const plans: TablePlan[] = SYSTEM_TABLES.map((spec: SystemTableSpec, i) => ({
    spec,
    catalogue: true,
    encoded: i === 0 ? catalog : encodeRows(systemLayouts[i], [], spec.page),
    dataFirst: i === 0 ? catalogFirst : 0,
    indexes: spec.indexes.map((index) =>
      place(buildIndex(asEntries(i === 0 ? catalogEntries[index.name] : []), next, spec.page)),
    ),
  }));
  const keyIndex = primaryKey
    ? [place(buildIndex(primaryKeyEntries(data.keys!, dataFirst), next, TABLE_TDEF_PAGE))]
    : [];
  plans.push({
    spec: { name, page: TABLE_TDEF_PAGE, system: false, indexes: userIndexes },
    catalogue: false,
    encoded: data,
    dataFirst,
    indexes: keyIndex,
  });

  // Usage maps, in the order Microsoft's engine numbers them: per table its pages and free pages,
  // its long-value columns' two maps (column order), then its indexes'.
  const allocate = (): number => next++;
  const maps = new MapRows();
  const bitmapOwners: UsageMapParts[] = [];
  const mapOf = (first: number, count: number): number => {
    const map = usageMap(first, count, allocate);
    bitmapOwners.push(map);
    return maps.add(map);
  };
  const definitions = plans.map((plan): TableDefinition => {
    const { layout } = plan.encoded;
    const usedPagesMap = mapOf(plan.dataFirst, plan.encoded.pages.count);
    const freePagesMap = mapOf(0, 0);
    const longValueMaps = layout.columns
      .filter((c) => c.kind === 'memo' || c.kind === 'ole')
      .map((c) => ({ column: c.number, usedPagesMap: mapOf(0, 0), freePagesMap: mapOf(0, 0) }));
    const placed = plan.indexes.map((built) => ({
      usageMap: mapOf(built.root - built.pages.count + 1, built.pages.count),
      root: built.root,
    }));
    return {
      system: plan.spec.system,
      catalogue: plan.catalogue,
      columns: layout.columns,
      variableCount: layout.variableCount,
      rowCount: plan.encoded.rowCount,
      lastAutoNumber: plan.encoded.lastAutoNumber,
      usedPagesMap,
      freePagesMap,
      indexes: indexDefinitions(plan.spec.indexes, layout, placed),
      longValueMaps,
    };
  });

  const totalPages = next;
  if (totalPages * PAGE_SIZE > MAX_FILE_BYTES) {
    throw new JetWriteError(
      `table "${name}" needs a file of ${totalPages * PAGE_SIZE} bytes; an Access database holds at most 2 GB`,
    );
  }

  const out = Buffer.alloc(totalPages * PAGE_SIZE);
  const put = (page: Buffer, at: number): void => void page.copy(out, at * PAGE_SIZE);
  put(headerPage(accessDate(createdAt.getTime())), 0);
  put(rowsPage([usageMap(0, 0, allocate).row]), GLOBAL_USAGE_MAP_PAGE);
  put(rowsPage(maps.rows), SYSTEM_PAGES.usageMaps);
  plans.forEach((plan, i) => {
    tdefPages(tdefStream(definitions[i]), plan.spec.page).forEach((p, n) => put(p, plan.spec.page + n));
    plan.encoded.pages.moveInto(out, plan.dataFirst);
    for (const built of plan.indexes) built.pages.moveInto(out, built.root - built.pages.count + 1);
  });
  let at = totalPages - bitmapOwners.reduce((sum, m) => sum + m.bitmapPages.length, 0);
  for (const map of bitmapOwners) for (const page of map.bitmapPages) put(page, at++);
  return out;
}
