/**
 * Request limits, counted in Redis so every API instance shares them: a fixed window per signed-in
 * actor (after authentication: this guard runs after BearerTokenGuard), per client IP on routes
 * open without sign-in. `@RateLimit({ points, windowSeconds, key })` gives a route its own,
 * stricter bucket (sign-in: by IP); `@NoRateLimit()` exempts health and readiness.
 *
 * Each answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (seconds), the
 * names of the IETF httpapi draft, and RateLimit-Policy; a refusal is 429 problem+json with
 * Retry-After.
 *
 * Redis down or slow: the request is let through (fail open) and a warning logged, at most every
 * 30 s. Availability of the commissions' work outweighs the limit, which guards against runaway
 * clients, not against an attacker who can also take Redis down. A route marked `failClosed`
 * (sign-in, refresh: the guessing this limit slows) is refused instead, 503 naming Redis (issue 24).
 */
import { createHash } from 'node:crypto';
import { CanActivate, ExecutionContext, HttpStatus, Injectable, Logger, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { TizimConfig } from '../../../../libs/config/config';
import { AppConfig } from './app-config';
import { clientAddress, type AuthenticatedRequest } from './auth';
import { RedisGateway } from './infrastructure.module';
import { ServiceUnavailableException } from './outages';
import { Problem } from './problem';
import { redisWithin } from './redis-within';

export interface RateLimitOptions {
  /** A number, or read from the configuration (so a deployment, and the tests, can set it). */
  points: number | ((config: TizimConfig) => number);
  windowSeconds: number;
  /** Count by client IP (routes used before sign-in) or by the signed-in actor. */
  key: 'ip' | 'actor';
  /** Refuse (503) rather than let the request through when Redis does not count it. */
  failClosed?: boolean;
}

const RATE_LIMIT = Symbol('tizim:rate-limit');
export const RateLimit = (options: RateLimitOptions) => SetMetadata(RATE_LIMIT, options);
export const NoRateLimit = () => SetMetadata(RATE_LIMIT, 'none');

/**
 * INCR and the window's expiry in one atomic step: the first request of a window sets it; a key
 * found without an expiry (cannot happen unless someone removed it) is given one.
 */
const WINDOW_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
`;

/** How long a count may take before the request is let through without it. */
const REDIS_TIMEOUT_MS = 250;
const WARN_EVERY_MS = 30_000;

/** Ids and addresses enter Redis keys hashed: the keys say nothing about who called. */
const digest = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 22);

@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly logger = new Logger('RateLimit');
  private lastWarning = 0;

  constructor(
    private readonly reflector: Reflector,
    private readonly redis: RedisGateway,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const own = this.reflector.getAllAndOverride<RateLimitOptions | 'none' | undefined>(RATE_LIMIT, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (own === 'none') return true;
    const windowSeconds = (own ?? this.config.value.rateLimit).windowSeconds;
    const points = own
      ? typeof own.points === 'function'
        ? own.points(this.config.value)
        : own.points
      : this.config.value.rateLimit.points;
    if (points <= 0) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const byActor = own && own.key !== 'actor' ? undefined : req.actor;
    const subject = req.citizen
      ? `citizen:${digest(req.citizen.id)}`
      : byActor
        ? `actor:${digest(byActor.id)}`
        : `ip:${digest(clientAddress(req))}`;
    const bucket = own ? `${context.getClass().name}.${context.getHandler().name}` : 'default';
    const key = `${this.config.value.queuePrefix}:rate-limit:${bucket}:${windowSeconds}s:${subject}`;

    const counted = await this.count(key, windowSeconds * 1000, own?.failClosed === true);
    if (!counted) return true;
    const [count, ttlMs] = counted;
    const reset = Math.max(1, Math.ceil(ttlMs / 1000));
    res.setHeader('RateLimit-Limit', String(points));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, points - count)));
    res.setHeader('RateLimit-Reset', String(reset));
    res.setHeader('RateLimit-Policy', `${points};w=${windowSeconds}`);
    if (count <= points) return true;
    res.setHeader('Retry-After', String(reset));
    const per = req.citizen ? 'for each citizen' : byActor ? 'for each signed-in user' : 'from each address';
    throw new Problem(
      HttpStatus.TOO_MANY_REQUESTS,
      'rate-limit.exceeded',
      { points, windowSeconds, retryAfterSeconds: reset },
      `Too many requests: ${points} in ${windowSeconds === 60 ? 'a minute' : `${windowSeconds} seconds`} ${per}; try again in ${reset} second${reset === 1 ? '' : 's'}`,
    );
  }

  /** [count in this window, ms until it ends]; null when Redis did not answer in time. */
  private async count(key: string, windowMs: number, failClosed: boolean): Promise<[number, number] | null> {
    try {
      const answer = await redisWithin(
        this.redis.client,
        REDIS_TIMEOUT_MS,
        () => this.redis.client.eval(WINDOW_SCRIPT, 1, key, windowMs) as Promise<[number, number]>,
      );
      return [Number(answer[0]), Number(answer[1])];
    } catch (err) {
      if (failClosed)
        throw new ServiceUnavailableException(
          'queue',
          `requests cannot be counted: ${(err as Error).message.split('\n')[0]}`,
        );
      const now = Date.now();
      if (now - this.lastWarning >= WARN_EVERY_MS) {
        this.lastWarning = now;
        this.logger.warn(
          `Rate limit not applied: Redis did not count the request (${(err as Error).message.split('\n')[0]}); requests are let through until it answers`,
        );
      }
      return null;
    }
  }
}
