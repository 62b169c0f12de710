/**
 * Cells of every CSV Tizim exports (the audit trail today), safe to open in a spreadsheet: RFC 4180
 * quoting, and a cell a spreadsheet would run as a formula (CSV injection, OWASP) made text with a
 * leading apostrophe. Excel, LibreOffice and Google Sheets skip leading whitespace, line ends
 * included, before they look for the formula sign, and take the full-width (and small) forms of
 * = + - @ as the sign itself: each is caught here (issue 23: " =1+1", "\n=1+1" and "＝1+1" were not).
 */

/**
 * Whitespace a spreadsheet may skip before a formula's sign: ASCII space, tab, CR, LF, vertical tab,
 * form feed, every Unicode space separator (JavaScript's \s), and the zero-width characters that
 * show nothing (ZWSP, ZWNJ, ZWJ, word joiner, BOM).
 */
const LEADING_BLANKS = /^[\s\u200b-\u200d\u2060\ufeff]*/u;

/**
 * The signs that start a formula: = + - @, their full-width forms ＝ ＋ － ＠ (U+FF1D, U+FF0B,
 * U+FF0D, U+FF20), their small forms ﹦ ﹢ ﹣ ﹫ (U+FE66, U+FE62, U+FE63, U+FE6B) and the minus sign
 * − (U+2212).
 */
const FORMULA_SIGNS = new Set(['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '−']);

/** Whether a spreadsheet would take `text` as a formula (or a tab/CR-led cell it may shift and run). */
export function startsFormula(text: string): boolean {
  if (text.startsWith('\t') || text.startsWith('\r')) return true;
  const first = text.slice(LEADING_BLANKS.exec(text)![0].length).charAt(0);
  return FORMULA_SIGNS.has(first);
}

/** `text` as a spreadsheet shows it and never runs it: prefixed with ' when it would start a formula. */
export function spreadsheetText(text: string): string {
  return startsFormula(text) ? `'${text}` : text;
}

/**
 * One CSV cell: null and undefined empty, a Date in ISO 8601, formula starts defused, quoted (RFC
 * 4180) when it holds the separator, a quotation mark or a line end, or begins or ends in whitespace.
 */
export function csvCell(value: unknown, separator = ','): string {
  const raw = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  const s = spreadsheetText(raw);
  const needsQuotes = s.includes(separator) || /["\r\n]/.test(s) || s !== s.trim();
  return needsQuotes ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line of `values`, ended with CRLF (RFC 4180). */
export function csvLine(values: readonly unknown[], separator = ','): string {
  return `${values.map((v) => csvCell(v, separator)).join(separator)}\r\n`;
}
