/**
 * Importing an Appendix 1 voter file (CSV, or MS Access .mdb/.accdb read by ./access.ts) into the
 * staging tables reconciliation reads, all or nothing:
 *
 *  1. the original goes into the file store under its SHA-256 (kept whatever the verdict), and a
 *     received_file row records it;
 *  2. one pass streams the rows: each is validated (libs/files/appendix1.ts) and, while the file is
 *     clean, written by COPY inside a transaction, in bounded memory;
 *  3. any problem and the transaction is rolled back: nothing of the file is staged, and the file is
 *     REJECTED with a report naming the file, the row (Cod) and the field of each problem. A clean
 *     file is committed with its voter_submission and ACCEPTED.
 *
 * Retrying with the same file id returns the recorded verdict.
 */
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import type { ClientBase } from 'pg';
import { copyRows, type CopyValue } from '../db/copy';
import type { PrismaClient } from '../db/prisma';
import { AccessReadError, openAccessVoterFile, voterFileFormat, type AccessVoterFile } from './access';
import { headerProblems, validateVoterRecord, type FieldProblem, type RawRecord } from './appendix1';
import type { FileStore, KeptFile } from './store';

/** The report keeps the first problems in file order; the count covers them all. */
export const MAX_REPORTED_PROBLEMS = 1000;

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
}

export interface ImportOptions {
  /** The Almaty date that bounds the record dates. */
  today: string;
  onProgress?: (rowsRead: number) => void;
}

export type VoterImportInput = ReceiveInput & ImportOptions;

export interface ImportReport {
  file: string;
  sha256: string;
  header: string[];
  problemCount: number;
  problems: FieldProblem[];
}

export type ImportOutcome =
  /** The staged submission has the file's id. */
  | { status: 'ACCEPTED'; fileId: string; submissionId: string; sha256: string; records: number }
  | { status: 'REJECTED'; fileId: string; sha256: string; records: number; report: ImportReport };

const STAGING_COLUMNS = [
  'submission_id', 'cod', 'iin', 'surname', 'first_name', 'patronymic', 'station_code', 'okg_r', 'okg_ob', 'okg_rai', 'obl', 'rai',
  'birth_date', 'nationality', 'sex', 'locality', 'street', 'house', 'building', 'apartment', 'document_number', 'document_issued_on',
  'note', 'changed', 'deleted', 'changed_on', 'added',
] as const;

/** Bytes to text in the file's encoding, chunk by chunk (a character may span two chunks). */
function decoder(encoding: string): Transform {
  const d = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, d.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, d.decode());
    },
  });
}

/** What a CSV error means, in plain words and without the text it stumbled on (it may be personal data). */
function csvTrouble(code: string, columns: number): string {
  if (code.startsWith('CSV_RECORD_INCONSISTENT')) return `the row does not have the header's ${columns} fields`;
  if (/QUOTE/.test(code)) return 'a quotation mark is misplaced or never closed';
  return `the text is not valid CSV (${code})`;
}

/** 'utf-8' when the file is valid UTF-8, else 'windows-1251' (what Russian-locale Excel and Access write). */
async function textEncodingOf(path: string): Promise<'utf-8' | 'windows-1251'> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path)) utf8.decode(chunk as Buffer, { stream: true });
    utf8.decode();
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

/** Step 1: the upload kept in the store and recorded as RECEIVED (once per file id). */
export async function receiveFile(prisma: PrismaClient, store: FileStore, input: ReceiveInput, kind: 'VOTERS' | 'STATIONS' | 'BOUNDARIES' = 'VOTERS'): Promise<KeptFile> {
  const kept = await store.keep(input.path);
  const { fileId: id, path: _path, ...rest } = input;
  await prisma.receivedFile.upsert({
    where: { id },
    create: { id, ...rest, sha256: kept.sha256, kind, sizeBytes: BigInt(kept.sizeBytes), receivedAt: new Date(input.receivedAt) },
    update: {},
  });
  return kept;
}

