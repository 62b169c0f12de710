/**
 * The demo register: six districts with their polling stations and synthetic voters, as a pure
 * function of the options (no database, no clock). prisma/seed.ts writes it into PostgreSQL for the
 * stack and the tests; scripts/make-samples.ts turns the same rows into the akimats' sample files
 * (prisma/samples/), so a sample file reconciles clean against the register the stack seeds.
 *
 * The draws are made in the order the seed has always made them (station by station, voter by
 * voter, one PRNG for everything), so a register seeded before this module existed is the same
 * register: a stack's .local keeps matching the samples. Changing the order changes every voter.
 *
 * Nothing here is a real person: names are drawn from common name lists, IINs are made up with a
 * valid check digit. District ids and station numbers are illustrative, not official codes.
 */
import { withCheckDigit } from '../iin/iin';
import { feminine, seededRandom } from './people';
import type { RegisterStationRow } from './scenario';

export interface DemoDistrict {
  id: string;
  regionCode: string;
  nameRu: string;
  nameKk: string;
  /** The city or town all the district's stations and voters are in. */
  locality: string;
}

export const DISTRICTS: DemoDistrict[] = [
  { id: '7101', regionCode: '71', nameRu: 'район Алматы', nameKk: 'Алматы ауданы', locality: 'Астана' },
  { id: '7102', regionCode: '71', nameRu: 'район Есиль', nameKk: 'Есіл ауданы', locality: 'Астана' },
  { id: '7501', regionCode: '75', nameRu: 'Алмалинский район', nameKk: 'Алмалы ауданы', locality: 'Алматы' },
  { id: '7502', regionCode: '75', nameRu: 'Медеуский район', nameKk: 'Медеу ауданы', locality: 'Алматы' },
  { id: '6201', regionCode: '62', nameRu: 'город Жезказган', nameKk: 'Жезқазған қаласы', locality: 'Жезказган' },
  { id: '6101', regionCode: '61', nameRu: 'Сарыагашский район', nameKk: 'Сарыағаш ауданы', locality: 'Сарыагаш' },
];

const STREETS = ['Абая', 'Сейфуллина', 'Кенесары', 'Республики', 'Достык', 'Тауелсиздик', 'Жибек жолы', 'Байтурсынова'];
const MALE = ['Нурлан', 'Ерлан', 'Асхат', 'Данияр', 'Айбек', 'Серик', 'Алексей', 'Дмитрий', 'Бауыржан', 'Арман'];
const FEMALE = ['Айгуль', 'Гульнара', 'Динара', 'Жанар', 'Мадина', 'Асель', 'Елена', 'Ольга', 'Сауле', 'Аружан'];
const SURNAMES = [
  'Ахметов',
  'Сериков',
  'Жумабаев',
  'Нурпеисов',
  'Касымов',
  'Иванов',
  'Ким',
  'Тулегенов',
  'Омаров',
  'Смагулов',
];
const FATHERS = ['Серик', 'Нурлан', 'Ерлан', 'Кайрат', 'Болат', 'Сергей', 'Марат', 'Ержан'];

