/**
 * Each role's main path over HTTP, signed in as that official, on the local stack with real
 * workflows (issue 7's done criterion):
 *   - the CEC coordinator starts the period and watches the board;
 *   - the akimat's registrar finds its task, claims it, uploads the voter file, declares the
 *     transfer act and completes the task with it;
 *   - the district commission records the act's receipt, reads the reconciliation's findings and
 *     accepts the data;
 *   - the regional commission follows its region (and is refused another's), acknowledges an
 *     escalation with If-Match;
 *   - the admin reads the district workflow's history and the audit trail of the registrar.
 *
 * The territory is the test's own: two districts of region 27 (no other suite uses it), removed at
 * the end. A regional margin of five working days makes the chain miss the CEC deadline from the
 * start, so escalations exist without waiting for a deadline on the real clock.
 */
import { randomUUID } from 'node:crypto';
import { calendarYearsFor, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { appendix1Csv, appendix1Fields, voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { districtCycleWorkflowId, nationalCycleWorkflowId } from '../../libs/contracts/cycle';
import { ensureCalendarYears, eventually, type ApiAnswer } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const period = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
const REGION = '27';
const D1 = '2701';
const D2 = '2702';
const PASSWORD = 'a long enough demo password';
const stack = useLocalStack({
  config: { TIZIM_REGIONAL_MARGIN_DAYS: '5' },
  beforeStart: async (s) => {
    await ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period)));
    for (const [id, nameRu, nameKk] of [
      [D1, 'Бурлинский район', 'Бөрлі ауданы'],
      [D2, 'Зеленовский район', 'Зеленов ауданы'],
    ]) {
      await s.prisma.district.upsert({ where: { id }, create: { id, regionCode: REGION, nameRu, nameKk }, update: {} });
    }
  },
  beforeStop: async (s) => {
    await s.env.client.workflow
      .getHandle(nationalCycleWorkflowId(period))
      .terminate('test over')
      .catch(() => undefined);
    await s.prisma.district.deleteMany({ where: { id: { in: [D1, D2] } } });
  },
});

