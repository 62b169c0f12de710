/**
 * Growing delays after failed sign-ins (issue 24, ASVS 4.0.3 2.2.1), instead of a lock anyone
 * could set on anyone's account by failing five times:
 *
 *  - per account as seen from one client address: after `freeAttempts` failures each further
 *    failure doubles the wait before the next attempt from that address is checked (2 s, 4 s, 8 s,
 *    … up to `maxDelaySeconds`). Failures from an attacker's address slow that address only; the
 *    official at their own desk signs in as before;
 *  - per client address, whatever the accounts, after `freeAttemptsPerAddress` failures: one
 *    address guessing across many accounts is slowed likewise;
 *  - per account from all addresses: `accountFailuresPerHour` failures within an hour hold the
 *    account until that hour is out (shown as `lockedUntil`, cleared by an administrator's unlock).
 *    One address cannot get there: its own delays let it fail only a few times an hour.
 *
 * An attempt during a wait is answered 429 with Retry-After and its password is not checked, so
 * waiting out the delay is all a right password needs. Everything is counted in Redis under an
 * HMAC of the username, whether or not the account exists, so an unknown username is delayed and
 * answered exactly as a known one. Redis not answering in time fails closed: the sign-in is
 * refused with 503 naming it, never let through uncounted.
 */
import { createHash, createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../core/app-config';
import { RedisGateway } from '../core/infrastructure.module';
import { ServiceUnavailableException } from '../core/outages';
import { redisWithin } from '../core/redis-within';

/** A wait before the next attempt is checked: a delay (seconds), or the account held until a moment. */
export type Hold = { kind: 'delay'; until: number } | { kind: 'account'; until: number };

/** How long a count may take before the sign-in is refused (fail closed). */
const REDIS_TIMEOUT_MS = 250;
/** Counts are forgotten after a day without failures. */
const KEEP_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The waits now in force for this account from this address: the pair's, the account's hold, the address's. */
const CHECK = `
local pair = tonumber(redis.call('HGET', KEYS[1], 'u:' .. ARGV[1]) or '0')
local held = tonumber(redis.call('HGET', KEYS[1], 'held') or '0')
local addr = tonumber(redis.call('HGET', KEYS[2], 'u') or '0')
return {tostring(pair), tostring(held), tostring(addr)}
`;

/**
 * One failure counted for the pair, the address and the account's hour, atomically; the waits it
 * sets. ARGV: address field, now, free per pair, free per address, per hour, longest delay (ms), keep (ms).
 */
const FAIL = `
local now = tonumber(ARGV[2])
local cap = tonumber(ARGV[6])
local function delay(count, free)
  if count < free then return 0 end
  local d = 1000 * 2 ^ (count - free + 1)
  if d > cap then d = cap end
  return d
end
local n = redis.call('HINCRBY', KEYS[1], 'n:' .. ARGV[1], 1)
local m = redis.call('HINCRBY', KEYS[2], 'n', 1)
local h = redis.call('INCR', KEYS[3])
if h == 1 or redis.call('PTTL', KEYS[3]) < 0 then redis.call('PEXPIRE', KEYS[3], ${HOUR_MS}) end
local pair = delay(n, tonumber(ARGV[3]))
if pair > 0 then redis.call('HSET', KEYS[1], 'u:' .. ARGV[1], tostring(now + pair)) end
local addr = delay(m, tonumber(ARGV[4]))
if addr > 0 then redis.call('HSET', KEYS[2], 'u', tostring(now + addr)) end
local held = 0
if h >= tonumber(ARGV[5]) then
  held = now + redis.call('PTTL', KEYS[3])
  redis.call('HSET', KEYS[1], 'held', tostring(held))
end
redis.call('PEXPIRE', KEYS[1], ARGV[7])
redis.call('PEXPIRE', KEYS[2], ARGV[7])
return {tostring(pair > 0 and now + pair or 0), tostring(held), tostring(addr > 0 and now + addr or 0)}
`;

/** Addresses enter keys and fields hashed: Redis says nothing of who called. */
const digest = (s: string) => createHash('sha256').update(s).digest('base64url').slice(0, 22);

@Injectable()
export class SignInThrottle {
  constructor(
    private readonly redis: RedisGateway,
    private readonly config: AppConfig,
  ) {}

  private get settings() {
    return this.config.value.auth;
  }

  /** The account's keys: an HMAC of the username under the token secret, the same whether or not it exists. */
  private keys(username: string, address: string): { account: string; hour: string; address: string; field: string } {
    const id = createHmac('sha256', this.settings.tokenSecret).update(`sign-in:${username}`).digest('base64url');
    const p = `${this.config.value.queuePrefix}:sign-in`;
    const a = digest(address);
    return { account: `${p}:account:${id}`, hour: `${p}:account-hour:${id}`, address: `${p}:address:${a}`, field: a };
  }

  /** The wait in force before an attempt on `username` from `address` is checked; null when none. */
  async wait(username: string, address: string, now: number): Promise<Hold | null> {
    const k = this.keys(username, address);
    const [pair, held, addr] = (await this.run(() =>
      this.redis.client.eval(CHECK, 2, k.account, k.address, k.field),
    )) as string[];
    return holdOf(Number(pair), Number(held), Number(addr), now);
  }

  /** Counts a failure; the wait it sets before the next attempt, if any. */
  async failed(username: string, address: string, now: number): Promise<Hold | null> {
    const k = this.keys(username, address);
    const s = this.settings;
    const [pair, held, addr] = (await this.run(() =>
      this.redis.client.eval(
        FAIL,
        3,
        k.account,
        k.address,
        k.hour,
        k.field,
        now,
        s.freeAttempts,
        s.freeAttemptsPerAddress,
        s.accountFailuresPerHour,
        s.maxDelaySeconds * 1000,
        KEEP_MS,
      ),
    )) as string[];
    return holdOf(Number(pair), Number(held), Number(addr), now);
  }

  /** A sign-in succeeded from `address`: its count for this account starts again. */
  async succeeded(username: string, address: string): Promise<void> {
    const k = this.keys(username, address);
    await this.run(() => this.redis.client.hdel(k.account, `n:${k.field}`, `u:${k.field}`));
  }

  /** An administrator's unlock: every count and hold of the account goes. */
  async clear(username: string): Promise<void> {
    const k = this.keys(username, '');
    await this.run(() => this.redis.client.del(k.account, k.hour));
  }

  private async run<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await redisWithin(this.redis.client, REDIS_TIMEOUT_MS, op);
    } catch (err) {
      throw new ServiceUnavailableException(
        'queue',
        `sign-in attempts cannot be counted: ${(err as Error).message.split('\n')[0]}`,
      );
    }
  }
}

/** The hold to answer with: the account's when it is held, else the longer of the two delays. */
function holdOf(pair: number, held: number, address: number, now: number): Hold | null {
  if (held > now) return { kind: 'account', until: held };
  const until = Math.max(pair, address);
  return until > now ? { kind: 'delay', until } : null;
}
