/**
 * The voter file of Appendix 1 (libs/files/appendix1.ts) as an Access database: one table,
 * Izbirateli, with the 26 fields in the form's order. AutoNumber is a Long AutoNumber, Text is
 * Text(255), Date/Time is Date/Time, Yes/No is Yes/No.
 */
import { APPENDIX1_FIELDS, type AccessType } from '../appendix1';
import { JetWriteError } from './errors';
import type { JetColumn, JetColumnType, JetValue, JetWriteOptions } from './types';
import { writeJet4, writeJet4Async } from './writer';

export const APPENDIX1_TABLE_NAME = 'Izbirateli';

const COLUMN_TYPE: Record<AccessType, JetColumnType> = {
  AutoNumber: 'long',
  Text: 'text',
  'Date/Time': 'datetime',
  'Yes/No': 'boolean',
};

/** The table's columns, from the Appendix 1 field list. */
export function appendix1Columns(): JetColumn[] {
  return APPENDIX1_FIELDS.map((f) => ({
    name: f.name,
    type: COLUMN_TYPE[f.type],
    ...(f.type === 'AutoNumber' ? { autoNumber: true } : {}),
  }));
}

export type Appendix1Row = Record<string, string | number | boolean | Date | null>;

const FIELD_NAMES = APPENDIX1_FIELDS.map((f) => f.name);
const KNOWN = new Set<string>(FIELD_NAMES);

/** A record as values in field order; a missing field is null, an unknown one an error. */
function valueList(record: Appendix1Row, row: number): JetValue[] {
  if (!record || typeof record !== 'object') throw new JetWriteError(`row ${row} is not a record`, row);
  for (const key of Object.keys(record)) {
    if (!KNOWN.has(key))
      throw new JetWriteError(`row ${row} has the field "${key}", which Appendix 1 does not define`, row, key);
  }
  return FIELD_NAMES.map((name) => record[name] ?? null);
}

function* asValueLists(rows: Iterable<Appendix1Row>): Generator<JetValue[]> {
  let row = 0;
  for (const record of rows) yield valueList(record, ++row);
}

async function* asValueListsAsync(rows: AsyncIterable<Appendix1Row>): AsyncGenerator<JetValue[]> {
  let row = 0;
  for await (const record of rows) yield valueList(record, ++row);
}

/**
 * The bytes of an .mdb holding the Izbirateli table. Keys are the Appendix 1 field names; a
 * null Cod gets the next AutoNumber (the largest Cod so far + 1).
 */
export function writeAppendix1Mdb(rows: Iterable<Appendix1Row>, options?: JetWriteOptions): Buffer {
  return writeJet4({ name: APPENDIX1_TABLE_NAME, columns: appendix1Columns(), rows: asValueLists(rows) }, options);
}

/** writeAppendix1Mdb over records that arrive asynchronously (read from PostgreSQL page by page). */
export function writeAppendix1MdbAsync(rows: AsyncIterable<Appendix1Row>, options?: JetWriteOptions): Promise<Buffer> {
  return writeJet4Async(
    { name: APPENDIX1_TABLE_NAME, columns: appendix1Columns(), rows: asValueListsAsync(rows) },
    options,
  );
}
