import { Workbook, type Worksheet } from 'exceljs';
import { CATEGORIES, SUBCATEGORIES } from '../../libs/reconciliation/categories';
import type { ReconciliationResult } from '../../libs/db/reconciliation/engine';
import {
  evidenceText,
  reportPdf,
  reportXlsx,
  type ReportData,
  type ReportDiscrepancy,
} from '../../libs/reconciliation/report';
import { pdfCharacters, pdfPages, pdfText } from '../support/pdf';

const result: ReconciliationResult = {
  runId: '6f1c2e0a-1b2c-4d3e-8f40-5a6b7c8d9e0f',
  submissionId: '0b7e9c1d-2a3b-4c5d-9e6f-708192a3b4c5',
  period: '2030-10',
  regionCode: '75',
  districtId: '7510',
  referenceDate: '2030-10-04',
  register: {
    snapshotId: '1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    version: 3,
    asOf: '2030-10-01',
    sha256: 'ab'.repeat(32),
    eventWatermark: 41,
  },
  round: 2,
  voterRecords: 3060,
  stationRecords: 2,
  recordsWithFindings: 4,
  findings: [
    { category: 0, subcategory: 'new-unmarked', records: 1 },
    { category: 0, subcategory: 'over-limit', records: 1 },
    // Cod 17 differs in surname and first name: two subcategory rows, one record of category 1.
    { category: 1, subcategory: 'first-name', records: 1 },
    { category: 1, subcategory: 'iin-not-in-register', records: 1 },
    { category: 1, subcategory: 'surname', records: 1 },
    { category: 2, subcategory: 'replaced', records: 1 },
    { category: 9, subcategory: 'deceased', records: 1 },
  ],
  newStations: [15],
  abolishedStations: [],
  reconciledAt: '2030-10-05T09:00:00.000Z',
  elapsedMs: 812,
};

let seq = 0;
const finding = (over: Partial<ReportDiscrepancy>): ReportDiscrepancy => ({
  id: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
  category: 1,
  subcategory: 'surname',
  cod: null,
  iin: null,
  stationCode: null,
  surname: null,
  firstName: null,
  patronymic: null,
  evidence: {},
  ...over,
});

const person = { surname: 'Жұмабаева', firstName: 'Әлия', patronymic: 'Серікқызы' };
/** A group's id as the engine writes it (a uuid); the report shows the group's number instead. */
const GROUP = 'c0a80164-3b5d-4e6f-8a9b-0c1d2e3f4a5b';
const discrepancies: ReportDiscrepancy[] = [
  finding({ category: 0, subcategory: 'over-limit', stationCode: '12', evidence: { voters: 3050, limit: 3000 } }),
  finding({ category: 0, subcategory: 'new-unmarked', stationCode: '15', evidence: { row: 2 } }),
  finding({
    category: 1,
    subcategory: 'surname',
    cod: 17,
    iin: '000101650123',
    stationCode: '12',
    ...person,
    evidence: { field: 'surname', file: 'Жұмабаева', register: 'Жумабаева' },
  }),
  finding({
    category: 1,
    subcategory: 'first-name',
    cod: 17,
    iin: '000101650123',
    stationCode: '12',
    ...person,
    evidence: { field: 'first-name', file: 'Әлия', register: 'Алия' },
  }),
  finding({
    category: 1,
    subcategory: 'iin-not-in-register',
    cod: 18,
    iin: '991231350987',
    stationCode: '12',
    surname: 'Шаһизада',
    firstName: 'Ғалым',
    patronymic: 'Өмірұлы',
    evidence: { register: 'no person with this IIN' },
  }),
  finding({
    category: 2,
    subcategory: 'replaced',
    cod: 21,
    iin: '850505450321',
    stationCode: '15',
    surname: 'Қасымов',
    firstName: 'Аңсар',
    patronymic: 'Үсенұлы',
    evidence: {
      fileDocument: '012345678',
      registerDocument: '087654321',
      registerIssuedOn: '2029-05-01',
      registerExpiresOn: '2039-04-30',
    },
  }),
  finding({
    category: 9,
    subcategory: 'deceased',
    cod: 30,
    iin: '400303300111',
    stationCode: '15',
    surname: 'Иванов',
    firstName: 'Пётр',
    patronymic: 'Ильич',
    evidence: { fact: 'DECEASED', since: '2030-10-03', until: null, basis: 'АЗАГС' },
  }),
];

