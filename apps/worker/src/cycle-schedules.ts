/**
 * The Temporal Schedules that start each semiannual cycle ahead of 1 January and 1 July
 * (TIZIM_CYCLE_START_LEAD_DAYS before, at 09:00 Asia/Almaty). Each runs cycleStarterWorkflow,
 * which starts the coming period's national workflow under the id cycle-<period>, so a period
 * already started through the API is not started twice. Created or brought up to date when the
 * worker starts; safe to run any number of times.
 */
import {
  MONTHS,
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import { addDays, TIME_ZONE } from '../../../libs/calendar';
import type { TizimConfig } from '../../../libs/config/config';
import { CYCLE_STARTER_WORKFLOW, type CycleStarterInput } from '../../../libs/contracts/cycle';

export const CYCLE_SCHEDULE_IDS = { january: 'tizim-cycle-january', july: 'tizim-cycle-july' } as const;

/** The month and day `leadDays` before 1 January or 1 July (same in every year for leads up to 60 days). */
export function startDay(
  cycle: 'january' | 'july',
  leadDays: number,
): { month: (typeof MONTHS)[number]; dayOfMonth: number } {
  // 2027 is not a leap year; a lead of at most 60 days before 1 July never reaches February.
  const date = addDays(cycle === 'january' ? '2027-01-01' : '2027-07-01', -leadDays);
  return { month: MONTHS[Number(date.slice(5, 7)) - 1], dayOfMonth: Number(date.slice(8, 10)) };
}

function scheduleOptions(config: TizimConfig, cycle: 'january' | 'july'): ScheduleOptions {
  const args: [CycleStarterInput] = [{ policy: config.cycle.policy, searchAttributes: true }];
  return {
    scheduleId: CYCLE_SCHEDULE_IDS[cycle],
    spec: {
      calendars: [
        {
          ...startDay(cycle, config.cycle.startLeadDays),
          hour: 9,
          comment: `${config.cycle.startLeadDays} days before 1 ${cycle === 'january' ? 'January' : 'July'}`,
        },
      ],
      timezone: TIME_ZONE,
    },
    action: {
      type: 'startWorkflow',
      workflowType: CYCLE_STARTER_WORKFLOW,
      workflowId: `cycle-starter-${cycle}`,
      taskQueue: config.temporal.taskQueue,
      args,
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
  };
}

/** Creates both schedules, or updates them to the current settings. Returns what it did. */
export async function ensureCycleSchedules(
  client: Client,
  config: TizimConfig,
): Promise<{ scheduleId: string; action: 'created' | 'updated' }[]> {
  const out: { scheduleId: string; action: 'created' | 'updated' }[] = [];
  for (const cycle of ['january', 'july'] as const) {
    const options = scheduleOptions(config, cycle);
    try {
      await client.schedule.create(options);
      out.push({ scheduleId: options.scheduleId, action: 'created' });
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(options.scheduleId).update((previous) => ({
        ...previous,
        spec: options.spec,
        action: options.action,
        policies: options.policies,
      }));
      out.push({ scheduleId: options.scheduleId, action: 'updated' });
    }
  }
  return out;
}
