import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../core/auth';
import { ReasonQueryDto, RegisterCertificateDto, RevokeCertificateDto } from './transfer-acts.dto';
import { CertificatesService } from './certificates.service';
import { CurrentActor } from '../core/current-actor.decorator';
import type { Actor } from '../core/access';

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('v1/certificates')
export class CertificatesController {
  constructor(private readonly service: CertificatesService) {}

  @Post()
  @ApiOperation({
    summary:
      "Register a signer's X.509 certificate (PEM) for its holder: RSA 2048+, ECDSA P-256/P-384, or GOST 34.10 (registered, not verifiable yet)",
  })
  @ApiCreatedResponse({ description: 'Registered; the answer has its id and SHA-256 fingerprint' })
  @ApiConflictResponse({ description: 'Already registered' })
  @ApiUnprocessableEntityResponse({
    description: 'Not a readable certificate, an unsupported or too short key, or already expired',
  })
  register(@Body() dto: RegisterCertificateDto, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.service.registerCertificate(dto, actor.id, req.id);
  }

  @Get()
  @ApiOperation({
    summary:
      'Every registered certificate, newest first: holder by name and role, validity, revocation (audited: it names officials)',
  })
  list(@CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.service.certificates(actor.id, req.id);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A registered certificate: holder, subject, issuer, serial, fingerprint, validity, key, revocation (audited)',
  })
  @ApiNotFoundResponse({ description: 'Not registered' })
  view(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ReasonQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.certificate(id, q, actor.id, req.id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Revoke a certificate: from now on it signs nothing (with TIZIM_CERTIFICATE_APPROVALS=two-admins, once another admin approves)',
  })
  @ApiConflictResponse({ description: 'Already revoked, or a revocation already waits for approval' })
  revoke(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RevokeCertificateDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.revokeCertificate(id, dto, actor.id, req.id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Approve the certificate's pending registration or revocation: by an admin other than the one who asked, never the operator token",
  })
  @ApiForbiddenResponse({ description: 'certificate.same-admin, certificate.approver-not-named' })
  @ApiConflictResponse({ description: 'Nothing waits for approval' })
  approve(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.approve(id, actor.id, req.id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Reject the certificate's pending request, with a reason: a registration is removed, a revocation dropped (the certificate stays valid)",
  })
  @ApiForbiddenResponse({ description: 'certificate.same-admin, certificate.approver-not-named' })
  @ApiConflictResponse({ description: 'Nothing waits for approval' })
  reject(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RevokeCertificateDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.reject(id, dto, actor.id, req.id);
  }
}
