import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, type ActorRequest, type Actor } from '../core/access';
import { CompleteTaskDto, ReleaseTaskDto, TasksQueryDto } from './tasks.dto';
import { TasksService } from './tasks.service';
import { CurrentActor } from '../core/current-actor.decorator';

/** Every role that has cycle tasks, and the coordinators and admins who oversee them. */
const TASK_ROLES = [
  'ADMIN',
  'CEC_COORDINATOR',
  'REGIONAL_COMMISSION',
  'DISTRICT_COMMISSION',
  'AKIMAT_REGISTRAR',
] as const;

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Allow(...TASK_ROLES)
  @ApiOperation({
    summary:
      "Cycle tasks in the actor's territory (and, for the district roles, of their own role), soonest due first; paged by cursor",
    description:
      'Each task says whether it is overdue, due soon or open (null once done); dueSoonUntil is where "soon" ends now.',
  })
  @ApiOkResponse({ description: '{ items, nextCursor, dueSoonUntil }' })
  list(@Query() q: TasksQueryDto, @CurrentActor() actor: Actor) {
    return this.tasks.list(q, actor);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @Allow(...TASK_ROLES)
  @ApiOperation({
    summary:
      'Claim a task of your role in your territory, so that nobody else works on it; claiming it again changes nothing',
  })
  @ApiResponse({ status: 403, description: "Another role's task, or outside your territory" })
  @ApiResponse({ status: 409, description: 'Claimed by another official, completed or cancelled' })
  claim(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: ActorRequest) {
    return this.tasks.claim(id, actor, req.id);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Allow(...TASK_ROLES)
  @ApiOperation({ summary: "Release your claim (an administrator may release anyone's, audited)" })
  @ApiResponse({ status: 409, description: 'Claimed by another official' })
  release(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ReleaseTaskDto,
    @CurrentActor() actor: Actor,
    @Req() req: ActorRequest,
  ) {
    return this.tasks.release(id, dto, actor, req.id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Allow(...TASK_ROLES)
  @ApiOperation({
    summary:
      'Complete a task; refused (409) when another official has claimed it, and by the workflow in the wrong stage, role or territory. Repeating the same X-Request-Id is answered as the first time.',
  })
  complete(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CompleteTaskDto,
    @CurrentActor() actor: Actor,
    @Req() req: ActorRequest,
  ) {
    return this.tasks.complete(id, dto, actor, req.id ?? randomUUID());
  }
}
