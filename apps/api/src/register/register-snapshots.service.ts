import { HttpStatus, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Pool } from 'pg';
import { createRegisterImportQueue, enqueueRegisterImport } from '../../../../libs/queues/register-imports';
import { queuedWithin } from '../../../../libs/queues/outbox';
import { FileStore } from '../../../../libs/files/store';
import { logQueueErrors, QUEUES, type RegisterImportJob } from '../../../../libs/queues/queues';
import { beginRegisterSnapshot } from '../../../../libs/db/register/snapshot-import';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import { ApiLogger, Database, RedisGateway } from '../core/infrastructure.module';
import { watchPool } from '../../../../libs/db/connection-errors';
import { Problem } from '../core/problem';
import { UploadSnapshotDto } from './register.dto';

export const PAGE_SIZE = 100;

const VIEW = {
  id: true,
  version: true,
  asOf: true,
  sha256: true,
  fileName: true,
  sizeBytes: true,
  format: true,
  status: true,
  rowsRead: true,
  rowsAccepted: true,
  rowsHeldBack: true,
  bytesRead: true,
  failure: true,
  createdBy: true,
  createdAt: true,
  activatedAt: true,
  supersededAt: true,
  purgedAt: true,
  report: true,
} as const;

type SnapshotRecord = { [K in keyof typeof VIEW]: unknown } & {
  asOf: Date;
  sizeBytes: bigint | null;
  bytesRead: bigint;
  status: string;
  report: unknown;
};

function view({ report, ...s }: SnapshotRecord) {
  const size = s.sizeBytes === null ? null : Number(s.sizeBytes);
  const read = Number(s.bytesRead);
  const refusal = (report as { refusal?: { code: string; field: string; line: number; header?: unknown }[] } | null)
    ?.refusal;
  return {
    ...s,
    asOf: s.asOf.toISOString().slice(0, 10),
    sizeBytes: size,
    bytesRead: read,
    current: s.status === 'CURRENT',
    // Why a file was refused, by kind (the console words each one) and where.
    refusal: refusal
      ? refusal.map(({ code, field, line, header }) => ({ code, field, line, ...(header ? { header } : {}) }))
      : null,
    percent: size ? Math.min(100, Math.round((read / size) * 1000) / 10) : s.status === 'IMPORTING' ? 0 : 100,
  };
}

@Injectable()
export class RegisterSnapshotsService implements OnModuleDestroy {
  private readonly store: FileStore;
  private readonly queue: Queue<RegisterImportJob>;
  private readonly pool: Pool;
  private readonly logger: ApiLogger['logger'];

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    config: AppConfig,
    redis: RedisGateway,
    log: ApiLogger,
  ) {
    this.store = new FileStore(config.value.files.storeDir);
    this.queue = createRegisterImportQueue(redis.client, config.value.queuePrefix);
    logQueueErrors(this.queue, log.logger, QUEUES.registerImports);
    this.logger = log.logger;
    // A database restart fails the request in hand, not the API (issue 23); logged by its code.
    this.pool = watchPool(
      new Pool({ connectionString: config.value.databaseUrl, max: 2 }),
      log.logger,
      'register-snapshots',
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
    await this.pool.end();
  }

  async upload(dto: UploadSnapshotDto, file: Express.Multer.File | undefined, actor: string, requestId?: string) {
    if (!file)
      throw new Problem(HttpStatus.BAD_REQUEST, 'register.no-file', {}, 'No file was sent', [
        { field: 'file', message: 'send the register extract as the multipart field "file"' },
      ]);
    const begun = await beginRegisterSnapshot(this.pool, this.store, {
      path: file.path,
      fileName: file.originalname,
      asOf: dto.asOf,
      actor,
    });
    await this.audit.record({
      actor,
      action: begun.existing ? 'register-snapshot.upload-again' : 'register-snapshot.upload',
      subjectType: 'register-snapshot',
      subjectId: begun.snapshotId,
      requestId,
    });
    // The snapshot's row is the queue's outbox: recorded, it is imported even if Redis cannot take
    // the job now (the worker's sweeper queues it), so the upload is answered either way.
    const importQueued =
      begun.existing ||
      (await queuedWithin(enqueueRegisterImport(this.queue, begun.snapshotId), (reason) =>
        this.logger.warn(
          { snapshotId: begun.snapshotId, reason },
          'register import not queued: the worker queues it when Redis is back',
        ),
      ));
    return {
      snapshot: { ...(await this.find(begun.snapshotId)), alreadyImported: begun.existing, importQueued },
      created: !begun.existing,
    };
  }

  private async find(id: string) {
    const row = await this.db.client.registerSnapshot.findUnique({ where: { id }, select: VIEW });
    if (!row)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'register.snapshot-not-found',
        { snapshotId: id },
        `No register snapshot has the id ${id}`,
      );
    return view(row as SnapshotRecord);
  }

  async list(actor: string, requestId?: string) {
    const rows = await this.db.client.registerSnapshot.findMany({ select: VIEW, orderBy: { version: 'desc' } });
    await this.audit.record({
      actor,
      action: 'register-snapshot.list',
      subjectType: 'register-snapshot',
      subjectId: '*',
      requestId,
    });
    return rows.map((r) => view(r as SnapshotRecord));
  }

  async progress(id: string, actor: string, requestId?: string) {
    const snapshot = await this.find(id);
    const { report } = (await this.db.client.registerSnapshot.findUnique({ where: { id }, select: { report: true } }))!;
    await this.audit.record({
      actor,
      action: 'register-snapshot.read',
      subjectType: 'register-snapshot',
      subjectId: id,
      requestId,
    });
    return { ...snapshot, report };
  }

  async problems(id: string, page: number, actor: string, requestId?: string) {
    await this.find(id);
    const [total, rows] = await Promise.all([
      this.db.client.registerSnapshotProblem.count({ where: { snapshotId: id } }),
      this.db.client.registerSnapshotProblem.findMany({
        where: { snapshotId: id },
        select: { row: true, field: true, rule: true, firstRow: true },
        orderBy: [{ row: 'asc' }, { field: 'asc' }],
        skip: (page - 1) * PAGE_SIZE,
        take: PAGE_SIZE,
      }),
    ]);
    await this.audit.record({
      actor,
      action: 'register-snapshot.problems.read',
      subjectType: 'register-snapshot',
      subjectId: id,
      requestId,
    });
    return { page, pageSize: PAGE_SIZE, total, pages: Math.ceil(total / PAGE_SIZE), problems: rows };
  }
}
