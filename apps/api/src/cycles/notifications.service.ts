import { HttpStatus, Injectable } from '@nestjs/common';
import { type CycleRole } from '../../../../libs/contracts/cycle';
import { AccessService, narrowed, type Actor, type Territory } from '../core/access';
import { Database } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import { NotificationsQueryDto } from './cycles.dto';

/** Officials' inbox: the reminders and escalations addressed to a role in a territory. */
@Injectable()
export class NotificationsService {
  constructor(private readonly db: Database) {}

  /** An official's inbox: what is addressed to their role in their territory (admins see all). */
  notifications(q: NotificationsQueryDto, actor: Actor, scope: Territory) {
    const filter = narrowed(q, scope);
    if (!filter) return Promise.resolve([]);
    const own = actor.role === 'ADMIN' ? q.role : (actor.role as CycleRole);
    if (q.role && own !== q.role) return Promise.resolve([]);
    return this.db.client.officialNotification.findMany({
      where: {
        recipientRole: own,
        period: filter.period,
        regionCode: filter.regionCode,
        districtId: filter.districtId,
        readAt: q.unread ? null : undefined,
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: q.limit ?? 200,
    });
  }

  /** Whether a notification is addressed to this official (their role, in their territory). */
  async addressedTo(id: string, actor: Actor, access: AccessService): Promise<boolean> {
    const row = await this.db.client.officialNotification.findUnique({
      where: { id },
      select: { recipientRole: true, regionCode: true, districtId: true },
    });
    if (!row)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'notification.not-found',
        { notificationId: id },
        `No notification has the id ${id}`,
      );
    return actor.role === 'ADMIN' || (row.recipientRole === actor.role && (await access.covers(actor, row)));
  }

  async markRead(id: string, actor: string) {
    const updated = await this.db.client.officialNotification.updateMany({
      where: { id, readAt: null },
      data: { readAt: new Date(), readBy: actor },
    });
    const row = await this.db.client.officialNotification.findUnique({ where: { id } });
    if (!row)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'notification.not-found',
        { notificationId: id },
        `No notification has the id ${id}`,
      );
    return { ...row, alreadyRead: updated.count === 0 };
  }
}
