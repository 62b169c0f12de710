/**
 * The feeds from the state registries (issue 20, part 2): the intake the source systems call with
 * their own credential (core/auth.ts @ForSourceSystems), and the administrator's view of what
 * arrived.
 *
 *  - POST /v1/register/events: one event; POST /v1/register/events/batch: up to 1,000. Each is
 *    checked (libs/register/events.ts) and recorded by the one intake (libs/register/intake.ts),
 *    which hands it to the register-events queue for its follow-up. A malformed event is refused
 *    with its problems naming the fields (never a value); the same event again is answered with
 *    the original's id and seq; the same source id with other content is a conflict.
 *  - GET /v1/register/events: the list for administrators, IINs masked; GET /v1/register/events/:id
 *    the event in full, only with a reason. Both audited.
 *
 * Every received, repeated, conflicting and refused event is in the audit trail under the event's
 * id (or, when refused, the source's id of it), never the IIN.
 */
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Injectable,
  Module,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
  UnprocessableEntityException,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import type { Response } from 'express';
import { createRegisterEventQueue, registerEventFollowUp } from '../../../../libs/queues/register-events';
import type { RegisterEventJob } from '../../../../libs/queues/queues';
import {
  checkRegisterEvent,
  EVENT_KINDS,
  type EventProblem,
  type RegisterEventInput,
  type RegisterSourceName,
} from '../../../../libs/register/events';
import {
  recordRegisterEvents,
  type RecordedEvent,
  type RegisterEventFollowUp,
} from '../../../../libs/db/register/intake';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import { ForSourceSystems, type AuthenticatedRequest } from '../core/auth';
import { Database, RedisGateway } from '../core/infrastructure.module';

/** The most events one batch may carry (the batch route's body limit, app.ts, is sized for it). */
export const MAX_BATCH_EVENTS = 1000;
const SOURCES: RegisterSourceName[] = ['CIVIL_REGISTRY', 'COURTS', 'MIGRATION_SERVICE', 'ADDRESS_REGISTRY'];
const PAGE_SIZE = 50;

/** "980109050588" → "********0588": the administrator's list tells events apart without showing whose they are. */
export const maskFeedIin = (iin: string) => `********${iin.slice(8)}`;

/**
 * A refused event's handle for the audit trail: the source's id of it when that is a plain id,
 * else none. A source id that could carry an IIN (a run of 12 digits) or free text is not kept.
 */
function refusedSubject(source: RegisterSourceName, body: unknown): string {
  const id = (body as { sourceEventId?: unknown } | null)?.sourceEventId;
  const plain = typeof id === 'string' && /^[A-Za-z0-9._:/-]{1,200}$/.test(id) && !/\d{12}/.test(id);
  return `${source}:${plain ? id : '(no usable sourceEventId)'}`;
}

/** The fields of the problems, for the audit reason: names only, and an unknown data key (the sender's text) unnamed. */
const problemFields = (problems: EventProblem[]) =>
  [
    ...new Set(problems.map((p) => (/^(data\.)?[A-Za-z()]{1,40}$/.test(p.field) ? p.field : 'data.(unknown field)'))),
  ].join(', ');

const STATUS: Record<RecordedEvent['outcome'], { http: number; words: string }> = {
  received: { http: HttpStatus.ACCEPTED, words: 'received' },
  repeated: { http: HttpStatus.OK, words: 'already-received' },
  conflict: { http: HttpStatus.CONFLICT, words: 'conflict' },
};
const CONFLICT_WORDS =
  'An event with this sourceEventId was received before with other content; the first one stands. Send a correction under a new sourceEventId';

export class RegisterEventsQuery {
  @ApiPropertyOptional({ enum: SOURCES })
  @IsOptional()
  @IsIn(SOURCES, { message: `source must be one of ${SOURCES.join(', ')}` })
  source?: RegisterSourceName;
  @ApiPropertyOptional({ enum: Object.keys(EVENT_KINDS) })
  @IsOptional()
  @IsIn(Object.keys(EVENT_KINDS), { message: `kind must be one of ${Object.keys(EVENT_KINDS).join(', ')}` })
  kind?: string;
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number from 1' })
  @Min(1, { message: 'page must be a whole number from 1' })
  @Max(1_000_000)
  page?: number;
}

export class ReadReasonQuery {
  @ApiPropertyOptional({ description: 'Why the event is read in full (kept in the audit trail); required' })
  @IsOptional()
  @IsString()
  @Length(3, 300, { message: 'reason must be 3 to 300 characters' })
  reason?: string;
}

interface EventRow {
  id: string;
  seq: bigint;
  source: RegisterSourceName;
  sourceEventId: string;
  kind: string;
  iin: string;
  effectiveOn: Date;
  data: unknown;
  receivedAt: Date;
  receivedBy: string;
  containedIn: string | null;
}

@Injectable()
export class RegisterFeedsService implements OnModuleDestroy {
  private readonly queue: Queue<RegisterEventJob>;

