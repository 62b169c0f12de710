/**
 * Every route needs `Authorization: Bearer <token>` except those marked @Public() (health,
 * readiness, the OpenAPI page, sign-in). The token is an official's access token (sign-in,
 * apps/api/src/auth), which stands for that user with their role and territory; or the operator
 * token (API_ADMIN_TOKEN), a service credential that acts as an administrator, for automation and
 * for creating the first accounts. Then the handler's @Allow roles are checked (core/access.ts).
 *
 * Citizens' services (@ForCitizens) are called by the e-gov portal, server to server, with its own
 * credential (TIZIM_EGOV_PORTAL_TOKEN) and the citizen it has authenticated in `X-Citizen-IIN`;
 * the portal's credential opens those routes only, and officials' tokens never open them.
 *
 * The register feeds (@ForSourceSystems, issue 20) are called by the state registries, each with
 * its own credential (TIZIM_FEED_TOKEN_<SOURCE>), which names the source: the event is taken as
 * that source's. A source's credential opens the feeds only; officials' tokens never open them.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { iinHmac } from '../../../../libs/auth/iin-hmac';
import { iinProblem, IIN_PROBLEM_TEXT } from '../../../../libs/iin/iin';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { looksLikeJwt } from '../../../../libs/auth/tokens';
import type { RegisterSourceName } from '../../../../libs/register/events';
import { AuditService } from '../audit/audit.service';
import { RefusalAudit } from '../audit/refusal-audit';
import { AuthService, BACKGROUND_HEADER, tokenInvalid } from '../auth/auth.service';
import { ALLOWED_ROLES, ROLE_WORDS, type Actor, type Role } from './access';
import { AppConfig } from './app-config';
import { Problem } from './problem';

export type { Actor } from './access';

export const PUBLIC = Symbol('tizim:public');
export const Public = () => SetMetadata(PUBLIC, true);
export const FOR_CITIZENS = Symbol('tizim:for-citizens');
export const ForCitizens = () => SetMetadata(FOR_CITIZENS, true);
export const FOR_SOURCE_SYSTEMS = Symbol('tizim:for-source-systems');
export const ForSourceSystems = () => SetMetadata(FOR_SOURCE_SYSTEMS, true);

/** The citizen the e-gov portal vouches for; `id` (an HMAC of the IIN) is what logs and the audit name. */
export interface Citizen {
  iin: string;
  id: string;
}

export type AuthenticatedRequest = Request & {
  id?: string;
  actor?: Actor;
  sessionId?: string;
  citizen?: Citizen;
  sourceSystem?: RegisterSourceName;
};

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The client's address as the audit and the per-address limits count it: Express's req.ip, which
 * reads X-Forwarded-For only from a proxy TIZIM_TRUST_PROXY trusts (app.ts), else the socket's.
 */
export const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

@Injectable()
export class BearerTokenGuard implements CanActivate {
  /** The operator token's digest; null when it is switched off (TIZIM_OPERATOR_TOKEN=off). */
  private readonly expected: Buffer | null;

  private readonly portal: Buffer | null;

  private readonly sources: [RegisterSourceName, Buffer][];

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
    private readonly refusals: RefusalAudit,
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {
    this.expected = config.value.api.adminToken ? digest(config.value.api.adminToken) : null;
    this.portal = config.value.citizens.portalToken ? digest(config.value.citizens.portalToken) : null;
    this.sources = Object.entries(config.value.feeds.tokens).map(([source, token]) => [
      source as RegisterSourceName,
      digest(token),
    ]);
  }

