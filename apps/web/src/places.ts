/**
 * Regions, districts and polling stations by name (GET /v1/places/…), read once per page load and
 * shared by the screens: a territory is chosen from these lists and shown by its name, never as a
 * bare code or a station's id.
 */
import { useEffect, useState } from 'react';
import { api } from './api';
import type { Lang } from './i18n';

export interface RegionPlace {
  code: string;
  nameRu: string;
  nameKk: string;
}
export interface DistrictPlace {
  id: string;
  regionCode: string;
  nameRu: string;
  nameKk: string;
}
export interface StationPlace {
  id: string;
  number: number;
  districtId: string;
  locality: string;
  premises: string;
}

let regions: Promise<RegionPlace[]> | null = null;
let districts: Promise<DistrictPlace[]> | null = null;
const stations = new Map<string, Promise<StationPlace[]>>();

export function stationsOf(districtId: string): Promise<StationPlace[]> {
  let got = stations.get(districtId);
  if (!got) {
    got = api<StationPlace[]>('GET', `/v1/places/stations?districtId=${encodeURIComponent(districtId)}`).catch(
      () => [],
    );
    stations.set(districtId, got);
  }
  return got;
}

export const nameIn = (p: { nameRu: string; nameKk: string }, lang: Lang) => (lang === 'kk' ? p.nameKk : p.nameRu);

export interface Places {
  regions: RegionPlace[];
  districts: DistrictPlace[];
  /** Stations of the districts asked for with `wantStations`, by id. */
  stations: Map<string, StationPlace>;
  regionName(code: string | null | undefined, lang: Lang): string;
  districtName(id: string | null | undefined, lang: Lang): string;
}

/** The places, and the stations of the districts named (read as they are needed). */
export function usePlaces(stationDistricts: string[] = []): Places {
  const [r, setR] = useState<RegionPlace[]>([]);
  const [d, setD] = useState<DistrictPlace[]>([]);
  const [s, setS] = useState<Map<string, StationPlace>>(new Map());
  useEffect(() => {
    regions ??= api<RegionPlace[]>('GET', '/v1/places/regions').catch(() => {
      regions = null;
      return [];
    });
    districts ??= api<DistrictPlace[]>('GET', '/v1/places/districts').catch(() => {
      districts = null;
      return [];
    });
    void regions.then(setR);
    void districts.then(setD);
  }, []);
  const key = [...new Set(stationDistricts)].sort().join(',');
  useEffect(() => {
    if (!key) return;
    void Promise.all(key.split(',').map(stationsOf)).then((lists) =>
      setS(new Map(lists.flat().map((st) => [st.id, st]))),
    );
  }, [key]);
  return {
    regions: r,
    districts: d,
    stations: s,
    regionName: (code, lang) => {
      const found = r.find((x) => x.code === code);
      return found ? nameIn(found, lang) : '…';
    },
    districtName: (id, lang) => {
      const found = d.find((x) => x.id === id);
      return found ? nameIn(found, lang) : '…';
    },
  };
}
