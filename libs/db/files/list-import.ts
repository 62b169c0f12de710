/**
 * Importing an Appendix 2 station list or an Appendix 3 boundaries file (XLSX or CSV) into the
 * staging tables, all or nothing, beside the voter file they belong to:
 *
 *  1. received like a voter file (libs/db/files/received.ts): kept by SHA-256, recorded as RECEIVED;
 *  2. the submission it joins: the one the upload named, else the district's latest accepted
 *     voter file (Appendix 1) of the period. With none, the file is refused ("upload the voter
 *     file … first"), its rows still checked so the report lists everything at once;
 *  3. the format from the content, not the name: a ZIP ("PK\x03\x04") is read as an .xlsx workbook
 *     (its first worksheet, streamed, once its central directory is within `zipLimits`), an Excel 97-2003 .xls is refused with what to do, anything
 *     else is read as CSV (libs/files/csv.ts);
 *  4. the header found among the first rows (libs/files/list-form.ts), each row validated
 *     (appendix2.ts, appendix3.ts) and, while the file is clean, written by COPY inside one
 *     transaction that first removes the submission's earlier list of the same kind: an accepted
 *     file replaces the one before it, so the act and reconciliation read the current one;
 *  5. any problem and the transaction is rolled back (the earlier list stays), the file REJECTED
 *     with a report naming the file, and the row (the sheet's row number, a CSV's line) and field of
 *     each problem. Clean: ACCEPTED, and voter_submission records the file's name, its record count
 *     and its id.
 *
 * The submission's row is locked for the transaction, so two lists for one submission are staged
 * one after the other. Retrying with the same file id returns the recorded verdict.
 */
import { open } from 'node:fs/promises';
import type { ClientBase } from 'pg';
import { copyRows, type CopyValue } from '../copy';
import type { PrismaClient } from '../prisma';
import type { CodedProblem } from '../../contracts/problems';
import type { FieldProblem } from '../../files/appendix1';
import { APPENDIX2, type StationRecord } from '../../files/appendix2';
import { APPENDIX3, type BoundaryRecord } from '../../files/appendix3';
import { csvRecords, CsvTrouble } from '../../files/csv';
import {
  HEADER_SEARCH_ROWS,
  findHeader,
  isColumnNumbering,
  isPresent,
  recordOf,
  columnLetter,
  type FormHeader,
  type ListForm,
} from '../../files/list-form';
import {
  ProblemList,
  readReceived,
  receiveFile,
  recordedVerdict,
  recordRejection,
  type ImportOptions,
  type ImportOutcome,
  type ImportReport,
  type ReceiveInput,
} from './received';
import { problem } from '../../files/problems';
import type { FileStore } from '../../files/store';
import { UnreadableWorkbook, XLS_MAGIC, XLSX_MAGIC, xlsxRows, type SheetRow, type ZipLimits } from '../../files/xlsx';

/** How a list kind is staged. Table and column names are identifiers from code, never from input. */
interface ListKind<R> {
  form: ListForm<R>;
  /** In plain words, for messages. */
  /** The problem of a file with a header and no rows under it. */
  noRows: 'appendix2.no-rows' | 'appendix3.no-rows';
  table: string;
  columns: readonly string[];
  values: (submissionId: string, row: number, r: R) => CopyValue[];
  /** voter_submission's columns for the file's name, its record count and its id. */
  submission: { file: string; records: string; fileId: string };
}

const STATIONS: ListKind<StationRecord> = {
  form: APPENDIX2,
  noRows: 'appendix2.no-rows',
  table: 'station_file_record',
  columns: [
    'submission_id',
    'row',
    'number',
    'premises',
    'locality',
    'street',
    'house',
    'restricted_access',
    'is_new',
    'abolished',
  ],
  values: (s, row, r) => [
    s,
    row,
    r.number,
    r.premises,
    r.locality,
    r.street,
    r.house,
    r.restrictedAccess,
    r.isNew,
    r.abolished,
  ],
  submission: { file: 'station_file', records: 'station_records', fileId: 'station_file_id' },
};

