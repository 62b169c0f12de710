/**
 * The Jet 4 writer's catalogue, column definitions, page 0 and indexes, compared field by field
 * with what Microsoft's engine writes.
 *
 * MICROSOFT below is a description written down from Microsoft-made Access 2000 databases (the
 * Access-made files of Jackcess's test suite, e.g. src/test/data/V2000/delTestV2000.mdb, and the
 * ADOX-made src/test/resources/emptyJet4.mdb), read with a table-definition dumper of our own.
 * Field meanings: mdbtools' HACKING.md ("TDEF Pages", "Indices"). The file is read back here with
 * small parsers of our own, independent of the writer's code.
 */
import { writeAppendix1Mdb, writeJet4, type JetValue } from '../../libs/files/jet4';
import { rc4 } from '../../libs/files/jet4/rc4';

const PAGE = 4096;
const page = (file: Buffer, n: number) => file.subarray(n * PAGE, (n + 1) * PAGE);

// ---- what Microsoft writes -------------------------------------------------------------------------

/** A column: [name, type code, declared length, flags, offset_V, fixed offset]; by number. */
type ColumnFacts = [string, number, number, number, number, number];
/** An index: name, logical number, columns (numbers), real-index flags, logical type (1 = PK). */
interface IndexFacts {
  name: string;
  number: number;
  columns: number[];
  flags: number;
  type: number;
}
interface TableFacts {
  page: number;
  kind: 'S' | 'N';
  columns: ColumnFacts[];
  indexes: IndexFacts[];
}

const LONG = 0x04;
const TEXT = 0x0a;
const MEMO = 0x0c;
const OLE = 0x0b;
const BINARY = 0x09;
const DATE = 0x08;
const INT = 0x03;
const BYTE = 0x02;
const BOOL = 0x01;
/** Variable columns of Access's system tables carry 0x12, fixed ones 0x13, SIDs 0x32. */
const V = 0x12;
const F = 0x13;
const SID = 0x32;
/** Fixed offsets of variable columns are left-over bytes in Microsoft's files: the writer says 0. */

const MICROSOFT: Record<string, TableFacts> = {
  MSysObjects: {
    page: 2,
    kind: 'S',
    columns: [
      ['Id', LONG, 4, F, 0, 0],
      ['ParentId', LONG, 4, F, 0, 4],
      ['Name', TEXT, 510, V, 0, 0],
      ['Type', INT, 2, F, 1, 8],
      ['DateCreate', DATE, 8, F, 1, 10],
      ['DateUpdate', DATE, 8, F, 1, 18],
      ['Owner', BINARY, 510, SID, 1, 0],
      ['Flags', LONG, 4, F, 2, 26],
      ['Database', MEMO, 0, V, 2, 0],
      ['Connect', MEMO, 0, V, 3, 0],
      ['ForeignName', TEXT, 510, V, 4, 0],
      ['RmtInfoShort', BINARY, 510, V, 5, 0],
      ['RmtInfoLong', OLE, 0, V, 6, 0],
      ['Lv', OLE, 0, V, 7, 0],
      ['LvProp', OLE, 0, V, 8, 0],
      ['LvModule', OLE, 0, V, 9, 0],
      ['LvExtra', OLE, 0, V, 10, 0],
    ],
    indexes: [
      { name: 'Id', number: 1, columns: [0], flags: 0x81, type: 1 },
      { name: 'ParentIdName', number: 0, columns: [1, 2], flags: 0x81, type: 0 },
    ],
  },
  MSysACEs: {
    page: 3,
    kind: 'S',
    columns: [
      ['ObjectId', LONG, 4, F, 0, 0],
      ['SID', BINARY, 510, SID, 0, 0],
      ['ACM', LONG, 4, F, 1, 4],
      ['FInheritable', BOOL, 1, F, 1, 0],
    ],
    indexes: [{ name: 'ObjectId', number: 0, columns: [0], flags: 0x88, type: 0 }],
  },
  MSysQueries: {
    page: 4,
    kind: 'S',
    columns: [
      ['ObjectId', LONG, 4, F, 0, 0],
      ['Attribute', BYTE, 1, F, 0, 4],
      ['Order', BINARY, 510, V, 0, 0],
      ['Name1', TEXT, 510, V, 1, 0],
      ['Name2', TEXT, 510, V, 2, 0],
      ['Expression', MEMO, 0, V, 3, 0],
      ['Flag', INT, 2, F, 4, 5],
      ['LvExtra', LONG, 4, F, 4, 7],
    ],
    indexes: [{ name: 'ObjectIdAttribute', number: 0, columns: [0, 1, 2], flags: 0x81, type: 1 }],
  },
  MSysRelationships: {
    page: 5,
    kind: 'S',
    columns: [
      ['szRelationship', TEXT, 510, V, 0, 0],
      ['grbit', LONG, 4, F, 1, 0],
      ['ccolumn', LONG, 4, F, 1, 4],
      ['icolumn', LONG, 4, F, 1, 8],
      ['szObject', TEXT, 510, V, 1, 0],
      ['szColumn', TEXT, 510, V, 2, 0],
      ['szReferencedObject', TEXT, 510, V, 3, 0],
      ['szReferencedColumn', TEXT, 510, V, 4, 0],
    ],
    indexes: [
      { name: 'szObject', number: 1, columns: [4], flags: 0x82, type: 0 },
      { name: 'szReferencedObject', number: 2, columns: [6], flags: 0x82, type: 0 },
      { name: 'szRelationship', number: 0, columns: [0], flags: 0x82, type: 0 },
    ],
  },
  MSysAccessObjects: {
    page: 7,
    kind: 'N',
    columns: [
      ['Data', 0x11, 3992, 0x03, 0, 0],
      ['ID', LONG, 4, 0x02, 0, 0],
    ],
    indexes: [{ name: 'AOIndex', number: 0, columns: [1], flags: 0x89, type: 1 }],
  },
};

