/**
 * The checks of one Appendix 1 record, made on its bytes: each problem is named `Field:rule` and
 * staged with the record (a finding of the round, never a refusal of the file); a clean record's
 * bytes go to COPY as they are, and a record with a problem or a value to normalise is written
 * anew, its invalid values empty.
 */
import { APPENDIX1_FIELD_NAMES, readHeader, type Appendix1Field } from '../../libs/files/appendix1';
import fc from 'fast-check';
import { Appendix1Checker, CopySink, iinRule, type ByteEncoding } from '../../libs/files/appendix1-check';
import { iinProblem } from '../../libs/iin/iin';
import { CsvByteReader } from '../../libs/files/csv-bytes';

const RECEIVED = '2026-11-22';
// 900101 3 0001 x: born 1 January 1990, male; the check digit is valid.
const IIN = '900101300017';

type Fields = Partial<Record<Appendix1Field, string>>;

const valid = (over: Fields = {}): Fields => ({
  Cod: '17',
  Cod_izber: IIN,
  Soname: 'Жұмабаев',
  Name: 'Ерлан',
  Otchestvo: 'Серикович',
  Cod_uch: '412',
  Okg_r: '',
  Okg_ob: '',
  Okg_rai: '',
  Obl: '55',
  Rai: '5501',
  Date_rogd: '01.01.1990',
  Nac: '',
  mal: 'М',
  Mesto_progiv: 'Павлодар',
  Street: 'Абая',
  Hourse: '12',
  Korpus: '',
  Kvartira: '5',
  Udostve: '012345678',
  Date_vidach: '2020-05-01',
  Note: '',
  Dopol1: '0',
  Dopol2: '0',
  Dopol3: '',
  Dopol4: '0',
  ...over,
});

/** Windows-1251 bytes of text with Russian letters only. */
function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((c) => {
      const code = c.charCodeAt(0);
      if (code < 0x80) return code;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      throw new Error(`no Windows-1251 byte for ${c}`);
    }),
  );
}

interface Checked {
  problems: string[][];
  cods: (number | null)[];
  /** The COPY lines, as text. */
  lines: string[];
}

/** Runs records (as CSV lines after the header) through the byte reader and the checker. */
function check(records: Fields[], opts: { encoding?: ByteEncoding; separator?: string } = {}): Checked {
  const sep = opts.separator ?? ';';
  const encoding = opts.encoding ?? 'utf-8';
  const header = APPENDIX1_FIELD_NAMES as Appendix1Field[];
  const text = [header.join(sep), ...records.map((r) => header.map((f) => r[f] ?? '').join(sep))].join('\r\n');
  const bytes = encoding === 'utf-8' ? Buffer.from(text, 'utf8') : cp1251(text);
  const checker = new Appendix1Checker(header, encoding, RECEIVED);
  const sink = new CopySink(sep);
  const out: Checked = { problems: [], cods: [], lines: [] };
  let row = 0;
  const reader = new CsvByteReader(sep, (r) => {
    if (r.line === 1) return;
    const v = checker.check(r, ++row, sink);
    out.problems.push(v.problems);
    out.cods.push(v.cod);
  });
  // Small chunks: a record split anywhere must read the same.
  for (let i = 0; i < bytes.length; i += 7) reader.push(bytes.subarray(i, i + 7));
  reader.end();
  const copied = sink.take();
  out.lines = (encoding === 'utf-8' ? copied.toString('utf8') : new TextDecoder('windows-1251').decode(copied))
    .split('\n')
    .filter(Boolean);
  return out;
}

const problemsOf = (over: Fields) => check([valid(over)]).problems[0];
/** The COPY line's fields after row and problems, by name. */
function staged(line: string, sep = ';'): Record<string, string> {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) {
      cells.push(cur);
      cur = '';
    } else cur += c;
  }
  cells.push(cur);
  return Object.fromEntries(['row', 'problems', ...APPENDIX1_FIELD_NAMES].map((n, i) => [n, cells[i]]));
}

