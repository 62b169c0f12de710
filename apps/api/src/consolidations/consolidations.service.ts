import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { consolidationJobId, createFileExportQueue, enqueueConsolidation } from '../../../../libs/queues/file-exports';
import {
  consolidatedFileName,
  consolidationWarnings,
  type ConsolidationWarning,
  type Queryable,
} from '../../../../libs/db/files/consolidated';
import { FileStore } from '../../../../libs/files/store';
import { logQueueErrors, QUEUES, type FileExportJob } from '../../../../libs/queues/queues';
import { queuedWithin } from '../../../../libs/queues/outbox';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import { ApiLogger, Database, RedisGateway } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import { ConsolidateDto } from './consolidations.dto';

const VIEW = {
  id: true,
  period: true,
  regionCode: true,
  status: true,
  fileName: true,
  sha256: true,
  sizeBytes: true,
  records: true,
  sources: true,
  problem: true,
  warnings: true,
  requestedBy: true,
  requestedAt: true,
  writtenAt: true,
} as const;

/** How long a file's view waits for its job's progress from Redis. */
const PROGRESS_WAIT_MS = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type ViewRow = NonNullable<Awaited<ReturnType<ConsolidationsService['findRow']>>>;

@Injectable()
export class ConsolidationsService implements OnModuleDestroy {
  private readonly store: FileStore;
  private readonly queue: Queue<FileExportJob>;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    config: AppConfig,
    redis: RedisGateway,
    private readonly log: ApiLogger,
  ) {
    this.store = new FileStore(config.value.files.storeDir);
    this.queue = createFileExportQueue(redis.client, config.value.queuePrefix);
    logQueueErrors(this.queue, log.logger, QUEUES.fileExports);
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }

  async request(dto: ConsolidateDto, actor: string, requestId?: string) {
    const region = await this.db.client.region.findUnique({ where: { code: dto.regionCode } });
    if (!region)
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'consolidation.unknown-region',
        { regionCode: dto.regionCode },
        'Unknown region',
        [{ field: 'regionCode', message: `no region ${dto.regionCode} is on record` }],
      );
    const id = randomUUID();
    await this.db.client.consolidatedFile.create({
      data: {
        id,
        period: dto.period,
        regionCode: dto.regionCode,
        fileName: consolidatedFileName(dto.regionCode, dto.period),
        requestedBy: actor,
        requestedAt: new Date(),
      },
    });
    await this.audit.record({
      actor,
      action: 'consolidated-file.request',
      subjectType: 'consolidated-file',
      subjectId: id,
      requestId,
    });
    // The row (QUEUED) is the queue's outbox: recorded, the file is written even if Redis cannot
    // take the job now (the worker's sweeper queues it), so the request is answered either way.
    const queued = await queuedWithin(enqueueConsolidation(this.queue, id), (reason) =>
      this.log.logger.warn(
        { consolidatedFileId: id, reason },
        'consolidation not queued: the worker queues it when Redis is back',
      ),
    );
    return { ...(await this.view(id)), queued };
  }

  /** Prisma answering as pg does, for the library's queries. */
  private get sql(): Queryable {
    const client = this.db.client;
    return {
      query: async <R>(sql: string, params: unknown[]) => ({ rows: await client.$queryRawUnsafe<R[]>(sql, ...params) }),
    };
  }

  /**
   * Before building: the region's districts, how many have a voter file, and those not ready for
   * the CEC (no file, not reconciled, under review, sent back), each with its code and names.
   */
  async readiness(period: string, regionCode: string) {
    const region = await this.db.client.region.findUnique({
      where: { code: regionCode },
      select: { code: true, nameRu: true, nameKk: true, _count: { select: { districts: true } } },
    });
    if (!region)
      throw new Problem(HttpStatus.BAD_REQUEST, 'consolidation.unknown-region', { regionCode }, 'Unknown region', [
        { field: 'regionCode', message: `no region ${regionCode} is on record` },
      ]);
    const warnings = await consolidationWarnings(this.sql, regionCode, period);
    return {
      period,
      regionCode,
      regionNameRu: region.nameRu,
      regionNameKk: region.nameKk,
      districts: region._count.districts,
      ready: region._count.districts - warnings.length,
      warnings,
    };
  }

  /** The region's files of the period, the latest first (what was built, by whom, with its warnings). */
  async list(period: string, regionCode: string) {
    const rows = await this.db.client.consolidatedFile.findMany({
      where: { period, regionCode },
      orderBy: { requestedAt: 'desc' },
      take: 10,
      select: VIEW,
    });
    return { items: await Promise.all(rows.map((r) => this.shaped(r))) };
  }

  async view(id: string) {
    const row = await this.findRow(id);
    if (!row)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'consolidation.not-found',
        { fileId: id },
        `No consolidated file has the id ${id}`,
      );
    return this.shaped(row);
  }

  private async shaped(row: ViewRow) {
    // An official is a user (a UUID); the operator's token acts under a name of its own.
    const names = UUID.test(row.requestedBy)
      ? await this.db.client.user.findUnique({ where: { id: row.requestedBy }, select: { fullName: true, role: true } })
      : null;
    return {
      ...row,
      sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
      warnings: (row.warnings ?? []) as unknown as ConsolidationWarning[],
      requestedByName: names?.fullName ?? null,
      requestedByRole: names?.role ?? null,
      // While the worker writes it: the records written so far, of those the districts sent.
      progress: row.status === 'QUEUED' ? await this.progress(row.id, row.period, row.regionCode) : null,
    };
  }

  private findRow(id: string) {
    return this.db.client.consolidatedFile.findUnique({ where: { id }, select: VIEW });
  }

  private async progress(id: string, period: string, regionCode: string) {
    // The job's progress is in Redis; a file's row is read without it when Redis does not answer at once
    // (none counted yet, as before the worker starts on it).
    let timer: NodeJS.Timeout | undefined;
    const job = await Promise.race([
      this.queue.getJob(consolidationJobId(id)),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), PROGRESS_WAIT_MS);
      }),
    ])
      .catch(() => undefined)
      .finally(() => clearTimeout(timer));
    const written = typeof job?.progress === 'number' ? job.progress : 0;
    const [{ total }] = await this.db.client.$queryRawUnsafe<{ total: number | null }[]>(
      `SELECT sum(s.voter_records)::int AS total FROM district d
         JOIN LATERAL (SELECT voter_records FROM voter_submission WHERE period = $2 AND district_id = d.id
                        ORDER BY received_at DESC, id DESC LIMIT 1) s ON true
        WHERE d.region_code = $1`,
      regionCode,
      period,
    );
    return { records: written, of: total ?? 0 };
  }

  async content(id: string, actor: string, reason: string | undefined, requestId?: string) {
    const row = await this.view(id);
    if (row.status !== 'WRITTEN' || !row.sha256) {
      throw row.status === 'QUEUED'
        ? new Problem(
            HttpStatus.CONFLICT,
            'consolidation.being-written',
            { fileId: id },
            `Consolidated file ${id} is still being written`,
          )
        : new Problem(
            HttpStatus.CONFLICT,
            'consolidation.refused',
            { fileId: id },
            `Consolidated file ${id} was refused: ${row.problem}`,
          );
    }
    await this.audit.record({
      actor,
      action: 'consolidated-file.download',
      subjectType: 'consolidated-file',
      subjectId: id,
      reason,
      requestId,
    });
    return { row, stream: createReadStream(this.store.pathOf(row.sha256)) };
  }
}
