/**
 * The .xlsx reader (libs/files/xlsx.ts) on workbooks from every writer this machine has, and on the
 * shapes only Excel and odd generators write (test/fixtures/xlsx/README.md says how each was made):
 * each reads to the same cells as test/fixtures/xlsx/content.json. Then long Cyrillic and Kazakh
 * text across the XML stream's chunks, a sheet of 100,000 rows read as a stream, and damaged files
 * refused in plain words.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { RawValue } from '../../libs/files/appendix1';
import { isDateFormat, isoDate, serialDate, xlsxRows, UnreadableWorkbook, type SheetRow } from '../../libs/files/xlsx';
import { openEntry, zipEntries } from '../../libs/files/zip';
import { centralEntry, workbook, zip } from '../support/zip';

// A full collection on demand (node:v8's flag, read through a fresh context), for the memory bound below.
setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

const FIXTURES = join(__dirname, '..', 'fixtures', 'xlsx');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tizim-xlsx-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function rowsOf(path: string, sheet = 0): Promise<SheetRow[]> {
  const got: SheetRow[] = [];
  for await (const row of xlsxRows(path, { sheet })) got.push(row);
  return got;
}

/** Writers differ in whether they store a trailing empty cell; the cells are the same. */
const trimmed = (cells: readonly RawValue[]) => {
  const c = [...cells];
  while (c.length && (c[c.length - 1] === null || c[c.length - 1] === undefined)) c.pop();
  return c;
};

type Content = {
  sheets: { name: string; rows: (string | number | boolean | null | { date: string } | { error: string })[][] }[];
};
const CONTENT = JSON.parse(readFileSync(join(FIXTURES, 'content.json'), 'utf8')) as Content;
const expected = (v: Content['sheets'][number]['rows'][number][number]): RawValue =>
  v !== null && typeof v === 'object' ? ('date' in v ? new Date(`${v.date}Z`) : v.error) : v;

/** A part of a fixture as text, to show the fixture has the shape it is kept for. */
async function partText(path: string, name: string): Promise<string> {
  const entry = (await zipEntries(path)).find((e) => e.name === name);
  if (!entry) throw new Error(`${path} has no part ${name}`);
  const chunks: Buffer[] = [];
  for await (const chunk of await openEntry(path, entry)) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  return bytes[0] === 0xff ? bytes.toString('utf16le') : bytes.toString('utf8');
}

/** Each fixture, and what in it makes it worth keeping: [part, text it holds]. */
const WRITERS: [string, [string, string | RegExp][]][] = [
  [
    'openpyxl.xlsx',
    [
      ['xl/worksheets/sheet1.xml', '<c r="A1" t="inlineStr"><is><t>'],
      ['xl/_rels/workbook.xml.rels', 'Target="/xl/worksheets/sheet1.xml"'],
    ],
  ],
  [
    'openpyxl-write-only.xlsx',
    [
      ['xl/worksheets/sheet1.xml', 't="inlineStr"'],
      ['xl/_rels/workbook.xml.rels', 'Target="/xl/worksheets/sheet1.xml"'],
    ],
  ],
  [
    'exceljs.xlsx',
    [
      ['xl/sharedStrings.xml', '<si><t>'],
      ['xl/worksheets/sheet1.xml', 't="s"'],
    ],
  ],
  ['exceljs-stream.xlsx', [['xl/worksheets/sheet1.xml', '<c r="A1" t="str"><v>']]],
  [
    'libreoffice.xlsx',
    [
      ['docProps/app.xml', 'LibreOffice'],
      ['xl/sharedStrings.xml', '<si><t'],
      ['xl/worksheets/sheet2.xml', '<f aca="false">#N/A</f><v>#N/A</v>'],
    ],
  ],
  [
    'handmade-excel.xlsx',
    [
      ['xl/sharedStrings.xml', '<r><rPr><b/>'],
      ['xl/sharedStrings.xml', '<rPh sb="0" eb="6"><t>サイラウ</t></rPh>'],
      ['xl/sharedStrings.xml', '_x000A_'],
      ['xl/worksheets/sheet1.xml', '<c r="A1" t="str"><f>'],
      ['xl/worksheets/sheet2.xml', 't="b"><v>1</v>'],
      ['xl/worksheets/sheet2.xml', 't="e"><f>NA()</f><v>#N/A</v>'],
      ['xl/worksheets/sheet2.xml', '<c r="B8" s="1"><v>45303</v>'],
      ['xl/styles.xml', 'formatCode="[$-419]dd/mm/yyyy\\ h:mm;@"'],
    ],
  ],
  [
    'handmade-generator.xlsx',
    [
      ['xl/worksheets/stations.xml', '<x:row><x:c t="inlineStr"><x:is><x:t'],
      ['xl/worksheets/stations.xml', '<x:is><x:r><x:rPr><x:b/></x:rPr>'],
      ['xl/worksheets/values.xml', '<x:c t="d"><x:v>2024-01-12T00:00:00Z</x:v>'],
      ['xl/worksheets/values.xml', 'CDATA'],
      ['xl/worksheets/values.xml', /t="b"><x:v>true/],
    ],
  ],
  [
    'handmade-strict-1904-zip64.xlsx',
    [
      ['xl/workbook.xml', '<workbookPr date1904="1"/>'],
      ['xl/workbook.xml', 'http://purl.oclc.org/ooxml/spreadsheetml/main'],
      ['xl/sharedStrings.xml', 'encoding="UTF-16"'],
    ],
  ],
];

