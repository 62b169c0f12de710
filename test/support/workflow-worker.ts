/**
 * A worker for one workflow test: a fresh, unique task queue, the real activities on the run's
 * PostgreSQL and Redis, the encrypting data converter, and no workflow cache, so every workflow
 * task is also a replay of its history. The worker runs until `fn` settles.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Queue } from 'bullmq';
import { createActivities, type Activities } from '../../activities';
import { LocalStateRegistrationService } from '../../libs/gateways/state-registration';
import { DEFAULT_DEADLINE_SETTINGS, type DeadlineSettings } from '../../libs/calendar';
import type { PrismaClient } from '../../libs/db/prisma';
import type { EgovNotificationJob } from '../../libs/queues/queues';
import type { tizimDataConverter } from '../../libs/temporal/codec';

export interface TestWorkerParts {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
  prisma: PrismaClient;
  notificationQueue: Queue<EgovNotificationJob>;
  dataConverter: ReturnType<typeof tizimDataConverter>;
  /** How deadlines are computed; the shipped defaults unless a test says otherwise. */
  deadlineSettings?: DeadlineSettings;
  /** The task queue's name before its random part, to tell the suites apart in the server's UI. */
  queuePrefix?: string;
  /**
   * A fault put in front of the real activities (a district whose reconciliation fails for good):
   * given the real ones, returns those the worker runs.
   */
  activities?: (real: Activities) => Activities;
}

export async function withTestWorker<T>(parts: TestWorkerParts, fn: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `${parts.queuePrefix ?? 'test'}-${randomUUID()}`;
  const worker = await Worker.create({
    connection: parts.env.nativeConnection,
    taskQueue,
    workflowBundle: parts.bundle,
    activities: (parts.activities ?? ((real) => real))(
      createActivities({
        prisma: parts.prisma,
        stateRegistration: new LocalStateRegistrationService(parts.prisma),
        notificationQueue: parts.notificationQueue,
        deadlineSettings: parts.deadlineSettings ?? DEFAULT_DEADLINE_SETTINGS,
      }),
    ),
    dataConverter: parts.dataConverter,
    maxCachedWorkflows: 0,
  });
  return worker.runUntil(fn(taskQueue));
}
