/**
 * The system catalog: MSysObjects, whose definition is on page 2. Readers list a database's
 * tables from it: mdb-reader reads Id, Name, Type and Flags; mdbtools binds Id, Name, Type, Flags
 * and LvProp. A table's Id is the page of its definition (the low 24 bits), Type 1 is a table,
 * and Flags 0x80000000 or 0x00000002 mark a system object (HACKING.md, "System Table").
 *
 * The catalog holds Access's usual columns and rows: the "Tables", "Databases" and
 * "Relationships" containers (Type 3; "Tables" is the parent, 0x0F000000 its own parent, as
 * Jackcess looks it up), MSysObjects itself, and the user table.
 */
import type { ColumnSpec } from './columns';

/** MSysObjects' columns, as Access declares them. */
export const CATALOG_COLUMNS: readonly ColumnSpec[] = [
  { name: 'Connect', kind: 'memo' },
  { name: 'Database', kind: 'memo' },
  { name: 'DateCreate', kind: 'datetime' },
  { name: 'DateUpdate', kind: 'datetime' },
  { name: 'Flags', kind: 'long' },
  { name: 'ForeignName', kind: 'text', maxLength: 255 },
  { name: 'Id', kind: 'long' },
  { name: 'Lv', kind: 'ole' },
  { name: 'LvExtra', kind: 'ole' },
  { name: 'LvModule', kind: 'ole' },
  { name: 'LvProp', kind: 'ole' },
  { name: 'Name', kind: 'text', maxLength: 255 },
  { name: 'Owner', kind: 'binary' },
  { name: 'ParentId', kind: 'long' },
  { name: 'RmtInfoLong', kind: 'ole' },
  { name: 'RmtInfoShort', kind: 'binary' },
  { name: 'Type', kind: 'integer' },
];

const OBJECT_TYPE = { table: 1, container: 3 } as const;
/** 0x80000000 as a signed 32-bit value: a system object. */
const SYSTEM_FLAG = -0x80000000;
const ROOT_ID = 0x0f000000;
const TABLES_ID = 0x0f000001;

interface CatalogObject {
  id: number;
  parentId: number;
  name: string;
  type: number;
  flags: number;
  /** Design-view properties (properties.ts). */
  properties?: Buffer | null;
}

type CatalogValue = string | number | Date | Buffer | null;

function catalogRow(o: CatalogObject, createdAt: Date): CatalogValue[] {
  const byName: Record<string, CatalogValue> = {
    DateCreate: createdAt,
    DateUpdate: createdAt,
    Flags: o.flags,
    Id: o.id,
    Name: o.name,
    ParentId: o.parentId,
    Type: o.type,
    LvProp: o.properties ?? null,
  };
  return CATALOG_COLUMNS.map((c) => byName[c.name] ?? null);
}

/** MSysObjects' rows for a database of one user table whose definition starts on `table.page`. */
export function catalogRows(
  catalogPage: number,
  table: { name: string; page: number; properties: Buffer | null },
  createdAt: Date,
): CatalogValue[][] {
  const objects: CatalogObject[] = [
    { id: TABLES_ID, parentId: ROOT_ID, name: 'Tables', type: OBJECT_TYPE.container, flags: SYSTEM_FLAG },
    { id: TABLES_ID + 1, parentId: ROOT_ID, name: 'Databases', type: OBJECT_TYPE.container, flags: SYSTEM_FLAG },
    { id: TABLES_ID + 2, parentId: ROOT_ID, name: 'Relationships', type: OBJECT_TYPE.container, flags: SYSTEM_FLAG },
    { id: catalogPage, parentId: TABLES_ID, name: 'MSysObjects', type: OBJECT_TYPE.table, flags: SYSTEM_FLAG },
    {
      id: table.page,
      parentId: TABLES_ID,
      name: table.name,
      type: OBJECT_TYPE.table,
      flags: 0,
      properties: table.properties,
    },
  ];
  return objects.map((o) => catalogRow(o, createdAt));
}
