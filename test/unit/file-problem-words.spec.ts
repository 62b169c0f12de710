/**
 * Every file problem's code (libs/contracts/problems.ts) has words in the console's two languages
 * (apps/web/src/file-problems.ts): a code added without them fails here, before an official sees
 * its English. Each is rendered from parameters of its own shape, and must keep the numbers and
 * the untranslated names (fields, parts, cells, districts, periods) the parameters carry.
 */
import { explainFileProblem, RENDERED_CODES } from '../../apps/web/src/file-problems';
import {
  FILE_PROBLEM_CODES,
  RECORD_RULES,
  recordProblemOf,
  type FileProblemCode,
  type FileProblemParams,
} from '../../libs/contracts/problems';
import { problem } from '../../libs/files/problems';
import { RULES } from '../../libs/reconciliation/categories';

/** Parameters of each code's shape (the type makes a new code need one here). */
const SAMPLES: { [C in FileProblemCode]: FileProblemParams[C] } = {
  'text.binary': {},
  'text.koi8-r': {},
  'text.undefined-byte': {},
  'csv.field-count': { line: 17, fields: 9, against: 'first-row' },
  'csv.quote': { line: 18 },
  'csv.invalid': { line: null, reason: 'CSV_INVALID_ARGUMENT' },
  'csv.unclosed-quote': { line: 19 },
  'csv.record-too-long': { line: 20, kb: 64 },
  'voters.field-count': { line: 21, fields: 25, expected: 26 },
  'voters.no-records': {},
  'voters.no-header-row': {},
  'voters.same-file-district': { acceptedOn: '2026-11-20', district: 'd-6102', own: 'd-6101' },
  'voters.same-file-period': { acceptedOn: '2026-11-20', period: '2026-07', own: '2027-01' },
  'voters.other-district': { district: 'd-6101', keys: 14, total: 15, other: 'd-6102', otherName: 'Район Б' },
  'appendix1.not-a-header': { cells: 26 },
  'appendix1.missing-fields': { fields: ['Hourse', 'Dopol3'] },
  'appendix1.unknown-fields': { fields: ['Telefon'], others: 3 },
  'appendix1.repeated-fields': { fields: ['Cod'] },
  'access.column-type': { column: 'Date_rogd', type: 'text', expected: 'Date/Time' },
  'access.no-tables': {},
  'access.no-voter-table': { tables: ['Лист1'] },
  'access.several-voter-tables': { tables: ['voters', 'voters2'] },
  'access.password': {},
  'access.damaged': {},
  'access.compact': {},
  'access.unreadable': { reason: 'Unknown database format' },
  'xlsx.xls': {},
  'xlsx.zip-incomplete': {},
  'xlsx.zip-split': {},
  'xlsx.encrypted': {},
  'xlsx.not-a-workbook': {},
  'xlsx.part-method': { part: 'xl/worksheets/sheet1.xml', method: 12 },
  'xlsx.part-checksum': { part: 'xl/worksheets/sheet1.xml' },
  'xlsx.part-damaged': { part: 'xl/sharedStrings.xml' },
  'xlsx.part-xml': { part: 'xl/workbook.xml' },
  'xlsx.part-encoding': { part: 'xl/styles.xml' },
  'xlsx.part-too-big': { part: 'xl/worksheets/sheet1.xml', mib: 512 },
  'xlsx.too-many-parts': { parts: 10_000, limit: 1_000 },
  'xlsx.too-big-unpacked': { mib: 2_048, limit: 256 },
  'xlsx.text-too-long': { index: 41, max: 1_000_000 },
  'xlsx.no-worksheet': {},
  'xlsx.no-worksheet-number': { sheet: 2 },
  'xlsx.worksheet-missing': { sheet: 1 },
  'xlsx.row-number': { after: 33 },
  'xlsx.cell-reference': { row: 34 },
  'xlsx.shared-text-missing': { row: 35, cell: 'B35' },
  'xlsx.cell-kind': { row: 36, cell: 'C36' },
  'xlsx.cell-too-long': { row: 37, cell: 'D37', max: 1_000_000 },
  'list.missing-columns': { appendix: 2, columns: [{ key: 'house', ru: 'Дом', kk: 'Үй' }] },
  'list.unknown-columns': { appendix: 3, names: ['Телефон'] },
  'list.repeated-columns': { columns: ['station number'] },
  'list.no-header': { rows: 30, appendix: 2, columns: ['station number', 'premises'] },
  'appendix2.no-marks-column': { ru: 'Отметка', kk: 'Белгі' },
  'appendix2.address-in-one-column': { appendix: 2, columns: ['locality', 'street', 'house'] },
  'list.submission-not-voter-file': { district: 'd-6101', period: '2027-01' },
  'list.no-voter-file': { district: 'd-6102', period: '2027-01' },
  'appendix2.no-rows': { appendix: 2 },
  'appendix3.no-rows': { appendix: 3 },
  'list.unnamed-column': { column: 'H' },
  'field.excel-date': {},
  'field.control-character': {},
  'field.excel-error': { error: '#REF!' },
  'field.empty': { meaning: 'locality of the premises' },
  'field.placeholder': { meaning: 'house number' },
  'field.placeholder-required': { meaning: "station's number" },
  'field.too-long': { length: 502, max: 500 },
  'field.not-a-number': { meaning: 'row number of the list' },
  'field.not-a-number-date': { meaning: "station's number" },
  'appendix2.not-a-mark': {},
  'appendix2.flag': {},
  'appendix2.new-and-abolished': {},
  'appendix2.repeated-station': { row: 4 },
  'appendix3.house-without-address': {},
  'appendix3.type-without-address': {},
  'appendix3.repeated-row': { row: 5 },
};

