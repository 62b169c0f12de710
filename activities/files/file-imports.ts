/**
 * Producer and consumer of the file-import queue. The API keeps the upload and records it as
 * RECEIVED, then enqueues its id; the worker process validates and stages it (libs/files) off the
 * request, by the kind recorded with it (a voter file, a station list, boundaries), reporting the
 * rows read as it goes, and retries with backoff after a crash. A file already decided is not
 * imported twice (the verdict is recorded in the same transaction).
 */
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Client } from 'pg';
import { localDateTimeOf } from '../../libs/calendar';
import type { PrismaClient } from '../../libs/db/prisma';
import type { FileStore } from '../../libs/files/store';
import { importReceivedListFile } from '../../libs/files/list-import';
import { readReceived, type ImportOutcome } from '../../libs/files/received';
import { importReceivedVoterFile } from '../../libs/files/voter-import';
import type { Logger } from '../../libs/observability/logger';
import { FILE_JOB_OPTIONS, QUEUES, type FileImportJob } from '../../libs/queues/queues';

export function createFileImportQueue(connection: ConnectionOptions, prefix: string): Queue<FileImportJob> {
  return new Queue<FileImportJob>(QUEUES.fileImports, { connection, prefix, defaultJobOptions: FILE_JOB_OPTIONS });
}

/** One job per file: enqueueing the same file again is a no-op. */
export async function enqueueFileImport(queue: Queue<FileImportJob>, fileId: string): Promise<void> {
  await queue.add('import', { fileId }, { jobId: `import-${fileId}` });
}

export interface FileImportDeps {
  prisma: PrismaClient;
  databaseUrl: string;
  store: FileStore;
  logger: Logger;
}

/** Imports one received file; the rows read so far show in received_file.records while it runs. */
export async function runFileImport(deps: FileImportDeps, job: Pick<Job<FileImportJob>, 'data' | 'updateProgress'>): Promise<ImportOutcome> {
  const { fileId } = job.data;
  const client = new Client({ connectionString: deps.databaseUrl });
  await client.connect();
  try {
    const { kind } = await readReceived(client, fileId);
    const importReceived = kind === 'VOTERS' ? importReceivedVoterFile : importReceivedListFile;
    return await importReceived(client, deps.store, fileId, {
      today: localDateTimeOf(Date.now()).date,
      onProgress: (rows) => {
        void job.updateProgress(rows);
        void deps.prisma.receivedFile.updateMany({ where: { id: fileId, status: 'RECEIVED' }, data: { records: rows } }).catch(() => undefined);
      },
    });
  } finally {
    await client.end();
  }
}

export function startFileImportWorker(deps: FileImportDeps, connection: ConnectionOptions, prefix: string): Worker<FileImportJob> {
  const worker = new Worker<FileImportJob>(QUEUES.fileImports, async (job) => {
    const outcome = await runFileImport(deps, job);
    return { status: outcome.status, records: outcome.records };
  }, { connection, prefix, concurrency: 2 });
  worker.on('completed', (job, result: { status: string; records: number }) =>
    deps.logger.info({ queue: QUEUES.fileImports, jobId: job.id, status: result.status, records: result.records }, 'file imported'));
  worker.on('failed', (job, err) => deps.logger.warn({ queue: QUEUES.fileImports, jobId: job?.id, attempt: job?.attemptsMade, err }, 'file import failed'));
  return worker;
}
