/**
 * People and places by name, never by id or code: officials by their name and role (the API sends
 * `people` beside the ids it lists), regions and districts by their name in the official's language
 * (GET /v1/places/regions and /districts through places.ts, read once per page load).
 */
import { nameIn, usePlaces } from './places';
import { useScreenWords } from './words/define';
import { PEOPLE_WORDS } from './words/people';

export interface PersonName {
  fullName: string;
  role: string;
}
export type People = Record<string, PersonName>;

/** Names of regions and districts in the current language; codes (never shown) until they arrive. */
export function usePlaceNames(): {
  region: (code: string | null | undefined) => string;
  district: (id: string | null | undefined) => string;
} {
  const w = useScreenWords(PEOPLE_WORDS);
  const places = usePlaces();
  return {
    region: (code) => {
      if (!code) return '—';
      const r = places.regions.find((x) => x.code === code);
      return r ? nameIn(r, w.lang) : `${w.region} ${code}`;
    },
    district: (id) => {
      if (!id) return '—';
      const d = places.districts.find((x) => x.id === id);
      return d ? nameIn(d, w.lang) : `${w.district} ${id}`;
    },
  };
}

/** «Иванов И. И. (регистратор акимата)»: an official by name and role; the system's own actors in words. */
export function usePersonName(): (id: string | null | undefined, people: People | undefined) => string {
  const w = useScreenWords(PEOPLE_WORDS);
  return (id, people) => {
    if (!id) return '—';
    const p = people?.[id];
    if (p) return `${p.fullName} (${w.roles[p.role] ?? w.someone})`;
    if (id === 'operator') return w.operator;
    if (id === 'worker') return w.worker;
    if (id === 'seed') return w.seed;
    if (id.startsWith('citizen:')) return w.portal;
    if (id.startsWith('feed:') || id.startsWith('register-feed')) return w.feed;
    if (/^[0-9a-f]{8}-/i.test(id)) return w.unknownOfficial;
    return w.someone;
  };
}
