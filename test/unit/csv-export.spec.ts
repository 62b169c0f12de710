/**
 * The one guard of CSV exports (libs/files/csv-export.ts): every start a spreadsheet runs as a
 * formula is defused with a leading apostrophe, whatever whitespace hides it and in full-width
 * forms too; text that merely holds = + - @ is left as written; quoting follows RFC 4180.
 */
import { csvCell, csvLine, spreadsheetText, startsFormula } from '../../libs/files/csv-export';

describe('startsFormula', () => {
  it.each([
    ['=', '=1+1'],
    ['+', '+1'],
    ['-', '-1'],
    ['@', '@SUM(A1)'],
    ['full-width =', '＝1+1'],
    ['full-width +', '＋1'],
    ['full-width -', '－1'],
    ['full-width @', '＠SUM(A1)'],
    ['small forms', '﹦1+1'],
    ['minus sign', '−1'],
    ['a leading space', ' =1+1'],
    ['leading spaces', '   +1'],
    ['a leading tab', '\t=1+1'],
    ['a leading newline', '\n=1+1'],
    ['a leading CR LF', '\r\n=1+1'],
    ['a no-break space', '\u00a0=1+1'],
    ['an ideographic space', '\u3000＝1+1'],
    ['an em space', '\u2003@x'],
    ['a zero-width space', '\u200b=1'],
    ['a byte-order mark', '\ufeff=1'],
    ['mixed blanks', ' \t\r\n\u00a0\u3000－1'],
    ['a tab before text', '\ttext'],
    ['a CR before text', '\rtext'],
  ])('catches %s', (_, text) => {
    expect(startsFormula(text)).toBe(true);
    expect(spreadsheetText(text)).toBe(`'${text}`);
  });

  it.each([
    ['empty', ''],
    ['blanks only', '  \n '],
    ['text', 'act No. 17, signed'],
    ['signs inside', 'a=b, c-d, e@f, 1+1'],
    ['a leading apostrophe', "'=1+1"],
    ['a number', '42'],
    ['a date', '2030-03-10T04:00:00.000Z'],
    ['Cyrillic', 'Акт № 17'],
    ['a newline before text', '\ntext'],
  ])('leaves %s as written', (_, text) => {
    expect(startsFormula(text)).toBe(false);
    expect(spreadsheetText(text)).toBe(text);
  });
});

describe('csvCell and csvLine', () => {
  it('quotes (RFC 4180) a cell holding the separator, a quote or a line end, or blank at either end', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "act"')).toBe('"say ""act"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('a;b')).toBe('a;b');
    expect(csvCell('a;b', ';')).toBe('"a;b"');
  });

  it('defuses before quoting: the apostrophe is inside the quotes, the formula never first', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell(' =1+1')).toBe(`' =1+1`);
    expect(csvCell('\n=1+1')).toBe(`"'\n=1+1"`);
    expect(csvCell('＝1+1')).toBe(`'＝1+1`);
    expect(csvCell('-1')).toBe(`'-1`);
  });

  it('writes null and undefined empty and a Date in ISO 8601; a line ends with CRLF', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(new Date(Date.UTC(2030, 2, 10, 4)))).toBe('2030-03-10T04:00:00.000Z');
    expect(csvLine(['id', null, '=1', 'a,b'])).toBe(`id,,'=1,"a,b"\r\n`);
  });
});
