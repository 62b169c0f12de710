/**
 * The lint rules that keep workflow-side code deterministic (eslint.config.js) do catch what they
 * are for, and the project's own code passes them.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/paths';

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; message: string; line: number }[];
}

/** ESLint's own CLI, as `npm run lint` runs it (its config loader needs native ESM, not Jest's VM). */
function eslint(args: string[], stdin?: string): LintResult[] {
  const run = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', ...args],
    {
      cwd: ROOT,
      input: stdin,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (!run.stdout) throw new Error(`eslint did not run: ${run.stderr}`);
  return JSON.parse(run.stdout) as LintResult[];
}

function messages(code: string, filePath: string): string[] {
  const [result] = eslint(['--stdin', '--stdin-filename', filePath], code);
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('workflow-side lint rules', () => {
  it('refuse Node built-ins, databases and activity implementations in the pure libraries', () => {
    const found = messages(
      [
        "import { readFileSync } from 'node:fs';",
        "import { Queue } from 'bullmq';",
        "import { createActivities } from '../../activities';",
        "import type { Activities } from '../../activities';",
        'export const x = [readFileSync, Queue, createActivities] as unknown as Activities;',
      ].join('\n'),
      'libs/calendar/probe.ts',
    );
    // The layer rules find some of these too (test/unit/layer-lint.spec.ts); here the workflow side's.
    expect(found.filter((m) => !m.includes('Layers:'))).toEqual([
      expect.stringMatching(/no-restricted-imports: .*no Node built-ins/),
      expect.stringMatching(/no-restricted-imports: .*may not touch databases, queues/),
      expect.stringMatching(/no-restricted-imports: .*Import activity types only/),
    ]);
  });

  it('refuse reading the clock or random numbers in the calendar', () => {
    const found = messages(
      'export const a = Date.now();\nexport const b = new Date();\nexport const c = Math.random();\nexport const d = new Date(0);\n',
      'libs/calendar/probe.ts',
    );
    // The layer rules find some of these too (test/unit/layer-lint.spec.ts); here the workflow side's.
    expect(found.filter((m) => !m.includes('Layers:'))).toEqual([
      expect.stringMatching(/do not read the clock/),
      expect.stringMatching(/do not read the clock/),
      expect.stringMatching(/no Math.random/),
    ]);
  });

  // The whole tree, not only the workflow side: this is how `npm test` (and so CI) runs lint, the
  // recommended sets and the layer boundaries included.
  it('pass on the project as it is', () => {
    const results = eslint(['.']);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId} ${m.message}`))).toEqual(
      [],
    );
    expect(results.filter((r) => r.filePath.includes('/workflows/')).length).toBeGreaterThan(8);
    expect(results.filter((r) => r.filePath.endsWith('.tsx')).length).toBeGreaterThan(8);
  });
});
