import { Readable } from 'node:stream';
import { Controller, Get, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { AuditQueryDto } from './audit-log.dto';
import { AuditLogService } from './audit-log.service';
import { CurrentActor } from '../core/current-actor.decorator';

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
  async export(
    @Query() q: AuditQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    this.log.where(q); // a bad range is refused before anything is sent
    await this.log.recordExport(q, actor, req.id);
    res.setHeader('Content-Disposition', 'attachment; filename="audit.csv"');
    return new StreamableFile(Readable.from(this.log.csv(q)), { type: 'text/csv; charset=utf-8' });
  }
}
