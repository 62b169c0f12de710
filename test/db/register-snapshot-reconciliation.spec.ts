/**
 * Reconciliation against register snapshots (issue 20), in a database of its own (a snapshot made
 * current changes the one global register): a run names the snapshot it was judged against; a
 * run under way keeps its snapshot when another is made current; a death received as an event
 * makes category 9 appear, and the next snapshot that holds the death supersedes the event without
 * counting it twice.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '../../libs/db/prisma';
import { FileStore } from '../../libs/files/store';
import { reconcileSubmission, type ReconciliationResult } from '../../libs/db/reconciliation/engine';
import { createVoterPartition, voterPartitionName } from '../../libs/db/voter-partitions';
import { importRegisterSnapshot } from '../../libs/db/register/snapshot-import';
import { demoExtractRows, extractCsv, type ExtractRow } from '../../libs/synthetic/register-extract';
import { useOwnDatabase } from '../support/own-database';

const db = useOwnDatabase('register_runs');
let prisma: PrismaClient;
let store: FileStore;
let dir = '';
const DISTRICT = '7101';
const REFERENCE = '2027-03-01';
/** The district's people with no status fact, as the first extract has them. */
let people: ExtractRow[] = [];
let submissionId = '';

const FACTS = [
  'DECEASED_ON',
  'EMIGRATED_ON',
  'INCAPABLE_SINCE',
  'IMPRISONED_SINCE',
  'DEREGISTERED_ON',
  'NON_CITIZEN_SINCE',
  'CITIZENSHIP_LOST_ON',
];

beforeAll(async () => {
  prisma = createPrismaClient(db.url);
  dir = mkdtempSync(join(tmpdir(), 'tizim-register-runs-'));
  store = new FileStore(join(dir, 'store'));
  people = demoExtractRows('2027-01-01').filter((r) => r.DISTRICT === DISTRICT && FACTS.every((f) => !r[f]));
  // The akimat's file lists the district's people as the register has them: a clean round.
  submissionId = randomUUID();
  await prisma.voterSubmission.create({
    data: {
      id: submissionId,
      period: '2027-01',
      regionCode: '71',
      districtId: DISTRICT,
      voterFile: 'izbirateli_7101.csv',
      voterRecords: people.length,
      receivedAt: new Date('2027-01-05T05:00:00Z'),
    },
  });
  await createVoterPartition(prisma, submissionId);
  await prisma.voterFileRecord.createMany({
    data: people.map((p, i) => ({
      submissionId,
      row: i + 1,
      cod: i + 1,
      iin: p.IIN,
      surname: p.SURNAME,
      firstName: p.FIRST_NAME,
      patronymic: p.PATRONYMIC || null,
      stationCode: p.STATION,
      birthDate: new Date(`${p.BIRTH_DATE}T00:00:00Z`),
      sex: p.SEX === 'M' ? 'М' : 'Ж',
      locality: p.LOCALITY,
      street: p.STREET,
      house: p.HOUSE,
      apartment: p.APARTMENT || null,
      documentNumber: p.DOC_NUMBER,
      documentIssuedOn: new Date(`${p.DOC_ISSUED_ON}T00:00:00Z`),
    })),
  });
});

afterAll(async () => {
  await prisma?.$disconnect();
});

/** An extract of the district's people as of `asOf`, with `change` applied to some of them. */
async function importExtract(asOf: string, change: (r: ExtractRow) => ExtractRow = (r) => r) {
  const path = join(dir, `${randomUUID()}.csv`);
  writeFileSync(path, extractCsv(people.map(change)));
  const outcome = await importRegisterSnapshot(db.pool, store, {
    path,
    fileName: `register-${asOf}.csv`,
    asOf,
    actor: 'test-admin',
  });
  expect(outcome).toMatchObject({ status: 'CURRENT', rowsHeldBack: 0 });
  return outcome;
}

const run = (round: number) =>
  reconcileSubmission(prisma, {
    runId: randomUUID(),
    submissionId,
    referenceDate: REFERENCE,
    workflowId: `register-runs-${submissionId}`,
    round,
    at: new Date().toISOString(),
  });
