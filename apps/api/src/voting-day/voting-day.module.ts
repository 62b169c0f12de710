/**
 * Voting day (DOMAIN §3): the referendum days, the precinct members' applications and their
 * decisions, the territorial commission's escalations, the supplementary lists, the security
 * incidents for the personal-data authority, and the e-gov deliveries.
 *
 * Who may act:
 *  - a precinct member, for their own precinct, only while voting is under way (opensAt to closesAt);
 *    they see an applicant's personal data only through an open application of their precinct;
 *  - the district (territorial) commission, for its district, once an application has escalated
 *    (open too long, or still open at the close of voting): it decides it, during or after voting;
 *  - regional commissions, CEC coordinators and admins read, within their territory.
 * Every read of personal data is audited with who, when, what and why; an official's many reads
 * in a short time raise a security-incident record.
 */
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Injectable,
  Module,
  NotFoundException,
  type OnModuleDestroy,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  ServiceUnavailableException,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { createApplicationRow } from '../../../../libs/db/voting-day';
import {
  createDeadLetterQueue,
  createNotificationQueue,
  redriveDeadLetter,
} from '../../../../libs/queues/egov-notifications';
import type { RegisteredAddressRecord } from '../../../../libs/gateways/state-registration';
import { instantAt, localDateTimeOf, toEpochMs } from '../../../../libs/calendar';
import type { Prisma, VotingDayApplicationModel } from '../../../../libs/db/prisma';
import { iinProblem, IIN_PROBLEM_TEXT } from '../../../../libs/iin/iin';
import type { EgovNotificationJob } from '../../../../libs/queues/queues';
import { rejectionCopyPdf } from '../../../../libs/voting-day/rejection-pdf';
import {
  callCentreUpdate,
  decideUpdate,
  inclusionRefusal,
  retryLookupUpdate,
  VOTING_DAY_APPLICATION_WORKFLOW,
  type ApplicationState,
  type DecideInput,
  type VotingDayApplicationInput,
} from '../../../../libs/contracts/voting-day';
import { AuditService } from '../audit/audit.service';
import { AccessService, Allow, narrowed, type Actor } from '../core/access';
import { AppConfig } from '../core/app-config';
import type { AuthenticatedRequest } from '../core/auth';
import { Database, RedisGateway, TemporalGateway } from '../core/infrastructure.module';
import type { UpdateDefinition } from '@temporalio/common';
import { updateWorkflow } from '../core/workflow-updates';
import {
  ApplicationsQueryDto,
  ApplicationView,
  CallCentreDto,
  CreateVotingDayDto,
  DecisionDto,
  PersonalDataView,
  ReasonQuery,
  RegisterApplicationDto,
  RejectionPdfQuery,
  VotingDayView,
} from './voting-day.dto';
import { findRegisterPerson } from '../../../../libs/db/register/read';

/** Audit actions that read an applicant's personal data: counted for the security-incident alarm. */
const PERSONAL_DATA_ACTIONS = [
  'voting-day.application.register',
  'voting-day.application.personal-data.read',
  'voting-day.rejection-copy.read',
  'voting-day.supplementary-list.read',
];

const READERS = ['ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'PRECINCT_MEMBER'] as const;

const LOOKUP_WORDS: Record<string, string> = {
  FOUND: 'постоянная регистрация найдена / тұрақты тіркеу табылды',
  NOT_FOUND: 'постоянная регистрация не найдена / тұрақты тіркеу табылмады',
  UNAVAILABLE: 'сервис регистрации не ответил / тіркеу қызметі жауап бермеді',
};

type VotingDayRow = { id: string; date: Date; name: string; opensAt: Date; closesAt: Date };

function votingDayView(d: VotingDayRow, now = Date.now()): VotingDayView {
  return {
    id: d.id,
    date: d.date.toISOString().slice(0, 10),
    name: d.name,
    opensAt: d.opensAt,
    closesAt: d.closesAt,
    open: d.opensAt.getTime() <= now && now < d.closesAt.getTime(),
  };
}

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
  };
}

