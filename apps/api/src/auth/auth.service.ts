/**
 * Officials' sign-in: username and password, a short-lived access token and a rotating refresh
 * token (libs/auth/tokens.ts). Repeated failures lock the account for a while; every sign-in,
 * refusal, refresh and sign-out is audited. The API's guard turns an access token into the actor,
 * reading the user afresh on each request, so a changed role, a disabled account or an ended
 * session takes effect at once.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { iinHmac } from '../../../../libs/auth/iin-hmac';
import { hashPassword, needsRehash, verifyPassword } from '../../../../libs/auth/passwords';
import { hashRefreshToken, newRefreshToken, signAccessToken, verifyAccessToken } from '../../../../libs/auth/tokens';
import { localDateTimeOf } from '../../../../libs/calendar';
import type { Prisma } from '../../../../libs/db/prisma';
import { CertificateRegistry } from '../../../../libs/db/eds/registry';
import { SignatureVerification } from '../../../../libs/eds';
import { AuditService } from '../audit/audit.service';
import type { Actor, Role } from '../core/access';
import { AppConfig } from '../core/app-config';
import { ApiLogger, Database, RedisGateway } from '../core/infrastructure.module';
import { Problem } from '../core/problem';

export interface SignedIn {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
  user: UserView;
}

export const USER_VIEW = {
  id: true,
  username: true,
  fullName: true,
  role: true,
  regionCode: true,
  districtId: true,
  stationId: true,
  lockedUntil: true,
  disabledAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} as const;
export type UserView = Prisma.UserGetPayload<{ select: typeof USER_VIEW }>;

type UserRow = Prisma.UserGetPayload<object>;

/** What the guard needs of a request's user. */
export const actorOf = (u: Pick<UserRow, 'id' | 'role' | 'regionCode' | 'districtId' | 'stationId'>): Actor => ({
  id: u.id,
  role: u.role as Role,
  ...(u.regionCode ? { regionCode: u.regionCode } : {}),
  ...(u.districtId ? { districtId: u.districtId } : {}),
  ...(u.stationId ? { stationId: u.stationId } : {}),
});

const WRONG = (): Problem =>
  new Problem(HttpStatus.UNAUTHORIZED, 'auth.bad-credentials', {}, 'The username or the password is not right');
const WRONG_EDS = (): Problem =>
  new Problem(
    HttpStatus.UNAUTHORIZED,
    'auth.bad-eds-credentials',
    {},
    'The username, password, IIN or the signed challenge is not right',
  );
const DISABLED = (): Problem =>
  new Problem(HttpStatus.UNAUTHORIZED, 'auth.account-disabled', {}, 'This account is disabled: ask your administrator');
const SESSION_ENDED = (): Problem =>
  new Problem(HttpStatus.UNAUTHORIZED, 'auth.session-ended', {}, 'This sign-in has ended: sign in again');
/** How long an unknown username's failures are remembered (an account's are kept until a sign-in succeeds). */
const UNKNOWN_FAILURES_KEPT_MS = 30 * 86_400_000;
/** How long counting an unknown username's failure may take before the sign-in goes on without it. */
const REDIS_TIMEOUT_MS = 250;
/** How long a sign-in challenge may be answered. */
export const CHALLENGE_SECONDS = 300;

@Injectable()
export class AuthService {
  /** A hash to check against when the username is unknown, so the answer takes as long. */
  private readonly decoy: Promise<string>;

