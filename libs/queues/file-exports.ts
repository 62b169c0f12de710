/**
 * The file-export queue's producer side (the consumer is apps/worker/src/consumers/file-exports.ts):
 * one job per requested consolidated file. The file's row, QUEUED, is the queue's outbox
 * (./outbox.ts): the sweeper queues one left without a job.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import type { PrismaClient } from '../db/prisma';
import { enqueueOnce, SWEEP_BATCH, SWEEP_MIN_AGE_MS } from './outbox';
import { FILE_JOB_OPTIONS, QUEUES, type FileExportJob } from './queues';

export function createFileExportQueue(connection: ConnectionOptions, prefix: string): Queue<FileExportJob> {
  return new Queue<FileExportJob>(QUEUES.fileExports, { connection, prefix, defaultJobOptions: FILE_JOB_OPTIONS });
}

export const consolidationJobId = (consolidatedFileId: string) => `consolidate-${consolidatedFileId}`;

/** One job per requested file: a no-op while its job waits or runs. */
export async function enqueueConsolidation(
  queue: Queue<FileExportJob>,
  consolidatedFileId: string,
  options: { rerunEnded?: boolean } = {},
): Promise<boolean> {
  return enqueueOnce(queue, 'consolidate', { consolidatedFileId }, consolidationJobId(consolidatedFileId), options);
}

/** One pass of the sweeper: queues every consolidated file QUEUED for a while with no live job. Returns their ids. */
export async function sweepQueuedConsolidations(
  prisma: PrismaClient,
  queue: Queue<FileExportJob>,
  now: Date = new Date(),
): Promise<string[]> {
  const rows = await prisma.consolidatedFile.findMany({
    where: { status: 'QUEUED', requestedAt: { lt: new Date(now.getTime() - SWEEP_MIN_AGE_MS) } },
    select: { id: true },
    orderBy: { requestedAt: 'asc' },
    take: SWEEP_BATCH,
  });
  const queued: string[] = [];
  // Only a row with no job at all: one whose job failed for good is a failure to look into, not to loop on.
  for (const r of rows) if (await enqueueConsolidation(queue, r.id, { rerunEnded: false })) queued.push(r.id);
  return queued;
}