const CYRILLIC = /[а-яёәғқңөұүһі]/i;
const VERBATIM = new Set(['fields', 'part', 'cell', 'district', 'own', 'other', 'period', 'acceptedOn', 'error']);

/** What a rendering must show as it is: numbers (but a zero count), and names never translated. */
function kept(params: object): string[] {
  const out: string[] = [];
  for (const [key, v] of Object.entries(params)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      if (typeof x === 'number' && x !== 0) out.push(String(x));
      else if (typeof x === 'string' && VERBATIM.has(key)) out.push(x);
    }
  }
  return out;
}

describe('the console has words for every file problem', () => {
  it('renders exactly the codes of the contract', () => {
    expect([...RENDERED_CODES].sort()).toEqual([...FILE_PROBLEM_CODES].sort());
    expect(Object.keys(SAMPLES).sort()).toEqual([...FILE_PROBLEM_CODES].sort());
  });

  it.each(FILE_PROBLEM_CODES)('%s in Russian and Kazakh, with its parameters', (code) => {
    const p = problem(code, SAMPLES[code] as never);
    for (const lang of ['ru', 'kk'] as const) {
      const as = explainFileProblem(p, lang);
      expect(as).not.toBe(p.message);
      expect(as).toMatch(CYRILLIC);
      const whole = as.replace(/(\d) (?=\d{3})/g, '$1');
      expect(kept(p.params).filter((k) => !whole.includes(k))).toEqual([]);
    }
    expect(explainFileProblem(p, 'ru')).not.toBe(explainFileProblem(p, 'kk'));
  });
});

describe("a voter record's problems (Field:rule)", () => {
  it("reads the staged form as the rule (its code) and the field (and a repeat's first row)", () => {
    expect(recordProblemOf('Date_rogd:not-a-date')).toEqual({ code: 'not-a-date', params: { field: 'Date_rogd' } });
    expect(recordProblemOf('Cod:repeated:12')).toEqual({ code: 'repeated', params: { field: 'Cod', firstRow: 12 } });
    expect(recordProblemOf('Soname:no-such-rule')).toBeNull();
    expect(recordProblemOf('Soname:empty:3')).toBeNull();
  });

  it.each(RECORD_RULES)('%s has words in Russian and Kazakh for the findings of the round', (rule) => {
    const words = RULES[rule];
    expect(words?.what.ru).toMatch(CYRILLIC);
    expect(words?.what.kk).toMatch(CYRILLIC);
    expect(words?.what.ru).not.toBe(words?.what.kk);
  });
});
