/**
 * Every message a file check can put in a rejection report reaches officials in Russian and Kazakh
 * (apps/web/src/file-problems.ts), and so does every finding the intake stages for a record
 * (libs/reconciliation/categories.ts). The messages are not listed here by hand: deliberately
 * broken files of each kind go through the real importers (libs/db/files/voter-import.ts for
 * Appendix 1, libs/db/files/list-import.ts for Appendices 2 and 3) on the real test PostgreSQL, and
 * each distinct problem of the reports must carry a code that explainFileProblem renders in both
 * languages, other than the English, in Cyrillic, keeping the numbers and names its parameters carry.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { explainFileField, explainFileProblem } from '../../apps/web/src/file-problems';
import { iinProblem, withCheckDigit } from '../../libs/iin/iin';
import { APPENDIX1_FIELD_NAMES, type FieldProblem } from '../../libs/files/appendix1';
import { CsvTrouble } from '../../libs/files/csv';
import { STATION_COLUMNS } from '../../libs/files/appendix2';
import { BOUNDARY_COLUMNS } from '../../libs/files/appendix3';
import {
  appendix1Columns,
  writeAppendix1Mdb,
  writeJet4,
  type Appendix1Row,
  type JetColumn,
  type JetValue,
} from '../../libs/files/jet4';
import { Header } from '../../libs/files/jet4/format';
import { importListFile, type ListFileKind } from '../../libs/db/files/list-import';
import { problem } from '../../libs/files/problems';
import type { ImportOutcome } from '../../libs/db/files/received';
import { UnreadableWorkbook } from '../../libs/files/xlsx';
import { importVoterCsv } from '../../libs/db/files/voter-import';
import { FORM_CATEGORY, reconcileSubmission } from '../../libs/db/reconciliation/engine';
import { subcategoryLabel, evidenceLabelFor } from '../../libs/reconciliation/categories';
import { appendix1Csv, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { useImportFixture } from '../support/import-fixture';
import { centralEntry, workbook, zip } from '../support/zip';

const TODAY = '2026-11-22';
const PERIOD = '2027-01';
const SPEC: ScenarioSpec = {
  seed: 5501,
  referenceDate: '2026-12-01',
  period: PERIOD,
  regions: [
    {
      code: '61',
      stationBase: 400,
      districts: [
        { id: 'fp-6101', nameRu: 'Район А', nameKk: 'А ауданы', locality: 'Павлодар', slot: 40, stations: [20, 20] },
        { id: 'fp-6102', nameRu: 'Район Б', nameKk: 'Б ауданы', locality: 'Павлодар', slot: 41, stations: [20] },
      ],
    },
  ],
};
const DISTRICT = 'fp-6101';

// ---------------------------------------------------------------------------------------------
// The importers on the real database and a real file store.

const fx = useImportFixture(SPEC, DISTRICT, { receivedAt: `${TODAY}T05:00:00Z` });
/** The district's accepted voter file, which a station list or boundaries file joins. */
let accepted = '';
beforeAll(async () => {
  const outcome = await importVoterCsv(
    fx.prisma,
    fx.client,
    fx.store,
    fx.upload('izbirateli.csv', appendix1Csv([valid({ Cod_uch: '401' })])),
  );
  if (outcome.status !== 'ACCEPTED') throw new Error('the good voter file was refused');
  accepted = outcome.submissionId;
});

const problemsOf = (o: ImportOutcome): FieldProblem[] => {
  if (o.status !== 'REJECTED') throw new Error('the broken file was accepted');
  return o.report.problems;
};

/** The rejection report's problems of a voter file (CSV or MS Access). */
async function voterProblems(bytes: Buffer | string, over: { period?: string } = {}): Promise<FieldProblem[]> {
  return problemsOf(
    await importVoterCsv(fx.prisma, fx.client, fx.store, { ...fx.upload('upload', Buffer.from(bytes)), ...over }),
  );
}

/**
 * The rejection report's problems of a station list or boundaries file. `joins`: the district's
 * voter submission is found ('found'), none has been accepted ('none': another district), or the
 * upload names one that is not accepted ('named').
 */
async function listProblems(
  kind: ListFileKind,
  bytes: Buffer | string,
  joins: 'found' | 'none' | 'named' = 'found',
): Promise<FieldProblem[]> {
  const input = {
    ...fx.upload('upload', Buffer.from(bytes)),
    ...(joins === 'named' ? { submissionId: randomUUID() } : {}),
    ...(joins === 'none' ? { districtId: 'fp-6102' } : {}),
  };
  void accepted;
  return problemsOf(await importListFile(fx.prisma, fx.client, fx.store, kind, input));
}

