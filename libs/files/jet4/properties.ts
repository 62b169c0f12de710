/**
 * Design-view properties of a table, as Access keeps them in MSysObjects.LvProp (HACKING.md,
 * "Properties"): 'MR2\0' in Jet 4, then chunks, each a 32-bit length (itself included) and a
 * 16-bit type:
 *   0x0080  the property names: 16-bit byte length + UCS-2 name, repeated;
 *   0x0000  the table's own properties;  0x0001  one column's properties.
 * A value chunk starts with a 32-bit header length (4 + 2 + name bytes), the 16-bit name length
 * and the column's name (none for the table), then entries: 16-bit entry length (itself
 * included), DDL flag, data type, index of the property name, 16-bit value length, value.
 *
 * Only Format = "Short Date" is written, on Date/Time columns: Access then shows dates without a
 * time, and mdbtools formats such columns with `mdb-export -D` (its other dates with -T).
 *
 * The blob is kept inline in the catalog row (no long-value pages), so it is written only when it
 * fits there; a table with very many date columns goes without it (a cosmetic loss: Access's
 * default General Date format also shows a midnight value as the date alone).
 */
import { ColumnTypeCode } from './format';
import type { LaidOutColumn } from './columns';

const SIGNATURE = Buffer.from('MR2\0', 'latin1');
const CHUNK = { names: 0x0080, table: 0x0000, column: 0x0001 } as const;
const DATE_FORMAT = 'Short Date';
/** Room left for the blob in a catalog row of at most 4060 bytes, with a 64-character name. */
const MAX_INLINE_BYTES = 3500;

function ucs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

function chunk(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt32LE(6 + body.length, 0);
  head.writeUInt16LE(type, 4);
  return Buffer.concat([head, body]);
}

function namesChunk(names: readonly string[]): Buffer {
  return chunk(
    CHUNK.names,
    Buffer.concat(
      names.flatMap((n) => {
        const bytes = ucs2(n);
        const len = Buffer.alloc(2);
        len.writeUInt16LE(bytes.length, 0);
        return [len, bytes];
      }),
    ),
  );
}

function textEntry(nameIndex: number, value: string): Buffer {
  const bytes = ucs2(value);
  const head = Buffer.alloc(8);
  head.writeUInt16LE(8 + bytes.length, 0);
  head[2] = 0; // not a DDL property
  head[3] = ColumnTypeCode.text;
  head.writeUInt16LE(nameIndex, 4);
  head.writeUInt16LE(bytes.length, 6);
  return Buffer.concat([head, bytes]);
}

function valuesChunk(type: number, objectName: string, entries: readonly Buffer[]): Buffer {
  const name = ucs2(objectName);
  const head = Buffer.alloc(6);
  head.writeUInt32LE(6 + name.length, 0);
  head.writeUInt16LE(name.length, 4);
  return chunk(type, Buffer.concat([head, name, ...entries]));
}

/** The LvProp value of a table with these columns; null when there is none or it is too big. */
export function tableProperties(columns: readonly LaidOutColumn[]): Buffer | null {
  const dated = columns.filter((c) => c.kind === 'datetime');
  if (dated.length === 0) return null;
  const formatIndex = 0;
  const blob = Buffer.concat([
    SIGNATURE,
    namesChunk(['Format']),
    valuesChunk(CHUNK.table, '', []),
    ...dated.map((c) => valuesChunk(CHUNK.column, c.name, [textEntry(formatIndex, DATE_FORMAT)])),
  ]);
  return blob.length <= MAX_INLINE_BYTES ? blob : null;
}
