import { Injectable } from '@nestjs/common';
import { Database } from '../core/infrastructure.module';
import type { DistrictView, RegionView, StationView } from './places.dto';

@Injectable()
export class PlacesService {
  constructor(private readonly db: Database) {}

  regions(): Promise<RegionView[]> {
    return this.db.client.region.findMany({
      select: { code: true, nameRu: true, nameKk: true },
      orderBy: { code: 'asc' },
    });
  }

  districts(regionCode?: string): Promise<DistrictView[]> {
    return this.db.client.district.findMany({
      where: { regionCode },
      select: { id: true, regionCode: true, nameRu: true, nameKk: true },
      orderBy: { id: 'asc' },
    });
  }

  stations(districtId: string): Promise<StationView[]> {
    return this.db.client.pollingStation.findMany({
      where: { districtId },
      select: { id: true, number: true, districtId: true, locality: true, premises: true },
      orderBy: { number: 'asc' },
    });
  }
}