/** IIN for a birth date and sex with a valid check digit (7th digit: century and sex). */
export function makeIin(birth: Date, male: boolean, serial: number): string {
  const yy = String(birth.getUTCFullYear() % 100).padStart(2, '0');
  const mm = String(birth.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(birth.getUTCDate()).padStart(2, '0');
  const century = birth.getUTCFullYear() >= 2000 ? (male ? 5 : 6) : male ? 3 : 4;
  for (let s = serial; ; s += 1) {
    const iin = withCheckDigit(`${yy}${mm}${dd}${century}${String(s % 10000).padStart(4, '0')}`);
    if (iin) return iin;
  }
}

export interface DemoOptions {
  votersPerStation?: number;
  stationsPerDistrict?: number;
  seed?: number;
}

/** The demo's sizes: what the stack seeds, and what the sample files hold. */
export const DEMO_SIZES = { votersPerStation: 40, stationsPerDistrict: 3, seed: 20260101 } as const;

/** A register station as the synthetic loader writes one, without its id; numbered 1, 2, … across the region. */
export type DemoStation = Omit<RegisterStationRow, 'id'>;

export interface DemoVoter {
  iin: string;
  surname: string;
  firstName: string;
  patronymic: string;
  /** YYYY-MM-DD, as are the other dates. */
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
  regionCode: string;
  districtId: string;
  /** The number of the voter's station in the region. */
  stationNumber: number;
  locality: string;
  street: string;
  house: string;
  apartment: string | null;
  documentNumber: string;
  documentIssuedOn: string;
  documentExpiresOn: string;
}

export interface DemoRegister {
  districts: DemoDistrict[];
  stations: DemoStation[];
  /** In the order they were drawn: by district, station, then voter. */
  voters: DemoVoter[];
}

const isoOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The demo register for `options` (by default DEMO_SIZES). A voter whose IIN an earlier voter
 * already has is left out, as the register keeps the first (IINs are unique there).
 */
export function demoRegister(options: DemoOptions = {}): DemoRegister {
  const votersPerStation = options.votersPerStation ?? DEMO_SIZES.votersPerStation;
  const stationsPerDistrict = options.stationsPerDistrict ?? DEMO_SIZES.stationsPerDistrict;
  const random = seededRandom(options.seed ?? DEMO_SIZES.seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];

  const stations: DemoStation[] = [];
  const voters: DemoVoter[] = [];
  const seen = new Set<string>();
  const regionStationCounter = new Map<string, number>();
  for (const d of DISTRICTS) {
    for (let s = 0; s < stationsPerDistrict; s += 1) {
      const number = (regionStationCounter.get(d.regionCode) ?? 0) + 1;
      regionStationCounter.set(d.regionCode, number);
      stations.push({
        regionCode: d.regionCode,
        districtId: d.id,
        number,
        premises: `Школа-гимназия № ${number}`,
        locality: d.locality,
        street: pick(STREETS),
        house: String(1 + Math.floor(random() * 120)),
      });
      for (let v = 0; v < votersPerStation; v += 1) {
        // Each draw in the seed's historical order (see the module's note).
        const male = random() < 0.48;
        const birth = new Date(
          Date.UTC(1940 + Math.floor(random() * 66), Math.floor(random() * 12), 1 + Math.floor(random() * 28)),
        );
        const surname = pick(SURNAMES);
        const issued = new Date(
          Date.UTC(2018 + Math.floor(random() * 8), Math.floor(random() * 12), 1 + Math.floor(random() * 28)),
        );
        const iin = makeIin(birth, male, Math.floor(random() * 10000));
        const voter: DemoVoter = {
          iin,
          surname: male ? surname : feminine(surname),
          firstName: male ? pick(MALE) : pick(FEMALE),
          patronymic: `${pick(FATHERS)}${male ? 'ович' : 'овна'}`,
          birthDate: isoOf(birth),
          sex: male ? 'MALE' : 'FEMALE',
          regionCode: d.regionCode,
          districtId: d.id,
          stationNumber: number,
          locality: d.locality,
          street: pick(STREETS),
          house: String(1 + Math.floor(random() * 200)),
          apartment: random() < 0.6 ? String(1 + Math.floor(random() * 150)) : null,
          // An ID card issued in 2018-2025, valid for ten years (reconciliation category 2).
          documentNumber: String(100_000_000 + Math.floor(random() * 899_999_999)),
          documentIssuedOn: isoOf(issued),
          documentExpiresOn: isoOf(
            new Date(Date.UTC(issued.getUTCFullYear() + 10, issued.getUTCMonth(), issued.getUTCDate())),
          ),
        };
        if (seen.has(iin)) continue;
        seen.add(iin);
        voters.push(voter);
      }
    }
  }
  return { districts: DISTRICTS, stations, voters };
}
