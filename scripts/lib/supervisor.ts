/**
 * Keeps the stack's long-running children (the API and the worker) up: one that ends, however it
 * ends (a crash, kill -9, the OOM killer), is started again after a wait that doubles with each
 * quick failure up to a cap and starts over once it has stayed up a while (as systemd's
 * Restart=on-failure and compose's restart policy do in production; see the README's "Production").
 * Each end is one line: which process, how it ended, when it starts again and the how-many-th
 * restart that is. stop() ends them all (SIGTERM, then SIGKILL) and cancels any restart waiting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

export interface SupervisedProcess {
  /** How the lines name it: `api`, `worker`. */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

export interface Backoff {
  firstMs: number;
  maxMs: number;
  steadyAfterMs: number;
}

/** 1 s, 2 s, 4 s … 30 s; a process up for a minute counts as healthy again. */
export const STACK_BACKOFF: Backoff = { firstMs: 1_000, maxMs: 30_000, steadyAfterMs: 60_000 };

/** The wait before the next start, given the last wait (null: none yet) and how long it stayed up. */
export function nextDelay(b: Backoff, lastDelayMs: number | null, upMs: number): number {
  if (lastDelayMs === null || upMs >= b.steadyAfterMs) return b.firstMs;
  return Math.min(lastDelayMs * 2, b.maxMs);
}

const seconds = (ms: number) => (ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`);
const clock = (at: Date) => at.toISOString().slice(11, 19);

export interface StartedEvent {
  name: string;
  pid: number;
  /** 0 for the first start, n for the n-th restart. */
  restart: number;
}

export interface ExitedEvent {
  name: string;
  /** How it ended, in words: `killed by SIGKILL`, `exit code 1`. */
  how: string;
  /** The restart that follows (1 for the first), or null when none will. */
  restart: number | null;
  delayMs: number | null;
}

interface Slot {
  spec: SupervisedProcess;
  child?: ChildProcess;
  startedAt: number;
  restarts: number;
  lastDelayMs: number | null;
  timer?: NodeJS.Timeout;
}

export class Supervisor extends EventEmitter {
  private readonly slots: Slot[];
  private stopping = false;
  private readonly backoff: Backoff;

  constructor(
    specs: SupervisedProcess[],
    private readonly options: {
      say: (line: string) => void;
      backoff?: Backoff;
      /** The children's output: the stack's own (inherit, the default), or pipes `onSpawn` reads (the drill's logs). */
      stdio?: 'inherit' | 'pipe';
      /** Each child as it is spawned, first start and restarts alike. */
      onSpawn?: (name: string, child: ChildProcess) => void;
    },
  ) {
    super();
    this.backoff = options.backoff ?? STACK_BACKOFF;
    this.slots = specs.map((spec) => ({ spec, startedAt: 0, restarts: 0, lastDelayMs: null }));
  }

  start(): void {
    for (const slot of this.slots) this.launch(slot);
  }

  /** The running child, if any (a drill kills it as the OOM killer would). */
  child(name: string): ChildProcess | undefined {
    const child = this.slots.find((s) => s.spec.name === name)?.child;
    return child && child.exitCode === null && child.signalCode === null ? child : undefined;
  }

  /** The running child's pid; undefined while it waits to start again, or after stop(). */
  pid(name: string): number | undefined {
    const child = this.slots.find((s) => s.spec.name === name)?.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  private launch(slot: Slot): void {
    const { spec } = slot;
    const out = this.options.stdio ?? 'inherit';
    const child = spawn(spec.command, spec.args, { env: spec.env, stdio: ['ignore', out, out] });
    slot.child = child;
    this.options.onSpawn?.(spec.name, child);
    slot.startedAt = Date.now();
    const restart = slot.restarts;
    child.once('spawn', () =>
      this.emit('started', { name: spec.name, pid: child.pid!, restart } satisfies StartedEvent),
    );
    // A command that cannot be run at all (ENOENT) also ends in 'exit'-less 'error': treat it the same.
    child.once('error', (err) => {
      if (child.pid === undefined) this.ended(slot, `could not start: ${err.message}`);
    });
    child.once('exit', (code, signal) => this.ended(slot, signal ? `killed by ${signal}` : `exit code ${code}`));
  }

  private ended(slot: Slot, how: string): void {
    if (this.stopping) return;
    const upMs = Date.now() - slot.startedAt;
    const delayMs = nextDelay(this.backoff, slot.lastDelayMs, upMs);
    slot.lastDelayMs = delayMs;
    slot.restarts += 1;
    const restart = slot.restarts;
    this.options.say(
      `${slot.spec.name} ended (${how}) after ${seconds(upMs)} up; restart ${restart} in ${seconds(delayMs)} (at ${clock(new Date(Date.now() + delayMs))} UTC)`,
    );
    this.emit('exited', { name: slot.spec.name, how, restart, delayMs } satisfies ExitedEvent);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (!this.stopping) this.launch(slot);
    }, delayMs);
  }

  /** SIGTERM to each child, SIGKILL after graceMs; resolves once all have ended. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    for (const slot of this.slots) clearTimeout(slot.timer);
    await Promise.all(
      this.slots.map(
        ({ child }) =>
          new Promise<void>((done) => {
            if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null)
              return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
          }),
      ),
    );
  }
}
