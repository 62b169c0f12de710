import { Injectable } from '@nestjs/common';
import { Database, RedisGateway, TemporalGateway } from '../core/infrastructure.module';
import { silenceWords } from '../core/workers';

export type ComponentState = { status: 'up' } | { status: 'down'; error: string };

const CHECK_TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>): Promise<ComponentState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: (err as Error).message.split('\n')[0] };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether PostgreSQL, Redis and Temporal each answer within a short timeout, and whether a worker
 * polls the workflow and the activity task queues (Temporal's description of each: the last poll
 * of its pollers, ../core/workers.ts). Without a worker no Update, query or activity is served.
 */
@Injectable()
export class HealthService {
  constructor(
    private readonly db: Database,
    private readonly redis: RedisGateway,
    private readonly temporal: TemporalGateway,
  ) {}

  async components(): Promise<Record<'postgres' | 'redis' | 'temporal' | 'worker', ComponentState>> {
    const [postgres, redis, temporal, worker] = await Promise.all([
      probe(() => this.db.client.$queryRaw`SELECT 1`),
      probe(() => this.redis.client.ping()),
      probe(async () => {
        await this.temporal.connection.ensureConnected();
        await this.temporal.connection.workflowService.getSystemInfo({});
      }),
      probe(async () => {
        const silent = await this.temporal.workers.silent();
        if (silent.length) throw new Error(silent.map(silenceWords).join('; '));
      }),
    ]);
    return { postgres, redis, temporal, worker };
  }
}
