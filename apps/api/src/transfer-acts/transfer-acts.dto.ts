import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CmsField } from '../eds/cms-field';

const PERIOD = /^\d{4}-(01|07)$/;
/** An instant with its zone: a time without one would be read in the server's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE = (field: string) =>
  `${field} must be an ISO 8601 instant with its zone, e.g. 2027-12-28T10:30:00+05:00`;
const SHA256 = /^[0-9a-f]{64}$/;
/** A registry id (UUID) or a SHA-256 fingerprint (64 hex digits, colons allowed). */
const CERTIFICATE_REF =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{64}|([0-9a-fA-F]{2}:){31}[0-9a-fA-F]{2})$/;

export const HOLDER_ROLES = ['akimat', 'commission', 'precinct-member', 'migration-officer', 'admin'] as const;
export type HolderRole = (typeof HOLDER_ROLES)[number];

export class RegisterCertificateDto {
  @ApiProperty({ description: "The signer's X.509 certificate, PEM (one certificate: -----BEGIN CERTIFICATE----- …)" })
  @IsString()
  @Length(1, 20000, { message: 'pem must be one PEM certificate (at most 20,000 characters)' })
  pem!: string;

  @ApiProperty({ example: 'akimat-7101-registrar', description: 'The user the certificate belongs to (their user id)' })
  @IsString()
  @Length(1, 100)
  holder!: string;

  @ApiProperty({ example: 'Жұмабекова Әйгерім Қайратқызы' })
  @IsString()
  @Length(1, 200)
  holderName!: string;

  @ApiProperty({
    enum: HOLDER_ROLES,
    description:
      'akimat / commission: the sides of transfer acts; precinct-member: the voting-day sign-in; migration-officer: approving online ID-card applications; admin: an administrator’s sign-in (TIZIM_ADMIN_SIGN_IN=eds)',
  })
  @IsIn(HOLDER_ROLES, { message: `holderRole must be one of ${HOLDER_ROLES.join(', ')}` })
  holderRole!: HolderRole;
}

export class RevokeCertificateDto {
  @ApiProperty({ example: 'the token was lost' })
  @IsString()
  @Length(1, 300, { message: 'reason is required (at most 300 characters)' })
  reason!: string;
}

export class RepresentativeDto {
  @ApiProperty({
    example: 'akimat-7101-registrar',
    description: 'The user who signs for this side; their certificate must be registered to this holder',
  })
  @IsString()
  @Length(1, 100)
  holder!: string;

  @ApiProperty({ example: 'Жұмабекова Әйгерім Қайратқызы' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'главный специалист отдела регистрации' })
  @IsString()
  @Length(1, 200)
  position!: string;
}

export class DeclaredFileDto {
  @ApiProperty({ enum: ['voters', 'stations', 'boundaries'], description: 'Appendix 1, 2 or 3' })
  @IsIn(['voters', 'stations', 'boundaries'], { message: 'kind must be voters, stations or boundaries' })
  kind!: 'voters' | 'stations' | 'boundaries';

  @ApiProperty({
    example: 'izbirateli_7101.csv',
    description: 'The file name as sent (compared in Unicode NFC, as uploads are kept)',
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.normalize('NFC') : value))
  @IsString()
  @Length(1, 255)
  name!: string;

