/**
 * The online ID-card exchange (DOMAIN §4, seed id-card-online-exchange-pilot.ru.txt) over the API.
 *
 * Citizens, through the e-gov portal (@ForCitizens): the state fee as the payment gateway confirmed
 * it (local stand-in), an application (one idCardExchangeWorkflow each), their own applications.
 * Officers of a region's migration service (MIGRATION_OFFICER, their region only): the queue of
 * applications with their review deadlines, the approval text to sign, approval with EDS (verified
 * here against the officer's registered certificate before the workflow hears of it) or annulment,
 * and handing the card out by ticket number. The central production node (the operator, ADMIN)
 * reports a card produced. Every read of an application is audited; refusals to citizens are in
 * Russian and Kazakh, as the portal shows them.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  ConflictException,
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
  ServiceUnavailableException,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { WorkflowNotFoundError } from '@temporalio/client';
import { createIdCardApplication } from '../../../../libs/db/id-card-exchange';
import type {
  IdCardApplicationModel as IdCardApplication,
  StateFeePaymentModel as StateFeePayment,
} from '../../../../libs/db/prisma';
import { dayNumber, isLocalDate } from '../../../../libs/calendar';
import { canonicalJson, SignatureVerification } from '../../../../libs/eds';
import { CertificateRegistry } from '../../../../libs/db/eds/registry';
import {
  ID_CARD_EXCHANGE_WORKFLOW,
  idCardExchangeWorkflowId,
  pickupUpdate,
  producedSignal,
  reviewUpdate,
  type IdCardExchangeInput,
  type ReviewInput,
} from '../../../../libs/contracts/id-card-exchange';
import type { UpdateDefinition } from '@temporalio/common';
import { AuditService } from '../audit/audit.service';
import { CitizenRoutes, maskIin } from '../citizen/citizen.module';
import { AccessService, Allow, narrowed, type Actor } from '../core/access';
import { AppConfig } from '../core/app-config';
import { type AuthenticatedRequest, type Citizen } from '../core/auth';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import { updateWorkflow } from '../core/workflow-updates';
import {
  ApplicationsQueryDto,
  ApplyDto,
  CitizenApplicationView,
  PayStateFeeDto,
  PickupDto,
  ProducedDto,
  ReadReasonDto,
  ReviewDto,
} from './id-card.dto';
import { findRegisterPerson } from '../../../../libs/db/register/read';

const both = (ru: string, kk: string) => `${ru} / ${kk}`;
const OPEN_STATUSES = ['PENDING_REVIEW', 'IN_PRODUCTION', 'READY_FOR_PICKUP'] as const;
/** How long an answer waits for the workflow to record a step (the window and the fee, a decision, production, pickup). */
const STEP_WAIT_MS = 10_000;
/** An officer's clock may run a little ahead of ours. */
const SIGNING_SKEW_MS = 5 * 60_000;

type Row = IdCardApplication & { fee: StateFeePayment | null };

/** SUBMITTED while the workflow has not yet checked the window and taken the fee. */
function statusOf(row: IdCardApplication): string {
  return row.status === 'PENDING_REVIEW' && !row.ticketNumber ? 'SUBMITTED' : row.status;
}

function refusalOf(row: IdCardApplication): { code: string; ru: string; kk: string } | null {
  if (!row.refusal) return null;
  const cut = row.refusal.indexOf(' / ');
  return {
    code: row.refusalCode ?? 'refused',
    ru: cut < 0 ? row.refusal : row.refusal.slice(0, cut),
    kk: cut < 0 ? row.refusal : row.refusal.slice(cut + 3),
  };
}

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

