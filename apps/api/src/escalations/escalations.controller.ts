import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, type ActorRequest, type Actor } from '../core/access';
import { etag } from '../core/if-match';
import { AcknowledgeEscalationDto, EscalationsQueryDto, ResolveEscalationDto } from './escalations.dto';
import { view, EscalationsService } from './escalations.service';
import { CurrentActor } from '../core/current-actor.decorator';

const READERS = ['ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR'] as const;
/** Who answers for an escalation: the CEC coordinator (the top of the ladder) and the regional commission (its region). */
const HANDLERS = ['ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION'] as const;

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('v1/escalations')
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  @Get()
  @Allow(...READERS)
  @ApiOperation({
    summary:
      "Escalations in the actor's territory, newest first, by period, region, district, rung and status; paged by cursor",
  })
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  list(@Query() q: EscalationsQueryDto, @CurrentActor() actor: Actor) {
    return this.escalations.list(q, actor);
  }

  @Get(':id')
  @Allow(...READERS)
  @ApiOperation({
    summary: 'One escalation; its ETag is the version an acknowledgement or resolution must name in If-Match',
  })
  @ApiOkResponse({ headers: { ETag: { description: 'The version, for If-Match' } } })
  async get(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: ActorRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const row = await this.escalations.get(id, actor, req.id);
    res.setHeader('ETag', etag(row.version));
    return view(row);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Allow(...HANDLERS)
  @ApiOperation({
    summary:
      'Acknowledge an escalation: you answer for it, the ladder stops climbing. Repeating it as the same official changes nothing.',
  })
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The version read (ETag of GET /v1/escalations/:id), e.g. "2"',
  })
  @ApiResponse({ status: 409, description: 'Already resolved, or acknowledged by another official' })
  @ApiResponse({
    status: 412,
    description: 'The escalation changed since it was read (it climbed, or someone else acted)',
  })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  async acknowledge(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AcknowledgeEscalationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: ActorRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.escalations.acknowledge(id, ifMatch, dto, actor, req.id);
    res.setHeader('ETag', etag(out.version));
    return out;
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Allow(...HANDLERS)
  @ApiOperation({
    summary: 'Resolve an escalation with a note saying how it was settled; the workflow keeps this resolution',
  })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version read (ETag of GET /v1/escalations/:id)' })
  @ApiResponse({
    status: 409,
    description: 'Already resolved (by the workflow when the step was done, or by another official)',
  })
  @ApiResponse({ status: 412, description: 'The escalation changed since it was read' })
  @ApiResponse({ status: 428, description: 'If-Match is missing' })
  async resolve(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ResolveEscalationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: ActorRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const out = await this.escalations.resolve(id, ifMatch, dto, actor, req.id);
    res.setHeader('ETag', etag(out.version));
    return out;
  }
}
