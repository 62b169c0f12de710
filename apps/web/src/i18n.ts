/**
 * The console's words in Russian and Kazakh, in the terms of the CEC Rules and the joint
 * resolution (список избирателей / сайлаушылар тізімі, участок / учаске, акимат / әкімдік,
 * территориальная избирательная комиссия / аумақтық сайлау комиссиясы). The choice is kept in
 * localStorage.
 */
import { createContext, useContext } from 'react';
import type { Lang } from './file-problems';

export type { Lang };

const RU = {
  app: 'Tizim — списки избирателей',
  language: 'Язык',
  signIn: 'Вход', signOut: 'Выйти', username: 'Имя пользователя', password: 'Пароль', signInButton: 'Войти',
  memberSignIn: 'Вход члена участковой комиссии (ЭЦП)', iin: 'ИИН', keyFile: 'Файл ключа ЭЦП (PKCS#8, PEM)', certFile: 'Файл сертификата (PEM)',
  signWithEds: 'Подписать и войти', edsHint: 'Ключ не покидает компьютер: браузер подписывает им одноразовый код сервера.',
  board: 'Сроки по регионам', tasks: 'Мои задачи', files: 'Файлы акиматов', workflows: 'Процессы', audit: 'Журнал аудита', votingDay: 'День голосования',
  period: 'Период', region: 'Регион', district: 'Район', stage: 'Этап', updated: 'Обновлено', loading: 'Загрузка…', none: 'Нет записей',
  steps: { submission: 'Представление сведений', reconciliation: 'Сверка', reply: 'Ответ комиссии', correction: 'Исправления', cecSubmission: 'Представление в ЦИК' } as Record<string, string>,
  states: { met: 'выполнено', 'met-late': 'выполнено с опозданием', due: 'в срок', upcoming: 'предстоит', 'at-risk': 'под угрозой', overdue: 'просрочено', 'not-needed': 'не требуется' } as Record<string, string>,
  slack: 'Запас до срока ЦИК, рабочих дней', projected: 'по прогнозу', atRisk: 'Под угрозой', escalations: 'Эскалации', level: 'Уровень',
  levels: { AKIMAT_REGISTRAR: 'акимат', DISTRICT_COMMISSION: 'территориальная комиссия', REGIONAL_COMMISSION: 'областная комиссия', CEC_COORDINATOR: 'координатор ЦИК' } as Record<string, string>,
  escalationStatus: { open: 'открыта', acknowledged: 'принята к сведению', resolved: 'закрыта' } as Record<string, string>,
  acknowledge: 'Принять к сведению', resolve: 'Закрыть', comment: 'Комментарий', note: 'Как решено', deadline: 'Срок', timeline: 'График по рабочим дням',
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

  httpStatus: { 0: 'Сервер не ответил', 400: 'Запрос не принят', 401: 'Нужно войти заново', 403: 'Нет доступа', 404: 'Не найдено', 409: 'Действие не выполнено', 412: 'Запись уже изменена другим пользователем: обновите страницу', 413: 'Файл слишком большой', 415: 'Неверный вид данных', 428: 'Обновите страницу и повторите', 429: 'Слишком много попыток, подождите', 500: 'Ошибка сервера', 503: 'Сервис временно недоступен' } as Record<number, string>,
  recordForms: { one: 'запись', few: 'записи', many: 'записей', other: 'записи' } as Record<string, string>,
  workingDayForms: { one: 'рабочий день', few: 'рабочих дня', many: 'рабочих дней', other: 'рабочего дня' } as Record<string, string>,
  stepMarks: { submission: 'П', reconciliation: 'С', reply: 'О', correction: 'И', cecSubmission: 'Ц' } as Record<string, string>,
  regionTimeline: 'регион и его районы на календаре рабочих дней', legend: 'Обозначения', today: 'сегодня', dayOffShaded: 'выходной или праздничный день',
  escalationMark: 'эскалация поднята', cecDeadline: 'срок представления в ЦИК', daysOffInWindow: 'Выходные и праздничные дни в этом окне', weekend: 'выходной день', workedDay: 'рабочий день по переносу',
  reasons: { DEADLINE_PASSED: 'срок пропущен', PROJECTED_MISS: 'по прогнозу срок представления в ЦИК будет пропущен' } as Record<string, string>,
  missesBy: 'на', raised: 'Поднята', reasonCol: 'Причина', escalationsOpen: 'открытых эскалаций', regionCol: 'регион',
  regionStages: { 'districts-in-progress': 'районы работают', 'submitting-to-cec': 'представление в ЦИК', 'awaiting-cec-receipt': 'ожидается подтверждение ЦИК', done: 'завершено', cancelled: 'отменено' } as Record<string, string>,
  districtStages: { 'awaiting-submission': 'ожидаются сведения акимата', reconciling: 'идёт сверка', 'commission-review': 'рассмотрение комиссией', 'awaiting-corrections': 'ожидаются исправления', ready: 'готово', cancelled: 'отменено', 'districts-in-progress': 'районы работают', 'submitting-to-cec': 'представление в ЦИК', 'awaiting-cec-receipt': 'ожидается подтверждение ЦИК', 'regions-in-progress': 'регионы работают', done: 'завершено' } as Record<string, string>,
  workflowTypes: { nationalCycleWorkflow: 'Цикл по республике', regionCycleWorkflow: 'Цикл региона', districtCycleWorkflow: 'Цикл района', cycleStarterWorkflow: 'Запуск циклов' } as Record<string, string>,
  execStatus: { RUNNING: 'выполняется', COMPLETED: 'завершён', FAILED: 'сбой', CANCELED: 'отменён', TERMINATED: 'прекращён', CONTINUED_AS_NEW: 'продолжен заново', TIMED_OUT: 'истекло время' } as Record<string, string>,
  anyStage: 'любой', workflowId: 'Процесс (id)', whatHappened: 'Что произошло', who: 'Кто', againstDeadline: 'Срок', onTime: 'в срок', lateBy: 'с опозданием на', afterDeadline: 'после срока', startedByParent: 'родительский процесс', startedBySchedule: 'расписание', startedByApi: 'через API',
  historyKinds: {
    'workflow-started': 'Процесс начат', 'workflow-completed': 'Процесс завершён', 'workflow-failed': 'Сбой процесса', 'workflow-cancelled': 'Процесс отменён', 'workflow-terminated': 'Процесс прекращён', 'workflow-timed-out': 'Время процесса истекло', 'workflow-continued-as-new': 'Процесс продолжен заново',
    'calendar-loaded': 'Загружен календарь рабочих дней', 'territory-read': 'Прочитан состав территории', 'task-opened': 'Открыта задача', 'reminder-sent': 'Отправлено напоминание', 'escalation-raised': 'Поднята эскалация', 'escalation-climbed': 'Эскалация передана выше', 'escalation-resolved': 'Эскалация закрыта',
    'task-completed': 'Задача выполнена', 'task-completion-repeated': 'Повтор выполнения задачи', 'task-completion-rejected': 'Выполнение задачи отклонено', 'task-cancelled': 'Задача отменена', reconciliation: 'Раунд сверки',
    activity: 'Действие выполнено', 'activity-failed': 'Сбой действия', 'stage-changed': 'Смена этапа', signal: 'Получен сигнал', update: 'Получено обновление', 'cancel-requested': 'Запрошена отмена',
    'timer-started': 'Ожидание до срока', 'timer-fired': 'Наступил срок ожидания', 'timer-cancelled': 'Ожидание снято', 'child-started': 'Запущен дочерний процесс', 'child-closed': 'Дочерний процесс закрыт', 'child-start-failed': 'Дочерний процесс не запущен',
  } as Record<string, string>,
  inEnglish: 'Подробности (как записано в журнале процесса)',
  taskStatus: { OPEN: 'открыта', CLAIMED: 'взята в работу', COMPLETED: 'выполнена', CANCELLED: 'отменена' } as Record<string, string>,
  dueWords: { overdue: 'просрочена', soon: 'скоро срок', open: 'в срок' } as Record<string, string>,
  assignee: 'Исполнитель', claimedBy: 'Взял', you: 'вы', chooseAct: 'Выберите акт приёма-передачи', noActs: 'Актов приёма-передачи пока нет: объявите акт по представленным файлам.',
  submissions: 'Представленные сведения', submission: 'Представление', fileCol: 'Файл', size: 'Размер', bytes: 'байт', showReport: 'Почему отклонён', hideReport: 'Скрыть',
  fileStatus: { RECEIVED: 'проверяется', ACCEPTED: 'принят', REJECTED: 'отклонён' } as Record<string, string>,
  fileKindsShort: { VOTERS: 'список избирателей', STATIONS: 'избирательные участки', BOUNDARIES: 'границы участков' } as Record<string, string>,
  actStatus: { DRAFT: 'объявлен, файлы не сверены', RECEIVED: 'получение отмечено комиссией', SIGNED_BY_AKIMAT: 'подписан акиматом', SIGNED_BY_COMMISSION: 'подписан комиссией', SIGNED: 'подписан обеими сторонами' } as Record<string, string>,
  actFiles: 'Файлы в акте', totalRecords: 'всего записей', signatures: 'Подписи', sha: 'Контрольная сумма (SHA-256)', problemsFound: 'Найдено ошибок', noData: 'Сами данные в отчёт не попадают: только строка, Cod и поле.',
  subjectType: 'Вид объекта', outcomes: { ok: 'выполнено', refused: 'отказано', 'not-found': 'не найдено' } as Record<string, string>, any: 'все', exportCsv: 'Выгрузить в CSV',
  mineOnly: 'Только мои и моей роли', ofRole: 'для', recordsCol: 'Записей', auditReason: 'Основание', noCycle: 'Цикл сверки периода {period} не начат (обычно его начинает расписание перед 1 января и 1 июля).', startCycle: 'Начать цикл периода {period}', months: ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'], filesOfSubmission: 'Файлы представления', handedOver: 'Передано акиматом', raisedEarlier: 'поднята раньше', districtsReady: 'районов готово',
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
  board: 'Өңірлер бойынша мерзімдер', tasks: 'Менің тапсырмаларым', files: 'Әкімдіктердің файлдары', workflows: 'Процестер', audit: 'Аудит журналы', votingDay: 'Дауыс беру күні',
  period: 'Кезең', region: 'Өңір', district: 'Аудан', stage: 'Кезең сатысы', updated: 'Жаңартылды', loading: 'Жүктелуде…', none: 'Жазба жоқ',
  steps: { submission: 'Мәліметтерді ұсыну', reconciliation: 'Салыстыру', reply: 'Комиссияның жауабы', correction: 'Түзетулер', cecSubmission: 'ОСК-ға ұсыну' },
  states: { met: 'орындалды', 'met-late': 'кешігіп орындалды', due: 'мерзімінде', upcoming: 'алда', 'at-risk': 'қауіп төнді', overdue: 'мерзімі өтті', 'not-needed': 'қажет емес' },
  slack: 'ОСК мерзіміне дейінгі қор, жұмыс күндері', projected: 'болжам бойынша', atRisk: 'Қауіп төнді', escalations: 'Эскалациялар', level: 'Деңгей',
  levels: { AKIMAT_REGISTRAR: 'әкімдік', DISTRICT_COMMISSION: 'аумақтық комиссия', REGIONAL_COMMISSION: 'облыстық комиссия', CEC_COORDINATOR: 'ОСК үйлестірушісі' },
  escalationStatus: { open: 'ашық', acknowledged: 'назарға алынды', resolved: 'жабылды' },
  acknowledge: 'Назарға алу', resolve: 'Жабу', comment: 'Түсініктеме', note: 'Қалай шешілді', deadline: 'Мерзімі', timeline: 'Жұмыс күндері бойынша кесте',
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

  httpStatus: { 0: 'Сервер жауап бермеді', 400: 'Сұрау қабылданбады', 401: 'Қайта кіру қажет', 403: 'Рұқсат жоқ', 404: 'Табылмады', 409: 'Әрекет орындалмады', 412: 'Жазбаны басқа пайдаланушы өзгертті: бетті жаңартыңыз', 413: 'Файл тым үлкен', 415: 'Деректер түрі дұрыс емес', 428: 'Бетті жаңартып, қайталаңыз', 429: 'Әрекет тым көп, күте тұрыңыз', 500: 'Сервер қатесі', 503: 'Қызмет уақытша қолжетімсіз' },
  recordForms: { one: 'жазба', other: 'жазба' },
  workingDayForms: { one: 'жұмыс күні', other: 'жұмыс күні' },
  stepMarks: { submission: 'Ұ', reconciliation: 'С', reply: 'Ж', correction: 'Т', cecSubmission: 'О' },
  regionTimeline: 'өңір және оның аудандары жұмыс күндерінің күнтізбесінде', legend: 'Белгілер', today: 'бүгін', dayOffShaded: 'демалыс немесе мереке күні',
  escalationMark: 'эскалация көтерілді', cecDeadline: 'ОСК-ға ұсыну мерзімі', daysOffInWindow: 'Осы аралықтағы демалыс және мереке күндері', weekend: 'демалыс күні', workedDay: 'ауыстырылған жұмыс күні',
  reasons: { DEADLINE_PASSED: 'мерзімі өтіп кетті', PROJECTED_MISS: 'болжам бойынша ОСК-ға ұсыну мерзімі өтіп кетеді' },
  missesBy: '', raised: 'Көтерілді', reasonCol: 'Себебі', escalationsOpen: 'ашық эскалация', regionCol: 'өңір',
  regionStages: { 'districts-in-progress': 'аудандар жұмыс істеуде', 'submitting-to-cec': 'ОСК-ға ұсыну', 'awaiting-cec-receipt': 'ОСК растауы күтілуде', done: 'аяқталды', cancelled: 'тоқтатылды' },
  districtStages: { 'awaiting-submission': 'әкімдіктің мәліметтері күтілуде', reconciling: 'салыстыру жүруде', 'commission-review': 'комиссия қарауда', 'awaiting-corrections': 'түзетулер күтілуде', ready: 'дайын', cancelled: 'тоқтатылды', 'districts-in-progress': 'аудандар жұмыс істеуде', 'submitting-to-cec': 'ОСК-ға ұсыну', 'awaiting-cec-receipt': 'ОСК растауы күтілуде', 'regions-in-progress': 'өңірлер жұмыс істеуде', done: 'аяқталды' },
  workflowTypes: { nationalCycleWorkflow: 'Республика бойынша цикл', regionCycleWorkflow: 'Өңір циклі', districtCycleWorkflow: 'Аудан циклі', cycleStarterWorkflow: 'Циклдерді іске қосу' },
  execStatus: { RUNNING: 'орындалуда', COMPLETED: 'аяқталды', FAILED: 'ақау', CANCELED: 'тоқтатылды', TERMINATED: 'тоқтатылды', CONTINUED_AS_NEW: 'қайта жалғасты', TIMED_OUT: 'уақыты өтті' },
  anyStage: 'кез келген', workflowId: 'Процесс (id)', whatHappened: 'Не болды', who: 'Кім', againstDeadline: 'Мерзімі', onTime: 'мерзімінде', lateBy: 'кешігу', afterDeadline: 'мерзімнен кейін', startedByParent: 'аталық процесс', startedBySchedule: 'кесте', startedByApi: 'API арқылы',
  historyKinds: {
    'workflow-started': 'Процесс басталды', 'workflow-completed': 'Процесс аяқталды', 'workflow-failed': 'Процесс ақауы', 'workflow-cancelled': 'Процесс тоқтатылды', 'workflow-terminated': 'Процесс тоқтатылды', 'workflow-timed-out': 'Процестің уақыты өтті', 'workflow-continued-as-new': 'Процесс қайта жалғасты',
    'calendar-loaded': 'Жұмыс күндерінің күнтізбесі жүктелді', 'territory-read': 'Аумақ құрамы оқылды', 'task-opened': 'Тапсырма ашылды', 'reminder-sent': 'Еске салу жіберілді', 'escalation-raised': 'Эскалация көтерілді', 'escalation-climbed': 'Эскалация жоғары берілді', 'escalation-resolved': 'Эскалация жабылды',
    'task-completed': 'Тапсырма орындалды', 'task-completion-repeated': 'Тапсырманы орындау қайталанды', 'task-completion-rejected': 'Тапсырманы орындау қабылданбады', 'task-cancelled': 'Тапсырма тоқтатылды', reconciliation: 'Салыстыру раунды',
    activity: 'Әрекет орындалды', 'activity-failed': 'Әрекет ақауы', 'stage-changed': 'Кезең сатысы өзгерді', signal: 'Сигнал алынды', update: 'Жаңарту алынды', 'cancel-requested': 'Тоқтату сұралды',
    'timer-started': 'Мерзімге дейін күту', 'timer-fired': 'Күту мерзімі келді', 'timer-cancelled': 'Күту алынып тасталды', 'child-started': 'Еншілес процесс басталды', 'child-closed': 'Еншілес процесс жабылды', 'child-start-failed': 'Еншілес процесс басталмады',
  },
  inEnglish: 'Толығырақ (процесс журналында жазылғандай)',
  taskStatus: { OPEN: 'ашық', CLAIMED: 'жұмысқа алынды', COMPLETED: 'орындалды', CANCELLED: 'тоқтатылды' },
  dueWords: { overdue: 'мерзімі өтті', soon: 'мерзімі жақын', open: 'мерзімінде' },
  assignee: 'Орындаушы', claimedBy: 'Алған', you: 'сіз', chooseAct: 'Қабылдау-тапсыру актісін таңдаңыз', noActs: 'Қабылдау-тапсыру актілері әлі жоқ: ұсынылған файлдар бойынша акт жариялаңыз.',
  submissions: 'Ұсынылған мәліметтер', submission: 'Ұсыну', fileCol: 'Файл', size: 'Көлемі', bytes: 'байт', showReport: 'Неге қабылданбады', hideReport: 'Жасыру',
  fileStatus: { RECEIVED: 'тексерілуде', ACCEPTED: 'қабылданды', REJECTED: 'қабылданбады' },
  fileKindsShort: { VOTERS: 'сайлаушылар тізімі', STATIONS: 'сайлау учаскелері', BOUNDARIES: 'учаскелер шекаралары' },
  actStatus: { DRAFT: 'жарияланды, файлдар салыстырылмаған', RECEIVED: 'комиссия алғанын белгіледі', SIGNED_BY_AKIMAT: 'әкімдік қол қойды', SIGNED_BY_COMMISSION: 'комиссия қол қойды', SIGNED: 'екі тарап қол қойды' },
  actFiles: 'Актідегі файлдар', totalRecords: 'барлық жазба', signatures: 'Қолтаңбалар', sha: 'Бақылау сомасы (SHA-256)', problemsFound: 'Табылған қателер', noData: 'Деректердің өзі есепке енбейді: тек жол, Cod және өріс.',
  subjectType: 'Нысан түрі', outcomes: { ok: 'орындалды', refused: 'бас тартылды', 'not-found': 'табылмады' }, any: 'барлығы', exportCsv: 'CSV-ге түсіру',
  mineOnly: 'Тек менікі және менің рөлімдікі', ofRole: '', recordsCol: 'Жазбалар', auditReason: 'Негізі', noCycle: '{period} кезеңінің салыстыру циклі басталмаған (әдетте оны 1 қаңтар мен 1 шілде алдында кесте бастайды).', startCycle: '{period} кезеңінің циклін бастау', months: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'], filesOfSubmission: 'Ұсынылған файлдар', handedOver: 'Әкімдік тапсырды', raisedEarlier: 'ертерек көтерілген', districtsReady: 'дайын аудан',
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
