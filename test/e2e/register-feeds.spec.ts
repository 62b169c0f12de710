/**
 * The feeds from the state registries on the local stack (issue 20, part 2): each registry posts
 * its own events with its own credential, the API records them once (the same event again is the
 * same row; the same id with other content a conflict), refuses malformed ones by field and
 * another registry's kinds, and queues each recorded event's follow-up, which the worker runs.
 * Officials cannot post; administrators list the events with masked IINs and read one in full
 * only with a reason. The audit trail has every step and no IIN. The stand-ins use the same intake.
 *
 * The events are for people the register does not hold (an event for them changes nothing
 * another suite reads), but for one harmless document older than the one on record, and for the
 * people of a synthetic district of this suite's own, whose next round the events change.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { Client } from 'pg';
import { createRegisterEventQueue, registerEventFollowUp, registerEventJobId } from '../../libs/queues/register-events';
import { withCheckDigit } from '../../libs/iin/iin';
import { producerConnection, type RegisterEventJob } from '../../libs/queues/queues';
import type { RegisterSourceName } from '../../libs/register/events';
import { LocalCourts, pollRegistrySource } from '../../libs/gateways/registry-sources';
import { reconcileSubmission } from '../../libs/db/reconciliation/engine';
import { loadRegister, loadSubmission } from '../../libs/db/synthetic/load';
import type { ScenarioSpec } from '../../libs/synthetic/scenario';
import { eventually, type ApiAnswer } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { districtCommission } from '../support/members';
import { TEST_FEED_TOKENS, TEST_PORTAL_TOKEN } from '../support/test-env';

const stack = useLocalStack();
const run = randomUUID().slice(0, 8);
let redis: Redis;
let queue: Queue<RegisterEventJob>;

beforeAll(() => {
  redis = producerConnection(stack.config.redisUrl);
  queue = createRegisterEventQueue(redis, stack.config.queuePrefix);
});
afterAll(async () => {
  await queue?.close();
  await redis?.quit();
});

const used: string[] = [];
/** A valid IIN the register holds in no snapshot. */
async function freshIin(): Promise<string> {
  for (;;) {
    const iin = withCheckDigit(
      `${String(50 + randomInt(40))}0${1 + randomInt(9)}${String(10 + randomInt(18))}${String(randomInt(100000)).padStart(5, '0')}`,
    );
    if (!iin) continue;
    const held = await stack.prisma.$queryRawUnsafe<unknown[]>('SELECT 1 FROM register_voter WHERE iin = $1', iin);
    if (held.length === 0) {
      used.push(iin);
      return iin;
    }
  }
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });
const post = (source: RegisterSourceName, body: unknown, path = '/v1/register/events'): Promise<ApiAnswer> =>
  stack.call('POST', path, body, bearer(TEST_FEED_TOKENS[source]));
const rowsOf = (source: RegisterSourceName, sourceEventId: string) =>
  stack.prisma.registerEvent.findMany({ where: { source, sourceEventId } });
const jobDone = (eventId: string) =>
  eventually(
    `the follow-up of ${eventId}`,
    async () => (await (await queue.getJob(registerEventJobId(eventId)))?.getState()) === 'completed',
  );

async function sample(source: RegisterSourceName): Promise<Record<string, unknown>> {
  const iin = await freshIin();
  const base = { sourceEventId: `${source.toLowerCase()}-${run}-${randomUUID()}`, iin, effectiveOn: '2026-05-04' };
  switch (source) {
    case 'CIVIL_REGISTRY':
      return { ...base, kind: 'death', data: { basis: 'актовая запись о смерти' } };
    case 'COURTS':
      return { ...base, kind: 'sentence', data: { until: '2029-05-04', basis: 'приговор' } };
    case 'MIGRATION_SERVICE':
      return {
        ...base,
        kind: 'document',
        data: { number: `N${randomInt(10 ** 8)}`, issuedOn: '2026-05-04', expiresOn: '2036-05-04' },
      };
    case 'ADDRESS_REGISTRY':
      return {
        ...base,
        kind: 'registration',
        data: {
          regionCode: '71',
          districtId: '7101',
          kato: '710100000',
          locality: 'Астана',
          street: 'Кенесары',
          house: '7',
        },
      };
  }
}

const SOURCES: RegisterSourceName[] = ['CIVIL_REGISTRY', 'COURTS', 'MIGRATION_SERVICE', 'ADDRESS_REGISTRY'];
const received: Record<string, { id: string; seq: number; body: Record<string, unknown> }> = {};

