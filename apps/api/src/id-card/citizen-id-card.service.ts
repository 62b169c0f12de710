import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, ServiceUnavailableException } from '@nestjs/common';
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
import { Problem } from '../core/problem';
import { ApplyDto, CitizenApplicationView, PayStateFeeDto } from './id-card.dto';
import { findRegisterPerson } from '../../../../libs/db/register/read';
import { IdCardRowsService, refusalOf, statusOf, type Row } from './id-card-rows.service';

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
  ) {}

  async payFee(citizen: Citizen, dto: PayStateFeeDto, requestId?: string) {
    const fee = await this.db.client.stateFeePayment.create({
      data: { id: randomUUID(), iin: citizen.iin, amountTenge: dto.amountTenge, paidAt: new Date() },
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
      where: { iin: citizen.iin },
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
    // One application at a time per citizen, and a fee serves one application: checked and written
    // under a lock on the citizen, so two submissions at once cannot both pass.
    await this.db.client.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('id-card-application'), hashtext(${citizen.iin}))`;
      const open = await tx.idCardApplication.findFirst({
        where: { iin: citizen.iin, status: { in: [...OPEN_STATUSES] } },
        select: { ticketNumber: true },
      });
      if (open) {
        throw await refuse(
          new Problem(
            HttpStatus.CONFLICT,
            'citizen.application-open',
            { ticketNumber: open.ticketNumber },
            both(
              `У вас уже есть заявка на замену удостоверения в работе${open.ticketNumber ? ` (талон № ${open.ticketNumber})` : ''}: дождитесь её завершения`,
              `Сізде жеке куәлікті ауыстыруға өтінім қаралуда${open.ticketNumber ? ` (№ ${open.ticketNumber} талон)` : ''}: оның аяқталуын күтіңіз`,
            ),
          ),
        );
      }
      const fee = await tx.stateFeePayment.findUnique({ where: { id: dto.feePaymentId } });
      const feeInUse = await tx.idCardApplication.findFirst({
        where: { feePaymentId: dto.feePaymentId, status: { not: 'REFUSED' } },
        select: { id: true },
      });
      if (!fee || fee.iin !== citizen.iin || fee.status !== 'PAID' || feeInUse) {
        const why =
          !fee || fee.iin !== citizen.iin
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
    });
    await this.audit.record({
      actor: citizen.id,
      action: 'citizen.id-card.apply',
      subjectType: 'id-card-application',
      subjectId: id,
      requestId,
    });

    const { idCard, temporal } = this.config.value;
    const input: IdCardExchangeInput = {
      applicationId: id,
      reason: dto.reason,
      expiresOn,
      pilotEndsOn: idCard.pilotEndsOn,
      reviewWorkingDays: idCard.reviewWorkingDays,
      pickupReminderDays: idCard.pickupReminderDays,
      pickupReminders: idCard.pickupReminders,
    };
    try {
      await this.temporal.client.workflow.start(ID_CARD_EXCHANGE_WORKFLOW, {
        workflowId,
        taskQueue: temporal.taskQueue,
        args: [input],
      });
    } catch (err) {
      // Nothing half-written: without its workflow the application would never be reviewed.
      await this.db.client.idCardApplication.delete({ where: { id } });
      throw new ServiceUnavailableException(
        both(
          'Сервис временно недоступен, заявка не принята: подайте её снова',
          'Қызмет уақытша қолжетімсіз, өтінім қабылданбады: оны қайта беріңіз',
        ) + ` (${(err as Error).name})`,
      );
    }
    // The window and the fee are the workflow's first step: the answer waits a moment for it.
    return citizenView(await this.rows.settled(id, (r) => statusOf(r) !== 'SUBMITTED'));
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
}
