/**
 * Activities are built by a factory over their dependencies, so the worker and the tests wire
 * them the same way. Workflows import only the type (`Activities`) through proxyActivities.
 * They are grouped by the system they touch: the database (database.ts), the state registration
 * service (registry.ts), the citizens' e-gov cabinets (notifications.ts). Activity names are what
 * workflow histories record: a rename needs a new activity beside the old one, not a move.
 */
import { databaseActivities } from './database';
import type { ActivityDeps } from './deps';
import { notificationActivities } from './notifications';
import { registryActivities } from './registry';

export type { ActivityDeps } from './deps';

export function createActivities(deps: ActivityDeps) {
  return {
    ...registryActivities(deps),
    ...databaseActivities(deps),
    ...notificationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
