/**
 * The Access reader (libs/files/access.ts over access-file.ts) on files it did not make and on
 * files made to carry what real databases carry: the fixtures Jackcess wrote (Access 2000,
 * 2010 and 2016) read back with every value the .jsonl beside them holds; a table whose declared
 * row count is stale loses no row; columns of types Appendix 1 cannot hold (an attachment, a
 * calculated column, Date/Time Extended, a type code no reader knows) are named, never a raw
 * error; Access dates before 1899-12-30 with a time of day come back as written.
 */
import MDBReader from 'mdb-reader';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { explainFileProblem } from '../../apps/web/src/file-problems';
import { AccessReadError, openAccessVoterFile, tablesNamed } from '../../libs/files/access';
import { problem } from '../../libs/files/problems';
import { AccessFile, accessDateFix } from '../../libs/files/access-file';
import { appendix1Columns, writeJet4, type JetColumn, type JetValue } from '../../libs/files/jet4';

const FIXTURES = join(__dirname, '../fixtures/access');
const dir = mkdtempSync(join(tmpdir(), 'tizim-access-reader-'));
const PAGE = 4096;

function saved(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Where the table Izbirateli's definition starts: its page is its catalog Id (MSysObjects; HACKING.md). */
function userTdef(bytes: Buffer): number {
  const objects = new MDBReader(bytes).getTable('MSysObjects').getData({ columns: ['Id', 'Name'] });
  const id = objects.find((o) => o.Name === 'Izbirateli')?.Id;
  if (typeof id !== 'number') throw new Error('no table Izbirateli');
  return (id & 0xffffff) * PAGE;
}

/** Where column `i`'s 25-byte definition starts (Jet 4: after 63 bytes and 12 per real index). */
function columnEntry(bytes: Buffer, i: number): number {
  const tdef = userTdef(bytes);
  return tdef + 63 + bytes.readUInt32LE(tdef + 51) * 12 + i * 25;
}

async function allRecords(path: string) {
  const file = await openAccessVoterFile(path);
  const records = [...file.rows()].map((values) => Object.fromEntries(file.header.map((f, i) => [f, values[i]])));
  return { file, records };
}

/** A value as the fixtures' .jsonl writes it: dates as wall time to the millisecond, no zone. */
function asJsonl(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().slice(0, 23);
  return v === undefined ? null : v;
}

describe('Access reader: files written by Jackcess (test/fixtures/access)', () => {
  it.each(['jk_v2000_pk.mdb', 'jk_v2010.accdb', 'jk_v2016_pk.accdb'])('%s: every row, every value', async (name) => {
    const expected = readFileSync(join(FIXTURES, name.replace(/\.\w+$/, '.jsonl')), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const { file, records } = await allRecords(join(FIXTURES, name));
    expect(file.typeProblems).toEqual([]);
    expect(file.header).toEqual(Object.keys(expected[0]!));
    expect(records).toHaveLength(expected.length);
    expect(expected.length).toBe(2000);
    const got = records.map((r) => Object.fromEntries(file.header.map((f) => [f, asJsonl(r[f])])));
    // Empty text: Jackcess reads it as "" or null by how it was stored; both are "no value" to Appendix 1.
    const noEmpty = (rows: Record<string, unknown>[]) =>
      rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : v])));
    expect(noEmpty(got)).toEqual(noEmpty(expected));
  });
});

