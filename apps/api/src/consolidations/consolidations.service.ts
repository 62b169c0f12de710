import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { createFileExportQueue, enqueueConsolidation } from '../../../../libs/queues/file-exports';
import { consolidatedFileName } from '../../../../libs/db/files/consolidated';
import { FileStore } from '../../../../libs/files/store';
import type { FileExportJob } from '../../../../libs/queues/queues';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import { Database, RedisGateway } from '../core/infrastructure.module';
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
  requestedBy: true,
  requestedAt: true,
  writtenAt: true,
} as const;

@Injectable()
export class ConsolidationsService implements OnModuleDestroy {
  private readonly store: FileStore;
  private readonly queue: Queue<FileExportJob>;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    config: AppConfig,
    redis: RedisGateway,
  ) {
    this.store = new FileStore(config.value.files.storeDir);
    this.queue = createFileExportQueue(redis.client, config.value.queuePrefix);
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
    await enqueueConsolidation(this.queue, id);
    return this.view(id);
  }

  async view(id: string) {
    const row = await this.db.client.consolidatedFile.findUnique({ where: { id }, select: VIEW });
    if (!row)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'consolidation.not-found',
        { fileId: id },
        `No consolidated file has the id ${id}`,
      );
    return { ...row, sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes) };
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
