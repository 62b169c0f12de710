import { HttpStatus, Injectable } from '@nestjs/common';
import type { Prisma } from '../../../../libs/db/prisma';
import { escalationHandledSignal, type EscalationHandled } from '../../../../libs/contracts/cycle';
import { AuditService } from '../audit/audit.service';
import { AccessService, type Actor } from '../core/access';
import { requiredIfMatch, staleVersion } from '../core/if-match';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import { signalWorkflow } from '../core/workflow-messages';
import { Problem } from '../core/problem';
import { AcknowledgeEscalationDto, EscalationsQueryDto, ResolveEscalationDto } from './escalations.dto';

type EscalationRow = Prisma.EscalationGetPayload<object>;

const statusOf = (e: EscalationRow) => (e.resolvedAt ? 'resolved' : e.acknowledgedAt ? 'acknowledged' : 'open');
export const view = (e: EscalationRow) => ({ ...e, status: statusOf(e) });

@Injectable()
export class EscalationsService {
  constructor(
    private readonly db: Database,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  async list(q: EscalationsQueryDto, actor: Actor) {
    const scope = this.access.scope(actor);
    const limit = q.limit ?? 200;
    const status: Prisma.EscalationWhereInput =
      q.status === 'open'
        ? { resolvedAt: null, acknowledgedAt: null }
        : q.status === 'acknowledged'
          ? { resolvedAt: null, acknowledgedAt: { not: null } }
          : q.status === 'resolved'
            ? { resolvedAt: { not: null } }
            : {};
    const rows = await this.db.client.escalation.findMany({
      where: {
        AND: [
          { period: q.period, regionCode: q.regionCode, districtId: q.districtId, level: q.level },
          // The actor's territory: a region's commission sees its region, a district's its district.
          { regionCode: scope.regionCode, districtId: scope.districtId },
          status,
          q.open === undefined ? {} : { resolvedAt: q.open ? null : { not: null } },
        ],
      },
      orderBy: [{ raisedAt: 'desc' }, { id: 'asc' }],
      take: limit,
      ...(q.after ? { cursor: { id: q.after }, skip: 1 } : {}),
    });
    // The districts by name: the console shows places, never their codes (a district no board row
    // holds, such as one whose cycle failed, is named from here).
    const ids = [...new Set(rows.flatMap((r) => (r.districtId ? [r.districtId] : [])))];
    const names = new Map(
      (
        await this.db.client.district.findMany({
          where: { id: { in: ids } },
          select: { id: true, nameRu: true, nameKk: true },
        })
      ).map((d) => [d.id, { ru: d.nameRu, kk: d.nameKk }]),
    );
    return {
      items: rows.map((r) => ({ ...view(r), districtName: (r.districtId && names.get(r.districtId)) || null })),
      nextCursor: rows.length === limit ? rows[limit - 1].id : null,
    };
  }

  async get(id: string, actor: Actor, requestId?: string): Promise<EscalationRow> {
    const row = await this.db.client.escalation.findUnique({ where: { id } });
    if (!row)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'escalation.not-found',
        { escalationId: id },
        `No escalation has the id ${id}`,
      );
    await this.access.ensure(
      actor,
      { regionCode: row.regionCode, districtId: row.districtId },
      { type: 'escalation', id },
      requestId,
    );
    return row;
  }

