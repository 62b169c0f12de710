/**
 * The file-import queue's producer side (the consumer is apps/worker/src/consumers/file-imports.ts).
 *
 * The received_file row is the queue's outbox (issue 23, ./outbox.ts): the API records an upload as RECEIVED
 * and then queues its import, but a file RECEIVED is to be imported whether or not its job could
 * be queued (Redis down, the API stopped between the two). The worker's sweeper
 * (sweepReceivedFiles) queues every RECEIVED file that has no live job, on start and every few
 * seconds; the job's id comes from the file's id, so a file queued twice is one job.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { enqueueOnce, SWEEP_BATCH, SWEEP_MIN_AGE_MS } from './outbox';
import type { PrismaClient } from '../db/prisma';
import { FILE_JOB_OPTIONS, QUEUES, type FileImportJob } from './queues';

export function createFileImportQueue(connection: ConnectionOptions, prefix: string): Queue<FileImportJob> {
  return new Queue<FileImportJob>(QUEUES.fileImports, { connection, prefix, defaultJobOptions: FILE_JOB_OPTIONS });
}

/** The one job of a file's import. */
export const fileImportJobId = (fileId: string) => `import-${fileId}`;

/**
 * Queues the import of a RECEIVED file: a no-op while its job waits or runs; a job that ended
 * (failed for good, or an administrator's retry of a FAILED file) runs again, from its first
 * attempt. True when this call queued it.
 */
export async function enqueueFileImport(queue: Queue<FileImportJob>, fileId: string): Promise<boolean> {
  return enqueueOnce(queue, 'import', { fileId }, fileImportJobId(fileId));
}

/**
 * An administrator's retry of a FAILED file, its first half: back to RECEIVED, the verdict
 * cleared. Only the transition from FAILED counts, so a second press changes nothing. False when
 * the file is not FAILED. Once RECEIVED, the file is imported even if Redis cannot take the job
 * now: the sweeper queues it.
 */
export async function reopenFailedFile(prisma: PrismaClient, fileId: string): Promise<boolean> {
  const moved = await prisma.receivedFile.updateMany({
    where: { id: fileId, status: 'FAILED' },
    data: { status: 'RECEIVED', failure: null, decidedAt: null },
  });
  return moved.count > 0;
}

/** An administrator's retry of a FAILED file: reopened and queued again. False when the file is not FAILED. */
export async function retryFileImport(
  prisma: PrismaClient,
  queue: Queue<FileImportJob>,
  fileId: string,
): Promise<boolean> {
  if (!(await reopenFailedFile(prisma, fileId))) return false;
  await enqueueFileImport(queue, fileId);
  return true;
}

/**
 * One pass of the outbox's sweeper: queues every file RECEIVED more than SWEEP_MIN_AGE_MS ago
 * whose import has no live job. Returns the ids it queued. Throws when Redis or the database does
 * not answer (the next pass tries again).
 */
export async function sweepReceivedFiles(
  prisma: PrismaClient,
  queue: Queue<FileImportJob>,
  now: Date = new Date(),
): Promise<string[]> {
  const files = await prisma.receivedFile.findMany({
    where: { status: 'RECEIVED', receivedAt: { lt: new Date(now.getTime() - SWEEP_MIN_AGE_MS) } },
    select: { id: true },
    orderBy: { receivedAt: 'asc' },
    take: SWEEP_BATCH,
  });
  const queued: string[] = [];
  for (const f of files) if (await enqueueFileImport(queue, f.id)) queued.push(f.id);
  return queued;
}
