import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { PersonLookupDto } from './register.dto';
import { RegisterSnapshotsService } from './register.service';
import { CurrentActor } from '../core/current-actor.decorator';

@ApiTags('register')
@ApiBearerAuth()
@Controller('v1/register/people')
export class RegisterPeopleController {
  constructor(private readonly snapshots: RegisterSnapshotsService) {}

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
    return this.snapshots.person(dto, actor.id, req.id);
  }
}
