/** Drops the run's database and Redis keys, then stops the services the setup started. */
import IORedis from 'ioredis';
import { dropDatabase } from '../../scripts/migrate';

export default async function globalTeardown(): Promise<void> {
  const db = process.env.TIZIM_TEST_DATABASE_URL;
  if (db && !process.env.TIZIM_TEST_KEEP_DATABASE) await dropDatabase(db);
  const redisUrl = process.env.TIZIM_TEST_REDIS_URL;
  const prefix = process.env.TIZIM_TEST_QUEUE_PREFIX;
  if (redisUrl && prefix) {
    const redis = new IORedis(redisUrl);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      await redis.quit();
    }
  }
  for (const service of (globalThis.__TIZIM_TEST_SERVICES__ ?? []).reverse()) await service.stop();
}
