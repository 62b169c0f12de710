import { randomUUID } from 'node:crypto';
import { Injectable, HttpStatus } from '@nestjs/common';
import { createApplicationRow } from '../../../../libs/db/voting-day';
import { recordWorkflowRequest, type WorkflowRequestAction } from '../../../../libs/db/workflow-requests';
import type { RegisteredAddressRecord } from '../../../../libs/gateways/state-registration';
import type { Prisma, VotingDayApplicationModel } from '../../../../libs/db/prisma';
import { iinProblem, IIN_PROBLEM_TEXT } from '../../../../libs/iin/iin';
import { lookupWords, rejectionCopyPdf } from '../../../../libs/voting-day/rejection-pdf';
import {
  callCentreUpdate,
  decideUpdate,
  inclusionRefusal,
  inclusionRefusalCode,
  recordedPayload,
  retryLookupUpdate,
  VOTING_DAY_APPLICATION_WORKFLOW,
  type ApplicationState,
  type DecideInput,
  type RecordedRequest,
  type VotingDayApplicationInput,
} from '../../../../libs/contracts/voting-day';
import { AuditService } from '../audit/audit.service';
import { AccessService, narrowed, type Actor } from '../core/access';
import { AppConfig } from '../core/app-config';
import { Problem } from '../core/problem';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import type { UpdateDefinition } from '@temporalio/common';
import { updateWorkflow, WorkflowOutcomeUnknownException } from '../core/workflow-messages';
import { startRowWorkflow } from '../core/workflow-starts';
import {
  ApplicationsQueryDto,
  ApplicationView,
  CallCentreDto,
  DecisionDto,
  PersonalDataView,
  ReasonQuery,
  RegisterApplicationDto,
  RejectionPdfQuery,
} from './voting-day.dto';
import { findRegisterPerson } from '../../../../libs/db/register/read';
import { IncidentsService } from './incidents.service';
import { VotingDaysService } from './voting-days.service';

type ApplicationRow = VotingDayApplicationModel & { escalations: { reason: string }[] };

/** The workflow's view of an application, rebuilt from its record (for the refusal shown in advance). */
function stateOf(row: ApplicationRow): ApplicationState {
  const registration = row.registration as unknown as RegisteredAddressRecord | null;
  return {
    stage: row.status === 'REGISTERED' ? 'looking-up' : row.decidedAt ? 'done' : 'awaiting-decision',
    lookup: row.lookupResult
      ? {
          result: row.lookupResult,
          attempts: row.lookupAttempts,
          barred: (registration?.barringFacts.length ?? 0) > 0,
          registerStationNumber: registration?.stationNumber ?? null,
          sameDistrict: registration?.districtId === row.districtId,
        }
      : null,
    boundary: row.boundaryVerdict ? { verdict: row.boundaryVerdict, stationNumbers: row.boundaryStations } : null,
    callCentreStationNumber: row.callCentreStationNumber,
    decision: row.status === 'INCLUDED' ? 'INCLUDE' : row.status === 'REJECTED' ? 'REJECT' : null,
    escalations: row.escalations.map((e) => e.reason as 'OPEN_TOO_LONG'),
  };
}

function applicationView(row: ApplicationRow): ApplicationView {
  const refusalCode = row.decidedAt
    ? 'decided'
    : row.status === 'REGISTERED'
      ? 'lookup-running'
      : inclusionRefusalCode(stateOf(row), row.stationNumber);
  const refusal = row.decidedAt
    ? 'This application has already been decided'
    : row.status === 'REGISTERED'
      ? 'The registration lookup is still running: wait for its answer'
      : inclusionRefusal(stateOf(row), row.stationNumber);
  return {
    id: row.id,
    number: row.number,
    votingDayId: row.votingDayId,
    stationId: row.stationId,
    stationNumber: row.stationNumber,
    regionCode: row.regionCode,
    districtId: row.districtId,
    status: row.status,
    workflowId: row.workflowId,
    registeredAt: row.registeredAt,
    lookupResult: row.lookupResult,
    lookupAttempts: row.lookupAttempts,
    lookupError: row.lookupError,
    lookupErrorCode: row.lookupResult === 'UNAVAILABLE' ? 'gave-up' : row.lookupError ? 'retrying' : null,
    boundaryVerdict: row.boundaryVerdict,
    boundaryStations: row.boundaryStations,
    callCentreStationNumber: row.callCentreStationNumber,
    decidedAt: row.decidedAt,
    rejectionReason: row.rejectionReason,
    correctStationNumber: row.correctStationNumber,
    notifiedAt: row.notifiedAt,
    escalations: row.escalations.map((e) => e.reason),
    canInclude: refusal === null,
    inclusionRefusal: refusal,
    inclusionRefusalCode: refusalCode,
  };
}

