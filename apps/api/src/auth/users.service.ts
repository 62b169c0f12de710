/**
 * Officials' accounts, kept by admins: each with one role and the territory that role acts for.
 * The territory is checked against the register of regions, districts and stations, and stored
 * whole (a district's region, a station's district and region), so scope checks need no lookups.
 * Changes name the version they were made against (If-Match); a changed role or territory, a
 * disabled account or a new password ends the user's sign-ins.
 */
import { SignInThrottle } from './sign-in-throttle';
import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { hashPassword, passwordProblems, verifyPassword } from '../../../../libs/auth/passwords';
import { iinProblem } from '../../../../libs/iin/iin';
import { Prisma } from '../../../../libs/db/prisma';
import { AuditService } from '../audit/audit.service';
import { ROLE_WORDS, type Actor, type Role } from '../core/access';
import { AppConfig } from '../core/app-config';
import { Database } from '../core/infrastructure.module';
import { staleVersion } from '../core/if-match';
import { Problem } from '../core/problem';
import { AuthService, USER_VIEW } from './auth.service';

export interface TerritoryInput {
  regionCode?: string;
  districtId?: string;
  stationId?: string;
}

type Field = { field: string; message: string };

/** What admins see of an account: whether an IIN is entered (its EDS signatures need one), never the hash. */
const ACCOUNT_VIEW = { ...USER_VIEW, iinHmac: true } as const;
const shown = <T extends { iinHmac: string | null }>({ iinHmac, ...account }: T) => ({
  ...account,
  iinEntered: iinHmac !== null,
});

const noUser = (id: string): Problem =>
  new Problem(HttpStatus.NOT_FOUND, 'user.not-found', { userId: id }, `No user has the id ${id}`);

/** A password the rules refuse: each rule it breaks is one of `errors`. */
const weakPassword = (problems: string[]): Problem =>
  new Problem(
    HttpStatus.BAD_REQUEST,
    'user.weak-password',
    {},
    'The password will not do',
    problems.map((message) => ({ field: 'password', message })),
  );

/** The territorial commission designates two members per precinct commission (DOMAIN §3 step 1). */
export const MEMBERS_PER_PRECINCT = 2;

