/**
 * Importing an Appendix 1 voter file (CSV, or MS Access .mdb/.accdb read by ./access.ts) into the
 * staging table reconciliation reads, as the Rules treat a file:
 *
 *  1. the original goes into the file store under its SHA-256 (kept whatever the verdict), and a
 *     received_file row records it;
 *  2. what the file is, and its header: a file that is not an Appendix 1 table (unreadable or
 *     damaged, binary, an encoding that cannot be read, password-protected, fields missing or
 *     unknown, Access types wrong, no records, another district's or another period's file) is
 *     REJECTED with a report in plain words that never quotes its content;
 *  3. otherwise every record is staged, with its problems (./appendix1-check.ts): a record's
 *     problem is a finding of the round (Rules para 9), never a reason to refuse the file.
 *
 * Speed: the records go to PostgreSQL by one COPY, as bytes: a clean record's bytes are the
 * file's own, so PostgreSQL parses the CSV and converts the encoding; only a record with a problem
 * or a value to normalise is written anew. They go into a table of their own, created in the same
 * transaction without an index, then indexed and attached as the submission's partition of
 * voter_file_record: the rows are written once, in COPY's bulk path, and not row by row into an
 * index. All or nothing: a refusal rolls the table back with the rest.
 *
 * Retrying with the same file id returns the recorded verdict.
 */
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { localDateTimeOf } from '../../calendar';
import type { PrismaClient } from '../prisma';
import { voterPartitionName } from '../voter-partitions';
import type { CodedProblem } from '../../contracts/problems';
import { AccessReadError, openAccessVoterFile, voterFileFormat } from '../../files/access';
import { readHeader, type Appendix1Field } from '../../files/appendix1';
import { Appendix1Checker, CopySink, decoderFor, type ByteEncoding } from '../../files/appendix1-check';
import { CsvByteReader, fieldBytes, structureProblem, type CsvByteRecord } from '../../files/csv-bytes';
import { delimiterOf, textEncodingOf, TextTrouble, type TextEncoding } from '../../files/csv';
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

export type VoterImportInput = ReceiveInput & ImportOptions;

/** Appendix 1's field → the staging table's column. */
export const STAGED_COLUMN: Record<Appendix1Field, string> = {
  Cod: 'cod',
  Cod_izber: 'iin',
  Soname: 'surname',
  Name: 'first_name',
  Otchestvo: 'patronymic',
  Cod_uch: 'station_code',
  Okg_r: 'okg_r',
  Okg_ob: 'okg_ob',
  Okg_rai: 'okg_rai',
  Obl: 'obl',
  Rai: 'rai',
  Date_rogd: 'birth_date',
  Nac: 'nationality',
  mal: 'sex',
  Mesto_progiv: 'locality',
  Street: 'street',
  Hourse: 'house',
  Korpus: 'building',
  Kvartira: 'apartment',
  Udostve: 'document_number',
  Date_vidach: 'document_issued_on',
  Note: 'note',
  Dopol1: 'changed',
  Dopol2: 'deleted',
  Dopol3: 'changed_on',
  Dopol4: 'added',
};

/** Receives and imports a voter file in one go (the worker's job does step 2 alone). */
export async function importVoterCsv(
  prisma: PrismaClient,
  client: ClientBase,
  store: FileStore,
  input: VoterImportInput,
): Promise<ImportOutcome> {
  const { onProgress, ...received } = input;
  await receiveFile(prisma, store, received);
  return importReceivedVoterFile(client, store, input.fileId, { onProgress });
}

/** A problem of the whole file: it is refused. */
class FileRefusal extends Error {
  constructor(
    readonly problem: CodedProblem,
    readonly field = '(file)',
    readonly row = 0,
  ) {
    super(problem.message);
    this.name = 'FileRefusal';
  }
}

/** The file's bytes as the reader takes them, and what they are. */
interface VoterSource {
  encoding: ByteEncoding;
  delimiter: string;
  /** The header's names as written (the Access table's columns, for a database). */
  header: string[];
  /** Problems of an Access table's column types. */
  typeProblems: CodedProblem[];
  chunks(): AsyncIterable<Buffer>;
}

const CHUNK = 1 << 16;

/** The file's bytes, UTF-16 turned into UTF-8 (the byte reader needs ASCII kept as ASCII). */
async function* fileBytes(path: string, encoding: TextEncoding): AsyncGenerator<Buffer> {
  if (encoding === 'utf-8' || encoding === 'windows-1251') {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) yield chunk as Buffer;
    return;
  }
  const decoder = new TextDecoder(encoding);
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (text) yield Buffer.from(text, 'utf8');
  }
  const rest = decoder.decode();
  if (rest) yield Buffer.from(rest, 'utf8');
}

