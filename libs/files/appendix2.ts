/**
 * Appendix 2 of CEC Rules No. 11/196: the list of polling stations, as an akimat types it in Excel
 * (or saves it as CSV), and the validation of one row. Pure; the reading is libs/db/files/list-import.ts.
 *
 * Columns (header names in Russian, Kazakh or English, see STATION_COLUMNS; the first 30 rows are
 * searched for the header, so a title above it is fine):
 *   row number (№ п/п, optional), station number, name of the voting premises, locality, street,
 *   house, and the marks: either one column ("Отметка" / "Белгі") holding words (новый, упразднён,
 *   ограниченный доступ / жаңа, таратылған, шектеулі; several separated by commas), or a column per
 *   mark (restricted access, new, abolished) holding да / иә / 1 / x / + (or нет / жоқ / 0 / empty).
 *   Region and district columns are accepted and not kept (the upload names the district).
 *
 * Rules, documented for the akimats:
 *  - station number, premises and locality are required; street and house may be empty;
 *  - empty means empty: placeholders ('-', '0', 'нет', 'N/A', …) are refused, as in Appendix 1;
 *  - a station number is a positive whole number ("№ 412" is read as 412), listed once in the file
 *    (a repeat names the row of the first);
 *  - a station is not both new and abolished;
 *  - rows that are not stations, and are skipped, are exactly these: empty rows; title rows above
 *    the header; a row of column numbers (1, 2, 3, …) right under it; a total row (a cell begins
 *    with Итого, Всего, Барлығы, Жиыны or Total, and the station number is empty or is that cell);
 *    a district heading (a single filled cell, in the row number's, station number's, region's or
 *    district's column, naming a district, city or region: "Абайский район", "Алматы қаласы").
 *    Any other row without a station number is refused.
 */
import { parseFlag, valueText, type FieldProblem, type RawValue } from './appendix1';
import { FieldChecks, isPresent, type ColumnDef, type FormHeader, type FormRecord, type ListForm } from './list-form';
import { problem } from './problems';

/** Header names shared with Appendix 3. */
export const ROW_NUMBER_COLUMN: ColumnDef = {
  key: 'row number',
  ru: ['№ п/п', '№', 'п/п', '№ пп', 'номер п/п', 'порядковый номер'],
  kk: ['р/с №', '№ р/с', 'р/с', 'реттік нөмірі', 'реттік нөмір'],
  en: ['row', 'no', '#'],
};
export const STATION_NUMBER_COLUMN: ColumnDef = {
  key: 'station number',
  required: true,
  ru: [
    'Номер избирательного участка',
    '№ избирательного участка',
    'избирательный участок №',
    'избирательный участок',
    'номер участка',
    '№ участка',
    'участок №',
    'участок',
  ],
  kk: [
    'Сайлау учаскесінің нөмірі',
    'сайлау учаскесінің №',
    'сайлау учаскесі №',
    '№ сайлау учаскесі',
    'сайлау учаскесі',
    'учаске нөмірі',
    'учаскенің нөмірі',
    'учаске №',
    '№ учаске',
    'учаске',
  ],
  en: ['polling station number', 'station', 'polling station', 'station no'],
};
export const LOCALITY_COLUMN: ColumnDef = {
  key: 'locality',
  required: true,
  ru: ['Населенный пункт', 'нас. пункт', 'наименование населенного пункта'],
  kk: ['Елді мекен', 'елді мекеннің атауы', 'елді мекен атауы'],
  en: ['settlement'],
};
export const HOUSE_COLUMN: ColumnDef = {
  key: 'house',
  required: true,
  ru: ['Дом', '№ дома', 'номер дома', 'дом №', 'дома'],
  kk: ['Үй', 'үй нөмірі', 'үй №', '№ үй', 'үйлер'],
  en: ['house number', 'houses'],
};
export const REGION_COLUMN: ColumnDef = {
  key: 'region',
  ignored: true,
  ru: ['Область', 'регион'],
  kk: ['Облыс', 'өңір'],
};
export const DISTRICT_COLUMN: ColumnDef = {
  key: 'district',
  ignored: true,
  ru: ['Район', 'район, город', 'город, район'],
  kk: ['Аудан', 'аудан, қала', 'қала, аудан'],
};

