/**
 * nationalCycleWorkflow: one semiannual cycle for the country, started through the API or by
 * cycleStarterWorkflow, which a Temporal Schedule runs ahead of each 1 January and 1 July. It
 * starts a regionCycleWorkflow per region with districts on record and waits for them all.
 */
import {
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import { periodStartingAfter } from '../libs/calendar';
import { DATABASE_ACTIVITY } from '../libs/contracts/activity-options';
import {
  nationalCycleWorkflowId,
  nationalStateQuery,
  regionCycleWorkflowId,
  type CycleStarterInput,
  type NationalCycleInput,
  type NationalCycleState,
} from '../libs/contracts/cycle';
import { SA_AT_RISK, SA_PERIOD, SA_REGION, SA_STAGE } from '../libs/contracts/search-attributes';
import { regionCycleWorkflow } from './region-cycle';

const db = proxyActivities<Activities>(DATABASE_ACTIVITY);

export async function nationalCycleWorkflow(input: NationalCycleInput): Promise<{ period: string; regions: number }> {
  const state: NationalCycleState = {
    period: input.period,
    stage: 'regions-in-progress',
    regions: [],
    regionsWithoutDistricts: [],
  };
  setHandler(nationalStateQuery, () => state);

  const { withDistricts, withoutDistricts } = await db.listRegions();
  state.regionsWithoutDistricts = withoutDistricts;
  const children = await Promise.all(
    withDistricts.map((regionCode) => {
      const workflowId = regionCycleWorkflowId(input.period, regionCode);
      state.regions.push({ regionCode, workflowId, done: false });
      return startChild(regionCycleWorkflow, {
        workflowId,
        args: [{ period: input.period, regionCode, policy: input.policy, searchAttributes: input.searchAttributes }],
        typedSearchAttributes: !input.searchAttributes
          ? undefined
          : [
              { key: SA_PERIOD, value: input.period },
              { key: SA_REGION, value: regionCode },
              { key: SA_STAGE, value: 'districts-in-progress' },
              { key: SA_AT_RISK, value: false },
            ],
      });
    }),
  );
  await Promise.all(
    children.map(async (child, i) => {
      await child.result();
      state.regions[i].done = true;
    }),
  );
  state.stage = 'done';
  if (input.searchAttributes) upsertSearchAttributes([{ key: SA_STAGE, value: 'done' }]);
  return { period: input.period, regions: withDistricts.length };
}

/**
 * Run by the Temporal Schedule: starts the coming period's national workflow under its own id
 * (cycle-<period>), so a period started earlier through the API is not started twice.
 */
export async function cycleStarterWorkflow(input: CycleStarterInput): Promise<{ period: string; started: boolean }> {
  const period = input.period ?? periodStartingAfter(Date.now()).id;
  try {
    await startChild(nationalCycleWorkflow, {
      workflowId: nationalCycleWorkflowId(period),
      args: [{ period, policy: input.policy, searchAttributes: input.searchAttributes }],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: !input.searchAttributes
        ? undefined
        : [
            { key: SA_PERIOD, value: period },
            { key: SA_STAGE, value: 'regions-in-progress' },
          ],
    });
    return { period, started: true };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { period, started: false };
    throw err;
  }
}
