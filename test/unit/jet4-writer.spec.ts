/**
 * The Jet 4 writer, checked by three independent readers: mdb-reader (JavaScript), Debian's
 * mdbtools (C) and access-parser (Python, PyPI). Every file is written to a temporary directory
 * and read back value by value.
 *
 * mdbtools must be installed (/usr/bin/mdb-export): without it these tests fail, they do not skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import MDBReader from 'mdb-reader';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'csv-parse/sync';
import { APPENDIX1_FIELDS } from '../../libs/files/appendix1';
import {
  APPENDIX1_TABLE_NAME,
  JetWriteError,
  writeAppendix1Mdb,
  writeJet4,
  type JetColumn,
  type JetTable,
  type JetValue,
} from '../../libs/files/jet4';
import { INLINE_MAP_PAGES, PAGE_SIZE } from '../../libs/files/jet4/format';

const MDB_EXPORT = '/usr/bin/mdb-export';
const PYTHON = join(__dirname, '../../.venv/bin/python');
const BIG = 512 * 1024 * 1024;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jet4-writer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function save(name: string, bytes: Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

// ---- reader 1: mdb-reader ------------------------------------------------------------------

interface MdbReaderColumn {
  name: string;
  type: string;
  size: number;
  fixedLength: boolean;
  autoLong: boolean;
}
interface MdbReaderResult {
  tables: string[];
  rowCount: number;
  columns: MdbReaderColumn[];
  /** Values in column order; dates as ISO text. */
  rows: (string | number | boolean | null)[][];
  creationDate: string | null;
  password: string | null;
}

function readWithMdbReader(file: string, name: string): MdbReaderResult {
  const reader = new MDBReader(readFileSync(file));
  const table = reader.getTable(name);
  const columns = table.getColumns();
  const rows = table.getData().map((row) =>
    columns.map((c) => {
      const v = row[c.name];
      return v instanceof Date ? v.toISOString() : (v as string | number | boolean | null);
    }),
  );
  return {
    tables: reader.getTableNames(),
    rowCount: table.rowCount,
    columns: columns.map(({ name: n, type, size, fixedLength, autoLong }) => ({
      name: n,
      type,
      size,
      fixedLength,
      autoLong,
    })),
    rows,
    creationDate: reader.getCreationDate()?.toISOString() ?? null,
    password: reader.getPassword(),
  };
}

// ---- reader 2: mdbtools ----------------------------------------------------------------------