const data: ReportData = {
  result,
  regionName: { ru: 'Алматинская область', kk: 'Алматы облысы' },
  districtName: { ru: 'Илийский район', kk: 'Іле ауданы' },
  perStation: [
    { station: '15', voters: 10, byCategory: { 2: 1, 9: 1 } },
    { station: '12', voters: 3050, byCategory: { 1: 2 } },
  ],
  discrepancies,
  generatedAt: '2030-10-05T09:30:00Z',
};

const values = (ws: Worksheet, n: number): unknown[] => (ws.getRow(n).values as unknown[]).slice(1);
const rows = (ws: Worksheet): unknown[][] => Array.from({ length: ws.rowCount }, (_, i) => values(ws, i + 1));

async function load(buffer: Buffer): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

describe('evidenceText', () => {
  it.each([
    [
      { field: 'surname', file: 'ИВАНОВ', register: 'ИВАНОВА' },
      'surname',
      'в файле: ИВАНОВ; в регистре: ИВАНОВА',
      'файлда: ИВАНОВ; тізілімде: ИВАНОВА',
    ],
    [
      { fact: 'DECEASED', since: '2030-10-03', until: null, basis: null },
      'deceased',
      'умер с 2030-10-03',
      '2030-10-03 бастап қайтыс болған',
    ],
    [
      { fact: 'IMPRISONED', since: '2029-01-10T00:00:00', until: '2033-01-10', basis: 'приговор № 5' },
      'imprisoned',
      'содержится в местах лишения свободы с 2029-01-10 по 2033-01-10; основание: приговор № 5',
      '2029-01-10 бастап 2033-01-10 дейін бас бостандығынан айыру орнында ұсталуда; негіздеме: приговор № 5',
    ],
    [{ voters: 3050, limit: 3000 }, 'over-limit', 'избирателей: 3050, предел 3000', 'сайлаушылар: 3050, шегі 3000'],
    // Runs made before groups were shown whole still read.
    [{ firstCod: 17, station: '12' }, 'same-station', 'первая запись Cod 17', 'бірінші жазба Cod 17'],
    [
      { firstCod: 17, firstStation: '5' },
      'several-stations',
      'первая запись Cod 17 на участке 5',
      'бірінші жазба Cod 17, 5 учаскеде',
    ],
    // Groups of categories 3 and 4: the group, its size and the row to keep, in words.
    [
      { group: GROUP, groupNo: 3, groupSize: 2, keep: true, keepCod: 41, registerStation: '666' },
      'several-stations',
      'группа 3 из 2 записей; оставить эту запись (участок 666 по регистру)',
      '2 жазбадан тұратын 3-топ; осы жазбаны қалдыру (тізілім бойынша 666 учаске)',
    ],
    [
      { group: GROUP, groupNo: 3, groupSize: 2, keep: false, keepCod: 41, registerStation: '666' },
      'several-stations',
      'группа 3 из 2 записей; оставить запись Cod 41, не эту (участок 666 по регистру)',
      '2 жазбадан тұратын 3-топ; осы жазбаны емес, Cod 41 жазбасын қалдыру (тізілім бойынша 666 учаске)',
    ],
    [
      { group: GROUP, groupNo: 4, groupSize: 3, keep: false, keepCod: null, registerStation: '700' },
      'several-stations',
      'группа 4 из 3 записей; ни одной записи группы нет на участке 700 по регистру',
      '3 жазбадан тұратын 4-топ; тізілім бойынша 700 учаскеде топтың бірде-бір жазбасы жоқ',
    ],
    [
      { group: GROUP, groupNo: 5, groupSize: 2, keep: false, keepCod: null, registerStation: null },
      'several-stations',
      'группа 5 из 2 записей; участок по регистру не указан: какую запись оставить, не определено',
      '2 жазбадан тұратын 5-топ; тізілімде учаске көрсетілмеген: қай жазбаны қалдыру керегі анықталмады',
    ],
    [
      { group: GROUP, groupNo: 1, groupSize: 21, keep: true, keepCod: 12, registerStation: '635' },
      'same-station',
      'группа 1 из 21 записи; оставить эту запись (первая в группе); участок № 635 в регистре',
      '21 жазбадан тұратын 1-топ; осы жазбаны қалдыру (топтағы бірінші жазба); тізілімдегі № 635 учаске',
    ],
    [
      { group: GROUP, groupNo: 2, groupSize: 2, keep: false, keepCod: 17, registerStation: null },
      'same-station',
      'группа 2 из 2 записей; оставить запись Cod 17, не эту (первая в группе)',
      '2 жазбадан тұратын 2-топ; осы жазбаны емес, Cod 17 жазбасын қалдыру (топтағы бірінші жазба)',
    ],
    [
      { register: 'no person with this IIN' },
      'iin-not-in-register',
      'лицо с таким ИИН в регистре не найдено',
      'мұндай ЖСН бар адам тізілімде табылмады',
    ],
    [
      {
        fileDocument: '012345678',
        registerDocument: '012345678',
        registerIssuedOn: '2019-05-01',
        registerExpiresOn: '2029-04-30',
      },
      'expired',
      'документ 012345678 действителен до 2029-04-30',
      '012345678 құжаты 2029-04-30 дейін жарамды болған',
    ],
    [
      { birthDate: '2013-01-01', turns18On: '2031-01-01' },
      'under-18',
      'дата рождения 2013-01-01, 18 лет исполнится 2031-01-01',
      'туған күні 2013-01-01, 18 жасқа 2031-01-01 толады',
    ],
    [
      { voters: 40, cods: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] },
      'voters-on-unlisted-station',
      'избирателей: 40; Cod: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10…',
      'сайлаушылар: 40; Cod: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10…',
    ],
    [{ something: 'new', other: null }, 'surname', 'something: new', 'something: new'],
  ])('%j (%s)', (evidence, subcategory, ru, kk) => {
    const d = finding({ subcategory, evidence });
    expect(evidenceText(d, 'ru')).toBe(ru);
    expect(evidenceText(d, 'kk')).toBe(kk);
  });
});

