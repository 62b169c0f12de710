/**
 * A database of the suite's own, for specs that change what every other suite reads: making a
 * register snapshot current changes the one global register (register_snapshot's CURRENT row),
 * and the db and e2e suites share one database per run (global-setup.ts). Created and migrated
 * in beforeAll with the project's migrate command (as a deploy does), dropped in afterAll.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client, Pool } from 'pg';
import { dropDatabase } from '../../scripts/migrate';
import { ROOT } from '../../scripts/lib/paths';
import { demoRegister } from '../../libs/synthetic/demo';
import { REGIONS } from '../../libs/territory/regions';
import { TS_REQUIRE_HOOK } from './run-ts';
import { testDatabaseUrl } from './test-env';

/** A URL for a new database beside the run's, named from it and `suffix` (letters, digits, _). */
export function ownDatabaseUrl(suffix: string): string {
  if (!/^[a-z0-9_]+$/.test(suffix)) throw new Error('a database suffix is lower-case letters, digits and _');
  const url = new URL(testDatabaseUrl());
  url.pathname = `${url.pathname}_${suffix}_${randomBytes(2).toString('hex')}`;
  return url.toString();
}

/**
 * scripts/migrate.ts's migrateDeploy and loadReferenceData in a plain Node process: the schema
 * engine is an ES module, which Node requires but Jest's module runtime cannot load (the global
 * setup runs outside it). The TypeScript is transpiled on the way, as ts-jest would.
 */
const MIGRATE_IN_NODE = `${TS_REQUIRE_HOOK}
const m = require(process.argv[1]);
m.migrateDeploy(process.argv[2]).then(() => m.loadReferenceData(process.argv[2])).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });`;

/** Creates and migrates the database, with the shipped calendar (reference data), as a deploy does. */
export async function createOwnDatabase(url: string): Promise<void> {
  await promisify(execFile)(process.execPath, ['-e', MIGRATE_IN_NODE, join(ROOT, 'scripts', 'migrate.ts'), url], {
    cwd: ROOT,
    timeout: 120_000,
  });
}

/** The regions, the demo districts and their polling stations (libs/synthetic/demo.ts), as the seed writes them. */
export async function loadDemoTerritory(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const demo = demoRegister();
    for (const r of REGIONS) {
      await client.query(
        'INSERT INTO region (code, name_ru, name_kk, kind) VALUES ($1, $2, $3, $4::region_kind) ON CONFLICT (code) DO NOTHING',
        [r.code, r.nameRu, r.nameKk, r.kind],
      );
    }
    for (const d of demo.districts) {
      await client.query(
        'INSERT INTO district (id, region_code, name_ru, name_kk) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING',
        [d.id, d.regionCode, d.nameRu, d.nameKk],
      );
    }
    for (const s of demo.stations) {
      await client.query(
        `INSERT INTO polling_station (id, region_code, district_id, number, premises, locality, street, house)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7) ON CONFLICT (region_code, number) DO NOTHING`,
        [s.regionCode, s.districtId, s.number, s.premises, s.locality, s.street, s.house],
      );
    }
  } finally {
    await client.end();
  }
}

export interface OwnDatabase {
  url: string;
  pool: Pool;
}

/**
 * In a describe: its own migrated database with the demo territory, and a pool on it; dropped
 * afterwards (kept with TIZIM_TEST_KEEP_DATABASE, as the run's is).
 */
export function useOwnDatabase(suffix: string, options: { demoTerritory?: boolean } = {}): OwnDatabase {
  const own = {} as OwnDatabase;
  beforeAll(async () => {
    own.url = ownDatabaseUrl(suffix);
    await createOwnDatabase(own.url);
    if (options.demoTerritory !== false) await loadDemoTerritory(own.url);
    own.pool = new Pool({ connectionString: own.url, max: 6 });
    // An idle connection ended by the server (another run's teardown on the shared server) is not this suite's failure.
    own.pool.on('error', () => undefined);
  });
  afterAll(async () => {
    await own.pool?.end();
    if (own.url && !process.env.TIZIM_TEST_KEEP_DATABASE) await dropDatabase(own.url);
  });
  return own;
}
