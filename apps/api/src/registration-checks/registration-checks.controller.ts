import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../core/auth';
import { Allow, type Actor } from '../core/access';
import { CreateRegistrationCheckDto, RegistrationCheckView } from './registration-checks.dto';
import { RegistrationChecksService } from './registration-checks.service';
import { CurrentActor } from '../core/current-actor.decorator';

@ApiTags('registration-checks')
@ApiBearerAuth()
@Controller('v1/registration-checks')
export class RegistrationChecksController {
  constructor(private readonly checks: RegistrationChecksService) {}

  @Post()
  @Allow('ADMIN')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RegistrationCheckView, description: 'The check has started; poll GET for its outcome' })
  start(
    @Body() dto: CreateRegistrationCheckDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ): Promise<RegistrationCheckView> {
    return this.checks.start(dto, actor.id, req.id);
  }

  @Get(':id')
  @Allow('ADMIN')
  @ApiOkResponse({ type: RegistrationCheckView })
  @ApiNotFoundResponse({ description: 'No check with this id' })
  read(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ): Promise<RegistrationCheckView> {
    return this.checks.read(id, actor.id, req.id);
  }
}
