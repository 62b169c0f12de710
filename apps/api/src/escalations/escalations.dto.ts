import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { CYCLE_ROLES, type CycleRole } from '../../../../libs/contracts/cycle';
import { TerritoryQuery, toBool } from '../cycles/cycles.dto';

export const ESCALATION_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

export class EscalationsQueryDto extends TerritoryQuery {
  @ApiPropertyOptional({
    enum: ESCALATION_STATUSES,
    description: 'open: nobody has answered yet; acknowledged: an official is on it; resolved',
  })
  @IsOptional()
  @IsIn([...ESCALATION_STATUSES])
  status?: EscalationStatus;

  @ApiPropertyOptional({ description: 'true: not resolved (open or acknowledged); false: resolved' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({ enum: CYCLE_ROLES, description: 'The rung of the ladder reached' })
  @IsOptional()
  @IsIn([...CYCLE_ROLES])
  level?: CycleRole;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsUUID('all', { message: 'after must be the nextCursor of the previous page' })
  after?: string;
}

export class AcknowledgeEscalationDto {
  @ApiPropertyOptional({
    description: 'Who is on it and what happens next; kept with the escalation',
    example: 'Called the akimat: the files come on Monday',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  comment?: string;
}

export class ResolveEscalationDto {
  @ApiProperty({
    description: 'How it was settled',
    example: 'The akimat sent the files by courier; the act was signed on 29 December',
  })
  @Length(3, 1000, { message: 'note must say how the escalation was settled (3 to 1000 characters)' })
  note!: string;
}
