/**
 * The file checks' problems in English, by code (libs/contracts/problems.ts): the one place each
 * sentence is built from its parameters, so the message the API keeps and the console's Russian
 * and Kazakh say the same thing. The sentences name rows, fields and counts, never a file's data.
 */
import type { CodedProblem, FileProblemCode, FileProblemParams } from '../contracts/problems';

const lines = (line: number | null) => (line === null ? '?' : String(line));
const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
const workbook = (reason: string) => `the file cannot be read as an Excel workbook (.xlsx): ${reason}`;
const csvAt = (line: number | null, what: string) => `the file cannot be read as CSV at line ${lines(line)}: ${what}`;
const thousands = (n: number) => n.toLocaleString('en');
const andMore = (more = 0) => (more > 0 ? ` and ${more} more` : '');

/** What Appendix 1 makes each Access type (libs/files/access.ts). */
const ACCESS_SAYS: Record<FileProblemParams['access.column-type']['expected'], string> = {
  AutoNumber: 'an AutoNumber or Number (Long Integer)',
  Text: 'Text',
  'Date/Time': 'Date/Time',
  'Yes/No': 'Yes/No',
};

const ENGLISH: { [C in FileProblemCode]: (p: FileProblemParams[C]) => string } = {
  'text.binary': () =>
    'the file is not text: it holds binary data, so it is neither a CSV file nor an MS Access database that can be opened (an Access file whose first bytes were damaged reads this way too)',
  'text.koi8-r': () =>
    "the file's text is in the KOI8-R encoding, which Tizim does not read: save it as UTF-8 or Windows-1251 (in Excel: CSV UTF-8) and send it again",
  'text.undefined-byte': () =>
    'the file is neither UTF-8 nor Windows-1251 (it holds the byte 0x98, which Windows-1251 leaves undefined): save it as UTF-8 and send it again',
  'csv.field-count': (p) =>
    csvAt(
      p.line,
      `the row does not have ${p.against === 'header' ? "the header's" : "the first row's"} ${p.fields} fields`,
    ),
  'csv.quote': (p) => csvAt(p.line, 'a quotation mark is misplaced or never closed'),
  'csv.invalid': (p) => csvAt(p.line, `the text is not valid CSV (${p.reason})`),
  'csv.unclosed-quote': (p) =>
    `the file is damaged at line ${p.line}: a quotation mark opens a field there and is never closed`,
  'csv.record-too-long': (p) =>
    `the file is damaged at line ${p.line}: a record longer than ${p.kb} KB starts there (a quotation mark never closed?)`,
  'voters.field-count': (p) =>
    `the file is damaged at line ${p.line}: the record has ${p.fields} fields where the header has ${p.expected}`,
  'voters.no-records': () => 'the file holds no records',
  'voters.no-header-row': () => 'the file holds no records (not even the header row)',
  'voters.same-file-district': (p) =>
    `the same file (the same bytes) was accepted on ${p.acceptedOn} as the voter file of district ${p.district}: send district ${p.own}'s own file`,
  'voters.same-file-period': (p) =>
    `the same file (the same bytes) was accepted on ${p.acceptedOn} as the voter file of period ${p.period}: send the file of period ${p.own}`,
  'voters.other-district': (p) =>
    `the file is another district's: none of its polling stations (Cod_uch) is one of district ${p.district}'s, and ${p.keys} of its ${p.total} are district ${p.other}'s (${p.otherName}); send district ${p.district}'s own file`,
  'appendix1.not-a-header': (p) =>
    `the first row is not the Appendix 1 header: none of its ${p.cells} cells names a field of the form (Cod, Cod_izber, Soname, …); the first row must name the fields`,
  'appendix1.missing-fields': (p) => `the file lacks the Appendix 1 field(s) ${p.fields.join(', ')}`,
  'appendix1.unknown-fields': (p) =>
    `the file has field(s) Appendix 1 does not define: ${[...p.fields, ...(p.others > 0 ? [`${p.others} more that are not field names`] : [])].join(', ')}`,
  'appendix1.repeated-fields': (p) => `the file has field(s) more than once: ${p.fields.join(', ')}`,
  'access.column-type': (p) =>
    `the column ${p.column} is of type ${p.type}; Appendix 1 makes it ${ACCESS_SAYS[p.expected]}`,
  'access.no-tables': () => 'the database holds no tables',
  'access.no-voter-table': (p) =>
    `none of the database's tables (${quoted(p.tables)}${andMore(p.more)}) has the Appendix 1 fields Cod and Cod_izber`,
  'access.several-voter-tables': (p) =>
    `several tables have the Appendix 1 fields (${quoted(p.tables)}${andMore(p.more)}): send a database with one voter table`,
  'access.password': () =>
    'the database is protected by a password: remove the password in Access and send the file again',
  'access.compact': () =>
    'the database (Access 97) holds deleted or moved records, which Access keeps until the database is compacted: in Access choose Tools → Database Utilities → Compact and Repair Database, and send the file again',
  'access.damaged': () =>
    'the database is damaged: its tables cannot be read to the end (the file may have been cut short); send it again',
  'access.unreadable': (p) => `the file cannot be read as an MS Access database (${p.reason})`,
  'xlsx.xls': () =>
    'the file is an Excel 97-2003 workbook (.xls): save it as an Excel Workbook (.xlsx) or as CSV and send it again',
  'xlsx.zip-incomplete': () => workbook('it is not a complete ZIP archive: it may be damaged or cut short'),
  'xlsx.zip-split': () => workbook('it is an archive split over several parts (disks): save the workbook as one file'),
  'xlsx.encrypted': () => workbook('it is encrypted: save it without a password and send it again'),
  'xlsx.not-a-workbook': () =>
    workbook(
      'it is a ZIP archive without a workbook in it (no xl/workbook.xml): it may be another kind of archive, such as a .zip of files or a Word document',
    ),
  'xlsx.part-method': (p) =>
    workbook(
      `its part ${p.part} is compressed with a method (${p.method}) spreadsheet programs do not use: open it in Excel or LibreOffice and save it again as .xlsx`,
    ),
  'xlsx.part-checksum': (p) => workbook(`its part ${p.part} does not match its checksum: the file is damaged`),
  'xlsx.part-damaged': (p) => workbook(`its part ${p.part} cannot be unpacked: the file is damaged`),
  'xlsx.part-xml': (p) => workbook(`its part ${p.part} is not well-formed XML: the file is damaged`),
  'xlsx.part-encoding': (p) => workbook(`its part ${p.part} is not UTF-8 (or UTF-16) text: the file is damaged`),
  'xlsx.part-too-big': (p) =>
    workbook(`its part ${p.part} is over ${p.mib} MiB unpacked: no form's workbook is that big`),
  'xlsx.too-many-parts': (p) =>
    workbook(`it has ${thousands(p.parts)} parts, more than the ${thousands(p.limit)} a workbook may have`),
  'xlsx.too-big-unpacked': (p) =>
    workbook(`it would unpack to ${thousands(p.mib)} MiB, more than the ${thousands(p.limit)} MiB a workbook may have`),
  'xlsx.text-too-long': (p) =>
    workbook(
      `one of its texts (shared string ${p.index}) is over ${thousands(p.max)} characters long: no form's field is`,
    ),
  'xlsx.no-worksheet': () => workbook('it has no worksheet'),
  'xlsx.no-worksheet-number': (p) => workbook(`it has no worksheet number ${p.sheet}`),
  'xlsx.worksheet-missing': (p) =>
    workbook(`its worksheet number ${p.sheet} is missing from the archive: the file is damaged`),
  'xlsx.row-number': (p) => workbook(`the row after row ${p.after} has no valid number: the file is damaged`),
  'xlsx.cell-reference': (p) =>
    workbook(`row ${p.row} has a cell whose reference is not a cell of the sheet: the file is damaged`),
  'xlsx.shared-text-missing': (p) =>
    workbook(`row ${p.row}, cell ${p.cell}, refers to a shared text the workbook does not have: the file is damaged`),
  'xlsx.cell-kind': (p) =>
    workbook(`row ${p.row}, cell ${p.cell}, holds a value of another kind than the cell says: the file is damaged`),
  'xlsx.cell-too-long': (p) =>
    workbook(`row ${p.row}, cell ${p.cell}, holds over ${thousands(p.max)} characters: no form's field does`),
  'list.missing-columns': (p) =>
    `the file lacks the Appendix ${p.appendix} column(s) ${p.columns.map((c) => `${c.key} («${c.ru}» / «${c.kk}»)`).join(', ')}`,
  'list.unknown-columns': (p) =>
    `the file has column(s) Appendix ${p.appendix} does not define: ${p.names.map((n) => `«${n}»`).join(', ')}`,
  'list.repeated-columns': (p) => `the file has column(s) more than once: ${p.columns.join(', ')}`,
  'list.no-header': (p) =>
    `no row among the first ${p.rows} names the Appendix ${p.appendix} columns (${p.columns.join(', ')}) in Russian, Kazakh or English`,
  'appendix2.no-marks-column': (p) =>
    `the file lacks the Appendix 2 column for the marks: one column «${p.ru}» / «${p.kk}» with words (new, abolished, restricted access), or a column for each mark`,
  'appendix2.address-in-one-column': (p) =>
    `the file gives the address in one column; Appendix ${p.appendix} has it in three: ${p.columns.join(', ')}`,
  'list.submission-not-voter-file': (p) =>
    `the upload names a submission that is not an accepted voter file of district ${p.district} for period ${p.period}: upload the voter file (Appendix 1) of this district and period first, or name its submission`,
  'list.no-voter-file': (p) =>
    `no voter file (Appendix 1) of district ${p.district} for period ${p.period} has been accepted: upload the voter file (Appendix 1) of this district and period first`,
  'appendix2.no-rows': (p) => `the file holds no rows of the station list (Appendix ${p.appendix}) under its header`,
  'appendix3.no-rows': (p) => `the file holds no rows of the boundaries (Appendix ${p.appendix}) under its header`,
  'list.unnamed-column': () => 'holds a value, but the column has no name in the header: name it or clear it',
  'field.excel-date': () =>
    'holds a date where text is expected: Excel turned what was typed into a date; format the column as Text and type it again',
  'field.control-character': () =>
    'holds a control character (a NUL byte, say) where text is expected: correct the value, or save the file again from the program that made it',
  'field.excel-error': (p) => `holds the Excel error ${p.error} instead of data: correct the formula or type the value`,
  'field.empty': (p) => `is required (${p.meaning}) and is empty`,
  'field.placeholder': (p) =>
    `holds a placeholder instead of data; leave the field empty when there is no ${p.meaning}`,
  'field.placeholder-required': (p) => `holds a placeholder instead of data; the ${p.meaning} is required`,
  'field.too-long': (p) => `is ${p.length} characters long; the form takes at most ${p.max}`,
  'field.not-a-number': (p) => `must be a positive whole number (the ${p.meaning})`,
  'field.not-a-number-date': (p) => `must be a positive whole number (the ${p.meaning}); Excel holds a date here`,
  'appendix2.not-a-mark': () =>
    'holds a word that is not a mark: write новый, упразднён or ограниченный доступ (жаңа, таратылған, шектеулі; new, abolished, restricted access), several separated by commas',
  'appendix2.flag': () => 'must be marked (да, иә, 1, x or +) or left empty (нет, жоқ and 0 are read as not marked)',
  'appendix2.new-and-abolished': () => 'a station cannot be both new and abolished',
  'appendix2.repeated-station': (p) =>
    `appears twice: row ${p.row} has the same station number (a station is listed once)`,
  'appendix3.house-without-address': () => 'gives a house but no address (street) it stands on',
  'appendix3.type-without-address': () => 'gives an address type but no address',
  'appendix3.repeated-row': (p) =>
    `repeats row ${p.row} word for word (each part of a station's territory is listed once)`,
};

/** A problem by its code and parameters, with its English message. */
export function problem<C extends FileProblemCode>(code: C, params: FileProblemParams[C]): CodedProblem<C> {
  const message = (ENGLISH[code] as (p: FileProblemParams[C]) => string)(params);
  return { code, params, message } as CodedProblem<C>;
}