@Injectable()
export class VotingDayService implements OnModuleDestroy {
  private notificationQueue?: Queue<EgovNotificationJob>;
  private deadLetters?: Queue<EgovNotificationJob>;

  constructor(
    private readonly db: Database,
    private readonly temporal: TemporalGateway,
    private readonly redis: RedisGateway,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly config: AppConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.notificationQueue?.close();
    await this.deadLetters?.close();
  }

  // ---- Voting days

  async createVotingDay(dto: CreateVotingDayDto, actor: Actor, requestId?: string): Promise<VotingDayView> {
    const opensAt = dto.opensAt ? toEpochMs(dto.opensAt, 'opensAt') : instantAt(dto.date, 7 * 60);
    const closesAt = dto.closesAt ? toEpochMs(dto.closesAt, 'closesAt') : instantAt(dto.date, 20 * 60);
    if (closesAt <= opensAt)
      throw new BadRequestException({
        message: 'Voting must close after it opens',
        errors: [{ field: 'closesAt', message: 'closesAt must be after opensAt' }],
      });
    if (closesAt - opensAt > 24 * 3_600_000)
      throw new BadRequestException({
        message: 'A voting day lasts at most 24 hours',
        errors: [{ field: 'closesAt', message: 'closesAt must be within 24 hours of opensAt' }],
      });
    if (localDateTimeOf(opensAt).date !== dto.date) {
      throw new BadRequestException({
        message: 'Voting must open on the voting day',
        errors: [
          {
            field: 'opensAt',
            message: `opensAt falls on ${localDateTimeOf(opensAt).date} in Asia/Almaty, not ${dto.date}`,
          },
        ],
      });
    }
    const id = randomUUID();
    try {
      const row = await this.db.client.votingDay.create({
        data: {
          id,
          date: new Date(dto.date),
          name: dto.name,
          opensAt: new Date(opensAt),
          closesAt: new Date(closesAt),
          createdBy: actor.id,
          createdAt: new Date(),
        },
      });
      await this.audit.record({
        actor: actor.id,
        action: 'voting-day.create',
        subjectType: 'voting-day',
        subjectId: id,
        requestId,
      });
      return votingDayView(row);
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002')
        throw new ConflictException(`A voting day on ${dto.date} already exists`);
      throw err;
    }
  }

  async votingDays(): Promise<VotingDayView[]> {
    const rows = await this.db.client.votingDay.findMany({ orderBy: { date: 'desc' }, take: 50 });
    return rows.map((r) => votingDayView(r));
  }

  /** The voting day under way now, or null. */
  private async openVotingDay(now = new Date()): Promise<VotingDayRow | null> {
    return this.db.client.votingDay.findFirst({ where: { opensAt: { lte: now }, closesAt: { gt: now } } });
  }

  private async memberMayAct(): Promise<VotingDayRow> {
    const day = await this.openVotingDay();
    if (!day)
      throw new ForbiddenException(
        'Precinct members act only while voting is under way on a voting day; no voting is under way now',
      );
    return day;
  }

  // ---- Applications

