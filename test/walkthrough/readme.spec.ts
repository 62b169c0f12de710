/**
 * The README's walk-through against the stack the README describes: starts `node
 * dist/scripts/stack.js` (what `npm run stack` runs once set up) with the README's defaults, waits
 * for "[stack] Tizim is up", then runs every bash block marked `<!-- walkthrough -->`, in the
 * README's order, each in a bash of its own with `-e`, in a copy of the project folder (so
 * `.local/dev-secrets.json` and `prisma/samples/…` resolve as the README's commands expect), and
 * fails on a non-zero exit (a failed command, or a block's closing check). Then it stops the stack
 * and removes everything it made.
 *
 * The stack's data (PostgreSQL, Redis, Temporal history, secrets, the file store) go to
 * .local/walkthrough-<random>/.local (TIZIM_LOCAL_DIR), never to the developer's own .local. The
 * README's commands name fixed ports (API 3000, PostgreSQL 55432, Redis 56379, Temporal 7233, its
 * Web UI 8233): when any is taken (a developer's own stack, say) the test says so and fails; on a
 * clean machine (CI) they are free. 25 to 45 s on the 2-core machine (the stack starts in about 15 s).
 *
 * Nothing the blocks print is shown unless a block fails, and then only its last lines, with
 * anything shaped like an IIN masked (the demo's people are synthetic, but the rule holds).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/paths';
import { portOpen, postgresBinDir } from '../../scripts/lib/services';

/** The ports the README's commands and the stack's defaults name. */
const PORTS: [string, number][] = [
  ['the API', 3000],
  ['PostgreSQL', 55432],
  ['Redis', 56379],
  ['Temporal', 7233],
  ['the Temporal Web UI', 8233],
];
const STACK_START_MS = 180_000;
const BLOCK_MS = 100_000;
/** Bash blocks of the README that are not the walk-through, each with why. */
const NOT_WALKED: [RegExp, string][] = [
  [/^npm run stack\b/, 'the two commands: the test runs the stack itself, and npm test would run itself'],
  [
    /^DB=postgresql:\/\/tizim@127\.0\.0\.1:55432\/tizim\s/,
    'migrations: npm run prisma:generate rewrites libs/db/generated while other suites load it',
  ],
  [
    /^npm run drill\b/,
    'the drill: minutes of faults on a stack of its own, run by hand (npm test keeps a case of each fault)',
  ],
  [
    /^API=https:\/\/tizim\.example\.kz\s/,
    'the first administrator of a production installation, with the operator token switched on there (test/e2e/admin-eds.spec.ts takes the same steps on a stack of its own)',
  ],
  [
    /^psql -v ON_ERROR_STOP=1 -d tizim -f deploy\/postgres\/roles\.sql/,
    "database roles: a DBA's commands on the production server (test/db/database-roles.spec.ts applies the script)",
  ],
  [
    /^install -m 0644 fullchain\.pem /,
    "the TLS proxy's certificate: Docker and a real certificate, neither on these machines",
  ],
];

interface Block {
  /** The heading the block stands under, to name it. */
  heading: string;
  /** The README line of the block's first command. */
  line: number;
  code: string;
  walked: boolean;
}

/** Every bash block of the README; `walked` when the line before its fence is the marker. */
function readmeBlocks(): Block[] {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n');
  const blocks: Block[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i += 1) {
    if (/^#{1,4} /.test(lines[i])) heading = lines[i].replace(/^#+ /, '');
    if (lines[i].trim() !== '```bash') continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
    if (end < 0) throw new Error(`README line ${i + 1}: a bash block is never closed`);
    blocks.push({
      heading,
      line: i + 2,
      code: lines.slice(i + 1, end).join('\n'),
      walked: lines[i - 1]?.trim() === '<!-- walkthrough -->',
    });
    i = end;
  }
  return blocks;
}

const BLOCKS = readmeBlocks();
const WALK = BLOCKS.filter((b) => b.walked);

/** What a block printed, fit for a test log: the last lines, IIN-shaped numbers masked. */
const tail = (output: string, lines = 12) =>
  output
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((l) => `    ${l.replace(/\b\d{12}\b/g, '<12 digits>').slice(0, 240)}`)
    .join('\n');

/**
 * A process and everything it started, deepest first (Linux's /proc): the fallback when the stack
 * does not stop, or a block hangs. The children stay in Jest's process group so that a Ctrl-C
 * reaches them (the stack stops itself on SIGINT, as with `npm run stack`).
 */
function processTree(pid: number): number[] {
  const children: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      children.push(
        ...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
      );
    }
  } catch {
    // Gone already.
  }
  return [...children.flatMap(processTree), pid];
}

