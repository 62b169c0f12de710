import { Injectable } from '@nestjs/common';
import { AccessService, type Actor } from '../core/access';
import { Database } from '../core/infrastructure.module';

/** What names a polling station on screen: its number, premises and address, and its district's names. */
export const STATION_PLACE = {
  id: true,
  number: true,
  premises: true,
  locality: true,
  street: true,
  house: true,
  regionCode: true,
  districtId: true,
  district: { select: { nameRu: true, nameKk: true } },
} as const;

type StationRow = {
  id: string;
  number: number;
  premises: string;
  locality: string;
  street: string | null;
  house: string | null;
  regionCode: string;
  districtId: string;
  district: { nameRu: string; nameKk: string };
};

export function stationPlace(s: StationRow) {
  return {
    id: s.id,
    number: s.number,
    premises: s.premises,
    locality: s.locality,
    street: s.street,
    house: s.house,
    regionCode: s.regionCode,
    districtId: s.districtId,
    districtNameRu: s.district.nameRu,
    districtNameKk: s.district.nameKk,
  };
}

/** The polling stations of the official's territory, by number, with their premises and address. */
@Injectable()
export class VotingDayStationsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  async stations(actor: Actor, districtId?: string) {
    const scope = this.access.scope(actor);
    if (scope.districtId && districtId && districtId !== scope.districtId) return [];
    const rows = await this.db.client.pollingStation.findMany({
      where: {
        regionCode: scope.regionCode,
        districtId: scope.districtId ?? districtId,
        ...(scope.stationId ? { id: scope.stationId } : {}),
      },
      select: STATION_PLACE,
      orderBy: [{ regionCode: 'asc' }, { number: 'asc' }],
      take: 1000,
    });
    return rows.map(stationPlace);
  }
}
