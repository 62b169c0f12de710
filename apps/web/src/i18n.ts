/**
 * The console's words in Russian and Kazakh, in the terms of the CEC Rules and the joint
 * resolution (список избирателей / сайлаушылар тізімі, участок / учаске, акимат / әкімдік,
 * территориальная избирательная комиссия / аумақтық сайлау комиссиясы). The choice is kept in
 * localStorage.
 */
import { createContext, useContext } from 'react';

export type Lang = 'ru' | 'kk';

const RU = {
  app: 'Tizim — списки избирателей',
  language: 'Язык',
  signIn: 'Вход', signOut: 'Выйти', username: 'Имя пользователя', password: 'Пароль', signInButton: 'Войти',
  memberSignIn: 'Вход члена участковой комиссии (ЭЦП)', iin: 'ИИН', keyFile: 'Файл ключа ЭЦП (PKCS#8, PEM)', certFile: 'Файл сертификата (PEM)',
  signWithEds: 'Подписать и войти', edsHint: 'Ключ не покидает компьютер: браузер подписывает им одноразовый код сервера.',
  board: 'Сроки по регионам', tasks: 'Мои задачи', files: 'Файлы акимата', workflows: 'Процессы', audit: 'Журнал аудита', votingDay: 'День голосования',
  period: 'Период', region: 'Регион', district: 'Район', stage: 'Этап', updated: 'Обновлено', loading: 'Загрузка…', none: 'Нет записей',
  steps: { submission: 'Представление сведений', reconciliation: 'Сверка', reply: 'Ответ комиссии', correction: 'Исправления', cecSubmission: 'Представление в ЦИК' } as Record<string, string>,
  states: { met: 'выполнено', 'met-late': 'выполнено с опозданием', due: 'в срок', upcoming: 'предстоит', 'at-risk': 'под угрозой', overdue: 'просрочено', 'not-needed': 'не требуется' } as Record<string, string>,
  slack: 'Запас до срока ЦИК, рабочих дней', projected: 'по прогнозу', atRisk: 'Под угрозой', escalations: 'Эскалации', level: 'Уровень',
  levels: { AKIMAT_REGISTRAR: 'акимат', DISTRICT_COMMISSION: 'территориальная комиссия', REGIONAL_COMMISSION: 'областная комиссия', CEC_COORDINATOR: 'координатор ЦИК' } as Record<string, string>,
  escalationStatus: { open: 'открыта', acknowledged: 'принята к сведению', resolved: 'закрыта' } as Record<string, string>,
  acknowledge: 'Принять к сведению', resolve: 'Закрыть', comment: 'Комментарий', note: 'Как решено', deadline: 'Срок', timeline: 'График района по рабочим дням',
  dayOff: 'выходной', open: 'Открытые', soon: 'Скоро срок', overdue: 'Просроченные', claim: 'Взять', release: 'Вернуть', complete: 'Выполнить',
  kinds: { SUBMIT_FILES: 'Представить сведения об избирателях', REVIEW_DISCREPANCIES: 'Рассмотреть расхождения', SUBMIT_CORRECTIONS: 'Представить исправления', SUBMIT_TO_CEC: 'Представить в ЦИК', RECORD_CEC_RECEIPT: 'Отметить получение ЦИК' } as Record<string, string>,
  transferActId: 'Номер акта приёма-передачи (id)', decision: 'Решение', accept: 'Принять', sendBack: 'Вернуть на исправление', actNumber: 'Номер акта', receivedAt: 'Получено (дата и время)',
  upload: 'Загрузить файл', fileKind: 'Вид файла', fileKinds: { voters: 'Список избирателей (Приложение 1)', stations: 'Избирательные участки (Приложение 2)', boundaries: 'Границы участков (Приложение 3)' } as Record<string, string>,
  chooseFile: 'Файл', uploading: 'Передача файла', checking: 'Проверка файла', accepted: 'Файл принят', rejected: 'Файл отклонён', records: 'записей',
  row: 'Строка', field: 'Поле', problem: 'Что не так', transferAct: 'Акт приёма-передачи', showAct: 'Показать акт', actPdf: 'Акт (PDF)',
  reconciliations: 'Результаты сверки', discrepancies: 'расхождений', report: 'Отчёт о расхождениях (XLSX)', round: 'Раунд',
  history: 'История', temporalUi: 'Открыть в Temporal Web UI', type: 'Тип', status: 'Состояние', started: 'Начат', filter: 'Показать', next: 'Дальше',
  actor: 'Кто', action: 'Действие', subject: 'Объект', outcome: 'Итог', when: 'Когда', from: 'С', to: 'По',
  application: 'Заявление', applications: 'Заявления участка', registerApplication: 'Зарегистрировать заявление', applicantIin: 'ИИН заявителя',
  lookup: 'Сведения о регистрации', boundary: 'Границы участка', verdicts: { INSIDE: 'адрес в границах участка', OUTSIDE: 'адрес вне границ участка', UNKNOWN: 'адрес не описан в границах' } as Record<string, string>,
  lookups: { FOUND: 'постоянная регистрация найдена', NOT_FOUND: 'постоянная регистрация не найдена', UNAVAILABLE: 'сервис регистрации не ответил' } as Record<string, string>,
  appStatus: { REGISTERED: 'идёт проверка', AWAITING_DECISION: 'ждёт решения', INCLUDED: 'включён в дополнительный список', REJECTED: 'отказано' } as Record<string, string>,
  include: 'Включить в список', reject: 'Отказать', reason: 'Основание отказа', correctStation: 'Участок заявителя (если известен)', callCentre: 'Ответ колл-центра: номер участка',
  record: 'Записать', showPersonal: 'Показать данные заявителя', printCopy: 'Копия решения для заявителя (PDF)', retryLookup: 'Запросить снова', escalated: 'Передано в территориальную комиссию',
  noVoting: 'Голосование сейчас не идёт.', registered: 'Зарегистрировано',
  refusals: {
    'has not answered': 'Сервис регистрации не ответил: без сведений о регистрации включить нельзя.',
    'no permanent registration': 'У гражданина нет постоянной регистрации: включить нельзя, примите мотивированное решение об отказе.',
    'bars this citizen': 'В регистре есть сведения, исключающие участие в голосовании: примите мотивированное решение об отказе.',
    'not inside this precinct': 'Адрес регистрации не в границах участка: включить можно, только если колл-центр назвал этот участок.',
    'still running': 'Проверка регистрации ещё идёт.',
    'already been decided': 'По заявлению уже принято решение.',
  } as Record<string, string>,
};

