/**
 * nationalCycleWorkflow: one semiannual cycle for the country, started through the API or by
 * cycleStarterWorkflow, which a Temporal Schedule runs ahead of each 1 January and 1 July. It
 * starts a regionCycleWorkflow per region with districts on record and waits for them all.
 */
import {
  ParentClosePolicy,
  patched,
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
  CHILD_FAILURE_ISOLATION,
  nationalCycleWorkflowId,
  nationalStateQuery,
  regionCycleWorkflowId,
  type CycleStarterInput,
  type NationalCycleInput,
  type NationalCycleState,
} from '../libs/contracts/cycle';
import { SA_AT_RISK, SA_PERIOD, SA_REGION, SA_STAGE } from '../libs/contracts/search-attributes';
import { childFailureReason, isolatedFailure, regionCycleWorkflow } from './region-cycle';

const db = proxyActivities<Activities>(DATABASE_ACTIVITY);

export async function nationalCycleWorkflow(
  input: NationalCycleInput,
): Promise<{ period: string; regions: number; failedRegions?: string[] }> {
  const state: NationalCycleState = {
    period: input.period,
    stage: 'regions-in-progress',
    regions: [],
    regionsWithoutDistricts: [],
  };
  setHandler(nationalStateQuery, () => state);

  const { withDistricts, withoutDistricts } = await db.listRegions();
  state.regionsWithoutDistricts = withoutDistricts;
  const isolated = patched(CHILD_FAILURE_ISOLATION);
  const children = await Promise.all(
    withDistricts.map((regionCode) => {
      const workflowId = regionCycleWorkflowId(input.period, regionCode);
      state.regions.push({ regionCode, workflowId, done: false, ...(isolated ? { failed: null } : {}) });
      return startChild(regionCycleWorkflow, {
        workflowId,
        args: [{ period: input.period, regionCode, policy: input.policy, searchAttributes: input.searchAttributes }],
        // ABANDON: the national workflow closing (failed, terminated) leaves the regions' work
        // running; an admin who calls the period off still cancels them, since cancelling this
        // workflow cancels the scope they were started in. Histories from before issue 25 started
        // them with the default, TERMINATE.
        ...(isolated ? { parentClosePolicy: ParentClosePolicy.ABANDON } : {}),
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
      if (!isolated) {
        await child.result();
        state.regions[i].done = true;
        return;
      }
      // Issue 25: a region that fails (its own database activity out of its attempts; its failed
      // districts wait inside it) is recorded, and the other regions run on.
      try {
        await child.result();
        state.regions[i].done = true;
      } catch (err) {
        if (!isolatedFailure(err)) throw err;
        state.regions[i].failed = {
          reason: childFailureReason(err),
          at: new Date(Date.now()).toISOString(),
          escalationId: null,
        };
      }
    }),
  );
  state.stage = 'done';
  if (input.searchAttributes) upsertSearchAttributes([{ key: SA_STAGE, value: 'done' }]);
  const failedRegions = state.regions.filter((r) => r.failed).map((r) => r.regionCode);
  return { period: input.period, regions: withDistricts.length, ...(isolated ? { failedRegions } : {}) };
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
