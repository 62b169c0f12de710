/**
 * Importing Appendix 1 voter files (CSV) into the staging tables on the real test PostgreSQL:
 * a good file is staged whole, a bad one not at all and refused with a report naming the row (Cod)
 * and the field of each problem; the original is kept by SHA-256 either way; a retry is safe.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { APPENDIX1_FIELD_NAMES } from '../../libs/files/appendix1';
import { importVoterCsv } from '../../libs/files/voter-import';
import { reconcileSubmission } from '../../libs/reconciliation/engine';
import { appendix1Csv, appendix1Fields, voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { useImportFixture } from '../support/import-fixture';

const SPEC: ScenarioSpec = {
  seed: 3101, referenceDate: '2033-01-04', period: '2033-01',
  regions: [{ code: '31', stationBase: 800, districts: [{ id: 'syn31-a', nameRu: 'Район Ж', nameKk: 'Ж ауданы', locality: 'Тараз', slot: 30, stations: [120, 120] }] }],
};
const TODAY = '2033-01-04';

const csvOf = (rows: Record<string, string>[], delimiter = ';', header?: readonly string[]) => appendix1Csv(rows, { delimiter, header });

/** Windows-1251 for the Russian letters (what Russian-locale Excel writes). */
function cp1251(text: string): Buffer {
  return Buffer.from([...text].map((c) => {
    const code = c.charCodeAt(0);
    if (code < 0x80) return code;
    if (c === 'Ё') return 0xa8;
    if (c === 'ё') return 0xb8;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    throw new Error(`no Windows-1251 byte for ${c}`);
  }));
}

const goodRows = () => [...voterFile(SPEC, 'syn31-a')].map((r) => appendix1Fields(r, 'dotted'));
const fx = useImportFixture(SPEC, 'syn31-a', { receivedAt: '2033-01-02T05:00:00Z', today: TODAY });

const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');

