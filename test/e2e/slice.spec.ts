/**
 * The first slice end to end over HTTP: the API built by createApp() exactly as main.ts builds it,
 * the worker built by createTizimWorker() exactly as its main.ts does, a real Temporal dev server
 * (from .venv), the run's PostgreSQL database and Redis.
 */
import { randomUUID } from 'node:crypto';
import { createApp } from '../../apps/api/src/app';
import { iinHmac } from '../../libs/auth/iin-hmac';
import { eventually, rawHistory, registeredVoter, unregisteredIin } from '../support/fixtures';
import { useLocalStack, withTemporalUnreachable } from '../support/local-stack';

const stack = useLocalStack();
const { call } = stack;

describe('health and readiness', () => {
  it('answers /health without a token', async () => {
    expect(await call('GET', '/health', undefined, {})).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('is ready when PostgreSQL, Redis and Temporal all answer, and a worker polls', async () => {
    const res = await call('GET', '/ready', undefined, {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ready',
      components: {
        postgres: { status: 'up' },
        redis: { status: 'up' },
        temporal: { status: 'up' },
        worker: { status: 'up' },
      },
    });
  });

  it('is not ready, naming the component, when Redis does not answer', async () => {
    const broken = await createApp({ ...stack.config, redisUrl: 'redis://127.0.0.1:1' }, stack.logger);
    await broken.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`${(await broken.getUrl()).replace('[::1]', '127.0.0.1')}/ready`);
      const body = (await res.json()) as { status: string; components: Record<string, { status: string }> };
      expect(res.status).toBe(503);
      expect(body.status).toBe('not-ready');
      expect(body.components.redis.status).toBe('down');
      expect(body.components.postgres.status).toBe('up');
    } finally {
      await broken.close();
    }
  });
});

describe('the registration-check slice over HTTP', () => {
  it('starts the workflow, which finds the voter, writes through Prisma and notifies through BullMQ', async () => {
    const voter = await registeredVoter(stack.prisma);
    const started = await call('POST', '/v1/registration-checks', {
      iin: voter.iin,
      reason: 'application No. 1 at precinct',
    });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'REQUESTED', workflowId: `registration-check-${started.body.id}` });
    expect(JSON.stringify(started.body)).not.toContain(voter.iin);

    const done = await eventually('the check to be notified', async () => {
      const res = await call('GET', `/v1/registration-checks/${started.body.id}`);
      return res.body.notifiedAt ? res : null;
    });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'FOUND',
      regionCode: voter.regionCode,
      districtId: voter.districtId,
      stationNumber: voter.station!.number,
    });

    const message = await stack.prisma.egovCabinetMessage.findUniqueOrThrow({
      where: { deliveryKey: `registration-check-completed-${started.body.id}` },
    });
    // Addressed to the citizen by the IIN's keyed hash; the check forgets the IIN once delivered.
    expect(message.recipientIinHmac).toBe(iinHmac(stack.config.iinHmacKey, voter.iin));

    const audit = await stack.prisma.auditEvent.findMany({
      where: { subjectId: started.body.id },
      orderBy: { id: 'asc' },
    });
    expect(audit[0]).toMatchObject({
      actor: 'operator',
      action: 'registration-check.start',
      reason: 'application No. 1 at precinct',
      requestId: started.requestId,
    });
    expect(audit.slice(1).every((a) => a.action === 'registration-check.read')).toBe(true);
    expect(audit.length).toBeGreaterThanOrEqual(2);

    // The Temporal server holds only ciphertext.
    const { history, bytes } = await rawHistory(stack.env.connection, started.body.workflowId);
    expect(history.events!.length).toBeGreaterThan(5);
    expect(bytes.includes(Buffer.from(voter.iin))).toBe(false);
  });

  it('keeps a check whose workflow could not be started: 503 naming it, and the check still on record', async () => {
    const voter = await registeredVoter(stack.prisma);
    const refused = await withTemporalUnreachable(stack, (down) =>
      down('POST', '/v1/registration-checks', { iin: voter.iin, reason: 'application No. 4' }),
    );
    expect(refused.status).toBe(503);
    expect(refused.type).toContain('application/problem+json');
    expect(refused.body.code).toBe('workflow.not-started');
    expect(refused.headers.get('retry-after')).toBe('5');
    const [, id] =
      /^Registration check ([0-9a-f-]{36}) is saved, but its workflow is not started yet: the workflow service could not be reached\. /.exec(
        refused.body.detail,
      )!;
    expect(JSON.stringify(refused.body)).not.toContain(voter.iin);
    expect(await stack.prisma.registrationCheck.findUnique({ where: { id } })).toMatchObject({ status: 'REQUESTED' });
  }, 90_000);

  it('reports NOT_FOUND for an IIN the register does not hold', async () => {
    const started = await call('POST', '/v1/registration-checks', {
      iin: await unregisteredIin(stack.prisma),
      reason: 'application No. 2',
    });
    const done = await eventually('the outcome', async () => {
      const res = await call('GET', `/v1/registration-checks/${started.body.id}`);
      return res.body.status !== 'REQUESTED' ? res : null;
    });
    expect(done.body).toMatchObject({ status: 'NOT_FOUND', stationNumber: null });
  });

  it('refuses a request without the operator token, as problem+json', async () => {
    const res = await call(
      'POST',
      '/v1/registration-checks',
      { iin: '980109050588', reason: 'x' },
      { 'Content-Type': 'application/json' },
    );
    expect(res.status).toBe(401);
    expect(res.type).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 401, title: 'Sign-in required' });
    expect(res.body.requestId).toBe(res.requestId);
  });

  it('names the field when the IIN check digit is wrong, and records nothing', async () => {
    const before = await stack.prisma.registrationCheck.count();
    const res = await call('POST', '/v1/registration-checks', { iin: '123456789012', reason: 'application No. 3' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'iin', message: 'the check digit (12th) does not match the first eleven digits' },
    ]);
    expect(await stack.prisma.registrationCheck.count()).toBe(before);
  });

  it('names every invalid or unknown field', async () => {
    const res = await call('POST', '/v1/registration-checks', { iin: '12ab', extra: 1 });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['extra', 'iin', 'reason']));
  });

  it('answers 404 for an unknown check and 400 for a malformed id', async () => {
    expect((await call('GET', `/v1/registration-checks/${randomUUID()}`)).status).toBe(404);
    expect((await call('GET', '/v1/registration-checks/not-a-uuid')).status).toBe(400);
  });

  it('publishes the OpenAPI document with the slice and health routes', async () => {
    const res = await call('GET', '/docs/openapi.json', undefined, {});
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/ready', '/v1/registration-checks', '/v1/registration-checks/{id}']),
    );
    expect(res.body.components.securitySchemes.bearer).toBeDefined();
  });
});
