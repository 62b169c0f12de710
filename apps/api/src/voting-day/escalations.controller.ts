import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, type Actor } from '../core/access';
import { CurrentActor } from '../core/current-actor.decorator';
import { VotingDayEscalationsService } from './escalations.service';

@ApiTags('voting-day')
@ApiBearerAuth()
@Controller('v1/voting-day')
export class VotingDayEscalationsController {
  constructor(private readonly service: VotingDayEscalationsService) {}

  @Get('escalations')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION')
  // The operation id it had before the escalations had a controller of their own (generated clients keep it).
  @ApiOperation({
    operationId: 'VotingDayController_escalations',
    summary: 'Applications escalated to the territorial commission (open ones unless all=true)',
  })
  escalations(
    @Query('all') all: string | undefined,
    @Query('votingDayId') votingDayId: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.service.escalations(actor, all !== 'true', votingDayId);
  }
}
