import { Controller, Get, Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessService, Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { SubmissionsQueryDto } from './submissions.dto';
import { SubmissionsService } from './submissions.service';
import { CurrentActor } from '../core/current-actor.decorator';

@ApiTags('submissions')
@ApiBearerAuth()
@Controller('v1/submissions')
export class SubmissionsController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly access: AccessService,
  ) {}

  @Get()
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({ summary: 'Submissions by period and territory, newest first, paged by cursor' })
  list(@Query() q: SubmissionsQueryDto, @CurrentActor() actor: Actor) {
    return this.submissions.list(q, this.access.scope(actor));
  }

  @Get(':id')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      'One submission: the files staged (voter file, station list, boundaries), every file received for it, its transfer acts and reconciliation rounds',
  })
  @ApiNotFoundResponse({ description: 'No such submission' })
  async view(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    const submission = await this.submissions.view(id);
    await this.access.ensure(actor, submission, { type: 'submission', id }, req.id);
    return submission;
  }
}
