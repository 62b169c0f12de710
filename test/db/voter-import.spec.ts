/**
 * Importing Appendix 1 voter files (CSV) into the staging table on the real test PostgreSQL, as
 * the Rules treat a file: a record's problem is staged with it and becomes a finding of the round
 * (para 9), exactly once, with its Cod and field; a problem of the whole file refuses it in plain
 * words that never quote its content; the original is kept by SHA-256 either way; a retry is safe.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { APPENDIX1_FIELD_NAMES } from '../../libs/files/appendix1';
import type { ImportOutcome } from '../../libs/db/files/received';
import { importVoterCsv } from '../../libs/db/files/voter-import';
import { FORM_CATEGORY, reconcileSubmission } from '../../libs/db/reconciliation/engine';
import { appendix1Csv, appendix1Fields, voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { useImportFixture } from '../support/import-fixture';

const SPEC: ScenarioSpec = {
  seed: 3101,
  referenceDate: '2033-01-04',
  period: '2033-01',
  regions: [
    {
      code: '31',
      stationBase: 800,
      districts: [
        { id: 'syn31-a', nameRu: 'Район Ж', nameKk: 'Ж ауданы', locality: 'Тараз', slot: 30, stations: [120, 120] },
        { id: 'syn31-b', nameRu: 'Район Е', nameKk: 'Е ауданы', locality: 'Тараз', slot: 32, stations: [60] },
      ],
    },
  ],
};

const csvOf = (rows: Record<string, string>[], delimiter = ';', header?: readonly string[]) =>
  appendix1Csv(rows, { delimiter, header });

/** Windows-1251 for the Russian letters (what Russian-locale Excel writes). */
function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((c) => {
      const code = c.charCodeAt(0);
      if (code < 0x80) return code;
      if (c === 'Ё') return 0xa8;
      if (c === 'ё') return 0xb8;
      if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
      throw new Error(`no Windows-1251 byte for ${c}`);
    }),
  );
}

const goodRows = (district = 'syn31-a') => [...voterFile(SPEC, district)].map((r) => appendix1Fields(r, 'dotted'));
const fx = useImportFixture(SPEC, 'syn31-a', { receivedAt: '2033-01-02T05:00:00Z' });

const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const reconcile = (submissionId: string) =>
  reconcileSubmission(fx.prisma, {
    runId: randomUUID(),
    submissionId,
    referenceDate: SPEC.referenceDate,
    workflowId: 'test',
    round: 1,
    at: '2033-01-04T05:00:00Z',
  });
const messagesOf = (o: ImportOutcome) =>
  o.status === 'REJECTED' ? o.report.problems.map((p) => `${p.field} ${p.message}`) : [o.status];