/** Receives and imports a voter file in one go (the worker's job does step 2 alone). */
export async function importVoterCsv(prisma: PrismaClient, client: ClientBase, store: FileStore, input: VoterImportInput): Promise<ImportOutcome> {
  const { today, onProgress, ...received } = input;
  await receiveFile(prisma, store, received);
  return importReceivedVoterFile(client, store, input.fileId, { today, onProgress });
}

/**
 * Step 2: validates and stages a RECEIVED voter file; a file already decided answers with its
 * verdict (a retried job changes nothing).
 */
export async function importReceivedVoterFile(client: ClientBase, store: FileStore, fileId: string, options: ImportOptions): Promise<ImportOutcome> {
  const found = await client.query<{
    status: string; sha256: string; records: number; report: ImportReport | null; submission_id: string | null;
    file_name: string; period: string; region_code: string; district_id: string; received_at: Date;
  }>('SELECT status, sha256, records, report, submission_id, file_name, period, region_code, district_id, received_at FROM received_file WHERE id = $1', [fileId]);
  const file = found.rows[0];
  if (!file) throw new Error(`no received file ${fileId}`);
  if (file.status === 'ACCEPTED') return { status: 'ACCEPTED', fileId, submissionId: file.submission_id!, sha256: file.sha256, records: file.records };
  if (file.status === 'REJECTED') return { status: 'REJECTED', fileId, sha256: file.sha256, records: file.records, report: file.report! };
  const input = { ...options, fileId, submissionId: fileId, fileName: file.file_name, period: file.period, regionCode: file.region_code, districtId: file.district_id, receivedAt: file.received_at.toISOString() };
  const kept = { sha256: file.sha256, path: store.pathOf(file.sha256) };

  const problems: FieldProblem[] = [];
  let problemCount = 0;
  let header: string[] = [];
  let rowsRead = 0;
  const note = (p: FieldProblem) => {
    problemCount += 1;
    if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(p);
  };
  // The first row of each Cod, to name it when a Cod repeats: a fixed 16 MB table for Cods up to
  // four million (an AutoNumber counts from 1), a map for the rare larger ones. Memory stays flat
  // however long the file.
  const DENSE = 4_000_000;
  const firstRowDense = new Uint32Array(DENSE + 1);
  const firstRowSparse = new Map<number, number>();
  const firstRowOfCod = {
    get: (cod: number) => (cod <= DENSE ? firstRowDense[cod] || undefined : firstRowSparse.get(cod)),
    set: (cod: number, row: number) => (cod <= DENSE ? (firstRowDense[cod] = row) : firstRowSparse.set(cod, row)),
  };

  const format = await voterFileFormat(kept.path);
  const encoding = format === 'text' ? await textEncodingOf(kept.path) : 'utf-8';
  const csvOptions = {
    bom: true, delimiter: [';', ',', '\t'], skip_empty_lines: true,
    columns: (names: string[]) => {
      header = names.map((n) => n.trim());
      for (const message of headerProblems(header)) note({ cod: null, row: 0, field: '(header)', message });
      return header;
    },
  };

  // The file's records, read only once the COPY asks for rows (so no error is raised before
  // anyone listens). A row that breaks the CSV itself (a stray quote, a wrong number of fields)
  // is reported and ends the reading; a failure to read the disk is thrown.
  async function* csvRecords(): AsyncGenerator<RawRecord> {
    const parser = parse(csvOptions);
    const source = createReadStream(kept.path);
    const text = decoder(encoding);
    source.on('error', (err) => parser.destroy(err));
    text.on('error', (err) => parser.destroy(err));
    source.pipe(text).pipe(parser);
    try {
      for await (const raw of parser as AsyncIterable<RawRecord>) yield raw;
    } catch (err) {
      const e = err as Error & { code?: string; lines?: number };
      if (!e.code?.startsWith('CSV_')) throw err;
      note({ cod: null, row: rowsRead + 1, field: '(file)', message: `the file cannot be read as CSV at line ${e.lines ?? '?'}: ${csvTrouble(e.code, header.length)}` });
    } finally {
      source.destroy();
    }
  }

  // An Access database: the voter table's columns are the header, their Access types are checked
  // against the form's, and a file Access cannot open is reported as such.
  async function* accessRecords(): AsyncGenerator<RawRecord> {
    let file: AccessVoterFile;
    try {
      file = await openAccessVoterFile(kept.path);
    } catch (err) {
      if (!(err instanceof AccessReadError)) throw err;
      note({ cod: null, row: 0, field: err.field, message: err.message });
      return;
    }
    header = file.header;
    for (const message of [...headerProblems(header), ...file.typeProblems]) note({ cod: null, row: 0, field: '(header)', message });
    yield* file.records();
  }
  const records = format === 'access' ? accessRecords : csvRecords;

  // Valid rows while the file is clean, in COPY's order; validation goes on to the end either way.
  async function* rows(): AsyncGenerator<readonly CopyValue[]> {
    for await (const raw of records()) {
      rowsRead += 1;
      if (rowsRead % 10_000 === 0) input.onProgress?.(rowsRead);
      const checked = validateVoterRecord(raw, rowsRead, input.today);
      if ('problems' in checked) {
        checked.problems.forEach(note);
        continue;
      }
      const r = checked.record;
      const first = firstRowOfCod.get(r.cod);
      if (first !== undefined) {
        note({ cod: String(r.cod), row: rowsRead, field: 'Cod', message: `appears twice: row ${first} has the same Cod (the record key must be unique)` });
        continue;
      }
      firstRowOfCod.set(r.cod, rowsRead);
      if (problemCount > 0) continue;
      yield [
        input.submissionId, r.cod, r.iin, r.surname, r.firstName, r.patronymic, r.stationCode, r.okgR, r.okgOb, r.okgRai, r.obl, r.rai,
        r.birthDate, r.nationality, r.sex, r.locality, r.street, r.house, r.building, r.apartment, r.documentNumber, r.documentIssuedOn,
        r.note, r.changed, r.deleted, r.changedOn, r.added,
      ];
    }
  }

  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO voter_submission (id, period, region_code, district_id, voter_file, voter_records, received_at)
       VALUES ($1, $2, $3, $4, $5, 0, $6)`,
      [input.submissionId, input.period, input.regionCode, input.districtId, input.fileName, input.receivedAt],
    );
    const written = await copyRows(client, 'voter_file_record', STAGING_COLUMNS, rows());
    input.onProgress?.(rowsRead);
    if (problemCount === 0 && rowsRead === 0) note({ cod: null, row: 0, field: '(file)', message: 'the file holds no records' });
    if (problemCount > 0) {
      await client.query('ROLLBACK');
      const report: ImportReport = { file: input.fileName, sha256: kept.sha256, header, problemCount, problems };
      await client.query(
        `UPDATE received_file SET status = 'REJECTED', records = $2, problem_count = $3, report = $4, decided_at = now() WHERE id = $1`,
        [input.fileId, rowsRead, problemCount, JSON.stringify(report)],
      );
      return { status: 'REJECTED', fileId: input.fileId, sha256: kept.sha256, records: rowsRead, report };
    }
    await client.query('UPDATE voter_submission SET voter_records = $2 WHERE id = $1', [input.submissionId, written]);
    await client.query(
      `UPDATE received_file SET status = 'ACCEPTED', records = $2, submission_id = $3, decided_at = now() WHERE id = $1`,
      [input.fileId, written, input.submissionId],
    );
    await client.query('COMMIT');
    return { status: 'ACCEPTED', fileId: input.fileId, submissionId: input.submissionId, sha256: kept.sha256, records: written };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
