/**
 * Connections the API holds for its whole life: PostgreSQL (Prisma), Temporal (client with the
 * encrypting codec) and Redis. One global module; each is closed on shutdown.
 */
import { Global, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { Redis } from 'ioredis';
import type { TizimConfig } from '../../../../libs/config/config';
import { createPrismaClient, type PrismaClient } from '../../../../libs/db/prisma';
import { producerConnection } from '../../../../libs/queues/queues';
import { tizimDataConverter } from '../../../../libs/temporal/codec';
import type { Logger } from '../../../../libs/observability/logger';
import { AppConfig } from './app-config';
import { deliveryAwareRetry } from './workflow-messages';

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
    readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.prisma.$disconnect(), this.temporalConnection.close(), this.redis.quit()]);
  }
}

async function openConnections(config: TizimConfig): Promise<Connections> {
  const prisma = createPrismaClient(config.databaseUrl);
  // lazy: the API starts (and reports "not ready") while Temporal is still coming up. Its retries
  // are the client's own, recording whether a failed call could have reached the server, so an
  // official is told "nothing changed" only when that is so (workflow-messages.ts).
  const temporalConnection = Connection.lazy({
    address: config.temporal.address,
    interceptors: [deliveryAwareRetry()],
  });
  const temporal = new Client({
    connection: temporalConnection,
    namespace: config.temporal.namespace,
    dataConverter: tizimDataConverter(config.codec.keys, config.codec.activeKeyId),
  });
  const redis = producerConnection(config.redisUrl);
  redis.on('error', () => undefined); // readiness reports it; ioredis reconnects by itself
  return new Connections(prisma, temporalConnection, temporal, redis);
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
          useFactory: (c: Connections) => ({ client: c.temporal, connection: c.temporalConnection }),
          inject: [Connections],
        },
        { provide: RedisGateway, useFactory: (c: Connections) => ({ client: c.redis }), inject: [Connections] },
      ],
      exports: [AppConfig, ApiLogger, Database, TemporalGateway, RedisGateway],
    };
  }
}
