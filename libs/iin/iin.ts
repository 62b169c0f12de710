/**
 * The individual identification number (IIN): 12 digits, the last a check digit.
 *
 * Law No. 223 of 12 Jan 2007 and the formation rules: weights 1..11 over the first eleven digits,
 * mod 11; a result of 10 is recomputed with weights 3..11,1,2; a second 10 means the number is
 * never issued. Since 2013 the birth-date and sex digits need not match the person (and a 7th
 * digit 0 exists), so only the check digit decides validity here. See DOMAIN.md §6.
 */
const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

export type IinProblem = 'not-12-digits' | 'never-issued' | 'check-digit';

function weighted(digits: number[], weights: number[]): number {
  return digits.reduce((sum, d, i) => sum + d * weights[i], 0) % 11;
}

/** Why an IIN is invalid, or null when it is valid. */
export function iinProblem(iin: string): IinProblem | null {
  if (!/^\d{12}$/.test(iin)) return 'not-12-digits';
  const digits = [...iin].map(Number);
  const first11 = digits.slice(0, 11);
  let check = weighted(first11, FIRST_WEIGHTS);
  if (check === 10) check = weighted(first11, SECOND_WEIGHTS);
  if (check === 10) return 'never-issued';
  return check === digits[11] ? null : 'check-digit';
}

export function isValidIin(iin: string): boolean {
  return iinProblem(iin) === null;
}

export const IIN_PROBLEM_TEXT: Record<IinProblem, string> = {
  'not-12-digits': 'an IIN is exactly 12 digits',
  'never-issued': 'this number cannot be an IIN (its check digit is never issued)',
  'check-digit': 'the check digit (12th) does not match the first eleven digits',
};

/** Appends the check digit to 11 digits; null when no valid IIN has those digits. */
export function withCheckDigit(first11: string): string | null {
  if (!/^\d{11}$/.test(first11)) throw new Error('withCheckDigit needs exactly 11 digits');
  const digits = [...first11].map(Number);
  let check = weighted(digits, FIRST_WEIGHTS);
  if (check === 10) check = weighted(digits, SECOND_WEIGHTS);
  return check === 10 ? null : first11 + String(check);
}
