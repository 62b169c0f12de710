/**
 * What every Tizim PDF shares: DejaVu Sans embedded (the standard PDF fonts have no Cyrillic, let
 * alone ә ғ қ ң ө ұ ү һ і) and the document's bytes collected as pdfkit writes them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

type Doc = PDFKit.PDFDocument;

/** The names the fonts are registered under. */
export const DEJAVU = { regular: 'DejaVuSans', bold: 'DejaVuSans-Bold' } as const;

const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
let fonts: { regular: Buffer; bold: Buffer } | undefined;

/** The font files, read once per process. */
export function dejaVuFonts(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(join(FONT_DIR, 'DejaVuSans.ttf')),
    bold: readFileSync(join(FONT_DIR, 'DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

/** Registers DejaVu Sans regular and bold on the document under the DEJAVU names. */
export function registerDejaVu(doc: Doc): void {
  const { regular, bold } = dejaVuFonts();
  doc.registerFont(DEJAVU.regular, regular);
  doc.registerFont(DEJAVU.bold, bold);
}

/** Collects the document's bytes; pdfkit writes pages out as they are finished. Call before doc.end(). */
export function pdfBytes(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