  async register(dto: RegisterApplicationDto, req: AuthenticatedRequest): Promise<ApplicationView> {
    const actor = req.actor!;
    const problem = iinProblem(dto.iin);
    if (problem)
      throw new BadRequestException({
        message: 'The IIN is not valid',
        errors: [{ field: 'iin', message: IIN_PROBLEM_TEXT[problem] }],
      });
    const day = await this.memberMayAct();
    const station = await this.db.client.pollingStation.findUniqueOrThrow({
      where: { id: actor.stationId! },
      select: { id: true, number: true, regionCode: true, districtId: true },
    });
    const open = await this.db.client.votingDayApplication.findFirst({
      where: { votingDayId: day.id, applicantIin: dto.iin, status: { in: ['REGISTERED', 'AWAITING_DECISION'] } },
      select: { number: true, stationNumber: true },
    });
    if (open)
      throw new ConflictException(
        `This citizen already has an open application today: No. ${open.number} at precinct No. ${open.stationNumber}; decide it first`,
      );

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
      requestId: req.id,
    });
    const input: VotingDayApplicationInput = {
      applicationId: app.id,
      stationNumber: station.number,
      registeredAt: registeredAt.toISOString(),
      closesAt: day.closesAt.toISOString(),
      escalateAfterMinutes: this.config.value.votingDay.escalateAfterMinutes,
    };
    try {
      await this.temporal.client.workflow.start(VOTING_DAY_APPLICATION_WORKFLOW, {
        workflowId: app.workflowId,
        taskQueue: this.config.value.temporal.taskQueue,
        args: [input],
      });
    } catch (err) {
      // Nothing half-written: without its workflow the application would never be decided.
      await this.db.client.votingDayApplication.delete({ where: { id: app.id } });
      throw new ServiceUnavailableException(
        `The workflow service did not accept the application; nothing was recorded, register it again (${(err as Error).name})`,
      );
    }
    await this.watchLookups(actor);
    return this.view(app.id);
  }

  private async row(id: string): Promise<ApplicationRow> {
    const row = await this.db.client.votingDayApplication.findUnique({
      where: { id },
      include: { escalations: { select: { reason: true }, orderBy: { raisedAt: 'asc' } } },
    });
    if (!row) throw new NotFoundException(`No voting-day application has the id ${id}`);
    return row;
  }

  private async view(id: string): Promise<ApplicationView> {
    return applicationView(await this.row(id));
  }

  /** The application, if the actor's territory holds it (403, audited, otherwise). */
  private async readable(id: string, req: AuthenticatedRequest): Promise<ApplicationRow> {
    const row = await this.row(id);
    await this.access.ensure(
      req,
      { regionCode: row.regionCode, districtId: row.districtId, stationId: row.stationId },
      { type: 'voting-day-application', id },
    );
    return row;
  }

  async read(id: string, req: AuthenticatedRequest): Promise<ApplicationView> {
    return applicationView(await this.readable(id, req));
  }

  async list(q: ApplicationsQueryDto, actor: Actor): Promise<ApplicationView[]> {
    const scope = this.access.scope(actor);
    const filter = narrowed({ regionCode: q.regionCode, districtId: q.districtId }, scope);
    if (!filter) return [];
    if (scope.stationId && q.stationId && q.stationId !== scope.stationId) return [];
    const votingDayId =
      q.votingDayId ??
      (await this.openVotingDay())?.id ??
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
  async personalData(id: string, q: ReasonQuery, req: AuthenticatedRequest): Promise<PersonalDataView> {
    const actor = req.actor!;
    const row = await this.readable(id, req);
    let reason = q.reason;
    if (actor.role === 'PRECINCT_MEMBER') {
      await this.memberMayAct();
      if (row.decidedAt) {
        await this.audit.record({
          actor: actor.id,
          action: 'voting-day.application.personal-data.read',
          subjectType: 'voting-day-application',
          subjectId: id,
          requestId: req.id,
          outcome: 'refused',
        });
        throw new ForbiddenException(
          "This application has been decided: precinct members see an applicant's personal data only while their application is open",
        );
      }
      reason ??= `deciding application No. ${row.number} at precinct No. ${row.stationNumber}`;
    } else if (!reason) {
      throw new BadRequestException({
        message: "Say why you read this applicant's personal data",
        errors: [
          { field: 'reason', message: 'reason is required (3 to 300 characters); it is kept in the audit trail' },
        ],
      });
    }
    await this.audit.record({
      actor: actor.id,
      action: 'voting-day.application.personal-data.read',
      subjectType: 'voting-day-application',
      subjectId: id,
      reason,
      requestId: req.id,
    });
    await this.watchLookups(actor);
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

  async history(id: string, req: AuthenticatedRequest) {
    await this.readable(id, req);
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
  private async actable(id: string, req: AuthenticatedRequest): Promise<ApplicationRow> {
    const actor = req.actor!;
    const row = await this.readable(id, req);
    if (actor.role === 'PRECINCT_MEMBER') {
      await this.memberMayAct();
      if (row.votingDayId !== (await this.openVotingDay())?.id)
        throw new ForbiddenException('This application belongs to another voting day');
    } else if (actor.role === 'DISTRICT_COMMISSION') {
      if (row.escalations.length === 0)
        throw new ForbiddenException(
          'The territorial commission takes over an application once it has escalated (open too long, or open at the close of voting); this one has not',
        );
    } else {
      throw new ForbiddenException(
        "Only the precinct's members, or the territorial commission once the application has escalated, decide it",
      );
    }
    return row;
  }

  private update<R, A>(row: ApplicationRow, update: UpdateDefinition<R, [A]>, arg: A): Promise<R> {
    return updateWorkflow(this.temporal.client, row.workflowId, update, arg);
  }

  async callCentre(id: string, dto: CallCentreDto, req: AuthenticatedRequest): Promise<ApplicationView> {
    const row = await this.actable(id, req);
    await this.update(row, callCentreUpdate, {
      actor: req.actor!.id,
      stationNumber: dto.stationNumber,
      note: dto.note ?? null,
    });
    await this.audit.record({
      actor: req.actor!.id,
      action: 'voting-day.application.call-centre',
      subjectType: 'voting-day-application',
      subjectId: id,
      requestId: req.id,
    });
    return this.view(id);
  }

  async decide(id: string, dto: DecisionDto, req: AuthenticatedRequest): Promise<ApplicationView> {
    const row = await this.actable(id, req);
    const arg: DecideInput =
      dto.decision === 'INCLUDE'
        ? { actor: req.actor!.id, decision: 'INCLUDE' }
        : {
            actor: req.actor!.id,
            decision: 'REJECT',
            reason: dto.reason!,
            correctStationNumber: dto.correctStationNumber ?? null,
          };
    try {
      await this.update(row, decideUpdate, arg);
    } catch (err) {
      await this.audit.record({
        actor: req.actor!.id,
        action: `voting-day.application.${dto.decision.toLowerCase()}`,
        subjectType: 'voting-day-application',
        subjectId: id,
        requestId: req.id,
        outcome: 'refused',
      });
      throw err;
    }
    await this.audit.record({
      actor: req.actor!.id,
      action: `voting-day.application.${dto.decision.toLowerCase()}`,
      subjectType: 'voting-day-application',
      subjectId: id,
      requestId: req.id,
    });
    return this.view(id);
  }

  async retryLookup(id: string, req: AuthenticatedRequest): Promise<ApplicationView> {
    const row = await this.actable(id, req);
    await this.update(row, retryLookupUpdate, { actor: req.actor!.id });
    await this.audit.record({
      actor: req.actor!.id,
      action: 'voting-day.application.retry-lookup',
      subjectType: 'voting-day-application',
      subjectId: id,
      requestId: req.id,
    });
    return this.view(id);
  }

  /** The applicant's copy of a reasoned rejection (the member prints it while voting is under way). */
  async rejectionCopy(
    id: string,
    q: RejectionPdfQuery,
    req: AuthenticatedRequest,
  ): Promise<{ bytes: Buffer; fileName: string }> {
    const actor = req.actor!;
    const row = await this.readable(id, req);
    if (row.status !== 'REJECTED') throw new ConflictException('Only a rejected application has a rejection copy');
    let reason = q.reason;
    if (actor.role === 'PRECINCT_MEMBER') {
      await this.memberMayAct();
      reason ??= `copy of the decision for the applicant of application No. ${row.number}`;
    } else if (!reason) {
      throw new BadRequestException({
        message: 'Say why you read this decision',
        errors: [{ field: 'reason', message: 'reason is required (3 to 300 characters)' }],
      });
    }
    await this.audit.record({
      actor: actor.id,
      action: 'voting-day.rejection-copy.read',
      subjectType: 'voting-day-application',
      subjectId: id,
      reason,
      requestId: req.id,
    });
    await this.watchLookups(actor);
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
        lookup: LOOKUP_WORDS[row.lookupResult ?? 'UNAVAILABLE'],
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

  async supplementaryList(stationId: string, q: ReasonQuery & { votingDayId?: string }, req: AuthenticatedRequest) {
    const actor = req.actor!;
    const station = await this.db.client.pollingStation.findUnique({
      where: { id: stationId },
      select: { id: true, number: true, regionCode: true, districtId: true },
    });
    if (!station) throw new NotFoundException(`No polling station has the id ${stationId}`);
    await this.access.ensure(
      req,
      { regionCode: station.regionCode, districtId: station.districtId, stationId: station.id },
      { type: 'polling-station', id: stationId },
    );
    const votingDayId =
      q.votingDayId ??
      (await this.openVotingDay())?.id ??
      (await this.db.client.votingDay.findFirst({ orderBy: { date: 'desc' }, select: { id: true } }))?.id;
    if (!votingDayId) return [];
    const reason =
      q.reason ??
      (actor.role === 'PRECINCT_MEMBER' ? `the supplementary list of precinct No. ${station.number}` : undefined);
    if (!reason)
      throw new BadRequestException({
        message: 'Say why you read the supplementary list',
        errors: [{ field: 'reason', message: 'reason is required (3 to 300 characters)' }],
      });
    await this.audit.record({
      actor: actor.id,
      action: 'voting-day.supplementary-list.read',
      subjectType: 'polling-station',
      subjectId: stationId,
      reason,
      requestId: req.id,
    });
    await this.watchLookups(actor);
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

  // ---- Escalations, incidents, deliveries

  async escalations(actor: Actor, open: boolean, votingDayId?: string) {
    const scope = this.access.scope(actor);
    const rows = await this.db.client.votingDayEscalation.findMany({
      where: {
        votingDayId,
        regionCode: scope.regionCode,
        districtId: scope.districtId,
        ...(open ? { closedAt: null } : {}),
      },
      orderBy: { raisedAt: 'asc' },
      take: 500,
    });
    return rows;
  }

  /**
   * Counts the actor's personal-data reads in the window; beyond the limit, records (once per
   * window) a security incident for the report to the personal data protection authority.
   */
  private async watchLookups(actor: Actor): Promise<void> {
    const { lookupIncidentLimit: limit, lookupIncidentWindowMinutes: minutes } = this.config.value.votingDay;
    const windowMs = minutes * 60_000;
    const now = Date.now();
    const since = new Date(now - windowMs);
    const count = await this.db.client.auditEvent.count({
      where: { actor: actor.id, action: { in: PERSONAL_DATA_ACTIONS }, outcome: 'ok', at: { gte: since } },
    });
    if (count <= limit) return;
    const windowStart = new Date(Math.floor(now / windowMs) * windowMs);
    const dedupeKey = `personal-data-reads:${actor.id}:${windowStart.toISOString()}`;
    const incident = await this.db.client.securityIncident.upsert({
      where: { dedupeKey },
      create: {
        id: randomUUID(),
        dedupeKey,
        kind: 'excessive-personal-data-reads',
        userId: actor.id,
        regionCode: actor.regionCode,
        districtId: actor.districtId,
        stationId: actor.stationId,
        windowStart,
        count,
        detectedAt: new Date(now),
        detail: { limit, windowMinutes: minutes, role: actor.role },
      },
      update: { count },
    });
    if (incident.detectedAt.getTime() === now) {
      await this.audit.record({
        actor: 'system',
        action: 'security-incident.raised',
        subjectType: 'security-incident',
        subjectId: incident.id,
        reason: `${count} personal-data reads by ${actor.id} within ${minutes} minutes`,
      });
    }
  }

  async incidents() {
    return this.db.client.securityIncident.findMany({ orderBy: { detectedAt: 'desc' }, take: 500 });
  }

  async markReported(id: string, actor: Actor, requestId?: string) {
    const found = await this.db.client.securityIncident.findUnique({ where: { id } });
    if (!found) throw new NotFoundException(`No security incident has the id ${id}`);
    if (found.reportedAt)
      throw new ConflictException(
        `This incident was reported at ${found.reportedAt.toISOString()} by ${found.reportedBy}`,
      );
    const row = await this.db.client.securityIncident.update({
      where: { id },
      data: { reportedAt: new Date(), reportedBy: actor.id },
    });
    await this.audit.record({
      actor: actor.id,
      action: 'security-incident.reported',
      subjectType: 'security-incident',
      subjectId: id,
      requestId,
    });
    return row;
  }

  async deliveries(status?: string) {
    const valid = ['QUEUED', 'DELIVERED', 'DEAD'];
    if (status && !valid.includes(status))
      throw new BadRequestException({
        message: 'Unknown delivery status',
        errors: [{ field: 'status', message: `status must be one of ${valid.join(', ')}` }],
      });
    return this.db.client.egovDelivery.findMany({
      where: { status: status as 'DEAD' | undefined },
      orderBy: { queuedAt: 'desc' },
      take: 500,
    });
  }

  async redrive(jobId: string, actor: Actor, requestId?: string) {
    this.notificationQueue ??= createNotificationQueue(this.redis.client, this.config.value.queuePrefix, {
      attempts: this.config.value.votingDay.notificationAttempts,
      backoffMs: this.config.value.votingDay.notificationBackoffMs,
    });
    this.deadLetters ??= createDeadLetterQueue(this.redis.client, this.config.value.queuePrefix);
    const done = await redriveDeadLetter(this.db.client, this.notificationQueue, this.deadLetters, jobId);
    if (!done) throw new ConflictException(`No dead letter has the job id ${jobId}`);
    await this.audit.record({
      actor: actor.id,
      action: 'egov-delivery.retry',
      subjectType: 'egov-delivery',
      subjectId: jobId,
      requestId,
    });
    return this.db.client.egovDelivery.findUniqueOrThrow({ where: { jobId } });
  }
}

@ApiTags('voting-day')
@ApiBearerAuth()
@Controller('v1/voting-days')
export class VotingDaysController {
  constructor(private readonly service: VotingDayService) {}

  @Post()
  @Allow('ADMIN', 'CEC_COORDINATOR')
  @ApiOperation({ summary: 'Declare a voting day (a referendum) and its voting hours' })
  @ApiOkResponse({ type: VotingDayView })
  create(@Body() dto: CreateVotingDayDto, @Req() req: AuthenticatedRequest): Promise<VotingDayView> {
    return this.service.createVotingDay(dto, req.actor!, req.id);
  }

  @Get()
  @Allow(...READERS)
  @ApiOkResponse({ type: [VotingDayView] })
  list(): Promise<VotingDayView[]> {
    return this.service.votingDays();
  }
}

@ApiTags('voting-day')
@ApiBearerAuth()
@Controller('v1/voting-day')
export class VotingDayController {
  constructor(private readonly service: VotingDayService) {}

  @Post('applications')
  @Allow('PRECINCT_MEMBER')
  @HttpCode(202)
  @ApiOperation({
    summary: "Register a citizen's written application at the member's precinct; the registration lookup starts",
  })
  @ApiAcceptedResponse({ type: ApplicationView })
  @ApiForbiddenResponse({ description: 'No voting is under way' })
  @ApiConflictResponse({ description: 'The citizen already has an open application today' })
  register(@Body() dto: RegisterApplicationDto, @Req() req: AuthenticatedRequest): Promise<ApplicationView> {
    return this.service.register(dto, req);
  }

  @Get('applications')
  @Allow(...READERS)
  @ApiOperation({ summary: "Applications of a voting day in the official's territory (no personal data)" })
  @ApiOkResponse({ type: [ApplicationView] })
  list(@Query() q: ApplicationsQueryDto, @Req() req: AuthenticatedRequest): Promise<ApplicationView[]> {
    return this.service.list(q, req.actor!);
  }

  @Get('applications/:id')
  @Allow(...READERS)
  @ApiOkResponse({ type: ApplicationView })
  read(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest): Promise<ApplicationView> {
    return this.service.read(id, req);
  }

  @Get('applications/:id/personal-data')
  @Allow(...READERS)
  @ApiOperation({ summary: "The applicant's IIN, names and registration as the service returned them (audited)" })
  @ApiOkResponse({ type: PersonalDataView })
  personalData(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: ReasonQuery,
    @Req() req: AuthenticatedRequest,
  ): Promise<PersonalDataView> {
    return this.service.personalData(id, q, req);
  }

  @Get('applications/:id/history')
  @Allow(...READERS)
  @ApiOperation({ summary: "The application's history: what happened, when, by whom (no personal data)" })
  history(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    return this.service.history(id, req);
  }

  @Post('applications/:id/call-centre')
  @Allow('PRECINCT_MEMBER', 'DISTRICT_COMMISSION')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the precinct number the regional call centre gave' })
  @ApiOkResponse({ type: ApplicationView })
  callCentre(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: CallCentreDto,
    @Req() req: AuthenticatedRequest,
  ): Promise<ApplicationView> {
    return this.service.callCentre(id, dto, req);
  }

  @Post('applications/:id/decision')
  @Allow('PRECINCT_MEMBER', 'DISTRICT_COMMISSION')
  @HttpCode(200)
  @ApiOperation({
    summary: "Record the commission's decision: include in the supplementary list, or a reasoned rejection",
  })
  @ApiOkResponse({ type: ApplicationView })
  @ApiConflictResponse({ description: 'The decision is not possible now (the reason says why)' })
  decide(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: DecisionDto,
    @Req() req: AuthenticatedRequest,
  ): Promise<ApplicationView> {
    return this.service.decide(id, dto, req);
  }

  @Post('applications/:id/retry-lookup')
  @Allow('PRECINCT_MEMBER', 'DISTRICT_COMMISSION')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask the state registration service again, after it did not answer' })
  @ApiOkResponse({ type: ApplicationView })
  retryLookup(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: AuthenticatedRequest,
  ): Promise<ApplicationView> {
    return this.service.retryLookup(id, req);
  }

  @Get('applications/:id/rejection.pdf')
  @Allow(...READERS)
  @ApiOperation({ summary: "The applicant's copy of the reasoned rejection, to print (Russian or Kazakh)" })
  @ApiProduces('application/pdf')
  async rejectionCopy(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() q: RejectionPdfQuery,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { bytes, fileName } = await this.service.rejectionCopy(id, q, req);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${fileName}"`);
    return new StreamableFile(bytes);
  }

  @Get('stations/:stationId/supplementary-list')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'PRECINCT_MEMBER')
  @ApiOperation({ summary: "The precinct's supplementary list of the voting day (personal data, audited)" })
  supplementaryList(
    @Param('stationId', new ParseUUIDPipe()) stationId: string,
    @Query() q: ReasonQuery,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.supplementaryList(stationId, q, req);
  }

  @Get('escalations')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION')
  @ApiOperation({ summary: 'Applications escalated to the territorial commission (open ones unless all=true)' })
  escalations(
    @Query('all') all: string | undefined,
    @Query('votingDayId') votingDayId: string | undefined,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.service.escalations(req.actor!, all !== 'true', votingDayId);
  }
}

@ApiTags('personal data')
@ApiBearerAuth()
@Controller('v1')
export class PersonalDataController {
  constructor(private readonly service: VotingDayService) {}

  @Get('security-incidents')
  @Allow('ADMIN', 'CEC_COORDINATOR')
  @ApiOperation({
    summary: 'Suspected unlawful access to personal data, for the report to the personal data protection authority',
  })
  incidents() {
    return this.service.incidents();
  }

  @Post('security-incidents/:id/reported')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record that the incident was reported to the personal data protection authority' })
  reported(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    return this.service.markReported(id, req.actor!, req.id);
  }

  @Get('egov-deliveries')
  @ApiOperation({
    summary: "Messages to citizens' e-gov cabinets and what became of them (status QUEUED, DELIVERED, DEAD)",
  })
  deliveries(@Query('status') status: string | undefined) {
    return this.service.deliveries(status);
  }

  @Post('egov-deliveries/:jobId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a dead letter again, with the full number of attempts' })
  redrive(@Param('jobId') jobId: string, @Req() req: AuthenticatedRequest) {
    return this.service.redrive(jobId, req.actor!, req.id);
  }
}

@Module({
  controllers: [VotingDaysController, VotingDayController, PersonalDataController],
  providers: [VotingDayService],
})
export class VotingDayModule {}
