import { Injectable } from '@nestjs/common';
import { AccessService, type Actor } from '../core/access';
import { Database } from '../core/infrastructure.module';

/** The applications escalated to the territorial commission, within the official's territory. */
@Injectable()
export class VotingDayEscalationsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  async escalations(actor: Actor, open: boolean, votingDayId?: string) {
    const scope = this.access.scope(actor);
    const rows = await this.db.client.votingDayEscalation.findMany({
      where: {
        votingDayId,
        regionCode: scope.regionCode,
        districtId: scope.districtId,
        ...(open ? { closedAt: null } : {}),
      },
      orderBy: { raisedAt: 'asc' },
      take: 500,
    });
    return rows;
  }
}
