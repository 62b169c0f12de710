/**
 * The one intake of the state registries' events (issue 20, part 2). Every path records an event
 * here: the API for the source systems (apps/api/src/register-feeds), the local stand-ins
 * (libs/gateways/registry-sources.ts) and the ID-card exchange (source MIGRATION_SERVICE, kind document,
 * sourceEventId `id-card:<applicationId>`).
 *
 * Recording is idempotent on the source's own id: the same event again changes nothing and is
 * answered with the original's id and seq; the same id with other content is a conflict (the
 * source must send a correction under a new id). The row and its audit entry are written in one
 * transaction, so no event is on record without its audit entry, and the audit names the event
 * by its id only (never the IIN).
 *
 * Then each event recorded (or repeated) is handed to its follow-up, the `register-events` queue
 * (apps/worker/src/consumers/register-events.ts): a snapshot made current while the event was being
 * recorded cannot have marked it, so the follow-up, after the commit, marks it as contained in the
 * current snapshot when that snapshot already holds it (the admin's view shows where each event
 * stands). A repeat queues the follow-up again, so an event whose follow-up was lost (Redis down
 * after the commit) gets it when the source sends it again.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../prisma';
import { CONTAINED_EVENTS_SQL } from './effective';
import { checkRegisterEvent, type EventProblem, type RegisterEventInput } from '../../register/events';

export type RecordOutcome = 'received' | 'repeated' | 'conflict';

export interface RecordedEvent {
  /** received: a new row; repeated: the same event again (nothing written); conflict: the id is taken by other content. */
  outcome: RecordOutcome;
  /** The event on record under this source id (for a conflict, the original's). */
  id: string;
  seq: number;
}

/** An event a caller built in code that does not pass checkRegisterEvent: a bug of the caller, in plain words naming the fields. */
export class RegisterEventRefusedError extends Error {
  constructor(readonly problems: EventProblem[]) {
    super(`the register event is not valid: ${problems.map((p) => p.message).join('; ')}`);
    this.name = 'RegisterEventRefusedError';
  }
}

/** Where recorded events go for their follow-up: the register-events queue in the API and the worker. */
export interface RegisterEventFollowUp {
  enqueue(eventIds: string[]): Promise<void>;
}

export interface RecordOptions {
  /** The follow-up queue; without one (a script, a test) the follow-up runs here, after the commit. */
  followUp?: RegisterEventFollowUp;
  /** The HTTP request's id, for the audit entry. */
  requestId?: string;
}

/** The advisory lock key of the intake (any constant no other lock uses: "tizim-ev" in ASCII). */
const INTAKE_LOCK = '8388370374176105846';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

const INSERT_SQL = `
INSERT INTO register_event (id, source, source_event_id, kind, iin, effective_on, data, received_by)
VALUES ($1::uuid, $2::register_source, $3, $4, $5, $6::date, $7::jsonb, $8)
ON CONFLICT (source, source_event_id) DO NOTHING
RETURNING id::text AS id, seq::text AS seq`;

// jsonb equality ignores key order and whitespace: the same details sent again compare equal.
const EXISTING_SQL = `
SELECT id::text AS id, seq::text AS seq,
       (kind = $3 AND iin = $4 AND effective_on = $5::date AND data = $6::jsonb) AS same
  FROM register_event WHERE source = $1::register_source AND source_event_id = $2`;

async function recordOne(
  tx: Tx,
  event: RegisterEventInput,
  receivedBy: string,
  requestId: string | undefined,
): Promise<RecordedEvent> {
  const data = JSON.stringify(event.data);
  const inserted = await tx.$queryRawUnsafe<{ id: string; seq: string }[]>(
    INSERT_SQL,
    randomUUID(),
    event.source,
    event.sourceEventId,
    event.kind,
    event.iin,
    event.effectiveOn,
    data,
    receivedBy,
  );
  let recorded: RecordedEvent;
  if (inserted[0]) {
    recorded = { outcome: 'received', id: inserted[0].id, seq: Number(inserted[0].seq) };
  } else {
    const [existing] = await tx.$queryRawUnsafe<{ id: string; seq: string; same: boolean }[]>(
      EXISTING_SQL,
      event.source,
      event.sourceEventId,
      event.kind,
      event.iin,
      event.effectiveOn,
      data,
    );
    if (!existing) throw new Error('a register event conflicted on its source id yet is not on record');
    recorded = { outcome: existing.same ? 'repeated' : 'conflict', id: existing.id, seq: Number(existing.seq) };
  }
  await tx.auditEvent.create({
    data: {
      actor: receivedBy,
      action: `register.event.${recorded.outcome}`,
      subjectType: 'register-event',
      subjectId: recorded.id,
      requestId,
      reason: `${event.kind} from the ${event.source.toLowerCase().replaceAll('_', ' ')}`,
      outcome: recorded.outcome === 'conflict' ? 'refused' : 'ok',
    },
  });
  return recorded;
}

