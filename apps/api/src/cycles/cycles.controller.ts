import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type DistrictCycleState, type RegionCycleState } from '../../../../libs/contracts/cycle';
import { AccessService, Allow, narrowed, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import {
  CycleWorkflowsQueryDto,
  DistrictCycleParams,
  PeriodParams,
  RetryDistrictDto,
  StartCycleDto,
} from './cycles.dto';
import { CyclesService } from './cycles.service';
import { CurrentActor } from '../core/current-actor.decorator';

@ApiTags('cycles')
@ApiBearerAuth()
@Controller('v1')
export class CyclesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly access: AccessService,
  ) {}

  @Post('cycles')
  @Allow('ADMIN', 'CEC_COORDINATOR')
  @ApiOperation({
    summary:
      'Start a period (normally the Schedule does, ahead of 1 January and 1 July); starting it again changes nothing',
  })
  @ApiResponse({ status: 201, description: 'Started' })
  @ApiResponse({ status: 200, description: 'Already running' })
  async start(
    @Body() dto: StartCycleDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.cycles.start(dto.period, actor.id, req.id);
    res.status(out.started ? 201 : 200);
    return out;
  }

  @Get('cycles/workflows')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION')
  @ApiOperation({ summary: 'Cycle workflows by period, region, district, stage and at-risk (Temporal visibility)' })
  async workflows(@Query() q: CycleWorkflowsQueryDto, @CurrentActor() actor: Actor) {
    const filter = narrowed(q, this.access.scope(actor));
    return filter ? this.cycles.workflows(filter) : [];
  }

  @Get('cycles/:period/districts/:code')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary: "A district's live state: stage, schedule and projection, tasks, escalations, last reconciliation",
  })
  async district(
    @Param() p: PeriodParams,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ): Promise<DistrictCycleState> {
    await this.access.ensure(actor, { districtId: p.code }, { type: 'district', id: p.code }, req.id);
    return this.cycles.districtState(p.period, p.code);
  }

  @Get('cycles/:period/regions/:code')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION')
  @ApiOperation({ summary: "A region's live state: its districts, the CEC deadline, tasks, escalations" })
  async region(
    @Param() p: PeriodParams,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ): Promise<RegionCycleState> {
    await this.access.ensure(actor, { regionCode: p.code }, { type: 'region', id: p.code }, req.id);
    return this.cycles.regionState(p.period, p.code);
  }

  @Post('cycles/:period/districts/:districtId/retry')
  @HttpCode(200)
  @Allow('ADMIN')
  @ApiOperation({
    summary:
      'Retry a district whose cycle workflow failed for good (the region records it and escalates it): a new run reconciles the files already handed over. The reason is kept in the audit trail',
  })
  @ApiResponse({ status: 200, description: 'The new run has started' })
  @ApiResponse({ status: 409, description: 'The district has not failed, is being retried, or its region has ended' })
  retryDistrict(
    @Param() p: DistrictCycleParams,
    @Body() dto: RetryDistrictDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.cycles.retryDistrict(p.period, p.districtId, dto.reason, actor, req.id ?? randomUUID());
  }
}
