/**
 * A synthetic region for reconciliation: the register's side (stations, voters, status facts) and
 * each district's submitted files (the Appendix 1 voter file and the Appendix 2 station list), with
 * discrepancies of every category injected on purpose and listed as the findings a correct
 * reconciliation must report, no more and no fewer.
 *
 * Everything streams: rows are generated in order from (seed, district slot, index), so the same
 * code writes a 200-voter test district and a 12-million-voter register for the benchmark.
 */
import { APPENDIX1_FIELD_NAMES, type VoterRecord } from '../files/appendix1';
import {
  addYears,
  dayToIso,
  isoToDay,
  mix,
  person,
  personTurning18,
  seededRandom,
  type PeopleOptions,
  type SyntheticPerson,
} from './people';

/**
 * What can be done to one voter, and what reconciliation must then report (or not report). The
 * kinds that list a voter more than once (c3, c4 several-stations, c3-c4) are expected as whole
 * groups, every row with its keep mark, worked out from the rows made (voterFile).
 */
export const VOTER_INJECTIONS = {
  'c1-surname': { category: 1, subcategory: 'surname' },
  'c1-first-name': { category: 1, subcategory: 'first-name' },
  'c1-patronymic': { category: 1, subcategory: 'patronymic' },
  'c1-birth-date': { category: 1, subcategory: 'birth-date' },
  'c1-not-in-register': { category: 1, subcategory: 'iin-not-in-register' },
  'c2-expired': { category: 2, subcategory: 'expired' },
  'c2-replaced': { category: 2, subcategory: 'replaced' },
  'c3-same-station': { category: 3, subcategory: 'same-station' },
  'c4-several-stations': { category: 4, subcategory: 'several-stations' }, // the register on the first row's station, the second's, or neither (in turn)
  'c3-c4-three-rows': { category: 4, subcategory: 'several-stations' }, // twice on its station and once on another: a group of each category
  'c4-other-district': { category: 4, subcategory: 'other-district' },
  'c5-other-region': { category: 5, subcategory: 'other-region' },
  'c6-deregistered': { category: 6, subcategory: 'deregistered' },
  'c7-emigrated': { category: 7, subcategory: 'emigrated' },
  'c8-non-citizen': { category: 8, subcategory: 'non-citizen' },
  'c9-under-18': { category: 9, subcategory: 'under-18' },
  'c9-incapable': { category: 9, subcategory: 'incapable' },
  'c9-imprisoned': { category: 9, subcategory: 'imprisoned' },
  'c9-deceased': { category: 9, subcategory: 'deceased' },
  'c9-citizenship-lost': { category: 9, subcategory: 'citizenship-lost' },
  // Near misses a correct reconciliation must NOT report.
  'clean-spelling': null, // names differ only in case, look-alike letters, Kazakh letters, dashes
  'clean-fact-ended': null, // a prison term that ended before the reference date
  'clean-fact-future': null, // a deregistration dated after the reference date
  'clean-deleted': null, // a deceased voter whose row the akimat marked deleted (Dopol2)
  'unlisted-station': null, // a voter on a station code the station list lacks (a station finding)
  // Boundaries: each check judges the reference date itself on the right side.
  'c2-expired-day-before': { category: 2, subcategory: 'expired' }, // the register's document expired the day before
  'clean-expires-on-date': null, // the register's document expires on the reference date: still valid on it
  'c9-under-18-day-after': { category: 9, subcategory: 'under-18' }, // turns 18 the day after
  'clean-18-on-date': null, // turns 18 on the reference date: has the vote on it
  'c9-incapable-from-date': { category: 9, subcategory: 'incapable' }, // a court's decision in force from the reference date
  'clean-fact-until-date': null, // a prison term that ends on the reference date
  'c6-deregistered-other-region': { category: 6, subcategory: 'deregistered' }, // last address in another region: category 6, not 5
} as const satisfies Record<string, { category: number; subcategory: string } | null>;

