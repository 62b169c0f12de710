/**
 * Until sign-in with users and roles lands (the admin API issue), the API accepts one operator
 * credential: `Authorization: Bearer <API_ADMIN_TOKEN>`. Every route needs it except those marked
 * @Public() (health, readiness, the OpenAPI page).
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppConfig } from './app-config';

const PUBLIC = Symbol('tizim:public');
export const Public = () => SetMetadata(PUBLIC, true);

export interface Actor {
  id: string;
  role: 'admin';
}

export type AuthenticatedRequest = Request & { id?: string; actor?: Actor };

const digest = (s: string) => createHash('sha256').update(s).digest();

@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(private readonly reflector: Reflector, config: AppConfig) {
    this.expected = digest(config.value.api.adminToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.header('authorization') ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match) throw new UnauthorizedException('Send the operator token as "Authorization: Bearer <token>"');
    if (!timingSafeEqual(digest(match[1]), this.expected)) throw new UnauthorizedException('The token is not valid');
    req.actor = { id: 'operator', role: 'admin' };
    return true;
  }
}
