/**
 * The copy of a precinct commission's reasoned decision to reject, handed to the applicant
 * (DOMAIN §3 step 5), as an A4 PDF in Russian or Kazakh with DejaVu Sans embedded. Rendering only:
 * the generation time is an argument, so the same decision gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import { toLocalIso } from '../calendar/local-date';
import { DEJAVU, pdfBytes, registerDejaVu } from '../pdf/dejavu';

export type DecisionLang = 'ru' | 'kk';

export interface RejectionCopy {
  votingDayName: string;
  regionName: string;
  districtName: string;
  stationNumber: number;
  applicationNumber: number;
  registeredAt: Date;
  decidedAt: Date;
  applicant: { surname: string; firstName: string; patronymic: string | null; iin: string } | null;
  /** What the state registration service returned, in words. */
  lookup: string;
  reason: string;
  correctStationNumber: number | null;
  callCentreStationNumber: number | null;
  decidedByName: string;
}

/** What the state registration service returned, in the decision's language (one language per copy). */
export const LOOKUP_WORDS: Record<DecisionLang, Record<'FOUND' | 'NOT_FOUND' | 'UNAVAILABLE', string>> = {
  ru: {
    FOUND: 'постоянная регистрация найдена',
    NOT_FOUND: 'постоянная регистрация не найдена',
    UNAVAILABLE: 'сервис регистрации не ответил',
  },
  kk: {
    FOUND: 'тұрақты тіркеу табылды',
    NOT_FOUND: 'тұрақты тіркеу табылмады',
    UNAVAILABLE: 'тіркеу қызметі жауап бермеді',
  },
};

/** The lookup's outcome in `lang`; an outcome not known here is the service's silence. */
export function lookupWords(result: string | null, lang: DecisionLang): string {
  const words = LOOKUP_WORDS[lang];
  return words[(result ?? 'UNAVAILABLE') as keyof typeof words] ?? words.UNAVAILABLE;
}

interface Words {
  title: string;
  subtitle: (station: number) => string;
  votingDay: string;
  territory: string;
  application: (n: number, at: string) => string;
  applicant: string;
  unknownApplicant: string;
  iin: string;
  lookup: string;
  callCentre: (n: number) => string;
  decision: string;
  reason: string;
  correct: (n: number) => string;
  correctUnknown: string;
  decidedAt: string;
  decidedBy: string;
  appeal: string;
  generated: (at: string) => string;
}

const RU: Words = {
  title: 'Мотивированное решение об отказе во включении в список избирателей',
  subtitle: (n) => `Участковая избирательная комиссия избирательного участка № ${n}`,
  votingDay: 'День голосования',
  territory: 'Область (город), район',
  application: (n, at) => `Заявление № ${n}, принято ${at}`,
  applicant: 'Заявитель',
  unknownApplicant: 'не найден в сведениях о регистрации',
  iin: 'ИИН',
  lookup: 'Сведения о постоянной регистрации',
  callCentre: (n) => `Региональный колл-центр сообщил номер участка: № ${n}`,
  decision: 'Комиссия решила: отказать во включении в список избирателей данного участка.',
  reason: 'Основание',
  correct: (n) => `Избирательный участок заявителя: № ${n}`,
  correctUnknown: 'Избирательный участок заявителя не установлен.',
  decidedAt: 'Дата и время решения',
  decidedBy: 'Член комиссии',
  appeal: 'Решение может быть обжаловано в вышестоящую избирательную комиссию или в суд.',
  generated: (at) => `Копия выдана заявителю ${at}`,
};

const KK: Words = {
  title: 'Сайлаушылар тізіміне енгізуден бас тарту туралы дәлелді шешім',
  subtitle: (n) => `№ ${n} сайлау учаскесінің учаскелік сайлау комиссиясы`,
  votingDay: 'Дауыс беру күні',
  territory: 'Облыс (қала), аудан',
  application: (n, at) => `№ ${n} өтініш, қабылданған уақыты ${at}`,
  applicant: 'Өтініш беруші',
  unknownApplicant: 'тіркеу мәліметтерінде табылмады',
  iin: 'ЖСН',
  lookup: 'Тұрақты тіркеу туралы мәліметтер',
  callCentre: (n) => `Өңірлік колл-орталық учаске нөмірін хабарлады: № ${n}`,
  decision: 'Комиссия шешті: осы учаскенің сайлаушылар тізіміне енгізуден бас тарту.',
  reason: 'Негізі',
  correct: (n) => `Өтініш берушінің сайлау учаскесі: № ${n}`,
  correctUnknown: 'Өтініш берушінің сайлау учаскесі анықталмады.',
  decidedAt: 'Шешім қабылданған күн мен уақыт',
  decidedBy: 'Комиссия мүшесі',
  appeal: 'Шешімге жоғары тұрған сайлау комиссиясына немесе сотқа шағым жасалуы мүмкін.',
  generated: (at) => `Көшірме өтініш берушіге берілді ${at}`,
};

const local = (d: Date) => toLocalIso(d.getTime()).slice(0, 16).replace('T', ' ');

export function rejectionCopyPdf(copy: RejectionCopy, lang: DecisionLang, generatedAt: Date): Promise<Buffer> {
  const w = lang === 'kk' ? KK : RU;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: w.title, CreationDate: generatedAt, ModDate: generatedAt },
  });
  registerDejaVu(doc);
  const bytes = pdfBytes(doc);
  const line = (label: string, value: string) => {
    doc.font(DEJAVU.bold).text(`${label}: `, { continued: true }).font(DEJAVU.regular).text(value);
  };
  doc.font(DEJAVU.bold).fontSize(14).text(w.title, { align: 'center' });
  doc.moveDown(0.3).font(DEJAVU.regular).fontSize(11).text(w.subtitle(copy.stationNumber), { align: 'center' });
  doc.moveDown(1.2).fontSize(10.5);
  line(w.votingDay, copy.votingDayName);
  line(w.territory, `${copy.regionName}, ${copy.districtName}`);
  doc.text(w.application(copy.applicationNumber, local(copy.registeredAt)));
  doc.moveDown(0.6);
  const a = copy.applicant;
  line(w.applicant, a ? [a.surname, a.firstName, a.patronymic].filter(Boolean).join(' ') : w.unknownApplicant);
  if (a) line(w.iin, a.iin);
  line(w.lookup, copy.lookup);
  if (copy.callCentreStationNumber !== null) doc.text(w.callCentre(copy.callCentreStationNumber));
  doc.moveDown(0.8).font(DEJAVU.bold).text(w.decision);
  doc.moveDown(0.4);
  line(w.reason, copy.reason);
  doc.text(copy.correctStationNumber !== null ? w.correct(copy.correctStationNumber) : w.correctUnknown);
  doc.moveDown(0.8);
  line(w.decidedAt, local(copy.decidedAt));
  line(w.decidedBy, copy.decidedByName);
  doc.moveDown(1).font(DEJAVU.regular).fontSize(9.5).text(w.appeal);
  doc.moveDown(0.5).text(w.generated(local(generatedAt)));
  doc.end();
  return bytes;
}
