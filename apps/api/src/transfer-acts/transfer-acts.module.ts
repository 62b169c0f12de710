/**
 * Acceptance-transfer acts (Rules para 5) and the signers' certificates they are signed with:
 * registering, reading and revoking a certificate; declaring an act, recording its receipt (the
 * files checked against the act), the act as canonical JSON (the bytes each side signs) and as a
 * PDF, and each side's detached signature, verified before it is recorded.
 *
 * An act holds no voter's personal data, but it names the two sides' representatives, and a
 * certificate names its holder: reads are audited like personal data.
 */
import {
  BadRequestException,
  Body,
  ConflictException,
  ForbiddenException,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Module,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { SignerCertificateModel } from '../../../../libs/db/prisma';
import { CertificateProblem, SignatureVerification, type SignerRoleName } from '../../../../libs/eds';
import { CertificateRegistry, CertificateRegistryError } from '../../../../libs/db/eds/registry';
import {
  declareTransferAct,
  readTransferAct,
  recordReceipt,
  signTransferAct,
} from '../../../../libs/db/files/transfer-act';
import { TransferActError, type TransferActView } from '../../../../libs/files/transfer-act';
import { transferActPdf } from '../../../../libs/files/transfer-act-pdf';
import { AuditService } from '../audit/audit.service';
import { AccessService, Allow } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { Database } from '../core/infrastructure.module';
import {
  ActPdfQueryDto,
  DeclareTransferActDto,
  ReasonQueryDto,
  RecordReceiptDto,
  RegisterCertificateDto,
  RevokeCertificateDto,
  SignTransferActDto,
  type HolderRole,
} from './transfer-acts.dto';

const ROLE_IN: Record<HolderRole, SignerRoleName> = {
  akimat: 'AKIMAT',
  commission: 'COMMISSION',
  'precinct-member': 'PRECINCT_MEMBER',
  'migration-officer': 'MIGRATION_OFFICER',
};
const ROLE_OUT: Record<SignerRoleName, HolderRole> = {
  AKIMAT: 'akimat',
  COMMISSION: 'commission',
  PRECINCT_MEMBER: 'precinct-member',
  MIGRATION_OFFICER: 'migration-officer',
};

/** The library's refusals as HTTP problems (problem.filter.ts renders them). */
function toHttp(err: unknown): unknown {
  if (err instanceof TransferActError) {
    switch (err.kind) {
      case 'invalid':
        return new BadRequestException({ message: err.message, errors: err.problems });
      case 'not-found':
        return new NotFoundException(err.message);
      case 'conflict':
        return new ConflictException(err.message);
      case 'mismatch':
        return new UnprocessableEntityException({ message: err.message, errors: err.problems });
      case 'refused':
        return new UnprocessableEntityException(err.message);
    }
  }
  if (err instanceof CertificateProblem)
    return new UnprocessableEntityException({
      message: 'The certificate cannot be registered',
      errors: [{ field: 'pem', message: err.message }],
    });
  if (err instanceof CertificateRegistryError)
    return err.kind === 'conflict' ? new ConflictException(err.message) : new NotFoundException(err.message);
  return err;
}

async function translated<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw toHttp(err);
  }
}

function certificateView(row: SignerCertificateModel) {
  const { holderRole, ...rest } = row;
  return {
    ...rest,
    holderRole: ROLE_OUT[holderRole],
    // GOST 34.10 keys are registered, but their signatures cannot be verified here yet.
    verifiable: !row.publicKeyAlgorithm.startsWith('GOST'),
  };
}

@Injectable()
export class TransferActsService {
  private readonly registry: CertificateRegistry;
  private readonly eds: SignatureVerification;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {
    this.registry = new CertificateRegistry(db.client);
    this.eds = new SignatureVerification(this.registry);
  }

  /** The two sides' representatives (user ids) of an act. */
  holders(id: string): Promise<{ akimatHolder: string; commissionHolder: string | null } | null> {
    return this.db.client.transferAct.findUnique({
      where: { id },
      select: { akimatHolder: true, commissionHolder: true },
    });
  }

