/**
 * Appendix 1 voter files in MS Access format, round-tripped: synthetic district files written by
 * the project's Jet 4 writer (libs/files/jet4), valid and broken in each way the Rules forbid, read
 * back by the importer (mdb-reader) on the real test PostgreSQL with the expected verdicts. A valid
 * database stages exactly what the same rows as CSV stage.
 */
import MDBReader from 'mdb-reader';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APPENDIX1_FIELD_NAMES } from '../../libs/files/appendix1';
import { appendix1Columns, writeAppendix1Mdb, writeJet4, type JetValue } from '../../libs/files/jet4';
import type { ImportOutcome } from '../../libs/db/files/received';
import { importVoterCsv } from '../../libs/db/files/voter-import';
import {
  appendix1Csv,
  appendix1AccessRow,
  appendix1Fields,
  voterFile,
  type ScenarioSpec,
} from '../../libs/synthetic/scenario';
import { useImportFixture } from '../support/import-fixture';

const SPEC: ScenarioSpec = {
  seed: 3302,
  referenceDate: '2033-07-03',
  period: '2033-07',
  regions: [
    {
      code: '33',
      stationBase: 820,
      districts: [
        { id: 'syn33-a', nameRu: 'Район З', nameKk: 'З ауданы', locality: 'Актобе', slot: 31, stations: [90, 60] },
      ],
    },
  ],
};

const generated = () => [...voterFile(SPEC, 'syn33-a')];
const fx = useImportFixture(SPEC, 'syn33-a', { receivedAt: '2033-07-01T05:00:00Z' });

const importFile = (name: string, content: string | Buffer) =>
  importVoterCsv(fx.prisma, fx.client, fx.store, fx.upload(name, content));
const messagesOf = (o: ImportOutcome) =>
  o.status === 'REJECTED' ? o.report.problems.map((p) => `${p.field}: ${p.message}`) : [o.status];

/** Where the table Izbirateli's definition starts: its page is its catalog Id (MSysObjects; HACKING.md). */
function tableDefinitionAt(bytes: Buffer): number {
  const objects = new MDBReader(bytes).getTable('MSysObjects').getData({ columns: ['Id', 'Name'] });
  const id = objects.find((o) => o.Name === 'Izbirateli')?.Id;
  if (typeof id !== 'number') throw new Error('no table Izbirateli');
  return (id & 0xffffff) * 4096;
}

/** What a submission staged, without its id: every column, in Cod order. */
async function staged(submissionId: string): Promise<Record<string, unknown>[]> {
  const { rows } = await fx.client.query('SELECT * FROM voter_file_record WHERE submission_id = $1 ORDER BY row', [
    submissionId,
  ]);
  return rows.map(({ submission_id: _id, ...rest }) => rest);
}