/** MSysObjects' rows Microsoft's engine writes (before Access adds its own): Id, ParentId, Name, Type, Flags. */
const MICROSOFT_OBJECTS: [number, number, string, number, number][] = [
  [0x0f000001, 0x0f000000, 'Tables', 3, -0x80000000],
  [0x0f000002, 0x0f000000, 'Databases', 3, -0x80000000],
  [0x0f000003, 0x0f000000, 'Relationships', 3, -0x80000000],
  [0x10000000, 0x0f000002, 'MSysDb', 2, -0x80000000],
  [2, 0x0f000001, 'MSysObjects', 1, -0x80000000],
  [3, 0x0f000001, 'MSysACEs', 1, -0x80000000],
  [4, 0x0f000001, 'MSysQueries', 1, -0x80000000],
  [5, 0x0f000001, 'MSysRelationships', 1, -0x80000000],
  [7, 0x0f000001, 'MSysAccessObjects', 1, 2],
];

/**
 * MSysObjects' ParentIdName entries as Microsoft's engine encodes them (General sort order keys,
 * read from emptyJet4.mdb's index page), without the row pointer.
 */
const MICROSOFT_NAME_KEYS: Record<string, string> = {
  Tables: '7f8f0000007f6d4a4c5e516b0100',
  Databases: '7f8f0000007f4f4a6d4a4c4a6b516b0100',
  Relationships: '7f8f0000007f69515e4a6d5964626b5759666b0100',
  MSysObjects: '7f8f0000017f606b766b644c5b514d6d6b0100',
  MSysACEs: '7f8f0000017f606b766b4a4d516b0100',
  MSysQueries: '7f8f0000017f606b766b686f516959516b0100',
  MSysRelationships: '7f8f0000017f606b766b69515e4a6d5964626b5759666b0100',
  MSysDb: '7f8f0000027f606b766b4f4c0100',
};

/** Page 0 after unmasking: the bytes every Microsoft-made Jet 4 header holds. */
const MICROSOFT_HEADER_0X18 = '000100000101000002000000030000000400000005000000';
const MICROSOFT_HEADER_0X98 = '54060000342e3000';

// ---- our own readers ---------------------------------------------------------------------------------

function tdefStream(file: Buffer, first: number): Buffer {
  const parts = [page(file, first)];
  for (let next = page(file, first).readUInt32LE(4); next !== 0; next = page(file, next).readUInt32LE(4))
    parts.push(page(file, next).subarray(8));
  return Buffer.concat(parts);
}

