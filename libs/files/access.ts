/**
 * Appendix 1 voter files in MS Access format: .mdb (Jet 3/Jet 4, Access 97 to 2003) and .accdb
 * (ACE, Access 2007 and later). The records come out as the same RawRecord the CSV reader gives
 * (Access hands over numbers, booleans and dates, which the validation in appendix1.ts takes as
 * they are), so both formats share one validation and COPY pipeline.
 *
 * The database is read page by page from its file (access-file.ts), so memory stays bounded
 * whatever its size; every row its table's data pages hold is read. A column whose Access type
 * cannot hold its Appendix 1 field (an attachment, a calculated column, Date/Time Extended, a
 * date kept as Text...) is refused by name before any row is read.
 */
import { open } from 'node:fs/promises';
import type { AccessColumnType, CodedProblem } from '../contracts/problems';
import { AccessFile, AccessFileError, type AccessColumn } from './access-file';
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
/** Table names a refusal lists at most: a database of thirty tables is named by its first few. */
const LISTED_TABLES = 5;

/** Tables a refusal names: the first few, and how many more (only when there are more). */
export function tablesNamed(names: string[]): { tables: string[]; more?: number } {
  const tables = names.slice(0, LISTED_TABLES);
  return names.length > tables.length ? { tables, more: names.length - tables.length } : { tables };
}

/** The reader's failures in plain words. */
function plain(err: unknown): never {
  if (err instanceof AccessReadError) throw err;
  if (err instanceof AccessFileError) {
    if (err.kind === 'password') throw new AccessReadError(problem('access.password', {}));
    if (err.kind === 'unreadable') throw new AccessReadError(problem('access.unreadable', { reason: err.message }));
    if (err.kind === 'compact') throw new AccessReadError(problem('access.compact', {}));
  }
  throw new AccessReadError(problem('access.damaged', {}));
}

/**
 * The table that holds the voters: the only user table of the database, else the one whose
 * columns include Cod and Cod_izber (Appendix 1 names no table; akimats name it as they like).
 */
function voterTable(file: AccessFile): { name: string; columns: AccessColumn[] } {
  const names = file.userTables();
  if (names.length === 0) throw new AccessReadError(problem('access.no-tables', {}));
  if (names.length === 1) return { name: names[0]!, columns: file.columns(names[0]!) };
  // Another table whose definition cannot be read is not the voters' (and is left alone).
  const readable = (name: string) => {
    try {
      return file.columns(name);
    } catch {
      return [];
    }
  };
  const candidates = names
    .map((name) => ({ name, columns: readable(name) }))
    .filter((t) => {
      const columns = new Set(t.columns.map((c) => norm(c.name)));
      return REQUIRED.every((c) => columns.has(norm(c)));
    });
  if (candidates.length === 1) return candidates[0]!;
  const listed = tablesNamed(candidates.length === 0 ? names : candidates.map((c) => c.name));
  throw new AccessReadError(
    candidates.length === 0 ? problem('access.no-voter-table', listed) : problem('access.several-voter-tables', listed),
  );
}

/** The Access types that hold each Appendix 1 type faithfully. */
const STORED_AS: Record<AccessType, AccessColumnType[]> = {
  AutoNumber: ['Number (Long Integer)', 'Number (Integer)'],
  Text: ['Text', 'Memo'],
  'Date/Time': ['Date/Time'],
  'Yes/No': ['Yes/No'],
};

/** Appendix 1 fixes each field's type: a column of another type is named (e.g. a date kept as Text). */
function typeProblems(columns: AccessColumn[]): CodedProblem[] {
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
  /**
   * The rows, each its values in the header's order (a Buffer of a binary column as null), read
   * from the file as they are asked for (each iteration opens and closes it).
   */
  rows(): Generator<RawRecord[string][]>;
}

/**
 * Opens an Access voter file: its voter table, header and column types. Columns are matched to
 * the Appendix 1 field names whatever their letter case, so the validation sees the form's names.
 * The file is closed again at once; rows() reads it anew.
 */
export async function openAccessVoterFile(path: string): Promise<AccessVoterFile> {
  let table: { name: string; columns: AccessColumn[] };
  let file: AccessFile | null = null;
  try {
    file = AccessFile.open(path);
    table = voterTable(file);
  } catch (err) {
    plain(err);
  } finally {
    file?.close();
  }
  const header = table.columns.map((c) => c.name);
  const canonical = new Map(APPENDIX1_FIELDS.map((f) => [norm(f.name), f.name]));
  const keyOf = header.map((c) => canonical.get(norm(c)) ?? c);
  return {
    table: table.name,
    header: keyOf,
    typeProblems: typeProblems(table.columns),
    *rows() {
      let reading: AccessFile | null = null;
      try {
        reading = AccessFile.open(path);
        for (const values of reading.rows(table.name)) {
          for (let i = 0; i < values.length; i++) if (values[i] instanceof Buffer) values[i] = null;
          yield values as RawRecord[string][];
        }
      } catch (err) {
        plain(err);
      } finally {
        reading?.close();
      }
    },
  };
}
