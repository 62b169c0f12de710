/**
 * Importing Appendix 2 station lists and Appendix 3 boundaries (XLSX made here with exceljs, with
 * Russian and Kazakh headers, and CSV; and the same list as openpyxl, LibreOffice, exceljs and the
 * hand-built Excel shapes save it, test/fixtures/xlsx) on the real test PostgreSQL: a good file joins the
 * district's accepted voter file and reconciliation reads it; a bad one is refused with a report
 * naming the sheet's row and the field, and stages nothing (the list before it stays); a later
 * list replaces the earlier one; a list without a voter file is refused; a retry is safe.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import type { PrismaClient } from '../../libs/db/prisma';
import { importListFile, importReceivedListFile, type ListFileKind } from '../../libs/db/files/list-import';
import type { ImportOutcome, ReceiveInput } from '../../libs/db/files/received';
import { FileStore } from '../../libs/files/store';
import { importVoterCsv } from '../../libs/db/files/voter-import';
import { reconcileSubmission } from '../../libs/db/reconciliation/engine';
import { loadRegister } from '../../libs/db/synthetic/load';
import {
  appendix1Csv,
  appendix1Fields,
  registerStations,
  stationFile,
  voterFile,
  type ScenarioSpec,
  type StationFileRow,
} from '../../libs/synthetic/scenario';
import { testPrisma } from '../support/fixtures';
import { testDatabaseUrl } from '../support/test-env';

const SPEC: ScenarioSpec = {
  seed: 3501,
  referenceDate: '2035-01-04',
  period: '2035-01',
  regions: [
    {
      code: '35',
      stationBase: 700,
      districts: [
        {
          id: 'syn35-a',
          nameRu: 'Район К',
          nameKk: 'К ауданы',
          locality: 'Караганда',
          slot: 40,
          stations: [30, 30, 30],
        },
        { id: 'syn35-b', nameRu: 'Район Л', nameKk: 'Л ауданы', locality: 'Темиртау', slot: 41, stations: [20, 20] },
        { id: 'syn35-c', nameRu: 'Район М', nameKk: 'М ауданы', locality: 'Балхаш', slot: 42, stations: [10] },
      ],
    },
  ],
};
type Uuid = ReturnType<typeof randomUUID>;
type Cell = ExcelJS.CellValue;

const RU_STATIONS = [
  '№ п/п',
  'Номер избирательного участка',
  'Наименование помещения для голосования',
  'Населенный пункт',
  'Улица',
  'Дом',
  'Отметка',
];
const KK_STATIONS = [
  'Р/с №',
  'Сайлау учаскесінің нөмірі',
  'Дауыс беруге арналған үй-жайдың атауы',
  'Елді мекен',
  'Көше',
  'Үй',
  'Белгі',
];
const KK_BOUNDARIES = [
  'Р/с №',
  'Учаске нөмірі',
  'Елді мекен түрі',
  'Елді мекен',
  'Шекаралары',
  'Мекенжай түрі',
  'Мекенжай',
  'Үй',
];
const RU_BOUNDARIES = [
  '№ п/п',
  'Номер участка',
  'Тип населенного пункта',
  'Населенный пункт',
  'Границы',
  'Тип адреса',
  'Адрес',
  'Дом',
];

/** Sheet rows 1-4 are the title, the header, the column numbers and the district's heading; stations start at row 5. */
const FIRST_ROW = 5;

const markOf = (s: StationFileRow, lang: 'ru' | 'kk') =>
  [s.isNew && (lang === 'ru' ? 'новый' : 'жаңа'), s.abolished && (lang === 'ru' ? 'упразднён' : 'таратылған')]
    .filter(Boolean)
    .join(', ');

/** A district's station list the way an akimat lays it out in Excel: title, header, numbering, heading, stations, total. */
function stationSheet(list: StationFileRow[], lang: 'ru' | 'kk'): Cell[][] {
  const header = lang === 'ru' ? RU_STATIONS : KK_STATIONS;
  return [
    [
      lang === 'ru'
        ? 'Список избирательных участков Карагандинской области'
        : 'Қарағанды облысының сайлау учаскелерінің тізімі',
    ],
    header,
    header.map((_, i) => i + 1),
    [lang === 'ru' ? 'Район К' : 'К ауданы'],
    ...list.map((s, i): Cell[] => [
      i + 1,
      s.number,
      // a rich-text premises and a house computed by a formula, as people's sheets have them
      i === 0
        ? { richText: [{ text: s.premises.slice(0, 6) }, { text: s.premises.slice(6), font: { bold: true } }] }
        : s.premises,
      s.locality,
      s.street,
      i === 1 ? { formula: `${Number(s.house) - 1}+1`, result: Number(s.house) } : s.house,
      markOf(s, lang),
    ]),
    [null, lang === 'ru' ? 'Итого' : 'Барлығы', list.length],
  ];
}

