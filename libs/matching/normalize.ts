/**
 * Name normalisation for matching a voter file against the register (CEC Rules 11/196 para 8:
 * surname, first name, patronymic, date of birth, IIN). Pure and deterministic.
 *
 * Two levels, so a report can say how two spellings relate:
 *  - `normalizeName`: the same name typed differently. Case; Unicode composition; Latin letters
 *    that look like Cyrillic ones in a Cyrillic name (the A in "AЙГУЛЬ"); Ё as Е; every dash as
 *    one hyphen with no spaces around it; runs of spaces as one.
 *  - `foldKazakh`: additionally the Kazakh letters Ә Ғ Қ Ң Ө Ұ Ү Һ І written as the nearest Russian
 *    letter (Ә→А, Ғ→Г, Қ→К, Ң→Н, Ө→О, Ұ→У, Ү→У, Һ→Х, І→И), as old registers and keyboards without
 *    a Kazakh layout write them. Equal only at this level is a spelling variant, not a different name.
 */

/** Latin capitals that look like Cyrillic ones, mapped to the Cyrillic letter. */
const LATIN_LOOKALIKES: Record<string, string> = {
  A: 'А',
  B: 'В',
  C: 'С',
  E: 'Е',
  H: 'Н',
  K: 'К',
  M: 'М',
  O: 'О',
  P: 'Р',
  T: 'Т',
  X: 'Х',
  Y: 'У',
  I: 'І',
};

const KAZAKH_TO_RUSSIAN: Record<string, string> = {
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

const CYRILLIC = /[\u0400-\u04FF]/;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D-]/g;

/** The canonical form of a name for comparison; '' for an empty or absent name. */
export function normalizeName(value: string | null | undefined): string {
  if (!value) return '';
  let s = value.normalize('NFC').toUpperCase().replace(/\s+/g, ' ').trim();
  s = s.replace(DASHES, '-').replace(/\s*-\s*/g, '-');
  s = s.replace(/Ё/g, 'Е');
  // Only inside a Cyrillic name: a Latin name stays Latin.
  if (CYRILLIC.test(s)) s = s.replace(/[ABCEHKMOPTXYI]/g, (c) => LATIN_LOOKALIKES[c]);
  return s;
}

/** normalizeName, then the Kazakh letters folded to their Russian counterparts. */
export function foldKazakh(value: string | null | undefined): string {
  return normalizeName(value).replace(/[ӘҒҚҢӨҰҮҺІ]/g, (c) => KAZAKH_TO_RUSSIAN[c]);
}

export type NameComparison = 'same' | 'spelling-variant' | 'different';

/** How two spellings of a name relate. */
export function compareNames(a: string | null | undefined, b: string | null | undefined): NameComparison {
  if (normalizeName(a) === normalizeName(b)) return 'same';
  if (foldKazakh(a) === foldKazakh(b)) return 'spelling-variant';
  return 'different';
}
