/**
 * Audit rows for refusals an anonymous caller can cause at will (a refused token, a failed
 * refresh, a request refused for its content; issue 24), bounded per client address: at most
 * REFUSALS_PER_MINUTE rows a minute from one address, then one `audit.refusals-suppressed` row
 * saying the rest of that minute's are not written. A refused token is answered before any request
 * limit counts it, so without the bound each would be a database write at the caller's rate.
 * Counted in Redis; when Redis does not answer, the row is written (the audit over the bound).
 */
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../core/app-config';
import { RedisGateway } from '../core/infrastructure.module';
import { redisWithin } from '../core/redis-within';
import { AuditService, type AuditEntry } from './audit.service';

export const REFUSALS_PER_MINUTE = 60;
const REDIS_TIMEOUT_MS = 250;

@Injectable()
export class RefusalAudit {
  constructor(
    private readonly audit: AuditService,
    private readonly redis: RedisGateway,
    private readonly config: AppConfig,
  ) {}

  /** Records `entry` (its reason names `address`) unless this address's refusals of the minute are past the bound. */
  async record(entry: AuditEntry, address: string): Promise<void> {
    const minute = Math.floor(Date.now() / 60_000);
    const id = createHash('sha256').update(address).digest('base64url').slice(0, 22);
    const key = `${this.config.value.queuePrefix}:refusal-audit:${id}:${minute}`;
    let n: number;
    try {
      n = await redisWithin(this.redis.client, REDIS_TIMEOUT_MS, async () => {
        const [[, count]] = (await this.redis.client.multi().incr(key).expire(key, 120).exec()) as [
          [Error | null, number],
        ];
        return count;
      });
    } catch {
      n = 0;
    }
    if (n <= REFUSALS_PER_MINUTE) return this.audit.record(entry);
    if (n === REFUSALS_PER_MINUTE + 1)
      return this.audit.record({
        actor: 'anonymous',
        action: 'audit.refusals-suppressed',
        subjectType: 'endpoint',
        subjectId: entry.subjectId,
        requestId: entry.requestId,
        reason: `more than ${REFUSALS_PER_MINUTE} refusals this minute from ${address}: the rest of the minute's are not audited`,
        outcome: 'refused',
      });
  }
}