/**
 * The precinct members' written applications: registration (and its workflow), reads of personal
 * data under audit, the call centre's answer, the decision, the rejection copy, the supplementary list.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly db: Database,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly config: AppConfig,
    private readonly votingDays: VotingDaysService,
    private readonly incidents: IncidentsService,
  ) {}

  async register(dto: RegisterApplicationDto, actor: Actor, requestId?: string): Promise<ApplicationView> {
    const problem = iinProblem(dto.iin);
    if (problem)
      throw new Problem(HttpStatus.BAD_REQUEST, 'voting-day.iin-invalid', {}, 'The IIN is not valid', [
        { field: 'iin', message: IIN_PROBLEM_TEXT[problem] },
      ]);
    const day = await this.votingDays.memberMayAct();
    const station = await this.db.client.pollingStation.findUniqueOrThrow({
      where: { id: actor.stationId! },
      select: { id: true, number: true, regionCode: true, districtId: true },
    });
    const open = await this.db.client.votingDayApplication.findFirst({
      where: { votingDayId: day.id, applicantIin: dto.iin, status: { in: ['REGISTERED', 'AWAITING_DECISION'] } },
      select: {
        id: true,
        number: true,
        stationId: true,
        stationNumber: true,
        status: true,
        workflowId: true,
        registeredAt: true,
      },
    });
    if (open) {
      // The same registration again at the same precinct, its workflow perhaps never started (the
      // first answer was 503): start it now and answer as the first request would have.
      if (
        open.stationId === station.id &&
        open.status === 'REGISTERED' &&
        (await this.startApplication(day, open)).started
      ) {
        await this.incidents.watchLookups(actor);
        return this.view(open.id);
      }
      throw new Problem(
        HttpStatus.CONFLICT,
        'voting-day.application-open',
        { number: open.number, stationNumber: open.stationNumber },
        `This citizen already has an open application today: No. ${open.number} at precinct No. ${open.stationNumber}; decide it first`,
      );
    }

    const registeredAt = new Date();
    const app = await createApplicationRow(this.db.client, {
      votingDayId: day.id,
      station,
      applicantIin: dto.iin,
      registeredBy: actor.id,
      registeredAt,
    });
    await this.audit.record({
      actor: actor.id,
      action: 'voting-day.application.register',
      subjectType: 'voting-day-application',
      subjectId: app.id,
      reason: `written application No. ${app.number} at precinct No. ${station.number}`,
      requestId,
    });
    // The row stays whatever happens to the start: deleting it could orphan a workflow that did start.
    await this.startApplication(day, { ...app, stationNumber: station.number, registeredAt });
    await this.incidents.watchLookups(actor);
    return this.view(app.id);
  }

  /** Starts an application's workflow; a no-op when it has started already (the same registration again). */
  private startApplication(
    day: { closesAt: Date },
    a: { id: string; number: number; stationNumber: number; workflowId: string; registeredAt: Date },
  ): Promise<{ started: boolean }> {
    const input: VotingDayApplicationInput = {
      applicationId: a.id,
      stationNumber: a.stationNumber,
      registeredAt: a.registeredAt.toISOString(),
      closesAt: day.closesAt.toISOString(),
      escalateAfterMinutes: this.config.value.votingDay.escalateAfterMinutes,
    };
    return startRowWorkflow(
      this.temporal.client,
      VOTING_DAY_APPLICATION_WORKFLOW,
      { workflowId: a.workflowId, taskQueue: this.config.value.temporal.taskQueue, args: [input] },
      {
        subject: `application No. ${a.number} at precinct No. ${a.stationNumber}`,
        readAt: `/v1/voting-day/applications/${a.id}`,
        again: "register the same citizen again at this precinct: that starts this application's workflow",
      },
    );
  }

  private async row(id: string): Promise<ApplicationRow> {
    const row = await this.db.client.votingDayApplication.findUnique({
      where: { id },
      include: { escalations: { select: { reason: true }, orderBy: { raisedAt: 'asc' } } },
    });
    if (!row)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'voting-day.application-not-found',
        { applicationId: id },
        `No voting-day application has the id ${id}`,
      );
    return row;
  }

  private async view(id: string): Promise<ApplicationView> {
    return applicationView(await this.row(id));
  }

  /** The application, if the actor's territory holds it (403, audited, otherwise). */
  private async readable(id: string, actor: Actor, requestId?: string): Promise<ApplicationRow> {
    const row = await this.row(id);
    await this.access.ensure(
      actor,
      { regionCode: row.regionCode, districtId: row.districtId, stationId: row.stationId },
      { type: 'voting-day-application', id },
      requestId,
    );
    return row;
  }

  async read(id: string, actor: Actor, requestId?: string): Promise<ApplicationView> {
    return applicationView(await this.readable(id, actor, requestId));
  }

  async list(q: ApplicationsQueryDto, actor: Actor): Promise<ApplicationView[]> {
    const scope = this.access.scope(actor);
    const filter = narrowed({ regionCode: q.regionCode, districtId: q.districtId }, scope);
    if (!filter) return [];
    if (scope.stationId && q.stationId && q.stationId !== scope.stationId) return [];
    const votingDayId =
      q.votingDayId ??
      (await this.votingDays.openVotingDay())?.id ??
      (await this.db.client.votingDay.findFirst({ orderBy: { date: 'desc' }, select: { id: true } }))?.id;
    if (!votingDayId) return [];
    const where: Prisma.VotingDayApplicationWhereInput = {
      votingDayId,
      status: q.status,
      regionCode: filter.regionCode,
      districtId: filter.districtId,
      stationId: scope.stationId ?? q.stationId,
    };
    const rows = await this.db.client.votingDayApplication.findMany({
      where,
      orderBy: { registeredAt: 'desc' },
      take: q.limit ?? 100,
      include: { escalations: { select: { reason: true }, orderBy: { raisedAt: 'asc' } } },
    });
    return rows.map(applicationView);
  }

  /**
   * The applicant's personal data as the lookup returned it. A precinct member reads it only for an
   * open application of their precinct while voting is under way (the application is the why);
   * others give their reason.
   */
  async personalData(id: string, q: ReasonQuery, actor: Actor, requestId?: string): Promise<PersonalDataView> {
    const row = await this.readable(id, actor, requestId);
    let reason = q.reason;
    if (actor.role === 'PRECINCT_MEMBER') {
      await this.votingDays.memberMayAct();
      if (row.decidedAt) {
        await this.audit.record({
          actor: actor.id,
          action: 'voting-day.application.personal-data.read',
          subjectType: 'voting-day-application',
          subjectId: id,
          requestId,
          outcome: 'refused',
        });
        throw new Problem(
          HttpStatus.FORBIDDEN,
          'voting-day.application-decided',
          { number: row.number },
          "This application has been decided: precinct members see an applicant's personal data only while their application is open",
        );
      }
      reason ??= `deciding application No. ${row.number} at precinct No. ${row.stationNumber}`;
    } else if (!reason) {
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'voting-day.reason-required',
        { what: 'personal-data' },
        "Say why you read this applicant's personal data",
        [{ field: 'reason', message: 'reason is required (3 to 300 characters); it is kept in the audit trail' }],
      );
    }
    await this.audit.record({
      actor: actor.id,
      action: 'voting-day.application.personal-data.read',
      subjectType: 'voting-day-application',
      subjectId: id,
      reason,
      requestId,
    });
    await this.incidents.watchLookups(actor);
    const person = await findRegisterPerson(this.db.client, row.applicantIin);
    return {
      iin: row.applicantIin,
      registration: row.registration ?? null,
      person:
        person && row.lookupResult === 'FOUND'
          ? {
              surname: person.surname,
              firstName: person.firstName,
              patronymic: person.patronymic,
              birthDate: person.birthDate.toISOString().slice(0, 10),
            }
          : null,
    };
  }

  async history(id: string, actor: Actor, requestId?: string) {
    await this.readable(id, actor, requestId);
    const events = await this.db.client.votingDayApplicationEvent.findMany({
      where: { applicationId: id },
      orderBy: { at: 'asc' },
    });
    return events.map((e) => ({ at: e.at, kind: e.kind, actor: e.actor, detail: e.detail }));
  }

  /**
   * Checks that the actor may act on this application now: the member of its precinct while voting
   * is under way, or its district commission once it has escalated.
   */
  private async actable(id: string, actor: Actor, requestId?: string): Promise<ApplicationRow> {
    const row = await this.readable(id, actor, requestId);
    if (actor.role === 'PRECINCT_MEMBER') {
      await this.votingDays.memberMayAct();
      if (row.votingDayId !== (await this.votingDays.openVotingDay())?.id)
        throw new Problem(
          HttpStatus.FORBIDDEN,
          'voting-day.other-day',
          { number: row.number },
          'This application belongs to another voting day',
        );
    } else if (actor.role === 'DISTRICT_COMMISSION') {
      if (row.escalations.length === 0)
        throw new Problem(
          HttpStatus.FORBIDDEN,
          'voting-day.not-escalated',
          { number: row.number },
          'The territorial commission takes over an application once it has escalated (open too long, or open at the close of voting); this one has not',
        );
    } else {
      throw new Problem(
        HttpStatus.FORBIDDEN,
        'voting-day.not-deciding-role',
        { role: actor.role },
        "Only the precinct's members, or the territorial commission once the application has escalated, decide it",
      );
    }
    return row;
  }

  /**
   * Sends an official's Update, recorded first: the workflow takes the actor from the record
   * (workflow_request), never from the Update (issue 24).
   */
  private async update<R, A extends { actor: string } & RecordedRequest>(
    row: ApplicationRow,
    update: UpdateDefinition<R, [A]>,
    arg: A,
    actor: Actor,
    requestId?: string,
  ): Promise<R> {
    const messageId = requestId ?? randomUUID();
    await recordWorkflowRequest(
      this.db.client,
      {
        action: `voting-day.${update.name}` as WorkflowRequestAction,
        requestId: messageId,
        subjectId: row.id,
        workflowId: row.workflowId,
      },
      { id: actor.id, role: actor.role, regionCode: actor.regionCode, districtId: actor.districtId },
      recordedPayload(arg),
    );
    arg = { ...arg, requestId: messageId };
    const target = {
      workflowId: row.workflowId,
      subject: `application No. ${row.number} at precinct No. ${row.stationNumber}`,
      readAt: `/v1/voting-day/applications/${row.id}`,
    };
    return updateWorkflow(this.temporal.client, target, update, arg);
  }

  async callCentre(id: string, dto: CallCentreDto, actor: Actor, requestId?: string): Promise<ApplicationView> {
    const row = await this.actable(id, actor, requestId);
    await this.update(
      row,
      callCentreUpdate,
      { actor: actor.id, stationNumber: dto.stationNumber, note: dto.note ?? null },
      actor,
      requestId,
    );
    await this.audit.record({
      actor: actor.id,
      action: 'voting-day.application.call-centre',
      subjectType: 'voting-day-application',
      subjectId: id,
      requestId,
    });
    return this.view(id);
  }

  async decide(id: string, dto: DecisionDto, actor: Actor, requestId?: string): Promise<ApplicationView> {
    const row = await this.actable(id, actor, requestId);
    const arg: DecideInput =
      dto.decision === 'INCLUDE'
        ? { actor: actor.id, decision: 'INCLUDE' }
        : {
            actor: actor.id,
            decision: 'REJECT',
            reason: dto.reason!,
            correctStationNumber: dto.correctStationNumber ?? null,
          };
    try {
      await this.update(row, decideUpdate, arg, actor, requestId);
    } catch (err) {
      // Sent with no answer in time, the decision may have been made: it is not audited as refused
      // (if it was made, the workflow's activity recorded it with its actor in the application's events).
      if (!(err instanceof WorkflowOutcomeUnknownException))
        await this.audit.record({
          actor: actor.id,
          action: `voting-day.application.${dto.decision.toLowerCase()}`,
          subjectType: 'voting-day-application',
          subjectId: id,
          requestId,
          outcome: 'refused',
        });
      throw err;
    }
    await this.audit.record({
      actor: actor.id,
      action: `voting-day.application.${dto.decision.toLowerCase()}`,
      subjectType: 'voting-day-application',
      subjectId: id,
      requestId,
    });
    return this.view(id);
  }

  async retryLookup(id: string, actor: Actor, requestId?: string): Promise<ApplicationView> {
    const row = await this.actable(id, actor, requestId);
    await this.update(row, retryLookupUpdate, { actor: actor.id }, actor, requestId);
    await this.audit.record({
      actor: actor.id,
      action: 'voting-day.application.retry-lookup',
      subjectType: 'voting-day-application',
      subjectId: id,
      requestId,
    });
    return this.view(id);
  }

  /** The applicant's copy of a reasoned rejection (the member prints it while voting is under way). */
  async rejectionCopy(
    id: string,
    q: RejectionPdfQuery,
    actor: Actor,
    requestId?: string,
  ): Promise<{ bytes: Buffer; fileName: string }> {
    const row = await this.readable(id, actor, requestId);
    if (row.status !== 'REJECTED')
      throw new Problem(
        HttpStatus.CONFLICT,
        'voting-day.not-rejected',
        { number: row.number, status: row.status },
        'Only a rejected application has a rejection copy',
      );
    let reason = q.reason;
    if (actor.role === 'PRECINCT_MEMBER') {
      await this.votingDays.memberMayAct();
      reason ??= `copy of the decision for the applicant of application No. ${row.number}`;
    } else if (!reason) {
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'voting-day.reason-required',
        { what: 'decision' },
        'Say why you read this decision',
        [{ field: 'reason', message: 'reason is required (3 to 300 characters)' }],
      );
    }
    await this.audit.record({
      actor: actor.id,
      action: 'voting-day.rejection-copy.read',
      subjectType: 'voting-day-application',
      subjectId: id,
      reason,
      requestId,
    });
    await this.incidents.watchLookups(actor);
    const [day, station, person, decider] = await Promise.all([
      this.db.client.votingDay.findUniqueOrThrow({ where: { id: row.votingDayId } }),
      this.db.client.pollingStation.findUniqueOrThrow({
        where: { id: row.stationId },
        include: { region: true, district: true },
      }),
      row.lookupResult === 'FOUND' ? findRegisterPerson(this.db.client, row.applicantIin) : null,
      this.db.client.user
        .findUnique({ where: { id: row.decidedBy ?? '' }, select: { fullName: true } })
        .catch(() => null),
    ]);
    const kk = q.lang === 'kk';
    const bytes = await rejectionCopyPdf(
      {
        votingDayName: `${day.name}, ${day.date.toISOString().slice(0, 10)}`,
        regionName: kk ? station.region.nameKk : station.region.nameRu,
        districtName: kk ? station.district.nameKk : station.district.nameRu,
        stationNumber: row.stationNumber,
        applicationNumber: row.number,
        registeredAt: row.registeredAt,
        decidedAt: row.decidedAt!,
        applicant: person
          ? {
              surname: person.surname,
              firstName: person.firstName,
              patronymic: person.patronymic,
              iin: row.applicantIin,
            }
          : null,
        // In the copy's language only: the Russian copy holds no Kazakh phrase, nor the other way round.
        lookup: lookupWords(row.lookupResult, kk ? 'kk' : 'ru'),
        reason: row.rejectionReason!,
        correctStationNumber: row.correctStationNumber,
        callCentreStationNumber: row.callCentreStationNumber,
        decidedByName: decider?.fullName ?? row.decidedBy ?? '',
      },
      kk ? 'kk' : 'ru',
      row.decidedAt!,
    );
    return { bytes, fileName: `rejection-${row.stationNumber}-${row.number}-${kk ? 'kk' : 'ru'}.pdf` };
  }

  async supplementaryList(
    stationId: string,
    q: ReasonQuery & { votingDayId?: string },
    actor: Actor,
    requestId?: string,
  ) {
    const station = await this.db.client.pollingStation.findUnique({
      where: { id: stationId },
      select: { id: true, number: true, regionCode: true, districtId: true },
    });
    if (!station)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'voting-day.station-not-found',
        { stationId },
        `No polling station has the id ${stationId}`,
      );
    await this.access.ensure(
      actor,
      { regionCode: station.regionCode, districtId: station.districtId, stationId: station.id },
      { type: 'polling-station', id: stationId },
      requestId,
    );
    const votingDayId =
      q.votingDayId ??
      (await this.votingDays.openVotingDay())?.id ??
      (await this.db.client.votingDay.findFirst({ orderBy: { date: 'desc' }, select: { id: true } }))?.id;
    if (!votingDayId) return [];
    const reason =
      q.reason ??
      (actor.role === 'PRECINCT_MEMBER' ? `the supplementary list of precinct No. ${station.number}` : undefined);
    if (!reason)
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'voting-day.reason-required',
        { what: 'supplementary-list' },
        'Say why you read the supplementary list',
        [{ field: 'reason', message: 'reason is required (3 to 300 characters)' }],
      );
    await this.audit.record({
      actor: actor.id,
      action: 'voting-day.supplementary-list.read',
      subjectType: 'polling-station',
      subjectId: stationId,
      reason,
      requestId,
    });
    await this.incidents.watchLookups(actor);
    const rows = await this.db.client.supplementaryListEntry.findMany({
      where: { votingDayId, stationId },
      orderBy: { addedAt: 'asc' },
    });
    return rows.map((r, i) => ({
      position: i + 1,
      applicationId: r.applicationId,
      iin: r.iin,
      surname: r.surname,
      firstName: r.firstName,
      patronymic: r.patronymic,
      birthDate: r.birthDate.toISOString().slice(0, 10),
      addedAt: r.addedAt,
    }));
  }
}
