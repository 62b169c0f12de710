import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import {
  WorkflowNotFoundError,
  type WorkflowExecutionDescription,
  type WorkflowExecutionInfo,
} from '@temporalio/client';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { CalendarStore } from '../../../../libs/db/calendar-store';
import { SA_AT_RISK, SA_DISTRICT, SA_PERIOD, SA_REGION, SA_STAGE } from '../../../../libs/contracts/search-attributes';
import { AuditService } from '../audit/audit.service';
import { AccessService, type Actor } from '../core/access';
import { AppConfig } from '../core/app-config';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import type { PersonName } from '../directory/directory.dto';
import { DirectoryService } from '../directory/directory.service';
import { Problem } from '../core/problem';
import { HistoryTimeline, type Starter, type TimelineEntry } from './history-timeline';
import { CYCLE_WORKFLOW_TYPES, EXECUTION_STATUSES, WORKFLOW_ID, WorkflowsQueryDto } from './workflows.dto';

const CYCLE_TYPES: readonly string[] = Object.values(CYCLE_WORKFLOW_TYPES);

export interface WorkflowSummary {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  startTime: Date;
  closeTime: Date | null;
  period: string | null;
  regionCode: string | null;
  districtId: string | null;
  stage: string | null;
  atRisk: boolean | null;
  /** The readable history over this API. */
  history: string;
  /** The same workflow in the Temporal Web UI. */
  webUi: string;
}

/** gRPC status INVALID_ARGUMENT (grpc-js is not a direct dependency). */
const GRPC_INVALID_ARGUMENT = 3;
const grpcCode = (err: unknown): number | undefined => {
  const e = err as { code?: number; cause?: { code?: number } };
  return typeof e?.code === 'number' ? e.code : e?.cause?.code;
};

/**
 * Temporal's page token, sealed with an HMAC (a key derived from each codec key, the active one
 * signing): a token not made here is refused at once, instead of reaching the server, whose dev
 * build answers a garbled one with UNKNOWN, which the client retries for seconds.
 */
class PageTokens {
  private readonly keys: Buffer[];

  constructor(config: AppConfig) {
    const { keys, activeKeyId } = config.value.codec;
    const ordered = [...keys.filter((k) => k.id === activeKeyId), ...keys.filter((k) => k.id !== activeKeyId)];
    this.keys = ordered.map((k) =>
      Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), 'tizim:workflow-page-token', 32)),
    );
  }

  private mac(key: Buffer, data: Buffer): Buffer {
    return createHmac('sha256', key).update(data).digest().subarray(0, 16);
  }

  seal(token: Uint8Array): string {
    const data = Buffer.from(token);
    return `${data.toString('base64url')}.${this.mac(this.keys[0], data).toString('base64url')}`;
  }

  open(sealed: string): Buffer | null {
    const parts = sealed.split('.');
    const [data, mac] = parts.map((part) => Buffer.from(part, 'base64url'));
    // Only the canonical spelling: base64url has spare bits, which must not make a second valid token.
    if (
      parts.length !== 2 ||
      !data.length ||
      mac.length !== 16 ||
      data.toString('base64url') !== parts[0] ||
      mac.toString('base64url') !== parts[1]
    )
      return null;
    return this.keys.some((key) => timingSafeEqual(this.mac(key, data), mac)) ? data : null;
  }
}

@Injectable()
export class WorkflowsService {
  private readonly pageTokens: PageTokens;

  constructor(
    private readonly temporal: TemporalGateway,
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly config: AppConfig,
    private readonly directory: DirectoryService,
  ) {
    this.pageTokens = new PageTokens(config);
  }

  historyPath(workflowId: string): string {
    return `/v1/workflows/${encodeURIComponent(workflowId)}/history`;
  }

  webUiUrl(workflowId: string, runId?: string): string {
    const { uiUrl, namespace } = this.config.value.temporal;
    return `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}${runId ? `/${runId}/history` : ''}`;
  }