describe('reportXlsx', () => {
  it('writes the four sections in Russian', async () => {
    const wb = await load(await reportXlsx(data, 'ru'));
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['Сводка', 'Статистика', 'Акт сверки участков', 'Расхождения']);

    const summary = rows(wb.getWorksheet('Сводка')!);
    expect(summary[0]).toEqual(['Результаты сверки списков избирателей']);
    expect(summary).toContainEqual(['Район, город', 'Илийский район']);
    expect(summary).toContainEqual(['Дата, по состоянию на которую проведена сверка', '2030-10-04']);
    // The register it was judged against, named so the run can be reproduced.
    expect(summary).toContainEqual([
      'Сведения АИС «Сайлау» (снимок реестра)',
      `снимок № 3 по состоянию на 2030-10-01, файл SHA-256 ${'ab'.repeat(32)}; изменения государственных реестров до № 41 включительно`,
    ]);
    expect(summary).toContainEqual(['Дата и время формирования', '2030-10-05 14:30 (UTC+5)']);
    expect(summary).toContainEqual(['Записей с выявленными расхождениями', 4]);

    const stats = rows(wb.getWorksheet('Статистика')!);
    const count = (text: string): unknown => stats.find((r) => r[0] === text)?.[1];
    expect(count(`1. ${CATEGORIES[1].ru}`)).toBe(2); // distinct records, not the 3 subcategory findings
    expect(count(`2. ${CATEGORIES[2].ru}`)).toBe(1);
    expect(count(`3. ${CATEGORIES[3].ru}`)).toBe(0);
    expect(count(`9. ${CATEGORIES[9].ru}`)).toBe(1);
    expect(count(SUBCATEGORIES.surname.ru)).toBe(1);
    expect(count(SUBCATEGORIES['iin-not-in-register'].ru)).toBe(1);
    expect(count(SUBCATEGORIES['over-limit'].ru)).toBeUndefined(); // stations are in the act
    expect(stats.filter((r) => /^\d\. /.test(String(r[0])))).toHaveLength(9);
    // Subcategories in the Rules' order under their category.
    const labels = stats.map((r) => r[0]);
    expect(labels.indexOf(SUBCATEGORIES.surname.ru)).toBeLessThan(labels.indexOf(SUBCATEGORIES['first-name'].ru));
    expect(labels.indexOf(`1. ${CATEGORIES[1].ru}`)).toBeLessThan(labels.indexOf(SUBCATEGORIES.surname.ru));

    const header = stats.findIndex((r) => r[0] === 'Участок');
    expect(stats[header]).toEqual([
      'Участок',
      'Избирателей',
      'Кат. 1',
      'Кат. 2',
      'Кат. 3',
      'Кат. 4',
      'Кат. 5',
      'Кат. 6',
      'Кат. 7',
      'Кат. 8',
      'Кат. 9',
      'Кат. 10',
    ]);
    expect(stats[header + 1]).toEqual(['12', 3050, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(stats[header + 2]).toEqual(['15', 10, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0]);
    expect(stats[header + 3]).toEqual(['Итого', 3060, 2, 1, 0, 0, 0, 0, 0, 0, 1, 0]);

    const act = rows(wb.getWorksheet('Акт сверки участков')!);
    expect(act[0]).toEqual(['Акт сверки избирательных участков']);
    expect(act[1]).toEqual(['Вид расхождения', 'Участок', 'Сведения']);
    expect(act[2]).toEqual([SUBCATEGORIES['over-limit'].ru, '12', 'избирателей: 3050, предел 3000']);
    expect(act[3]).toEqual([SUBCATEGORIES['new-unmarked'].ru, '15', 'строка списка участков 2']);
    expect(act).toContainEqual(['Новые избирательные участки', '15']);
    expect(act).toContainEqual(['Упраздненные избирательные участки', 'нет']);
  });

  it('lists one row per discrepancy, with a frozen bold header and an autofilter', async () => {
    const ws = (await load(await reportXlsx(data, 'ru'))).getWorksheet('Расхождения')!;
    expect(values(ws, 2)).toEqual([
      'Категория',
      'Вид расхождения',
      'Cod',
      'ИИН',
      'Фамилия',
      'Имя',
      'Отчество',
      'Участок',
      'Сведения',
      'Идентификатор',
    ]);
    expect(ws.getRow(2).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.rowCount).toBe(2 + discrepancies.length);
    discrepancies.forEach((d, i) => {
      const row = values(ws, 3 + i);
      expect(row[0]).toBe(d.category);
      expect(row[1]).toBe(SUBCATEGORIES[d.subcategory].ru);
      expect(row[2] ?? null).toBe(d.cod);
      expect(row[3] ?? null).toBe(d.iin);
      expect(row[9]).toBe(d.id);
    });
    expect(values(ws, 5)).toEqual([
      1,
      SUBCATEGORIES.surname.ru,
      17,
      '000101650123',
      'Жұмабаева',
      'Әлия',
      'Серікқызы',
      '12',
      'в файле: Жұмабаева; в регистре: Жумабаева',
      discrepancies[2].id,
    ]);
  });

  it('writes Kazakh headings and labels', async () => {
    const wb = await load(await reportXlsx(data, 'kk'));
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      'Жиынтық',
      'Статистика',
      'Учаскелерді салыстыру актісі',
      'Сәйкессіздіктер',
    ]);
    expect(wb.worksheets.every((ws) => ws.name.length <= 31)).toBe(true);
    expect(values(wb.getWorksheet('Жиынтық')!, 1)).toEqual(['Сайлаушылар тізімдерін салыстыру нәтижелері']);
    expect(rows(wb.getWorksheet('Жиынтық')!)).toContainEqual(['Аудан, қала', 'Іле ауданы']);
    expect(values(wb.getWorksheet('Учаскелерді салыстыру актісі')!, 1)).toEqual([
      'Сайлау учаскелерін салыстыру актісі',
    ]);
    const stats = rows(wb.getWorksheet('Статистика')!);
    expect(stats.find((r) => r[0] === `9. ${CATEGORIES[9].kk}`)?.[1]).toBe(1);
    expect(stats).toContainEqual([
      'Учаске',
      'Сайлаушылар',
      '1-санат',
      '2-санат',
      '3-санат',
      '4-санат',
      '5-санат',
      '6-санат',
      '7-санат',
      '8-санат',
      '9-санат',
      '10-санат',
    ]);
    const list = wb.getWorksheet('Сәйкессіздіктер')!;
    expect(values(list, 2)).toEqual([
      'Санат',
      'Сәйкессіздік түрі',
      'Cod',
      'ЖСН',
      'Тегі',
      'Аты',
      'Әкесінің аты',
      'Учаске',
      'Мәліметтер',
      'Сәйкестендіргіш',
    ]);
    expect(values(list, 9).slice(0, 4)).toEqual([9, SUBCATEGORIES.deceased.kk, 30, '400303300111']);
    expect(values(list, 9)[8]).toBe('2030-10-03 бастап қайтыс болған; негіздеме: АЗАГС');
  });

  it('refuses a time of generation that is not an instant', async () => {
    await expect(reportXlsx({ ...data, generatedAt: 'yesterday' }, 'ru')).rejects.toThrow(
      'generatedAt must be an ISO instant',
    );
  });
});

