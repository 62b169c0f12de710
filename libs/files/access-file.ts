/**
 * An MS Access database read page by page from its file, never held whole in memory.
 *
 * mdb-reader (the maintained reader of Jet 3, Jet 4 and ACE files) takes "a Buffer", but reads it
 * in few ways: the first page's bytes, its length, and page-sized slices (Database.getPage). So
 * it is given a view of the file that answers those from the file handle: each slice is read
 * from the file when asked for, and dropped with the rows decoded from it. Peak memory is then
 * the pages of one batch of rows, not the file (an .mdb of 1.5 million voters is 363 MB).
 *
 * Column definitions are read here from the table's definition (TDEF) pages, as mdbtools'
 * HACKING.md describes them ("TDEF (Table Definition) Pages": Jet 3 columns of 18 bytes, Jet 4
 * and ACE columns of 25), rather than through mdb-reader: mdb-reader throws "Unsupported column
 * type" for a type code it does not know, before any name can be said, and does not report the
 * calculated flag of Access 2010 (the 0xC0 bits of the extra flags byte at offset 16, as
 * Jackcess's format notes give it). Knowing each column's real type, a table with a column that
 * cannot hold Appendix 1 data is refused by name before a row is read.
 *
 * Rows are read from every data page the table's usage map lists, never up to the row count the
 * definition declares: real files carry stale counts (a Microsoft-made file declares 3 rows and
 * holds 4), and Jackcess and mdbtools read every row the pages hold, as this does. Jet 4 and ACE
 * rows (Access 2000 and later) are decoded here a page at a time (jet-rows.ts: deleted rows
 * skipped, moved rows followed, which mdb-reader 3.2.0 gets the wrong way round); Access 97's
 * Jet 3 rows by mdb-reader in batches, and a Jet 3 table holding deleted or moved rows is
 * refused with the advice to compact it, rather than read with its deleted voters.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import MDBReader from 'mdb-reader';
import type { AccessColumnType } from '../contracts/problems';
import { accessDateOf, accessDays, jet4Rows, jet4Text, JetRowError, type JetColumnLayout } from './jet-rows';

/** Access's type of each type code of a column definition (HACKING.md's table; 0x12-0x14 as Jackcess's DataType gives them). */
const TYPE_BY_CODE: Record<number, AccessColumnType> = {
  0x01: 'Yes/No',
  0x02: 'Number (Byte)',
  0x03: 'Number (Integer)',
  0x04: 'Number (Long Integer)',
  0x05: 'Currency',
  0x06: 'Number (Single)',
  0x07: 'Number (Double)',
  0x08: 'Date/Time',
  0x09: 'Binary',
  0x0a: 'Text',
  0x0b: 'OLE Object',
  0x0c: 'Memo',
  0x0f: 'Replication ID',
  0x10: 'Number (Decimal)',
  0x12: 'Attachment or multiple values',
  0x13: 'Large Number',
  0x14: 'Date/Time Extended',
};

export interface AccessColumn {
  name: string;
  /** Its type as Access names it; 'Calculated' for a calculated column whatever its result type. */
  type: AccessColumnType;
  /** The type code as stored (for a type this code does not know). */
  code: number;
}

/** Why a database cannot be read, without any of its data. */
export class AccessFileError extends Error {
  constructor(
    /** `compact`: an Access 97 table holds deleted or moved rows (Compact and Repair removes them). */
    readonly kind: 'password' | 'unreadable' | 'damaged' | 'compact',
    reason: string,
  ) {
    super(reason);
    this.name = 'AccessFileError';
  }
}

/** Reads [start, end) of the file, clamped to its size, as Buffer.slice would of the whole file. */
function readAt(fd: number, size: number, start: number, end: number): Buffer {
  const from = Math.max(0, Math.min(start, size));
  const to = Math.max(from, Math.min(end, size));
  const out = Buffer.allocUnsafe(to - from);
  let done = 0;
  while (done < out.length) {
    const n = readSync(fd, out, done, out.length - done, from + done);
    if (n === 0) break;
    done += n;
  }
  return done === out.length ? out : out.subarray(0, done);
}

