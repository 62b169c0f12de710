import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Injectable, HttpStatus } from '@nestjs/common';
import { iinHmac } from '../../../../libs/auth/iin-hmac';
import { createIdCardApplication } from '../../../../libs/db/id-card-exchange';
import {
  ID_CARD_EXCHANGE_WORKFLOW,
  idCardExchangeWorkflowId,
  type IdCardExchangeInput,
} from '../../../../libs/contracts/id-card-exchange';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import type { Citizen } from '../core/auth';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import { startRowWorkflow } from '../core/workflow-starts';
import { Problem } from '../core/problem';
import { ApplyDto, CitizenApplicationView, PayStateFeeDto } from './id-card.dto';
import { findRegisterPerson } from '../../../../libs/db/register/read';
import { IdCardRowsService, refusalOf, statusOf, type Row } from './id-card-rows.service';
import { FileStore } from '../../../../libs/files/store';

/** A photo or a signature image: at most 2 MB, a JPEG or a PNG (told by its first bytes, not its name). */
export const MAX_IMAGE_BYTES = 2 * 2 ** 20;
export const IMAGE_KINDS = ['photo', 'signature'] as const;
export type ImageKind = (typeof IMAGE_KINDS)[number];

async function imageType(path: string): Promise<'image/jpeg' | 'image/png' | null> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(8);
    await file.read(head, 0, 8, 0);
    if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
    if (head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
    return null;
  } finally {
    await file.close();
  }
}

const both = (ru: string, kk: string) => `${ru} / ${kk}`;
const OPEN_STATUSES = ['PENDING_REVIEW', 'IN_PRODUCTION', 'READY_FOR_PICKUP'] as const;

function citizenView(row: Row): CitizenApplicationView {
  return {
    id: row.id,
    status: statusOf(row),
    ticketNumber: row.ticketNumber,
    regionCode: row.regionCode,
    submittedAt: row.submittedAt,
    refusal: refusalOf(row),
    reviewDueAt: row.reviewDueAt,
    annulReason: row.annulReason,
    feeStatus: row.fee?.status ?? null,
    readyAt: row.producedAt,
    pickedUpAt: row.pickedUpAt,
  };
}