describe('voter file import (CSV)', () => {
  it('stages a good file whole, keeps the original by its SHA-256, and reconciliation reads it clean', async () => {
    const content = csvOf(goodRows());
    const input = fx.upload('izbirateli_syn31-a.csv', content);
    const progress: number[] = [];
    const outcome = await importVoterCsv(fx.prisma, fx.client, fx.store, {
      ...input,
      onProgress: (n) => progress.push(n),
    });
    expect(outcome).toEqual({
      status: 'ACCEPTED',
      fileId: input.fileId,
      submissionId: input.fileId,
      sha256: sha256(content),
      records: 240,
      rowsWithProblems: 0,
      recordProblems: 0,
    });
    expect(progress.at(-1)).toBe(240);
    expect(readFileSync(fx.store.pathOf(sha256(content)), 'utf8')).toBe(content);
    expect(await fx.prisma.voterFileRecord.count({ where: { submissionId: input.fileId as never } })).toBe(240);
    expect(await fx.prisma.receivedFile.findUnique({ where: { id: input.fileId as never } })).toMatchObject({
      status: 'ACCEPTED',
      records: 240,
      kind: 'VOTERS',
      submissionId: input.fileId,
    });

    // No station list yet: one finding says so, and nothing else.
    const result = await reconcile(input.fileId);
    expect(result.recordsWithFindings).toBe(0);
    expect(result.findings).toEqual([{ category: 0, subcategory: 'station-list-not-received', records: 1 }]);
  });

  it('accepts a file with every kind of record problem; each is one finding of its category, with Cod and field', async () => {
    const rows = goodRows();
    const wrongDigit = (iin: string) => iin.slice(0, 11) + String((Number(iin[11]) + 1) % 10);
    const badIin = wrongDigit(rows[9].Cod_izber);
    rows[4].Korpus = '-';
    rows[9].Cod_izber = badIin;
    rows[14].Cod_izber = '';
    rows[19].Date_rogd = '31.02.1980';
    rows[24].Date_rogd = '';
    rows[29].Soname = '';
    rows[34].Name = 'нет';
    rows[39].Note = 'примечание '.repeat(30);
    rows[44].Dopol3 = '2032-12-01';
    rows[49].Date_vidach = '2033-01-03';
    rows[54].Cod = rows[2].Cod;
    rows[59].Soname = `${rows[59].Soname}\u0000`;
    rows[64].Date_rogd = '1899-12-31';
    // Not problems: Latin M/F, and a record added and then changed in the half-year.
    rows[69].mal = rows[69].mal === 'М' ? 'M' : 'F';
    rows[74] = { ...rows[74], Dopol1: '1', Dopol4: '1', Dopol3: '2032-12-20' };
    const input = fx.upload('izbirateli_with_problems.csv', csvOf(rows));
    const outcome = await importVoterCsv(fx.prisma, fx.client, fx.store, input);
    expect(outcome).toMatchObject({ status: 'ACCEPTED', records: 240, rowsWithProblems: 13, recordProblems: 13 });
    expect(await fx.prisma.receivedFile.findUnique({ where: { id: input.fileId as never } })).toMatchObject({
      status: 'ACCEPTED',
      records: 240,
    });

    const result = await reconcile(input.fileId);
    const findings = await fx.prisma.reconciliationDiscrepancy.findMany({
      where: { runId: result.runId, category: { gt: 0 } },
      orderBy: [{ row: 'asc' }],
    });
    expect(
      findings.map((f) => [f.row, f.cod, f.category, f.subcategory, (f.evidence as { field?: string }).field]),
    ).toEqual([
      [5, 5, FORM_CATEGORY, 'Korpus:placeholder', 'Korpus'],
      [10, 10, 1, 'Cod_izber:check-digit', 'Cod_izber'],
      [15, 15, 1, 'Cod_izber:empty', 'Cod_izber'],
      [20, 20, 1, 'Date_rogd:not-a-date', 'Date_rogd'],
      [25, 25, 1, 'Date_rogd:empty', 'Date_rogd'],
      [30, 30, 1, 'Soname:empty', 'Soname'],
      [35, 35, 1, 'Name:placeholder', 'Name'],
      [40, 40, FORM_CATEGORY, 'Note:too-long', 'Note'],
      [45, 45, FORM_CATEGORY, 'Dopol3:without-flag', 'Dopol3'],
      [50, 50, FORM_CATEGORY, 'Date_vidach:after-receipt', 'Date_vidach'],
      [55, null, FORM_CATEGORY, 'Cod:repeated', 'Cod'],
      [60, 60, 1, 'Soname:control-character', 'Soname'],
      [65, 65, 1, 'Date_rogd:impossible', 'Date_rogd'],
    ]);
    expect(findings.find((f) => f.row === 55)?.evidence).toMatchObject({ rule: 'repeated', firstRow: 3 });
    // The finding names the record, which keeps the invalid IIN as written.
    expect(
      (await fx.prisma.voterFileRecord.findFirstOrThrow({ where: { submissionId: input.fileId, row: 10 } })).iin,
    ).toBe(badIin);
    expect(result.recordsWithFindings).toBe(13);
    expect(result.findings).toEqual(
      expect.arrayContaining([
        { category: 1, subcategory: 'Cod_izber:check-digit', records: 1 },
        { category: FORM_CATEGORY, subcategory: 'Korpus:placeholder', records: 1 },
      ]),
    );
    // The staged values: an invalid value empty, the wrong IIN as written, Latin M read as М.
    const staged = await fx.prisma.voterFileRecord.findMany({
      where: { submissionId: input.fileId as never, row: { in: [5, 10, 20, 55, 60, 70] } },
      orderBy: { row: 'asc' },
    });
    expect(staged.map((r) => [r.row, r.building, r.iin === badIin, r.birthDate, r.cod, r.surname, r.problems])).toEqual(
      [
        [5, null, false, expect.any(Date), 5, expect.any(String), ['Korpus:placeholder']],
        [10, null, true, expect.any(Date), 10, expect.any(String), ['Cod_izber:check-digit']],
        [20, null, false, null, 20, expect.any(String), ['Date_rogd:not-a-date']],
        [55, null, false, expect.any(Date), null, expect.any(String), ['Cod:repeated:3']],
        [60, null, false, expect.any(Date), 60, null, ['Soname:control-character']],
        [70, null, false, expect.any(Date), 70, expect.any(String), []],
      ],
    );
    expect(
      (await fx.prisma.voterFileRecord.findFirstOrThrow({ where: { submissionId: input.fileId as never, row: 70 } }))
        .sex,
    ).toBe(rows[69].mal === 'M' ? 'М' : 'Ж');
  });

  it('refuses a file whose header is not Appendix 1, one that is not CSV at all, and one without records', async () => {
    const header = APPENDIX1_FIELD_NAMES.map((n) => (n === 'Hourse' ? 'House' : n));
    const renamed = await importVoterCsv(
      fx.prisma,
      fx.client,
      fx.store,
      fx.upload('renamed.csv', csvOf(goodRows().slice(0, 3), ';', header)),
    );
    expect(renamed.status === 'REJECTED' && renamed.report.problems).toEqual([
      {
        cod: null,
        row: 0,
        field: '(header)',
        code: 'appendix1.missing-fields',
        params: { fields: ['Hourse'] },
        message: 'the file lacks the Appendix 1 field(s) Hourse',
      },
      {
        cod: null,
        row: 0,
        field: '(header)',
        code: 'appendix1.unknown-fields',
        params: { fields: ['House'], others: 0 },
        message: 'the file has field(s) Appendix 1 does not define: House',
      },
    ]);
    // The report as stored (and served by the files API) keeps the code and parameters beside the English.
    const stored = await fx.prisma.receivedFile.findUniqueOrThrow({ where: { id: renamed.fileId } });
    expect((stored.report as { problems: unknown[] }).problems[0]).toEqual({
      cod: null,
      row: 0,
      field: '(header)',
      code: 'appendix1.missing-fields',
      params: { fields: ['Hourse'] },
      message: 'the file lacks the Appendix 1 field(s) Hourse',
    });
    const broken = await importVoterCsv(
      fx.prisma,
      fx.client,
      fx.store,
      fx.upload('broken.csv', `${APPENDIX1_FIELD_NAMES.join(';')}\r\n1;2;3\r\n`),
    );
    expect(messagesOf(broken)).toEqual([
      '(file) the file is damaged at line 2: the record has 3 fields where the header has 26',
    ]);
    const empty = await importVoterCsv(
      fx.prisma,
      fx.client,
      fx.store,
      fx.upload('empty.csv', `${APPENDIX1_FIELD_NAMES.join(';')}\r\n`),
    );
    expect(messagesOf(empty)).toEqual(['(file) the file holds no records']);
    const nothing = await importVoterCsv(fx.prisma, fx.client, fx.store, fx.upload('nothing.csv', ''));
    expect(messagesOf(nothing)).toEqual(['(file) the file holds no records (not even the header row)']);
    for (const o of [renamed, broken, empty]) {
      expect(await fx.prisma.voterSubmission.findUnique({ where: { id: o.fileId as never } })).toBeNull();
    }
  });

  it('never copies the content of a file without a header row into its report', async () => {
    const rows = goodRows().slice(0, 3);
    const text = csvOf(rows).split('\r\n').slice(1).join('\r\n');
    const outcome = await importVoterCsv(fx.prisma, fx.client, fx.store, fx.upload('no-header.csv', text));
    expect(outcome.status).toBe('REJECTED');
    const report = JSON.stringify(outcome);
    for (const value of [rows[0].Cod_izber, rows[0].Soname, rows[0].Name, rows[0].Udostve, rows[0].Street])
      expect(report).not.toContain(value);
    expect(messagesOf(outcome)[0]).toMatch(/the first row is not the Appendix 1 header/);
  });

  it('reads a Windows-1251 file with commas as Russian-locale Excel writes it', async () => {
    const rows = goodRows()
      .slice(0, 5)
      .map((r, i) => ({
        ...r,
        Soname: ['Иванов', 'Петрова', 'Ёлкин', 'Смирнов', 'Ким'][i],
        Name: 'Сергей',
        Otchestvo: '',
        Mesto_progiv: 'Тараз',
        Street: 'Абая',
      }));
    const input = fx.upload('izbirateli_1251.csv', cp1251(csvOf(rows, ',')));
    expect(await importVoterCsv(fx.prisma, fx.client, fx.store, input)).toMatchObject({
      status: 'ACCEPTED',
      records: 5,
    });
    const staged = await fx.prisma.voterFileRecord.findMany({
      where: { submissionId: input.fileId as never },
      orderBy: { row: 'asc' },
      select: { surname: true },
    });
    expect(staged.map((r) => r.surname)).toEqual(['Иванов', 'Петрова', 'Ёлкин', 'Смирнов', 'Ким']);
  });

  it('reads UTF-16 with and without its byte-order mark, and a quotation mark inside an unquoted field', async () => {
    const rows = goodRows().slice(0, 4);
    const text = `${[APPENDIX1_FIELD_NAMES.join('\t'), ...rows.map((r) => APPENDIX1_FIELD_NAMES.map((f) => (f === 'Street' ? 'КГУ "Школа-гимназия № 5"' : (r[f] ?? ''))).join('\t'))].join('\r\n')}\r\n`;
    for (const [name, bytes] of [
      ['utf16le-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['utf16le.csv', Buffer.from(text, 'utf16le')],
    ] as const) {
      const input = fx.upload(name, bytes);
      expect(await importVoterCsv(fx.prisma, fx.client, fx.store, input)).toMatchObject({
        status: 'ACCEPTED',
        records: 4,
        rowsWithProblems: 0,
      });
      const staged = await fx.prisma.voterFileRecord.findFirstOrThrow({
        where: { submissionId: input.fileId as never, row: 1 },
      });
      expect([staged.surname, staged.street]).toEqual([rows[0].Soname, 'КГУ "Школа-гимназия № 5"']);
    }
  });

  it('refuses binary, KOI8-R and damaged files in plain words', async () => {
    const random = Buffer.alloc(50_000);
    for (let i = 0; i < random.length; i += 1) random[i] = (i * 7919 + (i >> 3) * 104729) % 256;
    expect(
      messagesOf(await importVoterCsv(fx.prisma, fx.client, fx.store, fx.upload('random.csv', random)))[0],
    ).toMatch(/^\(file\) the file is not text: it holds binary data/);

    const rows = goodRows()
      .slice(0, 30)
      .map((r, i) => ({
        ...r,
        Soname: ['Иванов', 'Петрова', 'Смирнов'][i % 3],
        Name: 'Сергей',
        Otchestvo: 'Иванович',
        Mesto_progiv: 'Тараз',
        Street: 'Абая',
        mal: 'М',
      }));
    const text = csvOf(rows);
    const koi = Buffer.from([...text].map((c) => KOI8[c] ?? c.charCodeAt(0)));
    expect(messagesOf(await importVoterCsv(fx.prisma, fx.client, fx.store, fx.upload('koi8.csv', koi)))).toEqual([
      "(file) the file's text is in the KOI8-R encoding, which Tizim does not read: save it as UTF-8 or Windows-1251 (in Excel: CSV UTF-8) and send it again",
    ]);

    // A first line of 10 MB (a header never ended): refused as damaged, and the report stays small.
    const huge = await importVoterCsv(
      fx.prisma,
      fx.client,
      fx.store,
      fx.upload('huge.csv', `"${'Иванов;'.repeat(800_000)}\r\n`),
    );
    expect(messagesOf(huge)).toEqual([
      '(file) the file is damaged at line 1: a record longer than 1024 KB starts there (a quotation mark never closed?)',
    ]);
    expect(JSON.stringify(huge).length).toBeLessThan(2000);

    const unclosed = `${APPENDIX1_FIELD_NAMES.join(';')}\r\n${APPENDIX1_FIELD_NAMES.map((f) => goodRows()[0][f] ?? '').join(';')}\r\n"${'x'.repeat(100)}`;
    expect(
      messagesOf(await importVoterCsv(fx.prisma, fx.client, fx.store, fx.upload('unclosed.csv', unclosed))),
    ).toEqual(['(file) the file is damaged at line 3: a quotation mark opens a field there and is never closed']);
  });

  it("refuses another district's file, and the same bytes sent for another period", async () => {
    const other = await importVoterCsv(
      fx.prisma,
      fx.client,
      fx.store,
      fx.upload('izbirateli_syn31-b.csv', csvOf(goodRows('syn31-b'))),
    );
    expect(messagesOf(other)).toEqual([
      "(file) the file is another district's: none of its polling stations (Cod_uch) is one of district syn31-a's, and 1 of its 1 are district syn31-b's (Район Е); send district syn31-a's own file",
    ]);

    const content = csvOf(goodRows().slice(0, 10));
    expect(await importVoterCsv(fx.prisma, fx.client, fx.store, fx.upload('v.csv', content))).toMatchObject({
      status: 'ACCEPTED',
    });
    const again = await importVoterCsv(fx.prisma, fx.client, fx.store, {
      ...fx.upload('v.csv', content),
      period: '2033-07',
    });
    expect(messagesOf(again)).toEqual([
      '(file) the same file (the same bytes) was accepted on 2033-01-02 as the voter file of period 2033-01: send the file of period 2033-07',
    ]);
  });

  it('answers a retry with the recorded verdict and changes nothing', async () => {
    const input = fx.upload('retry.csv', csvOf(goodRows().slice(0, 7)));
    const first = await importVoterCsv(fx.prisma, fx.client, fx.store, input);
    expect(await importVoterCsv(fx.prisma, fx.client, fx.store, input)).toMatchObject({
      status: 'ACCEPTED',
      submissionId: first.fileId,
      records: 7,
    });
    expect(await fx.prisma.voterFileRecord.count({ where: { submissionId: input.fileId as never } })).toBe(7);
  });
});

/** KOI8-R's bytes for the Russian letters (RFC 1489), to write a file as old Unix systems do. */
const KOI8: Record<string, number> = (() => {
  const decoded = new TextDecoder('koi8-r').decode(Uint8Array.from({ length: 128 }, (_, i) => i + 128));
  return Object.fromEntries([...decoded].map((c, i) => [c, i + 128]).filter(([c]) => /[А-Яа-яЁё]/.test(c as string)));
})();
