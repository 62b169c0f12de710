/**
 * Activities that queue a message to a citizen's e-gov cabinet (libs/queues/egov-notifications.ts);
 * the worker's consumer delivers it (apps/worker/src/consumers/egov-notifications.ts).
 */
import type { IdCardEvent } from '../libs/queues/queues';
import * as votingDay from '../libs/db/voting-day';
import { enqueueNotification } from '../libs/queues/egov-notifications';
import type { ActivityDeps } from './deps';

export function notificationActivities(deps: ActivityDeps) {
  return {
    /** Queues the message to the citizen's e-gov cabinet; returns the BullMQ job id. */
    async requestCabinetNotification(checkId: string): Promise<string> {
      return enqueueNotification(
        deps.notificationQueue,
        { kind: 'registration-check-completed', checkId },
        deps.prisma,
      );
    },

    /** A message to the citizen's e-gov cabinet about a step of their application (queued; idempotent by step). */
    async requestIdCardNotification(applicationId: string, event: IdCardEvent, reminder?: number): Promise<string> {
      return enqueueNotification(
        deps.notificationQueue,
        { kind: 'id-card-exchange', applicationId, event, ...(reminder ? { reminder } : {}) },
        deps.prisma,
      );
    },

    /** Queues the decision's message to the applicant's e-gov cabinet and records it as QUEUED. */
    async requestApplicationNotification(applicationId: string): Promise<string> {
      const jobId = await enqueueNotification(
        deps.notificationQueue,
        { kind: 'voting-day-decision', applicationId },
        deps.prisma,
      );
      await votingDay.markNotificationQueued(deps.prisma, applicationId, new Date());
      return jobId;
    },
  };
}
