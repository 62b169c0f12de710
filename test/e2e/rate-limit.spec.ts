/**
 * The request limit over HTTP. The API runs with 3 requests per 2-second window (its own key
 * prefix, so no other suite's counts are seen): the fourth is refused with 429 problem+json,
 * Retry-After and the RateLimit-* headers, and a request goes through again once the window ends;
 * health and readiness are never counted. A small Nest app with the same guard shows a route's
 * own stricter bucket counted by client IP without sign-in (what sign-in will use), and that the
 * limit fails open when Redis does not answer.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import IORedis from 'ioredis';
import { AppConfig } from '../../apps/api/src/core/app-config';
import { Public } from '../../apps/api/src/core/auth';
import { ApiLogger, RedisGateway } from '../../apps/api/src/core/infrastructure.module';
import { NestJsonLogger } from '../../apps/api/src/core/nest-logger';
import { ProblemFilter } from '../../apps/api/src/core/problem.filter';
import { RateLimit, RateLimitGuard } from '../../apps/api/src/core/rate-limit';
import { createLogger } from '../../libs/observability/logger';
import { producerConnection } from '../../libs/queues/queues';
import { eventually } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { testConfig } from '../support/test-env';

const stack = useLocalStack({
  config: {
    TIZIM_RATE_LIMIT_PER_MINUTE: '3',
    TIZIM_RATE_LIMIT_WINDOW_SECONDS: '2',
    TIZIM_SIGN_IN_RATE_PER_MINUTE: '4',
    QUEUE_PREFIX: `rate-limit-${randomUUID()}`,
  },
});
const { call } = stack;

describe('the request limit', () => {
  it('limits sign-in attempts per address, whichever accounts they name', async () => {
    // Counted from the first attempt Redis answers (a cold connection may let the very first through).
    const attempts = [];
    for (let i = 0; i < 6 && attempts.at(-1)?.status !== 429; i++) {
      attempts.push(
        await call(
          'POST',
          '/v1/auth/sign-in',
          { username: `guess.${i}`, password: 'not a password at all' },
          { 'Content-Type': 'application/json' },
        ),
      );
    }
    const counted = attempts.filter((a) => a.headers.get('ratelimit-policy') === '4;w=60');
    expect(counted.map((a) => a.status)).toEqual([401, 401, 401, 401, 429]);
    expect(Number(counted[4]!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses the request over the limit with 429 and the headers, then lets one through after the window', async () => {
    // Start at the beginning of a window: wait until a request finds a full one.
    await eventually(
      'a fresh window',
      async () => (await call('GET', '/v1/audit?limit=1')).headers.get('ratelimit-remaining') === '2',
      5_000,
    );
    const second = await call('GET', '/v1/audit?limit=1');
    expect(second.status).toBe(200);
    expect(second.headers.get('ratelimit-limit')).toBe('3');
    expect(second.headers.get('ratelimit-remaining')).toBe('1');
    expect(second.headers.get('ratelimit-policy')).toBe('3;w=2');
    expect(Number(second.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
    expect((await call('GET', '/v1/audit?limit=1')).headers.get('ratelimit-remaining')).toBe('0');

    const refused = await call('GET', '/v1/audit?limit=1');
    expect(refused.status).toBe(429);
    expect(refused.type).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      type: 'https://tizim.kz/problems/429',
      title: 'Too many requests',
      status: 429,
      requestId: refused.requestId,
    });
    expect(refused.body.detail).toMatch(
      /^Too many requests: 3 in 2 seconds for each signed-in user; try again in [12] seconds?$/,
    );
    expect(['1', '2']).toContain(refused.headers.get('retry-after'));
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');

    // Health and readiness are not counted, even now.
    for (let i = 0; i < 5; i += 1) {
      const health = await call('GET', '/health', undefined, {});
      expect(health.status).toBe(200);
      expect(health.headers.get('ratelimit-limit')).toBeNull();
    }
    expect((await call('GET', '/ready', undefined, {})).status).toBe(200);

    const again = await eventually(
      'the next window',
      async () => {
        const res = await call('GET', '/v1/audit?limit=1');
        return res.status === 200 && res;
      },
      5_000,
    );
    expect(Number(again.headers.get('ratelimit-remaining'))).toBeLessThanOrEqual(2);
  });
});

@Controller('probe')
class SignInProbe {
  @Public()
  @RateLimit({ points: 2, windowSeconds: 2, key: 'ip' })
  @Get('sign-in')
  signIn() {
    return { ok: true };
  }
}

async function probeApp(
  redisUrl: string,
  redis: IORedis,
  prefix: string,
): Promise<{ app: INestApplication; base: string; logs: string[] }> {
  const logs: string[] = [];
  const logger = createLogger('rate-limit-probe', 'warn', { write: (line: string) => logs.push(line) });
  const config = testConfig({ REDIS_URL: redisUrl, QUEUE_PREFIX: prefix });
  const moduleRef = await Test.createTestingModule({
    controllers: [SignInProbe],
    providers: [
      { provide: AppConfig, useValue: new AppConfig(config) },
      { provide: RedisGateway, useValue: { client: redis } },
      { provide: APP_GUARD, useClass: RateLimitGuard },
      { provide: ApiLogger, useValue: { logger } },
      { provide: APP_FILTER, useClass: ProblemFilter },
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: new NestJsonLogger(logger) });
  await app.listen(0, '127.0.0.1');
  return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1'), logs };
}

describe("a route's own limit", () => {
  it('counts a sign-in route by client IP, without sign-in, in its own stricter bucket', async () => {
    const redis = producerConnection(stack.config.redisUrl);
    if (redis.status !== 'ready') await once(redis, 'ready'); // no offline queue: a command before this fails (open)
    const probe = await probeApp(stack.config.redisUrl, redis, `rate-limit-probe-${randomUUID()}`);
    try {
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 3; i += 1) {
        last = await fetch(`${probe.base}/probe/sign-in`);
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(last!.headers.get('ratelimit-limit')).toBe('2');
      expect(await last!.json()).toMatchObject({
        status: 429,
        code: 'rate-limit.exceeded',
        params: { points: 2, windowSeconds: 2 },
        detail: expect.stringMatching(/^Too many requests: 2 in 2 seconds from each address/),
      });
    } finally {
      await probe.app.close();
      await redis.quit();
    }
  });

  it('lets requests through when Redis does not answer, and says so in the log', async () => {
    const deadRedis = producerConnection('redis://127.0.0.1:1');
    deadRedis.on('error', () => undefined);
    const probe = await probeApp('redis://127.0.0.1:1', deadRedis, `rate-limit-probe-${randomUUID()}`);
    try {
      for (let i = 0; i < 4; i += 1) {
        const res = await fetch(`${probe.base}/probe/sign-in`);
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit-limit')).toBeNull();
      }
      const warnings = probe.logs
        .map((l) => JSON.parse(l))
        .filter((l) => l.level === 'warn' && l.context === 'RateLimit');
      expect(warnings).toHaveLength(1); // once, not per request
      expect(warnings[0].msg).toMatch(/^Rate limit not applied: Redis did not count the request/);
    } finally {
      await probe.app.close();
      deadRedis.disconnect();
    }
  });
});
