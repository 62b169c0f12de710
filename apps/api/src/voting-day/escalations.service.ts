import { Injectable } from '@nestjs/common';
import { AccessService, type Actor } from '../core/access';
import { Database } from '../core/infrastructure.module';
import { STATION_PLACE, stationPlace } from './stations.service';

/**
 * The applications escalated to the territorial commission, within the official's territory: each
 * with its application's number and status and its polling station by name (no personal data).
 */
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
      include: { application: { select: { number: true, status: true, stationId: true, registeredAt: true } } },
      orderBy: { raisedAt: 'asc' },
      take: 500,
    });
    const stations = await this.db.client.pollingStation.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.application.stationId))] } },
      select: STATION_PLACE,
    });
    const byId = new Map(stations.map((s) => [s.id, stationPlace(s)]));
    return rows.map(({ application, ...r }) => ({
      ...r,
      applicationNumber: application.number,
      applicationStatus: application.status,
      registeredAt: application.registeredAt,
      stationId: application.stationId,
      station: byId.get(application.stationId) ?? null,
    }));
  }
}
