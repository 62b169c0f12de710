/**
 * GET /v1/eds-checks (admins): every CMS signature verified (issue 27), newest first — what it
 * was for, the certificate by serial and fingerprint, the revocation answer (OCSP, CRL, or none when
 * neither answered and the policy let it through) and the verdict. No IIN or name is kept there.
 */
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Database } from '../core/infrastructure.module';

export class EdsChecksQueryDto {
  @ApiPropertyOptional({ description: 'Only the checks of this account' })
  @IsOptional()
  @IsUUID('all', { message: 'userId must be the id of an account' })
  userId?: string;
  @ApiPropertyOptional({ enum: ['accepted', 'refused'] })
  @IsOptional()
  @IsIn(['accepted', 'refused'], { message: 'outcome must be accepted or refused' })
  outcome?: 'accepted' | 'refused';
  @ApiPropertyOptional({ description: "The next page: the previous page's `nextCursor`" })
  @IsOptional()
  @IsUUID('all', { message: 'after must be the nextCursor of the previous page' })
  after?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be at least 1' })
  @Max(200, { message: 'limit must be at most 200' })
  limit?: number;
}

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('v1/eds-checks')
export class EdsChecksController {
  constructor(private readonly db: Database) {}

  @Get()
  @ApiOperation({
    summary:
      'Every EDS (CMS) signature verified, newest first: purpose, subject, certificate serial and fingerprint, the revocation answer (method, status, responder, policy) and the verdict (admins)',
  })
  async list(@Query() q: EdsChecksQueryDto) {
    const limit = q.limit ?? 50;
    const items = await this.db.client.edsCheck.findMany({
      where: { userId: q.userId, outcome: q.outcome },
      orderBy: [{ checkedAt: 'desc' }, { id: 'desc' }],
      ...(q.after ? { cursor: { id: q.after }, skip: 1 } : {}),
      take: limit,
    });
    return { items, nextCursor: items.length === limit ? items[limit - 1]!.id : null };
  }
}