function mdbtools(tool: string, args: string[]): string {
  if (!existsSync(MDB_EXPORT)) {
    throw new Error(
      `mdbtools is not installed (${MDB_EXPORT} is missing): install the Debian package "mdbtools" to run these tests; CI installs it`,
    );
  }
  const run = spawnSync(`/usr/bin/${tool}`, args, { maxBuffer: BIG, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${tool} failed (exit ${run.status}): ${run.stderr}`);
  // Any warning (a page the usage map names that is not the table's, a bad row) fails the test.
  expect(run.stderr).toBe('');
  return run.stdout;
}

/**
 * The table as CSV, parsed. Dates as YYYY-MM-DD: -D formats columns whose Format property is
 * "Short Date" (newer mdbtools), -T the other date columns (mdbtools 1.0.0 uses -T for all).
 */
function exportWithMdbtools(file: string, table: string): { header: string[]; rows: string[][] } {
  const csv = mdbtools('mdb-export', ['-D', '%Y-%m-%d', '-T', '%Y-%m-%d', file, table]);
  const [header, ...rows] = parse(csv, { relax_column_count: false }) as string[][];
  return { header, rows };
}

/** mdb-schema's column lines: name and declared type. */
function schemaColumns(file: string, table: string): [string, string][] {
  const schema = mdbtools('mdb-schema', [file]);
  const start = schema.indexOf(`CREATE TABLE [${table}]`);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = schema.slice(start, schema.indexOf(');', start));
  return [...body.matchAll(/^\s*\[([^\]]+)\]\s+(.+?),?\s*$/gm)].map((m) => [m[1], m[2].trim()]);
}

// ---- what each reader should give --------------------------------------------------------------

function isoDay(value: JetValue): string | null {
  if (value === null || value === '') return null;
  if (value instanceof Date) return value.toISOString();
  const dotted = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(String(value));
  const day = dotted ? `${dotted[3]}-${dotted[2]}-${dotted[1]}` : String(value);
  return `${day}T00:00:00.000Z`;
}

/** The rows as stored: '' is null, a null Yes/No is No, a null AutoNumber the next number. */
function expectedRows(
  columns: readonly JetColumn[],
  rows: readonly JetValue[][],
): (string | number | boolean | null)[][] {
  let lastAuto = 0;
  return rows.map((row) =>
    columns.map((c, i) => {
      const v = row[i];
      switch (c.type) {
        case 'long': {
          const n = v === null || v === '' ? (c.autoNumber ? lastAuto + 1 : null) : Number(v);
          if (c.autoNumber && n !== null) lastAuto = Math.max(lastAuto, n);
          return n;
        }
        case 'text':
          return v === '' || v === null ? null : String(v);
        case 'datetime':
          return isoDay(v);
        case 'boolean':
          return v === true;
      }
    }),
  );
}

/** The same as mdb-export prints it: text as is, numbers in decimal, dates YYYY-MM-DD, 1/0. */
function asCsv(columns: readonly JetColumn[], rows: (string | number | boolean | null)[][]): string[][] {
  return rows.map((row) =>
    row.map((v, i) => {
      if (v === null) return '';
      if (columns[i].type === 'boolean') return v ? '1' : '0';
      if (columns[i].type === 'datetime') return String(v).slice(0, 10);
      return String(v);
    }),
  );
}

/** Same rows; on a difference, shows the first differing row only (a diff of 20,000 rows takes minutes). */
function expectSameRows<T>(actual: readonly T[], expected: readonly T[]): void {
  expect(actual.length).toBe(expected.length);
  const at = actual.findIndex((row, i) => !isDeepStrictEqual(row, expected[i]));
  if (at >= 0) expect({ row: at + 1, values: actual[at] }).toEqual({ row: at + 1, values: expected[at] });
}

/** Writes the table and checks both readers give back exactly the expected rows. */
/**
 * The table as access-parser (PyPI, a third reader, in Python) reads it: each row's values in
 * column order, dates as ISO text to the second, in .venv (scripts/setup.sh installs it).
 */
function readWithAccessParser(path: string, table: string, columns: string[]): unknown[][] {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is missing: run scripts/setup.sh (it installs access-parser)`);
  const script = [
    'import json, sys, datetime',
    'from access_parser import AccessParser',
    'db = AccessParser(sys.argv[1])',
    'columns = db.parse_table(sys.argv[2])',
    'names = json.loads(sys.argv[3])',
    'text = lambda v: str(v) if isinstance(v, datetime.datetime) else v',
    'rows = [[text(columns[n][i]) for n in names] for i in range(len(columns[names[0]]))]',
    'print(json.dumps(rows, ensure_ascii=False))',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', script, path, table, JSON.stringify(columns)], {
    maxBuffer: BIG,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`access-parser failed (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as unknown[][];
}

/** A value as access-parser gives it: a date as "YYYY-MM-DD HH:MM:SS", empty text as null. */
const asAccessParser = (v: unknown) =>
  typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(v)
    ? v.slice(0, 19).replace('T', ' ')
    : v === ''
      ? null
      : v;

/** The first row that differs (a whole-table diff of 20,000 rows would take Jest minutes to print). */
function firstDifference(got: unknown[][], want: unknown[][]): { row: number; got: unknown; want: unknown } | null {
  for (let i = 0; i < Math.max(got.length, want.length); i++)
    if (!isDeepStrictEqual(got[i], want[i])) return { row: i, got: got[i], want: want[i] };
  return null;
}

function roundTrip(file: string, table: JetTable, bytes: Buffer, givenRows: JetValue[][]): MdbReaderResult {
  const path = save(file, bytes);
  const expected = expectedRows(table.columns, givenRows);

  const viaMdbReader = readWithMdbReader(path, table.name);
  expect(viaMdbReader.tables).toEqual([table.name]);
  expect(viaMdbReader.rowCount).toBe(givenRows.length);
  expect(viaMdbReader.columns.map((c) => c.name)).toEqual(table.columns.map((c) => c.name));
  expectSameRows(viaMdbReader.rows, expected);

  expect(mdbtools('mdb-ver', [path]).trim()).toBe('JET4');
  expect(mdbtools('mdb-tables', ['-1', path]).split('\n').filter(Boolean)).toEqual([table.name]);
  const viaMdbtools = exportWithMdbtools(path, table.name);
  expect(viaMdbtools.header).toEqual(table.columns.map((c) => c.name));
  expectSameRows(viaMdbtools.rows, asCsv(table.columns, expected));
  const viaAccessParser = readWithAccessParser(
    path,
    table.name,
    table.columns.map((c) => c.name),
  );
  expect(
    firstDifference(
      viaAccessParser.map((r) => r.map(asAccessParser)),
      viaMdbReader.rows.map((r) => r.map(asAccessParser)),
    ),
  ).toBeNull();
  return viaMdbReader;
}

// ---- test data ---------------------------------------------------------------------------------

/** A small deterministic generator (no Math.random: a failing case can be replayed). */
function generator(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const SURNAMES = [
  'Жұмабаев',
  'Әбілқасымова',
  'Иванов',
  'Сәрсенбай',
  'Ғабитов',
  'Қожахметова',
  'Өтегенов',
  'Үмбетов',
  'Һашимов',
  'Іздібаев',
  'Ким',
  'Нұрғалиева',
];
const NAMES = ['Әлихан', 'Айгүл', 'Ерлан', 'Гүлнұр', 'Сергей', 'Ңұрлан', 'Өмірзақ', 'Мария'];
const PLACES = [
  'Алматы облысы',
  'Қарасай ауданы',
  'Қаскелең қаласы',
  'Абай даңғылы',
  'Шымкент',
  'Өскемен',
  'Түркістан облысы',
];
const NOTES = [
  'Ескерту: "тексерілді", 2024',
  'уақытша тіркелген\nекінші жол',
  'қайтыс болды; анықтама №12',
  'Примечание, с запятой и "кавычками"',
];

function pick<T>(rnd: (n: number) => number, list: readonly T[]): T {
  return list[rnd(list.length)];
}

/** Text or, now and then, null or '' (both must read back as null). */
function maybeText(rnd: (n: number) => number, text: string): string | null {
  const r = rnd(10);
  return r === 0 ? null : r === 1 ? '' : text;
}

function maybeDate(rnd: (n: number) => number, fromYear: number, years: number): JetValue {
  const y = fromYear + rnd(years);
  const m = 1 + rnd(12);
  const d = 1 + rnd(28);
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (rnd(5)) {
    case 0:
      return null;
    case 1:
      return `${y}-${pad(m)}-${pad(d)}`;
    case 2:
      return `${pad(d)}.${pad(m)}.${y}`;
    default:
      return new Date(Date.UTC(y, m - 1, d));
  }
}

/** Appendix 1 records, Cod given except every 37th (AutoNumber fills it in). */
function appendix1Records(count: number, seed: number): Record<string, JetValue>[] {
  const rnd = generator(seed);
  const records: Record<string, JetValue>[] = [];
  for (let i = 1; i <= count; i++) {
    const flag = rnd(4);
    records.push({
      Cod: i % 37 === 0 ? null : i * 2,
      Cod_izber: String(800101300000 + rnd(99999)),
      Soname: pick(rnd, SURNAMES),
      Name: pick(rnd, NAMES),
      Otchestvo: maybeText(rnd, 'Нұрланұлы'),
      Cod_uch: String(100 + rnd(900)),
      Okg_r: maybeText(rnd, String(1 + rnd(20))),
      Okg_ob: maybeText(rnd, String(1 + rnd(40))),
      Okg_rai: maybeText(rnd, String(1 + rnd(60))),
      Obl: maybeText(rnd, pick(rnd, PLACES)),
      Rai: maybeText(rnd, pick(rnd, PLACES)),
      Date_rogd: maybeDate(rnd, 1930, 75) ?? new Date(Date.UTC(1970, 0, 1)),
      Nac: maybeText(rnd, pick(rnd, ['қазақ', 'орыс', 'ұйғыр', 'өзбек'])),
      mal: maybeText(rnd, pick(rnd, ['М', 'Ж'])),
      Mesto_progiv: maybeText(rnd, pick(rnd, PLACES)),
      Street: maybeText(rnd, pick(rnd, PLACES)),
      Hourse: maybeText(rnd, String(1 + rnd(300))),
      Korpus: maybeText(rnd, pick(rnd, ['А', 'Б', '2'])),
      Kvartira: maybeText(rnd, String(1 + rnd(200))),
      Udostve: maybeText(rnd, String(10000000 + rnd(89999999)).padStart(9, '0')),
      Date_vidach: maybeDate(rnd, 2005, 19),
      Note: rnd(5) === 0 ? pick(rnd, NOTES) : null,
      Dopol1: flag === 1 ? true : rnd(2) === 0 ? false : null,
      Dopol2: flag === 2,
      Dopol3: flag === 0 ? null : maybeDate(rnd, 2020, 4),
      Dopol4: flag === 3,
    });
  }
  return records;
}

const APPENDIX1_COLUMNS: JetColumn[] = APPENDIX1_FIELDS.map((f) => ({
  name: f.name,
  type: f.type === 'AutoNumber' ? 'long' : f.type === 'Text' ? 'text' : f.type === 'Date/Time' ? 'datetime' : 'boolean',
  autoNumber: f.type === 'AutoNumber' || undefined,
}));
const asRows = (records: Record<string, JetValue>[]): JetValue[][] =>
  records.map((r) => APPENDIX1_FIELDS.map((f) => r[f.name] ?? null));
const appendix1Table = (records: Record<string, JetValue>[]): JetTable => ({
  name: APPENDIX1_TABLE_NAME,
  columns: APPENDIX1_COLUMNS,
  rows: asRows(records),
});

// ---- the file's own structures -----------------------------------------------------------------

const page = (file: Buffer, n: number) => file.subarray(n * PAGE_SIZE, (n + 1) * PAGE_SIZE);
/** The user table's definition follows the system tables' pages 2-7 (writer.ts, page plan). */
const TABLE_TDEF_PAGE = 8;

/** The table's usage map row, found through its definition's data pointer. */
function usageMapOf(file: Buffer): Buffer {
  const pointer = page(file, TABLE_TDEF_PAGE).readUInt32LE(0x37);
  const p = page(file, pointer >>> 8);
  const row = pointer & 0xff;
  const start = p.readUInt16LE(14 + 2 * row);
  const end = row === 0 ? PAGE_SIZE : p.readUInt16LE(14 + 2 * (row - 1));
  return p.subarray(start, end);
}

function dataPagesOf(file: Buffer, tdefPage: number): number[] {
  const pages: number[] = [];
  for (let n = 0; n < file.length / PAGE_SIZE; n++)
    if (page(file, n)[0] === 0x01 && page(file, n).readUInt32LE(4) === tdefPage) pages.push(n);
  return pages;
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error, none was thrown');
}

// ---- tests --------------------------------------------------------------------------------------

describe('Jet 4 writer, read back by mdb-reader and mdbtools', () => {
  it('writes the 26-field Appendix 1 table: Cyrillic and Kazakh text, nulls, dates, Yes/No, AutoNumber', () => {
    const records = appendix1Records(200, 1);
    const table = appendix1Table(records);
    const bytes = writeAppendix1Mdb(records, { createdAt: new Date(Date.UTC(2024, 4, 6, 10, 30)) });
    const read = roundTrip('appendix1.mdb', table, bytes, asRows(records));

    // The same bytes as the general writer gives for the same table.
    expect(
      bytes.equals(writeJet4(appendix1Table(records), { createdAt: new Date(Date.UTC(2024, 4, 6, 10, 30)) })),
    ).toBe(true);
    expect(read.creationDate).toBe('2024-05-06T10:30:00.000Z');
    expect(read.password).toBeNull();
    // Row 37 has no Cod: the AutoNumber gives it 73, after row 36's 72.
    expect(read.rows[36][0]).toBe(73);
    expect(read.columns.map((c) => [c.name, c.type, c.size, c.fixedLength, c.autoLong])).toEqual(
      APPENDIX1_COLUMNS.map((c) => [
        c.name,
        c.type,
        { long: 4, text: 510, datetime: 8, boolean: 0 }[c.type],
        c.type !== 'text',
        c.autoNumber === true,
      ]),
    );
    const types = schemaColumns(join(dir, 'appendix1.mdb'), APPENDIX1_TABLE_NAME);
    expect(types.map(([name]) => name)).toEqual(APPENDIX1_FIELDS.map((f) => f.name));
    types.forEach(([, type], i) => {
      const expected = {
        AutoNumber: /^Long Integer/,
        Text: /^Text \(255\)/,
        'Date/Time': /^DateTime/,
        'Yes/No': /^Boolean/,
      }[APPENDIX1_FIELDS[i].type];
      expect(type).toMatch(expected);
    });
    // A small table: an inline (type 0) usage map.
    expect(usageMapOf(bytes)[0]).toBe(0);
  });

  it('spreads 20,000 rows over many data pages with a type 1 usage map, and keeps their order', () => {
    const records = appendix1Records(20_000, 2);
    const bytes = writeAppendix1Mdb(records);
    const pages = dataPagesOf(bytes, TABLE_TDEF_PAGE);
    expect(pages.length).toBeGreaterThan(INLINE_MAP_PAGES);
    expect(page(bytes, TABLE_TDEF_PAGE).readUInt32LE(0x10)).toBe(20_000);
    const rowsOnPages = pages.reduce((sum, n) => sum + page(bytes, n).readUInt16LE(12), 0);
    expect(rowsOnPages).toBe(20_000);

    const map = usageMapOf(bytes);
    expect(map[0]).toBe(1);
    const mapped: number[] = [];
    for (let i = 0; 1 + 4 * i + 4 <= map.length; i++) {
      const bitmapPage = map.readUInt32LE(1 + 4 * i);
      if (bitmapPage === 0) continue;
      expect(page(bytes, bitmapPage)[0]).toBe(0x05);
      const bits = page(bytes, bitmapPage).subarray(4);
      for (let b = 0; b < bits.length * 8; b++)
        if (bits[b >> 3] & (1 << (b & 7))) mapped.push(i * (PAGE_SIZE - 4) * 8 + b);
    }
    expect(mapped).toEqual(pages);

    roundTrip('many-pages.mdb', appendix1Table(records), bytes, asRows(records));
  });

  it('keeps a Text of 255 characters whole, and refuses 256 without echoing the text', () => {
    const long = 'Қазақстан Республикасы Орталық сайлау комиссиясы, ә ғ қ ң ө ұ ү һ і. '.repeat(4).slice(0, 255);
    expect(long).toHaveLength(255);
    const columns: JetColumn[] = [
      { name: 'Id', type: 'long' },
      { name: 'Note', type: 'text' },
      { name: 'Short', type: 'text', maxLength: 3 },
    ];
    const rows: JetValue[][] = [
      [1, long, 'абв'],
      [2, long.slice(0, 100), null],
    ];
    const table = { name: 'LongText', columns, rows };
    roundTrip('long-text.mdb', table, writeJet4(table), rows);

    const err = thrown(() =>
      writeJet4({
        name: 'LongText',
        columns,
        rows: [
          [1, 'ok', null],
          [2, `${long}ж`, null],
        ],
      }),
    );
    expect(err).toBeInstanceOf(JetWriteError);
    expect(err.message).toBe(
      'row 2, column "Note" (Text): the text is 256 characters long; the column holds at most 255',
    );
    expect(err).toMatchObject({ row: 2, column: 'Note' });
    expect(() => writeJet4({ name: 'LongText', columns, rows: [[1, 'ok', 'абвг']] })).toThrow(
      'row 1, column "Short" (Text): the text is 4 characters long; the column holds at most 3',
    );
  });

  it('reads a row whose every nullable field is null as nulls (Yes/No as No)', () => {
    const empty = Object.fromEntries(APPENDIX1_FIELDS.map((f) => [f.name, f.type === 'Text' ? '' : null]));
    const records = [
      { ...empty, Cod: 5 },
      Object.fromEntries(APPENDIX1_FIELDS.map((f) => [f.name, null])),
      appendix1Records(1, 3)[0],
    ];
    const read = roundTrip('all-null.mdb', appendix1Table(records), writeAppendix1Mdb(records), asRows(records));
    expect(read.rows[0]).toEqual(
      APPENDIX1_FIELDS.map((f) => (f.name === 'Cod' ? 5 : f.type === 'Yes/No' ? false : null)),
    );
    expect(read.rows[1][0]).toBe(6);
  });

  it('continues a long table definition onto more pages (200 columns with long Kazakh names)', () => {
    const kinds: JetColumn['type'][] = ['long', 'text', 'datetime', 'boolean'];
    const columns: JetColumn[] = Array.from({ length: 200 }, (_, i) => ({
      name: `Өріс_${i}_${'ұзын_атау_'.repeat(1 + (i % 5))}`,
      type: kinds[i % 4],
      ...(i % 4 === 1 ? { maxLength: 10 } : {}),
    }));
    const rows: JetValue[][] = Array.from({ length: 30 }, (_, r) =>
      columns.map((c, i) => {
        if (c.type === 'long') return r * 1000 + i;
        if (c.type === 'text') return r % 3 === 0 ? null : `мән ${i}`;
        if (c.type === 'datetime') return r % 4 === 0 ? null : new Date(Date.UTC(2000, 0, 1 + r + i));
        return (r + i) % 3 === 0;
      }),
    );
    const table = { name: 'Кең кесте', columns, rows };
    const bytes = writeJet4(table);
    expect(page(bytes, TABLE_TDEF_PAGE).readUInt32LE(4)).toBe(TABLE_TDEF_PAGE + 1);
    roundTrip('wide.mdb', table, bytes, rows);
  });

  it('writes a table with no rows, and one with no variable-length columns', () => {
    const columns: JetColumn[] = [
      { name: 'A', type: 'long', autoNumber: true },
      { name: 'B', type: 'boolean' },
      { name: 'C', type: 'datetime' },
    ];
    const emptyTable = { name: 'Empty', columns, rows: [] };
    roundTrip('empty.mdb', emptyTable, writeJet4(emptyTable), []);
    const rows: JetValue[][] = [
      [null, true, null],
      [10, false, '2020-02-29'],
      [null, null, '31.12.1999'],
      ['7', true, new Date(Date.UTC(1900, 0, 1))],
    ];
    const fixedOnly = { name: 'FixedOnly', columns, rows };
    roundTrip('fixed-only.mdb', fixedOnly, writeJet4(fixedOnly), rows);
  });

  it('refuses what Jet cannot hold, naming the row, the column and the kind of value only', () => {
    const columns: JetColumn[] = [
      { name: 'Id', type: 'long' },
      { name: 'Name', type: 'text' },
      { name: 'Born', type: 'datetime' },
      { name: 'Flag', type: 'boolean' },
    ];
    const write = (row: JetValue[]) => () => writeJet4({ name: 'T', columns, rows: [row] });
    expect(write([1, 'Әлия'])).toThrow('row 1 has 2 values; the table has 4 columns');
    expect(write([1, 870512400123, null, false])).toThrow('row 1, column "Name" (Text): expects text, got a number');
    expect(write(['Әлия', null, null, false])).toThrow(
      'row 1, column "Id" (Long Integer): expects a whole number, got text',
    );
    expect(write([2 ** 31, null, null, false])).toThrow(
      'row 1, column "Id" (Long Integer): the number is outside the column\'s range',
    );
    expect(write([1, null, '31.02.1990', false])).toThrow('row 1, column "Born" (Date/Time): expects a real date');
    expect(write([1, null, new Date(Number.NaN), false])).toThrow(
      'row 1, column "Born" (Date/Time): expects a real date',
    );
    expect(write([1, null, null, 'да'])).toThrow('row 1, column "Flag" (Yes/No): expects true or false, got text');
    expect(write([1, '\uFEFFӘлия', null, false])).toThrow('byte-order mark');

    // A row over the Jet 4 limit (26 Cyrillic texts of 255 characters take 2 bytes a character).
    const wide: JetColumn[] = Array.from({ length: 26 }, (_, i) => ({ name: `T${i}`, type: 'text' }));
    const secret = 'Жеке деректер '.repeat(20).slice(0, 255);
    const { message } = thrown(() => writeJet4({ name: 'Wide', columns: wide, rows: [wide.map(() => secret)] }));
    expect(message).toMatch(/^row 1 takes \d+ bytes; a Jet 4 row holds at most 4060/);
    expect(message).not.toContain('Жеке');

    expect(() => writeAppendix1Mdb([{ Cod: 1, Familiya: 'Иванов' }])).toThrow(
      'row 1 has the field "Familiya", which Appendix 1 does not define',
    );
    expect(() => writeJet4({ name: 'MSysMine', columns, rows: [] })).toThrow('reserves');
    expect(() => writeJet4({ name: 'T', columns: [...columns, { name: 'name', type: 'text' }], rows: [] })).toThrow(
      'more than once',
    );
    expect(() => writeJet4({ name: 'T', columns: [{ name: 'A', type: 'text', autoNumber: true }], rows: [] })).toThrow(
      'AutoNumber',
    );
  });
});
