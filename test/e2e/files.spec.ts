/**
 * Files over HTTP on the local stack: an akimat uploads its voter file (multipart), the API keeps
 * it by SHA-256 and queues the import, the worker's BullMQ consumer validates and stages it; a bad
 * file is refused with its report; a station list (XLSX) joins the accepted voter file, and one
 * without a voter file is refused; bad requests are refused by name; nothing is left in the upload
 * directory.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FileStore } from '../../libs/files/store';
import { eventually, OPERATOR_HEADERS, type ApiAnswer } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { appendix1Csv } from '../../libs/synthetic/scenario';

const stack = useLocalStack({ config: { TIZIM_UPLOAD_MAX_MB: '1' } });
const PERIOD = '2034-01';

/** The register's voters of a district as an Appendix 1 CSV, the way an akimat builds its file. */
async function districtCsv(districtId: string, spoil?: (rows: Record<string, string>[]) => void): Promise<string> {
  const voters = await stack.prisma.registerVoter.findMany({ where: { districtId }, include: { station: true }, orderBy: { iin: 'asc' } });
  const rows = voters.map((v, i): Record<string, string> => ({
    Cod: String(i + 1), Cod_izber: v.iin, Soname: v.surname, Name: v.firstName, Otchestvo: v.patronymic ?? '', Cod_uch: String(v.station?.number ?? ''),
    Date_rogd: v.birthDate.toISOString().slice(0, 10), mal: v.sex === 'MALE' ? 'М' : 'Ж', Mesto_progiv: v.locality, Street: v.street ?? '', Hourse: v.house ?? '',
    Kvartira: v.apartment ?? '', Dopol1: '0', Dopol2: '0', Dopol4: '0',
  }));
  spoil?.(rows);
  return appendix1Csv(rows);
}

/** The register's stations of a district as an Appendix 2 sheet with Russian headers. */
async function stationListXlsx(districtId: string): Promise<{ content: Buffer; rows: number }> {
  const stations = await stack.prisma.pollingStation.findMany({ where: { districtId }, orderBy: { number: 'asc' } });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Участки');
  ws.addRow(['№ п/п', 'Номер избирательного участка', 'Наименование помещения для голосования', 'Населенный пункт', 'Улица', 'Дом', 'Отметка']);
  stations.forEach((st, i) => ws.addRow([i + 1, st.number, st.premises, st.locality, st.street ?? '', st.house ?? '', '']));
  ws.addRow(['Итого', null, stations.length]);
  return { content: Buffer.from(await wb.xlsx.writeBuffer()), rows: stations.length };
}

let acceptedVoterFile: string;

async function upload(fields: Record<string, string>, content?: string | Buffer, name = 'izbirateli.csv'): Promise<Pick<ApiAnswer, 'status' | 'body'>> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (content !== undefined) form.set('file', new Blob([new Uint8Array(Buffer.from(content))]), name);
  const res = await fetch(`${stack.base}/v1/files`, { method: 'POST', headers: { Authorization: OPERATOR_HEADERS.Authorization }, body: form });
  return { status: res.status, body: await res.json() };
}

const decided = (id: string) =>
  eventually(`file ${id} decided`, async () => {
    const r = await stack.call('GET', `/v1/files/${id}`);
    return r.body.status !== 'RECEIVED' ? r.body : null;
  }, 60_000);

