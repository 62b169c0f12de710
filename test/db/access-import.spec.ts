/**
 * Appendix 1 voter files in MS Access format, round-tripped: synthetic district files written by
 * the project's Jet 4 writer (libs/files/jet4), valid and broken in each way the Rules forbid, read
 * back by the importer (mdb-reader) on the real test PostgreSQL with the expected verdicts. A valid
 * database stages exactly what the same rows as CSV stage.
 */
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
      '(header): the column Date_rogd is of type text; Appendix 1 makes it Date/Time',
    ]);
  });

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
