import { Controller, Get, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { CurrentActor } from '../core/current-actor.decorator';
import { PrecinctMembersView } from './precinct-members.dto';
import { PrecinctMembersService } from './precinct-members.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('v1/precinct-members')
export class PrecinctMembersController {
  constructor(private readonly service: PrecinctMembersService) {}

  @Get()
  @Allow('DISTRICT_COMMISSION')
  @ApiOperation({
    summary:
      "The district commission's precincts with the members it has designated (audited); designate with POST /v1/users",
  })
  @ApiOkResponse({ type: PrecinctMembersView })
  list(@CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest): Promise<PrecinctMembersView> {
    return this.service.list(actor, req.id);
  }
}
