/**
 * Appendix 3 of CEC Rules No. 11/196: the boundaries of the polling stations, as an akimat types
 * them in Excel (or saves them as CSV), and the validation of one row. Pure; the reading is
 * libs/db/files/list-import.ts. A station takes as many rows as its territory needs: one per locality,
 * street or range of houses.
 *
 * Columns (header names in Russian, Kazakh or English, see BOUNDARY_COLUMNS; the first 30 rows are
 * searched for the header): row number (№ п/п, optional), station number, locality type (город,
 * село, …), locality, boundaries (free text), address type (улица, проспект, микрорайон, …),
 * address, house. Region and district columns are accepted and not kept.
 *
 * Rules, documented for the akimats:
 *  - station number and locality are required; the rest may be empty (a village may be a station's
 *    whole territory);
 *  - empty means empty: placeholders ('-', '0', 'нет', 'N/A', …) are refused, as in Appendix 1;
 *  - a station number is a positive whole number ("№ 412" is read as 412);
 *  - a house or an address type needs the address it belongs to;
 *  - a row that repeats an earlier one word for word is refused, naming the first;
 *  - rows that are not records, and are skipped: empty rows, title rows above the header, a row
 *    of column numbers (1, 2, 3, …) right under it. Any other row without a station number is refused.
 */
import { createHash } from 'node:crypto';
import type { FieldProblem } from './appendix1';
import {
  DISTRICT_COLUMN,
  HOUSE_COLUMN,
  LOCALITY_COLUMN,
  REGION_COLUMN,
  ROW_NUMBER_COLUMN,
  STATION_NUMBER_COLUMN,
} from './appendix2';
import { FieldChecks, MAX_LONG_TEXT, type ColumnDef, type FormRecord, type ListForm } from './list-form';
import { problem } from './problems';

export const BOUNDARY_COLUMNS: readonly ColumnDef[] = [
  ROW_NUMBER_COLUMN,
  STATION_NUMBER_COLUMN,
  {
    key: 'locality type',
    required: true,
    ru: ['Тип населенного пункта', 'вид населенного пункта', 'тип нас. пункта'],
    kk: ['Елді мекен түрі', 'елді мекеннің түрі', 'елді мекен типі'],
    en: ['type of locality'],
  },
  LOCALITY_COLUMN,
  {
    key: 'boundaries',
    required: true,
    ru: ['Границы', 'границы избирательного участка', 'границы участка', 'описание границ'],
    kk: ['Шекаралары', 'шекаралар', 'шекарасы', 'учаске шекаралары', 'сайлау учаскесінің шекаралары'],
    en: ['boundary'],
  },
  {
    key: 'address type',
    required: true,
    ru: ['Тип адреса', 'вид адреса', 'тип улицы'],
    kk: ['Мекенжай түрі', 'мекен-жай түрі', 'мекенжай типі'],
    en: ['type of address'],
  },
  {
    key: 'address',
    required: true,
    ru: ['Адрес', 'наименование адреса', 'улица'],
    kk: ['Мекенжай', 'мекен-жай', 'көше'],
    en: ['street'],
  },
  HOUSE_COLUMN,
  REGION_COLUMN,
  DISTRICT_COLUMN,
];

/** A valid row, as boundary_file_record holds it. */
export interface BoundaryRecord {
  stationNumber: number;
  localityType: string | null;
  locality: string;
  boundaries: string | null;
  addressType: string | null;
  address: string | null;
  house: string | null;
}

/** Validates one row of a boundaries file (`row`: the sheet's row number). Every field is checked. */
export function validateBoundaryRecord(
  record: FormRecord,
  row: number,
): { record: BoundaryRecord } | { problems: FieldProblem[] } {
  const checks = new FieldChecks(row);
  checks.number(record['row number'] ?? null, 'row number', 'row number of the list');
  const stationNumber = checks.number(record['station number'] ?? null, 'station number', "station's number", {
    required: true,
  });
  const localityType = checks.text(record['locality type'] ?? null, 'locality type', 'locality type (город, село, …)');
  const locality = checks.text(record.locality ?? null, 'locality', 'locality', { required: true });
  const boundaries = checks.text(record.boundaries ?? null, 'boundaries', 'description of the boundaries', {
    max: MAX_LONG_TEXT,
  });
  const addressType = checks.text(
    record['address type'] ?? null,
    'address type',
    'address type (улица, проспект, микрорайон, …)',
  );
  const address = checks.text(record.address ?? null, 'address', 'address');
  const house = checks.text(record.house ?? null, 'house', 'house number');
  if (address === null && !checks.has('address')) {
    if (house !== null) checks.problem('house', 'appendix3.house-without-address', {});
    if (addressType !== null) checks.problem('address type', 'appendix3.type-without-address', {});
  }
  if (checks.problems.length || stationNumber === null || locality === null) return { problems: checks.problems };
  return { record: { stationNumber, localityType, locality, boundaries, addressType, address, house } };
}

export const APPENDIX3: ListForm<BoundaryRecord> = {
  name: 'Appendix 3',
  appendix: 3,
  columns: BOUNDARY_COLUMNS,
  validate: validateBoundaryRecord,
  fileCheck: () => {
    // A digest per row, not the row: memory stays small however long the boundaries run.
    const firstRowOf = new Map<string, number>();
    return (_raw, r, row) => {
      if (r === null) return null;
      const key = createHash('sha1')
        .update(
          JSON.stringify(
            [r.stationNumber, r.localityType, r.locality, r.boundaries, r.addressType, r.address, r.house].map((v) =>
              typeof v === 'string' ? v.toLowerCase() : v,
            ),
          ),
        )
        .digest('base64');
      const first = firstRowOf.get(key);
      if (first !== undefined)
        return { cod: null, row, field: '(row)', ...problem('appendix3.repeated-row', { row: first }) };
      firstRowOf.set(key, row);
      return null;
    };
  },
};
