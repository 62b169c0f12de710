/**
 * Officials' sign-in: username and password, a short-lived access token and a rotating refresh
 * token (libs/auth/tokens.ts). Failures slow the next attempts by growing delays
 * (./sign-in-throttle.ts); every sign-in, refusal, refresh and sign-out is audited, refusals with
 * the client address. The API's guard turns an access token into the actor,
 * reading the user afresh on each request, so a changed role, a disabled account or an ended
 * session takes effect at once.
 *
 * A sign-in (a family of sessions, one per refresh) ends TIZIM_SESSION_MAX_HOURS after it began
 * however often it is refreshed, and TIZIM_SESSION_IDLE_MINUTES after the official's last own
 * request (ASVS 3.3.2-3.3.4). The console polls in the background (the board, the unread count)
 * and would otherwise keep an unattended sign-in alive for ever: it marks those requests with
 * `X-Tizim-Background: polling`, and only requests without the mark count as activity. Marking
 * the background rather than the foreground fails safe: a client that marks nothing (a script, an
 * older console) is only kept signed in while it works.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { iinHmac, sameIinHmac } from '../../../../libs/auth/iin-hmac';
import { hashPassword, needsRehash, verifyPassword } from '../../../../libs/auth/passwords';
import { deviceOf } from '../../../../libs/auth/device';
import {
  hashRefreshToken,
  looksLikeJwt,
  newRefreshToken,
  signAccessToken,
  verifyAccessToken,
} from '../../../../libs/auth/tokens';
import { localDateTimeOf } from '../../../../libs/calendar';
import type { Prisma } from '../../../../libs/db/prisma';
import { CertificateRegistry } from '../../../../libs/db/eds/registry';
import { SignatureVerification } from '../../../../libs/eds';
import { EdsSignatures } from '../eds/eds.module';
import { AuditService } from '../audit/audit.service';
import { RefusalAudit } from '../audit/refusal-audit';
import type { Actor, Role } from '../core/access';
import { AppConfig } from '../core/app-config';
import { Database } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import { SignInThrottle, type Hold } from './sign-in-throttle';

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
const SESSION_LIMIT = (hours: number): Problem =>
  new Problem(
    HttpStatus.UNAUTHORIZED,
    'auth.session-limit',
    { hours },
    `This sign-in has reached its limit of ${hours} hours: sign in again`,
  );
const SESSION_IDLE = (minutes: number): Problem =>
  new Problem(
    HttpStatus.UNAUTHORIZED,
    'auth.session-idle',
    { minutes },
    `This sign-in has ended after ${minutes} minutes without activity: sign in again`,
  );
/**
 * The header the console sends with its background polling: such a request is not the official's
 * activity (see the top of this file).
 */
export const BACKGROUND_HEADER = 'x-tizim-background';
/**
 * The last activity is written at most this often per sign-in (a write per request would double
 * the database's work); the idle limit may so fall up to this much early.
 */
const ACTIVITY_WRITE_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where a sign-in or refresh comes from, kept for the official's list of their sign-ins. */
export interface Client {
  address?: string;
  userAgent?: string;
}

/** One of an official's live sign-ins, as their list shows it. */
export interface SessionView {
  /** The sign-in's id (its family's: it stays the same across refreshes). */
  id: string;
  signedInAt: Date;
  lastActiveAt: Date;
  /** When it ends at the latest (the absolute limit, or its refresh token's expiry if sooner). */
  endsBy: Date;
  clientAddress: string | null;
  device: string | null;
  /** The sign-in this request was made with. */
  current: boolean;
}

/**
 * Who asked, for the audit and the official's list of their sign-ins: the client address (behind
 * a trusted proxy, the one it names; app.ts) and the browser.
 */
