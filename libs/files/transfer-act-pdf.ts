/**
 * The acceptance-transfer act as a PDF (A4, DejaVu Sans embedded), in Russian or Kazakh: the
 * territory and period, the table of files (kind, name, size in bytes, records, SHA-256), the two
 * sides with their times, the SHA-256 of the act's content, and the signatures recorded (signer
 * with the IIN masked, the certificate's serial, issuer and validity, the signing time and the
 * TSA's timestamp). Rendering only; the time of generation is an argument, so
 * the same act gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import { toLocalIso } from '../calendar/local-date';
import { fitColumns } from '../pdf/columns';
import { DEJAVU, pdfBytes, registerDejaVu } from '../pdf/dejavu';
import type { FileKind, TransferActStatus, TransferActView } from './transfer-act';

export type ActLang = 'ru' | 'kk';

type Doc = PDFKit.PDFDocument;

interface Words {
  title: (number: string) => string;
  subtitle: string;
  period: string;
  region: string;
  district: string;
  status: string;
  actId: string;
  submission: string;
  notYet: string;
  files: string;
  columns: [string, string, string, string, string, string];
  kinds: Record<FileKind, string>;
  statuses: Record<TransferActStatus, string>;
  handedOver: string;
  received: string;
  representative: string;
  position: string;
  time: string;
  contentHash: string;
  contentNotFrozen: string;
  signatures: string;
  signatureColumns: [string, string, string, string];
  sides: { akimat: string; commission: string };
  serial: string;
  fingerprint: string;
  iin: string;
  issuer: string;
  validity: string;
  timestamp: string;
  tsa: string;
  noSignatures: string;
  generated: (at: string) => string;
  page: (n: number) => string;
}

const RU: Words = {
  title: (n) => `Акт приёма-передачи № ${n}`,
  subtitle: 'сведений об избирателях, избирательных участках и их границах (Правила ЦИК № 11/196, пункт 5)',
  period: 'Период',
  region: 'Область, город республиканского значения',
  district: 'Район, город',
  status: 'Состояние акта',
  actId: 'Идентификатор акта',
  submission: 'Идентификатор представленных сведений',
  notYet: 'ещё не определён',
  files: 'Переданные файлы',
  columns: ['№', 'Вид сведений', 'Имя файла', 'Размер, байт', 'Записей', 'SHA-256'],
  kinds: {
    voters: 'Список избирателей (приложение 1)',
    stations: 'Список избирательных участков (приложение 2)',
    boundaries: 'Границы избирательных участков (приложение 3)',
  },
  statuses: {
    DRAFT: 'проект: приём не отмечен, файлы не сверены',
    RECEIVED: 'файлы приняты и сверены; подписи не поставлены',
    SIGNED_BY_AKIMAT: 'подписан стороной акимата',
    SIGNED_BY_COMMISSION: 'подписан стороной избирательной комиссии',
    SIGNED: 'подписан обеими сторонами',
  },
  handedOver: 'Передал (акимат)',
  received: 'Принял (избирательная комиссия)',
  representative: 'Представитель',
  position: 'Должность',
  time: 'Дата и время',
  contentHash: 'SHA-256 содержания акта (канонический JSON, который подписывают стороны)',
  contentNotFrozen: 'содержание будет зафиксировано при отметке о приёме',
  signatures: 'Электронные цифровые подписи',
  signatureColumns: ['Сторона', 'Подписант', 'Сертификат', 'Время подписания'],
  sides: { akimat: 'Акимат (передал)', commission: 'Комиссия (принял)' },
  serial: 'серийный номер',
  fingerprint: 'отпечаток SHA-256',
  iin: 'ИИН',
  issuer: 'издатель',
  validity: 'Действует',
  timestamp: 'Метка времени',
  tsa: 'служба меток времени',
  noSignatures: 'Подписи ещё не поставлены.',
  generated: (at) => `Сформировано в Tizim ${at}`,
  page: (n) => `стр. ${n}`,
};

const KK: Words = {
  title: (n) => `№ ${n} қабылдау-тапсыру актісі`,
  subtitle:
    'сайлаушылар, сайлау учаскелері және олардың шекаралары туралы мәліметтер (ОСК № 11/196 Қағидалары, 5-тармақ)',
  period: 'Кезең',
  region: 'Облыс, республикалық маңызы бар қала',
  district: 'Аудан, қала',
  status: 'Актінің күйі',
  actId: 'Актінің сәйкестендіргіші',
  submission: 'Ұсынылған мәліметтердің сәйкестендіргіші',
  notYet: 'әлі анықталмаған',
  files: 'Тапсырылған файлдар',
  columns: ['№', 'Мәліметтер түрі', 'Файл атауы', 'Көлемі, байт', 'Жазбалар', 'SHA-256'],
  kinds: {
    voters: 'Сайлаушылар тізімі (1-қосымша)',
    stations: 'Сайлау учаскелерінің тізімі (2-қосымша)',
    boundaries: 'Сайлау учаскелерінің шекаралары (3-қосымша)',
  },
  statuses: {
    DRAFT: 'жоба: қабылдау белгіленбеген, файлдар салыстырылмаған',
    RECEIVED: 'файлдар қабылданды және салыстырылды; қол қойылмаған',
    SIGNED_BY_AKIMAT: 'әкімдік тарапы қол қойды',
    SIGNED_BY_COMMISSION: 'сайлау комиссиясы тарапы қол қойды',
    SIGNED: 'екі тарап та қол қойды',
  },
  handedOver: 'Тапсырды (әкімдік)',
  received: 'Қабылдады (сайлау комиссиясы)',
  representative: 'Өкіл',
  position: 'Лауазымы',
  time: 'Күні мен уақыты',
  contentHash: 'Акт мазмұнының SHA-256 (тараптар қол қоятын канондық JSON)',
  contentNotFrozen: 'мазмұн қабылдау белгіленген кезде бекітіледі',
  signatures: 'Электрондық цифрлық қолтаңбалар',
  signatureColumns: ['Тарап', 'Қол қоюшы', 'Сертификат', 'Қол қойылған уақыты'],
  sides: { akimat: 'Әкімдік (тапсырды)', commission: 'Комиссия (қабылдады)' },
  serial: 'сериялық нөмірі',
  fingerprint: 'SHA-256 таңбасы',
  iin: 'ЖСН',
  issuer: 'берген орган',
  validity: 'Жарамды',
  timestamp: 'Уақыт белгісі',
  tsa: 'уақыт белгілері қызметі',
  noSignatures: 'Әлі қол қойылмаған.',
  generated: (at) => `Tizim жүйесінде қалыптастырылды ${at}`,
  page: (n) => `${n}-бет`,
};

const WORDS: Record<ActLang, Words> = { ru: RU, kk: KK };

const MARGIN = { top: 40, bottom: 50, left: 40, right: 40 };
const TABLE_SIZE = 7.5;
const PAD = 3;

/** The ISO instant in Asia/Almaty time with the offset of that moment (libs/calendar holds them). */
function almatyTime(iso: string): string {
  const local = toLocalIso(Date.parse(iso));
  return `${local.slice(0, 10)} ${local.slice(11, 19)} (UTC${local.slice(19, 22).replace(/^\+0/, '+')})`;
}