export type VoterInjection = keyof typeof VOTER_INJECTIONS;
export const VOTER_INJECTION_KINDS = Object.keys(VOTER_INJECTIONS) as VoterInjection[];

export const STATION_FINDINGS = [
  'duplicate-number',
  'over-limit',
  'new-unmarked',
  'marked-new-but-exists',
  'missing-from-list',
  'abolished-with-voters',
  'voters-on-unlisted-station',
] as const;
export type StationFinding = (typeof STATION_FINDINGS)[number];

export interface DistrictSpec {
  id: string;
  nameRu: string;
  nameKk: string;
  locality: string;
  /** Which block of IIN serials the district's people get (0..127, unique in the scenario unless `firstPerson` parts it). */
  slot: number;
  /**
   * The district's first person in its slot (0 when left out): districts sharing a slot take
   * ranges of it that do not overlap, so a scenario may have more districts than slots (the
   * national benchmark's 240). Adults only: injections that draw minors or people turning 18 take
   * a slot of their own.
   */
  firstPerson?: number;
  /** Voters per register station, in station order. */
  stations: number[];
  /** Voter injections: a count per kind, or a rate (share of the district's voters) per kind. */
  inject?: Partial<Record<VoterInjection, number>>;
  /** Station-list changes, by index into `stations`. */
  stationList?: {
    omit?: number[];
    markNew?: number[];
    abolish?: number[];
    newUnmarked?: number;
    /** Stations marked abolished with numbers the register does not have (no finding: not new-unmarked). */
    abolishedNotInRegister?: number;
    /** A new station (marked new) numbered like a station of another district of the region. */
    duplicateOf?: { district: string; station: number }[];
  };
}

export interface RegionSpec {
  code: string;
  /** Station numbers of the region start after this. */
  stationBase: number;
  districts: DistrictSpec[];
}

export interface ScenarioSpec extends PeopleOptions {
  period: string;
  regions: RegionSpec[];
}

export interface RegisterStationRow {
  id: string;
  regionCode: string;
  districtId: string;
  number: number;
  premises: string;
  locality: string;
  street: string;
  house: string;
}

export interface RegisterVoterRow extends SyntheticPerson {
  id: string;
  regionCode: string;
  districtId: string;
  stationId: string | null;
  locality: string;
}

export interface StatusFactRow {
  id: string;
  iin: string;
  kind: 'DEREGISTERED' | 'EMIGRATED' | 'NON_CITIZEN' | 'INCAPABLE' | 'IMPRISONED' | 'DECEASED' | 'CITIZENSHIP_LOST';
  since: string;
  until: string | null;
  basis: string;
}

/** A row of a generated voter file: an Appendix 1 record (libs/files) with the fields the generator fills. */
export type VoterFileRow = Pick<
  VoterRecord,
  'cod' | 'iin' | 'surname' | 'firstName' | 'patronymic' | 'stationCode' | 'birthDate' | 'apartment' | 'deleted'
> & {
  obl: string;
  rai: string;
  sex: 'М' | 'Ж';
  locality: string;
  street: string;
  house: string;
  documentNumber: string;
  documentIssuedOn: string;
};

export interface StationFileRow {
  row: number;
  number: number;
  premises: string;
  locality: string;
  street: string;
  house: string;
  isNew: boolean;
  abolished: boolean;
}

/** Where a finding of category 3 or 4 stands in its group. */
export interface ExpectedGroup {
  /** Names the group in the scenario: findings with one label share one group id in the run. */
  label: string;
  size: number;
  /** This row is the one to keep. */
  keep: boolean;
  /** The station the register gives the voter; null when it gives none. */
  registerStation: string | null;
}

export type ExpectedFinding =
  | {
      scope: 'voter';
      districtId: string;
      category: number;
      subcategory: string;
      cod: number;
      iin: string;
      group?: ExpectedGroup;
    }
  | { scope: 'station'; districtId: string; subcategory: StationFinding; stationCode: string };

