/**
 * The Jet 4 (Access 2000-2003 .mdb) format facts this writer relies on. Sources: mdbtools'
 * HACKING.md ("Database Definition Page", "Data Pages", "TDEF Pages", "Page Usage Maps", "Text
 * Data Type") and what mdb-reader and mdbtools check when they read a file; the constants
 * nobody documents (the table "magic" number, the sort order bytes) follow what Jackcess writes
 * into files Access opens.
 *
 * All integers are little-endian. A "data pointer" (dp) is a 32-bit value: page number in the top
 * 24 bits, row number on that page in the low 8 bits.
 */

/** Jet 4 pages are 4 KiB; every structure lives inside one page or chains pages. */
export const PAGE_SIZE = 4096;

/** The first byte of each page says what it is. */
export const PageType = {
  databaseDefinition: 0x00,
  data: 0x01,
  tableDefinition: 0x02,
  indexNode: 0x03,
  indexLeaf: 0x04,
  usageBitmap: 0x05,
} as const;

/**
 * Fixed page numbers. MSysObjects' table definition must be page 2 (both readers bootstrap the
 * catalog from there); page 1 holds the database-wide usage map (Jackcess reads it at page 1, row 0).
 */
export const GLOBAL_USAGE_MAP_PAGE = 1;
export const CATALOG_TDEF_PAGE = 2;

/** A .mdb file may not exceed 2 GB (Access's documented limit). */
export const MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;

// ---- Database definition page (page 0) ----------------------------------------------------

export const Header = {
  /** "Standard Jet DB\0" at 0x04; mdb-reader tells MSISAM from Jet by this name. */
  engineNameOffset: 0x04,
  engineName: 'Standard Jet DB',
  /** 0x01 = Jet 4 (Access 2000-2003). */
  versionOffset: 0x14,
  jet4Version: 0x01,
  /** Bytes 0x18..0x97 are RC4-masked with the fixed key 0x6b39dac7 (bytes c7 da 39 6b). */
  maskedStart: 0x18,
  maskedLength: 128,
  maskKey: [0xc7, 0xda, 0x39, 0x6b],
  /** Default code page (2 bytes); Jet 4 text is UCS-2, so this only matters to Jet 3 tools. */
  codePageOffset: 0x3c,
  /** Database encryption key (4 bytes): must be zero, or readers RC4-decode every page. */
  encryptionKeyOffset: 0x3e,
  /** Password: 40 bytes, XOR-masked with the creation date's integer part (see header.ts). */
  passwordOffset: 0x42,
  passwordLength: 40,
  /** Default text sort order: 2-byte id, a zero byte, a version byte. */
  sortOrderOffset: 0x6e,
  /** Creation date, an Access date (double). */
  creationDateOffset: 0x72,
  /**
   * Six 32-bit values at 0x18 (inside the masked section, in clear): every Jet 4 header made by
   * Microsoft's engine holds 0x100, 0x101, 2, 3, 4, 5 there (read from the Access 2000 files of
   * Jackcess's test suite and from an ADOX-made empty database). Nobody documents their meaning.
   */
  leadingValuesOffset: 0x18,
  leadingValues: [0x100, 0x101, 2, 3, 4, 5],
  /**
   * After the masked section Microsoft's headers carry, unmasked: the 32-bit value 0x654 at 0x98,
   * the text "4.0" (the Jet version, NUL-terminated) at 0x9c, and from 0xe00 to the page end 256
   * 16-bit values, the first 0x101 and the others 0x100 in an empty database. Undocumented too.
   */
  trailerValueOffset: 0x98,
  trailerValue: 0x654,
  versionTextOffset: 0x9c,
  versionText: '4.0',
  tableOfValuesOffset: 0xe00,
  tableOfValuesFirst: 0x101,
  tableOfValuesRest: 0x100,
} as const;

/** Windows-1251 (Cyrillic): the code page of the machines the files go to. */
export const CODE_PAGE_CYRILLIC = 1251;
/** "General" sort order, 1033 version 0: the Access 2000-2007 default (HACKING.md, Indices). */
export const SORT_ORDER_GENERAL = 0x0409;

// ---- Data pages ------------------------------------------------------------------------------

