/**
 * The Prisma client on the pg driver adapter: Prisma 7's client runs on WASM, so no native query
 * engine is involved. One factory for the API, the worker's activities, the seed and the tests.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import type { Logger } from '../observability/logger';
import { connectionErrorLogger } from './connection-errors';
import { PrismaClient } from './generated/client';

export { Prisma, PrismaClient } from './generated/client';
export type * from './generated/models';

/**
 * `logger`: where a lost connection is logged (by its code), the pool's idle ones and a
 * transaction's; the adapter listens either way, so a database restart never ends the process.
 * `connectTimeoutMs`: how long to wait for a new connection or a free one of the pool (unbounded by default).
 */
export function createPrismaClient(
  databaseUrl: string,
  options: { maxConnections?: number; logger?: Pick<Logger, 'warn'>; connectTimeoutMs?: number } = {},
): PrismaClient {
  const log = options.logger && connectionErrorLogger(options.logger, 'prisma');
  const adapter = new PrismaPg(
    {
      connectionString: databaseUrl,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 0,
    },
    log && { onPoolError: log, onConnectionError: log },
  );
  // A transaction (a batch of queries is one on the driver adapter) waits for its connection as long
  // as a query would, not Prisma's 2 s: on a loaded host 2 s passed before the pool answered, and a
  // healthy database was reported as a failure (core/outages.ts answers the wait running out as 503).
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 15_000 } });
}
