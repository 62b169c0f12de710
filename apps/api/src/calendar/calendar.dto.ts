import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import {
  CALENDAR_FORMAT,
  CYCLE_STEPS,
  ENTRY_STATUSES,
  FIXED_DATE_POLICIES,
  HOLIDAY_KINDS,
} from '../../../../libs/calendar';

const INSTANT = {
  type: String,
  format: 'date-time',
  description: 'ISO 8601 with a zone, e.g. 2026-12-31T17:30:00+05:00',
};

/** OpenAPI schema of a year's calendar document (validated in libs/calendar/calendar-data.ts). */
export const CALENDAR_DOCUMENT_SCHEMA = {
  type: 'object',
  required: ['format', 'year', 'version', 'weekendDays', 'sources', 'holidays', 'transfers'],
  properties: {
    format: { type: 'string', enum: [CALENDAR_FORMAT] },
    year: { type: 'integer', example: 2027 },
    version: {
      type: 'string',
      example: '2027.2',
      description: 'Your label for this edition; raise it with each correction',
    },
    weekendDays: {
      type: 'array',
      items: { type: 'integer', minimum: 1, maximum: 7 },
      example: [6, 7],
      description: 'ISO weekdays: 6 Saturday, 7 Sunday',
    },
    sources: {
      type: 'object',
      description: 'Legal sources by key; every holiday and transfer names one',
      additionalProperties: {
        type: 'object',
        required: ['title'],
        properties: {
          title: { type: 'string' },
          number: { type: 'string' },
          date: { type: 'string', format: 'date' },
          url: { type: 'string', format: 'uri' },
          note: { type: 'string' },
        },
      },
    },
    holidays: {
      type: 'array',
      items: {
        type: 'object',
        required: ['date', 'id', 'name', 'kind', 'status', 'source'],
        properties: {
          date: { type: 'string', format: 'date' },
          id: { type: 'string', example: 'kurban-ait' },
          name: {
            type: 'object',
            required: ['ru', 'kk', 'en'],
            properties: { ru: { type: 'string' }, kk: { type: 'string' }, en: { type: 'string' } },
          },
          kind: {
            type: 'string',
            enum: [...HOLIDAY_KINDS],
            description: 'religious holidays never move to the next working day',
          },
          status: { type: 'string', enum: [...ENTRY_STATUSES] },
          source: { type: 'string', description: 'A key of sources' },
          note: { type: 'string' },
        },
      },
    },
    transfers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['workedDay', 'dayOff', 'status', 'source'],
        properties: {
          workedDay: { type: 'string', format: 'date', description: 'A weekend day that becomes a working day' },
          dayOff: { type: 'string', format: 'date', description: 'A weekday that becomes a day off' },
          status: { type: 'string', enum: [...ENTRY_STATUSES] },
          source: { type: 'string' },
          note: { type: 'string' },
        },
      },
    },
    notes: { type: 'string' },
  },
} as const;

export const PUT_CALENDAR_SCHEMA = {
  type: 'object',
  required: ['reason', 'calendar'],
  properties: {
    reason: {
      type: 'string',
      minLength: 3,
      maxLength: 500,
      example: 'Kurban Ait 2027 announced for 16 May (QMDB announcement of …)',
    },
    calendar: CALENDAR_DOCUMENT_SCHEMA,
  },
} as const;

export class DayView {
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiProperty({ description: 'ISO weekday, 1 Monday … 7 Sunday' }) weekday!: number;
  @ApiProperty() working!: boolean;
  @ApiProperty({
    description:
      'Why the day is special: weekend, holiday, moved-holiday (with `from`), transfer-day-off, transfer-worked-day',
    type: 'array',
    items: { type: 'object' },
  })
  reasons!: object[];
}

export class CalendarYearSummaryView {
  @ApiProperty() year!: number;
  @ApiProperty({ description: 'Counts changes; send it back in If-Match to change the year' }) revision!: number;
  @ApiProperty() version!: string;
  @ApiProperty({ enum: ['SHIPPED', 'ADMIN'] }) origin!: string;
  @ApiProperty() updatedAt!: Date;
  @ApiProperty() updatedBy!: string;
  @ApiProperty({ description: 'Entries that are only announced or estimated, to be confirmed' })
  unconfirmedEntries!: number;
}

export class CalendarYearView extends CalendarYearSummaryView {
  @ApiProperty({ example: 'Asia/Almaty' }) timeZone!: string;
  @ApiProperty() workingDays!: number;
  @ApiProperty({ type: [DayView], description: 'Weekdays that are days off: holidays, moved holidays, transfers' })
  weekdayDaysOff!: DayView[];
  @ApiProperty({ type: [DayView], description: 'Weekend days worked by a transfer' }) workedWeekendDays!: DayView[];
  @ApiProperty({ type: [DayView], description: 'Holidays that fall on a weekend' }) weekendHolidays!: DayView[];
  @ApiProperty({
    description: 'The document as stored (holidays, transfers, sources)',
    type: 'object',
    additionalProperties: true,
  })
  document!: object;
}

