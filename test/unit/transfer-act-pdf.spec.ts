/**
 * The transfer act's PDF (Russian and Kazakh, DejaVu Sans embedded, one A4 page, the same bytes for
 * the same act) and its canonical content (what each side signs: no status, no signatures).
 */
import { canonicalJson } from '../../libs/eds';
import { actContent, type TransferActView } from '../../libs/files/transfer-act';
import { transferActPdf } from '../../libs/files/transfer-act-pdf';
import { pdfCharacters, pdfPages, pdfText } from '../support/pdf';

const act: TransferActView = {
  id: '3f0c1a52-9a43-4a63-8f7e-1d2a3b4c5d6e',
  number: 'syn47-a-2036-01-1',
  period: '2036-01',
  region: { code: '47', nameRu: 'Мангистауская область', nameKk: 'Маңғыстау облысы' },
  district: { id: 'syn47-a', nameRu: 'Район Ақтау', nameKk: 'Ақтау ауданы' },
  status: 'SIGNED',
  submissionId: '9d0c1a52-9a43-4a63-8f7e-1d2a3b4c5d6e',
  akimat: { holder: 'akimat-1', name: 'Жұмабекова Әйгерім Қайратқызы', position: 'главный специалист' },
  handedOverAt: '2035-12-28T05:30:00.000Z',
  commission: { holder: 'commission-1', name: 'Иванов Сергей Петрович', position: 'секретарь комиссии' },
  receivedAt: '2035-12-28T07:00:00.000Z',
  files: [
    {
      kind: 'voters',
      name: 'izbirateli.csv',
      sizeBytes: 48_213_377,
      records: 300_000,
      sha256: 'ab'.repeat(32),
      receivedFileId: '9d0c1a52-9a43-4a63-8f7e-1d2a3b4c5d6e',
    },
  ],
  canonical: '{}',
  sha256: 'cd'.repeat(32),
  signatures: [
    {
      side: 'akimat',
      signer: { holder: 'akimat-1', name: 'Жұмабекова Әйгерім', iinMasked: null },
      certificate: {
        id: 'c1',
        subject: 'CN=Жұмабекова Әйгерім',
        issuer: 'CN=НУЦ РК',
        serial: '4E5417',
        fingerprint: 'ef'.repeat(32),
        publicKeyAlgorithm: 'RSA 2048',
        notBefore: '2035-01-10T00:00:00.000Z',
        notAfter: '2036-01-10T00:00:00.000Z',
      },
      scheme: 'RSASSA-PKCS1-v1_5 SHA-256',
      signedAt: '2035-12-28T07:10:00.000Z',
      recordedAt: '2035-12-28T07:10:01.000Z',
      timestamp: null,
      revocation: null,
    },
    {
      side: 'commission',
      signer: { holder: 'commission-1', name: 'ИВАНОВ СЕРГЕЙ', iinMasked: '********0123' },
      certificate: {
        id: 'c2',
        subject: 'C=KZ, CN=ИВАНОВ СЕРГЕЙ, SERIALNUMBER=IIN********0123',
        issuer: 'C=KZ, CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)',
        serial: '1A2B3C4D5E6F',
        fingerprint: '12'.repeat(32),
        publicKeyAlgorithm: 'RSA 2048',
        notBefore: '2035-03-01T04:00:00.000Z',
        notAfter: '2036-03-01T04:00:00.000Z',
      },
      scheme: 'CMS (CAdES-BES, detached), RSA 2048 SHA-256, RFC 3161 timestamp',
      signedAt: '2035-12-28T07:20:00.000Z',
      recordedAt: '2035-12-28T07:20:01.000Z',
      timestamp: { time: '2035-12-28T07:20:00.000Z', tsaName: 'NCA TSA RSA', serial: '7B' },
      revocation: { method: 'ocsp', status: 'good', checkedAt: '2035-12-28T07:20:00.000Z' },
    },
  ],
  declaredBy: 'operator',
  declaredAt: '2035-12-28T05:31:00.000Z',
  receiptRecordedBy: 'operator',
  signedAt: null,
};

describe('transferActPdf', () => {
  it('is one A4 page in Russian or Kazakh with DejaVu Sans embedded, and the same act gives the same bytes', async () => {
    for (const lang of ['ru', 'kk'] as const) {
      const pdf = await transferActPdf(act, lang, '2035-12-28T08:00:00Z');
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1')).toContain('DejaVuSans');
      expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
      expect(pdfPages(pdf)).toBe(1);
      const letters = pdfCharacters(pdf);
      for (const c of lang === 'kk' ? 'ҚқәұңіүғөАКТ' : 'АктприёмпередачиЖұмабекова') expect(letters).toContain(c);
      expect((await transferActPdf(act, lang, '2035-12-28T08:00:00Z')).equals(pdf)).toBe(true);
    }
  });

  it("shows each signature's signer (IIN masked), certificate serial, issuer and validity, time and the TSA's timestamp", async () => {
    for (const [lang, words] of [
      [
        'ru',
        ['ИИН ********0123', 'Действует: 2035-03-01 09:00 – 2036-03-01 09:00', 'Метка времени: 2035-12-28 12:20:00'],
      ],
      [
        'kk',
        ['ЖСН ********0123', 'Жарамды: 2035-03-01 09:00 – 2036-03-01 09:00', 'Уақыт белгісі: 2035-12-28 12:20:00'],
      ],
    ] as const) {
      const text = pdfText(await transferActPdf(act, lang, '2035-12-28T08:00:00Z')).replace(/\s+/g, ' ');
      for (const w of [...words, '1A2B3C4D5E6F', 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)', 'NCA TSA RSA', 'ИВАНОВ СЕРГЕЙ'])
        expect(text).toContain(w);
      // The key-file signature as before: the subject an admin registered, its fingerprint.
      expect(text).toContain('CN=Жұмабекова Әйгерім');
    }
  });

  it('renders a draft: no receipt, no content hash, no signatures', async () => {
    const draft = await transferActPdf(
      { ...act, status: 'DRAFT', commission: null, receivedAt: null, sha256: null, signatures: [], submissionId: null },
      'ru',
      '2035-12-28T08:00:00Z',
    );
    expect(pdfPages(draft)).toBe(1);
  });
});

describe('actContent', () => {
  it('holds what the paper act holds, not its status or signatures, and serialises canonically', () => {
    const content = actContent(act);
    const text = canonicalJson(content);
    expect(
      text.startsWith(
        '{"district":{"id":"syn47-a","nameKk":"Ақтау ауданы","nameRu":"Район Ақтау"},"files":[{"kind":"voters","name":"izbirateli.csv","receivedFileId"',
      ),
    ).toBe(true);
    expect(JSON.parse(text)).toEqual({
      format: 'tizim.transfer-act/1',
      id: act.id,
      number: act.number,
      period: '2036-01',
      region: act.region,
      district: act.district,
      submissionId: act.submissionId,
      files: act.files,
      handedOver: { by: act.akimat, at: act.handedOverAt },
      received: { by: act.commission, at: act.receivedAt },
    });
    expect(canonicalJson(actContent({ ...act, status: 'RECEIVED', signatures: [] } as TransferActView))).toBe(text);
  });
});
