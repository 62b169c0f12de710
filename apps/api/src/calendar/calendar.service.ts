/**
 * The working-day calendar and the statutory deadlines over HTTP.
 *
 *   GET  /v1/calendar                      years on record
 *   GET  /v1/calendar/:year                a year: days off with their reasons, the document, its revision (ETag)
 *   PUT  /v1/calendar/:year                add or correct a year (If-Match: "<revision>"; audited)
 *   GET  /v1/calendar/:year/revisions      who changed the year, when and why
 *   GET  /v1/deadlines                     when does "N working days after <event>" end
 *   GET  /v1/periods/:period/schedule      the cycle's deadlines: forward, backward, projection
 *
 * Reading needs any signed-in official; changing a year is the admin's.
 */
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpException,
  HttpStatus,
  Injectable,
  Module,
  NotFoundException,
  Param,
  ParseIntPipe,
  Put,
  Query,
  Req,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
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
import {
  calendarYearProblems,
  CalendarYearMissingError,
  CycleInputError,
  cycleSchedule,
  deadlineAfter,
  effectiveWorkingDay,
  FIXED_DATE_POLICIES,
  InvalidInstantError,
  TIME_ZONE,
  toEpochMs,
  WorkingCalendar,
  type CalendarYearData,
  type CycleSchedule,
  type DeadlineSettings,
  type FixedDatePolicy,
} from '../../../../libs/calendar';
import { CalendarStore, StaleCalendarRevisionError, type StoredCalendarYear } from '../../../../libs/db/calendar-store';
import { AuditService } from '../audit/audit.service';
import { Allow, ANY_ROLE } from '../core/access';
import { AppConfig } from '../core/app-config';
import type { AuthenticatedRequest } from '../core/auth';
import { etag, ifMatchVersion } from '../core/if-match';
import { Database } from '../core/infrastructure.module';
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

const YEAR_PIPE = new ParseIntPipe({
  exceptionFactory: () =>
    new BadRequestException({
      message: 'The year is not valid',
      errors: [{ field: 'year', message: 'must be a year such as 2027' }],
    }),
});

/** Domain errors of the calendar in HTTP terms, with the field they concern. */
function httpError(err: unknown): never {
  if (err instanceof CycleInputError)
    throw new BadRequestException({
      message: err.message,
      errors: [{ field: err.field, message: err.message.slice(err.field.length + 2) }],
    });
  if (err instanceof InvalidInstantError)
    throw new BadRequestException({
      message: err.message,
      errors: [{ field: err.field ?? 'instant', message: err.message }],
    });
  if (err instanceof CalendarYearMissingError) throw new UnprocessableEntityException(err.message);
  throw err;
}

const unconfirmed = (d: CalendarYearData) =>
  [...d.holidays, ...d.transfers].filter((e) => e.status !== 'official').length;

function summary(y: StoredCalendarYear): CalendarYearSummaryView {
  return {
    year: y.year,
    revision: y.revision,
    version: y.version,
    origin: y.origin,
    updatedAt: y.updatedAt,
    updatedBy: y.updatedBy,
    unconfirmedEntries: unconfirmed(y.data),
  };
}

@Injectable()
export class CalendarService {
  private readonly store: CalendarStore;

