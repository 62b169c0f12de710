/**
 * Validation of one Appendix 1 voter record: every rule names the row (Cod) and the field, and a
 * valid record comes out as the staging table holds it.
 */
import { APPENDIX1_FIELD_NAMES, headerProblems, validateVoterRecord, type RawRecord } from '../../libs/files/appendix1';

const TODAY = '2026-11-22';
// 900101 3 0001 x: born 1 January 1990, male; the check digit is valid.
const IIN = '900101300017';

const valid = (over: RawRecord = {}): RawRecord => ({
  Cod: '17', Cod_izber: IIN, Soname: 'Жұмабаев', Name: 'Ерлан', Otchestvo: 'Серикович', Cod_uch: '412',
  Okg_r: '', Okg_ob: '', Okg_rai: '', Obl: '55', Rai: '5501', Date_rogd: '01.01.1990', Nac: '', mal: 'М',
  Mesto_progiv: 'Павлодар', Street: 'Абая', Hourse: '12', Korpus: '', Kvartira: '5', Udostve: '012345678',
  Date_vidach: '2020-05-01', Note: '', Dopol1: '0', Dopol2: '0', Dopol3: '', Dopol4: '0', ...over,
});

const problemsOf = (over: RawRecord) => {
  const r = validateVoterRecord(valid(over), 3, TODAY);
  return 'problems' in r ? r.problems.map((p) => `${p.field}: ${p.message}`) : [];
};

describe('Appendix 1 record validation', () => {
  it('accepts a valid record and gives it as the staging table holds it', () => {
    expect(validateVoterRecord(valid(), 1, TODAY)).toEqual({
      record: expect.objectContaining({
        cod: 17, iin: IIN, surname: 'Жұмабаев', firstName: 'Ерлан', patronymic: 'Серикович', stationCode: '412', birthDate: '1990-01-01',
        sex: 'М', okgR: null, building: null, documentIssuedOn: '2020-05-01', changed: false, deleted: false, changedOn: null, added: false,
      }),
    });
  });

  it('takes Access values as they come: dates, booleans, numbers', () => {
    const r = validateVoterRecord(valid({ Cod: 17, Date_rogd: new Date(Date.UTC(1990, 0, 1)), Dopol4: true, Dopol3: new Date(Date.UTC(2026, 5, 1)) }), 1, TODAY);
    expect(r).toEqual({ record: expect.objectContaining({ cod: 17, birthDate: '1990-01-01', added: true, changedOn: '2026-06-01' }) });
  });

  it.each(['-', '—', '0', 'нет', 'жоқ', 'N/A', 'n/a', '?', '...'])('refuses the placeholder %p in a text field, naming the field', (placeholder) => {
    expect(problemsOf({ Korpus: placeholder })).toEqual(['Korpus: holds a placeholder instead of data; leave the field empty when there is no building']);
  });

  it('names the row and the Cod of each problem, and lists every problem of the record', () => {
    const r = validateVoterRecord(valid({ Cod_izber: '900101300014', Soname: '', mal: 'X' }), 42, TODAY);
    expect(r).toEqual({
      problems: [
        { cod: '17', row: 42, field: 'Soname', message: 'is required (surname) and is empty' },
        { cod: '17', row: 42, field: 'Cod_izber', message: 'is not a valid IIN: the check digit (12th) does not match the first eleven digits' },
        { cod: '17', row: 42, field: 'mal', message: 'must be М (male) or Ж (female); Е and Ә are accepted too' },
      ],
    });
  });

  it("does not refuse an IIN whose date and sex digits disagree with the record (since 2013 they need not match)", () => {
    expect(problemsOf({ Date_rogd: '1985-07-15', mal: 'Ж' })).toEqual([]);
  });

  it('checks the dates', () => {
    expect(problemsOf({ Date_rogd: '31.02.1990' })).toEqual(['Date_rogd: is not a date (write YYYY-MM-DD or DD.MM.YYYY)']);
    expect(problemsOf({ Date_rogd: '2027-01-01', Date_vidach: '' })).toEqual([`Date_rogd: must be between 1900-01-01 and today (${TODAY})`]);
    expect(problemsOf({ Date_vidach: '1989-12-31' })).toEqual(['Date_vidach: is before the date of birth']);
  });

  it('keeps the Dopol flags consistent', () => {
    expect(problemsOf({ Dopol1: '1', Dopol3: '2026-10-01' })).toEqual([]);
    expect(problemsOf({ Dopol1: '1' })).toEqual(['Dopol3: is required when Dopol1 (changed) is set: give the date of the change']);
    expect(problemsOf({ Dopol2: 'да', Dopol4: '1', Dopol3: '2026-10-01' })).toEqual([
      'Dopol4: cannot be set together with Dopol2: a record is changed (Dopol1), deleted (Dopol2) or added (Dopol4), not two of these',
    ]);
    expect(problemsOf({ Dopol3: '2026-10-01' })).toEqual(['Dopol3: gives a date of change, but none of Dopol1, Dopol2, Dopol4 is set']);
    expect(problemsOf({ Dopol4: 'maybe' })).toEqual(['Dopol4: must be Yes or No (1 or 0, true or false, да or нет)']);
  });

  it('refuses a Cod that is not a positive whole number, and text over the Access limit', () => {
    expect(problemsOf({ Cod: '1.5' })).toEqual(['Cod: must be a positive whole number (the record key)']);
    expect(problemsOf({ Note: 'x'.repeat(256) })).toEqual(['Note: is 256 characters long; an Access Text field holds at most 255']);
  });

  it('checks the header against the 26 fields of Appendix 1', () => {
    expect(headerProblems(APPENDIX1_FIELD_NAMES)).toEqual([]);
    expect(headerProblems([...APPENDIX1_FIELD_NAMES.filter((n) => n !== 'Hourse'), 'House', 'Cod'])).toEqual([
      'the file lacks the Appendix 1 field(s) Hourse',
      'the file has field(s) Appendix 1 does not define: House',
      'the file has field(s) more than once: Cod',
    ]);
  });
});
