import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, type ActorRequest, type Actor } from '../core/access';
import { BoardPeriodQueryDto, BoardQueryDto, RegionCodeParams } from './board.dto';
import { BoardService } from './board.service';
import { CurrentActor } from '../core/current-actor.decorator';

const BOARD_ROLES = ['ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION'] as const;

@ApiTags('board')
@ApiBearerAuth()
@Controller('v1/board')
export class BoardController {
  constructor(private readonly board: BoardService) {}

  @Get()
  @Allow(...BOARD_ROLES)
  @ApiOperation({
    summary:
      "The deadline board: every region of a period (a regional commission's own only), tightest projected slack first",
    description:
      'One row per region: its stage; for each step (submission, reconciliation, reply, correction, cecSubmission) the latest deadline among its districts, ' +
      'how many districts met it (on time, late), how many are overdue or at risk, and the worst state (overdue, at-risk, due, upcoming, met-late, met, not-needed); ' +
      'slackWorkingDays: working days from today (Asia/Almaty) to the CEC deadline, negative once passed; projectedSlackWorkingDays: what the calendar engine ' +
      "projects to spare at the CEC deadline (the tightest district's chain); atRisk: that projection misses 15 January / 15 July; open escalations and the highest rung reached. " +
      "Each step's deadlineState is its state by its own deadline alone (the tasks screen's words); urgency says where the chain ends, " +
      'the miss or spare in working days, the overdue steps, the steps to shorten and the rank (sort=urgency), sentence.ru/kk says it in one sentence.',
  })
  @ApiOkResponse({ description: '{ period, at, today, regions: [...] }' })
  list(@Query() q: BoardQueryDto, @CurrentActor() actor: Actor, @Req() req: ActorRequest) {
    return this.board.board(q, actor, req.id);
  }

  @Get('regions/:code')
  @Allow(...BOARD_ROLES)
  @ApiOperation({
    summary: "A region's row and its districts, each with its stage, round, step columns and projection",
  })
  @ApiOkResponse({ description: '{ period, at, today, region, districts: [...] }' })
  region(
    @Param() p: RegionCodeParams,
    @Query() q: BoardPeriodQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: ActorRequest,
  ) {
    return this.board.region(p.code, q.period, actor, req.id);
  }
}
