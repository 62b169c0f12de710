import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { CurrentActor } from '../core/current-actor.decorator';
import { MailPreferencesDto } from './mail-preferences.dto';
import { MailPreferencesService } from './mail-preferences.service';

/** The roles the cycle's reminders and escalations are addressed to. */
const RECIPIENTS = ['CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR'] as const;

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/me/notification-preferences')
export class MailPreferencesController {
  constructor(private readonly preferences: MailPreferencesService) {}

  @Get()
  @Allow(...RECIPIENTS)
  @ApiOperation({
    summary: 'What reaches the official by e-mail besides the inbox: address, language, reminders, escalations by rung',
  })
  read(@CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.preferences.read(actor, req.id);
  }

  @Put()
  @Allow(...RECIPIENTS)
  @ApiOperation({ summary: "Change the official's own e-mail choices, address and language (audited)" })
  update(@Body() dto: MailPreferencesDto, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.preferences.update(actor, dto, req.id);
  }
}
