/**
 * `npm run register:import -- FILE --as-of DATE` as an admin runs it (scripts/register-import.ts in
 * a child process, on a database of its own): the shipped sample becomes the current snapshot
 * with its three bad rows held back and named by row, field and rule; progress on stderr; a file
 * that is not an extract is refused with exit code 2; a missing date is explained.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/paths';
import { SAMPLE_EXTRACT_PATH } from '../../libs/synthetic/register-extract';
import { useOwnDatabase } from '../support/own-database';
import { runTs } from '../support/run-ts';

const db = useOwnDatabase('register_command');
const COMMAND = join(ROOT, 'scripts', 'register-import.ts');
const SAMPLE = join(ROOT, 'prisma', 'samples', SAMPLE_EXTRACT_PATH);
let env: Record<string, string>;

beforeAll(() => {
  env = { DATABASE_URL: db.url, TIZIM_FILE_STORE: mkdtempSync(join(tmpdir(), 'tizim-register-command-')) };
});

it('imports the shipped sample as the current snapshot, holding back its bad rows by row, field and rule', async () => {
  const out = await runTs(COMMAND, [SAMPLE, '--as-of', '2027-01-01'], env);
  expect(out.code).toBe(0);
  expect(out.stdout).toMatch(/^CURRENT: register snapshot v1 \([0-9a-f-]{36}\) is now the register$/m);
  const {
    rows: [snapshot],
  } = await db.pool.query<{ rows_read: number; rows_accepted: number; rows_held_back: number; status: string }>(
    'SELECT rows_read, rows_accepted, rows_held_back, status FROM register_snapshot WHERE version = 1',
  );
  expect(snapshot.status).toBe('CURRENT');
  expect(out.stdout).toContain(
    `rows read ${snapshot.rows_read.toLocaleString('en-US')}, accepted ${snapshot.rows_accepted.toLocaleString('en-US')}, held back ${snapshot.rows_held_back}`,
  );
  expect(snapshot.rows_held_back).toBeGreaterThan(0);
  const { rows: problems } = await db.pool.query<{ row: number; field: string; rule: string }>(
    'SELECT row, field, rule FROM register_snapshot_problem ORDER BY row',
  );
  for (const p of problems) expect(out.stdout).toMatch(new RegExp(`^  ${p.field}: ${p.rule}  1  rows ${p.row}$`, 'm'));
  // Progress, not a hang: at least the final line, with the file's size.
  expect(out.stderr).toMatch(/\[#+\] 100\.0%\s+[\d,]+ rows\s+[\d.]+ of [\d.]+ MB/);
  // Nothing of the file in the output: no IIN.
  expect(out.stdout + out.stderr).not.toMatch(/\b\d{12}\b/);

  const again = await runTs(COMMAND, [SAMPLE, '--as-of', '2027-01-01'], env);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/^ALREADY IMPORTED: the same file with the same as-of date is register snapshot v1/m);
});

it('refuses a file that is not a register extract with exit code 2, and explains a missing date', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tizim-register-command-bad-'));
  const bad = join(dir, 'voters.csv');
  writeFileSync(bad, 'Cod;Cod_izber;Soname\n1;900101300011;Иванов\n');
  const refused = await runTs(COMMAND, [bad, '--as-of', '2027-01-01'], env);
  expect(refused.code).toBe(2);
  expect(refused.stdout).toMatch(/^REFUSED: register snapshot v\d+ .* the file was refused:$/m);
  expect(refused.stdout).toMatch(/IIN|SURNAME/);
  const {
    rows: [current],
  } = await db.pool.query<{ version: number }>("SELECT version FROM register_snapshot WHERE status = 'CURRENT'");
  expect(current.version).toBe(1);

  const noDate = await runTs(COMMAND, [bad], env);
  expect(noDate.code).toBe(1);
  expect(noDate.stderr).toContain("--as-of must be the extract's date, YYYY-MM-DD");
  expect(noDate.stderr).toContain('usage: npm run register:import -- FILE --as-of YYYY-MM-DD');
});