async function xlsx(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Лист1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A one-sheet workbook broken by `damage` (in place, on its bytes). */
function brokenWorkbook(
  sheetData: string,
  damage: (b: Buffer) => void = () => undefined,
  parts: Parameters<typeof workbook>[1] = {},
): Buffer {
  const b = Buffer.from(workbook(sheetData, parts));
  damage(b);
  return b;
}
const SHEET = 'xl/worksheets/sheet1.xml';
const GOOD_ROW = '<row r="1"><c t="inlineStr"><is><t>Номер участка</t></is></c></row>';

/** Workbooks each broken in one of the ways libs/files/xlsx.ts and zip.ts tell apart. */
const BROKEN_WORKBOOKS: [string, () => Buffer][] = [
  ['cut short', () => brokenWorkbook(GOOD_ROW).subarray(0, 300)],
  ['split over disks', () => brokenWorkbook(GOOD_ROW, (b) => b.writeUInt16LE(1, b.length - 22 + 4))],
  ['encrypted', () => brokenWorkbook(GOOD_ROW, (b) => b.writeUInt16LE(1, centralEntry(b, SHEET) + 8))],
  [
    'compressed by another method',
    () => brokenWorkbook(GOOD_ROW, (b) => b.writeUInt16LE(12, centralEntry(b, SHEET) + 10)),
  ],
  [
    'whose sheet fails its checksum',
    () =>
      brokenWorkbook(GOOD_ROW, (b) =>
        b.writeUInt32LE(b.readUInt32LE(centralEntry(b, SHEET) + 16) ^ 1, centralEntry(b, SHEET) + 16),
      ),
  ],
  [
    'whose sheet cannot be inflated',
    () =>
      brokenWorkbook(GOOD_ROW, (b) => {
        b[b.indexOf(Buffer.from(SHEET)) + SHEET.length] = 0xff;
      }),
  ],
  ['whose sheet is not XML', () => brokenWorkbook('<row r="1"><c><v>1</v></row>')],
  [
    'whose sheet is not UTF-8',
    () =>
      workbook(
        Buffer.concat([
          Buffer.from('<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>'),
          Buffer.from([0xd2, 0x28]),
          Buffer.from('</t></is></c></row></sheetData></worksheet>'),
        ]),
      ),
  ],
  [
    'whose workbook part claims a gigabyte',
    () => brokenWorkbook(GOOD_ROW, (b) => b.writeUInt32LE(0x40000000, centralEntry(b, 'xl/workbook.xml') + 24)),
  ],
  ['of other files', () => zip([{ name: 'readme.txt', data: 'Номер участка' }])],
  [
    'with a shared text over a million characters',
    () => brokenWorkbook(GOOD_ROW, undefined, { sharedStrings: `<si><t>${'ә'.repeat(1_000_001)}</t></si>` }),
  ],
  ['without worksheets', () => zip([{ name: 'xl/workbook.xml', data: '<workbook><sheets/></workbook>' }])],
  [
    'whose worksheet is missing',
    () =>
      zip([
        {
          name: 'xl/workbook.xml',
          data: '<workbook xmlns:r="r"><sheets><sheet name="1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        },
        {
          name: 'xl/_rels/workbook.xml.rels',
          data: '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        },
      ]),
  ],
  ['with a row numbered 0', () => brokenWorkbook(`${GOOD_ROW}<row r="0"><c><v>1</v></c></row>`)],
  ['with a cell reference that is none', () => brokenWorkbook(`${GOOD_ROW}<row r="2"><c r="2B"><v>1</v></c></row>`)],
  [
    'with a shared text it does not have',
    () => brokenWorkbook(`${GOOD_ROW}<row r="2"><c r="B2" t="s"><v>5</v></c></row>`),
  ],
  [
    'with a TRUE/FALSE cell holding a word',
    () => brokenWorkbook(`${GOOD_ROW}<row r="2"><c r="C2" t="b"><v>да</v></c></row>`),
  ],
  [
    'with a cell over a million characters',
    () =>
      brokenWorkbook(
        `${GOOD_ROW}<row r="3"><c r="D3" t="inlineStr"><is><t>${'ә'.repeat(1_000_001)}</t></is></c></row>`,
      ),
  ],
];

const csv = (rows: (string | number)[][]) => rows.map((r) => r.join(';')).join('\r\n') + '\r\n';

// ---------------------------------------------------------------------------------------------
// Broken voter files (Appendix 1).

// 900101 3 0001 7: born 1 January 1990, male; the check digit is valid (as in appendix1.spec.ts).
const IIN = '900101300017';
const valid = (over: Record<string, string> = {}): Record<string, string> => ({
  Cod: '1',
  Cod_izber: IIN,
  Soname: 'Жұмабаев',
  Name: 'Ерлан',
  Otchestvo: 'Серикович',
  Cod_uch: '412',
  Okg_r: '',
  Okg_ob: '',
  Okg_rai: '',
  Obl: '55',
  Rai: '5501',
  Date_rogd: '01.01.1990',
  Nac: '',
  mal: 'М',
  Mesto_progiv: 'Павлодар',
  Street: 'Абая',
  Hourse: '12',
  Korpus: '',
  Kvartira: '5',
  Udostve: '012345678',
  Date_vidach: '2020-05-01',
  Note: '',
  Dopol1: '0',
  Dopol2: '0',
  Dopol3: '',
  Dopol4: '0',
  ...over,
});

/** An 11-digit start no check digit completes: the IIN is never issued. */
function neverIssued(): string {
  for (let n = 90010130001; ; n += 1) if (withCheckDigit(String(n)) === null) return `${n}0`;
}

/** Each row breaks what its comment says; numbered from 1 as the report counts. */
function brokenVoterRows(): Record<string, string>[] {
  const placeholders = Object.fromEntries(
    APPENDIX1_FIELD_NAMES.filter((f) => !['Cod', 'Dopol1', 'Dopol2', 'Dopol4'].includes(f)).map((f) => [f, '-']),
  );
  const rows = [
    valid({ ...placeholders, Cod: '1' }), // a placeholder in every text and date field
    valid({ Cod: '', Cod_izber: '', Soname: '', Name: '', Cod_uch: '', Date_rogd: '' }), // required fields empty
    valid({ Cod: '3', Cod_izber: '12345' }), // not 12 digits
    valid({ Cod: '4', Cod_izber: `${IIN.slice(0, 11)}8` }), // a wrong check digit
    valid({ Cod: '5', Cod_izber: neverIssued() }), // never issued
    valid({ Cod: '5.5' }), // not a whole number
    valid({ Cod: '7', Note: 'ш'.repeat(256) }), // over the Access limit
    valid({ Cod: '8', Date_rogd: '31.02.1990' }), // not a date
    valid({ Cod: '9', Date_rogd: '1899-12-31' }), // before 1900
    valid({ Cod: '10', Date_vidach: '2027-01-01' }), // after the file was received
    valid({ Cod: '11', Date_vidach: '1989-12-31' }), // before the birth
    valid({ Cod: '12', mal: 'X' }), // not a sex
    valid({ Cod: '13', Dopol4: 'может быть' }), // not Yes/No
    valid({ Cod: '14', Dopol2: '1', Dopol4: '1', Dopol3: '2026-10-01' }), // added and then deleted: not a problem
    valid({ Cod: '15', Dopol1: '1' }), // changed, no date
    valid({ Cod: '16', Dopol3: '2026-10-01' }), // a date of change, no flag
    valid({ Cod: '17', Dopol2: '1', Dopol3: '2027-10-01' }), // a change after the receipt
    valid({ Cod: '18' }),
    valid({ Cod: '18' }), // Cod twice
  ];
  if (iinProblem(rows[4].Cod_izber) !== 'never-issued') throw new Error('row 5 should hold a never-issued IIN');
  return rows;
}

/** An Access voter table: the 26 fields as Appendix 1 types them, with `columns` changed. */
function accessTable(columns: JetColumn[] = appendix1Columns()): Buffer {
  const row = valid();
  const value = (c: JetColumn): JetValue => {
    const v = row[c.name] ?? null;
    if (c.type === 'long') return Number.isInteger(Number(v)) && v !== '' ? Number(v) : 1;
    if (c.type === 'boolean') return v === '1';
    if (c.type === 'datetime') return v || null;
    return v === '' ? null : v;
  };
  return writeJet4({ name: 'Izbirateli', columns, rows: [columns.map(value)] });
}

/**
 * MS Access catalog rows patched in place (MSysObjects, written by libs/files/jet4/catalog.ts):
 * each row's fixed part is Id, ParentId (32-bit), Type (16-bit), DateCreate and DateUpdate (8 bytes
 * each) and Flags (32-bit), as Access numbers MSysObjects' columns. Offsets from Id.
 */
const SYSTEM = 0x80000000;
const TABLES = 0x0f000001;
const AT = { id: 0, parentId: 4, type: 8, flags: 26 } as const;
function catalogRow(db: Buffer, match: { flags: number; id?: number; parentId: number; type: number }): number {
  for (let at = 0; at + AT.flags + 4 <= db.length; at += 1) {
    if (
      db.readUInt32LE(at + AT.flags) === match.flags &&
      (match.id === undefined || db.readUInt32LE(at + AT.id) === match.id) &&
      db.readUInt32LE(at + AT.parentId) === match.parentId &&
      db.readUInt16LE(at + AT.type) === match.type
    )
      return at;
  }
  throw new Error('catalog row not found');
}
/** The user table's row and its definition page. */
const userTable = (db: Buffer) => {
  const at = catalogRow(db, { flags: 0, parentId: TABLES, type: 1 });
  return { at, page: db.readUInt32LE(at + AT.id) };
};
/** A container ("Databases" or "Relationships") made to look like a user table defined on `page`. */
function containerAsTable(db: Buffer, id: number, page: number): void {
  const at = catalogRow(db, { flags: SYSTEM, id, parentId: 0x0f000000, type: 3 });
  db.writeUInt32LE(0, at + AT.flags);
  db.writeUInt32LE(page, at + AT.id);
  db.writeUInt16LE(1, at + AT.type);
}
const hideUserTable = (db: Buffer) => db.writeUInt32LE(SYSTEM, userTable(db).at + AT.flags);

function accessWithPassword(): Buffer {
  const db = accessTable();
  // The password is masked by RC4 and the creation date: flipping its bits gives a password.
  for (const [i, c] of [...Buffer.from('pw', 'utf16le')].entries()) db[Header.passwordOffset + i] ^= c;
  return db;
}
function accessWithoutTables(): Buffer {
  const db = accessTable();
  hideUserTable(db);
  return db;
}
function accessWithTwoVoterTables(): Buffer {
  const db = accessTable();
  containerAsTable(db, TABLES + 1, userTable(db).page);
  return db;
}
function accessWithoutVoterTable(): Buffer {
  const db = accessTable();
  // Both containers defined on MSysObjects' own page: tables whose columns are the catalog's.
  const catalog = catalogRow(db, { flags: SYSTEM, id: 2, parentId: TABLES, type: 1 });
  const page = db.readUInt32LE(catalog + AT.id);
  containerAsTable(db, TABLES + 1, page);
  containerAsTable(db, TABLES + 2, page);
  hideUserTable(db);
  return db;
}

// ---------------------------------------------------------------------------------------------
// Broken station lists (Appendix 2) and boundaries (Appendix 3).

const STATIONS_RU = [
  '№ п/п',
  'Номер избирательного участка',
  'Наименование помещения для голосования',
  'Населенный пункт',
  'Улица',
  'Дом',
  'Отметка',
];
const BOUNDARIES_RU = [
  '№ п/п',
  'Номер избирательного участка',
  'Тип населенного пункта',
  'Населенный пункт',
  'Границы',
  'Тип адреса',
  'Адрес',
  'Дом',
];
const station = (n: number, over: Partial<Record<string, ExcelJS.CellValue>> = {}): ExcelJS.CellValue[] => {
  const r: Record<string, ExcelJS.CellValue> = {
    row: n,
    number: 400 + n,
    premises: 'Школа № 12',
    locality: 'Павлодар',
    street: 'Абая',
    house: '12',
    marks: null,
    ...over,
  };
  return [r.row, r.number, r.premises, r.locality, r.street, r.house, r.marks];
};
const boundary = (n: number, over: Partial<Record<string, ExcelJS.CellValue>> = {}): ExcelJS.CellValue[] => {
  const r: Record<string, ExcelJS.CellValue> = {
    row: n,
    number: 400 + n,
    type: 'город',
    locality: 'Павлодар',
    boundaries: 'от ул. Абая до ул. Ленина',
    addressType: 'улица',
    address: 'Абая',
    house: '1-45',
    ...over,
  };
  return [r.row, r.number, r.type, r.locality, r.boundaries, r.addressType, r.address, r.house];
};

function brokenStationRows(): ExcelJS.CellValue[][] {
  let n = 0;
  const s = (over: Partial<Record<string, ExcelJS.CellValue>>) => station((n += 1), over);
  return [
    s({ row: '-', number: '-', premises: '-', locality: '-', street: '-', house: '-', marks: '-' }), // placeholders everywhere
    s({ number: null, premises: null, locality: null }), // required fields empty
    s({ number: 0 }), // a zero station number
    s({ row: 'первый', number: 'двенадцать' }), // not numbers
    s({ number: new Date(Date.UTC(2024, 1, 12)), house: new Date(Date.UTC(2024, 1, 12)) }), // dates Excel made
    s({ locality: { error: '#REF!' } as ExcelJS.CellErrorValue }), // an Excel error
    s({ premises: 'ш'.repeat(501) }), // too long
    s({ premises: 'Школа\u0000 № 5' }), // a NUL byte
    s({ marks: 'временный' }), // not a mark
    s({ marks: 'новый, упразднён' }), // new and abolished
    [...s({}), 'лишнее'], // a value in a column without a name
    station(3), // station 403 again
  ];
}

function brokenStationColumns(): ExcelJS.CellValue[][] {
  const header = [...STATIONS_RU.slice(0, 6), 'Ограниченный доступ', 'Новый', 'Упразднён'];
  return [header, [...station(1).slice(0, 6), 'может быть', 'да', 'да']];
}

function brokenBoundaryRows(): ExcelJS.CellValue[][] {
  let n = 0;
  const b = (over: Partial<Record<string, ExcelJS.CellValue>>) => boundary((n += 1), over);
  return [
    b({ row: '-', number: '-', type: '-', locality: '-', boundaries: '-', addressType: '-', address: '-', house: '-' }), // placeholders everywhere
    b({ number: null, locality: null }), // required fields empty
    b({ boundaries: 'ш'.repeat(10_001) }), // too long
    b({ address: null, addressType: null }), // a house without an address
    b({ address: null, house: null }), // an address type without an address
    b({}),
    b({ row: 6, number: 406 }), // repeats the row above word for word
  ];
}

// ---------------------------------------------------------------------------------------------
// Every kind of broken file, with a field each must name, so a builder that stops breaking its file fails.

interface Broken {
  what: string;
  problems: () => Promise<FieldProblem[]>;
  /** A field the report must name. */
  names: string;
}

/** A station number of the other district (fp-6102) of the register. */
const otherDistrictsStation = async () =>
  String((await fx.prisma.pollingStation.findFirstOrThrow({ where: { districtId: 'fp-6102' } })).number);

const VOTER_FILES: Broken[] = [
  {
    what: 'a CSV whose header lacks, adds and repeats fields',
    problems: () =>
      voterProblems(
        appendix1Csv([valid()], { header: [...APPENDIX1_FIELD_NAMES.filter((f) => f !== 'Hourse'), 'Telefon', 'Cod'] }),
      ),
    names: '(header)',
  },
  { what: 'a CSV with the header only', problems: () => voterProblems(appendix1Csv([])), names: '(file)' },
  { what: 'an empty file', problems: () => voterProblems(''), names: '(file)' },
  {
    what: 'a CSV without its header row',
    problems: () =>
      voterProblems(
        appendix1Csv([valid(), valid({ Cod: '2' })])
          .split('\r\n')
          .slice(1)
          .join('\r\n'),
      ),
    names: '(header)',
  },
  {
    what: 'a CSV whose header has names and data',
    problems: () =>
      voterProblems(appendix1Csv([valid()], { header: [...APPENDIX1_FIELD_NAMES.slice(0, 24), 'Иванов', IIN] })),
    names: '(header)',
  },
  {
    what: 'a CSV with a record longer than any form allows',
    problems: () => voterProblems(`${appendix1Csv([valid()])}"${'ш'.repeat(600_000)}`),
    names: '(file)',
  },
  {
    what: 'random bytes',
    problems: () => voterProblems(Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256))),
    names: '(file)',
  },
  {
    what: 'a CSV in KOI8-R',
    problems: () =>
      voterProblems(
        Buffer.from(
          [
            ...appendix1Csv(
              Array.from({ length: 10 }, (_, i) =>
                valid({
                  Cod: String(i + 1),
                  Soname: 'Иванова',
                  Name: 'Ольга',
                  Otchestvo: 'Петровна',
                  Street: 'Ленина',
                  Mesto_progiv: 'Павлодар',
                }),
              ),
            ),
          ].map((c) => KOI8[c] ?? c.charCodeAt(0)),
        ),
      ),
    names: '(file)',
  },
  {
    what: 'a CSV in Windows-1251 with the byte it leaves undefined',
    problems: () =>
      voterProblems(
        Buffer.concat([
          Buffer.from(
            appendix1Csv([valid({ Soname: 'Ivanov', Name: 'Oleg', Otchestvo: '', Mesto_progiv: 'P', Street: 'A' })]),
            'latin1',
          ),
          Buffer.from([0xc0, 0x98, 0x0d, 0x0a]),
        ]),
      ),
    names: '(file)',
  },
  {
    what: "another district's file",
    problems: async () => voterProblems(appendix1Csv([valid({ Cod_uch: await otherDistrictsStation() })])),
    names: '(file)',
  },
  {
    what: "the same file as another period's",
    problems: () => voterProblems(appendix1Csv([valid({ Cod_uch: '401' })]), { period: '2027-07' }),
    names: '(file)',
  },
  {
    what: 'a CSV with a row of another width',
    problems: () => voterProblems(`${appendix1Csv([valid()])}1;2;3\r\n`),
    names: '(file)',
  },
  {
    what: 'a CSV with a quotation mark never closed',
    problems: () => voterProblems(`${appendix1Csv([valid()])}"2;${IIN}\r\n`),
    names: '(file)',
  },
  {
    what: 'an Access table with a column of each Appendix 1 type typed otherwise',
    problems: () =>
      voterProblems(
        accessTable(
          appendix1Columns().map((c): JetColumn => {
            const other: Record<string, JetColumn['type']> = {
              Cod: 'text',
              Soname: 'long',
              Date_rogd: 'text',
              Dopol1: 'text',
            };
            return other[c.name] ? { name: c.name, type: other[c.name] } : c;
          }),
        ),
      ),
    names: '(header)',
  },
  {
    what: 'an Access table without records',
    problems: () => voterProblems(writeAppendix1Mdb([] as Appendix1Row[])),
    names: '(file)',
  },
  {
    what: 'a damaged Access database',
    problems: () => voterProblems(accessTable().subarray(0, 4096 * 2)),
    names: '(file)',
  },
  {
    what: 'an Access database cut short',
    problems: () => {
      const db = writeAppendix1Mdb(
        Array.from(
          { length: 3000 },
          (_, i) =>
            ({
              ...valid({ Cod: String(i + 1) }),
              Cod: i + 1,
              Date_rogd: null,
              Date_vidach: null,
              Dopol1: false,
              Dopol2: false,
              Dopol4: false,
            }) as Appendix1Row,
        ),
      );
      return voterProblems(db.subarray(0, Math.floor(db.length * 0.6)));
    },
    names: '(file)',
  },
  { what: 'an Access database with a password', problems: () => voterProblems(accessWithPassword()), names: '(file)' },
  { what: 'an Access database without tables', problems: () => voterProblems(accessWithoutTables()), names: '(file)' },
  {
    what: 'an Access database with two voter tables',
    problems: () => voterProblems(accessWithTwoVoterTables()),
    names: '(file)',
  },
  {
    what: 'an Access database whose tables have no voter fields',
    problems: () => voterProblems(accessWithoutVoterTable()),
    names: '(file)',
  },
];

const LIST_FILES: Broken[] = [
  {
    what: 'a station list with every row check broken',
    problems: async () => listProblems('STATIONS', await xlsx([STATIONS_RU, ...brokenStationRows()])),
    names: 'station number',
  },
  {
    what: 'a station list with a mark column per mark',
    problems: async () => listProblems('STATIONS', await xlsx(brokenStationColumns())),
    names: 'restricted access',
  },
  {
    what: 'a station list whose header lacks, adds and repeats columns',
    problems: () =>
      listProblems(
        'STATIONS',
        csv([
          ['Номер участка', 'Наименование помещения', 'Адрес', 'Телефон', 'Номер участка'],
          [401, 'Школа', 'Абая 1', '', 401],
        ]),
      ),
    names: '(header)',
  },
  {
    what: 'a station list without a header',
    problems: () =>
      listProblems(
        'STATIONS',
        csv([
          ['ФИО', 'ИИН'],
          ['а', 'б'],
        ]),
      ),
    names: '(header)',
  },
  {
    what: 'a station list with the header only',
    problems: () => listProblems('STATIONS', csv([STATIONS_RU])),
    names: '(file)',
  },
  {
    what: 'a station list before any voter file',
    problems: () => listProblems('STATIONS', csv([STATIONS_RU, station(1).map(String)]), 'none'),
    names: '(file)',
  },
  {
    what: 'a station list naming a submission not accepted',
    problems: () => listProblems('STATIONS', csv([STATIONS_RU, station(1).map(String)]), 'named'),
    names: '(file)',
  },
  {
    what: 'a station list as .xls',
    problems: () =>
      listProblems(
        'STATIONS',
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]),
      ),
    names: '(file)',
  },
  {
    what: 'a station list in a ZIP that is no workbook',
    problems: () =>
      listProblems('STATIONS', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 7)])),
    names: '(file)',
  },
  ...BROKEN_WORKBOOKS.map(([what, bytes]): Broken => ({
    what: `a station list in a workbook ${what}`,
    problems: () => listProblems('STATIONS', bytes()),
    names: '(file)',
  })),
  {
    what: 'a station list in CSV with a row of another width',
    problems: () => listProblems('STATIONS', `${csv([STATIONS_RU, station(1).map(String)])}1;2\r\n`),
    names: '(file)',
  },
  {
    what: 'a station list in CSV with a quotation mark never closed',
    problems: () => listProblems('STATIONS', `${csv([STATIONS_RU])}1;"402;Школа;Павлодар;Абая;1;\r\n`),
    names: '(file)',
  },
  {
    what: 'boundaries with every row check broken',
    problems: async () => listProblems('BOUNDARIES', await xlsx([BOUNDARIES_RU, ...brokenBoundaryRows()])),
    names: '(row)',
  },
  {
    what: 'boundaries whose header lacks, adds and repeats columns',
    problems: () =>
      listProblems(
        'BOUNDARIES',
        csv([
          ['Номер участка', 'Населенный пункт', 'Границы', 'Телефон', 'Границы'],
          [401, 'Павлодар', 'вся', '', 'вся'],
        ]),
      ),
    names: '(header)',
  },
  {
    what: 'boundaries without a header',
    problems: () =>
      listProblems(
        'BOUNDARIES',
        csv([
          ['ФИО', 'ИИН'],
          ['а', 'б'],
        ]),
      ),
    names: '(header)',
  },
  {
    what: 'boundaries with the header only',
    problems: () => listProblems('BOUNDARIES', csv([BOUNDARIES_RU])),
    names: '(file)',
  },
];

