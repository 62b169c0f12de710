/**
 * The voting-day application's records (votingDayApplicationWorkflow). Every function is
 * idempotent: a retried activity finds its own earlier write and returns the same answer.
 * Personal data (the applicant's IIN, address, names) is read and written here only; what goes
 * back to the workflow is a summary without it.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma, PrismaClient } from './prisma';
import { matchBoundaries, type BoundaryRow } from '../matching/address';
import { findRegisterPerson } from './register/read';
import type {
  BoundarySummary,
  CallCentreInput,
  DecideInput,
  DecisionOutcome,
  EscalationReason,
  LookupSummary,
} from '../contracts/voting-day';
import { votingDayApplicationWorkflowId } from '../contracts/voting-day';
import {
  StateRegistrationUnavailableError,
  type RegisteredAddressRecord,
  type StateRegistrationService,
} from '../gateways/state-registration';

type Tx = Prisma.TransactionClient;

async function event(
  tx: Tx | PrismaClient,
  applicationId: string,
  at: Date,
  kind: string,
  actor: string | null,
  detail?: Prisma.InputJsonValue,
): Promise<void> {
  await tx.votingDayApplicationEvent.create({ data: { id: randomUUID(), applicationId, at, kind, actor, detail } });
}

function summaryOf(row: {
  lookupResult: string | null;
  lookupAttempts: number;
  registration: unknown;
  districtId: string;
}): LookupSummary {
  const registration = row.registration as RegisteredAddressRecord | null;
  return {
    result: (row.lookupResult ?? 'UNAVAILABLE') as LookupSummary['result'],
    attempts: row.lookupAttempts,
    barred: (registration?.barringFacts.length ?? 0) > 0,
    registerStationNumber: registration?.stationNumber ?? null,
    sameDistrict: registration?.districtId === row.districtId,
  };
}

/**
 * Asks the state registration service for the applicant's registered address and keeps what it
 * returned. When the service is down, counts the attempt, notes it for the member, and throws so
 * Temporal retries. An answer already kept is returned as is.
 */
export async function lookUpApplicant(
  prisma: PrismaClient,
  service: StateRegistrationService,
  applicationId: string,
  attempt: number,
): Promise<LookupSummary> {
  const app = await prisma.votingDayApplication.findUniqueOrThrow({ where: { id: applicationId } });
  if (app.lookupResult === 'FOUND' || app.lookupResult === 'NOT_FOUND') return summaryOf(app);
  let registration: RegisteredAddressRecord | null;
  try {
    registration = await service.findRegisteredAddress(app.applicantIin, app.registeredAt);
  } catch (err) {
    if (err instanceof StateRegistrationUnavailableError) {
      await prisma.votingDayApplication.update({
        where: { id: applicationId },
        data: {
          lookupAttempts: { increment: 1 },
          lookupError: `${err.message} (attempt ${attempt}); retrying`,
          version: { increment: 1 },
        },
      });
    }
    throw err;
  }
  const now = new Date();
  const result = registration ? 'FOUND' : 'NOT_FOUND';
  const updated = await prisma.$transaction(async (tx) => {
    const row = await tx.votingDayApplication.update({
      where: { id: applicationId },
      data: {
        lookupResult: result,
        lookupAttempts: { increment: 1 },
        lookupError: null,
        lookedUpAt: now,
        registration: (registration ?? undefined) as unknown as Prisma.InputJsonValue | undefined,
        // Without a registration there is nothing to match: the commission decides now.
        ...(registration ? {} : { status: 'AWAITING_DECISION' as const }),
        version: { increment: 1 },
      },
    });
    await event(tx, applicationId, now, 'registration-lookup', null, { result, attempts: row.lookupAttempts });
    // The register was read for this application: on the audit trail like any read of personal data.
    await tx.auditEvent.create({
      data: {
        actor: 'worker',
        action: 'state-registration.lookup',
        subjectType: 'voting-day-application',
        subjectId: applicationId,
        reason: `application No. ${app.number} at precinct No. ${app.stationNumber}`,
        outcome: result === 'FOUND' ? 'ok' : 'not-found',
      },
    });
    return row;
  });
  return summaryOf(updated);
}

/** After the last retry: the service did not answer. The commission may ask again or decide. */
export async function recordLookupUnavailable(prisma: PrismaClient, applicationId: string): Promise<LookupSummary> {
  const now = new Date();
  const row = await prisma.$transaction(async (tx) => {
    const current = await tx.votingDayApplication.findUniqueOrThrow({ where: { id: applicationId } });
    if (current.lookupResult === 'UNAVAILABLE' && current.status !== 'REGISTERED') return current;
    const row = await tx.votingDayApplication.update({
      where: { id: applicationId },
      data: {
        lookupResult: 'UNAVAILABLE',
        lookedUpAt: now,
        status: current.decidedAt ? current.status : 'AWAITING_DECISION',
        lookupError: 'The state registration service did not answer after every retry; ask again, or decide without it',
        version: { increment: 1 },
      },
    });
    await event(tx, applicationId, now, 'registration-lookup', null, {
      result: 'UNAVAILABLE',
      attempts: row.lookupAttempts,
    });
    return row;
  });
  return summaryOf(row);
}

