/**
 * Escalations (issue 7, part 2): listed by period, territory, rung and status with a cursor;
 * one read with its version as ETag; acknowledged (an official answers for it: the ladder stops
 * climbing) and resolved (with a note) by a CEC coordinator or the regional commission of its
 * region, each change naming the version it read in If-Match (412 when stale, 428 when missing).
 *
 * The cycle workflows raise, climb and resolve escalations too (activities/database/cycle.ts).
 * An official's change is written first, under the version check; the workflow is then told by a
 * signal (escalationHandled) so its ladder stops and its state says so. Should the signal not
 * arrive (the workflow ended, Temporal unreachable), the record still stops climbing: the climb
 * activity leaves an acknowledged or resolved escalation where it is.
 */
import {
  Body,
  ConflictException,
  Controller,
  Get,
  Headers,
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
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Prisma } from '../../../../libs/db/prisma';
import { escalationHandledSignal, type EscalationHandled } from '../../../../libs/contracts/cycle';
import { AuditService } from '../audit/audit.service';
import { Allow, AccessService, type ActorRequest } from '../core/access';
import { etag, requiredIfMatch, staleVersion } from '../core/if-match';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import { AcknowledgeEscalationDto, EscalationsQueryDto, ResolveEscalationDto } from './escalations.dto';

const READERS = ['ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR'] as const;
/** Who answers for an escalation: the CEC coordinator (the top of the ladder) and the regional commission (its region). */
const HANDLERS = ['ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION'] as const;

type EscalationRow = Prisma.EscalationGetPayload<object>;

const statusOf = (e: EscalationRow) => (e.resolvedAt ? 'resolved' : e.acknowledgedAt ? 'acknowledged' : 'open');
const view = (e: EscalationRow) => ({ ...e, status: statusOf(e) });

