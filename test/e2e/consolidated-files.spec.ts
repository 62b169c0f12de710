/**
 * The consolidated voter file over HTTP on the local stack: two districts' akimats upload their
 * voter files (one as CSV, one as an MS Access database), the regional commission asks for the
 * region's file for the CEC, the worker writes it, and the download is the .mdb it describes.
 */
import { createHash } from 'node:crypto';
import MDBReader from 'mdb-reader';
import { Client } from 'pg';
import { writeAppendix1Mdb } from '../../libs/files/jet4';
import { loadRegister } from '../../libs/db/synthetic/load';
import {
  appendix1Csv,
  appendix1AccessRow,
  appendix1Fields,
  voterFile,
  type ScenarioSpec,
} from '../../libs/synthetic/scenario';
import { eventually, OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { testDatabaseUrl } from '../support/test-env';

const SPEC: ScenarioSpec = {
  seed: 6301,
  referenceDate: '2026-10-01',
  period: '2038-01', // the worker judges dates against today
  regions: [
    {
      code: '63',
      stationBase: 950,
      districts: [
        {
          id: 'syn63-a',
          nameRu: 'Район Л',
          nameKk: 'Л ауданы',
          locality: 'Усть-Каменогорск',
          slot: 42,
          stations: [60],
        },
        {
          id: 'syn63-b',
          nameRu: 'Район М',
          nameKk: 'М ауданы',
          locality: 'Усть-Каменогорск',
          slot: 43,
          stations: [40, 30],
        },
      ],
    },
  ],
};

const stack = useLocalStack({
  beforeStart: async () => {
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      await loadRegister(client, SPEC);
    } finally {
      await client.end();
    }
  },
});

async function upload(districtId: string, content: Buffer | string, name: string): Promise<string> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ period: SPEC.period, districtId, kind: 'voters' })) form.set(k, v);
  form.set('file', new Blob([new Uint8Array(Buffer.from(content))]), name);
  const res = await fetch(`${stack.base}/v1/files`, {
    method: 'POST',
    headers: { Authorization: OPERATOR_HEADERS.Authorization },
    body: form,
  });
  expect(res.status).toBe(202);
  const { id } = (await res.json()) as { id: string };
  const file = await eventually(
    `file ${id} decided`,
    async () => {
      const r = await stack.call('GET', `/v1/files/${id}`);
      return r.body.status !== 'RECEIVED' ? r.body : null;
    },
    60_000,
  );
  expect(file).toMatchObject({ status: 'ACCEPTED' });
  return id;
}

const written = (id: string) =>
  eventually(
    `consolidated file ${id} written`,
    async () => {
      const r = await stack.call('GET', `/v1/consolidated-files/${id}`);
      return r.body.status !== 'QUEUED' ? r.body : null;
    },
    60_000,
  );

describe('consolidated files API', () => {
  it("writes the region's file for the CEC from the districts' accepted files, and refuses while one is missing", async () => {
    const a = [...voterFile(SPEC, 'syn63-a')];
    const b = [...voterFile(SPEC, 'syn63-b')];
    const csv = appendix1Csv(a.map((r) => appendix1Fields(r)));
    await upload('syn63-a', csv, 'izbirateli_syn63-a.csv');

    const early = await stack.call('POST', '/v1/consolidated-files', { period: SPEC.period, regionCode: '63' });
    expect(early.status).toBe(202);
    expect(await written(early.body.id)).toMatchObject({
      status: 'REFUSED',
      problem: expect.stringContaining('syn63-b'),
    });
    expect(await stack.call('GET', `/v1/consolidated-files/${early.body.id}/content`)).toMatchObject({ status: 409 });
    // The refusal names, by code and name, the district without a file and the one not reconciled.
    expect((await written(early.body.id)).warnings).toEqual([
      { code: 'not-reconciled', districtId: 'syn63-a', nameRu: 'Район Л', nameKk: 'Л ауданы', round: 0 },
      { code: 'no-file', districtId: 'syn63-b', nameRu: 'Район М', nameKk: 'М ауданы', round: 0 },
    ]);

    await upload('syn63-b', writeAppendix1Mdb(b.map(appendix1AccessRow)), 'izbirateli_syn63-b.mdb');
    // Before building: both districts have files, neither has been reconciled (no cycle ran here).
    const readiness = await stack.call('GET', `/v1/consolidated-files/readiness?period=${SPEC.period}&regionCode=63`);
    expect(readiness).toMatchObject({
      status: 200,
      body: { districts: 2, ready: 0, regionNameRu: 'Восточно-Казахстанская область' },
    });
    expect(readiness.body.warnings.map((w: { code: string; districtId: string }) => [w.code, w.districtId])).toEqual([
      ['not-reconciled', 'syn63-a'],
      ['not-reconciled', 'syn63-b'],
    ]);
    const sent = await stack.call('POST', '/v1/consolidated-files', { period: SPEC.period, regionCode: '63' });
    const file = await written(sent.body.id);
    // Written, and the record says which districts it includes though not ready.
    expect(file.warnings.map((w: { code: string; districtId: string }) => [w.code, w.districtId])).toEqual([
      ['not-reconciled', 'syn63-a'],
      ['not-reconciled', 'syn63-b'],
    ]);
    expect(
      (await stack.call('GET', `/v1/consolidated-files?period=${SPEC.period}&regionCode=63`)).body.items.map(
        (f: { id: string }) => f.id,
      ),
    ).toEqual([sent.body.id, early.body.id]);
    expect(file).toMatchObject({
      status: 'WRITTEN',
      fileName: 'izbirateli_63_2038-01.mdb',
      records: a.length + b.length,
    });

    const res = await fetch(
      `${stack.base}/v1/consolidated-files/${sent.body.id}/content?reason=${encodeURIComponent('submission to the CEC')}`,
      { headers: OPERATOR_HEADERS },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="izbirateli_63_2038-01.mdb"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(file.sizeBytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    const rows = new MDBReader(bytes).getTable('Izbirateli').getData();
    expect(rows.map((r) => r.Cod_izber)).toEqual([...a, ...b].map((r) => r.iin));

    const audit = await stack.prisma.auditEvent.findMany({
      where: { subjectId: sent.body.id },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((r) => [r.action, r.reason])).toEqual([
      ['consolidated-file.request', null],
      ['consolidated-file.download', 'submission to the CEC'],
    ]);
  });

  it('refuses a request by name: a bad period, an unknown region', async () => {
    expect(await stack.call('POST', '/v1/consolidated-files', { period: '2038-02', regionCode: '63' })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'period' }] },
    });
    expect(await stack.call('POST', '/v1/consolidated-files', { period: SPEC.period, regionCode: '99' })).toMatchObject(
      { status: 400, body: { errors: [{ field: 'regionCode' }] } },
    );
  });
});
