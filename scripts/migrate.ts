/**
 * The project's offline migrate command.
 *
 *   node dist/scripts/migrate.js deploy          apply prisma/migrations to DATABASE_URL, then load
 *                                                the reference data (the shipped working-day calendar)
 *   node dist/scripts/migrate.js reference-data  only load the reference data
 *   node dist/scripts/migrate.js new <name>      write a migration for what schema.prisma adds
 *
 * `deploy` is what `prisma migrate deploy` does, on the WASM schema engine, with the data steps
 * SQL cannot do run between the migrations they belong to (DATA_STEPS). `new` replays the
 * existing migrations into a scratch database, diffs it against schema.prisma and writes the
 * SQL to prisma/migrations/<timestamp>_<name>/migration.sql for review and commit.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { SHIPPED_CALENDAR_YEARS } from '../libs/calendar/shipped';
import { CalendarStore, type SyncAction } from '../libs/db/calendar-store';
import { ensureAuditAppendOnly } from '../libs/db/audit-append-only';
import { ensureDatabaseRoles } from '../libs/db/database-roles';
import { iinHmacKeyFromEnv, withSecretFiles } from '../libs/config/config';
import { hashClearIins } from '../libs/db/iin-hashes';
import { createPrismaClient } from '../libs/db/prisma';
import { ROOT } from './lib/paths';
import { NO_FILTER, openSchemaEngine, readMigrationList } from './lib/schema-engine';

export const SCHEMA_PATH = join(ROOT, 'prisma', 'schema.prisma');
export const MIGRATIONS_DIR = join(ROOT, 'prisma', 'migrations');

/**
 * Runs `work` on a connection to the `postgres` database of DATABASE_URL's server, with the name of
 * the database the URL points at (checked: letters, digits and underscores only, as it is quoted).
 */