/** An ISO instant as Asia/Almaty's date and minute, for a certificate's validity. */
const almatyMinute = (iso: string): string => toLocalIso(Date.parse(iso)).slice(0, 16).replace('T', ' ');

/** A SHA-256 in two lines of 32 hex digits: it then wraps the same way whatever its digits. */
const hashLines = (hex: string): string => `${hex.slice(0, 32)}\n${hex.slice(32)}`;

const grouped = (n: number, lang: ActLang): string =>
  n.toLocaleString(lang === 'kk' ? 'kk-KZ' : 'ru-RU').replace(/\u202f/g, '\u00a0');

interface Column {
  header: string;
  width: number;
  min?: number;
  align?: 'left' | 'right';
}

interface Pages {
  doc: Doc;
  count: number;
  footer: string;
  words: Words;
}

const contentWidth = (doc: Doc): number => doc.page.width - MARGIN.left - MARGIN.right;

function newPage(p: Pages): void {
  p.doc.addPage();
  p.count += 1;
  const { doc } = p;
  const y = doc.page.height - MARGIN.bottom + 18;
  doc.font(DEJAVU.regular).fontSize(7).fillColor('#555555');
  doc.text(p.footer, MARGIN.left, y, { lineBreak: false });
  const page = p.words.page(p.count);
  doc.text(page, doc.page.width - MARGIN.right - doc.widthOfString(page), y, { lineBreak: false });
  doc.fillColor('black');
  doc.x = MARGIN.left;
  doc.y = MARGIN.top;
}

