/**
 * The API on PostgreSQL over TLS with the server's certificate checked (DATABASE_URL with
 * sslmode=verify-full, what production mode requires). The run's PostgreSQL has no TLS, and is
 * not reconfigured: this suite starts a PostgreSQL cluster of its own (initdb in a temporary
 * folder) that accepts TLS connections only, with a server certificate from a CA made here.
 * The API's readiness reports the database up through it; a certificate from another CA, or a
 * plaintext connection, leaves it down.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { createApp } from '../../apps/api/src/app';
import { createLogger } from '../../libs/observability/logger';
import { freeLocalPort, postgresBinDir } from '../../scripts/lib/services';
import { closedAddress } from '../support/faulty-proxy';
import { apiCaller } from '../support/fixtures';
import { testConfig } from '../support/test-env';

const dir = mkdtempSync(join(tmpdir(), 'tizim-pg-tls-'));
const asPostgres = process.getuid?.() === 0 ? 'postgres' : undefined;
let port: number;
const opened: INestApplication[] = [];

function must(cmd: string, args: string[], asUser?: string): string {
  const [file, argv] = asUser ? ['runuser', ['-u', asUser, '--', cmd, ...args]] : [cmd, args];
  const res = spawnSync(file, argv, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${res.stdout}${res.stderr}`);
  return res.stdout;
}

const openssl = (...args: string[]) => must('openssl', args);

/** A CA (key and self-signed certificate) named `name`, in `dir`. */
function makeCa(name: string): void {
  openssl(
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=Tizim test ${name}`,
    '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`),
  ); // prettier-ignore
}

function chownTree(path: string, user: string): void {
  const uid = Number(must('id', ['-u', user]).trim());
  const gid = Number(must('id', ['-g', user]).trim());
  const walk = (p: string) => {
    chownSync(p, uid, gid);
    if (statSync(p).isDirectory()) for (const entry of readdirSync(p)) walk(join(p, entry));
  };
  walk(path);
}

beforeAll(async () => {
  makeCa('ca');
  makeCa('other-ca');
  // The server's certificate, for 127.0.0.1, signed by "ca".
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    join(dir, 'server.key'),
    '-out',
    join(dir, 'server.csr'),
  );
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(
    'x509', '-req', '-in', join(dir, 'server.csr'), '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'),
    '-CAcreateserial', '-days', '2', '-extfile', join(dir, 'san.ext'), '-out', join(dir, 'server.crt'),
  ); // prettier-ignore

  const data = join(dir, 'data');
  const bin = postgresBinDir();
  if (asPostgres) chownTree(dir, asPostgres);
  must(join(bin, 'initdb'), ['-D', data, '-U', 'tizim', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], asPostgres);
  // TLS connections only, over TCP.
  writeFileSync(
    join(data, 'pg_hba.conf'),
    'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n',
  );
  spawnSync('chmod', ['0600', join(dir, 'server.key')]);
  if (asPostgres) chownTree(dir, asPostgres);
  port = await freeLocalPort();
  must(
    join(bin, 'pg_ctl'),
    [
      '-D', data, 'start', '-w', '-t', '60', '-l', join(dir, 'postgres.log'), '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c ssl=on ` +
        `-c ssl_cert_file=${join(dir, 'server.crt')} -c ssl_key_file=${join(dir, 'server.key')}`,
    ], // prettier-ignore
    asPostgres,
  );
});

afterAll(async () => {
  for (const app of opened) await app.close();
  spawnSync(asPostgres ? 'runuser' : join(postgresBinDir(), 'pg_ctl'), [
    ...(asPostgres ? ['-u', asPostgres, '--', join(postgresBinDir(), 'pg_ctl')] : []),
    '-D',
    join(dir, 'data'),
    'stop',
    '-m',
    'fast',
    '-w',
  ]);
  rmSync(dir, { recursive: true, force: true });
});

const url = (query: string) => `postgresql://tizim@127.0.0.1:${port}/postgres?${query}`;

/** The postgres component of the readiness of an API on `databaseUrl` (Temporal unreachable: not asked). */
async function databaseStatus(databaseUrl: string): Promise<string> {
  const app = await createApp(
    testConfig({ DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: await closedAddress() }),
    createLogger('e2e', 'fatal'),
  );
  opened.push(app);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const ready = await apiCaller(() => base)('GET', '/ready');
  return ready.body.components.postgres.status as string;
}

describe('PostgreSQL over TLS', () => {
  it('reaches the database with sslmode=verify-full and the CA that signed its certificate', async () => {
    const verified = url(`sslmode=verify-full&sslrootcert=${join(dir, 'ca.crt')}`);
    expect(await databaseStatus(verified)).toBe('up');
    // The session is encrypted (the server's own view of it).
    const client = new Client({ connectionString: verified });
    await client.connect();
    try {
      const { rows } = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      expect(rows).toEqual([{ ssl: true }]);
    } finally {
      await client.end();
    }
  });

  it('does not reach it when the certificate is not from the CA it trusts, nor in plaintext', async () => {
    expect(await databaseStatus(url(`sslmode=verify-full&sslrootcert=${join(dir, 'other-ca.crt')}`))).toBe('down');
    expect(await databaseStatus(url('sslmode=disable'))).toBe('down');
  });
});
