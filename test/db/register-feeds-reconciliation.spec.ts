/**
 * The registries' events reach the reconciliation (issue 20, part 2), on the real test
 * PostgreSQL: a clean district's file judged against the register, then again after each kind of
 * event, and once more against the first run's pin. Events are written as the intake records
 * them (register_event); the intake itself is tested through the API in test/e2e.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { PrismaClient } from '../../libs/db/prisma';
import { reconcileSubmission, type ReconciliationResult } from '../../libs/db/reconciliation/engine';
import { findRegisterPerson, factsInForce } from '../../libs/db/register/read';
import { INITIAL_SNAPSHOT_ID } from '../../libs/db/register/snapshots';
import { loadRegister, loadSubmission } from '../../libs/db/synthetic/load';
import type { ScenarioSpec } from '../../libs/synthetic/scenario';
import { testPrisma } from '../support/fixtures';
import { testDatabaseUrl } from '../support/test-env';

const SPEC: ScenarioSpec = {
  seed: 4320,
  referenceDate: '2032-01-01',
  period: '2032-01',
  regions: [
    {
      code: '59',
      stationBase: 700,
      districts: [
        {
          id: 'syn59-feed',
          nameRu: 'Район Фид',
          nameKk: 'Фид ауданы',
          locality: 'Кызылорда',
          slot: 70,
          stations: [25, 25],
        },
      ],
    },
  ],
};

let prisma: PrismaClient;
let client: Client;
let submissionId: string;
let people: { iin: string; document_number: string | null }[];

beforeAll(async () => {
  prisma = await testPrisma();
  client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  await loadRegister(client, SPEC);
  submissionId = randomUUID();
  await loadSubmission(client, SPEC, 'syn59-feed', submissionId, '2031-12-28T05:00:00Z');
  people = (
    await client.query<{ iin: string; document_number: string | null }>(
      "SELECT iin, document_number FROM register_voter WHERE snapshot_id = $1 AND district_id = 'syn59-feed' ORDER BY iin",
      [INITIAL_SNAPSHOT_ID],
    )
  ).rows;
});

afterAll(async () => {
  await client?.end();
});

const run = (round: number, register?: { snapshotId: string; eventWatermark: number }) =>
  reconcileSubmission(prisma, {
    runId: randomUUID(),
    submissionId,
    referenceDate: SPEC.referenceDate,
    workflowId: `feeds-${submissionId}`,
    round,
    at: new Date().toISOString(),
    register,
  });
const findingsOf = async (r: ReconciliationResult) =>
  (
    await client.query<{ id: string; category: number; subcategory: string; iin: string | null }>(
      // A finding names its voter-file record, which holds the IIN.
      `SELECT d.id::text, d.category, d.subcategory, f.iin FROM reconciliation_discrepancy d JOIN cycle_reconciliation c ON c.id = d.run_id
          LEFT JOIN voter_file_record f ON f.submission_id = c.submission_id AND f.row = d.row
        WHERE d.run_id = $1 ORDER BY d.id`,
      [r.runId],
    )
  ).rows;

let seq = 0;
async function event(
  source: string,
  kind: string,
  iin: string,
  effectiveOn: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  seq += 1;
  await prisma.registerEvent.create({
    data: {
      id: randomUUID(),
      source: source as never,
      sourceEventId: `test-${SPEC.seed}-${seq}`,
      kind,
      iin,
      effectiveOn: new Date(`${effectiveOn}T00:00:00Z`),
      data: data as never,
      receivedBy: 'test',
    },
  });
}

it('judges the file against the named snapshot, then against each event received, and again alike against the first pin', async () => {
  const [dies, diesLater, newCard, sentenced, released, leaves] = people;
  // The akimat already lists the new card the migration service has issued but the register does not hold yet: category 2.
  await client.query(
    "UPDATE voter_file_record SET document_number = 'N7700001' WHERE submission_id = $1 AND iin = $2",
    [submissionId, newCard.iin],
  );

  const first = await run(1);
  expect(first.register).toMatchObject({ snapshotId: INITIAL_SNAPSHOT_ID, version: 0 });
  const before = await findingsOf(first);
  expect(before.filter((f) => f.category !== 0).map((f) => [f.category, f.subcategory, f.iin])).toEqual([
    [2, 'replaced', newCard.iin],
  ]);
  const recorded = await prisma.cycleReconciliation.findUniqueOrThrow({ where: { id: first.runId } });
  expect(recorded).toMatchObject({
    snapshotId: INITIAL_SNAPSHOT_ID,
    eventWatermark: BigInt(first.register!.eventWatermark),
  });

  await event('CIVIL_REGISTRY', 'death', dies.iin, '2031-11-02', { basis: 'актовая запись о смерти № 1' });
  await event('CIVIL_REGISTRY', 'death', diesLater.iin, '2032-02-01'); // after the reference date: not yet
  await event('MIGRATION_SERVICE', 'document', newCard.iin, '2031-12-10', {
    number: 'N7700001',
    issuedOn: '2031-12-10',
    expiresOn: '2041-12-10',
  });
  await event('COURTS', 'sentence', sentenced.iin, '2031-06-01', { until: '2034-06-01', basis: 'приговор суда' });
  await event('COURTS', 'sentence', released.iin, '2031-06-01', { until: '2034-06-01' });
  await event('COURTS', 'release', released.iin, '2031-10-01'); // released early: no longer imprisoned on the reference date
  await event('MIGRATION_SERVICE', 'emigration', leaves.iin, '2031-09-15');

  const second = await run(2);
  expect(second.register!.eventWatermark).toBeGreaterThan(first.register!.eventWatermark);
  const after = await findingsOf(second);
  expect(
    after
      .filter((f) => f.category !== 0)
      .map((f) => [f.category, f.subcategory, f.iin])
      .sort(),
  ).toEqual(
    [
      [7, 'emigrated', leaves.iin],
      [9, 'deceased', dies.iin],
      [9, 'imprisoned', sentenced.iin],
    ].sort(),
  );
  const death = await client.query<{ evidence: { since: string; basis: string } }>(
    "SELECT evidence FROM reconciliation_discrepancy WHERE run_id = $1 AND subcategory = 'deceased'",
    [second.runId],
  );
  expect(death.rows[0].evidence).toMatchObject({ since: '2031-11-02', basis: 'актовая запись о смерти № 1' });

  // The first run's pin reads the register as it was: the same findings, with the same ids.
  const again = await run(1, {
    snapshotId: first.register!.snapshotId,
    eventWatermark: first.register!.eventWatermark,
  });
  expect(await findingsOf(again)).toEqual(before.map((f) => ({ ...f })));
  expect(again.findings).toEqual(first.findings);
});

it('gives every reader the same register: the events on top of the snapshot, the snapshot untouched', async () => {
  const [dies, , newCard] = people;
  const person = await findRegisterPerson(prisma, newCard.iin);
  expect(person).toMatchObject({ documentNumber: 'N7700001' });
  expect(person!.documentExpiresOn!.toISOString().slice(0, 10)).toBe('2041-12-10');
  const dead = await findRegisterPerson(prisma, dies.iin);
  expect(factsInForce(dead!, new Date('2032-01-01')).map((f) => f.kind)).toEqual(['DECEASED']);
  expect(factsInForce(dead!, new Date('2031-11-01')).map((f) => f.kind)).toEqual([]);
  // The snapshot's own rows are as the extract had them: the events are an overlay.
  const row = await prisma.registerVoter.findUniqueOrThrow({
    where: { snapshotId_iin: { snapshotId: INITIAL_SNAPSHOT_ID, iin: newCard.iin } },
  });
  expect(row.documentNumber).toBe(newCard.document_number);
});

it('moves a person with a registration event, and a deregistration takes them off the address', async () => {
  const mover = people[10];
  const before = await findRegisterPerson(prisma, mover.iin);
  await event('ADDRESS_REGISTRY', 'registration', mover.iin, '2031-12-01', {
    regionCode: '63',
    districtId: '6301',
    kato: '630100000',
    locality: 'Усть-Каменогорск',
    street: 'Абая',
    house: '3',
    apartment: null,
  });
  const moved = await findRegisterPerson(prisma, mover.iin);
  expect(moved).toMatchObject({
    regionCode: '63',
    districtId: '6301',
    locality: 'Усть-Каменогорск',
    house: '3',
    apartment: null,
  });
  expect(moved!.registeredOn!.toISOString().slice(0, 10)).toBe('2031-12-01');
  expect(before!.regionCode).toBe('59');

  const run3 = await run(3);
  const found = (await findingsOf(run3)).filter((f) => f.iin === mover.iin);
  expect(found.map((f) => [f.category, f.subcategory])).toEqual([[5, 'other-region']]);

  // Deregistered later: category 6 replaces 5 (the engine does not judge the region of someone with no address).
  await event('ADDRESS_REGISTRY', 'deregistration', mover.iin, '2031-12-20');
  const run4 = await run(4);
  expect((await findingsOf(run4)).filter((f) => f.iin === mover.iin).map((f) => [f.category, f.subcategory])).toEqual([
    [6, 'deregistered'],
  ]);
});
