/**
 * A Redis command with a deadline: `op` runs once the connection is ready (a command sent before
 * fails at once, the API's client having no offline queue), and the whole takes at most `ms`.
 * Rejects with "no answer within … ms" past it. For the counts that must answer quickly or not at
 * all (./rate-limit.ts, ../auth/sign-in-throttle.ts): an API just started waits for its connection
 * rather than refusing its first requests.
 */
import type { Redis } from 'ioredis';

export async function redisWithin<T>(client: Redis, ms: number, op: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onReady: (() => void) | undefined;
  try {
    return await Promise.race([
      (async () => {
        if (client.status !== 'ready' && ['wait', 'connecting', 'connect'].includes(client.status))
          await new Promise<void>((resolve) => {
            onReady = resolve;
            client.once('ready', onReady);
          });
        return op();
      })(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onReady) client.off('ready', onReady);
  }
}