const run = randomUUID().slice(0, 8);
type Who = 'coordinator' | 'regional' | 'commission' | 'registrar' | 'admin';
const ACCOUNTS: Record<Who, Record<string, string>> = {
  coordinator: { role: 'CEC_COORDINATOR' },
  regional: { role: 'REGIONAL_COMMISSION', regionCode: REGION },
  commission: { role: 'DISTRICT_COMMISSION', districtId: D1 },
  registrar: { role: 'AKIMAT_REGISTRAR', districtId: D1 },
  admin: { role: 'ADMIN' },
};
const users = {} as Record<Who, { id: string; token: string }>;
const as =
  (who: Who) =>
  (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> =>
    stack.call(method, path, body, {
      Authorization: `Bearer ${users[who].token}`,
      'Content-Type': 'application/json',
      ...headers,
    });

// The registrar's voter file: generated people (the register does not know them: findings follow).
const SPEC: ScenarioSpec = {
  seed: 2701,
  referenceDate: '2026-10-01',
  period,
  regions: [
    {
      code: REGION,
      stationBase: 700,
      districts: [
        { id: D1, nameRu: 'Бурлинский район', nameKk: 'Бөрлі ауданы', locality: 'Аксай', slot: 60, stations: [12] },
      ],
    },
  ],
};
const csv = appendix1Csv([...voterFile(SPEC, D1)].map((r) => appendix1Fields(r)));

beforeAll(async () => {
  for (const [who, territory] of Object.entries(ACCOUNTS) as [Who, Record<string, string>][]) {
    const username = `${who}.${run}`;
    const created = await stack.call('POST', '/v1/users', {
      username,
      fullName: `Test ${who}`,
      password: PASSWORD,
      ...territory,
    });
    expect(created.status).toBe(201);
    const signed = await stack.call(
      'POST',
      '/v1/auth/sign-in',
      { username, password: PASSWORD },
      { 'Content-Type': 'application/json' },
    );
    users[who] = { id: created.body.id, token: signed.body.accessToken };
  }
});

describe("each role's main path, signed in", () => {
  let fileId: string;
  let actId: string;

  it('the coordinator starts the period (a registrar may not) and sees the region on the board', async () => {
    expect((await as('registrar')('POST', '/v1/cycles', { period })).status).toBe(403);
    expect((await as('coordinator')('POST', '/v1/cycles', { period })).status).toBe(201);
    const row = await eventually(
      'region 27 on the board',
      async () => {
        const r = (await as('coordinator')('GET', `/v1/board?period=${period}&regionCode=${REGION}`)).body.regions?.[0];
        return r?.districts.total === 2 && r;
      },
      60_000,
    );
    expect(row).toMatchObject({ regionCode: REGION, atRisk: true });
  });

  it('the registrar claims its task, uploads the voter file, declares the act and hands the files over', async () => {
    const task = await eventually(
      "the registrar's submission task",
      async () => {
        const items = (await as('registrar')('GET', `/v1/tasks?period=${period}&due=open`)).body.items as {
          id: string;
          kind: string;
          districtId: string;
        }[];
        return items?.find((t) => t.kind === 'SUBMIT_FILES');
      },
      60_000,
    );
    expect(task.districtId).toBe(D1);
    // Only its own district's tasks, whatever it asks for.
    expect((await as('registrar')('GET', `/v1/tasks?period=${period}&districtId=${D2}`)).body.items).toEqual([]);
    expect((await as('registrar')('POST', `/v1/tasks/${task.id}/claim`)).status).toBe(200);

    const form = new FormData();
    for (const [k, v] of Object.entries({ period, districtId: D1, kind: 'voters' })) form.set(k, v);
    form.set('file', new Blob([new Uint8Array(Buffer.from(csv))]), `izbirateli_${D1}.csv`);
    const sent = await fetch(`${stack.base}/v1/files`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${users.registrar.token}` },
      body: form,
    });
    expect(sent.status).toBe(202);
    fileId = ((await sent.json()) as { id: string }).id;
    const file = await eventually(
      'the voter file accepted',
      async () => {
        const r = await as('registrar')('GET', `/v1/files/${fileId}`);
        return r.body.status !== 'RECEIVED' && r.body;
      },
      60_000,
    );
    expect(file).toMatchObject({ status: 'ACCEPTED', records: 12 });

    const act = await as('registrar')('POST', '/v1/transfer-acts', {
      period,
      districtId: D1,
      akimat: { holder: users.registrar.id, name: 'Test registrar', position: 'registrar' },
      files: [{ kind: 'voters', name: `izbirateli_${D1}.csv`, sizeBytes: Buffer.byteLength(csv), records: 12 }],
    });
    expect(act.status).toBe(201);
    actId = act.body.id;
    // The commission records the receipt: the files are checked against the act.
    const receipt = await as('commission')('POST', `/v1/transfer-acts/${actId}/receipt`, {
      commission: { holder: users.commission.id, name: 'Test commission', position: 'secretary' },
    });
    expect(receipt).toMatchObject({ status: 200, body: { status: 'RECEIVED', submissionId: fileId } });

    const done = await as('registrar')('POST', `/v1/tasks/${task.id}/complete`, { outcome: { transferActId: actId } });
    expect(done).toMatchObject({ status: 200, body: { completedBy: users.registrar.id, repeated: false } });
  });

  it('the district commission reads the findings and accepts the data; the district is ready', async () => {
    const review = await eventually(
      "the commission's review task",
      async () => {
        const items = (await as('commission')('GET', `/v1/tasks?period=${period}&due=open`)).body.items as {
          id: string;
          kind: string;
        }[];
        return items?.find((t) => t.kind === 'REVIEW_DISCREPANCIES');
      },
      60_000,
    );
    const runs = await as('commission')('GET', `/v1/reconciliations?period=${period}&districtId=${D1}`);
    const runId = runs.body.items[0].id as string;
    const findings = await as('commission')(
      'GET',
      `/v1/reconciliations/${runId}/discrepancies?reason=${encodeURIComponent('review of round 1')}`,
    );
    expect(findings.status).toBe(200);
    expect(findings.body.items.length).toBeGreaterThan(0);
    // The regional commission reads its region's runs too.
    expect((await as('regional')('GET', `/v1/reconciliations/${runId}`)).status).toBe(200);

    const accepted = await as('commission')('POST', `/v1/tasks/${review.id}/complete`, {
      outcome: { decision: 'accept' },
    });
    expect(accepted.status).toBe(200);
    const state = await eventually(
      'district 2701 ready',
      async () => {
        const s = await as('commission')('GET', `/v1/cycles/${period}/districts/${D1}`);
        return s.body.stage === 'ready' && s.body;
      },
      60_000,
    );
    expect(state.lastReconciliation.submissionId).toBe(fileId);
  });

  it('the regional commission follows its region, is refused another, and acknowledges an escalation', async () => {
    expect((await as('regional')('GET', `/v1/board/regions/${REGION}?period=${period}`)).status).toBe(200);
    expect((await as('regional')('GET', `/v1/board/regions/71?period=${period}`)).status).toBe(403);
    const escalation = await eventually(
      'an open escalation in region 27',
      async () => {
        const items = (await as('regional')('GET', `/v1/escalations?period=${period}&status=open`)).body.items as {
          id: string;
          regionCode: string;
        }[];
        return items?.find((e) => e.regionCode === REGION);
      },
      60_000,
    );
    const read = await as('regional')('GET', `/v1/escalations/${escalation.id}`);
    const ack = await as('regional')(
      'POST',
      `/v1/escalations/${escalation.id}/acknowledge`,
      { comment: 'the akimat is on it' },
      { 'If-Match': read.headers.get('etag')! },
    );
    expect(ack).toMatchObject({ status: 200, body: { acknowledgedBy: users.regional.id } });
  });

  it("the admin reads the district workflow's history and the registrar's audit trail", async () => {
    const workflowId = districtCycleWorkflowId(period, D1);
    const history = await as('admin')('GET', `/v1/workflows/${encodeURIComponent(workflowId)}/history`);
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain(users.registrar.id);
    expect((await as('coordinator')('GET', '/v1/audit')).status).toBe(403);
    const audit = await as('admin')('GET', `/v1/audit?actor=${users.registrar.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['file.upload', 'transfer-act.declare', 'cycle-task.complete']),
    );
  });
});
