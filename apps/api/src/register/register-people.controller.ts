import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { PersonLookupDto } from './register.dto';
import { RegisterPeopleService } from './register-people.service';
import { CurrentActor } from '../core/current-actor.decorator';

@ApiTags('register')
@ApiBearerAuth()
@Controller('v1/register/people')
export class RegisterPeopleController {
  constructor(private readonly people: RegisterPeopleService) {}

  @Post('lookup')
  @Allow('ADMIN')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "One person's register record (the current snapshot with the registries' events), for an administrator with a reason; audited",
  })
  @ApiOkResponse({ description: 'The record, its status facts and the snapshot it comes from' })
  @ApiNotFoundResponse({ description: 'The register holds no person with this IIN (audited too)' })
  async lookup(@Body() dto: PersonLookupDto, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.people.person(dto, actor.id, req.id);
  }
}