async function onServerOf(databaseUrl: string, work: (client: Client, name: string) => Promise<void>): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) {
    throw new Error(`DATABASE_URL names the database "${name}"; use letters, digits and underscores only`);
  }
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await work(client, name);
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL if it does not exist yet. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  await onServerOf(databaseUrl, async (client, name) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  });
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  await onServerOf(databaseUrl, async (client, name) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/**
 * Work on the data between two migrations that SQL cannot do: `after` adds what it needs, `before`
 * relies on it being done. `deploy` applies the migrations up to `after`, runs the step, then the
 * rest; once `before` is applied the step is never run again.
 */
interface DataStep {
  after: string;
  before: string;
  run(client: Client, env: Record<string, string | undefined>): Promise<string | null>;
}

export const DATA_STEPS: readonly DataStep[] = [
  {
    // The keyed hashes of the IINs (HMAC under TIZIM_IIN_HMAC_KEY, or the token secret where it is
    // not set, as the configuration holds it; either may come from a file, <NAME>_FILE).
    after: '20261207000617_pii_keyed_hashes',
    before: '20261207000618_pii_drop_clear_iins',
    run: (client, env) => hashClearIins(client, iinHmacKeyFromEnv(env)),
  },
];

async function withClient<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The migrations the database records as finished (none on a new database). */
async function finishedMigrations(databaseUrl: string): Promise<Set<string>> {
  return withClient(databaseUrl, async (client) => {
    const table = await client.query<{ t: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS t");
    if (!table.rows[0].t) return new Set<string>();
    const { rows } = await client.query<{ name: string }>(
      'SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return new Set(rows.map((r) => r.name));
  });
}

/**
 * Applies every pending migration, running each pending data step between its two migrations;
 * returns the names applied now (empty when up to date). `env` gives a data step its settings
 * (TIZIM_IIN_HMAC_KEY or TIZIM_TOKEN_SECRET); `onNote` hears what a data step did.
 */
export async function migrateDeploy(
  databaseUrl: string,
  env: Record<string, string | undefined> = process.env,
  onNote: (line: string) => void = () => undefined,
): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const finished = await finishedMigrations(databaseUrl);
  const session = await openSchemaEngine(databaseUrl, SCHEMA_PATH);
  try {
    const all = await readMigrationList(MIGRATIONS_DIR);
    const applied: string[] = [];
    const applyUpTo = async (last: number) => {
      const migrationsList = { ...all, migrationDirectories: all.migrationDirectories.slice(0, last + 1) };
      const out = await session.engine.applyMigrations({ migrationsList, filters: NO_FILTER });
      applied.push(...out.appliedMigrationNames);
    };
    for (const step of DATA_STEPS) {
      if (finished.has(step.before)) continue;
      const after = all.migrationDirectories.findIndex((d) => d.path === step.after);
      if (after < 0)
        throw new Error(`the data step after ${step.after} names a migration that is not in ${MIGRATIONS_DIR}`);
      await applyUpTo(after);
      const note = await withClient(databaseUrl, (client) => step.run(client, env));
      if (note) onNote(`${step.after}: ${note}`);
    }
    await applyUpTo(all.migrationDirectories.length - 1);
    // What a migration.sql cannot hold (libs/db/audit-append-only.ts), as idempotent DDL every deploy.
    await withClient(databaseUrl, ensureAuditAppendOnly);
    // The roles' part (deploy/postgres/roles.sql): audit_event append-only by privilege, the
    // worker's partitioned tables to the partition owner role (libs/db/database-roles.ts).
    await withClient(databaseUrl, ensureDatabaseRoles);
    return applied;
  } finally {
    await session.close();
  }
}

/**
 * Loads the reference data the system cannot work without: the shipped working-day calendar
 * years. Idempotent; an admin's correction of a year is kept (see CalendarStore.syncShipped).
 */
export async function loadReferenceData(databaseUrl: string): Promise<{ year: number; action: SyncAction }[]> {
  const prisma = createPrismaClient(databaseUrl, { maxConnections: 2 });
  try {
    return await new CalendarStore(prisma).syncShipped(SHIPPED_CALENDAR_YEARS);
  } finally {
    await prisma.$disconnect();
  }
}

export const describeReferenceData = (actions: { year: number; action: SyncAction }[]): string =>
  `working-day calendar: ${actions.map((a) => `${a.year} ${a.action}`).join(', ')}`;

/**
 * The datamodel the newest migration was generated from. `new` diffs it against schema.prisma as
 * text: the WASM engine cannot introspect a live database through the pg adapter (PostgreSQL's
 * internal "char" columns do not deserialize), so no shadow database is involved.
 */
export const SNAPSHOT_PATH = join(MIGRATIONS_DIR, 'last-migration.schema.snapshot');

/** Writes a new migration folder with the SQL that takes the last migrated datamodel to schema.prisma. */
export async function createMigration(databaseUrl: string, name: string): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`migration name "${name}": use lower-case letters, digits and _`);
  const datamodel = await readFile(SCHEMA_PATH, 'utf8');
  const previous = await readFile(SNAPSHOT_PATH, 'utf8').catch(() => null);
  const existing = await readMigrationList(MIGRATIONS_DIR);
  if (previous === null && existing.migrationDirectories.length > 0) {
    throw new Error(`${SNAPSHOT_PATH} is missing but migrations exist: restore it from git before adding a migration`);
  }
  await ensureDatabase(databaseUrl);
  const session = await openSchemaEngine(databaseUrl, SCHEMA_PATH);
  try {
    const diff = await session.engine.diff({
      from:
        previous === null
          ? { tag: 'empty' }
          : { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: previous }] },
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: datamodel }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const sql = diff.stdout ?? '';
    if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) return null;
    const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'migration.sql'), sql);
    await writeFile(join(MIGRATIONS_DIR, 'migration_lock.toml'), LOCKFILE);
    await writeFile(SNAPSHOT_PATH, datamodel);
    return dir;
  } finally {
    await session.close();
  }
}

const LOCKFILE = `# Please do not edit this file manually
# It should be added in your version-control system (e.g., Git)
provider = "postgresql"
`;

async function main(argv: string[]): Promise<void> {
  const [command, name] = argv;
  // DATABASE_URL or DATABASE_URL_FILE, as the API and the worker read it.
  const secrets = withSecretFiles(process.env);
  if (secrets.problems.length) throw new Error(secrets.problems.join('; '));
  const databaseUrl = secrets.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is not set: the migrate command needs the database to work on');
  if (command === 'deploy') {
    const applied = await migrateDeploy(databaseUrl, process.env, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    process.stdout.write(`${describeReferenceData(await loadReferenceData(databaseUrl))}\n`);
  } else if (command === 'reference-data') {
    process.stdout.write(`${describeReferenceData(await loadReferenceData(databaseUrl))}\n`);
  } else if (command === 'new' && name) {
    const dir = await createMigration(databaseUrl, name);
    process.stdout.write(
      dir
        ? `wrote ${dir}/migration.sql: review it, then commit it\n`
        : 'schema.prisma adds nothing: no migration written\n',
    );
  } else {
    throw new Error('usage: migrate deploy | migrate reference-data | migrate new <name>');
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    // The WASM engine leaves a ~10 s timer behind; exit once the output is flushed.
    () => process.stdout.write('', () => process.exit(0)),
    (err: Error) => {
      process.stderr.write(`migrate: ${err.message}\n`);
      process.exit(1);
    },
  );
}
