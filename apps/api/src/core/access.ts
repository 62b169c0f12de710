/**
 * Who may do what, where: roles and territory, checked on every endpoint.
 *
 *  - `@Allow(...roles)` on a controller or handler names the roles that may call it; the guard
 *    answers 403 (and audits the refusal) for any other role. A handler without @Allow is for
 *    admins only, so a route cannot be left open by forgetting it. `@Public()` routes need no
 *    sign-in at all (health, readiness, sign-in itself).
 *  - Territory: a CEC coordinator and an admin act for the whole country; a regional commission
 *    for its region; a district commission and an akimat registrar for their district; a precinct
 *    member for their precinct; an officer of a region's migration service (the ID-card exchange,
 *    DOMAIN §4) for that region. `AccessService.scope()` gives the restriction a list must apply,
 *    `AccessService.ensure()` refuses (403, audited) a single object outside the actor's territory.
 *  - Time: a precinct member acts only while voting is under way (DOMAIN §3: opensAt to closesAt of
 *    a voting day). `VotingHoursGuard` closes every route a member may call outside those hours,
 *    personal data first of all, unless the route is marked `@MemberAnyTime(why)` (their own
 *    account, places, the calendar, applications' statuses: nothing of an applicant's). A new
 *    route is thus closed by default; `RouteRoles.memberAnyTime()` lists the exceptions, and the
 *    e2e suite pins that list (test/e2e/member-hours.spec.ts).
 */
import {
  Global,
  HttpStatus,
  Injectable,
  Module,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService } from '../audit/audit.service';
import { Database } from './infrastructure.module';
import { Problem } from './problem';
import { ROLES, ROLE_WORDS, type Role } from '../../../../libs/contracts/roles';

export { ROLES, ROLE_WORDS, type Role };

/** Roles whose territory is the whole country. */
export const COUNTRY_ROLES: readonly Role[] = ['ADMIN', 'CEC_COORDINATOR'];
/** Every role (for reads any signed-in official may make, territory permitting). */
export const ANY_ROLE: readonly Role[] = ROLES;

/** The signed-in official, as the access token says. */
export interface Actor {
  /** The user's id (the operator token acts as `operator`). */
  id: string;
  role: Role;
  regionCode?: string;
  districtId?: string;
  /** A precinct member's polling station. */
  stationId?: string;
}

export const ALLOWED_ROLES = Symbol('tizim:allowed-roles');
export const Allow = (...roles: readonly Role[]) => SetMetadata(ALLOWED_ROLES, roles);

export const MEMBER_ANY_TIME = Symbol('tizim:member-any-time');
/**
 * A route a precinct member may call outside voting hours too; `why` says what makes it safe (it
 * returns no applicant's personal data). Every other route of a member is closed then.
 */
export const MemberAnyTime = (why: string) => SetMetadata(MEMBER_ANY_TIME, why);

/** The refusal of a member's request outside voting hours (the guard's and the services'). */
export function votingNotOpen(): Problem {
  return new Problem(
    HttpStatus.FORBIDDEN,
    'voting-day.not-open',
    {},
    'Precinct members act only while voting is under way on a voting day; no voting is under way now',
  );
}

/** A list's restriction to the actor's territory: nothing for the country-wide roles. */
export interface Territory {
  regionCode?: string;
  districtId?: string;
  stationId?: string;
}

/** What a single object lies in, to check against the actor's territory. */
export interface Place {
  regionCode?: string | null;
  districtId?: string | null;
  stationId?: string | null;
}

/** The request as the guard leaves it. */
export interface ActorRequest {
  id?: string;
  actor?: Actor;
}

