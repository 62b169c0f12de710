/**
 * The ZIP pre-check (issue 24, item 8): before any part of a workbook is unpacked or parsed, its
 * central directory is held to a number of entries and a total of declared unpacked sizes, so an
 * archive of 10,000 members, or one declaring a 2 GiB part the reader would never open (an image,
 * say), is refused in plain words before parsing starts. The limits are settings
 * (TIZIM_XLSX_MAX_PARTS, TIZIM_XLSX_MAX_UNPACKED_MB) with defaults.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ZIP_LIMITS, xlsxRows, type SheetRow } from '../../libs/files/xlsx';
import { zip, type Member } from '../support/zip';
import { testConfig } from '../support/test-env';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A good workbook of one row, and whatever other members are given beside it. */
function workbookWith(extra: Member[]): Buffer {
  const rel = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="${RELS}/${type}" Target="${target}"/>`;
  return zip([
    {
      name: '_rels/.rels',
      data: `<Relationships xmlns="${PKG}">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<Relationships xmlns="${PKG}">${rel('rId1', 'worksheet', 'worksheets/sheet1.xml')}</Relationships>`,
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>1</t></is></c></row></sheetData></worksheet>`,
    },
    ...extra,
  ]);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tizim-xlsx-cd-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, archive: Buffer, limits?: Parameters<typeof xlsxRows>[1]) {
  const path = join(dir, name);
  writeFileSync(path, archive);
  const rows: SheetRow[] = [];
  try {
    for await (const row of xlsxRows(path, limits)) rows.push(row);
    return { rows, refused: null };
  } catch (err) {
    return { rows, refused: err as Error & { problem?: { code: string } } };
  }
}

describe("a workbook's central directory, checked before parsing", () => {
  it('reads a workbook within the limits', async () => {
    const got = await read('fine.xlsx', workbookWith([{ name: 'xl/media/image1.png', data: Buffer.alloc(1000) }]));
    expect(got.refused).toBeNull();
    expect(got.rows).toHaveLength(1);
  });

  it('refuses 10,000 entries before reading any row, in plain words naming the count and the limit', async () => {
    const many = Array.from({ length: 9_996 }, (_, i) => ({ name: `xl/media/p${i}.bin`, data: 'x', store: true }));
    const got = await read('many.xlsx', workbookWith(many));
    expect(got.rows).toHaveLength(0);
    expect(got.refused?.problem?.code).toBe('xlsx.too-many-parts');
    expect(got.refused?.message).toBe(
      `the file cannot be read as an Excel workbook (.xlsx): it has 10,000 parts, more than the 1,000 a workbook may have`,
    );
  });

  it('refuses a declared 2 GiB part it would never open, before reading any row', async () => {
    // Declared, not real: the central directory says 2 GiB; the member holds a few bytes.
    const huge = { name: 'xl/media/image1.png', data: Buffer.from([3, 0]), packed: { size: 2 ** 31, crc: 0 } };
    const got = await read('declared-huge.xlsx', workbookWith([huge]));
    expect(got.rows).toHaveLength(0);
    expect(got.refused?.problem?.code).toBe('xlsx.too-big-unpacked');
    expect(got.refused?.message).toBe(
      `the file cannot be read as an Excel workbook (.xlsx): it would unpack to 2,049 MiB, more than the ${DEFAULT_ZIP_LIMITS.maxUnpackedMiB} MiB a workbook may have`,
    );
  });

  it('takes its limits from the settings', async () => {
    const config = testConfig({ TIZIM_XLSX_MAX_PARTS: '4', TIZIM_XLSX_MAX_UNPACKED_MB: '1' });
    expect(config.files.zipLimits).toEqual({ maxParts: 4, maxUnpackedMiB: 1 });
    const five = await read('five.xlsx', workbookWith([{ name: 'docProps/app.xml', data: '<x/>' }]), {
      limits: config.files.zipLimits,
    });
    expect(five.refused?.problem?.code).toBe('xlsx.too-many-parts');
    expect(() => testConfig({ TIZIM_XLSX_MAX_PARTS: 'many' })).toThrow(/TIZIM_XLSX_MAX_PARTS is "many"/);
  });
});