describe('a group of category 4 in the report', () => {
  // The pair of the outside tester's report: the register places the voter on station 666; the
  // row there (Cod 41, second by Cod) is the one to keep, the row on 635 (Cod 12) goes.
  const evidence = { group: GROUP, groupNo: 1, groupSize: 2, keepCod: 41, registerStation: '666' };
  const pair: ReportData = {
    ...data,
    result: {
      ...result,
      findings: [{ category: 4, subcategory: 'several-stations', records: 2 }],
      recordsWithFindings: 2,
    },
    perStation: [
      { station: '635', voters: 10, byCategory: { 4: 1 } },
      { station: '666', voters: 12, byCategory: { 4: 1 } },
    ],
    discrepancies: [
      finding({
        category: 4,
        subcategory: 'several-stations',
        cod: 12,
        iin: '850505450321',
        stationCode: '635',
        ...person,
        evidence: { ...evidence, keep: false },
      }),
      finding({
        category: 4,
        subcategory: 'several-stations',
        cod: 41,
        iin: '850505450321',
        stationCode: '666',
        ...person,
        evidence: { ...evidence, keep: true },
      }),
    ],
  };
  const words = {
    ru: [
      'группа 1 из 2 записей; оставить запись Cod 41, не эту (участок 666 по регистру)',
      'группа 1 из 2 записей; оставить эту запись (участок 666 по регистру)',
    ],
    kk: [
      '2 жазбадан тұратын 1-топ; осы жазбаны емес, Cod 41 жазбасын қалдыру (тізілім бойынша 666 учаске)',
      '2 жазбадан тұратын 1-топ; осы жазбаны қалдыру (тізілім бойынша 666 учаске)',
    ],
  };

  it.each(['ru', 'kk'] as const)(
    'says in the XLSX list (%s) which group each row is in and which row to keep',
    async (lang) => {
      const wb = await load(await reportXlsx(pair, lang));
      const list = wb.getWorksheet(lang === 'ru' ? 'Расхождения' : 'Сәйкессіздіктер')!;
      expect([values(list, 3), values(list, 4)].map((r) => [r[2], r[7], r[8]])).toEqual([
        [12, '635', words[lang][0]],
        [41, '666', words[lang][1]],
      ]);
    },
  );

  it.each(['ru', 'kk'] as const)('says the same in the PDF (%s)', async (lang) => {
    const text = pdfText(await reportPdf(pair, lang)).replace(/\s+/g, ' ');
    for (const sentence of words[lang]) expect(text).toContain(sentence);
  });
});

