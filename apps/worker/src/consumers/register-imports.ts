/**
 * Consumer of the register-import queue (issue 20). The API keeps the CEC's extract
 * and records the snapshot as IMPORTING, then enqueues its id; the worker process imports it
 * (libs/db/register/snapshot-import.ts) off the request, its progress in the snapshot's row, one
 * extract at a time (each takes the database's full attention for minutes). A crashed attempt is
 * retried with backoff from the start (the import drops what an attempt left); a snapshot decided
 * already is not imported twice. What a failure leaves (the job's reason in Redis, the log) never
 * quotes the file: only a code (failureReason).
 */
import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Pool } from 'pg';
import type { FileStore } from '../../../../libs/files/store';
import { watchPool } from '../../../../libs/db/connection-errors';
import type { Logger } from '../../../../libs/observability/logger';
import { QUEUES, type RegisterImportJob, logQueueErrors } from '../../../../libs/queues/queues';
import { failureReason } from '../../../../libs/observability/failure-reason';
import { runRegisterSnapshotImport, type RegisterImportOutcome } from '../../../../libs/db/register/snapshot-import';

export interface RegisterImportDeps {
  databaseUrl: string;
  store: FileStore;
  logger: Logger;
  /** The retention setting (TIZIM_REGISTER_KEEP_SNAPSHOTS). */
  keepSnapshots: number;
}

/** The error BullMQ keeps and the log shows: the reason only. */
class RegisterImportFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RegisterImportFailure';
  }
}

/** Imports one snapshot on a pool of its own (two COPY connections, one for progress). */
export async function runRegisterImport(
  deps: RegisterImportDeps,
  job: Pick<Job<RegisterImportJob>, 'data' | 'updateProgress'>,
): Promise<RegisterImportOutcome> {
  // A restart of the database fails the import (and the job over to its retry), not the process:
  // the COPY connections are checked out of the pool, so each is watched, not the pool alone.
  const pool = watchPool(new Pool({ connectionString: deps.databaseUrl, max: 4 }), deps.logger, QUEUES.registerImports);
  try {
    return await runRegisterSnapshotImport(pool, deps.store, job.data.snapshotId, {
      keep: deps.keepSnapshots,
      onProgress: (p) =>
        void job.updateProgress({ rowsRead: p.rowsRead, bytesRead: p.bytesRead, sizeBytes: p.sizeBytes }),
    });
  } finally {
    await pool.end();
  }
}

export function startRegisterImportWorker(
  deps: RegisterImportDeps,
  connection: ConnectionOptions,
  prefix: string,
): Worker<RegisterImportJob> {
  const worker = new Worker<RegisterImportJob>(
    QUEUES.registerImports,
    async (job) => {
      let outcome: RegisterImportOutcome;
      try {
        outcome = await runRegisterImport(deps, job);
      } catch (err) {
        throw new RegisterImportFailure(failureReason(err));
      }
      return {
        status: outcome.status,
        version: outcome.version,
        accepted: outcome.rowsAccepted,
        heldBack: outcome.rowsHeldBack,
      };
    },
    { connection, prefix, concurrency: 1, lockDuration: 120_000 },
  );
  worker.on('completed', (job, result: { status: string; version: number; accepted: number; heldBack: number }) =>
    deps.logger.info({ queue: QUEUES.registerImports, jobId: job.id, ...result }, 'register snapshot imported'),
  );
  worker.on('failed', (job, err) =>
    deps.logger.warn(
      { queue: QUEUES.registerImports, jobId: job?.id, attempt: job?.attemptsMade, reason: err.message },
      'register snapshot import failed',
    ),
  );
  logQueueErrors(worker, deps.logger, QUEUES.registerImports);
  return worker;
}