function killTree(pid: number | undefined): void {
  if (!pid) return;
  for (const p of processTree(pid)) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

/** The environment of a shell a newcomer opens: no DATABASE_URL, REDIS_URL, TEMPORAL_*, TIZIM_* of the test run. */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'TMPDIR', 'PG_BIN'];
  return { ...Object.fromEntries(keep.filter((k) => process.env[k]).map((k) => [k, process.env[k]])), ...extra };
}

let scratch = '';
let stack: ChildProcess | undefined;
let stackExited: Promise<void> = Promise.resolve();

/**
 * A folder that stands for the project folder: a link to each of the project's entries, and a
 * .local of its own, where the blocks write what they make (keys, acts, reports, downloads).
 */
function makeScratchProject(): string {
  mkdirSync(join(ROOT, '.local'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.local', 'walkthrough-'));
  // As root the stack runs PostgreSQL as the "postgres" user, who must reach its data folder.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, '.local'), { mode: 0o755 });
  for (const entry of readdirSync(ROOT))
    if (entry !== '.local' && entry !== '.git') symlinkSync(join(ROOT, entry), join(dir, entry));
  return dir;
}

async function takenPorts(): Promise<string[]> {
  const taken: string[] = [];
  for (const [what, port] of PORTS)
    if ((await portOpen(port)) || (await portOpen(port, '::1'))) taken.push(`${port} (${what})`);
  return taken;
}

/**
 * The stack writes to a log file, not to a pipe into Jest: after a Ctrl-C, Jest is gone while the
 * stack is still stopping, and a write to a closed pipe would kill it before it stops PostgreSQL
 * and Redis.
 */
function startStack(): Promise<void> {
  const log = join(scratch, 'stack.log');
  const fd = openSync(log, 'a');
  stack = spawn(process.execPath, [join(ROOT, 'dist', 'scripts', 'stack.js')], {
    cwd: ROOT,
    env: plainEnv({ TIZIM_LOCAL_DIR: join(scratch, '.local') }),
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const child = stack;
  let exited: string | null = null;
  stackExited = new Promise((done) =>
    child.once('exit', (code, signal) => {
      exited = signal ?? `code ${code}`;
      done();
    }),
  );
  const output = () => readFileSync(log, 'utf8');
  return (async () => {
    const deadline = Date.now() + STACK_START_MS;
    for (;;) {
      if (output().includes('[stack] Tizim is up')) return;
      if (exited) throw new Error(`the stack exited (${exited}) before it was up:\n${tail(output(), 20)}`);
      if (Date.now() > deadline)
        throw new Error(
          `the stack did not say "Tizim is up" within ${STACK_START_MS / 1000} s:\n${tail(output(), 20)}`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
}

/**
 * Folders of earlier runs that were cut short (Ctrl-C: the stack stopped, but afterAll never ran),
 * removed unless their PostgreSQL or Redis still runs (their pid files name live processes).
 */
function removeStaleRuns(): void {
  const local = join(ROOT, '.local');
  if (!existsSync(local)) return;
  const alive = (pidFile: string, line = 0) => {
    if (!existsSync(pidFile)) return false;
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[line]), 0);
      return true;
    } catch {
      return false;
    }
  };
  for (const entry of readdirSync(local).filter((e) => e.startsWith('walkthrough-'))) {
    const dir = join(local, entry, '.local');
    // A run that has only just begun has no pid files yet: its folder is left alone for a while.
    if (Date.now() - statSync(join(local, entry)).mtimeMs < 10 * 60_000) continue;
    if (alive(join(dir, 'postgres', 'data', 'postmaster.pid')) || alive(join(dir, 'redis', 'redis.pid'))) continue;
    rmSync(join(local, entry), { recursive: true, force: true });
  }
}

/** Stops the stack as Ctrl-C does, then whatever of it is still running (by its pid files only). */
async function stopStack(): Promise<void> {
  if (stack && stack.exitCode === null && stack.signalCode === null) {
    stack.kill('SIGTERM');
    const stopped = await Promise.race([
      stackExited.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 60_000)),
    ]);
    if (!stopped) killTree(stack.pid);
  }
  const local = join(scratch, '.local');
  const pgData = join(local, 'postgres', 'data');
  if (existsSync(join(pgData, 'postmaster.pid'))) {
    const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    const [cmd, ...args] = [...asUser, join(postgresBinDir(), 'pg_ctl'), '-D', pgData, 'stop', '-m', 'immediate'];
    spawnSync(cmd, args, { stdio: 'ignore' });
  }
  const redisPid = join(local, 'redis', 'redis.pid');
  if (existsSync(redisPid)) {
    try {
      process.kill(Number(readFileSync(redisPid, 'utf8').trim()), 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

function runBlock(block: Block): Promise<void> {
  // The harness's own lines, before the block: the trap names the failing line (the command as
  // written: its variables, tokens among them, unexpanded) before -e ends it, and a check that
  // fails shows what it was given (grep itself prints nothing then). Exit codes are grep's own.
  const harness = [
    `trap 'echo "[walkthrough] README line $((${block.line} + LINENO - 3)): $BASH_COMMAND" >&2' ERR`,
    `grep() { local in; in=$(cat); printf '%s' "$in" | command grep "$@" && return 0; local s=$?; printf '[walkthrough] grep %s got: %.600s\\n' "$*" "$in" >&2; return $s; }`,
  ];
  const script = `${harness.join('\n')}\n${block.code}\n`;
  const child = spawn('bash', ['-e', '-c', script], {
    cwd: scratch,
    env: plainEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output = (output + c.toString('utf8')).slice(-100_000);
  });
  child.stderr.on('data', (c: Buffer) => {
    output = (output + c.toString('utf8')).slice(-100_000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      killTree(child.pid);
      reject(
        new Error(
          `README line ${block.line} (${block.heading}): the block did not finish within ${BLOCK_MS / 1000} s; its last lines:\n${tail(output)}`,
        ),
      );
    }, BLOCK_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `README line ${block.line} (${block.heading}): the block failed (${signal ?? `exit ${code}`}); its last lines:\n${tail(output)}`,
          ),
        );
    });
  });
}

describe("the README's walk-through on the local stack", () => {
  beforeAll(async () => {
    const taken = await takenPorts();
    if (taken.length) {
      throw new Error(
        `the README's commands need their own ports, and ${taken.join(', ')} ${taken.length > 1 ? 'are' : 'is'} in use: ` +
          'is a stack of yours running (npm run stack)? Stop it and run this test again. The walk-through was not run.',
      );
    }
    if (!existsSync(join(ROOT, 'dist', 'scripts', 'stack.js')))
      throw new Error('dist/scripts/stack.js is missing: build first (npm run build; npm test does)');
    removeStaleRuns();
    scratch = makeScratchProject();
    await startStack();
  }, STACK_START_MS + 10_000);

  afterAll(async () => {
    if (!scratch) return;
    await stopStack();
    rmSync(scratch, { recursive: true, force: true });
  }, 90_000);

  it('takes in every bash block of the README but the ones that cannot be walked, and goes through the sample files', () => {
    const unmarked = BLOCKS.filter((b) => !b.walked && !NOT_WALKED.some(([first]) => first.test(b.code)));
    expect(unmarked.map((b) => `README line ${b.line} (${b.heading})`)).toEqual([]);
    const walked = WALK.map((b) => b.code).join('\n');
    for (const step of [
      'prisma/samples/7101',
      'with-errors/izbirateli_7101_oshibki.csv',
      'granicy_7101.xlsx',
      'v1/transfer-acts',
      'v1/reconciliations',
    ])
      expect(walked).toContain(step);
  });

  it.each(WALK.map((b, i) => [`${i + 1}. ${b.heading} (README line ${b.line})`, b] as const))(
    '%s',
    async (_name, block) => {
      await runBlock(block);
    },
    BLOCK_MS + 5_000,
  );
});
