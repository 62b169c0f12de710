/**
 * The akimats' sample files of the demo districts (prisma/samples/, `npm run samples`): for each
 * district of the demo register (./demo.ts) the clean set, which reconciles with no finding against
 * the register the stack seeds (Appendix 1 as CSV and .mdb, Appendix 2 as XLSX and CSV, Appendix 3
 * as XLSX), and a voter file with the typical record errors of issue 19 (CSV and .mdb), each of
 * which is one finding of the round; and the folder's README, which lists them.
 *
 * Byte for byte the same on every run and machine: the workbooks' and databases' creation dates
 * are fixed, and so are the ZIP entries' times (exceljs stamps each entry with the clock). A test
 * regenerates everything in memory and compares it with the committed files.
 */
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { APPENDIX1_FIELD_NAMES } from '../files/appendix1';
import { writeAppendix1Mdb, type Appendix1Row } from '../files/jet4';
import { FORM_CATEGORY } from '../reconciliation/result';
import { REGIONS } from '../territory/regions';
import { demoRegister, type DemoDistrict, type DemoRegister, type DemoStation, type DemoVoter } from './demo';
import { registerExtractSample, SAMPLE_EXTRACT_AS_OF, SAMPLE_EXTRACT_PATH } from './register-extract';
import { appendix1Csv, appendix1Fields, type VoterFileRow } from './scenario';

/** The creation date written into every workbook and database (their headers carry one). */
export const SAMPLES_MADE_AT = new Date('2026-12-01T04:00:00Z');
/** Where the samples live, from the project folder. */
export const SAMPLES_DIR = 'prisma/samples';

export interface SampleFile {
  /** From SAMPLES_DIR, e.g. "7101/izbirateli_7101.csv". */
  path: string;
  content: Buffer;
  /** Records a transfer act declares for the file (none for the README). */
  records: number | null;
  what: string;
}

export const sampleNames = (id: string) => ({
  votersCsv: `izbirateli_${id}.csv`,
  votersMdb: `izbirateli_${id}.mdb`,
  stationsXlsx: `uchastki_${id}.xlsx`,
  stationsCsv: `uchastki_${id}.csv`,
  boundariesXlsx: `granicy_${id}.xlsx`,
  errorsCsv: `with-errors/izbirateli_${id}_oshibki.csv`,
  errorsMdb: `with-errors/izbirateli_${id}_oshibki.mdb`,
});

// ------------------------------------------------------------------ Appendix 1

const SEX = { MALE: 'М', FEMALE: 'Ж' } as const;

/** A demo voter as the generator's file row (./scenario.ts), Cod `cod`. */
function fileRow(v: DemoVoter, cod: number): VoterFileRow {
  return {
    cod,
    iin: v.iin,
    surname: v.surname,
    firstName: v.firstName,
    patronymic: v.patronymic,
    stationCode: String(v.stationNumber),
    obl: v.regionCode,
    rai: v.districtId,
    birthDate: v.birthDate,
    sex: SEX[v.sex],
    locality: v.locality,
    street: v.street,
    house: v.house,
    apartment: v.apartment,
    documentNumber: v.documentNumber,
    documentIssuedOn: v.documentIssuedOn,
    deleted: false,
  };
}

/** A district's voters as Appendix 1 fields (text), Cod 1, 2, … in the register's order. */
export function sampleVoterFields(register: DemoRegister, districtId: string): Record<string, string>[] {
  return register.voters.filter((v) => v.districtId === districtId).map((v, i) => appendix1Fields(fileRow(v, i + 1)));
}

/** The fields as an Access row: Cod a number, the Dopol flags Yes/No, an empty field null (dates stay YYYY-MM-DD, which the writer takes). */
function accessRow(fields: Record<string, string>): Appendix1Row {
  const row: Appendix1Row = {};
  for (const name of APPENDIX1_FIELD_NAMES) {
    const value = fields[name] ?? '';
    row[name] =
      name === 'Cod'
        ? value === ''
          ? null
          : Number(value)
        : /^Dopol[124]$/.test(name)
          ? value === '1'
          : value === ''
            ? null
            : value;
  }
  return row;
}

