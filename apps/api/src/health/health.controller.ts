import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../core/auth';
import { NoRateLimit } from '../core/rate-limit';
import { HealthService } from './health.service';

@ApiTags('health')
@NoRateLimit() // probes of the orchestrator and the load balancer are never refused
@Controller()
export class HealthController {
  constructor(private readonly checks: HealthService) {}

  @Public()
  @Get('health')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The API process is alive' })
  health() {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({ description: 'PostgreSQL, Redis and Temporal all answer, and a worker polls the task queues' })
  @ApiServiceUnavailableResponse({
    description: 'At least one dependency does not answer, or no worker polls a task queue; each is listed',
  })
  async ready(@Res({ passthrough: true }) res: Response) {
    const components = await this.checks.components();
    const ready = Object.values(components).every((c) => c.status === 'up');
    res.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not-ready', components };
  }
}