/** The citizens' side, through the e-gov portal: the state fee, the application, their own applications. */
@Injectable()
export class CitizenIdCardService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly temporal: TemporalGateway,
    private readonly config: AppConfig,
    private readonly rows: IdCardRowsService,
  ) {
    this.store = new FileStore(config.value.files.storeDir);
  }

  private readonly store: FileStore;

  /** The citizen's IIN as the state fee's payer is kept (a keyed hash; README, "Personal data"). */
  private iinHmac(citizen: Citizen): string {
    return iinHmac(this.config.value.iinHmacKey, citizen.iin);
  }

  async payFee(citizen: Citizen, dto: PayStateFeeDto, requestId?: string) {
    const fee = await this.db.client.stateFeePayment.create({
      data: { id: randomUUID(), iinHmac: this.iinHmac(citizen), amountTenge: dto.amountTenge, paidAt: new Date() },
    });
    await this.audit.record({
      actor: citizen.id,
      action: 'citizen.state-fee.paid',
      subjectType: 'state-fee-payment',
      subjectId: fee.id,
      requestId,
    });
    return { id: fee.id, amountTenge: fee.amountTenge, paidAt: fee.paidAt, status: fee.status };
  }

  async fees(citizen: Citizen, requestId?: string) {
    const rows = await this.db.client.stateFeePayment.findMany({
      where: { iinHmac: this.iinHmac(citizen) },
      orderBy: { paidAt: 'desc' },
      take: 50,
    });
    await this.audit.record({
      actor: citizen.id,
      action: 'citizen.state-fee.list',
      subjectType: 'citizen',
      subjectId: citizen.id,
      requestId,
    });
    return rows.map((f) => ({
      id: f.id,
      amountTenge: f.amountTenge,
      paidAt: f.paidAt,
      status: f.status,
      applicationId: f.applicationId,
      refundedAt: f.refundedAt,
    }));
  }

  async apply(citizen: Citizen, dto: ApplyDto, requestId?: string): Promise<CitizenApplicationView> {
    const refuse = async (ex: Error, outcome: 'refused' | 'not-found' = 'refused') => {
      await this.audit.record({
        actor: citizen.id,
        action: 'citizen.id-card.apply',
        subjectType: 'citizen',
        subjectId: citizen.id,
        requestId,
        outcome,
      });
      return ex;
    };
    const region = await this.db.client.region.findUnique({ where: { code: dto.regionCode }, select: { code: true } });
    if (!region) {
      throw await refuse(
        new Problem(
          HttpStatus.BAD_REQUEST,
          'citizen.unknown-region',
          { regionCode: dto.regionCode },
          both(`Регион ${dto.regionCode} не найден`, `${dto.regionCode} өңірі табылмады`),
          [{ field: 'regionCode', message: `no region ${dto.regionCode} is on record` }],
        ),
      );
    }
    const card = await findRegisterPerson(this.db.client, citizen.iin);
    if (!card?.documentExpiresOn) {
      throw await refuse(
        new Problem(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'citizen.no-id-card',
          {},
          both(
            'Сведения о вашем удостоверении личности не найдены: обратитесь в ЦОН',
            'Жеке куәлігіңіз туралы мәліметтер табылмады: ХҚКО-ға жүгініңіз',
          ),
        ),
      );
    }
    const expiresOn = card.documentExpiresOn.toISOString().slice(0, 10);
    const id = randomUUID();
    const workflowId = idCardExchangeWorkflowId(id);
    const inProgress = (ticketNumber: string | null) =>
      new Problem(
        HttpStatus.CONFLICT,
        'citizen.application-open',
        { ticketNumber },
        both(
          `У вас уже есть заявка на замену удостоверения в работе${ticketNumber ? ` (талон № ${ticketNumber})` : ''}: дождитесь её завершения`,
          `Сізде жеке куәлікті ауыстыруға өтінім қаралуда${ticketNumber ? ` (№ ${ticketNumber} талон)` : ''}: оның аяқталуын күтіңіз`,
        ),
      );
    // One application at a time per citizen, and a fee serves one application: checked and written
    // under a lock on the citizen, so two submissions at once cannot both pass.
    const resumed = await this.db.client.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('id-card-application'), hashtext(${citizen.iin}))`;
      const open = await tx.idCardApplication.findFirst({
        where: { iin: citizen.iin, status: { in: [...OPEN_STATUSES] } },
        select: {
          id: true,
          workflowId: true,
          ticketNumber: true,
          status: true,
          feePaymentId: true,
          reason: true,
          expiresOn: true,
        },
      });
      if (open) {
        // The same application again (same fee), not yet taken up by its workflow: perhaps its
        // workflow never started (the first answer was 503). It is resumed below, not refused.
        if (open.status === 'PENDING_REVIEW' && !open.ticketNumber && open.feePaymentId === dto.feePaymentId)
          return open;
        throw await refuse(inProgress(open.ticketNumber));
      }
      const fee = await tx.stateFeePayment.findUnique({ where: { id: dto.feePaymentId } });
      const feeInUse = await tx.idCardApplication.findFirst({
        where: { feePaymentId: dto.feePaymentId, status: { not: 'REFUSED' } },
        select: { id: true },
      });
      const payers = fee?.iinHmac === this.iinHmac(citizen);
      if (!fee || !payers || fee.status !== 'PAID' || feeInUse) {
        const why =
          !fee || !payers
            ? 'no such payment of yours'
            : fee.status === 'REFUNDED'
              ? 'this fee was refunded'
              : 'this fee has been used by another application';
        throw await refuse(
          new Problem(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'citizen.fee-not-paid',
            {},
            both(
              'Государственная пошлина не оплачена или уже использована: оплатите её и подайте заявку снова',
              'Мемлекеттік баж төленбеген немесе пайдаланылған: оны төлеп, өтінімді қайта беріңіз',
            ),
            [{ field: 'feePaymentId', message: why }],
          ),
        );
      }
      await createIdCardApplication(tx, {
        id,
        workflowId,
        iin: citizen.iin,
        reason: dto.reason,
        regionCode: dto.regionCode,
        documentNumber: card.documentNumber,
        expiresOn,
        feePaymentId: fee.id,
        submittedAt: new Date(),
      });
      return null;
    });
    if (resumed) {
      // Already running (its first step not yet written): one application at a time, as ever.
      if (!(await this.startExchange(resumed)).started) throw await refuse(inProgress(null));
      return citizenView(await this.rows.settled(resumed.id, (r) => statusOf(r) !== 'SUBMITTED'));
    }
    await this.audit.record({
      actor: citizen.id,
      action: 'citizen.id-card.apply',
      subjectType: 'id-card-application',
      subjectId: id,
      requestId,
    });
    // The application stays whatever happens to the start: deleting it could orphan a workflow that did start.
    await this.startExchange({ id, workflowId, reason: dto.reason, expiresOn: card.documentExpiresOn });
    // The window and the fee are the workflow's first step: the answer waits a moment for it.
    return citizenView(await this.rows.settled(id, (r) => statusOf(r) !== 'SUBMITTED'));
  }

  /** Starts an application's workflow; a no-op when it has started already (the same application again). */
  private startExchange(a: { id: string; workflowId: string; reason: string; expiresOn: Date }) {
    const { idCard, temporal } = this.config.value;
    const input: IdCardExchangeInput = {
      applicationId: a.id,
      reason: a.reason as IdCardExchangeInput['reason'],
      expiresOn: a.expiresOn.toISOString().slice(0, 10),
      pilotEndsOn: idCard.pilotEndsOn,
      reviewWorkingDays: idCard.reviewWorkingDays,
      pickupReminderDays: idCard.pickupReminderDays,
      pickupReminders: idCard.pickupReminders,
    };
    return startRowWorkflow(
      this.temporal.client,
      ID_CARD_EXCHANGE_WORKFLOW,
      { workflowId: a.workflowId, taskQueue: temporal.taskQueue, args: [input] },
      {
        subject: `application ${a.id}`,
        readAt: `/v1/citizen/id-card/applications/${a.id}`,
        again: 'send the same application again, with the same fee',
        words: {
          notStarted: both(
            'Заявка сохранена, но ещё не передана в работу: сервис временно недоступен. Подайте её снова с той же пошлиной: будет продолжена эта же заявка',
            'Өтінім сақталды, бірақ әлі жұмысқа берілмеді: қызмет уақытша қолжетімсіз. Оны сол бажбен қайта беріңіз: осы өтінім жалғастырылады',
          ),
          mayHaveStarted: both(
            'Заявка сохранена; сервис не ответил вовремя, и она, возможно, уже в работе. Проверьте её в списке своих заявок, прежде чем подавать снова',
            'Өтінім сақталды; қызмет уақытында жауап бермеді, ол жұмыста болуы мүмкін. Қайта бермес бұрын өтінімдер тізіміңізден тексеріңіз',
          ),
        },
      },
    );
  }

  async citizenApplications(citizen: Citizen, requestId?: string): Promise<CitizenApplicationView[]> {
    const rows = await this.db.client.idCardApplication.findMany({
      where: { iin: citizen.iin },
      include: { fee: true },
      orderBy: { submittedAt: 'desc' },
      take: 50,
    });
    await this.audit.record({
      actor: citizen.id,
      action: 'citizen.id-card.list',
      subjectType: 'citizen',
      subjectId: citizen.id,
      requestId,
    });
    return rows.map(citizenView);
  }

  async citizenApplication(citizen: Citizen, id: string, requestId?: string): Promise<CitizenApplicationView> {
    const row = await this.rows.row(id);
    // Another citizen's application is answered as if it did not exist.
    if (!row || row.iin !== citizen.iin) {
      await this.audit.record({
        actor: citizen.id,
        action: 'citizen.id-card.read',
        subjectType: 'id-card-application',
        subjectId: id,
        requestId,
        outcome: 'not-found',
      });
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'citizen.application-not-found',
        { applicationId: id },
        both('Заявка не найдена', 'Өтінім табылмады'),
      );
    }
    await this.audit.record({
      actor: citizen.id,
      action: 'citizen.id-card.read',
      subjectType: 'id-card-application',
      subjectId: id,
      requestId,
    });
    return citizenView(row);
  }

  /**
   * The citizen's photo or handwritten signature for their application, as the portal sends it: kept
   * in the file store by SHA-256, its media type beside it; a new upload replaces the one before
   * while the application awaits review. The bytes never reach a log or an audit record.
   */
  async image(
    citizen: Citizen,
    id: string,
    kind: ImageKind,
    file: Express.Multer.File | undefined,
    requestId?: string,
  ): Promise<CitizenApplicationView> {
    const row = await this.rows.row(id);
    const audit = (outcome?: 'refused' | 'not-found') =>
      this.audit.record({
        actor: citizen.id,
        action: `citizen.id-card.${kind}`,
        subjectType: 'id-card-application',
        subjectId: id,
        requestId,
        outcome,
      });
    if (!row || row.iin !== citizen.iin) {
      await audit('not-found');
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'citizen.application-not-found',
        { applicationId: id },
        both('Заявка не найдена', 'Өтінім табылмады'),
      );
    }
    if (row.status !== 'PENDING_REVIEW') {
      await audit('refused');
      throw new Problem(
        HttpStatus.CONFLICT,
        'citizen.image-closed',
        { status: statusOf(row) },
        both('Заявка уже рассмотрена', 'Өтінім қаралып қойған'),
      );
    }
    if (!file) {
      await audit('refused');
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'citizen.image-required',
        {},
        both('Приложите файл изображения', 'Сурет файлын қоса беріңіз'),
        [{ field: 'file', message: 'a JPEG or PNG image is required' }],
      );
    }
    if (file.size > MAX_IMAGE_BYTES) {
      await audit('refused');
      throw new Problem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'citizen.image-too-large',
        { maxMegabytes: MAX_IMAGE_BYTES / 2 ** 20 },
        both('Изображение слишком большое', 'Сурет тым үлкен'),
      );
    }
    const type = await imageType(file.path);
    if (!type) {
      await audit('refused');
      throw new Problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'citizen.image-type',
        {},
        both('Нужен файл JPEG или PNG', 'JPEG немесе PNG файлы қажет'),
        [{ field: 'file', message: 'must be a JPEG or PNG image' }],
      );
    }
    const kept = await this.store.keep(file.path);
    await this.db.client.idCardApplication.update({
      where: { id },
      data:
        kind === 'photo'
          ? { photoSha256: kept.sha256, photoType: type }
          : { signatureSha256: kept.sha256, signatureType: type },
    });
    await audit();
    return citizenView((await this.rows.row(id))!);
  }
}
