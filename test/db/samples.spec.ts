/**
 * The sample files of prisma/samples/ against the register the stack seeds, on the real test
 * PostgreSQL: each district's clean set (voters as CSV and as .mdb, the station list as XLSX and as
 * CSV, the boundaries) is accepted and reconciles with no finding at all, and its boundaries put
 * every voter of the district inside their own station (the voting-day check); each with-errors
 * voter file is accepted and gives exactly the findings prisma/samples/README.md lists, each once,
 * with its category, field and Cod.
 *
 * The run's shared database holds the tests' small demo (test/support/fixtures.ts seeds 3 voters
 * on 1 station per district), which the samples are not made for: this suite seeds the full demo
 * (what `npm run stack` seeds) into a database of its own, migrated by the built migrate command
 * (dist/, as `npm test` builds it) and dropped at the end.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createPrismaClient, type PrismaClient } from '../../libs/db/prisma';
import { importListFile, type ListFileKind } from '../../libs/db/files/list-import';
import type { ImportOutcome } from '../../libs/db/files/received';
import { FileStore } from '../../libs/files/store';
import { importVoterCsv } from '../../libs/db/files/voter-import';
import { matchBoundaries } from '../../libs/matching/address';
import { reconcileSubmission } from '../../libs/db/reconciliation/engine';
import { demoRegister, DISTRICTS } from '../../libs/synthetic/demo';
import { sampleFindings, sampleNames, SAMPLES_DIR } from '../../libs/synthetic/samples';
import { seedDemo } from '../../prisma/seed';
import { dropDatabase } from '../../scripts/migrate';
import { ROOT } from '../../scripts/lib/paths';
import { testDatabaseUrl } from '../support/test-env';

type Uuid = ReturnType<typeof randomUUID>;
/** The period the README's walk-through uses; files received a few days before 1 January. */
const PERIOD = '2027-01';
const RECEIVED_AT = '2026-12-28T05:00:00Z';
const REFERENCE_DATE = '2026-12-30';

const register = demoRegister();
const databaseUrl = (() => {
  const url = new URL(testDatabaseUrl());
  url.pathname = `${url.pathname}_samples`;
  return url.toString();
})();
let prisma: PrismaClient;
let client: Client;
let store: FileStore;
let dir: string;
/** Each district's clean CSV submission, which the .mdb must stage alike. */
const csvSubmission: Record<string, string> = {};

beforeAll(async () => {
  // The project's migrate command, in a process of its own: Prisma's WASM schema engine is an ES
  // module that Jest's module loader cannot load (the global setup migrates outside it).
  const migrate = join(ROOT, 'dist', 'scripts', 'migrate.js');
  if (!existsSync(migrate)) throw new Error(`${migrate} is missing: build first (npm run build; npm test does)`);
  execFileSync(process.execPath, [migrate, 'deploy'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: 'pipe',
  });
  prisma = createPrismaClient(databaseUrl, { maxConnections: 4 });
  expect(await seedDemo(prisma)).toEqual({ voters: 720, stations: 18 });
  client = new Client({ connectionString: databaseUrl });
  await client.connect();
  dir = mkdtempSync(join(tmpdir(), 'tizim-samples-'));
  store = new FileStore(join(dir, 'store'));
}, 180_000);

