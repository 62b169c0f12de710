/**
 * HTTP conventions every route keeps: the request id (taken from X-Request-Id when sane, echoed,
 * named in problems and in the log lines written while serving the request); RFC 9457
 * problem+json for an unknown route (404), a known path with another method (405 with Allow), a
 * body in another media type (415), a body too large (413), bad JSON (400); readiness naming the
 * dependency that is down (503).
 */
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/app';
import type { TizimConfig } from '../../libs/config/config';
import { createLogger } from '../../libs/observability/logger';
import { OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const stack = useLocalStack();
const { call } = stack;

/** The API as main.ts builds it, writing its log lines into `logs`. */
async function appWithLogs(
  config: TizimConfig,
): Promise<{ app: INestApplication; base: string; logs: Record<string, unknown>[] }> {
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger('api', 'info', { write: (line: string) => logs.push(JSON.parse(line)) });
  const app = await createApp(config, logger);
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1'), logs };
}

describe('request ids', () => {
  it('honours a sane X-Request-Id, echoes it, names it in the problem and the access log', async () => {
    const { app, base, logs } = await appWithLogs(stack.config);
    try {
      const res = await fetch(`${base}/v1/audit?outcome=maybe`, {
        headers: { ...OPERATOR_HEADERS, 'X-Request-Id': 'conventions-0001' },
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-request-id')).toBe('conventions-0001');
      expect(((await res.json()) as { requestId: string }).requestId).toBe('conventions-0001');
      const replaced = await fetch(`${base}/health`, { headers: { 'X-Request-Id': 'not a good id!' } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((r) => setImmediate(r));
      expect(logs).toContainEqual(
        expect.objectContaining({
          msg: 'request',
          requestId: 'conventions-0001',
          method: 'GET',
          path: '/v1/audit',
          status: 400,
        }),
      );
      expect(JSON.stringify(logs)).not.toContain('outcome=maybe'); // never a query string
    } finally {
      await app.close();
    }
  });

  it('carries the id into the lines written while serving, and readiness names Redis when it is down', async () => {
    const { app, base, logs } = await appWithLogs({ ...stack.config, redisUrl: 'redis://127.0.0.1:1' });
    try {
      // A JSON body first: the id must survive the body parser into the guards.
      const res = await fetch(`${base}/v1/cycles`, {
        method: 'POST',
        headers: { ...OPERATOR_HEADERS, 'X-Request-Id': 'conventions-0002' },
        body: JSON.stringify({ period: 'soon' }),
      });
      expect(res.status).toBe(400);
      expect(logs).toContainEqual(
        expect.objectContaining({ level: 'warn', context: 'RateLimit', requestId: 'conventions-0002' }),
      );

      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({
        status: 'not-ready',
        components: {
          postgres: { status: 'up' },
          redis: { status: 'down', error: expect.any(String) },
          temporal: { status: 'up' },
          worker: { status: 'up' },
        },
      });
    } finally {
      await app.close();
    }
  });

  it('is ready when PostgreSQL, Redis and Temporal all answer, and a worker polls', async () => {
    expect(await call('GET', '/ready', undefined, {})).toMatchObject({
      status: 200,
      body: {
        status: 'ready',
        components: {
          postgres: { status: 'up' },
          redis: { status: 'up' },
          temporal: { status: 'up' },
          worker: { status: 'up' },
        },
      },
    });
  });
});

describe('problem+json for what no handler answers', () => {
  it('404 for an unknown route, naming neither the path nor its query', async () => {
    const res = await call('GET', '/v1/nowhere?iin=880101300123');
    expect(res).toMatchObject({
      status: 404,
      body: {
        type: 'https://tizim.kz/problems/404',
        title: 'Not found',
        status: 404,
        detail: 'No route takes GET at this path',
      },
    });
    expect(res.body).not.toHaveProperty('instance');
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(res.body)).not.toContain('880101300123');
    // A handler's own 404 keeps its words.
    expect((await call('GET', '/v1/workflows/cycle-1999-01/history')).body).toMatchObject({
      code: 'workflow.not-found',
      params: { workflowId: 'cycle-1999-01', runId: null },
      detail: 'No workflow cycle-1999-01',
    });
  });

  it('405 with Allow for a path routed for other methods', async () => {
    const res = await call('DELETE', '/v1/audit');
    expect(res).toMatchObject({
      status: 405,
      body: { title: 'Method not allowed', status: 405, detail: 'This path does not take DELETE; it takes GET, HEAD' },
    });
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    expect((await call('PUT', '/v1/cycles', {})).headers.get('allow')).toBe('POST');
    expect((await call('POST', '/v1/workflows/cycle-2030-01/history', {})).headers.get('allow')).toBe('GET, HEAD');
  });

  it('415 for a body in another media type, 413 for one too large, 400 for bad JSON', async () => {
    const text = await fetch(`${stack.base}/v1/cycles`, {
      method: 'POST',
      headers: { Authorization: OPERATOR_HEADERS.Authorization, 'Content-Type': 'text/plain' },
      body: 'period=2030-01',
    });
    expect(text.status).toBe(415);
    expect(text.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await text.json()).toMatchObject({
      title: 'Unsupported media type',
      code: 'request.body-type',
      detail: 'The body was sent as "text/plain"; send application/json (multipart/form-data for file uploads)',
    });

    const charset = await fetch(`${stack.base}/v1/cycles`, {
      method: 'POST',
      headers: { ...OPERATOR_HEADERS, 'Content-Type': 'application/json; charset=koi8-r' },
      body: '{}',
    });
    expect(charset.status).toBe(415);
    expect(await charset.json()).toMatchObject({ detail: 'The charset "koi8-r" is not supported; send UTF-8' });

    const large = await fetch(`${stack.base}/v1/cycles`, {
      method: 'POST',
      headers: OPERATOR_HEADERS,
      body: JSON.stringify({ period: 'x'.repeat(200_000) }),
    });
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ title: 'Too large', detail: 'The request body is larger than 100 kB' });

    const broken = await fetch(`${stack.base}/v1/cycles`, {
      method: 'POST',
      headers: OPERATOR_HEADERS,
      body: '{"period":',
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
