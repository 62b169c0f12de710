/**
 * The register extract's format 1 (libs/register/extract-format.ts) and its row checker
 * (libs/register/extract-check.ts): a row with each kind of problem gives exactly its field and
 * rule, a good row none (and its COPY lines); the header rules; the committed JSON copy equals
 * the description.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsvByteReader, type CsvByteRecord } from '../../libs/files/csv-bytes';
import { ExtractChecker, FIELDS, LineSink, ROW_RULES } from '../../libs/register/extract-check';
import {
  EXTRACT_FIELD_NAMES,
  EXTRACT_FORMAT_V1,
  extractFormatJson,
  matchHeader,
} from '../../libs/register/extract-format';
import { demoRegister } from '../../libs/synthetic/demo';
import { demoExtractRows, extractCsv, type ExtractRow } from '../../libs/synthetic/register-extract';
import { AS_OF, PROBLEM_CASES } from '../support/register-extract-cases';

const demo = demoRegister();
const territory = {
  districts: demo.districts.map((d) => d.id),
  stations: demo.stations.map((s, i) => ({
    regionCode: s.regionCode,
    number: s.number,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  })),
};
const rows = demoExtractRows(AS_OF, demo);
const base = rows.find(
  (r) =>
    r.DISTRICT === '7101' &&
    r.CITIZENSHIP === 'KZ' &&
    !Object.keys(r).some(
      (k) => /_(ON|SINCE)$/.test(k) && k !== 'DOC_ISSUED_ON' && k !== 'DOC_EXPIRES_ON' && k !== 'REGISTERED_ON' && r[k],
    ),
)!;

/** Checks each row of `data` (with the format's header) and returns each one's problems as field:rule, and the lines written. */
function check(data: ExtractRow[], delimiter = ';') {
  const header = matchHeader(EXTRACT_FIELD_NAMES);
  if ('problems' in header) throw new Error(header.problems.join('; '));
  const checker = new ExtractChecker(header.columns, 'utf-8', AS_OF, territory);
  const voters = new LineSink(delimiter.charCodeAt(0));
  const facts = new LineSink(delimiter.charCodeAt(0));
  const out: string[][] = [];
  let row = 0;
  const reader = new CsvByteReader(delimiter, (r: CsvByteRecord) => {
    if (row++ === 0) return;
    checker.check(r, row - 1, voters, facts);
    out.push(checker.problems.map((p) => `${FIELDS[p.field].name}:${ROW_RULES[p.rule]}`));
  });
  reader.push(Buffer.from(extractCsv(data, EXTRACT_FIELD_NAMES, delimiter), 'utf8'));
  reader.end();
  return { problems: out, voters: voters.take().toString('utf8'), facts: facts.take().toString('utf8') };
}

