/**
 * Importing the CEC's register extract (format ./extract-format.ts) as a new register snapshot
 * (issue 20), in the steps the file's size asks for (12.5 million rows, a few GB):
 *
 *  1. the original goes into the file store under its SHA-256 and a register_snapshot row records
 *     it as IMPORTING (the next version); the same file with the same as-of date, already
 *     imported, answers with that snapshot instead;
 *  2. what the file is, and its header: not a CSV file or an Access table, an encoding that cannot
 *     be read, a header missing a required field or naming an unknown one, a damaged record, no
 *     rows, or too many rows held back: the whole file is REFUSED with a report in plain words;
 *  3. every row is checked on its bytes (./extract-check.ts) and streamed by COPY into a table of
 *     the snapshot's own (registerVoterPartition), its status facts by a second COPY on a second
 *     connection into another (registerFactPartition). Both streams run side by side with
 *     back-pressure, so memory stays bounded however long the file: the facts are neither held
 *     until the end nor read back. A row with a problem is held back (not in the snapshot) and
 *     reported by row, field and rule; past 100,000 such rows the file is refused at once;
 *  4. IINs repeated in the file are found in SQL once the rows are in (the first row is kept, the
 *     others held back and reported with the row they first appeared on), then the tables are
 *     indexed, each on its connection at the same time;
 *  5. one transaction attaches both tables as the snapshot's partitions and makes the snapshot
 *     current (libs/db/register/snapshots.ts: the previous one SUPERSEDED); readers never see a
 *     half-imported snapshot. Then the retention setting drops the oldest snapshots' rows.
 *
 * Each table is created with the partition's bound as a CHECK, so attaching does not scan it; the
 * rows are written once, in COPY's bulk path, and indexed in one sorted pass each.
 *
 * A failure (the database, the disk) marks the snapshot FAILED with a reason that quotes nothing
 * of the file and drops its tables; importing the same snapshot again starts it afresh. Nothing
 * reported (problems, report, failure) ever holds a value of the file: rows, fields and rules only.
 */
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { ClientBase, Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyRows } from '../copy';
import { voterFileFormat } from '../../files/access';
import { AccessFile, AccessFileError } from '../../files/access-file';
import { decoderFor, type ByteEncoding } from '../../files/appendix1-check';
import { CsvByteReader, fieldBytes, structureMessage, type CsvByteRecord } from '../../files/csv-bytes';
import { delimiterOf, textEncodingOf, TextTrouble, type TextEncoding } from '../../files/csv';
import type { FileStore } from '../../files/store';
import { failureReason } from '../../observability/failure-reason';
import {
  EXTRACT_FORMAT_ID,
  EXTRACT_FORMAT_V1,
  matchHeader,
  type ExtractField,
  type HeaderTrouble,
} from '../../register/extract-format';
import { ExtractChecker, FACT_COLUMNS, FIELDS, LineSink, ROW_RULES, VOTER_COLUMNS } from '../../register/extract-check';
import { applyRetention, makeCurrent, registerFactPartition, registerVoterPartition } from './snapshots';

/** How many superseded snapshots keep their rows when none is configured (TIZIM_REGISTER_KEEP_SNAPSHOTS). */
export const DEFAULT_KEEP_SNAPSHOTS = 2;

export interface RegisterImportProgress {
  rowsRead: number;
  bytesRead: number;
  sizeBytes: number;
}

export interface BeginSnapshotInput {
  /** The file on disk (an upload, or the command's argument); the store keeps its own copy. */
  path: string;
  fileName: string;
  /** The date the extract describes the register on, YYYY-MM-DD. */
  asOf: string;
  /** Who imports it (an official's id, or the command's user). */
  actor: string;
}

export interface RunOptions {
  onProgress?: (p: RegisterImportProgress) => void;
  /** Superseded snapshots that keep their rows (the retention setting). */
  keep?: number;
}

export type RegisterImportInput = BeginSnapshotInput & RunOptions;

/** A field's tally in the report: how many rows broke the rule, and the first of them. */
export interface ProblemTally {
  field: string;
  rule: string;
  count: number;
  firstRows: number[];
}

/** What kind of refusal, for a reader in another language (the console words each one). */
export type RefusalCode =
  'not-text' | 'damaged' | 'empty' | 'password' | 'not-access' | 'no-register-table' | 'header' | 'too-many-problems';

