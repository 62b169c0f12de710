import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { CurrentActor } from '../core/current-actor.decorator';
import { IncidentsService } from './incidents.service';

@ApiTags('personal data')
@ApiBearerAuth()
@Controller('v1')
export class PersonalDataController {
  constructor(private readonly service: IncidentsService) {}

  @Get('security-incidents')
  @Allow('ADMIN', 'CEC_COORDINATOR')
  @ApiOperation({
    summary: 'Suspected unlawful access to personal data, for the report to the personal data protection authority',
  })
  incidents(@CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.service.incidents(actor, req.id);
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
}