  /** Where an act lies, for the territory check; null when there is no such act (the read answers 404). */
  place(id: string): Promise<{ regionCode: string; districtId: string } | null> {
    return this.db.client.transferAct.findUnique({ where: { id }, select: { regionCode: true, districtId: true } });
  }

  // ---- certificates

  async registerCertificate(dto: RegisterCertificateDto, actor: string, requestId?: string) {
    const row = await translated(
      this.registry.register({
        pem: dto.pem,
        holder: dto.holder,
        holderName: dto.holderName,
        holderRole: ROLE_IN[dto.holderRole],
        registeredBy: actor,
        at: new Date().toISOString(),
      }),
    );
    await this.audit.record({
      actor,
      action: 'certificate.register',
      subjectType: 'signer-certificate',
      subjectId: row.id,
      requestId,
    });
    return certificateView(row);
  }

  async certificate(id: string, q: ReasonQueryDto, actor: string, requestId?: string) {
    const row = await this.db.client.signerCertificate.findUnique({ where: { id } });
    if (!row) throw new NotFoundException(`No certificate ${id} is registered`);
    await this.audit.record({
      actor,
      action: 'certificate.read',
      subjectType: 'signer-certificate',
      subjectId: id,
      reason: q.reason,
      requestId,
    });
    return certificateView(row);
  }

  async revokeCertificate(id: string, dto: RevokeCertificateDto, actor: string, requestId?: string) {
    const row = await translated(
      this.registry.revoke(id, { reason: dto.reason, revokedBy: actor, at: new Date().toISOString() }),
    );
    await this.audit.record({
      actor,
      action: 'certificate.revoke',
      subjectType: 'signer-certificate',
      subjectId: id,
      reason: dto.reason,
      requestId,
    });
    return certificateView(row);
  }

  // ---- transfer acts

  async declare(dto: DeclareTransferActDto, actor: string, requestId?: string): Promise<TransferActView> {
    const at = new Date().toISOString();
    const act = await translated(
      declareTransferAct(this.db.client, {
        period: dto.period,
        districtId: dto.districtId,
        number: dto.number,
        akimat: { ...dto.akimat },
        handedOverAt: dto.handedOverAt ?? at,
        files: dto.files.map((f) => ({ ...f })),
        declaredBy: actor,
        at,
      }),
    );
    await this.audit.record({
      actor,
      action: 'transfer-act.declare',
      subjectType: 'transfer-act',
      subjectId: act.id,
      requestId,
    });
    return act;
  }

  private async read(
    id: string,
    action: string,
    reason: string | undefined,
    actor: string,
    requestId?: string,
  ): Promise<TransferActView> {
    const act = await readTransferAct(this.db.client, id);
    if (!act) throw new NotFoundException(`No transfer act ${id} is on record`);
    await this.audit.record({ actor, action, subjectType: 'transfer-act', subjectId: id, reason, requestId });
    return act;
  }

  view(id: string, q: ReasonQueryDto, actor: string, requestId?: string): Promise<TransferActView> {
    return this.read(id, 'transfer-act.read', q.reason, actor, requestId);
  }

  async receipt(id: string, dto: RecordReceiptDto, actor: string, requestId?: string): Promise<TransferActView> {
    const at = new Date().toISOString();
    try {
      const act = await translated(
        recordReceipt(this.db.client, id, {
          commission: { ...dto.commission },
          receivedAt: dto.receivedAt ?? at,
          recordedBy: actor,
          at,
        }),
      );
      await this.audit.record({
        actor,
        action: 'transfer-act.receipt',
        subjectType: 'transfer-act',
        subjectId: id,
        requestId,
      });
      return act;
    } catch (err) {
      if (err instanceof UnprocessableEntityException)
        await this.audit.record({
          actor,
          action: 'transfer-act.receipt',
          subjectType: 'transfer-act',
          subjectId: id,
          requestId,
          outcome: 'refused',
        });
      throw err;
    }
  }