/**
 * Records the events of one delivery (one transaction), in order; answers each one's outcome in
 * the same order. Each event is checked again (a caller building events in code is held to the
 * same rules as a source system); an invalid one fails the whole call with RegisterEventRefusedError.
 */
export async function recordRegisterEvents(
  prisma: PrismaClient,
  events: RegisterEventInput[],
  receivedBy: string,
  options: RecordOptions = {},
): Promise<RecordedEvent[]> {
  const checked = checkedEvents(events);
  if (checked.length === 0) return [];
  const recorded = await prisma.$transaction((tx) => recordChecked(tx, checked, receivedBy, options.requestId), {
    timeout: 60_000,
  });
  const follow = [...new Set(recorded.filter((r) => r.outcome !== 'conflict').map((r) => r.id))];
  if (follow.length) {
    if (options.followUp) await options.followUp.enqueue(follow);
    else for (const id of follow) await followUpRegisterEvent(prisma, id);
  }
  return recorded;
}

/**
 * Records checked events in the caller's transaction, for a caller whose own change and the event
 * must commit together (the ID-card pickup); the caller runs followUpRegisterEvent after its commit.
 */
export async function recordInTransaction(
  tx: Tx,
  events: RegisterEventInput[],
  receivedBy: string,
  requestId?: string,
): Promise<RecordedEvent[]> {
  return recordChecked(tx, checkedEvents(events), receivedBy, requestId);
}

/** Each event checked again (a caller building events in code is held to a source system's rules); an invalid one refuses them all. */
function checkedEvents(events: RegisterEventInput[]): RegisterEventInput[] {
  return events.map((e) => {
    const result = checkRegisterEvent(e.source, e);
    if ('problems' in result) throw new RegisterEventRefusedError(result.problems);
    return result.event;
  });
}

async function recordChecked(
  tx: Tx,
  events: RegisterEventInput[],
  receivedBy: string,
  requestId?: string,
): Promise<RecordedEvent[]> {
  // One intake transaction at a time, so events commit in the order of their seq. A reader's pin
  // is the largest seq it sees (libs/db/register/snapshots.ts currentPin); were a lower seq still
  // uncommitted then, it would appear under that watermark later, and a run judged again against
  // its pin would read another register. Every write to register_event goes through here.
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1::bigint)', INTAKE_LOCK);
  const out: RecordedEvent[] = [];
  for (const e of events) out.push(await recordOne(tx, e, receivedBy, requestId));
  return out;
}

/**
 * Records one event: the function every path uses. `receivedBy` names the credential it came
 * with (`source:COURTS`, `stand-in:COURTS`, `tizim` for the ID-card exchange); never a person.
 */
export async function recordRegisterEvent(
  prisma: PrismaClient,
  event: RegisterEventInput,
  receivedBy: string,
  options: RecordOptions = {},
): Promise<RecordedEvent> {
  const [recorded] = await recordRegisterEvents(prisma, [event], receivedBy, options);
  return recorded!;
}

/** The rule of libs/db/register/effective.ts, for one event: `CONTAINED_EVENTS_SQL` narrowed to it. */
const CONTAINED_ONE_SQL = `${CONTAINED_EVENTS_SQL}\n   AND e.id = $2::uuid`;

/**
 * An event's follow-up (the register-events queue's job): marks it as contained in the current
 * snapshot when that snapshot already holds it. Idempotent: an event already marked, or not held,
 * is left as it is. Returns the snapshot it is contained in, if any.
 */
export async function followUpRegisterEvent(
  prisma: PrismaClient,
  eventId: string,
): Promise<{ containedIn: string | null }> {
  const [current] = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text AS id FROM register_snapshot WHERE status = 'CURRENT'`,
  );
  if (current) await prisma.$executeRawUnsafe(CONTAINED_ONE_SQL, current.id, eventId);
  const [row] = await prisma.$queryRawUnsafe<{ contained_in: string | null }[]>(
    `SELECT contained_in::text AS contained_in FROM register_event WHERE id = $1::uuid`,
    eventId,
  );
  return { containedIn: row?.contained_in ?? null };
}
