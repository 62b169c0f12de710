import { Injectable, HttpStatus } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  retryDistrictUpdate,
  type RetryDistrictRequest,
  type RetryDistrictResult,
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
import { recordWorkflowRequest } from '../../../../libs/db/workflow-requests';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../core/access';
import { AppConfig } from '../core/app-config';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import { updateWorkflow, WorkflowEndedException, WorkflowRefusedException } from '../core/workflow-messages';
import { startRowWorkflow } from '../core/workflow-starts';
import { Problem } from '../core/problem';
import { CycleWorkflowsQueryDto } from './cycles.dto';

@Injectable()
export class CyclesService {
  constructor(
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly db: Database,
  ) {}

  /**
   * An admin's retry of a district whose workflow failed for good (issue 25): the request recorded
   * (the region's workflow takes the actor from the record, issue 24), then the retryDistrict
   * Update to the region's workflow, which refuses it unless the district failed and answers once
   * the new run has started. Audited with the admin's reason, whatever the answer.
   */
  async retryDistrict(
    period: string,
    districtId: string,
    reason: string,
    actor: Actor,
    requestId: string,
  ): Promise<RetryDistrictResult> {
    const subjectId = districtCycleWorkflowId(period, districtId);
    const audit = (outcome: 'ok' | 'refused' | 'not-found') =>
      this.audit.record({
        actor: actor.id,
        action: 'cycle-district.retry',
        subjectType: 'district-cycle',
        subjectId,
        requestId,
        reason: reason.trim(),
        outcome,
      });
    const district = await this.db.client.district.findUnique({
      where: { id: districtId },
      select: { regionCode: true },
    });
    if (!district) {
      await audit('not-found');
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'cycle.district-not-found',
        { districtId },
        `No district ${districtId} is on record`,
      );
    }
    const workflowId = regionCycleWorkflowId(period, district.regionCode);
    const request: RetryDistrictRequest = { districtId, requestId, actor: { id: actor.id, role: actor.role } };
    await recordWorkflowRequest(
      this.db.client,
      { action: 'cycle-district.retry', requestId, subjectId, workflowId },
      { id: actor.id, role: actor.role },
      { districtId },
    );
    try {
      const result = await updateWorkflow(
        this.temporal.client,
        {
          workflowId,
          subject: `the cycle of district ${districtId}, period ${period}`,
          readAt: `/v1/cycles/${period}/regions/${district.regionCode}`,
        },
        retryDistrictUpdate,
        request,
      );
      await audit('ok');
      return result;
    } catch (err) {
      if (err instanceof WorkflowRefusedException || err instanceof WorkflowEndedException) await audit('refused');
      throw err;
    }
  }

  async start(
    period: string,
    actor: string,
    requestId?: string,
  ): Promise<{ period: string; workflowId: string; started: boolean }> {
    const workflowId = nationalCycleWorkflowId(period);
    const input: NationalCycleInput = { period, policy: this.config.value.cycle.policy, searchAttributes: true };
    const { started } = await startRowWorkflow(
      this.temporal.client,
      NATIONAL_CYCLE_WORKFLOW,
      {
        workflowId,
        taskQueue: this.config.value.temporal.taskQueue,
        args: [input],
        typedSearchAttributes: [
          { key: SA_PERIOD, value: period },
          { key: SA_STAGE, value: 'regions-in-progress' },
        ],
        // As before: a period's cycle that has ended may be started again; a running one is not.
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      },
      {
        subject: `the cycle of ${period}`,
        readAt: `/v1/cycles/workflows?period=${period}`,
        again: 'start it again',
        words: {
          notStarted: `The cycle of ${period} is not started: the workflow service could not be reached; nothing changed, start it again`,
          mayHaveStarted:
            `The cycle of ${period} may have started: the workflow service did not answer in time. ` +
            `Read /v1/cycles/workflows?period=${period}, or the history of workflow ${workflowId}, before starting it again`,
        },
      },
    );
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
        throw new Problem(
          HttpStatus.NOT_FOUND,
          'cycle.not-started',
          { workflowId },
          `No cycle workflow ${workflowId}; start the period first (POST /v1/cycles)`,
        );
      throw err;
    }
  }
}
