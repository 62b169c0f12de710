/**
 * Issue 25 §1, failure isolation on the time-skipping server: one district's reconciliation fails
 * for good; its sibling runs on and finishes, the region records the failed district with its
 * reason and escalates it to the regional commission and the CEC coordinator, and an admin's retry
 * (the fault gone) reconciles the files already handed over, so the region goes on to the CEC.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { DEFAULT_DEADLINE_SETTINGS } from '../../libs/calendar';
import {
  DEFAULT_ESCALATION_POLICY,
  districtCycleWorkflowId,
  districtStateQuery,
  nationalStateQuery,
  regionCycleWorkflowId,
  regionStateQuery,
  retryDistrictUpdate,
  type CycleActor,
  type RetryDistrictRequest,
} from '../../libs/contracts/cycle';
import { recordWorkflowRequest } from '../../libs/db/workflow-requests';
import { nationalCycleWorkflow } from '../../workflows/national-cycle';
import { districtCycleWorkflow } from '../../workflows/district-cycle';
import { regionCycleWorkflow } from '../../workflows/region-cycle';
import { eventually } from '../support/fixtures';
import { completeRecorded, openTaskOf, refusal, stageDistrictFiles, useCycleHarness } from '../support/cycle-harness';

const h = useCycleHarness();
const options = { policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false };
// Region 71 (Astana) has two districts on record in the demo territory: 7101 and 7102.
const registrar = (districtId: string): CycleActor => ({
  id: `registrar-${districtId}`,
  role: 'AKIMAT_REGISTRAR',
  regionCode: '71',
  districtId,
});
const FAULT = 'The register partition of district 7102 could not be read (test fault)';

describe('regionCycleWorkflow: a district that fails for good', () => {
  it('leaves its sibling running, is recorded and escalated, and an admin retry completes it', async () => {
    // The fault: 7102's reconciliation fails for good (non-retryable) until it is removed.
    let faulty = true;
    const result = await h.withWorker(
      DEFAULT_DEADLINE_SETTINGS,
      async (taskQueue) => {
        const region = await h.env.client.workflow.start(regionCycleWorkflow, {
          taskQueue,
          workflowId: `test-region-${randomUUID()}`,
          args: [{ period: h.period, regionCode: '71', ...options }],
        });
        const district = (id: string) => h.env.client.workflow.getHandle(districtCycleWorkflowId(h.period, id));
        const submit = async (id: string) => {
          const task = await openTaskOf(() => district(id).query(districtStateQuery), 'SUBMIT_FILES');
          await completeRecorded(h.prisma, district(id), {
            taskId: task.task.id,
            requestId: randomUUID(),
            actor: registrar(id),
            outcome: { kind: 'SUBMIT_FILES', ...(await stageDistrictFiles(h.prisma, id, h.period)) },
          });
          return task.task.id;
        };
        // Both districts wait for their files; 7102 hands its files over first and fails.
        await openTaskOf(() => district('7101').query(districtStateQuery), 'SUBMIT_FILES');
        const submitted7102 = await submit('7102');
        const failed = await eventually('the region to record 7102 as failed', async () => {
          const state = await region.query(regionStateQuery);
          return state.districts.find((d) => d.districtId === '7102')?.failed ? state : null;
        });
        expect(failed.stage).toBe('districts-in-progress');
        expect(failed.districts).toEqual([
          expect.objectContaining({ districtId: '7101', ready: false, failed: null }),
          expect.objectContaining({
            districtId: '7102',
            ready: false,
            failed: expect.objectContaining({ reason: expect.stringContaining(FAULT) }),
          }),
        ]);
        expect((await region.describe()).status.name).toBe('RUNNING');

        // The escalation, to the regional commission, and told to the CEC coordinator too.
        const escalationId = failed.districts[1].failed!.escalationId!;
        expect(await h.prisma.escalation.findUniqueOrThrow({ where: { id: escalationId } })).toMatchObject({
          workflowId: region.workflowId,
          period: h.period,
          regionCode: '71',
          districtId: '7102',
          reason: 'STEP_FAILED',
          level: 'REGIONAL_COMMISSION',
          resolvedAt: null,
        });
        expect(failed.escalations).toEqual([expect.objectContaining({ id: escalationId, reason: 'STEP_FAILED' })]);
        const told = await h.prisma.officialNotification.findMany({ where: { escalationId } });
        expect(told.map((n) => n.recipientRole).sort()).toEqual(['CEC_COORDINATOR', 'REGIONAL_COMMISSION']);
        expect(told.every((n) => !n.summary.includes(FAULT))).toBe(true);

        // The sibling is unharmed: its files go in, it is reconciled and ready.
        await submit('7101');
        await eventually(
          '7101 ready',
          async () =>
            (await region.query(regionStateQuery)).districts.find((d) => d.districtId === '7101')?.ready === true,
        );
        expect((await region.query(regionStateQuery)).stage).toBe('districts-in-progress');

        // A retry as the API sends it: recorded first, then the Update.
        const retry = async (
          districtId: string,
          actor: CycleActor | { id: string; role: 'ADMIN' },
          recorded: { id: string; role: string } | null = actor,
        ) => {
          const req: RetryDistrictRequest = { districtId, requestId: randomUUID(), actor };
          if (recorded)
            await recordWorkflowRequest(
              h.prisma,
              {
                action: 'cycle-district.retry',
                requestId: req.requestId,
                subjectId: districtCycleWorkflowId(h.period, districtId),
                workflowId: region.workflowId,
              },
              recorded,
              { districtId },
            );
          return region.executeUpdate(retryDistrictUpdate, { args: [req] });
        };
        const admin = { id: 'admin-1', role: 'ADMIN' as const };
        expect(await refusal(retry('7101', admin))).toBe('District 7101 has not failed; there is nothing to retry');
        expect(await refusal(retry('7102', { ...registrar('7102') }))).toBe(
          'Only an admin may retry a failed district',
        );

        // A client that reaches Temporal but not the database (issue 24): the API's record decides.
        expect(await refusal(retry('7102', admin, null))).toMatch(/^The API has no record of request /);
        expect(await refusal(retry('7102', { id: 'registrar-7102', role: 'ADMIN' }, registrar('7102')))).toBe(
          'Only an admin may retry a failed district',
        );
        expect((await region.query(regionStateQuery)).districts[1].failed).not.toBeNull();

        // A run of 7102 started outside the region (as a reset in Temporal would): the region
        // cannot follow it, so the retry is refused in words and the district stays failed.
        const outside = await h.env.client.workflow.start(districtCycleWorkflow, {
          taskQueue,
          workflowId: districtCycleWorkflowId(h.period, '7102'),
          args: [{ period: h.period, regionCode: '71', districtId: '7102', ...options }],
        });
        const words = `A run of district 7102's workflow (${outside.workflowId}) was started outside the region (reset or started in Temporal): let it end or terminate it, then retry`;
        expect(await refusal(retry('7102', admin))).toBe(words);
        const stillFailed = await eventually('7102 failed again, escalated', async () => {
          const d = (await region.query(regionStateQuery)).districts[1];
          return d.failed?.escalationId ? d : null;
        });
        expect(stillFailed).toMatchObject({ ready: false, retries: 0, failed: { reason: words } });
        const outsideTask = await openTaskOf(() => outside.query(districtStateQuery), 'SUBMIT_FILES');
        await outside.terminate('test: the run outside the region');

        faulty = false;
        expect(await retry('7102', admin)).toMatchObject({
          districtId: '7102',
          workflowId: districtCycleWorkflowId(h.period, '7102'),
          retries: 1,
        });
        // The retried run reconciles the files already handed over: no new SUBMIT_FILES task.
        const toCec = await openTaskOf(() => region.query(regionStateQuery), 'SUBMIT_TO_CEC');
        expect(toCec.state.districts).toEqual([
          expect.objectContaining({ districtId: '7101', ready: true, failed: null }),
          expect.objectContaining({ districtId: '7102', ready: true, failed: null, retries: 1 }),
        ]);
        // The akimat's one submission, and the task the run outside the region opened, cancelled;
        // the retried run opened none (by id: other suites' runs of 7102 share the database).
        const statuses = await h.prisma.cycleTask.findMany({
          where: { id: { in: [submitted7102, outsideTask.task.id] } },
          select: { id: true, status: true },
        });
        expect(Object.fromEntries(statuses.map((t) => [t.id, t.status]))).toEqual({
          [submitted7102]: 'COMPLETED',
          [outsideTask.task.id]: 'CANCELLED',
        });
        expect(
          (await district('7102').query(districtStateQuery)).tasks.filter((t) => t.kind === 'SUBMIT_FILES'),
        ).toEqual([]);
        expect(
          await h.prisma.cycleReconciliation.count({ where: { districtId: '7102', period: h.period } }),
        ).toBeGreaterThan(0);
        expect(
          (await h.prisma.escalation.findUniqueOrThrow({ where: { id: escalationId } })).resolvedAt,
        ).not.toBeNull();
        const state7102 = await district('7102').query(districtStateQuery);
        expect(state7102).toMatchObject({ stage: 'ready', round: 1 });
        await region.terminate('test over');
        return toCec.state;
      },
      (real) => ({
        ...real,
        async runReconciliation(r) {
          if (faulty && r.districtId === '7102') throw ApplicationFailure.nonRetryable(FAULT, 'TestFault');
          return real.runReconciliation(r);
        },
      }),
    );
    expect(result.stage).toBe('submitting-to-cec');
  });
});

describe('the parent-close policy of the cycle children', () => {
  it('an admin calling the period off cancels the districts, whose open tasks are cancelled', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const region = await h.env.client.workflow.start(regionCycleWorkflow, {
        taskQueue,
        workflowId: `test-region-${randomUUID()}`,
        args: [{ period: h.period, regionCode: '75', ...options }],
      });
      const district = h.env.client.workflow.getHandle(districtCycleWorkflowId(h.period, '7501'));
      const submit = await openTaskOf(() => district.query(districtStateQuery), 'SUBMIT_FILES');
      await region.cancel();
      await expect(region.result()).rejects.toThrow();
      await eventually('7501 cancelled', async () => (await district.describe()).status.name === 'CANCELLED');
      expect((await h.prisma.cycleTask.findUniqueOrThrow({ where: { id: submit.task.id } })).status).toBe('CANCELLED');
    });
  });

  it('the national workflow records a failed region; the other regions run on', async () => {
    const REGION_FAULT = 'The districts of region 62 could not be listed (test fault)';
    await h.withWorker(
      DEFAULT_DEADLINE_SETTINGS,
      async (taskQueue) => {
        const national = await h.env.client.workflow.start(nationalCycleWorkflow, {
          taskQueue,
          workflowId: `test-national-${randomUUID()}`,
          args: [{ period: h.period, ...options }],
        });
        const state = await eventually('the national workflow to record 62 as failed', async () => {
          const s = await national.query(nationalStateQuery);
          return s.regions.find((r) => r.regionCode === '62')?.failed ? s : null;
        });
        expect(state.stage).toBe('regions-in-progress');
        expect(state.regions.filter((r) => r.failed)).toEqual([
          expect.objectContaining({
            regionCode: '62',
            done: false,
            failed: expect.objectContaining({ reason: `activity listDistricts failed: ${REGION_FAULT}` }),
          }),
        ]);
        expect((await national.describe()).status.name).toBe('RUNNING');
        // The other regions run on, and their districts wait for the akimats' files.
        const district = h.env.client.workflow.getHandle(districtCycleWorkflowId(h.period, '7101'));
        await openTaskOf(() => district.query(districtStateQuery), 'SUBMIT_FILES');
        for (const code of ['61', '71', '75']) {
          const region = h.env.client.workflow.getHandle(regionCycleWorkflowId(h.period, code));
          expect((await region.describe()).status.name).toBe('RUNNING');
        }
        await national.terminate('test over');
      },
      (real) => ({
        ...real,
        async listDistricts(regionCode) {
          if (regionCode === '62') throw ApplicationFailure.nonRetryable(REGION_FAULT, 'TestFault');
          return real.listDistricts(regionCode);
        },
      }),
    );
  });
});
