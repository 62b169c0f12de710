/**
 * The API and the worker reach Redis over TLS with a password (REDIS_URL rediss://, what
 * production mode requires), trusting the CA named by REDIS_TLS_CA_FILE. The run's Redis is
 * plain and is left alone: this suite starts a Redis of its own that listens for TLS only and
 * asks for a password, with a certificate from a CA made here.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createApp } from '../../apps/api/src/app';
import { createLogger } from '../../libs/observability/logger';
import { closeRedis } from '../../libs/queues/close-redis';
import { workerConnection } from '../../libs/queues/queues';
import { freeLocalPort, portOpen, waitFor } from '../../scripts/lib/services';
import { closedAddress } from '../support/faulty-proxy';
import { apiCaller } from '../support/fixtures';
import { testConfig } from '../support/test-env';

const dir = mkdtempSync(join(tmpdir(), 'tizim-redis-tls-'));
const file = (name: string) => join(dir, name);
const PASSWORD = 'redis-tls-test-password-0123';
let redis: ChildProcess;
let port: number;
const opened: INestApplication[] = [];

function openssl(...args: string[]): void {
  const res = spawnSync('openssl', args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${res.stderr}`);
}

beforeAll(async () => {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Tizim test CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
  );
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Other CA',
    '-keyout',
    file('other.key'),
    '-out',
    file('other.crt'),
  );
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
  );
  writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-days', '2', '-extfile', file('san.ext'), '-out', file('server.crt'),
  ); // prettier-ignore
  port = await freeLocalPort();
  redis = spawn(
    'redis-server',
    [
      '--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--tls-cert-file', file('server.crt'),
      '--tls-key-file', file('server.key'), '--tls-ca-cert-file', file('ca.crt'), '--tls-auth-clients', 'no',
      '--requirepass', PASSWORD, '--save', '', '--appendonly', 'no', '--dir', dir,
    ], // prettier-ignore
    { stdio: 'ignore' },
  );
  await waitFor('the TLS Redis', () => portOpen(port), 15_000, 'see redis-server');
});

afterAll(async () => {
  for (const app of opened) await app.close();
  redis?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The redis component of the readiness of an API configured with `settings` (Temporal unreachable:
 * not asked), once up or after 8 s: the TLS handshake takes a moment after start-up, and the
 * producer connection answers "not writeable" until it is done.
 */
async function redisStatus(settings: Record<string, string>): Promise<string> {
  const app = await createApp(
    testConfig({ ...settings, TEMPORAL_ADDRESS: await closedAddress() }),
    createLogger('e2e', 'fatal'),
  );
  opened.push(app);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const deadline = Date.now() + 8_000;
  for (;;) {
    const status = (await apiCaller(() => base)('GET', '/ready')).body.components.redis.status as string;
    if (status === 'up' || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const tlsUrl = (password: string) => `rediss://:${password}@127.0.0.1:${port}`;

describe('Redis over TLS with a password', () => {
  it('the API and the worker connect with rediss://, the password and the CA from REDIS_TLS_CA_FILE', async () => {
    const settings = { REDIS_URL: tlsUrl(PASSWORD), REDIS_TLS_CA_FILE: file('ca.crt') };
    expect(await redisStatus(settings)).toBe('up');
    const config = testConfig(settings);
    const consumer = workerConnection(config.redisUrl, config.redisTls);
    try {
      expect(await consumer.ping()).toBe('PONG');
    } finally {
      await closeRedis(consumer);
    }
  });

  it('gets nowhere with a certificate from a CA it does not trust, or the wrong password', async () => {
    expect(await redisStatus({ REDIS_URL: tlsUrl(PASSWORD), REDIS_TLS_CA_FILE: file('other.crt') })).toBe('down');
    expect(await redisStatus({ REDIS_URL: tlsUrl('not-the-password'), REDIS_TLS_CA_FILE: file('ca.crt') })).toBe(
      'down',
    );
  });
});
