/**
 * The system catalogue, as Microsoft's engine writes it into a new Access 2000 database: the
 * tables MSysObjects, MSysACEs, MSysQueries, MSysRelationships and MSysAccessObjects, their
 * indexes, and MSysObjects' rows for them, the three containers and the MSysDb object.
 *
 * Sources: mdbtools' HACKING.md ("System Table", "TDEF Pages", "Properties") for the meaning of the
 * fields, Jackcess (DatabaseImpl: which tables and rows it requires; JetFormat: the AccessVersion
 * values) for what a reader expects, and the catalogues of the Microsoft-made Access 2000 files in
 * Jackcess's test suite (made by Access) and of an empty database made by ADOX, for the column
 * numbers, types, lengths, flags and index definitions, which no document lists.
 *
 * Readers list tables from MSysObjects: a table's Id is the page of its definition (low 24 bits),
 * Type 1 is a table, and Flags 0x80000000 or 0x00000002 mark a system object.
 *
 * What is left out: Access's own objects (the Forms, Reports, Scripts, Modules, SysRel and
 * DataAccessPages containers, SummaryInfo, UserDefined, MSysAccessObjects' rows) which Access adds
 * when it first opens the file, and the security entries of MSysACEs, which name the security
 * identifiers (SIDs) of the workgroup the file was made in: there is none here, so MSysACEs and the
 * Owner column stay empty, as Jackcess leaves Owner when it has no SID either.
 */
import type { ColumnSpec } from './columns';
import { IndexFlag } from './format';
import { properties, type PropertyValue } from './properties';

/** An index as the catalogue declares it: numbered as Access numbers it, columns by name. */
export interface IndexSpec {
  name: string;
  number: number;
  columns: string[];
  flags: number;
  primaryKey: boolean;
}

export interface SystemTableSpec {
  name: string;
  /** The page of its definition, which is also its Id in MSysObjects. */
  page: number;
  /** 'S' tables (type 0x53, columns flagged 0x10); MSysAccessObjects is an 'N' table. */
  system: boolean;
  /** Flags of its MSysObjects row. */
  catalogFlags: number;
  /** Columns in the order of their numbers. */
  columns: ColumnSpec[];
  indexes: IndexSpec[];
}

/** 0x80000000 as a signed 32-bit value: a system object. */
export const SYSTEM_FLAG = -0x80000000;
/** The flag of MSysAccessObjects' row: "system" for readers, but an ordinary table for Access. */
const ACCESS_OBJECT_FLAG = 0x2;

/**
 * Fixed pages: MSysObjects' definition on page 2 (readers bootstrap from there), then the other
 * system tables on the pages Microsoft's engine gives them; page 6 holds the usage maps.
 */
export const SYSTEM_PAGES = {
  objects: 2,
  aces: 3,
  queries: 4,
  relationships: 5,
  usageMaps: 6,
  accessObjects: 7,
} as const;

const UNIQUE = IndexFlag.unique;
const text = (name: string): ColumnSpec => ({ name, kind: 'text', maxLength: 255 });
const long = (name: string): ColumnSpec => ({ name, kind: 'long' });

export const MSYS_OBJECTS: SystemTableSpec = {
  name: 'MSysObjects',
  page: SYSTEM_PAGES.objects,
  system: true,
  catalogFlags: SYSTEM_FLAG,
  columns: [
    long('Id'),
    long('ParentId'),
    text('Name'),
    { name: 'Type', kind: 'integer' },
    { name: 'DateCreate', kind: 'datetime' },
    { name: 'DateUpdate', kind: 'datetime' },
    { name: 'Owner', kind: 'binary', sid: true },
    long('Flags'),
    { name: 'Database', kind: 'memo' },
    { name: 'Connect', kind: 'memo' },
    text('ForeignName'),
    { name: 'RmtInfoShort', kind: 'binary' },
    { name: 'RmtInfoLong', kind: 'ole' },
    { name: 'Lv', kind: 'ole' },
    { name: 'LvProp', kind: 'ole' },
    { name: 'LvModule', kind: 'ole' },
    { name: 'LvExtra', kind: 'ole' },
  ],
  indexes: [
    { name: 'ParentIdName', number: 0, columns: ['ParentId', 'Name'], flags: UNIQUE, primaryKey: false },
    { name: 'Id', number: 1, columns: ['Id'], flags: UNIQUE, primaryKey: true },
  ],
};

export const MSYS_ACES: SystemTableSpec = {
  name: 'MSysACEs',
  page: SYSTEM_PAGES.aces,
  system: true,
  catalogFlags: SYSTEM_FLAG,
  columns: [
    long('ObjectId'),
    { name: 'SID', kind: 'binary', sid: true },
    long('ACM'),
    { name: 'FInheritable', kind: 'boolean' },
  ],
  indexes: [{ name: 'ObjectId', number: 0, columns: ['ObjectId'], flags: IndexFlag.required, primaryKey: false }],
};