export interface RefusalProblem {
  code: RefusalCode;
  /** '(file)', '(header)', or a field. */
  field: string;
  /** The line of the file, when the problem is at one (0: the file as a whole). */
  line: number;
  message: string;
  /** A header's trouble by field name (on the first of its problems). */
  header?: HeaderTrouble;
}

export interface SnapshotReport {
  file: string;
  sha256: string;
  format: string;
  /** The header's field names as the format knows them (upper case). */
  header: string[];
  /** A refusal: why, in plain words. */
  refusal?: RefusalProblem[];
  heldBack: { rows: number; problems: ProblemTally[] };
}

export interface RegisterImportOutcome {
  snapshotId: string;
  version: number;
  status: 'CURRENT' | 'SUPERSEDED' | 'REFUSED';
  /** True when the same file with the same as-of date had been imported before: nothing was done now. */
  alreadyImported: boolean;
  rowsRead: number;
  rowsAccepted: number;
  rowsHeldBack: number;
  report: SnapshotReport | null;
  /** Versions whose rows the retention setting dropped now. */
  dropped: number[];
  /** Seconds of each step of an import done now (for the benchmark and the logs). */
  seconds?: { read: number; keys: number; indexes: number; activate: number };
}

type Db = Pool | ClientBase;

const FIRST_ROWS = 10;
const CHUNK = 1 << 16;
const PROGRESS_MS = 1000;
const { maxHeldBackRows: MAX_HELD_BACK, maxHeldBackShare: MAX_HELD_BACK_SHARE } = EXTRACT_FORMAT_V1.refusal;

/** A problem of the whole file: it is refused. */
class Refusal extends Error {
  constructor(readonly problems: RefusalProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'Refusal';
  }
}
const refusal = (code: RefusalCode, message: string, field = '(file)', line = 0) =>
  new Refusal([{ code, field, line, message }]);

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Step 1: keeps the file and records the snapshot as IMPORTING with the next version. When the
 * same bytes with the same as-of date are a snapshot already (current or superseded, its rows
 * kept), answers with it (`existing`) and records nothing.
 */
export async function beginRegisterSnapshot(
  db: Db,
  store: FileStore,
  input: BeginSnapshotInput,
): Promise<{ snapshotId: string; version: number; existing: boolean }> {
  if (!LOCAL_DATE.test(input.asOf) || Number.isNaN(Date.parse(`${input.asOf}T00:00:00Z`)))
    throw new TypeError(`the as-of date is a date YYYY-MM-DD, got "${input.asOf}"`);
  const kept = await store.keep(input.path);
  const { rows: earlier } = await db.query<{ id: string; version: number }>(
    `SELECT id::text AS id, version FROM register_snapshot
      WHERE sha256 = $1 AND as_of = $2::date AND status IN ('CURRENT', 'SUPERSEDED') AND purged_at IS NULL
      ORDER BY version DESC LIMIT 1`,
    [kept.sha256, input.asOf],
  );
  if (earlier[0]) return { snapshotId: earlier[0].id, version: earlier[0].version, existing: true };
  const id = randomUUID();
  // Two imports begun at once may draw the same version: the unique index refuses one, which draws again.
  for (let attempt = 0; ; attempt += 1) {
    try {
      const { rows } = await db.query<{ version: number }>(
        `INSERT INTO register_snapshot (id, version, as_of, sha256, file_name, size_bytes, format, status, created_by)
         SELECT $1::uuid, coalesce(max(version), 0) + 1, $2::date, $3, $4, $5, $6, 'IMPORTING', $7 FROM register_snapshot
         RETURNING version`,
        [id, input.asOf, kept.sha256, input.fileName.normalize('NFC'), kept.sizeBytes, EXTRACT_FORMAT_ID, input.actor],
      );
      return { snapshotId: id, version: rows[0].version, existing: false };
    } catch (err) {
      if ((err as { code?: string }).code !== '23505' || attempt >= 5) throw err;
    }
  }
}

/** Steps 1 to 5 in one go: what the command does. */
export async function importRegisterSnapshot(
  pool: Pool,
  store: FileStore,
  input: RegisterImportInput,
): Promise<RegisterImportOutcome> {
  const { onProgress, keep, ...begin } = input;
  const started = await beginRegisterSnapshot(pool, store, begin);
  if (started.existing) return { ...(await recordedOutcome(pool, started.snapshotId))!, alreadyImported: true };
  return runRegisterSnapshotImport(pool, store, started.snapshotId, { onProgress, keep });
}

