/**
 * Files over HTTP on the local stack: an akimat uploads its voter file (multipart), the API keeps
 * it by SHA-256 and queues the import, the worker's BullMQ consumer validates and stages it; a bad
 * file is refused with its report; a station list (XLSX) joins the accepted voter file, and one
 * without a voter file is refused; bad requests are refused by name; nothing is left in the upload
 * directory. Files keep their Cyrillic and Kazakh names however the client sends them, and a
 * transfer act naming one finds it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { FileStore } from '../../libs/files/store';
import { eventually, OPERATOR_HEADERS, type ApiAnswer } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { appendix1Csv } from '../../libs/synthetic/scenario';
import { withStations } from '../support/register';

const stack = useLocalStack({ config: { TIZIM_UPLOAD_MAX_MB: '1' } });
const PERIOD = '2034-01';

/** The register's voters of a district as an Appendix 1 CSV, the way an akimat builds its file. */
async function districtCsv(districtId: string, spoil?: (rows: Record<string, string>[]) => void): Promise<string> {
  const voters = await withStations(
    stack.prisma,
    await stack.prisma.registerVoter.findMany({ where: { districtId }, orderBy: { iin: 'asc' } }),
  );
  const rows = voters.map((v, i): Record<string, string> => ({
    Cod: String(i + 1),
    Cod_izber: v.iin,
    Soname: v.surname,
    Name: v.firstName,
    Otchestvo: v.patronymic ?? '',
    Cod_uch: String(v.station?.number ?? ''),
    Date_rogd: v.birthDate.toISOString().slice(0, 10),
    mal: v.sex === 'MALE' ? 'М' : 'Ж',
    Mesto_progiv: v.locality,
    Street: v.street ?? '',
    Hourse: v.house ?? '',
    Kvartira: v.apartment ?? '',
    Dopol1: '0',
    Dopol2: '0',
    Dopol4: '0',
  }));
  spoil?.(rows);
  return appendix1Csv(rows);
}

/** The register's stations of a district as an Appendix 2 sheet with Russian headers. */
async function stationListXlsx(districtId: string, title?: string): Promise<{ content: Buffer; rows: number }> {
  const stations = await stack.prisma.pollingStation.findMany({ where: { districtId }, orderBy: { number: 'asc' } });
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Участки');
  if (title) ws.addRow([title]);
  ws.addRow([
    '№ п/п',
    'Номер избирательного участка',
    'Наименование помещения для голосования',
    'Населенный пункт',
    'Улица',
    'Дом',
    'Отметка',
  ]);
  stations.forEach((st, i) =>
    ws.addRow([i + 1, st.number, st.premises, st.locality, st.street ?? '', st.house ?? '', '']),
  );
  ws.addRow(['Итого', null, stations.length]);
  return { content: Buffer.from(await wb.xlsx.writeBuffer()), rows: stations.length };
}

let acceptedVoterFile: string;

async function upload(
  fields: Record<string, string>,
  content?: string | Buffer,
  name = 'izbirateli.csv',
): Promise<Pick<ApiAnswer, 'status' | 'body'>> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (content !== undefined) form.set('file', new Blob([new Uint8Array(Buffer.from(content))]), name);
  const res = await fetch(`${stack.base}/v1/files`, {
    method: 'POST',
    headers: { Authorization: OPERATOR_HEADERS.Authorization },
    body: form,
  });
  return { status: res.status, body: await res.json() };
}

const decided = (id: string) =>
  eventually(
    `file ${id} decided`,
    async () => {
      const r = await stack.call('GET', `/v1/files/${id}`);
      return r.body.status !== 'RECEIVED' ? r.body : null;
    },
    60_000,
  );