/**
 * The file as mdb-reader reads "its Buffer": indexing (the page type and version bytes of the
 * first page), length, slice/subarray and copy, each answered from the file; a whole page is
 * asked of `page` first (which reads it when it wants to look at it on the way). Anything else
 * mdb-reader might ask in a later version is refused loudly rather than answered wrongly.
 */
function fileAsBuffer(fd: number, size: number, page: (n: number) => Buffer | null): Buffer {
  const head = readAt(fd, size, 0, 4096);
  const pageSize = head[0x14] === 0 ? 2048 : 4096;
  const slice = (start = 0, end = size) => {
    const from = start < 0 ? size + start : start;
    const to = end < 0 ? size + end : end;
    if (to - from === pageSize && from % pageSize === 0) {
      const known = page(from / pageSize);
      if (known) return known;
    }
    return readAt(fd, size, from, to);
  };
  const view: Record<string, unknown> = {
    length: size,
    slice,
    subarray: slice,
    copy(target: Buffer, targetStart = 0, sourceStart = 0, sourceEnd = size) {
      return readAt(fd, size, sourceStart, sourceEnd).copy(target, targetStart);
    },
  };
  return new Proxy(view, {
    get(target, key) {
      if (typeof key === 'string' && /^\d+$/.test(key)) {
        const at = Number(key);
        return at < head.length ? head[at] : readAt(fd, size, at, at + 1)[0];
      }
      if (key in target) return target[key as string];
      throw new Error(`the Access reader asked the file for "${String(key)}", which the paged view does not give`);
    },
  }) as unknown as Buffer;
}

/**
 * The rows of an Access 97 table are read by mdb-reader, which takes the row flags the wrong way
 * round (jet-rows.ts). The data pages it reads are watched here: a row of the table flagged
 * deleted (0x8000) or moved (0x4000) makes the file refused with the advice to compact it.
 */
class FlaggedRows {
  flagged = false;

  constructor(private readonly owner: number) {}

  /** A page read from the file (Jet 3 data page: owner at 4, row count at 8, offsets from 10). */
  saw(bytes: Buffer): void {
    if (bytes.length !== 2048 || bytes[0] !== 0x01 || bytes.readUInt32LE(4) !== this.owner) return;
    const count = bytes.readUInt16LE(8);
    for (let i = 0; i < count && 10 + 2 * i + 2 <= bytes.length; i++)
      if (bytes.readUInt16LE(10 + 2 * i) & 0xc000) this.flagged = true;
  }
}

/** Layout of a table definition, by engine (HACKING.md, "Jet3/Jet4 TDEF Header" and the column blocks). */
const TDEF = {
  jet3: {
    varCount: 23,
    columnCount: 25,
    realIndexCount: 31,
    usedPages: 35,
    columnsAt: 43,
    realIndexSize: 8,
    columnSize: 18,
    nameLength: 1,
  },
  jet4: {
    varCount: 43,
    columnCount: 45,
    realIndexCount: 51,
    usedPages: 55,
    columnsAt: 63,
    realIndexSize: 12,
    columnSize: 25,
    nameLength: 2,
  },
} as const;
/** Extra flags of a Jet 4/ACE column (offset 16): both bits set marks a calculated column (Access 2010). */
const CALCULATED_FLAGS = 0xc0;
const TDEF_PAGE_TYPE = 0x02;
const TABLE_OBJECT = 1;

/** Jet 3 keeps names in the database's code page: Windows-1251 for the Cyrillic Windows Access was sold with here. */
const jet3Text = (bytes: Buffer) => new TextDecoder('windows-1251').decode(bytes);

export class AccessFile {
  /** The watch over an Access 97 table's pages while mdb-reader reads its rows. */
  private watch: FlaggedRows | null = null;
  private readonly jet3: boolean;
  readonly reader: MDBReader;

  private constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {
    // The engine's version byte (HACKING.md, "Database Definition Page"): 0 is Jet 3, 2 KB pages.
    this.jet3 = readAt(fd, size, 0x14, 0x15)[0] === 0;
    this.reader = new MDBReader(fileAsBuffer(fd, size, (n) => this.page(n)));
  }