const BOUNDARIES: ListKind<BoundaryRecord> = {
  form: APPENDIX3,
  noRows: 'appendix3.no-rows',
  table: 'boundary_file_record',
  columns: [
    'submission_id',
    'row',
    'station_number',
    'locality_type',
    'locality',
    'boundaries',
    'address_type',
    'address',
    'house',
  ],
  values: (s, row, r) => [
    s,
    row,
    r.stationNumber,
    r.localityType,
    r.locality,
    r.boundaries,
    r.addressType,
    r.address,
    r.house,
  ],
  submission: { file: 'boundary_file', records: 'boundary_records', fileId: 'boundary_file_id' },
};

export const LIST_KINDS = { STATIONS, BOUNDARIES } as const;
export type ListFileKind = keyof typeof LIST_KINDS;

export type FileFormat = 'xlsx' | 'xls' | 'csv';

/** The format by the file's first bytes: the name an akimat gives a file is not evidence. */
export async function fileFormatOf(path: string): Promise<FileFormat> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead === 4 && head.equals(XLSX_MAGIC)) return 'xlsx';
    if (bytesRead === 4 && head.equals(XLS_MAGIC)) return 'xls';
    return 'csv';
  } finally {
    await handle.close();
  }
}

/** Trouble reading the file as a whole (not a row's data); its message is plain and echoes nothing. */
class FileTrouble extends Error {
  constructor(
    readonly problem: CodedProblem,
    readonly row: number,
  ) {
    super(problem.message);
  }
}

/** The rows of the sheet (XLSX) or the CSV, with the row number a person sees. */
async function* sheetRows(path: string, format: FileFormat, limits?: ZipLimits): AsyncGenerator<SheetRow> {
  if (format === 'xls') throw new FileTrouble(problem('xlsx.xls', {}), 0);
  if (format === 'xlsx') {
    try {
      yield* xlsxRows(path, { limits });
    } catch (err) {
      if (err instanceof UnreadableWorkbook) throw new FileTrouble(err.problem, err.row);
      throw err;
    }
    return;
  }
  let line = 0;
  try {
    for await (const r of csvRecords(path)) {
      line = r.line;
      yield r;
    }
  } catch (err) {
    if (err instanceof CsvTrouble) throw new FileTrouble(err.explain('first-row'), err.line ?? line + 1);
    throw err;
  }
}

/** Receives and imports a station list or boundaries file in one go (the worker's job does step 2 alone). */
export async function importListFile(
  prisma: PrismaClient,
  client: ClientBase,
  store: FileStore,
  kind: ListFileKind,
  input: ReceiveInput & ImportOptions,
): Promise<ImportOutcome> {
  const { onProgress, ...received } = input;
  await receiveFile(prisma, store, received, kind);
  return importReceivedListFile(client, store, input.fileId, { onProgress });
}

/**
 * Step 2: validates and stages a RECEIVED station list or boundaries file; a file already decided
 * answers with its verdict (a retried job changes nothing).
 */
export async function importReceivedListFile(
  client: ClientBase,
  store: FileStore,
  fileId: string,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const file = await readReceived(client, fileId);
  const verdict = recordedVerdict(fileId, file);
  if (verdict) return verdict;
  if (file.kind === 'VOTERS') throw new Error(`received file ${fileId} is a voter file, not a list`);
  return stage(client, store, fileId, file, LIST_KINDS[file.kind] as ListKind<unknown>, options);
}