describe('register extract row checker', () => {
  it('accepts a good row and writes its register_voter line', () => {
    const { problems, voters, facts } = check([base]);
    expect(problems).toEqual([[]]);
    const station = territory.stations.find(
      (s) => s.regionCode === base.REGION && String(s.number) === base.STATION,
    )!.id;
    expect(voters).toBe(
      `1;${base.IIN};${base.SURNAME};${base.FIRST_NAME};${base.PATRONYMIC};${base.BIRTH_DATE};${base.SEX === 'M' ? 'MALE' : 'FEMALE'};KZ;${base.REGION};${base.DISTRICT};${base.KATO};${station};` +
        `${base.LOCALITY};${base.STREET};${base.HOUSE};${base.APARTMENT};;${base.DOC_NUMBER};${base.DOC_ISSUED_ON};${base.DOC_EXPIRES_ON}\n`,
    );
    expect(facts).toBe('');
  });

  it.each(PROBLEM_CASES.map((c) => [`${c.field}:${c.rule}`, c] as const))(
    'a row breaking %s gives exactly that field and rule, and writes nothing',
    (_name, c) => {
      const { problems, voters, facts } = check([c.spoil(base)]);
      expect(problems).toEqual([[`${c.field}:${c.rule}`]]);
      expect(voters).toBe('');
      expect(facts).toBe('');
    },
  );

  it('covers every rule a row can break but the repeated IIN (found in SQL)', () => {
    const covered = new Set(PROBLEM_CASES.map((c) => c.rule));
    expect(ROW_RULES.filter((r) => !covered.has(r))).toEqual(['never-issued', 'not-4-digits', 'repeated']);
  });

  it('reads the other spellings: М/Ж and 1/2, DD.MM.YYYY, lower-case citizenship, quoted fields; and writes each fact', () => {
    const { problems, voters, facts } = check([
      {
        ...base,
        SEX: 'Ж',
        BIRTH_DATE: base.BIRTH_DATE.split('-').reverse().join('.'),
        CITIZENSHIP: 'kz',
        STREET: 'Абая; угол "Достык"',
      },
      {
        ...base,
        SEX: '1',
        IMPRISONED_SINCE: '2025-03-01',
        IMPRISONED_UNTIL: '2029-03-01',
        DECEASED_ON: '01.12.2026',
        CITIZENSHIP: 'RU',
        NON_CITIZEN_SINCE: '2020-01-01',
      },
    ]);
    expect(problems).toEqual([[], []]);
    const [first, second] = voters.trim().split('\n');
    expect(first).toContain(`;${base.BIRTH_DATE};FEMALE;KZ;`);
    expect(first).toContain(';"Абая; угол ""Достык""";');
    expect(second).toContain(';MALE;RU;');
    expect(facts.trim().split('\n')).toEqual([
      `${base.IIN};NON_CITIZEN;2020-01-01;;2`,
      `${base.IIN};IMPRISONED;2025-03-01;2029-03-01;2`,
      `${base.IIN};DECEASED;2026-12-01;;2`,
    ]);
  });
});

describe('register extract header', () => {
  it('takes the fields in any order and letter case, optional ones left out', () => {
    const m = matchHeader([
      ' iin ',
      'Surname',
      'FIRST_NAME',
      'birth_date',
      'sex',
      'citizenship',
      'region',
      'district',
      'kato',
      'locality',
      'street',
      'house',
    ]);
    expect('fields' in m && m.fields.map((f) => f.name)).toEqual([
      'IIN',
      'SURNAME',
      'FIRST_NAME',
      'BIRTH_DATE',
      'SEX',
      'CITIZENSHIP',
      'REGION',
      'DISTRICT',
      'KATO',
      'LOCALITY',
      'STREET',
      'HOUSE',
    ]);
  });

  it('names each problem: a required field missing, an unknown one, one twice', () => {
    expect(
      matchHeader(['IIN', 'IIN', 'NOTE', ...EXTRACT_FIELD_NAMES.filter((f) => f !== 'IIN' && f !== 'KATO')]),
    ).toEqual({
      problems: [
        'the header names the field IIN twice',
        'the header names a field "NOTE" (column 3) that format 1 does not have',
        'the header lacks the required field KATO',
      ],
      // The same by name, for the console to say in Russian or Kazakh.
      missing: ['KATO'],
      unknown: ['NOTE'],
      twice: ['IIN'],
    });
  });
});

describe('register extract format, version 1', () => {
  it('is committed as JSON equal to the description', () => {
    expect(readFileSync(join(__dirname, '..', '..', 'libs', 'register', 'extract-format.v1.json'), 'utf8')).toBe(
      extractFormatJson(),
    );
  });

  it('describes every field in Russian and English, with a type the checker knows', () => {
    for (const f of EXTRACT_FORMAT_V1.fields) {
      expect(f.description.ru).toMatch(/[а-яё]/i);
      expect(f.description.en).toMatch(/[a-z]/i);
      expect(['text', 'date', 'iin', 'digits', 'integer', 'enum']).toContain(f.type);
    }
    expect(EXTRACT_FORMAT_V1).toMatchObject({ name: 'tizim-register-extract', version: 1 });
  });
});
