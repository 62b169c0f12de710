import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CitizenRoutes } from '../citizen/citizen.controller';
import type { AuthenticatedRequest } from '../core/auth';
import { ApplyDto, CitizenApplicationView, PayStateFeeDto } from './id-card.dto';
import { CitizenIdCardService } from './citizen-id-card.service';

@Controller('v1/citizen')
@CitizenRoutes()
export class CitizenIdCardController {
  constructor(private readonly service: CitizenIdCardService) {}

  @Post('state-fees')
  @ApiOperation({
    summary:
      'The state fee for the card, as the payment gateway confirmed it (local stand-in for the gateway: records the payment)',
  })
  payFee(@Body() dto: PayStateFeeDto, @Req() req: AuthenticatedRequest) {
    return this.service.payFee(req.citizen!, dto, req.id);
  }

  @Get('state-fees')
  @ApiOperation({ summary: "The citizen's state-fee payments: paid, used by an application, or refunded" })
  fees(@Req() req: AuthenticatedRequest) {
    return this.service.fees(req.citizen!, req.id);
  }

  @Post('id-card/applications')
  @ApiOperation({
    summary:
      'Apply to exchange the identity card online (expiry only, 30 days before to 10 days after it, while the pilot runs); the answer has the ticket, or the refusal in Russian and Kazakh',
  })
  @ApiCreatedResponse({
    type: CitizenApplicationView,
    description:
      'Recorded: PENDING_REVIEW with a ticket, or REFUSED with the reason (apply at a public service centre)',
  })
  @ApiConflictResponse({ description: 'An application of the citizen is already under way' })
  @ApiUnprocessableEntityResponse({ description: 'No paid, unused fee of the citizen; or no identity card on record' })
  apply(@Body() dto: ApplyDto, @Req() req: AuthenticatedRequest) {
    return this.service.apply(req.citizen!, dto, req.id);
  }

  @Get('id-card/applications')
  @ApiOperation({ summary: "The citizen's own applications, newest first" })
  applications(@Req() req: AuthenticatedRequest) {
    return this.service.citizenApplications(req.citizen!, req.id);
  }

  @Get('id-card/applications/:id')
  @ApiOperation({ summary: "One of the citizen's own applications" })
  application(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    return this.service.citizenApplication(req.citizen!, id, req.id);
  }
}
