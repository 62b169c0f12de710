/**
 * Column layout: which bytes of a row each column uses, and the 25-byte block that describes it
 * in the table definition.
 *
 * Row layout facts (HACKING.md, "Jet4 Row Definition"): fixed-length columns are stored first, at
 * the offset given in their block (offset_F, counted after the 2-byte column count); then the
 * non-null variable-length columns, in the order of their variable index (offset_V). Yes/No
 * columns are fixed-length but take no bytes: their value is their null-mask bit.
 */
import { ColumnFlag, ColumnTypeCode, MAX_COLUMNS, MAX_NAME_LENGTH, MAX_TEXT_LENGTH } from './format';
import { JetWriteError } from './errors';
import type { JetColumn } from './types';

/**
 * What a column holds. The catalog needs Integer (its Type field) and columns that this writer
 * only ever leaves null (Memo, OLE, Binary); user tables get long, text, datetime and boolean.
 */
export type ColumnKind =
  'long' | 'integer' | 'byte' | 'text' | 'datetime' | 'boolean' | 'memo' | 'ole' | 'binary' | 'fixedBinary';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  autoNumber?: boolean;
  /** text: characters. */
  maxLength?: number;
  /** Flag 0x20, which Access sets on the SID-like binaries of its system tables. */
  sid?: boolean;
  /** A long stored among the variable-length columns, as MSysAccessObjects.ID is. */
  variable?: boolean;
}

export interface LaidOutColumn {
  name: string;
  kind: ColumnKind;
  /** The column number: its bit in the null mask, and its place in the definition. */
  number: number;
  typeCode: number;
  flags: number;
  autoNumber: boolean;
  /** Fixed-length columns: where their bytes start after the column count, and how many. */
  fixedOffset: number;
  fixedSize: number;
  /** Variable-length columns: their place in the row's offset table; -1 for fixed ones. */
  variableIndex: number;
  /**
   * The offset_V field of the definition: the variable index, or for a fixed column the number of
   * variable columns numbered before it (Access's running count; readers ignore it).
   */
  definedVariableIndex: number;
  /** text: characters allowed. */
  maxChars: number;
  /** The col_len of the definition: bytes (Text holds 2 per character; Memo and OLE say 0). */
  declaredLength: number;
}

export interface ColumnLayout {
  columns: LaidOutColumn[];
  /** Bytes of the fixed area of every row. */
  fixedAreaSize: number;
  variableCount: number;
}

interface KindFacts {
  typeCode: number;
  /** Bytes in the fixed area; null for variable-length kinds. */
  fixedSize: number | null;
  /** For messages: the Access name of the type. */
  label: string;
}

const KINDS: Record<ColumnKind, KindFacts> = {
  boolean: { typeCode: ColumnTypeCode.boolean, fixedSize: 0, label: 'Yes/No' },
  byte: { typeCode: ColumnTypeCode.byte, fixedSize: 1, label: 'Byte' },
  integer: { typeCode: ColumnTypeCode.integer, fixedSize: 2, label: 'Integer' },
  long: { typeCode: ColumnTypeCode.long, fixedSize: 4, label: 'Long Integer' },
  datetime: { typeCode: ColumnTypeCode.datetime, fixedSize: 8, label: 'Date/Time' },
  text: { typeCode: ColumnTypeCode.text, fixedSize: null, label: 'Text' },
  binary: { typeCode: ColumnTypeCode.binary, fixedSize: null, label: 'Binary' },
  memo: { typeCode: ColumnTypeCode.memo, fixedSize: null, label: 'Memo' },
  ole: { typeCode: ColumnTypeCode.ole, fixedSize: null, label: 'OLE Object' },
  fixedBinary: { typeCode: ColumnTypeCode.fixedBinary, fixedSize: 3992, label: 'Binary' },
};

export function kindLabel(kind: ColumnKind): string {
  return KINDS[kind].label;
}

/** Binary columns of the catalog are declared 510 bytes, as Access declares them. */
const BINARY_LENGTH = 510;

/**
 * The col_len of the definition. A Yes/No column takes no row bytes (its value is its null-mask
 * bit) but Access declares it 1 byte long, at fixed offset 0.
 */
function declaredLength(kind: ColumnKind, maxChars: number): number {
  if (kind === 'text') return maxChars * 2;
  if (kind === 'binary') return BINARY_LENGTH;
  if (kind === 'boolean') return 1;
  return KINDS[kind].fixedSize ?? 0;
}

/**
 * Access object names: 1..64 characters, no leading space, none of . ! ` [ ] and no control
 * characters (Access's naming rules; mdbtools and mdb-reader would read them anyway).
 */
export function checkObjectName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new JetWriteError(`${what} has no name`);
  if (name.length > MAX_NAME_LENGTH)
    throw new JetWriteError(
      `${what} "${name}" has a name of ${name.length} characters; Access allows at most ${MAX_NAME_LENGTH}`,
    );
  // eslint-disable-next-line no-control-regex
  if (/^ |[.!`[\]\u0000-\u001f]/.test(name)) {
    throw new JetWriteError(
      `${what} "${name}" has a name Access refuses (it starts with a space, or holds . ! \` [ ] or a control character)`,
    );
  }
  return name;
}

