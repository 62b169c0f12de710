/**
 * The register-import queue's producer side (the consumer is
 * apps/worker/src/consumers/register-imports.ts): one job per register snapshot to import. The
 * snapshot's row, IMPORTING, is the queue's outbox (./outbox.ts): the sweeper queues one left
 * without a job.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import type { PrismaClient } from '../db/prisma';
import { enqueueOnce, SWEEP_BATCH, SWEEP_MIN_AGE_MS } from './outbox';
import { FILE_JOB_OPTIONS, QUEUES, type RegisterImportJob } from './queues';

export function createRegisterImportQueue(connection: ConnectionOptions, prefix: string): Queue<RegisterImportJob> {
  return new Queue<RegisterImportJob>(QUEUES.registerImports, {
    connection,
    prefix,
    defaultJobOptions: FILE_JOB_OPTIONS,
  });
}

export const registerImportJobId = (snapshotId: string) => `register-${snapshotId}`;

/** One job per snapshot: enqueueing the same snapshot again while its job waits or runs is a no-op. */
export async function enqueueRegisterImport(
  queue: Queue<RegisterImportJob>,
  snapshotId: string,
  options: { rerunEnded?: boolean } = {},
): Promise<boolean> {
  return enqueueOnce(queue, 'import', { snapshotId }, registerImportJobId(snapshotId), options);
}

/** One pass of the sweeper: queues every snapshot IMPORTING for a while with no live job. Returns their ids. */
export async function sweepImportingSnapshots(
  prisma: PrismaClient,
  queue: Queue<RegisterImportJob>,
  now: Date = new Date(),
): Promise<string[]> {
  const rows = await prisma.registerSnapshot.findMany({
    where: { status: 'IMPORTING', createdAt: { lt: new Date(now.getTime() - SWEEP_MIN_AGE_MS) } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take: SWEEP_BATCH,
  });
  const queued: string[] = [];
  // Only a row with no job at all: one whose job failed for good is a failure to look into, not to loop on.
  for (const r of rows) if (await enqueueRegisterImport(queue, r.id, { rerunEnded: false })) queued.push(r.id);
  return queued;
}
