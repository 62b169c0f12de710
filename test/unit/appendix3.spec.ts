/**
 * Appendix 3 (the boundaries): the header in Russian, Kazakh or English, and every way a row can be
 * refused, each naming the row and the field without the value.
 */
import { APPENDIX3, validateBoundaryRecord, type BoundaryRecord } from '../../libs/files/appendix3';
import { findHeader, type FormRecord } from '../../libs/files/list-form';

const RU = [
  '№ п/п',
  'Номер избирательного участка',
  'Тип населенного пункта',
  'Населенный пункт',
  'Границы',
  'Тип адреса',
  'Адрес',
  'Дом',
];
const KK = ['Р/с №', 'Учаске нөмірі', 'Елді мекен түрі', 'Елді мекен', 'Шекаралары', 'Мекенжай түрі', 'Мекенжай', 'Үй'];
const EN = [
  'row number',
  'station number',
  'locality type',
  'locality',
  'boundaries',
  'address type',
  'address',
  'house',
];

const valid = (over: FormRecord = {}): FormRecord => ({
  'row number': 1,
  'station number': 412,
  'locality type': 'город',
  locality: 'Павлодар',
  boundaries: 'от ул. Абая до ул. Ленина,\nчётная сторона',
  'address type': 'улица',
  address: 'Абая',
  house: '1-45',
  ...over,
});

const problemsOf = (over: FormRecord, row = 11) => {
  const r = validateBoundaryRecord(valid(over), row);
  return 'problems' in r ? r.problems.map((p) => `row ${p.row} ${p.field}: ${p.message}`) : [];
};

describe('Appendix 3 header', () => {
  it.each([
    ['Russian', RU],
    ['Kazakh', KK],
    ['English', EN],
  ])('recognises the %s column names', (_lang, names) => {
    const found = findHeader(APPENDIX3, [['Границы избирательных участков'], names]);
    expect(found).toMatchObject({ found: true, index: 1, span: 1 });
    expect(found.found && [...found.header.columns.entries()]).toEqual(EN.map((key, i) => [key, i]));
  });

  it('names the missing columns', () => {
    const found = findHeader(APPENDIX3, [['Номер участка', 'Населенный пункт', 'Границы']]);
    expect(found.found === false && found.problems.map((p) => p.message)).toEqual([
      'the file lacks the Appendix 3 column(s) locality type («Тип населенного пункта» / «Елді мекен түрі»), address type («Тип адреса» / «Мекенжай түрі»), address («Адрес» / «Мекенжай»), house («Дом» / «Үй»)',
    ]);
  });
});

describe('Appendix 3 row validation', () => {
  it('accepts a valid row, keeping the line breaks of the boundaries', () => {
    expect(validateBoundaryRecord(valid(), 3)).toEqual({
      record: {
        stationNumber: 412,
        localityType: 'город',
        locality: 'Павлодар',
        boundaries: 'от ул. Абая до ул. Ленина,\nчётная сторона',
        addressType: 'улица',
        address: 'Абая',
        house: '1-45',
      },
    });
  });

  it('accepts a village that is a whole station: only the station and the locality', () => {
    expect(
      validateBoundaryRecord(
        valid({
          'locality type': 'село',
          locality: 'Акжар',
          boundaries: '',
          'address type': '',
          address: '',
          house: '',
        }),
        3,
      ),
    ).toEqual({
      record: {
        stationNumber: 412,
        localityType: 'село',
        locality: 'Акжар',
        boundaries: null,
        addressType: null,
        address: null,
        house: null,
      },
    });
  });

  it.each([
    [{ 'station number': null }, "station number: is required (station's number) and is empty"],
    [{ 'station number': '412а' }, "station number: must be a positive whole number (the station's number)"],
    [{ locality: '' }, 'locality: is required (locality) and is empty'],
    [{ locality: '---' }, 'locality: holds a placeholder instead of data; the locality is required'],
    [
      { boundaries: '-' },
      'boundaries: holds a placeholder instead of data; leave the field empty when there is no description of the boundaries',
    ],
    [
      { 'locality type': 'нет' },
      'locality type: holds a placeholder instead of data; leave the field empty when there is no locality type (город, село, …)',
    ],
    [
      { 'address type': '#N/A' },
      'address type: holds the Excel error #N/A instead of data: correct the formula or type the value',
    ],
    [
      { house: new Date(Date.UTC(2024, 0, 2)) },
      'house: holds a date where text is expected: Excel turned what was typed into a date; format the column as Text and type it again',
    ],
    [{ address: '', 'address type': '' }, 'house: gives a house but no address (street) it stands on'],
    [{ address: '', house: '' }, 'address type: gives an address type but no address'],
  ])('refuses %p, naming the row and the field', (over, message) => {
    expect(problemsOf(over)).toEqual([`row 11 ${message}`]);
  });

  it('takes long boundaries, and refuses longer than 10,000 characters', () => {
    expect(problemsOf({ boundaries: 'ул. Абая, '.repeat(900) })).toEqual([]);
    expect(problemsOf({ boundaries: 'ш'.repeat(10_001) })).toEqual([
      'row 11 boundaries: is 10001 characters long; the form takes at most 10000',
    ]);
  });

  it('names the first row of a row repeated word for word, whatever the case; a station takes many rows', () => {
    const check = APPENDIX3.fileCheck();
    const record = (over: Partial<BoundaryRecord> = {}): BoundaryRecord => ({
      stationNumber: 412,
      localityType: 'город',
      locality: 'Павлодар',
      boundaries: null,
      addressType: 'улица',
      address: 'Абая',
      house: '1-45',
      ...over,
    });
    expect(check({}, record(), 4)).toBeNull();
    expect(check({}, record({ address: 'Ленина' }), 5)).toBeNull();
    expect(check({}, record({ house: '47-99' }), 6)).toBeNull();
    expect(check({}, record({ address: 'АБАЯ' }), 8)).toEqual({
      cod: null,
      row: 8,
      field: '(row)',
      code: 'appendix3.repeated-row',
      params: { row: 4 },
      message: "repeats row 4 word for word (each part of a station's territory is listed once)",
    });
  });
});
