/**
 * Requests a hostile caller sends (issue 23): a JSON body nested 20,000 levels deep (it answered
 * 500, "Maximum call stack size exceeded" in the ValidationPipe) gets 400 `request.too-deep`; and
 * wrong passwords on an unknown username are answered exactly as on a real one, the growing delay's
 * 429 included (the lock-out's showed which usernames exist).
 */
import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { MAX_BODY_DEPTH } from '../../apps/api/src/core/body-depth';
import { OPERATOR_HEADERS, type ApiAnswer } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

const prefix = `hostile-${randomUUID()}`;
const stack = useLocalStack({ config: { QUEUE_PREFIX: prefix, TIZIM_SIGN_IN_FREE_ATTEMPTS: '3' } });
const { call } = stack;
const JSON_ONLY = { 'Content-Type': 'application/json' };
const PASSWORD = 'a long enough demo password';
const run = randomUUID().slice(0, 8);

/** `depth` arrays, one inside the other, around `inner`: as text, so nothing here recurses over it. */
const nested = (depth: number, inner = '"x"') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

async function raw(path: string, body: string, headers: Record<string, string>): Promise<ApiAnswer> {
  const res = await fetch(`${stack.base}${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    requestId: res.headers.get('x-request-id'),
    headers: res.headers,
    body: text ? JSON.parse(text) : null,
  };
}

describe('a JSON body nested too deep', () => {
  it('is refused with 400 request.too-deep on sign-in, not a 500', async () => {
    const answer = await raw(
      '/v1/auth/sign-in',
      `{"username":${nested(20_000)},"password":"not a password at all"}`,
      JSON_ONLY,
    );
    expect(answer).toMatchObject({
      status: 400,
      type: expect.stringContaining('application/problem+json'),
      body: {
        code: 'request.too-deep',
        params: { limit: MAX_BODY_DEPTH },
        detail: expect.stringMatching(/more than 32 levels deep/),
      },
    });
  });

  it('is refused on another route too (an account), while a body at the limit is only checked for its fields', async () => {
    const deep = await raw('/v1/users', `{"username":"x","fullName":${nested(20_000)}}`, OPERATOR_HEADERS);
    expect(deep).toMatchObject({ status: 400, body: { code: 'request.too-deep' } });
    // The body object is level 1: the field's arrays may go 31 more.
    const atLimit = await raw(
      '/v1/users',
      `{"username":"x","fullName":${nested(MAX_BODY_DEPTH - 1)}}`,
      OPERATOR_HEADERS,
    );
    expect(atLimit).toMatchObject({ status: 400, body: { code: 'request.invalid-fields' } });
    const over = await raw('/v1/users', `{"username":"x","fullName":${nested(MAX_BODY_DEPTH)}}`, OPERATOR_HEADERS);
    expect(over).toMatchObject({ status: 400, body: { code: 'request.too-deep' } });
  });
});

describe('wrong passwords on an unknown username', () => {
  let redis: IORedis;
  beforeAll(() => {
    redis = new IORedis(stack.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  });
  afterAll(() => redis.quit());

  /** Each sign-in route's per-address count starts afresh, so both series see the same RateLimit headers. */
  async function freshAddressCount() {
    const keys = [
      ...(await redis.keys(`${prefix}:rate-limit:*`)),
      ...(await redis.keys(`${prefix}:sign-in:address:*`)),
    ];
    if (keys.length) await redis.del(...keys);
  }

  /**
   * What a client sees of an answer, but for the request's own id: X-Request-Id, the body's
   * requestId and the ETag (Express's hash of the body, request id included); and the Date header.
   */
  const seen = (a: ApiAnswer) => {
    const headers = [...a.headers.entries()].filter(([k]) => !['x-request-id', 'etag', 'date'].includes(k));
    const { requestId: _id, ...body } = a.body as Record<string, unknown>;
    return { status: a.status, headers, body };
  };

  async function fiveWrong(username: string): Promise<ApiAnswer[]> {
    const answers: ApiAnswer[] = [];
    for (let i = 0; i < 5; i++)
      answers.push(await call('POST', '/v1/auth/sign-in', { username, password: `wrong password ${i}` }, JSON_ONLY));
    return answers;
  }

  it('gets the same answers as a real one, byte for byte, the delay included', async () => {
    const known = `known.${run}`;
    expect(
      (await call('POST', '/v1/users', { username: known, fullName: 'Test', password: PASSWORD, role: 'ADMIN' }))
        .status,
    ).toBe(201);
    const unknown = `nobody.${run}`;
    // Both series in one minute of the clock: the lock-out's answer names its end to the minute.
    const inMinute = () => new Date().getUTCSeconds() < 45;
    while (!inMinute()) await new Promise((r) => setTimeout(r, 250));

    await freshAddressCount();
    const real = await fiveWrong(known);
    await freshAddressCount();
    const invented = await fiveWrong(unknown);

    // The third failure starts a 2-second wait; the two attempts inside it are not checked.
    expect(real.map((a) => a.status)).toEqual([401, 401, 401, 429, 429]);
    expect(real[3]!.body.code).toBe('auth.sign-in-delayed');
    expect(real[3]!.headers.get('retry-after')).toBe('2');
    expect(invented.map(seen)).toEqual(real.map(seen));

    // Still waiting, each answers 429 again, alike (apart from the seconds left, which the clock moves).
    await freshAddressCount();
    const realAgain = await call('POST', '/v1/auth/sign-in', { username: known, password: PASSWORD }, JSON_ONLY);
    const inventedAgain = await call('POST', '/v1/auth/sign-in', { username: unknown, password: PASSWORD }, JSON_ONLY);
    expect(inventedAgain).toMatchObject({ status: 429, body: { code: 'auth.sign-in-delayed' } });
    expect(realAgain.body.code).toBe('auth.sign-in-delayed');
    expect(realAgain.status).toBe(429);
  });
});
