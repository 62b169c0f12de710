import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** Ids in UUID form; finding ids are hashes, so any version digit. */
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class RunsQueryDto {
  @ApiPropertyOptional({ example: '2027-01' })
  @IsOptional()
  @Matches(/^\d{4}-(01|07)$/, { message: 'period must be YYYY-01 or YYYY-07' })
  period?: string;
  @ApiPropertyOptional({ example: '71' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' })
  regionCode?: string;
  @ApiPropertyOptional({ example: '7101' }) @IsOptional() @IsString() @Length(1, 16) districtId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(ID, { message: 'after must be the nextCursor of the previous page' })
  after?: string;
}

class ReasonQuery {
  @ApiPropertyOptional({
    description: 'Why the personal data is read; kept in the audit trail',
    example: 'review of round 1',
  })
  @IsOptional()
  @IsString()
  @Length(0, 300)
  reason?: string;
}

export class DiscrepanciesQueryDto extends ReasonQuery {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 10,
    description: '1-9: the categories of Rules para 9; 0: station findings; 10: records not in the form of Appendix 1',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  category?: number;
  @ApiPropertyOptional({ example: '412' })
  @IsOptional()
  @Matches(/^\d{1,12}$/, { message: 'station must be a station number' })
  station?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(ID, { message: 'after must be the nextCursor of the previous page' })
  after?: string;
}

export class ReportQueryDto extends ReasonQuery {
  @ApiPropertyOptional({ enum: ['xlsx', 'pdf'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'pdf'], { message: 'format must be xlsx or pdf' })
  format?: 'xlsx' | 'pdf';
  @ApiPropertyOptional({ enum: ['ru', 'kk'], default: 'ru' })
  @IsOptional()
  @IsIn(['ru', 'kk'], { message: 'lang must be ru (Russian) or kk (Kazakh)' })
  lang?: 'ru' | 'kk';
}
