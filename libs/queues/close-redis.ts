/**
 * Closing a Redis connection for good, whether or not Redis answers at that moment.
 *
 * `quit()` alone is not enough: a producer connection (no offline queue) that cannot reach Redis
 * refuses the QUIT and goes on reconnecting, and a worker connection (offline queue, retries for
 * ever) queues it until Redis is back. Either way its reconnect timer keeps the process alive after
 * the API or the worker has "closed", and a shutdown during a Redis outage never ends.
 */
import type { Redis } from 'ioredis';

/** How long a QUIT may take to be answered before the socket is simply closed. */
const QUIT_WAIT_MS = 2_000;

export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      redis.quit().catch(() => undefined),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }
  // Stops any reconnection under way (and is harmless after a QUIT that was answered).
  redis.disconnect(false);
}
