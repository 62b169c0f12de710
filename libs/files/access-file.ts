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
 * Rows are read in batches until the table's data pages are exhausted, never up to the row
 * count the definition declares: real files carry stale counts (a Microsoft-made file declares 3
 * rows and holds 4), and Jackcess and mdbtools read every row the pages hold, as this does.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import MDBReader from 'mdb-reader';
import type { AccessColumnType } from '../contracts/problems';

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
    readonly kind: 'password' | 'unreadable' | 'damaged',
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
 * asked of `page` (which may answer a page it knows is skipped without reading it). Anything else
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
 * mdb-reader reads a batch of rows from an offset by walking the table's data pages from the
 * first, counting each page's records to skip them. Read from the file, that walk would cost a
 * read of every earlier page per batch (quadratic in the table's size). So while a table's rows
 * are read, each data page's record count is kept (live and deleted), and a page the walk passes
 * before the page the previous batch ended on is answered with a page of that header alone: the
 * record count and an offset table, which is all the walk reads of a page it skips.
 */
class SkippedPages {
  /** Per data page: live records << 16 | deleted records. */
  private readonly counts = new Map<number, number>();
  private lastDataPage = -1;
  private resumePage = -1;
  private stub: Buffer;

  constructor(
    private readonly owner: number,
    private readonly pageSize: number,
    /** Where a data page's record count is (HACKING.md, "Data Pages": 8 in Jet 3, 12 in Jet 4). */
    private readonly countAt: number,
  ) {
    this.stub = Buffer.alloc(pageSize);
  }

  /** A batch starts: pages before the one the last batch ended on are skipped whole. */
  nextBatch(): void {
    this.resumePage = this.lastDataPage;
  }

  /** The header-only page for a page being skipped, or null to read it. */
  answer(page: number): Buffer | null {
    if (this.resumePage < 0) return null;
    if (page === this.resumePage) {
      this.resumePage = -1;
      return null;
    }
    const counts = this.counts.get(page);
    if (counts === undefined) return null;
    const live = counts >>> 16;
    const deleted = counts & 0xffff;
    const stub = this.stub;
    stub[0] = 0x01;
    stub.writeUInt32LE(this.owner, 4);
    stub.writeUInt16LE(live + deleted, this.countAt);
    for (let i = 0; i < live + deleted; i++)
      stub.writeUInt16LE(i < live ? this.pageSize - 1 - i : 0x4000, this.countAt + 2 + 2 * i);
    return stub;
  }

  /** A page read from the file: a data page of the table has its records counted. */
  saw(page: number, bytes: Buffer): void {
    if (bytes.length !== this.pageSize || bytes[0] !== 0x01 || bytes.readUInt32LE(4) !== this.owner) return;
    this.lastDataPage = page;
    if (this.counts.has(page)) return;
    const count = bytes.readUInt16LE(this.countAt);
    let deleted = 0;
    for (let i = 0; i < count; i++) if (bytes.readUInt16LE(this.countAt + 2 + 2 * i) & 0x4000) deleted++;
    if (count - deleted < 0x10000 && deleted < 0x10000) this.counts.set(page, ((count - deleted) << 16) | deleted);
  }
}

/** Layout of a table definition, by engine (HACKING.md, "Jet3/Jet4 TDEF Header" and the column blocks). */
const TDEF = {
  jet3: { columnCount: 25, realIndexCount: 31, columnsAt: 43, realIndexSize: 8, columnSize: 18, nameLength: 1 },
  jet4: { columnCount: 45, realIndexCount: 51, columnsAt: 63, realIndexSize: 12, columnSize: 25, nameLength: 2 },
} as const;
/** Extra flags of a Jet 4/ACE column (offset 16): both bits set marks a calculated column (Access 2010). */
const CALCULATED_FLAGS = 0xc0;
const TDEF_PAGE_TYPE = 0x02;
const TABLE_OBJECT = 1;

/** Jet 4 text: UCS-2, or "compressed" (FF FE, then runs of one-byte characters toggled by 00). */
function jet4Text(bytes: Buffer): string {
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

/** Jet 3 keeps names in the database's code page: Windows-1251 for the Cyrillic Windows Access was sold with here. */
const jet3Text = (bytes: Buffer) => new TextDecoder('windows-1251').decode(bytes);

export class AccessFile {
  /** The walk of the table whose rows are being read (rows()), if any. */
  private skipped: SkippedPages | null = null;
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
    const skipped = this.skipped;
    if (!skipped) return null;
    const stub = skipped.answer(n);
    if (stub) return stub;
    const pageSize = this.jet3 ? 2048 : 4096;
    const bytes = readAt(this.fd, this.size, n * pageSize, (n + 1) * pageSize);
    skipped.saw(n, bytes);
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
  private definition(table: string): Buffer {
    const pageSize = this.jet3 ? 2048 : 4096;
    const parts: Buffer[] = [];
    const seen = new Set<number>();
    for (let page = this.definitionPage(table); page > 0;) {
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
    const at = this.jet3 ? TDEF.jet3 : TDEF.jet4;
    const def = this.definition(table);
    try {
      const count = def.readUInt16LE(at.columnCount);
      let entry = at.columnsAt + def.readUInt32LE(at.realIndexCount) * at.realIndexSize;
      let names = entry + count * at.columnSize;
      const columns: (AccessColumn & { index: number })[] = [];
      for (let i = 0; i < count; i++, entry += at.columnSize) {
        const code = def[entry]!;
        const index = this.jet3 ? def[entry + 1]! : def.readUInt16LE(entry + 5);
        const calculated = !this.jet3 && (def[entry + 16]! & CALCULATED_FLAGS) === CALCULATED_FLAGS;
        const length = at.nameLength === 1 ? def[names]! : def.readUInt16LE(names);
        names += at.nameLength;
        const raw = def.subarray(names, names + length);
        if (raw.length !== length) throw new RangeError('name past the definition');
        names += length;
        const name = this.jet3 ? jet3Text(raw) : jet4Text(raw);
        columns.push({ name, code, index, type: calculated ? 'Calculated' : (TYPE_BY_CODE[code] ?? 'unknown') });
      }
      return columns.sort((a, b) => a.index - b.index).map(({ index: _index, ...c }) => c);
    } catch (err) {
      if (err instanceof AccessFileError) throw err;
      throw new AccessFileError('damaged', 'definition');
    }
  }

  /**
   * Every row the table's data pages hold, `batch` rows decoded at a time, whatever row count
   * its definition declares. mdb-reader's raw failures (a RangeError past the end of a cut file)
   * become an AccessFileError 'damaged'.
   */
  *rows(table: string, batch = 20_000): Generator<Record<string, unknown>> {
    let t: ReturnType<MDBReader['getTable']>;
    let dates: string[];
    let owner: number;
    try {
      t = this.reader.getTable(table);
      dates = this.columns(table)
        .filter((c) => c.type === 'Date/Time')
        .map((c) => c.name);
      owner = this.definitionPage(table);
    } catch {
      throw new AccessFileError('damaged', 'table');
    }
    this.skipped = new SkippedPages(owner, this.jet3 ? 2048 : 4096, this.jet3 ? 8 : 12);
    try {
      for (let offset = 0; ; offset += batch) {
        let page: Record<string, unknown>[];
        try {
          this.skipped.nextBatch();
          page = t.getData({ rowOffset: offset, rowLimit: batch });
        } catch {
          throw new AccessFileError('damaged', 'rows');
        }
        for (const row of page) {
          for (const name of dates) if (row[name] instanceof Date) row[name] = accessDateFix(row[name]);
          yield row;
        }
        if (page.length < batch) return;
      }
    } finally {
      this.skipped = null;
    }
  }

  /** The row count the table's definition declares (a progress estimate only: it may be stale). */
  declaredRows(table: string): number {
    return this.reader.getTable(table).rowCount;
  }
}

const MS_PER_DAY = 86_400_000;
/** 1899-12-30, Access's day 0, in Unix milliseconds. */
const ACCESS_DAY_ZERO = -2_209_161_600_000;

/**
 * An Access date before 1899-12-30 is its day counted back from day 0 with the time of day
 * counted forward (-1.25 is 1899-12-29 06:00). mdb-reader 3.2.0 reads the double as one signed
 * count (-1.25 as 1899-12-28 18:00); the instant it gives is mapped back here. No date from
 * 1899-12-30 on is touched, and those before with no time of day come out the same.
 */
export function accessDateFix(value: Date): Date {
  const days = (value.getTime() - ACCESS_DAY_ZERO) / MS_PER_DAY;
  if (!(days < 0) || Number.isInteger(days)) return value;
  const whole = Math.ceil(days);
  return new Date(ACCESS_DAY_ZERO + Math.round((2 * whole - days) * MS_PER_DAY));
}