describe('files API', () => {
  it('takes a voter file, keeps it by SHA-256, and the worker stages it', async () => {
    const csv = await districtCsv('7101');
    const sent = await upload({ period: PERIOD, districtId: '7101', kind: 'voters' }, csv, 'izbirateli_7101.csv');
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ kind: 'VOTERS', fileName: 'izbirateli_7101.csv', sha256: createHash('sha256').update(csv).digest('hex'), districtId: '7101', regionCode: '71' });
    const file = await decided(sent.body.id);
    const rows = csv.trim().split('\r\n').length - 1;
    expect(file).toMatchObject({ status: 'ACCEPTED', records: rows, submissionId: sent.body.id, problemCount: 0 });
    expect(await stack.prisma.voterFileRecord.count({ where: { submissionId: sent.body.id } })).toBe(rows);
    expect(readFileSync(new FileStore(stack.config.files.storeDir).pathOf(sent.body.sha256), 'utf8')).toBe(csv);
    expect(await stack.call('GET', `/v1/files/${sent.body.id}/report`)).toMatchObject({ status: 404 });
    acceptedVoterFile = sent.body.id;
  });

  it('takes a station list (XLSX), and the worker stages it beside the accepted voter file', async () => {
    const { content, rows } = await stationListXlsx('7101');
    const sent = await upload({ period: PERIOD, districtId: '7101', kind: 'stations', submissionId: acceptedVoterFile }, content, 'uchastki_7101.xlsx');
    expect(sent).toMatchObject({ status: 202, body: { kind: 'STATIONS', fileName: 'uchastki_7101.xlsx', status: 'RECEIVED', submissionId: acceptedVoterFile } });
    expect(await decided(sent.body.id)).toMatchObject({ status: 'ACCEPTED', records: rows, submissionId: acceptedVoterFile, problemCount: 0 });
    expect(await stack.prisma.stationFileRecord.count({ where: { submissionId: acceptedVoterFile as never } })).toBe(rows);
    expect(await stack.prisma.voterSubmission.findUnique({ where: { id: acceptedVoterFile as never } })).toMatchObject({ stationFile: 'uchastki_7101.xlsx', stationRecords: rows, stationFileId: sent.body.id });

    // Without a submissionId it joins the district's latest accepted voter file, replacing the list before.
    const again = await upload({ period: PERIOD, districtId: '7101', kind: 'stations' }, content, 'uchastki_7101_v2.xlsx');
    expect(await decided(again.body.id)).toMatchObject({ status: 'ACCEPTED', submissionId: acceptedVoterFile });
    expect(await stack.prisma.voterSubmission.findUnique({ where: { id: acceptedVoterFile as never } })).toMatchObject({ stationFile: 'uchastki_7101_v2.xlsx', stationRecords: rows });

    // The submission's status: what is staged now, every file received for it, no boundaries yet.
    const status = await stack.call('GET', `/v1/submissions/${acceptedVoterFile}`);
    expect(status.body).toMatchObject({
      id: acceptedVoterFile, districtId: '7101', period: PERIOD, complete: false,
      staged: { voters: { fileId: acceptedVoterFile }, stations: { fileId: again.body.id, name: 'uchastki_7101_v2.xlsx', records: rows }, boundaries: null },
      transferActs: [], reconciliations: [],
    });
    expect(status.body.files.map((f: { kind: string; status: string }) => `${f.kind} ${f.status}`)).toEqual(['VOTERS ACCEPTED', 'STATIONS ACCEPTED', 'STATIONS ACCEPTED']);
    const listed = await stack.call('GET', `/v1/submissions?period=${PERIOD}&districtId=7101`);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(acceptedVoterFile);
    expect(await stack.call('GET', `/v1/submissions/${sent.body.id}`)).toMatchObject({ status: 404 });
  });

  it('keeps a station list of a district with no accepted voter file, and refuses it with the reason', async () => {
    const { content } = await stationListXlsx('7102');
    const sent = await upload({ period: PERIOD, districtId: '7102', kind: 'stations' }, content, 'uchastki_7102.xlsx');
    expect(sent.status).toBe(202);
    expect(await decided(sent.body.id)).toMatchObject({ status: 'REJECTED', kind: 'STATIONS', submissionId: null, problemCount: 1 });
    const report = await stack.call('GET', `/v1/files/${sent.body.id}/report`);
    expect(report.body).toMatchObject({
      file: 'uchastki_7102.xlsx',
      problems: [{ row: 0, field: '(file)', message: 'no voter file (Appendix 1) of district 7102 for period 2034-01 has been accepted: upload the voter file (Appendix 1) of this district and period first' }],
    });
  });

  it('refuses a bad file with a report naming row, Cod and field, and stages nothing', async () => {
    const csv = await districtCsv('7102', (rows) => {
      rows[0].Hourse = '-';
      rows[1].Date_rogd = '2099-01-01';
    });
    const sent = await upload({ period: PERIOD, districtId: '7102', kind: 'voters' }, csv);
    const file = await decided(sent.body.id);
    expect(file).toMatchObject({ status: 'REJECTED', problemCount: 2, submissionId: null });
    const report = await stack.call('GET', `/v1/files/${sent.body.id}/report`);
    expect(report.body.problems.map((p: { row: number; cod: string; field: string }) => [p.row, p.cod, p.field])).toEqual([[1, '1', 'Hourse'], [2, '2', 'Date_rogd']]);
    expect(await stack.prisma.voterSubmission.count({ where: { id: sent.body.id } })).toBe(0);
  });

  it('refuses requests by name: no file, a bad field, an unknown district, a file over the size limit', async () => {
    expect(await upload({ period: PERIOD, districtId: '7101', kind: 'voters' })).toMatchObject({ status: 400, body: { errors: [{ field: 'file' }] } });
    const badKind = await upload({ period: PERIOD, districtId: '7101', kind: 'maps' }, 'x');
    expect(badKind.status).toBe(400);
    expect(JSON.stringify(badKind.body)).toContain('kind must be voters, stations or boundaries');
    expect(await upload({ period: PERIOD, districtId: '7101', kind: 'stations', submissionId: 'nope' }, 'x')).toMatchObject({ status: 400 });
    expect(await upload({ period: PERIOD, districtId: '7101', kind: 'voters', submissionId: acceptedVoterFile }, 'x')).toMatchObject({ status: 400, body: { errors: [{ field: 'submissionId' }] } });
    expect(await upload({ period: PERIOD, districtId: '7102', kind: 'boundaries', submissionId: acceptedVoterFile }, 'x')).toMatchObject({ status: 400, body: { errors: [{ field: 'submissionId' }] } });
    expect(await upload({ period: PERIOD, districtId: '9999', kind: 'voters' }, 'x')).toMatchObject({ status: 400, body: { errors: [{ field: 'districtId' }] } });
    expect((await upload({ period: PERIOD, districtId: '7101', kind: 'voters' }, Buffer.alloc(1024 * 1024 + 1, 65))).status).toBe(413);

    const uploads = join(stack.config.files.storeDir, 'uploads');
    await eventually('the upload directory emptied', async () => !existsSync(uploads) || readdirSync(uploads).length === 0);
  });
});
