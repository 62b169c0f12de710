import { HttpStatus, Injectable } from '@nestjs/common';
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
import { AppConfig } from '../core/app-config';
import { ifMatchVersion } from '../core/if-match';
import { Database } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import {
  CalendarRevisionView,
  CalendarYearSummaryView,
  CalendarYearView,
  DeadlineAnswerView,
  DeadlineQueryDto,
  ScheduleQueryDto,
} from './calendar.dto';

/** Domain errors of the calendar in HTTP terms, with the field they concern. */
function httpError(err: unknown): never {
  if (err instanceof CycleInputError)
    throw new Problem(HttpStatus.BAD_REQUEST, 'calendar.input-invalid', { field: err.field }, err.message, [
      { field: err.field, message: err.message.slice(err.field.length + 2) },
    ]);
  if (err instanceof InvalidInstantError)
    throw new Problem(
      HttpStatus.BAD_REQUEST,
      'calendar.instant-invalid',
      { field: err.field ?? 'instant' },
      err.message,
      [{ field: err.field ?? 'instant', message: err.message }],
    );
  if (err instanceof CalendarYearMissingError)
    throw new Problem(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'calendar.year-unknown',
      { year: err.year, available: err.available },
      err.message,
    );
  throw err;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unconfirmed = (d: CalendarYearData) =>
  [...d.holidays, ...d.transfers].filter((e) => e.status !== 'official').length;

export function summary(y: StoredCalendarYear): CalendarYearSummaryView {
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
    private readonly db: Database,
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
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'calendar.year-not-found',
        { year },
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
    if (!revisions.length)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'calendar.year-not-found',
        { year },
        `The calendar has no data for ${year}`,
      );
    // Who changed the year, by name: the console shows people, never their ids.
    const ids = [...new Set(revisions.map((r) => r.changedBy))].filter((id) => UUID.test(id));
    const people = new Map(
      (
        await this.db.client.user.findMany({
          where: { id: { in: ids } },
          select: { id: true, fullName: true, role: true },
        })
      ).map((u) => [u.id, u]),
    );
    return revisions.map((r) => ({
      ...r,
      changedByName: people.get(r.changedBy)?.fullName ?? null,
      changedByRole: people.get(r.changedBy)?.role ?? null,
    }));
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
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'calendar.year-invalid',
        { year },
        `The calendar of ${year} was not saved: fix the fields listed`,
        errors,
      );

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
        // 428 when the year exists and no revision was sent; 412 when the revision is old, or the year is not there.
        if (err.current === null)
          throw new Problem(HttpStatus.PRECONDITION_FAILED, 'calendar.year-not-created', { year }, err.message);
        if (err.expected === null)
          throw new Problem(
            HttpStatus.PRECONDITION_REQUIRED,
            'calendar.revision-required',
            { year, current: err.current },
            err.message,
          );
        throw new Problem(
          HttpStatus.PRECONDITION_FAILED,
          'calendar.revision-stale',
          { year, sent: err.expected, current: err.current },
          err.message,
        );
      }
      throw err;
    }
  }

  private settings(overrides: { fixedDatePolicy?: string; regionalMarginWorkingDays?: number }): DeadlineSettings {
    const settings = { ...this.config.value.deadlines };
    if (overrides.fixedDatePolicy !== undefined) {
      if (!(FIXED_DATE_POLICIES as readonly string[]).includes(overrides.fixedDatePolicy)) {
        throw new Problem(
          HttpStatus.BAD_REQUEST,
          'calendar.fixed-date-policy',
          { valid: [...FIXED_DATE_POLICIES] },
          'fixedDatePolicy is not valid',
          [{ field: 'fixedDatePolicy', message: `must be one of ${FIXED_DATE_POLICIES.join(', ')}` }],
        );
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
