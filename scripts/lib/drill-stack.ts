/**
 * The stack the drill (scripts/drill.ts) injects its faults into: a database of its own beside the
 * configured one, the configured Redis under a key prefix of its own, a Temporal dev server of its
 * own on a database file, and the API and the worker as child processes built as `npm run stack`
 * runs them (dist/…/main.js). PostgreSQL and Redis are reached through a proxy each
 * (scripts/lib/faulty-proxy.ts): the machine's servers may be shared, so a restart is shown to the
 * clients the way they would see one (every connection dropped, new ones refused for a while).
 * The API and the worker run under the stack's own supervisor (scripts/lib/supervisor.ts, as
 * `npm run stack` runs them): one that dies is started again with its backoff, and the drill reads
 * who brought it back.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCodecKey } from '../../libs/temporal/codec-keys';
import { FaultyProxy } from './faulty-proxy';
import { freeLocalPort, startTemporalDevServer, waitFor, type TemporalDevServer } from './services';
import { ROOT } from './paths';
import { Supervisor } from './supervisor';

export type ProcessName = 'api' | 'worker';

/** An answer of the API: its status and its JSON (the text when it is not JSON). */
export interface DrillAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON whose shape each fault reads
}

const ENTRY: Record<ProcessName, string> = {
  api: join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js'),
  worker: join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js'),
};

/** One run of the API or the worker, and how it ended (null while it runs). */
interface Run {
  child: ChildProcess;
  ended: string | null;
  killedByDrill: boolean;
  started: Promise<void>;
}

export interface DrillStackOptions {
  /** The drill's own database (created and migrated by the caller), reached directly. */
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** Connect the API and the worker to PostgreSQL and Redis directly, without the fault proxies (a benchmark's stack). */
  direct?: boolean;
  /** Settings of the API and the worker beyond the stack's own (they win over it). */
  env?: Record<string, string>;
}

export class DrillStack {
  readonly dir = mkdtempSync(join(tmpdir(), 'tizim-drill-'));
  readonly adminToken = randomBytes(24).toString('base64url');
  /** Signs officials' access tokens and keys the members' IIN hashes (the demo member is seeded with it). */
  readonly tokenSecret = randomBytes(32).toString('base64url');
  /** Exits nobody asked for, in order: "worker exited (code 1)". */
  readonly unexpectedExits: string[] = [];
  /** The supervisor's lines, in order: "worker ended (killed by SIGKILL) after 3.2 s up; restart 1 in 1 s …". */
  readonly supervisorLines: string[] = [];
  private supervisor?: Supervisor;
  pg!: FaultyProxy;
  redis!: FaultyProxy;
  temporal!: TemporalDevServer;
  apiUrl = '';
  private env: NodeJS.ProcessEnv = {};
  private readonly runs = new Map<ProcessName, Run>();
  private readonly logs = new Map<ProcessName, WriteStream>();
  private temporalPort = 0;

  constructor(private readonly options: DrillStackOptions) {}

  get temporalDbFile(): string {
    return join(this.dir, 'temporal.db');
  }

  async start(): Promise<void> {
    for (const name of Object.keys(ENTRY) as ProcessName[])
      if (!existsSync(ENTRY[name])) throw new Error(`${ENTRY[name]} is missing: run "npm run build" first`);
    const db = new URL(this.options.databaseUrl);
    const redis = new URL(this.options.redisUrl);
    const viaPg = new URL(db);
    const viaRedis = new URL(redis);
    if (!this.options.direct) {
      this.pg = await FaultyProxy.start(`${db.hostname}:${db.port || 5432}`);
      this.redis = await FaultyProxy.start(`${redis.hostname}:${redis.port || 6379}`);
      viaPg.host = this.pg.address;
      viaRedis.host = this.redis.address;
    }
    this.temporalPort = await freeLocalPort();
    await this.startTemporal();
    const apiPort = await freeLocalPort();
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    this.env = {
      ...process.env,
      DATABASE_URL: viaPg.toString(),
      REDIS_URL: viaRedis.toString(),
      QUEUE_PREFIX: this.options.queuePrefix,
      TEMPORAL_ADDRESS: this.temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: `drill-${randomBytes(3).toString('hex')}`,
      TIZIM_CODEC_KEYS: generateCodecKey('drill-1'),
      TIZIM_CODEC_ACTIVE_KEY: 'drill-1',
      API_ADMIN_TOKEN: this.adminToken,
      TIZIM_TOKEN_SECRET: this.tokenSecret,
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      TIZIM_FILE_STORE: join(this.dir, 'files'),
      LOG_LEVEL: 'info',
      ...this.options.env,
    };
    this.supervisor = new Supervisor(
      (Object.keys(ENTRY) as ProcessName[]).map((name) => ({
        name,
        command: process.execPath,
        args: [ENTRY[name]],
        env: this.env,
      })),
      {
        say: (line) => this.supervisorLines.push(line),
        stdio: 'pipe',
        onSpawn: (name, child) => this.track(name as ProcessName, child),
      },
    );
    this.supervisor.start();
    await Promise.all([this.up('api', 90_000), this.up('worker', 90_000)]);
  }