interface SnapshotRow {
  id: string;
  version: number;
  as_of: string;
  sha256: string;
  file_name: string;
  size_bytes: string;
  status: 'IMPORTING' | 'CURRENT' | 'SUPERSEDED' | 'REFUSED' | 'FAILED';
  rows_read: number;
  rows_accepted: number;
  rows_held_back: number;
  report: SnapshotReport | null;
}

async function snapshotRow(db: Db, id: string): Promise<SnapshotRow> {
  const { rows } = await db.query<SnapshotRow>(
    `SELECT id::text AS id, version, to_char(as_of, 'YYYY-MM-DD') AS as_of, sha256, file_name, size_bytes::text AS size_bytes, status::text AS status,
            rows_read, rows_accepted, rows_held_back, report
       FROM register_snapshot WHERE id = $1::uuid`,
    [id],
  );
  if (!rows[0]) throw new Error(`register snapshot ${id} is not on record`);
  return rows[0];
}

/** The verdict of a snapshot decided already (current, superseded or refused); null while it is not. */
export async function recordedOutcome(db: Db, id: string): Promise<RegisterImportOutcome | null> {
  const s = await snapshotRow(db, id);
  if (s.status !== 'CURRENT' && s.status !== 'SUPERSEDED' && s.status !== 'REFUSED') return null;
  return {
    snapshotId: s.id,
    version: s.version,
    status: s.status,
    alreadyImported: true,
    rowsRead: s.rows_read,
    rowsAccepted: s.rows_accepted,
    rowsHeldBack: s.rows_held_back,
    report: s.report,
    dropped: [],
  };
}

/** The extract's bytes as the reader takes them, and what they are. */
interface ExtractSource {
  encoding: ByteEncoding;
  delimiter: string;
  header: string[];
  /** Bytes of the file read so far (the progress). */
  bytesRead(): number;
  chunks(): AsyncIterable<Buffer>;
}

async function textSource(path: string): Promise<ExtractSource> {
  let encoding: TextEncoding;
  try {
    encoding = await textEncodingOf(path);
  } catch (err) {
    if (err instanceof TextTrouble) throw refusal('not-text', err.message);
    throw err;
  }
  const delimiter = await delimiterOf(path, encoding);
  const byteEncoding: ByteEncoding = encoding === 'windows-1251' ? 'windows-1251' : 'utf-8';
  let read = 0;
  // UTF-16 is made UTF-8 on the way (the byte reader needs ASCII kept as ASCII).
  async function* chunks(): AsyncGenerator<Buffer> {
    read = 0;
    const decoder = encoding.startsWith('utf-16') ? new TextDecoder(encoding) : null;
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
      read += (chunk as Buffer).length;
      if (!decoder) yield chunk as Buffer;
      else {
        const text = decoder.decode(chunk as Buffer, { stream: true });
        if (text) yield Buffer.from(text, 'utf8');
      }
    }
    const rest = decoder?.decode();
    if (rest) yield Buffer.from(rest, 'utf8');
  }
  // The header: the first record.
  const decode = decoderFor(byteEncoding);
  let header: string[] | null = null;
  const reader = new CsvByteReader(delimiter, (r) => {
    if (header === null) header = Array.from({ length: r.count }, (_, i) => decode(fieldBytes(r, i)));
  });
  for await (const chunk of chunks()) {
    reader.push(chunk);
    if (header !== null || reader.problem) break;
  }
  if (header === null && !reader.problem) reader.end();
  if (header === null && reader.problem)
    throw refusal('damaged', structureMessage(reader.problem), '(file)', reader.problem.line);
  if (header === null) throw refusal('empty', 'the file is empty: it holds not even the header row');
  return { encoding: byteEncoding, delimiter, header, bytesRead: () => read, chunks };
}

