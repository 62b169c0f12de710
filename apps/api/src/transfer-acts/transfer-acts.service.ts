import { HttpStatus, Injectable } from '@nestjs/common';
import { CertificateProblem, SignatureVerification } from '../../../../libs/eds';
import { CertificateRegistry, CertificateRegistryError } from '../../../../libs/db/eds/registry';
import {
  checkTransferAct,
  declareTransferAct,
  listTransferActs,
  readTransferAct,
  recordReceipt,
  signTransferAct,
  signTransferActCms,
} from '../../../../libs/db/files/transfer-act';
import { TransferActError, type TransferActView } from '../../../../libs/files/transfer-act';
import { transferActPdf } from '../../../../libs/files/transfer-act-pdf';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import { EdsSignatures } from '../eds/eds.module';
import { Database } from '../core/infrastructure.module';
import { isRefusal, Problem } from '../core/problem';
import {
  ActPdfQueryDto,
  DeclareTransferActDto,
  ReasonQueryDto,
  RecordReceiptDto,
  SignTransferActDto,
  TransferActsQueryDto,
} from './transfer-acts.dto';
import { narrowed, type Territory } from '../core/access';

/** The HTTP status of each kind of the library's refusals; the refusal's code comes with it. */
const ACT_STATUS: Record<TransferActError['kind'], number> = {
  invalid: HttpStatus.BAD_REQUEST,
  'not-found': HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  mismatch: HttpStatus.UNPROCESSABLE_ENTITY,
  refused: HttpStatus.UNPROCESSABLE_ENTITY,
};

/** The library's refusals as HTTP problems (problem.filter.ts renders them). */
function toHttp(err: unknown): unknown {
  if (err instanceof TransferActError) {
    const params =
      err.code === 'transfer-act.files-mismatch'
        ? { problems: err.problems.length }
        : err.code === 'transfer-act.signature-invalid' && err.reason
          ? { reason: err.reason }
          : {};
    return new Problem(
      ACT_STATUS[err.kind],
      err.code,
      params as never,
      err.message,
      err.kind === 'invalid' || err.kind === 'mismatch' ? err.problems : undefined,
    );
  }
  if (err instanceof CertificateProblem)
    return new Problem(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'certificate.invalid',
      {},
      'The certificate cannot be registered',
      [{ field: 'pem', message: err.message }],
    );
  if (err instanceof CertificateRegistryError)
    return err.kind === 'conflict'
      ? new Problem(
          HttpStatus.CONFLICT,
          err.code === 'certificate.already-revoked' ? err.code : 'certificate.already-registered',
          {},
          err.message,
        )
      : new Problem(HttpStatus.NOT_FOUND, 'certificate.not-found', { certificateId: null }, err.message);
  return err;
}

export async function translated<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw toHttp(err);
  }
}

@Injectable()
export class TransferActsService {
  private readonly eds: SignatureVerification;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly signatures: EdsSignatures,
    private readonly config: AppConfig,
  ) {
    this.eds = new SignatureVerification(new CertificateRegistry(db.client));
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
    if (!act)
      throw new Problem(HttpStatus.NOT_FOUND, 'transfer-act.not-found', {}, `No transfer act ${id} is on record`);
    await this.audit.record({ actor, action, subjectType: 'transfer-act', subjectId: id, reason, requestId });
    return act;
  }

  /** Acts by period and territory, narrowed to the actor's own (an empty list outside it). */
  async list(q: TransferActsQueryDto, scope: Territory) {
    const filter = narrowed({ period: q.period, regionCode: q.regionCode, districtId: q.districtId }, scope);
    if (!filter) return { items: [], district: null };
    // The district asked for, by name (the console heads its screen with it).
    const district = filter.districtId
      ? await this.db.client.district.findUnique({
          where: { id: filter.districtId },
          select: { id: true, nameRu: true, nameKk: true, regionCode: true },
        })
      : null;
    return {
      items: await listTransferActs(this.db.client, { ...filter, status: q.status }, q.limit ?? 100),
      district,
    };
  }

  /** Each declared file against the files received (audited, as a read of the act). */
  async check(id: string, q: ReasonQueryDto, actor: string, requestId?: string) {
    const checked = await checkTransferAct(this.db.client, id);
    if (!checked)
      throw new Problem(HttpStatus.NOT_FOUND, 'transfer-act.not-found', {}, `No transfer act ${id} is on record`);
    await this.audit.record({
      actor,
      action: 'transfer-act.check',
      subjectType: 'transfer-act',
      subjectId: id,
      reason: q.reason,
      requestId,
    });
    return {
      id,
      number: checked.act.number,
      status: checked.act.status,
      matches: checked.files.every((f) => f.verdict === 'matches'),
      files: checked.files,
    };
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
      if (isRefusal(err, HttpStatus.UNPROCESSABLE_ENTITY))
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
      throw new Problem(
        HttpStatus.CONFLICT,
        'transfer-act.receipt-not-recorded',
        {},
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

  /**
   * One side's signature: CMS through NCALayer (issue 27), or the developer's key-file raw signature
   * where TIZIM_EDS_KEY_FILE allows it. Every attempt is audited; a refused signature names its
   * reason code (the audit's `reason`), never the signer's IIN.
   */
  async sign(id: string, dto: SignTransferActDto, actor: string, requestId?: string): Promise<TransferActView> {
    const action = `transfer-act.sign.${dto.side}`;
    const refused = (reason?: string) =>
      this.audit.record({
        actor,
        action,
        subjectType: 'transfer-act',
        subjectId: id,
        requestId,
        reason,
        outcome: 'refused',
      });
    const at = new Date().toISOString();
    try {
      let act: TransferActView;
      if (dto.cms !== undefined) {
        act = await translated(
          signTransferActCms(this.db.client, this.signatures, id, {
            side: dto.side,
            cms: dto.cms,
            recordedBy: actor,
            at,
            requestId,
          }),
        );
      } else {
        if (!this.config.value.eds.keyFile) {
          await refused('key-file-off');
          throw new Problem(
            HttpStatus.BAD_REQUEST,
            'request.invalid-fields',
            {},
            'Sign the act through NCALayer: this server takes CMS signatures only (the key-file signature is off)',
            [{ field: 'cms', message: 'sign through NCALayer: the key-file signature is off on this server' }],
          );
        }
        act = await translated(
          signTransferAct(this.db.client, this.eds, id, {
            side: dto.side,
            certificate: dto.certificateId!,
            signature: dto.signature!,
            signedAt: dto.signedAt!,
            recordedBy: actor,
            at,
          }),
        );
      }
      await this.audit.record({ actor, action, subjectType: 'transfer-act', subjectId: id, requestId });
      return act;
    } catch (err) {
      if (isRefusal(err, HttpStatus.UNPROCESSABLE_ENTITY))
        await refused(err instanceof Problem ? (err.params as { reason?: string }).reason : undefined);
      throw err;
    }
  }
}