describe('files API', () => {
  it('takes a voter file, keeps it by SHA-256, and the worker stages it', async () => {
    const csv = await districtCsv('7101');
    const sent = await upload({ period: PERIOD, districtId: '7101', kind: 'voters' }, csv, 'izbirateli_7101.csv');
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({
      kind: 'VOTERS',
      fileName: 'izbirateli_7101.csv',
      sha256: createHash('sha256').update(csv).digest('hex'),
      districtId: '7101',
      regionCode: '71',
    });
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
    const sent = await upload(
      { period: PERIOD, districtId: '7101', kind: 'stations', submissionId: acceptedVoterFile },
      content,
      'uchastki_7101.xlsx',
    );
    expect(sent).toMatchObject({
      status: 202,
      body: { kind: 'STATIONS', fileName: 'uchastki_7101.xlsx', status: 'RECEIVED', submissionId: acceptedVoterFile },
    });
    expect(await decided(sent.body.id)).toMatchObject({
      status: 'ACCEPTED',
      records: rows,
      submissionId: acceptedVoterFile,
      problemCount: 0,
    });
    expect(await stack.prisma.stationFileRecord.count({ where: { submissionId: acceptedVoterFile as never } })).toBe(
      rows,
    );
    expect(await stack.prisma.voterSubmission.findUnique({ where: { id: acceptedVoterFile as never } })).toMatchObject({
      stationFile: 'uchastki_7101.xlsx',
      stationRecords: rows,
      stationFileId: sent.body.id,
    });

    // Without a submissionId it joins the district's latest accepted voter file, replacing the list before.
    const corrected = await stationListXlsx('7101', 'Сведения об избирательных участках (уточнённые)');
    const again = await upload(
      { period: PERIOD, districtId: '7101', kind: 'stations' },
      corrected.content,
      'uchastki_7101_v2.xlsx',
    );
    expect(await decided(again.body.id)).toMatchObject({ status: 'ACCEPTED', submissionId: acceptedVoterFile });
    expect(await stack.prisma.voterSubmission.findUnique({ where: { id: acceptedVoterFile as never } })).toMatchObject({
      stationFile: 'uchastki_7101_v2.xlsx',
      stationRecords: rows,
    });

    // The submission's status: what is staged now, every file received for it, no boundaries yet.
    const status = await stack.call('GET', `/v1/submissions/${acceptedVoterFile}`);
    expect(status.body).toMatchObject({
      id: acceptedVoterFile,
      districtId: '7101',
      period: PERIOD,
      complete: false,
      staged: {
        voters: { fileId: acceptedVoterFile },
        stations: { fileId: again.body.id, name: 'uchastki_7101_v2.xlsx', records: rows },
        boundaries: null,
      },
      transferActs: [],
      reconciliations: [],
    });
    expect(status.body.files.map((f: { kind: string; status: string }) => `${f.kind} ${f.status}`)).toEqual([
      'VOTERS ACCEPTED',
      'STATIONS ACCEPTED',
      'STATIONS ACCEPTED',
    ]);
    const listed = await stack.call('GET', `/v1/submissions?period=${PERIOD}&districtId=7101`);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(acceptedVoterFile);
    expect(await stack.call('GET', `/v1/submissions/${sent.body.id}`)).toMatchObject({ status: 404 });
  });

  it('keeps a station list of a district with no accepted voter file, and refuses it with the reason', async () => {
    const { content } = await stationListXlsx('7102');
    const sent = await upload({ period: PERIOD, districtId: '7102', kind: 'stations' }, content, 'uchastki_7102.xlsx');
    expect(sent.status).toBe(202);
    expect(await decided(sent.body.id)).toMatchObject({
      status: 'REJECTED',
      kind: 'STATIONS',
      submissionId: null,
      problemCount: 1,
    });
    const report = await stack.call('GET', `/v1/files/${sent.body.id}/report`);
    expect(report.body).toMatchObject({
      file: 'uchastki_7102.xlsx',
      problems: [
        {
          row: 0,
          field: '(file)',
          message:
            'no voter file (Appendix 1) of district 7102 for period 2034-01 has been accepted: upload the voter file (Appendix 1) of this district and period first',
        },
      ],
    });
  });

  it('accepts a file with record problems, counting them: they are findings of the round, not a rejection report', async () => {
    const csv = await districtCsv('7102', (rows) => {
      rows[0].Hourse = '-';
      rows[1].Date_rogd = '2099-01-01';
    });
    const sent = await upload({ period: PERIOD, districtId: '7102', kind: 'voters' }, csv);
    const file = await decided(sent.body.id);
    expect(file).toMatchObject({
      status: 'ACCEPTED',
      problemCount: 0,
      rowsWithProblems: 2,
      recordProblems: 2,
      submissionId: sent.body.id,
    });
    const staged = await stack.prisma.voterFileRecord.findMany({
      where: { submissionId: sent.body.id, NOT: { problems: { isEmpty: true } } },
      orderBy: { row: 'asc' },
    });
    expect(staged.map((r) => [r.row, r.cod, r.problems])).toEqual([
      [1, 1, ['Hourse:placeholder']],
      [2, 2, ['Date_rogd:impossible']],
    ]);
    const report = await stack.call('GET', `/v1/files/${sent.body.id}/report`);
    expect(report).toMatchObject({
      status: 404,
      body: {
        detail: expect.stringContaining("its 2 record(s) with problems are findings of the district's reconciliation"),
      },
    });
  });

  it('answers the same bytes sent again with the file received, and queues nothing', async () => {
    const csv = await districtCsv('7101');
    const again = await upload({ period: PERIOD, districtId: '7101', kind: 'voters' }, csv, 'izbirateli_7101 (2).csv');
    expect(again).toMatchObject({
      status: 200,
      body: { id: acceptedVoterFile, status: 'ACCEPTED', fileName: 'izbirateli_7101.csv', alreadyReceived: true },
    });
    expect(
      await stack.prisma.receivedFile.count({ where: { period: PERIOD, districtId: '7101', kind: 'VOTERS' } }),
    ).toBe(1);
    const audit = await stack.prisma.auditEvent.findFirst({
      where: { action: 'file.upload-again', subjectId: acceptedVoterFile },
    });
    expect(audit).not.toBeNull();
    // Only a FAILED file is tried again.
    expect(await stack.call('POST', `/v1/files/${acceptedVoterFile}/retry`, { reason: 'test' })).toMatchObject({
      status: 409,
    });
    expect(await stack.call('POST', `/v1/files/${acceptedVoterFile}/retry`, {})).toMatchObject({ status: 400 });
  });

  it('refuses requests by name: no file, a bad field, an unknown district, a file over the size limit', async () => {
    expect(await upload({ period: PERIOD, districtId: '7101', kind: 'voters' })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'file' }] },
    });
    const badKind = await upload({ period: PERIOD, districtId: '7101', kind: 'maps' }, 'x');
    expect(badKind.status).toBe(400);
    expect(JSON.stringify(badKind.body)).toContain('kind must be voters, stations or boundaries');
    expect(
      await upload({ period: PERIOD, districtId: '7101', kind: 'stations', submissionId: 'nope' }, 'x'),
    ).toMatchObject({ status: 400 });
    expect(
      await upload({ period: PERIOD, districtId: '7101', kind: 'voters', submissionId: acceptedVoterFile }, 'x'),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'submissionId' }] } });
    expect(
      await upload({ period: PERIOD, districtId: '7102', kind: 'boundaries', submissionId: acceptedVoterFile }, 'x'),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'submissionId' }] } });
    expect(await upload({ period: PERIOD, districtId: '9999', kind: 'voters' }, 'x')).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'districtId' }] },
    });
    expect(
      (await upload({ period: PERIOD, districtId: '7101', kind: 'voters' }, Buffer.alloc(1024 * 1024 + 1, 65))).status,
    ).toBe(413);

    const uploads = join(stack.config.files.storeDir, 'uploads');
    await eventually(
      'the upload directory emptied',
      async () => !existsSync(uploads) || readdirSync(uploads).length === 0,
    );
  });
});

