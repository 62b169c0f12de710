import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Req,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOperation,
  ApiParam,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DiscardUpload } from '../core/uploads';
import { ImageKindPipe } from './image-kind.pipe';
import { CitizenRoutes } from '../citizen/citizen.controller';
import type { AuthenticatedRequest } from '../core/auth';
import { ApplyDto, CitizenApplicationView, PayStateFeeDto } from './id-card.dto';
import { CitizenIdCardService, type ImageKind } from './citizen-id-card.service';

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

  @Put('id-card/applications/:id/images/:kind')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file'), DiscardUpload)
  @ApiConsumes('multipart/form-data')
  @ApiParam({ name: 'kind', enum: ['photo', 'signature'] })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'JPEG or PNG, at most 2 MB' } },
    },
  })
  @ApiOperation({
    summary:
      "The citizen's photo or handwritten signature for their application, as the portal took it (JPEG or PNG); the migration officer checks them. Replaced by a new upload while the application awaits review",
  })
  @ApiConflictResponse({ description: 'The application has been decided' })
  image(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('kind', ImageKindPipe) kind: ImageKind,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.image(req.citizen!, id, kind, file, req.id);
  }
}