  /** The canonical JSON, exactly the bytes each side signs; only once the content is frozen. */
  async canonical(
    id: string,
    q: ReasonQueryDto,
    actor: string,
    requestId?: string,
  ): Promise<{ text: string; sha256: string; number: string }> {
    const act = await this.read(id, 'transfer-act.json', q.reason, actor, requestId);
    if (!act.sha256)
      throw new ConflictException(
        `The receipt of act ${act.number} has not been recorded: its content is final, and can be signed, only once the commission records receipt`,
      );
    return { text: act.canonical, sha256: act.sha256, number: act.number };
  }

  async pdf(
    id: string,
    q: ActPdfQueryDto,
    actor: string,
    requestId?: string,
  ): Promise<{ body: Buffer; fileName: string }> {
    const act = await this.read(id, 'transfer-act.pdf', q.reason, actor, requestId);
    const lang = q.lang ?? 'ru';
    const body = await transferActPdf(act, lang, new Date().toISOString());
    return { body, fileName: `akt_${act.district.id}_${act.period}_${lang}.pdf`.replace(/[^\w.-]/g, '_') };
  }

  async sign(id: string, dto: SignTransferActDto, actor: string, requestId?: string): Promise<TransferActView> {
    try {
      const act = await translated(
        signTransferAct(this.db.client, this.eds, id, {
          side: dto.side,
          certificate: dto.certificateId,
          signature: dto.signature,
          signedAt: dto.signedAt,
          recordedBy: actor,
          at: new Date().toISOString(),
        }),
      );
      await this.audit.record({
        actor,
        action: `transfer-act.sign.${dto.side}`,
        subjectType: 'transfer-act',
        subjectId: id,
        requestId,
      });
      return act;
    } catch (err) {
      if (err instanceof UnprocessableEntityException)
        await this.audit.record({
          actor,
          action: `transfer-act.sign.${dto.side}`,
          subjectType: 'transfer-act',
          subjectId: id,
          requestId,
          outcome: 'refused',
        });
      throw err;
    }
  }
}

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('v1/certificates')
export class CertificatesController {
  constructor(private readonly service: TransferActsService) {}

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
  register(@Body() dto: RegisterCertificateDto, @Req() req: AuthenticatedRequest) {
    return this.service.registerCertificate(dto, req.actor!.id, req.id);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A registered certificate: holder, subject, issuer, serial, fingerprint, validity, key, revocation (audited)',
  })
  @ApiNotFoundResponse({ description: 'Not registered' })
  view(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: ReasonQueryDto, @Req() req: AuthenticatedRequest) {
    return this.service.certificate(id, q, req.actor!.id, req.id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a certificate: from now on it signs nothing' })
  @ApiConflictResponse({ description: 'Already revoked' })
  revoke(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RevokeCertificateDto,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.revokeCertificate(id, dto, req.actor!.id, req.id);
  }
}

@ApiTags('transfer-acts')
@ApiBearerAuth()
@Controller('v1/transfer-acts')
export class TransferActsController {
  constructor(
    private readonly service: TransferActsService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Each side acts in its own name: an official (not the operator or an admin, who may record a
   * paper act on their behalf) can name only themself as the side's representative, and sign
   * only for their own side. The signature itself is then verified against that person's certificate.
   */
  private async ownName(req: AuthenticatedRequest, holder: string, field: string): Promise<void> {
    const actor = req.actor!;
    if (actor.role === 'ADMIN' || holder === actor.id) return;
    await this.audit.record({
      actor: actor.id,
      action: 'transfer-act.other-name',
      subjectType: 'user',
      subjectId: holder,
      requestId: req.id,
      outcome: 'refused',
    });
    throw new ForbiddenException({
      message: `You act in your own name: ${field} must be your user id (${actor.id})`,
      errors: [{ field, message: 'must be your own user id' }],
    });
  }

  /** An act is its district's: refused (403, audited) outside the actor's territory. */
  private async ensure(req: AuthenticatedRequest, id: string): Promise<void> {
    const place = await this.service.place(id);
    if (place) await this.access.ensure(req, place, { type: 'transfer-act', id });
  }

  @Post()
  @Allow('ADMIN', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      "The akimat declares the acceptance-transfer act of its files (DRAFT): each file's kind, name, size in bytes, records, SHA-256 optionally",
  })
  @ApiCreatedResponse({ description: 'Declared (DRAFT)' })
  async declare(@Body() dto: DeclareTransferActDto, @Req() req: AuthenticatedRequest) {
    await this.access.ensure(req, { districtId: dto.districtId }, { type: 'district', id: dto.districtId });
    await this.ownName(req, dto.akimat.holder, 'akimat.holder');
    return this.service.declare(dto, req.actor!.id, req.id);
  }

  @Get(':id')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      'The act: status, files, sides, times, `canonical` (the JSON text each side signs) and its SHA-256, signatures (audited)',
  })
  @ApiNotFoundResponse({ description: 'No such act' })
  async view(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ReasonQueryDto,
    @Req() req: AuthenticatedRequest,
  ) {
    await this.ensure(req, id);
    return this.service.view(id, q, req.actor!.id, req.id);
  }

  @Post(':id/receipt')
  @Allow('ADMIN', 'DISTRICT_COMMISSION')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The commission records receipt: each declared file is checked against the accepted files received; on success the content is frozen (RECEIVED)',
  })
  @ApiUnprocessableEntityResponse({
    description: 'The files received do not match the act; `errors` names each mismatch',
  })
  @ApiConflictResponse({ description: 'Receipt already recorded' })
  async receipt(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RecordReceiptDto,
    @Req() req: AuthenticatedRequest,
  ) {
    await this.ensure(req, id);
    await this.ownName(req, dto.commission.holder, 'commission.holder');
    return this.service.receipt(id, dto, req.actor!.id, req.id);
  }

  @Get(':id/act.json')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      "The act's canonical JSON: exactly the bytes each side signs (sorted keys, no whitespace, UTF-8); ETag is their SHA-256 (audited)",
  })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The canonical text' })
  @ApiConflictResponse({ description: 'Receipt not recorded yet: nothing final to sign' })
  async json(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ReasonQueryDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.ensure(req, id);
    const { text, sha256, number } = await this.service.canonical(id, q, req.actor!.id, req.id);
    const body = Buffer.from(text, 'utf8');
    res.setHeader('ETag', `"${sha256}"`);
    res.setHeader('Content-Disposition', `attachment; filename="${`akt_${number}.json`.replace(/[^\w.-]/g, '_')}"`);
    return new StreamableFile(body, { type: 'application/json; charset=utf-8', length: body.length });
  }

  @Get(':id/act.pdf')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary: 'The act as a PDF (A4), Russian or Kazakh: files, sides, times, SHA-256, signatures (audited)',
  })
  @ApiProduces('application/pdf')
  async pdf(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ActPdfQueryDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.ensure(req, id);
    const { body, fileName } = await this.service.pdf(id, q, req.actor!.id, req.id);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    return new StreamableFile(body, { type: 'application/pdf', length: body.length });
  }

  @Post(':id/signatures')
  @Allow('ADMIN', 'AKIMAT_REGISTRAR', 'DISTRICT_COMMISSION')
  @ApiOperation({
    summary:
      "One side's detached signature over act.json: base64 of the raw signature bytes and the certificate's id or SHA-256 fingerprint; verified before it is recorded",
  })
  @ApiCreatedResponse({
    description:
      'Verified and recorded; the act is SIGNED_BY_AKIMAT / SIGNED_BY_COMMISSION, or SIGNED once both have signed',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'The signature was not accepted; `detail` says why (certificate unknown, of another holder, revoked, not valid at the signing time, GOST, or not verifying)',
  })
  @ApiConflictResponse({ description: 'Receipt not recorded yet, or this side has already signed' })
  async sign(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SignTransferActDto,
    @Req() req: AuthenticatedRequest,
  ) {
    await this.ensure(req, id);
    const sides = await this.service.holders(id);
    const holder = dto.side === 'akimat' ? sides?.akimatHolder : sides?.commissionHolder;
    if (holder) await this.ownName(req, holder, 'side');
    return this.service.sign(id, dto, req.actor!.id, req.id);
  }
}

@Module({ controllers: [CertificatesController, TransferActsController], providers: [TransferActsService] })
export class TransferActsModule {}