/** The first record of a text file: its header, decoded; refused when it breaks the file's structure. */
async function firstRecord(
  chunks: AsyncIterable<Buffer>,
  delimiter: string,
  decode: (b: Buffer) => string,
): Promise<string[] | null> {
  let header: string[] | null = null;
  const reader = new CsvByteReader(delimiter, (r) => {
    if (header === null) header = Array.from({ length: r.count }, (_, i) => decode(fieldBytes(r, i)));
  });
  for await (const chunk of chunks) {
    reader.push(chunk);
    if (header !== null || reader.problem) break;
  }
  if (header === null && !reader.problem) reader.end();
  if (header === null && reader.problem)
    throw new FileRefusal(structureProblem(reader.problem), '(file)', reader.problem.line);
  return header;
}

async function textSource(path: string): Promise<VoterSource> {
  let encoding: TextEncoding;
  try {
    encoding = await textEncodingOf(path);
  } catch (err) {
    if (err instanceof TextTrouble) throw new FileRefusal(err.problem);
    throw err;
  }
  const delimiter = await delimiterOf(path, encoding);
  const byteEncoding: ByteEncoding = encoding === 'windows-1251' ? 'windows-1251' : 'utf-8';
  const chunks = () => fileBytes(path, encoding);
  const header = await firstRecord(chunks(), delimiter, decoderFor(byteEncoding));
  if (header === null) throw new FileRefusal(problem('voters.no-header-row', {}));
  return { encoding: byteEncoding, delimiter, header, typeProblems: [], chunks };
}

