/**
 * Is a registered address inside a polling station's boundaries? The boundaries are the rows of the
 * district's Appendix 3 list (one per locality, street or range of houses); the address is the
 * citizen's permanent registration as the state registration service returns it. Pure.
 *
 * A row covers an address when:
 *  - the localities are the same name (case, Ё/Е, Kazakh letters and type words such as "г.",
 *    "село", "ауылы" ignored);
 *  - the row names no street (the whole locality is the station's), or the streets are the same
 *    name (type words such as "ул.", "проспект", "көшесі" ignored);
 *  - the row names no houses, or "все"/"барлығы" (the whole street), or the house is in the row's
 *    list: single houses ("12", "12а", "12/1", compared exactly), ranges ("1-25", "с 1 по 25"),
 *    optionally of one side ("нечетные", "тақ", "четные", "жұп"), compared by the house's number.
 *
 * When no row covers the address the answer is UNKNOWN, never OUTSIDE: the list may simply not
 * describe that street. OUTSIDE means another station's rows cover it.
 */
import { foldKazakh } from './normalize';

export interface RegisteredAddress {
  locality: string;
  street: string | null;
  house: string | null;
}

export interface BoundaryRow {
  /** The row of the sheet the record came from, kept as evidence for the decision. */
  row: number;
  stationNumber: number;
  locality: string;
  address: string | null;
  house: string | null;
}

export type BoundaryVerdict = 'INSIDE' | 'OUTSIDE' | 'UNKNOWN';

export interface BoundaryMatch {
  verdict: BoundaryVerdict;
  /** Stations whose rows cover the address, ascending. */
  stationNumbers: number[];
  /** The rows that cover it. */
  rows: number[];
}

const TYPE_WORDS = new Set([
  // Russian
  'Г',
  'ГОР',
  'ГОРОД',
  'С',
  'СЕЛО',
  'П',
  'ПОС',
  'ПОСЕЛОК',
  'ПГТ',
  'АУЛ',
  'Д',
  'ДЕРЕВНЯ',
  'СТ',
  'СТАНЦИЯ',
  'УЛ',
  'УЛИЦА',
  'ПР',
  'ПР-Т',
  'ПРОСП',
  'ПРОСПЕКТ',
  'ПЕР',
  'ПЕРЕУЛОК',
  'МКР',
  'МИКРОРАЙОН',
  'Б-Р',
  'БУЛЬВАР',
  'ПЛ',
  'ПЛОЩАДЬ',
  'ШОССЕ',
  'ТУПИК',
  'ПРОЕЗД',
  'КВАРТАЛ',
  'КВ-Л',
  // Kazakh, folded (Қ→К, Ө→О, Ң→Н, Ғ→Г, І→И, Ұ/Ү→У)
  'КАЛА',
  'КАЛАСЫ',
  'АУЫЛ',
  'АУЫЛЫ',
  'КЕНТ',
  'КЕНТИ',
  'КОШЕ',
  'КОШЕСИ',
  'ДАНГЫЛ',
  'ДАНГЫЛЫ',
  'ШАГЫНАУДАН',
  'ШАГЫНАУДАНЫ',
  'ТУЙИК',
  'ТУЙИГИ',
  'ТУЙЫК',
  'ТУЙЫГЫ',
  'АЛАН',
  'АЛАНЫ',
  'ТАС ЖОЛ',
]);

/** The name without its type words, punctuation and letter variants: "г. Қарағанды" → "КАРАГАНДЫ". */
export function placeName(value: string | null | undefined): string {
  const folded = foldKazakh(value).replace(/[.,;:"'«»()№]/g, ' ');
  return folded
    .split(/\s+/)
    .filter((word) => word !== '' && !TYPE_WORDS.has(word))
    .join(' ');
}

// JavaScript's \b knows only Latin letters: Cyrillic word ends are written as lookaheads.

/** "12 А" → "12А", "12 / 1" → "12/1", "д. 12" → "12". */
function houseToken(value: string): string {
  return foldKazakh(value)
    .replace(/^(Д|ДОМ|УЙ)\.?\s*/, '')
    .replace(/\s+/g, '')
    .replace(/[.,]/g, '');
}

function houseNumber(token: string): number | null {
  const m = /^(\d+)/.exec(token);
  return m ? Number(m[1]) : null;
}

type Side = 'odd' | 'even' | 'both';

function sideOf(text: string): Side {
  const t = foldKazakh(text);
  if (/НЕЧЕТ|ТАК(?![А-Я])|ТАКТАР/.test(t)) return 'odd';
  if (/ЧЕТ(?![А-Я])|ЧЕТН|ЖУП/.test(t)) return 'even';
  return 'both';
}

/** Does a row's house column hold this house? An empty column is the whole street. */
export function houseListCovers(list: string | null, house: string | null): boolean {
  if (list === null || list.trim() === '') return true;
  const whole = foldKazakh(list).trim();
  if (/^(ВСЕ|ВСЕ ДОМА|ПОЛНОСТЬЮ|БАРЛЫГЫ|БАРЛЫК УЙЛЕР)$/.test(whole)) return true;
  if (house === null || house.trim() === '') return false;
  const token = houseToken(house);
  const number = houseNumber(token);
  for (const part of list.split(/[;,]/)) {
    const piece = part.trim();
    if (piece === '') continue;
    const range = /(\d+)\s*(?:[-–—]|ПО|ДО|\.\.)\s*(\d+)/.exec(foldKazakh(piece).replace(/^С\s+/, ''));
    if (range) {
      if (number === null) continue;
      const [lo, hi] = [Number(range[1]), Number(range[2])].sort((a, b) => a - b);
      const side = sideOf(piece);
      if (number < lo || number > hi) continue;
      if (side === 'odd' && number % 2 === 0) continue;
      if (side === 'even' && number % 2 === 1) continue;
      return true;
    }
    if (houseToken(piece) === token) return true;
  }
  return false;
}

export function rowCovers(row: BoundaryRow, address: RegisteredAddress): boolean {
  if (placeName(row.locality) !== placeName(address.locality)) return false;
  if (row.address === null || row.address.trim() === '') return true;
  if (address.street === null || placeName(row.address) !== placeName(address.street)) return false;
  return houseListCovers(row.house, address.house);
}

/** Which stations' rows cover the address, and whether `stationNumber` is one of them. */
export function matchBoundaries(
  address: RegisteredAddress,
  rows: readonly BoundaryRow[],
  stationNumber: number,
): BoundaryMatch {
  const covering = rows.filter((row) => rowCovers(row, address));
  const stationNumbers = [...new Set(covering.map((r) => r.stationNumber))].sort((a, b) => a - b);
  const verdict: BoundaryVerdict = stationNumbers.includes(stationNumber)
    ? 'INSIDE'
    : stationNumbers.length > 0
      ? 'OUTSIDE'
      : 'UNKNOWN';
  return { verdict, stationNumbers, rows: covering.map((r) => r.row) };
}