describe('xlsx reader: every writer', () => {
  it.each(WRITERS)('reads %s: the station list (first tab) and the values tab as written', async (name, shapes) => {
    const path = join(FIXTURES, name);
    for (const [part, text] of shapes) expect(await partText(path, part)).toMatch(text);
    for (const [index, sheet] of CONTENT.sheets.entries()) {
      const rows = await rowsOf(path, index);
      expect(rows.map((r) => [r.line, trimmed(r.cells)])).toEqual(
        sheet.rows.map((r, i) => [i + 1, trimmed(r.map(expected))]),
      );
    }
  });

  it("read the openpyxl files, which exceljs's streaming reader gave no rows of (it took the sheet's absolute part name as another sheet)", async () => {
    const [first] = await rowsOf(join(FIXTURES, 'openpyxl.xlsx'));
    expect(first).toEqual({ line: 1, cells: [CONTENT.sheets[0].rows[0][0]] });
  });

  it('takes the first tab a person sees: not the first sheet in the archive, not a hidden one', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('скрытый', { state: 'hidden' }).addRow(['скрыто']);
    book.addWorksheet('Приложение 2').addRow(['видно']);
    book.addWorksheet('третий').addRow(['третий']);
    const path = file('hidden-first.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    expect((await rowsOf(path)).map((r) => r.cells)).toEqual([['видно']]);
    expect((await rowsOf(path, 1)).map((r) => r.cells)).toEqual([['третий']]);
    await expect(rowsOf(path, 2)).rejects.toThrow(
      'the file cannot be read as an Excel workbook (.xlsx): it has no worksheet number 3',
    );
  });
});