interface ParsedColumn {
  name: string;
  type: number;
  number: number;
  variableIndex: number;
  misc: string;
  flags: number;
  fixedOffset: number;
  length: number;
}
interface ParsedTable {
  kind: string;
  rowCount: number;
  columns: ParsedColumn[];
  indexes: (IndexFacts & { root: number; cascade: number[]; usageMap: number })[];
  indexRowCounts: number[];
}

function parseTdef(file: Buffer, first: number): ParsedTable {
  const s = tdefStream(file, first);
  const columnCount = s.readUInt16LE(0x2d);
  const logical = s.readUInt32LE(0x2f);
  const real = s.readUInt32LE(0x33);
  let at = 0x3f;
  const indexRowCounts: number[] = [];
  for (let i = 0; i < real; i++, at += 12) indexRowCounts.push(s.readUInt32LE(at + 4));
  const blocks = [];
  for (let i = 0; i < columnCount; i++, at += 25) blocks.push(s.subarray(at, at + 25));
  const names: string[] = [];
  for (let i = 0; i < columnCount; i++) {
    const n = s.readUInt16LE(at);
    names.push(s.subarray(at + 2, at + 2 + n).toString('utf16le'));
    at += 2 + n;
  }
  const columns = blocks.map((b, i) => ({
    name: names[i],
    type: b[0],
    number: b.readUInt16LE(5),
    variableIndex: b.readUInt16LE(7),
    misc: b.subarray(11, 15).toString('hex'),
    flags: b[15],
    fixedOffset: b.readUInt16LE(21),
    length: b.readUInt16LE(23),
  }));
  const reals: { cols: number[]; usageMap: number; root: number; flags: number }[] = [];
  for (let i = 0; i < real; i++, at += 52) {
    const cols: number[] = [];
    for (let c = 0; c < 10; c++) {
      const n = s.readUInt16LE(at + 4 + 3 * c);
      if (n !== 0xffff) cols.push(n);
    }
    reals.push({ cols, usageMap: s.readUInt32LE(at + 34), root: s.readUInt32LE(at + 38), flags: s[at + 46] });
  }
  const logicals = [];
  for (let i = 0; i < logical; i++, at += 28)
    logicals.push({
      number: s.readUInt32LE(at + 4),
      real: s.readUInt32LE(at + 8),
      cascade: [s[at + 21], s[at + 22]],
      type: s[at + 23],
    });
  const indexes = logicals.map((l) => {
    const n = s.readUInt16LE(at);
    const name = s.subarray(at + 2, at + 2 + n).toString('utf16le');
    at += 2 + n;
    const r = reals[l.real];
    return {
      name,
      number: l.number,
      columns: r.cols,
      flags: r.flags,
      type: l.type,
      root: r.root,
      cascade: l.cascade,
      usageMap: r.usageMap,
    };
  });
  return { kind: String.fromCharCode(s[0x28]), rowCount: s.readUInt32LE(0x10), columns, indexes, indexRowCounts };
}

/** Rows of the data pages a table owns (page type 1, owner = its definition page). */
function rowsOf(file: Buffer, tdefPage: number): { page: number; row: number; bytes: Buffer }[] {
  const rows = [];
  for (let n = 0; n < file.length / PAGE; n++) {
    const p = page(file, n);
    if (p[0] !== 0x01 || p.readUInt32LE(4) !== tdefPage) continue;
    const count = p.readUInt16LE(12);
    for (let r = 0; r < count; r++) {
      const start = p.readUInt16LE(14 + 2 * r);
      const end = r === 0 ? PAGE : p.readUInt16LE(14 + 2 * (r - 1));
      rows.push({ page: n, row: r, bytes: p.subarray(start, end) });
    }
  }
  return rows;
}

/** A variable column's bytes in a Jet 4 row (HACKING.md, "Jet4 Row Definition"). */
function variableValue(row: Buffer, columnCount: number, variableIndex: number): Buffer {
  const mask = Math.ceil(columnCount / 8);
  const end = row.length - mask;
  const count = row.readUInt16LE(end - 2);
  const offset = (i: number) => row.readUInt16LE(end - 4 - 2 * i);
  expect(variableIndex).toBeLessThan(count);
  return row.subarray(offset(variableIndex), offset(variableIndex + 1));
}