type Words = typeof RU;

const KK: Words = {
  app: 'Tizim — сайлаушылар тізімдері',
  language: 'Тіл',
  signIn: 'Кіру', signOut: 'Шығу', username: 'Пайдаланушы аты', password: 'Құпиясөз', signInButton: 'Кіру',
  memberSignIn: 'Учаскелік комиссия мүшесінің кіруі (ЭЦҚ)', iin: 'ЖСН', keyFile: 'ЭЦҚ кілтінің файлы (PKCS#8, PEM)', certFile: 'Сертификат файлы (PEM)',
  signWithEds: 'Қол қойып кіру', edsHint: 'Кілт компьютерден шықпайды: браузер онымен сервердің бір реттік кодына қол қояды.',
  board: 'Өңірлер бойынша мерзімдер', tasks: 'Менің тапсырмаларым', files: 'Әкімдік файлдары', workflows: 'Процестер', audit: 'Аудит журналы', votingDay: 'Дауыс беру күні',
  period: 'Кезең', region: 'Өңір', district: 'Аудан', stage: 'Кезең сатысы', updated: 'Жаңартылды', loading: 'Жүктелуде…', none: 'Жазба жоқ',
  steps: { submission: 'Мәліметтерді ұсыну', reconciliation: 'Салыстыру', reply: 'Комиссияның жауабы', correction: 'Түзетулер', cecSubmission: 'ОСК-ға ұсыну' },
  states: { met: 'орындалды', 'met-late': 'кешігіп орындалды', due: 'мерзімінде', upcoming: 'алда', 'at-risk': 'қауіп төнді', overdue: 'мерзімі өтті', 'not-needed': 'қажет емес' },
  slack: 'ОСК мерзіміне дейінгі қор, жұмыс күндері', projected: 'болжам бойынша', atRisk: 'Қауіп төнді', escalations: 'Эскалациялар', level: 'Деңгей',
  levels: { AKIMAT_REGISTRAR: 'әкімдік', DISTRICT_COMMISSION: 'аумақтық комиссия', REGIONAL_COMMISSION: 'облыстық комиссия', CEC_COORDINATOR: 'ОСК үйлестірушісі' },
  escalationStatus: { open: 'ашық', acknowledged: 'назарға алынды', resolved: 'жабылды' },
  acknowledge: 'Назарға алу', resolve: 'Жабу', comment: 'Түсініктеме', note: 'Қалай шешілді', deadline: 'Мерзімі', timeline: 'Ауданның жұмыс күндері бойынша кестесі',
  dayOff: 'демалыс', open: 'Ашық', soon: 'Мерзімі жақын', overdue: 'Мерзімі өткен', claim: 'Алу', release: 'Қайтару', complete: 'Орындау',
  kinds: { SUBMIT_FILES: 'Сайлаушылар туралы мәліметтерді ұсыну', REVIEW_DISCREPANCIES: 'Сәйкессіздіктерді қарау', SUBMIT_CORRECTIONS: 'Түзетулерді ұсыну', SUBMIT_TO_CEC: 'ОСК-ға ұсыну', RECORD_CEC_RECEIPT: 'ОСК-ның алғанын белгілеу' },
  transferActId: 'Қабылдау-тапсыру актісінің нөмірі (id)', decision: 'Шешім', accept: 'Қабылдау', sendBack: 'Түзетуге қайтару', actNumber: 'Акт нөмірі', receivedAt: 'Алынды (күні мен уақыты)',
  upload: 'Файлды жүктеу', fileKind: 'Файл түрі', fileKinds: { voters: 'Сайлаушылар тізімі (1-қосымша)', stations: 'Сайлау учаскелері (2-қосымша)', boundaries: 'Учаскелер шекаралары (3-қосымша)' },
  chooseFile: 'Файл', uploading: 'Файл жіберілуде', checking: 'Файл тексерілуде', accepted: 'Файл қабылданды', rejected: 'Файл қабылданбады', records: 'жазба',
  row: 'Жол', field: 'Өріс', problem: 'Не дұрыс емес', transferAct: 'Қабылдау-тапсыру актісі', showAct: 'Актіні көрсету', actPdf: 'Акт (PDF)',
  reconciliations: 'Салыстыру нәтижелері', discrepancies: 'сәйкессіздік', report: 'Сәйкессіздіктер есебі (XLSX)', round: 'Раунд',
  history: 'Тарих', temporalUi: 'Temporal Web UI-да ашу', type: 'Түрі', status: 'Күйі', started: 'Басталды', filter: 'Көрсету', next: 'Әрі қарай',
  actor: 'Кім', action: 'Әрекет', subject: 'Нысан', outcome: 'Нәтиже', when: 'Қашан', from: 'Бастап', to: 'Дейін',
  application: 'Өтініш', applications: 'Учаскенің өтініштері', registerApplication: 'Өтінішті тіркеу', applicantIin: 'Өтініш берушінің ЖСН',
  lookup: 'Тіркеу туралы мәліметтер', boundary: 'Учаске шекаралары', verdicts: { INSIDE: 'мекенжай учаске шекарасында', OUTSIDE: 'мекенжай учаске шекарасынан тыс', UNKNOWN: 'мекенжай шекараларда сипатталмаған' },
  lookups: { FOUND: 'тұрақты тіркеу табылды', NOT_FOUND: 'тұрақты тіркеу табылмады', UNAVAILABLE: 'тіркеу қызметі жауап бермеді' },
  appStatus: { REGISTERED: 'тексерілуде', AWAITING_DECISION: 'шешім күтуде', INCLUDED: 'қосымша тізімге енгізілді', REJECTED: 'бас тартылды' },
  include: 'Тізімге енгізу', reject: 'Бас тарту', reason: 'Бас тарту негізі', correctStation: 'Өтініш берушінің учаскесі (белгілі болса)', callCentre: 'Колл-орталықтың жауабы: учаске нөмірі',
  record: 'Жазу', showPersonal: 'Өтініш берушінің деректерін көрсету', printCopy: 'Шешімнің көшірмесі (PDF)', retryLookup: 'Қайта сұрау', escalated: 'Аумақтық комиссияға берілді',
  noVoting: 'Қазір дауыс беру жүріп жатқан жоқ.', registered: 'Тіркелді',
  refusals: {
    'has not answered': 'Тіркеу қызметі жауап бермеді: тіркеу мәліметтерінсіз тізімге енгізуге болмайды.',
    'no permanent registration': 'Азаматтың тұрақты тіркеуі жоқ: тізімге енгізуге болмайды, бас тарту туралы дәлелді шешім қабылдаңыз.',
    'bars this citizen': 'Тіркелімде дауыс беруге қатысуды болдырмайтын мәліметтер бар: бас тарту туралы дәлелді шешім қабылдаңыз.',
    'not inside this precinct': 'Тіркеу мекенжайы учаске шекарасында емес: колл-орталық осы учаскені атаса ғана енгізуге болады.',
    'still running': 'Тіркеуді тексеру әлі жүріп жатыр.',
    'already been decided': 'Өтініш бойынша шешім қабылданып қойған.',
  },
};

export const WORDS: Record<Lang, Words> = { ru: RU, kk: KK };
export type { Words };

export const LangContext = createContext<{ lang: Lang; t: Words; setLang: (l: Lang) => void }>({ lang: 'ru', t: RU, setLang: () => undefined });
export const useWords = () => useContext(LangContext);

export function initialLang(): Lang {
  return localStorage.getItem('tizim.lang') === 'kk' ? 'kk' : 'ru';
}
