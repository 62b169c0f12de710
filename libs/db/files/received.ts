/**
 * What every importer shares: a file from an akimat is first received (kept in the file store
 * under its SHA-256 and recorded in received_file as RECEIVED, whatever comes next), then imported
 * by the worker, which records the verdict (ACCEPTED, or REJECTED with a report) in the same
 * transaction as the staging. A file already decided answers with its recorded verdict.
 */
import type { ZipLimits } from '../../files/xlsx';
import type { ClientBase } from 'pg';
import type { PrismaClient } from '../prisma';
import type { FieldProblem } from '../../files/appendix1';
import type { FileStore, KeptFile } from '../../files/store';

/** The report keeps the first problems in file order; the count covers them all. */
export const MAX_REPORTED_PROBLEMS = 1000;

export type ReceivedFileKind = 'VOTERS' | 'STATIONS' | 'BOUNDARIES';

export interface ReceiveInput {
  fileId: string;
  /** The path of the upload on disk, and the name it was sent under. */
  path: string;
  fileName: string;
  period: string;
  regionCode: string;
  districtId: string;
  uploadedBy: string;
  /** ISO instant of receipt. */
  receivedAt: string;
  /** A station list or boundaries: the voter submission they belong to, when the upload names it. */
  submissionId?: string;
}

export interface ImportOptions {
  onProgress?: (rowsRead: number) => void;
  /** A workbook's central directory limits (TIZIM_XLSX_MAX_PARTS, TIZIM_XLSX_MAX_UNPACKED_MB); the reader's defaults when not given. */
  zipLimits?: ZipLimits;
}

export interface ImportReport {
  file: string;
  sha256: string;
  header: string[];
  problemCount: number;
  /** Each names the row and the field (and, in a voter file, the record's Cod); none echoes the data. */
  problems: FieldProblem[];
}

export type ImportOutcome =
  /** A voter file's staged submission has the file's id; a station list's or boundaries' is the voter submission they joined. */
  | {
      status: 'ACCEPTED';
      fileId: string;
      submissionId: string;
      sha256: string;
      records: number;
      /** A voter file: records staged with problems (findings of the round, not refusals), and those problems. */
      rowsWithProblems?: number;
      recordProblems?: number;
    }
  | { status: 'REJECTED'; fileId: string; sha256: string; records: number; report: ImportReport };

/**
 * Step 1: the upload kept in the store and recorded as RECEIVED (once per file id). `kept`: the
 * store has it already (the API keeps it first, to answer the same bytes with the file received).
 */
export async function receiveFile(
  prisma: PrismaClient,
  store: FileStore,
  input: ReceiveInput,
  kind: ReceivedFileKind = 'VOTERS',
  kept?: KeptFile,
): Promise<KeptFile> {
  if (kind === 'VOTERS' && input.submissionId)
    throw new TypeError('a voter file makes its own submission: it names none');
  kept ??= await store.keep(input.path);
  const { fileId: id, path: _path, ...rest } = input;
  await prisma.receivedFile.upsert({
    where: { id },
    create: {
      id,
      ...rest,
      sha256: kept.sha256,
      kind,
      sizeBytes: BigInt(kept.sizeBytes),
      receivedAt: new Date(input.receivedAt),
    },
    update: {},
  });
  return kept;
}

/** A received file as the importers read it. */
export interface ReceivedRow {
  kind: ReceivedFileKind;
  status: 'RECEIVED' | 'ACCEPTED' | 'REJECTED' | 'FAILED';
  sha256: string;
  records: number;
  report: ImportReport | null;
  submission_id: string | null;
  file_name: string;
  period: string;
  region_code: string;
  district_id: string;
  received_at: Date;
  rows_with_problems: number | null;
  record_problems: number | null;
}

export async function readReceived(client: ClientBase, fileId: string): Promise<ReceivedRow> {
  const found = await client.query<ReceivedRow>(
    'SELECT kind, status, sha256, records, report, submission_id, file_name, period, region_code, district_id, received_at, rows_with_problems, record_problems FROM received_file WHERE id = $1',
    [fileId],
  );
  const file = found.rows[0];
  if (!file) throw new Error(`no received file ${fileId}`);
  return file;
}

/** The recorded verdict of a decided file (a retried job answers with it); null while RECEIVED. */
export function recordedVerdict(fileId: string, file: ReceivedRow): ImportOutcome | null {
  if (file.status === 'ACCEPTED') {
    const problems =
      file.rows_with_problems === null
        ? {}
        : { rowsWithProblems: file.rows_with_problems, recordProblems: file.record_problems ?? 0 };
    return {
      status: 'ACCEPTED',
      fileId,
      submissionId: file.submission_id!,
      sha256: file.sha256,
      records: file.records,
      ...problems,
    };
  }
  if (file.status === 'REJECTED')
    return { status: 'REJECTED', fileId, sha256: file.sha256, records: file.records, report: file.report! };
  return null;
}

/** Problems noted in file order: the first MAX_REPORTED_PROBLEMS kept, all counted. */
export class ProblemList {
  readonly kept: FieldProblem[] = [];
  count = 0;

  note(p: FieldProblem): void {
    this.count += 1;
    if (this.kept.length < MAX_REPORTED_PROBLEMS) this.kept.push(p);
  }
}

/** A report's header, bounded: at most 60 names of at most 60 characters (a header is names, never a file's text). */
const boundedHeader = (header: string[]): string[] =>
  header.slice(0, 60).map((h) => (h.length > 60 ? `${h.slice(0, 59)}…` : h));

/** Records the rejection; the caller has rolled its staging back. */
export async function recordRejection(
  client: ClientBase,
  fileId: string,
  whole: ImportReport,
  rowsRead: number,
  submissionId: string | null = null,
): Promise<ImportOutcome> {
  const report: ImportReport = { ...whole, header: boundedHeader(whole.header) };
  await client.query(
    `UPDATE received_file SET status = 'REJECTED', records = $2, problem_count = $3, report = $4, submission_id = coalesce($5, submission_id), decided_at = now() WHERE id = $1`,
    [fileId, rowsRead, report.problemCount, JSON.stringify(report), submissionId],
  );
  return { status: 'REJECTED', fileId, sha256: report.sha256, records: rowsRead, report };
}