/** An LvProp value kept in the row (a 12-byte long-value header, flag 0x80000000), as entries. */
function readProperties(value: Buffer): { object: string; name: string; ddl: number; type: number; value: string }[] {
  expect(value.readUInt32LE(0) >>> 0).toBe((0x80000000 | (value.length - 12)) >>> 0);
  const blob = value.subarray(12);
  expect(blob.subarray(0, 4).toString('latin1')).toBe('MR2\0');
  const names: string[] = [];
  const out = [];
  for (let at = 4; at < blob.length;) {
    const length = blob.readUInt32LE(at);
    const type = blob.readUInt16LE(at + 4);
    const body = blob.subarray(at + 6, at + length);
    if (type === 0x80) {
      for (let p = 0; p < body.length;) {
        const n = body.readUInt16LE(p);
        names.push(body.subarray(p + 2, p + 2 + n).toString('utf16le'));
        p += 2 + n;
      }
    } else {
      const object = body.subarray(6, 6 + body.readUInt16LE(4)).toString('utf16le');
      for (let p = body.readUInt32LE(0); p < body.length; p += body.readUInt16LE(p))
        out.push({
          object,
          name: names[body.readUInt16LE(p + 4)],
          ddl: body[p + 2],
          type: body[p + 3],
          value: body.subarray(p + 8, p + 8 + body.readUInt16LE(p + 6)).toString('utf16le'),
        });
    }
    at += length;
  }
  return out;
}

interface IndexEntry {
  bytes: Buffer;
  page: number;
  row: number;
}

/**
 * Walks an index (HACKING.md, "Indices"): from the root down the first child of each node page to
 * the first leaf, then along the leaves' next pointers. Checks every node entry names a child whose
 * last entry it is, and that the leaves are linked both ways.
 */
function walkIndex(file: Buffer, root: number, owner: number, keyLength?: number): IndexEntry[] {
  const entriesOf = (n: number): Buffer[] => {
    const p = page(file, n);
    expect(p.readUInt32LE(4)).toBe(owner);
    expect(p.readUInt16LE(24)).toBe(0); // no shared prefix
    const out: Buffer[] = [];
    let start = 0;
    for (let bit = 1; bit < 453 * 8; bit++) {
      if (p[27 + (bit >> 3)] & (1 << (bit & 7))) {
        out.push(p.subarray(0x1e0 + start, 0x1e0 + bit));
        start = bit;
      }
    }
    expect(p.readUInt16LE(2)).toBe(PAGE - 0x1e0 - start);
    return out;
  };
  let n = root;
  while (page(file, n)[0] === 0x03) {
    const nodes = entriesOf(n);
    for (const e of nodes) {
      const child = e.readUInt32BE(e.length - 4);
      const childEntries = entriesOf(child);
      const last = childEntries[childEntries.length - 1];
      const childKey = page(file, child)[0] === 0x03 ? last.subarray(0, last.length - 4) : last;
      expect(e.subarray(0, e.length - 4).equals(childKey)).toBe(true);
    }
    n = nodes[0].readUInt32BE(nodes[0].length - 4);
  }
  expect(page(file, n)[0]).toBe(0x04);
  expect(page(file, n).readUInt32LE(12)).toBe(0);
  const entries: IndexEntry[] = [];
  for (let prev = 0; n !== 0; prev = n, n = page(file, n).readUInt32LE(16)) {
    expect(page(file, n)[0]).toBe(0x04);
    expect(page(file, n).readUInt32LE(12)).toBe(prev);
    for (const e of entriesOf(n)) {
      if (keyLength !== undefined && e.length !== keyLength + 4) expect(e.length).toBe(keyLength + 4);
      entries.push({ bytes: e.subarray(0, e.length - 4), page: e.readUIntBE(e.length - 4, 3), row: e[e.length - 1] });
    }
  }
  return entries;
}

const longFromKey = (key: Buffer): number => {
  expect(key[0]).toBe(0x7f);
  const b = Buffer.from(key.subarray(1, 5));
  b[0] ^= 0x80;
  return b.readInt32BE(0);
};