describe('Access reader: rows, types and dates as real files carry them', () => {
  const twoColumns: JetColumn[] = [
    { name: 'Cod', type: 'long', autoNumber: true },
    { name: 'Cod_izber', type: 'text', maxLength: 12 },
  ];

  it('reads every row the data pages hold when the declared row count is stale (20,001 rows, 20,000 declared)', async () => {
    const rows = function* (): Generator<JetValue[]> {
      for (let i = 1; i <= 20_001; i++) yield [i, String(100_000_000_000 + i)];
    };
    const bytes = writeJet4({ name: 'Izbirateli', columns: twoColumns, rows: rows() });
    const tdef = userTdef(bytes);
    expect(bytes.readUInt32LE(tdef + 16)).toBe(20_001);
    bytes.writeUInt32LE(20_000, tdef + 16);
    const { records } = await allRecords(saved('stale-count.mdb', bytes));
    expect(records).toHaveLength(20_001);
    expect(records.at(-1)).toEqual({ Cod: 20_001, Cod_izber: '100000020001' });
    // And a count above the rows held reads what is there, no more.
    bytes.writeUInt32LE(25_000, tdef + 16);
    expect((await allRecords(saved('high-count.mdb', bytes))).records).toHaveLength(20_001);
  });

  it('skips rows flagged deleted (0x8000) and reads a moved row (0x4000) where it now lives, as Access and Jackcess do', async () => {
    const rows = function* (): Generator<JetValue[]> {
      for (let i = 1; i <= 3_000; i++) yield [i, String(100_000_000_000 + i)];
    };
    const bytes = writeJet4({ name: 'Izbirateli', columns: twoColumns, rows: rows() });
    const owner = userTdef(bytes) / PAGE;
    const dataPages: number[] = [];
    for (let at = PAGE; at < bytes.length; at += PAGE)
      if (bytes[at] === 0x01 && bytes.readUInt32LE(at + 4) === owner) dataPages.push(at);
    expect(dataPages.length).toBeGreaterThan(4);
    /** Row `row` of the data page at `at`: its offset entry (HACKING.md "Data Pages": count at 12, offsets from 14). */
    const entry = (at: number, row: number) => at + 14 + 2 * row;
    const cod = (at: number, row: number) => {
      const start = bytes.readUInt16LE(entry(at, row)) & 0x1fff;
      return bytes.readInt32LE(at + start + 2);
    };
    // Deleted: the third row of the first and of the third data page.
    const deleted = [cod(dataPages[0]!, 2), cod(dataPages[2]!, 2)];
    for (const at of [dataPages[0]!, dataPages[2]!])
      bytes.writeUInt16LE(bytes.readUInt16LE(entry(at, 2)) | 0x8000, entry(at, 2));
    // Moved: the first row of the second page now lives at the last page's first row (flagged 0x8000 there, so a
    // scan passes it) and its old place holds a pointer: the row number, then the page in three bytes.
    const header = dataPages[1]!;
    const target = dataPages.at(-1)!;
    const moved = cod(header, 0);
    const living = cod(target, 0);
    const start = bytes.readUInt16LE(entry(header, 0)) & 0x1fff;
    bytes.fill(0, header + start, header + PAGE);
    bytes[header + start] = 0;
    bytes.writeUIntLE(target / PAGE, header + start + 1, 3);
    bytes.writeUInt16LE(bytes.readUInt16LE(entry(header, 0)) | 0x4000, entry(header, 0));
    bytes.writeUInt16LE(bytes.readUInt16LE(entry(target, 0)) | 0x8000, entry(target, 0));

    const { records } = await allRecords(saved('flags.mdb', bytes));
    const cods = records.map((r) => r.Cod as number);
    expect(cods).toHaveLength(3_000 - 2 - 1);
    for (const gone of [...deleted, moved]) expect(cods).not.toContain(gone);
    // The moved row comes where its pointer is, once.
    expect(cods.filter((c) => c === living)).toHaveLength(1);
    expect(cods.indexOf(living)).toBe(cods.indexOf(moved - 1) + 1);
    expect(records.find((r) => r.Cod === living)).toEqual({ Cod: living, Cod_izber: String(100_000_000_000 + living) });
  });

  it('reads a Memo kept in a long-value row (flag 0x40) as mdb-reader reads it', async () => {
    const columns: JetColumn[] = [...twoColumns, { name: 'Note', type: 'text' }];
    const bytes = writeJet4({
      name: 'Izbirateli',
      columns,
      rows: [
        [1, '000000000001', 'MEMOHD'],
        [2, '000000000002', null],
      ],
    });
    // Note becomes a Memo (type 0x0C) whose 12-byte header (HACKING.md "Memo Field Definition") says:
    // 22 bytes, in one LVAL row (0x40), row 1 of the page holding row 2, whose bytes from its start are the memo.
    const tdef = userTdef(bytes);
    const noteEntry = tdef + 63 + bytes.readUInt32LE(tdef + 51) * 12 + 2 * 25;
    bytes[noteEntry] = 0x0c;
    const at = bytes.indexOf(Buffer.from('MEMOHD', 'utf16le'));
    expect(at).toBeGreaterThan(0);
    const page = Math.floor(at / PAGE);
    const header = Buffer.alloc(12);
    header.writeUIntLE(22, 0, 3);
    header[3] = 0x40;
    header.writeUInt32LE((page << 8) | 1, 4);
    header.copy(bytes, at);
    const path = saved('memo.mdb', bytes);
    const byMdbReader = new MDBReader(readFileSync(path)).getTable('Izbirateli').getData();
    const { records } = await allRecords(path);
    expect(typeof records[0]!.Note).toBe('string');
    expect((records[0]!.Note as string).length).toBe(11);
    expect(records.map((r) => r.Note)).toEqual(byMdbReader.map((r) => r.Note));
  });

  /** The Appendix 1 table of two rows with column `i`'s type code (and extra flags) rewritten. */
  function withColumn(field: string, code: number, extraFlags?: number): string {
    const columns = appendix1Columns();
    const i = columns.findIndex((c) => c.name === field);
    const values = [0, 1].map(() => columns.map((): JetValue => null));
    const bytes = writeJet4({ name: 'Izbirateli', columns, rows: values });
    const entry = columnEntry(bytes, i);
    bytes[entry] = code;
    if (extraFlags !== undefined) bytes[entry + 16] = extraFlags;
    return saved(`${field}-${code}-${extraFlags ?? 0}.mdb`, bytes);
  }

  it.each([
    ['Note', 0x12, undefined, 'Attachment or multiple values', 'Text'],
    ['Date_rogd', 0x14, undefined, 'Date/Time Extended', 'Date/Time'],
    ['Soname', 0x0a, 0xc0, 'Calculated', 'Text'],
    ['Kvartira', 0x11, undefined, 'unknown', 'Text'],
    ['Date_vidach', 0x07, undefined, 'Number (Double)', 'Date/Time'],
  ] as const)(
    'names %s stored as type code %d (extra flags %s): %s, not %s',
    async (field, code, flags, type, expected) => {
      const file = await openAccessVoterFile(withColumn(field, code, flags));
      expect(file.typeProblems.map((p) => p.message)).toEqual([
        `the column ${field} is of type ${type}; Appendix 1 makes it ${expected === 'Text' ? 'Text' : 'Date/Time'}`,
      ]);
      expect(file.header).toContain(field);
    },
  );

  it('reads dates before 1899-12-30 with a time of day as written (mdb-reader 3.2.0 reads them 12 hours early)', async () => {
    const columns: JetColumn[] = [...twoColumns, { name: 'Date_rogd', type: 'datetime' }];
    const dates = [
      '1850-06-15T06:00:00.000Z',
      '1899-12-29T18:30:00.000Z',
      '1899-12-30T06:00:00.000Z',
      '1900-01-01T06:00:00.000Z',
    ];
    const bytes = writeJet4({
      name: 'Izbirateli',
      columns,
      rows: dates.map((d, i): JetValue[] => [i + 1, '000000000000', new Date(d)]),
    });
    const { records } = await allRecords(saved('old-dates.mdb', bytes));
    expect(records.map((r) => (r.Date_rogd as Date).toISOString())).toEqual(dates);
    // The correction touches no date from 1899-12-30 on, nor a whole day before it.
    for (const d of ['1899-12-30T00:00:00.000Z', '1900-01-01T06:00:00.000Z', '1850-06-15T00:00:00.000Z'])
      expect(accessDateFix(new Date(d)).toISOString()).toBe(d);
  });

  it('lists user tables only: MSys tables are the engine’s, whatever their flags', () => {
    const file = AccessFile.open(join(FIXTURES, 'jk_v2000_pk.mdb'));
    try {
      expect(file.userTables()).toEqual(['Izbirateli']);
      expect(
        file.reader.getTableNames({ systemTables: true }).filter((n) => n.startsWith('MSys')).length,
      ).toBeGreaterThan(0);
    } finally {
      file.close();
    }
  });

  it('names the first five tables of a database and counts the others, in the words the official reads', () => {
    const thirty = Array.from({ length: 30 }, (_, i) => `Лист${i + 1}`);
    const named = tablesNamed(thirty);
    expect(named).toEqual({ tables: ['Лист1', 'Лист2', 'Лист3', 'Лист4', 'Лист5'], more: 25 });
    expect(problem('access.no-voter-table', named).message).toBe(
      'none of the database\'s tables ("Лист1", "Лист2", "Лист3", "Лист4", "Лист5" and 25 more) has the Appendix 1 fields Cod and Cod_izber',
    );
    expect(explainFileProblem({ code: 'access.no-voter-table', params: named, message: '' }, 'ru')).toBe(
      'ни в одной таблице базы данных ("Лист1", "Лист2", "Лист3", "Лист4", "Лист5" и ещё 25) нет полей Cod и Cod_izber Приложения 1',
    );
    expect(tablesNamed(['A', 'B'])).toEqual({ tables: ['A', 'B'] });
  });

  it('refuses in plain words a database cut short, and one that is not Access', async () => {
    const bytes = writeJet4({ name: 'Izbirateli', columns: twoColumns, rows: [[1, '000000000001']] });
    await expect(openAccessVoterFile(saved('cut.mdb', bytes.subarray(0, PAGE * 2)))).rejects.toBeInstanceOf(
      AccessReadError,
    );
    const garbage = Buffer.alloc(PAGE * 4, 0x41);
    await expect(openAccessVoterFile(saved('garbage.mdb', garbage))).rejects.toThrow(/cannot be read as an MS Access/);
  });
});