describe('voter file import (MS Access)', () => {
  it('stages a valid .mdb whole, exactly as the same rows in CSV', async () => {
    const rows = generated();
    const mdb = await importFile('izbirateli_syn33-a.mdb', writeAppendix1Mdb(rows.map(appendix1AccessRow)));
    expect(mdb).toMatchObject({ status: 'ACCEPTED', records: 150 });

    const csv = await importFile('izbirateli_syn33-a.csv', appendix1Csv(rows.map((r) => appendix1Fields(r))));
    expect(csv).toMatchObject({ status: 'ACCEPTED', records: 150 });
    if (mdb.status !== 'ACCEPTED' || csv.status !== 'ACCEPTED') return;
    const fromAccess = await staged(mdb.submissionId);
    expect(fromAccess).toHaveLength(150);
    expect(fromAccess).toEqual(await staged(csv.submissionId));
    expect(fromAccess.filter((r) => r.deleted)).toHaveLength(rows.filter((r) => r.deleted).length);
  });

  it('is recognised by its content whatever its name, and reads a table of any name', async () => {
    const rows = generated().slice(0, 4).map(appendix1AccessRow);
    const table = {
      name: 'Список избирателей',
      columns: appendix1Columns(),
      rows: rows.map((r) => APPENDIX1_FIELD_NAMES.map((f) => r[f] ?? null)),
    };
    expect(await importFile('spisok.csv', writeJet4(table))).toMatchObject({ status: 'ACCEPTED', records: 4 });
  });

  it('stages bad records of a database with their problems, each a finding with row, Cod and field', async () => {
    const rows = generated().map(appendix1AccessRow);
    rows[2].Korpus = '-';
    const iin = String(rows[6].Cod_izber);
    rows[6].Cod_izber = iin.slice(0, 11) + String((Number(iin[11]) + 1) % 10);
    rows[11].Date_rogd = new Date('1890-05-01T00:00:00Z');
    // Added and then deleted in the same half-year: not a problem.
    rows[14] = { ...rows[14], Dopol2: true, Dopol4: true, Dopol3: new Date('2033-06-01T00:00:00Z') };
    rows[20].Cod = rows[1].Cod;
    rows[25].Nac = 'нет';
    const input = fx.upload('izbirateli_bad.mdb', writeAppendix1Mdb(rows));
    const outcome = await importVoterCsv(fx.prisma, fx.client, fx.store, input);
    expect(outcome).toMatchObject({ status: 'ACCEPTED', records: 150, rowsWithProblems: 5, recordProblems: 5 });
    const problems = await fx.prisma.voterFileRecord.findMany({
      where: { submissionId: input.fileId as never, NOT: { problems: { isEmpty: true } } },
      orderBy: { row: 'asc' },
      select: { row: true, cod: true, problems: true },
    });
    expect(problems).toEqual([
      { row: 3, cod: 3, problems: ['Korpus:placeholder'] },
      { row: 7, cod: 7, problems: ['Cod_izber:check-digit'] },
      { row: 12, cod: 12, problems: ['Date_rogd:impossible'] },
      { row: 21, cod: null, problems: ['Cod:repeated:2'] },
      { row: 26, cod: 26, problems: ['Nac:placeholder'] },
    ]);
    expect(await fx.prisma.receivedFile.findUnique({ where: { id: input.fileId as never } })).toMatchObject({
      status: 'ACCEPTED',
      records: 150,
    });
    // A retry answers with the recorded verdict.
    expect(await importVoterCsv(fx.prisma, fx.client, fx.store, input)).toMatchObject({
      status: 'ACCEPTED',
      submissionId: input.fileId,
      records: 150,
    });
  });

  it('refuses a table whose fields are missing, unknown or of the wrong Access type', async () => {
    const rows = generated().slice(0, 3).map(appendix1AccessRow);
    const columns = appendix1Columns()
      .filter((c) => c.name !== 'Hourse')
      .map((c) => (c.name === 'Date_rogd' ? { name: c.name, type: 'text' as const } : c));
    columns.push({ name: 'Telefon', type: 'text' });
    const values = rows.map((r) =>
      columns.map((c): JetValue =>
        c.name === 'Date_rogd' ? '01.01.1980' : c.name === 'Telefon' ? null : (r[c.name] ?? null),
      ),
    );
    const outcome = await importFile(
      'izbirateli_columns.mdb',
      writeJet4({ name: 'Izbirateli', columns, rows: values }),
    );
    expect(messagesOf(outcome)).toEqual([
      '(header): the file lacks the Appendix 1 field(s) Hourse',
      '(header): the file has field(s) Appendix 1 does not define: Telefon',
      '(header): the column Date_rogd is of type Text; Appendix 1 makes it Date/Time',
    ]);
  });

  it('refuses by name, with a verdict, a field kept as an attachment, a calculated column or an unknown type', async () => {
    const rows = generated().slice(0, 3).map(appendix1AccessRow);
    const columns = appendix1Columns();
    const bytes = writeJet4({
      name: 'Izbirateli',
      columns,
      rows: rows.map((r) => columns.map((c): JetValue => r[c.name] ?? null)),
    });
    // The column definitions (HACKING.md): the user table's TDEF page, 63 bytes, 12 per real index, 25 per column.
    const tdef = tableDefinitionAt(bytes);
    const entry = (field: string) =>
      tdef + 63 + bytes.readUInt32LE(tdef + 51) * 12 + columns.findIndex((c) => c.name === field) * 25;
    bytes[entry('Note')] = 0x12; // a complex column: an attachment or several values
    bytes[entry('Soname') + 16] = 0xc0; // calculated
    bytes[entry('Kvartira')] = 0x11; // a code no reader knows
    const outcome = await importFile('izbirateli_types.mdb', bytes);
    expect(messagesOf(outcome)).toEqual([
      '(header): the column Soname is of type Calculated; Appendix 1 makes it Text',
      '(header): the column Kvartira is of type unknown; Appendix 1 makes it Text',
      '(header): the column Note is of type Attachment or multiple values; Appendix 1 makes it Text',
    ]);
    if (outcome.status !== 'REJECTED') return;
    expect(await fx.prisma.receivedFile.findUniqueOrThrow({ where: { id: outcome.fileId as never } })).toMatchObject({
      status: 'REJECTED',
    });
  });

  it('stages every row a table holds although its definition declares one fewer', async () => {
    const rows = generated().map(appendix1AccessRow);
    const bytes = writeAppendix1Mdb(rows);
    const tdef = tableDefinitionAt(bytes);
    bytes.writeUInt32LE(rows.length - 1, tdef + 16);
    const outcome = await importFile('izbirateli_stale_count.mdb', bytes);
    expect(outcome).toMatchObject({ status: 'ACCEPTED', records: 150 });
    if (outcome.status !== 'ACCEPTED') return;
    expect(await staged(outcome.submissionId)).toHaveLength(150);
  });

  it('reads a birth date before 1900 with a time of day as written and finds it impossible; 1900-01-01 06:00 is 1900-01-01', async () => {
    const rows = generated().slice(0, 2).map(appendix1AccessRow);
    rows[0].Date_rogd = new Date('1850-06-15T06:00:00Z');
    rows[1].Date_rogd = new Date('1900-01-01T06:00:00Z');
    rows[1].Date_vidach = new Date('1920-01-01T00:00:00Z');
    const input = fx.upload('izbirateli_old.mdb', writeAppendix1Mdb(rows));
    const outcome = await importVoterCsv(fx.prisma, fx.client, fx.store, input);
    expect(outcome).toMatchObject({ status: 'ACCEPTED', records: 2, rowsWithProblems: 1 });
    const staged = await fx.prisma.voterFileRecord.findMany({
      where: { submissionId: input.fileId as never },
      orderBy: { row: 'asc' },
      select: { row: true, birthDate: true, problems: true },
    });
    expect(staged).toEqual([
      { row: 1, birthDate: null, problems: ['Date_rogd:impossible'] },
      { row: 2, birthDate: new Date('1900-01-01T00:00:00Z'), problems: [] },
    ]);
  });

  it.each(['jk_v2000_pk.mdb', 'jk_v2010.accdb', 'jk_v2016_pk.accdb'])(
    'stages %s, written by Jackcess (test/fixtures/access), with every value the file holds',
    async (name) => {
      const fixtures = join(__dirname, '../fixtures/access');
      const expected = readFileSync(join(fixtures, name.replace(/\.\w+$/, '.jsonl')), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, string | number | boolean | null>);
      const input = fx.upload(name.replace(/^jk/, 'izbirateli'), readFileSync(join(fixtures, name)));
      const outcome = await importVoterCsv(fx.prisma, fx.client, fx.store, input);
      expect(outcome).toMatchObject({ records: 2000 });
      const rows = await fx.prisma.voterFileRecord.findMany({
        where: { submissionId: input.fileId as never },
        orderBy: { row: 'asc' },
      });
      const text = (v: unknown) => (v === null || v === '' ? null : String(v));
      const day = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : null);
      const asStaged = (r: (typeof rows)[number]) => ({
        cod: r.cod,
        iin: r.iin,
        names: [r.surname, r.firstName, r.patronymic].map(text),
        station: r.stationCode,
        place: [r.okgR, r.okgOb, r.okgRai, r.obl, r.rai, r.locality, r.street, r.house, r.building, r.apartment].map(
          text,
        ),
        person: [r.nationality, r.documentNumber, r.note].map(text),
        sex: r.sex,
        dates: [r.birthDate, r.documentIssuedOn, r.changedOn].map((d) => d?.toISOString().slice(0, 10) ?? null),
        flags: [r.changed, r.deleted, r.added],
      });
      const asWritten = (e: Record<string, string | number | boolean | null>) => ({
        cod: e.Cod,
        iin: e.Cod_izber,
        names: [e.Soname, e.Name, e.Otchestvo].map(text),
        station: e.Cod_uch,
        place: [
          e.Okg_r,
          e.Okg_ob,
          e.Okg_rai,
          e.Obl,
          e.Rai,
          e.Mesto_progiv,
          e.Street,
          e.Hourse,
          e.Korpus,
          e.Kvartira,
        ].map(text),
        person: [e.Nac, e.Udostve, e.Note].map(text),
        // The intake writes the sex as М or Ж whichever letter of the Rules' list the file used (Е, Ә, м, ж...).
        sex: e.mal === null || e.mal === '' ? null : /^[ЕеМм]$/.test(String(e.mal)) ? 'М' : 'Ж',
        dates: [e.Date_rogd, e.Date_vidach, e.Dopol3].map(day),
        flags: [e.Dopol1 === true, e.Dopol2 === true, e.Dopol4 === true],
      });
      expect(rows).toHaveLength(2000);
      // A record the intake finds a problem in keeps the field empty (its finding says why): compared where clean.
      const clean = rows.filter((r) => r.problems.length === 0);
      expect(clean.length).toBeGreaterThan(1500);
      expect(clean.map(asStaged)).toEqual(clean.map((r) => asWritten(expected[r.row - 1]!)));
    },
  );

  it('refuses an empty table and a damaged database, in plain words', async () => {
    expect(messagesOf(await importFile('empty.mdb', writeAppendix1Mdb([])))).toEqual([
      '(file): the file holds no records',
    ]);

    const good = writeAppendix1Mdb(generated().slice(0, 3).map(appendix1AccessRow));
    const damaged = await importFile('damaged.mdb', good.subarray(0, 4096 * 2));
    expect(damaged.status).toBe('REJECTED');
    expect(messagesOf(damaged)[0]).toMatch(/^\(file\): the file cannot be read as an MS Access database/);
  });
});
