/**
 * The e-mail of an officials' inbox notification (a reminder, an escalation raised or climbed), in
 * the official's language (Russian or Kazakh), with the link to the task in the console. Built from
 * the notification's structured fields and the territory's names only: no IIN, no person's name,
 * no address, no voter data (the message leaves the system through a mail relay).
 */

export type MailLanguage = 'ru' | 'kk';
export const MAIL_LANGUAGES: readonly MailLanguage[] = ['ru', 'kk'];

export interface OfficialMailFacts {
  kind: 'REMINDER' | 'ESCALATION_RAISED' | 'ESCALATION_CLIMBED';
  /** A task kind (a reminder) or a cycle step (an escalation). */
  step: string;
  period: string;
  dueAt: Date;
  taskId: string | null;
  region: { nameRu: string; nameKk: string } | null;
  district: { nameRu: string; nameKk: string } | null;
  /** The escalation's reason and how far the chain misses the CEC deadline, when it is one. */
  reason?: 'DEADLINE_PASSED' | 'PROJECTED_MISS' | 'STEP_FAILED' | string | null;
  missesByWorkingDays?: number | null;
}

export interface OfficialMail {
  subject: string;
  text: string;
  /** The console's page the message points to. */
  link: string;
}

const STEP_WORDS: Record<MailLanguage, Record<string, string>> = {
  ru: {
    SUBMIT_FILES: 'Представить сведения об избирателях',
    REVIEW_DISCREPANCIES: 'Рассмотреть расхождения',
    SUBMIT_CORRECTIONS: 'Представить исправления',
    SUBMIT_TO_CEC: 'Представить в ЦИК',
    RECORD_CEC_RECEIPT: 'Отметить получение ЦИК',
    submission: 'Представление сведений',
    reconciliation: 'Сверка',
    reply: 'Ответ комиссии',
    correction: 'Исправления',
    cecSubmission: 'Представление в ЦИК',
  },
  kk: {
    SUBMIT_FILES: 'Сайлаушылар туралы мәліметтерді ұсыну',
    REVIEW_DISCREPANCIES: 'Сәйкессіздіктерді қарау',
    SUBMIT_CORRECTIONS: 'Түзетулерді ұсыну',
    SUBMIT_TO_CEC: 'ОСК-ға ұсыну',
    RECORD_CEC_RECEIPT: 'ОСК-ның алғанын белгілеу',
    submission: 'Мәліметтерді ұсыну',
    reconciliation: 'Салыстыру',
    reply: 'Комиссияның жауабы',
    correction: 'Түзетулер',
    cecSubmission: 'ОСК-ға ұсыну',
  },
};

