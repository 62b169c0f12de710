import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { EVENT_KINDS, type RegisterSourceName } from '../../../../libs/register/events';

const SOURCES: RegisterSourceName[] = ['CIVIL_REGISTRY', 'COURTS', 'MIGRATION_SERVICE', 'ADDRESS_REGISTRY'];

export class RegisterEventsQuery {
  @ApiPropertyOptional({ enum: SOURCES })
  @IsOptional()
  @IsIn(SOURCES, { message: `source must be one of ${SOURCES.join(', ')}` })
  source?: RegisterSourceName;
  @ApiPropertyOptional({ enum: Object.keys(EVENT_KINDS) })
  @IsOptional()
  @IsIn(Object.keys(EVENT_KINDS), { message: `kind must be one of ${Object.keys(EVENT_KINDS).join(', ')}` })
  kind?: string;
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number from 1' })
  @Min(1, { message: 'page must be a whole number from 1' })
  @Max(1_000_000)
  page?: number;
}

export class ReadReasonQuery {
  @ApiPropertyOptional({ description: 'Why the event is read in full (kept in the audit trail); required' })
  @IsOptional()
  @IsString()
  @Length(3, 300, { message: 'reason must be 3 to 300 characters' })
  reason?: string;
}
