import { applyDecorators, Controller, Get, Param, Req } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { ForCitizens, type AuthenticatedRequest } from '../core/auth';
import { RateLimit } from '../core/rate-limit';
import { CitizenService } from './citizen.service';

/**
 * A controller of citizens' services: called by the e-gov portal for the citizen it authenticated,
 * rate-limited per citizen, documented as such on the OpenAPI page.
 */
export const CitizenRoutes = () =>
  applyDecorators(
    ApiTags('citizens (e-gov portal)'),
    ApiSecurity('bearer'),
    ApiHeader({ name: 'X-Citizen-IIN', required: true, description: 'The citizen the e-gov portal has authenticated' }),
    ForCitizens(),
    RateLimit({ points: (c) => c.citizens.perMinute, windowSeconds: 60, key: 'actor' }),
  );

@Controller('v1/citizen')
@CitizenRoutes()
export class CitizenController {
  constructor(private readonly service: CitizenService) {}

  @Get('address')
  @ApiOperation({ summary: "The citizen's own registered address, as the e-gov cabinet shows it" })
  @ApiNotFoundResponse({ description: 'No permanent registration' })
  address(@Req() req: AuthenticatedRequest) {
    return this.service.ownAddress(req.citizen!, req.id);
  }

  @Get('properties/:cadastralNumber/residents')
  @ApiOperation({
    summary: "The owner's view: who is registered at their property (masked IINs and registration dates only)",
  })
  @ApiForbiddenResponse({ description: 'The citizen is not the owner on record' })
  residents(@Param('cadastralNumber') cadastralNumber: string, @Req() req: AuthenticatedRequest) {
    return this.service.residents(req.citizen!, cadastralNumber.trim(), req.id);
  }
}