/** Two rows of territory per station. */
function boundarySheet(list: StationFileRow[], header: string[]): Cell[][] {
  const rows: Cell[][] = [['Сайлау учаскелерінің шекаралары'], header];
  for (const s of list) {
    rows.push([
      rows.length - 1,
      s.number,
      'қала',
      s.locality,
      `${s.street} көшесінен бастап, тақ жағы,\nСейфуллин көшесіне дейін`,
      'көше',
      s.street,
      '1-45',
    ]);
    rows.push([rows.length - 1, s.number, 'қала', s.locality, null, 'даңғыл', 'Бұқар жырау', '2-30']);
  }
  return rows;
}

async function xlsxFile(rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Приложение');
  for (const r of rows) ws.addRow(r);
  if (rows[0].length === 1) ws.mergeCells(1, 1, 1, 7); // a title across the sheet
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Windows-1251, what Russian-locale Excel writes for "CSV (разделители — точки с запятой)". */
const CP1251 = new Map(
  [...new TextDecoder('windows-1251').decode(Uint8Array.from({ length: 128 }, (_, i) => 128 + i))].map((c, i) => [
    c,
    128 + i,
  ]),
);
const cp1251 = (text: string) =>
  Buffer.from([...text].map((c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : (CP1251.get(c) ?? 0x3f))));

const csvOf = (rows: (string | number | null)[][], delimiter = ';') =>
  rows
    .map((r) =>
      r
        .map((v) =>
          v === null
            ? ''
            : /["\n]/.test(String(v)) || String(v).includes(delimiter)
              ? `"${String(v).replace(/"/g, '""')}"`
              : String(v),
        )
        .join(delimiter),
    )
    .join('\r\n') + '\r\n';

let prisma: PrismaClient;
let client: Client;
let store: FileStore;
let dir: string;
const voterSubmission: Record<string, string> = {};

function upload(districtId: string, name: string, content: string | Buffer, submissionId?: string): ReceiveInput {
  const path = join(dir, `${randomUUID()}-${name}`);
  writeFileSync(path, content);
  return {
    fileId: randomUUID(),
    path,
    fileName: name,
    period: SPEC.period,
    regionCode: '35',
    districtId,
    uploadedBy: `registrar-${districtId}`,
    receivedAt: '2035-01-02T05:00:00Z',
    submissionId,
  };
}

const importList = (kind: ListFileKind, input: ReceiveInput) => importListFile(prisma, client, store, kind, input);

const problemsOf = (outcome: ImportOutcome) =>
  outcome.status === 'REJECTED' ? outcome.report.problems.map((p) => `${p.row} ${p.field}: ${p.message}`) : [];

const stagedStations = (submissionId: string) =>
  prisma.stationFileRecord.findMany({
    where: { submissionId: submissionId as Uuid },
    orderBy: { row: 'asc' },
    omit: { submissionId: true },
  });

beforeAll(async () => {
  prisma = await testPrisma();
  client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  await loadRegister(client, SPEC);
  dir = mkdtempSync(join(tmpdir(), 'tizim-stations-'));
  store = new FileStore(join(dir, 'store'));
  for (const districtId of ['syn35-a', 'syn35-b']) {
    const rows = [...voterFile(SPEC, districtId)].map((r) => appendix1Fields(r));
    const csv = appendix1Csv(rows);
    const outcome = await importVoterCsv(
      prisma,
      client,
      store,
      upload(districtId, `izbirateli_${districtId}.csv`, csv),
    );
    if (outcome.status !== 'ACCEPTED')
      throw new Error(`voter file of ${districtId} refused: ${JSON.stringify(outcome)}`);
    voterSubmission[districtId] = outcome.submissionId;
  }
});

afterAll(async () => {
  await client?.end();
});

describe('station list and boundaries import', () => {
  it("stages a Russian XLSX station list under the district's accepted voter file, skipping title, numbering, heading and total; reconciliation reads it clean", async () => {
    const list = stationFile(SPEC, 'syn35-a');
    const content = await xlsxFile(stationSheet(list, 'ru'));
    const input = upload('syn35-a', 'uchastki_syn35-a.xlsx', content);
    const outcome = await importList('STATIONS', input);
    expect(outcome).toEqual({
      status: 'ACCEPTED',
      fileId: input.fileId,
      submissionId: voterSubmission['syn35-a'],
      sha256: createHash('sha256').update(content).digest('hex'),
      records: 3,
    });
    expect(readFileSync(store.pathOf(outcome.sha256))).toEqual(content);

    expect(await stagedStations(voterSubmission['syn35-a'])).toEqual(
      list.map((s, i) => ({
        row: FIRST_ROW + i,
        number: s.number,
        premises: s.premises,
        locality: s.locality,
        street: s.street,
        house: s.house,
        restrictedAccess: false,
        isNew: false,
        abolished: false,
      })),
    );
    expect(
      await prisma.voterSubmission.findUnique({ where: { id: voterSubmission['syn35-a'] as Uuid } }),
    ).toMatchObject({ stationFile: 'uchastki_syn35-a.xlsx', stationRecords: 3, stationFileId: input.fileId });
    expect(await prisma.receivedFile.findUnique({ where: { id: input.fileId as Uuid } })).toMatchObject({
      kind: 'STATIONS',
      status: 'ACCEPTED',
      records: 3,
      submissionId: voterSubmission['syn35-a'],
    });

    const result = await reconcileSubmission(prisma, {
      runId: randomUUID(),
      submissionId: voterSubmission['syn35-a'],
      referenceDate: SPEC.referenceDate,
      workflowId: 'test',
      round: 1,
      at: '2035-01-04T05:00:00Z',
    });
    expect(result).toMatchObject({ stationRecords: 3, findings: [] });
  });

  it('stages Kazakh XLSX boundaries under the submission the upload names', async () => {
    const list = stationFile(SPEC, 'syn35-a');
    const input = upload(
      'syn35-a',
      'shekaralar.xlsx',
      await xlsxFile(boundarySheet(list, KK_BOUNDARIES)),
      voterSubmission['syn35-a'],
    );
    expect(await importList('BOUNDARIES', input)).toMatchObject({
      status: 'ACCEPTED',
      submissionId: voterSubmission['syn35-a'],
      records: 6,
    });
    const staged = await prisma.boundaryFileRecord.findMany({
      where: { submissionId: voterSubmission['syn35-a'] as Uuid },
      orderBy: { row: 'asc' },
    });
    expect(staged.map((b) => [b.row, b.stationNumber, b.address, b.house])).toEqual(
      list.flatMap((s, i) => [
        [3 + 2 * i, s.number, s.street, '1-45'],
        [4 + 2 * i, s.number, 'Бұқар жырау', '2-30'],
      ]),
    );
    expect(staged[0]).toMatchObject({
      localityType: 'қала',
      locality: 'Караганда',
      boundaries: 'Абая көшесінен бастап, тақ жағы,\nСейфуллин көшесіне дейін',
      addressType: 'көше',
    });
    expect(
      await prisma.voterSubmission.findUnique({ where: { id: voterSubmission['syn35-a'] as Uuid } }),
    ).toMatchObject({
      boundaryFile: 'shekaralar.xlsx',
      boundaryRecords: 6,
      boundaryFileId: input.fileId,
      stationRecords: 3,
    });
  });

  it('reads a Windows-1251 CSV station list whose addresses hold unquoted commas', async () => {
    const list = stationFile(SPEC, 'syn35-b');
    const rows = [
      RU_STATIONS,
      ...list.map((s, i) => [
        i + 1,
        s.number,
        `${s.premises}, актовый зал`,
        s.locality,
        s.street,
        s.house,
        i === 1 ? 'новый, с ограниченным доступом' : '',
      ]),
    ];
    const input = upload('syn35-b', 'uchastki.csv', cp1251(csvOf(rows)));
    expect(await importList('STATIONS', input)).toMatchObject({
      status: 'ACCEPTED',
      submissionId: voterSubmission['syn35-b'],
      records: 2,
    });
    expect(await stagedStations(voterSubmission['syn35-b'])).toEqual([
      expect.objectContaining({
        row: 2,
        number: list[0].number,
        premises: `${list[0].premises}, актовый зал`,
        isNew: false,
        restrictedAccess: false,
      }),
      expect.objectContaining({ row: 3, number: list[1].number, isNew: true, restrictedAccess: true }),
    ]);
  });

  it('refuses a broken XLSX with every problem by sheet row and field, stages none of it, and keeps the list before it; a retry answers the same', async () => {
    const before = await stagedStations(voterSubmission['syn35-a']);
    const list = stationFile(SPEC, 'syn35-a');
    const sheet = stationSheet(list, 'ru');
    sheet[FIRST_ROW - 1][3] = '-'; // row 5: locality placeholder
    sheet[FIRST_ROW][1] = list[0].number; // row 6: the number of row 5 again
    sheet[FIRST_ROW + 1][6] = 'новый, упразднён'; // row 7: new and abolished
    sheet.splice(FIRST_ROW + 2, 0, [4, null, 'Школа без номера', 'Караганда', 'Абая', '1', '']); // row 8: no station number
    sheet.splice(FIRST_ROW + 3, 0, [5, 799, 'Школа № 799', 'Караганда', 'Абая', new Date(Date.UTC(2024, 0, 12)), '']); // row 9: a house Excel made a date
    const input = upload('syn35-a', 'uchastki_bad.xlsx', await xlsxFile(sheet));
    const outcome = await importList('STATIONS', input);
    expect(problemsOf(outcome)).toEqual([
      '5 locality: holds a placeholder instead of data; the locality of the premises is required',
      '6 station number: appears twice: row 5 has the same station number (a station is listed once)',
      '7 marks: a station cannot be both new and abolished',
      "8 station number: is required (station's number) and is empty",
      '9 house: holds a date where text is expected: Excel turned what was typed into a date; format the column as Text and type it again',
    ]);
    expect(outcome).toMatchObject({
      status: 'REJECTED',
      records: 5,
      report: { file: 'uchastki_bad.xlsx', header: RU_STATIONS, problemCount: 5 },
    });
    expect(JSON.stringify(outcome)).not.toContain('Школа без номера');
    expect(await stagedStations(voterSubmission['syn35-a'])).toEqual(before);
    expect(
      await prisma.voterSubmission.findUnique({ where: { id: voterSubmission['syn35-a'] as Uuid } }),
    ).toMatchObject({ stationRecords: 3, stationFile: 'uchastki_syn35-a.xlsx' });
    expect(await prisma.receivedFile.findUnique({ where: { id: input.fileId as Uuid } })).toMatchObject({
      status: 'REJECTED',
      problemCount: 5,
      submissionId: voterSubmission['syn35-a'],
    });

    expect(await importReceivedListFile(client, store, input.fileId, {})).toEqual(outcome);
    expect(await importList('STATIONS', input)).toEqual(outcome);
    expect(await prisma.receivedFile.count({ where: { id: input.fileId as Uuid } })).toBe(1);
  });

  it('replaces the station list with a later accepted one (Kazakh headers), and a retry of the earlier file changes nothing', async () => {
    const first = await prisma.voterSubmission.findUniqueOrThrow({ where: { id: voterSubmission['syn35-a'] as Uuid } });
    const [region] = SPEC.regions;
    const list = stationFile(SPEC, 'syn35-a').map((s, i) => (i === 2 ? { ...s, abolished: true } : s));
    list.push({
      row: 4,
      number: region.stationBase + 50,
      premises: 'Мектеп № 50',
      locality: 'Қарағанды',
      street: 'Бұқар жырау',
      house: '7',
      isNew: true,
      abolished: false,
    });
    const input = upload('syn35-a', 'uchaskeler.xlsx', await xlsxFile(stationSheet(list, 'kk')));
    expect(await importList('STATIONS', input)).toMatchObject({ status: 'ACCEPTED', records: 4 });
    const staged = await stagedStations(voterSubmission['syn35-a']);
    expect(staged.map((s) => [s.row, s.number, s.isNew, s.abolished])).toEqual(
      list.map((s, i) => [FIRST_ROW + i, s.number, s.isNew, s.abolished]),
    );
    expect(
      await prisma.voterSubmission.findUnique({ where: { id: voterSubmission['syn35-a'] as Uuid } }),
    ).toMatchObject({
      stationFile: 'uchaskeler.xlsx',
      stationRecords: 4,
      stationFileId: input.fileId,
      boundaryRecords: 6,
    });

    // The earlier file's job retried: it answers ACCEPTED as recorded and does not bring its list back.
    const earlier = await importReceivedListFile(client, store, first.stationFileId!, {});
    expect(earlier).toMatchObject({ status: 'ACCEPTED', fileId: first.stationFileId, records: 3 });
    expect(await stagedStations(voterSubmission['syn35-a'])).toEqual(staged);

    // Reconciliation reads the current list: the abolished station still has voters, the new one is new.
    const result = await reconcileSubmission(prisma, {
      runId: randomUUID(),
      submissionId: voterSubmission['syn35-a'],
      referenceDate: SPEC.referenceDate,
      workflowId: 'test',
      round: 2,
      at: '2035-01-04T06:00:00Z',
    });
    expect(result).toMatchObject({
      stationRecords: 4,
      newStations: [region.stationBase + 50],
      abolishedStations: [list[2].number],
    });
    expect(result.findings).toEqual([{ category: 0, subcategory: 'abolished-with-voters', records: 1 }]);
  });

  it('keeps and refuses a list of a district with no accepted voter file, still checking its rows', async () => {
    const [register] = [...registerStations(SPEC)].filter((s) => s.districtId === 'syn35-c');
    const rows = [RU_BOUNDARIES, [1, register.number, 'город', 'Балхаш', 'весь город', null, null, '5']];
    const input = upload('syn35-c', 'granicy.csv', csvOf(rows, ','));
    const outcome = await importList('BOUNDARIES', input);
    expect(problemsOf(outcome)).toEqual([
      '0 (file): no voter file (Appendix 1) of district syn35-c for period 2035-01 has been accepted: upload the voter file (Appendix 1) of this district and period first',
      '2 house: gives a house but no address (street) it stands on',
    ]);
    expect(await prisma.receivedFile.findUnique({ where: { id: input.fileId as Uuid } })).toMatchObject({
      kind: 'BOUNDARIES',
      status: 'REJECTED',
      submissionId: null,
    });
    expect(readFileSync(store.pathOf(outcome.sha256))).toEqual(readFileSync(input.path));

    // Naming another district's submission is no way round it.
    const named = await importList(
      'STATIONS',
      upload(
        'syn35-c',
        'uchastki.csv',
        csvOf([RU_STATIONS, [1, register.number, 'Школа', 'Балхаш', '', '', '']]),
        voterSubmission['syn35-a'],
      ),
    );
    expect(problemsOf(named)).toEqual([
      '0 (file): the upload names a submission that is not an accepted voter file of district syn35-c for period 2035-01: upload the voter file (Appendix 1) of this district and period first, or name its submission',
    ]);
  });

  it('refuses a file whose header is not the form, an empty list, a broken CSV, an .xls and a ZIP that is no workbook, by what is wrong with the file', async () => {
    const headerless = await importList(
      'STATIONS',
      upload('syn35-b', 'x.xlsx', await xlsxFile([RU_BOUNDARIES, [1, 701, 'город', 'Темиртау', '', '', '', '']])),
    );
    expect(problemsOf(headerless)).toEqual([
      '0 (header): the file lacks the Appendix 2 column(s) premises («Наименование помещения для голосования» / «Дауыс беруге арналған үй-жайдың атауы»), street («Улица» / «Көше»)',
      '0 (header): the file lacks the Appendix 2 column for the marks: one column «Отметка» / «Белгі» with words (new, abolished, restricted access), or a column for each mark',
      '0 (header): the file gives the address in one column; Appendix 2 has it in three: locality, street, house',
      '0 (header): the file has column(s) Appendix 2 does not define: «Тип населенного пункта», «Границы», «Тип адреса»',
    ]);
    expect(problemsOf(await importList('BOUNDARIES', upload('syn35-b', 'empty.csv', csvOf([RU_BOUNDARIES]))))).toEqual([
      '0 (file): the file holds no rows of the boundaries (Appendix 3) under its header',
    ]);
    expect(
      problemsOf(
        await importList(
          'BOUNDARIES',
          upload('syn35-b', 'broken.csv', `${RU_BOUNDARIES.join(';')}\r\n1;701;город\r\n`),
        ),
      ),
    ).toEqual(["2 (file): the file cannot be read as CSV at line 2: the row does not have the first row's 8 fields"]);
    expect(
      problemsOf(
        await importList(
          'STATIONS',
          upload(
            'syn35-b',
            'old.xls',
            Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]),
          ),
        ),
      ),
    ).toEqual([
      '0 (file): the file is an Excel 97-2003 workbook (.xls): save it as an Excel Workbook (.xlsx) or as CSV and send it again',
    ]);
    expect(
      problemsOf(
        await importList(
          'STATIONS',
          upload('syn35-b', 'archive.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)])),
        ),
      ),
    ).toEqual([
      '0 (file): the file cannot be read as an Excel workbook (.xlsx): it is not a complete ZIP archive: it may be damaged or cut short',
    ]);
    // The lists staged before are untouched by all of these.
    expect(
      await prisma.voterSubmission.findUnique({ where: { id: voterSubmission['syn35-b'] as Uuid } }),
    ).toMatchObject({ stationRecords: 2, boundaryRecords: 0, boundaryFile: null });
  });

  it('reads a CSV named .xlsx as CSV and an .xlsx named .csv as a workbook: the content decides', async () => {
    const list = stationFile(SPEC, 'syn35-b');
    const rows = [
      RU_BOUNDARIES,
      ...list.map((s, i) => [i + 1, s.number, 'город', s.locality, '', 'улица', s.street, '']),
    ];
    expect(await importList('BOUNDARIES', upload('syn35-b', 'granicy.xlsx', csvOf(rows)))).toMatchObject({
      status: 'ACCEPTED',
      records: 2,
    });
    expect(await importList('BOUNDARIES', upload('syn35-b', 'granicy.csv', await xlsxFile(rows)))).toMatchObject({
      status: 'ACCEPTED',
      records: 2,
    });
    expect(await prisma.boundaryFileRecord.count({ where: { submissionId: voterSubmission['syn35-b'] as Uuid } })).toBe(
      2,
    );
  });

  // openpyxl's files were refused with «no row among the first 30 names the Appendix 2 columns»:
  // exceljs's streaming reader gave no rows of them. Every writer's list now stages alike.
  const FIXTURES = join(__dirname, '..', 'fixtures', 'xlsx');
  const WRITERS = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.xlsx'))
    .sort();
  it('has a workbook from every writer to read', () => {
    expect(WRITERS).toEqual(
      expect.arrayContaining([
        'openpyxl.xlsx',
        'openpyxl-write-only.xlsx',
        'exceljs.xlsx',
        'exceljs-stream.xlsx',
        'libreoffice.xlsx',
        'handmade-excel.xlsx',
        'handmade-generator.xlsx',
        'handmade-strict-1904-zip64.xlsx',
      ]),
    );
  });

  it.each(WRITERS)('stages the same station list, Kazakh letters and all, from %s', async (name) => {
    const input = upload('syn35-a', name, readFileSync(join(FIXTURES, name)), voterSubmission['syn35-a']);
    const outcome = await importList('STATIONS', input);
    expect(problemsOf(outcome)).toEqual([]);
    expect(outcome).toMatchObject({ status: 'ACCEPTED', submissionId: voterSubmission['syn35-a'], records: 3 });
    const marks = { restrictedAccess: false, isNew: false, abolished: false };
    expect(await stagedStations(voterSubmission['syn35-a'])).toEqual([
      {
        row: 3,
        number: 701,
        premises: 'КГУ «Школа-гимназия № 1», актовый зал',
        locality: 'Караганда',
        street: 'Абая',
        house: '12',
        ...marks,
      },
      {
        row: 4,
        number: 702,
        premises: 'Мектеп-лицей: ә ғ қ ң ө ұ ү һ і / Ә Ғ Қ Ң Ө Ұ Ү Һ І',
        locality: 'Қарағанды',
        street: 'Бұқар жырау',
        house: '7/1',
        ...marks,
        isNew: true,
      },
      {
        row: 5,
        number: 703,
        premises: 'Дом культуры «Шахтёр» & <клуб>',
        locality: 'Темиртау',
        street: 'Республики',
        house: '1А',
        ...marks,
        abolished: true,
      },
    ]);
    expect(
      await prisma.voterSubmission.findUnique({ where: { id: voterSubmission['syn35-a'] as Uuid } }),
    ).toMatchObject({ stationFile: name, stationRecords: 3 });
  });
});
