import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { EXCHANGE_REASONS, type ExchangeReason } from '../../../../libs/id-card/window';
import { ANNUL_REASONS, type AnnulReason } from '../../../../libs/contracts/id-card-exchange';
import { CmsField } from '../eds/cms-field';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class PayStateFeeDto {
  @ApiProperty({ example: 1474, description: 'What the payment gateway confirmed was paid, in tenge' })
  @Type(() => Number)
  @IsInt({ message: 'amountTenge must be a whole number of tenge' })
  @Min(1, { message: 'amountTenge must be at least 1' })
  @Max(1_000_000, { message: 'amountTenge must be at most 1,000,000' })
  amountTenge!: number;
}

export class ApplyDto {
  @ApiProperty({
    enum: EXCHANGE_REASONS,
    description:
      'Why the card is exchanged; the online route takes EXPIRY only (any other reason is refused: apply at a public service centre)',
  })
  @IsIn(EXCHANGE_REASONS, { message: `reason must be one of ${EXCHANGE_REASONS.join(', ')}` })
  reason!: ExchangeReason;

  @ApiProperty({
    example: '71',
    description:
      'The region whose migration service reviews the application, and where the card is picked up (the citizen chooses)',
  })
  @Matches(/^\d{2}$/, { message: 'regionCode must be a region code of two digits, e.g. 71' })
  regionCode!: string;

  @ApiProperty({
    format: 'uuid',
    description: 'The paid state fee (POST /v1/citizen/state-fees) this application uses',
  })
  @IsUUID('all', { message: 'feePaymentId must be the id of a state-fee payment (a UUID)' })
  feePaymentId!: string;
}

export class ReviewDto {
  @ApiProperty({
    enum: ['APPROVE', 'ANNUL'],
    description:
      "APPROVE with the officer's EDS over approval.json sends the application to central production; ANNUL refunds the fee",
  })
  @IsIn(['APPROVE', 'ANNUL'], { message: 'decision must be APPROVE or ANNUL' })
  decision!: 'APPROVE' | 'ANNUL';

  @ApiPropertyOptional({
    enum: ANNUL_REASONS,
    description: 'Required to annul: a bad photo, a bad signature, or further checks needed',
  })
  @ValidateIf((d: ReviewDto) => d.decision === 'ANNUL')
  @IsIn(ANNUL_REASONS, { message: `reason is required to annul: one of ${ANNUL_REASONS.join(', ')}` })
  reason?: AnnulReason;

  @CmsField(
    "To approve: base64 of the CMS (PKCS#7) SignedData NCALayer made with the officer's SIGNING key (EKU 1.3.6.1.5.5.7.3.4), attached or detached, over the UTF-8 bytes of approval.json (`text`); the server adds its TSA's RFC 3161 timestamp",
  )
  cms?: string;

  @ApiPropertyOptional({
    description:
      "Developer's key-file fallback only (TIZIM_EDS_KEY_FILE=on), to approve without `cms`: the officer's certificate, by its registry id or SHA-256 fingerprint",
  })
  @ValidateIf((d: ReviewDto) => d.decision === 'APPROVE' && d.cms === undefined)
  @IsString({ message: "certificateId is required to approve: the officer's registered certificate" })
  @Length(1, 100, { message: 'certificateId must be a certificate id or SHA-256 fingerprint' })
  certificateId?: string;

  @ApiPropertyOptional({
    description:
      'Key-file fallback only, to approve without `cms`: base64 of the raw signature bytes over the UTF-8 bytes of approval.json (`text`)',
  })
  @ValidateIf((d: ReviewDto) => d.decision === 'APPROVE' && d.cms === undefined)
  @IsString({ message: 'signature is required to approve: the base64 signature over approval.json' })
  @Length(1, 8192, { message: 'signature must be base64 (at most 8,192 characters)' })
  signature?: string;