export const STATION_COLUMNS: readonly ColumnDef[] = [
  ROW_NUMBER_COLUMN,
  STATION_NUMBER_COLUMN,
  {
    key: 'premises',
    required: true,
    ru: [
      'Наименование помещения для голосования',
      'помещение для голосования',
      'наименование помещения',
      'название помещения для голосования',
      'место голосования',
    ],
    kk: [
      'Дауыс беруге арналған үй-жайдың атауы',
      'дауыс беру үй-жайының атауы',
      'дауыс беруге арналған үй-жай',
      'дауыс беру үй-жайы',
      'үй-жайдың атауы',
      'дауыс беру орны',
    ],
    en: ['voting premises', 'name of the voting premises'],
  },
  LOCALITY_COLUMN,
  { key: 'street', required: true, ru: ['Улица', 'ул', 'наименование улицы'], kk: ['Көше', 'көшесі', 'көше атауы'] },
  HOUSE_COLUMN,
  {
    key: 'marks',
    ru: ['Отметка', 'отметки', 'особые отметки', 'отметка об участке', 'примечание', 'признак'],
    kk: ['Белгі', 'белгілер', 'белгісі', 'ескерту', 'ескертпе'],
    en: ['mark', 'note'],
  },
  {
    key: 'restricted access',
    ru: ['Ограниченный доступ', 'с ограниченным доступом', 'участок с ограниченным доступом', 'закрытый участок'],
    kk: [
      'Шектеулі қолжетімділік',
      'қолжетімділігі шектеулі',
      'шектеулі қол жетімділік',
      'қол жетімділігі шектеулі',
      'жабық учаске',
    ],
    en: ['restricted'],
  },
  {
    key: 'new',
    ru: ['Новый', 'новый участок', 'вновь образованный', 'вновь образованный участок'],
    kk: ['Жаңа', 'жаңа учаске', 'жаңадан құрылған', 'жаңадан құрылған учаске'],
    en: ['new station'],
  },
  {
    key: 'abolished',
    ru: ['Упразднен', 'упраздненный', 'упраздненный участок'],
    kk: ['Таратылған', 'таратылған учаске', 'жойылған'],
    en: ['abolished station'],
  },
  REGION_COLUMN,
  DISTRICT_COLUMN,
];

const MARK_COLUMNS = ['marks', 'restricted access', 'new', 'abolished'] as const;
type Mark = 'restrictedAccess' | 'isNew' | 'abolished';

/** Words of the marks column, after normalising (lower case, Ё as Е, no trailing dot). */
const MARK_WORDS: Record<string, Mark> = Object.fromEntries([
  ...[
    'новый',
    'новая',
    'новое',
    'нов',
    'вновь образованный',
    'вновь образован',
    'вновь созданный',
    'новый участок',
    'жаңа',
    'жаңадан құрылған',
    'жаңа учаске',
    'new',
  ].map((w) => [w, 'isNew'] as const),
  ...[
    'упразднен',
    'упразднена',
    'упраздненный',
    'упразднен участок',
    'упраздненный участок',
    'ликвидирован',
    'ликвидированный',
    'таратылған',
    'таратылды',
    'жойылған',
    'abolished',
  ].map((w) => [w, 'abolished'] as const),
  ...[
    'ограниченный доступ',
    'с ограниченным доступом',
    'ограниченного доступа',
    'огр. доступ',
    'закрытый',
    'закрытый участок',
    'шектеулі',
    'шектеулі қолжетімділік',
    'қолжетімділігі шектеулі',
    'шектеулі қол жетімділік',
    'жабық',
    'жабық учаске',
    'restricted',
    'restricted access',
  ].map((w) => [w, 'restrictedAccess'] as const),
]);

/** What a mark column may say for "yes" beyond Appendix 1's да / иә / 1 / true / yes. */
const MARK_YES = ['x', 'х', '+', 'v', '✓', '✔'];

/** A valid row, as station_file_record holds it. */
export interface StationRecord {
  number: number;
  premises: string;
  locality: string;
  street: string | null;
  house: string | null;
  restrictedAccess: boolean;
  isNew: boolean;
  abolished: boolean;
}

