import { Body, Controller, Get, Headers, HttpStatus, Param, ParseIntPipe, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { CycleSchedule } from '../../../../libs/calendar';
import { Allow, ANY_ROLE, MemberAnyTime, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { etag } from '../core/if-match';
import {
  CalendarRevisionView,
  CalendarYearSummaryView,
  CalendarYearView,
  CycleScheduleView,
  DeadlineAnswerView,
  DeadlineQueryDto,
  PUT_CALENDAR_SCHEMA,
  ScheduleQueryDto,
} from './calendar.dto';
import { CalendarService } from './calendar.service';
import { CurrentActor } from '../core/current-actor.decorator';
import { Problem } from '../core/problem';

const YEAR_PIPE = new ParseIntPipe({
  exceptionFactory: () =>
    new Problem(HttpStatus.BAD_REQUEST, 'calendar.year-not-valid', {}, 'The year is not valid', [
      { field: 'year', message: 'must be a year such as 2027' },
    ]),
});

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('v1')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('calendar')
  @Allow(...ANY_ROLE)
  @MemberAnyTime('the calendar: no personal data')
  @ApiOperation({ summary: 'The years the working-day calendar has data for' })
  @ApiOkResponse({ type: [CalendarYearSummaryView] })
  list(): Promise<CalendarYearSummaryView[]> {
    return this.calendar.list();
  }

  @Get('calendar/:year')
  @Allow(...ANY_ROLE)
  @MemberAnyTime('the calendar: no personal data')
  @ApiOperation({ summary: 'One year: its days off with their reasons and sources, and the stored document' })
  @ApiParam({ name: 'year', example: 2027 })
  @ApiOkResponse({ type: CalendarYearView, headers: { ETag: { description: 'The revision, for If-Match' } } })
  @ApiResponse({ status: 404, description: 'No data for this year' })
  async read(
    @Param('year', YEAR_PIPE) year: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CalendarYearView> {
    const view = await this.calendar.read(year);
    res.setHeader('ETag', etag(view.revision));
    return view;
  }

  @Put('calendar/:year')
  @ApiOperation({
    summary: 'Add a year or correct one (admin; audited)',
    description:
      'Send the whole year document and the reason. To correct an existing year send If-Match with the revision you read ' +
      '(the ETag of GET); a stale revision is refused with 412 so nobody overwrites a change they have not seen. ' +
      'Every problem of the document is listed with its path, e.g. calendar.holidays[3].date.',
  })
  @ApiParam({ name: 'year', example: 2027 })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The revision being replaced, e.g. "1"; omit to create a new year',
  })
  @ApiBody({ schema: PUT_CALENDAR_SCHEMA as unknown as Record<string, unknown> })
  @ApiResponse({ status: 200, type: CalendarYearView, description: 'Corrected' })
  @ApiResponse({ status: 201, type: CalendarYearView, description: 'Created' })
  @ApiResponse({ status: 400, description: 'The document is not valid; the problems are listed by field' })
  @ApiResponse({ status: 412, description: 'The year changed since it was read' })
  @ApiResponse({ status: 428, description: 'The year exists: send If-Match' })
  async write(
    @Param('year', YEAR_PIPE) year: number,
    @Body() body: Record<string, unknown>,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CalendarYearView> {
    const { created, view } = await this.calendar.write(year, body, ifMatch, actor.id, req.id);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK).setHeader('ETag', etag(view.revision));
    return view;
  }

  @Get('calendar/:year/revisions')
  @Allow(...ANY_ROLE)
  @MemberAnyTime('the calendar: no personal data')
  @ApiOperation({ summary: 'Who changed a year, when and why, newest first' })
  @ApiOkResponse({ type: [CalendarRevisionView] })
  revisions(@Param('year', YEAR_PIPE) year: number): Promise<CalendarRevisionView[]> {
    return this.calendar.revisions(year);
  }

  @Get('deadlines')
  @Allow(...ANY_ROLE)
  @MemberAnyTime('the calendar: no personal data')
  @ApiOperation({
    summary: 'When a period of N working days after an event ends',
    description:
      'Counting starts the day after the event; an event on a day off or after the end of the working day counts from the next working day.',
  })
  @ApiOkResponse({ type: DeadlineAnswerView })
  deadline(@Query() query: DeadlineQueryDto): Promise<DeadlineAnswerView> {
    return this.calendar.deadline(query);
  }

  @Get('periods/:period/schedule')
  @Allow(...ANY_ROLE)
  @MemberAnyTime('the calendar: no personal data')
  @ApiOperation({
    summary:
      "A cycle's deadlines: forward from the events given, backward from the CEC deadline, and the projection at a moment",
    description:
      'Give the events that have happened (receivedAt, reconciledAt, …) and optionally `at`; the answer says whether the chain still reaches the CEC by 15 January / 15 July and by how many working days it misses if not.',
  })
  @ApiParam({
    name: 'period',
    example: '2027-01',
    description: 'YYYY-01 (the January cycle) or YYYY-07 (the July cycle)',
  })
  @ApiOkResponse({ type: CycleScheduleView })
  @ApiResponse({ status: 422, description: 'The calendar has no data for a year the period touches' })
  schedule(@Param('period') period: string, @Query() query: ScheduleQueryDto): Promise<CycleSchedule> {
    return this.calendar.schedule(period, query);
  }
}
