/**
 * The audit trail for admins: who read or changed what, newest first, filtered by actor, action,
 * subject, outcome and time, paged by a cursor on the id (keyset, so a page never shifts while new
 * events arrive); and the same selection as CSV, streamed in batches, the export itself audited.
 */
import { Readable } from 'node:stream';
import {
  BadRequestException,
  Controller,
  Get,
  Injectable,
  Module,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { Response } from 'express';
import type { Prisma } from '../../../../libs/db/prisma';
import { Allow } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { Database } from '../core/infrastructure.module';
import { AuditService } from './audit.service';

const OUTCOMES = ['ok', 'refused', 'not-found'] as const;
const ISO_WITH_ZONE = { strict: true, strictSeparator: true };

export class AuditQueryDto {
  @ApiPropertyOptional({ example: 'operator' }) @IsOptional() @IsString() @Length(1, 200) actor?: string;
  @ApiPropertyOptional({
    example: 'cycle-task.complete',
    description: 'An action, or a prefix ending in * (e.g. cycle*)',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:/ -]{1,200}\*?$/, { message: 'action must be an action name, or a prefix followed by *' })
  action?: string;
  @ApiPropertyOptional({ example: 'cycle-task' }) @IsOptional() @IsString() @Length(1, 100) subjectType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 300) subjectId?: string;
  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES, { message: `outcome must be one of ${OUTCOMES.join(', ')}` })
  outcome?: (typeof OUTCOMES)[number];
  @ApiPropertyOptional({
    example: '2027-01-10T00:00:00+05:00',
    description: 'From this instant, inclusive (ISO 8601 with a zone)',
  })
  @IsOptional()
  @IsISO8601(ISO_WITH_ZONE, { message: 'from must be an instant, ISO 8601, e.g. 2027-01-10T00:00:00+05:00' })
  @Matches(/(Z|[+-]\d\d:\d\d)$/, { message: 'from must name its zone (Z or +05:00)' })
  from?: string;
  @ApiPropertyOptional({ example: '2027-01-11T00:00:00+05:00', description: 'Before this instant, exclusive' })
  @IsOptional()
  @IsISO8601(ISO_WITH_ZONE, { message: 'to must be an instant, ISO 8601, e.g. 2027-01-11T00:00:00+05:00' })
  @Matches(/(Z|[+-]\d\d:\d\d)$/, { message: 'to must name its zone (Z or +05:00)' })
  to?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'after must be the nextCursor of the previous page' })
  after?: string;
}

const COLUMNS = ['id', 'at', 'actor', 'action', 'subjectType', 'subjectId', 'outcome', 'requestId', 'reason'] as const;
type Row = Prisma.AuditEventGetPayload<object>;

const view = (r: Row) => ({ ...r, id: r.id.toString() });

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula is prefixed with ' (CSV injection). */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

@Injectable()
export class AuditLogService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  where(q: AuditQueryDto, before?: bigint): Prisma.AuditEventWhereInput {
    if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) {
      throw new BadRequestException({
        message: 'from must come before to',
        errors: [{ field: 'to', message: 'to must come after from' }],
      });
    }
    const action = q.action?.endsWith('*') ? { startsWith: q.action.slice(0, -1) } : q.action;
    return {
      actor: q.actor,
      action,
      subjectType: q.subjectType,
      subjectId: q.subjectId,
      outcome: q.outcome,
      at:
        q.from || q.to
          ? { gte: q.from ? new Date(q.from) : undefined, lt: q.to ? new Date(q.to) : undefined }
          : undefined,
      id: before !== undefined ? { lt: before } : undefined,
    };
  }

  async list(q: AuditQueryDto) {
    const limit = q.limit ?? 100;
    const rows = await this.db.client.auditEvent.findMany({
      where: this.where(q, q.after ? BigInt(q.after) : undefined),
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { items: page.map(view), nextCursor: rows.length > limit ? page[page.length - 1].id.toString() : null };
  }

  /** The selection as CSV lines, read 1,000 at a time by keyset: constant memory whatever its size. */
  async *csv(q: AuditQueryDto): AsyncGenerator<string> {
    yield `${COLUMNS.join(',')}\r\n`;
    let before = q.after ? BigInt(q.after) : undefined;
    for (;;) {
      const rows = await this.db.client.auditEvent.findMany({
        where: this.where(q, before),
        orderBy: { id: 'desc' },
        take: 1000,
      });
      if (!rows.length) return;
      yield rows.map((r) => `${COLUMNS.map((c) => csvCell(r[c])).join(',')}\r\n`).join('');
      if (rows.length < 1000) return;
      before = rows[rows.length - 1].id;
    }
  }

  async recordExport(q: AuditQueryDto, req: AuthenticatedRequest): Promise<void> {
    const filters = Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('&');
    await this.audit.record({
      actor: req.actor!.id,
      action: 'audit.export',
      subjectType: 'audit-log',
      subjectId: 'csv',
      reason: filters || 'all',
      requestId: req.id,
    });
  }
}

@ApiTags('audit')
@ApiBearerAuth()
@Allow('ADMIN')
@Controller('v1/audit')
export class AuditLogController {
  constructor(private readonly log: AuditLogService) {}

  @Get()
  @ApiOperation({ summary: 'The audit trail, newest first, filtered; page with nextCursor (after=)' })
  list(@Query() q: AuditQueryDto) {
    return this.log.list(q);
  }

  @Get('export.csv')
  @ApiOperation({
    summary: 'The same selection as CSV (UTF-8, comma-separated, all pages), streamed; the export is audited',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'An attachment: audit.csv' })
  async export(@Query() q: AuditQueryDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    this.log.where(q); // a bad range is refused before anything is sent
    await this.log.recordExport(q, req);
    res.setHeader('Content-Disposition', 'attachment; filename="audit.csv"');
    return new StreamableFile(Readable.from(this.log.csv(q)), { type: 'text/csv; charset=utf-8' });
  }
}

@Module({ controllers: [AuditLogController], providers: [AuditLogService] })
export class AuditLogModule {}
