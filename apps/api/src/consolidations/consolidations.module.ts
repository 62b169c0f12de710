/**
 * The region's consolidated Appendix 1 voter file for the CEC: requested here, written in the
 * worker (activities/files/file-exports.ts) from each district's latest staged submission, then
 * downloaded as an MS Access .mdb. The download holds every voter's personal data: it is audited
 * with its reason.
 */
import { createReadStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Module,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { createFileExportQueue, enqueueConsolidation } from '../../../../libs/queues/file-exports';
import { consolidatedFileName } from '../../../../libs/db/files/consolidated';
import { FileStore } from '../../../../libs/files/store';
import type { FileExportJob } from '../../../../libs/queues/queues';
import { AuditService } from '../audit/audit.service';
import { AccessService, Allow } from '../core/access';
import { AppConfig } from '../core/app-config';
import type { AuthenticatedRequest } from '../core/auth';
import { Database, RedisGateway } from '../core/infrastructure.module';

export class ConsolidateDto {
  @ApiProperty({ example: '2027-01' })
  @Matches(/^\d{4}-(01|07)$/, { message: 'period must be YYYY-01 or YYYY-07' })
  period!: string;
  @ApiProperty({ example: '71', description: 'the region (two digits)' })
  @Matches(/^\d{2}$/, { message: 'regionCode must be the two digits of a region' })
  regionCode!: string;
}

export class DownloadQueryDto {
  @ApiPropertyOptional({ description: "Why the voters' personal data is read (kept in the audit log)" })
  @IsOptional()
  @IsString()
  @Length(0, 300)
  reason?: string;
}

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
      throw new BadRequestException({
        message: 'Unknown region',
        errors: [{ field: 'regionCode', message: `no region ${dto.regionCode} is on record` }],
      });
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
    if (!row) throw new NotFoundException(`No consolidated file has the id ${id}`);
    return { ...row, sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes) };
  }

  async content(id: string, actor: string, reason: string | undefined, requestId?: string) {
    const row = await this.view(id);
    if (row.status !== 'WRITTEN' || !row.sha256) {
      throw new ConflictException(
        row.status === 'QUEUED'
          ? `Consolidated file ${id} is still being written`
          : `Consolidated file ${id} was refused: ${row.problem}`,
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

@ApiTags('consolidated files')
@ApiBearerAuth()
@Controller('v1/consolidated-files')
export class ConsolidationsController {
  constructor(
    private readonly consolidations: ConsolidationsService,
    private readonly access: AccessService,
  ) {}

  @Post()
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION')
  @HttpCode(202)
  @ApiOperation({
    summary:
      "Write the region's consolidated Appendix 1 voter file (MS Access .mdb) for the CEC from each district's latest staged submission. Poll GET /v1/consolidated-files/{id}",
  })
  @ApiAcceptedResponse({ description: 'Queued; the worker writes it' })
  async request(@Body() dto: ConsolidateDto, @Req() req: AuthenticatedRequest) {
    await this.access.ensure(req, { regionCode: dto.regionCode }, { type: 'region', id: dto.regionCode });
    return this.consolidations.request(dto, req.actor!.id, req.id);
  }

  @Get(':id')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION')
  @ApiOperation({
    summary:
      'A consolidated file: QUEUED, WRITTEN (name, size, SHA-256, records, the submission taken from each district) or REFUSED (the districts without a voter file)',
  })
  @ApiNotFoundResponse({ description: 'No such file' })
  async view(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    const file = await this.consolidations.view(id);
    await this.access.ensure(req, file, { type: 'consolidated-file', id });
    return file;
  }

  @Get(':id/content')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION')
  @ApiOperation({ summary: 'Download the written .mdb (personal data: audited with the reason given)' })
  @ApiProduces('application/x-msaccess')
  @ApiConflictResponse({ description: 'Not written (yet, or refused)' })
  async content(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: DownloadQueryDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.access.ensure(req, await this.consolidations.view(id), { type: 'consolidated-file', id });
    const { row, stream } = await this.consolidations.content(id, req.actor!.id, q.reason, req.id);
    res.setHeader('Content-Disposition', `attachment; filename="${row.fileName}"`);
    return new StreamableFile(stream, { type: 'application/x-msaccess', length: row.sizeBytes ?? undefined });
  }
}

@Module({ controllers: [ConsolidationsController], providers: [ConsolidationsService] })
export class ConsolidationsModule {}
