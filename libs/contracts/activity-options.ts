/**
 * Named activity option presets: explicit timeouts and bounded retries for every activity.
 * Imported by workflow code, so it holds plain data only.
 */
import type { ActivityOptions } from '@temporalio/workflow';

/** Calls to outside registers (state registration service): slow, sometimes unavailable. */
export const REGISTRY_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 20 },
};

/** Writes to our own PostgreSQL and Redis: fast; retried through short outages. */
export const DATABASE_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 30,
  },
};

/**
 * A compensation the workflow owes the database (a completion's record undone when the workflow
 * could not learn whether it was written): retried until PostgreSQL answers, never given up, so the
 * workflow's state and the record end up agreeing. Each attempt is one short statement.
 */
export const DATABASE_COMPENSATION: ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' }, // no maximumAttempts: unlimited
};

/**
 * Reconciliation of a district's files against the register: one SQL transaction of seconds to
 * minutes (a 125,000-voter district against 12 million took about 3 s on two cores; see
 * bench:reconcile). The activity heartbeats while it runs, so a dead worker is noticed in a minute.
 */
export const RECONCILIATION_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
};

/**
 * The voting-day lookup: the applicant is waiting at the precinct, so retries are quick and the
 * activity gives up after about four minutes (the member may then ask again, or decide without it).
 */
export const VOTING_DAY_LOOKUP_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 12 },
};