/** An Access value as a CSV field the byte reader reads back. */
function csvField(v: unknown): string {
  if (v === null || v === undefined || Buffer.isBuffer(v)) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  const s = v instanceof Date ? (Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10)) : String(v);
  return /[;"\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * An Access extract: the table REGISTER (any letter case), or the only table, turned into CSV
 * bytes (UTF-8, ';') so it is checked exactly as a CSV extract is. The database is read page by
 * page from its file (libs/files/access-file.ts), every row its data pages hold; the declared
 * row count serves only the progress estimate.
 */
async function accessSource(path: string, sizeBytes: number): Promise<ExtractSource> {
  const passwordWords =
    'the database is protected by a password: remove the password in Access and send the file again';
  const damagedWords = `the database is damaged: its table ${EXTRACT_FORMAT_V1.accessTable} cannot be read to the end (the file may have been cut short); send it again`;
  const refused = (err: unknown): never => {
    if (err instanceof AccessFileError && err.kind === 'password') throw refusal('password', passwordWords);
    if (err instanceof AccessFileError && err.kind === 'compact')
      throw refusal(
        'damaged',
        'the database (Access 97) holds deleted or moved records, which Access keeps until the database is compacted: compact it in Access (Compact and Repair Database) and send it again',
      );
    if (err instanceof AccessFileError && err.kind === 'unreadable')
      throw refusal(
        'not-access',
        'the file cannot be read as an MS Access database (it is damaged or of an unknown version)',
      );
    throw refusal('damaged', damagedWords);
  };
  let name: string | undefined;
  let header: string[];
  let declared: number;
  let file: AccessFile | null = null;
  try {
    file = AccessFile.open(path);
    const names = file.userTables();
    name = names.length === 1 ? names[0] : names.find((n) => n.trim().toUpperCase() === EXTRACT_FORMAT_V1.accessTable);
    if (!name) {
      throw refusal(
        'no-register-table',
        names.length === 0
          ? 'the database holds no tables'
          : `the database holds ${names.length} tables and none is named ${EXTRACT_FORMAT_V1.accessTable}: name the register's table ${EXTRACT_FORMAT_V1.accessTable}, or send a database with that table alone`,
      );
    }
    header = file.columns(name).map((c) => c.name);
    declared = file.declaredRows(name);
  } catch (err) {
    if (err instanceof Refusal) throw err;
    return refused(err);
  } finally {
    file?.close();
  }
  const table = name;
  let done = 0;
  return {
    encoding: 'utf-8',
    delimiter: ';',
    header,
    bytesRead: () => Math.min(sizeBytes, Math.round((sizeBytes * done) / Math.max(1, declared))),
    async *chunks() {
      let text = `${header.map(csvField).join(';')}\n`;
      let reading: AccessFile | null = null;
      try {
        reading = AccessFile.open(path);
        for (const values of reading.rows(table)) {
          text += `${values.map(csvField).join(';')}\n`;
          done += 1;
          if (text.length >= CHUNK) {
            yield Buffer.from(text, 'utf8');
            text = '';
          }
        }
      } catch (err) {
        return refused(err);
      } finally {
        reading?.close();
      }
      if (text) yield Buffer.from(text, 'utf8');
    },
  };
}

/**
 * The rows held back, compactly (a row, a field id, a rule id per problem), and the report's
 * tallies. Bounded: past MAX_HELD_BACK rows the file is refused and reading stops.
 */
class HeldBack {
  rows = 0;
  private n = 0;
  private row = new Int32Array(1024);
  private field = new Uint8Array(1024);
  private rule = new Uint8Array(1024);
  private readonly tallies = new Map<string, ProblemTally>();

  add(row: number, field: number, rule: number): void {
    if (this.n === this.row.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.row = grow(this.row, (n) => new Int32Array(n));
      this.field = grow(this.field, (n) => new Uint8Array(n));
      this.rule = grow(this.rule, (n) => new Uint8Array(n));
    }
    this.row[this.n] = row;
    this.field[this.n] = field;
    this.rule[this.n] = rule;
    this.n += 1;
    this.tally(FIELDS[field].name, ROW_RULES[rule], row);
  }

  tally(field: string, rule: string, row: number, count = 1): void {
    const key = `${field}:${rule}`;
    let t = this.tallies.get(key);
    if (!t) this.tallies.set(key, (t = { field, rule, count: 0, firstRows: [] }));
    t.count += count;
    if (t.firstRows.length < FIRST_ROWS) t.firstRows.push(row);
  }

  *lines(): Generator<[number, string, string]> {
    for (let k = 0; k < this.n; k += 1) yield [this.row[k], FIELDS[this.field[k]].name, ROW_RULES[this.rule[k]]];
  }

  report(): SnapshotReport['heldBack'] {
    const problems = [...this.tallies.values()].sort(
      (a, b) => b.count - a.count || a.field.localeCompare(b.field) || a.rule.localeCompare(b.rule),
    );
    return { rows: this.rows, problems };
  }
}

/** Writes `sink`'s text to a COPY stream, waiting while the server catches up. */
type Copy = ReturnType<typeof copyStream>;

/** Sends what the sink holds, waiting while the COPY's buffer is full; a COPY that failed is not written to again. */
async function send(copy: Copy, sink: LineSink): Promise<void> {
  if (sink.size === 0) return;
  if (copy.failure) throw copy.failure;
  if (!copy.stream.write(sink.take())) await Promise.race([once(copy.stream, 'drain'), copy.finished]);
}

function copyStream(client: PoolClient, sql: string) {
  const stream = client.query(copyFrom(sql));
  const copy = { stream, finished: Promise.resolve(), failure: null as Error | null };
  copy.finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', (err: Error) => {
      // Kept: the next write would meet a closed connection and fail for no reason it could name.
      copy.failure ??= err;
      reject(err);
    });
  });
  // Awaited later; a failure meanwhile must not count as unhandled.
  copy.finished.catch(() => undefined);
  return copy;
}