function textMaxLength(spec: ColumnSpec): number {
  const n = spec.maxLength ?? MAX_TEXT_LENGTH;
  if (!Number.isInteger(n) || n < 1 || n > MAX_TEXT_LENGTH) {
    throw new JetWriteError(
      `column "${spec.name}" (Text) has a maxLength that is not a whole number from 1 to ${MAX_TEXT_LENGTH}`,
      undefined,
      spec.name,
    );
  }
  return n;
}

function layOutOne(
  spec: ColumnSpec,
  number: number,
  fixedOffset: number,
  variableIndex: number,
  system: boolean,
): LaidOutColumn {
  const facts = KINDS[spec.kind];
  const fixed = facts.fixedSize !== null && spec.variable !== true;
  const autoNumber = spec.autoNumber === true;
  if (autoNumber && spec.kind !== 'long')
    throw new JetWriteError(
      `column "${spec.name}" is marked AutoNumber but is not a long column`,
      undefined,
      spec.name,
    );
  const maxChars = spec.kind === 'text' ? textMaxLength(spec) : 0;
  return {
    name: spec.name,
    kind: spec.kind,
    number,
    typeCode: facts.typeCode,
    // Every column is "updatable" (0x02), as Access writes them; fixed ones add 0x01; the
    // system tables' columns 0x10 (and 0x20 on SIDs), as in Access's own catalogue.
    flags:
      ColumnFlag.updatable |
      (fixed ? ColumnFlag.fixed : 0) |
      (autoNumber ? ColumnFlag.autoLong : 0) |
      (system ? ColumnFlag.system : 0) |
      (spec.sid === true ? ColumnFlag.sid : 0),
    autoNumber,
    // A Yes/No column is declared at fixed offset 0, as Access declares it: it takes no bytes.
    fixedOffset: fixed && spec.kind !== 'boolean' ? fixedOffset : 0,
    fixedSize: fixed ? (facts.fixedSize ?? 0) : 0,
    variableIndex: fixed ? -1 : variableIndex,
    definedVariableIndex: variableIndex,
    maxChars,
    declaredLength: declaredLength(spec.kind, maxChars),
  };
}

/**
 * Lays the columns out in the order given: fixed bytes and variable indexes in that order.
 * `system` marks the columns of a system table (flag 0x10).
 */
export function layOutColumns(specs: readonly ColumnSpec[], tableName: string, system = false): ColumnLayout {
  if (specs.length === 0) throw new JetWriteError(`table "${tableName}" has no columns`);
  if (specs.length > MAX_COLUMNS)
    throw new JetWriteError(`table "${tableName}" has ${specs.length} columns; Jet 4 allows at most ${MAX_COLUMNS}`);
  const seen = new Set<string>();
  let fixedOffset = 0;
  let variableIndex = 0;
  const columns = specs.map((spec, i) => {
    checkObjectName(spec.name, `column ${i + 1} of table "${tableName}"`);
    // Access compares names without regard to case.
    const key = spec.name.toLowerCase();
    if (seen.has(key))
      throw new JetWriteError(
        `table "${tableName}" has the column "${spec.name}" more than once`,
        undefined,
        spec.name,
      );
    seen.add(key);
    const column = layOutOne(spec, i, fixedOffset, variableIndex, system);
    if (column.variableIndex >= 0) variableIndex++;
    else fixedOffset += column.fixedSize;
    return column;
  });
  if (columns.filter((c) => c.autoNumber).length > 1)
    throw new JetWriteError(`table "${tableName}" has more than one AutoNumber column; Access allows one`);
  return { columns, fixedAreaSize: fixedOffset, variableCount: variableIndex };
}

const PUBLIC_KINDS: Record<string, ColumnKind> = {
  long: 'long',
  text: 'text',
  datetime: 'datetime',
  boolean: 'boolean',
};

/** The caller's columns, checked, as column specs. */
export function specsOf(columns: readonly JetColumn[], tableName: string): ColumnSpec[] {
  if (!Array.isArray(columns)) throw new JetWriteError(`table "${tableName}" has no column list`);
  return columns.map((c, i) => {
    const kind = PUBLIC_KINDS[String(c?.type)];
    if (!kind)
      throw new JetWriteError(
        `column ${i + 1} ("${String(c?.name)}") of table "${tableName}" has a type the writer does not know; use long, text, datetime or boolean`,
      );
    if (c.maxLength !== undefined && kind !== 'text')
      throw new JetWriteError(`column "${c.name}" gives maxLength, which only Text columns have`, undefined, c.name);
    return { name: c.name, kind, autoNumber: c.autoNumber, maxLength: c.maxLength };
  });
}
