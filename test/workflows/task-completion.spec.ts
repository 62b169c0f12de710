/**
 * Issue 25, section 3: a task's completion is honest. The workflow changes its task only after the
 * record was written, so the workflow's state and cycle_task agree in every outcome, and the API
 * says "nothing changed" only when nothing did.
 *
 * The record is made to fail for good by a fault in the real database: a trigger that refuses to
 * mark this one task COMPLETED, so every attempt of the activity fails until it is dropped.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Activities } from '../../activities';
import { Client } from 'pg';
import { Problem } from '../../apps/api/src/core/problem';
import { messageProblem } from '../../apps/api/src/core/workflow-messages';
import { DEFAULT_DEADLINE_SETTINGS } from '../../libs/calendar';
import {
  completeTaskUpdate,
  DEFAULT_ESCALATION_POLICY,
  districtStateQuery,
  type CycleActor,
  type TaskOutcome,
} from '../../libs/contracts/cycle';
import { claimTaskRecord } from '../../libs/db/cycle';
import { recordWorkflowRequest } from '../../libs/db/workflow-requests';
import { districtCycleWorkflow } from '../../workflows/district-cycle';
import { completeRecorded, openTaskOf, refusal, stageDistrictFiles, useCycleHarness } from '../support/cycle-harness';
import { testDatabaseUrl } from '../support/test-env';

const DISTRICT = { regionCode: '71', districtId: '7101' };
const registrar: CycleActor = { id: 'registrar-7101', role: 'AKIMAT_REGISTRAR', ...DISTRICT };
const h = useCycleHarness();

let client: Client;
beforeAll(async () => {
  client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
});

/** The database refuses to complete this task (until `heal` drops the trigger). */
async function faultOn(taskId: string): Promise<{ heal: () => Promise<void> }> {
  const name = `test_fault_${taskId.replace(/-/g, '')}`;
  await client.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'test fault: the record of task % cannot be completed', OLD.id; END $$`);
  await client.query(
    `CREATE TRIGGER ${name} BEFORE UPDATE ON cycle_task FOR EACH ROW
       WHEN (OLD.id = '${taskId}'::uuid AND NEW.status = 'COMPLETED') EXECUTE FUNCTION ${name}()`,
  );
  return {
    heal: async () => {
      await client.query(`DROP TRIGGER ${name} ON cycle_task`);
      await client.query(`DROP FUNCTION ${name}()`);
    },
  };
}

/** Settles `p` while the server's clock runs ahead, so the activity's retries are spent. */
async function spendingRetries<T>(p: Promise<T>): Promise<PromiseSettledResult<T>> {
  let settled: PromiseSettledResult<T> | null = null;
  const done = p.then(
    (value) => (settled = { status: 'fulfilled', value }),
    (reason: unknown) => (settled = { status: 'rejected', reason }),
  );
  while (!settled) await Promise.race([done, h.env.sleep(60_000)]);
  return settled;
}

const startDistrict = async (taskQueue: string) => {
  const handle = await h.env.client.workflow.start(districtCycleWorkflow, {
    taskQueue,
    workflowId: `test-honest-completion-${randomUUID()}`,
    args: [{ period: h.period, ...DISTRICT, policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false }],
  });
  const { task } = await openTaskOf(() => handle.query(districtStateQuery), 'SUBMIT_FILES');
  const staged = await stageDistrictFiles(h.prisma, DISTRICT.districtId, h.period);
  const outcome: TaskOutcome = { kind: 'SUBMIT_FILES', ...staged };
  const taskIn = async () => (await handle.query(districtStateQuery)).tasks.find((t) => t.id === task.id)!;
  const record = () => h.prisma.cycleTask.findUniqueOrThrow({ where: { id: task.id } });
  return { handle, task, outcome, taskIn, record };
};

describe('a completion whose record cannot be written', () => {
  it('leaves the task open in the workflow and on record, and the API says nothing changed; sent again it completes', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const { handle, task, outcome, taskIn, record } = await startDistrict(taskQueue);
      const fault = await faultOn(task.id);
      const requestId = randomUUID();
      const req = { taskId: task.id, requestId, actor: registrar, outcome };

      const failed = await spendingRetries(completeRecorded(h.prisma, handle, req));
      expect(failed.status).toBe('rejected');
      const err = (failed as PromiseRejectedResult).reason;
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);

      // The workflow and the record agree: open, completed by nobody.
      expect(await taskIn()).toMatchObject({ status: 'OPEN', completedBy: null, completedAt: null });
      expect(await record()).toMatchObject({ status: 'OPEN', completedBy: null, completedAt: null });
      // So the API's answer is "not applied, nothing changed, send it again": 503, not a refusal.
      const problem = messageProblem(err, {
        workflowId: handle.workflowId,
        subject: `task ${task.id}`,
        readAt: '/v1/tasks',
      }) as Problem;
      expect(problem).toBeInstanceOf(Problem);
      expect([problem.getStatus(), problem.code]).toEqual([503, 'workflow.not-applied']);
      expect(problem.detail).toMatch(/the task is still open and nothing changed/);

      // The database heals; the same request, sent again, completes the task on both sides.
      await fault.heal();
      const done = await completeRecorded(h.prisma, handle, req);
      expect(done).toMatchObject({ taskId: task.id, completedBy: registrar.id, repeated: false });
      expect(await taskIn()).toMatchObject({ status: 'COMPLETED', completedBy: registrar.id });
      expect(await record()).toMatchObject({ status: 'COMPLETED', completedBy: registrar.id });
    });
  });
});

describe('a completion whose record was written but its answer lost', () => {
  it('is undone on record, so the workflow and the record agree the task is open; sent again it completes', async () => {
    // Every attempt writes the record and then fails, as if its answer never came back (the
    // worker's connection dropped after the commit): the Update cannot know it went through.
    let writes = 0;
    const answerLost = (real: Activities): Activities => ({
      ...real,
      async completeTaskRecord(c) {
        const written = await real.completeTaskRecord(c);
        writes += 1;
        if (writes === 1) throw ApplicationFailure.nonRetryable('test: the answer of the write was lost');
        return written;
      },
    });
    await h.withWorker(
      DEFAULT_DEADLINE_SETTINGS,
      async (taskQueue) => {
        const { handle, task, outcome, taskIn, record } = await startDistrict(taskQueue);
        const req = { taskId: task.id, requestId: randomUUID(), actor: registrar, outcome };

        const failed = await spendingRetries(completeRecorded(h.prisma, handle, req));
        expect(failed.status).toBe('rejected');
        expect(writes).toBe(1);
        // The completion the write made is undone: open on both sides, nobody's.
        expect(await taskIn()).toMatchObject({ status: 'OPEN', completedBy: null, completedAt: null });
        expect(await record()).toMatchObject({ status: 'OPEN', completedBy: null, completedAt: null, outcome: null });

        const done = await completeRecorded(h.prisma, handle, req);
        expect(done).toMatchObject({ taskId: task.id, completedBy: registrar.id, repeated: false });
        expect(await record()).toMatchObject({ status: 'COMPLETED', completedBy: registrar.id });
      },
      answerLost,
    );
  });
});

describe('a completion racing a claim', () => {
  it('is refused when another official claimed the task after the API checked it; both sides stay open', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const { handle, task, outcome, taskIn, record } = await startDistrict(taskQueue);
      // The API saw the task unclaimed; another registrar's claim lands before the Update runs.
      expect(await claimTaskRecord(h.prisma, task.id, 'registrar-other')).toBe(true);
      const req = { taskId: task.id, requestId: randomUUID(), actor: registrar, outcome };
      expect(await refusal(completeRecorded(h.prisma, handle, req))).toMatch(/claimed by registrar-other/);
      expect(await taskIn()).toMatchObject({ status: 'OPEN', completedBy: null });
      expect(await record()).toMatchObject({ status: 'CLAIMED', claimedBy: 'registrar-other', completedBy: null });
    });
  });

  it('two completions sent at once are applied once: the second is answered as a repeat or refused', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const { handle, task, outcome, taskIn, record } = await startDistrict(taskQueue);
      const requestId = randomUUID();
      const req = { taskId: task.id, requestId, actor: registrar, outcome };
      await recordWorkflowRequest(
        h.prisma,
        { action: 'cycle-task.complete', requestId, subjectId: task.id, workflowId: handle.workflowId },
        registrar,
        outcome,
      );
      const send = () => handle.executeUpdate(completeTaskUpdate, { args: [req] });
      const [a, b] = await Promise.all([send(), send()]);
      expect([a.repeated, b.repeated].sort()).toEqual([false, true]);
      expect(a.completedAt).toBe(b.completedAt);
      expect(await taskIn()).toMatchObject({ status: 'COMPLETED', completedAt: a.completedAt });
      expect((await record()).completedAt?.toISOString()).toBe(a.completedAt);
    });
  });
});
