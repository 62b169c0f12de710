/**
 * Importing an Appendix 1 voter file (CSV here; Access readers feed the same pipeline) into the
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
import { headerProblems, validateVoterRecord, type FieldProblem, type RawRecord } from './appendix1';
import type { FileStore } from './store';

/** The report keeps the first problems in file order; the count covers them all. */
export const MAX_REPORTED_PROBLEMS = 1000;

export interface VoterImportInput {
  fileId: string;
  submissionId: string;
  /** The path of the upload on disk, and the name it was sent under. */
  path: string;
  fileName: string;
  period: string;
  regionCode: string;
  districtId: string;
  uploadedBy: string;
  /** ISO instant of receipt, and the Almaty date that bounds the record dates. */
  receivedAt: string;
  today: string;
  onProgress?: (rowsRead: number) => void;
}

export interface ImportReport {
  file: string;
  sha256: string;
  header: string[];
  problemCount: number;
  problems: FieldProblem[];
}

export type ImportOutcome =
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

export async function importVoterCsv(client: ClientBase, store: FileStore, input: VoterImportInput): Promise<ImportOutcome> {
  const earlier = await client.query<{ status: string; sha256: string; records: number; report: ImportReport | null; submission_id: string | null }>(
    'SELECT status, sha256, records, report, submission_id FROM received_file WHERE id = $1', [input.fileId],
  );
  const done = earlier.rows[0];
  if (done && done.status !== 'RECEIVED') {
    return done.status === 'ACCEPTED'
      ? { status: 'ACCEPTED', fileId: input.fileId, submissionId: done.submission_id!, sha256: done.sha256, records: done.records }
      : { status: 'REJECTED', fileId: input.fileId, sha256: done.sha256, records: done.records, report: done.report! };
  }

  const kept = await store.keep(input.path);
  await client.query(
    `INSERT INTO received_file (id, sha256, kind, file_name, size_bytes, period, region_code, district_id, uploaded_by, received_at)
     VALUES ($1, $2, 'VOTERS', $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
    [input.fileId, kept.sha256, input.fileName, kept.sizeBytes, input.period, input.regionCode, input.districtId, input.uploadedBy, input.receivedAt],
  );

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

  const parser = createReadStream(kept.path)
    .pipe(decoder(kept.textEncoding))
    .pipe(parse({
      bom: true, delimiter: [';', ',', '\t'], skip_empty_lines: true,
      columns: (names: string[]) => {
        header = names.map((n) => n.trim());
        for (const message of headerProblems(header)) note({ cod: null, row: 0, field: '(header)', message });
        return header;
      },
    }));

  // Valid rows while the file is clean, in COPY's order; validation goes on to the end either way.
  async function* rows(): AsyncGenerator<readonly CopyValue[]> {
    const records = (async function* () {
      try {
        for await (const raw of parser as AsyncIterable<RawRecord>) yield raw;
      } catch (err) {
        // A row that breaks the CSV itself (a stray quote, a wrong number of fields): reported, and the reading stops.
        const e = err as Error & { lines?: number };
        note({ cod: null, row: rowsRead + 1, field: '(file)', message: `the file cannot be read as CSV at line ${e.lines ?? '?'}: ${e.message}` });
      }
    })();
    for await (const raw of records) {
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