  async startTemporal(): Promise<void> {
    this.temporal = await startTemporalDevServer({
      dbFile: this.temporalDbFile,
      port: this.temporalPort,
      uiPort: null,
      logFile: join(this.dir, 'temporal.log'),
    });
  }

  /** The Temporal dev server killed at once (no shutdown of its own), then started again on the same file. */
  async restartTemporal(downMs: number): Promise<void> {
    const exited = new Promise((r) => this.temporal.process.once('exit', r));
    this.temporal.process.kill('SIGKILL');
    await exited;
    await new Promise((r) => setTimeout(r, downMs));
    await this.startTemporal();
  }

  /** A child the supervisor spawned (first start or restart): its log, its end, and when it is up. */
  private track(name: ProcessName, child: ChildProcess): void {
    let log = this.logs.get(name);
    if (!log) this.logs.set(name, (log = createWriteStream(join(this.dir, `${name}.log`), { flags: 'a' })));
    const run: Run = { child, ended: null, killedByDrill: false, started: Promise.resolve() };
    let said = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (said.length < 1 << 16) said += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => log.write(chunk));
    child.once('exit', (code, signal) => {
      run.ended = signal ?? `code ${code}`;
      if (!run.killedByDrill) this.unexpectedExits.push(`${name} exited (${run.ended})`);
    });
    this.runs.set(name, run);
    const up =
      name === 'api'
        ? async () => (await fetch(`${this.apiUrl}/ready`)).ok
        : async () => said.includes('"worker started"');
    run.started = waitFor(
      `The ${name}`,
      async () => {
        if (run.ended) throw new Error('exited');
        return up();
      },
      90_000,
      `see ${join(this.dir, `${name}.log`)}`,
    );
    run.started.catch(() => undefined);
  }

  /**
   * Whether the API or the worker is up within `ms` (the supervisor restarting it meanwhile, if it
   * died): its latest run running and saying so (the API: /ready answers 200).
   */
  async up(name: ProcessName, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const run = this.runs.get(name);
      if (run && run.ended === null) {
        const started = await Promise.race([
          run.started.then(
            () => true,
            () => false,
          ),
          new Promise<false>((r) => setTimeout(() => r(false), Math.max(0, deadline - Date.now()))),
        ]);
        if (started && run.ended === null) return true;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  }

  /** The process id of the API's or the worker's current run (undefined while none runs). */
  pid(name: ProcessName): number | undefined {
    const run = this.runs.get(name);
    return run && run.ended === null ? run.child.pid : undefined;
  }

  /** kill -9, as the kernel's OOM killer or a crashed host would; the supervisor sees it die. */
  async kill(name: ProcessName): Promise<void> {
    const run = this.runs.get(name);
    if (!run || run.ended) return;
    run.killedByDrill = true;
    const exited = new Promise((r) => run.child.once('exit', r));
    run.child.kill('SIGKILL');
    await exited;
  }

  /** Stops everything this stack started (the processes gracefully, then the servers). */
  async stop(): Promise<void> {
    for (const run of this.runs.values()) run.killedByDrill = true;
    await this.supervisor?.stop();
    await this.temporal?.stop();
    await this.pg?.close();
    await this.redis?.close();
    for (const log of this.logs.values()) log.end();
  }

  /** A call to the API as the operator (or as the holder of `token`). */
  async call(method: string, path: string, body?: unknown, token = this.adminToken): Promise<DrillAnswer> {
    const res = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed };
  }

  /** Uploads a file as an akimat does (multipart), as the operator. */
  async upload(fields: Record<string, string>, content: Buffer, name: string): Promise<DrillAnswer> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set('file', new Blob([new Uint8Array(content)]), name);
    const res = await fetch(`${this.apiUrl}/v1/files`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.adminToken}` },
      body: form,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      return { status: res.status, body: text };
    }
  }
}