// ---- the tests ------------------------------------------------------------------------------------------

const CREATED = new Date(Date.UTC(2024, 4, 6, 10, 30));

function smallFile(): Buffer {
  const records = Array.from({ length: 50 }, (_, i) => ({
    Cod: i + 1,
    Soname: 'Жұмабаев',
    Name: 'Әлихан',
    Date_rogd: '1970-01-01',
    Dopol2: i % 2 === 0,
  }));
  return writeAppendix1Mdb(records, { createdAt: CREATED });
}

describe('Jet 4 writer: the structures Microsoft writes', () => {
  it('writes page 0 with the values of every Microsoft-made Jet 4 header', () => {
    const p0 = page(smallFile(), 0);
    const clear = rc4([0xc7, 0xda, 0x39, 0x6b], p0.subarray(0x18, 0x98));
    expect(clear.subarray(0, 24).toString('hex')).toBe(MICROSOFT_HEADER_0X18);
    expect(p0.subarray(0x98, 0xa0).toString('hex')).toBe(MICROSOFT_HEADER_0X98);
    expect(p0.subarray(0xa0, 0xe00).every((b) => b === 0)).toBe(true);
    expect(p0.readUInt16LE(0xe00)).toBe(0x101);
    for (let at = 0xe02; at < PAGE; at += 2) expect(p0.readUInt16LE(at)).toBe(0x100);
    // 262 non-zero bytes after the masked section, as in an empty ADOX-made database.
    expect(p0.subarray(0x98).filter((b) => b !== 0).length).toBe(262);
  });

  it('writes each system table with the columns and indexes Microsoft writes, field by field', () => {
    const file = smallFile();
    for (const [name, expected] of Object.entries(MICROSOFT)) {
      const table = parseTdef(file, expected.page);
      expect({ name, kind: table.kind }).toEqual({ name, kind: expected.kind });
      // Access lists the columns by name, whatever their numbers.
      const listed = table.columns.map((c) => c.name);
      expect(listed).toEqual([...listed].sort((a, b) => (a.toUpperCase() < b.toUpperCase() ? -1 : 1)));
      const byNumber = [...table.columns].sort((a, b) => a.number - b.number);
      expect(byNumber.map((c) => c.number)).toEqual(expected.columns.map((_, i) => i));
      expect(
        byNumber.map((c): ColumnFacts => [
          c.name,
          c.type,
          c.length,
          c.flags,
          c.variableIndex,
          c.flags & 0x01 ? c.fixedOffset : 0,
        ]),
      ).toEqual(expected.columns);
      // The collation 09 04 00 00 in every column's misc bytes.
      expect(table.columns.map((c) => [c.name, c.misc])).toEqual(table.columns.map((c) => [c.name, '09040000']));
      expect(
        table.indexes.map(({ name: n, number, columns, flags, type }) => ({ name: n, number, columns, flags, type })),
      ).toEqual(expected.indexes);
      for (const index of table.indexes) expect(index.cascade).toEqual([4, 4]);
      expect(table.indexRowCounts).toEqual(table.indexes.map(() => table.rowCount));
    }
  });

  it('writes the user table as Access does: Yes/No 1 byte at 0, running offset_V, collation, primary key on Cod', () => {
    const file = smallFile();
    const table = parseTdef(file, 8);
    const column = (n: string) => table.columns.find((c) => c.name === n)!;
    expect(table.kind).toBe('N');
    expect(table.columns.map((c) => c.number)).toEqual(table.columns.map((_, i) => i));
    for (const name of ['Dopol1', 'Dopol2', 'Dopol4'])
      expect(column(name)).toMatchObject({ type: BOOL, length: 1, fixedOffset: 0, flags: 0x03 });
    // offset_V of a fixed column: the variable columns numbered before it.
    let variables = 0;
    for (const c of table.columns) {
      expect([c.name, c.variableIndex]).toEqual([c.name, variables]);
      if (!(c.flags & 0x01)) variables++;
    }
    expect(table.columns.every((c) => c.misc === '09040000')).toBe(true);
    expect(column('Cod')).toMatchObject({ type: LONG, flags: 0x07, fixedOffset: 0, length: 4 });
    expect(
      table.indexes.map(({ name, number, columns, flags, type, cascade }) => ({
        name,
        number,
        columns,
        flags,
        type,
        cascade,
      })),
    ).toEqual([{ name: 'PrimaryKey', number: 0, columns: [0], flags: 0x89, type: 1, cascade: [4, 4] }]);
  });

  it("writes MSysObjects' rows and its two indexes over them, encoded as Microsoft encodes them", () => {
    const file = smallFile();
    const catalog = parseTdef(file, 2);
    const rows = rowsOf(file, 2);
    const cols = catalog.columns;
    const fixed = (row: Buffer, name: string, size: 2 | 4) => {
      const c = cols.find((x) => x.name === name)!;
      return size === 4 ? row.readInt32LE(2 + c.fixedOffset) : row.readInt16LE(2 + c.fixedOffset);
    };
    const nameOf = (row: Buffer) =>
      variableValue(row, cols.length, cols.find((c) => c.name === 'Name')!.variableIndex).toString('utf16le');
    const objects = rows.map((r) => [
      fixed(r.bytes, 'Id', 4),
      fixed(r.bytes, 'ParentId', 4),
      nameOf(r.bytes),
      fixed(r.bytes, 'Type', 2),
      fixed(r.bytes, 'Flags', 4),
    ]);
    expect(objects).toEqual([...MICROSOFT_OBJECTS, [8, 0x0f000001, 'Izbirateli', 1, 0]]);

    // Properties (HACKING.md, "Properties"): MSysDb's AccessVersion "08.50" with DDL flag 0, as in
    // Microsoft's files (Jackcess reads it as Access 2000); the dates' Format with DDL flag 1.
    const lvProp = cols.find((c) => c.name === 'LvProp')!.variableIndex;
    const propsOf = (name: string) =>
      readProperties(variableValue(rows[objects.findIndex((o) => o[2] === name)].bytes, cols.length, lvProp));
    expect(propsOf('MSysDb')).toEqual([{ object: '', name: 'AccessVersion', ddl: 0, type: TEXT, value: '08.50' }]);
    const formats = propsOf('Izbirateli');
    expect(formats.map((f) => f.object)).toEqual(['Date_rogd', 'Date_vidach', 'Dopol3']);
    for (const f of formats) expect(f).toMatchObject({ name: 'Format', ddl: 1, type: TEXT, value: 'Short Date' });

    const byPointer = new Map(rows.map((r, i) => [`${r.page}:${r.row}`, objects[i]]));
    const [parentIdName, id] = [...catalog.indexes].sort((a, b) => a.number - b.number);
    const nameEntries = walkIndex(file, parentIdName.root, 2);
    expect(nameEntries.map((e) => byPointer.get(`${e.page}:${e.row}`)![2])).toHaveLength(objects.length);
    const sortedBytes = [...nameEntries].sort((a, b) => Buffer.compare(a.bytes, b.bytes));
    expect(nameEntries).toEqual(sortedBytes);
    for (const e of nameEntries) {
      const name = byPointer.get(`${e.page}:${e.row}`)![2] as string;
      if (MICROSOFT_NAME_KEYS[name]) expect([name, e.bytes.toString('hex')]).toEqual([name, MICROSOFT_NAME_KEYS[name]]);
    }
    // "Izbirateli": i z b i r a t e l i in the General sort order codes, under the Tables container.
    const izbirateli = nameEntries.find((e) => byPointer.get(`${e.page}:${e.row}`)![2] === 'Izbirateli')!;
    expect(izbirateli.bytes.toString('hex')).toBe('7f8f0000017f59784c59694a6d515e590100');

    const idEntries = walkIndex(file, id.root, 2, 5);
    expect(idEntries.map((e) => longFromKey(e.bytes))).toEqual(
      objects.map((o) => o[0] as number).sort((a, b) => a - b),
    );
    for (const e of idEntries) expect(byPointer.get(`${e.page}:${e.row}`)![0]).toBe(longFromKey(e.bytes));
  });

  it('writes the Cod primary key as a B-tree whose leaves list every row in Cod order', () => {
    // Cods out of order (a permutation of even numbers), the first ten null (the AutoNumber gives
    // them 1..10), enough rows for two levels of node pages.
    const count = 120_000;
    const rows: JetValue[][] = Array.from({ length: count }, (_, i) => [
      i < 10 ? null : 1_000_000 + 2 * ((i * 7919) % count),
      i % 2 === 0,
    ]);
    const bytes = writeJet4({
      name: 'Keys',
      columns: [
        { name: 'Cod', type: 'long', autoNumber: true },
        { name: 'Flag', type: 'boolean' },
      ],
      rows,
    });
    const table = parseTdef(bytes, 8);
    expect(table.indexes).toHaveLength(1);
    const root = table.indexes[0].root;
    expect(page(bytes, root)[0]).toBe(0x03);
    // Two levels of node pages above the leaves.
    const firstChild = (n: number) => {
      const p = page(bytes, n);
      return p.readUInt32BE(0x1e0 + 9);
    };
    expect(page(bytes, firstChild(root))[0]).toBe(0x03);
    expect(page(bytes, firstChild(firstChild(root)))[0]).toBe(0x04);

    const entries = walkIndex(bytes, root, 8, 5);
    expect(entries).toHaveLength(count);
    const codAt = new Map(rowsOf(bytes, 8).map((r) => [`${r.page}:${r.row}`, r.bytes.readInt32LE(2)]));
    expect(codAt.size).toBe(count);
    const cods = entries.map((e) => longFromKey(e.bytes));
    for (let i = 1; i < cods.length; i++) if (cods[i] <= cods[i - 1]) expect([i, cods[i]]).toEqual([i, '> previous']);
    entries.forEach((e, i) => {
      if (codAt.get(`${e.page}:${e.row}`) !== cods[i])
        expect([i, codAt.get(`${e.page}:${e.row}`)]).toEqual([i, cods[i]]);
    });
    expect(new Set(cods)).toEqual(new Set(codAt.values()));
  });

  it('keys Cyrillic and Kazakh table names as Access 2000 does, and refuses a name it cannot key', () => {
    const nameKey = (name: string): string => {
      const file = writeJet4({ name, columns: [{ name: 'A', type: 'long' }], rows: [] });
      const catalog = parseTdef(file, 2);
      const root = catalog.indexes.find((i) => i.name === 'ParentIdName')!.root;
      const tables = walkIndex(file, root, 2).filter((e) => e.bytes.subarray(0, 5).toString('hex') === '7f8f000001');
      const rows = rowsOf(file, 2);
      const entry = tables.find(
        (e) => rows.find((r) => r.page === e.page && r.row === e.row)!.bytes.readInt32LE(2) === 8,
      )!;
      return entry.bytes.subarray(5).toString('hex');
    };
    // К е ң ' ' к е с т е: two-byte Cyrillic codes, then the extra code of ң (position 2) after the text.
    expect(nameKey('Кең кесте')).toBe('7f79407936794407794079367949794a79360102020700');
    // Ә and Ө are not in Access 2000's General order: left out of the key; Ё carries an extra code.
    expect(nameKey('ӘӨЁ')).toBe('7f7936011300');
    expect(nameKey('Table_1 2024')).toBe('7f6d4a4c5e512b0338073a363a3e0100');
    // An apostrophe or a hyphen takes Access's "unprintable" codes, which the writer does not make.
    for (const name of ["O'Brien", 'A-B'])
      expect(() => writeJet4({ name, columns: [{ name: 'A', type: 'long' }], rows: [] })).toThrow(
        /table name .* cannot be put in the catalogue's index/,
      );
  });

  it('makes no primary key when the AutoNumber values repeat (a file of bad records), as Access could not', () => {
    const bytes = writeJet4({
      name: 'Dups',
      columns: [{ name: 'Cod', type: 'long', autoNumber: true }],
      rows: [[5], [5], [null]],
    });
    const table = parseTdef(bytes, 8);
    expect(table.indexes).toEqual([]);
    expect(rowsOf(bytes, 8).map((r) => r.bytes.readInt32LE(2))).toEqual([5, 5, 6]);
  });

  it('writes the same bytes for the same input', () => {
    expect(smallFile().equals(smallFile())).toBe(true);
  });
});