export const MSYS_QUERIES: SystemTableSpec = {
  name: 'MSysQueries',
  page: SYSTEM_PAGES.queries,
  system: true,
  catalogFlags: SYSTEM_FLAG,
  columns: [
    long('ObjectId'),
    { name: 'Attribute', kind: 'byte' },
    { name: 'Order', kind: 'binary' },
    text('Name1'),
    text('Name2'),
    { name: 'Expression', kind: 'memo' },
    { name: 'Flag', kind: 'integer' },
    long('LvExtra'),
  ],
  indexes: [
    {
      name: 'ObjectIdAttribute',
      number: 0,
      columns: ['ObjectId', 'Attribute', 'Order'],
      flags: UNIQUE,
      primaryKey: true,
    },
  ],
};

const ignoreNulls = (name: string, number: number, column: string): IndexSpec => ({
  name,
  number,
  columns: [column],
  flags: IndexFlag.ignoreNulls,
  primaryKey: false,
});

export const MSYS_RELATIONSHIPS: SystemTableSpec = {
  name: 'MSysRelationships',
  page: SYSTEM_PAGES.relationships,
  system: true,
  catalogFlags: SYSTEM_FLAG,
  columns: [
    text('szRelationship'),
    long('grbit'),
    long('ccolumn'),
    long('icolumn'),
    text('szObject'),
    text('szColumn'),
    text('szReferencedObject'),
    text('szReferencedColumn'),
  ],
  indexes: [
    ignoreNulls('szRelationship', 0, 'szRelationship'),
    ignoreNulls('szObject', 1, 'szObject'),
    ignoreNulls('szReferencedObject', 2, 'szReferencedObject'),
  ],
};

export const MSYS_ACCESS_OBJECTS: SystemTableSpec = {
  name: 'MSysAccessObjects',
  page: SYSTEM_PAGES.accessObjects,
  system: false,
  catalogFlags: ACCESS_OBJECT_FLAG,
  columns: [
    { name: 'Data', kind: 'fixedBinary' },
    { name: 'ID', kind: 'long', variable: true },
  ],
  indexes: [{ name: 'AOIndex', number: 0, columns: ['ID'], flags: UNIQUE | IndexFlag.required, primaryKey: true }],
};

/** The system tables in the order of their definition pages. */
export const SYSTEM_TABLES: readonly SystemTableSpec[] = [
  MSYS_OBJECTS,
  MSYS_ACES,
  MSYS_QUERIES,
  MSYS_RELATIONSHIPS,
  MSYS_ACCESS_OBJECTS,
];

const OBJECT_TYPE = { table: 1, database: 2, container: 3 } as const;
/** The root of the catalogue's tree: the containers' parent (Jackcess: DB_PARENT_ID). */
export const ROOT_ID = 0x0f000000;
export const TABLES_ID = 0x0f000001;
const DATABASES_ID = 0x0f000002;
const RELATIONSHIPS_ID = 0x0f000003;
/** The MSysDb object's Id in every Microsoft-made file. */
const MSYSDB_ID = 0x10000000;

/**
 * The database's properties, kept in MSysDb's LvProp. AccessVersion "08.50" is what Access 2000
 * writes (Jackcess's JetFormat maps "08.50" to V2000 and a missing value to generic Jet 4).
 */
const DATABASE_PROPERTIES: PropertyValue[] = [{ name: 'AccessVersion', value: '08.50', ddl: false }];

export interface CatalogObject {
  id: number;
  parentId: number;
  name: string;
  type: number;
  flags: number;
  /** Design-view properties (properties.ts). */
  properties?: Buffer | null;
}

type CatalogValue = string | number | Date | Buffer | null;

/** MSysObjects' rows, in the order Microsoft's engine writes them. */
export function catalogObjects(table: { name: string; page: number; properties: Buffer | null }): CatalogObject[] {
  const container = (id: number, name: string): CatalogObject => ({
    id,
    parentId: ROOT_ID,
    name,
    type: OBJECT_TYPE.container,
    flags: SYSTEM_FLAG,
  });
  const systemTable = (t: SystemTableSpec): CatalogObject => ({
    id: t.page,
    parentId: TABLES_ID,
    name: t.name,
    type: OBJECT_TYPE.table,
    flags: t.catalogFlags,
  });
  return [
    container(TABLES_ID, 'Tables'),
    container(DATABASES_ID, 'Databases'),
    container(RELATIONSHIPS_ID, 'Relationships'),
    {
      id: MSYSDB_ID,
      parentId: DATABASES_ID,
      name: 'MSysDb',
      type: OBJECT_TYPE.database,
      flags: SYSTEM_FLAG,
      properties: properties([{ object: '', values: DATABASE_PROPERTIES }]),
    },
    ...SYSTEM_TABLES.map(systemTable),
    {
      id: table.page,
      parentId: TABLES_ID,
      name: table.name,
      type: OBJECT_TYPE.table,
      flags: 0,
      properties: table.properties,
    },
  ];
}

/** An object as a row of MSysObjects (values in column order). */
export function catalogRow(o: CatalogObject, createdAt: Date): CatalogValue[] {
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
  return MSYS_OBJECTS.columns.map((c) => byName[c.name] ?? null);
}