export const DataPage = {
  /** 2 bytes at 0x02: free space left on the page. */
  freeSpaceOffset: 0x02,
  /** 4 bytes at 0x04: the page of the owning table's definition (0 for usage-map pages). */
  ownerOffset: 0x04,
  /** 2 bytes at 0x0c (Jet 4 adds 4 unknown bytes after the owner): the number of rows. */
  rowCountOffset: 0x0c,
  /** The row offsets follow, 2 bytes each; rows are stored from the end of the page backwards. */
  rowOffsetsStart: 0x0e,
  rowOffsetSize: 2,
  /** A row pointer has an 8-bit row number; Jackcess caps a data page at 255 rows. */
  maxRows: 255,
} as const;

/** The largest row Access writes on a Jet 4 data page (Jackcess: MAX_ROW_SIZE = 4060). */
export const MAX_ROW_BYTES = 4060;

// ---- Table definition (TDEF) ------------------------------------------------------------------

export const Tdef = {
  /** 2 bytes at 0x02: free space on this page minus 8. */
  freeSpaceOffset: 0x02,
  /** 4 bytes at 0x04: next page of this definition, 0 for the last one. */
  nextPageOffset: 0x04,
  /** A continuation page starts with this 8-byte header; the definition bytes go on after it. */
  continuationHeaderSize: 8,
  /** 4 bytes: the length of the whole definition. */
  lengthOffset: 0x08,
  /** 4 bytes: the number that also opens each column and index block. */
  magicOffset: 0x0c,
  rowCountOffset: 0x10,
  /** Last AutoNumber value handed out (Jackcess reads it as "last", hands out last + 1). */
  autoNumberOffset: 0x14,
  /** 0x01 "makes autonumbers work in access". */
  autoNumberFlagOffset: 0x18,
  tableTypeOffset: 0x28,
  maxColumnsOffset: 0x29,
  variableColumnCountOffset: 0x2b,
  columnCountOffset: 0x2d,
  logicalIndexCountOffset: 0x2f,
  realIndexCountOffset: 0x33,
  /** Data pointers to the usage map rows: pages owned, and owned pages with free space. */
  usedPagesMapOffset: 0x37,
  freePagesMapOffset: 0x3b,
  /** Column blocks start here when there are no indexes (else after 12 bytes per real index). */
  headerSize: 0x3f,
  /** Per real index, before the column blocks: 4 zero bytes, the rows indexed, 4 zero bytes. */
  indexRowCountSize: 12,
  /** Per real index, after the column names (Jackcess: SIZE_INDEX_COLUMN_BLOCK). */
  realIndexSize: 52,
  /** Per logical index, after the real ones (Jackcess: SIZE_INDEX_INFO_BLOCK). */
  logicalIndexSize: 28,
  columnBlockSize: 25,
  /** The definition ends with 0xffff (end of the variable-column usage list). */
  trailer: 0xffff,
} as const;

/** Jackcess's constant for the "unknown" 4-byte fields of table and column blocks. */
export const TABLE_MAGIC = 1625;

/** Table type byte: 'N' for a user table, 'S' for a system table. */
export const TableKind = { user: 0x4e, system: 0x53 } as const;

/** Offsets inside a 25-byte column block. */
export const ColumnBlock = {
  type: 0,
  magic: 1,
  number: 5,
  variableIndex: 7,
  rowNumber: 9,
  /** Text: sort order id (2), zero, sort order version. Others: precision, scale, 2 unused. */
  misc: 11,
  flags: 15,
  miscFlags: 16,
  fixedOffset: 21,
  length: 23,
} as const;

/** Column type codes (HACKING.md, Column Types). */
export const ColumnTypeCode = {
  boolean: 0x01,
  integer: 0x03,
  long: 0x04,
  datetime: 0x08,
  binary: 0x09,
  text: 0x0a,
  ole: 0x0b,
  memo: 0x0c,
  byte: 0x02,
  /** Jackcess's UNKNOWN_11: a fixed binary of 3992 bytes, seen only in MSysAccessObjects.Data. */
  fixedBinary: 0x11,
} as const;

/**
 * Column flags (HACKING.md, "Columns flags"): 0x01 fixed length, 0x02 updatable ("can be null"),
 * 0x04 AutoNumber (long). Access also sets 0x10 on every column of its system tables, and 0x30 on
 * their SID-like binary columns (MSysObjects.Owner, MSysACEs.SID); HACKING.md calls 0x10
 * "replication related field (or hidden?)", 0x20 is not described anywhere.
 */