async function stage<R>(
  client: ClientBase,
  store: FileStore,
  fileId: string,
  file: Awaited<ReturnType<typeof readReceived>>,
  kind: ListKind<R>,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const path = store.pathOf(file.sha256);
  const problems = new ProblemList();
  const note = (p: FieldProblem) => problems.note(p);
  const fileProblem = (row: number, p: CodedProblem) => note({ cod: null, row, field: '(file)', ...p });
  let headerNames: string[] = [];
  let rowsRead = 0;
  const firstSeen = kind.form.fileCheck();

  /** The data rows under the header, with it; the header's problems noted when none is found. */
  async function* dataRows(): AsyncGenerator<{ row: SheetRow; header: FormHeader }> {
    const rows = sheetRows(path, await fileFormatOf(path), options.zipLimits);
    try {
      const head: SheetRow[] = [];
      while (head.length < HEADER_SEARCH_ROWS) {
        const next = await rows.next();
        if (next.done) break;
        if (next.value.cells.some(isPresent)) head.push(next.value);
      }
      const search = findHeader(
        kind.form,
        head.map((r) => r.cells),
      );
      if (!search.found) {
        // No header was found: the first rows may be anyone's data, so none of it goes into the report.
        headerNames = [];
        for (const p of search.problems) note({ cod: null, row: 0, field: '(header)', ...p });
        return;
      }
      headerNames = search.header.names;
      const rest = async function* () {
        yield* head.slice(search.index + search.span);
        for (let next = await rows.next(); !next.done; next = await rows.next()) yield next.value;
      };
      let underHeader = true;
      for await (const row of rest()) {
        if (!row.cells.some(isPresent)) continue;
        // A row of column numbers right under the header is part of the form, not a record.
        const numbering = underHeader && isColumnNumbering(row.cells);
        underHeader = false;
        if (!numbering) yield { row, header: search.header };
      }
    } catch (err) {
      if (!(err instanceof FileTrouble)) throw err;
      fileProblem(err.row, err.problem);
    } finally {
      await rows.return(undefined);
    }
  }

  // Valid rows while the file is clean, in COPY's order; validation goes on to the end either way.
  async function* rows(submissionId: string | null): AsyncGenerator<readonly CopyValue[]> {
    for await (const { row, header } of dataRows()) {
      const { record, stray } = recordOf(header, row.cells);
      if (kind.form.skip?.(record, header)) continue;
      rowsRead += 1;
      if (rowsRead % 10_000 === 0) options.onProgress?.(rowsRead);
      for (const i of stray)
        note({
          cod: null,
          row: row.line,
          field: `(column ${columnLetter(i)})`,
          ...problem('list.unnamed-column', { column: columnLetter(i) }),
        });
      const checked = kind.form.validate(record, row.line);
      if ('problems' in checked) checked.problems.forEach(note);
      const repeated = firstSeen(record, 'record' in checked ? checked.record : null, row.line);
      if (repeated) note(repeated);
      if (!('record' in checked) || repeated || problems.count > 0 || submissionId === null) continue;
      yield kind.values(submissionId, row.line, checked.record);
    }
  }

  await client.query('BEGIN');
  try {
    // The submission joined, locked until commit: lists for one submission are staged in turn.
    const named = file.submission_id;
    const found = await client.query<{ id: string }>(
      named
        ? 'SELECT id FROM voter_submission WHERE id = $3::uuid AND period = $1 AND district_id = $2 FOR UPDATE'
        : 'SELECT id FROM voter_submission WHERE period = $1 AND district_id = $2 ORDER BY received_at DESC, id DESC LIMIT 1 FOR UPDATE',
      named ? [file.period, file.district_id, named] : [file.period, file.district_id],
    );
    const submissionId = found.rows[0]?.id ?? null;
    if (submissionId === null) {
      const at = { district: file.district_id, period: file.period };
      fileProblem(0, named ? problem('list.submission-not-voter-file', at) : problem('list.no-voter-file', at));
    }
    let written = 0;
    if (submissionId !== null) {
      await client.query(`DELETE FROM ${kind.table} WHERE submission_id = $1`, [submissionId]);
      written = await copyRows(client, kind.table, kind.columns, rows(submissionId));
    } else {
      for await (const _ of rows(null)) void _;
    }
    options.onProgress?.(rowsRead);
    if (problems.count === 0 && rowsRead === 0) fileProblem(0, problem(kind.noRows, { appendix: kind.form.appendix }));
    if (problems.count > 0) {
      await client.query('ROLLBACK');
      const report: ImportReport = {
        file: file.file_name,
        sha256: file.sha256,
        header: headerNames,
        problemCount: problems.count,
        problems: problems.kept,
      };
      return await recordRejection(client, fileId, report, rowsRead, submissionId);
    }
    const s = kind.submission;
    await client.query(
      `UPDATE voter_submission SET ${s.file} = $2, ${s.records} = $3, ${s.fileId} = $4 WHERE id = $1`,
      [submissionId, file.file_name, written, fileId],
    );
    await client.query(
      `UPDATE received_file SET status = 'ACCEPTED', records = $2, submission_id = $3, decided_at = now() WHERE id = $1`,
      [fileId, written, submissionId],
    );
    await client.query('COMMIT');
    return { status: 'ACCEPTED', fileId, submissionId: submissionId!, sha256: file.sha256, records: written };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
