/**
 * The register extract import (libs/db/register/snapshot-import.ts) on the real test PostgreSQL, in a
 * database of its own (a snapshot made current changes the one global register): rows with
 * problems held back and reported by row, field and rule, the good rows and their facts in the
 * snapshot, the snapshot current and the earlier one superseded; a file refused for its structure
 * leaves nothing behind; the same file again answers with its snapshot; the retention setting
 * drops old partitions; Windows-1251 and an Access extract read as CSV does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { writeJet4 } from '../../libs/files/jet4';
import { FileStore } from '../../libs/files/store';
import { EXTRACT_FIELD_NAMES } from '../../libs/register/extract-format';
import { importRegisterSnapshot, type RegisterImportOutcome } from '../../libs/db/register/snapshot-import';
import { INITIAL_SNAPSHOT_ID, registerFactPartition, registerVoterPartition } from '../../libs/db/register/snapshots';
import { demoExtractRows, extractCsv, type ExtractRow } from '../../libs/synthetic/register-extract';
import { useOwnDatabase } from '../support/own-database';
import { AS_OF, PROBLEM_CASES } from '../support/register-extract-cases';

const db = useOwnDatabase('register_import');
let dir = '';
let store: FileStore;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tizim-register-import-'));
  store = new FileStore(join(dir, 'store'));
});

function fileOf(name: string, content: string | Buffer): string {
  const path = join(dir, `${randomUUID()}-${name}`);
  writeFileSync(path, content);
  return path;
}

const importFile = (name: string, content: string | Buffer, asOf = AS_OF, keep?: number) =>
  importRegisterSnapshot(db.pool, store, {
    path: fileOf(name, content),
    fileName: name,
    asOf,
    actor: 'test-admin',
    keep,
  });

const q = async <R extends Record<string, unknown>>(sql: string, values: unknown[] = []) =>
  (await db.pool.query<R>(sql, values)).rows;
const tableExists = async (name: string) =>
  (await q<{ n: number }>('SELECT count(*)::int AS n FROM pg_class WHERE relname = $1', [name]))[0].n === 1;
const current = async () =>
  (
    await q<{ id: string; version: number }>(
      "SELECT id::text AS id, version FROM register_snapshot WHERE status = 'CURRENT'",
    )
  )[0];

const demo = demoExtractRows(AS_OF);
/** A good row to spoil: no facts, station given. */
const base = demo.find(
  (r) =>
    !r.DECEASED_ON &&
    !r.EMIGRATED_ON &&
    !r.INCAPABLE_SINCE &&
    !r.IMPRISONED_SINCE &&
    !r.DEREGISTERED_ON &&
    r.CITIZENSHIP === 'KZ' &&
    !r.CITIZENSHIP_LOST_ON &&
    r.DISTRICT === '7101',
)!;