export interface SampleFinding {
  /** The record's row in the file (1: the first after the header). */
  row: number;
  /** The finding's Cod: the record's own, or null when the Cod is the one repeated (staged without it). */
  cod: number | null;
  category: number;
  /** `Field:rule`, as the reconciliation names it. */
  subcategory: string;
  field: string;
}

interface RecordError {
  row: number;
  says: string;
  finding: Omit<SampleFinding, 'row' | 'cod'> | null;
  /** Why the .mdb does not hold it, when it cannot. */
  notInMdb?: string;
  apply(fields: Record<string, string>, all: Record<string, string>[]): void;
}

const finding = (category: number, field: string, rule: string) => ({
  category,
  subcategory: `${field}:${rule}`,
  field,
});
/** A date of change some weeks before any receipt of the demo's periods. */
const CHANGED_ON = '2026-11-16';

/**
 * The record errors of issue 19 part 1, a row each, in every district's with-errors file; the last
 * two are not problems and give no finding. Rows stay far apart so that each error is alone on
 * its record.
 */
export const SAMPLE_RECORD_ERRORS: readonly RecordError[] = [
  {
    row: 5,
    says: 'IIN with a wrong check digit (the 12th digit changed)',
    finding: finding(1, 'Cod_izber', 'check-digit'),
    apply: (f) => {
      f.Cod_izber = f.Cod_izber.slice(0, 11) + String((Number(f.Cod_izber[11]) + 1) % 10);
    },
  },
  {
    row: 10,
    says: 'IIN empty',
    finding: finding(1, 'Cod_izber', 'empty'),
    apply: (f) => {
      f.Cod_izber = '';
    },
  },
  {
    row: 15,
    says: 'birth date impossible: the century mistyped (18xx)',
    finding: finding(1, 'Date_rogd', 'impossible'),
    apply: (f) => {
      f.Date_rogd = `18${f.Date_rogd.slice(2)}`;
    },
  },
  {
    row: 20,
    says: 'surname empty',
    finding: finding(1, 'Soname', 'empty'),
    apply: (f) => {
      f.Soname = '';
    },
  },
  {
    row: 25,
    says: 'a placeholder («-») in Korpus, which must be empty',
    finding: finding(FORM_CATEGORY, 'Korpus', 'placeholder'),
    apply: (f) => {
      f.Korpus = '-';
    },
  },
  {
    row: 30,
    says: 'a note of 300 characters (a Text field holds 255)',
    finding: finding(FORM_CATEGORY, 'Note', 'too-long'),
    notInMdb:
      'an Access Text field holds at most 255 characters, so a database cannot hold it (nor can the writer write it)',
    apply: (f) => {
      f.Note = `${'Со слов соседей проживает по другому адресу. '.repeat(7).slice(0, 299)}.`;
    },
  },
  {
    row: 35,
    says: `a date of change (Dopol3 ${CHANGED_ON}) with no flag set`,
    finding: finding(FORM_CATEGORY, 'Dopol3', 'without-flag'),
    apply: (f) => {
      f.Dopol3 = CHANGED_ON;
    },
  },
  {
    row: 40,
    says: 'a document issued after the file was received: the year mistyped (21xx)',
    finding: finding(FORM_CATEGORY, 'Date_vidach', 'after-receipt'),
    apply: (f) => {
      f.Date_vidach = `21${f.Date_vidach.slice(2)}`;
    },
  },
  {
    row: 45,
    says: 'the Cod of row 44 repeated (the record is staged without it; the finding names row 44)',
    finding: finding(FORM_CATEGORY, 'Cod', 'repeated'),
    apply: (f, all) => {
      f.Cod = all[43].Cod;
    },
  },
  {
    row: 50,
    says: 'sex in Latin letters (M / F): accepted as М / Ж',
    finding: null,
    apply: (f) => {
      f.mal = f.mal === 'М' ? 'M' : 'F';
    },
  },
  {
    row: 55,
    says: `Dopol1 (changed) and Dopol4 (added) both set, with the date of change (${CHANGED_ON}): accepted, a record added and then changed in the half-year`,
    finding: null,
    apply: (f) => {
      Object.assign(f, { Dopol1: '1', Dopol4: '1', Dopol3: CHANGED_ON });
    },
  },
];