const TOTAL = /^(?:итого|всего|барлығы|барлыгы|жиыны|жиынтығы|total)(?=$|[\s:.,;(-])/i;
const PLACE = /(?:район|аудан|district|город|қала|city|област|облыс|region)/i;

/** Columns a station's own data stands in: a lone text there is a broken station row, not a heading. */
const KEPT = new Set(['premises', 'locality', 'street', 'house', ...MARK_COLUMNS]);

/** A total or district heading row (see the module's notes), else null. */
export function stationRowSkip(record: FormRecord, header: FormHeader): string | null {
  const cells = [...header.columns.keys()]
    .map((key) => ({ key, v: record[key] ?? null, text: valueText(record[key] ?? null) ?? '' }))
    .filter((c) => isPresent(c.v));
  const numbered = cells.some((c) => c.key === 'station number');
  const total = cells.find((c) => TOTAL.test(c.text));
  if (total && (!numbered || total.key === 'station number')) return 'total';
  if (cells.length === 1 && !KEPT.has(cells[0].key) && PLACE.test(cells[0].text) && !/^№?\s*\d+$/.test(cells[0].text))
    return 'district heading';
  return null;
}

function marksOf(checks: FieldChecks, record: FormRecord): Record<Mark, boolean> {
  const marks: Record<Mark, boolean> = { restrictedAccess: false, isNew: false, abolished: false };
  const words = checks.text(record.marks ?? null, 'marks', 'mark (new, abolished, restricted access)');
  for (const word of words?.split(/\s*[,;/]\s*|\s+и\s+|\s+және\s+/) ?? []) {
    const mark = MARK_WORDS[word.toLowerCase().replace(/ё/g, 'е').replace(/\.$/, '').replace(/\s+/g, ' ').trim()];
    if (!mark) {
      checks.problem('marks', 'appendix2.not-a-mark', {});
      break;
    }
    marks[mark] = true;
  }
  const columns: [string, Mark][] = [
    ['restricted access', 'restrictedAccess'],
    ['new', 'isNew'],
    ['abolished', 'abolished'],
  ];
  for (const [field, mark] of columns) {
    const flag = parseFlag((record[field] ?? null) as RawValue, MARK_YES);
    if (flag === 'invalid') checks.problem(field, 'appendix2.flag', {});
    else if (flag) marks[mark] = true;
  }
  if (marks.isNew && marks.abolished)
    checks.problem(record.abolished !== undefined ? 'abolished' : 'marks', 'appendix2.new-and-abolished', {});
  return marks;
}

/** Validates one row of a station list (`row`: the sheet's row number). Every field is checked. */
export function validateStationRecord(
  record: FormRecord,
  row: number,
): { record: StationRecord } | { problems: FieldProblem[] } {
  const checks = new FieldChecks(row);
  checks.number(record['row number'] ?? null, 'row number', 'row number of the list');
  const number = checks.number(record['station number'] ?? null, 'station number', "station's number", {
    required: true,
  });
  const premises = checks.text(record.premises ?? null, 'premises', 'name of the voting premises', { required: true });
  const locality = checks.text(record.locality ?? null, 'locality', 'locality of the premises', { required: true });
  const street = checks.text(record.street ?? null, 'street', 'street');
  const house = checks.text(record.house ?? null, 'house', 'house number');
  const marks = marksOf(checks, record);
  if (checks.problems.length || number === null || premises === null || locality === null)
    return { problems: checks.problems };
  return { record: { number, premises, locality, street, house, ...marks } };
}

export const APPENDIX2: ListForm<StationRecord> = {
  name: 'Appendix 2',
  appendix: 2,
  columns: STATION_COLUMNS,
  headerRules: (keys) =>
    MARK_COLUMNS.some((k) => keys.has(k)) ? [] : [problem('appendix2.no-marks-column', { ru: 'Отметка', kk: 'Белгі' })],
  explainUnknown: (name) =>
    ['адрес', 'мекенжай', 'мекен-жай', 'address', 'адрес помещения для голосования'].includes(name)
      ? problem('appendix2.address-in-one-column', { appendix: 2, columns: ['locality', 'street', 'house'] })
      : null,
  skip: stationRowSkip,
  validate: validateStationRecord,
  fileCheck: () => {
    const firstRowOf = new Map<number, number>();
    return (raw, r, row) => {
      const number =
        r?.number ?? new FieldChecks(row).number(raw['station number'] ?? null, 'station number', "station's number");
      if (number === null) return null;
      const first = firstRowOf.get(number);
      if (first !== undefined)
        return { cod: null, row, field: 'station number', ...problem('appendix2.repeated-station', { row: first }) };
      firstRowOf.set(number, row);
      return null;
    };
  },
};
