/**
 * Reconciliation results over HTTP: a generated district with findings is reconciled by the
 * engine (as the district workflow's activity does), then read back as JSON, statistics and the
 * akimat's report in XLSX and PDF. Temporal is not needed (the API connects lazily).
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { createApp } from '../../apps/api/src/app';
import type { PrismaClient } from '../../libs/db/prisma';
import { createLogger } from '../../libs/observability/logger';
import { reconcileSubmission, type ReconciliationResult } from '../../libs/db/reconciliation/engine';
import { loadRegister, loadSubmission } from '../../libs/db/synthetic/load';
import type { ExpectedFinding, ScenarioSpec } from '../../libs/synthetic/scenario';
import { apiCaller, OPERATOR_HEADERS, testPrisma } from '../support/fixtures';
import { testConfig, testDatabaseUrl } from '../support/test-env';

const SPEC: ScenarioSpec = {
  seed: 1011,
  referenceDate: '2032-07-01',
  period: '2032-07',
  regions: [
    {
      code: '10',
      stationBase: 700,
      districts: [
        {
          id: 'syn10-a',
          nameRu: 'Район Абай',
          nameKk: 'Абай ауданы',
          locality: 'Семей',
          slot: 20,
          stations: [30, 30],
          inject: {
            'c1-surname': 2,
            'c9-deceased': 1,
            'c5-other-region': 1,
            'c3-same-station': 1,
            'clean-spelling': 3,
          },
          stationList: { newUnmarked: 1 },
        },
      ],
    },
    {
      code: '11',
      stationBase: 700,
      districts: [
        {
          id: 'syn11-a',
          nameRu: 'Район Ақмола',
          nameKk: 'Ақмола ауданы',
          locality: 'Кокшетау',
          slot: 21,
          stations: [10],
        },
      ],
    },
  ],
};

let app: INestApplication;
let base: string;
let prisma: PrismaClient;
let result: ReconciliationResult;
const expected: ExpectedFinding[] = [];
const call = apiCaller(() => base);

beforeAll(async () => {
  prisma = await testPrisma();
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  await loadRegister(client, SPEC);
  const submissionId = randomUUID();
  await loadSubmission(client, SPEC, 'syn10-a', submissionId, '2032-06-30T05:00:00Z', expected);
  await client.end();
  result = await reconcileSubmission(prisma, {
    runId: randomUUID(),
    submissionId,
    referenceDate: SPEC.referenceDate,
    workflowId: 'e2e',
    round: 1,
    at: '2032-07-01T06:00:00Z',
  });

  app = await createApp(testConfig({ TEMPORAL_ADDRESS: '127.0.0.1:1' }), createLogger('e2e', 'fatal'));
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
});

async function download(path: string): Promise<{ status: number; type: string; disposition: string; body: Buffer }> {
  const res = await fetch(`${base}${path}`, { headers: OPERATOR_HEADERS });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    disposition: res.headers.get('content-disposition') ?? '',
    body: Buffer.from(await res.arrayBuffer()),
  };
}

describe('reconciliation results API', () => {
  it('lists the run by period and district, and shows its statistics per category and station', async () => {
    const list = await call('GET', `/v1/reconciliations?period=${SPEC.period}&districtId=syn10-a`);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: result.runId,
        districtId: 'syn10-a',
        round: 1,
        submissionId: result.submissionId,
        referenceDate: SPEC.referenceDate,
      }),
    ]);

    const summary = await call('GET', `/v1/reconciliations/${result.runId}`);
    expect(summary.status).toBe(200);
    expect(summary.body.findings).toEqual(
      expect.arrayContaining([
        { category: 1, subcategory: 'surname', records: 2 },
        { category: 9, subcategory: 'deceased', records: 1 },
        { category: 5, subcategory: 'other-region', records: 1 },
        { category: 3, subcategory: 'same-station', records: 2 }, // the pair whole: both rows are findings
        { category: 0, subcategory: 'new-unmarked', records: 1 },
      ]),
    );
    const perStation = summary.body.perStation as {
      station: string;
      voters: number;
      byCategory: Record<string, number>;
    }[];
    expect(perStation.map((s) => s.station)).toEqual(['701', '702']);
    expect(perStation.reduce((n, s) => n + s.voters, 0)).toBe(result.voterRecords);
    expect(perStation.reduce((n, s) => n + (s.byCategory['1'] ?? 0), 0)).toBe(2);
  });

  it('pages through the findings with the file names beside them, and audits the read', async () => {
    const first = await call(
      'GET',
      `/v1/reconciliations/${result.runId}/discrepancies?limit=3&reason=${encodeURIComponent('review of round 1')}`,
    );
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(3);
    const rest = await call(
      'GET',
      `/v1/reconciliations/${result.runId}/discrepancies?limit=100&after=${first.body.nextCursor}`,
    );
    const all = [...first.body.items, ...rest.body.items] as {
      category: number;
      cod: number | null;
      surname: string | null;
      evidence: Record<string, unknown>;
    }[];
    expect(all).toHaveLength(expected.length);
    expect(rest.body.nextCursor).toBeNull();
    expect(all.map((d) => d.category)).toEqual([...all.map((d) => d.category)].sort((a, b) => a - b));
    const surname = all.find((d) => d.category === 1)!;
    expect(surname).toMatchObject({
      surname: expect.any(String),
      evidence: { field: 'surname', file: surname.surname },
    });

    const onlyCat9 = await call('GET', `/v1/reconciliations/${result.runId}/discrepancies?category=9`);
    expect(onlyCat9.body.items).toEqual([
      expect.objectContaining({
        category: 9,
        subcategory: 'deceased',
        evidence: expect.objectContaining({ fact: 'DECEASED' }),
      }),
    ]);

    const audit = await prisma.auditEvent.findMany({
      where: { subjectId: result.runId, action: 'reconciliation.discrepancies.read' },
    });
    expect(audit.length).toBeGreaterThanOrEqual(3);
    expect(audit.some((a) => a.reason === 'review of round 1')).toBe(true);
  });

  it('gives the report as XLSX and PDF in Russian and Kazakh', async () => {
    const xlsx = await download(`/v1/reconciliations/${result.runId}/report?format=xlsx&lang=kk`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toContain('spreadsheetml');
    expect(xlsx.disposition).toBe(`attachment; filename="sverka_syn10-a_${SPEC.period}_r1_kk.xlsx"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
    for (const f of expected) if (f.scope === 'voter') expect(cells).toContain(f.iin);

    const pdf = await download(`/v1/reconciliations/${result.runId}/report?format=pdf&lang=ru`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(
      await prisma.auditEvent.count({
        where: { subjectId: result.runId, action: { in: ['reconciliation.report.xlsx', 'reconciliation.report.pdf'] } },
      }),
    ).toBe(2);
  });

  it('refuses bad parameters by name and answers 404 for an unknown run', async () => {
    const bad = await call('GET', `/v1/reconciliations/${result.runId}/report?lang=en`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('lang must be ru (Russian) or kk (Kazakh)');
    const cat = await call('GET', `/v1/reconciliations/${result.runId}/discrepancies?category=12`);
    expect(cat.status).toBe(400);
    const unknown = randomUUID();
    const missing = await call('GET', `/v1/reconciliations/${unknown}`);
    expect(missing).toMatchObject({ status: 404 });
    expect(JSON.stringify(missing.body)).toContain(unknown);
  });
});