/** The district's voters with the record errors made; `mdb`: only those an Access database can hold. */
export function sampleVoterFieldsWithErrors(
  register: DemoRegister,
  districtId: string,
  format: 'csv' | 'mdb',
): Record<string, string>[] {
  const rows = sampleVoterFields(register, districtId);
  const clean = rows.map((r) => ({ ...r }));
  for (const e of SAMPLE_RECORD_ERRORS) if (format === 'csv' || !e.notInMdb) e.apply(rows[e.row - 1], clean);
  return rows;
}

/** The findings a with-errors file gives, each once, in row order. */
export function sampleFindings(format: 'csv' | 'mdb'): SampleFinding[] {
  return SAMPLE_RECORD_ERRORS.filter((e) => e.finding && (format === 'csv' || !e.notInMdb)).map((e) => ({
    row: e.row,
    cod: e.finding!.subcategory === 'Cod:repeated' ? null : e.row,
    ...e.finding!,
  }));
}

// ------------------------------------------------------------------ Appendices 2 and 3

/** Appendix 2's heading row as the samples (and the dress rehearsal's files) write it. */
export const STATION_HEADER = [
  '№ п/п',
  'Номер избирательного участка',
  'Наименование помещения для голосования',
  'Населенный пункт',
  'Улица',
  'Дом',
  'Отметка',
];
/** Appendix 3's heading row as the samples (and the dress rehearsal's files) write it. */
export const BOUNDARY_HEADER = [
  '№ п/п',
  'Номер избирательного участка',
  'Тип населенного пункта',
  'Населенный пункт',
  'Границы',
  'Тип адреса',
  'Адрес',
  'Дом',
];

const stationsOf = (register: DemoRegister, districtId: string) =>
  register.stations.filter((s) => s.districtId === districtId);
const stationCells = (s: DemoStation, i: number) => [i + 1, s.number, s.premises, s.locality, s.street, s.house, ''];