function ensureSpace(p: Pages, height: number): void {
  if (p.doc.y + height > p.doc.page.height - MARGIN.bottom) newPage(p);
}

function heading(p: Pages, text: string): void {
  const { doc } = p;
  doc.font(DEJAVU.bold).fontSize(11);
  ensureSpace(p, 60);
  doc
    .font(DEJAVU.bold)
    .fontSize(11)
    .text(text, MARGIN.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.4);
}

/** "Name: value" lines, the name in bold. */
function fields(p: Pages, rows: [string, string][]): void {
  const { doc } = p;
  for (const [name, value] of rows) {
    ensureSpace(p, 14);
    doc
      .font(DEJAVU.bold)
      .fontSize(9)
      .text(`${name}: `, MARGIN.left, doc.y, { continued: true, width: contentWidth(doc) });
    doc.font(DEJAVU.regular).text(value);
  }
}

/** A table whose cells wrap; the header row repeats on each page it runs onto. */
function table(p: Pages, given: Column[], rows: string[][]): void {
  const { doc } = p;
  const columns = fitColumns(doc, given, DEJAVU.bold, TABLE_SIZE, PAD);
  const width = columns.reduce((s, c) => s + c.width, 0);
  const heightOf = (cells: string[], font: string): number => {
    doc.font(font).fontSize(TABLE_SIZE);
    return Math.max(...columns.map((c, i) => doc.heightOfString(cells[i] || ' ', { width: c.width - 2 * PAD })));
  };
  const draw = (cells: string[], font: string, shade: boolean): void => {
    const h = heightOf(cells, font) + 2 * PAD;
    if (doc.y + h > doc.page.height - MARGIN.bottom) {
      newPage(p);
      if (!shade)
        draw(
          columns.map((c) => c.header),
          DEJAVU.bold,
          true,
        );
    }
    const y = doc.y;
    if (shade) doc.rect(MARGIN.left, y, width, h).fillColor('#eeeeee').fill().fillColor('black');
    let x = MARGIN.left;
    doc.font(font).fontSize(TABLE_SIZE);
    columns.forEach((c, i) => {
      doc.text(cells[i] ?? '', x + PAD, y + PAD, { width: c.width - 2 * PAD, align: c.align ?? 'left' });
      doc.rect(x, y, c.width, h).lineWidth(0.4).strokeColor('#888888').stroke();
      x += c.width;
    });
    doc.x = MARGIN.left;
    doc.y = y + h;
  };
  draw(
    columns.map((c) => c.header),
    DEJAVU.bold,
    true,
  );
  for (const row of rows) draw(row, DEJAVU.regular, false);
  doc.moveDown(1);
}

