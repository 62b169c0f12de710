/**
 * Issue 24: an insider who reaches Temporal's frontend with the codec key (so their payloads are
 * sealed) but not the database must not complete a task in someone else's name. The workflow takes
 * the actor from what the API recorded (workflow_request), never from the message.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_DEADLINE_SETTINGS } from '../../libs/calendar';
import {
  completeTaskUpdate,
  DEFAULT_ESCALATION_POLICY,
  districtStateQuery,
  escalationHandledSignal,
  type CompleteTaskRequest,
  type CycleActor,
} from '../../libs/contracts/cycle';
import { recordWorkflowRequest } from '../../libs/db/workflow-requests';
import { districtCycleWorkflow } from '../../workflows/district-cycle';
import { openTaskOf, refusal, stageDistrictFiles, useCycleHarness } from '../support/cycle-harness';
import { eventually } from '../support/fixtures';

const DISTRICT = { regionCode: '71', districtId: '7101' };
const registrar: CycleActor = { id: 'registrar-7101', role: 'AKIMAT_REGISTRAR', ...DISTRICT };
const commission: CycleActor = { id: 'commission-7101', role: 'DISTRICT_COMMISSION', ...DISTRICT };
const h = useCycleHarness();

describe('a completion Update from a client that reaches Temporal but not the database', () => {
  it('is refused when its actor is not the one the API recorded, and the task does not change', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const handle = await h.env.client.workflow.start(districtCycleWorkflow, {
        taskQueue,
        workflowId: `test-forged-actor-${randomUUID()}`,
        args: [{ period: h.period, ...DISTRICT, policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false }],
      });
      const { task } = await openTaskOf(() => handle.query(districtStateQuery), 'SUBMIT_FILES');
      const staged = await stageDistrictFiles(h.prisma, DISTRICT.districtId, h.period);
      const outcome = { kind: 'SUBMIT_FILES' as const, ...staged };
      const send = (req: CompleteTaskRequest) => handle.executeUpdate(completeTaskUpdate, { args: [req] });
      const ref = (requestId: string) => ({
        action: 'cycle-task.complete' as const,
        requestId,
        subjectId: task.id,
        workflowId: handle.workflowId,
      });
      const unchanged = async () =>
        expect(await h.prisma.cycleTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
          status: 'OPEN',
          completedBy: null,
        });

      // No request recorded at all: the registrar's name on a message the API never sent.
      const forged = randomUUID();
      expect(await refusal(send({ taskId: task.id, requestId: forged, actor: registrar, outcome }))).toBe(
        `The API has no record of request ${forged} (cycle-task.complete of ${task.id}): changes are made through the API`,
      );
      await unchanged();

      // The API recorded the district commission's request; the message claims the registrar's role.
      const commissions = randomUUID();
      await recordWorkflowRequest(h.prisma, ref(commissions), commission, outcome);
      expect(
        await refusal(
          send({
            taskId: task.id,
            requestId: commissions,
            actor: { ...commission, role: 'AKIMAT_REGISTRAR' },
            outcome,
          }),
        ),
      ).toBe("This task is for the akimat's registrar; the district commission cannot complete it");
      await unchanged();

      // The registrar's recorded request, its outcome swapped for another.
      const registrars = randomUUID();
      await recordWorkflowRequest(h.prisma, ref(registrars), registrar, outcome);
      const other = { ...outcome, submissionId: randomUUID() };
      expect(await refusal(send({ taskId: task.id, requestId: registrars, actor: registrar, outcome: other }))).toBe(
        `The message of request ${registrars} is not what the API recorded`,
      );
      // The same request under another official's name.
      expect(
        await refusal(
          send({ taskId: task.id, requestId: registrars, actor: { ...registrar, id: 'registrar-other' }, outcome }),
        ),
      ).toBe(`Request ${registrars} was made by another official than the message names`);
      await unchanged();

      // The request as the API recorded it completes the task.
      const done = await send({ taskId: task.id, requestId: registrars, actor: registrar, outcome });
      expect(done).toMatchObject({ taskId: task.id, completedBy: registrar.id, repeated: false });
      expect(await h.prisma.cycleTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
        status: 'COMPLETED',
        completedBy: registrar.id,
      });
    });
  });

  it('an escalationHandled signal the API did not record does not stop the ladder', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const handle = await h.env.client.workflow.start(districtCycleWorkflow, {
        taskQueue,
        workflowId: `test-forged-escalation-${randomUUID()}`,
        args: [{ period: h.period, ...DISTRICT, policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false }],
      });
      const { task } = await openTaskOf(() => handle.query(districtStateQuery), 'SUBMIT_FILES');
      const due = Date.parse(task.dueAt);
      await h.skipTo(due + 60_000);
      const raised = await eventually('the escalation', () =>
        h.prisma.escalation.findFirst({ where: { taskId: task.id } }),
      );
      // Nobody acknowledged or resolved it through the API: the record says so.
      const at = new Date(await h.env.currentTimeMs()).toISOString();
      await handle.signal(escalationHandledSignal, { escalationId: raised.id, action: 'acknowledged', at });
      await handle.signal(escalationHandledSignal, { escalationId: raised.id, action: 'resolved', at });
      await h.skipTo(due + 4 * 3_600_000 + 60_000);
      await eventually(
        'the district commission reached',
        async () =>
          (await h.prisma.escalation.findUniqueOrThrow({ where: { id: raised.id } })).level === 'DISTRICT_COMMISSION',
      );
      const view = (await handle.query(districtStateQuery)).escalations.find((e) => e.id === raised.id);
      expect(view).toMatchObject({ level: 'DISTRICT_COMMISSION', resolvedAt: null });
      expect(view?.acknowledgedAt ?? null).toBeNull();
    });
  });
});