describe('Appendix 1 record checks', () => {
  it('passes a valid record to COPY byte for byte, with its row and no problems', () => {
    const out = check([valid()]);
    expect(out.problems).toEqual([[]]);
    expect(out.cods).toEqual([17]);
    expect(out.lines).toEqual([`1;;${APPENDIX1_FIELD_NAMES.map((f) => valid()[f]).join(';')}`]);
  });

  it.each(['-', '—', '0', 'нет', 'жоқ', 'N/A', 'n/a', '?', '...', 'НЕТ', 'Не указано'])(
    'finds the placeholder %p in a text field and stages the field empty',
    (placeholder) => {
      const out = check([valid({ Korpus: placeholder })]);
      expect(out.problems).toEqual([['Korpus:placeholder']]);
      expect(staged(out.lines[0])).toMatchObject({ problems: '{Korpus:placeholder}', Korpus: '', Soname: 'Жұмабаев' });
    },
  );

  it('does not take a name that starts like a placeholder word for one', () => {
    expect(problemsOf({ Soname: 'Нетесов', Name: 'Жоқан', Otchestvo: 'Отсутбаевич', Street: 'Нурлы Жол' })).toEqual([]);
  });

  it('finds a wrong IIN and keeps it as written, for the akimat to find the record', () => {
    const bad = '900101300014';
    const out = check([
      valid({ Cod_izber: bad }),
      valid({ Cod: '18', Cod_izber: '90010130001' }),
      valid({ Cod: '19', Cod_izber: '' }),
    ]);
    expect(out.problems).toEqual([['Cod_izber:check-digit'], ['Cod_izber:not-12-digits'], ['Cod_izber:empty']]);
    expect(staged(out.lines[0]).Cod_izber).toBe(bad);
    expect(staged(out.lines[2]).Cod_izber).toBe('');
  });

  it('does not find a problem in an IIN whose date and sex digits disagree with the record (since 2013 they need not)', () => {
    expect(problemsOf({ Date_rogd: '1985-07-15', mal: 'Ж' })).toEqual([]);
  });

  it('accepts sex as М/Ж, Е/Ә, Latin M/F and the words, staged as М or Ж', () => {
    const spellings: [string, string][] = [
      ['М', 'М'],
      ['ж', 'Ж'],
      ['Е', 'М'],
      ['ә', 'Ж'],
      ['M', 'М'],
      ['F', 'Ж'],
      ['муж', 'М'],
      ['әйел', 'Ж'],
    ];
    const out = check(spellings.map(([v], i) => valid({ Cod: String(i + 1), mal: v })));
    expect(out.problems.flat()).toEqual([]);
    expect(out.lines.map((l) => staged(l).mal)).toEqual(spellings.map(([, s]) => s));
    expect(problemsOf({ mal: 'X' })).toEqual(['mal:invalid']);
  });

  it('accepts the Dopol flags in combination, and checks the date of change against them', () => {
    // Added and then changed in the same half-year; added and then deleted; changed and then deleted.
    expect(problemsOf({ Dopol4: '1', Dopol1: '1', Dopol3: '2026-10-01' })).toEqual([]);
    expect(problemsOf({ Dopol4: '1', Dopol2: '1', Dopol3: '2026-10-01' })).toEqual([]);
    expect(problemsOf({ Dopol1: 'да', Dopol2: 'ИСТИНА', Dopol3: '2026-10-01' })).toEqual([]);
    expect(problemsOf({ Dopol1: '1' })).toEqual(['Dopol3:missing']);
    expect(problemsOf({ Dopol3: '2026-10-01' })).toEqual(['Dopol3:without-flag']);
    expect(problemsOf({ Dopol4: 'maybe' })).toEqual(['Dopol4:invalid']);
    // Yes/No written otherwise is staged as 1 or 0; an empty flag as 0 (No).
    const out = check([valid({ Dopol1: '-1', Dopol2: 'ложь', Dopol3: '2026-10-01', Dopol4: '' })]);
    expect(staged(out.lines[0])).toMatchObject({ Dopol1: '1', Dopol2: '0', Dopol4: '0' });
  });

  it('checks the dates: real dates, a birth date from 1900 to the receipt, a document between the birth and the receipt', () => {
    expect(problemsOf({ Date_rogd: '31.02.1990' })).toEqual(['Date_rogd:not-a-date']);
    expect(problemsOf({ Date_rogd: '2026-11-23', Date_vidach: '' })).toEqual(['Date_rogd:impossible']);
    expect(problemsOf({ Date_rogd: '1899-12-31' })).toEqual(['Date_rogd:impossible']);
    expect(problemsOf({ Date_rogd: '' })).toEqual(['Date_rogd:empty']);
    expect(problemsOf({ Date_vidach: '1989-12-31' })).toEqual(['Date_vidach:before-birth']);
    expect(problemsOf({ Date_vidach: '2026-11-23' })).toEqual(['Date_vidach:after-receipt']);
    expect(problemsOf({ Date_vidach: '2026-11-22' })).toEqual([]);
    expect(problemsOf({ Dopol1: '1', Dopol3: '2026-11-30' })).toEqual(['Dopol3:after-receipt']);
    // A midnight time, as Access writes a Date/Time, is the date alone.
    const out = check([valid({ Date_rogd: '01.01.1990 0:00:00', Date_vidach: '2020-05-01T00:00:00Z' })]);
    expect(out.problems).toEqual([[]]);
    expect(staged(out.lines[0])).toMatchObject({ Date_rogd: '1990-01-01', Date_vidach: '2020-05-01' });
    expect(problemsOf({ Date_rogd: '01.01.1990 13:45' })).toEqual(['Date_rogd:not-a-date']);
  });

  it('finds a Cod that is not a positive whole number, and a repeated Cod (staged without it)', () => {
    expect(problemsOf({ Cod: '1.5' })).toEqual(['Cod:not-a-number']);
    expect(problemsOf({ Cod: '0' })).toEqual(['Cod:not-a-number']);
    const out = check([valid({ Cod: '5' }), valid({ Cod: '6' }), valid({ Cod: '5' })]);
    expect(out.problems).toEqual([[], [], ['Cod:repeated:1']]);
    expect(out.cods).toEqual([5, 6, null]);
    expect(staged(out.lines[2]).Cod).toBe('');
  });

  it('finds text over the Access limit, in characters, not bytes', () => {
    expect(problemsOf({ Note: 'x'.repeat(256) })).toEqual(['Note:too-long']);
    expect(problemsOf({ Note: 'ж'.repeat(255) })).toEqual([]);
    expect(problemsOf({ Note: 'ж'.repeat(256) })).toEqual(['Note:too-long']);
  });

  it('finds a control character (a NUL byte) and never sends it to PostgreSQL', () => {
    const out = check([valid({ Soname: 'Ива\u0000нов' })]);
    expect(out.problems).toEqual([['Soname:control-character']]);
    expect(out.lines[0]).not.toContain('\u0000');
  });

  it('lists every problem of a record', () => {
    expect(problemsOf({ Cod_izber: '900101300014', Soname: '', mal: 'X', Korpus: '-' })).toEqual([
      'Cod_izber:check-digit',
      'Soname:empty',
      'mal:invalid',
      'Korpus:placeholder',
    ]);
  });

  it('writes anew a record whose values need it: spaces trimmed, quotation marks kept, separators quoted', () => {
    const out = check([
      valid({ Soname: '  Иванов ', Street: 'КГУ "Школа № 5"' }),
      valid({ Cod: '18', Street: '"Абая; 12"' }),
    ]);
    expect(out.problems).toEqual([[], []]);
    expect(staged(out.lines[0])).toMatchObject({ Soname: 'Иванов', Street: 'КГУ "Школа № 5"' });
    expect(staged(out.lines[1])).toMatchObject({ Street: 'Абая; 12' });
  });

  it('reads a Windows-1251 file and stages its bytes for PostgreSQL to convert', () => {
    const rec = valid({
      Soname: 'Иванов',
      Name: 'Сергей',
      Otchestvo: '',
      Mesto_progiv: 'Тараз',
      Street: 'Абая',
      mal: 'Ж',
    });
    const out = check([rec, { ...rec, Cod: '18', Korpus: 'нет', mal: 'х' }], {
      encoding: 'windows-1251',
      separator: ',',
    });
    expect(out.problems).toEqual([[], ['mal:invalid', 'Korpus:placeholder']]);
    expect(staged(out.lines[0], ',')).toMatchObject({ Soname: 'Иванов', mal: 'Ж' });
  });
});

