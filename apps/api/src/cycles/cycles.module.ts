/**
 * The semiannual cycle over HTTP: start a period, find its workflows by period, territory and
 * stage (Temporal visibility on the Tizim* search attributes), read a district's or region's
 * live state (a workflow query), and the officials' inbox. Tasks (list, claim, complete) are in
 * tasks/, escalations in escalations/, the deadline board in board/.
 *
 * Each route names its roles and checks territory (core/access.ts); every change is audited.
 */
import {
  Body,
  Controller,
  ForbiddenException,
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
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { Response } from 'express';
import {
  type CycleRole,
  districtCycleWorkflowId,
  districtStateQuery,
  NATIONAL_CYCLE_WORKFLOW,
  nationalCycleWorkflowId,
  regionCycleWorkflowId,
  regionStateQuery,
  type DistrictCycleState,
  type NationalCycleInput,
  type RegionCycleState,
} from '../../../../libs/contracts/cycle';
import { SA_AT_RISK, SA_DISTRICT, SA_PERIOD, SA_REGION, SA_STAGE } from '../../../../libs/contracts/search-attributes';
import { AuditService } from '../audit/audit.service';
import { AccessService, Allow, narrowed, type Actor, type Territory } from '../core/access';
import { AppConfig } from '../core/app-config';
import type { AuthenticatedRequest } from '../core/auth';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import { CycleWorkflowsQueryDto, NotificationsQueryDto, PeriodParams, StartCycleDto } from './cycles.dto';

@Injectable()
export class CyclesService {
  constructor(
    private readonly db: Database,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async start(
    period: string,
    actor: string,
    requestId?: string,
  ): Promise<{ period: string; workflowId: string; started: boolean }> {
    const workflowId = nationalCycleWorkflowId(period);
    const input: NationalCycleInput = { period, policy: this.config.value.cycle.policy, searchAttributes: true };
    let started = true;
    try {
      await this.temporal.client.workflow.start(NATIONAL_CYCLE_WORKFLOW, {
        workflowId,
        taskQueue: this.config.value.temporal.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: SA_PERIOD, value: period },
          { key: SA_STAGE, value: 'regions-in-progress' },
        ],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      started = false;
    }
    await this.audit.record({
      actor,
      action: started ? 'cycle.start' : 'cycle.start-repeated',
      subjectType: 'cycle',
      subjectId: period,
      requestId,
    });
    return { period, workflowId, started };
  }

  async workflows(q: CycleWorkflowsQueryDto) {
    const clauses = [`WorkflowType IN ('nationalCycleWorkflow', 'regionCycleWorkflow', 'districtCycleWorkflow')`];
    // Every value is checked against a strict pattern by the DTO, so quoting cannot be broken.
    if (q.period) clauses.push(`TizimPeriod = '${q.period}'`);
    if (q.regionCode) clauses.push(`TizimRegion = '${q.regionCode}'`);
    if (q.districtId) clauses.push(`TizimDistrict = '${q.districtId}'`);
    if (q.stage) clauses.push(`TizimStage = '${q.stage}'`);
    if (q.atRisk !== undefined) clauses.push(`TizimAtRisk = ${q.atRisk ? 'true' : 'false'}`);
    const out = [];
    for await (const w of this.temporal.client.workflow.list({ query: clauses.join(' AND ') })) {
      const sa = w.typedSearchAttributes;
      out.push({
        workflowId: w.workflowId,
        runId: w.runId,
        type: w.type,
        status: w.status.name,
        startTime: w.startTime,
        closeTime: w.closeTime ?? null,
        period: sa.get(SA_PERIOD) ?? null,
        stage: sa.get(SA_STAGE) ?? null,
        regionCode: sa.get(SA_REGION) ?? null,
        districtId: sa.get(SA_DISTRICT) ?? null,
        atRisk: sa.get(SA_AT_RISK) ?? null,
      });
      if (out.length >= (q.limit ?? 200)) break;
    }
    return out;
  }

  async districtState(period: string, districtId: string): Promise<DistrictCycleState> {
    return this.query(districtCycleWorkflowId(period, districtId), (h) => h.query(districtStateQuery));
  }

  async regionState(period: string, regionCode: string): Promise<RegionCycleState> {
    return this.query(regionCycleWorkflowId(period, regionCode), (h) => h.query(regionStateQuery));
  }

  private async query<T>(
    workflowId: string,
    read: (h: ReturnType<TemporalGateway['client']['workflow']['getHandle']>) => Promise<T>,
  ): Promise<T> {
    try {
      return await read(this.temporal.client.workflow.getHandle(workflowId));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        throw new NotFoundException(`No cycle workflow ${workflowId}; start the period first (POST /v1/cycles)`);
      throw err;
    }
  }

  /** An official's inbox: what is addressed to their role in their territory (admins see all). */
  notifications(q: NotificationsQueryDto, actor: Actor, scope: Territory) {
    const filter = narrowed(q, scope);
    if (!filter) return Promise.resolve([]);
    const own = actor.role === 'ADMIN' ? q.role : (actor.role as CycleRole);
    if (q.role && own !== q.role) return Promise.resolve([]);
    return this.db.client.officialNotification.findMany({
      where: {
        recipientRole: own,
        period: filter.period,
        regionCode: filter.regionCode,
        districtId: filter.districtId,
        readAt: q.unread ? null : undefined,
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: q.limit ?? 200,
    });
  }

  /** Whether a notification is addressed to this official (their role, in their territory). */
  async addressedTo(id: string, actor: Actor, access: AccessService): Promise<boolean> {
    const row = await this.db.client.officialNotification.findUnique({
      where: { id },
      select: { recipientRole: true, regionCode: true, districtId: true },
    });
    if (!row) throw new NotFoundException(`No notification has the id ${id}`);
    return actor.role === 'ADMIN' || (row.recipientRole === actor.role && (await access.covers(actor, row)));
  }

  async markRead(id: string, actor: string) {
    const updated = await this.db.client.officialNotification.updateMany({
      where: { id, readAt: null },
      data: { readAt: new Date(), readBy: actor },
    });
    const row = await this.db.client.officialNotification.findUnique({ where: { id } });
    if (!row) throw new NotFoundException(`No notification has the id ${id}`);
    return { ...row, alreadyRead: updated.count === 0 };
  }
}

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
  async start(@Body() dto: StartCycleDto, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    const out = await this.cycles.start(dto.period, req.actor!.id, req.id);
    res.status(out.started ? 201 : 200);
    return out;
  }

  @Get('cycles/workflows')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION')
  @ApiOperation({ summary: 'Cycle workflows by period, region, district, stage and at-risk (Temporal visibility)' })
  async workflows(@Query() q: CycleWorkflowsQueryDto, @Req() req: AuthenticatedRequest) {
    const filter = narrowed(q, this.access.scope(req.actor!));
    return filter ? this.cycles.workflows(filter) : [];
  }

  @Get('cycles/:period/districts/:code')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary: "A district's live state: stage, schedule and projection, tasks, escalations, last reconciliation",
  })
  async district(@Param() p: PeriodParams, @Req() req: AuthenticatedRequest): Promise<DistrictCycleState> {
    await this.access.ensure(req, { districtId: p.code }, { type: 'district', id: p.code });
    return this.cycles.districtState(p.period, p.code);
  }

  @Get('cycles/:period/regions/:code')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION')
  @ApiOperation({ summary: "A region's live state: its districts, the CEC deadline, tasks, escalations" })
  async region(@Param() p: PeriodParams, @Req() req: AuthenticatedRequest): Promise<RegionCycleState> {
    await this.access.ensure(req, { regionCode: p.code }, { type: 'region', id: p.code });
    return this.cycles.regionState(p.period, p.code);
  }

  @Get('notifications')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({ summary: "Officials' inbox: reminders and escalations by role and territory, newest first" })
  notifications(@Query() q: NotificationsQueryDto, @Req() req: AuthenticatedRequest) {
    return this.cycles.notifications(q, req.actor!, this.access.scope(req.actor!));
  }

  @Post('notifications/:id/read')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a notification read (once; a repeat says alreadyRead)' })
  async markRead(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    if (!(await this.cycles.addressedTo(id, req.actor!, this.access))) {
      throw new ForbiddenException('This notification is addressed to another role or territory');
    }
    return this.cycles.markRead(id, req.actor!.id);
  }
}

@Module({ controllers: [CyclesController], providers: [CyclesService] })
export class CyclesModule {}