  async acknowledge(
    id: string,
    ifMatch: string | undefined,
    dto: AcknowledgeEscalationDto,
    actor: Actor,
    requestId?: string,
  ) {
    const sent = requiredIfMatch(ifMatch, 'escalation');
    const row = await this.get(id, actor, requestId);
    if (row.acknowledgedBy === actor.id) return { ...view(row), repeated: true, workflowNotified: null };
    if (row.resolvedAt)
      throw new Problem(
        HttpStatus.CONFLICT,
        'escalation.resolved',
        { at: row.resolvedAt.toISOString(), resolvedBy: row.resolvedBy },
        `The escalation was resolved at ${row.resolvedAt.toISOString()}${row.resolvedBy ? ` by ${row.resolvedBy}` : ' (the step was done)'}; there is nothing to acknowledge`,
      );
    if (row.acknowledgedBy)
      throw new Problem(
        HttpStatus.CONFLICT,
        'escalation.acknowledged',
        { acknowledgedBy: row.acknowledgedBy, at: row.acknowledgedAt!.toISOString() },
        `The escalation was acknowledged by ${row.acknowledgedBy} at ${row.acknowledgedAt!.toISOString()}`,
      );
    const at = new Date();
    const updated = await this.db.client.escalation.updateMany({
      where: { id, version: sent, resolvedAt: null, acknowledgedAt: null },
      data: {
        acknowledgedBy: actor.id,
        acknowledgedAt: at,
        acknowledgedComment: dto.comment ?? null,
        version: { increment: 1 },
      },
    });
    if (updated.count === 0) await this.refuseStale(id, sent, 'escalation.acknowledge', actor, requestId);
    await this.audit.record({
      actor: actor.id,
      action: 'escalation.acknowledge',
      subjectType: 'escalation',
      subjectId: id,
      reason: dto.comment,
      requestId,
    });
    const workflowNotified = await this.tell(id, row.workflowId, {
      escalationId: id,
      action: 'acknowledged',
      at: at.toISOString(),
    });
    return {
      ...view(await this.db.client.escalation.findUniqueOrThrow({ where: { id } })),
      repeated: false,
      workflowNotified,
    };
  }

  async resolve(id: string, ifMatch: string | undefined, dto: ResolveEscalationDto, actor: Actor, requestId?: string) {
    const sent = requiredIfMatch(ifMatch, 'escalation');
    const row = await this.get(id, actor, requestId);
    if (row.resolvedAt) {
      if (row.resolvedBy === actor.id) return { ...view(row), repeated: true, workflowNotified: null };
      throw new Problem(
        HttpStatus.CONFLICT,
        'escalation.resolved',
        { at: row.resolvedAt.toISOString(), resolvedBy: row.resolvedBy },
        `The escalation was resolved at ${row.resolvedAt.toISOString()}${row.resolvedBy ? ` by ${row.resolvedBy}` : ' by the workflow (the step was done)'}`,
      );
    }
    const at = new Date();
    const updated = await this.db.client.escalation.updateMany({
      where: { id, version: sent, resolvedAt: null },
      data: { resolvedAt: at, resolvedBy: actor.id, resolutionNote: dto.note.trim(), version: { increment: 1 } },
    });
    if (updated.count === 0) await this.refuseStale(id, sent, 'escalation.resolve', actor, requestId);
    await this.audit.record({
      actor: actor.id,
      action: 'escalation.resolve',
      subjectType: 'escalation',
      subjectId: id,
      reason: dto.note,
      requestId,
    });
    const workflowNotified = await this.tell(id, row.workflowId, {
      escalationId: id,
      action: 'resolved',
      at: at.toISOString(),
    });
    return {
      ...view(await this.db.client.escalation.findUniqueOrThrow({ where: { id } })),
      repeated: false,
      workflowNotified,
    };
  }

  /** The version check failed: 412 naming the version it has now (audited as refused). */
  private async refuseStale(
    id: string,
    sent: number,
    action: string,
    actor: Actor,
    requestId?: string,
  ): Promise<never> {
    const now = await this.db.client.escalation.findUniqueOrThrow({ where: { id }, select: { version: true } });
    await this.audit.record({
      actor: actor.id,
      action,
      subjectType: 'escalation',
      subjectId: id,
      requestId,
      outcome: 'refused',
    });
    throw staleVersion('escalation', sent, now.version);
  }

  /**
   * Signals the workflow that raised it; false when that is not known to have happened (the
   * workflow has ended, Temporal could not be reached or did not answer): the record stops the
   * ladder anyway.
   */
  private async tell(id: string, workflowId: string, signal: EscalationHandled): Promise<boolean> {
    try {
      const target = { workflowId, subject: `escalation ${id}`, readAt: `/v1/escalations/${id}` };
      await signalWorkflow(this.temporal.client, target, escalationHandledSignal, signal);
      return true;
    } catch {
      return false;
    }
  }
}
