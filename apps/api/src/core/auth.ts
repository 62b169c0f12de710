/**
 * Until sign-in with users and roles lands (the admin API issue), the API accepts one operator
 * credential: `Authorization: Bearer <API_ADMIN_TOKEN>`. Every route needs it except those marked
 * @Public() (health, readiness, the OpenAPI page).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service';
import { ALLOWED_ROLES, ROLE_WORDS, type Actor, type Role } from './access';
import { AppConfig } from './app-config';

export type { Actor } from './access';

const PUBLIC = Symbol('tizim:public');
export const Public = () => SetMetadata(PUBLIC, true);

export type AuthenticatedRequest = Request & { id?: string; actor?: Actor };

const digest = (s: string) => createHash('sha256').update(s).digest();

@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(private readonly reflector: Reflector, private readonly audit: AuditService, config: AppConfig) {
    this.expected = digest(config.value.api.adminToken);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.header('authorization') ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match) throw new UnauthorizedException('Send the operator token as "Authorization: Bearer <token>"');
    if (!timingSafeEqual(digest(match[1]), this.expected)) throw new UnauthorizedException('The token is not valid');
    req.actor = { id: 'operator', role: 'ADMIN' };
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
