import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { ApplicationsQueryDto, PickupDto, ProducedDto, ReadReasonDto, ReviewDto } from './id-card.dto';
import { IdCardService } from './id-card.service';
import type { ImageKind } from './citizen-id-card.service';
import { ImageKindPipe } from './image-kind.pipe';
import { CurrentActor } from '../core/current-actor.decorator';

@ApiTags('id-card exchange (migration service)')
@ApiBearerAuth()
@Controller('v1/id-card')
export class IdCardController {
  constructor(private readonly service: IdCardService) {}

  @Get('applications')
  @Allow('ADMIN', 'MIGRATION_OFFICER')
  @ApiOperation({
    summary:
      "Applications of the officer's region, the nearest review deadline first (IINs masked); overdue and escalated ones flagged",
  })
  list(@Query() q: ApplicationsQueryDto, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.service.list(q, actor, req.id);
  }

  @Get('applications/:id')
  @Allow('ADMIN', 'MIGRATION_OFFICER')
  @ApiOperation({ summary: 'One application in full (audited, with the reason given)' })
  read(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ReadReasonDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.read(id, q, actor, req.id);
  }

  @Get('applications/:id/images/:kind')
  @Allow('ADMIN', 'MIGRATION_OFFICER')
  @ApiParam({ name: 'kind', enum: ['photo', 'signature'] })
  @ApiProduces('image/jpeg', 'image/png')
  @ApiOperation({
    summary:
      "The citizen's photo or signature image as uploaded through the portal, for the officer to check (the officer's region only; each read audited with the reason given; not cached)",
  })
  @ApiNotFoundResponse({ description: 'No such application, or the citizen has not uploaded that image' })
  async image(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('kind', ImageKindPipe) kind: ImageKind,
    @Query() q: ReadReasonDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { type, stream } = await this.service.image(id, kind, q, actor, req.id);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(stream, { type });
  }

  @Get('applications/:id/approval.json')
  @Allow('MIGRATION_OFFICER')
  @ApiOperation({ summary: 'The approval text (canonical JSON) the officer signs with EDS, and its SHA-256' })
  @ApiConflictResponse({ description: 'Not waiting for review' })
  approval(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ReadReasonDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.approval(id, q, actor, req.id);
  }

  @Post('applications/:id/review')
  @HttpCode(200)
  @Allow('MIGRATION_OFFICER')
  @ApiOperation({
    summary:
      "Approve with the officer's EDS over approval.json (to central production), or annul for a bad photo or signature or further checks (the fee is refunded)",
  })
  @ApiUnprocessableEntityResponse({ description: 'The signature was not accepted (the reason says why)' })
  @ApiConflictResponse({ description: 'Not waiting for review' })
  review(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReviewDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.review(id, dto, actor, req.id);
  }

  @Post('applications/:id/produced')
  @HttpCode(200)
  @Allow('ADMIN')
  @ApiOperation({ summary: 'The central production node: the new card is made and sent to the registration point' })
  @ApiConflictResponse({ description: 'Not in production' })
  produced(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ProducedDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.produced(id, dto, actor, req.id);
  }

  @Post('pickup')
  @HttpCode(200)
  @Allow('MIGRATION_OFFICER')
  @ApiOperation({
    summary:
      'Hand the card out at the registration point by the ticket number the citizen shows; the register learns the new card',
  })
  @ApiConflictResponse({ description: 'The card is not ready for pickup' })
  pickup(@Body() dto: PickupDto, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.service.pickup(dto, actor, req.id);
  }
}
