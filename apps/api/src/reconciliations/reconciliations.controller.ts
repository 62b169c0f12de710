import { Controller, Get, Param, ParseUUIDPipe, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ReconciliationResult } from '../../../../libs/db/reconciliation/engine';
import { AccessService, Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { RunsQueryDto, DiscrepanciesQueryDto, ReportQueryDto } from './reconciliations.dto';
import { CONTENT_TYPES, ReconciliationsService } from './reconciliations.service';
import { CurrentActor } from '../core/current-actor.decorator';

@ApiTags('reconciliations')
@ApiBearerAuth()
@Controller('v1/reconciliations')
export class ReconciliationsController {
  constructor(
    private readonly service: ReconciliationsService,
    private readonly access: AccessService,
  ) {}

  /** The run, once it is found in the actor's territory (a run is its district's: 403, audited, outside it). */
  private async ensure(actor: Actor, requestId: string | undefined, id: string): Promise<ReconciliationResult> {
    const run = await this.service.result(id);
    await this.access.ensure(actor, { districtId: run.districtId }, { type: 'reconciliation', id }, requestId);
    return run;
  }

  @Get()
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({ summary: 'Reconciliation runs, newest first, by period and territory' })
  runs(@Query() q: RunsQueryDto, @CurrentActor() actor: Actor) {
    return this.service.runs(q, this.access.scope(actor));
  }

  @Get(':id')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      'One run: totals, findings per category and sub-category, new and abolished stations, statistics per station',
  })
  @ApiNotFoundResponse({ description: 'No such run, or it reconciled no staged files' })
  async summary(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.summary(await this.ensure(actor, req.id, id));
  }

  @Get(':id/discrepancies')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary: "The run's findings with the voter file's names and the evidence (personal data; audited), paged",
  })
  async discrepancies(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: DiscrepanciesQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.discrepancies(id, await this.ensure(actor, req.id, id), q, actor.id, req.id);
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
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { body, fileName, contentType } = await this.service.report(
      id,
      await this.ensure(actor, req.id, id),
      q,
      actor.id,
      req.id,
    );
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    return new StreamableFile(body, { type: contentType, length: body.length });
  }
}
