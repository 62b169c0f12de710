/**
 * `@CurrentActor() actor: Actor` in a handler's parameters: the signed-in official the bearer-token
 * guard (core/auth.ts) put on the request. A route that reaches it without one (a @Public() route,
 * or one that forgot its guard) is answered 401, never handed `undefined`.
 */
import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { Actor, ActorRequest } from './access';

export function actorOf(req: ActorRequest): Actor {
  if (!req.actor) throw new UnauthorizedException('Sign in first: this route acts for a signed-in official');
  return req.actor;
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor =>
  actorOf(context.switchToHttp().getRequest<ActorRequest>()),
);
