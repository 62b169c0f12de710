import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import type { ReceivedFileKind } from '../../../../libs/db/files/received';

export const KINDS = { voters: 'VOTERS', stations: 'STATIONS', boundaries: 'BOUNDARIES' } as const satisfies Record<
  string,
  ReceivedFileKind
>;
type UploadKind = keyof typeof KINDS;

export const KIND_DESCRIPTION = [
  'voters: the Appendix 1 voter file (CSV, the 26 fields in the header);',
  'stations: the Appendix 2 station list; boundaries: the Appendix 3 boundaries (each as .xlsx, its first worksheet, or CSV; column names in Russian, Kazakh or English).',
  'The format is read from the content, not the name.',
].join(' ');

export const SUBMISSION_DESCRIPTION =
  "stations and boundaries only: the staged submission (the accepted voter file's id) they belong to. " +
  "Without it, the district's latest accepted voter file of the period; with none, the file is kept and refused on import.";

export class UploadFileDto {
  @ApiProperty({ example: '2027-01' })
  @Matches(/^\d{4}-(01|07)$/, { message: 'period must be YYYY-01 or YYYY-07' })
  period!: string;
  @ApiProperty({ example: '7101' }) @Length(1, 16, { message: 'districtId is required' }) districtId!: string;
  @ApiProperty({ enum: Object.keys(KINDS), description: KIND_DESCRIPTION })
  @IsIn(Object.keys(KINDS), { message: 'kind must be voters, stations or boundaries' })
  kind!: UploadKind;
  @ApiProperty({ required: false, format: 'uuid', description: SUBMISSION_DESCRIPTION })
  @IsOptional()
  @IsUUID('all', { message: 'submissionId must be a UUID (the id of an accepted voter file)' })
  submissionId?: string;
}

export class RetryFileDto {
  @ApiProperty({
    example: 'the database was restored',
    description: 'why the import is tried again (kept in the audit log)',
  })
  @Length(3, 500, { message: 'reason is required: say why the import is tried again (3 to 500 characters)' })
  reason!: string;
}

export class FilesQueryDto {
  @ApiPropertyOptional({ example: '2027-01' })
  @IsOptional()
  @Matches(/^\d{4}-(01|07)$/, { message: 'period must be YYYY-01 or YYYY-07' })
  period?: string;
  @ApiPropertyOptional({ example: '71' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' })
  regionCode?: string;
  @ApiPropertyOptional({ example: '7101' }) @IsOptional() @IsString() @Length(1, 16) districtId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 100 })
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