  private page(n: number): Buffer | null {
    if (!this.watch) return null;
    const pageSize = this.jet3 ? 2048 : 4096;
    const bytes = readAt(this.fd, this.size, n * pageSize, (n + 1) * pageSize);
    this.watch.saw(bytes);
    return bytes;
  }

  /**
   * Opens the database at `path` (close() it after). A database with a password, or one that is
   * not an Access database mdb-reader can open, is an AccessFileError.
   */
  static open(path: string): AccessFile {
    const fd = openSync(path, 'r');
    try {
      let file: AccessFile;
      try {
        file = new AccessFile(fd, fstatSync(fd).size);
        file.reader.getTableNames();
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        if (/password/i.test(why)) throw new AccessFileError('password', why);
        throw new AccessFileError('unreadable', why);
      }
      if (file.reader.getPassword()) throw new AccessFileError('password', 'the database has a password');
      return file;
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /**
   * The user's tables: neither system tables by their flags nor by Access's MSys prefix (a
   * compacted file's MSysCompactError carries no system flag), nor linked tables.
   */
  userTables(): string[] {
    return this.reader.getTableNames().filter((n) => !/^msys/i.test(n));
  }

  /** The table's first definition page, from the catalog (MSysObjects' Id; HACKING.md, "System Table"). */
  private definitionPage(table: string): number {
    const objects = this.reader.getTable('MSysObjects').getData({ columns: ['Id', 'Name', 'Type'] });
    const entry = objects.find((o) => o.Name === table && (Number(o.Type) & 0x7f) === TABLE_OBJECT);
    if (!entry) throw new AccessFileError('damaged', `no catalog entry for a table`);
    return Number(entry.Id) & 0x00ffffff;
  }

  /** The definition's pages joined: each continuation page adds its bytes after its 8-byte header. */
  private definition(first: number): Buffer {
    const pageSize = this.jet3 ? 2048 : 4096;
    const parts: Buffer[] = [];
    const seen = new Set<number>();
    for (let page = first; page > 0;) {
      if (seen.has(page) || (page + 1) * pageSize > this.size) throw new AccessFileError('damaged', 'definition');
      seen.add(page);
      const bytes = readAt(this.fd, this.size, page * pageSize, (page + 1) * pageSize);
      if (bytes[0] !== TDEF_PAGE_TYPE) throw new AccessFileError('damaged', 'definition');
      parts.push(parts.length === 0 ? bytes : bytes.subarray(8));
      page = bytes.readUInt32LE(4);
    }
    return Buffer.concat(parts);
  }

  /** The table's columns in their order, each with its real Access type. */
  columns(table: string): AccessColumn[] {
    return this.layout(table).columns.map(({ name, type, code }) => ({ name, type, code }));
  }

  /**
   * The table's definition as the rows need it: each column's type, number, and place in a row
   * (HACKING.md's column blocks: Jet 4 type 0, number 5, variable index 7, flags 15, extra flags
   * 16, fixed offset 21, length 23), the number of variable columns, and the usage map's pointer.
   */
  private layout(table: string): {
    owner: number;
    columns: (AccessColumn & JetColumnLayout)[];
    variableColumns: number;
    usedPages: number;
  } {
    const at = this.jet3 ? TDEF.jet3 : TDEF.jet4;
    const owner = this.definitionPage(table);
    const def = this.definition(owner);
    try {
      const count = def.readUInt16LE(at.columnCount);
      let entry = at.columnsAt + def.readUInt32LE(at.realIndexCount) * at.realIndexSize;
      let names = entry + count * at.columnSize;
      const columns: (AccessColumn & JetColumnLayout)[] = [];
      for (let i = 0; i < count; i++, entry += at.columnSize) {
        const code = def[entry]!;
        const calculated = !this.jet3 && (def[entry + 16]! & CALCULATED_FLAGS) === CALCULATED_FLAGS;
        const length = at.nameLength === 1 ? def[names]! : def.readUInt16LE(names);
        names += at.nameLength;
        const raw = def.subarray(names, names + length);
        if (raw.length !== length) throw new RangeError('name past the definition');
        names += length;
        columns.push({
          name: this.jet3 ? jet3Text(raw) : jet4Text(raw),
          code,
          type: calculated ? 'Calculated' : (TYPE_BY_CODE[code] ?? 'unknown'),
          index: this.jet3 ? def[entry + 1]! : def.readUInt16LE(entry + 5),
          varIndex: this.jet3 ? def.readUInt16LE(entry + 3) : def.readUInt16LE(entry + 7),
          fixed: ((this.jet3 ? def[entry + 13]! : def[entry + 15]!) & 0x01) !== 0,
          fixedOffset: this.jet3 ? def.readUInt16LE(entry + 14) : def.readUInt16LE(entry + 21),
          length: this.jet3 ? def.readUInt16LE(entry + 16) : def.readUInt16LE(entry + 23),
        });
      }
      return {
        owner,
        columns: columns.sort((a, b) => a.index - b.index),
        variableColumns: def.readUInt16LE(at.varCount),
        usedPages: def.readUInt32LE(at.usedPages),
      };
    } catch (err) {
      if (err instanceof AccessFileError) throw err;
      throw new AccessFileError('damaged', 'definition');
    }
  }

  /**
   * Every live row the table's data pages hold, as its values in the order of columns(), whatever
   * row count its definition declares. A
   * failure inside the file (a page past the end of a cut file, bounds that do not hold) is an
   * AccessFileError 'damaged', never a raw error.
   */
  *rows(table: string, batch = 20_000): Generator<unknown[]> {
    let layout: ReturnType<AccessFile['layout']>;
    try {
      layout = this.layout(table);
    } catch {
      throw new AccessFileError('damaged', 'table');
    }
    if (this.jet3) {
      yield* this.jet3Rows(table, layout, batch);
      return;
    }
    const read = (n: number) => {
      const bytes = readAt(this.fd, this.size, n * 4096, (n + 1) * 4096);
      if (bytes.length !== 4096) throw new AccessFileError('damaged', 'page past the end');
      return bytes;
    };
    try {
      yield* jet4Rows(read, layout.owner, layout.usedPages, layout.columns, layout.variableColumns);
    } catch (err) {
      if (err instanceof JetRowError || err instanceof RangeError) throw new AccessFileError('damaged', err.message);
      throw err;
    }
  }

  /** Access 97 rows through mdb-reader, `batch` at a time; refused when the table holds deleted or moved rows. */
  private *jet3Rows(table: string, layout: ReturnType<AccessFile['layout']>, batch: number): Generator<unknown[]> {
    let t: ReturnType<MDBReader['getTable']>;
    try {
      t = this.reader.getTable(table);
    } catch {
      throw new AccessFileError('damaged', 'table');
    }
    const names = layout.columns.map((c) => c.name);
    const watch = new FlaggedRows(layout.owner);
    this.watch = watch;
    try {
      // Each batch walks the pages from the first (mdb-reader's paging): quadratic in the table's
      // size, which Access 97's 1 GB limit and the rarity of such files today keep affordable.
      for (let offset = 0; ; offset += batch) {
        let page: Record<string, unknown>[];
        try {
          page = t.getData({ rowOffset: offset, rowLimit: batch });
        } catch {
          throw new AccessFileError('damaged', 'rows');
        }
        if (watch.flagged) throw new AccessFileError('compact', 'deleted or moved rows');
        for (const row of page)
          yield names.map((name) => {
            const v = row[name];
            return v instanceof Date ? accessDateFix(v) : v;
          });
        if (page.length < batch) return;
      }
    } finally {
      this.watch = null;
    }
  }

  /** The row count the table's definition declares (a progress estimate only: it may be stale). */
  declaredRows(table: string): number {
    return this.reader.getTable(table).rowCount;
  }
}

/**
 * An Access date before 1899-12-30 is its day counted back from day 0 with the time of day
 * counted forward (-1.25 is 1899-12-29 06:00). mdb-reader 3.2.0 reads the double as one signed
 * count (-1.25 as 1899-12-28 18:00); the instant it gives is mapped back here. No date from
 * 1899-12-30 on is touched, and those before with no time of day come out the same.
 */
export function accessDateFix(value: Date): Date {
  return accessDateOf(accessDays(value));
}
