/**
 * The command that imports the CEC's register extract as the current register snapshot
 * (libs/db/register/snapshot-import.ts):
 *
 *   npm run register:import -- FILE --as-of 2027-01-01
 *
 * DATABASE_URL names the database; the original is kept in the file store (TIZIM_FILE_STORE, as
 * the API and the worker keep uploads); TIZIM_REGISTER_KEEP_SNAPSHOTS superseded snapshots keep
 * their rows (default 2). Progress on stderr; at the end a summary that names rows, fields and
 * rules, never a value of the file. Exit code 0 when the snapshot is current, 2 when the file is
 * refused, 1 when the import failed.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Pool } from 'pg';
import { withSecretFiles } from '../libs/config/config';
import { FileStore } from '../libs/files/store';
import { failureReason } from '../libs/observability/failure-reason';
import {
  DEFAULT_KEEP_SNAPSHOTS,
  importRegisterSnapshot,
  type RegisterImportOutcome,
  type RegisterImportProgress,
} from '../libs/db/register/snapshot-import';

const USAGE = 'usage: npm run register:import -- FILE --as-of YYYY-MM-DD';

function args(argv: string[]): { file: string; asOf: string } {
  let file: string | undefined;
  let asOf: string | undefined;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--as-of') asOf = argv[++i];
    else if (a.startsWith('--as-of=')) asOf = a.slice('--as-of='.length);
    else if (!a.startsWith('--') && file === undefined) file = a;
    else throw new Error(`unknown argument "${a}"\n${USAGE}`);
  }
  if (!file) throw new Error(`the extract's file is missing\n${USAGE}`);
  if (!asOf || !/^\d{4}-\d{2}-\d{2}$/.test(asOf))
    throw new Error(`--as-of must be the extract's date, YYYY-MM-DD\n${USAGE}`);
  return { file: resolve(file), asOf };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number) => fmt(bytes / 2 ** 20, 1);

/** One line of progress on stderr, redrawn in place on a terminal. */
function progressBar(started: number): (p: RegisterImportProgress) => void {
  const tty = process.stderr.isTTY;
  return (p) => {
    const share = p.sizeBytes > 0 ? Math.min(1, p.bytesRead / p.sizeBytes) : 0;
    const width = 30;
    const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.');
    const seconds = (Date.now() - started) / 1000;
    const line = `[${bar}] ${fmt(share * 100, 1)}%  ${fmt(p.rowsRead)} rows  ${mb(p.bytesRead)} of ${mb(p.sizeBytes)} MB  ${fmt(seconds)} s`;
    process.stderr.write(tty ? `\r${line}` : `${line}\n`);
  };
}

function summary(out: RegisterImportOutcome, seconds: number): string {
  const lines: string[] = [];
  if (out.status === 'REFUSED') {
    lines.push(
      `REFUSED: register snapshot v${out.version} (${out.snapshotId}) was not imported; the file was refused:`,
    );
    for (const p of out.report?.refusal ?? []) lines.push(`  - ${p.line ? `line ${p.line}: ` : ''}${p.message}`);
  } else {
    lines.push(
      out.alreadyImported
        ? `ALREADY IMPORTED: the same file with the same as-of date is register snapshot v${out.version} (${out.snapshotId}, ${out.status.toLowerCase()}); nothing was imported now`
        : `CURRENT: register snapshot v${out.version} (${out.snapshotId}) is now the register`,
    );
  }
  lines.push(`rows read ${fmt(out.rowsRead)}, accepted ${fmt(out.rowsAccepted)}, held back ${fmt(out.rowsHeldBack)}`);
  const tallies = out.report?.heldBack.problems ?? [];
  if (tallies.length > 0) {
    lines.push('held back (field: rule, rows, the first rows):');
    for (const t of tallies)
      lines.push(
        `  ${t.field}: ${t.rule}  ${fmt(t.count)}  rows ${t.firstRows.join(', ')}${t.count > t.firstRows.length ? ', …' : ''}`,
      );
  }
  if (out.dropped.length > 0)
    lines.push(
      `retention: the rows of snapshot${out.dropped.length > 1 ? 's' : ''} v${out.dropped.join(', v')} were dropped`,
    );
  lines.push(`elapsed ${fmt(seconds, 1)} s`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<number> {
  const { file, asOf } = args(process.argv.slice(2));
  if (!existsSync(file)) throw new Error(`there is no file ${file}`);
  // DATABASE_URL or DATABASE_URL_FILE, as the API and the worker read it.
  const secrets = withSecretFiles(process.env);
  if (secrets.problems.length) throw new Error(secrets.problems.join('; '));
  const databaseUrl = secrets.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: the command needs the database to import into');
  const keepRaw = process.env.TIZIM_REGISTER_KEEP_SNAPSHOTS?.trim();
  const keep = keepRaw ? Number(keepRaw) : DEFAULT_KEEP_SNAPSHOTS;
  if (!Number.isInteger(keep) || keep < 0 || keep > 100)
    throw new Error(
      `TIZIM_REGISTER_KEEP_SNAPSHOTS is "${keepRaw}"; expected a whole number of snapshots from 0 to 100`,
    );
  const store = new FileStore(resolve(process.env.TIZIM_FILE_STORE?.trim() || join('.local', 'files')));
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  pool.on('error', () => undefined);
  const started = Date.now();
  try {
    const out = await importRegisterSnapshot(pool, store, {
      path: file,
      fileName: basename(file),
      asOf,
      actor: `command:${userInfo().username}`,
      keep,
      onProgress: progressBar(started),
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(summary(out, (Date.now() - started) / 1000));
    return out.status === 'REFUSED' ? 2 : 0;
  } catch (err) {
    if (process.stderr.isTTY) process.stderr.write('\n');
    // The reason only: a driver's message may quote a value of the file.
    process.stderr.write(
      `register:import failed: ${failureReason(err)}; the snapshot is marked FAILED, and running the command again is safe\n`,
    );
    return 1;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    process.stderr.write(`register:import: ${err.message}\n`);
    process.exitCode = 1;
  },
);
