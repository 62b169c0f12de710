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
 * Only Format = "Short Date" is written, on Date/Time columns, with the DDL flag set as Access sets
 * it on Format: Access then shows dates without a time, and mdbtools formats such columns with
 * `mdb-export -D` (its other dates with -T). The database's own properties (MSysDb) use the same
 * form (catalog.ts).
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

export interface PropertyValue {
  name: string;
  value: string;
  /**
   * The DDL flag: 1 for properties that belong to the design (Access stores a column's Format
   * with 1), 0 for the others (the database's AccessVersion).
   */
  ddl: boolean;
}

/** The properties of one object: '' for the table or database itself, else a column's name. */
export interface ObjectProperties {
  object: string;
  values: PropertyValue[];
}

function textEntry(nameIndex: number, p: PropertyValue): Buffer {
  const bytes = ucs2(p.value);
  const head = Buffer.alloc(8);
  head.writeUInt16LE(8 + bytes.length, 0);
  head[2] = p.ddl ? 1 : 0;
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

/** An LvProp blob: the names chunk, then one values chunk per object ('' first, as the main one). */
export function properties(objects: readonly ObjectProperties[]): Buffer {
  const names: string[] = [];
  for (const o of objects) for (const v of o.values) if (!names.includes(v.name)) names.push(v.name);
  return Buffer.concat([
    SIGNATURE,
    namesChunk(names),
    ...objects.map((o) =>
      valuesChunk(
        o.object === '' ? CHUNK.table : CHUNK.column,
        o.object,
        o.values.map((v) => textEntry(names.indexOf(v.name), v)),
      ),
    ),
  ]);
}

/** The LvProp value of a table with these columns; null when there is none or it is too big. */
export function tableProperties(columns: readonly LaidOutColumn[]): Buffer | null {
  const dated = columns.filter((c) => c.kind === 'datetime');
  if (dated.length === 0) return null;
  const blob = properties([
    { object: '', values: [] },
    ...dated.map((c) => ({ object: c.name, values: [{ name: 'Format', value: DATE_FORMAT, ddl: true }] })),
  ]);
  return blob.length <= MAX_INLINE_BYTES ? blob : null;
}