describe('the intake for the state registries', () => {
  it.each(SOURCES)(
    "takes the %s's own event with its credential: 202, recorded with its seq, the follow-up run by the worker",
    async (source) => {
      const body = await sample(source);
      const r = await post(source, body);
      expect(r).toMatchObject({
        status: 202,
        body: { id: expect.any(String), seq: expect.any(Number), status: 'received' },
      });
      const [row, ...more] = await rowsOf(source, body.sourceEventId as string);
      expect(more).toEqual([]);
      expect(row).toMatchObject({
        id: r.body.id,
        seq: BigInt(r.body.seq),
        kind: body.kind,
        iin: body.iin,
        receivedBy: `source:${source}`,
        data: body.data,
      });
      expect(row!.effectiveOn.toISOString().slice(0, 10)).toBe('2026-05-04');
      await jobDone(r.body.id);
      received[source] = { id: r.body.id, seq: r.body.seq, body };
    },
  );

  it('answers the same event again with the original id and seq, and records no second row', async () => {
    const { id, seq, body } = received.COURTS!;
    // The same content in another key order and with spaces to trim is the same event.
    const again = await post('COURTS', {
      data: { basis: ' приговор ', until: '2029-05-04' },
      effectiveOn: body.effectiveOn,
      iin: body.iin,
      kind: body.kind,
      sourceEventId: body.sourceEventId,
    });
    expect(again).toMatchObject({ status: 200, body: { id, seq, status: 'already-received' } });
    expect(await rowsOf('COURTS', body.sourceEventId as string)).toHaveLength(1);
  });

  it('refuses the same source id with other content (409 in plain words), keeping the first', async () => {
    const { id, body } = received.CIVIL_REGISTRY!;
    const other = await post('CIVIL_REGISTRY', { ...body, effectiveOn: '2026-05-05' });
    expect(other).toMatchObject({
      status: 409,
      body: {
        code: 'register-feed.event-conflict',
        detail: expect.stringMatching(/received before with other content.*new sourceEventId/),
        errors: [{ field: 'sourceEventId' }],
      },
    });
    const rows = await rowsOf('CIVIL_REGISTRY', body.sourceEventId as string);
    expect(rows.map((r) => [r.id, r.effectiveOn.toISOString().slice(0, 10)])).toEqual([[id, '2026-05-04']]);
  });

  it('refuses a malformed event naming the field, never echoing the value, and records nothing', async () => {
    const body = await sample('COURTS');
    const badIin = `${(body.iin as string).slice(0, 11)}${(Number((body.iin as string)[11]) + 1) % 10}`;
    const r = await post('COURTS', { ...body, iin: badIin, data: { until: '2020-01-01' } });
    expect(r.status).toBe(422);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['data.until', 'iin']);
    expect(JSON.stringify(r.body)).not.toContain(badIin);
    expect(await rowsOf('COURTS', body.sourceEventId as string)).toEqual([]);
    const notAnObject = await post('COURTS', [body]);
    expect(notAnObject).toMatchObject({
      status: 400,
      body: { errors: expect.arrayContaining([{ field: '(body)', message: expect.any(String) }]) },
    });
  });

  it("refuses the civil registry's credential sending a document: the kind is the migration service's", async () => {
    const body = await sample('MIGRATION_SERVICE');
    const r = await post('CIVIL_REGISTRY', body);
    expect(r).toMatchObject({
      status: 422,
      body: {
        errors: [
          {
            field: 'kind',
            message: expect.stringContaining(
              'a document event comes from the migration service, not from the civil registry',
            ),
          },
        ],
      },
    });
    expect(await stack.prisma.registerEvent.count({ where: { sourceEventId: body.sourceEventId as string } })).toBe(0);
  });

  it("refuses a wrong or missing credential, the portal's, the operator's and an official's session (401), and a source's credential anywhere else (403)", async () => {
    const body = await sample('COURTS');
    const official = await districtCommission(stack, '7101', `feeds.${run}`);
    for (const headers of [
      bearer('not-a-source-token-0123456789abcdef'),
      { 'Content-Type': 'application/json' },
      bearer(TEST_PORTAL_TOKEN),
      bearer(stack.config.api.adminToken!),
      bearer(official.token),
    ]) {
      const r = await stack.call('POST', '/v1/register/events', body, headers);
      expect(r).toMatchObject({
        status: 401,
        body: {
          code: 'register-feed.credential-required',
          detail: expect.stringContaining('state registries, each with its own credential'),
        },
      });
    }
    expect(await rowsOf('COURTS', body.sourceEventId as string)).toEqual([]);
    expect((await stack.call('GET', '/v1/register/events', undefined, bearer(TEST_FEED_TOKENS.COURTS))).status).toBe(
      403,
    );
    expect((await stack.call('GET', '/v1/board', undefined, bearer(TEST_FEED_TOKENS.COURTS))).status).toBe(403);
    // An official may not read the feeds either: they are an administrator's.
    expect((await stack.call('GET', '/v1/register/events', undefined, bearer(official.token))).status).toBe(403);
  });

  it('takes a batch: each event answered in its place; 1,000 at once; more is refused whole', async () => {
    const good = await sample('ADDRESS_REGISTRY');
    const repeat = received.ADDRESS_REGISTRY!;
    const bad: Record<string, unknown> = { ...(await sample('ADDRESS_REGISTRY')), effectiveOn: '2026-02-31' };
    const r = await post(
      'ADDRESS_REGISTRY',
      { events: [good, repeat.body, bad, { ...repeat.body, effectiveOn: '2026-05-06' }] },
      '/v1/register/events/batch',
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ received: 1, alreadyReceived: 1, conflicts: 1, refused: 1 });
    expect(r.body.results).toEqual([
      expect.objectContaining({
        index: 0,
        status: 'received',
        httpStatus: 202,
        id: expect.any(String),
        seq: expect.any(Number),
      }),
      expect.objectContaining({
        index: 1,
        status: 'already-received',
        httpStatus: 200,
        id: repeat.id,
        seq: repeat.seq,
      }),
      {
        index: 2,
        status: 'refused',
        httpStatus: 422,
        errors: [{ field: 'events[2].effectiveOn', message: expect.any(String) }],
      },
      expect.objectContaining({ index: 3, status: 'conflict', httpStatus: 409, id: repeat.id }),
    ]);
    expect(await rowsOf('ADDRESS_REGISTRY', bad.sourceEventId as string)).toEqual([]);
    await jobDone(r.body.results[0].id);

    const many = await Promise.all(Array.from({ length: 1000 }, () => sample('CIVIL_REGISTRY')));
    const big = await post('CIVIL_REGISTRY', { events: many }, '/v1/register/events/batch');
    expect(big).toMatchObject({ status: 200, body: { received: 1000, alreadyReceived: 0, conflicts: 0, refused: 0 } });
    const seqs = big.body.results.map((x: { seq: number }) => x.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(await post('CIVIL_REGISTRY', { events: [...many, many[0]] }, '/v1/register/events/batch')).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'events' }] },
    });
    expect((await post('CIVIL_REGISTRY', { events: [] }, '/v1/register/events/batch')).status).toBe(400);
  });

  it('marks an event the current snapshot already holds as contained in it (the follow-up)', async () => {
    // Whichever snapshot is current: a person of it with a document on record; a document issued
    // in 1901 is older, so the snapshot holds (something newer than) it and the event changes nothing.
    const [person] = await stack.prisma.$queryRawUnsafe<{ iin: string; snapshot: string; version: number }[]>(
      `SELECT r.iin, s.id::text AS snapshot, s.version FROM register_voter r JOIN register_snapshot s ON s.id = r.snapshot_id
        WHERE s.status = 'CURRENT' AND r.document_issued_on IS NOT NULL LIMIT 1`,
    );
    expect(person).toBeDefined();
    used.push(person!.iin);
    const r = await post('MIGRATION_SERVICE', {
      sourceEventId: `old-document-${run}`,
      kind: 'document',
      iin: person!.iin,
      effectiveOn: '1901-01-01',
      data: { number: 'OLD000001', issuedOn: '1901-01-01', expiresOn: '1911-01-01' },
    });
    expect(r.status).toBe(202);
    await jobDone(r.body.id);
    expect((await stack.prisma.registerEvent.findUniqueOrThrow({ where: { id: r.body.id } })).containedIn).toBe(
      person!.snapshot,
    );
    const listed = await stack.call('GET', '/v1/register/events?source=MIGRATION_SERVICE&kind=document');
    expect(listed.body.items.find((i: { id: string }) => i.id === r.body.id)).toMatchObject({
      containedIn: { snapshotId: person!.snapshot, version: person!.version },
    });
    // A fresh person's document: no snapshot holds them.
    expect(
      (await stack.prisma.registerEvent.findUniqueOrThrow({ where: { id: received.MIGRATION_SERVICE!.id } }))
        .containedIn,
    ).toBeNull();
  });

  it('lets the stand-ins deliver through the same intake and queue, named as stand-ins', async () => {
    const courts = new LocalCourts(stack.prisma, { followUp: registerEventFollowUp(queue) });
    const body = await sample('COURTS');
    const staged = await courts.stage({ ...body, kind: 'incapacity', data: { basis: 'решение суда' } });
    if (!('recorded' in staged)) throw new Error('the stand-in refused a good event');
    expect(staged.recorded).toMatchObject({ outcome: 'received' });
    expect(await rowsOf('COURTS', body.sourceEventId as string)).toEqual([
      expect.objectContaining({ receivedBy: 'stand-in:COURTS', kind: 'incapacity' }),
    ]);
    await jobDone(staged.recorded.id);
    expect(await courts.stage({ ...body, kind: 'document', data: {} })).toEqual({
      problems: expect.arrayContaining([expect.objectContaining({ field: 'kind' })]),
    });
    // Polling the stand-in from just before its event: the event comes back as a repeat.
    const polled = await pollRegistrySource(stack.prisma, courts, String(staged.recorded.seq - 1), {
      followUp: registerEventFollowUp(queue),
    });
    expect(polled.recorded[0]).toEqual({ ...staged.recorded, outcome: 'repeated' });
    expect(polled.cursor).toBe(String(polled.recorded.at(-1)!.seq));
  });
});

