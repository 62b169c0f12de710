import { Controller, Get, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { HistoryQueryDto, WorkflowsQueryDto } from './workflows.dto';
import { WorkflowsService } from './workflows.service';
import { CurrentActor } from '../core/current-actor.decorator';

@ApiTags('workflows')
@ApiBearerAuth()
@Allow('ADMIN', 'CEC_COORDINATOR')
@Controller('v1/workflows')
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  @Get()
  @ApiOperation({
    summary:
      "The cycle's workflows by period, territory, stage, type and status (Temporal visibility); page with nextPageToken",
  })
  list(@Query() q: WorkflowsQueryDto, @CurrentActor() actor: Actor) {
    return this.workflows.list(q, actor);
  }

  @Get(':workflowId/history')
  @ApiOperation({
    summary:
      "A cycle workflow's history in plain words: tasks and their deadlines, reminders, escalations, completions (on time or late), reconciliation rounds, timers, children",
  })
  @ApiNotFoundResponse({ description: 'No such workflow, or not a cycle workflow' })
  history(
    @Param('workflowId') workflowId: string,
    @Query() q: HistoryQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.workflows.history(workflowId, q.runId, actor, req.id);
  }

  @Get(':workflowId/history/raw')
  @ApiOperation({
    summary: "The raw history as Temporal's JSON, for export and replay (payloads stay encrypted); audited",
  })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'An attachment: <workflowId>_<runId>.history.json' })
  async raw(
    @Param('workflowId') workflowId: string,
    @Query() q: HistoryQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { json, fileName } = await this.workflows.rawHistory(workflowId, q.runId, actor, req.id);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    return new StreamableFile(Buffer.from(json, 'utf8'), { type: 'application/json' });
  }
}
