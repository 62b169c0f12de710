/**
 * The file-import queue's producer side (the consumer is apps/worker/src/consumers/file-imports.ts):
 * the API records an upload as RECEIVED and enqueues its id; an administrator's retry of a FAILED
 * file queues it again.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import type { PrismaClient } from '../db/prisma';
import { FILE_JOB_OPTIONS, QUEUES, type FileImportJob } from './queues';

export function createFileImportQueue(connection: ConnectionOptions, prefix: string): Queue<FileImportJob> {
  return new Queue<FileImportJob>(QUEUES.fileImports, { connection, prefix, defaultJobOptions: FILE_JOB_OPTIONS });
}

/**
 * One job per file: enqueueing the same file again is a no-op. An administrator's retry of a
 * FAILED file is a new job, keyed by `retry` (the moment it was asked for).
 */
export async function enqueueFileImport(queue: Queue<FileImportJob>, fileId: string, retry?: number): Promise<void> {
  await queue.add(
    'import',
    { fileId },
    { jobId: retry === undefined ? `import-${fileId}` : `import-${fileId}-retry-${retry}` },
  );
}

/**
 * An administrator's retry of a FAILED file: back to RECEIVED and queued again as a new job. Only
 * the transition from FAILED queues, so a second press changes nothing. False when the file is
 * not FAILED.
 */
export async function retryFileImport(
  prisma: PrismaClient,
  queue: Queue<FileImportJob>,
  fileId: string,
): Promise<boolean> {
  const moved = await prisma.receivedFile.updateMany({
    where: { id: fileId, status: 'FAILED' },
    data: { status: 'RECEIVED', failure: null, decidedAt: null },
  });
  if (moved.count === 0) return false;
  await enqueueFileImport(queue, fileId, Date.now());
  return true;
}