/** A member asked for the lookup again (after UNAVAILABLE). */
export async function reopenLookup(prisma: PrismaClient, applicationId: string, actor: string): Promise<void> {
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    const updated = await tx.votingDayApplication.updateMany({
      where: { id: applicationId, lookupResult: 'UNAVAILABLE' },
      data: { lookupResult: null, status: 'REGISTERED', lookupError: null, version: { increment: 1 } },
    });
    if (updated.count) await event(tx, applicationId, now, 'registration-lookup-asked-again', actor);
  });
}

/**
 * Is the registered address inside this precinct's boundaries? Matched against the latest Appendix
 * 3 list of the district where the citizen is registered (another district's address is never
 * inside; its own list says which precinct holds it).
 */
export async function matchApplicantBoundaries(prisma: PrismaClient, applicationId: string): Promise<BoundarySummary> {
  const app = await prisma.votingDayApplication.findUniqueOrThrow({ where: { id: applicationId } });
  if (app.boundaryVerdict) return { verdict: app.boundaryVerdict, stationNumbers: app.boundaryStations };
  const registration = app.registration as unknown as RegisteredAddressRecord;
  const list = await prisma.voterSubmission.findFirst({
    where: { districtId: registration.districtId, boundaryRecords: { gt: 0 } },
    orderBy: { receivedAt: 'desc' },
    select: { id: true },
  });
  const rows: BoundaryRow[] = list
    ? await prisma.boundaryFileRecord.findMany({
        where: { submissionId: list.id },
        select: { row: true, stationNumber: true, locality: true, address: true, house: true },
      })
    : [];
  const sameDistrict = registration.districtId === app.districtId;
  const match = matchBoundaries(registration, rows, sameDistrict ? app.stationNumber : -1);
  const verdict = !sameDistrict ? 'OUTSIDE' : match.verdict;
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.votingDayApplication.update({
      where: { id: applicationId },
      data: {
        boundaryVerdict: verdict,
        boundaryStations: match.stationNumbers,
        boundaryRows: match.rows,
        boundarySubmissionId: list?.id ?? null,
        status: 'AWAITING_DECISION',
        version: { increment: 1 },
      },
    });
    await event(tx, applicationId, now, 'boundary-match', null, {
      verdict,
      stationNumbers: match.stationNumbers,
      rows: match.rows,
      boundaryList: list?.id ?? null,
    });
  });
  return { verdict, stationNumbers: match.stationNumbers };
}

export async function recordCallCentreAnswer(
  prisma: PrismaClient,
  c: CallCentreInput & { applicationId: string; at: string },
): Promise<void> {
  const at = new Date(c.at);
  await prisma.$transaction(async (tx) => {
    const current = await tx.votingDayApplication.findUniqueOrThrow({
      where: { id: c.applicationId },
      select: { callCentreAt: true },
    });
    if (current.callCentreAt?.getTime() === at.getTime()) return; // this very answer, already kept
    await tx.votingDayApplication.update({
      where: { id: c.applicationId },
      data: {
        callCentreStationNumber: c.stationNumber,
        callCentreNote: c.note,
        callCentreBy: c.actor,
        callCentreAt: at,
        version: { increment: 1 },
      },
    });
    await event(tx, c.applicationId, at, 'call-centre-answer', c.actor, { stationNumber: c.stationNumber });
  });
}

/**
 * The commission's decision. An inclusion adds the citizen to the precinct's supplementary list,
 * from the register's record; a citizen already included on this voting day (at any precinct)
 * cannot be included twice (refused, not retried). Open escalations close with the decision.
 */