describe("the administrator's view", () => {
  it('lists the events by source and kind, paged, the IINs masked but for the last four digits', async () => {
    const { id, body } = received.COURTS!;
    const r = await stack.call('GET', '/v1/register/events?source=COURTS&kind=sentence&page=1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ page: 1, pageSize: 50, total: expect.any(Number) });
    const item = r.body.items.find((i: { id: string }) => i.id === id);
    expect(item).toEqual({
      id,
      seq: received.COURTS!.seq,
      source: 'COURTS',
      sourceEventId: body.sourceEventId,
      kind: 'sentence',
      effectiveOn: '2026-05-04',
      receivedAt: expect.any(String),
      receivedBy: 'source:COURTS',
      containedIn: null,
      iin: `********${(body.iin as string).slice(8)}`,
    });
    expect(
      r.body.items.every((i: { source: string; kind: string }) => i.source === 'COURTS' && i.kind === 'sentence'),
    ).toBe(true);
    const text = JSON.stringify(r.body);
    for (const iin of used) expect(text).not.toContain(iin);
    expect((await stack.call('GET', '/v1/register/events?source=POLICE')).body.errors).toEqual([
      expect.objectContaining({ field: 'source' }),
    ]);
    expect((await stack.call('GET', '/v1/register/events?page=0')).body.errors).toEqual([
      expect.objectContaining({ field: 'page' }),
    ]);
  });

  it('reads one event in full only with a reason, and audits the reason', async () => {
    const { id, body } = received.MIGRATION_SERVICE!;
    const without = await stack.call('GET', `/v1/register/events/${id}`);
    expect(without).toMatchObject({ status: 400, body: { errors: [{ field: 'reason' }] } });
    const reason = `checking the migration service's feed ${run}`;
    const r = await stack.call('GET', `/v1/register/events/${id}?reason=${encodeURIComponent(reason)}`);
    expect(r).toMatchObject({ status: 200, body: { id, iin: body.iin, kind: 'document', data: body.data } });
    expect(
      await stack.prisma.auditEvent.findFirst({ where: { action: 'register.event.read', subjectId: id, reason } }),
    ).toMatchObject({ actor: 'operator', outcome: 'ok' });
    expect((await stack.call('GET', `/v1/register/events/${randomUUID()}?reason=checking`)).status).toBe(404);
  });
});

describe('the audit trail', () => {
  it('has every received, repeated, conflicting and refused event, and no IIN anywhere', async () => {
    const byAction = async (action: string, subjectId: string) =>
      stack.prisma.auditEvent.findFirst({ where: { action, subjectId } });
    for (const source of SOURCES)
      expect(await byAction('register.event.received', received[source]!.id)).toMatchObject({
        actor: `source:${source}`,
        subjectType: 'register-event',
        outcome: 'ok',
      });
    expect(await byAction('register.event.repeated', received.COURTS!.id)).toMatchObject({ outcome: 'ok' });
    expect(await byAction('register.event.conflict', received.CIVIL_REGISTRY!.id)).toMatchObject({
      outcome: 'refused',
    });
    const refused = await stack.prisma.auditEvent.findMany({
      where: { action: 'register.event.refused', actor: 'source:COURTS' },
    });
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({
      subjectType: 'register-event-source-id',
      reason: expect.stringMatching(/^not valid: /),
    });
    expect(
      await stack.prisma.auditEvent.count({ where: { action: 'register.event.unauthorised' } }),
    ).toBeGreaterThanOrEqual(5);
    const rows = await stack.prisma.auditEvent.findMany({ where: { action: { startsWith: 'register.' } } });
    const text = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    for (const iin of used) expect(text).not.toContain(iin);
  });
});

describe("a registry's event and the next round", () => {
  const SPEC: ScenarioSpec = {
    seed: 4321,
    referenceDate: '2032-01-01',
    period: '2032-01',
    regions: [
      {
        code: '59',
        stationBase: 800,
        districts: [
          {
            id: 'syn59-api',
            nameRu: 'Район ленты',
            nameKk: 'Арна ауданы',
            locality: 'Актобе',
            slot: 71,
            stations: [20],
          },
        ],
      },
    ],
  };
  const submissionId = randomUUID();
  let people: { iin: string }[] = [];
  const round = (n: number) =>
    reconcileSubmission(stack.prisma, {
      runId: randomUUID(),
      submissionId,
      referenceDate: SPEC.referenceDate,
      workflowId: `feeds-api-${submissionId}`,
      round: n,
      at: new Date().toISOString(),
    });
  // A finding names its voter-file record, which holds the IIN.
  const findings = async (runId: string) =>
    (
      await stack.prisma.$queryRaw<{ category: number; subcategory: string; iin: string | null }[]>`
        SELECT d.category, d.subcategory, f.iin FROM reconciliation_discrepancy d
          JOIN voter_file_record f ON f.submission_id = ${submissionId}::uuid AND f.row = d.row
         WHERE d.run_id = ${runId}::uuid AND d.category > 0 ORDER BY f.iin, d.id`
    ).map((f) => [f.category, f.subcategory, f.iin]);

  beforeAll(async () => {
    const client = new Client({ connectionString: stack.config.databaseUrl });
    await client.connect();
    try {
      await loadRegister(client, SPEC);
      await loadSubmission(client, SPEC, 'syn59-api', submissionId, '2031-12-28T05:00:00Z');
      people = (
        await client.query<{ iin: string }>(
          "SELECT iin FROM register_voter WHERE district_id = 'syn59-api' ORDER BY iin",
        )
      ).rows;
      // The akimat lists the new card the migration service issued, which the register does not hold yet.
      await client.query(
        "UPDATE voter_file_record SET document_number = 'N1500001' WHERE submission_id = $1 AND iin = $2",
        [submissionId, people[1].iin],
      );
    } finally {
      await client.end();
    }
  });

  it('a death posted by the civil registry makes category 9 appear; a new document posted by the migration service clears category 2', async () => {
    const [dies, newCard] = people;
    const first = await round(1);
    expect(await findings(first.runId)).toEqual([[2, 'replaced', newCard.iin]]);

    const death = await post('CIVIL_REGISTRY', {
      sourceEventId: `death-${run}`,
      kind: 'death',
      iin: dies.iin,
      effectiveOn: '2031-12-02',
      data: { basis: 'актовая запись о смерти № 15' },
    });
    expect(death.status).toBe(202);
    const card = await post('MIGRATION_SERVICE', {
      sourceEventId: `card-${run}`,
      kind: 'document',
      iin: newCard.iin,
      effectiveOn: '2031-12-05',
      data: { number: 'N1500001', issuedOn: '2031-12-05', expiresOn: '2041-12-05' },
    });
    expect(card.status).toBe(202);

    const second = await round(2);
    expect(second.register!.eventWatermark).toBeGreaterThanOrEqual(card.body.seq);
    expect(await findings(second.runId)).toEqual([[9, 'deceased', dies.iin]]);
    // The first round's pin still reads the register as it was.
    const again = await reconcileSubmission(stack.prisma, {
      runId: randomUUID(),
      submissionId,
      referenceDate: SPEC.referenceDate,
      workflowId: `feeds-api-${submissionId}`,
      round: 1,
      at: new Date().toISOString(),
      register: { snapshotId: first.register!.snapshotId, eventWatermark: first.register!.eventWatermark },
    });
    expect(await findings(again.runId)).toEqual([[2, 'replaced', newCard.iin]]);
  });
});
