/**
 * The API and the worker reach Temporal over mutual TLS from TEMPORAL_TLS_* (what production mode
 * requires). The dev server speaks plaintext only, so a TLS terminator of this suite's own stands
 * in front of it, as a load balancer or Temporal's own TLS would: it presents a certificate for
 * temporal.tizim.test from a CA made here and accepts only clients with a certificate from that CA.
 * Through it the API's readiness sees Temporal up and the worker's native connection (the options
 * apps/worker/src/worker.ts connects with) answers; without the client certificate neither gets in.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import type { INestApplication } from '@nestjs/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../../apps/api/src/app';
import type { TizimConfig } from '../../libs/config/config';
import { createLogger } from '../../libs/observability/logger';
import { temporalConnectionOptions } from '../../libs/temporal/connection';
import { apiCaller } from '../support/fixtures';
import { TEMPORAL_CLI, testConfig } from '../support/test-env';

const dir = mkdtempSync(join(tmpdir(), 'tizim-temporal-tls-'));
const file = (name: string) => join(dir, name);
let env: TestWorkflowEnvironment;
let terminator: Server;
let tlsAddress: string;
const opened: INestApplication[] = [];

function openssl(...args: string[]): void {
  const res = spawnSync('openssl', args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${res.stderr}`);
}

/** A key and a certificate for `cn` (with `san`), signed by the CA made here. */
function issue(name: string, cn: string, san: string): void {
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${cn}`,
    '-keyout',
    file(`${name}.key`),
    '-out',
    file(`${name}.csr`),
  );
  writeFileSync(file(`${name}.ext`), `subjectAltName=${san}\n`);
  openssl(
    'x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-days', '2', '-extfile', file(`${name}.ext`), '-out', file(`${name}.crt`),
  ); // prettier-ignore
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
  issue('server', 'temporal.tizim.test', 'DNS:temporal.tizim.test');
  issue('client', 'tizim-worker', 'DNS:tizim-worker');
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: TEMPORAL_CLI } },
  });
  const [host, port] = [env.address.slice(0, env.address.lastIndexOf(':')), Number(env.address.split(':').pop())];
  // TLS ends here; the HTTP/2 (gRPC) inside flows on to the dev server as it came.
  terminator = createServer(
    {
      key: readFileSync(file('server.key')),
      cert: readFileSync(file('server.crt')),
      ca: readFileSync(file('ca.crt')),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (client) => {
      const server = connect({ host: host === 'localhost' ? '127.0.0.1' : host, port });
      client.pipe(server).pipe(client);
      const close = () => {
        client.destroy();
        server.destroy();
      };
      client.on('error', close);
      server.on('error', close);
    },
  );
  terminator.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => terminator.listen(0, '127.0.0.1', resolve));
  tlsAddress = `127.0.0.1:${(terminator.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const app of opened) await app.close();
  await new Promise<void>((resolve) => (terminator ? terminator.close(() => resolve()) : resolve()));
  await env?.teardown();
  rmSync(dir, { recursive: true, force: true });
});

const tlsSettings = (withClient: boolean): Record<string, string> => ({
  TEMPORAL_ADDRESS: tlsAddress,
  TEMPORAL_TLS_CA_FILE: file('ca.crt'),
  TEMPORAL_TLS_SERVER_NAME: 'temporal.tizim.test',
  ...(withClient ? { TEMPORAL_TLS_CERT_FILE: file('client.crt'), TEMPORAL_TLS_KEY_FILE: file('client.key') } : {}),
});

async function temporalStatus(config: TizimConfig): Promise<string> {
  const app = await createApp(config, createLogger('e2e', 'fatal'));
  opened.push(app);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return (await apiCaller(() => base)('GET', '/ready')).body.components.temporal.status as string;
}

describe('Temporal over mutual TLS', () => {
  it('the API and the worker connect with the CA, the client certificate and the server name from the settings', async () => {
    const config = testConfig(tlsSettings(true));
    expect(config.temporal.tls?.clientCertPair).toBeDefined();
    expect(await temporalStatus(config)).toBe('up');

    const native = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
    try {
      const info = await native.workflowService.getSystemInfo({});
      expect(info.serverVersion).toBeTruthy();
    } finally {
      await native.close();
    }
  });

  it('gets nowhere without the client certificate, nor in plaintext', async () => {
    expect(await temporalStatus(testConfig(tlsSettings(false)))).toBe('down');
    await expect(
      NativeConnection.connect(temporalConnectionOptions(testConfig(tlsSettings(false)).temporal)),
    ).rejects.toThrow();
    expect(await temporalStatus(testConfig({ TEMPORAL_ADDRESS: tlsAddress }))).toBe('down');
  });
});