/** What an officer sees; the IIN in full only when one application is read (audited), masked in lists. */
function officerView(row: Row, full: boolean, now: Date) {
  return {
    id: row.id,
    status: statusOf(row),
    ticketNumber: row.ticketNumber,
    regionCode: row.regionCode,
    iin: full ? row.iin : maskIin(row.iin),
    reason: row.reason,
    documentNumber: row.documentNumber,
    expiresOn: row.expiresOn.toISOString().slice(0, 10),
    submittedAt: row.submittedAt,
    reviewDueAt: row.reviewDueAt,
    overdue: row.status === 'PENDING_REVIEW' && row.reviewDueAt !== null && row.reviewDueAt < now,
    escalatedAt: row.reviewEscalatedAt,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt,
    annulReason: row.annulReason,
    refusal: refusalOf(row),
    approvalSha256: row.approvalSha256,
    approvalCertificateId: row.approvalCertificateId,
    producedAt: row.producedAt,
    newDocumentNumber: row.newDocumentNumber,
    pickupReminders: row.pickupReminders,
    pickedUpAt: row.pickedUpAt,
    pickedUpBy: row.pickedUpBy,
    fee: row.fee
      ? { id: row.fee.id, amountTenge: row.fee.amountTenge, status: row.fee.status, refundedAt: row.fee.refundedAt }
      : null,
  };
}

/** The exact text an officer signs to approve: the application's identity, no more. */
export function approvalText(row: IdCardApplication): string {
  return canonicalJson({
    kind: 'id-card-exchange-approval',
    decision: 'APPROVE',
    applicationId: row.id,
    ticketNumber: row.ticketNumber,
    regionCode: row.regionCode,
    iin: row.iin,
    reason: row.reason,
    documentNumber: row.documentNumber,
    expiresOn: row.expiresOn.toISOString().slice(0, 10),
  });
}