/** The act as a PDF in `lang`, generated at `generatedAt` (ISO instant). */
export async function transferActPdf(act: TransferActView, lang: ActLang, generatedAt: string): Promise<Buffer> {
  const w = WORDS[lang];
  const generated = almatyTime(generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    autoFirstPage: false,
    // CreationDate also seeds the file id: with it fixed, the same act gives the same bytes.
    info: { Title: w.title(act.number), Producer: 'Tizim', Creator: 'Tizim', CreationDate: new Date(generatedAt) },
  });
  const done = pdfBytes(doc);
  registerDejaVu(doc);
  const p: Pages = { doc, count: 0, footer: `${w.title(act.number)} — ${w.generated(generated)}`, words: w };
  newPage(p);

  doc
    .font(DEJAVU.bold)
    .fontSize(15)
    .text(w.title(act.number), { align: 'center', width: contentWidth(doc) });
  doc
    .font(DEJAVU.regular)
    .fontSize(9)
    .text(w.subtitle, { align: 'center', width: contentWidth(doc) });
  doc.moveDown(1);
  const name = (n: { nameRu: string; nameKk: string }) => (lang === 'kk' ? n.nameKk : n.nameRu);
  fields(p, [
    [w.period, act.period],
    [w.region, `${name(act.region)} (${act.region.code})`],
    [w.district, `${name(act.district)} (${act.district.id})`],
    [w.status, w.statuses[act.status]],
    [w.actId, act.id],
    [w.submission, act.submissionId ?? w.notYet],
  ]);
  doc.moveDown(1);

  heading(p, w.files);
  const [cNo, cKind, cName, cSize, cRecords, cSha] = w.columns;
  table(
    p,
    [
      { header: cNo, width: 20, align: 'right' },
      { header: cKind, width: 100 },
      { header: cName, width: 115 },
      { header: cSize, width: 60, align: 'right' },
      { header: cRecords, width: 50, align: 'right' },
      // Two lines of 32 hex digits (hashLines) fit as they are.
      { header: cSha, width: 170, min: 165 },
    ],
    act.files.map((f, i) => [
      String(i + 1),
      w.kinds[f.kind],
      f.name,
      grouped(f.sizeBytes, lang),
      grouped(f.records, lang),
      f.sha256 ? hashLines(f.sha256) : '—',
    ]),
  );

  const side = (title: string, rep: { name: string; position: string } | null, at: string | null): void => {
    heading(p, title);
    fields(p, [
      [w.representative, rep?.name ?? '—'],
      [w.position, rep?.position ?? '—'],
      [w.time, at ? almatyTime(at) : '—'],
    ]);
    doc.moveDown(0.8);
  };
  side(w.handedOver, act.akimat, act.handedOverAt);
  side(w.received, act.commission, act.receivedAt);

  heading(p, w.contentHash);
  doc
    .font(act.sha256 ? DEJAVU.bold : DEJAVU.regular)
    .fontSize(9)
    .text(act.sha256 ?? w.contentNotFrozen, MARGIN.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(1);

  heading(p, w.signatures);
  if (act.signatures.length === 0) {
    doc.font(DEJAVU.regular).fontSize(9).text(w.noSignatures, MARGIN.left, doc.y);
  } else {
    const [sSide, sSigner, sCert, sTime] = w.signatureColumns;
    table(
      p,
      [
        { header: sSide, width: 85 },
        { header: sSigner, width: 100 },
        { header: sCert, width: 245 },
        { header: sTime, width: 85 },
      ],
      act.signatures.map((s) => {
        const c = s.certificate;
        const validity = `${w.validity}: ${almatyMinute(c.notBefore)} – ${almatyMinute(c.notAfter)}`;
        // An NCA certificate (CMS through NCALayer) is named by its serial and issuer; the key-file
        // fallback's by the subject an admin registered and its fingerprint, as before.
        const certificate = s.timestamp
          ? [`${w.serial}: ${c.serial}`, `${w.issuer}: ${c.issuer}`, validity, s.scheme]
          : [
              c.subject,
              `${w.serial}: ${c.serial}`,
              `${w.fingerprint}:\n${hashLines(c.fingerprint)}`,
              validity,
              `${c.publicKeyAlgorithm}; ${s.scheme}`,
            ];
        return [
          w.sides[s.side],
          s.signer.iinMasked ? `${s.signer.name}\n${w.iin} ${s.signer.iinMasked}` : s.signer.name,
          certificate.join('\n'),
          [
            almatyTime(s.signedAt),
            ...(s.timestamp
              ? [`${w.timestamp}: ${almatyTime(s.timestamp.time)}`, `${w.tsa}: ${s.timestamp.tsaName}`]
              : []),
          ].join('\n'),
        ];
      }),
    );
  }
  doc.end();
  return done;
}
