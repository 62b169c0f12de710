import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Allow, type ActorRequest } from '../core/access';
import { CompleteTaskDto, ReleaseTaskDto, TasksQueryDto } from './tasks.dto';
import { TasksService } from './tasks.service';

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
  list(@Query() q: TasksQueryDto, @Req() req: ActorRequest) {
    return this.tasks.list(q, req);
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
  claim(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: ActorRequest) {
    return this.tasks.claim(id, req);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Allow(...TASK_ROLES)
  @ApiOperation({ summary: "Release your claim (an administrator may release anyone's, audited)" })
  @ApiResponse({ status: 409, description: 'Claimed by another official' })
  release(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReleaseTaskDto, @Req() req: ActorRequest) {
    return this.tasks.release(id, dto, req);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Allow(...TASK_ROLES)
  @ApiOperation({
    summary:
      'Complete a task; refused (409) when another official has claimed it, and by the workflow in the wrong stage, role or territory. Repeating the same X-Request-Id is answered as the first time.',
  })
  complete(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CompleteTaskDto, @Req() req: ActorRequest) {
    return this.tasks.complete(id, dto, req, req.id ?? randomUUID());
  }
}
