/**
 * Consumer of the file-import queue. The API keeps the upload and records it as
 * RECEIVED, then enqueues its id; the worker process validates and stages it (libs/files) off the
 * request, by the kind recorded with it (a voter file, a station list, boundaries), reporting the
 * rows read as it goes, and retries with backoff after a crash. A file already decided is not
 * imported twice (the verdict is recorded in the same transaction).
 *
 * Every received file reaches a verdict: ACCEPTED or REJECTED by the importer, or FAILED, with the
 * reason in plain words, once every attempt has failed (the database or the disk kept failing);
 * an administrator retries a FAILED file (POST /v1/files/{id}/retry). What a failure leaves behind
 * (the job's reason and stack in Redis, the worker's log) never quotes the file: PostgreSQL's and
 * the readers' messages can hold a value of it, so only their codes are kept.
 */
import type { ZipLimits } from '../../../../libs/files/xlsx';
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Client } from 'pg';
import type { PrismaClient } from '../../../../libs/db/prisma';
import type { FileStore } from '../../../../libs/files/store';
import { watchClient } from '../../../../libs/db/connection-errors';
import { importReceivedListFile } from '../../../../libs/db/files/list-import';
import { readReceived, type ImportOutcome } from '../../../../libs/db/files/received';
import { importReceivedVoterFile } from '../../../../libs/db/files/voter-import';
import type { Logger } from '../../../../libs/observability/logger';
import { failureReason } from '../../../../libs/observability/failure-reason';
import { logQueueErrors, QUEUES, type FileImportJob } from '../../../../libs/queues/queues';

export { failureReason };

/** The error BullMQ keeps and the log shows: the reason only, a stack of this module's frames. */
class ImportFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ImportFailure';
  }
}

export interface FileImportDeps {
  prisma: PrismaClient;
  databaseUrl: string;
  store: FileStore;
  logger: Logger;
  /** A workbook's central directory limits, checked before it is parsed. */
  zipLimits?: ZipLimits;
}

/** Imports one received file; the rows read so far show in received_file.records while it runs. */
export async function runFileImport(
  deps: FileImportDeps,
  job: Pick<Job<FileImportJob>, 'data' | 'updateProgress'>,
): Promise<ImportOutcome> {
  const { fileId } = job.data;
  // A restart of the database fails the import (and the job over to its retry), not the process.
  const client = watchClient(new Client({ connectionString: deps.databaseUrl }), deps.logger, QUEUES.fileImports);
  await client.connect();
  try {
    const { kind } = await readReceived(client, fileId);
    const importReceived = kind === 'VOTERS' ? importReceivedVoterFile : importReceivedListFile;
    return await importReceived(client, deps.store, fileId, {
      zipLimits: deps.zipLimits,
      onProgress: (rows) => {
        void job.updateProgress(rows);
        void deps.prisma.receivedFile
          .updateMany({ where: { id: fileId, status: 'RECEIVED' }, data: { records: rows } })
          .catch(() => undefined);
      },
    });
  } finally {
    await client.end();
  }
}

/** After the last attempt: the file is FAILED with the reason, unless a verdict was recorded meanwhile. */
export async function recordImportFailure(
  deps: Pick<FileImportDeps, 'prisma'>,
  fileId: string,
  reason: string,
): Promise<void> {
  await deps.prisma.receivedFile.updateMany({
    where: { id: fileId, status: 'RECEIVED' },
    data: { status: 'FAILED', failure: reason, decidedAt: new Date() },
  });
}

export function startFileImportWorker(
  deps: FileImportDeps,
  connection: ConnectionOptions,
  prefix: string,
): Worker<FileImportJob> {
  const worker = new Worker<FileImportJob>(
    QUEUES.fileImports,
    async (job) => {
      let outcome: ImportOutcome;
      try {
        outcome = await runFileImport(deps, job);
      } catch (err) {
        const reason = failureReason(err);
        const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (last) await recordImportFailure(deps, job.data.fileId, reason).catch(() => undefined);
        throw new ImportFailure(reason);
      }
      return { status: outcome.status, records: outcome.records };
    },
    { connection, prefix, concurrency: 2 },
  );
  worker.on('completed', (job, result: { status: string; records: number }) =>
    deps.logger.info(
      { queue: QUEUES.fileImports, jobId: job.id, status: result.status, records: result.records },
      'file imported',
    ),
  );
  worker.on('failed', (job, err) =>
    deps.logger.warn(
      { queue: QUEUES.fileImports, jobId: job?.id, attempt: job?.attemptsMade, reason: err.message },
      'file import failed',
    ),
  );
  logQueueErrors(worker, deps.logger, QUEUES.fileImports);
  return worker;
}
