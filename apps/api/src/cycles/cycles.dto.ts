import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import {
  CYCLE_ROLES,
  DISTRICT_STAGES,
  NATIONAL_STAGES,
  REGION_STAGES,
  type CycleRole,
} from '../../../../libs/contracts/cycle';

export const PERIOD = /^\d{4}-(01|07)$/;
export const PERIOD_MESSAGE = 'period must be YYYY-01 (the January cycle) or YYYY-07 (the July cycle)';
/** Every level's stages, once each (`done` is the region's and the nation's). */
const STAGES = [...new Set<string>([...DISTRICT_STAGES, ...REGION_STAGES, ...NATIONAL_STAGES])];
export const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class StartCycleDto {
  @ApiProperty({ example: '2027-01' })
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period!: string;
}

export class PeriodParams {
  @ApiProperty({ example: '2027-01' }) @Matches(PERIOD, { message: PERIOD_MESSAGE }) period!: string;
  @ApiProperty({ example: '7101', description: 'District id or two-digit KATO region code' })
  @Matches(/^\d{2,16}$/, { message: 'code must be a district id or a region code (digits)' })
  code!: string;
}

export class DistrictCycleParams {
  @ApiProperty({ example: '2027-01' }) @Matches(PERIOD, { message: PERIOD_MESSAGE }) period!: string;
  @ApiProperty({ example: '7101' })
  @Matches(/^\d{2,16}$/, { message: 'districtId must be a district id (digits)' })
  districtId!: string;
}

const RETRY_REASON_MESSAGE = 'reason is required: say in words why the district is retried (1 to 500 characters)';

export class RetryDistrictDto {
  @ApiProperty({
    description: 'Why the failed district is retried (what was wrong, what was done about it); kept in the audit trail',
    example: 'The register partition was restored; reconcile again',
  })
  // One check, so one sentence: a string of 1 to 500 characters, not all blank (a non-string fails it too).
  @Matches(/^(?=[\s\S]*\S)[\s\S]{1,500}$/, { message: RETRY_REASON_MESSAGE })
  reason!: string;
}

export class Limited {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** Period and territory filters shared by every cycle listing; the patterns also keep visibility queries safe. */
export class TerritoryQuery extends Limited {
  @ApiPropertyOptional({ example: '2027-01' })
  @IsOptional()
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period?: string;
  @ApiPropertyOptional({ example: '71' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' })
  regionCode?: string;
  @ApiPropertyOptional({ example: '7101' })
  @IsOptional()
  @Matches(/^\d{2,16}$/, { message: 'districtId must be digits' })
  districtId?: string;
}

export class CycleWorkflowsQueryDto extends TerritoryQuery {
  @ApiPropertyOptional({ enum: STAGES }) @IsOptional() @IsIn(STAGES) stage?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() atRisk?: boolean;
}

export class NotificationsQueryDto extends TerritoryQuery {
  @ApiPropertyOptional({ enum: CYCLE_ROLES }) @IsOptional() @IsIn([...CYCLE_ROLES]) role?: CycleRole;
  @ApiPropertyOptional({ description: 'true: only those not read yet' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  unread?: boolean;
}
