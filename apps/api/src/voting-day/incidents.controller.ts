import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { VotingDayService } from './voting-day.service';
import { CurrentActor } from '../core/current-actor.decorator';

@ApiTags('personal data')
@ApiBearerAuth()
@Controller('v1')
export class PersonalDataController {
  constructor(private readonly service: VotingDayService) {}

  @Get('security-incidents')
  @Allow('ADMIN', 'CEC_COORDINATOR')
  @ApiOperation({
    summary: 'Suspected unlawful access to personal data, for the report to the personal data protection authority',
  })
  incidents() {
    return this.service.incidents();
  }

  @Post('security-incidents/:id/reported')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the incident was reported to the personal data protection authority' })
  reported(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.markReported(id, actor, req.id);
  }

  @Get('egov-deliveries')
  @ApiOperation({
    summary: "Messages to citizens' e-gov cabinets and what became of them (status QUEUED, DELIVERED, DEAD)",
  })
  deliveries(@Query('status') status: string | undefined) {
    return this.service.deliveries(status);
  }

  @Post('egov-deliveries/:jobId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a dead letter again, with the full number of attempts' })
  redrive(@Param('jobId') jobId: string, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.service.redrive(jobId, actor, req.id);
  }
}