async function dropTables(db: Db, snapshotId: string): Promise<void> {
  await db.query(`DROP TABLE IF EXISTS ${registerVoterPartition(snapshotId)}`);
  await db.query(`DROP TABLE IF EXISTS ${registerFactPartition(snapshotId)}`);
}

/**
 * Steps 2 to 5 for a snapshot begun (IMPORTING), or one that FAILED (tried again from the
 * start). A snapshot decided already answers with its verdict.
 */
export async function runRegisterSnapshotImport(
  pool: Pool,
  store: FileStore,
  snapshotId: string,
  options: RunOptions = {},
): Promise<RegisterImportOutcome> {
  const recorded = await recordedOutcome(pool, snapshotId);
  if (recorded) return recorded;
  // Whatever an earlier attempt left goes first.
  await dropTables(pool, snapshotId);
  await pool.query('DELETE FROM register_snapshot_problem WHERE snapshot_id = $1::uuid', [snapshotId]);
  await pool.query(
    `UPDATE register_snapshot SET status = 'IMPORTING', rows_read = 0, rows_accepted = 0, rows_held_back = 0, bytes_read = 0, report = NULL, failure = NULL
      WHERE id = $1::uuid AND status IN ('IMPORTING', 'FAILED')`,
    [snapshotId],
  );
  const snapshot = await snapshotRow(pool, snapshotId);
  try {
    return await importRows(pool, store, snapshot, options);
  } catch (err) {
    const reason = failureReason(err);
    await dropTables(pool, snapshotId).catch(() => undefined);
    await pool
      .query(
        `UPDATE register_snapshot SET status = 'FAILED', failure = $2 WHERE id = $1::uuid AND status = 'IMPORTING'`,
        [snapshotId, reason],
      )
      .catch(() => undefined);
    throw err;
  }
}

