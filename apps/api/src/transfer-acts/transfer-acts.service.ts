import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { CertificateProblem, SignatureVerification } from '../../../../libs/eds';
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
import { Database } from '../core/infrastructure.module';
import {
  ActPdfQueryDto,
  DeclareTransferActDto,
  ReasonQueryDto,
  RecordReceiptDto,
  SignTransferActDto,
} from './transfer-acts.dto';

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