  /** The source whose credential this is; every configured one is compared (in constant time), so the time taken names none. */
  private sourceOf(token: string): RegisterSourceName | null {
    const d = digest(token);
    let found: RegisterSourceName | null = null;
    for (const [source, expected] of this.sources) if (timingSafeEqual(d, expected)) found = source;
    return found;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.header('authorization') ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    const forCitizens =
      this.reflector.getAllAndOverride<boolean>(FOR_CITIZENS, [context.getHandler(), context.getClass()]) ?? false;
    if (forCitizens) return this.citizen(req, match?.[1]?.trim() ?? '');
    const forSources =
      this.reflector.getAllAndOverride<boolean>(FOR_SOURCE_SYSTEMS, [context.getHandler(), context.getClass()]) ??
      false;
    if (forSources) return this.sourceSystem(req, match?.[1]?.trim() ?? '');
    if (!match)
      throw new Problem(
        HttpStatus.UNAUTHORIZED,
        'auth.sign-in-required',
        {},
        'Sign in first, then send the access token as "Authorization: Bearer <token>"',
      );
    const token = match[1]!.trim();
    if (this.portal && timingSafeEqual(digest(token), this.portal))
      throw new Problem(
        HttpStatus.FORBIDDEN,
        'auth.portal-credential',
        {},
        "The e-gov portal's credential opens citizens' services only",
      );
    if (this.sourceOf(token))
      throw new Problem(
        HttpStatus.FORBIDDEN,
        'auth.source-credential',
        {},
        "A state registry's credential opens the register feeds only",
      );
    let actor: Actor;
    try {
      if (looksLikeJwt(token)) {
        // The console's background polling is not the official's activity (auth.service.ts).
        const signedIn = await this.auth.actorForToken(token, req.header(BACKGROUND_HEADER) !== 'polling');
        actor = signedIn.actor;
        req.sessionId = signedIn.sessionId;
      } else if (this.expected && timingSafeEqual(digest(token), this.expected)) {
        actor = { id: 'operator', role: 'ADMIN' };
      } else {
        throw tokenInvalid();
      }
    } catch (err) {
      // A refused token (forged, expired, of an ended session) is audited with the client address,
      // never the token itself (issue 24).
      if (err instanceof Problem && err.getStatus() === HttpStatus.UNAUTHORIZED)
        await this.refusals.record(
          {
            actor: 'anonymous',
            action: 'auth.token-refused',
            subjectType: 'endpoint',
            subjectId: `${req.method} ${req.route?.path ?? req.path}`,
            requestId: req.id,
            reason: `${err.code} from ${clientAddress(req)}`,
            outcome: 'refused',
          },
          clientAddress(req),
        );
      throw err;
    }
    req.actor = actor;
    await this.ensureRole(context, req, actor);
    return true;
  }

  /** A citizens' route: the portal's credential and the citizen's IIN, checked. */
  private citizen(req: AuthenticatedRequest, token: string): boolean {
    if (!this.portal)
      throw new Problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        'citizen.not-configured',
        {},
        "Citizens' services are not configured here: set TIZIM_EGOV_PORTAL_TOKEN",
      );
    if (!token || !timingSafeEqual(digest(token), this.portal)) {
      throw new Problem(
        HttpStatus.UNAUTHORIZED,
        'citizen.portal-credential-required',
        {},
        "Citizens' services are called by the e-gov portal with its credential (Authorization: Bearer <portal token>)",
      );
    }
    const iin = (req.header('x-citizen-iin') ?? '').trim();
    const problem = iinProblem(iin);
    if (problem)
      throw new Problem(HttpStatus.BAD_REQUEST, 'citizen.iin-invalid', {}, 'The citizen is not named', [
        { field: 'X-Citizen-IIN', message: IIN_PROBLEM_TEXT[problem] },
      ]);
    req.citizen = { iin, id: `citizen:${iinHmac(this.config.value.iinHmacKey, iin).slice(0, 16)}` };
    return true;
  }

  /**
   * A register feed's route: a source system's credential, which names the source. Anything else
   * (an official's token, the operator's, none) is refused and audited, with the credential unnamed.
   */
  private async sourceSystem(req: AuthenticatedRequest, token: string): Promise<boolean> {
    const source = token ? this.sourceOf(token) : null;
    if (source) {
      req.sourceSystem = source;
      return true;
    }
    await this.audit.record({
      actor: 'unknown',
      action: 'register.event.unauthorised',
      subjectType: 'endpoint',
      subjectId: req.path,
      requestId: req.id,
      outcome: 'refused',
    });
    throw new Problem(
      HttpStatus.UNAUTHORIZED,
      'register-feed.credential-required',
      {},
      "The register feeds are for the state registries, each with its own credential (Authorization: Bearer <the source system's token>); officials' sign-in does not open them",
    );
  }

  /** The handler's @Allow roles (admins only when it names none); a refusal is audited. */
  private async ensureRole(context: ExecutionContext, req: AuthenticatedRequest, actor: Actor): Promise<void> {
    const allowed = this.reflector.getAllAndOverride<readonly Role[] | undefined>(ALLOWED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]) ?? ['ADMIN'];
    if (allowed.includes(actor.role)) return;
    await this.audit.record({
      actor: actor.id,
      action: `access.role:${req.method} ${req.route?.path ?? req.path}`,
      subjectType: 'endpoint',
      subjectId: req.path,
      requestId: req.id,
      outcome: 'refused',
    });
    throw new Problem(
      HttpStatus.FORBIDDEN,
      'access.role-not-allowed',
      { role: actor.role, allowed: [...allowed] },
      `${ROLE_WORDS[actor.role].replace(/^./, (c) => c.toUpperCase())} cannot do this; it is for ${allowed.map((r) => ROLE_WORDS[r]).join(', ')}`,
    );
  }
}