  /** The visibility query for the filters; the DTO has checked every value against a pattern or list. */
  visibilityQuery(q: WorkflowsQueryDto, actor: Actor): string {
    const types = q.type ? [CYCLE_WORKFLOW_TYPES[q.type]] : CYCLE_TYPES;
    const clauses = [`WorkflowType IN (${types.map((t) => `'${t}'`).join(', ')})`];
    // The actor's territory narrows the list (nothing for the country-wide roles that may call this).
    const scope = this.access.scope(actor);
    const regionCode = q.regionCode ?? scope.regionCode;
    const districtId = q.districtId ?? scope.districtId;
    if (q.period) clauses.push(`TizimPeriod = '${q.period}'`);
    if (regionCode) clauses.push(`TizimRegion = '${regionCode}'`);
    if (districtId) clauses.push(`TizimDistrict = '${districtId}'`);
    if (q.stage) clauses.push(`TizimStage = '${q.stage}'`);
    if (q.status) clauses.push(`ExecutionStatus = '${EXECUTION_STATUSES[q.status]}'`);
    return clauses.join(' AND ');
  }

  async list(q: WorkflowsQueryDto, actor: Actor): Promise<{ items: WorkflowSummary[]; nextPageToken: string | null }> {
    const { client } = this.temporal;
    const badToken = () =>
      new Problem(
        HttpStatus.BAD_REQUEST,
        'workflow.page-token',
        {},
        'pageToken is not a page token of this list; start again without it',
        [{ field: 'pageToken', message: 'pageToken must be the nextPageToken of the previous page' }],
      );
    const nextPageToken = q.pageToken ? this.pageTokens.open(q.pageToken) : undefined;
    if (nextPageToken === null) throw badToken();
    let response;
    try {
      response = await client.workflowService.listWorkflowExecutions({
        namespace: client.options.namespace,
        query: this.visibilityQuery(q, actor),
        pageSize: q.limit ?? 50,
        nextPageToken,
      });
    } catch (err) {
      // Our token, but for other filters (or the server's format changed).
      if (q.pageToken && grpcCode(err) === GRPC_INVALID_ARGUMENT) throw badToken();
      throw new Problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        'workflow.service-unavailable',
        {},
        'The workflow service did not answer; try again',
      );
    }
    const items = await Promise.all(
      response.executions.map(async (raw) =>
        this.summary(
          await executionInfoFromRaw(raw, client.options.loadedDataConverter, raw, client.options.namespace),
        ),
      ),
    );
    const token = response.nextPageToken?.length ? this.pageTokens.seal(response.nextPageToken) : null;
    return { items, nextPageToken: token };
  }

  private summary(w: WorkflowExecutionInfo | WorkflowExecutionDescription): WorkflowSummary {
    const sa = w.typedSearchAttributes;
    return {
      workflowId: w.workflowId,
      runId: w.runId,
      type: w.type,
      status: w.status.name,
      startTime: w.startTime,
      closeTime: w.closeTime ?? null,
      period: sa.get(SA_PERIOD) ?? null,
      regionCode: sa.get(SA_REGION) ?? null,
      districtId: sa.get(SA_DISTRICT) ?? null,
      stage: sa.get(SA_STAGE) ?? null,
      atRisk: sa.get(SA_AT_RISK) ?? null,
      history: this.historyPath(w.workflowId),
      webUi: this.webUiUrl(w.workflowId, w.runId),
    };
  }

  /** A cycle workflow's description, refused (404, or 403 outside the actor's territory) otherwise. */
  private async describe(
    workflowId: string,
    runId: string | undefined,
    actor: Actor,
    requestId?: string,
  ): Promise<WorkflowExecutionDescription> {
    if (!WORKFLOW_ID.test(workflowId))
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'workflow.not-a-cycle-id',
        {},
        `No cycle workflow has the id ${JSON.stringify(workflowId.slice(0, 200))}`,
      );
    let description: WorkflowExecutionDescription;
    try {
      description = await this.temporal.client.workflow.getHandle(workflowId, runId).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        throw new Problem(
          HttpStatus.NOT_FOUND,
          'workflow.not-found',
          { workflowId, runId: runId ?? null },
          `No workflow ${workflowId}${runId ? ` with run ${runId}` : ''}`,
        );
      throw new Problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        'workflow.service-unavailable',
        {},
        'The workflow service did not answer; try again',
      );
    }
    if (!CYCLE_TYPES.includes(description.type))
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'workflow.not-a-cycle',
        { workflowId },
        `${workflowId} is not a cycle workflow; only the cycle's histories are shown here`,
      );
    const sa = description.typedSearchAttributes;
    await this.access.ensure(
      actor,
      { regionCode: sa.get(SA_REGION), districtId: sa.get(SA_DISTRICT) },
      { type: 'workflow', id: workflowId },
      requestId,
    );
    return description;
  }

  async history(
    workflowId: string,
    runId: string | undefined,
    actor: Actor,
    requestId?: string,
  ): Promise<WorkflowSummary & { events: TimelineEntry[]; raw: string; people: Record<string, PersonName> }> {
    const description = await this.describe(workflowId, runId, actor, requestId);
    const history = await this.temporal.client.workflow.getHandle(workflowId, description.runId).fetchHistory();
    const events = await HistoryTimeline.read(history.events ?? [], {
      converter: this.temporal.client.options.loadedDataConverter,
      fallbackCalendar: async () => {
        try {
          return {
            calendar: await new CalendarStore(this.db.client).calendar(),
            settings: this.config.value.deadlines,
          };
        } catch {
          return null;
        }
      },
      starter: (type, input, startedAt) => this.starter(type, input, startedAt),
      historyPath: (id) => this.historyPath(id),
    });
    // Who acted, by name and role: the ids the entries carry (who started, claimed, completed).
    const ids = events.flatMap((e) => {
      const d = (e.details ?? {}) as { completedBy?: unknown; claimedBy?: unknown; startedBy?: { actor?: unknown } };
      return [d.completedBy, d.claimedBy, d.startedBy?.actor].filter((v): v is string => typeof v === 'string');
    });
    return {
      ...this.summary(description),
      raw: `${this.historyPath(workflowId)}/raw?runId=${description.runId}`,
      events,
      people: await this.directory.people(ids),
    };
  }

  /**
   * Who started a workflow with no parent and no Schedule: the API starts only the national
   * cycle (POST /v1/cycles), and audits it as cycle.start with the period, so the audit trail says
   * who: the first such record from the start of this run on (it is written once the start
   * succeeded), so a period started again after a termination names the second caller. The
   * workflow's input carries no actor (the contract holds no people).
   */
  private async starter(type: string, input: Record<string, unknown> | null, startedAt: Date): Promise<Starter | null> {
    if (type !== CYCLE_WORKFLOW_TYPES.national || typeof input?.period !== 'string') return null;
    const row = await this.db.client.auditEvent.findFirst({
      // A second of slack for the clocks of the Temporal server and PostgreSQL.
      where: {
        action: 'cycle.start',
        subjectType: 'cycle',
        subjectId: input.period,
        outcome: 'ok',
        at: { gte: new Date(startedAt.getTime() - 1000) },
      },
      orderBy: { id: 'asc' },
      select: { actor: true, requestId: true },
    });
    return row ? { actor: row.actor, requestId: row.requestId } : null;
  }

  /** The history as Temporal's JSON (what `temporal workflow show -o json` writes), payloads sealed. */
  async rawHistory(
    workflowId: string,
    runId: string | undefined,
    actor: Actor,
    requestId?: string,
  ): Promise<{ json: string; fileName: string }> {
    const description = await this.describe(workflowId, runId, actor, requestId);
    const history = await this.temporal.client.workflow.getHandle(workflowId, description.runId).fetchHistory();
    await this.audit.record({
      actor: actor.id,
      action: 'workflow.history-export',
      subjectType: 'workflow',
      subjectId: `${workflowId}/${description.runId}`,
      requestId,
    });
    return { json: historyToJSON(history), fileName: `${workflowId}_${description.runId}.history.json` };
  }
}
