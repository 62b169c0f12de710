/**
 * HTTP hardening (issue 24, ASVS 4.0.3 level 2, V14.4 and V8.2.1): every answer carries the
 * security headers (a strict Content-Security-Policy, nosniff, no referrer, no framing, no
 * X-Powered-By); every API answer, problems included, is `Cache-Control: no-store` (they carry
 * personal data) while the console's hashed files stay cacheable; a problem never echoes the
 * request's path or query (a path may hold an IIN). In production (TIZIM_ENV=production) HSTS is
 * sent, source maps are not served, and the OpenAPI document and /ready's per-component detail
 * are for signed-in callers only.
 */
import { DEMO_PASSWORD, seedDemoUsers } from '../../prisma/seed';
import { closedAddress } from '../support/faulty-proxy';
import { OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStack, withAnotherApi } from '../support/local-stack';
import type { TizimConfig } from '../../libs/config/config';

const stack = useLocalStack({ beforeStart: async (s) => void (await seedDemoUsers(s.prisma)) });
const IIN = '880101300123';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | null): Record<string, string> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values.join(' ')]),
  );
}

/** The headers every answer carries, whatever it is. */
function expectHardened(res: Response): void {
  expect(directives(res.headers.get('content-security-policy'))).toMatchObject({
    'default-src': "'self'",
    'script-src': "'self'",
    'style-src': "'self'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'self'",
    'frame-ancestors': "'none'",
  });
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-powered-by')).toBeNull();
}

/** The console's script, as its page names it: /console/assets/index-<hash>.js. */
async function consoleScript(base: string): Promise<string> {
  const page = await (await fetch(`${base}/console/`)).text();
  const script = /<script[^>]+src="([^"]+\.js)"/.exec(page)?.[1];
  if (!script) throw new Error('the console page names no script: build the console first (npm run build)');
  return script;
}