export async function recordApplicationDecision(
  prisma: PrismaClient,
  d: DecideInput & { applicationId: string; at: string },
): Promise<DecisionOutcome> {
  const at = new Date(d.at);
  return prisma.$transaction(async (tx) => {
    const app = await tx.votingDayApplication.findUniqueOrThrow({ where: { id: d.applicationId } });
    if (app.decidedAt)
      return { decision: app.status === 'INCLUDED' ? 'INCLUDE' : 'REJECT', decidedAt: app.decidedAt.toISOString() };
    if (d.decision === 'INCLUDE') {
      const elsewhere = await tx.supplementaryListEntry.findUnique({
        where: { votingDayId_iin: { votingDayId: app.votingDayId, iin: app.applicantIin } },
      });
      if (elsewhere) {
        const station = await tx.pollingStation.findUnique({
          where: { id: elsewhere.stationId },
          select: { number: true },
        });
        throw ApplicationFailure.nonRetryable(
          `This citizen was already included today in the supplementary list of precinct No. ${station?.number ?? '?'}`,
          'AlreadyIncluded',
        );
      }
      const voter = await findRegisterPerson(tx, app.applicantIin);
      if (!voter)
        throw ApplicationFailure.nonRetryable(
          'The register no longer holds this citizen: the application cannot be included',
          'NotInRegister',
        );
      await tx.supplementaryListEntry.create({
        data: {
          applicationId: app.id,
          votingDayId: app.votingDayId,
          stationId: app.stationId,
          iin: voter.iin,
          surname: voter.surname,
          firstName: voter.firstName,
          patronymic: voter.patronymic,
          birthDate: voter.birthDate,
          addedBy: d.actor,
          addedAt: at,
        },
      });
    }
    await tx.votingDayApplication.update({
      where: { id: app.id },
      data: {
        status: d.decision === 'INCLUDE' ? 'INCLUDED' : 'REJECTED',
        decidedBy: d.actor,
        decidedAt: at,
        rejectionReason: d.decision === 'REJECT' ? d.reason.trim() : null,
        correctStationNumber: d.decision === 'REJECT' ? d.correctStationNumber : null,
        version: { increment: 1 },
      },
    });
    await tx.votingDayEscalation.updateMany({
      where: { applicationId: app.id, closedAt: null },
      data: { closedAt: at },
    });
    await event(
      tx,
      app.id,
      at,
      d.decision === 'INCLUDE' ? 'included' : 'rejected',
      d.actor,
      d.decision === 'REJECT' ? { correctStationNumber: d.correctStationNumber } : undefined,
    );
    return { decision: d.decision, decidedAt: at.toISOString() };
  });
}

/** The territorial commission takes over an undecided application (once per reason). */
export async function escalateApplication(
  prisma: PrismaClient,
  e: { applicationId: string; reason: EscalationReason; at: string },
): Promise<void> {
  const at = new Date(e.at);
  await prisma.$transaction(async (tx) => {
    const app = await tx.votingDayApplication.findUniqueOrThrow({ where: { id: e.applicationId } });
    const created = await tx.votingDayEscalation.createMany({
      data: [
        {
          id: randomUUID(),
          applicationId: app.id,
          votingDayId: app.votingDayId,
          regionCode: app.regionCode,
          districtId: app.districtId,
          stationNumber: app.stationNumber,
          reason: e.reason,
          raisedAt: at,
        },
      ],
      skipDuplicates: true,
    });
    if (created.count) await event(tx, app.id, at, 'escalated', null, { reason: e.reason, to: 'DISTRICT_COMMISSION' });
  });
}

export interface NewApplication {
  votingDayId: string;
  station: { id: string; number: number; regionCode: string; districtId: string };
  applicantIin: string;
  registeredBy: string;
  registeredAt: Date;
}

/**
 * Registers a written application: the precinct's next number of the day (two members registering
 * at once both get a number: the loser of the race takes the next one), and its first event.
 */
export async function createApplicationRow(
  prisma: PrismaClient,
  a: NewApplication,
): Promise<{ id: string; number: number; workflowId: string }> {
  for (let attempt = 0; ; attempt += 1) {
    const id = randomUUID();
    const workflowId = votingDayApplicationWorkflowId(id);
    try {
      return await prisma.$transaction(async (tx) => {
        const last = await tx.votingDayApplication.aggregate({
          where: { votingDayId: a.votingDayId, stationId: a.station.id },
          _max: { number: true },
        });
        const number = (last._max.number ?? 0) + 1;
        await tx.votingDayApplication.create({
          data: {
            id,
            votingDayId: a.votingDayId,
            number,
            stationId: a.station.id,
            stationNumber: a.station.number,
            regionCode: a.station.regionCode,
            districtId: a.station.districtId,
            applicantIin: a.applicantIin,
            workflowId,
            registeredBy: a.registeredBy,
            registeredAt: a.registeredAt,
          },
        });
        await event(tx, id, a.registeredAt, 'registered', a.registeredBy, { number });
        return { id, number, workflowId };
      });
    } catch (err) {
      if ((err as { code?: string }).code !== 'P2002' || attempt >= 5) throw err;
    }
  }
}

/** The decision's message to the applicant's e-gov cabinet is queued: recorded once, at the first queueing. */
export async function markNotificationQueued(prisma: PrismaClient, applicationId: string, at: Date): Promise<void> {
  await prisma.votingDayApplication.updateMany({
    where: { id: applicationId, notificationQueuedAt: null },
    data: { notificationQueuedAt: at },
  });
}
