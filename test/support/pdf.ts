/** Reading back what a generated PDF can show, without a PDF library. */
import { inflateSync } from 'node:zlib';

/** The Unicode code points of the embedded fonts' ToUnicode maps: the letters the PDF can show. */
export function pdfCharacters(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let maps = '';
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      maps += inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      // not a Flate stream (or not compressed): not a ToUnicode map
    }
  }
  const hex = [...maps.matchAll(/<([0-9a-f]{4})>/gi)].map((h) => parseInt(h[1], 16));
  return String.fromCodePoint(...new Set(hex));
}

/** How many pages the PDF has. */
export const pdfPages = (pdf: Buffer): number => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