describe('xlsx reader: cells', () => {
  it('places cells without a reference after the one before, and rows without a number after the row before', async () => {
    const path = file(
      'no-refs.xlsx',
      workbook(
        '<row r="3"><c t="inlineStr"><is><t>а</t></is></c><c r="D3"><v>4</v></c><c><v>5</v></c></row><row><c/><c t="b"><v>0</v></c></row>',
      ),
    );
    expect(await rowsOf(path)).toEqual([
      { line: 3, cells: ['а', null, null, 4, 5] },
      { line: 4, cells: [null, false] },
    ]);
  });

  it('joins rich text runs, leaves out phonetic guides, decodes _xHHHH_ and gives a formula without its result as empty', async () => {
    const path = file(
      'rich.xlsx',
      workbook(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="str"><f>A1</f></c><c r="D1"><f>1+1</f></c><c r="E1" t="str"><f>A1</f><v>ә_x005F_x0041_</v></c></row>',
        {
          sharedStrings:
            '<si><r><t>Қа</t></r><r><rPr><b/></rPr><t>рағанды</t></r><rPh><t>x</t></rPh></si><si><t>ABC_x000D__x000A_DEF</t></si>',
        },
      ),
    );
    expect(await rowsOf(path)).toEqual([{ line: 1, cells: ['Қарағанды', 'ABC\r\nDEF', null, null, 'ә_x0041_'] }]);
  });

  it('reads dates under built-in and custom formats in both date systems, and leaves other numbers numbers', async () => {
    const styles =
      '<numFmts><numFmt numFmtId="164" formatCode="[$-419]d\\ mmmm\\ yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00\\ &quot;₸&quot;"/></numFmts>' +
      '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="4"/></cellXfs>';
    const data =
      '<row r="1"><c s="1"><v>45303</v></c><c s="2"><v>45303.5</v></c><c s="3"><v>45303</v></c><c s="4"><v>45303</v></c><c><v>45303</v></c></row>';
    expect((await rowsOf(file('d1900.xlsx', workbook(data, { styles }))))[0].cells).toEqual([
      new Date('2024-01-12T00:00:00Z'),
      new Date('2024-01-12T12:00:00Z'),
      45303,
      45303,
      45303,
    ]);
    expect(
      (
        await rowsOf(file('d1904.xlsx', workbook(data, { styles, workbookPr: '<workbookPr date1904="true"/>' })))
      )[0].cells.slice(0, 2),
    ).toEqual([new Date('2028-01-13T00:00:00Z'), new Date('2028-01-13T12:00:00Z')]);
  });

  it('reads ISO dates (t="d") as written, and keeps a t="d" cell that is no date as its text', async () => {
    const path = file(
      'iso.xlsx',
      workbook(
        '<row r="1"><c t="d"><v>2024-01-12</v></c><c t="d"><v>2024-01-12T08:30:00.250+05:00</v></c><c t="d"><v>08:30:00</v></c><c t="d"><v>2024-02-30</v></c></row>',
      ),
    );
    expect((await rowsOf(path))[0].cells).toEqual([
      new Date('2024-01-12T00:00:00Z'),
      new Date('2024-01-12T08:30:00.250Z'),
      new Date('1899-12-31T08:30:00Z'),
      '2024-02-30',
    ]);
  });

  it('knows date formats from number formats', () => {
    for (const code of [
      'dd.mm.yyyy',
      'yyyy-mm-dd h:mm:ss',
      '[$-419]d mmmm yyyy',
      '[h]:mm',
      'mm:ss.0',
      'd/m/yy;@',
      '[$-F800]dddd, mmmm dd, yyyy',
    ])
      expect([code, isDateFormat(code)]).toEqual([code, true]);
    for (const code of [
      'General',
      '0.00',
      '#,##0',
      '0.00E+00',
      '[Red]0.00',
      '#,##0 "дней"',
      '"Year" 0',
      '_-* #,##0.00\\ _₸_-',
      '@',
      '0%',
    ])
      expect([code, isDateFormat(code)]).toEqual([code, false]);
  });

  it('counts serial dates as Excel does, with its 29 February 1900', () => {
    expect([1, 59, 61, 45303].map((n) => serialDate(n, false)?.toISOString().slice(0, 10))).toEqual([
      '1900-01-01',
      '1900-02-28',
      '1900-03-01',
      '2024-01-12',
    ]);
    expect(serialDate(0, true)?.toISOString()).toBe('1904-01-01T00:00:00.000Z');
    expect(serialDate(-1, false)).toBeNull();
    expect(isoDate('2024-13-01')).toBeNull();
  });
});

