/**
 * The CSV reader over bytes (libs/files/csv-bytes.ts): the same records whatever the chunks a
 * file arrives in, quoted fields with separators, doubled quotation marks and line breaks, a
 * quotation mark inside an unquoted field kept as a character, CR LF / LF / CR line ends, a BOM,
 * empty records skipped; a quoted field never closed and an endless record named by their line.
 */
import fc from 'fast-check';
import {
  CsvByteReader,
  FIELD_CONTROL,
  FIELD_ESCAPED,
  FIELD_LINE_BREAK,
  FIELD_QUOTED,
  FIELD_STRAY_QUOTE,
  MAX_RECORD_BYTES,
  fieldBytes,
} from '../../libs/files/csv-bytes';

interface Read {
  line: number;
  fields: string[];
  flags: number[];
}

function read(text: string | Buffer, chunk: number, separator = ';') {
  const records: Read[] = [];
  const reader = new CsvByteReader(separator, (r) =>
    records.push({
      line: r.line,
      fields: Array.from({ length: r.count }, (_, i) => fieldBytes(r, i).toString('utf8')),
      flags: Array.from(r.flags.subarray(0, r.count)),
    }),
  );
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunk) reader.push(bytes.subarray(i, i + chunk));
  reader.end();
  return { records, problem: reader.problem };
}

const SAMPLE = '\ufeffa;b;c\r\n1;"x;y";3\r\n\r\n;;\n4;КГУ "Школа № 5";6\r"q""q";"multi\r\nline";z\n"Ким "Ли";2;3';

describe('CSV over bytes', () => {
  it.each([1, 2, 3, 7, 64, 100_000])('reads the same records in chunks of %p bytes', (chunk) => {
    expect(read(SAMPLE, chunk)).toEqual({
      problem: null,
      records: [
        { line: 1, fields: ['a', 'b', 'c'], flags: [0, 0, 0] },
        { line: 2, fields: ['1', 'x;y', '3'], flags: [0, FIELD_QUOTED, 0] },
        // Line 3 is empty and line 4 has only separators: skipped, but counted.
        { line: 5, fields: ['4', 'КГУ "Школа № 5"', '6'], flags: [0, FIELD_STRAY_QUOTE, 0] },
        {
          line: 6,
          fields: ['q"q', 'multi\r\nline', 'z'],
          flags: [FIELD_QUOTED | FIELD_ESCAPED, FIELD_QUOTED | FIELD_LINE_BREAK, 0],
        },
        { line: 8, fields: ['Ким "Ли', '2', '3'], flags: [FIELD_QUOTED | FIELD_STRAY_QUOTE, 0, 0] },
      ],
    });
  });

  it('flags a control byte and keeps tab in a ;-separated field as a character', () => {
    expect(read('a;b\u0000c;d\te\n', 3).records).toEqual([
      { line: 1, fields: ['a', 'b\u0000c', 'd\te'], flags: [0, FIELD_CONTROL, 0] },
    ]);
  });

  it('reads tab-separated files, and a last record without a line end, closed by a quotation mark', () => {
    expect(read('a\tb\n1\t"2"', 2, '\t').records).toEqual([
      { line: 1, fields: ['a', 'b'], flags: [0, 0] },
      { line: 2, fields: ['1', '2'], flags: [0, FIELD_QUOTED] },
    ]);
  });

  it('names the line where a quotation mark opens a field that is never closed', () => {
    expect(read('a;b\n1;2\n3;"four\n5;6\n', 4)).toMatchObject({
      records: [{ line: 1 }, { line: 2 }],
      problem: { kind: 'unclosed-quote', line: 3 },
    });
  });

  it('stops at a record longer than any form holds, naming its line, holding no more than that', () => {
    const huge = Buffer.concat([Buffer.from('a;b\n'), Buffer.alloc(MAX_RECORD_BYTES + 10, 0x41)]);
    expect(read(huge, 1 << 16)).toMatchObject({
      records: [{ line: 1 }],
      problem: { kind: 'record-too-long', line: 2 },
    });
  });

  it('reads back whatever a standard CSV writer writes, in any chunks', () => {
    const cell = fc.stringMatching(/^[a-zА-Яәғ0-9 ;",\r\n-]{0,12}$/);
    const quote = (v: string) => (/[;"\r\n]/.test(v) || v.startsWith(' ') ? `"${v.replaceAll('"', '""')}"` : v);
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 50 }),
        (rows, chunk) => {
          const text = rows.map((r) => r.map(quote).join(';')).join('\r\n');
          const kept = rows.filter((r) => r.some((v) => v.replace(/[ \t]/g, '') !== ''));
          expect(read(text, chunk).records.map((r) => r.fields)).toEqual(kept);
        },
      ),
      { numRuns: 300 },
    );
  });
});
