/**
 * Issue 24: whoever reaches Temporal's frontend without the codec key (a raw client, plain JSON
 * payloads) must not be able to start a workflow or change one. The worker's codec refuses every
 * payload it did not seal, so such a workflow task fails and nothing of it takes effect: no
 * activity runs, no task is opened or completed.
 */
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DEFAULT_DEADLINE_SETTINGS } from '../../libs/calendar';
import { completeTaskUpdate, DEFAULT_ESCALATION_POLICY, type CycleActor } from '../../libs/contracts/cycle';
import { districtCycleWorkflow } from '../../workflows/district-cycle';
import { openTaskOf, useCycleHarness } from '../support/cycle-harness';
import { eventually, rawHistory } from '../support/fixtures';
import { districtStateQuery } from '../../libs/contracts/cycle';

const DISTRICT = { regionCode: '71', districtId: '7103' };
const registrar: CycleActor = { id: 'registrar-7103', role: 'AKIMAT_REGISTRAR', ...DISTRICT };
const h = useCycleHarness();
const EventType = temporal.api.enums.v1.EventType;

/** A client that reaches the frontend but holds no codec key: its payloads are plain JSON. */
const rawClient = () => new Client({ connection: h.env.connection, namespace: 'default' });

const input = () => ({ period: h.period, ...DISTRICT, policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false });

describe('payloads that are not sealed', () => {
  it('a workflow started with plain payloads does not run: its first workflow task fails, nothing is opened', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const workflowId = `test-unsealed-start-${randomUUID()}`;
      await rawClient().workflow.start(districtCycleWorkflow, { taskQueue, workflowId, args: [input()] });
      await eventually('the worker to fail the workflow task', async () =>
        (await rawHistory(h.env.connection, workflowId)).history.events!.some(
          (e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
        ),
      );
      const events = (await rawHistory(h.env.connection, workflowId)).history.events!;
      expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(false);
      expect(await h.prisma.cycleTask.count({ where: { workflowId } })).toBe(0);
    });
  });

  it('an Update with plain payloads is not accepted and the task stays open', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const handle = await h.env.client.workflow.start(districtCycleWorkflow, {
        taskQueue,
        workflowId: `test-unsealed-update-${randomUUID()}`,
        args: [input()],
      });
      const { task } = await openTaskOf(() => handle.query(districtStateQuery), 'SUBMIT_FILES');
      const raw = rawClient().workflow.getHandle(handle.workflowId);
      const sent = h.env.client.connection.withDeadline(Date.now() + 5_000, () =>
        raw.executeUpdate(completeTaskUpdate, {
          args: [
            {
              taskId: task.id,
              requestId: randomUUID(),
              actor: registrar,
              outcome: { kind: 'SUBMIT_FILES', transferActId: randomUUID(), files: [] },
            },
          ],
        }),
      );
      await expect(sent).rejects.toThrow();
      const events = (await rawHistory(h.env.connection, handle.workflowId)).history.events!;
      expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toBe(false);
      expect(await h.prisma.cycleTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
        status: 'OPEN',
        completedBy: null,
      });
    });
  });
});
