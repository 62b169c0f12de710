import { HttpStatus, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { createRegisterEventQueue, registerEventFollowUp } from '../../../../libs/queues/register-events';
import type { RegisterEventJob } from '../../../../libs/queues/queues';
import {
  checkRegisterEvent,
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
import { Database, RedisGateway } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import { RegisterEventsQuery, ReadReasonQuery } from './register-feeds.dto';
import type { Actor } from '../core/access';

/** The most events one batch may carry (the batch route's body limit, app.ts, is sized for it). */
export const MAX_BATCH_EVENTS = 1000;
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
          throw new Problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            'register-feed.follow-up-not-queued',
            {},
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

  async one(source: RegisterSourceName, body: unknown, requestId: string | undefined, res: Response) {
    const checked = checkRegisterEvent(source, body);
    if ('problems' in checked) {
      await this.refused(source, [{ body, problems: checked.problems }], requestId);
      const notAnObject = checked.problems.some((p) => p.field === '(body)');
      throw new Problem(
        notAnObject ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_ENTITY,
        'register-feed.event-invalid',
        {},
        'The event is not valid; nothing was recorded',
        checked.problems,
      );
    }
    const [recorded] = await this.record(source, [checked.event], requestId);
    const { outcome, id, seq } = recorded!;
    if (outcome === 'conflict')
      throw new Problem(HttpStatus.CONFLICT, 'register-feed.event-conflict', {}, CONFLICT_WORDS, [
        { field: 'sourceEventId', message: CONFLICT_WORDS },
      ]);
    res.status(STATUS[outcome].http);
    return { id, seq, status: STATUS[outcome].words };
  }

  async batch(source: RegisterSourceName, body: unknown, requestId?: string) {
    const events = (body as { events?: unknown } | null)?.events;
    if (
      !Array.isArray(events) ||
      events.length === 0 ||
      events.length > MAX_BATCH_EVENTS ||
      Object.keys(body as object).some((k) => k !== 'events')
    ) {
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'register-feed.batch-invalid',
        { max: MAX_BATCH_EVENTS },
        'The batch is not valid; nothing was recorded',
        [{ field: 'events', message: `send { "events": [ … ] } with 1 to ${MAX_BATCH_EVENTS} events` }],
      );
    }
    const checked = events.map((e) => checkRegisterEvent(source, e));
    const valid: { index: number; event: RegisterEventInput }[] = [];
    const refused: { index: number; body: unknown; problems: EventProblem[] }[] = [];
    checked.forEach((c, index) =>
      'event' in c
        ? valid.push({ index, event: c.event })
        : refused.push({ index, body: events[index], problems: c.problems }),
    );
    await this.refused(source, refused, requestId);
    const recorded = await this.record(
      source,
      valid.map((v) => v.event),
      requestId,
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

  async list(q: RegisterEventsQuery, actor: Actor, requestId?: string) {
    const page = q.page ?? 1;
    const where = { ...(q.source ? { source: q.source } : {}), ...(q.kind ? { kind: q.kind } : {}) };
    await this.audit.record({
      actor: actor.id,
      action: 'register.events.list',
      subjectType: 'register-events',
      subjectId: `source=${q.source ?? '*'} kind=${q.kind ?? '*'} page=${page}`,
      requestId,
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

  async read(id: string, q: ReadReasonQuery, actor: Actor, requestId?: string) {
    if (!q.reason)
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'register-feed.reason-required',
        {},
        'Say why you read this event in full',
        [{ field: 'reason', message: 'reason is required (3 to 300 characters); it is kept in the audit trail' }],
      );
    const row = (await this.db.client.registerEvent.findUnique({ where: { id } })) as EventRow | null;
    await this.audit.record({
      actor: actor.id,
      action: 'register.event.read',
      subjectType: 'register-event',
      subjectId: id,
      reason: q.reason,
      requestId,
      outcome: row ? 'ok' : 'not-found',
    });
    if (!row)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'register-feed.event-not-found',
        { eventId: id },
        `No register event ${id}`,
      );
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
