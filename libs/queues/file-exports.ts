/**
 * The file-export queue's producer side (the consumer is apps/worker/src/consumers/file-exports.ts):
 * one job per requested consolidated file.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { FILE_JOB_OPTIONS, QUEUES, type FileExportJob } from './queues';

export function createFileExportQueue(connection: ConnectionOptions, prefix: string): Queue<FileExportJob> {
  return new Queue<FileExportJob>(QUEUES.fileExports, { connection, prefix, defaultJobOptions: FILE_JOB_OPTIONS });
}

export async function enqueueConsolidation(queue: Queue<FileExportJob>, consolidatedFileId: string): Promise<void> {
  await queue.add('consolidate', { consolidatedFileId }, { jobId: `consolidate-${consolidatedFileId}` });
}