describe('voter file import (CSV)', () => {
  it('stages a good file whole, keeps the original by its SHA-256, and reconciliation reads it clean', async () => {
    const content = csvOf(goodRows());
    const input = fx.upload('izbirateli_syn31-a.csv', content);
    const progress: number[] = [];
    const outcome = await importVoterCsv(fx.prisma, fx.client, fx.store, { ...input, onProgress: (n) => progress.push(n) });
    expect(outcome).toEqual({ status: 'ACCEPTED', fileId: input.fileId, submissionId: input.fileId, sha256: sha256(content), records: 240 });
    expect(progress.at(-1)).toBe(240);
    expect(readFileSync(fx.store.pathOf(sha256(content)), 'utf8')).toBe(content);
    expect(await fx.prisma.voterFileRecord.count({ where: { submissionId: input.fileId as never } })).toBe(240);
    expect(await fx.prisma.receivedFile.findUnique({ where: { id: input.fileId as never } })).toMatchObject({ status: 'ACCEPTED', records: 240, kind: 'VOTERS', submissionId: input.fileId });

    // No station list yet: one finding says so, and nothing else.
    const result = await reconcileSubmission(fx.prisma, { runId: randomUUID(), submissionId: input.fileId, referenceDate: SPEC.referenceDate, workflowId: 'test', round: 1, at: '2033-01-04T05:00:00Z' });
    expect(result.recordsWithFindings).toBe(0);
    expect(result.findings).toEqual([{ category: 0, subcategory: 'station-list-not-received', records: 1 }]);
  });

  it('refuses a file with bad records, names row, Cod and field of each problem, and stages nothing', async () => {
    const rows = goodRows();
    rows[4].Korpus = '-';
    rows[9].Cod_izber = rows[9].Cod_izber.slice(0, 11) + String((Number(rows[9].Cod_izber[11]) + 1) % 10);
    rows[19].Date_rogd = '31.02.1980';
    rows[29] = { ...rows[29], Dopol2: '1', Dopol4: '1', Dopol3: '2032-12-01' };
    rows[39].Cod = rows[2].Cod;
    const input = fx.upload('izbirateli_bad.csv', csvOf(rows));
    const outcome = await importVoterCsv(fx.prisma, fx.client, fx.store, input);
    expect(outcome.status).toBe('REJECTED');
    if (outcome.status !== 'REJECTED') return;
    expect(outcome.report.problems.map((p) => [p.row, p.cod, p.field])).toEqual([
      [5, '5', 'Korpus'], [10, '10', 'Cod_izber'], [20, '20', 'Date_rogd'], [30, '30', 'Dopol4'], [40, '3', 'Cod'],
    ]);
    expect(outcome.report).toMatchObject({ file: 'izbirateli_bad.csv', problemCount: 5 });
    expect(JSON.stringify(outcome.report)).not.toContain(rows[9].Cod_izber); // no personal data in the report's words
    expect(await fx.prisma.voterSubmission.findUnique({ where: { id: input.fileId as never } })).toBeNull();
    expect(await fx.prisma.voterFileRecord.count({ where: { submissionId: input.fileId as never } })).toBe(0);
    expect(await fx.prisma.receivedFile.findUnique({ where: { id: input.fileId as never } })).toMatchObject({ status: 'REJECTED', problemCount: 5, records: 240 });
    expect(readFileSync(fx.store.pathOf(outcome.sha256))).toEqual(readFileSync(input.path));

    // A retry of the same upload answers as before and changes nothing.
    expect(await importVoterCsv(fx.prisma, fx.client, fx.store, input)).toEqual(outcome);
    expect(await fx.prisma.receivedFile.count({ where: { id: input.fileId as never } })).toBe(1);
  });

  it('refuses a file whose header is not Appendix 1, and one that is not CSV at all', async () => {
    const header = APPENDIX1_FIELD_NAMES.map((n) => (n === 'Hourse' ? 'House' : n));
    const renamed = await importVoterCsv(fx.prisma, fx.client, fx.store, fx.upload('renamed.csv', csvOf(goodRows().slice(0, 3), ';', header)));
    expect(renamed.status === 'REJECTED' && renamed.report.problems[0]).toEqual({
      cod: null, row: 0, field: '(header)', message: 'the file lacks the Appendix 1 field(s) Hourse',
    });
    const broken = await importVoterCsv(fx.prisma, fx.client, fx.store, fx.upload('broken.csv', `${APPENDIX1_FIELD_NAMES.join(';')}\r\n1;2;3\r\n`));
    expect(broken.status === 'REJECTED' && broken.report.problems.map((p) => `${p.field} ${p.message}`)).toEqual(["(file) the file cannot be read as CSV at line 2: the row does not have the header's 26 fields"]);
    const empty = await importVoterCsv(fx.prisma, fx.client, fx.store, fx.upload('empty.csv', `${APPENDIX1_FIELD_NAMES.join(';')}\r\n`));
    expect(empty.status === 'REJECTED' && empty.report.problems[0].message).toBe('the file holds no records');
  });

  it('reads a Windows-1251 file with commas as Russian-locale Excel writes it', async () => {
    const rows = goodRows().slice(0, 5).map((r, i) => ({ ...r, Soname: ['Иванов', 'Петрова', 'Ёлкин', 'Смирнов', 'Ким'][i], Name: 'Сергей', Otchestvo: '', Mesto_progiv: 'Тараз', Street: 'Абая' }));
    const input = fx.upload('izbirateli_1251.csv', cp1251(csvOf(rows, ',')));
    expect(await importVoterCsv(fx.prisma, fx.client, fx.store, input)).toMatchObject({ status: 'ACCEPTED', records: 5 });
    const staged = await fx.prisma.voterFileRecord.findMany({ where: { submissionId: input.fileId as never }, orderBy: { cod: 'asc' }, select: { surname: true } });
    expect(staged.map((r) => r.surname)).toEqual(['Иванов', 'Петрова', 'Ёлкин', 'Смирнов', 'Ким']);
  });
});