export class CalendarRevisionView {
  @ApiProperty() revision!: number;
  @ApiProperty() version!: string;
  @ApiProperty({ enum: ['SHIPPED', 'ADMIN'] }) origin!: string;
  @ApiProperty() changedAt!: Date;
  @ApiProperty() changedBy!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: "The official's name (null: shipped, or the operator)",
  })
  changedByName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) changedByRole!: string | null;
  @ApiProperty() reason!: string;
}

export class DeadlineView {
  @ApiProperty({ format: 'date', description: 'The due working day' }) day!: string;
  @ApiProperty({ format: 'date-time', description: 'The end of that working day, UTC' }) at!: string;
  @ApiProperty({ example: '2027-01-15T18:00:00+05:00', description: 'The same instant in Asia/Almaty' })
  atLocal!: string;
}

export class StepScheduleView {
  @ApiProperty({ enum: CYCLE_STEPS }) step!: string;
  @ApiProperty({ description: 'The paragraph of CEC Rules No. 11/196 behind the deadline' }) rule!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) nominalDate!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) workingDays!: number | null;
  @ApiProperty({ type: DeadlineView, description: 'Forward from the actual events' }) due!: DeadlineView;
  @ApiProperty({ type: DeadlineView, description: 'Backward from the CEC deadline: the latest safe end' })
  latestSafe!: DeadlineView;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) completedAt!: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: DeadlineView,
    description: 'Expected end if the step takes its full time',
  })
  projected!: DeadlineView | null;
  @ApiProperty({ description: 'Working days to the latest safe day; negative when late' }) slackWorkingDays!: number;
  @ApiProperty({ enum: ['met', 'met-late', 'upcoming', 'due', 'at-risk', 'overdue'] }) state!: string;
}

export class ProjectionView {
  @ApiPropertyOptional({ nullable: true, enum: CYCLE_STEPS }) currentStep!: string | null;
  @ApiProperty({ description: 'Whether the chain still reaches the CEC by its deadline' }) fits!: boolean;
  @ApiProperty() slackWorkingDays!: number;
  @ApiProperty() missesByWorkingDays!: number;
  @ApiProperty({ type: DeadlineView }) cecSubmission!: DeadlineView;
}

export class CycleScheduleView {
  @ApiProperty({ example: { id: '2027-01', year: 2027, month: 1 } }) period!: object;
  @ApiProperty({
    example: { endOfWorkingDay: '18:00', fixedDatePolicy: 'working-day-before', regionalMarginWorkingDays: 0 },
  })
  settings!: object;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) at!: string | null;
  @ApiProperty({ type: [StepScheduleView] }) steps!: StepScheduleView[];
  @ApiProperty({ type: ProjectionView }) projection!: ProjectionView;
}

export class ScheduleQueryDto {
  @ApiPropertyOptional({ ...INSTANT, description: 'When the commission received the submission' })
  @IsOptional()
  @IsString()
  receivedAt?: string;

  @ApiPropertyOptional({ ...INSTANT, description: 'When the commission finished the reconciliation' })
  @IsOptional()
  @IsString()
  reconciledAt?: string;

  @ApiPropertyOptional({ ...INSTANT, description: 'When the discrepancies were sent back to the akimat' })
  @IsOptional()
  @IsString()
  repliedAt?: string;

  @ApiPropertyOptional({ ...INSTANT, description: 'When the corrected files came back' })
  @IsOptional()
  @IsString()
  correctedAt?: string;

  @ApiPropertyOptional({ ...INSTANT, description: 'When the region submitted to the CEC' })
  @IsOptional()
  @IsString()
  submittedToCecAt?: string;

  @ApiPropertyOptional({ ...INSTANT, description: 'The moment to project from; now when absent' })
  @IsOptional()
  @IsString()
  at?: string;

  @ApiPropertyOptional({
    enum: FIXED_DATE_POLICIES,
    description: 'Override the configured policy for a fixed date on a day off',
  })
  @IsOptional()
  @IsString()
  fixedDatePolicy?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10,
    description: 'Override the regional margin (working days before the CEC deadline)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  regionalMarginWorkingDays?: number;
}

export class DeadlineQueryDto {
  @ApiProperty({ ...INSTANT, description: 'The event the period counts from (a receipt, a reply)' })
  @IsString()
  from!: string;

  @ApiProperty({ minimum: 1, maximum: 60, example: 3 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  workingDays!: number;
}

export class DeadlineAnswerView {
  @ApiProperty({ format: 'date', description: 'The working day the event counts as received on' }) countedFrom!: string;
  @ApiProperty({ type: DeadlineView }) deadline!: DeadlineView;
}