const voterFindings = async (r: ReconciliationResult) =>
  (
    await db.pool.query<{ category: number; subcategory: string; iin: string }>(
      // A finding names its voter-file record, which holds the IIN.
      `SELECT d.category, d.subcategory, f.iin FROM reconciliation_discrepancy d JOIN cycle_reconciliation c ON c.id = d.run_id
          LEFT JOIN voter_file_record f ON f.submission_id = c.submission_id AND f.row = d.row
        WHERE d.run_id = $1 AND d.category > 0 ORDER BY f.iin, d.category`,
      [r.runId],
    )
  ).rows.map((f) => [f.category, f.subcategory, f.iin]);

it("names the snapshot it was judged against, with its file's SHA-256", async () => {
  const v1 = await importExtract('2027-01-01');
  const round = await run(1);
  const snapshot = await prisma.registerSnapshot.findUniqueOrThrow({ where: { id: v1.snapshotId } });
  expect(round.register).toEqual({
    snapshotId: v1.snapshotId,
    version: v1.version,
    asOf: '2027-01-01',
    sha256: snapshot.sha256,
    eventWatermark: 0,
  });
  expect(await voterFindings(round)).toEqual([]);
  expect(await prisma.cycleReconciliation.findUniqueOrThrow({ where: { id: round.runId } })).toMatchObject({
    snapshotId: v1.snapshotId,
  });
});

it('makes category 9 appear for a death received as an event, and the next snapshot that holds it supersedes the event, counted once', async () => {
  const dies = people[0];
  await prisma.registerEvent.create({
    data: {
      id: randomUUID(),
      source: 'CIVIL_REGISTRY',
      sourceEventId: 'death-1',
      kind: 'death',
      iin: dies.IIN,
      effectiveOn: new Date('2027-02-01T00:00:00Z'),
      data: {},
      receivedBy: 'test',
    },
  });
  expect(await voterFindings(await run(2))).toEqual([[9, 'deceased', dies.IIN]]);

  const v2 = await importExtract('2027-02-15', (r) => (r.IIN === dies.IIN ? { ...r, DECEASED_ON: '2027-02-01' } : r));
  const event = await prisma.registerEvent.findFirstOrThrow({ where: { sourceEventId: 'death-1' } });
  expect(event.containedIn).toBe(v2.snapshotId);
  const round = await run(3);
  expect(round.register).toMatchObject({ snapshotId: v2.snapshotId, version: v2.version });
  expect(await voterFindings(round)).toEqual([[9, 'deceased', dies.IIN]]);
  expect(round.findings.filter((f) => f.category === 9)).toEqual([
    { category: 9, subcategory: 'deceased', records: 1 },
  ]);
});

it('keeps the snapshot a run started with when another is made current while it reads', async () => {
  const before = await prisma.registerSnapshot.findFirstOrThrow({ where: { status: 'CURRENT' } });
  const emigrates = people[1];
  // Hold the file's rows: the run pins its register, then waits for them.
  const lock = await db.pool.connect();
  await lock.query('BEGIN');
  await lock.query(`LOCK TABLE ${voterPartitionName(submissionId)} IN ACCESS EXCLUSIVE MODE`);
  const under = run(4);
  await waitForLockWaiter(lock);
  // Meanwhile the CEC's next extract becomes current: in it, a voter has emigrated.
  const v3 = await importExtract('2027-02-20', (r) =>
    r.IIN === emigrates.IIN
      ? { ...r, EMIGRATED_ON: '2027-02-10' }
      : r.IIN === people[0].IIN
        ? { ...r, DECEASED_ON: '2027-02-01' }
        : r,
  );
  await lock.query('COMMIT');
  lock.release();
  const kept = await under;
  expect(kept.register).toMatchObject({ snapshotId: before.id, version: before.version });
  expect(await voterFindings(kept)).not.toContainEqual([7, 'emigrated', emigrates.IIN]);

  const next = await run(5);
  expect(next.register).toMatchObject({ snapshotId: v3.snapshotId });
  expect(await voterFindings(next)).toContainEqual([7, 'emigrated', emigrates.IIN]);
});

/** Until a session waits for a lock that `holder` holds. */
async function waitForLockWaiter(holder: {
  query: (sql: string) => Promise<{ rows: { pid: number }[] }>;
}): Promise<void> {
  const me = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  for (let i = 0; i < 200; i += 1) {
    const { rows } = await db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
      [me],
    );
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the run never waited for the file's rows");
}
