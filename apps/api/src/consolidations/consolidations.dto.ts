import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

export class ConsolidateDto {
  @ApiProperty({ example: '2027-01' })
  @Matches(/^\d{4}-(01|07)$/, { message: 'period must be YYYY-01 or YYYY-07' })
  period!: string;
  @ApiProperty({ example: '71', description: 'the region (two digits)' })
  @Matches(/^\d{2}$/, { message: 'regionCode must be the two digits of a region' })
  regionCode!: string;
}

export class DownloadQueryDto {
  @ApiPropertyOptional({ description: "Why the voters' personal data is read (kept in the audit log)" })
  @IsOptional()
  @IsString()
  @Length(0, 300)
  reason?: string;
}

/** Which region and period: the districts' readiness, or the files built. */
export class ConsolidationQueryDto extends ConsolidateDto {}