async function signIn(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

describe('every answer', () => {
  it('the console page carries the strict policy, no HSTS outside production, and is not cached', async () => {
    const res = await fetch(`${stack.base}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expectHardened(res);
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('an API answer is hardened and no-store; a hashed console file stays cacheable', async () => {
    const res = await fetch(`${stack.base}/v1/users`, { headers: OPERATOR_HEADERS });
    expect(res.status).toBe(200);
    expectHardened(res);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // Opened directly in a browser, an API answer is saved as a file, never rendered (ASVS 14.4.2).
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="api.json"');

    const script = await fetch(`${stack.base}${await consoleScript(stack.base)}`);
    expect(script.status).toBe(200);
    expectHardened(script);
    expect(script.headers.get('cache-control')).toMatch(/max-age=\d+/);
  });

  it("lets the console open NCALayer's WebSocket (TIZIM_EDS_NCALAYER_URL) and no other", async () => {
    // Issue 27: the console signs through NCALayer on the official's computer; without its address
    // in connect-src the browser refuses the socket before NCALayer is asked anything.
    const page = await fetch(`${stack.base}/console/`);
    expect(directives(page.headers.get('content-security-policy'))['connect-src']).toBe(
      "'self' blob: wss://127.0.0.1:13579",
    );
    const other: TizimConfig = { ...stack.config, eds: { ...stack.config.eds, ncalayerUrl: 'ws://127.0.0.1:45678/' } };
    await withAnotherApi(stack, other, async (_call, base) => {
      const res = await fetch(`${base}/console/`);
      expect(directives(res.headers.get('content-security-policy'))['connect-src']).toBe(
        "'self' blob: ws://127.0.0.1:45678",
      );
    });
  });

  it('a problem answer is hardened and no-store', async () => {
    const res = await fetch(`${stack.base}/v1/users`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expectHardened(res);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="api.json"');
  });

  it('a 404 for a path holding an IIN echoes neither the path nor the query', async () => {
    const res = await fetch(`${stack.base}/v1/voters/${IIN}/card?iin=${IIN}`, { headers: OPERATOR_HEADERS });
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 404, code: 'not-found' });
    expect(body).not.toHaveProperty('instance');
    expect(JSON.stringify(body)).not.toContain(IIN);
    expect(JSON.stringify(body)).not.toContain('/v1/voters');
  });

  it('a 405 does not echo the path either', async () => {
    const res = await fetch(`${stack.base}/v1/audit`, { method: 'DELETE', headers: OPERATOR_HEADERS });
    expect(res.status).toBe(405);
    expect(JSON.stringify(await res.json())).not.toContain('/v1/audit');
  });

  it('outside production the OpenAPI page, the source maps and /ready detail stay open', async () => {
    expect((await fetch(`${stack.base}/docs/openapi.json`)).status).toBe(200);
    expect((await fetch(`${stack.base}${await consoleScript(stack.base)}.map`)).status).toBe(200);
    const ready = (await (await fetch(`${stack.base}/ready`)).json()) as Record<string, unknown>;
    expect(ready).toHaveProperty('components.postgres.status', 'up');
  });
});

describe('in production (TIZIM_ENV=production)', () => {
  // The stack's settings in production mode: what the headers ask is isProduction(config). Loading
  // TIZIM_ENV=production itself would refuse the test's plaintext services and development secrets
  // (config-secrets.spec.ts and production-refusal.spec.ts hold that part).
  const production = (): TizimConfig => ({ ...stack.config, env: 'production' });

  it('sends HSTS beside the other headers', async () => {
    await withAnotherApi(stack, production(), async (_call, base) => {
      const res = await fetch(`${base}/console/`);
      expectHardened(res);
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    });
  });

  it('answers 404 for the source maps, while the scripts themselves are served', async () => {
    await withAnotherApi(stack, production(), async (_call, base) => {
      const script = await consoleScript(base);
      expect((await fetch(`${base}${script}`)).status).toBe(200);
      const map = await fetch(`${base}${script}.map`);
      expect(map.status).toBe(404);
      expect(await map.text()).not.toContain('sourcesContent');
      // Nor compressed, nor by another spelling of the name.
      expect((await fetch(`${base}${script}.map`, { headers: { 'Accept-Encoding': 'br, gzip' } })).status).toBe(404);
      expect((await fetch(`${base}${script.replace(/\.js$/, '.JS.MAP')}`)).status).toBe(404);
      expect((await fetch(`${base}${script}%2Emap`)).status).toBe(404);
    });
  });

  it('opens the OpenAPI document to a signed-in caller only', async () => {
    await withAnotherApi(stack, production(), async (_call, base) => {
      for (const path of ['/docs', '/docs/', '/docs/openapi.json', '/docs/openapi.yaml', '/docs/swagger-ui-init.js']) {
        const res = await fetch(`${base}${path}`);
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      // The YAML copy lives under /docs too, not beside it at /docs-yaml.
      expect((await fetch(`${base}/docs-yaml`)).status).toBe(404);
      const bad = await fetch(`${base}/docs/openapi.json`, { headers: { Authorization: 'Bearer not-a-token' } });
      expect(bad.status).toBe(401);
      const operator = await fetch(`${base}/docs/openapi.json`, { headers: OPERATOR_HEADERS });
      expect(operator.status).toBe(200);
      expect(((await operator.json()) as { openapi: string }).openapi).toMatch(/^3\./);
      // Any signed-in official may read it, not only an administrator.
      const token = await signIn(base, 'registrar.7101');
      const official = await fetch(`${base}/docs/openapi.json`, { headers: { Authorization: `Bearer ${token}` } });
      expect(official.status).toBe(200);
    });
  });

  it("gives /ready's per-component detail to a signed-in caller only", async () => {
    await withAnotherApi(stack, production(), async (_call, base) => {
      // Only the status, whichever it is (a freshly started API may not be ready yet).
      const anonymous = await fetch(`${base}/ready`);
      expect(await anonymous.json()).toEqual({ status: anonymous.status === 200 ? 'ready' : 'not-ready' });
      const forged = await fetch(`${base}/ready`, { headers: { Authorization: 'Bearer not-a-token' } });
      expect(Object.keys((await forged.json()) as object)).toEqual(['status']);
      const operator = (await (await fetch(`${base}/ready`, { headers: OPERATOR_HEADERS })).json()) as Record<
        string,
        unknown
      >;
      expect(operator).toMatchObject({ components: { postgres: { status: 'up' } } });
      // /health stays open: the orchestrator's probe has no credential.
      expect((await fetch(`${base}/health`)).status).toBe(200);
    });
  });

  it('does not tell an anonymous caller what is down, nor where', async () => {
    const config = production();
    const unreachable = { ...config, temporal: { ...config.temporal, address: await closedAddress() } };
    await withAnotherApi(stack, unreachable, async (_call, base) => {
      const anonymous = await fetch(`${base}/ready`);
      expect(anonymous.status).toBe(503);
      expect(await anonymous.json()).toEqual({ status: 'not-ready' });
      const operator = await fetch(`${base}/ready`, { headers: OPERATOR_HEADERS });
      expect(operator.status).toBe(503);
      expect(await operator.json()).toMatchObject({
        components: { temporal: { status: 'down', error: expect.any(String) } },
      });
    });
  });
});
