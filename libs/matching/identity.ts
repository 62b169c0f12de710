/**
 * Comparing one voter-file record with the register's record of the same IIN (reconciliation
 * category 1, incorrect identity data). The rules, documented for the commission's report:
 *
 *  - the IIN is the key: records are paired by IIN, never by name;
 *  - each name field is `same`, a `spelling-variant` (equal once Kazakh letters are folded; listed,
 *    not a discrepancy) or `different` (a category 1 discrepancy naming the field);
 *  - the birth date must be equal;
 *  - a patronymic absent on one side and present on the other is a difference ("if any" in the
 *    Rules means the field may be empty, not that it may disagree);
 *  - the IIN's own date and sex digits are not compared with the record: since 2013 they need not
 *    match (DOMAIN.md §6).
 */
import { compareNames } from './normalize';

export interface IdentityRecord {
  iin: string;
  surname: string;
  firstName: string;
  patronymic: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
}

export type IdentityField = 'surname' | 'firstName' | 'patronymic' | 'birthDate';

export interface IdentityDifference {
  field: IdentityField;
  kind: 'different' | 'spelling-variant';
  file: string | null;
  register: string | null;
}

export interface IdentityComparison {
  /** True when no field is `different` (spelling variants allowed). */
  consistent: boolean;
  /** The fields that differ (`different`) and those that differ only in spelling. */
  differences: IdentityDifference[];
}

export function compareIdentity(file: IdentityRecord, register: IdentityRecord): IdentityComparison {
  if (file.iin !== register.iin) throw new Error('compareIdentity pairs records by IIN: the two IINs differ');
  const differences: IdentityDifference[] = [];
  for (const field of ['surname', 'firstName', 'patronymic'] as const) {
    const relation = compareNames(file[field], register[field]);
    if (relation !== 'same')
      differences.push({ field, kind: relation, file: file[field] || null, register: register[field] || null });
  }
  if (file.birthDate !== register.birthDate) {
    differences.push({ field: 'birthDate', kind: 'different', file: file.birthDate, register: register.birthDate });
  }
  return { consistent: differences.every((d) => d.kind !== 'different'), differences };
}
