import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** The stages the cycle workflows publish in TizimStage (libs/contracts/cycle.ts). */
export const CYCLE_STAGES = [
  'awaiting-submission',
  'reconciling',
  'commission-review',
  'awaiting-corrections',
  'ready',
  'districts-in-progress',
  'submitting-to-cec',
  'awaiting-cec-receipt',
  'regions-in-progress',
  'done',
] as const;

/** The cycle's workflow types, by the short name the API takes. */
export const CYCLE_WORKFLOW_TYPES = {
  national: 'nationalCycleWorkflow',
  region: 'regionCycleWorkflow',
  district: 'districtCycleWorkflow',
  starter: 'cycleStarterWorkflow',
} as const;
export type CycleWorkflowKind = keyof typeof CYCLE_WORKFLOW_TYPES;

/** The API's status words and Temporal's ExecutionStatus values in visibility queries. */
export const EXECUTION_STATUSES = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  terminated: 'Terminated',
  'continued-as-new': 'ContinuedAsNew',
  'timed-out': 'TimedOut',
} as const;
export type ExecutionStatusWord = keyof typeof EXECUTION_STATUSES;

const PERIOD = /^\d{4}-(01|07)$/;

/** Every value is checked against a strict pattern or list, so the visibility query cannot be broken by quoting. */
export class WorkflowsQueryDto {
  @ApiPropertyOptional({ example: '2027-01' })
  @IsOptional()
  @Matches(PERIOD, { message: 'period must be YYYY-01 (the January cycle) or YYYY-07 (the July cycle)' })
  period?: string;

  @ApiPropertyOptional({ example: '71' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' })
  regionCode?: string;

  @ApiPropertyOptional({ example: '7101' })
  @IsOptional()
  @Matches(/^\d{2,16}$/, { message: 'districtId must be digits' })
  districtId?: string;

  @ApiPropertyOptional({ enum: CYCLE_STAGES })
  @IsOptional()
  @IsIn([...CYCLE_STAGES], { message: `stage must be one of ${CYCLE_STAGES.join(', ')}` })
  stage?: string;

  @ApiPropertyOptional({
    enum: Object.keys(CYCLE_WORKFLOW_TYPES),
    description: "national, region, district or starter (the Schedule's)",
  })
  @IsOptional()
  @IsIn(Object.keys(CYCLE_WORKFLOW_TYPES), {
    message: `type must be one of ${Object.keys(CYCLE_WORKFLOW_TYPES).join(', ')}`,
  })
  type?: CycleWorkflowKind;

  @ApiPropertyOptional({ enum: Object.keys(EXECUTION_STATUSES) })
  @IsOptional()
  @IsIn(Object.keys(EXECUTION_STATUSES), {
    message: `status must be one of ${Object.keys(EXECUTION_STATUSES).join(', ')}`,
  })
  status?: ExecutionStatusWord;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: "nextPageToken of the previous page (Temporal's page token)" })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,8192}\.[A-Za-z0-9_-]{22}$/, {
    message: 'pageToken must be the nextPageToken of the previous page',
  })
  pageToken?: string;
}

export class HistoryQueryDto {
  @ApiPropertyOptional({ description: 'A run of the workflow; the latest when left out' })
  @IsOptional()
  @Matches(/^[0-9a-f-]{36}$/, { message: 'runId must be a run id (a UUID)' })
  runId?: string;
}

export const WORKFLOW_ID = /^[A-Za-z0-9._:-]{1,200}$/;
