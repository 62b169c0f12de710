/**
 * The stack's supervisor over real child processes (a tiny Node script standing for the API and
 * the worker): a child killed with SIGKILL is started again, with a line saying which, how it
 * ended, when and the how-many-th restart; quick failures wait longer each time up to a cap; the
 * other child is left alone; stopping ends every child and cancels a restart still waiting.
 */
import { nextDelay, Supervisor, type ExitedEvent, type StartedEvent } from '../../scripts/lib/supervisor';

/** Runs until told to stop; SIGTERM ends it cleanly, as the API and the worker do. */
const CHILD = `process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1 << 30);`;
const child = (name: string) => ({ name, command: process.execPath, args: ['-e', CHILD] });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

type Kind = 'started' | 'exited';
/** Every event the supervisor emits, kept, so a test can wait for one that may already have come. */
function record(sup: Supervisor) {
  const events: { kind: Kind; e: StartedEvent | ExitedEvent }[] = [];
  const waiting = new Set<() => void>();
  for (const kind of ['started', 'exited'] as const)
    sup.on(kind, (e: StartedEvent | ExitedEvent) => {
      events.push({ kind, e });
      for (const wake of waiting) wake();
      waiting.clear();
    });
  /** The event of that kind for that child and restart number (0: the first start). */
  async function when<T extends StartedEvent | ExitedEvent>(
    kind: Kind,
    name: string,
    restart: number | null,
  ): Promise<T> {
    for (;;) {
      const hit = events.find((x) => x.kind === kind && x.e.name === name && x.e.restart === restart);
      if (hit) return hit.e as T;
      await new Promise<void>((r) => waiting.add(r));
    }
  }
  return { events, when };
}

describe('the stack supervisor', () => {
  let sup: Supervisor | undefined;
  afterEach(async () => {
    await sup?.stop(2_000);
    sup = undefined;
  });

  it('restarts a child killed with SIGKILL, says so, leaves the other alone, and waits longer each quick time', async () => {
    const lines: string[] = [];
    sup = new Supervisor([child('api'), child('worker')], {
      say: (l) => lines.push(l),
      backoff: { firstMs: 20, maxMs: 160, steadyAfterMs: 60_000 },
    });
    const { when } = record(sup);
    sup.start();
    const api = await when<StartedEvent>('started', 'api', 0);
    let worker = await when<StartedEvent>('started', 'worker', 0);

    const delays: number[] = [];
    for (let n = 1; n <= 5; n += 1) {
      process.kill(worker.pid, 'SIGKILL');
      const [exited] = await Promise.race([
        when<ExitedEvent>('exited', 'worker', n).then((e) => [e]),
        // Not restarted at all: show that event rather than wait for ever.
        when<ExitedEvent>('exited', 'worker', null).then((e) => [e]),
      ]);
      expect(exited).toMatchObject({ name: 'worker', how: 'killed by SIGKILL', restart: n });
      expect(lines.at(-1)).toMatch(new RegExp(`^worker ended \\(killed by SIGKILL\\).*restart ${n} in `));
      delays.push(exited.delayMs!);
      const again = await when<StartedEvent>('started', 'worker', n);
      expect(again.pid).not.toBe(worker.pid);
      expect(alive(again.pid)).toBe(true);
      worker = again;
    }
    // Doubling from the first wait, capped.
    expect(delays).toEqual([20, 40, 80, 160, 160]);
    // The API was never touched.
    expect(sup.pid('api')).toBe(api.pid);
    expect(alive(api.pid)).toBe(true);
    expect(lines.join('\n')).not.toMatch(/stopping the stack/);
  }, 30_000);

  it('stops every child on stop(), and a restart still waiting never happens', async () => {
    const lines: string[] = [];
    sup = new Supervisor([child('api'), child('worker')], {
      say: (l) => lines.push(l),
      backoff: { firstMs: 60_000, maxMs: 60_000, steadyAfterMs: 60_000 },
    });
    const { when } = record(sup);
    sup.start();
    const api = await when<StartedEvent>('started', 'api', 0);
    const worker = await when<StartedEvent>('started', 'worker', 0);
    process.kill(worker.pid, 'SIGKILL');
    const [exited] = await Promise.race([
      when<ExitedEvent>('exited', 'worker', 1).then((e) => [e]),
      when<ExitedEvent>('exited', 'worker', null).then((e) => [e]),
    ]);
    expect(exited.restart).toBe(1);

    const restarted = jest.fn();
    sup.on('started', restarted);
    await sup.stop(2_000);
    expect(alive(api.pid)).toBe(false);
    expect(sup.pid('worker')).toBeUndefined();
    expect(restarted).not.toHaveBeenCalled();
  }, 30_000);

  it('starts again at the first wait once a process has stayed up a while', () => {
    const b = { firstMs: 1_000, maxMs: 30_000, steadyAfterMs: 60_000 };
    expect(nextDelay(b, null, 5)).toBe(1_000);
    expect(nextDelay(b, 1_000, 5)).toBe(2_000);
    expect(nextDelay(b, 16_000, 5)).toBe(30_000);
    expect(nextDelay(b, 30_000, 5)).toBe(30_000);
    expect(nextDelay(b, 30_000, 60_000)).toBe(1_000);
  });
});