@Injectable()
export class EscalationsService {
  constructor(
    private readonly db: Database,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  async list(q: EscalationsQueryDto, req: ActorRequest) {
    const scope = this.access.scope(req.actor!);
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
    return { items: rows.map(view), nextCursor: rows.length === limit ? rows[limit - 1].id : null };
  }

  async get(id: string, req: ActorRequest): Promise<EscalationRow> {
    const row = await this.db.client.escalation.findUnique({ where: { id } });
    if (!row) throw new NotFoundException(`No escalation has the id ${id}`);
    await this.access.ensure(
      req,
      { regionCode: row.regionCode, districtId: row.districtId },
      { type: 'escalation', id },
    );
    return row;
  }

  async acknowledge(id: string, ifMatch: string | undefined, dto: AcknowledgeEscalationDto, req: ActorRequest) {
    const sent = requiredIfMatch(ifMatch, 'escalation');
    const actor = req.actor!;
    const row = await this.get(id, req);
    if (row.acknowledgedBy === actor.id) return { ...view(row), repeated: true, workflowNotified: null };
    if (row.resolvedAt)
      throw new ConflictException(
        `The escalation was resolved at ${row.resolvedAt.toISOString()}${row.resolvedBy ? ` by ${row.resolvedBy}` : ' (the step was done)'}; there is nothing to acknowledge`,
      );
    if (row.acknowledgedBy)
      throw new ConflictException(
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
    if (updated.count === 0) await this.refuseStale(id, sent, 'escalation.acknowledge', req);
    await this.audit.record({
      actor: actor.id,
      action: 'escalation.acknowledge',
      subjectType: 'escalation',
      subjectId: id,
      reason: dto.comment,
      requestId: req.id,
    });
    const workflowNotified = await this.tell(row.workflowId, {
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

  async resolve(id: string, ifMatch: string | undefined, dto: ResolveEscalationDto, req: ActorRequest) {
    const sent = requiredIfMatch(ifMatch, 'escalation');
    const actor = req.actor!;
    const row = await this.get(id, req);
    if (row.resolvedAt) {
      if (row.resolvedBy === actor.id) return { ...view(row), repeated: true, workflowNotified: null };
      throw new ConflictException(
        `The escalation was resolved at ${row.resolvedAt.toISOString()}${row.resolvedBy ? ` by ${row.resolvedBy}` : ' by the workflow (the step was done)'}`,
      );
    }
    const at = new Date();
    const updated = await this.db.client.escalation.updateMany({
      where: { id, version: sent, resolvedAt: null },
      data: { resolvedAt: at, resolvedBy: actor.id, resolutionNote: dto.note.trim(), version: { increment: 1 } },
    });
    if (updated.count === 0) await this.refuseStale(id, sent, 'escalation.resolve', req);
    await this.audit.record({
      actor: actor.id,
      action: 'escalation.resolve',
      subjectType: 'escalation',
      subjectId: id,
      reason: dto.note,
      requestId: req.id,
    });
    const workflowNotified = await this.tell(row.workflowId, {
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
  private async refuseStale(id: string, sent: number, action: string, req: ActorRequest): Promise<never> {
    const now = await this.db.client.escalation.findUniqueOrThrow({ where: { id }, select: { version: true } });
    await this.audit.record({
      actor: req.actor!.id,
      action,
      subjectType: 'escalation',
      subjectId: id,
      requestId: req.id,
      outcome: 'refused',
    });
    throw staleVersion('escalation', sent, now.version);
  }

  /** Signals the workflow that raised it; false when it has ended or cannot be reached (the record stops the ladder anyway). */
  private async tell(workflowId: string, signal: EscalationHandled): Promise<boolean> {
    try {
      await this.temporal.client.workflow.getHandle(workflowId).signal(escalationHandledSignal, signal);
      return true;
    } catch {
      return false;
    }
  }
}

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('v1/escalations')
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  @Get()
  @Allow(...READERS)
  @ApiOperation({
    summary:
      "Escalations in the actor's territory, newest first, by period, region, district, rung and status; paged by cursor",
  })
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  list(@Query() q: EscalationsQueryDto, @Req() req: ActorRequest) {
    return this.escalations.list(q, req);
  }

  @Get(':id')
  @Allow(...READERS)
  @ApiOperation({
    summary: 'One escalation; its ETag is the version an acknowledgement or resolution must name in If-Match',
  })
  @ApiOkResponse({ headers: { ETag: { description: 'The version, for If-Match' } } })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: ActorRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const row = await this.escalations.get(id, req);
    res.setHeader('ETag', etag(row.version));
    return view(row);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Allow(...HANDLERS)
  @ApiOperation({
    summary:
      'Acknowledge an escalation: you answer for it, the ladder stops climbing. Repeating it as the same official changes nothing.',
  })
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The version read (ETag of GET /v1/escalations/:id), e.g. "2"',
  })
  @ApiResponse({ status: 409, description: 'Already resolved, or acknowledged by another official' })
  @ApiResponse({
    status: 412,
    description: 'The escalation changed since it was read (it climbed, or someone else acted)',
  })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  async acknowledge(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AcknowledgeEscalationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: ActorRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.escalations.acknowledge(id, ifMatch, dto, req);
    res.setHeader('ETag', etag(out.version));
    return out;
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Allow(...HANDLERS)
  @ApiOperation({
    summary: 'Resolve an escalation with a note saying how it was settled; the workflow keeps this resolution',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version read (ETag of GET /v1/escalations/:id)' })
  @ApiResponse({
    status: 409,
    description: 'Already resolved (by the workflow when the step was done, or by another official)',
  })
  @ApiResponse({ status: 412, description: 'The escalation changed since it was read' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  async resolve(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ResolveEscalationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: ActorRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.escalations.resolve(id, ifMatch, dto, req);
    res.setHeader('ETag', etag(out.version));
    return out;
  }
}

@Module({ controllers: [EscalationsController], providers: [EscalationsService] })
export class EscalationsModule {}
