/**
 * Once per test run: real services, fresh state.
 *  - PostgreSQL: DATABASE_URL's server if set, else the project's own test cluster
 *    (.local/test/postgres, port TIZIM_TEST_PG_PORT or 55433); a new database per run, migrated
 *    with the project's migrate command and loaded with the shipped calendar, as a deploy does.
 *  - Redis: REDIS_URL if set, else the project's own test server (port TIZIM_TEST_REDIS_PORT or
 *    56380); a key prefix per run, deleted afterwards.
 *  - Temporal: each suite starts its own server from .venv (time-skipping or dev).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadReferenceData, migrateDeploy } from '../../scripts/migrate';
import {
  freeLocalPort,
  LOCAL_DIR,
  PortTakenError,
  startLocalPostgres,
  startLocalRedis,
  type LocalService,
} from '../../scripts/lib/services';

/** Tests need no fixed port: when the usual one is held by another checkout's server, take a free one. */
async function onFreePort(preferred: number, start: (port: number) => Promise<LocalService>): Promise<LocalService> {
  try {
    return await start(preferred);
  } catch (err) {
    if (!(err instanceof PortTakenError)) throw err;
    return start(await freeLocalPort());
  }
}
import { generateCodecKey } from '../../libs/temporal/codec-keys';

declare global {
  // eslint-disable-next-line no-var
  var __TIZIM_TEST_SERVICES__: LocalService[] | undefined;
}

export default async function globalSetup(): Promise<void> {
  const started: LocalService[] = [];
  globalThis.__TIZIM_TEST_SERVICES__ = started;
  const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

  let server = process.env.DATABASE_URL;
  if (!server) {
    const pg = await onFreePort(Number(process.env.TIZIM_TEST_PG_PORT ?? 55433), (port) =>
      startLocalPostgres(join(LOCAL_DIR, 'test', 'postgres', 'data'), port),
    );
    if (pg.startedHere) started.push(pg);
    server = pg.url;
  }
  const url = new URL(server);
  url.pathname = `/tizim_test_${run}`;
  await migrateDeploy(url.toString());
  await loadReferenceData(url.toString());
  process.env.TIZIM_TEST_DATABASE_URL = url.toString();

  let redis = process.env.REDIS_URL;
  if (!redis) {
    const local = await onFreePort(Number(process.env.TIZIM_TEST_REDIS_PORT ?? 56380), (port) =>
      startLocalRedis(join(LOCAL_DIR, 'test', 'redis'), port, { persist: false }),
    );
    if (local.startedHere) started.push(local);
    redis = local.url;
  }
  process.env.TIZIM_TEST_REDIS_URL = redis;
  process.env.TIZIM_TEST_QUEUE_PREFIX = `tizim-test-${run}`;
  process.env.TIZIM_TEST_CODEC_KEYS = generateCodecKey('test-1');
}
