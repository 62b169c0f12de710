/**
 * The Prisma client on the pg driver adapter: Prisma 7's client runs on WASM, so no native query
 * engine is involved. One factory for the API, the worker's activities, the seed and the tests.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export { Prisma, PrismaClient } from './generated/client';
export type * from './generated/models';

export function createPrismaClient(databaseUrl: string, options: { maxConnections?: number } = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}
