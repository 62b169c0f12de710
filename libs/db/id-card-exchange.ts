/**
 * The online ID-card exchange's records (idCardExchangeWorkflow). Idempotent: a retried activity
 * finds its own earlier write. The state fee lives in state_fee_payment (the local stand-in for the
 * payment gateway, its payer kept as a keyed hash): an application consumes a PAID fee of the same
 * citizen; an annulment refunds it.
 */
import { randomInt } from 'node:crypto';
import type { PrismaClient } from './prisma';
import { localDateTimeOf } from '../calendar';
import { followUpRegisterEvent, recordInTransaction } from './register/intake';
import type { Refusal } from '../id-card/window';
import type { AnnulReason, ApprovalSignature, ProducedInput } from '../contracts/id-card-exchange';

export async function recordIdCardRefusal(
  prisma: PrismaClient,
  applicationId: string,
  refusal: Refusal,
): Promise<void> {
  await prisma.idCardApplication.update({
    where: { id: applicationId },
    data: { status: 'REFUSED', refusal: `${refusal.ru} / ${refusal.kk}`, refusalCode: refusal.code },
  });
}

/** Takes the citizen's paid fee and gives the registration ticket; refuses when no fee is paid. */
export async function acceptIdCardApplication(
  prisma: PrismaClient,
  applicationId: string,
): Promise<{ ticketNumber: string } | { refusal: Refusal }> {
  return prisma.$transaction(async (tx) => {
    const app = await tx.idCardApplication.findUniqueOrThrow({ where: { id: applicationId } });
    if (app.ticketNumber) return { ticketNumber: app.ticketNumber };
    // The fee is the citizen's: the API checked its payer's keyed hash against the citizen when it
    // wrote the application (under the citizen's lock); here it must still be unused.
    const fee = app.feePaymentId ? await tx.stateFeePayment.findUnique({ where: { id: app.feePaymentId } }) : null;
    if (!fee || fee.status !== 'PAID' || (fee.applicationId !== null && fee.applicationId !== app.id)) {
      const refusal: Refusal = {
        code: 'fee-not-paid',
        ru: 'Государственная пошлина не оплачена: оплатите её и подайте заявку снова',
        kk: 'Мемлекеттік баж төленбеген: оны төлеп, өтінімді қайта беріңіз',
      };
      await tx.idCardApplication.update({
        where: { id: applicationId },
        data: { status: 'REFUSED', refusal: `${refusal.ru} / ${refusal.kk}`, refusalCode: refusal.code },
      });
      return { refusal };
    }
    await tx.stateFeePayment.update({ where: { id: fee.id }, data: { status: 'CONSUMED', applicationId } });
    for (;;) {
      // The ticket: the region, the day and a random serial; unique, retried on the rare clash.
      const ticketNumber = `${app.regionCode}-${app.submittedAt.toISOString().slice(2, 10).replace(/-/g, '')}-${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
      if (await tx.idCardApplication.findUnique({ where: { ticketNumber } })) continue;
      await tx.idCardApplication.update({
        where: { id: applicationId },
        data: { ticketNumber, status: 'PENDING_REVIEW' },
      });
      return { ticketNumber };
    }
  });
}

export async function setIdCardReviewDue(prisma: PrismaClient, applicationId: string, dueAt: string): Promise<void> {
  await prisma.idCardApplication.update({ where: { id: applicationId }, data: { reviewDueAt: new Date(dueAt) } });
}

export async function escalateIdCardReview(prisma: PrismaClient, applicationId: string, at: string): Promise<void> {
  await prisma.idCardApplication.updateMany({
    where: { id: applicationId, reviewEscalatedAt: null },
    data: { reviewEscalatedAt: new Date(at) },
  });
}

/** Annulled for a bad photo or signature, or further checks: the fee is refunded (Tax Code). */
export async function annulIdCardApplication(
  prisma: PrismaClient,
  a: { applicationId: string; actor: string; reason: AnnulReason; at: string },
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const app = await tx.idCardApplication.findUniqueOrThrow({ where: { id: a.applicationId } });
    if (app.status === 'ANNULLED') return;
    await tx.idCardApplication.update({
      where: { id: app.id },
      // An approval's CMS the API kept for a review that did not go through is no approval.
      data: {
        status: 'ANNULLED',
        annulReason: a.reason,
        reviewedBy: a.actor,
        reviewedAt: new Date(a.at),
        approvalSignature: null,
      },
    });
    if (app.feePaymentId) {
      await tx.stateFeePayment.update({
        where: { id: app.feePaymentId },
        data: {
          status: 'REFUNDED',
          refundedAt: new Date(a.at),
          refundReason: `application ${app.ticketNumber} annulled: ${a.reason}`,
        },
      });
    }
  });
}

/** Approved with the officer's EDS: the signature is kept with the application, which goes to central production. */
export async function sendIdCardToProduction(
  prisma: PrismaClient,
  a: { applicationId: string; actor: string; at: string; approval: ApprovalSignature },
): Promise<void> {
  await prisma.idCardApplication.updateMany({
    where: { id: a.applicationId, status: 'PENDING_REVIEW' },
    data: {
      status: 'IN_PRODUCTION',
      reviewedBy: a.actor,
      reviewedAt: new Date(a.at),
      approvalSha256: a.approval.sha256,
      approvalCertificateId: a.approval.certificateId,
      // A CMS approval's signature the API wrote before it sent the review (it stays out of the history).
      ...(a.approval.signature !== undefined ? { approvalSignature: a.approval.signature } : {}),
      approvalSignedAt: new Date(a.approval.signedAt),
      approvalTimestampAt: a.approval.timestamp ? new Date(a.approval.timestamp.time) : null,
      approvalTimestampTsa: a.approval.timestamp?.tsaName ?? null,
    },
  });
}

export async function markIdCardReady(
  prisma: PrismaClient,
  applicationId: string,
  produced: ProducedInput,
  at: string,
): Promise<void> {
  await prisma.idCardApplication.updateMany({
    where: { id: applicationId, status: 'IN_PRODUCTION' },
    data: { status: 'READY_FOR_PICKUP', producedAt: new Date(at), newDocumentNumber: produced.documentNumber },
  });
}

export async function remindIdCardPickup(prisma: PrismaClient, applicationId: string, reminder: number): Promise<void> {
  await prisma.idCardApplication.updateMany({
    where: { id: applicationId, pickupReminders: { lt: reminder } },
    data: { pickupReminders: reminder },
  });
}

/**
 * Not picked up after the reminders: the application closes as not collected and is escalated to
 * the migration service of its region (the card at its registration point is theirs to deal with).
 * Idempotent: only an application still waiting for pickup closes.
 */
export async function closeIdCardNotCollected(prisma: PrismaClient, applicationId: string, at: string): Promise<void> {
  await prisma.idCardApplication.updateMany({
    where: { id: applicationId, status: 'READY_FOR_PICKUP' },
    data: { status: 'NOT_COLLECTED', pickupEscalatedAt: new Date(at) },
  });
}

/**
 * Picked up by ticket: the migration service's event of a new identity document goes to the
 * register's feed in the same transaction (libs/register), so the register holds the new
 * document from then on (reconciliation category 2 no longer applies) and the next snapshot that
 * already has it supersedes the event. Its id is the application's: a retried pickup adds none.
 */
export async function recordIdCardPickup(
  prisma: PrismaClient,
  p: { applicationId: string; actor: string; at: string; document: ProducedInput },
): Promise<void> {
  const recorded = await prisma.$transaction(async (tx) => {
    const app = await tx.idCardApplication.findUniqueOrThrow({ where: { id: p.applicationId } });
    if (app.status === 'PICKED_UP') return null;
    await tx.idCardApplication.update({
      where: { id: app.id },
      data: { status: 'PICKED_UP', pickedUpAt: new Date(p.at), pickedUpBy: p.actor },
    });
    const [event] = await recordInTransaction(
      tx,
      [
        {
          source: 'MIGRATION_SERVICE',
          sourceEventId: `id-card:${app.id}`,
          kind: 'document',
          iin: app.iin,
          effectiveOn: localDateTimeOf(Date.parse(p.at)).date,
          data: { number: p.document.documentNumber, issuedOn: p.document.issuedOn, expiresOn: p.document.expiresOn },
        },
      ],
      'tizim:id-card-exchange',
    );
    return event!;
  });
  if (recorded && recorded.outcome !== 'conflict') await followUpRegisterEvent(prisma, recorded.id);
}

/** A new application row (the API's registration of the citizen's form), with its workflow id. */
export async function createIdCardApplication(
  prisma: Pick<PrismaClient, 'idCardApplication'>,
  a: {
    id: string;
    workflowId: string;
    iin: string;
    reason: string;
    regionCode: string;
    documentNumber: string | null;
    expiresOn: string;
    feePaymentId: string | null;
    submittedAt: Date;
  },
): Promise<void> {
  await prisma.idCardApplication.create({
    data: { ...a, expiresOn: new Date(a.expiresOn), status: 'PENDING_REVIEW' },
  });
}
