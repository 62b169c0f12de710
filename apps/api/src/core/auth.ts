/**
 * Every route needs `Authorization: Bearer <token>` except those marked @Public() (health,
 * readiness, the OpenAPI page, sign-in). The token is an official's access token (sign-in,
 * apps/api/src/auth), which stands for that user with their role and territory; or the operator
 * token (API_ADMIN_TOKEN), a service credential that acts as an administrator, for automation and
 * for creating the first accounts. Then the handler's @Allow roles are checked (core/access.ts).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { looksLikeJwt } from '../../../../libs/auth/tokens';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { ALLOWED_ROLES, ROLE_WORDS, type Actor, type Role } from './access';
import { AppConfig } from './app-config';

export type { Actor } from './access';

export const PUBLIC = Symbol('tizim:public');
export const Public = () => SetMetadata(PUBLIC, true);

export type AuthenticatedRequest = Request & { id?: string; actor?: Actor; sessionId?: string };

const digest = (s: string) => createHash('sha256').update(s).digest();

@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(private readonly reflector: Reflector, private readonly audit: AuditService, private readonly auth: AuthService, config: AppConfig) {
    this.expected = digest(config.value.api.adminToken);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.header('authorization') ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match) throw new UnauthorizedException('Sign in first, then send the access token as "Authorization: Bearer <token>"');
    const token = match[1]!.trim();
    if (looksLikeJwt(token)) {
      const { actor, sessionId } = await this.auth.actorForToken(token);
      req.actor = actor;
      req.sessionId = sessionId;
    } else if (timingSafeEqual(digest(token), this.expected)) {
      req.actor = { id: 'operator', role: 'ADMIN' };
    } else {
      throw new UnauthorizedException('The token is not valid');
    }
    await this.ensureRole(context, req);
    return true;
  }

  /** The handler's @Allow roles (admins only when it names none); a refusal is audited. */
  private async ensureRole(context: ExecutionContext, req: AuthenticatedRequest): Promise<void> {
    const allowed = this.reflector.getAllAndOverride<readonly Role[] | undefined>(ALLOWED_ROLES, [context.getHandler(), context.getClass()]) ?? ['ADMIN'];
    const actor = req.actor!;
    if (allowed.includes(actor.role)) return;
    await this.audit.record({ actor: actor.id, action: `access.role:${req.method} ${req.route?.path ?? req.path}`, subjectType: 'endpoint', subjectId: req.path, requestId: req.id, outcome: 'refused' });
    throw new ForbiddenException(`${ROLE_WORDS[actor.role].replace(/^./, (c) => c.toUpperCase())} cannot do this; it is for ${allowed.map((r) => ROLE_WORDS[r]).join(', ')}`);
  }
}
