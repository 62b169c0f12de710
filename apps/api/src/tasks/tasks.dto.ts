import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { TASK_KINDS } from '../../../../libs/contracts/cycle';
import { TerritoryQuery, toBool } from '../cycles/cycles.dto';

export const TASK_STATUSES = ['OPEN', 'CLAIMED', 'COMPLETED', 'CANCELLED'] as const;
export const DUE_FILTERS = ['open', 'soon', 'overdue'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

export class TasksQueryDto extends TerritoryQuery {
  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn([...TASK_STATUSES])
  status?: (typeof TASK_STATUSES)[number];

  @ApiPropertyOptional({ enum: TASK_KINDS }) @IsOptional() @IsIn([...TASK_KINDS]) kind?: (typeof TASK_KINDS)[number];

  @ApiPropertyOptional({
    enum: DUE_FILTERS,
    description:
      'open: not done (open or claimed); overdue: not done and its deadline passed; soon: not done, deadline not passed and within ' +
      'TIZIM_TASKS_DUE_SOON_WORKING_DAYS working days (default 1: by the end of the next working day, Asia/Almaty)',
  })
  @IsOptional()
  @IsIn([...DUE_FILTERS])
  due?: DueFilter;

  @ApiPropertyOptional({
    description: 'true: the tasks claimed by you, and those of your role in your territory that nobody has claimed',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsUUID('all', { message: 'after must be the nextCursor of the previous page' })
  after?: string;
}

export class CompleteTaskDto {
  @ApiProperty({
    description:
      "What the task produced; its kind is the task's own. SUBMIT_FILES / SUBMIT_CORRECTIONS: { transferActId } (the act recorded in Tizim, " +
      'its receipt recorded: the reconciliation takes the files and the staged submission from it) or { files: [{ kind: voters|stations|boundaries, name, sizeBytes, records, sha256? }], submissionId? } (the act on paper); REVIEW_DISCREPANCIES: { decision: send-back|accept, comment? }; SUBMIT_TO_CEC: { actNumber }; RECORD_CEC_RECEIPT: { receivedAt }.',
    example: { decision: 'send-back' },
  })
  @IsObject()
  outcome!: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Kept in the audit trail' })
  @IsOptional()
  @IsString()
  @Length(0, 500)
  comment?: string;
}

export class ReleaseTaskDto {
  @ApiPropertyOptional({ description: "Why; kept in the audit trail (say it when releasing another official's claim)" })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}