describe('register extract import', () => {
  let first: RegisterImportOutcome;
  const goodRows = demo.length;
  // The bad rows follow the good ones: row numbers goodRows+1…, then one repeating row 1's IIN.
  const bad = PROBLEM_CASES.map((c) => c.spoil(base));
  const content = extractCsv([...demo, ...bad, { ...demo[0] }]);

  it('holds back each row with a problem, reported by row, field and rule, and makes the rest the current snapshot', async () => {
    first = await importFile('register-2027-01-01.csv', content);
    expect(first).toMatchObject({
      status: 'CURRENT',
      version: 1,
      alreadyImported: false,
      rowsRead: goodRows + bad.length + 1,
      rowsAccepted: goodRows,
      rowsHeldBack: bad.length + 1,
    });

    const problems = await q<{ row: number; field: string; rule: string; first_row: number | null }>(
      'SELECT row, field, rule, first_row FROM register_snapshot_problem WHERE snapshot_id = $1 ORDER BY row, field',
      [first.snapshotId],
    );
    expect(problems).toEqual([
      ...PROBLEM_CASES.map((c, i) => ({ row: goodRows + 1 + i, field: c.field, rule: c.rule, first_row: null })),
      { row: goodRows + bad.length + 1, field: 'IIN', rule: 'repeated', first_row: 1 },
    ]);
    // The report tallies the same, and quotes no value of the file.
    const report = JSON.stringify(first.report);
    expect(first.report!.heldBack.rows).toBe(bad.length + 1);
    for (const r of [base, demo[0]]) for (const v of [r.IIN, r.SURNAME, r.FIRST_NAME]) expect(report).not.toContain(v);

    const voters = await q<{ n: number; stations: number }>(
      'SELECT count(*)::int AS n, count(station_id)::int AS stations FROM register_voter WHERE snapshot_id = $1',
      [first.snapshotId],
    );
    expect(voters[0]).toEqual({ n: goodRows, stations: goodRows });
    const one = (
      await q<Record<string, unknown>>(
        `SELECT row, surname, sex::text, to_char(birth_date, 'YYYY-MM-DD') AS birth, v.region_code, v.district_id, kato, citizenship, document_number, p.number AS station
         FROM register_voter v LEFT JOIN polling_station p ON p.id = v.station_id WHERE snapshot_id = $1 AND iin = $2`,
        [first.snapshotId, demo[1].IIN],
      )
    )[0];
    expect(one).toEqual({
      row: 2,
      surname: demo[1].SURNAME,
      sex: demo[1].SEX === 'M' ? 'MALE' : 'FEMALE',
      birth: demo[1].BIRTH_DATE,
      region_code: demo[1].REGION,
      district_id: demo[1].DISTRICT,
      kato: demo[1].KATO,
      citizenship: 'KZ',
      document_number: demo[1].DOC_NUMBER,
      station: Number(demo[1].STATION),
    });

    // Every fact of the good rows, of each kind; the sentence with its end.
    const facts = await q<{ kind: string; n: number }>(
      'SELECT kind::text, count(*)::int AS n FROM register_status_fact WHERE snapshot_id = $1 GROUP BY 1 ORDER BY 1',
      [first.snapshotId],
    );
    const expected = new Map<string, number>();
    const KIND: Record<string, string> = {
      DEREGISTERED_ON: 'DEREGISTERED',
      EMIGRATED_ON: 'EMIGRATED',
      NON_CITIZEN_SINCE: 'NON_CITIZEN',
      INCAPABLE_SINCE: 'INCAPABLE',
      IMPRISONED_SINCE: 'IMPRISONED',
      DECEASED_ON: 'DECEASED',
      CITIZENSHIP_LOST_ON: 'CITIZENSHIP_LOST',
    };
    for (const r of demo)
      for (const [f, k] of Object.entries(KIND)) if (r[f]) expected.set(k, (expected.get(k) ?? 0) + 1);
    expect(facts).toEqual([...expected].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => ({ kind, n })));
    expect(facts).toHaveLength(7);
    const prisoner = demo.find((r) => r.IMPRISONED_SINCE)!;
    expect(
      await q(
        `SELECT to_char(since, 'YYYY-MM-DD') AS since, to_char(until, 'YYYY-MM-DD') AS until FROM register_status_fact WHERE snapshot_id = $1 AND iin = $2`,
        [first.snapshotId, prisoner.IIN],
      ),
    ).toEqual([{ since: prisoner.IMPRISONED_SINCE, until: prisoner.IMPRISONED_UNTIL }]);

    expect(await current()).toEqual({ id: first.snapshotId, version: 1 });
    expect(await q('SELECT status::text FROM register_snapshot WHERE id = $1', [INITIAL_SNAPSHOT_ID])).toEqual([
      { status: 'SUPERSEDED' },
    ]);
    expect(
      await q('SELECT rows_read, bytes_read::int, size_bytes::int FROM register_snapshot WHERE id = $1', [
        first.snapshotId,
      ]),
    ).toEqual([
      {
        rows_read: goodRows + bad.length + 1,
        bytes_read: Buffer.byteLength(content),
        size_bytes: Buffer.byteLength(content),
      },
    ]);
  });

  it('answers the same file with the same as-of date with its snapshot, importing nothing', async () => {
    const again = await importFile('the-same.csv', content);
    expect(again).toMatchObject({
      snapshotId: first.snapshotId,
      version: 1,
      status: 'CURRENT',
      alreadyImported: true,
      rowsAccepted: goodRows,
    });
    expect((await q<{ n: number }>('SELECT count(*)::int AS n FROM register_snapshot'))[0].n).toBe(2);
  });

  it.each([
    [
      'a header without a required field',
      extractCsv(
        demo,
        EXTRACT_FIELD_NAMES.filter((f) => f !== 'BIRTH_DATE'),
      ),
      /lacks the required field BIRTH_DATE/,
      'header',
    ],
    [
      'a header with an unknown field',
      extractCsv(
        demo.map((r) => ({ ...r, NOTE: 'x' })),
        [...EXTRACT_FIELD_NAMES, 'NOTE'],
      ),
      /field "NOTE" \(column 28\) that format 1 does not have/,
      'header',
    ],
    [
      'a quotation mark never closed',
      `${extractCsv(demo.slice(0, 20))}${demo[20].IIN};"Ахметов;Нурлан\r\n`,
      /damaged at line 22: a quotation mark/,
      'damaged',
    ],
    [
      'a row with fewer fields',
      `${extractCsv(demo.slice(0, 20))}${demo[20].IIN};Ахметов\r\n`,
      /damaged at line 22: the record has 2 fields where the header has 27/,
      'damaged',
    ],
    ['no rows', `${EXTRACT_FIELD_NAMES.join(';')}\r\n`, /holds no rows/, 'empty'],
    [
      'more than 10% of rows held back',
      extractCsv([...demo.slice(0, 50), ...demo.slice(50, 60).map((r) => ({ ...r, SEX: '?' }))]),
      /10 of its 60 rows \(16.7%\) have problems/,
      'too-many-problems',
    ],
    [
      'a binary file',
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)),
      /not text: it holds binary data/,
      'not-text',
    ],
  ])(
    'refuses a file with %s, leaving no partition and the current snapshot as it was',
    async (_what, file, message, code) => {
      const before = await current();
      const out = await importFile('refused.csv', file);
      expect(out.status).toBe('REFUSED');
      expect(out.report!.refusal!.map((p) => p.message).join('\n')).toMatch(message);
      // The kind, for the console to say it in Russian or Kazakh.
      expect(out.report!.refusal!.map((p) => p.code)).toContain(code);
      expect(await tableExists(registerVoterPartition(out.snapshotId))).toBe(false);
      expect(await tableExists(registerFactPartition(out.snapshotId))).toBe(false);
      expect(await current()).toEqual(before);
      expect(await q('SELECT status::text FROM register_snapshot WHERE id = $1', [out.snapshotId])).toEqual([
        { status: 'REFUSED' },
      ]);
    },
  );

  it('reads a Windows-1251 extract with commas, and keeps the Cyrillic names', async () => {
    const rows = demo
      .slice(0, 100)
      .map((r) => ({ ...r, SEX: r.SEX === 'M' ? 'М' : 'Ж', BIRTH_DATE: r.BIRTH_DATE.split('-').reverse().join('.') }));
    // The header in lower case and in another order: the format takes either.
    const lower = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])));
    const text = extractCsv(
      lower,
      [...EXTRACT_FIELD_NAMES].reverse().map((f) => f.toLowerCase()),
      ',',
    );
    const out = await importFile('register-1251.csv', encode1251(text), '2027-01-02');
    expect(out.report?.refusal).toBeUndefined();
    expect(out).toMatchObject({ status: 'CURRENT', rowsAccepted: 100, rowsHeldBack: 0 });
    const names = await q<{ surname: string; sex: string; birth: string }>(
      "SELECT surname, sex::text AS sex, to_char(birth_date, 'YYYY-MM-DD') AS birth FROM register_voter WHERE snapshot_id = $1 ORDER BY row LIMIT 3",
      [out.snapshotId],
    );
    expect(names).toEqual(
      demo
        .slice(0, 3)
        .map((r) => ({ surname: r.SURNAME, sex: r.SEX === 'M' ? 'MALE' : 'FEMALE', birth: r.BIRTH_DATE })),
    );
    expect(await current()).toMatchObject({ id: out.snapshotId });
  });

  it('reads an MS Access extract (table REGISTER) as it reads CSV', async () => {
    const rows = demo.slice(0, 80);
    const dateFields = new Set([
      'BIRTH_DATE',
      'DOC_ISSUED_ON',
      'DOC_EXPIRES_ON',
      'REGISTERED_ON',
      'DEREGISTERED_ON',
      'EMIGRATED_ON',
      'NON_CITIZEN_SINCE',
      'INCAPABLE_SINCE',
      'IMPRISONED_SINCE',
      'IMPRISONED_UNTIL',
      'DECEASED_ON',
      'CITIZENSHIP_LOST_ON',
    ]);
    const table = {
      name: 'REGISTER',
      columns: EXTRACT_FIELD_NAMES.map((f) => ({
        name: f,
        type: dateFields.has(f) ? ('datetime' as const) : f === 'STATION' ? ('long' as const) : ('text' as const),
      })),
      rows: rows.map((r: ExtractRow) =>
        EXTRACT_FIELD_NAMES.map((f) => {
          const v = r[f] ?? '';
          if (v === '') return null;
          if (dateFields.has(f)) return new Date(`${v}T00:00:00Z`);
          return f === 'STATION' ? Number(v) : v;
        }),
      ),
    };
    const out = await importFile('register.mdb', writeJet4(table), '2027-01-03');
    expect(out).toMatchObject({ status: 'CURRENT', rowsAccepted: 80, rowsHeldBack: 0 });
    const got = await q<{ iin: string; surname: string; birth: string }>(
      "SELECT iin, surname, to_char(birth_date, 'YYYY-MM-DD') AS birth FROM register_voter WHERE snapshot_id = $1 ORDER BY row LIMIT 2",
      [out.snapshotId],
    );
    expect(got).toEqual(rows.slice(0, 2).map((r) => ({ iin: r.IIN, surname: r.SURNAME, birth: r.BIRTH_DATE })));
  });

  it('keeps the rows of as many superseded snapshots as the retention setting says, and drops the rest', async () => {
    const out = await importFile('register-2027-02-01.csv', extractCsv(demo.slice(0, 30)), '2027-02-01', 1);
    expect(out.status).toBe('CURRENT');
    const all = await q<{ id: string; version: number; status: string; purged: boolean }>(
      "SELECT id::text AS id, version, status::text AS status, purged_at IS NOT NULL AS purged FROM register_snapshot WHERE status IN ('CURRENT', 'SUPERSEDED') ORDER BY version",
    );
    // Current: this one; kept: the newest superseded (the Access one); every older one dropped.
    const kept = all.filter((s) => !s.purged).map((s) => s.version);
    expect(kept).toEqual([all[all.length - 2].version, out.version]);
    expect(out.dropped).toContain(first.version);
    expect(all.filter((s) => s.purged).map((s) => s.version)).toEqual(all.slice(0, -2).map((s) => s.version));
    for (const s of all) {
      expect(await tableExists(registerVoterPartition(s.id))).toBe(!s.purged);
      expect(await tableExists(registerFactPartition(s.id))).toBe(!s.purged);
    }
    // A purged snapshot's file imported again is a new snapshot.
    const back = await importFile('register-2027-01-01.csv', content);
    expect(back).toMatchObject({ status: 'CURRENT', alreadyImported: false, rowsAccepted: goodRows });
    expect(back.snapshotId).not.toBe(first.snapshotId);
  });
});

/** Text in Windows-1251 (the demo's names: Russian and Kazakh letters Windows-1251 has none of are not used here). */
function encode1251(text: string): Buffer {
  const table = new TextDecoder('windows-1251').decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  const byChar = new Map([...table].map((c, i) => [c, i]));
  return Buffer.from(
    [...text].map((c) => {
      const b = byChar.get(c);
      if (b === undefined) throw new Error(`U+${c.codePointAt(0)!.toString(16)} has no Windows-1251 byte`);
      return b;
    }),
  );
}
