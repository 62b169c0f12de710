/**
 * What the global setup hands to the test files through the environment: a fresh database, a
 * Redis with a per-run key prefix, the Temporal binaries. Personal data in tests is synthetic.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type TizimConfig } from '../../libs/config/config';
import { generateCodecKey } from '../../libs/temporal/codec-keys';
import { ROOT } from '../../scripts/lib/paths';

export const TEMPORAL_CLI = join(ROOT, '.venv', 'bin', 'temporal');
export const TEMPORAL_TEST_SERVER = join(ROOT, '.venv', 'bin', 'temporal-test-server');

export function testDatabaseUrl(): string {
  const url = process.env.TIZIM_TEST_DATABASE_URL;
  if (!url)
    throw new Error('TIZIM_TEST_DATABASE_URL is not set: run the tests through jest (its global setup sets it)');
  return url;
}

export function testRedisUrl(): string {
  const url = process.env.TIZIM_TEST_REDIS_URL;
  if (!url) throw new Error('TIZIM_TEST_REDIS_URL is not set: run the tests through jest (its global setup sets it)');
  return url;
}

/** The operator token every test configuration carries. */
export const TEST_OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';
/** The e-gov portal's credential in tests (citizens' services). */
export const TEST_PORTAL_TOKEN = 'test-egov-portal-token-0123456789abcdef';

/** Each state registry's credential in tests (the register feeds, issue 20). */
export const TEST_FEED_TOKENS = {
  CIVIL_REGISTRY: 'test-feed-civil-registry-0123456789abcdef',
  COURTS: 'test-feed-courts-0123456789abcdef0123',
  MIGRATION_SERVICE: 'test-feed-migration-service-0123456789abcdef',
  ADDRESS_REGISTRY: 'test-feed-address-registry-0123456789abcdef',
} as const;

/** A complete, valid configuration for tests; `overrides` take precedence (e.g. the Temporal address). */
export function testConfig(overrides: Record<string, string> = {}): TizimConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: testRedisUrl(),
    TIZIM_CODEC_KEYS: process.env.TIZIM_TEST_CODEC_KEYS ?? generateCodecKey('test-1'),
    API_ADMIN_TOKEN: TEST_OPERATOR_TOKEN,
    TIZIM_TOKEN_SECRET: 'test-token-secret-0123456789abcdef0123',
    TIZIM_EGOV_PORTAL_TOKEN: TEST_PORTAL_TOKEN,
    TIZIM_FEED_TOKEN_CIVIL_REGISTRY: TEST_FEED_TOKENS.CIVIL_REGISTRY,
    TIZIM_FEED_TOKEN_COURTS: TEST_FEED_TOKENS.COURTS,
    TIZIM_FEED_TOKEN_MIGRATION_SERVICE: TEST_FEED_TOKENS.MIGRATION_SERVICE,
    TIZIM_FEED_TOKEN_ADDRESS_REGISTRY: TEST_FEED_TOKENS.ADDRESS_REGISTRY,
    // The seed's pilot closed on 31 March 2026; tests of the online route run it as if still open.
    TIZIM_ID_CARD_PILOT_ENDS_ON: '2099-12-31',
    // Cheap hashing: tests sign in many times; production keeps the default.
    TIZIM_PASSWORD_ARGON2_MEMORY_KIB: '1024',
    API_PORT: '0',
    QUEUE_PREFIX: `${process.env.TIZIM_TEST_QUEUE_PREFIX ?? 'tizim-test'}-${process.pid}`,
    LOG_LEVEL: process.env.TIZIM_TEST_LOG_LEVEL ?? 'fatal',
    // Suites poll the API every 100 ms; test/e2e/rate-limit.spec.ts sets its own small limit.
    TIZIM_RATE_LIMIT_PER_MINUTE: '1000000',
    // The board as of this instant: tests read it right after what they change. Its snapshots
    // (the service's default of 3 s) are tested on their own (test/e2e/board-snapshots.spec.ts).
    TIZIM_BOARD_SNAPSHOT_SECONDS: '0',
    TIZIM_SIGN_IN_RATE_PER_MINUTE: '1000000',
    // Every suite of a run signs in from 127.0.0.1 and a worker's suites share one queue prefix, so
    // the per-address allowance would add up their deliberate refusals (a late suite met 429 where
    // it expected 401); test/e2e/sign-in-abuse.spec.ts sets its own small one.
    TIZIM_SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS: '10000',
    // Suites share the run's database and upload for the same districts all day; the quota is
    // test/e2e/sign-in-abuse.spec.ts's, on a database of its own.
    TIZIM_UPLOAD_QUOTA_FILES_PER_DAY: '0',
    TIZIM_UPLOAD_QUOTA_MB_PER_DAY: '0',
    TIZIM_FILE_STORE: join(tmpdir(), `tizim-test-files-${process.env.TIZIM_TEST_QUEUE_PREFIX ?? process.pid}`),
    ...overrides,
  });
}
