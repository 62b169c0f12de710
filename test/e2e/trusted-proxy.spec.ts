/**
 * Behind the compose file's TLS proxy (TIZIM_TRUST_PROXY=1) the API counts sign-in attempts per
 * client address as the proxy forwards it (X-Forwarded-For), not per proxy: two clients behind it
 * are limited apart. Without the setting a forwarded address is not believed (a client could name
 * any address to escape its limit), so every request counts for the peer that made it.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/app';
import { createLogger } from '../../libs/observability/logger';
import { closedAddress } from '../support/faulty-proxy';
import { apiCaller, type ApiAnswer } from '../support/fixtures';
import { testConfig } from '../support/test-env';

const opened: INestApplication[] = [];
afterAll(async () => {
  for (const app of opened) await app.close();
});

/** An API allowing 3 sign-in attempts per address per minute, on a key prefix of its own. */
async function api(settings: Record<string, string>) {
  const app = await createApp(
    testConfig({
      TEMPORAL_ADDRESS: await closedAddress(),
      TIZIM_SIGN_IN_RATE_PER_MINUTE: '3',
      QUEUE_PREFIX: `trusted-proxy-${randomUUID()}`,
      ...settings,
    }),
    createLogger('e2e', 'fatal'),
  );
  opened.push(app);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const call = apiCaller(() => base);
  return (clientAddress: string) =>
    call(
      'POST',
      '/v1/auth/sign-in',
      { username: `nobody.${randomUUID().slice(0, 8)}`, password: 'not the password at all' },
      { 'Content-Type': 'application/json', 'X-Forwarded-For': clientAddress },
    );
}

/**
 * The statuses of the attempts the limit counted (those answered with its policy header), the
 * client address of each attempt given by `client(i)`, until one is refused or `max` are made:
 * an attempt before the API's Redis connection is up is let through uncounted.
 */
async function counted(signIn: (address: string) => Promise<ApiAnswer>, client: (i: number) => string, max = 8) {
  const statuses: number[] = [];
  for (let i = 0; i < max && statuses.at(-1) !== 429; i++) {
    const answer = await signIn(client(i));
    if (answer.headers.get('ratelimit-policy') === '3;w=60') statuses.push(answer.status);
  }
  return statuses;
}

describe('the client address behind a proxy', () => {
  it('limits each forwarded client apart when the proxy is trusted', async () => {
    const signIn = await api({ TIZIM_TRUST_PROXY: '1' });
    expect(await counted(signIn, () => '203.0.113.7')).toEqual([401, 401, 401, 429]);
    // Another official behind the same proxy still signs in (is told the password is wrong).
    const other = await signIn('203.0.113.8');
    expect(other.status).toBe(401);
    expect(other.headers.get('ratelimit-remaining')).toBe('2');
  });

  it('does not believe X-Forwarded-For when no proxy is trusted', async () => {
    const signIn = await api({});
    expect(await counted(signIn, (i) => `203.0.113.${i + 1}`)).toEqual([401, 401, 401, 429]);
  });
});
