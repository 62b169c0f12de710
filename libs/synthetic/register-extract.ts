/**
 * Synthetic register extracts (format libs/register/extract-format.ts): the demo register's
 * people as the CEC would hand them over (the shipped sample), and any number of generated
 * people streamed in constant memory (the benchmark, the tests). Nothing here is a real person.
 */
import { EXTRACT_FIELD_NAMES } from '../register/extract-format';
import { demoRegister, type DemoRegister } from './demo';
import { addYears, mix, person, seededRandom, MAX_PEOPLE_PER_SLOT, MAX_SLOTS } from './people';

export type ExtractRow = Record<string, string>;

/** A CSV line of the extract, fields in the format's order (or `fields`), ';' by default. */
export function extractLine(row: ExtractRow, fields: readonly string[] = EXTRACT_FIELD_NAMES, delimiter = ';'): string {
  return fields
    .map((f) => {
      const v = row[f] ?? '';
      return v.includes(delimiter) || /["\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
    })
    .join(delimiter);
}

/** A whole extract as text: the header and the rows, CRLF line ends. */
export function extractCsv(
  rows: readonly ExtractRow[],
  fields: readonly string[] = EXTRACT_FIELD_NAMES,
  delimiter = ';',
): string {
  return [fields.join(delimiter), ...rows.map((r) => extractLine(r, fields, delimiter))].join('\r\n') + '\r\n';
}

/** The KATO code of a locality of the district (nine digits starting with the district's four). */
export const katoOf = (districtId: string, k = 1) => `${districtId}${String(k).padStart(5, '0')}`;

/**
 * The status facts given to a few people: which fact, for the `i`-th person, by a fixed pattern
 * so a sample holds a few of each (about one person in twelve has one).
 */
const FACT_PATTERN: Record<number, (asOf: string, r: () => number) => ExtractRow> = {
  3: (asOf, r) => ({ DECEASED_ON: addYears(asOf, -1 - Math.floor(r() * 3)) }),
  5: (asOf) => ({ EMIGRATED_ON: addYears(asOf, -2) }),
  7: (asOf) => ({ INCAPABLE_SINCE: addYears(asOf, -4) }),
  9: (asOf) => ({ IMPRISONED_SINCE: addYears(asOf, -1), IMPRISONED_UNTIL: addYears(asOf, 2) }),
  11: (asOf) => ({ DEREGISTERED_ON: addYears(asOf, -1) }),
  13: (asOf) => ({ CITIZENSHIP: 'RU', NON_CITIZEN_SINCE: addYears(asOf, -6) }),
  15: (asOf) => ({ CITIZENSHIP_LOST_ON: addYears(asOf, -3) }),
};
const FACT_EVERY = 97;

function factsFor(i: number, asOf: string): ExtractRow {
  const make = FACT_PATTERN[i % FACT_EVERY];
  return make ? make(asOf, seededRandom(mix(i, 0xfac7))) : {};
}

/** The demo register (libs/synthetic/demo.ts) as an extract as of `asOf`: every voter, a few with facts. */
export function demoExtractRows(asOf: string, register: DemoRegister = demoRegister()): ExtractRow[] {
  return register.voters.map((v, i) => ({
    IIN: v.iin,
    SURNAME: v.surname,
    FIRST_NAME: v.firstName,
    PATRONYMIC: v.patronymic,
    BIRTH_DATE: v.birthDate,
    SEX: v.sex === 'MALE' ? 'M' : 'F',
    CITIZENSHIP: 'KZ',
    DOC_NUMBER: v.documentNumber,
    DOC_ISSUED_ON: v.documentIssuedOn,
    DOC_EXPIRES_ON: v.documentExpiresOn,
    REGION: v.regionCode,
    DISTRICT: v.districtId,
    KATO: katoOf(v.districtId),
    LOCALITY: v.locality,
    STREET: v.street,
    HOUSE: v.house,
    APARTMENT: v.apartment ?? '',
    REGISTERED_ON: '',
    STATION: String(v.stationNumber),
    ...factsFor(i, asOf),
  }));
}

/** A district of generated people: its id, region, locality, and the numbers of its stations. */
export interface ExtractDistrict {
  id: string;
  regionCode: string;
  locality: string;
  stations: number[];
}

/**
 * `count` generated people spread over `districts` in turn, as extract rows (one object each,
 * made when asked: a 12.5-million-row file streams in constant memory). Valid IINs, unique
 * across the extract (people.ts's slots), a few with status facts.
 */
export function* generatedExtractRows(
  seed: number,
  asOf: string,
  districts: readonly ExtractDistrict[],
  count: number,
): Generator<ExtractRow> {
  if (count > MAX_SLOTS * MAX_PEOPLE_PER_SLOT)
    throw new RangeError(`at most ${MAX_SLOTS * MAX_PEOPLE_PER_SLOT} people can be generated`);
  const options = { seed, referenceDate: asOf };
  let made = 0;
  for (let i = 0; made < count; i += 1) {
    const p = person(options, Math.floor(i / MAX_PEOPLE_PER_SLOT), i % MAX_PEOPLE_PER_SLOT);
    if (!p) continue;
    const d = districts[made % districts.length];
    const station = d.stations.length ? d.stations[Math.floor(made / districts.length) % d.stations.length] : null;
    made += 1;
    yield {
      IIN: p.iin,
      SURNAME: p.surname,
      FIRST_NAME: p.firstName,
      PATRONYMIC: p.patronymic ?? '',
      BIRTH_DATE: p.birthDate,
      SEX: p.sex === 'MALE' ? 'M' : 'F',
      CITIZENSHIP: 'KZ',
      DOC_NUMBER: p.documentNumber,
      DOC_ISSUED_ON: p.documentIssuedOn,
      DOC_EXPIRES_ON: p.documentExpiresOn,
      REGION: d.regionCode,
      DISTRICT: d.id,
      KATO: katoOf(d.id, 1 + (made % 7)),
      LOCALITY: d.locality,
      STREET: p.street,
      HOUSE: p.house,
      APARTMENT: p.apartment ?? '',
      REGISTERED_ON: '',
      STATION: station === null ? '' : String(station),
      ...factsFor(made, asOf),
    };
  }
}

/** The shipped sample's as-of date and path under prisma/samples/. */
export const SAMPLE_EXTRACT_AS_OF = '2027-01-01';
export const SAMPLE_EXTRACT_PATH = 'register/register-extract-sample.csv';

/**
 * The shipped sample (prisma/samples/register/register-extract-sample.csv): the demo register's
 * voters as of 2027-01-01, a few with each status fact, and three rows the import holds back (a
 * repeated IIN, a wrong check digit, a district not on record), so the problems show too.
 */
export function registerExtractSample(register: DemoRegister = demoRegister()): {
  content: Buffer;
  rows: number;
  heldBack: { row: number; field: string; rule: string }[];
} {
  const rows = demoExtractRows(SAMPLE_EXTRACT_AS_OF, register);
  const good = rows.length;
  const spoilt = rows[1];
  const bad: ExtractRow[] = [
    { ...rows[0] },
    { ...spoilt, IIN: spoilt.IIN.slice(0, 11) + String((Number(spoilt.IIN[11]) + 1) % 10) },
    // Held back for its district, so its IIN (row 3's) is never in the snapshot twice.
    { ...rows[2], DISTRICT: `${rows[2].REGION}99`, KATO: `${rows[2].REGION}9900001` },
  ];
  return {
    content: Buffer.from(extractCsv([...rows, ...bad]), 'utf8'),
    rows: good + bad.length,
    heldBack: [
      { row: good + 1, field: 'IIN', rule: 'repeated' },
      { row: good + 2, field: 'IIN', rule: 'check-digit' },
      { row: good + 3, field: 'DISTRICT', rule: 'unknown-district' },
    ],
  };
}