// ---------------------------------------------------------------------------------------------

const CYRILLIC = /[а-яёәғқңөұүһі]/i;
const numbersOf = (s: string): string[] => [...s.matchAll(/\d+/g)].map((m) => m[0]);

/** A problem as the report keeps it: code, parameters and the English message. */
type Seen = { code?: string; params?: unknown; message: string };

/** The distinct problems of the reports (by message), each with where it was seen; every report names its field. */
async function problemsSeen(files: Broken[]): Promise<Map<Seen, string>> {
  const seen = new Map<string, [Seen, string]>();
  for (const f of files) {
    const problems = await f.problems();
    expect({ file: f.what, fields: [...new Set(problems.map((p) => p.field))] }).toEqual({
      file: f.what,
      fields: expect.arrayContaining([f.names]),
    });
    for (const p of problems)
      if (!seen.has(p.message))
        seen.set(p.message, [
          { code: p.code, params: p.params, message: p.message },
          `${f.what}, row ${p.row}, ${p.field}`,
        ]);
  }
  return new Map([...seen.values()]);
}

/**
 * The parameters a rendering must show as they are: every number (rows, lines, counts) and the
 * names that are never translated (Appendix 1's field names, a workbook's part and cell, districts,
 * periods, dates, Access tables and types, an Excel error, a reader's reason).
 */
