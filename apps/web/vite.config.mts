/**
 * The web console's build (npm run build, scripts/setup.sh): apps/web → dist/web, served by the API
 * at /console. `npm run web:dev` serves it with hot reload and sends /v1 to the API on :3000.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)), emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000' } },
});