describe('xlsx reader: long text and long sheets', () => {
  /** Long text in two-byte letters (Russian and Kazakh), different on every row, with one odd byte in front to shift the alignment. */
  function longText(row: number): string {
    const words = [
      'Границы избирательного участка',
      'сайлау учаскесінің шекаралары',
      'улица Абая, дома с 1 по 25',
      'Қабанбай батыр көшесі, 2–30 үйлер',
    ];
    let text = `${row} `;
    for (let i = 0; text.length < 12_000; i += 1) text += `${words[(i + row) % words.length]}; `;
    return text;
  }

  const rows = Array.from({ length: 12 }, (_, i) => [String(i + 1), longText(i), 'Ә'.repeat(i + 1)]);

  // exceljs's own reader decoded each chunk apart and broke letters on the boundaries (exceljs
  // #2063, #2084, #2316); this reader decodes the stream as a stream.
  it.each([
    ['inline strings', false],
    ['shared strings', true],
  ])('gives back long Cyrillic and Kazakh text unbroken across the XML stream chunks (%s)', async (_name, shared) => {
    const path = join(dir, `long-${shared}.xlsx`);
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: shared });
    const sheet = writer.addWorksheet('Приложение 3');
    for (const r of rows) sheet.addRow(r).commit();
    await writer.commit();
    const got = (await rowsOf(path)).map((r) => r.cells.map((c) => String(c ?? '')));
    const broken = got.flatMap((r, i) =>
      r.flatMap((cell, j) => (cell.includes('\uFFFD') ? [[i + 1, j + 1, cell.indexOf('\uFFFD')]] : [])),
    );
    expect(broken).toEqual([]);
    expect(got).toEqual(rows);
  });

  it('streams a sheet of 100,000 rows: every row comes before the end of the sheet is checked, in bounded memory', async () => {
    const line = (n: number) =>
      `<row r="${n}"><c t="inlineStr"><is><t>Сайлау учаскесі ${n}, Қабанбай батыр көшесі</t></is></c><c><v>${n}</v></c><c t="inlineStr"><is><t>${'ө'.repeat(400)}</t></is></c></row>`;
    const data: string[] = [];
    for (let n = 1; n <= 100_000; n += 1) data.push(line(n));
    const content = workbook(data.join(''));
    data.length = 0;
    // The sheet's checksum in the central directory made wrong: only the end of the sheet shows it.
    const central = centralEntry(content, 'xl/worksheets/sheet1.xml');
    content.writeUInt32LE(content.readUInt32LE(central + 16) ^ 1, central + 16);
    const path = file('long.xlsx', content);

    // What the reader holds, not what the collector has not yet reclaimed: heapUsed is read after a
    // full collection, so a busy machine's late GC cannot pass for a leak (the CI saw 151 MB once).
    const retained = () => {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    const before = retained();
    let peak = 0;
    let count = 0;
    let failure: unknown;
    try {
      for await (const row of xlsxRows(path)) {
        count += 1;
        if (row.line !== count || row.cells[1] !== count) throw new Error(`row ${count} read as ${row.line}`);
        if (count % 5000 === 0) peak = Math.max(peak, retained() - before);
      }
    } catch (err) {
      failure = err;
    }
    expect(count).toBe(100_000);
    expect(failure).toBeInstanceOf(UnreadableWorkbook);
    expect((failure as Error).message).toBe(
      'the file cannot be read as an Excel workbook (.xlsx): its part xl/worksheets/sheet1.xml does not match its checksum: the file is damaged',
    );
    // The sheet's text is some 45 million characters (90 MB as JavaScript strings), held only a chunk at a time.
    expect(peak).toBeLessThan(48 * 1024 * 1024);
  });
});

