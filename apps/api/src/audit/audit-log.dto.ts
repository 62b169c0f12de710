import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const OUTCOMES = ['ok', 'refused', 'not-found', 'not-applied', 'unknown'] as const;
const ISO_WITH_ZONE = { strict: true, strictSeparator: true };

export class AuditQueryDto {
  @ApiPropertyOptional({ example: 'operator' }) @IsOptional() @IsString() @Length(1, 200) actor?: string;
  @ApiPropertyOptional({
    example: 'cycle-task.complete',
    description: 'An action, or a prefix ending in * (e.g. cycle*)',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:/ -]{1,200}\*?$/, { message: 'action must be an action name, or a prefix followed by *' })
  action?: string;
  @ApiPropertyOptional({ example: 'cycle-task' }) @IsOptional() @IsString() @Length(1, 100) subjectType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 300) subjectId?: string;
  @ApiPropertyOptional({ enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES, { message: `outcome must be one of ${OUTCOMES.join(', ')}` })
  outcome?: (typeof OUTCOMES)[number];
  @ApiPropertyOptional({
    example: '2027-01-10T00:00:00+05:00',
    description: 'From this instant, inclusive (ISO 8601 with a zone)',
  })
  @IsOptional()
  @IsISO8601(ISO_WITH_ZONE, { message: 'from must be an instant, ISO 8601, e.g. 2027-01-10T00:00:00+05:00' })
  @Matches(/(Z|[+-]\d\d:\d\d)$/, { message: 'from must name its zone (Z or +05:00)' })
  from?: string;
  @ApiPropertyOptional({ example: '2027-01-11T00:00:00+05:00', description: 'Before this instant, exclusive' })
  @IsOptional()
  @IsISO8601(ISO_WITH_ZONE, { message: 'to must be an instant, ISO 8601, e.g. 2027-01-11T00:00:00+05:00' })
  @Matches(/(Z|[+-]\d\d:\d\d)$/, { message: 'to must name its zone (Z or +05:00)' })
  to?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'after must be the nextCursor of the previous page' })
  after?: string;
}