  @ApiProperty({ example: 48213377 })
  @IsInt({ message: 'sizeBytes must be a whole number of bytes' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  sizeBytes!: number;

  @ApiProperty({ example: 300000, description: 'The total number of records in the file' })
  @IsInt({ message: 'records must be a whole number' })
  @Min(0)
  @Max(2_147_483_647)
  records!: number;

  @ApiPropertyOptional({
    description: 'SHA-256 of the file, 64 lower-case hex digits; when given, the file received is found by it',
  })
  @IsOptional()
  @Matches(SHA256, { message: 'sha256 must be 64 lower-case hex digits' })
  sha256?: string;
}

export class DeclareTransferActDto {
  @ApiProperty({ example: '2027-01' })
  @Matches(PERIOD, { message: 'period must be YYYY-01 (the January cycle) or YYYY-07 (the July cycle)' })
  period!: string;

  @ApiProperty({ example: '7101' })
  @IsString()
  @Length(1, 16, { message: 'districtId is required' })
  districtId!: string;

  @ApiPropertyOptional({
    example: '7101-2027-01-1',
    description: "The act's number; by default <district>-<period>-<n>",
  })
  @IsOptional()
  @Matches(/^[\p{L}\p{N}][\p{L}\p{N} ./№-]{0,39}$/u, {
    message: 'number must be 1-40 letters, digits, spaces, dots, slashes, dashes or №',
  })
  number?: string;

  @ApiPropertyOptional({
    description: 'When the files were handed over (default: now)',
    example: '2026-12-28T10:30:00+05:00',
  })
  @IsOptional()
  @Matches(INSTANT, { message: INSTANT_MESSAGE('handedOverAt') })
  handedOverAt?: string;

  @ApiProperty({ type: RepresentativeDto, description: "The akimat's representative who hands the files over" })
  @ValidateNested()
  @Type(() => RepresentativeDto)
  akimat!: RepresentativeDto;

  @ApiProperty({ type: [DeclaredFileDto], description: 'One entry per file, at most one of each kind' })
  @IsArray()
  @ArrayMinSize(1, { message: 'files must list at least one file' })
  @ArrayMaxSize(3, { message: 'files lists at most the voters, the stations and the boundaries' })
  @ValidateNested({ each: true })
  @Type(() => DeclaredFileDto)
  files!: DeclaredFileDto[];
}

export class RecordReceiptDto {
  @ApiProperty({ type: RepresentativeDto, description: "The commission's representative who receives the files" })
  @ValidateNested()
  @Type(() => RepresentativeDto)
  commission!: RepresentativeDto;

  @ApiPropertyOptional({
    description: 'When the commission received the files (default: now)',
    example: '2026-12-28T12:00:00+05:00',
  })
  @IsOptional()
  @Matches(INSTANT, { message: INSTANT_MESSAGE('receivedAt') })
  receivedAt?: string;
}

/** The developer's key-file body is taken only without `cms`. */
const keyFileBody = (d: SignTransferActDto): boolean => d.cms === undefined;

export class SignTransferActDto {
  @ApiProperty({ enum: ['akimat', 'commission'] })
  @IsIn(['akimat', 'commission'], { message: 'side must be akimat or commission' })
  side!: 'akimat' | 'commission';

  @CmsField(
    "Base64 of the CMS (PKCS#7) SignedData NCALayer made with the representative's SIGNING key (RSA256_… key store, EKU 1.3.6.1.5.5.7.3.4), attached or detached, over the UTF-8 bytes of act.json; the server adds its TSA's RFC 3161 timestamp",
  )
  cms?: string;

  @ApiPropertyOptional({
    description:
      "Developer's key-file fallback only (TIZIM_EDS_KEY_FILE=on), instead of `cms`: the signer's certificate, its registry id or SHA-256 fingerprint (64 hex digits, colons allowed)",
  })
  @ValidateIf(keyFileBody)
  @Matches(CERTIFICATE_REF, { message: 'certificateId must be a certificate id (UUID) or its SHA-256 fingerprint' })
  certificateId?: string;

  @ApiPropertyOptional({
    description:
      'Key-file fallback only: base64 of the raw signature bytes over the UTF-8 bytes of act.json (RSA PKCS#1 v1.5 or PSS with SHA-256; ECDSA P-256/SHA-256 or P-384/SHA-384, DER or r‖s)',
  })
  @ValidateIf(keyFileBody)
  @IsString()
  @Length(1, 8192, { message: 'signature must be base64 (at most 8,192 characters)' })
  signature?: string;

  @ApiPropertyOptional({
    description: 'Key-file fallback only: when the signer signed; the certificate must be valid then',
    example: '2026-12-28T12:10:00+05:00',
  })
  @ValidateIf(keyFileBody)
  @Matches(INSTANT, { message: INSTANT_MESSAGE('signedAt') })
  signedAt?: string;
}

export class ReasonQueryDto {
  @ApiPropertyOptional({ description: 'Why the record is read; kept in the audit trail' })
  @IsOptional()
  @IsString()
  @Length(0, 300)
  reason?: string;
}

export class ActPdfQueryDto extends ReasonQueryDto {
  @ApiPropertyOptional({ enum: ['ru', 'kk'], default: 'ru' })
  @IsOptional()
  @IsIn(['ru', 'kk'], { message: 'lang must be ru (Russian) or kk (Kazakh)' })
  lang?: 'ru' | 'kk';
}

export const ACT_STATUSES = ['DRAFT', 'RECEIVED', 'SIGNED_BY_AKIMAT', 'SIGNED_BY_COMMISSION', 'SIGNED'] as const;

export class TransferActsQueryDto {
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
  @IsString()
  @Length(1, 16)
  districtId?: string;

  @ApiPropertyOptional({
    enum: ACT_STATUSES,
    isArray: true,
    description: 'Only acts in these states (comma-separated): DRAFT are those awaiting receipt',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsIn(ACT_STATUSES, { each: true, message: `status must be among ${ACT_STATUSES.join(', ')}` })
  status?: (typeof ACT_STATUSES)[number][];

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
