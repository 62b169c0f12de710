/**
 * Why a table cannot be written, in plain words. Messages name the table, column and row (1-based,
 * in the order the rows were given) and the kind of value, never the value itself: the rows are
 * personal data.
 */
export class JetWriteError extends Error {
  constructor(
    message: string,
    /** The data row (1-based) at fault, when one is. */
    readonly row?: number,
    /** The column at fault, when one is. */
    readonly column?: string,
  ) {
    super(message);
    this.name = 'JetWriteError';
  }
}

/** What sort of value was given, for messages that must not echo the value. */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing (undefined)';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : 'a date';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return Number.isFinite(value) ? 'a number' : 'a non-finite number';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'bigint') return 'a bigint';
  if (Array.isArray(value)) return 'an array';
  return `a value of type ${typeof value}`;
}
