/**
 * Appendix 2 (the station list): the header in Russian, Kazakh or English wherever it stands in
 * the first rows, the rows that are skipped and why, and every way a row can be refused, each
 * naming the row and the field without the value.
 */
import type { RawValue } from '../../libs/files/appendix1';
import { APPENDIX2, stationRowSkip, validateStationRecord } from '../../libs/files/appendix2';
import {
  columnLetter,
  findHeader,
  isColumnNumbering,
  normaliseHeader,
  recordOf,
  type FormHeader,
  type FormRecord,
} from '../../libs/files/list-form';

const RU = [
  '№ п/п',
  'Номер избирательного участка',
  'Наименование помещения для голосования',
  'Населенный пункт',
  'Улица',
  'Дом',
  'Отметка',
];
const KK = [
  'Р/с №',
  'Сайлау учаскесінің нөмірі',
  'Дауыс беруге арналған үй-жайдың атауы',
  'Елді мекен',
  'Көше',
  'Үй',
  'Белгі',
];
const EN = ['row number', 'station number', 'premises', 'locality', 'street', 'house', 'marks'];

const valid = (over: FormRecord = {}): FormRecord => ({
  'row number': 1,
  'station number': 412,
  premises: 'КГУ «Школа-гимназия № 12»',
  locality: 'Павлодар',
  street: 'Абая',
  house: '12/1',
  marks: '',
  ...over,
});

const problemsOf = (over: FormRecord, row = 7) => {
  const r = validateStationRecord(valid(over), row);
  return 'problems' in r ? r.problems.map((p) => `row ${p.row} ${p.field}: ${p.message}`) : [];
};

const headerOf = (names: string[]): FormHeader => {
  const found = findHeader(APPENDIX2, [names]);
  if (!found.found) throw new Error(found.problems.join('; '));
  return found.header;
};

