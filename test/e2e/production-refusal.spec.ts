/**
 * In production mode (TIZIM_ENV=production) the API and the worker refuse to start on plaintext
 * connections or development secrets: each process, started as its main.ts starts it, exits 1
 * before opening any connection, with one line per setting in plain words and no secret echoed.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { generateCodecKey } from '../../libs/temporal/codec-keys';
import { ROOT } from '../../scripts/lib/paths';

/** The project's TypeScript, transpiled on the way with decorator metadata (as test/e2e/clean-exit.spec.ts runs it). */
const RUN_TS = `
const ts = require('typescript'); const fs = require('node:fs');
require.extensions['.ts'] = (m, f) => m._compile(ts.transpileModule(fs.readFileSync(f, 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true,
    experimentalDecorators: true, emitDecoratorMetadata: true }, fileName: f }).outputText, f);
require(process.argv[1]);`;

/** The local stack's plain settings, with production mode switched on. */
const PLAIN_PRODUCTION = {
  PATH: process.env.PATH ?? '',
  TIZIM_ENV: 'production',
  DATABASE_URL: 'postgresql://tizim:db-password-not-echoed@127.0.0.1:5432/tizim',
  REDIS_URL: 'redis://127.0.0.1:6379',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  TIZIM_CODEC_KEYS: generateCodecKey('k1'),
  // Switched on (production's default is off), so a weak operator token is refused too.
  TIZIM_OPERATOR_TOKEN: 'on',
  API_ADMIN_TOKEN: 'x'.repeat(32),
  TIZIM_TOKEN_SECRET: 'y'.repeat(32),
};

function start(main: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-e', RUN_TS, '--', join(ROOT, main)],
      { cwd: ROOT, env: PLAIN_PRODUCTION, timeout: 100_000, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

describe('production mode refuses plaintext and development secrets at start-up', () => {
  for (const main of ['apps/api/src/main.ts', 'apps/worker/src/main.ts']) {
    it(`${main} exits naming each setting`, async () => {
      const { code, stderr, stdout } = await start(main);
      expect(code).toBe(1);
      const lines = stderr.split('\n').filter((l) => l.startsWith('  - '));
      for (const setting of [
        'DATABASE_URL',
        'REDIS_URL',
        'TEMPORAL_TLS_CA_FILE',
        'API_ADMIN_TOKEN',
        'TIZIM_TOKEN_SECRET',
        'TIZIM_IIN_HMAC_KEY',
      ])
        expect(lines.some((l) => l.startsWith(`  - ${setting} `))).toBe(true);
      expect(lines.find((l) => l.startsWith('  - DATABASE_URL'))).toContain('sslmode=verify-full');
      expect(lines.find((l) => l.startsWith('  - REDIS_URL'))).toContain('rediss://');
      expect(`${stderr}${stdout}`).not.toContain('db-password-not-echoed');
      expect(`${stderr}${stdout}`).not.toContain('y'.repeat(32));
    });
  }
});