@Injectable()
export class AccessService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  /** The restriction a list must apply for this actor. */
  scope(actor: Actor): Territory {
    switch (actor.role) {
      case 'ADMIN':
      case 'CEC_COORDINATOR':
        return {};
      case 'REGIONAL_COMMISSION':
      case 'MIGRATION_OFFICER':
        return { regionCode: actor.regionCode };
      case 'DISTRICT_COMMISSION':
      case 'AKIMAT_REGISTRAR':
        return { regionCode: actor.regionCode, districtId: actor.districtId };
      case 'PRECINCT_MEMBER':
        return { regionCode: actor.regionCode, districtId: actor.districtId, stationId: actor.stationId };
    }
  }

  /**
   * Whether `place` lies in the actor's territory. A district given without its region is looked
   * up, so a regional commission can be checked against a district id alone.
   */
  async covers(actor: Actor, place: Place): Promise<boolean> {
    const scope = this.scope(actor);
    if (!scope.regionCode && !scope.districtId && !scope.stationId) return true;
    let regionCode = place.regionCode ?? undefined;
    if (!regionCode && place.districtId) {
      regionCode = (
        await this.db.client.district.findUnique({ where: { id: place.districtId }, select: { regionCode: true } })
      )?.regionCode;
    }
    if (scope.regionCode && regionCode !== scope.regionCode) return false;
    if (scope.districtId && place.districtId !== scope.districtId) return false;
    if (scope.stationId && place.stationId !== scope.stationId) return false;
    return true;
  }

  /** Refuses with 403, audited, when `place` lies outside the actor's territory. */
  async ensure(actor: Actor, place: Place, subject: { type: string; id: string }, requestId?: string): Promise<void> {
    if (await this.covers(actor, place)) return;
    await this.audit.record({
      actor: actor.id,
      action: 'access.out-of-territory',
      subjectType: subject.type,
      subjectId: subject.id,
      requestId,
      outcome: 'refused',
    });
    throw new Problem(
      HttpStatus.FORBIDDEN,
      'access.outside-territory',
      { role: actor.role, subject: subject.type },
      `${capitalise(ROLE_WORDS[actor.role])} acts for ${territoryWords(actor)}; this ${subject.type.replace(/-/g, ' ')} lies outside it`,
    );
  }
}

/**
 * A list filter narrowed to the actor's territory: the territory's own values win; null when the
 * filter asks for a region or district outside it (the list is then empty).
 */
export function narrowed<F extends { regionCode?: string; districtId?: string }>(
  filter: F,
  scope: Territory,
): F | null {
  if (scope.regionCode && filter.regionCode && filter.regionCode !== scope.regionCode) return null;
  if (scope.districtId && filter.districtId && filter.districtId !== scope.districtId) return null;
  return {
    ...filter,
    ...(scope.regionCode ? { regionCode: scope.regionCode } : {}),
    ...(scope.districtId ? { districtId: scope.districtId } : {}),
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function territoryWords(actor: Actor): string {
  if (actor.stationId) return `polling station ${actor.stationId}`;
  if (actor.districtId) return `district ${actor.districtId}`;
  if (actor.regionCode) return `region ${actor.regionCode}`;
  return 'the whole country';
}

/**
 * Closes a precinct member's routes outside the voting day's hours (opensAt ≤ now < closesAt), but
 * those marked @MemberAnyTime: one check for every route, so a new one cannot forget it. Runs after
 * BearerTokenGuard (app.ts), which has named the actor; other roles pass untouched. A refusal is
 * audited like the other refusals of access.
 */
@Injectable()
export class VotingHoursGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<ActorRequest & { method: string; path: string }>();
    if (req.actor?.role !== 'PRECINCT_MEMBER') return true;
    if (this.reflector.getAllAndOverride<string>(MEMBER_ANY_TIME, [context.getHandler(), context.getClass()]))
      return true;
    const now = new Date();
    const open = await this.db.client.votingDay.findFirst({
      where: { opensAt: { lte: now }, closesAt: { gt: now } },
      select: { id: true },
    });
    if (open) return true;
    await this.audit.record({
      actor: req.actor.id,
      action: 'access.outside-voting-hours',
      subjectType: 'endpoint',
      subjectId: req.path,
      requestId: req.id,
      outcome: 'refused',
    });
    throw votingNotOpen();
  }
}

@Global()
@Module({ providers: [AccessService, VotingHoursGuard], exports: [AccessService] })
export class AccessModule {}
