/**
 * Reading the first worksheet of an Excel workbook (.xlsx) row by row with exceljs's streaming
 * reader, so a long sheet stays in bounded memory (the shared strings are held, the rows are not).
 * Cell values come out as the Appendix readers take them: text, numbers, booleans and dates;
 * rich text is joined, a formula gives its computed result, a hyperlink its text, an error cell
 * its code (#N/A, #REF!, …) as text.
 */
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { RawValue } from './appendix1';

/** A row of the sheet: its number as Excel shows it, and its cells from column A (index 0). */
export interface SheetRow {
  line: number;
  cells: RawValue[];
}

/** An .xlsx is a ZIP archive: it starts "PK\x03\x04". */
export const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** An Excel 97-2003 .xls is an OLE2 compound file. */
export const XLS_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** The workbook cannot be read (not an .xlsx inside, damaged); the message is plain and names no data. */
export class UnreadableWorkbook extends Error {
  constructor(cause: unknown) {
    super('the file cannot be read as an Excel workbook (.xlsx): it may be damaged, or another kind of ZIP archive', { cause });
    this.name = 'UnreadableWorkbook';
  }
}

/** Numbers as a person reads them: 412, 12.5 (not 12.499999999999998). */
export function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

type CellValue = ExcelJS.CellValue | { sharedString: number } | undefined;

/** One cell's value as text, number, boolean or date; null when empty. */
export function cellValue(v: CellValue): RawValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if ('richText' in v) return v.richText.map((r) => r.text ?? '').join('');
  if ('error' in v) return String(v.error);
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as ExcelJS.CellFormulaValue).result;
    // A formula saved without its result (some generators do this) reads as empty.
    if (result === undefined || result === null) return null;
    if (typeof result === 'number' && Number.isNaN(result)) return null;
    return cellValue(result as CellValue);
  }
  if ('text' in v) return cellValue((v as ExcelJS.CellHyperlinkValue).text);
  return null;
}

/**
 * The rows of the workbook's first worksheet (in the workbook's tab order), empty rows included
 * as exceljs gives them. Stopping early closes the file.
 */
export async function* xlsxRows(path: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  const workbook = reader as unknown as { model?: { sheets?: { name: string }[] }; stream?: NodeJS.ReadableStream & { destroy?: () => void } };
  const sheets = reader[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<ExcelJS.stream.xlsx.WorksheetReader>;
      try {
        next = await sheets.next();
      } catch (err) {
        throw new UnreadableWorkbook(err);
      }
      if (next.done) return;
      const sheet = next.value as ExcelJS.stream.xlsx.WorksheetReader & { name?: string };
      // Sheets come in the archive's order; the first tab is the first in the workbook's list.
      const first = workbook.model?.sheets?.[0]?.name;
      if (first !== undefined && sheet.name !== undefined && sheet.name !== first) continue;
      const rows = sheet[Symbol.asyncIterator]();
      for (;;) {
        let row: IteratorResult<ExcelJS.Row>;
        try {
          row = await rows.next();
        } catch (err) {
          throw new UnreadableWorkbook(err);
        }
        if (row.done) return;
        const values = row.value.values as CellValue[];
        const cells: RawValue[] = [];
        for (let c = 1; c < values.length; c += 1) cells.push(cellValue(values[c]));
        yield { line: row.value.number, cells };
      }
    }
  } finally {
    await sheets.return?.(undefined).catch(() => undefined);
    const stream = workbook.stream;
    if (stream?.destroy && !(stream as { destroyed?: boolean }).destroyed) {
      const closed = once(stream as unknown as NodeJS.EventEmitter, 'close').catch(() => undefined);
      stream.destroy();
      await closed;
    }
  }
}