describe('the IIN rule on bytes', () => {
  it('gives the answer of libs/iin for any twelve characters, and for the check vectors of DOMAIN §6', () => {
    expect(['980109050588', '061211600012', '123456789012'].map((v) => iinRule(Buffer.from(v), 0, 12))).toEqual([
      null,
      null,
      iinProblem('123456789012'),
    ]);
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{11,13}$|^[0-9a ]{12}$/), (v) => {
        expect(iinRule(Buffer.from(v), 0, v.length)).toBe(iinProblem(v));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Appendix 1 header', () => {
  it('matches the 26 fields whatever their order and letter case', () => {
    const shuffled = [...APPENDIX1_FIELD_NAMES].reverse().map((n, i) => (i % 2 ? n.toUpperCase() : ` ${n} `));
    expect(readHeader(shuffled)).toEqual({ fields: [...APPENDIX1_FIELD_NAMES].reverse() });
  });

  it('names what the header lacks, has twice or does not define', () => {
    expect(readHeader([...APPENDIX1_FIELD_NAMES.filter((n) => n !== 'Hourse'), 'House', 'Cod'])).toEqual({
      problems: [
        {
          code: 'appendix1.missing-fields',
          params: { fields: ['Hourse'] },
          message: 'the file lacks the Appendix 1 field(s) Hourse',
        },
        {
          code: 'appendix1.unknown-fields',
          params: { fields: ['House'], others: 0 },
          message: 'the file has field(s) Appendix 1 does not define: House',
        },
        {
          code: 'appendix1.repeated-fields',
          params: { fields: ['Cod'] },
          message: 'the file has field(s) more than once: Cod',
        },
      ],
    });
  });

  it("never quotes a header that is a voter's record (a file without a header row)", () => {
    const data = Object.values(valid());
    const result = readHeader(data);
    expect(result).toEqual({
      problems: [
        {
          code: 'appendix1.not-a-header',
          params: { cells: 26 },
          message: expect.stringMatching(
            /^the first row is not the Appendix 1 header: none of its 26 cells names a field/,
          ),
        },
      ],
    });
    const words = JSON.stringify(result);
    for (const value of [IIN, 'Жұмабаев', 'Ерлан', '012345678', 'Абая']) expect(words).not.toContain(value);
    // Some fields named, the rest data: counted, not quoted.
    const mixed = readHeader([
      ...APPENDIX1_FIELD_NAMES.slice(0, 20),
      IIN,
      'Жұмабаев',
      'Note ',
      'Dopol1',
      'Dopol2',
      'Dopol3',
      'Dopol4',
    ]);
    expect(JSON.stringify(mixed)).not.toContain(IIN);
    expect(JSON.stringify(mixed)).toContain('2 more that are not field names');
  });
});