/**
 * Deterministic UUID-shaped id from up to four integers below 2^32, written out in hex (not
 * hashed, so distinct parts always give distinct ids). For synthetic rows only.
 */
export function syntheticId(...parts: number[]): string {
  if (parts.length > 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p >= 2 ** 32))
    throw new RangeError('syntheticId takes up to four integers in 0..2^32-1');
  const hex = parts
    .map((p) => p.toString(16).padStart(8, '0'))
    .join('')
    .padEnd(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const regionNumber = (code: string) => Number(code);

export function districtOf(
  spec: ScenarioSpec,
  districtId: string,
): { region: RegionSpec; district: DistrictSpec; index: number } {
  for (const region of spec.regions) {
    const index = region.districts.findIndex((d) => d.id === districtId);
    if (index >= 0) return { region, district: region.districts[index], index };
  }
  throw new Error(`no district ${districtId} in the scenario`);
}

/** The register's station number of a district's station `index`. */
export function stationNumber(region: RegionSpec, district: DistrictSpec, index: number): number {
  let n = region.stationBase;
  for (const d of region.districts) {
    if (d === district) return n + index + 1;
    n += d.stations.length;
  }
  throw new Error('district not in region');
}

const stationId = (region: RegionSpec, number: number) => syntheticId(regionNumber(region.code), number, 0x57a7);

/** Numbers no register station uses: new stations and the unlisted station code. */
const newStationNumber = (region: RegionSpec, districtIndex: number, k: number) =>
  region.stationBase + 5000 + districtIndex * 100 + k;
const unlistedStationNumber = (region: RegionSpec, districtIndex: number) => region.stationBase + 9000 + districtIndex;

/**
 * Which voters of a district get which injection: index -> kind. Counts pick that many voters;
 * values below 1 are shares of the district. Victims are distinct and drawn by a seeded PRNG.
 */
export function injectionPlan(spec: ScenarioSpec, district: DistrictSpec): Map<number, VoterInjection> {
  const total = district.stations.reduce((a, b) => a + b, 0);
  const plan = new Map<number, VoterInjection>();
  const random = seededRandom(mix(spec.seed, district.slot, 0x1a7e));
  for (const kind of VOTER_INJECTION_KINDS) {
    const asked = district.inject?.[kind] ?? 0;
    const count = asked < 1 ? Math.round(asked * total) : asked;
    for (let k = 0; k < count; k += 1) {
      if (plan.size >= total) throw new Error(`district ${district.id} has too few voters for its injections`);
      let i: number;
      do i = Math.floor(random() * total);
      while (plan.has(i));
      plan.set(i, kind);
    }
  }
  return plan;
}

/** Station index of voter `i` of a district (voters fill stations in order). */
function stationIndexOf(district: DistrictSpec, i: number): number {
  let n = i;
  for (let s = 0; s < district.stations.length; s += 1) {
    if (n < district.stations[s]) return s;
    n -= district.stations[s];
  }
  throw new RangeError(`voter ${i} is beyond district ${district.id}`);
}

/**
 * The stations (indexes) of a c4-several-stations victim's two rows and the one the register gives
 * the voter, by the victim's turn among the district's: the first row's station, the second row's
 * (so that keeping a row by Cod order is wrong), or neither (no row to keep: a third station of
 * the district, or no station when the district has only two).
 */
function severalStations(
  district: DistrictSpec,
  plan: Map<number, VoterInjection>,
  i: number,
): { rows: [number, number]; register: number | null } {
  const first = stationIndexOf(district, i);
  const second = first === 0 ? 1 : 0;
  let turn = 0;
  for (const [j, kind] of plan) if (kind === 'c4-several-stations' && j < i) turn += 1;
  if (turn % 3 === 0) return { rows: [first, second], register: first };
  if (turn % 3 === 1) return { rows: [first, second], register: second };
  const third = district.stations.findIndex((_, s) => s !== first && s !== second);
  return { rows: [first, second], register: third >= 0 ? third : null };
}

export function* registerStations(spec: ScenarioSpec): Generator<RegisterStationRow> {
  for (const region of spec.regions) {
    for (const district of region.districts) {
      for (let s = 0; s < district.stations.length; s += 1) {
        const number = stationNumber(region, district, s);
        yield {
          id: stationId(region, number),
          regionCode: region.code,
          districtId: district.id,
          number,
          premises: `Школа-гимназия № ${number}`,
          locality: district.locality,
          street: 'Абая',
          house: String(1 + (number % 90)),
        };
      }
    }
  }
}

/** Another region's district, for voters registered elsewhere (category 5). */
function elsewhere(
  spec: ScenarioSpec,
  region: RegionSpec,
): { regionCode: string; districtId: string; locality: string } {
  const other = spec.regions.find((r) => r !== region && r.districts.length > 0);
  if (!other) throw new Error('category 5 needs a second region with a district in the scenario');
  return { regionCode: other.code, districtId: other.districts[0].id, locality: other.districts[0].locality };
}

/**
 * The people behind a district's voters, in order, as the register knows them (before injections).
 * Under-age victims come from the separate minors' range, and those turning 18 on the reference
 * date or the day after from their own, each numbered in the order they occur.
 */
function voterPeople(
  spec: ScenarioSpec,
  district: DistrictSpec,
  plan: Map<number, VoterInjection>,
): (i: number) => SyntheticPerson | null {
  let minors = 0;
  const turning18 = [0, 0];
  return (i) => {
    switch (plan.get(i)) {
      case 'c9-under-18':
        return person(spec, district.slot, minors++, true);
      case 'clean-18-on-date':
        return personTurning18(spec, district.slot, turning18[0]++, 0);
      case 'c9-under-18-day-after':
        return personTurning18(spec, district.slot, turning18[1]++, 1);
      default:
        return person(spec, district.slot, (district.firstPerson ?? 0) + i);
    }
  };
}

/** The register's voters and status facts, streamed region by region. */
export function* registerRows(
  spec: ScenarioSpec,
): Generator<{ voter: RegisterVoterRow | null; facts: StatusFactRow[] }> {
  const refDay = isoToDay(spec.referenceDate);
  for (const region of spec.regions) {
    for (const district of region.districts) {
      const plan = injectionPlan(spec, district);
      const total = district.stations.reduce((a, b) => a + b, 0);
      const personOf = voterPeople(spec, district, plan);
      for (let i = 0; i < total; i += 1) {
        const kind = plan.get(i);
        const p = personOf(i);
        if (!p || kind === 'c1-not-in-register') continue;
        const s = stationIndexOf(district, i);
        let voter: RegisterVoterRow = {
          ...p,
          id: syntheticId(spec.seed, district.slot, (district.firstPerson ?? 0) + i, kind === 'c9-under-18' ? 1 : 0),
          regionCode: region.code,
          districtId: district.id,
          stationId: stationId(region, stationNumber(region, district, s)),
          locality: district.locality,
        };
        if (kind === 'c5-other-region' || kind === 'c6-deregistered-other-region')
          voter = { ...voter, ...elsewhere(spec, region), stationId: null };
        if (kind === 'c4-several-stations') {
          const { register } = severalStations(district, plan, i);
          voter = {
            ...voter,
            stationId: register === null ? null : stationId(region, stationNumber(region, district, register)),
          };
        }
        if (kind === 'c2-expired') {
          const issued = dayToIso(isoToDay(addYears(spec.referenceDate, -10)) - 40);
          voter = { ...voter, documentIssuedOn: issued, documentExpiresOn: addYears(issued, 10) };
        }
        if (kind === 'c2-expired-day-before' || kind === 'clean-expires-on-date') {
          const expires = dayToIso(kind === 'c2-expired-day-before' ? refDay - 1 : refDay);
          voter = { ...voter, documentIssuedOn: addYears(expires, -10), documentExpiresOn: expires };
        }
        const fact = (k: StatusFactRow['kind'], since: number, until: number | null = null): StatusFactRow => ({
          id: syntheticId(spec.seed, district.slot, (district.firstPerson ?? 0) + i, 0xfac7),
          iin: p.iin,
          kind: k,
          since: dayToIso(since),
          until: until === null ? null : dayToIso(until),
          basis: 'synthetic',
        });
        const facts: StatusFactRow[] = [];
        switch (kind) {
          case 'c6-deregistered':
          case 'c6-deregistered-other-region':
            facts.push(fact('DEREGISTERED', refDay - 100));
            break;
          case 'c7-emigrated':
            facts.push(fact('EMIGRATED', refDay - 400));
            break;
          case 'c8-non-citizen':
            facts.push(fact('NON_CITIZEN', refDay - 2000));
            break;
          case 'c9-incapable':
            facts.push(fact('INCAPABLE', refDay - 300));
            break;
          case 'c9-imprisoned':
            facts.push(fact('IMPRISONED', refDay - 500, refDay + 700));
            break;
          case 'c9-deceased':
          case 'clean-deleted':
            facts.push(fact('DECEASED', refDay - 60));
            break;
          case 'c9-citizenship-lost':
            facts.push(fact('CITIZENSHIP_LOST', refDay - 200));
            break;
          case 'clean-fact-ended':
            facts.push(fact('IMPRISONED', refDay - 1100, refDay - 365));
            break;
          case 'clean-fact-future':
            facts.push(fact('DEREGISTERED', refDay + 10));
            break;
          // A fact is active when since <= date < until (the register's rule).
          case 'c9-incapable-from-date':
            facts.push(fact('INCAPABLE', refDay));
            break;
          case 'clean-fact-until-date':
            facts.push(fact('IMPRISONED', refDay - 500, refDay));
            break;
          default:
            break;
        }
        yield { voter, facts };
      }
    }
  }
}

const LOOKALIKE: Record<string, string> = { А: 'A', Е: 'E', О: 'O', Р: 'P', С: 'C', К: 'K', М: 'M', Т: 'T', Х: 'X' };
const FOLD: Record<string, string> = {
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
  Ә: 'А',
  Ғ: 'Г',
  Қ: 'К',
  Ң: 'Н',
  Ө: 'О',
  Ұ: 'У',
  Ү: 'У',
  Һ: 'Х',
  І: 'И',
};

/** The same name typed differently: upper case, a Latin look-alike, Kazakh letters folded, spaces. */
function respell(name: string, variant: number): string {
  switch (variant % 3) {
    case 0:
      return name.toUpperCase().replace(/[АЕОРСКМТХ]/, (c) => LOOKALIKE[c]);
    case 1:
      return name.replace(/[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/g, (c) => FOLD[c]).toLowerCase();
    default:
      return ` ${name.replace(/ов/, 'oв')}  `;
  }
}

function otherName(list: readonly string[], current: string, random: () => number): string {
  for (;;) {
    const n = list[Math.floor(random() * list.length)];
    if (n.slice(0, 3) !== current.slice(0, 3)) return n;
  }
}

function fileRow(
  p: SyntheticPerson,
  cod: number,
  stationCode: string,
  region: RegionSpec,
  district: DistrictSpec,
): VoterFileRow {
  return {
    cod,
    iin: p.iin,
    surname: p.surname,
    firstName: p.firstName,
    patronymic: p.patronymic,
    stationCode,
    obl: region.code,
    rai: district.id,
    birthDate: p.birthDate,
    sex: p.sex === 'MALE' ? 'М' : 'Ж',
    locality: district.locality,
    street: p.street,
    house: p.house,
    apartment: p.apartment,
    documentNumber: p.documentNumber,
    documentIssuedOn: p.documentIssuedOn,
    deleted: false,
  };
}

/** A voter the file lists more than once: the rows made and the register's station. */
interface ListedTwice {
  iin: string;
  registerStation: string | null;
  rows: { cod: number; station: string }[];
}

/**
 * The findings a voter listed more than once must give (Rules para 9), every row of each group:
 * category 3 for each station holding two or more of the rows (keep the first), and category 4
 * when the rows are on more than one station (keep the first row on the register's station; none
 * when no row is on it).
 */
function groupFindings(districtId: string, g: ListedTwice): ExpectedFinding[] {
  const out: ExpectedFinding[] = [];
  const add = (category: number, subcategory: string, cod: number, group: ExpectedGroup) =>
    out.push({ scope: 'voter', districtId, category, subcategory, cod, iin: g.iin, group });
  const stations = [...new Set(g.rows.map((r) => r.station))];
  for (const station of stations) {
    const on = g.rows.filter((r) => r.station === station);
    if (on.length < 2) continue;
    const first = Math.min(...on.map((r) => r.cod));
    for (const r of on)
      add(3, 'same-station', r.cod, {
        label: `3 ${g.iin} ${station}`,
        size: on.length,
        keep: r.cod === first,
        registerStation: g.registerStation,
      });
  }
  if (stations.length > 1) {
    const onRegister = g.rows.filter((r) => r.station === g.registerStation).map((r) => r.cod);
    const keep = onRegister.length ? Math.min(...onRegister) : null;
    for (const r of g.rows)
      add(4, 'several-stations', r.cod, {
        label: `4 ${g.iin}`,
        size: g.rows.length,
        keep: r.cod === keep,
        registerStation: g.registerStation,
      });
  }
  return out;
}

/** The row of a voter an injection was made to (not the extra rows it added). */
export interface InjectedRow {
  kind: VoterInjection;
  cod: number;
  iin: string;
}

/**
 * One district's voter file: its voters in order (Cod 1, 2, …), then the extra rows the
 * injections add (duplicates, another district's voter). `expected` receives the voter findings
 * (once the file has been read to its end), `injected` each injected voter's own row.
 */
export function* voterFile(
  spec: ScenarioSpec,
  districtId: string,
  expected?: ExpectedFinding[],
  injected?: InjectedRow[],
): Generator<VoterFileRow> {
  const { region, district, index } = districtOf(spec, districtId);
  const plan = injectionPlan(spec, district);
  const total = district.stations.reduce((a, b) => a + b, 0);
  const random = seededRandom(mix(spec.seed, district.slot, 0xf11e));
  const extras: { person: SyntheticPerson; stationCode: string; kind: VoterInjection; group?: ListedTwice }[] = [];
  const groups: ListedTwice[] = [];
  const expect = (kind: VoterInjection, cod: number, iin: string) => {
    const what = VOTER_INJECTIONS[kind];
    if (what && expected)
      expected.push({ scope: 'voter', districtId, category: what.category, subcategory: what.subcategory, cod, iin });
  };
  /** The voter's row, and more rows of them on `others` (station codes). */
  const listAgain = (
    kind: VoterInjection,
    p: SyntheticPerson,
    row: VoterFileRow,
    registerStation: string | null,
    others: string[],
  ) => {
    const group: ListedTwice = { iin: p.iin, registerStation, rows: [{ cod: row.cod, station: row.stationCode }] };
    groups.push(group);
    for (const stationCode of others) extras.push({ person: p, stationCode, kind, group });
  };
  const code = (s: number) => String(stationNumber(region, district, s));
  const personOf = voterPeople(spec, district, plan);
  let cod = 0;
  for (let i = 0; i < total; i += 1) {
    const kind = plan.get(i);
    const p = personOf(i);
    if (!p) continue;
    const s = stationIndexOf(district, i);
    const row = fileRow(p, ++cod, code(s), region, district);
    switch (kind) {
      case 'c1-surname':
        row.surname = otherName(
          p.sex === 'MALE' ? ['Абенов', 'Иманов', 'Карпов'] : ['Абенова', 'Иманова', 'Карпова'],
          p.surname,
          random,
        );
        break;
      case 'c1-first-name':
        row.firstName = otherName(
          p.sex === 'MALE' ? ['Тимур', 'Олег', 'Бахыт'] : ['Алия', 'Вера', 'Камила'],
          p.firstName,
          random,
        );
        break;
      case 'c1-patronymic':
        row.patronymic = p.patronymic ? null : 'Маратович';
        break;
      case 'c1-birth-date':
        row.birthDate = dayToIso(isoToDay(p.birthDate) - 3);
        break;
      case 'c2-replaced':
        row.documentNumber = String(Number(p.documentNumber) - 1);
        row.documentIssuedOn = dayToIso(isoToDay(p.documentIssuedOn) - 3650);
        break;
      case 'clean-spelling':
        row.surname = respell(p.surname, i);
        row.firstName = respell(p.firstName, i + 1);
        row.patronymic = p.patronymic === null ? null : respell(p.patronymic, i + 2);
        break;
      case 'clean-deleted':
        row.deleted = true;
        break;
      case 'unlisted-station':
        row.stationCode = String(unlistedStationNumber(region, index));
        break;
      case 'c3-same-station':
        listAgain(kind, p, row, row.stationCode, [row.stationCode]);
        break;
      case 'c4-several-stations': {
        const {
          rows: [, second],
          register,
        } = severalStations(district, plan, i);
        listAgain(kind, p, row, register === null ? null : code(register), [code(second)]);
        break;
      }
      case 'c3-c4-three-rows':
        listAgain(kind, p, row, row.stationCode, [row.stationCode, code(s === 0 ? 1 : 0)]);
        break;
      case 'c4-other-district': {
        const other = region.districts.find((d) => d !== district);
        if (!other) throw new Error('c4-other-district needs a second district in the region');
        const otherPlan = injectionPlan(spec, other);
        let j = Math.floor(random() * other.stations.reduce((a, b) => a + b, 0));
        const otherFirst = other.firstPerson ?? 0;
        while (otherPlan.has(j) || !person(spec, other.slot, otherFirst + j))
          j = (j + 1) % other.stations.reduce((a, b) => a + b, 0);
        const op = person(spec, other.slot, otherFirst + j)!;
        // The extra row: the other district's voter listed here as well. `p` stays clean here.
        extras.push({ person: op, stationCode: row.stationCode, kind });
        break;
      }
      default:
        break;
    }
    if (kind) injected?.push({ kind, cod: row.cod, iin: p.iin });
    if (kind && !['c3-same-station', 'c4-several-stations', 'c3-c4-three-rows', 'c4-other-district'].includes(kind))
      expect(kind, row.cod, p.iin);
    yield row;
  }
  for (const e of extras) {
    const row = fileRow(e.person, ++cod, e.stationCode, region, district);
    if (e.group) e.group.rows.push({ cod: row.cod, station: row.stationCode });
    else expect(e.kind, row.cod, e.person.iin);
    yield row;
  }
  for (const g of groups) expected?.push(...groupFindings(districtId, g));
}

/** One district's station list (Appendix 2), with the spec's changes; `expected` gets the findings. */
export function stationFile(spec: ScenarioSpec, districtId: string, expected?: ExpectedFinding[]): StationFileRow[] {
  const { region, district, index } = districtOf(spec, districtId);
  const list = district.stationList ?? {};
  const rows: StationFileRow[] = [];
  const expect = (subcategory: StationFinding, number: number) =>
    expected?.push({ scope: 'station', districtId, subcategory, stationCode: String(number) });
  const add = (number: number, isNew: boolean, abolished: boolean) =>
    rows.push({
      row: rows.length + 1,
      number,
      premises: `Школа-гимназия № ${number}`,
      locality: district.locality,
      street: 'Абая',
      house: String(1 + (number % 90)),
      isNew,
      abolished,
    });
  district.stations.forEach((voters, s) => {
    const number = stationNumber(region, district, s);
    if (voters > 3000) expect('over-limit', number);
    if (list.omit?.includes(s)) {
      expect('missing-from-list', number);
      return;
    }
    const isNew = list.markNew?.includes(s) ?? false;
    const abolished = list.abolish?.includes(s) ?? false;
    if (isNew) expect('marked-new-but-exists', number);
    if (abolished && voters > 0) expect('abolished-with-voters', number);
    add(number, isNew, abolished);
  });
  for (let k = 0; k < (list.newUnmarked ?? 0); k += 1) {
    const number = newStationNumber(region, index, k);
    expect('new-unmarked', number);
    add(number, false, false);
  }
  for (let k = 0; k < (list.abolishedNotInRegister ?? 0); k += 1)
    add(newStationNumber(region, index, (list.newUnmarked ?? 0) + k), false, true);
  for (const dup of list.duplicateOf ?? []) {
    const other = districtOf(spec, dup.district);
    const number = stationNumber(other.region, other.district, dup.station);
    expect('duplicate-number', number);
    add(number, true, false);
  }
  const plan = injectionPlan(spec, district);
  if ([...plan.values()].includes('unlisted-station'))
    expect('voters-on-unlisted-station', unlistedStationNumber(region, index));
  return rows;
}

/**
 * A generated row as the Appendix 1 fields of a file (text, as CSV holds them). Birth dates as
 * YYYY-MM-DD, or DD.MM.YYYY as many akimats type them.
 */
export function appendix1Fields(r: VoterFileRow, birthDates: 'iso' | 'dotted' = 'iso'): Record<string, string> {
  return {
    Cod: String(r.cod),
    Cod_izber: r.iin,
    Soname: r.surname,
    Name: r.firstName,
    Otchestvo: r.patronymic ?? '',
    Cod_uch: r.stationCode,
    Obl: r.obl,
    Rai: r.rai,
    Date_rogd: birthDates === 'dotted' ? r.birthDate.split('-').reverse().join('.') : r.birthDate,
    mal: r.sex,
    Mesto_progiv: r.locality,
    Street: r.street,
    Hourse: r.house,
    Kvartira: r.apartment ?? '',
    Udostve: r.documentNumber,
    Date_vidach: r.documentIssuedOn,
    Dopol1: '0',
    Dopol2: r.deleted ? '1' : '0',
    Dopol4: '0',
  };
}

/**
 * Records as an Appendix 1 CSV file: the header, then one line per record with the fields in the
 * header's order, values quoted where needed, CRLF line ends (as Excel writes them).
 */
export function appendix1Csv(
  rows: readonly Record<string, string>[],
  options: { delimiter?: string; header?: readonly string[] } = {},
): string {
  const delimiter = options.delimiter ?? ';';
  const header = options.header ?? APPENDIX1_FIELD_NAMES;
  const cell = (v: string) => (/["\r\n;,\t]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return (
    [header.join(delimiter), ...rows.map((r) => header.map((h) => cell(r[h] ?? '')).join(delimiter))].join('\r\n') +
    '\r\n'
  );
}

/**
 * A generated row as an Access table holds it (libs/files/jet4): Cod a number, dates as dates,
 * the Dopol flags as Yes/No; an empty field is null.
 */
export function appendix1AccessRow(r: VoterFileRow): Record<string, string | number | boolean | Date | null> {
  const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const fields = appendix1Fields(r);
  const row: Record<string, string | number | boolean | Date | null> = {};
  for (const [name, value] of Object.entries(fields)) row[name] = value === '' ? null : value;
  return {
    ...row,
    Cod: r.cod,
    Date_rogd: date(r.birthDate),
    Date_vidach: date(r.documentIssuedOn),
    Dopol1: false,
    Dopol2: r.deleted,
    Dopol4: false,
  };
}
