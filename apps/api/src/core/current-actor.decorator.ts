/**
 * `@CurrentActor() actor: Actor` in a handler's parameters: the signed-in official the bearer-token
 * guard (core/auth.ts) put on the request. A route that reaches it without one (a @Public() route,
 * or one that forgot its guard) is answered 401, never handed `undefined`.
 */
import { createParamDecorator, HttpStatus, type ExecutionContext } from '@nestjs/common';
import type { Actor, ActorRequest } from './access';
import { Problem } from './problem';

export function actorOf(req: ActorRequest): Actor {
  if (!req.actor)
    throw new Problem(
      HttpStatus.UNAUTHORIZED,
      'auth.sign-in-required',
      {},
      'Sign in first: this route acts for a signed-in official',
    );
  return req.actor;
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor =>
  actorOf(context.switchToHttp().getRequest<ActorRequest>()),
);
