import { Controller, Get, HttpCode, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { isProduction } from '../../../../libs/config/config';
import { AuthService } from '../auth/auth.service';
import { AppConfig } from '../core/app-config';
import { Public } from '../core/auth';
import { NoRateLimit } from '../core/rate-limit';
import { HealthService } from './health.service';

@ApiTags('health')
@NoRateLimit() // probes of the orchestrator and the load balancer are never refused
@Controller()
export class HealthController {
  constructor(
    private readonly checks: HealthService,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
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
  @ApiOkResponse({ description: 'PostgreSQL, Redis and Temporal all answer, and a worker polls the task queues' })
  @ApiServiceUnavailableResponse({
    description:
      'At least one dependency does not answer, or no worker polls a task queue; each is listed (in production to a signed-in caller only)',
  })
  async ready(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const components = await this.checks.components();
    const ready = Object.values(components).every((c) => c.status === 'up');
    res.status(ready ? 200 : 503);
    const status = ready ? 'ready' : 'not-ready';
    // The components' errors name hosts, ports and task queues (ASVS 14.3.2): in production the
    // orchestrator's probe gets the status, a signed-in official or the operator the detail.
    if (isProduction(this.config.value) && !(await this.auth.isSignedIn(req.header('authorization'))))
      return { status };
    return { status, components };
  }
}
