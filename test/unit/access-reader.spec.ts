/**
 * The Access reader (libs/files/access.ts over access-file.ts) on files it did not make and on
 * files made to carry what real databases carry: the shared fixtures Jackcess wrote (Access 2000,
 * 2010 and 2016) read back with every value the .jsonl beside them holds; a table whose declared
 * row count is stale loses no row; columns of types Appendix 1 cannot hold (an attachment, a
 * calculated column, Date/Time Extended, a type code no reader knows) are named, never a raw
 * error; Access dates before 1899-12-30 with a time of day come back as written.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessReadError, openAccessVoterFile } from '../../libs/files/access';
import { AccessFile, accessDateFix } from '../../libs/files/access-file';
import { appendix1Columns, writeJet4, type JetColumn, type JetValue } from '../../libs/files/jet4';

const FIXTURES = join(__dirname, '../../../shared/fixtures/access');
const dir = mkdtempSync(join(tmpdir(), 'tizim-access-reader-'));
const PAGE = 4096;

function saved(name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** A Jet 4 file's user table definition (page type 0x02, table type 0x4E at offset 40; HACKING.md). */
function userTdef(bytes: Buffer): number {
  for (let at = PAGE; at < bytes.length; at += PAGE) if (bytes[at] === 0x02 && bytes[at + 40] === 0x4e) return at;
  throw new Error('no user table definition');
}

/** Where column `i`'s 25-byte definition starts (Jet 4: after 63 bytes and 12 per real index). */
function columnEntry(bytes: Buffer, i: number): number {
  const tdef = userTdef(bytes);
  return tdef + 63 + bytes.readUInt32LE(tdef + 51) * 12 + i * 25;
}

async function allRecords(path: string) {
  const file = await openAccessVoterFile(path);
  return { file, records: [...file.records()] };
}

/** A value as the fixtures' .jsonl writes it: dates as wall time to the millisecond, no zone. */
function asJsonl(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().slice(0, 23);
  return v === undefined ? null : v;
}

describe('Access reader: files written by Jackcess (../shared/fixtures/access)', () => {
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

  it('reads the same rows batch by batch as in one go, deleted records skipped (pages passed are answered from their counts)', () => {
    const rows = function* (): Generator<JetValue[]> {
      for (let i = 1; i <= 20_001; i++) yield [i, String(100_000_000_000 + i)];
    };
    const bytes = writeJet4({ name: 'Izbirateli', columns: twoColumns, rows: rows() });
    // Delete the third record of every fifth data page (the 0x4000 flag of its offset; HACKING.md "Data Pages").
    const owner = userTdef(bytes) / PAGE;
    let deleted = 0;
    for (let at = PAGE, n = 0; at < bytes.length; at += PAGE) {
      if (bytes[at] !== 0x01 || bytes.readUInt32LE(at + 4) !== owner) continue;
      if (n++ % 5 !== 0 || bytes.readUInt16LE(at + 12) < 3) continue;
      bytes.writeUInt16LE(bytes.readUInt16LE(at + 14 + 4) | 0x4000, at + 14 + 4);
      deleted++;
    }
    expect(deleted).toBeGreaterThan(10);
    const file = AccessFile.open(saved('deleted.mdb', bytes));
    try {
      const whole = [...file.rows('Izbirateli', 1_000_000)];
      expect(whole).toHaveLength(20_001 - deleted);
      for (const batch of [997, 1_000, 4_096]) expect([...file.rows('Izbirateli', batch)]).toEqual(whole);
    } finally {
      file.close();
    }
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

  it('refuses in plain words a database cut short, and one that is not Access', async () => {
    const bytes = writeJet4({ name: 'Izbirateli', columns: twoColumns, rows: [[1, '000000000001']] });
    await expect(openAccessVoterFile(saved('cut.mdb', bytes.subarray(0, PAGE * 2)))).rejects.toBeInstanceOf(
      AccessReadError,
    );
    const garbage = Buffer.alloc(PAGE * 4, 0x41);
    await expect(openAccessVoterFile(saved('garbage.mdb', garbage))).rejects.toThrow(/cannot be read as an MS Access/);
  });
});