  private readonly followUp: RegisterEventFollowUp;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    redis: RedisGateway,
    config: AppConfig,
  ) {
    this.queue = createRegisterEventQueue(redis.client, config.value.queuePrefix);
    const queued = registerEventFollowUp(this.queue);
    // The event is on record by now: a source that is told to send again gets "already received"
    // and its follow-up queued then.
    this.followUp = {
      enqueue: (ids) =>
        queued.enqueue(ids).catch(() => {
          throw new ServiceUnavailableException(
            'The event is recorded but its follow-up could not be queued; send it again (it will be answered as already received)',
          );
        }),
    };
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }

  private async refused(
    source: RegisterSourceName,
    bodies: { body: unknown; problems: EventProblem[] }[],
    requestId?: string,
  ): Promise<void> {
    if (!bodies.length) return;
    await this.db.client.auditEvent.createMany({
      data: bodies.map(({ body, problems }) => ({
        actor: `source:${source}`,
        action: 'register.event.refused',
        subjectType: 'register-event-source-id',
        subjectId: refusedSubject(source, body),
        reason: `not valid: ${problemFields(problems)}`,
        requestId,
        outcome: 'refused',
      })),
    });
  }

  private record(
    source: RegisterSourceName,
    events: RegisterEventInput[],
    requestId?: string,
  ): Promise<RecordedEvent[]> {
    return recordRegisterEvents(this.db.client, events, `source:${source}`, { followUp: this.followUp, requestId });
  }

  async one(source: RegisterSourceName, body: unknown, req: AuthenticatedRequest, res: Response) {
    const checked = checkRegisterEvent(source, body);
    if ('problems' in checked) {
      await this.refused(source, [{ body, problems: checked.problems }], req.id);
      const notAnObject = checked.problems.some((p) => p.field === '(body)');
      const answer = { message: 'The event is not valid; nothing was recorded', errors: checked.problems };
      throw notAnObject ? new BadRequestException(answer) : new UnprocessableEntityException(answer);
    }
    const [recorded] = await this.record(source, [checked.event], req.id);
    const { outcome, id, seq } = recorded!;
    if (outcome === 'conflict')
      throw new ConflictException({
        message: CONFLICT_WORDS,
        errors: [{ field: 'sourceEventId', message: CONFLICT_WORDS }],
      });
    res.status(STATUS[outcome].http);
    return { id, seq, status: STATUS[outcome].words };
  }

  async batch(source: RegisterSourceName, body: unknown, req: AuthenticatedRequest) {
    const events = (body as { events?: unknown } | null)?.events;
    if (
      !Array.isArray(events) ||
      events.length === 0 ||
      events.length > MAX_BATCH_EVENTS ||
      Object.keys(body as object).some((k) => k !== 'events')
    ) {
      throw new BadRequestException({
        message: 'The batch is not valid; nothing was recorded',
        errors: [{ field: 'events', message: `send { "events": [ … ] } with 1 to ${MAX_BATCH_EVENTS} events` }],
      });
    }
    const checked = events.map((e) => checkRegisterEvent(source, e));
    const valid: { index: number; event: RegisterEventInput }[] = [];
    const refused: { index: number; body: unknown; problems: EventProblem[] }[] = [];
    checked.forEach((c, index) =>
      'event' in c
        ? valid.push({ index, event: c.event })
        : refused.push({ index, body: events[index], problems: c.problems }),
    );
    await this.refused(source, refused, req.id);
    const recorded = await this.record(
      source,
      valid.map((v) => v.event),
      req.id,
    );
    const results: Record<string, unknown>[] = new Array(events.length);
    valid.forEach((v, i) => {
      const r = recorded[i]!;
      results[v.index] = {
        index: v.index,
        sourceEventId: v.event.sourceEventId,
        status: STATUS[r.outcome].words,
        httpStatus: STATUS[r.outcome].http,
        id: r.id,
        seq: r.seq,
        ...(r.outcome === 'conflict' ? { detail: CONFLICT_WORDS } : {}),
      };
    });
    for (const r of refused) {
      results[r.index] = {
        index: r.index,
        status: 'refused',
        httpStatus: HttpStatus.UNPROCESSABLE_ENTITY,
        errors: r.problems.map((p) => ({ ...p, field: `events[${r.index}].${p.field}` })),
      };
    }
    const count = (o: RecordedEvent['outcome']) => recorded.filter((r) => r.outcome === o).length;
    return {
      received: count('received'),
      alreadyReceived: count('repeated'),
      conflicts: count('conflict'),
      refused: refused.length,
      results,
    };
  }

  async list(q: RegisterEventsQuery, req: AuthenticatedRequest) {
    const page = q.page ?? 1;
    const where = { ...(q.source ? { source: q.source } : {}), ...(q.kind ? { kind: q.kind } : {}) };
    await this.audit.record({
      actor: req.actor!.id,
      action: 'register.events.list',
      subjectType: 'register-events',
      subjectId: `source=${q.source ?? '*'} kind=${q.kind ?? '*'} page=${page}`,
      requestId: req.id,
    });
    const [total, rows] = await Promise.all([
      this.db.client.registerEvent.count({ where }),
      this.db.client.registerEvent.findMany({
        where,
        orderBy: { seq: 'desc' },
        skip: (page - 1) * PAGE_SIZE,
        take: PAGE_SIZE,
      }) as Promise<EventRow[]>,
    ]);
    const versions = await this.versions(rows);
    return {
      page,
      pageSize: PAGE_SIZE,
      total,
      items: rows.map((r) => ({ ...this.view(r, versions), iin: maskFeedIin(r.iin) })),
    };
  }

  async read(id: string, q: ReadReasonQuery, req: AuthenticatedRequest) {
    if (!q.reason)
      throw new BadRequestException({
        message: 'Say why you read this event in full',
        errors: [
          { field: 'reason', message: 'reason is required (3 to 300 characters); it is kept in the audit trail' },
        ],
      });
    const row = (await this.db.client.registerEvent.findUnique({ where: { id } })) as EventRow | null;
    await this.audit.record({
      actor: req.actor!.id,
      action: 'register.event.read',
      subjectType: 'register-event',
      subjectId: id,
      reason: q.reason,
      requestId: req.id,
      outcome: row ? 'ok' : 'not-found',
    });
    if (!row) throw new NotFoundException(`No register event ${id}`);
    return { ...this.view(row, await this.versions([row])), iin: row.iin, data: row.data };
  }

  /** The snapshots the events are contained in: id → version. */
  private async versions(rows: EventRow[]): Promise<Map<string, number>> {
    const ids = [...new Set(rows.map((r) => r.containedIn).filter((x): x is string => x !== null))];
    if (!ids.length) return new Map();
    const snapshots = await this.db.client.registerSnapshot.findMany({
      where: { id: { in: ids } },
      select: { id: true, version: true },
    });
    return new Map(snapshots.map((s) => [s.id, s.version]));
  }

  private view(r: EventRow, versions: Map<string, number>) {
    return {
      id: r.id,
      seq: Number(r.seq),
      source: r.source,
      sourceEventId: r.sourceEventId,
      kind: r.kind,
      effectiveOn: r.effectiveOn.toISOString().slice(0, 10),
      receivedAt: r.receivedAt.toISOString(),
      receivedBy: r.receivedBy,
      containedIn: r.containedIn ? { snapshotId: r.containedIn, version: versions.get(r.containedIn) ?? null } : null,
    };
  }
}

