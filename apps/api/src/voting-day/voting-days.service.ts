import { HttpStatus, Injectable } from '@nestjs/common';
import { Problem } from '../core/problem';
import { randomUUID } from 'node:crypto';
import { instantAt, localDateTimeOf, toEpochMs } from '../../../../libs/calendar';
import { AuditService } from '../audit/audit.service';
import { votingNotOpen, type Actor } from '../core/access';
import { Database } from '../core/infrastructure.module';
import { CreateVotingDayDto, VotingDayView } from './voting-day.dto';

type VotingDayRow = { id: string; date: Date; name: string; opensAt: Date; closesAt: Date };

function votingDayView(d: VotingDayRow, now = Date.now()): VotingDayView {
  return {
    id: d.id,
    date: d.date.toISOString().slice(0, 10),
    name: d.name,
    opensAt: d.opensAt,
    closesAt: d.closesAt,
    open: d.opensAt.getTime() <= now && now < d.closesAt.getTime(),
  };
}

/** The referendum days and their voting hours; whether voting is under way now. */
@Injectable()
export class VotingDaysService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async createVotingDay(dto: CreateVotingDayDto, actor: Actor, requestId?: string): Promise<VotingDayView> {
    const opensAt = dto.opensAt ? toEpochMs(dto.opensAt, 'opensAt') : instantAt(dto.date, 7 * 60);
    const closesAt = dto.closesAt ? toEpochMs(dto.closesAt, 'closesAt') : instantAt(dto.date, 20 * 60);
    if (closesAt <= opensAt)
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'voting-day.closes-before-opening',
        {},
        'Voting must close after it opens',
        [{ field: 'closesAt', message: 'closesAt must be after opensAt' }],
      );
    if (closesAt - opensAt > 24 * 3_600_000)
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'voting-day.too-long',
        { hours: 24 },
        'A voting day lasts at most 24 hours',
        [{ field: 'closesAt', message: 'closesAt must be within 24 hours of opensAt' }],
      );
    if (localDateTimeOf(opensAt).date !== dto.date) {
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'voting-day.opens-on-other-day',
        { date: dto.date, opensOn: localDateTimeOf(opensAt).date },
        'Voting must open on the voting day',
        [
          {
            field: 'opensAt',
            message: `opensAt falls on ${localDateTimeOf(opensAt).date} in Asia/Almaty, not ${dto.date}`,
          },
        ],
      );
    }
    const id = randomUUID();
    try {
      const row = await this.db.client.votingDay.create({
        data: {
          id,
          date: new Date(dto.date),
          name: dto.name,
          opensAt: new Date(opensAt),
          closesAt: new Date(closesAt),
          createdBy: actor.id,
          createdAt: new Date(),
        },
      });
      await this.audit.record({
        actor: actor.id,
        action: 'voting-day.create',
        subjectType: 'voting-day',
        subjectId: id,
        requestId,
      });
      return votingDayView(row);
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002')
        throw new Problem(
          HttpStatus.CONFLICT,
          'voting-day.exists',
          { date: dto.date },
          `A voting day on ${dto.date} already exists`,
        );
      throw err;
    }
  }

  async votingDays(): Promise<VotingDayView[]> {
    const rows = await this.db.client.votingDay.findMany({ orderBy: { date: 'desc' }, take: 50 });
    return rows.map((r) => votingDayView(r));
  }

  /** The voting day under way now, or null. */
  async openVotingDay(now = new Date()): Promise<VotingDayRow | null> {
    return this.db.client.votingDay.findFirst({ where: { opensAt: { lte: now }, closesAt: { gt: now } } });
  }

  async memberMayAct(): Promise<VotingDayRow> {
    const day = await this.openVotingDay();
    if (!day) throw votingNotOpen();
    return day;
  }
}
