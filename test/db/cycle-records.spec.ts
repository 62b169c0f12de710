/**
 * Issue 25, section 3: the cycle's records on the real test PostgreSQL when two writers meet.
 *
 * - A claim and a completion of one task are serialised on the task's row: whichever comes first
 *   wins, and the other sees it (never a task completed by one official while claimed by another).
 * - Two attempts of one reconciliation round (a retry overlapping a running attempt) do the work
 *   once: the second waits for the first and returns what it recorded, nothing written twice.
 * - A retried round returns the summary its first attempt recorded, not a recomputation.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createPrismaClient, type PrismaClient } from '../../libs/db/prisma';
import { dropDatabase } from '../../scripts/migrate';
import { claimTaskRecord, completeTaskRecord, openTask, runReconciliation } from '../../libs/db/cycle';
import { ReconciliationOutOfTimeError, reconcileSubmission } from '../../libs/db/reconciliation/engine';
import { loadRegister, loadSubmission } from '../../libs/db/synthetic/load';
import type { ScenarioSpec } from '../../libs/synthetic/scenario';
import { createOwnDatabase, ownDatabaseUrl } from '../support/own-database';

const SPEC: ScenarioSpec = {
  seed: 2503,
  referenceDate: '2033-01-01',
  period: '2033-01',
  regions: [
    {
      code: '63',
      stationBase: 700,
      districts: [
        { id: 'syn63-t', nameRu: 'Район Т', nameKk: 'Т ауданы', locality: 'Өскемен', slot: 20, stations: [400, 400] },
      ],
    },
  ],
};
const DISTRICT = 'syn63-t';

let prisma: PrismaClient;
let client: Client;

// A database of its own: its district joins region 63, whose consolidated file another suite
// writes on the shared database and would then find a district without a file.
const url = ownDatabaseUrl('cycle_records');

beforeAll(async () => {
  await createOwnDatabase(url);
  prisma = createPrismaClient(url, { maxConnections: 4 });
  client = new Client({ connectionString: url });
  await client.connect();
  await loadRegister(client, SPEC);
}, 180_000);

afterAll(async () => {
  await client?.end();
  await prisma?.$disconnect();
  await dropDatabase(url);
});

const openOne = async () => {
  const id = randomUUID();
  await openTask(prisma, {
    id,
    workflowId: `test-race-${id}`,
    period: SPEC.period,
    regionCode: '63',
    districtId: DISTRICT,
    kind: 'SUBMIT_FILES',
    round: 0,
    assigneeRole: 'AKIMAT_REGISTRAR',
    dueAt: '2033-01-01T00:00:00Z',
    createdAt: '2032-12-20T00:00:00Z',
  });
  return id;
};

describe('a claim and a completion of one task', () => {
  it('are serialised: one wins, the other is refused, and the record says who did what', async () => {
    for (let i = 0; i < 20; i++) {
      const id = await openOne();
      const [claim, completion] = await Promise.all([
        claimTaskRecord(prisma, id, 'registrar-a'),
        completeTaskRecord(prisma, {
          taskId: id,
          completedBy: 'registrar-b',
          completedAt: '2032-12-21T00:00:00Z',
          outcome: { kind: 'SUBMIT_FILES' },
        }),
      ]);
      const row = await prisma.cycleTask.findUniqueOrThrow({ where: { id } });
      if (claim) {
        // The claim came first: registrar-b may not complete a task registrar-a holds.
        expect(row).toMatchObject({ status: 'CLAIMED', claimedBy: 'registrar-a', completedBy: null });
        expect(completion).toEqual({ refusal: expect.stringContaining('claimed by registrar-a') });
      } else {
        expect(row).toMatchObject({ status: 'COMPLETED', claimedBy: null, completedBy: 'registrar-b' });
        expect(completion).toMatchObject({ completedBy: 'registrar-b', repeated: false });
      }
    }
  });

  it('the claimant completes the task they hold; a repeat of the same completion is answered as before', async () => {
    const id = await openOne();
    expect(await claimTaskRecord(prisma, id, 'registrar-a')).toBe(true);
    const c = { taskId: id, completedBy: 'registrar-a', completedAt: '2032-12-21T00:00:00Z', outcome: { n: 1 } };
    expect(await completeTaskRecord(prisma, c)).toEqual({
      completedBy: 'registrar-a',
      completedAt: c.completedAt,
      repeated: false,
    });
    expect(await completeTaskRecord(prisma, c)).toEqual({
      completedBy: 'registrar-a',
      completedAt: c.completedAt,
      repeated: true,
    });
    expect(await completeTaskRecord(prisma, { ...c, completedBy: 'registrar-b' })).toEqual({
      refusal: 'The task was already completed by registrar-a at 2032-12-21T00:00:00.000Z',
    });
  });
});

describe('two attempts of one reconciliation round', () => {
  it('do the work once: the second waits for the first and returns what it recorded', async () => {
    const submissionId = randomUUID();
    await loadSubmission(client, SPEC, DISTRICT, submissionId, '2032-12-28T05:00:00Z');
    const runId = randomUUID();
    const attempt = () =>
      reconcileSubmission(prisma, {
        runId,
        submissionId,
        referenceDate: SPEC.referenceDate,
        workflowId: 'test-overlap',
        round: 1,
        at: '2033-01-02T04:00:00Z',
      });
    const [a, b] = await Promise.all([attempt(), attempt()]);
    // The same result, its time included: the second attempt read the first's record.
    expect(b).toEqual(a);
    expect(await prisma.cycleReconciliation.count({ where: { id: runId } })).toBe(1);
  });

  it('end by their deadline: waiting for another attempt, or running, past it fails retryably and writes nothing', async () => {
    const submissionId = randomUUID();
    await loadSubmission(client, SPEC, DISTRICT, submissionId, '2032-12-28T05:00:00Z');
    const attempt = (runId: string, deadline: number) =>
      reconcileSubmission(prisma, {
        runId,
        submissionId,
        referenceDate: SPEC.referenceDate,
        workflowId: 'test-deadline',
        round: 1,
        at: '2033-01-02T04:00:00Z',
        deadline,
      });
    const other = new Client({ connectionString: url });
    await other.connect();
    try {
      // Another attempt of the run holds it (its transaction still open).
      const held = randomUUID();
      await other.query('BEGIN');
      await other.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 25))', [held]);
      let started = Date.now();
      await expect(attempt(held, Date.now() + 1_000)).rejects.toThrow(
        `another attempt of reconciliation run ${held} is still running; this attempt stopped waiting for it at its deadline: run it again`,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      await other.query('ROLLBACK');

      // The run itself cannot finish in time (the register's record is held by a purge that waits).
      const slow = randomUUID();
      const [{ snapshot_id: snapshotId }] = (
        await client.query<{ snapshot_id: string }>(
          'SELECT snapshot_id::text FROM reconciliation_pin WHERE run_id = $1::uuid',
          [held],
        )
      ).rows;
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM register_snapshot WHERE id = $1::uuid FOR UPDATE', [snapshotId]);
      started = Date.now();
      await expect(attempt(slow, Date.now() + 1_500)).rejects.toBeInstanceOf(ReconciliationOutOfTimeError);
      expect(Date.now() - started).toBeLessThan(5_000);
      await other.query('ROLLBACK');
      expect(await prisma.cycleReconciliation.count({ where: { id: slow } })).toBe(0);
      // Run again with time enough, it completes.
      expect(await attempt(slow, Date.now() + 60_000)).toMatchObject({ runId: slow, submissionId });
    } finally {
      await other.end();
    }
  });

  it("returns the summary the first attempt recorded, even when the district's files came in meanwhile", async () => {
    const r = {
      id: randomUUID(),
      workflowId: 'test-retry',
      period: SPEC.period,
      districtId: DISTRICT,
      round: 2,
      files: [],
      at: '2032-12-10T04:00:00Z',
    };
    const first = await runReconciliation(prisma, r);
    expect(first.discrepancies.map((d) => d.code)).toEqual(['files-not-staged']);
    // The files are staged before the round's time: a recomputation would now find them.
    await loadSubmission(client, SPEC, DISTRICT, randomUUID(), '2032-12-09T05:00:00Z');
    expect(await runReconciliation(prisma, r)).toEqual(first);
  });
});
