/**
 * Reading .xlsx text whole: exceljs 4.4.0's streaming reader decoded each inflated chunk of the
 * sheet's XML on its own, so a Cyrillic or Kazakh letter whose two bytes fell on a chunk boundary
 * came out as two U+FFFD (exceljs issues #2063, #2084, #2316). scripts/patch-dependencies.js makes
 * it decode the stream as a stream; this test fails without that.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { xlsxRows } from '../../libs/files/xlsx';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tizim-xlsx-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Long text in two-byte letters (Russian and Kazakh), different on every row, with one odd byte in front to shift the alignment. */
function longText(row: number): string {
  const words = ['Границы избирательного участка', 'сайлау учаскесінің шекаралары', 'улица Абая, дома с 1 по 25', 'Қабанбай батыр көшесі, 2–30 үйлер'];
  let text = `${row} `;
  for (let i = 0; text.length < 12_000; i += 1) text += `${words[(i + row) % words.length]}; `;
  return text;
}

async function readBack(file: string, rows: string[][], useSharedStrings: boolean): Promise<string[][]> {
  const path = join(dir, file);
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings });
  const sheet = writer.addWorksheet('Приложение 3');
  for (const r of rows) sheet.addRow(r).commit();
  await writer.commit();
  const got: string[][] = [];
  for await (const row of xlsxRows(path)) got.push(row.cells.map((c) => String(c ?? '')));
  return got;
}

describe('xlsx reader', () => {
  const rows = Array.from({ length: 12 }, (_, i) => [String(i + 1), longText(i), 'Ә'.repeat(i + 1)]);

  it.each([
    ['inline strings', false],
    ['shared strings', true],
  ])('gives back long Cyrillic and Kazakh text unbroken across the XML stream chunks (%s)', async (_name, shared) => {
    const got = await readBack(`long-${shared}.xlsx`, rows, shared);
    // Where a letter was broken (row, column, offset): none. Then every cell exactly as written.
    const broken = got.flatMap((r, i) => r.flatMap((cell, j) => (cell.includes('\uFFFD') ? [[i + 1, j + 1, cell.indexOf('\uFFFD')]] : [])));
    expect(broken).toEqual([]);
    expect(got.map((r) => r.map((c) => c.length))).toEqual(rows.map((r) => r.map((c) => c.length)));
    expect(got.every((r, i) => r.every((c, j) => c === rows[i]![j]))).toBe(true);
  });
});
