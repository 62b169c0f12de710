import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
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
import { AuditService } from '../audit/audit.service';
import { AccessService, Allow, type Actor } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import {
  ActPdfQueryDto,
  DeclareTransferActDto,
  ReasonQueryDto,
  RecordReceiptDto,
  SignTransferActDto,
  TransferActsQueryDto,
} from './transfer-acts.dto';
import { TransferActsService } from './transfer-acts.service';
import { CurrentActor } from '../core/current-actor.decorator';
import { Problem } from '../core/problem';

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
  private async ownName(actor: Actor, requestId: string | undefined, holder: string, field: string): Promise<void> {
    if (actor.role === 'ADMIN' || holder === actor.id) return;
    await this.audit.record({
      actor: actor.id,
      action: 'transfer-act.other-name',
      subjectType: 'user',
      subjectId: holder,
      requestId,
      outcome: 'refused',
    });
    throw new Problem(
      HttpStatus.FORBIDDEN,
      'transfer-act.own-name',
      { field },
      `You act in your own name: ${field} must be your user id (${actor.id})`,
      [{ field, message: 'must be your own user id' }],
    );
  }

  /** An act is its district's: refused (403, audited) outside the actor's territory. */
  private async ensure(actor: Actor, requestId: string | undefined, id: string): Promise<void> {
    const place = await this.service.place(id);
    if (place) await this.access.ensure(actor, place, { type: 'transfer-act', id }, requestId);
  }

  @Post()
  @Allow('ADMIN', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      "The akimat declares the acceptance-transfer act of its files (DRAFT): each file's kind, name, size in bytes, records, SHA-256 optionally",
  })
  @ApiCreatedResponse({ description: 'Declared (DRAFT)' })
  async declare(@Body() dto: DeclareTransferActDto, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    await this.access.ensure(actor, { districtId: dto.districtId }, { type: 'district', id: dto.districtId }, req.id);
    await this.ownName(actor, req.id, dto.akimat.holder, 'akimat.holder');
    return this.service.declare(dto, actor.id, req.id);
  }

  @Get()
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      "Acts by period, territory and state, newest first, within the official's territory: number, district, state, sides' names, times, file and record counts, which sides signed",
  })
  list(@Query() q: TransferActsQueryDto, @CurrentActor() actor: Actor) {
    return this.service.list(q, this.access.scope(actor));
  }

  @Get(':id/check')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      'Each declared file against the files received for the period and district, as the receipt judges it: a verdict per file (matches, differs, not-received, rejected, being-checked, failed, on-another-act, listed-twice), the received file compared and which of kind, name, size, records, SHA-256 agree (audited)',
  })
  @ApiNotFoundResponse({ description: 'No such act' })
  async check(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ReasonQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    await this.ensure(actor, req.id, id);
    return this.service.check(id, q, actor.id, req.id);
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
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    await this.ensure(actor, req.id, id);
    return this.service.view(id, q, actor.id, req.id);
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
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    await this.ensure(actor, req.id, id);
    await this.ownName(actor, req.id, dto.commission.holder, 'commission.holder');
    return this.service.receipt(id, dto, actor.id, req.id);
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
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.ensure(actor, req.id, id);
    const { text, sha256, number } = await this.service.canonical(id, q, actor.id, req.id);
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
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.ensure(actor, req.id, id);
    const { body, fileName } = await this.service.pdf(id, q, actor.id, req.id);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    return new StreamableFile(body, { type: 'application/pdf', length: body.length });
  }

  @Post(':id/signatures')
  @Allow('ADMIN', 'AKIMAT_REGISTRAR', 'DISTRICT_COMMISSION')
  @ApiOperation({
    summary:
      "One side's signature over act.json: `cms`, the CMS NCALayer made with the side's representative's SIGNING key (attached or detached), verified (chain to NCA RK, OCSP, the representative's IIN) and stamped by the TSA before it is recorded; the raw key-file signature (`certificateId`, `signature`, `signedAt`) only where TIZIM_EDS_KEY_FILE=on",
  })
  @ApiCreatedResponse({
    description:
      'Verified and recorded; the act is SIGNED_BY_AKIMAT / SIGNED_BY_COMMISSION, or SIGNED once both have signed',
  })
  @ApiUnprocessableEntityResponse({
    description:
      'The signature was not accepted: `params.reason` is the code (wrong-key-usage, wrong-iin, revoked, content-mismatch, timestamp-unavailable, …; the key-file codes for a raw signature), `detail` says why in English',
  })
  @ApiConflictResponse({ description: 'Receipt not recorded yet, or this side has already signed' })
  async sign(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: SignTransferActDto,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    await this.ensure(actor, req.id, id);
    const sides = await this.service.holders(id);
    const holder = dto.side === 'akimat' ? sides?.akimatHolder : sides?.commissionHolder;
    if (holder) await this.ownName(actor, req.id, holder, 'side');
    return this.service.sign(id, dto, actor.id, req.id);
  }
}
