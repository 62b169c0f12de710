import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../core/auth';
import { Database, RedisGateway, TemporalGateway } from '../core/infrastructure.module';
import { NoRateLimit } from '../core/rate-limit';

type ComponentState = { status: 'up' } | { status: 'down'; error: string };

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

@ApiTags('health')
@NoRateLimit() // probes of the orchestrator and the load balancer are never refused
@Controller()
export class HealthController {
  constructor(
    private readonly db: Database,
    private readonly redis: RedisGateway,
    private readonly temporal: TemporalGateway,
  ) {}

  @Public()
  @Get('health')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The API process is alive' })
  health() {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({ description: 'PostgreSQL, Redis and Temporal all answer' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency does not answer; each is listed' })
  async ready(@Res({ passthrough: true }) res: Response) {
    const [postgres, redis, temporal] = await Promise.all([
      probe(() => this.db.client.$queryRaw`SELECT 1`),
      probe(() => this.redis.client.ping()),
      probe(async () => {
        await this.temporal.connection.ensureConnected();
        await this.temporal.connection.workflowService.getSystemInfo({});
      }),
    ]);
    const components = { postgres, redis, temporal };
    const ready = Object.values(components).every((c) => c.status === 'up');
    res.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not-ready', components };
  }
}
