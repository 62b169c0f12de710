/**
 * The region and national cycle on the time-skipping server: districts started as children and
 * tracked until ready, the regional commission's submission to the CEC and the coordinator's
 * record of the receipt, and the Schedule's starter that never starts a period twice.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_DEADLINE_SETTINGS, cycleSchedule } from '../../libs/calendar';
import {
  DEFAULT_ESCALATION_POLICY,
  districtCycleWorkflowId,
  districtStateQuery,
  nationalCycleWorkflowId,
  nationalStateQuery,
  regionStateQuery,
  type CycleActor,
} from '../../libs/contracts/cycle';
import { cycleStarterWorkflow } from '../../workflows/national-cycle';
import { regionCycleWorkflow } from '../../workflows/region-cycle';
import { openTaskOf, refusal, stageDistrictFiles, useCycleHarness, completeRecorded } from '../support/cycle-harness';

const h = useCycleHarness();
const options = { policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false };
// Region 62 (Ulytau) has one district on record in the demo territory: 6201.
const regional: CycleActor = { id: 'regional-62', role: 'REGIONAL_COMMISSION', regionCode: '62' };
const coordinator: CycleActor = { id: 'cec-coordinator', role: 'CEC_COORDINATOR' };

describe('regionCycleWorkflow', () => {
  it('waits for its districts, then the submission to the CEC and the recorded receipt', async () => {
    const result = await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const region = await h.env.client.workflow.start(regionCycleWorkflow, {
        taskQueue,
        workflowId: `test-region-${randomUUID()}`,
        args: [{ period: h.period, regionCode: '62', ...options }],
      });
      const district = h.env.client.workflow.getHandle(districtCycleWorkflowId(h.period, '6201'));
      const submit = await openTaskOf(() => district.query(districtStateQuery), 'SUBMIT_FILES');
      const regionState = await region.query(regionStateQuery);
      expect(regionState).toMatchObject({
        stage: 'districts-in-progress',
        districts: [{ districtId: '6201', ready: false }],
      });
      expect(regionState.cecDeadline).toBe(
        cycleSchedule(h.calendar, h.period, {}, DEFAULT_DEADLINE_SETTINGS).steps[4].due.at,
      );

      await completeRecorded(h.prisma, district, {
        taskId: submit.task.id,
        requestId: randomUUID(),
        actor: { id: 'registrar-6201', role: 'AKIMAT_REGISTRAR', regionCode: '62', districtId: '6201' },
        outcome: { kind: 'SUBMIT_FILES', ...(await stageDistrictFiles(h.prisma, '6201', h.period)) },
      });

      const toCec = await openTaskOf(() => region.query(regionStateQuery), 'SUBMIT_TO_CEC');
      expect(toCec.state).toMatchObject({
        stage: 'submitting-to-cec',
        districts: [{ districtId: '6201', ready: true }],
      });
      expect(toCec.task).toMatchObject({ assigneeRole: 'REGIONAL_COMMISSION', dueAt: toCec.state.cecDeadline });
      const complete = (actor: CycleActor, taskId: string, outcome: object) =>
        completeRecorded(h.prisma, region, { taskId, requestId: randomUUID(), actor, outcome: outcome as never });
      expect(
        await refusal(
          complete({ ...regional, regionCode: '71' }, toCec.task.id, { kind: 'SUBMIT_TO_CEC', actNumber: '62-2027-1' }),
        ),
      ).toBe('You act for region 71; this task belongs to region 62');
      expect(await refusal(complete(regional, toCec.task.id, { kind: 'SUBMIT_TO_CEC', actNumber: ' ' }))).toBe(
        'outcome.actNumber is required: the acceptance-transfer act',
      );
      await complete(regional, toCec.task.id, { kind: 'SUBMIT_TO_CEC', actNumber: '62-2027-1' });

      const receipt = await openTaskOf(() => region.query(regionStateQuery), 'RECORD_CEC_RECEIPT');
      expect(receipt.state.stage).toBe('awaiting-cec-receipt');
      expect(
        await refusal(
          complete(regional, receipt.task.id, { kind: 'RECORD_CEC_RECEIPT', receivedAt: new Date().toISOString() }),
        ),
      ).toBe('This task is for the CEC coordinator; the regional commission cannot complete it');
      await complete(coordinator, receipt.task.id, {
        kind: 'RECORD_CEC_RECEIPT',
        receivedAt: new Date().toISOString(),
      });
      return region.result();
    });
    expect(result).toMatchObject({ regionCode: '62', districts: 1 });
    expect(result.submittedToCecAt).not.toBeNull();
    expect(
      await h.prisma.cycleTask.count({
        where: {
          regionCode: '62',
          period: h.period,
          status: 'COMPLETED',
          kind: { in: ['SUBMIT_TO_CEC', 'RECORD_CEC_RECEIPT'] },
        },
      }),
    ).toBe(2);
  });
});

describe('cycleStarterWorkflow', () => {
  it("starts the coming period's national workflow once, and fans out to the regions with districts", async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const run = () =>
        h.env.client.workflow.execute(cycleStarterWorkflow, {
          taskQueue,
          workflowId: `test-starter-${randomUUID()}`,
          args: [{ ...options }],
        });
      const first = await run();
      expect(first).toEqual({ period: h.period, started: true });
      expect(await run()).toEqual({ period: h.period, started: false });

      const national = h.env.client.workflow.getHandle(nationalCycleWorkflowId(h.period));
      // The demo territory's regions (61, 62, 71, 75), and any region another suite gave districts.
      const withDistricts = (
        await h.prisma.region.findMany({ where: { districts: { some: {} } }, orderBy: { code: 'asc' } })
      ).map((r) => r.code);
      expect(withDistricts).toEqual(expect.arrayContaining(['61', '62', '71', '75']));
      for (let i = 0; i < 100; i++) {
        const state = await national.query(nationalStateQuery);
        if (state.regions.length) {
          expect(state.regions.map((r) => r.regionCode)).toEqual(withDistricts);
          expect(state.regionsWithoutDistricts).toHaveLength(20 - withDistricts.length);
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      // Each district of the demo territory waits for its akimat's files.
      const district = h.env.client.workflow.getHandle(districtCycleWorkflowId(h.period, '7502'));
      await openTaskOf(() => district.query(districtStateQuery), 'SUBMIT_FILES');
      await national.terminate('test over');
    });
  });
});