@Injectable()
export class IdCardService {
  private readonly eds: SignatureVerification;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly temporal: TemporalGateway,
    private readonly config: AppConfig,
  ) {
    this.eds = new SignatureVerification(new CertificateRegistry(db.client));
  }

  private async row(id: string): Promise<Row | null> {
    return this.db.client.idCardApplication.findUnique({ where: { id }, include: { fee: true } });
  }

  // ---- citizens

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
        new BadRequestException({
          message: both(`Регион ${dto.regionCode} не найден`, `${dto.regionCode} өңірі табылмады`),
          errors: [{ field: 'regionCode', message: `no region ${dto.regionCode} is on record` }],
        }),
      );
    }
    const card = await findRegisterPerson(this.db.client, citizen.iin);
    if (!card?.documentExpiresOn) {
      throw await refuse(
        new UnprocessableEntityException(
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
          new ConflictException(
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
          new UnprocessableEntityException({
            message: both(
              'Государственная пошлина не оплачена или уже использована: оплатите её и подайте заявку снова',
              'Мемлекеттік баж төленбеген немесе пайдаланылған: оны төлеп, өтінімді қайта беріңіз',
            ),
            errors: [{ field: 'feePaymentId', message: why }],
          }),
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
    return citizenView(await this.settled(id, (r) => statusOf(r) !== 'SUBMITTED'));
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
    const row = await this.row(id);
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
      throw new NotFoundException(both('Заявка не найдена', 'Өтінім табылмады'));
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

  // ---- the migration service

  async list(q: ApplicationsQueryDto, actor: Actor, requestId?: string) {
    const filter = narrowed({ regionCode: q.regionCode }, this.access.scope(actor));
    if (!filter) return [];
    const status =
      q.status === 'SUBMITTED'
        ? { status: 'PENDING_REVIEW' as const, ticketNumber: null }
        : q.status === 'PENDING_REVIEW'
          ? { status: 'PENDING_REVIEW' as const, ticketNumber: { not: null } }
          : q.status
            ? { status: q.status }
            : {};
    const rows = await this.db.client.idCardApplication.findMany({
      where: {
        ...(filter.regionCode ? { regionCode: filter.regionCode } : {}),
        ...status,
        ...(q.escalated === 'true'
          ? { reviewEscalatedAt: { not: null } }
          : q.escalated === 'false'
            ? { reviewEscalatedAt: null }
            : {}),
      },
      include: { fee: true },
      // The review queue: the nearest deadline first.
      orderBy: [{ reviewDueAt: { sort: 'asc', nulls: 'last' } }, { submittedAt: 'asc' }],
      take: q.limit ?? 100,
    });
    await this.audit.record({
      actor: actor.id,
      action: 'id-card.list',
      subjectType: 'id-card-application',
      subjectId: filter.regionCode ?? 'all',
      requestId,
    });
    const now = new Date();
    return rows.map((r) => officerView(r, false, now));
  }

  /** The application, if it lies in the actor's region (404 / 403, audited, otherwise). */
  private async readable(id: string, req: AuthenticatedRequest): Promise<Row> {
    const row = await this.row(id);
    if (!row) throw new NotFoundException(`No ID-card application has the id ${id}`);
    await this.access.ensure(req, { regionCode: row.regionCode }, { type: 'id-card-application', id });
    return row;
  }

  async read(id: string, q: ReadReasonDto, req: AuthenticatedRequest) {
    const row = await this.readable(id, req);
    await this.audit.record({
      actor: req.actor!.id,
      action: 'id-card.read',
      subjectType: 'id-card-application',
      subjectId: id,
      reason: q.reason,
      requestId: req.id,
    });
    return officerView(row, true, new Date());
  }

  async approval(id: string, q: ReadReasonDto, req: AuthenticatedRequest) {
    const row = await this.readable(id, req);
    this.mustAwaitReview(row);
    await this.audit.record({
      actor: req.actor!.id,
      action: 'id-card.approval-text',
      subjectType: 'id-card-application',
      subjectId: id,
      reason: q.reason,
      requestId: req.id,
    });
    const text = approvalText(row);
    return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex'), ticketNumber: row.ticketNumber };
  }

  private mustAwaitReview(row: Row): void {
    if (row.status !== 'PENDING_REVIEW' || !row.ticketNumber) {
      throw new ConflictException(
        `Application ${row.ticketNumber ?? row.id} is not waiting for review: it is ${statusOf(row)}`,
      );
    }
  }

  async review(id: string, dto: ReviewDto, req: AuthenticatedRequest) {
    const actor = req.actor!;
    const row = await this.readable(id, req);
    this.mustAwaitReview(row);
    let decision: ReviewInput;
    if (dto.decision === 'APPROVE') {
      const text = approvalText(row);
      const signedAt = dto.signedAt ? new Date(dto.signedAt) : new Date();
      if (signedAt.getTime() > Date.now() + SIGNING_SKEW_MS) {
        throw new BadRequestException({
          message: 'The signing time lies in the future',
          errors: [{ field: 'signedAt', message: 'must not be later than now' }],
        });
      }
      const verdict = await this.eds.verify(Buffer.from(text, 'utf8'), dto.signature!, dto.certificateId!, signedAt, {
        holder: actor.id,
        role: 'MIGRATION_OFFICER',
      });
      if (!verdict.valid) {
        await this.audit.record({
          actor: actor.id,
          action: 'id-card.approve',
          subjectType: 'id-card-application',
          subjectId: id,
          requestId: req.id,
          reason: verdict.code,
          outcome: 'refused',
        });
        throw new UnprocessableEntityException({
          message: `The approval signature was not accepted: ${verdict.reason}`,
          errors: [{ field: 'signature', message: verdict.code }],
        });
      }
      decision = {
        decision: 'APPROVE',
        actor: actor.id,
        approval: {
          sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
          certificateId: verdict.certificate.id,
          signature: dto.signature!.trim(),
          signedAt: signedAt.toISOString(),
        },
      };
    } else {
      decision = { decision: 'ANNUL', actor: actor.id, reason: dto.reason! };
    }
    await this.update(row, reviewUpdate, decision);
    await this.audit.record({
      actor: actor.id,
      action: dto.decision === 'APPROVE' ? 'id-card.approve' : 'id-card.annul',
      subjectType: 'id-card-application',
      subjectId: id,
      requestId: req.id,
      reason: dto.reason,
    });
    // The workflow records the outcome in its next activity: wait for it, briefly.
    return officerView(await this.settled(id, (r) => r.status !== 'PENDING_REVIEW'), true, new Date());
  }

  async produced(id: string, dto: ProducedDto, req: AuthenticatedRequest) {
    const row = await this.readable(id, req);
    if (row.status !== 'IN_PRODUCTION')
      throw new ConflictException(
        `Application ${row.ticketNumber ?? row.id} is not in production: it is ${statusOf(row)}`,
      );
    const errors = (['issuedOn', 'expiresOn'] as const)
      .filter((f) => !isLocalDate(dto[f]))
      .map((field) => ({ field, message: 'is not a real date' }));
    if (!errors.length && dayNumber(dto.expiresOn) <= dayNumber(dto.issuedOn))
      errors.push({ field: 'expiresOn', message: 'must be after issuedOn' });
    if (errors.length) throw new BadRequestException({ message: "The new card's dates will not do", errors });
    try {
      await this.temporal.client.workflow.getHandle(row.workflowId).signal(producedSignal, {
        documentNumber: dto.documentNumber,
        issuedOn: dto.issuedOn,
        expiresOn: dto.expiresOn,
      });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError)
        throw new ConflictException('The workflow of this application is no longer running');
      throw new ServiceUnavailableException(
        `The workflow service did not take the signal; nothing changed, try again (${(err as Error).name})`,
      );
    }
    await this.audit.record({
      actor: req.actor!.id,
      action: 'id-card.produced',
      subjectType: 'id-card-application',
      subjectId: id,
      requestId: req.id,
    });
    return officerView(await this.settled(id, (r) => r.status !== 'IN_PRODUCTION'), true, new Date());
  }

  async pickup(dto: PickupDto, req: AuthenticatedRequest) {
    const ticketNumber = dto.ticketNumber.trim();
    const found = await this.db.client.idCardApplication.findUnique({ where: { ticketNumber }, select: { id: true } });
    if (!found) {
      await this.audit.record({
        actor: req.actor!.id,
        action: 'id-card.pickup',
        subjectType: 'ticket',
        subjectId: ticketNumber,
        requestId: req.id,
        outcome: 'not-found',
      });
      throw new NotFoundException(`No application has the ticket number ${ticketNumber}`);
    }
    const row = await this.readable(found.id, req);
    if (row.status !== 'READY_FOR_PICKUP')
      throw new ConflictException(
        `The card for ticket ${ticketNumber} is not ready for pickup: the application is ${statusOf(row)}`,
      );
    await this.update(row, pickupUpdate, { actor: req.actor!.id, ticketNumber });
    await this.audit.record({
      actor: req.actor!.id,
      action: 'id-card.pickup',
      subjectType: 'id-card-application',
      subjectId: row.id,
      requestId: req.id,
    });
    return officerView(await this.settled(row.id, (r) => r.status === 'PICKED_UP'), true, new Date());
  }

  private async update<R, A>(row: Row, update: UpdateDefinition<R, [A]>, arg: A): Promise<void> {
    await updateWorkflow(this.temporal.client, row.workflowId, update, arg);
  }

  /** The row once `done` holds (the workflow's activity has written it), or as it is after a few seconds. */
  private async settled(id: string, done: (r: Row) => boolean): Promise<Row> {
    const deadline = Date.now() + STEP_WAIT_MS;
    for (;;) {
      const row = (await this.row(id))!;
      if (done(row) || Date.now() > deadline) return row;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

@Controller('v1/citizen')
@CitizenRoutes()
export class CitizenIdCardController {
  constructor(private readonly service: IdCardService) {}

  @Post('state-fees')
  @ApiOperation({
    summary:
      'The state fee for the card, as the payment gateway confirmed it (local stand-in for the gateway: records the payment)',
  })
  payFee(@Body() dto: PayStateFeeDto, @Req() req: AuthenticatedRequest) {
    return this.service.payFee(req.citizen!, dto, req.id);
  }

  @Get('state-fees')
  @ApiOperation({ summary: "The citizen's state-fee payments: paid, used by an application, or refunded" })
  fees(@Req() req: AuthenticatedRequest) {
    return this.service.fees(req.citizen!, req.id);
  }

  @Post('id-card/applications')
  @ApiOperation({
    summary:
      'Apply to exchange the identity card online (expiry only, 30 days before to 10 days after it, while the pilot runs); the answer has the ticket, or the refusal in Russian and Kazakh',
  })
  @ApiCreatedResponse({
    type: CitizenApplicationView,
    description:
      'Recorded: PENDING_REVIEW with a ticket, or REFUSED with the reason (apply at a public service centre)',
  })
  @ApiConflictResponse({ description: 'An application of the citizen is already under way' })
  @ApiUnprocessableEntityResponse({ description: 'No paid, unused fee of the citizen; or no identity card on record' })
  apply(@Body() dto: ApplyDto, @Req() req: AuthenticatedRequest) {
    return this.service.apply(req.citizen!, dto, req.id);
  }

  @Get('id-card/applications')
  @ApiOperation({ summary: "The citizen's own applications, newest first" })
  applications(@Req() req: AuthenticatedRequest) {
    return this.service.citizenApplications(req.citizen!, req.id);
  }

  @Get('id-card/applications/:id')
  @ApiOperation({ summary: "One of the citizen's own applications" })
  application(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    return this.service.citizenApplication(req.citizen!, id, req.id);
  }
}

@ApiTags('id-card exchange (migration service)')
@ApiBearerAuth()
@Controller('v1/id-card')
export class IdCardController {
  constructor(private readonly service: IdCardService) {}

  @Get('applications')
  @Allow('ADMIN', 'MIGRATION_OFFICER')
  @ApiOperation({
    summary:
      "Applications of the officer's region, the nearest review deadline first (IINs masked); overdue and escalated ones flagged",
  })
  list(@Query() q: ApplicationsQueryDto, @Req() req: AuthenticatedRequest) {
    return this.service.list(q, req.actor!, req.id);
  }

  @Get('applications/:id')
  @Allow('ADMIN', 'MIGRATION_OFFICER')
  @ApiOperation({ summary: 'One application in full (audited, with the reason given)' })
  read(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: ReadReasonDto, @Req() req: AuthenticatedRequest) {
    return this.service.read(id, q, req);
  }

  @Get('applications/:id/approval.json')
  @Allow('MIGRATION_OFFICER')
  @ApiOperation({ summary: 'The approval text (canonical JSON) the officer signs with EDS, and its SHA-256' })
  @ApiConflictResponse({ description: 'Not waiting for review' })
  approval(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: ReadReasonDto, @Req() req: AuthenticatedRequest) {
    return this.service.approval(id, q, req);
  }

  @Post('applications/:id/review')
  @HttpCode(200)
  @Allow('MIGRATION_OFFICER')
  @ApiOperation({
    summary:
      "Approve with the officer's EDS over approval.json (to central production), or annul for a bad photo or signature or further checks (the fee is refunded)",
  })
  @ApiUnprocessableEntityResponse({ description: 'The signature was not accepted (the reason says why)' })
  @ApiConflictResponse({ description: 'Not waiting for review' })
  review(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReviewDto, @Req() req: AuthenticatedRequest) {
    return this.service.review(id, dto, req);
  }

  @Post('applications/:id/produced')
  @HttpCode(200)
  @Allow('ADMIN')
  @ApiOperation({ summary: 'The central production node: the new card is made and sent to the registration point' })
  @ApiConflictResponse({ description: 'Not in production' })
  produced(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ProducedDto, @Req() req: AuthenticatedRequest) {
    return this.service.produced(id, dto, req);
  }

  @Post('pickup')
  @HttpCode(200)
  @Allow('MIGRATION_OFFICER')
  @ApiOperation({
    summary:
      'Hand the card out at the registration point by the ticket number the citizen shows; the register learns the new card',
  })
  @ApiConflictResponse({ description: 'The card is not ready for pickup' })
  pickup(@Body() dto: PickupDto, @Req() req: AuthenticatedRequest) {
    return this.service.pickup(dto, req);
  }
}

@Module({ controllers: [CitizenIdCardController, IdCardController], providers: [IdCardService] })
export class IdCardModule {}
