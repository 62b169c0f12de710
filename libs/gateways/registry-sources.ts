/**
 * The state registries as Tizim sees them (issue 20, part 2): each source system behind an
 * interface, and a local stand-in for each, backed by our database, for tests and the demo.
 *
 * A source delivers its events one of two ways, both into the one intake (libs/db/register/intake.ts):
 *  - it pushes them to the API with its own credential (POST /v1/register/events);
 *  - or Tizim polls it (`RegistrySource.eventsSince`), which a real system implements over its own
 *    protocol (the civil registry's, the courts', …), and `pollRegistrySource` records each page.
 *
 * The stand-ins (LocalCivilRegistry, LocalCourts, LocalMigrationService, LocalAddressRegistry) are
 * NOT the state systems: they stage an event as that system would send it, through the same
 * check and intake as the API (no table of their own), and list what they delivered from
 * register_event, as a polled system lists its feed.
 */
import type { PrismaClient } from '../db/prisma';
import {
  checkRegisterEvent,
  EVENT_KINDS,
  type EventProblem,
  type RegisterEventKind,
  type RegisterSourceName,
} from '../register/events';
import { recordRegisterEvents, type RecordedEvent, type RecordOptions } from '../db/register/intake';

/** An event as a source system sends it (the API's body): checked by checkRegisterEvent before it is recorded. */
export interface SourceEvent {
  sourceEventId: string;
  kind: RegisterEventKind;
  iin: string;
  effectiveOn: string;
  data: Record<string, string | number | null>;
}

/** One page of a polled source's feed, and where to ask from next. */
export interface RegistryEventPage {
  /** As the source sent them: unchecked. */
  events: unknown[];
  /** The source's own position after this page (opaque to Tizim); the same one again when nothing is new. */
  cursor: string | null;
}

/** A state registry Tizim polls for its events. */
export interface RegistrySource {
  readonly source: RegisterSourceName;
  /** The events after `cursor` (null: from the start), at most `limit`. */
  eventsSince(cursor: string | null, limit?: number): Promise<RegistryEventPage>;
}

export interface PollResult {
  recorded: RecordedEvent[];
  /** The events of the page refused by the check: their position in the page and the problems (no values). */
  refused: { index: number; problems: EventProblem[] }[];
  cursor: string | null;
}

/**
 * Polls a source once: records the page's valid events through the intake (received by
 * `source:<SOURCE>`), reports the refused ones. The caller keeps the cursor; asking again from
 * an old cursor is safe (the events are repeats).
 */
export async function pollRegistrySource(
  prisma: PrismaClient,
  registry: RegistrySource,
  cursor: string | null,
  options: RecordOptions & { limit?: number } = {},
): Promise<PollResult> {
  const page = await registry.eventsSince(cursor, options.limit);
  const valid = [];
  const refused: PollResult['refused'] = [];
  for (const [index, body] of page.events.entries()) {
    const checked = checkRegisterEvent(registry.source, body);
    if ('event' in checked) valid.push(checked.event);
    else refused.push({ index, problems: checked.problems });
  }
  const recorded = await recordRegisterEvents(prisma, valid, `source:${registry.source}`, options);
  return { recorded, refused, cursor: page.cursor };
}

/** A stand-in's staged event: recorded, or refused by the check as the API would refuse it. */
export type StagedEvent = { recorded: RecordedEvent } | { problems: EventProblem[] };

/**
 * A local stand-in for one state registry (NOT the real system): stages events through the
 * intake, received by `stand-in:<SOURCE>`, and lists what it delivered (cursor: the last seq).
 */
export abstract class LocalRegistryStandIn implements RegistrySource {
  abstract readonly source: RegisterSourceName;

  constructor(
    protected readonly prisma: PrismaClient,
    private readonly options: RecordOptions = {},
  ) {}

  /** The kinds this registry owns (libs/register/events.ts). */
  get kinds(): RegisterEventKind[] {
    return (Object.keys(EVENT_KINDS) as RegisterEventKind[]).filter((k) => EVENT_KINDS[k].source === this.source);
  }

  /** Sends one event as this registry would: checked, then recorded (or refused with its problems). */
  async stage(event: SourceEvent | unknown): Promise<StagedEvent> {
    const checked = checkRegisterEvent(this.source, event);
    if ('problems' in checked) return { problems: checked.problems };
    const [recorded] = await recordRegisterEvents(
      this.prisma,
      [checked.event],
      `stand-in:${this.source}`,
      this.options,
    );
    return { recorded: recorded! };
  }

  async eventsSince(cursor: string | null, limit = 1000): Promise<RegistryEventPage> {
    const after = cursor === null ? 0n : BigInt(cursor);
    const rows = await this.prisma.registerEvent.findMany({
      where: { source: this.source, seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: Math.max(1, Math.min(limit, 1000)),
      select: { seq: true, sourceEventId: true, kind: true, iin: true, effectiveOn: true, data: true },
    });
    return {
      events: rows.map((r) => ({
        sourceEventId: r.sourceEventId,
        kind: r.kind,
        iin: r.iin,
        effectiveOn: r.effectiveOn.toISOString().slice(0, 10),
        data: r.data,
      })),
      cursor: rows.length ? String(rows[rows.length - 1]!.seq) : cursor,
    };
  }
}

/** Stand-in for the civil registry (deaths). */
export class LocalCivilRegistry extends LocalRegistryStandIn {
  readonly source = 'CIVIL_REGISTRY' as const;
}

/** Stand-in for the courts (capacity, sentences and their end). */
export class LocalCourts extends LocalRegistryStandIn {
  readonly source = 'COURTS' as const;
}

/** Stand-in for the migration service (emigration, citizenship, identity documents). */
export class LocalMigrationService extends LocalRegistryStandIn {
  readonly source = 'MIGRATION_SERVICE' as const;
}

/** Stand-in for the address registry (registration and deregistration). */
export class LocalAddressRegistry extends LocalRegistryStandIn {
  readonly source = 'ADDRESS_REGISTRY' as const;
}

/** One stand-in per source, sharing the caller's follow-up queue. */
export function localRegistryStandIns(
  prisma: PrismaClient,
  options: RecordOptions = {},
): Record<RegisterSourceName, LocalRegistryStandIn> {
  return {
    CIVIL_REGISTRY: new LocalCivilRegistry(prisma, options),
    COURTS: new LocalCourts(prisma, options),
    MIGRATION_SERVICE: new LocalMigrationService(prisma, options),
    ADDRESS_REGISTRY: new LocalAddressRegistry(prisma, options),
  };
}
