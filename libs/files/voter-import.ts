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
import type { ClientBase } from 'pg';
import { copyRows, type CopyValue } from '../db/copy';
import type { PrismaClient } from '../db/prisma';
import { AccessReadError, openAccessVoterFile, voterFileFormat, type AccessVoterFile } from './access';
import { headerProblems, validateVoterRecord, type FieldProblem, type RawRecord } from './appendix1';
import { csvRecords, CsvTrouble } from './csv';
import {
  ProblemList, readReceived, receiveFile, recordedVerdict, recordRejection,
  type ImportOptions, type ImportOutcome, type ImportReport, type ReceiveInput,
} from './received';
import type { FileStore } from './store';

export type VoterImportInput = ReceiveInput & ImportOptions;

const STAGING_COLUMNS = [
  'submission_id', 'cod', 'iin', 'surname', 'first_name', 'patronymic', 'station_code', 'okg_r', 'okg_ob', 'okg_rai', 'obl', 'rai',
  'birth_date', 'nationality', 'sex', 'locality', 'street', 'house', 'building', 'apartment', 'document_number', 'document_issued_on',
  'note', 'changed', 'deleted', 'changed_on', 'added',
] as const;

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
  const file = await readReceived(client, fileId);
  const verdict = recordedVerdict(fileId, file);
  if (verdict) return verdict;
  if (file.kind !== 'VOTERS') throw new Error(`received file ${fileId} is ${file.kind.toLowerCase()}, not a voter file`);
  const input = { ...options, fileId, submissionId: fileId, fileName: file.file_name, period: file.period, regionCode: file.region_code, districtId: file.district_id, receivedAt: file.received_at.toISOString() };
  const kept = { sha256: file.sha256, path: store.pathOf(file.sha256) };

  const problems = new ProblemList();
  const note = (p: FieldProblem) => problems.note(p);
  let header: string[] | null = null;
  let rowsRead = 0;
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

  // The file's records, read only once the COPY asks for rows (so no error is raised before
  // anyone listens). The first record is the header. A row that breaks the CSV itself (a stray
  // quote, a wrong number of fields) is reported and ends the reading; a failure to read the disk
  // is thrown.
  async function* textRecords(): AsyncGenerator<RawRecord> {
    try {
      for await (const { cells } of csvRecords(kept.path)) {
        if (header === null) {
          header = cells.map((n) => n.trim());
          for (const message of headerProblems(header)) note({ cod: null, row: 0, field: '(header)', message });
          continue;
        }
        yield Object.fromEntries(header.map((name, i) => [name, cells[i]]));
      }
    } catch (err) {
      if (!(err instanceof CsvTrouble)) throw err;
      note({ cod: null, row: rowsRead + 1, field: '(file)', message: err.explain("the header's") });
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
  const records = format === 'access' ? accessRecords : textRecords;

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
      if (problems.count > 0) continue;
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
    if (problems.count === 0 && rowsRead === 0) note({ cod: null, row: 0, field: '(file)', message: 'the file holds no records' });
    if (problems.count > 0) {
      await client.query('ROLLBACK');
      const report: ImportReport = { file: input.fileName, sha256: kept.sha256, header: header ?? [], problemCount: problems.count, problems: problems.kept };
      return await recordRejection(client, input.fileId, report, rowsRead);
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
