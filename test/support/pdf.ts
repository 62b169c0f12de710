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

/** A ToUnicode CMap (bfchar and bfrange, as pdfkit writes them) as code -> text. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  // A ligature's entry names several code units, spaced (pdfkit writes "ff" as <0066 0066>).
  const utf16 = (hex: string) =>
    String.fromCharCode(...(hex.replace(/\s+/g, '').match(/.{4}/g) ?? []).map((u) => parseInt(u, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9a-f]+)>\s*<([0-9a-f\s]+)>/gi)) map.set(parseInt(m[1], 16), utf16(m[2]));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*(\[[^\]]*\]|<[0-9a-f]+>)/gi)) {
      const from = parseInt(m[1], 16);
      const to = parseInt(m[2], 16);
      if (m[3].startsWith('[')) {
        [...m[3].matchAll(/<([0-9a-f\s]+)>/gi)].forEach((d, i) => map.set(from + i, utf16(d[1])));
      } else {
        const first = parseInt(m[3].slice(1, -1), 16);
        for (let c = from; c <= to; c += 1) map.set(c, String.fromCharCode(first + c - from));
      }
    }
  }
  return map;
}

/**
 * The text a generated PDF shows, one line per text object in drawing order: pdfkit writes each
 * line as two-byte glyph codes (Identity-H), read back here through the font's ToUnicode map.
 * Enough for pdfkit's own output, not a general PDF reader.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: string | null }>();
  for (const m of raw.matchAll(/(\d+) 0 obj\b([\s\S]*?)endobj/g)) {
    const at = m[2].search(/stream\r?\n/);
    if (at < 0) {
      objects.set(Number(m[1]), { dict: m[2], stream: null });
      continue;
    }
    const start = m.index + m[0].indexOf(m[2]) + at + (m[2].slice(at).startsWith('stream\r\n') ? 8 : 7);
    const end = m.index + m[0].lastIndexOf('endstream');
    let stream: string;
    try {
      stream = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      stream = pdf.subarray(start, end).toString('latin1');
    }
    objects.set(Number(m[1]), { dict: m[2].slice(0, at), stream });
  }
  const fonts = new Map<string, Map<number, string>>();
  for (const { dict } of objects.values()) {
    for (const m of dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(Number(m[2]))?.dict ?? '');
      const cmap = ref && objects.get(Number(ref[1]))?.stream;
      if (cmap) fonts.set(m[1], toUnicode(cmap));
    }
  }
  const lines: string[] = [];
  for (const { stream } of objects.values()) {
    if (!stream || !/\bBT\b/.test(stream)) continue;
    let font = new Map<number, string>();
    let line = '';
    for (const m of stream.matchAll(/\/(F\d+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9a-f]*)>\s*Tj|\bET\b/gi)) {
      if (m[1]) font = fonts.get(m[1]) ?? new Map<number, string>();
      else if (m[0] === 'ET') {
        lines.push(line);
        line = '';
      } else {
        for (const hex of m[2] !== undefined ? [...m[2].matchAll(/<([0-9a-f]*)>/gi)].map((h) => h[1]) : [m[3]]) {
          for (const code of hex.match(/.{4}/g) ?? []) line += font.get(parseInt(code, 16)) ?? '\ufffd';
        }
      }
    }
  }
  return lines.join('\n');
}
