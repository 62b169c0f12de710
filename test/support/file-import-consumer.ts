/**
 * The worker's file-import consumer in a process of its own, built as apps/worker/src/worker.ts
 * builds it, for tests that must see whether the process survives what happens to its database
 * (test/db/worker-database-restart.spec.ts). Configured by the environment: DATABASE_URL,
 * REDIS_URL, QUEUE_PREFIX, TIZIM_FILE_STORE. Logs JSON lines to stdout ("consumer ready" once it
 * takes jobs); SIGTERM closes it.
 */
import { startFileImportWorker } from '../../apps/worker/src/consumers/file-imports';
import { createPrismaClient } from '../../libs/db/prisma';
import { FileStore } from '../../libs/files/store';
import { createLogger } from '../../libs/observability/logger';
import { workerConnection } from '../../libs/queues/queues';

async function main(): Promise<void> {
  const env = (name: string) => process.env[name] ?? '';
  const logger = createLogger('worker', 'info');
  const databaseUrl = env('DATABASE_URL');
  const prisma = createPrismaClient(databaseUrl, { logger });
  const redis = workerConnection(env('REDIS_URL'));
  const worker = startFileImportWorker(
    { prisma, databaseUrl, store: new FileStore(env('TIZIM_FILE_STORE')), logger },
    redis,
    env('QUEUE_PREFIX'),
  );
  await worker.waitUntilReady();
  logger.info('consumer ready');
  process.once('SIGTERM', () => {
    void worker
      .close()
      .then(() => prisma.$disconnect())
      .finally(() => {
        redis.disconnect();
        process.exit(0);
      });
  });
}

void main();
