import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AccessService, Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { ConsolidateDto, ConsolidationQueryDto, DownloadQueryDto } from './consolidations.dto';
import { ConsolidationsService } from './consolidations.service';
import { CurrentActor } from '../core/current-actor.decorator';

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
  async request(@Body() dto: ConsolidateDto, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    await this.access.ensure(actor, { regionCode: dto.regionCode }, { type: 'region', id: dto.regionCode }, req.id);
    return this.consolidations.request(dto, actor.id, req.id);
  }

  @Get('readiness')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION')
  @ApiOperation({
    summary:
      "Before building: the region's districts not ready for the CEC, by code (no-file, not-reconciled, under-review, sent-back) and name; the file includes all but no-file as they are",
  })
  async readiness(@Query() q: ConsolidationQueryDto, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    await this.access.ensure(actor, { regionCode: q.regionCode }, { type: 'region', id: q.regionCode }, req.id);
    return this.consolidations.readiness(q.period, q.regionCode);
  }

  @Get()
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION')
  @ApiOperation({
    summary: "The region's consolidated files of the period, the latest first, with the districts each warned of",
  })
  async list(@Query() q: ConsolidationQueryDto, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    await this.access.ensure(actor, { regionCode: q.regionCode }, { type: 'region', id: q.regionCode }, req.id);
    return this.consolidations.list(q.period, q.regionCode);
  }

  @Get(':id')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION')
  @ApiOperation({
    summary:
      'A consolidated file: QUEUED (with the records written so far), WRITTEN (name, size, SHA-256, records, the submission taken from each district) or REFUSED (the districts without a voter file); warnings: the districts not ready for the CEC when it was built (sent back, not reconciled, under review, no file), by code and name',
  })
  @ApiNotFoundResponse({ description: 'No such file' })
  async view(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    const file = await this.consolidations.view(id);
    await this.access.ensure(actor, file, { type: 'consolidated-file', id }, req.id);
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
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.access.ensure(actor, await this.consolidations.view(id), { type: 'consolidated-file', id }, req.id);
    const { row, stream } = await this.consolidations.content(id, actor.id, q.reason, req.id);
    res.setHeader('Content-Disposition', `attachment; filename="${row.fileName}"`);
    return new StreamableFile(stream, { type: 'application/x-msaccess', length: row.sizeBytes ?? undefined });
  }
}