function keptParams(params: unknown): string[] {
  const kept: string[] = [];
  const VERBATIM = new Set(['fields', 'part', 'cell', 'district', 'own', 'other', 'period', 'acceptedOn']);
  const walk = (v: unknown, key: string) => {
    // A count of names not quoted is said only when there are some.
    if (typeof v === 'number') {
      if (!(key === 'others' && v === 0)) kept.push(String(v));
    } else if (typeof v === 'string' && VERBATIM.has(key)) kept.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(params, '');
  return kept;
}

/**
 * The problems the console leaves in English: without a code, without words for their code, or
 * rendered without the parameters (and the English's numbers) they carry.
 */
function unexplained(problems: Map<Seen, string>): { message: string; lang: string; as: string; from: string }[] {
  const wrong: { message: string; lang: string; as: string; from: string }[] = [];
  for (const [p, from] of problems) {
    if (!p.code || !p.params) {
      wrong.push({ message: p.message, lang: '-', as: 'no code', from });
      continue;
    }
    for (const lang of ['ru', 'kk'] as const) {
      const as = explainFileProblem(p, lang);
      // 1 000 000 as the console groups digits is the parameter's 1000000.
      const whole = as.replace(/(\d)[ ,](?=\d{3})/g, '$1');
      const lost = [
        ...numbersOf(p.message).filter((n) => !numbersOf(as).includes(n)),
        ...keptParams(p.params).filter((n) => (/^\d+$/.test(n) ? !numbersOf(whole).includes(n) : !as.includes(n))),
      ];
      if (as === p.message || !CYRILLIC.test(as) || lost.length)
        wrong.push({ message: p.message, lang, as: `${as}${lost.length ? ` (lost ${lost.join(', ')})` : ''}`, from });
    }
  }
  return wrong;
}

const show = (problems: Map<Seen, string>) =>
  [...problems]
    .map(
      ([p, w]) =>
        `${p.code}: ${p.message}\n    ${explainFileProblem(p, 'ru')}\n    ${explainFileProblem(p, 'kk')}\n    <- ${w}`,
    )
    .join('\n');

describe('file problems in Russian and Kazakh', () => {
  it('explains every problem of a voter file (Appendix 1) report, by its code', async () => {
    const problems = await problemsSeen(VOTER_FILES);
    if (process.env.SHOW_FILE_PROBLEMS) console.log(show(problems));
    expect(unexplained(problems)).toEqual([]);
    // Record problems are findings of the round now (the next test): the file's own problems remain.
    expect(problems.size).toBeGreaterThanOrEqual(20);
  });

  it('names every finding the intake stages for a broken record in Russian and Kazakh, with the text it follows', async () => {
    const outcome = await importVoterCsv(
      fx.prisma,
      fx.client,
      fx.store,
      fx.upload('broken-records.csv', appendix1Csv(brokenVoterRows())),
    );
    expect(outcome).toMatchObject({ status: 'ACCEPTED', rowsWithProblems: 17 });
    if (outcome.status !== 'ACCEPTED') return;
    const run = await reconcileSubmission(fx.prisma, {
      runId: randomUUID(),
      submissionId: outcome.submissionId,
      referenceDate: TODAY,
      workflowId: 'test',
      round: 1,
      at: `${TODAY}T06:00:00Z`,
    });
    const intake = await fx.prisma.reconciliationDiscrepancy.findMany({
      where: { runId: run.runId, subcategory: { contains: ':' } },
    });
    const kinds = [...new Set(intake.map((d) => d.subcategory))].sort();
    expect(kinds.length).toBeGreaterThanOrEqual(30);
    expect(new Set(intake.map((d) => d.category))).toEqual(new Set([1, FORM_CATEGORY]));
    const wrong: string[] = [];
    for (const d of intake) {
      for (const lang of ['ru', 'kk'] as const) {
        const label = subcategoryLabel(d.subcategory, lang);
        const follows = evidenceLabelFor(d.evidence as Record<string, unknown>, lang);
        if (label === d.subcategory || !CYRILLIC.test(label) || !follows || !CYRILLIC.test(follows))
          wrong.push(`${d.subcategory} ${lang}: ${label} / ${follows}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('explains every problem of a station list (Appendix 2) or boundaries (Appendix 3) report, by its code', async () => {
    const problems = await problemsSeen(LIST_FILES);
    if (process.env.SHOW_FILE_PROBLEMS) console.log(show(problems));
    expect(unexplained(problems)).toEqual([]);
    expect(problems.size).toBeGreaterThanOrEqual(30);
  });

  it('explains what no broken file provokes, as the code that writes it words it', () => {
    // csv-parse, as csv.ts sets it up, breaks a file only over quotes or a row's width; any other
    // code it may raise is worded as "not valid CSV (code)", and a line it cannot tell as "?".
    const other = new CsvTrouble('CSV_INVALID_ARGUMENT', undefined, 0).explain('header');
    expect(other).toMatchObject({ code: 'csv.invalid', params: { line: null, reason: 'CSV_INVALID_ARGUMENT' } });
    expect(unexplained(new Map([[other, 'CsvTrouble.explain']]))).toEqual([]);
    // The importer reads the first worksheet; a later one is asked for by number only in code.
    const sheet = problem('xlsx.no-worksheet-number', { sheet: 2 });
    expect(new UnreadableWorkbook(sheet).message).toBe(
      'the file cannot be read as an Excel workbook (.xlsx): it has no worksheet number 2',
    );
    expect(unexplained(new Map([[sheet, 'xlsxRows({ sheet: 1 })']]))).toEqual([]);
  });

  it('keeps the column names the forms carry, in the language shown', () => {
    const lacks = problem('list.missing-columns', {
      appendix: 3,
      columns: BOUNDARY_COLUMNS.filter((c) => c.key === 'locality type' || c.key === 'house').map((c) => ({
        key: c.key,
        ru: c.ru[0],
        kk: c.kk[0],
      })),
    });
    expect(lacks.message).toBe(
      'the file lacks the Appendix 3 column(s) locality type («Тип населенного пункта» / «Елді мекен түрі»), house («Дом» / «Үй»)',
    );
    expect(explainFileProblem(lacks, 'ru')).toBe('в файле нет столбцов Приложения 3: «Тип населенного пункта», «Дом»');
    expect(explainFileProblem(lacks, 'kk')).toBe('файлда 3-қосымшаның бағандары жоқ: «Елді мекен түрі», «Үй»');
    for (const c of [...STATION_COLUMNS, ...BOUNDARY_COLUMNS]) {
      expect([c.key, explainFileField(c.key, 'ru'), explainFileField(c.key, 'kk')]).toEqual([c.key, c.ru[0], c.kk[0]]);
    }
    expect(explainFileField('Cod_izber', 'kk')).toBe('Cod_izber');
    expect(explainFileField('(column H)', 'ru')).toBe('(столбец H)');
  });

  it('shows a problem of a report stored before the codes, or of a code it does not know, by its English message', () => {
    // What a report of an earlier release holds: the English alone.
    const earlier =
      'the file cannot be read as an Excel workbook (.xlsx): it may be damaged, or another kind of ZIP archive';
    expect(explainFileProblem({ message: earlier }, 'ru')).toBe(earlier);
    expect(explainFileProblem({ message: 'a message no check writes' }, 'kk')).toBe('a message no check writes');
    expect(explainFileProblem({ code: 'no.such-code', params: {}, message: 'a later check' }, 'ru')).toBe(
      'a later check',
    );
    // A known code is rendered from its parameters, whatever the English beside it says.
    expect(
      explainFileProblem({ code: 'appendix2.repeated-station', params: { row: 7 }, message: 'reworded' }, 'ru'),
    ).toBe('повторяется: в строке 7 тот же номер избирательного участка (участок указывается в списке один раз)');
  });
});

/** KOI8-R's bytes for the Russian letters, to write a file as old Unix systems do. */
const KOI8: Record<string, number> = (() => {
  const decoded = new TextDecoder('koi8-r').decode(Uint8Array.from({ length: 128 }, (_, i) => i + 128));
  return Object.fromEntries([...decoded].map((c, i) => [c, i + 128]).filter(([c]) => /[А-Яа-яЁё]/.test(c as string)));
})();