export const ColumnFlag = { fixed: 0x01, updatable: 0x02, autoLong: 0x04, system: 0x10, sid: 0x20 } as const;

/** Jet 4 allows at most 255 columns, names of at most 64 characters, Text of at most 255. */
export const MAX_COLUMNS = 255;
export const MAX_NAME_LENGTH = 64;
export const MAX_TEXT_LENGTH = 255;

// ---- Indexes ----------------------------------------------------------------------------------

/**
 * A real (physical) index block of the table definition (HACKING.md, "Jet4 Table Definition
 * Block"; the flag byte's place as Jackcess's IndexData reads it, 4 bytes after the first page,
 * which Microsoft's files confirm): a 4-byte number (Jackcess: MAGIC_INDEX_NUMBER 1923), ten
 * (column number, order) pairs, the usage map pointer, the first page, 4 unknown bytes, the flags.
 */
export const RealIndex = {
  magic: 1923,
  columnsOffset: 4,
  maxColumns: 10,
  unusedColumn: 0xffff,
  ascending: 0x01,
  usageMapOffset: 34,
  firstPageOffset: 38,
  flagsOffset: 46,
} as const;

/** Index flags (HACKING.md "Index flags"; 0x80 is set on every index Access 2000 makes). */
export const IndexFlag = { unique: 0x01, ignoreNulls: 0x02, required: 0x08, always: 0x80 } as const;

/**
 * A logical index block (HACKING.md): the table number, the index number, the real index it uses,
 * the foreign-key fields (none: type 0, index -1, table 0), two cascade bytes that Access sets to
 * 4 on indexes that are not foreign keys, the index type (1 primary key), 4 unknown bytes.
 */
export const LogicalIndex = {
  numberOffset: 4,
  realNumberOffset: 8,
  relatedIndexOffset: 13,
  cascadeUpdatesOffset: 21,
  cascadeDeletesOffset: 22,
  typeOffset: 23,
  noCascade: 0x04,
  primaryKey: 0x01,
} as const;

/**
 * Index pages (HACKING.md, "Indices"): type 0x04 (leaf) or 0x03 (node), 0x01, free space, the
 * table's definition page, 4 unknown bytes, the previous and next page at the same level, the tail
 * page, the length of the prefix shared by the entries, 1 unknown byte; then a bitmask of where each
 * entry ends (bit n = byte n after the first entry's start), and the entries from 0x1e0.
 */
export const IndexPage = {
  freeSpaceOffset: 2,
  ownerOffset: 4,
  prevPageOffset: 12,
  nextPageOffset: 16,
  tailPageOffset: 20,
  prefixLengthOffset: 24,
  entryMaskOffset: 27,
  entryMaskSize: 453,
  entriesStart: 0x1e0,
} as const;

// ---- Usage maps ------------------------------------------------------------------------------

/**
 * A usage map is a row of 64 bytes (HACKING.md: "fixed size ... 64 bytes" in Jet 4). Type 0
 * holds a start page and a bitmap of the following (64 - 5) * 8 pages; type 1 holds pointers to
 * usage-bitmap pages (type 0x05), the i-th covering pages i * 32736 .. (i + 1) * 32736 - 1.
 */
export const UsageMap = {
  rowSize: 64,
  inlineType: 0x00,
  referenceType: 0x01,
  inlineBitmapOffset: 5,
  /** A type 0x05 page: 4-byte header, then a bitmap of (4096 - 4) * 8 pages. */
  bitmapPageHeaderSize: 4,
} as const;

export const INLINE_MAP_PAGES = (UsageMap.rowSize - UsageMap.inlineBitmapOffset) * 8;
export const PAGES_PER_BITMAP_PAGE = (PAGE_SIZE - UsageMap.bitmapPageHeaderSize) * 8;
export const MAX_BITMAP_PAGES = Math.floor((UsageMap.rowSize - 1) / 4);

// ---- Values ------------------------------------------------------------------------------------

/** Access dates count days from 1899-12-30; 1970-01-01 is day 25569. */
export const ACCESS_EPOCH_OFFSET_DAYS = 25569;
export const MS_PER_DAY = 86_400_000;
