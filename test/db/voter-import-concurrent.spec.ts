/**
 * Voter files of many districts imported at once, as the worker does at the start of a cycle
 * (issue 25's national rehearsal at full scale: 131 imports met `deadlock detected` and one
 * district's file ran out of its attempts and was FAILED). Each import attaches its partition of
 * voter_file_record in its transaction; the attach locks voter_submission, which each import had
 * written to earlier in its own transaction, so two imports attaching at once waited on each other.
 * Against the real PostgreSQL, each import on a connection of its own.
 */
import { Client } from 'pg';
import { importVoterCsv } from '../../libs/db/files/voter-import';
import { appendix1Csv, appendix1Fields, voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { useImportFixture } from '../support/import-fixture';
import { testDatabaseUrl } from '../support/test-env';

const IDS = Array.from({ length: 24 }, (_, i) => `cc35-${String.fromCharCode(97 + i)}`);
const SPEC: ScenarioSpec = {
  seed: 3502,
  referenceDate: '2035-01-04',
  period: '2035-01',
  regions: [
    {
      code: '35',
      // Station numbers of its own: other suites' scenarios share the run's database.
      stationBase: 20_000,
      districts: IDS.map((id, i) => ({
        id,
        nameRu: `Район ${i + 1}`,
        nameKk: `${i + 1} ауданы`,
        locality: 'Караганда',
        slot: 100 + i,
        stations: [30],
      })),
    },
  ],
};
const fx = useImportFixture(SPEC, IDS[0], { receivedAt: '2035-01-02T05:00:00Z' });
const csvOf = (id: string) => appendix1Csv([...voterFile(SPEC, id)].map((r) => appendix1Fields(r, 'dotted')));

const clients: Client[] = [];
beforeAll(async () => {
  for (let i = 0; i < 8; i += 1) {
    const c = new Client({ connectionString: testDatabaseUrl() });
    await c.connect();
    clients.push(c);
  }
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()));
});

it('accepts every district’s file when eight are imported at once, three times over: no deadlock', async () => {
  const failures: string[] = [];
  for (let round = 0; round < 3; round += 1) {
    const ids = IDS.slice(round * 8, round * 8 + 8);
    const outcomes = await Promise.allSettled(
      ids.map((id, i) =>
        importVoterCsv(fx.prisma, clients[i], fx.store, {
          ...fx.upload(`izbirateli_${id}.csv`, csvOf(id)),
          districtId: id,
        }),
      ),
    );
    outcomes.forEach((o, i) => {
      if (o.status === 'rejected')
        failures.push(`${ids[i]}: ${(o.reason as { code?: string }).code ?? ''} ${(o.reason as Error).message}`);
      else if (o.value.status !== 'ACCEPTED') failures.push(`${ids[i]}: ${o.value.status}`);
    });
  }
  expect(failures).toEqual([]);
  expect(await fx.prisma.voterSubmission.count({ where: { districtId: { in: IDS } } })).toBe(IDS.length);
});
