/**
 * The region's consolidated voter file for the CEC, on the real test PostgreSQL: written from each
 * district's latest staged submission as an MS Access .mdb, read back by two independent readers
 * (mdb-reader and Debian's mdbtools); refused, naming the districts, while one has sent nothing.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MDBReader from 'mdb-reader';
import { Client } from 'pg';
import {
  ConsolidationRefusedError,
  consolidationWarnings,
  writeConsolidatedVoterFile,
} from '../../libs/db/files/consolidated';
import { FileStore } from '../../libs/files/store';
import { loadRegister, loadSubmission } from '../../libs/db/synthetic/load';
import { voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { testDatabaseUrl } from '../support/test-env';

const SPEC: ScenarioSpec = {
  seed: 7901,
  referenceDate: '2037-01-05',
  period: '2037-01',
  regions: [
    {
      code: '79',
      stationBase: 900,
      districts: [
        { id: 'syn79-a', nameRu: 'Район И', nameKk: 'И ауданы', locality: 'Шымкент', slot: 40, stations: [70, 50] },
        { id: 'syn79-b', nameRu: 'Район К', nameKk: 'К ауданы', locality: 'Шымкент', slot: 41, stations: [80] },
      ],
    },
  ],
};
const CREATED = new Date('2037-01-10T06:00:00Z');

let client: Client;
let store: FileStore;

beforeAll(async () => {
  client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  await loadRegister(client, SPEC);
  store = new FileStore(join(mkdtempSync(join(tmpdir(), 'tizim-consolidated-')), 'store'));
});

afterAll(async () => {
  await client?.end();
});

const consolidate = () =>
  writeConsolidatedVoterFile(client, store, { regionCode: '79', period: SPEC.period, createdAt: CREATED });

describe("the region's consolidated voter file", () => {
  it('is refused, naming the district, while a district has no staged voter file', async () => {
    await loadSubmission(client, SPEC, 'syn79-a', randomUUID(), '2037-01-02T05:00:00Z');
    await expect(consolidate()).rejects.toThrow(new ConsolidationRefusedError('79', SPEC.period, ['syn79-b']));
    await expect(consolidate()).rejects.toThrow(
      'region 79 cannot be consolidated for 2037-01: no voter file of district(s) syn79-b has been accepted',
    );
  });

  it("takes each district's latest submission, numbers Cod across the region, and both readers agree", async () => {
    await loadSubmission(client, SPEC, 'syn79-b', randomUUID(), '2037-01-02T06:00:00Z');
    // A correction of district A replaces its first submission: the same voters but the last ten.
    const corrected = randomUUID();
    await loadSubmission(client, SPEC, 'syn79-a', corrected, '2037-01-08T05:00:00Z');
    await client.query('DELETE FROM voter_file_record WHERE submission_id = $1 AND cod > 110', [corrected]);

    const file = await consolidate();
    const a = [...voterFile(SPEC, 'syn79-a')].filter((r) => r.cod <= 110);
    const b = [...voterFile(SPEC, 'syn79-b')];
    expect(file.records).toBe(a.length + b.length);
    expect(file.sources.map((s) => [s.districtId, s.submissionId === corrected, s.firstCod, s.lastCod])).toEqual([
      ['syn79-a', true, 1, a.length],
      ['syn79-b', false, a.length + 1, a.length + b.length],
    ]);
    expect(file.fileName).toBe('izbirateli_79_2037-01.mdb');

    const path = store.pathOf(file.sha256);
    const reader = new MDBReader(readFileSync(path));
    expect(reader.getTableNames()).toEqual(['Izbirateli']);
    const rows = reader.getTable('Izbirateli').getData();
    expect(rows.map((r) => r.Cod)).toEqual(Array.from({ length: file.records }, (_, i) => i + 1));
    const expected = [...a, ...b];
    rows.forEach((r, i) => {
      const e = expected[i]!;
      expect([
        r.Cod_izber,
        r.Soname,
        r.Name,
        r.Otchestvo,
        r.Cod_uch,
        (r.Date_rogd as Date).toISOString().slice(0, 10),
        r.Udostve,
        r.Dopol2,
      ]).toEqual([
        e.iin,
        e.surname,
        e.firstName,
        e.patronymic ?? null,
        e.stationCode,
        e.birthDate,
        e.documentNumber,
        e.deleted,
      ]);
    });

    // mdbtools: the same count and the same IINs in the same order.
    const csv = spawnSync('/usr/bin/mdb-export', ['-H', '-d', '|', path, 'Izbirateli'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(csv.status).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines.map((l) => l.split('|')[1]!.replace(/"/g, ''))).toEqual(expected.map((e) => e.iin));

    // The same staged data and request time give the same bytes: a retried job keeps the same file.
    expect((await consolidate()).sha256).toBe(file.sha256);
  });

  it('carries a record the intake staged with problems as it was staged: its empty values empty, Cod renumbered', async () => {
    const submission = randomUUID();
    await loadSubmission(client, SPEC, 'syn79-b', submission, '2037-01-09T05:00:00Z');
    // As the intake stages a record whose Cod repeated, whose surname was a placeholder and whose birth date was impossible.
    await client.query(
      `UPDATE voter_file_record SET cod = NULL, surname = NULL, birth_date = NULL, problems = '{Cod:repeated:1,Soname:placeholder,Date_rogd:impossible}'
                         WHERE submission_id = $1 AND row = 2`,
      [submission],
    );
    const file = await consolidate();
    const rows = new MDBReader(readFileSync(store.pathOf(file.sha256))).getTable('Izbirateli').getData();
    const a = [...voterFile(SPEC, 'syn79-a')].filter((r) => r.cod <= 110).length;
    expect(rows).toHaveLength(file.records);
    expect([rows[a + 1].Cod, rows[a + 1].Soname, rows[a + 1].Date_rogd, rows[a + 1].Cod_izber]).toEqual([
      a + 2,
      null,
      null,
      [...voterFile(SPEC, 'syn79-b')][1].iin,
    ]);
  });

  it('warns, by code and name, of the districts it includes though sent back, under review or never reconciled', async () => {
    const latest = async (districtId: string) =>
      (
        await client.query<{ id: string }>(
          'SELECT id FROM voter_submission WHERE period = $1 AND district_id = $2 ORDER BY received_at DESC LIMIT 1',
          [SPEC.period, districtId],
        )
      ).rows[0]!.id;
    const names = { a: { nameRu: 'Район И', nameKk: 'И ауданы' }, b: { nameRu: 'Район К', nameKk: 'К ауданы' } };
    // Nothing reconciled yet: both districts are included, both warned of.
    expect((await consolidate()).warnings).toEqual([
      { code: 'not-reconciled', districtId: 'syn79-a', ...names.a, round: 0 },
      { code: 'not-reconciled', districtId: 'syn79-b', ...names.b, round: 0 },
    ]);

    const reconciled = (districtId: string, submissionId: string) =>
      client.query(
        `INSERT INTO cycle_reconciliation (id, workflow_id, period, district_id, round, discrepancies, result, created_at, submission_id)
         VALUES ($1, $2, $3, $4, 1, 3, '{}', now(), $5)`,
        [randomUUID(), `cycle-${districtId}`, SPEC.period, districtId, submissionId],
      );
    // created_at is kept to the millisecond: `at` gives two tasks the same one, as happens in a busy round.
    const task = (districtId: string, kind: string, status: string, outcome: object | null, at?: string) =>
      client.query(
        `INSERT INTO cycle_task (id, workflow_id, period, region_code, district_id, kind, round, assignee_role, due_at, status, outcome, created_at)
         VALUES ($1, $2, $3, '79', $4, $5::"CycleTaskKind", 1, 'DISTRICT_COMMISSION', now(), $6::"CycleTaskStatus", $7, coalesce($8::timestamptz, clock_timestamp()))`,
        [
          randomUUID(),
          `cycle-${districtId}`,
          SPEC.period,
          districtId,
          kind,
          status,
          outcome && JSON.stringify(outcome),
          at ?? null,
        ],
      );
    await reconciled('syn79-a', await latest('syn79-a'));
    await reconciled('syn79-b', await latest('syn79-b'));
    await task('syn79-b', 'REVIEW_DISCREPANCIES', 'OPEN', null);
    expect(await consolidationWarnings(client, '79', SPEC.period)).toEqual([
      { code: 'under-review', districtId: 'syn79-a', ...names.a, round: 1 },
      { code: 'under-review', districtId: 'syn79-b', ...names.b, round: 1 },
    ]);

    // The commission sends A back (its corrections pending) and accepts B.
    const sentBackAt = new Date().toISOString();
    await task(
      'syn79-a',
      'REVIEW_DISCREPANCIES',
      'COMPLETED',
      { kind: 'REVIEW_DISCREPANCIES', decision: 'send-back' },
      sentBackAt,
    );
    await task('syn79-a', 'SUBMIT_CORRECTIONS', 'OPEN', null, sentBackAt);
    await client.query(
      `UPDATE cycle_task SET status = 'COMPLETED', outcome = '{"kind":"REVIEW_DISCREPANCIES","decision":"accept"}' WHERE district_id = 'syn79-b'`,
    );
    const file = await consolidate();
    expect(file.warnings).toEqual([{ code: 'sent-back', districtId: 'syn79-a', ...names.a, round: 1 }]);

    // A's corrections arrive: sent, but not reconciled since.
    await client.query(
      `UPDATE cycle_task SET status = 'COMPLETED' WHERE district_id = 'syn79-a' AND kind = 'SUBMIT_CORRECTIONS'`,
    );
    await loadSubmission(client, SPEC, 'syn79-a', randomUUID(), '2037-01-10T05:00:00Z');
    expect(await consolidationWarnings(client, '79', SPEC.period)).toEqual([
      { code: 'not-reconciled', districtId: 'syn79-a', ...names.a, round: 1 },
    ]);
  });

  it('names on refusal every district not ready, the one without a file among them', async () => {
    await client.query(
      `INSERT INTO district (id, region_code, name_ru, name_kk) VALUES ('syn79-z', '79', 'Район Я', 'Я ауданы')`,
    );
    try {
      const refused = await consolidate().catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(ConsolidationRefusedError);
      expect((refused as ConsolidationRefusedError).warnings.map((w) => [w.code, w.districtId])).toEqual([
        ['not-reconciled', 'syn79-a'],
        ['no-file', 'syn79-z'],
      ]);
    } finally {
      await client.query(`DELETE FROM district WHERE id = 'syn79-z'`);
    }
  });
});
