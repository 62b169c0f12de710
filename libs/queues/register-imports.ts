/**
 * The register-import queue's producer side (the consumer is
 * apps/worker/src/consumers/register-imports.ts): one job per register snapshot to import.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { FILE_JOB_OPTIONS, QUEUES, type RegisterImportJob } from './queues';

export function createRegisterImportQueue(connection: ConnectionOptions, prefix: string): Queue<RegisterImportJob> {
  return new Queue<RegisterImportJob>(QUEUES.registerImports, {
    connection,
    prefix,
    defaultJobOptions: FILE_JOB_OPTIONS,
  });
}

/** One job per snapshot: enqueueing the same snapshot again is a no-op. */
export async function enqueueRegisterImport(queue: Queue<RegisterImportJob>, snapshotId: string): Promise<void> {
  await queue.add('import', { snapshotId }, { jobId: `register-${snapshotId}` });
}
