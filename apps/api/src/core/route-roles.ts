/**
 * Which routes each role may call, read from the same @Allow metadata the guard enforces: the web
 * console asks `GET /v1/auth/me` and shows only what the API would let the official do.
 */
import { Injectable, RequestMethod, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ALLOWED_ROLES, MEMBER_ANY_TIME, ROLES, type Role } from './access';
import { FOR_CITIZENS, FOR_SOURCE_SYSTEMS, PUBLIC } from './auth';

const join = (...parts: string[]) =>
  `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;

@Injectable()
export class RouteRoles implements OnApplicationBootstrap {
  private readonly byRole = new Map<Role, string[]>();

  private readonly anyTime: string[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    for (const role of ROLES) this.byRole.set(role, []);
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined) ?? '';
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as object;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const route = `${RequestMethod[method]} ${join(base, path)}`;
        if (this.reflector.getAllAndOverride<boolean>(FOR_CITIZENS, [handler as never, metatype])) continue; // the e-gov portal's, no official's
        if (this.reflector.getAllAndOverride<boolean>(FOR_SOURCE_SYSTEMS, [handler as never, metatype])) continue; // the state registries', no official's
        const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, [handler as never, metatype]) ?? false;
        const allowed = isPublic
          ? ROLES
          : (this.reflector.getAllAndOverride<readonly Role[] | undefined>(ALLOWED_ROLES, [
              handler as never,
              metatype,
            ]) ?? ['ADMIN']);
        for (const role of allowed) this.byRole.get(role)!.push(route);
        if (
          allowed.includes('PRECINCT_MEMBER') &&
          this.reflector.getAllAndOverride<string>(MEMBER_ANY_TIME, [handler as never, metatype])
        )
          this.anyTime.push(route);
      }
    }
    for (const routes of this.byRole.values()) routes.sort();
    this.anyTime.sort();
  }

  /** A precinct member's routes open outside voting hours too (@MemberAnyTime); VotingHoursGuard closes the rest. */
  memberAnyTime(): string[] {
    return this.anyTime;
  }

  /** "GET /v1/board", "POST /v1/tasks/:id/claim", … for this role. */
  routes(role: Role): string[] {
    return this.byRole.get(role) ?? [];
  }
}
