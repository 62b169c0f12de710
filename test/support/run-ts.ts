/**
 * Runs a TypeScript entry point of the project (a command under scripts/) in a plain Node child
 * process, transpiled on the way as ts-jest would: for tests of a command as an official runs it
 * (its arguments, its exit code, its output), and for code Jest's module runtime cannot load (the
 * schema engine is an ES module).
 */
import { execFile } from 'node:child_process';
import { ROOT } from '../../scripts/lib/paths';

/** A require hook that transpiles .ts files with the project's TypeScript. */
export const TS_REQUIRE_HOOK = `
const ts = require('typescript'); const fs = require('node:fs');
require.extensions['.ts'] = (m, f) => m._compile(ts.transpileModule(fs.readFileSync(f, 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true },
  fileName: f }).outputText, f);`;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `script` (a path to a .ts file) with `args` and `env` added to this process's environment. */
export function runTs(
  script: string,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<RunResult> {
  // node -e … -- SCRIPT ARGS: process.argv is [node, SCRIPT, ARGS], as the script expects when run itself.
  const code = `${TS_REQUIRE_HOOK}\nrequire(process.argv[1]);`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-e', code, '--', script, ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: timeoutMs, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const exit =
          err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? 1 : 0;
        resolve({ code: exit, stdout, stderr });
      },
    );
  });
}
