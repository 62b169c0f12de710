import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CYCLE_ROLES, TASK_KINDS, type CycleRole } from '../../../../workflows/contracts/cycle';

const PERIOD = /^\d{4}-(01|07)$/;
const PERIOD_MESSAGE = 'period must be YYYY-01 (the January cycle) or YYYY-07 (the July cycle)';
const STAGES = [
  'awaiting-submission', 'reconciling', 'commission-review', 'awaiting-corrections', 'ready',
  'districts-in-progress', 'submitting-to-cec', 'awaiting-cec-receipt', 'regions-in-progress', 'done',
];
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

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

class Limited {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 200 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}

/** Period and territory filters shared by every cycle listing; the patterns also keep visibility queries safe. */
class TerritoryQuery extends Limited {
  @ApiPropertyOptional({ example: '2027-01' }) @IsOptional() @Matches(PERIOD, { message: PERIOD_MESSAGE }) period?: string;
  @ApiPropertyOptional({ example: '71' }) @IsOptional() @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' }) regionCode?: string;
  @ApiPropertyOptional({ example: '7101' }) @IsOptional() @Matches(/^\d{2,16}$/, { message: 'districtId must be digits' }) districtId?: string;
}

export class CycleWorkflowsQueryDto extends TerritoryQuery {
  @ApiPropertyOptional({ enum: STAGES }) @IsOptional() @IsIn(STAGES) stage?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() atRisk?: boolean;
}

export class TasksQueryDto extends TerritoryQuery {
  @ApiPropertyOptional({ enum: ['OPEN', 'CLAIMED', 'COMPLETED', 'CANCELLED'] })
  @IsOptional() @IsIn(['OPEN', 'CLAIMED', 'COMPLETED', 'CANCELLED']) status?: 'OPEN' | 'CLAIMED' | 'COMPLETED' | 'CANCELLED';
  @ApiPropertyOptional({ enum: TASK_KINDS }) @IsOptional() @IsIn([...TASK_KINDS]) kind?: (typeof TASK_KINDS)[number];
}

export class EscalationsQueryDto extends TerritoryQuery {
  @ApiPropertyOptional({ description: 'true: only open ones; false: only resolved ones' }) @IsOptional() @Transform(toBool) @IsBoolean() open?: boolean;
}

export class CompleteTaskDto {
  @ApiProperty({
    description:
      'What the task produced; its kind is the task\'s own. SUBMIT_FILES / SUBMIT_CORRECTIONS: { transferActId } (the act recorded in Tizim, ' +
      'its receipt recorded: the reconciliation takes the files and the staged submission from it) or { files: [{ kind: voters|stations|boundaries, name, sizeBytes, records, sha256? }], submissionId? } (the act on paper); REVIEW_DISCREPANCIES: { decision: send-back|accept, comment? }; SUBMIT_TO_CEC: { actNumber }; RECORD_CEC_RECEIPT: { receivedAt }.',
    example: { decision: 'send-back' },
  })
  @IsObject()
  outcome!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Kept in the audit trail' })
  @IsOptional() @IsString() @Length(0, 500)
  comment?: string;
}

export class NotificationsQueryDto extends TerritoryQuery {
  @ApiPropertyOptional({ enum: CYCLE_ROLES }) @IsOptional() @IsIn([...CYCLE_ROLES]) role?: CycleRole;
  @ApiPropertyOptional({ description: 'true: only those not read yet' }) @IsOptional() @Transform(toBool) @IsBoolean() unread?: boolean;
}
