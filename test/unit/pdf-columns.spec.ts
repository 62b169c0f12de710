/**
 * PDF table headers never break inside a word: each column is widened to its header's longest word
 * (libs/pdf/columns.ts), taking the width from the columns with room to spare; the act's Kazakh
 * «Жазбалар» and the report's «Категория» come out whole.
 */
import PDFDocument from 'pdfkit';
import { fitColumns, headerWordWidth } from '../../libs/pdf/columns';
import { DEJAVU, registerDejaVu } from '../../libs/pdf/dejavu';
import { transferActPdf } from '../../libs/files/transfer-act-pdf';
import type { TransferActView } from '../../libs/files/transfer-act';
import { lookupWords, rejectionCopyPdf } from '../../libs/voting-day/rejection-pdf';
import { pdfText } from '../support/pdf';

function doc(): PDFKit.PDFDocument {
  const d = new PDFDocument({ autoFirstPage: false });
  registerDejaVu(d);
  return d;
}

describe('fitColumns', () => {
  it('widens a column too narrow for its header word, from the column with most to spare, keeping the total', () => {
    const d = doc();
    const columns = [
      { header: '№', width: 20 },
      { header: 'Мәліметтер түрі', width: 100 },
      { header: 'Файл атауы', width: 115 },
      { header: 'Көлемі, байт', width: 60 },
      { header: 'Жазбалар', width: 30 },
      { header: 'SHA-256', width: 170, min: 165 },
    ];
    expect(headerWordWidth(d, 'Жазбалар', DEJAVU.bold, 7.5, 3)).toBeGreaterThan(30);
    const fitted = fitColumns(d, columns, DEJAVU.bold, 7.5, 3);
    expect(fitted.reduce((s, c) => s + c.width, 0)).toBe(columns.reduce((s, c) => s + c.width, 0));
    for (const c of fitted) {
      d.font(DEJAVU.bold).fontSize(7.5);
      for (const word of c.header.split(/\s+/)) expect(d.widthOfString(word) + 6).toBeLessThanOrEqual(c.width);
    }
    expect(fitted[5].width).toBeGreaterThanOrEqual(165);
    // The donor is the column with the most room beyond its own header: the file name's.
    expect(fitted[2].width).toBeLessThan(115);
  });

  it('keeps the widths when every header fits', () => {
    const columns = [
      { header: 'Категория', width: 100 },
      { header: 'Записей', width: 60 },
    ];
    expect(fitColumns(doc(), columns, DEJAVU.bold, 7, 2)).toEqual(columns);
  });
});

describe('the PDFs break no header word', () => {
  it('the Kazakh transfer act writes «Жазбалар» whole', async () => {
    const act = {
      id: '3f0c1a52-9a43-4a63-8f7e-1d2a3b4c5d6e',
      number: 'syn47-a-2036-01-1',
      period: '2036-01',
      region: { code: '47', nameRu: 'Мангистауская область', nameKk: 'Маңғыстау облысы' },
      district: { id: 'syn47-a', nameRu: 'Район Ақтау', nameKk: 'Ақтау ауданы' },
      status: 'DECLARED',
      submissionId: null,
      akimat: { holder: 'akimat-1', name: 'Жұмабекова Әйгерім Қайратқызы', position: 'главный специалист' },
      handedOverAt: '2035-12-28T05:30:00.000Z',
      commission: null,
      receivedAt: null,
      files: [
        {
          kind: 'voters',
          name: 'izbirateli.csv',
          sizeBytes: 48_213_377,
          records: 300_000,
          sha256: 'ab'.repeat(32),
          receivedFileId: null,
        },
      ],
      canonical: '{}',
      sha256: null,
      signatures: [],
      declaredBy: 'operator',
      declaredAt: '2035-12-28T05:31:00.000Z',
      receiptRecordedBy: null,
      signedAt: null,
    } as unknown as TransferActView;
    const text = pdfText(await transferActPdf(act, 'kk', '2035-12-28T08:00:00Z'));
    expect(text).toContain('Жазбалар');
  });
});

describe('the rejection copy speaks one language', () => {
  it('the Russian copy holds no Kazakh phrase and the Kazakh copy no Russian one', async () => {
    const copy = {
      votingDayName: 'Выборы, 2027-03-19',
      regionName: 'г. Астана',
      districtName: 'Район Алматы',
      stationNumber: 12,
      applicationNumber: 3,
      registeredAt: new Date('2027-03-19T05:00:00Z'),
      decidedAt: new Date('2027-03-19T06:00:00Z'),
      applicant: null,
      reason: 'не зарегистрирован на территории участка',
      correctStationNumber: null,
      callCentreStationNumber: null,
      decidedByName: 'Иванов И. И.',
    };
    for (const result of ['FOUND', 'NOT_FOUND', 'UNAVAILABLE', null]) {
      const ru = pdfText(await rejectionCopyPdf({ ...copy, lookup: lookupWords(result, 'ru') }, 'ru', copy.decidedAt));
      expect(ru).not.toMatch(/[әғқңөұүһі]/i);
      expect(lookupWords(result, 'kk')).toMatch(/[әғқңөұүһі]/i);
      expect(lookupWords(result, 'kk')).not.toContain(lookupWords(result, 'ru'));
    }
  });
});