async function importRows(
  pool: Pool,
  store: FileStore,
  snapshot: SnapshotRow,
  options: RunOptions,
): Promise<RegisterImportOutcome> {
  const id = snapshot.id;
  const path = store.pathOf(snapshot.sha256);
  const sizeBytes = (await stat(path)).size;
  const heldBack = new HeldBack();
  let header: string[] = [];
  let rowsRead = 0;
  const report = (refused?: RefusalProblem[]): SnapshotReport => ({
    file: snapshot.file_name,
    sha256: snapshot.sha256,
    format: EXTRACT_FORMAT_ID,
    header,
    ...(refused ? { refusal: refused } : {}),
    heldBack: heldBack.report(),
  });
  const refuse = async (
    problems: RefusalProblem[],
    repeats: [number, number][] = [],
  ): Promise<RegisterImportOutcome> => {
    await dropTables(pool, id);
    if (heldBack.rows > 0) await recordProblems(pool, id, heldBack, repeats);
    await pool.query(
      `UPDATE register_snapshot SET status = 'REFUSED', rows_read = $2, rows_accepted = 0, rows_held_back = $3, bytes_read = $4, report = $5::jsonb WHERE id = $1::uuid`,
      [id, rowsRead, heldBack.rows, sizeBytes, JSON.stringify(report(problems))],
    );
    return {
      snapshotId: id,
      version: snapshot.version,
      status: 'REFUSED',
      alreadyImported: false,
      rowsRead,
      rowsAccepted: 0,
      rowsHeldBack: heldBack.rows,
      report: report(problems),
      dropped: [],
    };
  };

  let source: ExtractSource;
  let columns: (ExtractField | null)[];
  try {
    source = (await voterFileFormat(path)) === 'access' ? await accessSource(path, sizeBytes) : await textSource(path);
    const matched = matchHeader(source.header);
    if ('problems' in matched) {
      const { problems, ...trouble } = matched;
      throw new Refusal(
        problems.map((message, i) => ({
          code: 'header' as const,
          field: '(header)',
          line: 1,
          message,
          ...(i === 0 ? { header: trouble } : {}),
        })),
      );
    }
    columns = matched.columns;
    header = matched.fields.map((f) => f.name);
  } catch (err) {
    if (err instanceof Refusal) return refuse(err.problems);
    throw err;
  }

  const [{ rows: districts }, { rows: stations }] = await Promise.all([
    pool.query<{ id: string }>('SELECT id FROM district'),
    pool.query<{ regionCode: string; number: number; id: string }>(
      'SELECT region_code AS "regionCode", number, id::text AS id FROM polling_station',
    ),
  ]);
  const checker = new ExtractChecker(columns, source.encoding, snapshot.as_of, {
    districts: districts.map((d) => d.id),
    stations,
  });

  const voterTable = registerVoterPartition(id);
  const factTable = registerFactPartition(id);
  const a = await pool.connect();
  const b = await pool.connect();
  // A connection lost while checked out (PostgreSQL restarted) errs on the client: unheard, the
  // event would end the process. Its error is the import's failure: the COPY under way then fails
  // with whatever the driver meets next (a write to a closed connection is a TypeError in
  // pg-copy-streams), which says nothing of why.
  let lostConnection: Error | null = null;
  const copies: Copy[] = [];
  const lost = (err: Error) => {
    lostConnection ??= err;
  };
  a.on('error', lost);
  b.on('error', lost);
  const clock = (() => {
    let last = process.hrtime.bigint();
    return () => {
      const now = process.hrtime.bigint();
      const s = Number(now - last) / 1e9;
      last = now;
      return s;
    };
  })();
  const seconds = { read: 0, keys: 0, indexes: 0, activate: 0 };
  let open = true;
  /** The two connections go back to the pool once; after a failure they are closed (a COPY may be half done). */
  const release = (failed = false) => {
    if (!open) return;
    open = false;
    a.off('error', lost);
    b.off('error', lost);
    a.release(failed);
    b.release(failed);
  };
  try {
    // Each with the partition's bound as a CHECK from the start, so attaching need not scan the rows.
    await a.query(
      `CREATE TABLE ${voterTable} (LIKE register_voter INCLUDING DEFAULTS, CHECK (snapshot_id = '${id}'::uuid))`,
    );
    await a.query(`ALTER TABLE ${voterTable} ALTER COLUMN snapshot_id SET DEFAULT '${id}'::uuid`);
    // The fact's row, to drop a repeated IIN's facts with its row; dropped before attaching.
    await b.query(
      `CREATE TABLE ${factTable} (LIKE register_status_fact INCLUDING DEFAULTS, "row" integer NOT NULL, CHECK (snapshot_id = '${id}'::uuid))`,
    );
    await b.query(`ALTER TABLE ${factTable} ALTER COLUMN snapshot_id SET DEFAULT '${id}'::uuid`);

    const separator = source.delimiter === '\t' ? "E'\\t'" : `'${source.delimiter}'`;
    const encoding = source.encoding === 'windows-1251' ? 'WIN1251' : 'UTF8';
    const voters = copyStream(
      a,
      `COPY ${voterTable} (${VOTER_COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM STDIN WITH (FORMAT csv, DELIMITER ${separator}, ENCODING '${encoding}')`,
    );
    const facts = copyStream(
      b,
      `COPY ${factTable} (${FACT_COLUMNS.map((c) => `"${c}"`).join(', ')}) FROM STDIN WITH (FORMAT csv, DELIMITER ${separator})`,
    );
    copies.push(voters, facts);
    const sep = source.delimiter.charCodeAt(0);
    const voterSink = new LineSink(sep);
    const factSink = new LineSink(sep);

    let headerSeen = false;
    let broken: Refusal | null = null;
    const fieldCount = columns.length;
    const onRecord = (r: CsvByteRecord) => {
      if (broken) return;
      if (!headerSeen) {
        headerSeen = true;
        return;
      }
      if (r.count !== fieldCount) {
        broken = refusal(
          'damaged',
          `the file is damaged at line ${r.line}: the record has ${r.count} fields where the header has ${fieldCount}`,
          '(file)',
          r.line,
        );
        return;
      }
      rowsRead += 1;
      if (!checker.check(r, rowsRead, voterSink, factSink)) {
        heldBack.rows += 1;
        for (const p of checker.problems) heldBack.add(rowsRead, p.field, p.rule);
        if (heldBack.rows > MAX_HELD_BACK) {
          broken = refusal(
            'too-many-problems',
            `more than ${MAX_HELD_BACK.toLocaleString('en-US')} rows have problems (by row ${rowsRead}): the file does not look like a register extract of format ${EXTRACT_FORMAT_V1.version}`,
          );
        }
      }
    };
    const reader = new CsvByteReader(source.delimiter, onRecord);

    // Progress for the endpoint and the command, about once a second, one update at a time.
    let lastProgress = Date.now();
    let progressing: Promise<unknown> = Promise.resolve();
    const progress = (force = false) => {
      const now = Date.now();
      if (!force && now - lastProgress < PROGRESS_MS) return;
      lastProgress = now;
      const p = { rowsRead, bytesRead: source.bytesRead(), sizeBytes };
      options.onProgress?.(p);
      progressing = progressing
        .then(() =>
          pool.query('UPDATE register_snapshot SET rows_read = $2, bytes_read = $3 WHERE id = $1::uuid', [
            id,
            p.rowsRead,
            p.bytesRead,
          ]),
        )
        .catch(() => undefined);
    };

    try {
      for await (const chunk of source.chunks()) {
        reader.push(chunk);
        if (reader.problem || broken) break;
        await send(voters, voterSink);
        await send(facts, factSink);
        progress();
      }
      if (!reader.problem && !broken) reader.end();
    } catch (err) {
      voters.stream.destroy(err as Error);
      facts.stream.destroy(err as Error);
      await Promise.allSettled([voters.finished, facts.finished]);
      if (err instanceof Refusal) {
        release(true);
        return await refuse(err.problems);
      }
      throw err;
    }
    const structural: Refusal | null = reader.problem
      ? refusal('damaged', structureMessage(reader.problem), '(file)', reader.problem.line)
      : broken;
    if (structural) {
      // Nothing more is sent: the COPYs end and their tables are dropped with the refusal.
      voters.stream.end();
      facts.stream.end();
      await Promise.allSettled([voters.finished, facts.finished]);
      release(true);
      return await refuse(structural.problems);
    }
    await send(voters, voterSink);
    await send(facts, factSink);
    voters.stream.end();
    facts.stream.end();
    await Promise.all([voters.finished, facts.finished]);
    progress(true);
    await progressing;
    seconds.read = clock();

    if (rowsRead === 0) {
      release();
      return await refuse([
        { code: 'empty', field: '(file)', line: 0, message: 'the file holds no rows: only the header' },
      ]);
    }

    // Repeated IINs: the primary key is built first; only when it finds a repeat are they looked for (GROUP BY), the first row kept.
    await a.query("SET maintenance_work_mem = '256MB'");
    await b.query("SET maintenance_work_mem = '256MB'");
    const repeats: [number, number][] = [];
    try {
      await a.query(`ALTER TABLE ${voterTable} ADD PRIMARY KEY (snapshot_id, iin)`);
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      await a.query("SET work_mem = '256MB'");
      const { rows } = await a.query<{ row: number; first: number }>(
        `SELECT row, first FROM (
           SELECT v.row, min(v.row) OVER (PARTITION BY v.iin) AS first
             FROM ${voterTable} v WHERE v.iin IN (SELECT iin FROM ${voterTable} GROUP BY iin HAVING count(*) > 1)) x
          WHERE row <> first ORDER BY row`,
      );
      for (const r of rows) repeats.push([r.row, r.first]);
      await a.query(`DELETE FROM ${voterTable} WHERE row = ANY($1::int[])`, [rows.map((r) => r.row)]);
      await a.query(`DELETE FROM ${factTable} WHERE row = ANY($1::int[])`, [rows.map((r) => r.row)]);
      await a.query(`ALTER TABLE ${voterTable} ADD PRIMARY KEY (snapshot_id, iin)`);
    }
    seconds.keys = clock();
    const iinField = FIELDS.findIndex((f) => f.name === 'IIN');
    for (const [row] of repeats) {
      heldBack.rows += 1;
      heldBack.tally(FIELDS[iinField].name, 'repeated', row);
    }
    const accepted = rowsRead - heldBack.rows;
    if (heldBack.rows > MAX_HELD_BACK || heldBack.rows > rowsRead * MAX_HELD_BACK_SHARE) {
      release();
      const share = Math.round((heldBack.rows / rowsRead) * 1000) / 10;
      return await refuse(
        [
          {
            code: 'too-many-problems',
            field: '(file)',
            line: 0,
            message: `${heldBack.rows.toLocaleString('en-US')} of its ${rowsRead.toLocaleString('en-US')} rows (${share}%) have problems, more than ${MAX_HELD_BACK_SHARE * 100}% or ${MAX_HELD_BACK.toLocaleString('en-US')} rows: the file does not look like a register extract of format ${EXTRACT_FORMAT_V1.version}`,
          },
        ],
        repeats,
      );
    }

    // The indexes the parents have, built on both connections at once.
    await Promise.all([
      a
        .query(`CREATE INDEX ON ${voterTable} (snapshot_id, district_id)`)
        .then(() => a.query(`ALTER TABLE ${voterTable} ALTER COLUMN snapshot_id DROP DEFAULT`)),
      b
        .query(`ALTER TABLE ${factTable} DROP COLUMN "row"`)
        .then(() => b.query(`ALTER TABLE ${factTable} ADD PRIMARY KEY (snapshot_id, id)`))
        .then(() => b.query(`CREATE INDEX ON ${factTable} (snapshot_id, iin)`))
        .then(() => b.query(`ALTER TABLE ${factTable} ALTER COLUMN snapshot_id DROP DEFAULT`)),
    ]);
    await recordProblems(pool, id, heldBack, repeats);
    const done = report();
    seconds.indexes = clock();

    // One transaction: attached and current.
    await a.query('BEGIN');
    try {
      await a.query(`ALTER TABLE register_voter ATTACH PARTITION ${voterTable} FOR VALUES IN ('${id}')`);
      await a.query(`ALTER TABLE register_status_fact ATTACH PARTITION ${factTable} FOR VALUES IN ('${id}')`);
      await a.query(
        `UPDATE register_snapshot SET rows_read = $2, rows_accepted = $3, rows_held_back = $4, bytes_read = $5, report = $6::jsonb WHERE id = $1::uuid`,
        [id, rowsRead, accepted, heldBack.rows, sizeBytes, JSON.stringify(done)],
      );
      await makeCurrent(a, id);
      await a.query('COMMIT');
    } catch (err) {
      await a.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    // Then the retention setting, outside the transaction (its partitions are detached concurrently,
    // so no reader waits behind it); the next import applies it again if this one is cut short.
    const dropped = await applyRetention(a, options.keep ?? DEFAULT_KEEP_SNAPSHOTS);
    seconds.activate = clock();
    return {
      snapshotId: id,
      version: snapshot.version,
      status: 'CURRENT',
      alreadyImported: false,
      rowsRead,
      rowsAccepted: accepted,
      rowsHeldBack: heldBack.rows,
      report: done,
      dropped,
      seconds,
    };
  } catch (err) {
    release(true);
    throw lostConnection ?? copies.find((c) => c.failure)?.failure ?? err;
  } finally {
    release();
  }
}

/** The held-back rows' problems by COPY: row, field, rule (and the first row of a repeated IIN). */
async function recordProblems(pool: Pool, id: string, heldBack: HeldBack, repeats: [number, number][]): Promise<void> {
  const client = await pool.connect();
  try {
    await copyRows(
      client,
      'register_snapshot_problem',
      ['snapshot_id', 'row', 'field', 'rule', 'first_row'],
      (function* () {
        for (const [row, field, rule] of heldBack.lines()) yield [id, row, field, rule, null];
        for (const [row, first] of repeats) yield [id, row, 'IIN', 'repeated', first];
      })(),
    );
  } finally {
    client.release();
  }
}
