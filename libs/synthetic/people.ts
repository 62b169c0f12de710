/**
 * Synthetic people for the register, the demo data, the tests and the benchmarks. Nothing here is a
 * real person: names are drawn from lists of common Kazakh and Russian names, IINs are made up with
 * a valid check digit, document numbers are sequential.
 *
 * Random access: person `i` of a district slot is a pure function of (seed, slot, i), so a district's
 * file can be regenerated for the voter-file side without holding the register in memory, and any
 * number of people (12 million for the benchmark) streams in constant memory. IINs are unique across
 * slots: the birth date and the serial are derived from `i`, and each slot owns its own serials.
 */
import { withCheckDigit } from '../iin/iin';

/** mulberry32: a small seeded PRNG, the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes integers into one 32-bit seed. */
export function mix(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h = Math.imul(h ^ (v >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
  }
  return h;
}

const DAY_MS = 86_400_000;
/** Days since 1970-01-01 of an ISO date. */
export const isoToDay = (iso: string): number => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
export const dayToIso = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** The same calendar date `years` later (29 February becomes 1 March). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return dayToIso(Math.floor(Date.UTC(y + years, m - 1, d) / DAY_MS));
}

export const KAZAKH_MALE = [
  'Нұрлан',
  'Ерлан',
  'Асхат',
  'Данияр',
  'Айбек',
  'Серік',
  'Бауыржан',
  'Арман',
  'Қайрат',
  'Ержан',
  'Мұхтар',
  'Әлихан',
  'Ғалым',
  'Жандос',
  'Тимур',
  'Дәурен',
  'Ақжол',
  'Бекзат',
  'Санжар',
  'Нұрсұлтан',
];
export const KAZAKH_FEMALE = [
  'Айгүл',
  'Гүлнара',
  'Динара',
  'Жанар',
  'Мадина',
  'Әсел',
  'Сәуле',
  'Аружан',
  'Ақмарал',
  'Гүлжан',
  'Дана',
  'Айжан',
  'Қарлығаш',
  'Мөлдір',
  'Назерке',
  'Томирис',
  'Жұлдыз',
  'Ләззат',
];
export const RUSSIAN_MALE = [
  'Алексей',
  'Дмитрий',
  'Сергей',
  'Андрей',
  'Иван',
  'Николай',
  'Владимир',
  'Евгений',
  'Артём',
  'Михаил',
];
export const RUSSIAN_FEMALE = [
  'Елена',
  'Ольга',
  'Наталья',
  'Татьяна',
  'Ирина',
  'Анна',
  'Светлана',
  'Юлия',
  'Екатерина',
  'Мария',
];
/** Surnames in their masculine form; feminine() derives the other. */
export const KAZAKH_SURNAMES = [
  'Ахметов',
  'Серікбаев',
  'Жұмабаев',
  'Нұрпейісов',
  'Қасымов',
  'Төлегенов',
  'Омаров',
  'Смағұлов',
  'Әбенов',
  'Байжанов',
  'Есенов',
  'Мұратов',
  'Оспанов',
  'Сұлтанов',
  'Ғабдуллин',
  'Құдайбергенов',
  'Шәріпов',
  'Бекова',
  'Жақсылықов',
  'Үсенов',
];
export const RUSSIAN_SURNAMES = [
  'Иванов',
  'Петров',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Соколов',
  'Лебедев',
  'Новиков',
  'Морозов',
  'Волков',
  'Ким',
  'Пак',
  'Цой',
];
/** Fathers' names: the Russian-style patronymic stem and the Kazakh one (…ұлы / …қызы). */
const KAZAKH_FATHERS: [string, string][] = [
  ['Серик', 'Серік'],
  ['Нурлан', 'Нұрлан'],
  ['Кайрат', 'Қайрат'],
  ['Болат', 'Болат'],
  ['Марат', 'Марат'],
  ['Ержан', 'Ержан'],
  ['Аскар', 'Асқар'],
  ['Мухтар', 'Мұхтар'],
];
const RUSSIAN_PATRONYMICS: [string, string][] = [
  ['Сергеевич', 'Сергеевна'],
  ['Александрович', 'Александровна'],
  ['Владимирович', 'Владимировна'],
  ['Николаевич', 'Николаевна'],
  ['Андреевич', 'Андреевна'],
  ['Викторович', 'Викторовна'],
];
export const STREETS = [
  'Абая',
  'Сейфуллина',
  'Кенесары',
  'Республики',
  'Достык',
  'Тауелсиздик',
  'Жибек жолы',
  'Байтурсынова',
  'Мира',
  'Ленина',
  'Сатпаева',
  'Торайгырова',
];

export function feminine(surname: string): string {
  if (/(ов|ев|ин)$/.test(surname)) return `${surname}а`;
  return surname;
}

export interface SyntheticPerson {
  iin: string;
  surname: string;
  firstName: string;
  patronymic: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'MALE' | 'FEMALE';
  documentNumber: string;
  documentIssuedOn: string;
  documentExpiresOn: string;
  street: string;
  house: string;
  apartment: string | null;
}

/** Serials each slot owns: 10,000 serials / 128 slots. */
const SERIALS_PER_SLOT = 78;
export const MAX_SLOTS = 128;
/** People of one slot born on one day (3 serial candidates each, for a valid check digit). */
const PER_DAY = Math.floor(SERIALS_PER_SLOT / 3);
/** Adults are 18 to 89 years old on the reference date; 26,000 birth days. */
const ADULT_DAYS = 26_000;
/** Days of the under-age range: 16 to 17 years old. */
const MINOR_DAYS = 700;
const DAY_STRIDE = 7919; // prime, coprime with ADULT_DAYS and MINOR_DAYS: neighbours get far-apart dates

