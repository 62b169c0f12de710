import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { CurrentActor } from '../core/current-actor.decorator';
import { DeliveriesService } from './deliveries.service';

@ApiTags('personal data')
@ApiBearerAuth()
@Controller('v1')
export class EgovDeliveriesController {
  constructor(private readonly service: DeliveriesService) {}

  @Get('egov-deliveries')
  // Operation ids as they were while the deliveries shared the incidents' controller (generated clients keep them).
  @ApiOperation({
    operationId: 'PersonalDataController_deliveries',
    summary: "Messages to citizens' e-gov cabinets and what became of them (status QUEUED, DELIVERED, DEAD)",
  })
  deliveries(@Query('status') status: string | undefined) {
    return this.service.deliveries(status);
  }

  @Post('egov-deliveries/:jobId/retry')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'PersonalDataController_redrive',
    summary: 'Send a dead letter again, with the full number of attempts',
  })
  redrive(@Param('jobId') jobId: string, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.service.redrive(jobId, actor, req.id);
  }
}
