import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { EVENT_KINDS } from '../../../../libs/register/events';
import { ForSourceSystems, type AuthenticatedRequest } from '../core/auth';
import { MAX_BATCH_EVENTS, RegisterFeedsService } from './register-feeds.service';
import { RegisterEventsQuery, ReadReasonQuery } from './register-feeds.dto';
import { CurrentActor } from '../core/current-actor.decorator';
import type { Actor } from '../core/access';

const EVENT_BODY = {
  schema: {
    type: 'object',
    required: ['sourceEventId', 'kind', 'iin', 'effectiveOn'],
    properties: {
      sourceEventId: {
        type: 'string',
        description: "The source system's own id of the event (sending it again changes nothing)",
      },
      kind: { type: 'string', enum: Object.keys(EVENT_KINDS) },
      iin: { type: 'string', example: '900101300014' },
      effectiveOn: { type: 'string', format: 'date' },
      data: { type: 'object', description: "The kind's details (README: Feeds from the state registries)" },
    },
  },
};

@ApiTags('register feeds (state registries)')
@Controller('v1/register/events')
export class RegisterFeedsController {
  constructor(private readonly service: RegisterFeedsService) {}

  @Post()
  @HttpCode(202)
  @ForSourceSystems()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'A state registry sends one event, with its own credential (the credential names the source)',
  })
  @ApiBody(EVENT_BODY)
  @ApiAcceptedResponse({
    description:
      'Recorded: { id, seq, status: "received" } (200 with status "already-received" for the same event again)',
  })
  @ApiUnprocessableEntityResponse({ description: 'Not valid: the problems name the fields; nothing recorded' })
  @ApiConflictResponse({ description: 'The sourceEventId was received before with other content' })
  @ApiUnauthorizedResponse({ description: "Not a source system's credential" })
  one(@Body() body: unknown, @Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response) {
    return this.service.one(req.sourceSystem!, body, req.id, res);
  }

  @Post('batch')
  @HttpCode(200)
  @ForSourceSystems()
  @ApiBearerAuth()
  @ApiOperation({
    summary: `A state registry sends up to ${MAX_BATCH_EVENTS} events: each is answered in its place, with the status the single route would give`,
  })
  @ApiOkResponse({
    description:
      '{ received, alreadyReceived, conflicts, refused, results: [{ index, status, httpStatus, id, seq | errors }] }',
  })
  batch(@Body() body: unknown, @Req() req: AuthenticatedRequest) {
    return this.service.batch(req.sourceSystem!, body, req.id);
  }

  @Get()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Administrators: the events received, newest first, IINs masked but for the last four digits (audited)',
  })
  list(@Query() q: RegisterEventsQuery, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.service.list(q, actor, req.id);
  }

  @Get(':id')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Administrators: one event in full, only with a reason (audited with it)' })
  read(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ReadReasonQuery,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.read(id, q, actor, req.id);
  }
}
