/**
 * The API's close and the worker's shutdown release everything they opened (issue 23): database
 * pools, Redis connections (also while Redis is down), BullMQ queues and workers, the Temporal
 * client and the worker's native runtime. Checked the only way that cannot be fooled: a Node
 * process that builds both as main.ts does, uses them, closes them and does nothing more must exit
 * by itself. (Jest no longer forces its own exit either, so a suite that leaks hangs the run.)
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ROOT } from '../../scripts/lib/paths';
import { SEARCH_ATTRIBUTES } from '../../scripts/lib/services';
import { TEMPORAL_CLI } from '../support/test-env';

/** The project's TypeScript, transpiled on the way with decorator metadata (Nest's injection reads it). */
const RUN_TS = `
const ts = require('typescript'); const fs = require('node:fs');
require.extensions['.ts'] = (m, f) => m._compile(ts.transpileModule(fs.readFileSync(f, 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true,
    experimentalDecorators: true, emitDecoratorMetadata: true }, fileName: f }).outputText, f);
require(process.argv[1]);`;

/** A bound on a hang, not a measure of speed: the child needs a few seconds, bundling included. */
const HANG_MS = 90_000;

interface Outcome {
  exitedByItself: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
}

function openAndClose(mode: 'up' | 'redis-down', temporal: string): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-e', RUN_TS, '--', join(ROOT, 'test', 'support', 'open-and-close.ts'), mode],
      {
        cwd: ROOT,
        env: { ...process.env, TIZIM_CLEAN_EXIT_TEMPORAL: temporal },
        timeout: HANG_MS,
        killSignal: 'SIGKILL',
      },
      (err, stdout, stderr) => {
        const killed = Boolean(err && (err as { killed?: boolean }).killed);
        resolve({
          exitedByItself: !killed,
          code: err ? ((err as { code?: number }).code ?? null) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: TEMPORAL_CLI },
      searchAttributes: Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => ({
        name,
        type: type.toUpperCase() as 'KEYWORD',
      })),
    },
  });
});
afterAll(async () => {
  await env?.teardown();
});

it('a process that built, used and closed the API and the worker exits by itself', async () => {
  const run = await openAndClose('up', env.address);
  expect(run.stdout).toContain('ready 200');
  expect(run.stdout).toContain('closed ');
  // When it hangs this line says what is still open (timers, sockets, the Temporal runtime).
  expect(run.stdout).not.toContain('still up');
  expect({ exitedByItself: run.exitedByItself, code: run.code, stderr: run.stderr }).toEqual({
    exitedByItself: true,
    code: 0,
    stderr: '',
  });
});

it('so does one that closed them while Redis was down', async () => {
  const run = await openAndClose('redis-down', env.address);
  expect(run.stdout).toContain('ready 503');
  expect(run.stdout).toContain('closed ');
  expect(run.stdout).not.toContain('still up');
  expect({ exitedByItself: run.exitedByItself, code: run.code }).toEqual({ exitedByItself: true, code: 0 });
});
