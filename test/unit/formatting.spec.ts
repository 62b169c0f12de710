/**
 * The tree stays as Prettier writes it (.prettierrc.json: 120 columns), so a diff shows what changed
 * and nothing else. `npx prettier --write <file>` mends a file this test names.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/paths';

function prettier(args: string[], cwd = ROOT) {
  return spawnSync(process.execPath, [join(ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
}

describe('formatting', () => {
  it('the project is formatted as Prettier writes it', () => {
    const run = prettier(['--list-different', '.']);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([]);
    expect(run.status).toBe(0);
  });

  it('the check names a file that is not (so the test above can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tizim-format-'));
    try {
      writeFileSync(join(dir, 'sloppy.ts'), 'export const  x = {a:1,\n b: "two"}\n');
      const run = prettier(['--config', join(ROOT, '.prettierrc.json'), '--list-different', 'sloppy.ts'], dir);
      expect(run.stdout.trim()).toBe('sloppy.ts');
      expect(run.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
