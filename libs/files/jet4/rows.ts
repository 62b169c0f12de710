/**
 * One row in Jet 4 form (HACKING.md, "Jet4 Row Definition"):
 *
 *   num_cols (2) | fixed columns | variable columns | eod (2) | var_table (2 each, reversed) |
 *   var_len (2) | null mask ((num_cols + 7) / 8)
 *
 * - num_cols counts every column, Yes/No included; the null mask has one bit per column number,
 *   least significant bit first, 1 = not null. A Yes/No value IS its bit (1 = Yes).
 * - A null fixed column keeps its bytes (zeros) with its bit cleared; a null variable column takes
 *   no bytes, so its offset equals the next one's.
 * - var_table[i] is the offset of variable column i from the row's start and eod the offset just
 *   past the last one; both readers find entry i at (row end - mask - 4 - 2i), eod as entry
 *   var_len. With no variable columns in the table, eod, var_table and var_len are left out.
 *
 * The encoder reuses one scratch buffer, so a row costs no allocation.
 */
import { MAX_ROW_BYTES } from './format';
import { JetWriteError } from './errors';
import type { ColumnLayout, LaidOutColumn } from './columns';
import { booleanValue, cellError, dateValue, integerValue, textValue, type Cell } from './values';

const INT16_MIN = -32768;
const INT16_MAX = 32767;
/** The header before a long value's bytes. */
const LONG_VALUE_HEADER = 12;

export class RowEncoder {
  /** The encoded row is scratch[0 .. length). */
  readonly scratch: Buffer;
  /** The largest AutoNumber value written so far (0 when none). */
  lastAutoNumber = 0;
  /** The AutoNumber value of the row encoded last (the primary key's entry). */
  rowAutoNumber = 0;
  private readonly maskSize: number;
  private readonly variable: LaidOutColumn[];
  /** The cell being encoded, for messages (one object, reused). */
  private readonly cell: Cell;

  constructor(private readonly layout: ColumnLayout) {
    this.maskSize = Math.ceil(layout.columns.length / 8);
    this.cell = { row: 0, column: layout.columns[0] };
    this.variable = layout.columns
      .filter((c) => c.variableIndex >= 0)
      .sort((a, b) => a.variableIndex - b.variableIndex);
    // Room for the largest row the columns allow; an OLE value is bounded by the row limit.
    const variableBytes = this.variable.reduce(
      (sum, c) => sum + (c.kind === 'ole' ? LONG_VALUE_HEADER + MAX_ROW_BYTES : c.maxChars * 2),
      0,
    );
    this.scratch = Buffer.alloc(
      2 + layout.fixedAreaSize + variableBytes + 4 + 2 * layout.variableCount + this.maskSize,
    );
  }

  /** Encodes row `rowNumber` (1-based, for messages); returns its length in bytes. */
  encode(values: readonly unknown[], rowNumber: number): number {
    const { columns, fixedAreaSize, variableCount } = this.layout;
    if (!Array.isArray(values)) throw new JetWriteError(`row ${rowNumber} is not a list of values`, rowNumber);
    if (values.length !== columns.length)
      throw new JetWriteError(
        `row ${rowNumber} has ${values.length} values; the table has ${columns.length} columns`,
        rowNumber,
      );
    const buf = this.scratch;
    this.cell.row = rowNumber;
    buf.writeUInt16LE(columns.length, 0);
    buf.fill(0, 2, 2 + fixedAreaSize);
    const mask = new Uint8Array(this.maskSize);
    for (const column of columns) {
      if (column.variableIndex < 0 && this.writeFixed(column, values[column.number]))
        mask[column.number >> 3] |= 1 << (column.number & 7);
    }
    let length = 2 + fixedAreaSize;
    if (variableCount > 0) length = this.writeVariable(values, length, mask);
    if (length + this.maskSize > MAX_ROW_BYTES) {
      throw new JetWriteError(
        `row ${rowNumber} takes ${length + this.maskSize} bytes; a Jet 4 row holds at most ${MAX_ROW_BYTES} (Text is stored 2 bytes a character: shorten the longest texts)`,
        rowNumber,
      );
    }
    buf.set(mask, length);
    return length + this.maskSize;
  }

