import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { FileStore } from '../../../../libs/files/store';
import { AppConfig } from '../core/app-config';
import { Injectable, HttpStatus } from '@nestjs/common';
import type { IdCardApplicationModel as IdCardApplication } from '../../../../libs/db/prisma';
import { dayNumber, isLocalDate } from '../../../../libs/calendar';
import { canonicalJson, SignatureVerification } from '../../../../libs/eds';
import { CertificateRegistry } from '../../../../libs/db/eds/registry';
import { recordWorkflowRequest } from '../../../../libs/db/workflow-requests';
import {
  pickupUpdate,
  producedSignal,
  reviewPayload,
  reviewUpdate,
  type ApprovalSignature,
  type ReviewInput,
} from '../../../../libs/contracts/id-card-exchange';
import type { ApiProblemParams } from '../../../../libs/contracts/problems';
import type { UpdateDefinition } from '@temporalio/common';
import { AuditService } from '../audit/audit.service';
import { EdsSignatures } from '../eds/eds.module';
import { maskIin } from '../citizen/citizen.service';
import { AccessService, narrowed, type Actor } from '../core/access';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import { signalWorkflow, updateWorkflow, type WorkflowTarget } from '../core/workflow-messages';
import { Problem } from '../core/problem';
import { ApplicationsQueryDto, PickupDto, ProducedDto, ReadReasonDto, ReviewDto } from './id-card.dto';
import { IdCardRowsService, refusalOf, statusOf, type Row } from './id-card-rows.service';

/** An officer's clock may run a little ahead of ours. */
const SIGNING_SKEW_MS = 5 * 60_000;

