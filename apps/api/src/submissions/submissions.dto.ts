import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

export class SubmissionsQueryDto {
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
  @IsUUID('all', { message: 'after must be the nextCursor of the previous page' })
  after?: string;
}