@Injectable()
export class UsersService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly throttle: SignInThrottle,
  ) {}

  /** The territory a role acts for, completed from the register; field problems otherwise. */
  async territory(
    role: Role,
    t: TerritoryInput,
  ): Promise<{ regionCode: string | null; districtId: string | null; stationId: string | null }> {
    const errors: Field[] = [];
    const none = { regionCode: null, districtId: null, stationId: null };
    const refuse = (): never => {
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'user.territory-mismatch',
        { role },
        `The territory does not fit the role of ${ROLE_WORDS[role]}`,
        errors,
      );
    };
    const given = (['regionCode', 'districtId', 'stationId'] as const).filter((k) => t[k]);
    switch (role) {
      case 'ADMIN':
      case 'CEC_COORDINATOR':
        for (const k of given)
          errors.push({ field: k, message: `must be left out: ${ROLE_WORDS[role]} acts for the whole country` });
        if (errors.length) refuse();
        return none;
      case 'REGIONAL_COMMISSION':
      case 'MIGRATION_OFFICER': {
        if (!t.regionCode) errors.push({ field: 'regionCode', message: `is required for ${ROLE_WORDS[role]}` });
        for (const k of given.filter((k) => k !== 'regionCode'))
          errors.push({ field: k, message: `must be left out: ${ROLE_WORDS[role]} acts for a region` });
        if (errors.length) refuse();
        if (!(await this.db.client.region.findUnique({ where: { code: t.regionCode! } })))
          errors.push({ field: 'regionCode', message: `no region ${t.regionCode} is on record` });
        if (errors.length) refuse();
        return { ...none, regionCode: t.regionCode! };
      }
      case 'DISTRICT_COMMISSION':
      case 'AKIMAT_REGISTRAR': {
        if (!t.districtId) errors.push({ field: 'districtId', message: `is required for ${ROLE_WORDS[role]}` });
        if (t.stationId)
          errors.push({ field: 'stationId', message: `must be left out: ${ROLE_WORDS[role]} acts for a district` });
        if (errors.length) refuse();
        const district = await this.db.client.district.findUnique({ where: { id: t.districtId! } });
        if (!district) errors.push({ field: 'districtId', message: `no district ${t.districtId} is on record` });
        else if (t.regionCode && t.regionCode !== district.regionCode)
          errors.push({
            field: 'regionCode',
            message: `district ${district.id} lies in region ${district.regionCode}, not ${t.regionCode}`,
          });
        if (errors.length) refuse();
        return { regionCode: district!.regionCode, districtId: district!.id, stationId: null };
      }
      case 'PRECINCT_MEMBER': {
        if (!t.stationId) errors.push({ field: 'stationId', message: `is required for ${ROLE_WORDS[role]}` });
        if (errors.length) refuse();
        const station = await this.db.client.pollingStation.findUnique({ where: { id: t.stationId! } });
        if (!station) errors.push({ field: 'stationId', message: `no polling station ${t.stationId} is on record` });
        else {
          if (t.districtId && t.districtId !== station.districtId)
            errors.push({ field: 'districtId', message: `the station lies in district ${station.districtId}` });
          if (t.regionCode && t.regionCode !== station.regionCode)
            errors.push({ field: 'regionCode', message: `the station lies in region ${station.regionCode}` });
        }
        if (errors.length) refuse();
        return { regionCode: station!.regionCode, districtId: station!.districtId, stationId: station!.id };
      }
    }
  }

  /** The IIN given, checked and hashed; null when left out and not required. */
  private iinOf(given: string | undefined, required: boolean): string | null {
    const iin = given?.trim() ?? '';
    if (!iin && !required) return null;
    const bad = iin ? iinProblem(iin) : 'missing';
    if (bad)
      throw new Problem(HttpStatus.BAD_REQUEST, 'user.iin-invalid', {}, 'The IIN is not valid', [
        {
          field: 'iin',
          message: iin
            ? 'is not a valid IIN (12 digits with a right check digit)'
            : 'is required: a precinct member signs in with it',
        },
      ]);
    return this.auth.iinHmac(iin);
  }

  async create(
    input: { username: string; fullName: string; role: Role; password: string; iin?: string } & TerritoryInput,
    actor: Actor,
    requestId?: string,
  ) {
    const username = input.username.trim().toLowerCase();
    const problems = passwordProblems(input.password, username);
    if (problems.length) throw weakPassword(problems);
    if (actor.role !== 'ADMIN' && input.role !== 'PRECINCT_MEMBER')
      throw new Problem(
        HttpStatus.FORBIDDEN,
        'user.members-only',
        { role: actor.role },
        `${ROLE_WORDS[actor.role]} designates precinct commission members only; other accounts are kept by administrators`,
      );
    const territory = await this.territory(input.role, input);
    if (actor.role === 'DISTRICT_COMMISSION' && territory.districtId !== actor.districtId) {
      throw new Problem(
        HttpStatus.FORBIDDEN,
        'user.other-district',
        { own: actor.districtId ?? '', districtId: territory.districtId ?? '' },
        `A district commission designates members for the precincts of its own district (${actor.districtId}); this station lies in district ${territory.districtId}`,
      );
    }
    // Every account may carry its holder's IIN: CMS signatures through NCALayer must come from a
    // certificate with it (issue 27). A precinct member also types it at sign-in, so theirs is required.
    const iinHmac = this.iinOf(input.iin, input.role === 'PRECINCT_MEMBER');
    const now = new Date();
    const id = randomUUID();
    const passwordHash = await hashPassword(input.password, { memoryKiB: this.config.value.auth.passwordMemoryKiB });
    try {
      await this.db.client.$transaction(async (tx) => {
        if (input.role === 'PRECINCT_MEMBER') await this.ensureRoomInPrecinct(tx, territory.stationId!, null);
        await tx.user.create({
          data: {
            id,
            username,
            fullName: input.fullName.trim(),
            role: input.role,
            ...territory,
            iinHmac,
            passwordHash,
            createdAt: now,
            createdBy: actor.id,
            updatedAt: now,
          },
        });
      });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
        throw new Problem(HttpStatus.CONFLICT, 'user.username-taken', {}, `The username ${username} is taken`);
      throw err;
    }
    await this.audit.record({ actor: actor.id, action: 'user.create', subjectType: 'user', subjectId: id, requestId });
    return this.view(id);
  }

  /**
   * At most two enabled members per precinct: a third is refused until one is disabled. Called in
   * the transaction that designates or enables: the station's row is locked, so two designations
   * racing for the last seat are taken one after the other.
   */
  private async ensureRoomInPrecinct(
    tx: Prisma.TransactionClient,
    stationId: string,
    exceptUserId: string | null,
  ): Promise<void> {
    await tx.$queryRaw`SELECT id FROM polling_station WHERE id = ${stationId}::uuid FOR UPDATE`;
    const members = await tx.user.count({
      where: {
        role: 'PRECINCT_MEMBER',
        stationId,
        disabledAt: null,
        ...(exceptUserId ? { id: { not: exceptUserId } } : {}),
      },
    });
    if (members >= MEMBERS_PER_PRECINCT) {
      throw new Problem(
        HttpStatus.CONFLICT,
        'user.precinct-full',
        { members: MEMBERS_PER_PRECINCT },
        `This precinct already has its ${MEMBERS_PER_PRECINCT} designated members; disable one before designating another`,
      );
    }
  }

  async view(id: string) {
    const user = await this.db.client.user.findUnique({ where: { id }, select: ACCOUNT_VIEW });
    if (!user) throw noUser(id);
    return shown(user);
  }

  async list(
    q: { role?: Role; regionCode?: string; districtId?: string; limit?: number; after?: string },
    actor?: Actor,
    requestId?: string,
  ) {
    const limit = q.limit ?? 50;
    const items = await this.db.client.user
      .findMany({
        where: {
          role: q.role,
          regionCode: q.regionCode,
          districtId: q.districtId,
          ...(q.after ? { username: { gt: q.after } } : {}),
        },
        select: ACCOUNT_VIEW,
        orderBy: { username: 'asc' },
        take: limit,
      })
      .then((rows) => rows.map(shown));
    if (actor)
      await this.audit.record({ actor: actor.id, action: 'user.list', subjectType: 'user', subjectId: '*', requestId });
    return { items, nextCursor: items.length === limit ? items[limit - 1]!.username : null };
  }

  async update(
    id: string,
    version: number,
    change: { fullName?: string; role?: Role; disabled?: boolean; unlock?: boolean; iin?: string } & TerritoryInput,
    actor: Actor,
    requestId?: string,
  ) {
    const user = await this.db.client.user.findUnique({ where: { id } });
    if (!user) throw noUser(id);
    if (user.version !== version) throw staleVersion(`account ${user.username}`, version, user.version);
    const movesTerritory =
      change.role !== undefined ||
      change.regionCode !== undefined ||
      change.districtId !== undefined ||
      change.stationId !== undefined;
    const role = (change.role ?? user.role) as Role;
    const territory = movesTerritory ? await this.territory(role, change) : null;
    const station = territory?.stationId ?? user.stationId;
    const enabling = change.disabled === false && user.disabledAt !== null;
    const needsSeat =
      role === 'PRECINCT_MEMBER' &&
      station !== null &&
      (enabling || (territory !== null && territory.stationId !== user.stationId && !user.disabledAt));
    if (id === actor.id && (change.disabled || (change.role !== undefined && change.role !== 'ADMIN'))) {
      throw new Problem(
        HttpStatus.FORBIDDEN,
        'user.own-account',
        {},
        'You cannot disable your own account or take away your own administrator role: ask another administrator',
      );
    }
    // A new IIN binds the account to other certificates: its sign-ins end with it.
    const iinHmac = change.iin !== undefined ? this.iinOf(change.iin, true) : undefined;
    const rebinds = iinHmac !== undefined && iinHmac !== user.iinHmac;
    const updated = await this.db.client.$transaction(async (tx) => {
      if (needsSeat) await this.ensureRoomInPrecinct(tx, station, id);
      return tx.user.updateMany({
        where: { id, version },
        data: {
          ...(change.fullName !== undefined ? { fullName: change.fullName.trim() } : {}),
          ...(territory ? { role, ...territory } : {}),
          ...(change.disabled !== undefined ? { disabledAt: change.disabled ? new Date() : null } : {}),
          ...(change.unlock ? { lockedUntil: null, failedSignIns: 0 } : {}),
          ...(rebinds ? { iinHmac } : {}),
          version: { increment: 1 },
          updatedAt: new Date(),
        },
      });
    });
    if (updated.count !== 1) throw staleVersion(`account ${user.username}`, version, version + 1);
    // The hold and the delays live in Redis (./sign-in-throttle.ts); the row only shows the hold.
    if (change.unlock) await this.throttle.clear(user.username);
    if (territory || change.disabled || rebinds)
      await this.auth.endAllSessions(
        id,
        territory ? 'role or territory changed' : change.disabled ? 'account disabled' : 'IIN changed',
      );
    await this.audit.record({ actor: actor.id, action: 'user.update', subjectType: 'user', subjectId: id, requestId });
    return this.view(id);
  }

  /** An admin sets a password; a user changes their own with the current one. Ends the user's sign-ins. */
  async setPassword(
    id: string,
    input: { password: string; currentPassword?: string },
    actor: Actor,
    requestId?: string,
  ) {
    const user = await this.db.client.user.findUnique({ where: { id } });
    if (!user) throw noUser(id);
    if (actor.role !== 'ADMIN') {
      if (actor.id !== id)
        throw new Problem(HttpStatus.FORBIDDEN, 'user.own-password-only', {}, 'You can change only your own password');
      if (!input.currentPassword || !(await verifyPassword(input.currentPassword, user.passwordHash))) {
        await this.audit.record({
          actor: actor.id,
          action: 'user.password',
          subjectType: 'user',
          subjectId: id,
          requestId,
          outcome: 'refused',
        });
        throw new Problem(
          HttpStatus.BAD_REQUEST,
          'user.current-password-wrong',
          {},
          'The current password is not right',
          [{ field: 'currentPassword', message: 'is not your current password' }],
        );
      }
    }
    const problems = passwordProblems(input.password, user.username);
    if (problems.length) throw weakPassword(problems);
    await this.db.client.user.update({
      where: { id },
      data: {
        passwordHash: await hashPassword(input.password, { memoryKiB: this.config.value.auth.passwordMemoryKiB }),
        failedSignIns: 0,
        lockedUntil: null,
        version: { increment: 1 },
        updatedAt: new Date(),
      },
    });
    await this.auth.endAllSessions(id, 'password changed');
    await this.audit.record({
      actor: actor.id,
      action: 'user.password',
      subjectType: 'user',
      subjectId: id,
      requestId,
    });
  }
}