/**
 * The multipart body a client writes by hand, with the file part's Content-Disposition as given:
 * what curl, browsers and HTTP libraries send for a file's name differs in exactly that line.
 */
async function uploadAs(
  fields: Record<string, string>,
  content: string,
  disposition: string,
): Promise<Pick<ApiAnswer, 'status' | 'body'>> {
  const boundary = `----tizim-${randomUUID()}`;
  const body = Buffer.concat([
    ...Object.entries(fields).map(([k, v]) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`),
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\nContent-Type: text/csv\r\n\r\n`,
      'utf8',
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await fetch(`${stack.base}/v1/files`, {
    method: 'POST',
    headers: {
      Authorization: OPERATOR_HEADERS.Authorization,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
    },
    body,
  });
  return { status: res.status, body: await res.json() };
}

describe('files API: names in Cyrillic and Kazakh', () => {
  const period = '2034-07';
  const fields = { period, districtId: '7101', kind: 'voters' };
  const AKIMAT = { holder: 'akimat-7101', name: 'Жұмабекова Әйгерім', position: 'главный специалист' };
  const COMMISSION = { holder: 'commission-7101', name: 'Петров Алексей', position: 'секретарь' };

  it("keeps a file's name as sent (raw UTF-8, RFC 5987 filename*, decomposed), reads it back, and a transfer act naming it finds it", async () => {
    // Each upload its own bytes (the same bytes again would be answered with the first file).
    const csvOf = (key: string) =>
      districtCsv('7101', (rows) => {
        rows[0].Note = `upload ${key}`;
      });
    const content = {
      raw: await csvOf('raw'),
      star: await csvOf('star'),
      both: await csvOf('both'),
      decomposed: await csvOf('decomposed'),
    };
    const records = content.raw.trim().split('\r\n').length - 1;
    const names = {
      raw: 'избиратели_7101.csv',
      star: 'сайлаушылар_7101_әғқңөұүһі.csv',
      both: 'ТІЗІМ_ӘҒҚҢӨҰҮҺІ_7101.csv',
      decomposed: 'избиратели_йё_7101.csv',
    };
    const sent = {
      // FormData as browsers and Node's fetch write it: the name's UTF-8 bytes in filename="…".
      raw: await upload(fields, content.raw, names.raw),
      // RFC 5987 alone, and beside an ASCII fallback (which it overrides), with a language tag.
      star: await uploadAs(fields, content.star, `filename*=UTF-8''${encodeURIComponent(names.star)}`),
      both: await uploadAs(
        fields,
        content.both,
        `filename="TIZIM_7101.csv"; filename*=utf-8'kk'${encodeURIComponent(names.both)}`,
      ),
      // macOS may send й and ё decomposed (и + U+0306, е + U+0308); kept as people type them (NFC).
      decomposed: await upload(fields, content.decomposed, names.decomposed.normalize('NFD')),
    };
    expect(names.decomposed.normalize('NFD')).not.toBe(names.decomposed);
    for (const [key, name] of Object.entries(names) as [keyof typeof names, string][]) {
      expect({ key, status: sent[key].status, fileName: sent[key].body.fileName }).toEqual({
        key,
        status: 202,
        fileName: name,
      });
      expect(await decided(sent[key].body.id)).toMatchObject({ status: 'ACCEPTED', fileName: name, records });
      expect(await stack.prisma.voterSubmission.findUnique({ where: { id: sent[key].body.id } })).toMatchObject({
        voterFile: name,
      });
    }
    const listed = await stack.call('GET', `/v1/submissions/${sent.raw.body.id}`);
    expect(listed.body.files.map((f: { fileName: string }) => f.fileName)).toEqual([names.raw]);

    // Transfer acts name the files as the akimat typed them: found by name, kind, size and records.
    for (const [key, declaredName] of [
      ['raw', names.raw],
      ['decomposed', names.decomposed.normalize('NFD')],
    ] as const) {
      const act = await stack.call('POST', '/v1/transfer-acts', {
        period,
        districtId: '7101',
        akimat: AKIMAT,
        files: [{ kind: 'voters', name: declaredName, sizeBytes: Buffer.byteLength(content[key]), records }],
      });
      expect(act).toMatchObject({ status: 201, body: { files: [{ name: names[key] }] } });
      const receipt = await stack.call('POST', `/v1/transfer-acts/${act.body.id}/receipt`, { commission: COMMISSION });
      expect(receipt).toMatchObject({
        status: 200,
        body: {
          status: 'RECEIVED',
          submissionId: sent[key].body.id,
          files: [{ name: names[key], receivedFileId: sent[key].body.id }],
        },
      });
    }
  });
});