  constructor(
    db: Database,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {
    this.store = new CalendarStore(db.client);
  }

  async list(): Promise<CalendarYearSummaryView[]> {
    return (await this.store.list()).map(summary);
  }

  async read(year: number): Promise<CalendarYearView> {
    // One read: the year and its neighbours (moved days off can spill over 31 December).
    const neighbours = (await this.store.list()).filter((y) => Math.abs(y.year - year) <= 1);
    const stored = neighbours.find((y) => y.year === year);
    if (!stored)
      throw new NotFoundException(
        `The calendar has no data for ${year}; an admin can add it with PUT /v1/calendar/${year}`,
      );
    const calendar = new WorkingCalendar(neighbours.map((y) => y.data));
    const special = calendar.specialDays(year);
    return {
      ...summary(stored),
      timeZone: TIME_ZONE,
      workingDays: calendar.workingDayCount(year),
      weekdayDaysOff: calendar.weekdayDaysOff(year),
      workedWeekendDays: special.filter((d) => d.working),
      weekendHolidays: special.filter((d) => !d.working && d.reasons.some((r) => r.kind === 'weekend')),
      document: stored.data,
    };
  }

  async revisions(year: number): Promise<CalendarRevisionView[]> {
    const revisions = await this.store.revisions(year);
    if (!revisions.length) throw new NotFoundException(`The calendar has no data for ${year}`);
    return revisions;
  }

  async write(
    year: number,
    body: unknown,
    ifMatch: string | undefined,
    actor: string,
    requestId?: string,
  ): Promise<{ created: boolean; view: CalendarYearView }> {
    const input = (typeof body === 'object' && body !== null ? body : {}) as { reason?: unknown; calendar?: unknown };
    const errors: { field: string; message: string }[] = [];
    if (typeof input.reason !== 'string' || input.reason.trim().length < 3 || input.reason.length > 500) {
      errors.push({
        field: 'reason',
        message: 'say why the calendar changes (3 to 500 characters), e.g. the announcement it follows',
      });
    }
    for (const key of Object.keys(input))
      if (key !== 'reason' && key !== 'calendar')
        errors.push({ field: key, message: 'unknown field; send { reason, calendar }' });
    if (input.calendar === undefined)
      errors.push({
        field: 'calendar',
        message: 'is required: the year document (see GET /v1/calendar/:year, "document")',
      });
    else {
      errors.push(
        ...calendarYearProblems(input.calendar).map((p) => ({ field: `calendar.${p.path}`, message: p.message })),
      );
      const docYear = (input.calendar as { year?: unknown }).year;
      if (typeof docYear === 'number' && docYear !== year)
        errors.push({ field: 'calendar.year', message: `is ${docYear} but the address is /v1/calendar/${year}` });
    }
    if (errors.length)
      throw new BadRequestException({
        message: `The calendar of ${year} was not saved: fix the fields listed`,
        errors,
      });

    const expectedRevision = ifMatchVersion(ifMatch);
    const reason = (input.reason as string).trim();
    try {
      const stored = await this.store.write({
        data: input.calendar as CalendarYearData,
        actor,
        reason,
        origin: 'ADMIN',
        expectedRevision,
      });
      await this.audit.record({
        actor,
        action: expectedRevision === null ? 'calendar.create' : 'calendar.update',
        subjectType: 'calendar-year',
        subjectId: String(year),
        reason,
        requestId,
      });
      return { created: expectedRevision === null, view: await this.read(stored.year) };
    } catch (err) {
      if (err instanceof StaleCalendarRevisionError) {
        await this.audit.record({
          actor,
          action: 'calendar.update',
          subjectType: 'calendar-year',
          subjectId: String(year),
          reason,
          requestId,
          outcome: 'refused',
        });
        // 428 when the year exists and no revision was sent; 412 when the revision is old.
        const status =
          err.expected === null && err.current !== null
            ? HttpStatus.PRECONDITION_REQUIRED
            : HttpStatus.PRECONDITION_FAILED;
        throw new HttpException({ message: err.message }, status);
      }
      throw err;
    }
  }

  private settings(overrides: { fixedDatePolicy?: string; regionalMarginWorkingDays?: number }): DeadlineSettings {
    const settings = { ...this.config.value.deadlines };
    if (overrides.fixedDatePolicy !== undefined) {
      if (!(FIXED_DATE_POLICIES as readonly string[]).includes(overrides.fixedDatePolicy)) {
        throw new BadRequestException({
          message: 'fixedDatePolicy is not valid',
          errors: [{ field: 'fixedDatePolicy', message: `must be one of ${FIXED_DATE_POLICIES.join(', ')}` }],
        });
      }
      settings.fixedDatePolicy = overrides.fixedDatePolicy as FixedDatePolicy;
    }
    if (overrides.regionalMarginWorkingDays !== undefined)
      settings.regionalMarginWorkingDays = overrides.regionalMarginWorkingDays;
    return settings;
  }

  async schedule(period: string, query: ScheduleQueryDto): Promise<CycleSchedule> {
    const { at, fixedDatePolicy, regionalMarginWorkingDays, ...events } = query;
    const settings = this.settings({ fixedDatePolicy, regionalMarginWorkingDays });
    try {
      return cycleSchedule(await this.store.calendar(), period, events, settings, at ?? new Date());
    } catch (err) {
      return httpError(err);
    }
  }

  async deadline(query: DeadlineQueryDto): Promise<DeadlineAnswerView> {
    const settings = this.config.value.deadlines;
    try {
      const from = toEpochMs(query.from, 'from');
      const calendar = await this.store.calendar();
      return {
        countedFrom: effectiveWorkingDay(calendar, from, settings),
        deadline: deadlineAfter(calendar, from, query.workingDays, settings),
      };
    } catch (err) {
      return httpError(err);
    }
  }
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('v1')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('calendar')
  @Allow(...ANY_ROLE)
  @ApiOperation({ summary: 'The years the working-day calendar has data for' })
  @ApiOkResponse({ type: [CalendarYearSummaryView] })
  list(): Promise<CalendarYearSummaryView[]> {
    return this.calendar.list();
  }

  @Get('calendar/:year')
  @Allow(...ANY_ROLE)
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
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CalendarYearView> {
    const { created, view } = await this.calendar.write(year, body, ifMatch, req.actor!.id, req.id);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK).setHeader('ETag', etag(view.revision));
    return view;
  }

  @Get('calendar/:year/revisions')
  @Allow(...ANY_ROLE)
  @ApiOperation({ summary: 'Who changed a year, when and why, newest first' })
  @ApiOkResponse({ type: [CalendarRevisionView] })
  revisions(@Param('year', YEAR_PIPE) year: number): Promise<CalendarRevisionView[]> {
    return this.calendar.revisions(year);
  }

  @Get('deadlines')
  @Allow(...ANY_ROLE)
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

@Module({ controllers: [CalendarController], providers: [CalendarService] })
export class CalendarModule {}
