import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { BOARD_STATES, REGION_STAGE_ORDER, type BoardSort, type BoardStepState } from '../../../../libs/board/board';
import { PERIOD, PERIOD_MESSAGE, toBool } from '../cycles/cycles.dto';

const SORTS: BoardSort[] = ['urgency', 'slack', 'region', 'stage'];

export class BoardPeriodQueryDto {
  @ApiProperty({ example: '2027-01' }) @Matches(PERIOD, { message: PERIOD_MESSAGE }) period!: string;
}

export class BoardQueryDto extends BoardPeriodQueryDto {
  @ApiPropertyOptional({ enum: REGION_STAGE_ORDER, description: "The region's stage" })
  @IsOptional()
  @IsIn([...REGION_STAGE_ORDER])
  stage?: string;

  @ApiPropertyOptional({ enum: BOARD_STATES, description: 'Regions with at least one step in this state' })
  @IsOptional()
  @IsIn([...BOARD_STATES])
  state?: BoardStepState;

  @ApiPropertyOptional({
    description: 'true: regions whose projection misses the CEC deadline; false: those whose projection fits',
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  atRisk?: boolean;

  @ApiPropertyOptional({ example: '71' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' })
  regionCode?: string;

  @ApiPropertyOptional({
    enum: SORTS,
    default: 'slack',
    description:
      'urgency: most urgent first (projected miss, overdue steps, open escalations by rung, then name; see libs/board/urgency.ts); ' +
      'slack: projected working days to spare, tightest first; region: KATO code; stage: least advanced first',
  })
  @IsOptional()
  @IsIn(SORTS)
  sort?: BoardSort;
}

export class RegionCodeParams {
  @ApiProperty({ example: '71' })
  @Matches(/^\d{2}$/, { message: 'code must be a two-digit KATO region code' })
  code!: string;
}