afterAll(async () => {
  await client?.end();
  await prisma?.$disconnect();
  if (!process.env.TIZIM_TEST_KEEP_DATABASE) await dropDatabase(databaseUrl);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A committed sample as the API receives it: a copy on disk, the district's upload. */
function upload(districtId: string, name: string, submissionId?: string) {
  const path = join(dir, `${randomUUID()}-${name.replace('/', '-')}`);
  copyFileSync(join(ROOT, SAMPLES_DIR, districtId, name), path);
  const { regionCode } = DISTRICTS.find((d) => d.id === districtId)!;
  return {
    fileId: randomUUID(),
    path,
    fileName: name.split('/').pop()!,
    period: PERIOD,
    regionCode,
    districtId,
    uploadedBy: `registrar.${districtId}`,
    receivedAt: RECEIVED_AT,
    submissionId,
  };
}

async function accepted(outcome: Promise<ImportOutcome>): Promise<Extract<ImportOutcome, { status: 'ACCEPTED' }>> {
  const o = await outcome;
  // A refusal's report names rows and fields only, never the data: safe to show.
  if (o.status !== 'ACCEPTED') throw new Error(`refused: ${JSON.stringify(o.report.problems.slice(0, 5))}`);
  return o;
}

const voters = (districtId: string, name: string) =>
  accepted(importVoterCsv(prisma, client, store, upload(districtId, name)));
const list = (kind: ListFileKind, districtId: string, name: string, submissionId: string) =>
  accepted(importListFile(prisma, client, store, kind, upload(districtId, name, submissionId)));

async function findingsOf(submissionId: string) {
  const run = await reconcileSubmission(prisma, {
    runId: randomUUID(),
    submissionId,
    referenceDate: REFERENCE_DATE,
    workflowId: 'samples-test',
    round: 1,
    at: '2026-12-30T05:00:00Z',
  });
  const rows = await prisma.reconciliationDiscrepancy.findMany({
    where: { runId: run.runId as Uuid },
    orderBy: [{ category: 'asc' }, { row: 'asc' }],
  });
  return { run, rows };
}

describe.each(DISTRICTS.map((d) => [d.id]))('the sample files of district %s', (id) => {
  const n = sampleNames(id);
  const districtVoters = register.voters.filter((v) => v.districtId === id);

  it('the clean set (voters CSV, stations XLSX, boundaries XLSX) is accepted and reconciles with no finding; its boundaries hold every voter on their station', async () => {
    const file = await voters(id, n.votersCsv);
    csvSubmission[id] = file.submissionId;
    expect(file).toMatchObject({ records: districtVoters.length, rowsWithProblems: 0, recordProblems: 0 });
    expect(await list('STATIONS', id, n.stationsXlsx, file.submissionId)).toMatchObject({
      submissionId: file.submissionId,
      records: 3,
    });
    const boundaries = await list('BOUNDARIES', id, n.boundariesXlsx, file.submissionId);

    const { run, rows } = await findingsOf(file.submissionId);
    expect(rows.map((r) => `${r.category} ${r.subcategory}`)).toEqual([]);
    expect(run).toMatchObject({
      voterRecords: districtVoters.length,
      stationRecords: 3,
      recordsWithFindings: 0,
      findings: [],
      newStations: [],
      abolishedStations: [],
    });

    // What the voting-day check matches a registration against (libs/db/voting-day.ts).
    const staged = await prisma.boundaryFileRecord.findMany({
      where: { submissionId: file.submissionId as Uuid },
      select: { row: true, stationNumber: true, locality: true, address: true, house: true },
    });
    expect(staged).toHaveLength(boundaries.records);
    const verdicts = districtVoters.map(
      (v) =>
        matchBoundaries({ locality: v.locality, street: v.street, house: v.house }, staged, v.stationNumber).verdict,
    );
    expect(verdicts.filter((verdict) => verdict !== 'INSIDE')).toEqual([]);
  });

  it('the clean set with voters as .mdb and stations as CSV stages what the CSV staged, and reconciles with no finding', async () => {
    const mdb = await voters(id, n.votersMdb);
    expect(mdb).toMatchObject({ records: districtVoters.length, rowsWithProblems: 0 });
    await list('STATIONS', id, n.stationsCsv, mdb.submissionId);
    const { rows } = await findingsOf(mdb.submissionId);
    expect(rows.map((r) => `${r.category} ${r.subcategory}`)).toEqual([]);
    // Compared row by row, and named by row: a failure must not print the records (personal data).
    const staged = async (submissionId: string) =>
      (
        await client.query('SELECT * FROM voter_file_record WHERE submission_id = $1 ORDER BY row', [submissionId])
      ).rows.map(({ submission_id: _s, ...rest }) => JSON.stringify(rest));
    expect(csvSubmission[id]).toBeDefined();
    const [fromMdb, fromCsv] = [await staged(mdb.submissionId), await staged(csvSubmission[id])];
    expect(fromMdb).toHaveLength(fromCsv.length);
    expect(fromMdb.map((r, i) => (r === fromCsv[i] ? null : `row ${i + 1} differs`)).filter(Boolean)).toEqual([]);
  });

  it.each([
    ['CSV', 'csv'],
    ['.mdb', 'mdb'],
  ] as const)(
    'the with-errors voter file (%s) is accepted, and each record error is one finding with its category, field and Cod',
    async (_label, format) => {
      const expected = sampleFindings(format);
      const file = await voters(id, format === 'csv' ? n.errorsCsv : n.errorsMdb);
      expect(file).toMatchObject({
        records: districtVoters.length,
        rowsWithProblems: expected.length,
        recordProblems: expected.length,
      });
      await list('STATIONS', id, n.stationsCsv, file.submissionId);
      const { run, rows } = await findingsOf(file.submissionId);
      expect(
        rows.map((r) => ({
          row: r.row,
          cod: r.cod,
          category: r.category,
          subcategory: r.subcategory,
          field: (r.evidence as { field?: string }).field,
        })),
      ).toEqual(
        expected.map((f) => ({
          row: f.row,
          cod: f.cod,
          category: f.category,
          subcategory: f.subcategory,
          field: f.field,
        })),
      );
      expect(rows.find((r) => r.subcategory === 'Cod:repeated')?.evidence).toMatchObject({
        rule: 'repeated',
        firstRow: 44,
      });
      expect(run.recordsWithFindings).toBe(expected.length);
    },
  );
});