/** A CSV field as the byte reader reads it back: quoted when it holds a separator, a quotation mark or a line end. */
function csvField(v: unknown): string {
  if (v === null || v === undefined || Buffer.isBuffer(v)) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  // Access Date/Time: the date (Appendix 1's dates have no time of day).
  const s = v instanceof Date ? (Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10)) : String(v);
  return /[;"\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** An Access database's voter table as CSV bytes (UTF-8, ';'), so it is checked as a CSV file is. */
async function accessSource(path: string): Promise<VoterSource> {
  let file: Awaited<ReturnType<typeof openAccessVoterFile>>;
  try {
    file = await openAccessVoterFile(path);
  } catch (err) {
    if (err instanceof AccessReadError) throw new FileRefusal(err.problem, err.field);
    throw err;
  }
  const names = file.header;
  return {
    encoding: 'utf-8',
    delimiter: ';',
    header: names,
    typeProblems: file.typeProblems,
    async *chunks() {
      let text = `${names.map(csvField).join(';')}\n`;
      try {
        for (const values of file.rows()) {
          text += `${values.map(csvField).join(';')}\n`;
          if (text.length >= CHUNK) {
            yield Buffer.from(text, 'utf8');
            text = '';
          }
        }
      } catch (err) {
        if (err instanceof AccessReadError) throw new FileRefusal(err.problem, err.field);
        throw err;
      }
      if (text) yield Buffer.from(text, 'utf8');
    },
  };
}

export interface StagedSummary {
  rows: number;
  /** The station codes the records name (Cod_uch, trimmed, distinct). */
  stations: string[];
  /** Rows with at least one problem, and the problems in all. */
  rowsWithProblems: number;
  problems: number;
}

/**
 * Step 2: checks and stages a RECEIVED voter file; a file already decided answers with its
 * verdict (a retried job changes nothing).
 */
export async function importReceivedVoterFile(
  client: ClientBase,
  store: FileStore,
  fileId: string,
  options: ImportOptions,
): Promise<ImportOutcome> {
  const file = await readReceived(client, fileId);
  const verdict = recordedVerdict(fileId, file);
  if (verdict) return verdict;
  if (file.kind !== 'VOTERS')
    throw new Error(`received file ${fileId} is ${file.kind.toLowerCase()}, not a voter file`);
  const path = store.pathOf(file.sha256);
  const problems = new ProblemList();
  let header: string[] = [];

  const refuse = async (rowsRead: number) => {
    const report: ImportReport = {
      file: file.file_name,
      sha256: file.sha256,
      header,
      problemCount: problems.count,
      problems: problems.kept,
    };
    return recordRejection(client, fileId, report, rowsRead);
  };
  const noteFile = (p: CodedProblem, field = '(file)', row = 0) => problems.note({ cod: null, row, field, ...p });

  let source: VoterSource;
  try {
    source = (await voterFileFormat(path)) === 'access' ? await accessSource(path) : await textSource(path);
  } catch (err) {
    if (!(err instanceof FileRefusal)) throw err;
    noteFile(err.problem, err.field);
    return refuse(0);
  }
  const matched = readHeader(source.header);
  if ('problems' in matched || source.typeProblems.length > 0) {
    for (const p of 'problems' in matched ? matched.problems : []) noteFile(p, '(header)');
    for (const p of source.typeProblems) noteFile(p, '(header)');
    return refuse(0);
  }
  header = matched.fields;
  const same = await sameBytesElsewhere(client, fileId, file);
  if (same) {
    noteFile(same);
    return refuse(0);
  }

  const receivedOn = localDateTimeOf(file.received_at.getTime()).date;
  const submissionId = fileId;
  const table = voterPartitionName(submissionId);
  await client.query('BEGIN');
  try {
    // DD.MM.YYYY dates go to COPY as written: day first.
    await client.query("SET LOCAL datestyle = 'ISO, DMY'");
    // The partition's bound as a CHECK from the start (each row is checked as COPY writes it), so attaching need not scan the rows again.
    await client.query(
      `CREATE TABLE ${table} (LIKE voter_file_record INCLUDING DEFAULTS, CHECK (submission_id = '${submissionId}'::uuid))`,
    );
    await client.query(`ALTER TABLE ${table} ALTER COLUMN submission_id SET DEFAULT '${submissionId}'::uuid`);
    const staged = await copyRecords(
      client,
      table,
      source,
      matched.fields,
      receivedOn,
      (line, p) => noteFile(p, '(file)', line),
      options.onProgress,
    );
    options.onProgress?.(staged.rows);
    if (problems.count === 0 && staged.rows === 0) noteFile(problem('voters.no-records', {}));
    if (problems.count === 0) {
      const other = await anotherDistrictsFile(client, staged.stations, file.region_code, file.district_id);
      if (other) noteFile(other);
    }
    if (problems.count > 0) {
      await client.query('ROLLBACK');
      return await refuse(staged.rows);
    }
    await client.query(`ALTER TABLE ${table} ALTER COLUMN submission_id DROP DEFAULT`);
    // The submission and its partition, one import at a time. Attaching locks voter_submission
    // (SHARE ROW EXCLUSIVE, for the partition's foreign key), which conflicts with the row another
    // import inserts there: two imports that each inserted their submission and then attached
    // waited on each other (deadlock detected; the national rehearsal lost a district's file to
    // it). Taking that lock first, before writing to voter_submission, queues them instead. What
    // the lock covers is short (the insert, the attach, two updates); the reading, checking and
    // COPY above run side by side.
    await client.query('LOCK TABLE voter_submission IN SHARE ROW EXCLUSIVE MODE');
    await client.query(
      `INSERT INTO voter_submission (id, period, region_code, district_id, voter_file, voter_records, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [submissionId, file.period, file.region_code, file.district_id, file.file_name, staged.rows, file.received_at],
    );
    // Attaching builds the partition's primary key in one sorted pass and checks its rows belong.
    await client.query(`ALTER TABLE voter_file_record ATTACH PARTITION ${table} FOR VALUES IN ('${submissionId}')`);
    await client.query(
      `UPDATE received_file SET status = 'ACCEPTED', records = $2, submission_id = $3, rows_with_problems = $4, record_problems = $5, decided_at = now() WHERE id = $1`,
      [fileId, staged.rows, submissionId, staged.rowsWithProblems, staged.problems],
    );
    await client.query('COMMIT');
    return {
      status: 'ACCEPTED',
      fileId,
      submissionId,
      sha256: file.sha256,
      records: staged.rows,
      rowsWithProblems: staged.rowsWithProblems,
      recordProblems: staged.problems,
    };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/**
 * Streams the records into `table` by COPY, checking each; the header is the source's first
 * record and is not staged. A record that breaks the file's structure (a field count other than
 * the header's, a quotation mark never closed) is reported by line, and from then on nothing
 * more is sent: the file will be refused.
 */
async function copyRecords(
  client: ClientBase,
  table: string,
  source: VoterSource,
  fields: Appendix1Field[],
  receivedOn: string,
  damaged: (line: number, p: CodedProblem) => void,
  onProgress?: (rows: number) => void,
): Promise<StagedSummary> {
  const columns = ['row', 'problems', ...fields.map((f) => STAGED_COLUMN[f])];
  const encoding = source.encoding === 'windows-1251' ? 'WIN1251' : 'UTF8';
  const separator = source.delimiter === '\t' ? "E'\\t'" : `'${source.delimiter}'`;
  const copy = client.query(
    copyFrom(
      `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv, DELIMITER ${separator}, ENCODING '${encoding}')`,
    ),
  );
  let failed: Error | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', (err: Error) => {
      failed ??= err;
      reject(err);
    });
  });
  // The COPY can fail while the file is read, not written (the database restarted: 57P01): its
  // rejection is handled here, or it would be unhandled and end the worker (issue 23), and the
  // read stops at the next chunk.
  finished.catch(() => undefined);
  const checker = new Appendix1Checker(fields, source.encoding, receivedOn);
  const sink = new CopySink(source.delimiter);
  const summary: StagedSummary = { rows: 0, stations: [], rowsWithProblems: 0, problems: 0 };
  let headerSeen = false;
  let broken = false;
  const onRecord = (r: CsvByteRecord) => {
    if (!headerSeen) {
      headerSeen = true;
      return;
    }
    if (r.count !== fields.length) {
      broken = true;
      damaged(r.line, problem('voters.field-count', { line: r.line, fields: r.count, expected: fields.length }));
      return;
    }
    if (broken) return;
    summary.rows += 1;
    const v = checker.check(r, summary.rows, sink);
    if (v.problems.length > 0) {
      summary.rowsWithProblems += 1;
      summary.problems += v.problems.length;
    }
    if (summary.rows % 10_000 === 0) onProgress?.(summary.rows);
  };
  const reader = new CsvByteReader(source.delimiter, onRecord);
  try {
    for await (const chunk of source.chunks()) {
      if (failed) throw failed;
      reader.push(chunk);
      if (reader.problem) break;
      if (sink.size > 0 && !broken && !copy.write(sink.take())) await Promise.race([once(copy, 'drain'), finished]);
    }
    if (!reader.problem) reader.end();
  } catch (err) {
    copy.destroy(err as Error);
    await finished.catch(() => undefined);
    if (err instanceof FileRefusal) {
      damaged(err.row, err.problem);
      return summary;
    }
    throw err;
  }
  if (reader.problem) {
    broken = true;
    damaged(reader.problem.line, structureProblem(reader.problem));
  }
  if (!broken && sink.size > 0) copy.write(sink.take());
  copy.end();
  await finished;
  summary.stations = checker.stations();
  return summary;
}

/**
 * The same bytes already accepted for another district or period: a file sent to the wrong
 * commission, or last period's file sent again.
 */
async function sameBytesElsewhere(
  client: ClientBase,
  fileId: string,
  file: Awaited<ReturnType<typeof readReceived>>,
): Promise<CodedProblem | null> {
  const { rows } = await client.query<{ period: string; district_id: string; received_at: Date }>(
    `SELECT period, district_id, received_at FROM received_file
      WHERE sha256 = $1 AND id <> $2 AND kind = 'VOTERS' AND status = 'ACCEPTED' AND (period <> $3 OR district_id <> $4)
      ORDER BY received_at LIMIT 1`,
    [file.sha256, fileId, file.period, file.district_id],
  );
  const r = rows[0];
  if (!r) return null;
  const when = localDateTimeOf(r.received_at.getTime()).date;
  return r.district_id !== file.district_id
    ? problem('voters.same-file-district', { acceptedOn: when, district: r.district_id, own: file.district_id })
    : problem('voters.same-file-period', { acceptedOn: when, period: r.period, own: file.period });
}

/**
 * Another district's file: none of its polling stations (Cod_uch) is a register station of this
 * district, and most are another district's of the region. A district without register stations
 * (a new one) is not judged; unknown stations are findings of the round, not a refusal.
 */
async function anotherDistrictsFile(
  client: ClientBase,
  stations: string[],
  regionCode: string,
  districtId: string,
): Promise<CodedProblem | null> {
  const { rows } = await client.query<{
    keys: number;
    own: number;
    registered: number;
    other: string | null;
    other_keys: number;
    other_name: string | null;
  }>(
    `WITH keys AS (SELECT DISTINCT NULLIF(ltrim(k, '0'), '') AS key FROM unnest($3::text[]) k),
          st AS (SELECT k.key, p.district_id FROM keys k JOIN polling_station p ON p.region_code = $1 AND p.number::text = k.key),
          other AS (SELECT district_id, count(*)::int AS n FROM st WHERE district_id <> $2 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1)
     SELECT (SELECT count(*) FROM keys WHERE key IS NOT NULL)::int AS keys,
            (SELECT count(*) FROM st WHERE district_id = $2)::int AS own,
            (SELECT count(*) FROM polling_station WHERE district_id = $2)::int AS registered,
            (SELECT district_id FROM other) AS other, coalesce((SELECT n FROM other), 0) AS other_keys,
            (SELECT d.name_ru FROM other o JOIN district d ON d.id = o.district_id) AS other_name`,
    [regionCode, districtId, stations],
  );
  const r = rows[0];
  if (!r || r.registered === 0 || r.own > 0 || r.other === null || r.other_keys * 2 < r.keys) return null;
  return problem('voters.other-district', {
    district: districtId,
    keys: r.other_keys,
    total: r.keys,
    other: r.other,
    otherName: r.other_name,
  });
}