describe('Appendix 2 header', () => {
  it.each([
    ['Russian', RU],
    ['Kazakh', KK],
    ['English', EN],
  ])('recognises the %s column names', (_lang, names) => {
    const header = headerOf(names);
    expect([...header.columns.entries()]).toEqual(EN.map((key, i) => [key, i]));
  });

  it('ignores case, spaces, line breaks, Ё, a Latin i for і, quotes, trailing dots and words in parentheses', () => {
    expect(normaliseHeader('  НОМЕР\nизбирательного   участка: ')).toBe('номер избирательного участка');
    expect(normaliseHeader('Сайлау учаскесiнiң нөмiрi')).toBe('сайлау учаскесінің нөмірі');
    expect(normaliseHeader('Отметка (новый / упразднён / с ограниченным доступом)')).toBe('отметка');
    expect(normaliseHeader('№п/п.')).toBe('№ п/п');
    const header = headerOf([
      '№',
      'НОМЕР УЧАСТКА',
      '«Наименование помещения»',
      'Нас. пункт',
      'ул.',
      'Дом (корпус)',
      'Упразднён',
      'Новый',
      'Ограниченный доступ',
    ]);
    expect([...header.columns.keys()]).toEqual([
      'row number',
      'station number',
      'premises',
      'locality',
      'street',
      'house',
      'abolished',
      'new',
      'restricted access',
    ]);
  });

  it('finds the header under a title, and reads a two-row header (a merged "Адрес" over its parts) as one', () => {
    const rows: RawValue[][] = [
      ['Список избирательных участков Павлодарской области'],
      ['№ п/п', 'Номер участка', 'Наименование помещения для голосования', 'Адрес', null, null, 'Отметка'],
      [null, null, null, 'Населенный пункт', 'Улица', 'Дом', null],
      [1, 412, 'Школа', 'Павлодар', 'Абая', '1', null],
    ];
    const found = findHeader(APPENDIX2, rows);
    expect(found).toMatchObject({ found: true, index: 1, span: 2 });
    expect(found.found && [...found.header.columns.keys()]).toEqual(EN);
  });

  it('names what is missing, unknown or twice, in plain words', () => {
    const search = findHeader(APPENDIX2, [
      ['Номер участка', 'Наименование помещения', 'Адрес', 'Телефон', 'Номер участка'],
    ]);
    expect(search.found === false && search.problems.map((p) => p.code)).toEqual([
      'list.missing-columns',
      'appendix2.no-marks-column',
      'appendix2.address-in-one-column',
      'list.unknown-columns',
      'list.repeated-columns',
    ]);
    expect({ ...search, problems: search.found === false && search.problems.map((p) => p.message) }).toEqual({
      found: false,
      names: ['Номер участка', 'Наименование помещения', 'Адрес', 'Телефон', 'Номер участка'],
      problems: [
        'the file lacks the Appendix 2 column(s) locality («Населенный пункт» / «Елді мекен»), street («Улица» / «Көше»), house («Дом» / «Үй»)',
        'the file lacks the Appendix 2 column for the marks: one column «Отметка» / «Белгі» with words (new, abolished, restricted access), or a column for each mark',
        'the file gives the address in one column; Appendix 2 has it in three: locality, street, house',
        'the file has column(s) Appendix 2 does not define: «Телефон»',
        'the file has column(s) more than once: station number',
      ],
    });
    const none = findHeader(APPENDIX2, [
      ['ФИО', 'ИИН'],
      ['a', 'b'],
    ]);
    expect(none.found === false && none.problems[0]).toMatchObject({
      code: 'list.no-header',
      params: { rows: 30, appendix: 2, columns: ['station number', 'premises', 'locality', 'street', 'house'] },
    });
    expect({ ...none, problems: none.found === false && none.problems.map((p) => p.message) }).toEqual({
      found: false,
      names: [],
      problems: [
        'no row among the first 30 names the Appendix 2 columns (station number, premises, locality, street, house) in Russian, Kazakh or English',
      ],
    });
  });

  it('maps a row to the fields and points at values in unnamed columns by their letter', () => {
    const header = headerOf([...RU, '']);
    const { record, stray } = recordOf(header, [1, 412, 'Школа', 'Павлодар', 'Абая', '1', '', 'лишнее']);
    expect(record).toMatchObject({ 'station number': 412, premises: 'Школа', marks: '' });
    expect(stray.map(columnLetter)).toEqual(['H']);
    expect([0, 25, 26, 701].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ']);
  });
});

describe('Appendix 2 rows that are not stations', () => {
  const header = headerOf([...RU, 'Район']);
  const skip = (cells: RawValue[]) => stationRowSkip(recordOf(header, cells).record, header);

  it('skips total rows and district headings, and nothing else', () => {
    expect(skip([null, null, 'Итого по району: 12 участков'])).toBe('total');
    expect(skip(['Барлығы', null, null, null, null, null, null])).toBe('total');
    expect(skip([null, 'ВСЕГО', null])).toBe('total');
    expect(skip(['Павлодарский район'])).toBe('district heading');
    expect(skip([null, 'Екібастұз қаласы'])).toBe('district heading');
    expect(skip([null, null, null, null, null, null, null, 'Аккулинский район'])).toBe('district heading');
    // A station row whose premises happen to say "Итого" is a station; a lone premises is a broken row.
    expect(skip([3, 413, 'Итоговый зал', 'Павлодар'])).toBeNull();
    expect(skip([null, null, 'Школа района'])).toBeNull();
    expect(skip([4, null, null, 'Павлодар'])).toBeNull();
  });

  it('recognises the column numbering under the header', () => {
    expect(isColumnNumbering([1, 2, 3, 4, 5, 6, 7])).toBe(true);
    expect(isColumnNumbering(['1', '2', '3'])).toBe(true);
    expect(isColumnNumbering([1, 412, 'Школа'])).toBe(false);
    expect(isColumnNumbering([1, 2])).toBe(false);
  });
});

describe('Appendix 2 row validation', () => {
  it('accepts a valid row and gives it as the staging table holds it', () => {
    expect(validateStationRecord(valid(), 5)).toEqual({
      record: {
        number: 412,
        premises: 'КГУ «Школа-гимназия № 12»',
        locality: 'Павлодар',
        street: 'Абая',
        house: '12/1',
        restrictedAccess: false,
        isNew: false,
        abolished: false,
      },
    });
    expect(
      validateStationRecord(valid({ 'station number': '№ 412', 'row number': '1.', street: '', house: 45 }), 5),
    ).toEqual({ record: expect.objectContaining({ number: 412, street: null, house: '45' }) });
  });

  it.each([
    ['новый', { isNew: true }],
    ['Упразднён', { abolished: true }],
    ['с ограниченным доступом', { restrictedAccess: true }],
    ['жаңа, шектеулі', { isNew: true, restrictedAccess: true }],
    ['таратылған', { abolished: true }],
    ['new; restricted access', { isNew: true, restrictedAccess: true }],
  ])('reads the mark %p', (marks, expected) => {
    expect(validateStationRecord(valid({ marks }), 5)).toEqual({
      record: expect.objectContaining({ restrictedAccess: false, isNew: false, abolished: false, ...expected }),
    });
  });

  it.each([
    ['да', true],
    ['иә', true],
    ['1', true],
    ['x', true],
    ['Х', true],
    ['+', true],
    [true, true],
    [1, true],
    ['нет', false],
    ['жоқ', false],
    ['0', false],
    ['', false],
    [null, false],
  ])('reads %p in a mark column as %p', (value, expected) => {
    expect(validateStationRecord(valid({ marks: undefined, new: value }), 5)).toEqual({
      record: expect.objectContaining({ isNew: expected }),
    });
  });

  it.each([
    [{ 'station number': '' }, "station number: is required (station's number) and is empty"],
    [
      { 'station number': '0' },
      "station number: holds a placeholder instead of data; the station's number is required",
    ],
    [{ 'station number': 'двенадцать' }, "station number: must be a positive whole number (the station's number)"],
    [{ 'station number': 412.5 }, "station number: must be a positive whole number (the station's number)"],
    [{ 'station number': -3 }, "station number: must be a positive whole number (the station's number)"],
    [{ premises: '' }, 'premises: is required (name of the voting premises) and is empty'],
    [{ premises: '-' }, 'premises: holds a placeholder instead of data; the name of the voting premises is required'],
    [{ locality: 'N/A' }, 'locality: holds a placeholder instead of data; the locality of the premises is required'],
    [
      { locality: '#REF!' },
      'locality: holds the Excel error #REF! instead of data: correct the formula or type the value',
    ],
    [{ street: 'нет' }, 'street: holds a placeholder instead of data; leave the field empty when there is no street'],
    [
      { house: new Date(Date.UTC(2024, 1, 12)) },
      'house: holds a date where text is expected: Excel turned what was typed into a date; format the column as Text and type it again',
    ],
    [{ 'row number': 'первый' }, 'row number: must be a positive whole number (the row number of the list)'],
    [
      { marks: '-' },
      'marks: holds a placeholder instead of data; leave the field empty when there is no mark (new, abolished, restricted access)',
    ],
    [
      { marks: 'временный' },
      'marks: holds a word that is not a mark: write новый, упразднён or ограниченный доступ (жаңа, таратылған, шектеулі; new, abolished, restricted access), several separated by commas',
    ],
    [{ marks: 'новый, упразднен' }, 'marks: a station cannot be both new and abolished'],
  ])('refuses %p, naming the row and the field', (over, message) => {
    expect(problemsOf(over)).toEqual([`row 7 ${message}`]);
  });

  it('refuses an over-long text', () => {
    expect(problemsOf({ premises: 'ш'.repeat(501) })).toEqual([
      'row 7 premises: is 501 characters long; the form takes at most 500',
    ]);
  });

  it('refuses a mark column that says neither yes nor no, and a station both new and abolished by its columns', () => {
    expect(problemsOf({ marks: undefined, 'restricted access': 'может быть' })).toEqual([
      'row 7 restricted access: must be marked (да, иә, 1, x or +) or left empty (нет, жоқ and 0 are read as not marked)',
    ]);
    expect(problemsOf({ marks: undefined, new: 'да', abolished: 'да' })).toEqual([
      'row 7 abolished: a station cannot be both new and abolished',
    ]);
  });

  it('lists every problem of a row, and never the value itself', () => {
    const r = validateStationRecord(valid({ 'station number': 'Школа 5', premises: '', locality: '?', house: '—' }), 9);
    expect('problems' in r && r.problems.map((p) => [p.row, p.field])).toEqual([
      [9, 'station number'],
      [9, 'premises'],
      [9, 'locality'],
      [9, 'house'],
    ]);
    expect(JSON.stringify(r)).not.toContain('Школа 5');
  });

  it('names the first row of a repeated station number, also on rows with other problems', () => {
    const check = APPENDIX2.fileCheck();
    const record = (n: number) => ({
      number: n,
      premises: 'Школа',
      locality: 'Павлодар',
      street: null,
      house: null,
      restrictedAccess: false,
      isNew: false,
      abolished: false,
    });
    expect(check({}, record(412), 4)).toBeNull();
    expect(check({}, record(413), 5)).toBeNull();
    expect(check({}, record(412), 9)).toEqual({
      cod: null,
      row: 9,
      field: 'station number',
      code: 'appendix2.repeated-station',
      params: { row: 4 },
      message: 'appears twice: row 4 has the same station number (a station is listed once)',
    });
    expect(check({ 'station number': '№ 413', premises: '-' }, null, 11)).toEqual({
      cod: null,
      row: 11,
      field: 'station number',
      code: 'appendix2.repeated-station',
      params: { row: 5 },
      message: 'appears twice: row 5 has the same station number (a station is listed once)',
    });
    expect(check({ 'station number': 'нет' }, null, 12)).toBeNull();
  });
});
