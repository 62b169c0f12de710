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
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 30 },
};