  @ApiPropertyOptional({
    description: 'Key-file fallback only: when the officer signed (ISO 8601 with its zone); now when omitted',
  })
  @IsOptional()
  @Matches(INSTANT, { message: 'signedAt must be an ISO 8601 instant with its zone, e.g. 2026-12-03T10:15:00+05:00' })
  signedAt?: string;
}

export class ProducedDto {
  @ApiProperty({ example: '049876543', description: "The new card's number" })
  @Matches(/^[A-Z0-9]{6,12}$/, { message: 'documentNumber must be 6 to 12 capital Latin letters or digits' })
  documentNumber!: string;

  @ApiProperty({ example: '2026-12-05' })
  @Matches(DAY, { message: 'issuedOn must be a day as YYYY-MM-DD' })
  issuedOn!: string;

  @ApiProperty({ example: '2036-12-04' })
  @Matches(DAY, { message: 'expiresOn must be a day as YYYY-MM-DD' })
  expiresOn!: string;
}

export class PickupDto {
  @ApiProperty({ example: '71-261203-004211', description: 'The registration ticket number the citizen shows' })
  @IsString()
  @Matches(/^\s*\d{2}-\d{6}-\d{6}\s*$/, {
    message: 'ticketNumber must be a registration ticket number like 71-261203-004211',
  })
  ticketNumber!: string;
}

export const APPLICATION_STATUSES = [
  'SUBMITTED',
  'REFUSED',
  'PENDING_REVIEW',
  'ANNULLED',
  'IN_PRODUCTION',
  'READY_FOR_PICKUP',
  'PICKED_UP',
  'NOT_COLLECTED',
] as const;

export class ApplicationsQueryDto {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES })
  @IsOptional()
  @IsIn(APPLICATION_STATUSES, { message: `status must be one of ${APPLICATION_STATUSES.join(', ')}` })
  status?: (typeof APPLICATION_STATUSES)[number];

  @ApiPropertyOptional({ example: '71', description: "A region (an officer sees their own region's only)" })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be two digits' })
  regionCode?: string;

  @ApiPropertyOptional({ description: 'Only reviews that overran their deadline (true) or did not (false)' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'], { message: 'escalated must be true or false' })
  escalated?: 'true' | 'false';

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500, { message: 'limit must be at most 500' })
  limit?: number;
}

export class ReadReasonDto {
  @ApiPropertyOptional({ description: 'Why the application is read; kept in the audit trail' })
  @IsOptional()
  @IsString()
  @Length(0, 300)
  reason?: string;
}

/** Kept for the OpenAPI page: the answer to a citizen's application. */
export class RefusalView {
  @ApiProperty({ enum: ['reason-not-expiry', 'too-early', 'too-late', 'pilot-closed', 'fee-not-paid'] }) code!: string;
  @ApiProperty({ example: 'Оформление не доступно, обратитесь в ЦОН' }) ru!: string;
  @ApiProperty({ example: 'Рәсімдеу қолжетімді емес, ХҚКО-ға жүгініңіз' }) kk!: string;
}

export class CitizenApplicationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: APPLICATION_STATUSES,
    description: 'SUBMITTED while the window and the fee are being checked (a few seconds)',
  })
  status!: string;
  @ApiPropertyOptional({ nullable: true }) ticketNumber!: string | null;
  @ApiProperty() regionCode!: string;
  @ApiProperty() submittedAt!: Date;
  @ApiPropertyOptional({ type: RefusalView, nullable: true }) refusal!: RefusalView | null;
  @ApiPropertyOptional({ nullable: true, description: 'When the migration service must have reviewed it' })
  reviewDueAt!: Date | null;
  @ApiPropertyOptional({ enum: ANNUL_REASONS, nullable: true }) annulReason!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The fee: PAID, CONSUMED or REFUNDED' }) feeStatus!:
    string | null;
  @ApiPropertyOptional({ nullable: true }) readyAt!: Date | null;
  @ApiPropertyOptional({ nullable: true }) pickedUpAt!: Date | null;
}
