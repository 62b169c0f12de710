import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE = (field: string) =>
  `${field} must be an ISO 8601 instant with its zone, e.g. 2027-03-15T07:00:00+05:00`;

export class CreateVotingDayDto {
  @ApiProperty({ example: '2027-03-15', description: 'The day of voting (Asia/Almaty)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a day as YYYY-MM-DD' })
  date!: string;

  @ApiProperty({ example: 'Республиканский референдум' })
  @IsString()
  @Length(3, 200)
  name!: string;

  @ApiPropertyOptional({ description: 'When voting opens; 07:00 Asia/Almaty on the day when omitted' })
  @IsOptional()
  @Matches(INSTANT, { message: INSTANT_MESSAGE('opensAt') })
  opensAt?: string;

  @ApiPropertyOptional({ description: 'When voting closes; 20:00 Asia/Almaty on the day when omitted' })
  @IsOptional()
  @Matches(INSTANT, { message: INSTANT_MESSAGE('closesAt') })
  closesAt?: string;
}

export class VotingDayView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2027-03-15' }) date!: string;
  @ApiProperty() name!: string;
  @ApiProperty() opensAt!: Date;
  @ApiProperty() closesAt!: Date;
  @ApiProperty({ description: 'Whether voting is under way now' }) open!: boolean;
}

export class RegisterApplicationDto {
  @ApiProperty({
    example: '900515350127',
    description: "The applicant's IIN, from their identity document (12 digits, valid check digit)",
  })
  @IsString()
  @Matches(/^\d{12}$/, { message: 'iin must be exactly 12 digits' })
  iin!: string;
}

export class CallCentreDto {
  @ApiProperty({ example: 214, description: 'The precinct number the regional call centre gave' })
  @Type(() => Number)
  @IsInt({ message: 'stationNumber must be a whole number' })
  @Min(1)
  @Max(999999)
  stationNumber!: number;

  @ApiPropertyOptional({ example: 'operator No. 12', description: 'What else the call centre said (no personal data)' })
  @IsOptional()
  @IsString()
  @Length(0, 300)
  note?: string;
}

export const DECISIONS = ['INCLUDE', 'REJECT'] as const;

export class DecisionDto {
  @ApiProperty({ enum: DECISIONS })
  @IsIn(DECISIONS, { message: `decision must be one of ${DECISIONS.join(', ')}` })
  decision!: (typeof DECISIONS)[number];

  @ApiPropertyOptional({
    example: 'Место постоянной регистрации находится за пределами границ участка',
    description: "Required for a rejection: the commission's reasons",
  })
  @ValidateIf((d: DecisionDto) => d.decision === 'REJECT')
  @Matches(/^\s*\S[\s\S]{3,998}\S\s*$/, {
    message: "reason is required for a rejection: the commission's reasons, 5 to 1,000 characters",
  })
  reason?: string;

  @ApiPropertyOptional({
    example: 214,
    description: 'For a rejection: the precinct the applicant should go to, when known',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(999999)
  correctStationNumber?: number;
}

export const APPLICATION_STATUSES = ['REGISTERED', 'AWAITING_DECISION', 'INCLUDED', 'REJECTED'] as const;

export class ApplicationsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "The voting day; today's (or the latest) when omitted" })
  @IsOptional()
  @IsUUID()
  votingDayId?: string;

  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES)
  status?: (typeof APPLICATION_STATUSES)[number];

  @ApiPropertyOptional({ example: '71' }) @IsOptional() @Matches(/^\d{2}$/) regionCode?: string;
  @ApiPropertyOptional({ example: '7101' }) @IsOptional() @IsString() @Length(1, 16) districtId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() stationId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class ReasonQuery {
  @ApiPropertyOptional({
    description:
      'Why the personal data is read (kept in the audit trail); required except for the deciding precinct member',
  })
  @IsOptional()
  @IsString()
  @Length(3, 300)
  reason?: string;
}

export class RejectionPdfQuery extends ReasonQuery {
  @ApiPropertyOptional({ enum: ['ru', 'kk'], default: 'ru' })
  @IsOptional()
  @IsIn(['ru', 'kk'])
  lang?: 'ru' | 'kk';
}

export class ApplicationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: "The precinct's application number of the day" }) number!: number;
  @ApiProperty({ format: 'uuid' }) votingDayId!: string;
  @ApiProperty({ format: 'uuid' }) stationId!: string;
  @ApiProperty() stationNumber!: number;
  @ApiProperty() regionCode!: string;
  @ApiProperty() districtId!: string;
  @ApiProperty({ enum: APPLICATION_STATUSES }) status!: string;
  @ApiProperty({ description: 'Temporal workflow id' }) workflowId!: string;
  @ApiProperty() registeredAt!: Date;
  @ApiPropertyOptional({ enum: ['FOUND', 'NOT_FOUND', 'UNAVAILABLE'], nullable: true, type: String }) lookupResult!:
    string | null;
  @ApiProperty({ description: 'Attempts made to reach the state registration service' }) lookupAttempts!: number;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Why the lookup has no answer yet (the service is down, retrying)',
  })
  lookupError!: string | null;
  @ApiPropertyOptional({
    enum: ['retrying', 'gave-up'],
    nullable: true,
    type: String,
    description:
      'Why the lookup has no answer, by code: the service is down and is asked again (retrying), or every retry failed (gave-up)',
  })
  lookupErrorCode!: 'retrying' | 'gave-up' | null;
  @ApiPropertyOptional({ enum: ['INSIDE', 'OUTSIDE', 'UNKNOWN'], nullable: true, type: String }) boundaryVerdict!:
    string | null;
  @ApiProperty({ type: [Number], description: 'Precincts whose Appendix 3 boundaries hold the registered address' })
  boundaryStations!: number[];
  @ApiPropertyOptional({ nullable: true, type: Number }) callCentreStationNumber!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) decidedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String }) rejectionReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Number }) correctStationNumber!: number | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) notifiedAt!: Date | null;
  @ApiProperty({ type: [String], enum: ['OPEN_TOO_LONG', 'VOTING_CLOSED'] }) escalations!: string[];
  @ApiProperty({ description: 'Whether an inclusion may be recorded now, and if not, why' }) canInclude!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) inclusionRefusal!: string | null;
  @ApiPropertyOptional({
    enum: ['decided', 'lookup-running', 'lookup-unavailable', 'no-registration', 'barred', 'outside-precinct'],
    nullable: true,
    type: String,
    description: 'Why an inclusion is not possible now, by code (the console says it in Russian and Kazakh)',
  })
  inclusionRefusalCode!: string | null;
}

export class PersonalDataView {
  @ApiProperty() iin!: string;
  @ApiPropertyOptional({
    nullable: true,
    type: Object,
    description: 'The permanent registration as the state registration service returned it',
  })
  registration!: unknown;
  @ApiPropertyOptional({ nullable: true, type: Object, description: "The applicant's names, from the register" })
  person!: { surname: string; firstName: string; patronymic: string | null; birthDate: string } | null;
}

export class StationsQueryDto {
  @ApiPropertyOptional({ example: '7101', description: "A district's stations only (within the official's territory)" })
  @IsOptional()
  @IsString()
  @Length(1, 16)
  districtId?: string;
}
