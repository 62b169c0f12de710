/**
 * Table columns wide enough for their headers: pdfkit breaks a word that does not fit its cell in
 * the middle («Жазбала/р», «Катег/ория»), so before a table is drawn each column is widened to its
 * header's longest word, the width taken from the columns with the most room to spare. The table's
 * total width does not change.
 */
type Doc = PDFKit.PDFDocument;

export interface FittedColumn {
  header: string;
  width: number;
  /** The narrowest this column may become when giving width to another (its content's need). */
  min?: number;
}

/** The width the longest word of `header` needs in `font` at `size`, with `pad` on each side. */
export function headerWordWidth(doc: Doc, header: string, font: string, size: number, pad: number): number {
  doc.font(font).fontSize(size);
  const words = header.split(/\s+/).filter(Boolean);
  // A point of slack: pdfkit's line breaking compares against the width with rounding of its own.
  return Math.ceil(Math.max(0, ...words.map((w) => doc.widthOfString(w))) + 2 * pad + 1);
}

/**
 * `columns` with each one at least as wide as its header's longest word (`font`, `size`, `pad` as the
 * table draws its header); the points needed come from the columns with the most to spare, so the
 * sum of the widths stays the same. When the table is too narrow for every header, each column keeps
 * as much as it can.
 */
export function fitColumns<C extends FittedColumn>(
  doc: Doc,
  columns: readonly C[],
  font: string,
  size: number,
  pad: number,
): C[] {
  const need = columns.map((c) => Math.max(headerWordWidth(doc, c.header, font, size, pad), c.min ?? 0));
  const widths = columns.map((c) => c.width);
  for (let i = 0; i < widths.length; i++) {
    let short = need[i] - widths[i];
    while (short > 0) {
      // The column with the most room beyond its own header's need.
      let donor = -1;
      for (let j = 0; j < widths.length; j++)
        if (j !== i && widths[j] - need[j] > 0 && (donor < 0 || widths[j] - need[j] > widths[donor] - need[donor]))
          donor = j;
      if (donor < 0) break;
      const take = Math.min(short, widths[donor] - need[donor]);
      widths[donor] -= take;
      widths[i] += take;
      short -= take;
    }
  }
  return columns.map((c, i) => ({ ...c, width: widths[i] }));
}