  /** Writes a fixed column's bytes; true when its null-mask bit is to be set. */
  private writeFixed(column: LaidOutColumn, value: unknown): boolean {
    this.cell.column = column;
    const at = 2 + column.fixedOffset;
    switch (column.kind) {
      case 'boolean':
        return booleanValue(value, this.cell);
      case 'long': {
        let n = integerValue(value, this.cell);
        if (n === null && column.autoNumber) n = this.lastAutoNumber + 1;
        if (n === null) return false;
        if (column.autoNumber) {
          this.lastAutoNumber = Math.max(this.lastAutoNumber, n);
          this.rowAutoNumber = n;
        }
        this.scratch.writeInt32LE(n, at);
        return true;
      }
      case 'integer': {
        const n = integerValue(value, this.cell, INT16_MIN, INT16_MAX);
        if (n !== null) this.scratch.writeInt16LE(n, at);
        return n !== null;
      }
      case 'datetime': {
        const d = dateValue(value, this.cell);
        if (d !== null) this.scratch.writeDoubleLE(d, at);
        return d !== null;
      }
      default:
        // Byte and the fixed binary of MSysAccessObjects: the catalogue leaves them null.
        if (value === null || value === undefined) return false;
        throw cellError(this.cell, 'this writer stores only null in such a column');
    }
  }

  /** Writes the variable columns and their offset table; returns the row length before the mask. */
  private writeVariable(values: readonly unknown[], start: number, mask: Uint8Array): number {
    const buf = this.scratch;
    const count = this.variable.length;
    const offsets = new Array<number>(count + 1);
    let pos = start;
    for (let i = 0; i < count; i++) {
      const column = this.variable[i];
      offsets[i] = pos;
      const written = this.writeVariableValue(column, values[column.number], pos);
      if (written === null) continue;
      pos += written;
      mask[column.number >> 3] |= 1 << (column.number & 7);
    }
    offsets[count] = pos; // eod
    const end = pos + 2 + 2 * count + 2;
    // Entry i sits at end - 4 - 2i (before the mask), so eod (entry `count`) comes first.
    for (let i = 0; i <= count; i++) buf.writeUInt16LE(offsets[i], end - 4 - 2 * i);
    buf.writeUInt16LE(count, end - 2);
    return end;
  }

  /** Writes one variable column's bytes at `at`; their count, or null for null. */
  private writeVariableValue(column: LaidOutColumn, value: unknown, at: number): number | null {
    this.cell.column = column;
    if (column.kind === 'text') {
      const text = textValue(value, this.cell);
      return text === null ? null : this.scratch.write(text, at, 'utf16le');
    }
    if (value === null || value === undefined) return null;
    if (column.kind === 'ole' && Buffer.isBuffer(value)) return this.writeInlineLongValue(value, at);
    // Memo and Binary are only ever written null (the catalog's unused fields).
    throw cellError(this.cell, 'this writer stores only null in such a column');
  }

  /**
   * A long value (OLE) kept in the row (HACKING.md, "Memo Field Definition"): a 12-byte header
   * whose first 32 bits are the length with flag 0x80000000 ("in a string at the end of this
   * header"), then no page pointer, then the bytes.
   */
  private writeInlineLongValue(value: Buffer, at: number): number {
    if (value.length > MAX_ROW_BYTES)
      throw cellError(this.cell, `the value takes ${value.length} bytes, more than a row holds`);
    this.scratch.writeUInt32LE((value.length | 0x80000000) >>> 0, at);
    this.scratch.fill(0, at + 4, at + LONG_VALUE_HEADER);
    value.copy(this.scratch, at + LONG_VALUE_HEADER);
    return LONG_VALUE_HEADER + value.length;
  }
}
