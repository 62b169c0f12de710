/** The public shape of a table to write (see writer.ts). */

/** Long Integer, Text, Date/Time, Yes/No. AutoNumber is 'long' with autoNumber: true. */
export type JetColumnType = 'long' | 'text' | 'datetime' | 'boolean';

export interface JetColumn {
  name: string;
  type: JetColumnType;
  /** Long only: an AutoNumber column. A null value gets the next number (largest so far + 1). */
  autoNumber?: boolean;
  /** Text only: the most characters (UTF-16 code units) a value may hold, 1..255; default 255. */
  maxLength?: number;
}

/**
 * A cell. long: an integer (or its decimal text); text: a string ('' is stored as null);
 * datetime: a Date (stored as its exact UTC instant) or 'YYYY-MM-DD' / 'DD.MM.YYYY' (midnight UTC);
 * boolean: true or false (null is stored as false: Jet keeps Yes/No in the null mask, so a
 * Yes/No field cannot be null). null is null for every other type.
 */
export type JetValue = string | number | boolean | Date | null;

export interface JetTable {
  name: string;
  columns: JetColumn[];
  /** Each row holds one value per column, in column order. Read once, in order. */
  rows: Iterable<JetValue[]>;
}

/** A table whose rows arrive asynchronously (writeJet4Async). */
export interface JetTableStream {
  name: string;
  columns: JetColumn[];
  rows: AsyncIterable<JetValue[]>;
}

export interface JetWriteOptions {
  /** The database's creation date in its header (and of its catalog entries); default: now. */
  createdAt?: Date;
}