export interface Caller extends Client {
  requestId?: string;
  address: string;
}
const from = (caller: Caller) => `from ${caller.address}`;
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
    private readonly throttle: SignInThrottle,
    private readonly refusals: RefusalAudit,
    private readonly cms: EdsSignatures,
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
   * The account a sign-in names, once no wait is in force for it from this address; an unknown
   * username is answered as a wrong password would be, after as long (the decoy hash), and counted
   * and delayed exactly as an account (the throttle keys both alike), so no answer tells which
   * usernames exist.
   */
  private async account(
    usernameGiven: string,
    password: string,
    action: string,
    wrong: () => Problem,
    now: Date,
    caller: Caller,
  ): Promise<UserRow> {
    const username = usernameGiven.trim().toLowerCase();
    const waiting = await this.throttle.wait(username, caller.address, now.getTime());
    const user = await this.db.client.user.findUnique({ where: { username } });
    if (waiting) {
      await this.audit.record({
        actor: user?.id ?? 'anonymous',
        action: waiting.kind === 'account' ? 'auth.sign-in-locked' : 'auth.sign-in-delayed',
        subjectType: 'user',
        subjectId: user?.id ?? 'unknown',
        requestId: caller.requestId,
        reason: from(caller),
        outcome: 'refused',
      });
      throw held(waiting, now);
    }
    if (!user) {
      await verifyPassword(password, await this.decoy);
      throw await this.failed(null, username, now, action, wrong, caller);
    }
    return user;
  }

  async signIn(username: string, password: string, caller: Caller): Promise<SignedIn> {
    const now = new Date();
    const requestId = caller.requestId;
    const user = await this.account(username, password, 'auth.sign-in', WRONG, now, caller);
    if (!(await verifyPassword(password, user.passwordHash)))
      throw await this.failed(user, user.username, now, 'auth.sign-in', WRONG, caller);
    if (user.role === 'PRECINCT_MEMBER') {
      await this.audit.record({
        actor: user.id,
        action: 'auth.sign-in',
        subjectType: 'user',
        subjectId: user.id,
        requestId,
        reason: from(caller),
        outcome: 'refused',
      });
      throw new Problem(
        HttpStatus.UNAUTHORIZED,
        'auth.eds-required',
        {},
        'Precinct commission members sign in with their IIN and EDS: ask for a challenge (POST /v1/auth/challenge) and sign it (POST /v1/auth/sign-in-eds)',
      );
    }
    // ASVS 4.3.1: the administrative interface takes a second factor, the admin's EDS.
    if (user.role === 'ADMIN' && this.settings.adminSignIn === 'eds') {
      await this.audit.record({
        actor: user.id,
        action: 'auth.sign-in',
        subjectType: 'user',
        subjectId: user.id,
        requestId,
        reason: `${from(caller)}; an administrator needs EDS`,
        outcome: 'refused',
      });
      throw new Problem(
        HttpStatus.UNAUTHORIZED,
        'auth.admin-needs-eds',
        {},
        'Administrators sign in with their EDS as well as the password: ask for a challenge (POST /v1/auth/challenge) and sign it (POST /v1/auth/sign-in-eds)',
      );
    }
    if (user.disabledAt) {
      await this.audit.record({
        actor: user.id,
        action: 'auth.sign-in-disabled',
        subjectType: 'user',
        subjectId: user.id,
        requestId,
        reason: from(caller),
        outcome: 'refused',
      });
      throw DISABLED();
    }
    await this.succeeded(user, caller);
    await this.upgradeHash(user, password);
    const signed = await this.startSession(user, randomUUID(), now, { signedInAt: now, lastActiveAt: now }, caller);
    await this.audit.record({
      actor: user.id,
      action: 'auth.sign-in',
      subjectType: 'user',
      subjectId: user.id,
      requestId,
    });
    return signed;
  }

  /** A right password from this address: its count for the account starts again. */
  private async succeeded(user: UserRow, caller: Caller): Promise<void> {
    await this.throttle.succeeded(user.username, caller.address);
    if (user.failedSignIns > 0 || user.lockedUntil)
      await this.db.client.user.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: null } });
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

  /**
   * A failed attempt (on an account, or `user` null for an unknown username, alike): counted, and
   * audited; the error to throw is its own refusal (a wrong password, a refused signature): the
   * wait it may start is answered to the next attempt (429). An account held (failures from many
   * addresses) shows `lockedUntil` to its administrators.
   */
  private async failed(
    user: UserRow | null,
    username: string,
    now: Date,
    action: string,
    refusal: () => Problem,
    caller: Caller,
  ): Promise<Problem> {
    const hold = await this.throttle.failed(username, caller.address, now.getTime());
    if (user) {
      await this.db.client.user.update({
        where: { id: user.id },
        data: {
          failedSignIns: { increment: 1 },
          ...(hold?.kind === 'account' ? { lockedUntil: new Date(hold.until) } : {}),
        },
      });
    }
    await this.audit.record({
      actor: user?.id ?? 'anonymous',
      action,
      subjectType: 'user',
      subjectId: user?.id ?? 'unknown',
      requestId: caller.requestId,
      reason: `${from(caller)}${hold?.kind === 'account' ? '; the account is held' : hold ? `; the next attempt waits ${Math.ceil((hold.until - now.getTime()) / 1000)} s` : ''}`,
      outcome: 'refused',
    });
    return refusal();
  }

  /** The console's EDS settings: nothing secret (GET /v1/auth/eds-options). */
  edsOptions(): { ncalayerUrl: string; keyFile: boolean } {
    const { ncalayerUrl, keyFile } = this.config.value.eds;
    return { ncalayerUrl, keyFile };
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
   * The EDS sign-in (DOMAIN §3 step 2; issue 27): username and password, and the challenge's nonce
   * signed through NCALayer as CMS with the holder's AUTHENTICATION certificate, which must chain to
   * NCA RK's roots, not be revoked (OCSP, then the CRL) and carry the IIN the account is bound to.
   * A precinct member also types their IIN, which must be the account's and the certificate's. Any
   * official may sign in so; an administrator must when TIZIM_ADMIN_SIGN_IN=eds (the second factor).
   *
   * The developer's fallback (TIZIM_EDS_KEY_FILE=on, never in production): a raw signature with a
   * PKCS#8 key file, checked against a certificate an admin registered (libs/eds/verify.ts); only
   * precinct members and admins, as before NCALayer. Every part must hold; a failure counts towards
   * the lock-out, and the challenge is spent whatever the outcome.
   */
  async signInWithEds(
    input: {
      username: string;
      password: string;
      iin?: string;
      challengeId: string;
      cms?: string;
      certificateId?: string;
      signature?: string;
    },
    caller: Caller,
  ): Promise<SignedIn> {
    const now = new Date();
    const requestId = caller.requestId;
    const keyFile = input.cms === undefined;
    if (keyFile && !this.config.value.eds.keyFile)
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'auth.key-file-off',
        {},
        'Signing with a key file is switched off here: sign the challenge through NCALayer (send `cms`)',
        [{ field: 'cms', message: 'is required: the CMS NCALayer made over the challenge' }],
      );
    if (keyFile && (!input.certificateId || !input.signature))
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'request.invalid-fields',
        {},
        'Send `cms`, or `certificateId` with `signature`',
        [{ field: 'cms', message: 'is required: the CMS NCALayer made over the challenge' }],
      );
    const user = await this.account(input.username, input.password, 'auth.sign-in-eds', WRONG_EDS, now, caller);
    const passwordOk = await verifyPassword(input.password, user.passwordHash);
    const signsInWithEds = !keyFile || user.role === 'PRECINCT_MEMBER' || user.role === 'ADMIN';
    const iin = input.iin?.trim();
    // A precinct member types their IIN; others may, and it is checked all the same. With a key
    // file an admin has none to type (the registered certificate is their factor).
    const iinOk =
      iin === undefined
        ? user.role !== 'PRECINCT_MEMBER' && (!keyFile || user.role === 'ADMIN')
        : user.iinHmac !== null && sameIinHmac(this.iinHmac(iin), user.iinHmac);
    // The challenge is spent by this attempt whatever its outcome: a nonce is answered once.
    const spent = await this.db.client.authChallenge.updateMany({
      where: { id: input.challengeId, userId: user.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    const challenge =
      spent.count === 1 ? await this.db.client.authChallenge.findUnique({ where: { id: input.challengeId } }) : null;
    if (!passwordOk || !iinOk || !challenge || !signsInWithEds) {
      throw await this.failed(
        user,
        user.username,
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
        caller,
      );
    }
    const nonce = Buffer.from(challenge.nonce, 'utf8');
    const verdict = keyFile
      ? await this.eds.verify(nonce, input.signature!, input.certificateId!, now, {
          holder: user.id,
          role: user.role === 'ADMIN' ? 'ADMIN' : 'PRECINCT_MEMBER',
        })
      : await this.cms.accept({
          cms: input.cms!,
          content: nonce,
          purpose: 'sign-in',
          account: user,
          typedIin: iin,
          subject: { type: 'user', id: user.id },
          requestId,
        });
    if (!verdict.valid)
      throw await this.failed(
        user,
        user.username,
        now,
        'auth.sign-in-eds',
        () =>
          new Problem(
            HttpStatus.UNAUTHORIZED,
            'auth.signature-refused',
            { reason: verdict.code },
            `The signature was not accepted: ${verdict.reason}`,
          ),
        caller,
      );
    if (user.disabledAt) {
      await this.audit.record({
        actor: user.id,
        action: 'auth.sign-in-disabled',
        subjectType: 'user',
        subjectId: user.id,
        requestId,
        reason: from(caller),
        outcome: 'refused',
      });
      throw user.role === 'ADMIN'
        ? DISABLED()
        : new Problem(
            HttpStatus.UNAUTHORIZED,
            'auth.member-account-disabled',
            {},
            'This account is disabled: ask your territorial commission',
          );
    }
    await this.succeeded(user, caller);
    await this.upgradeHash(user, input.password);
    const signed = await this.startSession(user, randomUUID(), now, { signedInAt: now, lastActiveAt: now }, caller);
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
  async refresh(refreshToken: string, caller: Caller): Promise<SignedIn> {
    try {
      return await this.exchange(refreshToken, caller.requestId, caller);
    } catch (err) {
      // Every refusal audited with the address (a reused token was, with its family, already).
      if (err instanceof Problem && err.getStatus() === HttpStatus.UNAUTHORIZED && err.code !== 'auth.refresh-reused')
        await this.refusals.record(
          {
            actor: 'anonymous',
            action: 'auth.refresh-refused',
            subjectType: 'user-session',
            subjectId: 'unknown',
            requestId: caller.requestId,
            reason: `${err.code} ${from(caller)}`,
            outcome: 'refused',
          },
          caller.address,
        );
      throw err;
    }
  }

  private async exchange(refreshToken: string, requestId: string | undefined, caller: Caller): Promise<SignedIn> {
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
        reason: from(caller),
        outcome: 'refused',
      });
      throw new Problem(
        HttpStatus.UNAUTHORIZED,
        'auth.refresh-reused',
        {},
        'This sign-in was ended for safety (its refresh token was used twice): sign in again',
      );
    }
    // The limits before the refresh token's own expiry: they name why the sign-in is over.
    const overLimit = this.overLimit(session, now);
    if (overLimit) {
      await this.endFamily(session.familyId, overLimit.reason, now);
      await this.audit.record({
        actor: session.userId,
        action: overLimit.action,
        subjectType: 'user-session',
        subjectId: session.familyId,
        requestId,
        outcome: 'refused',
      });
      throw overLimit.problem;
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
    // A refresh is not activity: the console refreshes for its polling too. The chain keeps when
    // it began and the official's last own request.
    const signed = await this.startSession(
      session.user,
      session.familyId,
      now,
      { signedInAt: session.signedInAt, lastActiveAt: session.lastActiveAt },
      { address: caller.address ?? session.clientAddress ?? undefined, userAgent: caller.userAgent },
      session.device,
    );
    await this.audit.record({
      actor: session.userId,
      action: 'auth.refresh',
      subjectType: 'user-session',
      subjectId: session.familyId,
      requestId,
    });
    return signed;
  }

  /**
   * Ends the sign-in (its whole family of sessions) an access token or a refresh token belongs to.
   * The refresh token is enough: the console signs out with it too, so a sign-out after the access
   * token has expired still ends the sign-in on the server. Tokens that name nothing live end nothing.
   */
  async signOut(tokens: { accessToken?: string; refreshToken?: string }, requestId?: string): Promise<void> {
    const sessions = [];
    if (tokens.accessToken) {
      const check = verifyAccessToken(tokens.accessToken, this.settings.tokenSecret, Date.now());
      if (check.ok) {
        const s = await this.db.client.userSession.findUnique({ where: { id: check.claims.sid } });
        if (s?.userId === check.claims.sub) sessions.push(s);
      }
    }
    if (tokens.refreshToken) {
      const s = await this.db.client.userSession.findUnique({
        where: { refreshHash: hashRefreshToken(tokens.refreshToken) },
      });
      if (s) sessions.push(s);
    }
    const now = new Date();
    for (const familyId of new Set(sessions.filter((s) => !s.endedAt).map((s) => s.familyId))) {
      await this.endFamily(familyId, 'signed out', now);
      await this.audit.record({
        actor: sessions.find((s) => s.familyId === familyId)!.userId,
        action: 'auth.sign-out',
        subjectType: 'user-session',
        subjectId: familyId,
        requestId,
      });
    }
  }

  /**
   * An official's live sign-ins, newest first: one entry per family (its latest session), with
   * the one this request was made with marked.
   */
  async sessions(actor: Actor, currentSessionId: string | undefined): Promise<SessionView[]> {
    // The operator token is no sign-in; its actor has no sessions.
    if (!UUID.test(actor.id)) return [];
    const now = new Date();
    const settings = this.settings;
    const heads = await this.db.client.userSession.findMany({
      where: {
        userId: actor.id,
        endedAt: null,
        replacedAt: null,
        expiresAt: { gt: now },
        signedInAt: { gt: new Date(now.getTime() - settings.sessionMaxSeconds * 1000) },
        lastActiveAt: { gt: new Date(now.getTime() - settings.sessionIdleSeconds * 1000) },
      },
      orderBy: { signedInAt: 'desc' },
    });
    if (heads.length === 0) return [];
    const current = currentSessionId
      ? await this.db.client.userSession.findUnique({ where: { id: currentSessionId }, select: { familyId: true } })
      : null;
    return heads.map((s) => ({
      id: s.familyId,
      signedInAt: s.signedInAt,
      lastActiveAt: s.lastActiveAt,
      endsBy: new Date(Math.min(s.expiresAt.getTime(), s.signedInAt.getTime() + settings.sessionMaxSeconds * 1000)),
      clientAddress: s.clientAddress,
      device: s.device,
      current: s.familyId === current?.familyId,
    }));
  }

  /** Ends one of the official's own sign-ins (by its id in their list); another's is not found. */
  async endSession(actor: Actor, familyId: string, requestId?: string): Promise<void> {
    const ended =
      UUID.test(familyId) && UUID.test(actor.id)
        ? await this.db.client.userSession.updateMany({
            where: { familyId, userId: actor.id, endedAt: null },
            data: { endedAt: new Date(), endReason: 'ended by the official' },
          })
        : { count: 0 };
    if (ended.count === 0)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'auth.session-unknown',
        { id: familyId },
        `You have no live sign-in ${familyId}`,
      );
    await this.audit.record({
      actor: actor.id,
      action: 'auth.session-end',
      subjectType: 'user-session',
      subjectId: familyId,
      requestId,
    });
  }

  /** Why a sign-in is over by its limits (absolute first, then idle), or null while it is not. */
  private overLimit(
    session: { signedInAt: Date; lastActiveAt: Date },
    now: Date,
  ): { problem: Problem; action: string; reason: string } | null {
    const { sessionMaxSeconds: max, sessionIdleSeconds: idle } = this.settings;
    if (session.signedInAt.getTime() + max * 1000 <= now.getTime())
      return {
        problem: SESSION_LIMIT(max / 3600),
        action: 'auth.session-limit',
        reason: 'absolute lifetime reached',
      };
    if (session.lastActiveAt.getTime() + idle * 1000 <= now.getTime())
      return { problem: SESSION_IDLE(idle / 60), action: 'auth.session-idle', reason: 'idle limit reached' };
    return null;
  }

  /** Ends every sign-in of a user (password changed, role changed, account disabled). */
  async endAllSessions(userId: string, reason: string): Promise<void> {
    await this.db.client.userSession.updateMany({
      where: { userId, endedAt: null },
      data: { endedAt: new Date(), endReason: reason },
    });
  }

  /**
   * Whether `authorization` (the request's header) is `Bearer` an official's live access token or
   * the operator token: for what production opens to any signed-in caller but not to the public
   * (the OpenAPI document, /ready's detail; core/security-headers.ts, health/). Never throws.
   */
  async isSignedIn(authorization: string | undefined): Promise<boolean> {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1]?.trim();
    if (!token) return false;
    if (looksLikeJwt(token))
      return this.actorForToken(token).then(
        () => true,
        () => false,
      );
    const operatorToken = this.config.value.api.adminToken;
    if (!operatorToken) return false;
    const digest = (s: string) => createHash('sha256').update(s).digest();
    return timingSafeEqual(digest(token), digest(operatorToken));
  }

  /**
   * The actor an access token stands for, read afresh: its session must be live and its user
   * enabled. Returns the session id too (sign-out needs it).
   */
  async actorForToken(token: string, activity = true): Promise<{ actor: Actor; sessionId: string }> {
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
        familyId: true,
        signedInAt: true,
        lastActiveAt: true,
        user: {
          select: { id: true, role: true, regionCode: true, districtId: true, stationId: true, disabledAt: true },
        },
      },
    });
    if (!session || session.userId !== check.claims.sub) throw tokenInvalid();
    if (session.endedAt) throw SESSION_ENDED();
    if (session.user.disabledAt) throw DISABLED();
    const now = new Date();
    const overLimit = this.overLimit(session, now);
    if (overLimit) {
      await this.endFamily(session.familyId, overLimit.reason, now);
      throw overLimit.problem;
    }
    // The official's own request: every live session of the sign-in records it (an access token of
    // a session already replaced by a refresh is still valid for a few minutes).
    if (activity && session.lastActiveAt.getTime() <= now.getTime() - ACTIVITY_WRITE_MS)
      await this.db.client.userSession.updateMany({
        where: { familyId: session.familyId, endedAt: null },
        data: { lastActiveAt: now },
      });
    return { actor: actorOf(session.user), sessionId: check.claims.sid };
  }

  private async startSession(
    user: UserRow,
    familyId: string,
    now: Date,
    chain: { signedInAt: Date; lastActiveAt: Date },
    client: Client,
    device: string | null = null,
  ): Promise<SignedIn> {
    const refresh = newRefreshToken();
    // Neither token outlives the sign-in's absolute limit (ASVS 3.3.4: a refresh never extends it).
    const endsBy = chain.signedInAt.getTime() + this.settings.sessionMaxSeconds * 1000;
    const refreshExpiresAt = new Date(Math.min(now.getTime() + this.settings.refreshTokenSeconds * 1000, endsBy));
    const accessSeconds = Math.max(
      1,
      Math.min(this.settings.accessTokenSeconds, Math.floor((endsBy - now.getTime()) / 1000)),
    );
    await this.db.client.userSession.create({
      data: {
        id: refresh.sessionId,
        userId: user.id,
        familyId,
        refreshHash: refresh.hash,
        createdAt: now,
        expiresAt: refreshExpiresAt,
        signedInAt: chain.signedInAt,
        lastActiveAt: chain.lastActiveAt,
        clientAddress: client.address?.replace(/^::ffff:/, '').slice(0, 64) || null,
        device: deviceOf(client.userAgent) ?? device,
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
      accessSeconds,
      now.getTime(),
    );
    const { passwordHash: _h, failedSignIns: _f, createdBy: _c, iinHmac: _i, ...view } = user;
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      expiresIn: accessSeconds,
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

/**
 * The answer to an attempt while a wait is in force: 429 with Retry-After. An account held
 * (failures from many addresses) says until when, to the minute; a delay, in seconds. Worded
 * alike for every username, known or not.
 */
function held(hold: Hold, now: Date): Problem {
  if (hold.kind === 'account') return lockedOut(new Date(hold.until), now);
  const seconds = Math.max(1, Math.ceil((hold.until - now.getTime()) / 1000));
  const e = new Problem(
    HttpStatus.TOO_MANY_REQUESTS,
    'auth.sign-in-delayed',
    { seconds },
    `Too many sign-ins have failed: wait ${seconds} second${seconds === 1 ? '' : 's'} before the next attempt`,
  );
  e.retryAfterSeconds = seconds;
  return e;
}

function lockedOut(until: Date, now: Date): Problem {
  const local = localDateTimeOf(until.getTime());
  const hhmm = `${String(Math.floor(local.minuteOfDay / 60)).padStart(2, '0')}:${String(local.minuteOfDay % 60).padStart(2, '0')}`;
  const e = new Problem(
    HttpStatus.TOO_MANY_REQUESTS,
    'auth.locked',
    { time: hhmm, date: local.date },
    `Too many failed sign-ins from several addresses: the account is held until ${hhmm} (Kazakhstan time, ${local.date}) or until an administrator unlocks it`,
  );
  e.retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return e;
}