describe('reportPdf', () => {
  const many = (n: number): ReportData => ({
    ...data,
    discrepancies: [
      ...discrepancies,
      ...Array.from({ length: n }, (_, i) =>
        finding({
          category: 9,
          subcategory: 'deceased',
          cod: 1000 + i,
          iin: String(500101300000 + i),
          stationCode: '15',
          surname: 'Әбілқайыров',
          firstName: 'Нұрғали',
          patronymic: 'Һәкімұлы',
          evidence: { fact: 'DECEASED', since: '2030-01-01' },
        }),
      ),
    ],
  });

  it('is a PDF with DejaVu Sans embedded and the Kazakh letters in its font', async () => {
    for (const lang of ['ru', 'kk'] as const) {
      const pdf = await reportPdf(data, lang);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1')).toContain('DejaVuSans');
      // The Russian report shows the Kazakh letters of the names, the Kazakh one its own words too.
      const letters = pdfCharacters(pdf);
      for (const c of lang === 'ru' ? 'ӘҒҚӨҮұіңһқ' : 'әғқңөұүһіӘҒҚӨҮ') expect(letters).toContain(c);
    }
  });

  it('grows with the list, runs onto more pages and is deterministic', async () => {
    const small = await reportPdf(data, 'kk');
    const large = await reportPdf(many(400), 'kk');
    expect(large.length).toBeGreaterThan(small.length);
    expect(pdfPages(large)).toBeGreaterThan(pdfPages(small) + 3);
    expect((await reportPdf(data, 'kk')).equals(small)).toBe(true);
  });
});