describe('xlsx reader: files it cannot read', () => {
  const message = (reason: string) => `the file cannot be read as an Excel workbook (.xlsx): ${reason}`;
  const good = () => workbook('<row r="1"><c t="inlineStr"><is><t>Қарағанды</t></is></c></row>');

  it.each<[string, () => Buffer, string, number]>([
    ['cut short', () => good().subarray(0, 300), 'it is not a complete ZIP archive: it may be damaged or cut short', 0],
    [
      'a ZIP of other files',
      () => zip([{ name: 'readme.txt', data: 'Қарағанды' }]),
      'it is a ZIP archive without a workbook in it (no xl/workbook.xml): it may be another kind of archive, such as a .zip of files or a Word document',
      0,
    ],
    [
      'damaged inside the sheet',
      () => {
        const b = Buffer.from(good());
        // The first byte of the sheet's deflate data made a block of the reserved type.
        b[b.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 'xl/worksheets/sheet1.xml'.length] = 0xff;
        return b;
      },
      'its part xl/worksheets/sheet1.xml cannot be unpacked: the file is damaged',
      0,
    ],
    [
      'not XML',
      () => workbook('<row r="1"><c><v>1</v></row>'),
      'its part xl/worksheets/sheet1.xml is not well-formed XML: the file is damaged',
      0,
    ],
    [
      'not UTF-8',
      () =>
        workbook(
          Buffer.concat([
            Buffer.from('<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>'),
            Buffer.from([0xd2, 0x28]),
            Buffer.from('</t></is></c></row></sheetData></worksheet>'),
          ]),
        ),
      'its part xl/worksheets/sheet1.xml is not UTF-8 (or UTF-16) text: the file is damaged',
      0,
    ],
    [
      'a shared text it does not have',
      () => workbook('<row r="7"><c r="C7" t="s"><v>3</v></c></row>', { sharedStrings: '<si><t>а</t></si>' }),
      'row 7, cell C7, refers to a shared text the workbook does not have: the file is damaged',
      7,
    ],
    [
      'a cell over a million characters',
      () => workbook(`<row r="2"><c r="B2" t="inlineStr"><is><t>${'ә'.repeat(1_000_001)}</t></is></c></row>`),
      "row 2, cell B2, holds over 1,000,000 characters: no form's field does",
      2,
    ],
    [
      'a cell reference that is none',
      () => workbook('<row r="2"><c r="2B"><v>1</v></c></row>'),
      'row 2 has a cell whose reference is not a cell of the sheet: the file is damaged',
      2,
    ],
  ])('refuses a workbook %s, saying so in plain words with the row', async (_what, content, reason, row) => {
    const path = file('bad.xlsx', content());
    const failure = await rowsOf(path).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(UnreadableWorkbook);
    expect(failure).toMatchObject({ message: message(reason), row });
    expect((failure as Error).message).not.toContain('Қарағанды');
  });

  it('refuses an encrypted member and a compression method no spreadsheet program uses', async () => {
    const encrypted = Buffer.from(good());
    const central = centralEntry(encrypted, 'xl/worksheets/sheet1.xml');
    encrypted.writeUInt16LE(encrypted.readUInt16LE(central + 8) | 1, central + 8);
    await expect(rowsOf(file('encrypted.xlsx', encrypted))).rejects.toThrow(
      message('it is encrypted: save it without a password and send it again'),
    );
    const method = Buffer.from(good());
    method.writeUInt16LE(12, central + 10);
    await expect(rowsOf(file('bzip2.xlsx', method))).rejects.toThrow(
      message(
        'its part xl/worksheets/sheet1.xml is compressed with a method (12) spreadsheet programs do not use: open it in Excel or LibreOffice and save it again as .xlsx',
      ),
    );
  });

  it('closes the file when the reader stops early', async () => {
    // Stored, not deflated, and longer than a read: the file is still being read at the first row.
    const path = file(
      'early.xlsx',
      workbook(Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 1}"><c><v>${i}</v></c></row>`).join(''), {
        storeSheet: true,
      }),
    );
    const open = () =>
      readdirSync('/proc/self/fd')
        .map((fd) => {
          try {
            return readlinkSync(`/proc/self/fd/${fd}`);
          } catch {
            return '';
          }
        })
        .filter((p) => p === path).length;
    for await (const row of xlsxRows(path)) {
      expect(row.line).toBe(1);
      expect(open()).toBe(1);
      break;
    }
    // The loop's break waits for the reader to close the file.
    expect(open()).toBe(0);
  });
});
