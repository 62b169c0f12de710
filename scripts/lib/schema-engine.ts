/**
 * Prisma's schema engine as WebAssembly, so migrations need no native engine download.
 *
 * The package's ESM entry imports its `.wasm` file directly, which Node 20 only allows behind
 * --experimental-wasm-modules. We do what that entry does by hand: load the bindings module,
 * instantiate the wasm bytes with it as the import object, and hand the instance back.
 * The migrations it applies are recorded in `_prisma_migrations` exactly as
 * `prisma migrate deploy` records them, so both tools can be used on the same database.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type * as Engine from '@prisma/schema-engine-wasm';

type WasmExports = Record<string, unknown>;
type Bindings = typeof Engine & { __wbg_set_wasm(exports: WasmExports): void };
// Node has WebAssembly as a global; TypeScript only types it with the DOM library.
declare const WebAssembly: {
  instantiate(bytes: Buffer, imports: Record<string, unknown>): Promise<{ instance: { exports: WasmExports } }>;
};

let bindings: Promise<Bindings> | undefined;

function loadBindings(): Promise<Bindings> {
  bindings ??= (async () => {
    // Node >= 20.19 can require() an ES module without a flag; a static import would run the ESM entry (above).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bg = require('@prisma/schema-engine-wasm/schema_engine_bg') as Bindings;
    const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': bg,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return bindings;
}

export interface SchemaEngineSession {
  engine: Engine.SchemaEngine;
  close(): Promise<void>;
}

/** Opens the engine over a PostgreSQL connection. Engine log lines go to `onLog`, never stdout. */
export async function openSchemaEngine(
  databaseUrl: string,
  schemaPath: string,
  onLog: (line: string) => void = () => undefined,
): Promise<SchemaEngineSession> {
  const { SchemaEngine } = await loadBindings();
  const datamodel = await readFile(schemaPath, 'utf8');
  // Our own pool, so close() can end it: freeing the engine does not close its connections.
  // (The engine itself leaves a ~10 s timer behind after applyMigrations; it only delays exit.)
  const pool = new Pool({ connectionString: databaseUrl, max: 2, allowExitOnIdle: true });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, datamodel]] }, onLog, adapter).catch(
    async (err: unknown) => {
      await pool.end();
      throw err;
    },
  );
  return {
    engine,
    async close() {
      engine.free();
      await pool.end();
    },
  };
}

export const NO_FILTER: Engine.SchemaFilter = { externalTables: [], externalEnums: [] };

/** Reads prisma/migrations the way the Prisma CLI does: one folder per migration, sorted by name. */
export async function readMigrationList(migrationsDir: string): Promise<Engine.MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories: Engine.MigrationDirectory[] = [];
  for (const path of folders) {
    const file = join(migrationsDir, path, 'migration.sql');
    const content = await readFile(file, 'utf8').then(
      (value): Engine.JsResult<string, string> => ({ tag: 'ok', value }),
      (err: Error): Engine.JsResult<string, string> => ({ tag: 'error', value: err.message }),
    );
    migrationDirectories.push({ path, migrationFile: { path: 'migration.sql', content } });
  }
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}