  private readonly eds: SignatureVerification;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly redis: RedisGateway,
    private readonly log: ApiLogger,
  ) {
    this.decoy = hashPassword(randomUUID(), { memoryKiB: config.value.auth.passwordMemoryKiB });
    this.eds = new SignatureVerification(new CertificateRegistry(db.client));
  }

  /** A precinct member's IIN as stored: an HMAC under TIZIM_IIN_HMAC_KEY (the IIN itself is personal data). */
  iinHmac(iin: string): string {
    return iinHmac(this.config.value.iinHmacKey, iin);
  }

  private get settings() {
    return this.config.value.auth;
  }

  /**
   * The account a sign-in names, not locked; an unknown username is answered as a wrong password
   * would be, after as long (the decoy hash), so the answer does not tell which usernames exist.
   */
  private async account(
    usernameGiven: string,
    password: string,
    action: string,
    wrong: () => Problem,
    now: Date,
    requestId?: string,
  ): Promise<UserRow> {
    const username = usernameGiven.trim().toLowerCase();
    const user = await this.db.client.user.findUnique({ where: { username } });
    if (!user) {
      // Counted and locked out as an account would be (failed()), so the fifth wrong password's 429
      // does not tell that the username exists (issue 23).
      const locked = await this.unknownLockedUntil(username, now);
      if (!locked) await verifyPassword(password, await this.decoy);
      const until = locked ?? (await this.unknownFailed(username, now));
      await this.audit.record({
        actor: 'anonymous',
        action: locked ? 'auth.sign-in-locked' : until ? 'auth.locked-out' : action,
        subjectType: 'user',
        subjectId: 'unknown',
        requestId,
        outcome: 'refused',
      });
      throw until ? lockedOut(until, now) : wrong();
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      await this.audit.record({
        actor: user.id,
        action: 'auth.sign-in-locked',
        subjectType: 'user',
        subjectId: user.id,
        requestId,
        outcome: 'refused',
      });
      throw lockedOut(user.lockedUntil, now);
    }
    return user;
  }

  async signIn(username: string, password: string, requestId?: string): Promise<SignedIn> {
    const now = new Date();
    const user = await this.account(username, password, 'auth.sign-in', WRONG, now, requestId);
    if (!(await verifyPassword(password, user.passwordHash)))
      throw await this.failed(user, now, 'auth.sign-in', WRONG, requestId);
    if (user.role === 'PRECINCT_MEMBER') {
      await this.audit.record({
        actor: user.id,
        action: 'auth.sign-in',
        subjectType: 'user',
        subjectId: user.id,
        requestId,
        outcome: 'refused',
      });
      throw new Problem(
        HttpStatus.UNAUTHORIZED,
        'auth.eds-required',
        {},
        'Precinct commission members sign in with their IIN and EDS: ask for a challenge (POST /v1/auth/challenge) and sign it (POST /v1/auth/sign-in-eds)',
      );
    }
    if (user.disabledAt) {
      await this.audit.record({
        actor: user.id,
        action: 'auth.sign-in-disabled',
        subjectType: 'user',
        subjectId: user.id,
        requestId,
        outcome: 'refused',
      });
      throw DISABLED();
    }
    if (user.failedSignIns > 0 || user.lockedUntil)
      await this.db.client.user.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: null } });
    await this.upgradeHash(user, password);
    const signed = await this.startSession(user, randomUUID(), now);
    await this.audit.record({
      actor: user.id,
      action: 'auth.sign-in',
      subjectType: 'user',
      subjectId: user.id,
      requestId,
    });
    return signed;
  }

  /**
   * After a successful sign-in, a hash of an older scheme (scrypt) or a lower cost is replaced by
   * one of today's: the password is at hand only now. Only if nobody changed it meanwhile.
   */
  private async upgradeHash(user: UserRow, password: string): Promise<void> {
    const cost = { memoryKiB: this.settings.passwordMemoryKiB };
    if (!needsRehash(user.passwordHash, cost)) return;
    await this.db.client.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash },
      data: { passwordHash: await hashPassword(password, cost) },
    });
  }

  /** A failed attempt: counted, locking the account at the limit, audited; the error to throw. */
  /** Where an unknown username's failures are counted: keyed by an HMAC, so Redis holds no username. */
  private unknownKey(username: string): string {
    const id = createHmac('sha256', this.settings.tokenSecret).update(`sign-in:${username}`).digest('base64url');
    return `${this.config.value.queuePrefix}:sign-in-failures:${id}`;
  }

  /**
   * An unknown username's lock-out, as `failed()` keeps an account's (in Redis: there is no row).
   * Redis not answering counts nothing (the sign-in rate per address still holds), as the request
   * limit fails open: logged, never a 500 that would itself tell the username is unknown.
   */
  private async unknownLockedUntil(username: string, now: Date): Promise<Date | null> {
    const until = await this.unknownRedis(() => this.redis.client.hget(this.unknownKey(username), 'lockedUntil'));
    return until && Number(until) > now.getTime() ? new Date(Number(until)) : null;
  }

  /** Counts an unknown username's failure; the moment its lock-out ends when this one locks it. */
  private async unknownFailed(username: string, now: Date): Promise<Date | null> {
    const key = this.unknownKey(username);
    const counted = await this.unknownRedis(async () => {
      const [[, n]] = (await this.redis.client
        .multi()
        .hincrby(key, 'failed', 1)
        .hdel(key, 'lockedUntil')
        .pexpire(key, UNKNOWN_FAILURES_KEPT_MS)
        .exec()) as [[Error | null, number]];
      return n;
    });
    if (counted === null || counted < this.settings.lockoutAttempts) return null;
    const until = new Date(now.getTime() + this.settings.lockoutSeconds * 1000);
    await this.unknownRedis(() =>
      this.redis.client
        .multi()
        .hset(key, { failed: 0, lockedUntil: until.getTime() })
        .pexpire(key, UNKNOWN_FAILURES_KEPT_MS)
        .exec(),
    );
    return until;
  }

  private async unknownRedis<T>(op: () => Promise<T>): Promise<T | null> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        op(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
        }),
      ]);
    } catch (err) {
      this.log.logger.warn(
        { error: (err as Error).message.split('\n')[0] },
        'sign-in failures of an unknown username not counted: Redis did not answer',
      );
      return null;
    } finally {
      clearTimeout(timer);
    }
  }

  private async failed(
    user: UserRow,
    now: Date,
    action: string,
    refusal: () => Problem,
    requestId?: string,
  ): Promise<Problem> {
    const until = new Date(now.getTime() + this.settings.lockoutSeconds * 1000);
    // Counted in the database, so attempts racing each other are all counted.
    const counted = await this.db.client.user.update({
      where: { id: user.id },
      data: { failedSignIns: { increment: 1 } },
      select: { failedSignIns: true },
    });
    const lock = counted.failedSignIns >= this.settings.lockoutAttempts;
    if (lock)
      await this.db.client.user.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: until } });
    await this.audit.record({
      actor: user.id,
      action: lock ? 'auth.locked-out' : action,
      subjectType: 'user',
      subjectId: user.id,
      requestId,
      outcome: 'refused',
    });
    return lock ? lockedOut(until, now) : refusal();
  }

  /**
   * A nonce to sign for the EDS sign-in (DOMAIN §3 step 2). Asked by username; an unknown
   * username gets a challenge all the same, which nothing can answer.
   */
  async challenge(usernameGiven: string): Promise<{ challengeId: string; nonce: string; expiresAt: string }> {
    const user = await this.db.client.user.findUnique({
      where: { username: usernameGiven.trim().toLowerCase() },
      select: { id: true },
    });
    const now = new Date();
    const row = {
      id: randomUUID(),
      userId: user?.id ?? null,
      nonce: randomBytes(32).toString('hex'),
      createdAt: now,
      expiresAt: new Date(now.getTime() + CHALLENGE_SECONDS * 1000),
    };
    await this.db.client.authChallenge.create({ data: row });
    return { challengeId: row.id, nonce: row.nonce, expiresAt: row.expiresAt.toISOString() };
  }

  /**
   * A precinct member's sign-in: username and password, their IIN, and the challenge's nonce
   * signed with the key of their registered certificate (RSA or ECDSA; validity and revocation
   * checked by libs/eds). Every part must hold; a failure counts towards the lock-out.
   */
  async signInWithEds(
    input: {
      username: string;
      password: string;
      iin: string;
      challengeId: string;
      certificateId: string;
      signature: string;
    },
    requestId?: string,
  ): Promise<SignedIn> {
    const now = new Date();
    const user = await this.account(input.username, input.password, 'auth.sign-in-eds', WRONG_EDS, now, requestId);
    const passwordOk = await verifyPassword(input.password, user.passwordHash);
    const given = Buffer.from(this.iinHmac(input.iin.trim()), 'hex');
    const iinOk = user.iinHmac !== null && timingSafeEqual(given, Buffer.from(user.iinHmac, 'hex'));
    // The challenge is spent by this attempt whatever its outcome: a nonce is answered once.
    const spent = await this.db.client.authChallenge.updateMany({
      where: { id: input.challengeId, userId: user.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    const challenge =
      spent.count === 1 ? await this.db.client.authChallenge.findUnique({ where: { id: input.challengeId } }) : null;
    if (!passwordOk || !iinOk || !challenge || user.role !== 'PRECINCT_MEMBER') {
      throw await this.failed(
        user,
        now,
        'auth.sign-in-eds',
        challenge || !passwordOk || !iinOk
          ? WRONG_EDS
          : () =>
              new Problem(
                HttpStatus.UNAUTHORIZED,
                'auth.challenge-expired',
                {},
                'The challenge is unknown, used or expired: ask for a new one',
              ),
        requestId,
      );
    }
    const verdict = await this.eds.verify(
      Buffer.from(challenge.nonce, 'utf8'),
      input.signature,
      input.certificateId,
      now,
      { holder: user.id, role: 'PRECINCT_MEMBER' },
    );
    if (!verdict.valid)
      throw await this.failed(
        user,
        now,
        'auth.sign-in-eds',
        () =>
          new Problem(
            HttpStatus.UNAUTHORIZED,
            'auth.signature-refused',
            { reason: verdict.code },
            `The signature was not accepted: ${verdict.reason}`,
          ),
        requestId,
      );
    if (user.disabledAt) {
      await this.audit.record({
        actor: user.id,
        action: 'auth.sign-in-disabled',
        subjectType: 'user',
        subjectId: user.id,
        requestId,
        outcome: 'refused',
      });
      throw new Problem(
        HttpStatus.UNAUTHORIZED,
        'auth.member-account-disabled',
        {},
        'This account is disabled: ask your territorial commission',
      );
    }
    if (user.failedSignIns > 0 || user.lockedUntil)
      await this.db.client.user.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: null } });
    await this.upgradeHash(user, input.password);
    const signed = await this.startSession(user, randomUUID(), now);
    await this.audit.record({
      actor: user.id,
      action: 'auth.sign-in-eds',
      subjectType: 'user',
      subjectId: user.id,
      requestId,
    });
    return signed;
  }

  /**
   * A new pair for a refresh token: the session it names is replaced by the next in its family.
   * A token already replaced, presented again, has been copied: the whole family ends.
   */
  async refresh(refreshToken: string, requestId?: string): Promise<SignedIn> {
    const now = new Date();
    const session = await this.db.client.userSession.findUnique({
      where: { refreshHash: hashRefreshToken(refreshToken) },
      include: { user: true },
    });
    if (!session)
      throw new Problem(
        HttpStatus.UNAUTHORIZED,
        'auth.refresh-invalid',
        {},
        'The refresh token is not valid: sign in again',
      );
    if (session.endedAt) throw SESSION_ENDED();
    if (session.replacedAt) {
      await this.endFamily(session.familyId, 'a refresh token was used twice', now);
      await this.audit.record({
        actor: session.userId,
        action: 'auth.refresh-reused',
        subjectType: 'user-session',
        subjectId: session.familyId,
        requestId,
        outcome: 'refused',
      });
      throw new Problem(
        HttpStatus.UNAUTHORIZED,
        'auth.refresh-reused',
        {},
        'This sign-in was ended for safety (its refresh token was used twice): sign in again',
      );
    }
    if (session.expiresAt <= now)
      throw new Problem(HttpStatus.UNAUTHORIZED, 'auth.session-expired', {}, 'This sign-in has expired: sign in again');
    if (session.user.disabledAt) throw DISABLED();
    // Only one exchange wins a race for the same token; the loser sees it replaced.
    const replaced = await this.db.client.userSession.updateMany({
      where: { id: session.id, replacedAt: null, endedAt: null },
      data: { replacedAt: now },
    });
    if (replaced.count !== 1)
      throw new Problem(
        HttpStatus.UNAUTHORIZED,
        'auth.refresh-just-used',
        {},
        'This refresh token was just used: sign in again if you were not the one who used it',
      );
    const signed = await this.startSession(session.user, session.familyId, now);
    await this.audit.record({
      actor: session.userId,
      action: 'auth.refresh',
      subjectType: 'user-session',
      subjectId: session.familyId,
      requestId,
    });
    return signed;
  }

  /** Ends the sign-in (its whole family of sessions) the access token belongs to. */
  async signOut(actor: Actor, sessionId: string | undefined, requestId?: string): Promise<void> {
    if (!sessionId) return;
    const session = await this.db.client.userSession.findUnique({ where: { id: sessionId } });
    if (!session || session.userId !== actor.id) return;
    await this.endFamily(session.familyId, 'signed out', new Date());
    await this.audit.record({
      actor: actor.id,
      action: 'auth.sign-out',
      subjectType: 'user-session',
      subjectId: session.familyId,
      requestId,
    });
  }

  /** Ends every sign-in of a user (password changed, role changed, account disabled). */
  async endAllSessions(userId: string, reason: string): Promise<void> {
    await this.db.client.userSession.updateMany({
      where: { userId, endedAt: null },
      data: { endedAt: new Date(), endReason: reason },
    });
  }

  /**
   * The actor an access token stands for, read afresh: its session must be live and its user
   * enabled. Returns the session id too (sign-out needs it).
   */
  async actorForToken(token: string): Promise<{ actor: Actor; sessionId: string }> {
    const { tokenSecret, previousTokenSecret } = this.settings;
    const secrets = previousTokenSecret ? [tokenSecret, previousTokenSecret] : [tokenSecret];
    const check = verifyAccessToken(token, secrets, Date.now());
    // libs/auth/tokens.ts says "expired" only of a token past its time; every other refusal is "not valid".
    if (!check.ok)
      throw new Problem(
        HttpStatus.UNAUTHORIZED,
        /expired/.test(check.reason) ? 'auth.token-expired' : 'auth.token-invalid',
        {},
        check.reason,
      );
    const session = await this.db.client.userSession.findUnique({
      where: { id: check.claims.sid },
      select: {
        endedAt: true,
        userId: true,
        user: {
          select: { id: true, role: true, regionCode: true, districtId: true, stationId: true, disabledAt: true },
        },
      },
    });
    if (!session || session.userId !== check.claims.sub) throw tokenInvalid();
    if (session.endedAt) throw SESSION_ENDED();
    if (session.user.disabledAt) throw DISABLED();
    return { actor: actorOf(session.user), sessionId: check.claims.sid };
  }

  private async startSession(user: UserRow, familyId: string, now: Date): Promise<SignedIn> {
    const refresh = newRefreshToken();
    const refreshExpiresAt = new Date(now.getTime() + this.settings.refreshTokenSeconds * 1000);
    await this.db.client.userSession.create({
      data: {
        id: refresh.sessionId,
        userId: user.id,
        familyId,
        refreshHash: refresh.hash,
        createdAt: now,
        expiresAt: refreshExpiresAt,
      },
    });
    const access = signAccessToken(
      {
        sub: user.id,
        sid: refresh.sessionId,
        role: user.role,
        ...(user.regionCode ? { reg: user.regionCode } : {}),
        ...(user.districtId ? { dis: user.districtId } : {}),
        ...(user.stationId ? { sta: user.stationId } : {}),
      },
      this.settings.tokenSecret,
      this.settings.accessTokenSeconds,
      now.getTime(),
    );
    const { passwordHash: _h, failedSignIns: _f, createdBy: _c, iinHmac: _i, ...view } = user;
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      expiresIn: this.settings.accessTokenSeconds,
      refreshToken: refresh.token,
      refreshExpiresAt: refreshExpiresAt.toISOString(),
      user: view,
    };
  }

  private async endFamily(familyId: string, reason: string, at: Date): Promise<void> {
    await this.db.client.userSession.updateMany({
      where: { familyId, endedAt: null },
      data: { endedAt: at, endReason: reason },
    });
  }
}

/** The access token that does not stand for a live session (core/auth.ts too). */
export const tokenInvalid = (): Problem =>
  new Problem(HttpStatus.UNAUTHORIZED, 'auth.token-invalid', {}, 'The token is not valid');

function lockedOut(until: Date, now: Date): Problem {
  const local = localDateTimeOf(until.getTime());
  const hhmm = `${String(Math.floor(local.minuteOfDay / 60)).padStart(2, '0')}:${String(local.minuteOfDay % 60).padStart(2, '0')}`;
  const e = new Problem(
    HttpStatus.TOO_MANY_REQUESTS,
    'auth.locked',
    { time: hhmm, date: local.date },
    `Too many failed sign-ins: the account is locked until ${hhmm} (Kazakhstan time, ${local.date})`,
  );
  e.retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return e;
}
