/**
 * A task completion retried with the same X-Request-Id after the first went through and ended the
 * workflow (its answer lost: the client timed out, the worker was killed) is answered as the
 * first, not 409 "the workflow has ended": the national dress rehearsal (issue 25 §3) met six such
 * completions after its worker's kill, each done on record and refused to the registrar who
 * retried it. A different request for the same task is still refused.
 */
import { randomUUID } from 'node:crypto';
import { calendarYearsFor, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { districtCycleWorkflowId, nationalCycleWorkflowId } from '../../libs/contracts/cycle';
import { stageDistrictFiles } from '../support/cycle-harness';
import { ensureCalendarYears, eventually, OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';

const period = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
const { stack } = useLocalStackOnOwnDatabase('completion_retry', {
  beforeStart: (s) => ensureCalendarYears(s.prisma, calendarYearsFor(parsePeriod(period))),
  beforeStop: async (s) =>
    s.env.client.workflow
      .getHandle(nationalCycleWorkflowId(period))
      .terminate('test over')
      .then(() => undefined),
});

it('answers a retried completion whose first attempt ended the workflow as the first, and refuses another request', async () => {
  expect((await stack.call('POST', '/v1/cycles', { period })).status).toBe(201);
  const state = await eventually(
    'the district task',
    async () => {
      const res = await stack.call('GET', `/v1/cycles/${period}/districts/7101`);
      return res.status === 200 && res.body.tasks?.length === 1 && res.body;
    },
    60_000,
  );
  const taskId: string = state.tasks[0].id;
  const outcome = await stageDistrictFiles(stack.prisma, '7101', period);
  const requestId = randomUUID();
  const complete = (id: string) =>
    stack.call('POST', `/v1/tasks/${taskId}/complete`, { outcome }, { ...OPERATOR_HEADERS, 'X-Request-Id': id });

  const first = await complete(requestId);
  expect(first.status).toBe(200);
  // Clean files: reconciled, ready, and the district's workflow ends.
  const district = stack.env.client.workflow.getHandle(districtCycleWorkflowId(period, '7101'));
  await eventually(
    'the district workflow ended',
    async () => (await district.describe()).status.name === 'COMPLETED',
    60_000,
  );

  const again = await complete(requestId);
  expect({ status: again.status, body: again.body }).toMatchObject({
    status: 200,
    body: { taskId, completedAt: first.body.completedAt, completedBy: first.body.completedBy, repeated: true },
  });
  const other = await complete(randomUUID());
  expect(other.status).toBe(409);
  const audited = await stack.prisma.auditEvent.findMany({
    where: { action: 'cycle-task.complete', subjectId: taskId, requestId },
    orderBy: { id: 'asc' },
  });
  expect(audited.map((a) => a.outcome)).toEqual(['ok', 'ok']);
});