/** What an officer sees; the IIN in full only when one application is read (audited), masked in lists. */
function officerView(row: Row, full: boolean, now: Date, names: Names = new Map()) {
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
    /** The officer who reviewed it, by name and role (never shown as an id). */
    reviewer: row.reviewedBy ? (names.get(row.reviewedBy) ?? null) : null,
    reviewedAt: row.reviewedAt,
    /** Whether the citizen's photo and signature image are on file (read through .../images/{kind}, audited). */
    photo: row.photoSha256 !== null,
    signature: row.signatureSha256 !== null,
    annulReason: row.annulReason,
    refusal: refusalOf(row),
    approvalSha256: row.approvalSha256,
    approvalCertificateId: row.approvalCertificateId,
    /** The TSA's RFC 3161 timestamp of a CMS approval (issue 27); null for none or the key-file fallback. */
    approvalTimestamp:
      row.approvalTimestampAt && row.approvalTimestampTsa
        ? { time: row.approvalTimestampAt, tsaName: row.approvalTimestampTsa }
        : null,
    producedAt: row.producedAt,
    newDocumentNumber: row.newDocumentNumber,
    pickupReminders: row.pickupReminders,
    pickedUpAt: row.pickedUpAt,
    pickedUpBy: row.pickedUpBy,
    /** Closed as not collected after the reminders, and escalated to the region's migration service. */
    pickupEscalatedAt: row.pickupEscalatedAt,
    fee: row.fee
      ? { id: row.fee.id, amountTenge: row.fee.amountTenge, status: row.fee.status, refundedAt: row.fee.refundedAt }
      : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Names = Map<string, { fullName: string; role: string }>;

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

/** The migration service's side: the list, reads under audit, the review signed with EDS, production, pickup. */
@Injectable()
export class IdCardService {
  private readonly eds: SignatureVerification;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly temporal: TemporalGateway,
    private readonly rows: IdCardRowsService,
    private readonly config: AppConfig,
    private readonly signatures: EdsSignatures,
  ) {
    this.eds = new SignatureVerification(new CertificateRegistry(db.client));
    this.store = new FileStore(config.value.files.storeDir);
  }

  private readonly store: FileStore;

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
        // Escalated: a review past its deadline, or a card not collected after its reminders.
        ...(q.escalated === 'true'
          ? { OR: [{ reviewEscalatedAt: { not: null } }, { pickupEscalatedAt: { not: null } }] }
          : q.escalated === 'false'
            ? { reviewEscalatedAt: null, pickupEscalatedAt: null }
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
    const names = await this.names(rows.map((r) => r.reviewedBy));
    return rows.map((r) => officerView(r, false, now, names));
  }

  /** The application, if it lies in the actor's region (404 / 403, audited, otherwise). */
  private async readable(id: string, actor: Actor, requestId?: string): Promise<Row> {
    const row = await this.rows.row(id);
    if (!row)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'id-card.not-found',
        { applicationId: id },
        `No ID-card application has the id ${id}`,
      );
    await this.access.ensure(actor, { regionCode: row.regionCode }, { type: 'id-card-application', id }, requestId);
    return row;
  }

  async read(id: string, q: ReadReasonDto, actor: Actor, requestId?: string) {
    const row = await this.readable(id, actor, requestId);
    await this.audit.record({
      actor: actor.id,
      action: 'id-card.read',
      subjectType: 'id-card-application',
      subjectId: id,
      reason: q.reason,
      requestId,
    });
    return officerView(row, true, new Date(), await this.names([row.reviewedBy]));
  }

  async approval(id: string, q: ReadReasonDto, actor: Actor, requestId?: string) {
    const row = await this.readable(id, actor, requestId);
    this.mustAwaitReview(row);
    await this.audit.record({
      actor: actor.id,
      action: 'id-card.approval-text',
      subjectType: 'id-card-application',
      subjectId: id,
      reason: q.reason,
      requestId,
    });
    const text = approvalText(row);
    return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex'), ticketNumber: row.ticketNumber };
  }

  /** Officials by id: their names and roles, for the screens. */
  private async names(ids: (string | null)[]): Promise<Names> {
    // Officials are users (UUIDs); the operator's token acts under a name of its own.
    const wanted = [...new Set(ids.filter((id): id is string => !!id && UUID.test(id)))];
    if (wanted.length === 0) return new Map();
    const users = await this.db.client.user.findMany({
      where: { id: { in: wanted } },
      select: { id: true, fullName: true, role: true },
    });
    return new Map(users.map((u) => [u.id, { fullName: u.fullName, role: u.role }]));
  }

  /**
   * The citizen's photo or signature image, for the officer checking it: the application's region
   * must be the officer's; every read is audited with its reason. Personal data: never logged.
   */
  async image(id: string, kind: 'photo' | 'signature', q: ReadReasonDto, actor: Actor, requestId?: string) {
    const row = await this.readable(id, actor, requestId);
    const sha256 = kind === 'photo' ? row.photoSha256 : row.signatureSha256;
    const type = kind === 'photo' ? row.photoType : row.signatureType;
    await this.audit.record({
      actor: actor.id,
      action: `id-card.${kind}.read`,
      subjectType: 'id-card-application',
      subjectId: id,
      reason: q.reason,
      requestId,
      ...(sha256 ? {} : { outcome: 'not-found' as const }),
    });
    if (!sha256 || !type)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'id-card.image-missing',
        { kind },
        `Application ${row.ticketNumber ?? id} has no ${kind} image`,
      );
    return { type, stream: createReadStream(this.store.pathOf(sha256)) };
  }

  private mustAwaitReview(row: Row): void {
    if (row.status !== 'PENDING_REVIEW' || !row.ticketNumber) {
      throw new Problem(
        HttpStatus.CONFLICT,
        'id-card.not-awaiting-review',
        { ticketNumber: row.ticketNumber, status: statusOf(row) },
        `Application ${row.ticketNumber ?? row.id} is not waiting for review: it is ${statusOf(row)}`,
      );
    }
  }

  /** A refused approval signature: audited with its reason code, 422 in plain words. */
  private async signatureRefused(
    row: Row,
    actor: Actor,
    requestId: string | undefined,
    code: ApiProblemParams['id-card.signature-refused']['reason'],
    reason: string,
    field: string,
  ): Promise<never> {
    await this.audit.record({
      actor: actor.id,
      action: 'id-card.approve',
      subjectType: 'id-card-application',
      subjectId: row.id,
      requestId,
      reason: code,
      outcome: 'refused',
    });
    throw new Problem(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'id-card.signature-refused',
      { reason: code },
      `The approval signature was not accepted: ${reason}`,
      [{ field, message: code }],
    );
  }

  /**
   * The officer's CMS from NCALayer over the approval text (issue 27): a SIGNING key of the
   * officer's own IIN (their account's), chained to NCA RK, not revoked, stamped by the TSA. The
   * CMS is kept on the application here, before the review is sent: it must not travel in the
   * workflow's history (it carries the officer's certificate and, attached, the citizen's IIN).
   */
  private async approvalByCms(row: Row, cms: string, actor: Actor, requestId?: string): Promise<ApprovalSignature> {
    const text = approvalText(row);
    const officer = UUID.test(actor.id)
      ? await this.db.client.user.findUnique({
          where: { id: actor.id },
          select: { id: true, role: true, iinHmac: true },
        })
      : null;
    if (!officer)
      return this.signatureRefused(
        row,
        actor,
        requestId,
        'no-iin-bound',
        'only an official signed in with their own account can approve with EDS',
        'cms',
      );
    const outcome = await this.signatures.accept({
      cms,
      content: Buffer.from(text, 'utf8'),
      purpose: 'signing',
      account: officer,
      subject: { type: 'id-card-application', id: row.id },
      requestId,
      stamp: true,
    });
    if (!outcome.valid) return this.signatureRefused(row, actor, requestId, outcome.code, outcome.reason, 'cms');
    // Kept while the application waits for review; the workflow's approval makes it count.
    await this.db.client.idCardApplication.updateMany({
      where: { id: row.id, status: 'PENDING_REVIEW' },
      data: { approvalSignature: outcome.cms.toString('base64') },
    });
    const signedAt = outcome.timestamp?.time ?? outcome.verdict.signingTime ?? new Date();
    return {
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
      certificateId: outcome.certificate.id,
      signedAt: signedAt.toISOString(),
      ...(outcome.timestamp
        ? { timestamp: { time: outcome.timestamp.time.toISOString(), tsaName: outcome.timestamp.tsaName } }
        : {}),
    };
  }

  /** The developer's key-file fallback (TIZIM_EDS_KEY_FILE=on only): a raw signature, a registered certificate. */
  private async approvalByKeyFile(
    row: Row,
    dto: ReviewDto,
    actor: Actor,
    requestId?: string,
  ): Promise<ApprovalSignature> {
    if (!this.config.value.eds.keyFile) {
      await this.audit.record({
        actor: actor.id,
        action: 'id-card.approve',
        subjectType: 'id-card-application',
        subjectId: row.id,
        requestId,
        reason: 'key-file-off',
        outcome: 'refused',
      });
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'request.invalid-fields',
        {},
        'Sign the approval through NCALayer: this server takes CMS signatures only (the key-file signature is off)',
        [{ field: 'cms', message: 'sign through NCALayer: the key-file signature is off on this server' }],
      );
    }
    const text = approvalText(row);
    const signedAt = dto.signedAt ? new Date(dto.signedAt) : new Date();
    if (signedAt.getTime() > Date.now() + SIGNING_SKEW_MS) {
      throw new Problem(HttpStatus.BAD_REQUEST, 'id-card.signed-in-future', {}, 'The signing time lies in the future', [
        { field: 'signedAt', message: 'must not be later than now' },
      ]);
    }
    const verdict = await this.eds.verify(Buffer.from(text, 'utf8'), dto.signature!, dto.certificateId!, signedAt, {
      holder: actor.id,
      role: 'MIGRATION_OFFICER',
    });
    if (!verdict.valid) return this.signatureRefused(row, actor, requestId, verdict.code, verdict.reason, 'signature');
    return {
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
      certificateId: verdict.certificate.id,
      signature: dto.signature!.trim(),
      signedAt: signedAt.toISOString(),
    };
  }

  async review(id: string, dto: ReviewDto, actor: Actor, requestId?: string) {
    const row = await this.readable(id, actor, requestId);
    this.mustAwaitReview(row);
    let decision: ReviewInput;
    if (dto.decision === 'APPROVE') {
      const approval =
        dto.cms !== undefined
          ? await this.approvalByCms(row, dto.cms, actor, requestId)
          : await this.approvalByKeyFile(row, dto, actor, requestId);
      decision = { decision: 'APPROVE', actor: actor.id, approval };
    } else {
      decision = { decision: 'ANNUL', actor: actor.id, reason: dto.reason! };
    }
    // The workflow takes the review only as recorded here, after the EDS check (issue 24).
    const messageId = requestId ?? randomUUID();
    await this.recordRequest(row, 'id-card.review', messageId, actor, reviewPayload(decision));
    await this.update(row, reviewUpdate, { ...decision, requestId: messageId });
    await this.audit.record({
      actor: actor.id,
      action: dto.decision === 'APPROVE' ? 'id-card.approve' : 'id-card.annul',
      subjectType: 'id-card-application',
      subjectId: id,
      requestId,
      reason: dto.reason,
    });
    // The workflow records the outcome in its next activity: wait for it, briefly.
    const decided = await this.rows.settled(id, (r) => r.status !== 'PENDING_REVIEW');
    return officerView(decided, true, new Date(), await this.names([decided.reviewedBy]));
  }

  async produced(id: string, dto: ProducedDto, actor: Actor, requestId?: string) {
    const row = await this.readable(id, actor, requestId);
    if (row.status !== 'IN_PRODUCTION')
      throw new Problem(
        HttpStatus.CONFLICT,
        'id-card.not-in-production',
        { ticketNumber: row.ticketNumber, status: statusOf(row) },
        `Application ${row.ticketNumber ?? row.id} is not in production: it is ${statusOf(row)}`,
      );
    const errors = (['issuedOn', 'expiresOn'] as const)
      .filter((f) => !isLocalDate(dto[f]))
      .map((field) => ({ field, message: 'is not a real date' }));
    if (!errors.length && dayNumber(dto.expiresOn) <= dayNumber(dto.issuedOn))
      errors.push({ field: 'expiresOn', message: 'must be after issuedOn' });
    if (errors.length)
      throw new Problem(HttpStatus.BAD_REQUEST, 'id-card.card-dates', {}, "The new card's dates will not do", errors);
    const card = { documentNumber: dto.documentNumber, issuedOn: dto.issuedOn, expiresOn: dto.expiresOn };
    // The workflow ignores a produced signal the API did not record (issue 24).
    const messageId = requestId ?? randomUUID();
    await this.recordRequest(row, 'id-card.produced', messageId, actor, card);
    await signalWorkflow(this.temporal.client, this.target(row), producedSignal, { ...card, requestId: messageId });
    await this.audit.record({
      actor: actor.id,
      action: 'id-card.produced',
      subjectType: 'id-card-application',
      subjectId: id,
      requestId,
    });
    const made = await this.rows.settled(id, (r) => r.status !== 'IN_PRODUCTION');
    return officerView(made, true, new Date(), await this.names([made.reviewedBy]));
  }

  async pickup(dto: PickupDto, actor: Actor, requestId?: string) {
    const ticketNumber = dto.ticketNumber.trim();
    const found = await this.db.client.idCardApplication.findUnique({ where: { ticketNumber }, select: { id: true } });
    if (!found) {
      await this.audit.record({
        actor: actor.id,
        action: 'id-card.pickup',
        subjectType: 'ticket',
        subjectId: ticketNumber,
        requestId,
        outcome: 'not-found',
      });
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'id-card.ticket-not-found',
        { ticketNumber },
        `No application has the ticket number ${ticketNumber}`,
      );
    }
    const row = await this.readable(found.id, actor, requestId);
    if (row.status !== 'READY_FOR_PICKUP')
      throw new Problem(
        HttpStatus.CONFLICT,
        'id-card.not-ready',
        { ticketNumber, status: statusOf(row) },
        `The card for ticket ${ticketNumber} is not ready for pickup: the application is ${statusOf(row)}`,
      );
    const messageId = requestId ?? randomUUID();
    await this.recordRequest(row, 'id-card.pickup', messageId, actor, { ticketNumber });
    await this.update(row, pickupUpdate, { actor: actor.id, ticketNumber, requestId: messageId });
    await this.audit.record({
      actor: actor.id,
      action: 'id-card.pickup',
      subjectType: 'id-card-application',
      subjectId: row.id,
      requestId,
    });
    const handed = await this.rows.settled(row.id, (r) => r.status === 'PICKED_UP');
    return officerView(handed, true, new Date(), await this.names([handed.reviewedBy]));
  }

  /** The API's record of a message to the application's workflow, which checks the message against it. */
  private async recordRequest(
    row: Row,
    action: 'id-card.review' | 'id-card.produced' | 'id-card.pickup',
    requestId: string,
    actor: Actor,
    payload: unknown,
  ): Promise<void> {
    await recordWorkflowRequest(
      this.db.client,
      { action, requestId, subjectId: row.id, workflowId: row.workflowId },
      { id: actor.id, role: actor.role, regionCode: actor.regionCode, districtId: actor.districtId },
      payload,
    );
  }

  private async update<R, A>(row: Row, update: UpdateDefinition<R, [A]>, arg: A): Promise<void> {
    await updateWorkflow(this.temporal.client, this.target(row), update, arg);
  }

  /** An application's workflow, and where an officer reads the application. */
  private target(row: Row): WorkflowTarget {
    return {
      workflowId: row.workflowId,
      subject: `application ${row.ticketNumber ?? row.id}`,
      readAt: `/v1/id-card/applications/${row.id}`,
    };
  }
}
