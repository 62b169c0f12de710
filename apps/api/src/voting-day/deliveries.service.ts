import { HttpStatus, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Problem } from '../core/problem';
import type { Queue } from 'bullmq';
import {
  createDeadLetterQueue,
  createNotificationQueue,
  redriveDeadLetter,
} from '../../../../libs/queues/egov-notifications';
import type { EgovNotificationJob } from '../../../../libs/queues/queues';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../core/access';
import { AppConfig } from '../core/app-config';
import { Database, RedisGateway } from '../core/infrastructure.module';

/** The e-gov cabinet deliveries and the dead letters sent again. */
@Injectable()
export class DeliveriesService implements OnModuleDestroy {
  private notificationQueue?: Queue<EgovNotificationJob>;
  private deadLetters?: Queue<EgovNotificationJob>;

  constructor(
    private readonly db: Database,
    private readonly redis: RedisGateway,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.notificationQueue?.close();
    await this.deadLetters?.close();
  }

  async deliveries(status?: string) {
    const valid = ['QUEUED', 'DELIVERED', 'DEAD'];
    if (status && !valid.includes(status))
      throw new Problem(HttpStatus.BAD_REQUEST, 'delivery.unknown-status', { valid }, 'Unknown delivery status', [
        { field: 'status', message: `status must be one of ${valid.join(', ')}` },
      ]);
    return this.db.client.egovDelivery.findMany({
      where: { status: status as 'DEAD' | undefined },
      orderBy: { queuedAt: 'desc' },
      take: 500,
    });
  }

  async redrive(jobId: string, actor: Actor, requestId?: string) {
    this.notificationQueue ??= createNotificationQueue(this.redis.client, this.config.value.queuePrefix, {
      attempts: this.config.value.votingDay.notificationAttempts,
      backoffMs: this.config.value.votingDay.notificationBackoffMs,
    });
    this.deadLetters ??= createDeadLetterQueue(this.redis.client, this.config.value.queuePrefix);
    const done = await redriveDeadLetter(this.db.client, this.notificationQueue, this.deadLetters, jobId);
    if (!done)
      throw new Problem(
        HttpStatus.CONFLICT,
        'delivery.no-dead-letter',
        { jobId },
        `No dead letter has the job id ${jobId}`,
      );
    await this.audit.record({
      actor: actor.id,
      action: 'egov-delivery.retry',
      subjectType: 'egov-delivery',
      subjectId: jobId,
      requestId,
    });
    return this.db.client.egovDelivery.findUniqueOrThrow({ where: { jobId } });
  }
}
