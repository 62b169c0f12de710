/**
 * A registrar's SUBMIT_FILES completion names ids: the staged submission (an act on paper) or the
 * transfer act recorded in Tizim. Each must be of the task's own district and period (issue 23: a
 * registrar completed their task naming another district's submission, 200, and the reconciliation
 * then found nothing staged). Refused with 422, a code and the field named; the task stays open.
 */
import { randomUUID } from 'node:crypto';
import { calendarYearsFor, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { nationalCycleWorkflowId } from '../../libs/contracts/cycle';
import { stageDistrictFiles } from '../support/cycle-harness';
import { ensureCalendarYears, eventually, type ApiAnswer } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';

const period = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
const DISTRICT = '7101';
const PASSWORD = 'a long enough demo password';
// A database of its own: other suites' stacks start the same period on the shared one, and a task
// of theirs for the same district (their Temporal's workflow, not this one's) would be taken here.
const { stack } = useLocalStackOnOwnDatabase('task_outcome_ids', {
  beforeStart: (s) => ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period))),
  beforeStop: async (s) =>
    s.env.client.workflow
      .getHandle(nationalCycleWorkflowId(period))
      .terminate('test over')
      .then(() => undefined),
});
const run = randomUUID().slice(0, 8);

let token = '';
let taskId = '';
let otherDistrict = '';
const asRegistrar = (method: string, path: string, body?: unknown): Promise<ApiAnswer> =>
  stack.call(method, path, body, { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` });

/** A transfer act row of `districtId` and `actPeriod`, received, naming `submissionId`. */
async function transferAct(districtId: string, actPeriod: string, submissionId: string | null): Promise<string> {
  const district = await stack.prisma.district.findUniqueOrThrow({ where: { id: districtId } });
  const id = randomUUID();
  await stack.prisma.transferAct.create({
    data: {
      id,
      number: `T-${run}-${id.slice(0, 4)}`,
      period: actPeriod,
      regionCode: district.regionCode,
      districtId,
      status: 'RECEIVED',
      submissionId,
      akimatHolder: 'test',
      akimatName: 'Тест',
      akimatPosition: 'регистратор',
      handedOverAt: new Date(),
      receivedAt: new Date(),
      declaredBy: 'test',
      declaredAt: new Date(),
    },
  });
  return id;
}

beforeAll(async () => {
  const username = `registrar.${run}`;
  expect(
    (
      await stack.call('POST', '/v1/users', {
        username,
        fullName: 'Test registrar',
        password: PASSWORD,
        role: 'AKIMAT_REGISTRAR',
        districtId: DISTRICT,
      })
    ).status,
  ).toBe(201);
  token = (
    await stack.call(
      'POST',
      '/v1/auth/sign-in',
      { username, password: PASSWORD },
      { 'Content-Type': 'application/json' },
    )
  ).body.accessToken;
  otherDistrict = (
    await stack.prisma.district.findFirstOrThrow({
      where: { id: { not: DISTRICT }, stations: { some: {} } },
      orderBy: { id: 'asc' },
    })
  ).id;
  expect((await stack.call('POST', '/v1/cycles', { period })).status).toBe(201);
  taskId = (
    await eventually(
      "the registrar's submission task",
      async () => {
        const items = (await asRegistrar('GET', `/v1/tasks?period=${period}&due=open`)).body.items as {
          id: string;
          kind: string;
        }[];
        return items?.find((t) => t.kind === 'SUBMIT_FILES');
      },
      60_000,
    )
  ).id;
  expect((await asRegistrar('POST', `/v1/tasks/${taskId}/claim`)).status).toBe(200);
});

const stillOpen = async () =>
  expect((await stack.prisma.cycleTask.findUniqueOrThrow({ where: { id: taskId } })).status).toBe('CLAIMED');

describe('a SUBMIT_FILES completion naming ids', () => {
  it("refuses another district's staged submission (422, outcome.submissionId named)", async () => {
    const theirs = await stageDistrictFiles(stack.prisma, otherDistrict, period);
    const answer = await asRegistrar('POST', `/v1/tasks/${taskId}/complete`, { outcome: theirs });
    expect(answer).toMatchObject({
      status: 422,
      body: {
        code: 'task.outcome-elsewhere',
        params: { field: 'outcome.submissionId', what: 'submission', districtId: DISTRICT, period },
        detail: expect.stringMatching(new RegExp(`district ${otherDistrict}.*district ${DISTRICT}`)),
        errors: [{ field: 'outcome.submissionId' }],
      },
    });
    await stillOpen();
  });

  it("refuses the district's own submission of another period, and an id nothing has", async () => {
    const older = await stageDistrictFiles(stack.prisma, DISTRICT, '2025-01');
    expect(await asRegistrar('POST', `/v1/tasks/${taskId}/complete`, { outcome: older })).toMatchObject({
      status: 422,
      body: { code: 'task.outcome-elsewhere', params: { field: 'outcome.submissionId' } },
    });
    const none = randomUUID();
    expect(
      await asRegistrar('POST', `/v1/tasks/${taskId}/complete`, { outcome: { ...older, submissionId: none } }),
    ).toMatchObject({
      status: 422,
      body: {
        code: 'task.outcome-unknown-id',
        params: { field: 'outcome.submissionId', id: none },
        errors: [{ field: 'outcome.submissionId' }],
      },
    });
    await stillOpen();
  });

  it("refuses another district's transfer act, and an act of its own whose submission is another district's", async () => {
    const theirs = await stageDistrictFiles(stack.prisma, otherDistrict, period);
    const theirAct = await transferAct(otherDistrict, period, theirs.submissionId);
    expect(
      await asRegistrar('POST', `/v1/tasks/${taskId}/complete`, { outcome: { transferActId: theirAct } }),
    ).toMatchObject({
      status: 422,
      body: {
        code: 'task.outcome-elsewhere',
        params: { field: 'outcome.transferActId', what: 'transfer-act' },
        errors: [{ field: 'outcome.transferActId' }],
      },
    });
    const ownActTheirSubmission = await transferAct(DISTRICT, period, theirs.submissionId);
    expect(
      await asRegistrar('POST', `/v1/tasks/${taskId}/complete`, { outcome: { transferActId: ownActTheirSubmission } }),
    ).toMatchObject({
      status: 422,
      body: { code: 'task.outcome-elsewhere', params: { field: 'outcome.transferActId', what: 'submission' } },
    });
    await stillOpen();
  });

  it("completes with the district's own submission of the period", async () => {
    const ours = await stageDistrictFiles(stack.prisma, DISTRICT, period);
    expect(await asRegistrar('POST', `/v1/tasks/${taskId}/complete`, { outcome: ours })).toMatchObject({
      status: 200,
      body: { taskId, kind: 'SUBMIT_FILES', repeated: false },
    });
  });
});
