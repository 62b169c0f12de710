import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, MemberAnyTime, type Actor } from '../core/access';
import { CurrentActor } from '../core/current-actor.decorator';
import { READERS } from './applications.controller';
import { StationsQueryDto } from './voting-day.dto';
import { VotingDayStationsService } from './stations.service';

@ApiTags('voting-day')
@ApiBearerAuth()
@Controller('v1/voting-day')
export class VotingDayStationsController {
  constructor(private readonly service: VotingDayStationsService) {}

  @Get('stations')
  @Allow(...READERS)
  @MemberAnyTime('their polling station: number, premises, address')
  @ApiOperation({
    summary:
      "The polling stations of the official's territory (a precinct member's own), by number with premises and address",
  })
  stations(@Query() q: StationsQueryDto, @CurrentActor() actor: Actor) {
    return this.service.stations(actor, q.districtId);
  }
}
