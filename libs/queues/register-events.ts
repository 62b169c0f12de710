/**
 * The register-events queue's producer side (the consumer is
 * apps/worker/src/consumers/register-events.ts): every path that records a state registry's event
 * hands its id here, through the intake's RegisterEventFollowUp.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import type { RegisterEventFollowUp } from '../db/register/intake';
import { REGISTER_EVENT_JOB_OPTIONS, QUEUES, type RegisterEventJob } from './queues';

export function createRegisterEventQueue(connection: ConnectionOptions, prefix: string): Queue<RegisterEventJob> {
  return new Queue<RegisterEventJob>(QUEUES.registerEvents, {
    connection,
    prefix,
    defaultJobOptions: REGISTER_EVENT_JOB_OPTIONS,
  });
}

/** The job id of an event's follow-up: one job per event, so a repeat while it is kept adds nothing. */
export const registerEventJobId = (eventId: string) => `event-${eventId}`;

/** The queue as the intake sees it (libs/db/register/intake.ts). */
export function registerEventFollowUp(queue: Queue<RegisterEventJob>): RegisterEventFollowUp {
  return {
    async enqueue(eventIds) {
      await queue.addBulk(
        eventIds.map((eventId) => ({
          name: 'follow-up',
          data: { eventId },
          opts: { jobId: registerEventJobId(eventId) },
        })),
      );
    },
  };
}
