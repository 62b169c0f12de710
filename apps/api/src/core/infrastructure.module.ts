/**
 * Connections the API holds for its whole life: PostgreSQL (Prisma), Temporal (client with the
 * encrypting codec) and Redis. One global module; each is closed on shutdown.
 *
 * Each is bounded in time, so an outage is answered at once as 503 naming the service
 * (./outages.ts), never after the client's own retries: every call to Temporal has a deadline
 * (callDeadline, or an Update's own), the database's connections a connect timeout, and Redis
 * refuses a command while it is disconnected (no offline queue).
 */
import { Global, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { Redis } from 'ioredis';
import type { TizimConfig } from '../../../../libs/config/config';
import { createPrismaClient, type PrismaClient } from '../../../../libs/db/prisma';
import { closeRedis } from '../../../../libs/queues/close-redis';
import { producerConnection } from '../../../../libs/queues/queues';
import { tizimDataConverter } from '../../../../libs/temporal/codec';
import { temporalConnectionOptions } from '../../../../libs/temporal/connection';
import type { Logger } from '../../../../libs/observability/logger';
import { AppConfig } from './app-config';
import { callDeadline, deliveryAwareRetry } from './workflow-messages';
import { WorkerPresence, workerPresenceInterceptor } from './workers';

/** How long the API waits for a new connection to PostgreSQL (or a free one of its pool). */
const DATABASE_CONNECT_TIMEOUT_MS = 5_000;

/** The API's logger (pino, JSON lines), for what Nest builds: the problem filter, services. */
export abstract class ApiLogger {
  abstract readonly logger: Logger;
}

export abstract class Database {
  abstract readonly client: PrismaClient;
}
export abstract class TemporalGateway {
  abstract readonly client: Client;
  abstract readonly connection: Connection;
  /** Whether a worker polls the API's task queue (./workers.ts). */
  abstract readonly workers: WorkerPresence;
}
export abstract class RedisGateway {
  abstract readonly client: Redis;
}

@Injectable()
class Connections implements OnApplicationShutdown {
  constructor(
    readonly prisma: PrismaClient,
    readonly temporalConnection: Connection,
    readonly temporal: Client,
    readonly workers: WorkerPresence,
    readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.prisma.$disconnect(), this.temporalConnection.close(), closeRedis(this.redis)]);
  }
}

async function openConnections(config: TizimConfig): Promise<Connections> {
  const prisma = createPrismaClient(config.databaseUrl, { connectTimeoutMs: DATABASE_CONNECT_TIMEOUT_MS });
  // lazy: the API starts (and reports "not ready") while Temporal is still coming up. Its retries
  // are the client's own, recording whether a failed call could have reached the server, so an
  // official is told "nothing changed" only when that is so (workflow-messages.ts); and they stop
  // at the call's deadline (the first interceptor gives one to a call that has none).
  const temporalConnection = Connection.lazy({
    ...temporalConnectionOptions(config.temporal),
    interceptors: [callDeadline(), deliveryAwareRetry()],
  });
  const workers = new WorkerPresence(
    temporalConnection,
    config.temporal.namespace,
    config.temporal.taskQueue,
    config.temporal.workerSilentSeconds,
  );
  const temporal = new Client({
    connection: temporalConnection,
    namespace: config.temporal.namespace,
    dataConverter: tizimDataConverter(config.codec.keys, config.codec.activeKeyId),
    // An Update or a query waits for a worker: neither is sent when none polls (workers.ts).
    interceptors: { workflow: [workerPresenceInterceptor(workers)] },
  });
  const redis = producerConnection(config.redisUrl, config.redisTls);
  redis.on('error', () => undefined); // readiness reports it; ioredis reconnects by itself
  return new Connections(prisma, temporalConnection, temporal, workers, redis);
}

@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: TizimConfig, logger: Logger): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: AppConfig, useValue: new AppConfig(config) },
        { provide: ApiLogger, useValue: { logger } },
        { provide: Connections, useFactory: () => openConnections(config) },
        { provide: Database, useFactory: (c: Connections) => ({ client: c.prisma }), inject: [Connections] },
        {
          provide: TemporalGateway,
          useFactory: (c: Connections) => ({
            client: c.temporal,
            connection: c.temporalConnection,
            workers: c.workers,
          }),
          inject: [Connections],
        },
        { provide: RedisGateway, useFactory: (c: Connections) => ({ client: c.redis }), inject: [Connections] },
      ],
      exports: [AppConfig, ApiLogger, Database, TemporalGateway, RedisGateway],
    };
  }
}
