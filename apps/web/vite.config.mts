/**
 * The web console's build (npm run build, scripts/setup.sh): apps/web → dist/web, served by the API
 * at /console. `npm run web:dev` serves it with hot reload and sends /v1 to the API on :3000.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

const outDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Writes a .br and a .gz copy beside each script and style of the build; the API serves them (app.ts). */
function precompress(): Plugin {
  return {
    name: 'tizim-precompress',
    apply: 'build',
    closeBundle() {
      const assets = join(outDir, 'assets');
      for (const name of readdirSync(assets).filter((n) => /\.(js|css|svg|json)$/.test(n))) {
        const file = join(assets, name);
        const content = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

export default defineConfig({
  plugins: [precompress()],
  root,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir, emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
