import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, MemberAnyTime, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { CreateVotingDayDto, VotingDayView } from './voting-day.dto';
import { VotingDaysService } from './voting-days.service';
import { READERS } from './applications.controller';
import { CurrentActor } from '../core/current-actor.decorator';

@ApiTags('voting-day')
@ApiBearerAuth()
@Controller('v1/voting-days')
export class VotingDaysController {
  constructor(private readonly service: VotingDaysService) {}

  @Post()
  @Allow('ADMIN', 'CEC_COORDINATOR')
  @ApiOperation({ summary: 'Declare a voting day (a referendum) and its voting hours' })
  @ApiOkResponse({ type: VotingDayView })
  create(
    @Body() dto: CreateVotingDayDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ): Promise<VotingDayView> {
    return this.service.createVotingDay(dto, actor, req.id);
  }

  @Get()
  @Allow(...READERS)
  @MemberAnyTime('the voting days and their hours: when a member may act')
  @ApiOkResponse({ type: [VotingDayView] })
  list(): Promise<VotingDayView[]> {
    return this.service.votingDays();
  }
}
