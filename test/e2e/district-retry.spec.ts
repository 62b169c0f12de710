/**
 * Issue 25 §1 over HTTP: an admin retries a district whose cycle workflow failed for good,
 * `POST /v1/cycles/:period/districts/:districtId/retry` with a reason. Other roles are refused,
 * the reason is required, the region's workflow refuses a district that has not failed, and every
 * answer is audited with the reason. The failure is a real one: the district's workflow is
 * terminated on the Temporal server (as an operator's mistake would), which its region records
 * and escalates instead of failing.
 */
import { randomUUID } from 'node:crypto';
import { calendarYearsFor, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { districtCycleWorkflowId, nationalCycleWorkflowId, regionCycleWorkflowId } from '../../libs/contracts/cycle';
import { ensureCalendarYears, eventually, type ApiAnswer } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';

const period = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
// A database of its own: the cycle, console and board suites start the same period on the shared
// one, and its tasks and escalations would be taken for theirs.
const { stack } = useLocalStackOnOwnDatabase('district_retry', {
  beforeStart: (s) => ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period))),
  beforeStop: async (s) => {
    await s.env.client.workflow
      .getHandle(nationalCycleWorkflowId(period))
      .terminate('test over')
      .catch(() => undefined);
  },
});
const { call } = stack;

const PASSWORD = 'a long enough demo password';
const run = randomUUID().slice(0, 8);
type Who = 'coordinator' | 'regional' | 'registrar';
const ACCOUNTS: Record<Who, Record<string, string>> = {
  coordinator: { role: 'CEC_COORDINATOR' },
  regional: { role: 'REGIONAL_COMMISSION', regionCode: '75' },
  registrar: { role: 'AKIMAT_REGISTRAR', districtId: '7502' },
};
const tokens = {} as Record<Who, string>;
const as = (who: Who) => (path: string, body: unknown) =>
  call('POST', path, body, { Authorization: `Bearer ${tokens[who]}`, 'Content-Type': 'application/json' });

beforeAll(async () => {
  for (const [who, territory] of Object.entries(ACCOUNTS) as [Who, Record<string, string>][]) {
    const username = `retry-${who}.${run}`;
    const created = await call('POST', '/v1/users', {
      username,
      fullName: `Test ${who}`,
      password: PASSWORD,
      ...territory,
    });
    expect(created.status).toBe(201);
    const signed = await call(
      'POST',
      '/v1/auth/sign-in',
      { username, password: PASSWORD },
      { 'Content-Type': 'application/json' },
    );
    tokens[who] = signed.body.accessToken;
  }
});

const retryPath = (districtId: string) => `/v1/cycles/${period}/districts/${districtId}/retry`;
const audited = (districtId: string) =>
  stack.prisma.auditEvent.findMany({
    where: { action: 'cycle-district.retry', subjectId: districtCycleWorkflowId(period, districtId) },
    orderBy: { id: 'asc' },
  });

describe('an admin retries a failed district over HTTP', () => {
  it('refuses other roles and a missing reason, refuses a district that has not failed, and retries one that has', async () => {
    expect((await call('POST', '/v1/cycles', { period })).status).toBe(201);
    const region = async () => (await call('GET', `/v1/cycles/${period}/regions/75`)).body;
    await eventually('region 75 with its districts', async () => (await region())?.districts?.length === 2, 60_000);

    // Only an admin: the coordinator, the regional commission and the registrar are refused.
    for (const who of ['coordinator', 'regional', 'registrar'] as const) {
      expect((await as(who)(retryPath('7502'), { reason: 'try again' })).status).toBe(403);
    }
    // The reason is required, in words.
    const message = 'reason is required: say in words why the district is retried (1 to 500 characters)';
    for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(501) }]) {
      const refused: ApiAnswer = await call('POST', retryPath('7502'), body);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'reason', message })]);
    }
    expect((await call('POST', retryPath('9999'), { reason: 'no such district' })).status).toBe(404);

    // The region's workflow refuses a district that has not failed; audited as refused, with the reason.
    const notFailed = await call('POST', retryPath('7502'), { reason: 'checking the route' });
    expect(notFailed).toMatchObject({
      status: 409,
      body: { detail: 'District 7502 has not failed; there is nothing to retry' },
    });
    expect(await audited('7502')).toEqual([
      expect.objectContaining({ actor: 'operator', outcome: 'refused', reason: 'checking the route' }),
    ]);

    // A real failure: the district's workflow is terminated. The region records it and escalates it.
    await stack.env.client.workflow
      .getHandle(districtCycleWorkflowId(period, '7502'))
      .terminate('test: the district fails');
    const failed = await eventually(
      'the region to record 7502 as failed',
      async () => {
        const state = await region();
        return state.districts.find((d: { districtId: string }) => d.districtId === '7502')?.failed && state;
      },
      60_000,
    );
    expect(failed.stage).toBe('districts-in-progress');
    expect(failed.districts.find((d: { districtId: string }) => d.districtId === '7501')).toMatchObject({
      ready: false,
      failed: null,
    });
    // Nothing else ends with it (before issue 25 the region failed, the country failed, and every
    // other region and district was terminated).
    const status = async (id: string) => (await stack.env.client.workflow.getHandle(id).describe()).status.name;
    for (const id of [
      nationalCycleWorkflowId(period),
      regionCycleWorkflowId(period, '75'),
      districtCycleWorkflowId(period, '7501'),
      regionCycleWorkflowId(period, '71'),
      districtCycleWorkflowId(period, '7101'),
    ])
      expect([id, await status(id)]).toEqual([id, 'RUNNING']);
    const escalationId: string = failed.districts.find((d: { districtId: string }) => d.districtId === '7502').failed
      .escalationId;
    expect(await stack.prisma.escalation.findUniqueOrThrow({ where: { id: escalationId } })).toMatchObject({
      reason: 'STEP_FAILED',
      districtId: '7502',
      level: 'REGIONAL_COMMISSION',
    });

    const retried = await call('POST', retryPath('7502'), { reason: 'The district was terminated by mistake' });
    expect(retried).toMatchObject({
      status: 200,
      body: { districtId: '7502', workflowId: districtCycleWorkflowId(period, '7502'), retries: 1 },
    });
    expect(await audited('7502')).toEqual([
      expect.objectContaining({ outcome: 'refused', reason: 'checking the route' }),
      expect.objectContaining({ actor: 'operator', outcome: 'ok', reason: 'The district was terminated by mistake' }),
    ]);
    // The new run waits for the akimat's files (the failed one had none handed over).
    await eventually(
      'the new run of 7502',
      async () => {
        const d = (await call('GET', `/v1/cycles/${period}/districts/7502`)).body;
        return d?.stage === 'awaiting-submission' && d.tasks.some((t: { status: string }) => t.status === 'OPEN');
      },
      60_000,
    );
    expect((await region()).districts.find((d: { districtId: string }) => d.districtId === '7502')).toMatchObject({
      failed: null,
      retries: 1,
    });
    expect(
      (await stack.prisma.escalation.findUniqueOrThrow({ where: { id: escalationId } })).resolvedAt,
    ).not.toBeNull();
  });
});