const EVENT_BODY = {
  schema: {
    type: 'object',
    required: ['sourceEventId', 'kind', 'iin', 'effectiveOn'],
    properties: {
      sourceEventId: {
        type: 'string',
        description: "The source system's own id of the event (sending it again changes nothing)",
      },
      kind: { type: 'string', enum: Object.keys(EVENT_KINDS) },
      iin: { type: 'string', example: '900101300014' },
      effectiveOn: { type: 'string', format: 'date' },
      data: { type: 'object', description: "The kind's details (README: Feeds from the state registries)" },
    },
  },
};

@ApiTags('register feeds (state registries)')
@Controller('v1/register/events')
export class RegisterFeedsController {
  constructor(private readonly service: RegisterFeedsService) {}

  @Post()
  @HttpCode(202)
  @ForSourceSystems()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'A state registry sends one event, with its own credential (the credential names the source)',
  })
  @ApiBody(EVENT_BODY)
  @ApiAcceptedResponse({
    description:
      'Recorded: { id, seq, status: "received" } (200 with status "already-received" for the same event again)',
  })
  @ApiUnprocessableEntityResponse({ description: 'Not valid: the problems name the fields; nothing recorded' })
  @ApiConflictResponse({ description: 'The sourceEventId was received before with other content' })
  @ApiUnauthorizedResponse({ description: "Not a source system's credential" })
  one(@Body() body: unknown, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    return this.service.one(req.sourceSystem!, body, req, res);
  }

  @Post('batch')
  @HttpCode(200)
  @ForSourceSystems()
  @ApiBearerAuth()
  @ApiOperation({
    summary: `A state registry sends up to ${MAX_BATCH_EVENTS} events: each is answered in its place, with the status the single route would give`,
  })
  @ApiOkResponse({
    description:
      '{ received, alreadyReceived, conflicts, refused, results: [{ index, status, httpStatus, id, seq | errors }] }',
  })
  batch(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.service.batch(req.sourceSystem!, body, req);
  }

  @Get()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Administrators: the events received, newest first, IINs masked but for the last four digits (audited)',
  })
  list(@Query() q: RegisterEventsQuery, @Req() req: AuthenticatedRequest) {
    return this.service.list(q, req);
  }

  @Get(':id')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Administrators: one event in full, only with a reason (audited with it)' })
  read(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: ReadReasonQuery, @Req() req: AuthenticatedRequest) {
    return this.service.read(id, q, req);
  }
}

@Module({ controllers: [RegisterFeedsController], providers: [RegisterFeedsService] })
export class RegisterFeedsModule {}