export interface PeopleOptions {
  seed: number;
  /** The date ages and document validity are judged on (YYYY-MM-DD). */
  referenceDate: string;
}

/** The most people one slot can hold. */
export const MAX_PEOPLE_PER_SLOT = ADULT_DAYS * PER_DAY;

/**
 * Person `i` of district slot `slot`, or null for the rare index whose three serial candidates all
 * have no valid check digit (about 1 in 2 million). `minor` draws from a separate range of people
 * aged 16 to 17 on the reference date (their IINs never collide with the adults').
 */
export function person(options: PeopleOptions, slot: number, i: number, minor = false): SyntheticPerson | null {
  if (slot < 0 || slot >= MAX_SLOTS) throw new RangeError(`slot ${slot} is outside 0..${MAX_SLOTS - 1}`);
  const days = minor ? MINOR_DAYS : ADULT_DAYS;
  if (i < 0 || i >= days * PER_DAY) throw new RangeError(`person ${i} is outside what slot ${slot} can hold`);
  const random = seededRandom(mix(options.seed, slot, i, minor ? 1 : 0));
  // The youngest adult turns 18 a day before the reference date; minors are 16 to 17.
  const youngest = isoToDay(addYears(options.referenceDate, minor ? -16 : -18)) - 1;
  const birthDate = dayToIso(youngest - ((i * DAY_STRIDE) % days));
  return build(
    options,
    random,
    birthDate,
    slot * SERIALS_PER_SLOT + Math.floor(i / days) * 3,
    mix(options.seed, slot, i, 7),
  );
}

/** The most people of one slot born on one date by personTurning18. */
export const MAX_TURNING_18_PER_DAY = PER_DAY;

/**
 * Person `k` of slot `slot` whose 18th birthday is `daysAfter` days after the reference date (0: on
 * it), for the boundary of the under-18 check. These birth dates lie between the minors' and the
 * adults' ranges, so the slot's serials give IINs no other person has; at most
 * MAX_TURNING_18_PER_DAY such people per slot and date.
 */
export function personTurning18(
  options: PeopleOptions,
  slot: number,
  k: number,
  daysAfter: 0 | 1,
): SyntheticPerson | null {
  if (slot < 0 || slot >= MAX_SLOTS) throw new RangeError(`slot ${slot} is outside 0..${MAX_SLOTS - 1}`);
  if (k < 0 || k >= PER_DAY) throw new RangeError(`slot ${slot} holds at most ${PER_DAY} people turning 18 on one day`);
  const eighteenth = isoToDay(options.referenceDate) + daysAfter;
  const birthDate = addYears(dayToIso(eighteenth), -18);
  if (addYears(birthDate, 18) !== dayToIso(eighteenth))
    throw new RangeError(`no one turns 18 on ${dayToIso(eighteenth)}: 18 years before it is no date`);
  const random = seededRandom(mix(options.seed, slot, k, 2 + daysAfter));
  return build(options, random, birthDate, slot * SERIALS_PER_SLOT + k * 3, mix(options.seed, slot, k, 8 + daysAfter));
}

function build(
  options: PeopleOptions,
  random: () => number,
  birthDate: string,
  serialBase: number,
  documentSeed: number,
): SyntheticPerson | null {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const ref = isoToDay(options.referenceDate);
  const male = random() < 0.48;
  const year = Number(birthDate.slice(0, 4));
  const century = year >= 2000 ? (male ? 5 : 6) : male ? 3 : 4;
  let iin: string | null = null;
  for (let c = 0; c < 3 && !iin; c += 1) {
    iin = withCheckDigit(
      `${birthDate.slice(2, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8, 10)}${century}${String(serialBase + c).padStart(4, '0')}`,
    );
  }
  if (!iin) return null;

  const kazakh = random() < 0.7;
  const surnameBase = pick(kazakh ? KAZAKH_SURNAMES : RUSSIAN_SURNAMES);
  let patronymic: string | null;
  if (kazakh) {
    const [ru, kk] = pick(KAZAKH_FATHERS);
    const style = random();
    patronymic = style < 0.6 ? `${ru}${male ? 'ович' : 'овна'}` : style < 0.85 ? `${kk}${male ? 'ұлы' : 'қызы'}` : null;
  } else {
    patronymic = pick(RUSSIAN_PATRONYMICS)[male ? 0 : 1];
  }
  // An ID card is valid for ten years; this one was issued after the 16th birthday, at least a
  // month before the reference date (so before any file listing it was received), and is still
  // valid on the reference date for at least 30 days.
  const earliest = Math.max(isoToDay(addYears(birthDate, 16)), isoToDay(addYears(options.referenceDate, -10)) + 30);
  const issuedDay = Math.min(ref - 31, earliest + Math.floor(random() * Math.max(1, ref - 31 - earliest)));
  const documentIssuedOn = dayToIso(issuedDay);
  return {
    iin,
    surname: male ? surnameBase : feminine(surnameBase),
    firstName: pick(kazakh ? (male ? KAZAKH_MALE : KAZAKH_FEMALE) : male ? RUSSIAN_MALE : RUSSIAN_FEMALE),
    patronymic,
    birthDate,
    sex: male ? 'MALE' : 'FEMALE',
    documentNumber: String(100_000_000 + ((documentSeed % 899_999_999) >>> 0)).slice(0, 9),
    documentIssuedOn,
    documentExpiresOn: addYears(documentIssuedOn, 10),
    street: pick(STREETS),
    house: String(1 + Math.floor(random() * 200)),
    apartment: random() < 0.6 ? String(1 + Math.floor(random() * 150)) : null,
  };
}