const WORDS = {
  ru: {
    step: 'этап цикла',
    all: 'вся страна',
    zone: 'время Астаны',
    reminderSubject: 'Tizim: напоминание о сроке — {step}, {period}',
    reminder: 'Напоминание: задача «{step}» ({place}, период {period}) должна быть выполнена до {due}.',
    raisedSubject: 'Tizim: эскалация — {step}, {period}',
    climbedSubject: 'Tizim: эскалация передана вам — {step}, {period}',
    climbed: 'Эскалация дошла до вашего уровня, ниже по лестнице её никто не принял.',
    passed: 'Срок этапа «{step}» ({place}, период {period}) истёк {due}, этап не выполнен.',
    miss: 'По прогнозу цепочка сроков ({place}, период {period}) не успевает к сроку представления в ЦИК: {due}; отставание в рабочих днях: {days}.',
    failed:
      'Цикл ({place}, период {period}) остановился на сбое, который система не смогла преодолеть; остальные районы продолжают работу. Администратор перезапускает его после устранения причины. Срок представления в ЦИК: {due}.',
    openTask: 'Открыть задачу в консоли: {link}',
    openBoard: 'Открыть сводку в консоли: {link}',
    footer:
      'Письмо отправлено системой Tizim автоматически, ответ на него не читается. Какие уведомления приходят по почте, можно выбрать в консоли: {prefs}',
  },
  kk: {
    step: 'цикл кезеңі',
    all: 'бүкіл ел',
    zone: 'Астана уақыты',
    reminderSubject: 'Tizim: мерзім туралы еске салу — {step}, {period}',
    reminder: 'Еске салу: «{step}» тапсырмасы ({place}, кезең {period}) {due} дейін орындалуы тиіс.',
    raisedSubject: 'Tizim: эскалация — {step}, {period}',
    climbedSubject: 'Tizim: эскалация сізге жіберілді — {step}, {period}',
    climbed: 'Эскалация сіздің деңгейіңізге жетті, төменгі сатыда оны ешкім қабылдамады.',
    passed: '«{step}» кезеңінің мерзімі ({place}, кезең {period}) {due} өтті, кезең орындалмады.',
    miss: 'Болжам бойынша мерзімдер тізбегі ({place}, кезең {period}) ОСК-ға ұсыну мерзіміне үлгермейді: {due}; жұмыс күндерімен кешігу: {days}.',
    failed:
      'Цикл ({place}, кезең {period}) жүйе еңсере алмаған ақаудан тоқтады; қалған аудандар жұмысын жалғастырады. Себебі жойылғаннан кейін әкімші оны қайта іске қосады. ОСК-ға ұсыну мерзімі: {due}.',
    openTask: 'Тапсырманы консольде ашу: {link}',
    openBoard: 'Жиынтықты консольде ашу: {link}',
    footer:
      'Хатты Tizim жүйесі автоматты түрде жіберді, оған жауап оқылмайды. Поштамен қандай хабарламалар келетінін консольде таңдауға болады: {prefs}',
  },
} as const;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}

/** 15.01.2027 18:00 (Asia/Almaty), the same way in both languages. */
export function mailTime(at: Date): string {
  const parts = new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Asia/Almaty',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const p = (type: string) => parts.find((x) => x.type === type)?.value ?? '';
  return `${p('day')}.${p('month')}.${p('year')} ${p('hour')}:${p('minute')}`;
}

export function officialMail(facts: OfficialMailFacts, lang: MailLanguage, consoleUrl: string): OfficialMail {
  const w = WORDS[lang];
  const name = (n: { nameRu: string; nameKk: string } | null) => (n ? (lang === 'kk' ? n.nameKk : n.nameRu) : null);
  const place = [name(facts.district), name(facts.region)].filter(Boolean).join(', ') || w.all;
  const values = {
    step: STEP_WORDS[lang][facts.step] ?? w.step,
    period: facts.period,
    place,
    due: `${mailTime(facts.dueAt)} (${w.zone})`,
    days: String(facts.missesByWorkingDays ?? '—'),
  };
  const link = facts.taskId
    ? `${consoleUrl}/#/tasks?task=${facts.taskId}`
    : `${consoleUrl}/#/board?period=${encodeURIComponent(facts.period)}`;
  const subject = fill(
    facts.kind === 'REMINDER'
      ? w.reminderSubject
      : facts.kind === 'ESCALATION_CLIMBED'
        ? w.climbedSubject
        : w.raisedSubject,
    values,
  );
  const what =
    facts.kind === 'REMINDER'
      ? fill(w.reminder, values)
      : fill(facts.reason === 'PROJECTED_MISS' ? w.miss : facts.reason === 'STEP_FAILED' ? w.failed : w.passed, values);
  const lines = [
    ...(facts.kind === 'ESCALATION_CLIMBED' ? [w.climbed] : []),
    what,
    '',
    fill(facts.taskId ? w.openTask : w.openBoard, { link }),
    '',
    '—',
    fill(w.footer, { prefs: `${consoleUrl}/#/mail` }),
  ];
  return { subject, text: lines.join('\n'), link };
}
