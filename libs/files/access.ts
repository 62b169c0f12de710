/**
 * Appendix 1 voter files in MS Access format: .mdb (Jet 3/Jet 4, Access 97 to 2003) and .accdb
 * (ACE, Access 2007 and later), read with mdb-reader. The records come out as the same RawRecord
 * the CSV reader gives (Access hands over numbers, booleans and dates, which the validation in
 * appendix1.ts takes as they are), so both formats share one validation and COPY pipeline.
 *
 * mdb-reader parses from one Buffer, so an Access file is held in memory whole while it is read
 * (its size is bounded by the upload limit, TIZIM_UPLOAD_MAX_MB); the rows are decoded a page at a
 * time, so the decoded records stay bounded however long the table.
 */
import { open, readFile } from 'node:fs/promises';
import MDBReader, { type ColumnType } from 'mdb-reader';
import type { CodedProblem } from '../contracts/problems';
import { APPENDIX1_FIELDS, type AccessType, type RawRecord } from './appendix1';
import { problem } from './problems';

/** What the file's first bytes say it is: Access databases name their engine at offset 4. */
export type VoterFileFormat = 'access' | 'text';

export async function voterFileFormat(path: string): Promise<VoterFileFormat> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(20);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const engine = head.subarray(4, Math.min(bytesRead, 19)).toString('latin1');
    return engine === 'Standard Jet DB' || engine === 'Standard ACE DB' ? 'access' : 'text';
  } finally {
    await handle.close();
  }
}

/** A file that cannot be read as an Appendix 1 database, in plain words (no data from the file). */
export class AccessReadError extends Error {
  constructor(
    readonly problem: CodedProblem,
    readonly field = '(file)',
  ) {
    super(problem.message);
    this.name = 'AccessReadError';
  }
}

const REQUIRED = ['Cod', 'Cod_izber'];
const norm = (name: string) => name.trim().toLowerCase();

/**
 * The table that holds the voters: the only table of the database, else the one whose columns
 * include Cod and Cod_izber (Appendix 1 names no table; akimats name it as they like).
 */
function voterTable(reader: MDBReader): string {
  const names = reader.getTableNames();
  if (names.length === 0) throw new AccessReadError(problem('access.no-tables', {}));
  if (names.length === 1) return names[0]!;
  const candidates = names.filter((n) => {
    const columns = new Set(reader.getTable(n).getColumnNames().map(norm));
    return REQUIRED.every((c) => columns.has(norm(c)));
  });
  if (candidates.length === 1) return candidates[0]!;
  throw new AccessReadError(
    candidates.length === 0
      ? problem('access.no-voter-table', { tables: names })
      : problem('access.several-voter-tables', { tables: candidates }),
  );
}

function opened(buffer: Buffer): MDBReader {
  let reader: MDBReader;
  try {
    reader = new MDBReader(buffer);
    reader.getTableNames();
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (/password/i.test(why)) throw new AccessReadError(problem('access.password', {}));
    throw new AccessReadError(problem('access.unreadable', { reason: why }));
  }
  if (reader.getPassword()) throw new AccessReadError(problem('access.password', {}));
  return reader;
}

/** A database whose pages cannot be read to the end (cut short, or damaged inside). */
const damaged = () => new AccessReadError(problem('access.damaged', {}));

/** The Access column types that hold each Appendix 1 type faithfully. */
const STORED_AS: Record<AccessType, ColumnType[]> = {
  AutoNumber: ['long', 'integer'],
  Text: ['text', 'memo'],
  'Date/Time': ['datetime'],
  'Yes/No': ['boolean'],
};

/** Appendix 1 fixes each field's type: a column of another type is named (e.g. a date kept as Text). */
function typeProblems(columns: { name: string; type: ColumnType }[]): CodedProblem[] {
  const byName = new Map(columns.map((c) => [norm(c.name), c]));
  const problems: CodedProblem[] = [];
  for (const f of APPENDIX1_FIELDS) {
    const column = byName.get(norm(f.name));
    if (column && !STORED_AS[f.type].includes(column.type))
      problems.push(problem('access.column-type', { column: f.name, type: column.type, expected: f.type }));
  }
  return problems;
}

export interface AccessVoterFile {
  table: string;
  /** The table's column names, as the header of the file. */
  header: string[];
  /** Columns whose Access type is not the one Appendix 1 gives the field. */
  typeProblems: CodedProblem[];
  rowCount: number;
  records(): Generator<RawRecord>;
}

/** Rows decoded per mdb-reader call: each call skips the pages before its offset by their headers alone. */
const PAGE_ROWS = 20_000;

/**
 * Opens an Access voter file: its voter table, header and rows. Columns are matched to the
 * Appendix 1 field names whatever their letter case, so the validation sees the form's names.
 */
export async function openAccessVoterFile(path: string): Promise<AccessVoterFile> {
  const reader = opened(await readFile(path));
  let name: string;
  let table: ReturnType<MDBReader['getTable']>;
  let header: string[];
  let columns: { name: string; type: ColumnType }[];
  try {
    name = voterTable(reader);
    table = reader.getTable(name);
    header = table.getColumnNames();
    columns = table.getColumns();
  } catch (err) {
    if (err instanceof AccessReadError) throw err;
    throw damaged();
  }
  const canonical = new Map(APPENDIX1_FIELDS.map((f) => [norm(f.name), f.name]));
  const keyOf = header.map((c) => canonical.get(norm(c)) ?? c);
  return {
    table: name,
    header: keyOf,
    typeProblems: typeProblems(columns),
    rowCount: table.rowCount,
    *records() {
      for (let offset = 0; offset < table.rowCount; offset += PAGE_ROWS) {
        let page: ReturnType<typeof table.getData>;
        try {
          page = table.getData({ rowOffset: offset, rowLimit: PAGE_ROWS });
        } catch {
          // mdb-reader fails raw (a RangeError past the end of a cut file): said in plain words.
          throw damaged();
        }
        for (const row of page) {
          const record: RawRecord = {};
          for (let i = 0; i < header.length; i++) {
            const v = row[header[i]!];
            record[keyOf[i]!] = v instanceof Buffer ? null : (v as RawRecord[string]);
          }
          yield record;
        }
        if (page.length < PAGE_ROWS) break;
      }
    },
  };
}
