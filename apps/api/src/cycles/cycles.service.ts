import { Injectable, NotFoundException } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
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
} from '../../../../workflows/contracts/cycle';
import {
  SA_AT_RISK,
  SA_DISTRICT,
  SA_PERIOD,
  SA_REGION,
  SA_STAGE,
} from '../../../../workflows/contracts/search-attributes';
import { AuditService } from '../audit/audit.service';
import { AccessService, narrowed, type Actor, type Territory } from '../core/access';
import { AppConfig } from '../core/app-config';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import { CycleWorkflowsQueryDto, NotificationsQueryDto } from './cycles.dto';

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
