/**
 * Consumer of the file-export queue: the region's consolidated voter file for the
 * CEC is written in the worker process (a region of 1.5 million voters takes tens of seconds and
 * about a gigabyte), never in a request. The request is recorded first (QUEUED); the job writes
 * the file from the staged submissions, keeps it by SHA-256 and records WRITTEN, or REFUSED with
 * the districts still missing. A retried job finds the verdict recorded and does nothing twice.
 */
import { Worker, type ConnectionOptions } from 'bullmq';
import { Client } from 'pg';
import type { PrismaClient } from '../../../../libs/db/prisma';
import { ConsolidationRefusedError, writeConsolidatedVoterFile } from '../../../../libs/db/files/consolidated';
import type { FileStore } from '../../../../libs/files/store';
import { watchClient } from '../../../../libs/db/connection-errors';
import type { Logger } from '../../../../libs/observability/logger';
import { QUEUES, type FileExportJob, logQueueErrors } from '../../../../libs/queues/queues';

export interface FileExportDeps {
  prisma: PrismaClient;
  databaseUrl: string;
  store: FileStore;
  logger: Logger;
}

export type ConsolidationOutcome = { status: 'WRITTEN' | 'REFUSED'; records: number };

/** Writes one requested consolidated file; progress (records written) goes to the job. */
export async function runConsolidation(
  deps: FileExportDeps,
  id: string,
  onProgress?: (records: number) => void,
): Promise<ConsolidationOutcome> {
  const request = await deps.prisma.consolidatedFile.findUnique({ where: { id } });
  if (!request) throw new Error(`no consolidated file ${id} was requested`);
  if (request.status !== 'QUEUED') return { status: request.status, records: request.records ?? 0 };
  // A restart of the database fails the job (BullMQ retries it), not the process.
  const client = watchClient(new Client({ connectionString: deps.databaseUrl }), deps.logger, QUEUES.fileExports);
  await client.connect();
  try {
    const file = await writeConsolidatedVoterFile(client, deps.store, {
      regionCode: request.regionCode,
      period: request.period,
      createdAt: request.requestedAt,
      onProgress,
    });
    await deps.prisma.consolidatedFile.updateMany({
      where: { id, status: 'QUEUED' },
      data: {
        status: 'WRITTEN',
        sha256: file.sha256,
        sizeBytes: BigInt(file.sizeBytes),
        records: file.records,
        sources: file.sources as unknown as object[],
        warnings: file.warnings as unknown as object[],
        writtenAt: new Date(),
      },
    });
    return { status: 'WRITTEN', records: file.records };
  } catch (err) {
    if (!(err instanceof ConsolidationRefusedError)) throw err;
    await deps.prisma.consolidatedFile.updateMany({
      where: { id, status: 'QUEUED' },
      data: {
        status: 'REFUSED',
        problem: err.message,
        warnings: err.warnings as unknown as object[],
        writtenAt: new Date(),
      },
    });
    return { status: 'REFUSED', records: 0 };
  } finally {
    await client.end();
  }
}

export function startFileExportWorker(
  deps: FileExportDeps,
  connection: ConnectionOptions,
  prefix: string,
): Worker<FileExportJob> {
  // One at a time: each holds its file in memory while writing it.
  const worker = new Worker<FileExportJob>(
    QUEUES.fileExports,
    async (job) => runConsolidation(deps, job.data.consolidatedFileId, (records) => void job.updateProgress(records)),
    { connection, prefix, concurrency: 1 },
  );
  worker.on('completed', (job, result: ConsolidationOutcome) =>
    deps.logger.info(
      { queue: QUEUES.fileExports, jobId: job.id, status: result.status, records: result.records },
      'consolidated file written',
    ),
  );
  worker.on('failed', (job, err) =>
    deps.logger.warn(
      { queue: QUEUES.fileExports, jobId: job?.id, attempt: job?.attemptsMade, err },
      'consolidated file failed',
    ),
  );
  logQueueErrors(worker, deps.logger, QUEUES.fileExports);
  return worker;
}
