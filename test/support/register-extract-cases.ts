/**
 * Register extract rows with one problem each (libs/register/extract-check.ts): the field and
 * the rule each must be reported with, and how a good row is spoilt to break it. Shared by the
 * unit test of the row checker and the db test of the importer.
 */
import type { ExtractRow } from '../../libs/synthetic/register-extract';

export const AS_OF = '2027-01-01';

export interface ProblemCase {
  field: string;
  rule: string;
  spoil(row: ExtractRow): ExtractRow;
}

const flipCheckDigit = (iin: string) => iin.slice(0, 11) + String((Number(iin[11]) + 1) % 10);

export const PROBLEM_CASES: ProblemCase[] = [
  { field: 'IIN', rule: 'check-digit', spoil: (r) => ({ ...r, IIN: flipCheckDigit(r.IIN) }) },
  { field: 'IIN', rule: 'not-12-digits', spoil: (r) => ({ ...r, IIN: r.IIN.slice(0, 11) }) },
  { field: 'SURNAME', rule: 'empty', spoil: (r) => ({ ...r, SURNAME: '  ' }) },
  { field: 'SURNAME', rule: 'too-long', spoil: (r) => ({ ...r, SURNAME: 'Ә'.repeat(101) }) },
  { field: 'FIRST_NAME', rule: 'control-character', spoil: (r) => ({ ...r, FIRST_NAME: 'Ай\nгуль' }) },
  { field: 'BIRTH_DATE', rule: 'not-a-date', spoil: (r) => ({ ...r, BIRTH_DATE: '1990-02-30' }) },
  { field: 'BIRTH_DATE', rule: 'before-1900', spoil: (r) => ({ ...r, BIRTH_DATE: '31.12.1899' }) },
  { field: 'REGISTERED_ON', rule: 'after-as-of', spoil: (r) => ({ ...r, REGISTERED_ON: '2027-01-02' }) },
  { field: 'SEX', rule: 'invalid', spoil: (r) => ({ ...r, SEX: 'X' }) },
  { field: 'CITIZENSHIP', rule: 'invalid', spoil: (r) => ({ ...r, CITIZENSHIP: 'K1' }) },
  {
    field: 'REGION',
    rule: 'unknown-region',
    spoil: (r) => ({ ...r, REGION: '12', DISTRICT: '1201', KATO: '120100001', STATION: '' }),
  },
  { field: 'REGION', rule: 'not-2-digits', spoil: (r) => ({ ...r, REGION: '7' }) },
  { field: 'DISTRICT', rule: 'not-in-region', spoil: (r) => ({ ...r, DISTRICT: '7501', KATO: '750100001' }) },
  { field: 'DISTRICT', rule: 'unknown-district', spoil: (r) => ({ ...r, DISTRICT: '7199', KATO: '719900001' }) },
  { field: 'KATO', rule: 'not-in-district', spoil: (r) => ({ ...r, KATO: '710200001' }) },
  { field: 'KATO', rule: 'not-9-digits', spoil: (r) => ({ ...r, KATO: '71010001' }) },
  { field: 'STATION', rule: 'unknown-station', spoil: (r) => ({ ...r, STATION: '999' }) },
  { field: 'STATION', rule: 'not-a-number', spoil: (r) => ({ ...r, STATION: '1a' }) },
  { field: 'DOC_ISSUED_ON', rule: 'document-incomplete', spoil: (r) => ({ ...r, DOC_ISSUED_ON: '' }) },
  {
    field: 'DOC_EXPIRES_ON',
    rule: 'expires-before-issue',
    spoil: (r) => ({ ...r, DOC_ISSUED_ON: '2020-05-01', DOC_EXPIRES_ON: '2020-04-30' }),
  },
  {
    field: 'NON_CITIZEN_SINCE',
    rule: 'required-for-non-citizen',
    spoil: (r) => ({ ...r, CITIZENSHIP: 'RU', NON_CITIZEN_SINCE: '' }),
  },
  {
    field: 'IMPRISONED_UNTIL',
    rule: 'without-since',
    spoil: (r) => ({ ...r, IMPRISONED_SINCE: '', IMPRISONED_UNTIL: '2028-01-01' }),
  },
  {
    field: 'IMPRISONED_UNTIL',
    rule: 'not-after-since',
    spoil: (r) => ({ ...r, IMPRISONED_SINCE: '2026-01-01', IMPRISONED_UNTIL: '2026-01-01' }),
  },
  { field: 'DECEASED_ON', rule: 'after-as-of', spoil: (r) => ({ ...r, DECEASED_ON: '2027-03-01' }) },
  { field: 'EMIGRATED_ON', rule: 'not-a-date', spoil: (r) => ({ ...r, EMIGRATED_ON: '2026/01/01' }) },
];