export interface BoundaryRow {
  stationNumber: number;
  locality: string;
  street: string;
  /** The houses, ascending by number: "3, 17, 101". */
  houses: string;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Appendix 3 derived from the register: a station's territory is the streets its voters are
 * registered on, each with the houses they live in (what the voting-day check matches a
 * registration against, libs/matching/address.ts). The demo draws addresses at random, so a house
 * with residents on two stations is listed under both.
 */
export function sampleBoundaries(register: DemoRegister, districtId: string): BoundaryRow[] {
  const rows: BoundaryRow[] = [];
  for (const s of stationsOf(register, districtId)) {
    const streets = new Map<string, Set<string>>();
    for (const v of register.voters) {
      if (v.districtId !== districtId || v.stationNumber !== s.number) continue;
      streets.set(v.street, (streets.get(v.street) ?? new Set()).add(v.house));
    }
    for (const street of [...streets.keys()].sort(byCodePoint)) {
      const houses = [...streets.get(street)!].sort((a, b) => Number(a) - Number(b) || byCodePoint(a, b));
      rows.push({ stationNumber: s.number, locality: s.locality, street, houses: houses.join(', ') });
    }
  }
  return rows;
}

/**
 * exceljs stamps every ZIP entry with the time it wrote it: set them all (local headers and the
 * central directory; the CRCs cover the data only) to SAMPLES_MADE_AT, so a workbook's bytes are
 * a function of its content.
 */
function withFixedEntryTimes(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const at = SAMPLES_MADE_AT;
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date = ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  let end = out.length - 22;
  while (end >= 0 && out.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error('not a ZIP archive: no end of central directory');
  let p = out.readUInt32LE(end + 16);
  for (let n = out.readUInt16LE(end + 10); n > 0; n -= 1) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error('damaged ZIP central directory');
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    const local = out.readUInt32LE(p + 42);
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

async function workbook(sheet: string, widths: number[], fill: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tizim (npm run samples)';
  wb.lastModifiedBy = 'Tizim (npm run samples)';
  wb.created = SAMPLES_MADE_AT;
  wb.modified = SAMPLES_MADE_AT;
  const ws = wb.addWorksheet(sheet);
  ws.columns = widths.map((width) => ({ width }));
  fill(ws);
  return withFixedEntryTimes(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** Appendix 2 as an akimat keeps it in Excel: a title, the header, the district's heading, the stations, the total. */
function stationWorkbook(district: DemoDistrict, regionName: string, stations: DemoStation[]): Promise<Buffer> {
  return workbook('Приложение 2', [7, 16, 34, 16, 16, 8, 14], (ws) => {
    ws.addRow([`Список избирательных участков: ${district.nameRu}, ${regionName}`]).font = { bold: true };
    ws.addRow(STATION_HEADER).font = { bold: true };
    ws.addRow([district.nameRu]);
    stations.forEach((s, i) => ws.addRow(stationCells(s, i)));
    ws.addRow(['Итого', null, stations.length]);
  });
}

function boundaryWorkbook(district: DemoDistrict, regionName: string, rows: BoundaryRow[]): Promise<Buffer> {
  return workbook('Приложение 3', [7, 16, 12, 16, 44, 10, 16, 30], (ws) => {
    ws.addRow([`Границы избирательных участков: ${district.nameRu}, ${regionName}`]).font = { bold: true };
    ws.addRow(BOUNDARY_HEADER).font = { bold: true };
    rows.forEach((r, i) =>
      ws.addRow([
        i + 1,
        r.stationNumber,
        'город',
        r.locality,
        `ул. ${r.street}, дома ${r.houses}`,
        'улица',
        r.street,
        r.houses,
      ]),
    );
  });
}

const csvCell = (v: string | number) => (/["\r\n;]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const csvOf = (header: string[], rows: (string | number)[][]) =>
  Buffer.from([header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n', 'utf8');

// ------------------------------------------------------------------ the set

const regionNames: Record<string, string> = Object.fromEntries(REGIONS.map((r) => [r.code, r.nameRu]));

/**
 * Every sample file, README last, for the register `register` (the demo's by default). In
 * memory: the script writes them, the test compares them.
 */
export async function demoSamples(register: DemoRegister = demoRegister()): Promise<SampleFile[]> {
  const files: SampleFile[] = [];
  for (const d of register.districts) {
    const n = sampleNames(d.id);
    const add = (name: string, content: Buffer, records: number, what: string) =>
      files.push({ path: `${d.id}/${name}`, content, records, what });
    const region = regionNames[d.regionCode] ?? d.regionCode;
    const voters = sampleVoterFields(register, d.id);
    const stations = stationsOf(register, d.id);
    const boundaries = sampleBoundaries(register, d.id);
    add(n.votersCsv, Buffer.from(appendix1Csv(voters), 'utf8'), voters.length, 'Appendix 1, the voter file, as CSV');
    add(
      n.votersMdb,
      writeAppendix1Mdb(voters.map(accessRow), { createdAt: SAMPLES_MADE_AT }),
      voters.length,
      'Appendix 1 as an MS Access database',
    );
    add(
      n.stationsXlsx,
      await stationWorkbook(d, region, stations),
      stations.length,
      'Appendix 2, the station list, as a workbook',
    );
    add(n.stationsCsv, csvOf(STATION_HEADER, stations.map(stationCells)), stations.length, 'Appendix 2 as CSV');
    add(
      n.boundariesXlsx,
      await boundaryWorkbook(d, region, boundaries),
      boundaries.length,
      'Appendix 3, the boundaries, as a workbook',
    );
    const withErrors = sampleVoterFieldsWithErrors(register, d.id, 'csv');
    add(
      n.errorsCsv,
      Buffer.from(appendix1Csv(withErrors), 'utf8'),
      withErrors.length,
      'Appendix 1 with the record errors, CSV',
    );
    const withErrorsMdb = sampleVoterFieldsWithErrors(register, d.id, 'mdb');
    add(
      n.errorsMdb,
      writeAppendix1Mdb(withErrorsMdb.map(accessRow), { createdAt: SAMPLES_MADE_AT }),
      withErrorsMdb.length,
      'Appendix 1 with the record errors, Access',
    );
  }
  const extract = registerExtractSample(register);
  files.push({
    path: SAMPLE_EXTRACT_PATH,
    content: extract.content,
    records: extract.rows,
    what: `the CEC's register extract (format tizim-register-extract/1) as of ${SAMPLE_EXTRACT_AS_OF}`,
  });
  files.push({
    path: 'README.md',
    content: Buffer.from(samplesReadme(register, files), 'utf8'),
    records: null,
    what: 'this list',
  });
  // Git must not turn the CSVs' CRLF into LF (core.autocrlf, eol settings): the bytes are the sample.
  files.push({
    path: '.gitattributes',
    content: Buffer.from('# Written by npm run samples: these files are compared byte for byte.\n* -text\n', 'utf8'),
    records: null,
    what: 'git: no line-end conversion',
  });
  return files;
}

// ------------------------------------------------------------------ the README

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const table = (header: string[], rows: (string | number)[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

function samplesReadme(register: DemoRegister, files: SampleFile[]): string {
  const first = register.districts[0].id;
  const n = sampleNames(first);
  const voters = register.voters.filter((v) => v.districtId === first).length;
  const shared = register.districts.reduce((count, d) => {
    const stationsOfHouse = new Map<string, Set<number>>();
    for (const r of sampleBoundaries(register, d.id)) {
      for (const h of r.houses.split(', '))
        stationsOfHouse.set(
          `${r.street}|${h}`,
          (stationsOfHouse.get(`${r.street}|${h}`) ?? new Set()).add(r.stationNumber),
        );
    }
    return count + [...stationsOfHouse.values()].filter((s) => s.size > 1).length;
  }, 0);
  const errors = SAMPLE_RECORD_ERRORS.map((e) => [
    e.row,
    e.finding?.subcategory === 'Cod:repeated'
      ? `${e.row - 1} as written (row ${e.row - 1}'s); the finding has none`
      : e.row,
    e.says,
    e.finding
      ? `category ${e.finding.category}, \`${e.finding.subcategory}\`${e.notInMdb ? ' (CSV only)' : ''}`
      : 'none (accepted)',
  ]);
  const perDistrict = register.districts.map((d) => {
    const stations = register.stations.filter((s) => s.districtId === d.id).map((s) => s.number);
    return [
      d.id,
      `${d.nameRu}, ${regionNames[d.regionCode] ?? d.regionCode}`,
      stations.join(', '),
      register.voters.filter((v) => v.districtId === d.id).length,
    ];
  });
  const listing = files.map((f) => [
    `\`${f.path}\``,
    f.what,
    f.records ?? '',
    f.content.length,
    `\`${sha256(f.content)}\``,
  ]);
  return `# Sample files of the demo districts

What an akimat sends for each of the six demo districts (Rules 11/196 para 6: the voter file of
Appendix 1, the station list of Appendix 2, the boundaries of Appendix 3), made by the project's
own generator from the demo register that \`npm run stack\` and \`npm run db:seed\` seed
(\`libs/synthetic/demo.ts\`): every voter of the district on the station the register gives them,
with the register's names, birth date, address and ID card. Nothing here is a real person, but
the files hold IINs, names and addresses shaped like real ones: keep them in files, out of logs,
tickets and chats, as if they were real.

Uploaded to the demo stack for a period, a district's clean set is ACCEPTED and reconciles with
no finding (no voter's, no station's); the voter file with errors is ACCEPTED too, and each of its
record errors is one finding of the round. The README's walk-through ("Files from the akimats",
"Transfer acts") uses district ${first}.

**Regenerate** with \`npm run samples\` (builds, then writes this folder, this list included).
The bytes are the same on every run: the workbooks and databases carry the fixed creation date
${SAMPLES_MADE_AT.toISOString()}. \`test/unit/samples.spec.ts\` fails when a committed file differs
from what the generator makes (after a change to the demo register or to a writer, regenerate
and commit); \`test/db/samples.spec.ts\` imports every set into PostgreSQL beside the seeded
register and reconciles it.

## Each district's folder

| file | what it is |
|---|---|
| \`${n.votersCsv}\` | Appendix 1, the voter file, as CSV: UTF-8 without a byte-order mark, \`;\`, CRLF, the 26 fields in the form's order, dates as YYYY-MM-DD, Dopol flags 0/1 |
| \`${n.votersMdb}\` | the same records as an MS Access database (Jet 4, Access 2000-2003; one table, Izbirateli, with the form's types: Cod AutoNumber, dates Date/Time, Dopol1/2/4 Yes/No) |
| \`${n.stationsXlsx}\` | Appendix 2, the station list, as an akimat keeps it in Excel: a title, the header in Russian, the district's heading, the stations, a total row (the heading and the total are skipped on reading) |
| \`${n.stationsCsv}\` | the same stations as CSV (UTF-8, \`;\`), header and rows only |
| \`${n.boundariesXlsx}\` | Appendix 3, the boundaries: for each station, one row per street its voters are registered on, listing their houses (\`ул. Абая, дома 3, 17, 101\`) |
| \`${n.errorsCsv}\` | the voter file with the record errors below |
| \`${n.errorsMdb}\` | the same as an Access database, every error but the long note |

The boundaries are derived from the register, as the voting-day check reads them
(\`libs/matching/address.ts\`): a voter of the district registered at a street and house comes
out inside their own station once the district's boundaries are uploaded. The demo register
draws addresses at random, so ${shared} houses across the six districts have residents on two
stations and are listed under both; a real Appendix 3 gives a house one station.

${table(['district', 'name', 'stations', 'voters'], perDistrict)}

## The record errors of \`with-errors/\`

The same in every district's file, a row each (row: the record's row in the file, 1 being the
first after the header; Cod: the record's Cod, which is its row number in these files). Every
other record is as in the clean file. Each error is a finding of the round, exactly once, of the
category the reconciliation gives it (1: identity data, Rules para 9(1); 10: the form of
Appendix 1); the file is never refused for them (README, "Files from the akimats"). An invalid
value is staged empty (a wrong IIN as written, never looked up), so none of them gives a second
finding from the comparison with the register.

${table(['row', 'Cod', 'what the row holds', 'finding'], errors)}

So the CSV gives ${sampleFindings('csv').length} findings (${sampleFindings('csv').filter((f) => f.category === 1).length} of category 1, ${sampleFindings('csv').filter((f) => f.category === FORM_CATEGORY).length} of category ${FORM_CATEGORY}) and the .mdb ${sampleFindings('mdb').length}: ${SAMPLE_RECORD_ERRORS.filter(
    (e) => e.notInMdb,
  )
    .map((e) => `row ${e.row} is not in it, as ${e.notInMdb}`)
    .join('; ')}.
With the district's station list uploaded for the same submission there is no station finding;
without one, the round adds its one finding \`station-list-not-received\` (category 0).

## The central register's extract

\`${SAMPLE_EXTRACT_PATH}\` is what the CEC hands over from AIS «Сайлау» (README, "The central
register: where it comes from"; the format is \`libs/register/extract-format.v1.json\`): the demo
register's ${register.voters.length} voters as of ${SAMPLE_EXTRACT_AS_OF} (UTF-8, \`;\`, CRLF, the fields in the
format's order), about one in fourteen with a status fact (died, emigrated, declared incapable,
imprisoned with the sentence's end, deregistered, a non-citizen with CITIZENSHIP RU, citizenship
lost), and three rows at the end that the import holds back: row ${register.voters.length + 1} repeats row 1's IIN
(IIN \`repeated\`, first row 1), row ${register.voters.length + 2} has a wrong check digit (IIN \`check-digit\`), row
${register.voters.length + 3} names a district not on record (DISTRICT \`unknown-district\`). Imported on the demo stack
(\`npm run register:import -- prisma/samples/${SAMPLE_EXTRACT_PATH} --as-of ${SAMPLE_EXTRACT_AS_OF}\`, or
POST /v1/register/snapshots) it becomes the current snapshot with ${register.voters.length} people.

## Every file

Records as a transfer act declares them (Rules para 5: each file's name, size in bytes and
records); a district of ${voters} voters.

${table(['file', 'what', 'records', 'bytes', 'SHA-256'], listing)}
`;
}
