/**
 * Reconciliation results for commissions and akimats: the runs, their statistics per category and
 * station, the findings (JSON, paged), and the akimat's report as XLSX or PDF in Russian or Kazakh.
 * Findings carry personal data: every read is audited before anything is returned.
 */
import {
  Controller,
  Get,
  Injectable,
  Module,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { Response } from 'express';
import type { ReconciliationResult } from '../../../../libs/db/reconciliation/engine';
import {
  listDiscrepancies,
  listRuns,
  reportData,
  runResult,
  stationStatistics,
} from '../../../../libs/db/reconciliation/read';
import { reportPdf, reportXlsx } from '../../../../libs/reconciliation/report';
import { AuditService } from '../audit/audit.service';
import { AccessService, Allow, narrowed, type Territory } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { Database } from '../core/infrastructure.module';

/** Ids in UUID form; finding ids are hashes, so any version digit. */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class RunsQueryDto {
  @ApiPropertyOptional({ example: '2027-01' })
  @IsOptional()
  @Matches(/^\d{4}-(01|07)$/, { message: 'period must be YYYY-01 or YYYY-07' })
  period?: string;
  @ApiPropertyOptional({ example: '71' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' })
  regionCode?: string;
  @ApiPropertyOptional({ example: '7101' }) @IsOptional() @IsString() @Length(1, 16) districtId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(ID, { message: 'after must be the nextCursor of the previous page' })
  after?: string;
}

class ReasonQuery {
  @ApiPropertyOptional({
    description: 'Why the personal data is read; kept in the audit trail',
    example: 'review of round 1',
  })
  @IsOptional()
  @IsString()
  @Length(0, 300)
  reason?: string;
}

export class DiscrepanciesQueryDto extends ReasonQuery {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 9,
    description: '1-9: the categories of Rules para 9; 0: station findings',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(9)
  category?: number;
  @ApiPropertyOptional({ example: '412' })
  @IsOptional()
  @Matches(/^\d{1,12}$/, { message: 'station must be a station number' })
  station?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(ID, { message: 'after must be the nextCursor of the previous page' })
  after?: string;
}

export class ReportQueryDto extends ReasonQuery {
  @ApiPropertyOptional({ enum: ['xlsx', 'pdf'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'pdf'], { message: 'format must be xlsx or pdf' })
  format?: 'xlsx' | 'pdf';
  @ApiPropertyOptional({ enum: ['ru', 'kk'], default: 'ru' })
  @IsOptional()
  @IsIn(['ru', 'kk'], { message: 'lang must be ru (Russian) or kk (Kazakh)' })
  lang?: 'ru' | 'kk';
}

const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

@Injectable()
export class ReconciliationsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async runs(q: RunsQueryDto, scope: Territory) {
    const limit = q.limit ?? 50;
    const filter = narrowed(q, scope);
    if (!filter) return { items: [], nextCursor: null };
    const items = await listRuns(this.db.client, { ...filter, limit });
    return { items, nextCursor: items.length === limit ? items[limit - 1].id : null };
  }

  async result(id: string): Promise<ReconciliationResult> {
    const result = await runResult(this.db.client, id);
    if (!result) throw new NotFoundException(`No reconciliation run ${id} with staged files is on record`);
    return result;
  }

  async summary(result: ReconciliationResult) {
    return { ...result, perStation: await stationStatistics(this.db.client, result) };
  }

  async discrepancies(
    id: string,
    result: ReconciliationResult,
    q: DiscrepanciesQueryDto,
    actor: string,
    requestId?: string,
  ) {
    await this.audit.record({
      actor,
      action: 'reconciliation.discrepancies.read',
      subjectType: 'reconciliation',
      subjectId: id,
      reason: q.reason,
      requestId,
    });
    const limit = q.limit ?? 200;
    const items = await listDiscrepancies(this.db.client, result, {
      category: q.category,
      station: q.station,
      limit,
      after: q.after,
    });
    return { items, nextCursor: items.length === limit ? items[limit - 1].id : null };
  }

  async report(
    id: string,
    result: ReconciliationResult,
    q: ReportQueryDto,
    actor: string,
    requestId?: string,
  ): Promise<{ body: Buffer; fileName: string; contentType: string }> {
    const format = q.format ?? 'xlsx';
    const lang = q.lang ?? 'ru';
    await this.audit.record({
      actor,
      action: `reconciliation.report.${format}`,
      subjectType: 'reconciliation',
      subjectId: id,
      reason: q.reason,
      requestId,
    });
    const data = await reportData(this.db.client, result, new Date().toISOString());
    const body = format === 'pdf' ? await reportPdf(data, lang) : await reportXlsx(data, lang);
    return {
      body,
      fileName: `sverka_${result.districtId}_${result.period}_r${result.round}_${lang}.${format}`,
      contentType: CONTENT_TYPES[format],
    };
  }
}

@ApiTags('reconciliations')
@ApiBearerAuth()
@Controller('v1/reconciliations')
export class ReconciliationsController {
  constructor(
    private readonly service: ReconciliationsService,
    private readonly access: AccessService,
  ) {}

  /** The run, once it is found in the actor's territory (a run is its district's: 403, audited, outside it). */
  private async ensure(req: AuthenticatedRequest, id: string): Promise<ReconciliationResult> {
    const run = await this.service.result(id);
    await this.access.ensure(req, { districtId: run.districtId }, { type: 'reconciliation', id });
    return run;
  }

  @Get()
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({ summary: 'Reconciliation runs, newest first, by period and territory' })
  runs(@Query() q: RunsQueryDto, @Req() req: AuthenticatedRequest) {
    return this.service.runs(q, this.access.scope(req.actor!));
  }

  @Get(':id')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      'One run: totals, findings per category and sub-category, new and abolished stations, statistics per station',
  })
  @ApiNotFoundResponse({ description: 'No such run, or it reconciled no staged files' })
  async summary(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    return this.service.summary(await this.ensure(req, id));
  }

  @Get(':id/discrepancies')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary: "The run's findings with the voter file's names and the evidence (personal data; audited), paged",
  })
  async discrepancies(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: DiscrepanciesQueryDto,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.discrepancies(id, await this.ensure(req, id), q, req.actor!.id, req.id);
  }

  @Get(':id/report')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      "The akimat's discrepancy report and the station reconciliation act, XLSX or PDF, Russian or Kazakh (audited)",
  })
  @ApiProduces(CONTENT_TYPES.xlsx, CONTENT_TYPES.pdf)
  async report(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ReportQueryDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { body, fileName, contentType } = await this.service.report(
      id,
      await this.ensure(req, id),
      q,
      req.actor!.id,
      req.id,
    );
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    return new StreamableFile(body, { type: contentType, length: body.length });
  }
}

@Module({ controllers: [ReconciliationsController], providers: [ReconciliationsService] })
export class ReconciliationsModule {}
