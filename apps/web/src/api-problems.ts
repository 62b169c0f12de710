/**
 * An API refusal in the console's language. Every problem+json carries a stable `code` and its
 * `params` (libs/contracts/problems.ts, ApiProblemParams) beside the English `detail`; the console
 * says the code in Russian or Kazakh, in the words of CEC Rules No. 11/196 as the rest of the
 * console uses them (избирательный участок / сайлау учаскесі, территориальная избирательная
 * комиссия / аумақтық сайлау комиссиясы, акт приёма-передачи / қабылдау-беру актісі), with the
 * numbers, dates and names the parameters carry. A code without words here (a generic one such as
 * `conflict`, or one newer than the console) is shown by the API's English detail.
 * test/unit/api-problem-words.spec.ts fails on a code of the contract without words in both languages.
 *
 * Pure: no React, no DOM.
 */
import type { ApiProblemParams, SignatureRefusal } from '../../../libs/contracts/problems';
import type { Role } from '../../../libs/contracts/roles';

export type Lang = 'ru' | 'kk';

interface Words {
  ru: string;
  kk: string;
}

type ApiCode = keyof ApiProblemParams;
type Render<C extends ApiCode> = (p: ApiProblemParams[C]) => Words;

/** A problem as the console holds it (apps/web/src/api.ts): `code` empty when the API sent none. */
export interface ShownApiProblem {
  code?: string;
  params?: unknown;
  detail: string;
}

// ---------------------------------------------------------------------------------------------
// Names the sentences carry.

/** The roles, as one who acts: "территориальная избирательная комиссия не может …". */
const ROLES: Record<Role, Words> = {
  ADMIN: { ru: 'администратор', kk: 'әкімші' },
  CEC_COORDINATOR: { ru: 'координатор ЦИК', kk: 'ОСК үйлестірушісі' },
  REGIONAL_COMMISSION: { ru: 'областная избирательная комиссия', kk: 'облыстық сайлау комиссиясы' },
  DISTRICT_COMMISSION: { ru: 'территориальная избирательная комиссия', kk: 'аумақтық сайлау комиссиясы' },
  AKIMAT_REGISTRAR: { ru: 'регистратор акимата', kk: 'әкімдік тіркеушісі' },
  PRECINCT_MEMBER: { ru: 'член участковой избирательной комиссии', kk: 'учаскелік сайлау комиссиясының мүшесі' },
  MIGRATION_OFFICER: { ru: 'сотрудник миграционной службы', kk: 'көші-қон қызметінің қызметкері' },
};

const role = (r: Role, lang: Lang): string => ROLES[r]?.[lang] ?? r;
const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Why a signature was refused (libs/eds/verify.ts), as the console's EDS forms say it. */
const SIGNATURE: Record<SignatureRefusal, Words> = {
  'malformed-signature': {
    ru: 'подпись не получилась: выберите файл ключа заново',
    kk: 'қолтаңба шықпады: кілт файлын қайта таңдаңыз',
  },
  'unknown-certificate': {
    ru: 'такой сертификат не зарегистрирован: выберите файл своего зарегистрированного сертификата',
    kk: 'мұндай сертификат тіркелмеген: өзіңіздің тіркелген сертификатыңыздың файлын таңдаңыз',
  },
  'wrong-holder': { ru: 'сертификат зарегистрирован не на вас', kk: 'сертификат сіздің атыңызға тіркелмеген' },
  'wrong-role': {
    ru: 'сертификат зарегистрирован не для вашей должности',
    kk: 'сертификат сіздің лауазымыңызға тіркелмеген',
  },
  revoked: { ru: 'сертификат отозван', kk: 'сертификат кері қайтарылған' },
  'not-yet-valid': { ru: 'сертификат ещё не действует', kk: 'сертификат әлі күшіне енбеген' },
  expired: { ru: 'срок действия сертификата истёк', kk: 'сертификаттың қолданылу мерзімі өтіп кеткен' },
  'unavailable-algorithm': {
    ru: 'подписи этого алгоритма сервер пока не проверяет',
    kk: 'бұл алгоритмнің қолтаңбасын сервер әзірге тексермейді',
  },
  'bad-signature': {
    ru: 'подпись не сходится: ключ не от этого сертификата',
    kk: 'қолтаңба сәйкес келмейді: кілт осы сертификаттікі емес',
  },
};

const signature = (r: SignatureRefusal): Words => SIGNATURE[r] ?? { ru: r, kk: r };

/** An ID-card application's status (the API's), as the officers' page names it. */
const ID_CARD_STATUS: Record<string, Words> = {
  SUBMITTED: { ru: 'принимается', kk: 'қабылдануда' },
  REFUSED: { ru: 'отказано', kk: 'бас тартылды' },
  PENDING_REVIEW: { ru: 'на проверке', kk: 'тексеруде' },
  ANNULLED: { ru: 'аннулирована', kk: 'күші жойылды' },
  IN_PRODUCTION: { ru: 'на изготовлении', kk: 'дайындалуда' },
  READY_FOR_PICKUP: { ru: 'готово к выдаче', kk: 'беруге дайын' },
  PICKED_UP: { ru: 'выдано', kk: 'азаматқа берілді' },
};

const idCardStatus = (s: string): Words => ID_CARD_STATUS[s] ?? { ru: s, kk: s };

/** A voting-day application's status. */
const APPLICATION_STATUS: Record<string, Words> = {
  REGISTERED: { ru: 'зарегистрировано', kk: 'тіркелді' },
  AWAITING_DECISION: { ru: 'ожидает решения', kk: 'шешімді күтуде' },
  INCLUDED: { ru: 'включён в дополнительный список', kk: 'қосымша тізімге енгізілді' },
  REJECTED: { ru: 'отказано', kk: 'бас тартылды' },
};

/** What lies outside a territory (core/access.ts's subject types). */
const SUBJECTS: Record<string, Words> = {
  'cycle-task': { ru: 'задача', kk: 'тапсырма' },
  escalation: { ru: 'эскалация', kk: 'эскалация' },
  'polling-station': { ru: 'избирательный участок', kk: 'сайлау учаскесі' },
  'voting-day-application': { ru: 'обращение в день голосования', kk: 'дауыс беру күнгі өтініш' },
  'id-card-application': { ru: 'заявка на замену удостоверения', kk: 'жеке куәлікті ауыстыру өтінімі' },
  workflow: { ru: 'процесс', kk: 'процесс' },
  region: { ru: 'область', kk: 'облыс' },
  district: { ru: 'район', kk: 'аудан' },
  submission: { ru: 'представление списков', kk: 'тізімдерді ұсыну' },
  'transfer-act': { ru: 'акт приёма-передачи', kk: 'қабылдау-беру актісі' },
};

const subject = (s: string): Words => SUBJECTS[s] ?? { ru: s.replace(/-/g, ' '), kk: s.replace(/-/g, ' ') };

/** "2026-12-31" as "31.12.2026" (both languages write numeric dates so, as the console does). */
const day = (iso: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
};

/** An instant as "31.12.2026, 18:29" in Asia/Almaty, the time of every deadline of the Rules. */
const instant = (iso: string): string => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Asia/Almaty',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
};

const list = (xs: readonly (string | number)[]): string => xs.join(', ');

/** Same words in both languages for the parts that are names (a ticket, a period, a code). */
const both = (ru: string, kk: string): Words => ({ ru, kk });

// ---------------------------------------------------------------------------------------------
// Every API code, in both languages. The type makes a code of the contract without words here a
// compile error.

const API_PROBLEMS: { [C in ApiCode]: Render<C> } = {
  // The files API.
  'file.missing': () =>
    both('Файл не отправлен: выберите файл и загрузите его снова.', 'Файл жіберілмеді: файлды таңдап, қайта жүктеңіз.'),
  'file.unknown-district': (p) =>
    both(`Района ${p.districtId} нет в справочнике.`, `Анықтамалықта ${p.districtId} ауданы жоқ.`),
  'file.voters-name-no-submission': () =>
    both(
      'Файл списка избирателей загружается в представление района за период: выберите район и период.',
      'Сайлаушылар тізімінің файлы ауданның кезеңге ұсынымына жүктеледі: аудан мен кезеңді таңдаңыз.',
    ),
  'file.unknown-submission': (p) =>
    both(
      `Представления ${p.submissionId} района ${p.districtId} за период ${p.period} нет.`,
      `${p.districtId} ауданының ${p.period} кезеңіне ${p.submissionId} ұсынымы жоқ.`,
    ),
  'file.not-found': (p) => both(`Файла ${p.fileId} нет.`, `${p.fileId} файлы жоқ.`),
  'file.not-failed': (p) =>
    both(
      `Файл ${p.fileId} не завершился сбоем (состояние ${p.status}): повторять нечего.`,
      `${p.fileId} файлы қатемен аяқталған жоқ (күйі ${p.status}): қайталайтын ештеңе жоқ.`,
    ),
  'file.import-failed': (p) =>
    both(
      `Загрузка файла ${p.fileId} прервалась сбоем: повторите её.`,
      `${p.fileId} файлын жүктеу ақаумен үзілді: оны қайталаңыз.`,
    ),
  'file.accepted-with-findings': (p) =>
    both(
      `Файл ${p.fileId} принят, но в ${p.rowsWithProblems} строках есть замечания: они в результатах сверки.`,
      `${p.fileId} файлы қабылданды, бірақ ${p.rowsWithProblems} жолда ескертулер бар: олар салыстыру нәтижелерінде.`,
    ),
  'file.no-report': (p) =>
    both(
      `У файла ${p.fileId} нет протокола отклонения (состояние ${p.status}).`,
      `${p.fileId} файлының қабылдамау хаттамасы жоқ (күйі ${p.status}).`,
    ),

  // Every request.
  'request.invalid-fields': () =>
    both(
      'Некоторые поля заполнены неверно: они перечислены ниже.',
      'Кейбір өрістер қате толтырылған: олар төменде көрсетілген.',
    ),
  'request.body-type': () =>
    both(
      'Данные отправлены в неверном виде: обновите страницу.',
      'Деректер дұрыс емес түрде жіберілді: бетті жаңартыңыз.',
    ),
  'rate-limit.exceeded': (p) =>
    both(
      `Слишком много запросов (не больше ${p.points} за ${p.windowSeconds} с): повторите через ${p.retryAfterSeconds} с.`,
      `Сұрау тым көп (${p.windowSeconds} с ішінде ${p.points}-ден аспауы керек): ${p.retryAfterSeconds} с кейін қайталаңыз.`,
    ),
  'if-match.malformed': () =>
    both('Версия записи передана неверно: обновите страницу.', 'Жазба нұсқасы қате берілді: бетті жаңартыңыз.'),
  'if-match.required': (p) =>
    p.subject === 'account'
      ? both(
          'Не указана версия учётной записи: обновите страницу и повторите.',
          'Есептік жазбаның нұсқасы көрсетілмеген: бетті жаңартып, қайталаңыз.',
        )
      : both(
          'Не указана версия эскалации: обновите страницу и повторите.',
          'Эскалацияның нұсқасы көрсетілмеген: бетті жаңартып, қайталаңыз.',
        ),
  'if-match.stale': (p) =>
    both(
      `Запись изменена с тех пор, как вы её открыли (у вас версия ${p.sent}, сейчас ${p.current}): обновите страницу и повторите.`,
      `Жазба сіз ашқаннан бері өзгерді (сізде ${p.sent} нұсқа, қазір ${p.current}): бетті жаңартып, қайталаңыз.`,
    ),

  // Sign-in and access.
  'auth.bad-credentials': () => both('Неверное имя пользователя или пароль.', 'Пайдаланушы аты немесе құпиясөз қате.'),
  'auth.bad-eds-credentials': () =>
    both(
      'Неверны имя пользователя, пароль, ИИН или подписанный запрос.',
      'Пайдаланушы аты, құпиясөз, ЖСН немесе қол қойылған сұрау қате.',
    ),
  'auth.challenge-expired': () =>
    both(
      'Запрос на подпись устарел или уже использован: войдите заново.',
      'Қол қоюға арналған сұраудың мерзімі өтті немесе ол пайдаланылды: қайта кіріңіз.',
    ),
  'auth.signature-refused': (p) => {
    const why = signature(p.reason);
    return both(`Подпись ЭЦП не принята: ${why.ru}.`, `ЭЦҚ қолтаңбасы қабылданбады: ${why.kk}.`);
  },
  'auth.locked': (p) =>
    both(
      `Слишком много неудачных попыток входа: учётная запись заблокирована до ${p.time} ${day(p.date)} (время Казахстана).`,
      `Кіру әрекеттері тым көп сәтсіз болды: есептік жазба ${day(p.date)} ${p.time} дейін бұғатталды (Қазақстан уақыты).`,
    ),
  'auth.eds-required': () =>
    both(
      'Члены участковой избирательной комиссии входят по ИИН и ЭЦП: выберите «Вход члена участковой комиссии (ЭЦП)».',
      'Учаскелік сайлау комиссиясының мүшелері ЖСН және ЭЦҚ арқылы кіреді: «Учаскелік комиссия мүшесінің кіруі (ЭЦҚ)» таңдаңыз.',
    ),
  'auth.account-disabled': () =>
    both('Учётная запись отключена: обратитесь к администратору.', 'Есептік жазба өшірілген: әкімшіге жүгініңіз.'),
  'auth.member-account-disabled': () =>
    both(
      'Учётная запись отключена: обратитесь в территориальную избирательную комиссию.',
      'Есептік жазба өшірілген: аумақтық сайлау комиссиясына жүгініңіз.',
    ),
  'auth.refresh-invalid': () => both('Сеанс недействителен: войдите заново.', 'Сеанс жарамсыз: қайта кіріңіз.'),
  'auth.session-ended': () => both('Сеанс завершён: войдите заново.', 'Сеанс аяқталды: қайта кіріңіз.'),
  'auth.refresh-reused': () =>
    both(
      'Сеанс завершён в целях безопасности (его ключ использован дважды): войдите заново.',
      'Сеанс қауіпсіздік үшін аяқталды (оның кілті екі рет пайдаланылды): қайта кіріңіз.',
    ),
  'auth.session-expired': () => both('Срок сеанса истёк: войдите заново.', 'Сеанс мерзімі өтті: қайта кіріңіз.'),
  'auth.refresh-just-used': () =>
    both(
      'Сеанс только что продлён в другой вкладке: если это были не вы, войдите заново.',
      'Сеанс басқа қойындыда жаңа ғана ұзартылды: егер бұл сіз болмасаңыз, қайта кіріңіз.',
    ),
  'auth.token-invalid': () => both('Вход недействителен: войдите заново.', 'Кіру жарамсыз: қайта кіріңіз.'),
  'auth.token-expired': () => both('Срок входа истёк: войдите заново.', 'Кіру мерзімі өтті: қайта кіріңіз.'),
  'auth.sign-in-required': () => both('Сначала войдите в систему.', 'Алдымен жүйеге кіріңіз.'),
  'auth.portal-credential': () =>
    both(
      'Ключ портала электронного правительства открывает только услуги гражданам.',
      'Электрондық үкімет порталының кілті тек азаматтарға арналған қызметтерді ашады.',
    ),
  'auth.source-credential': () =>
    both(
      'Ключ государственного реестра открывает только потоки изменений реестра.',
      'Мемлекеттік тізілімнің кілті тек тізілім өзгерістерінің ағындарын ашады.',
    ),
  'access.role-not-allowed': (p) =>
    both(
      `${capital(role(p.role, 'ru'))} не может выполнить это действие; оно доступно: ${p.allowed.map((r) => role(r, 'ru')).join(', ')}.`,
      `${capital(role(p.role, 'kk'))} бұл әрекетті орындай алмайды; ол мыналарға қолжетімді: ${p.allowed.map((r) => role(r, 'kk')).join(', ')}.`,
    ),
  'access.outside-territory': (p) =>
    both(
      `${capital(subject(p.subject).ru)} находится вне территории, за которую отвечает ${role(p.role, 'ru')}.`,
      `${capital(subject(p.subject).kk)} ${role(p.role, 'kk')} жауап беретін аумақтан тыс.`,
    ),

  // Officials' accounts.
  'user.not-found': (p) => both(`Пользователя ${p.userId} нет.`, `${p.userId} пайдаланушысы жоқ.`),
  'user.weak-password': () =>
    both('Пароль не подходит: требования перечислены ниже.', 'Құпиясөз жарамайды: талаптар төменде көрсетілген.'),
  'user.territory-mismatch': (p) =>
    both(
      `Территория не соответствует роли «${role(p.role, 'ru')}»: исправьте поля ниже.`,
      `Аумақ «${role(p.role, 'kk')}» рөліне сәйкес емес: төмендегі өрістерді түзетіңіз.`,
    ),
  'user.members-only': (p) =>
    both(
      `${capital(role(p.role, 'ru'))} назначает только членов участковых избирательных комиссий; другие учётные записи ведут администраторы.`,
      `${capital(role(p.role, 'kk'))} тек учаскелік сайлау комиссияларының мүшелерін тағайындайды; басқа есептік жазбаларды әкімшілер жүргізеді.`,
    ),
  'user.other-district': (p) =>
    both(
      `Территориальная избирательная комиссия назначает членов участковых комиссий своего района (${p.own}); этот участок в районе ${p.districtId}.`,
      `Аумақтық сайлау комиссиясы өз ауданының (${p.own}) учаскелік комиссия мүшелерін тағайындайды; бұл учаске ${p.districtId} ауданында.`,
    ),
  'user.iin-invalid': () => both('ИИН члена комиссии указан неверно.', 'Комиссия мүшесінің ЖСН-і қате көрсетілген.'),
  'user.iin-not-for-role': (p) =>
    both(
      `ИИН указывается только для члена участковой избирательной комиссии, не для роли «${role(p.role, 'ru')}».`,
      `ЖСН тек учаскелік сайлау комиссиясының мүшесіне көрсетіледі, «${role(p.role, 'kk')}» рөліне емес.`,
    ),
  'user.username-taken': () => both('Это имя пользователя уже занято.', 'Бұл пайдаланушы аты бос емес.'),
  'user.precinct-full': (p) =>
    both(
      `В участковой избирательной комиссии уже ${p.members} назначенных члена: отключите одного, прежде чем назначить другого.`,
      `Учаскелік сайлау комиссиясында ${p.members} тағайындалған мүше бар: басқасын тағайындау үшін біреуін өшіріңіз.`,
    ),
  'user.own-account': () =>
    both(
      'Нельзя отключить свою учётную запись или снять с себя роль администратора: обратитесь к другому администратору.',
      'Өз есептік жазбаңызды өшіруге немесе өзіңізден әкімші рөлін алуға болмайды: басқа әкімшіге жүгініңіз.',
    ),
  'user.own-password-only': () =>
    both('Вы можете сменить только свой пароль.', 'Сіз тек өз құпиясөзіңізді ауыстыра аласыз.'),
  'user.current-password-wrong': () => both('Текущий пароль указан неверно.', 'Ағымдағы құпиясөз қате көрсетілген.'),

  // The calendar.
  'calendar.input-invalid': (p) => both(`Поле ${p.field} заполнено неверно.`, `${p.field} өрісі қате толтырылған.`),
  'calendar.instant-invalid': (p) =>
    both(
      `В поле ${p.field} не дата и время (нужно, например, 2026-12-31T17:30:00+05:00).`,
      `${p.field} өрісінде күн мен уақыт емес (мысалы, 2026-12-31T17:30:00+05:00 керек).`,
    ),
  'calendar.year-unknown': (p) =>
    both(
      `В производственном календаре нет ${p.year} года${p.available.length ? ` (есть: ${list(p.available)})` : ''}: администратор должен его загрузить.`,
      `Өндірістік күнтізбеде ${p.year} жыл жоқ${p.available.length ? ` (бары: ${list(p.available)})` : ''}: әкімші оны жүктеуі керек.`,
    ),
  'calendar.year-not-found': (p) =>
    both(`В календаре нет данных за ${p.year} год.`, `Күнтізбеде ${p.year} жылдың деректері жоқ.`),
  'calendar.year-invalid': (p) =>
    both(
      `Календарь ${p.year} года не сохранён: исправьте поля ниже.`,
      `${p.year} жылдың күнтізбесі сақталмады: төмендегі өрістерді түзетіңіз.`,
    ),
  'calendar.year-not-created': (p) =>
    both(
      `Календаря ${p.year} года ещё нет: создайте его заново.`,
      `${p.year} жылдың күнтізбесі әлі жоқ: оны жаңадан жасаңыз.`,
    ),
  'calendar.revision-required': (p) =>
    both(
      `Календарь ${p.year} года уже есть (редакция ${p.current}): откройте его и измените.`,
      `${p.year} жылдың күнтізбесі бар (${p.current} редакция): оны ашып, өзгертіңіз.`,
    ),
  'calendar.revision-stale': (p) =>
    both(
      `Календарь ${p.year} года изменён с тех пор, как вы его открыли (у вас редакция ${p.sent}, сейчас ${p.current}): обновите страницу.`,
      `${p.year} жылдың күнтізбесі сіз ашқаннан бері өзгерді (сізде ${p.sent} редакция, қазір ${p.current}): бетті жаңартыңыз.`,
    ),
  'calendar.fixed-date-policy': (p) =>
    both(
      `Неизвестное правило переноса срока; допустимы: ${list(p.valid)}.`,
      `Мерзімді ауыстырудың белгісіз ережесі; рұқсат етілгені: ${list(p.valid)}.`,
    ),
  'calendar.year-not-valid': () =>
    both('Год указан неверно (нужно, например, 2027).', 'Жыл қате көрсетілген (мысалы, 2027 керек).'),

  // The cycle.
  'board.region-not-started': (p) =>
    both(
      `По области ${p.regionCode} за период ${p.period} работа ещё не начата: начните период.`,
      `${p.regionCode} облысы бойынша ${p.period} кезеңіне жұмыс әлі басталған жоқ: кезеңді бастаңыз.`,
    ),
  'cycle.not-started': (p) =>
    both(
      `Процесс ${p.workflowId} не запущен: сначала начните период.`,
      `${p.workflowId} процесі іске қосылмаған: алдымен кезеңді бастаңыз.`,
    ),
  'task.not-found': (p) => both(`Задачи ${p.taskId} нет.`, `${p.taskId} тапсырмасы жоқ.`),
  'task.other-role': (p) =>
    both(
      `Эта задача для роли «${role(p.assigneeRole, 'ru')}»: ${role(p.role, 'ru')} не может взять её в работу.`,
      `Бұл тапсырма «${role(p.assigneeRole, 'kk')}» рөліне арналған: ${role(p.role, 'kk')} оны жұмысқа ала алмайды.`,
    ),
  'task.claimed-by-other': (p) =>
    both(
      `Задачу с ${instant(p.since)} выполняет другой пользователь (${p.claimedBy}): её может освободить он или администратор.`,
      `Тапсырманы ${instant(p.since)} бастап басқа пайдаланушы (${p.claimedBy}) орындап жатыр: оны ол немесе әкімші босата алады.`,
    ),
  'task.completed': (p) =>
    both(`Задача уже выполнена ${instant(p.at)}.`, `Тапсырма ${instant(p.at)} орындалып қойған.`),
  'task.cancelled': () =>
    both('Задача отменена: брать в работу нечего.', 'Тапсырма тоқтатылды: жұмысқа алатын ештеңе жоқ.'),
  'escalation.not-found': (p) => both(`Эскалации ${p.escalationId} нет.`, `${p.escalationId} эскалациясы жоқ.`),
  'escalation.resolved': (p) =>
    both(`Эскалация уже закрыта ${instant(p.at)}.`, `Эскалация ${instant(p.at)} жабылып қойған.`),
  'escalation.acknowledged': (p) =>
    both(
      `Эскалация уже принята к сведению ${instant(p.at)} другим пользователем.`,
      `Эскалацияны ${instant(p.at)} басқа пайдаланушы назарға алып қойған.`,
    ),
  'notification.not-found': (p) => both(`Уведомления ${p.notificationId} нет.`, `${p.notificationId} хабарламасы жоқ.`),
  'notification.not-addressed': (p) =>
    both(
      `Уведомление ${p.notificationId} адресовано другой роли или территории.`,
      `${p.notificationId} хабарламасы басқа рөлге немесе аумаққа жіберілген.`,
    ),
  'mail-preferences.no-account': () =>
    both(
      'У служебного ключа оператора нет учётной записи: почтовые уведомления настраивает каждый сотрудник в своей.',
      'Оператордың қызметтік кілтінің есептік жазбасы жоқ: пошта хабарламаларын әр қызметкер өз жазбасында баптайды.',
    ),
  'submission.not-found': (p) =>
    both(`Представления списков ${p.submissionId} нет.`, `${p.submissionId} тізімдерді ұсыну жоқ.`),
  'reconciliation.not-found': (p) =>
    both(`Сверки ${p.runId} с загруженными файлами нет.`, `Жүктелген файлдары бар ${p.runId} салыстыруы жоқ.`),
  // A change sent to a running process, and a new record's process (apps/api/src/core/workflow-messages.ts,
  // workflow-starts.ts). A refusal's reason is the process's own (SHOWN_WITH_DETAIL).
  'workflow.refused': (p) =>
    both(
      `Процесс ${p.workflowId} не принял изменение. Его ответ:`,
      `${p.workflowId} процесі өзгерісті қабылдамады. Оның жауабы:`,
    ),
  'workflow.ended': (p) =>
    p.completed
      ? both(
          `Процесс ${p.workflowId} уже завершён: изменения в него больше не вносятся.`,
          `${p.workflowId} процесі аяқталған: оған енді өзгеріс енгізілмейді.`,
        )
      : both(
          `Процесса ${p.workflowId} нет: изменения не вносятся.`,
          `${p.workflowId} процесі жоқ: өзгеріс енгізілмейді.`,
        ),
  'workflow.not-sent': (p) =>
    both(
      `Сервис процессов недоступен: в процесс ${p.workflowId} ничего не отправлено и ничего не изменилось. Повторите попытку.`,
      `Процестер қызметі қолжетімсіз: ${p.workflowId} процесіне ештеңе жіберілмеді, ештеңе өзгерген жоқ. Қайталап көріңіз.`,
    ),
  'workflow.outcome-unknown': (p) =>
    both(
      `Изменение отправлено в процесс ${p.workflowId}, но ответа не было: оно могло быть внесено. Прежде чем повторять, обновите страницу и проверьте состояние (${p.readAt}).`,
      `Өзгеріс ${p.workflowId} процесіне жіберілді, бірақ жауап болмады: ол енгізілген болуы мүмкін. Қайталамас бұрын бетті жаңартып, күйін тексеріңіз (${p.readAt}).`,
    ),
  'workflow.not-started': (p) =>
    both(
      `Запись сохранена, но процесс ${p.workflowId} ещё не запущен: сервис процессов недоступен. Отправьте тот же запрос ещё раз.`,
      `Жазба сақталды, бірақ ${p.workflowId} процесі әлі іске қосылмады: процестер қызметі қолжетімсіз. Сол сұрауды қайта жіберіңіз.`,
    ),
  'workflow.may-have-started': (p) =>
    both(
      `Запись сохранена; процесс ${p.workflowId} мог запуститься, но ответа не было. Прежде чем повторять, обновите страницу и проверьте (${p.readAt}).`,
      `Жазба сақталды; ${p.workflowId} процесі іске қосылған болуы мүмкін, бірақ жауап болмады. Қайталамас бұрын бетті жаңартып, тексеріңіз (${p.readAt}).`,
    ),
  'workflow.page-token': () =>
    both('Список изменился: откройте его с первой страницы.', 'Тізім өзгерді: оны бірінші беттен ашыңыз.'),
  'workflow.service-unavailable': () =>
    both('Сервис процессов не ответил: повторите позже.', 'Процестер қызметі жауап бермеді: кейінірек қайталаңыз.'),
  'workflow.not-a-cycle-id': () => both('Такого процесса цикла нет.', 'Мұндай цикл процесі жоқ.'),
  'workflow.not-found': (p) => both(`Процесса ${p.workflowId} нет.`, `${p.workflowId} процесі жоқ.`),
  'workflow.not-a-cycle': (p) =>
    both(
      `${p.workflowId} — не процесс цикла; здесь показываются только истории цикла.`,
      `${p.workflowId} — цикл процесі емес; мұнда тек цикл тарихтары көрсетіледі.`,
    ),
  'consolidation.unknown-region': (p) =>
    both(`Области ${p.regionCode} нет в справочнике.`, `Анықтамалықта ${p.regionCode} облысы жоқ.`),
  'consolidation.not-found': (p) => both(`Сводного файла ${p.fileId} нет.`, `${p.fileId} жиынтық файлы жоқ.`),
  'consolidation.being-written': (p) =>
    both(
      `Сводный файл ${p.fileId} ещё формируется: повторите позже.`,
      `${p.fileId} жиынтық файлы әлі жасалуда: кейінірек қайталаңыз.`,
    ),
  'consolidation.refused': (p) =>
    both(`Сводный файл ${p.fileId} не сформирован.`, `${p.fileId} жиынтық файлы жасалмады.`),
  'audit.range': () =>
    both('Начало периода должно быть раньше его конца.', 'Кезеңнің басы оның соңынан бұрын болуы керек.'),

  // Transfer acts and certificates.
  'transfer-act.not-found': () => both('Такого акта приёма-передачи нет.', 'Мұндай қабылдау-беру актісі жоқ.'),
  'transfer-act.invalid': () =>
    both(
      'Акт приёма-передачи заполнен неверно: исправьте поля ниже.',
      'Қабылдау-беру актісі қате толтырылған: төмендегі өрістерді түзетіңіз.',
    ),
  'transfer-act.unknown-district': () => both('Такого района нет в справочнике.', 'Анықтамалықта мұндай аудан жоқ.'),
  'transfer-act.declaration-invalid': () =>
    both(
      'Акт приёма-передачи не составлен: исправьте поля ниже.',
      'Қабылдау-беру актісі жасалмады: төмендегі өрістерді түзетіңіз.',
    ),
  'transfer-act.receipt-invalid': () =>
    both('Получение не отмечено: исправьте поля ниже.', 'Алу белгіленбеді: төмендегі өрістерді түзетіңіз.'),
  'transfer-act.conflict': () =>
    both('Действие с актом приёма-передачи не выполнено.', 'Қабылдау-беру актісімен әрекет орындалмады.'),
  'transfer-act.number-taken': () =>
    both(
      'У района уже есть акт приёма-передачи с этим номером за этот период.',
      'Ауданның осы кезеңге осы нөмірлі қабылдау-беру актісі бар.',
    ),
  'transfer-act.receipt-recorded': () =>
    both(
      'Получение по акту уже отмечено комиссией: его содержание окончательно.',
      'Акт бойынша алуды комиссия белгілеп қойған: оның мазмұны түпкілікті.',
    ),
  'transfer-act.receipt-not-recorded': () =>
    both(
      'Комиссия ещё не отметила получение по акту: подписывать его пока нечего.',
      'Комиссия акт бойынша алуды әлі белгілеген жоқ: әзірге қол қоятын ештеңе жоқ.',
    ),
  'transfer-act.already-signed': () =>
    both('Эта сторона уже подписала акт приёма-передачи.', 'Бұл тарап қабылдау-беру актісіне қол қойып қойған.'),
  'transfer-act.files-mismatch': (p) =>
    both(
      `Полученные файлы не совпадают с актом приёма-передачи: расхождений — ${p.problems}, они перечислены ниже.`,
      `Алынған файлдар қабылдау-беру актісіне сәйкес келмейді: сәйкессіздіктер саны — ${p.problems}, олар төменде көрсетілген.`,
    ),
  'transfer-act.refused': () =>
    both('Подпись акта приёма-передачи не принята.', 'Қабылдау-беру актісіне қолтаңба қабылданбады.'),
  'transfer-act.signed-in-future': () => both('Время подписи ещё не наступило.', 'Қол қою уақыты әлі келген жоқ.'),
  'transfer-act.signed-before-receipt': () =>
    both(
      'Время подписи раньше отметки о получении: тогда содержания акта ещё не было.',
      'Қол қою уақыты алу белгісінен бұрын: ол кезде актінің мазмұны әлі болған жоқ.',
    ),
  'transfer-act.signature-invalid': () =>
    both('Подпись ЭЦП под актом приёма-передачи не принята.', 'Қабылдау-беру актісіндегі ЭЦҚ қолтаңбасы қабылданбады.'),
  'transfer-act.own-name': (p) =>
    both(
      `Вы действуете от своего имени: в поле ${p.field} должен быть ваш пользователь.`,
      `Сіз өз атыңыздан әрекет етесіз: ${p.field} өрісінде өзіңіздің пайдаланушыңыз болуы керек.`,
    ),
  'certificate.invalid': () => both('Сертификат не может быть зарегистрирован.', 'Сертификатты тіркеу мүмкін емес.'),
  'certificate.already-registered': () =>
    both('Этот сертификат уже зарегистрирован.', 'Бұл сертификат тіркеліп қойған.'),
  'certificate.already-revoked': () => both('Этот сертификат уже отозван.', 'Бұл сертификат кері қайтарылып қойған.'),
  'certificate.not-found': (p) =>
    p.certificateId
      ? both(`Сертификат ${p.certificateId} не зарегистрирован.`, `${p.certificateId} сертификаты тіркелмеген.`)
      : both('Такой сертификат не зарегистрирован.', 'Мұндай сертификат тіркелмеген.'),

  // The register and its feeds.
  'register.no-file': () => both('Файл выписки из реестра не отправлен.', 'Тізілімнен үзінді файлы жіберілмеді.'),
  'register.snapshot-not-found': (p) =>
    both(`Выгрузки реестра ${p.snapshotId} нет.`, `${p.snapshotId} тізілім үзіндісі жоқ.`),
  'register.bad-page': () => both('Номер страницы указан неверно.', 'Бет нөмірі қате көрсетілген.'),
  'register.person-not-found': (p) =>
    both(
      `В реестре (выгрузка № ${p.version} на ${day(p.asOf)}) нет человека с таким ИИН.`,
      `Тізілімде (${day(p.asOf)} жағдай бойынша № ${p.version} үзінді) мұндай ЖСН-і бар адам жоқ.`,
    ),
  'register-feed.credential-required': () =>
    both(
      'Потоки изменений реестра открыты только государственным реестрам с их ключами.',
      'Тізілім өзгерістерінің ағындары тек мемлекеттік тізілімдерге өз кілттерімен ашық.',
    ),
  'register-feed.follow-up-not-queued': () =>
    both(
      'Событие записано, но его обработка не поставлена в очередь: отправьте его снова.',
      'Оқиға жазылды, бірақ оны өңдеу кезекке қойылмады: оны қайта жіберіңіз.',
    ),
  'register-feed.event-invalid': () =>
    both(
      'Событие реестра заполнено неверно: ничего не записано.',
      'Тізілім оқиғасы қате толтырылған: ештеңе жазылмады.',
    ),
  'register-feed.event-conflict': () =>
    both(
      'Событие с этим номером уже получено с другим содержанием; действует первое.',
      'Осы нөмірлі оқиға басқа мазмұнмен алынған; біріншісі күшінде.',
    ),
  'register-feed.batch-invalid': (p) =>
    both(
      `Пакет событий неверен: в нём должно быть от 1 до ${p.max} событий; ничего не записано.`,
      `Оқиғалар бумасы қате: онда 1-ден ${p.max}-ге дейін оқиға болуы керек; ештеңе жазылмады.`,
    ),
  'register-feed.reason-required': () =>
    both(
      'Укажите, зачем вы открываете событие полностью: причина сохраняется в журнале аудита.',
      'Оқиғаны толық ашу себебін көрсетіңіз: себеп аудит журналында сақталады.',
    ),
  'register-feed.event-not-found': (p) =>
    both(`События реестра ${p.eventId} нет.`, `${p.eventId} тізілім оқиғасы жоқ.`),
  'registration-check.iin-invalid': () => both('ИИН указан неверно.', 'ЖСН қате көрсетілген.'),
  'registration-check.not-found': (p) =>
    both(`Проверки регистрации ${p.checkId} нет.`, `${p.checkId} тіркеуді тексеру жоқ.`),

  // The voting day.
  'voting-day.iin-invalid': () => both('ИИН указан неверно.', 'ЖСН қате көрсетілген.'),
  'voting-day.application-open': (p) =>
    both(
      `У этого гражданина уже есть нерешённое обращение сегодня: № ${p.number} на избирательном участке № ${p.stationNumber}; сначала решите его.`,
      `Бұл азаматтың бүгін шешілмеген өтініші бар: № ${p.stationNumber} сайлау учаскесіндегі № ${p.number}; алдымен оны шешіңіз.`,
    ),
  'voting-day.application-not-found': (p) =>
    both(`Обращения ${p.applicationId} нет.`, `${p.applicationId} өтініші жоқ.`),
  'voting-day.application-decided': (p) =>
    both(
      `Обращение № ${p.number} уже решено: члены участковой комиссии видят персональные данные заявителя только пока обращение не решено.`,
      `№ ${p.number} өтініш шешілді: учаскелік комиссия мүшелері өтініш берушінің дербес деректерін тек өтініш шешілгенге дейін көреді.`,
    ),
  'voting-day.reason-required': (p) =>
    p.what === 'personal-data'
      ? both(
          'Укажите, зачем вы открываете персональные данные заявителя: причина сохраняется в журнале аудита.',
          'Өтініш берушінің дербес деректерін ашу себебін көрсетіңіз: себеп аудит журналында сақталады.',
        )
      : p.what === 'decision'
        ? both('Укажите, зачем вы открываете решение.', 'Шешімді ашу себебін көрсетіңіз.')
        : both('Укажите, зачем вы открываете дополнительный список.', 'Қосымша тізімді ашу себебін көрсетіңіз.'),
  'voting-day.other-day': (p) =>
    both(
      `Обращение № ${p.number} относится к другому дню голосования.`,
      `№ ${p.number} өтініш басқа дауыс беру күніне жатады.`,
    ),
  'voting-day.not-escalated': (p) =>
    both(
      `Территориальная избирательная комиссия решает обращение, только когда оно передано ей (долго не решено или не решено к закрытию голосования); обращение № ${p.number} не передано.`,
      `Аумақтық сайлау комиссиясы өтінішті тек ол өзіне берілгенде шешеді (ұзақ шешілмесе немесе дауыс беру жабылғанға дейін шешілмесе); № ${p.number} өтініш берілген жоқ.`,
    ),
  'voting-day.not-deciding-role': (p) =>
    both(
      `Обращение решают члены участковой комиссии или территориальная избирательная комиссия, когда оно передано ей; ${role(p.role, 'ru')} не решает.`,
      `Өтінішті учаскелік комиссия мүшелері немесе, өзіне берілгенде, аумақтық сайлау комиссиясы шешеді; ${role(p.role, 'kk')} шешпейді.`,
    ),
  'voting-day.not-rejected': (p) => {
    const status = APPLICATION_STATUS[p.status] ?? { ru: p.status, kk: p.status };
    return both(
      `Копия решения об отказе есть только у отклонённого обращения; обращение № ${p.number}: ${status.ru}.`,
      `Бас тарту туралы шешімнің көшірмесі тек қабылданбаған өтініште болады; № ${p.number} өтініш: ${status.kk}.`,
    );
  },
  'voting-day.station-not-found': (p) =>
    both(`Избирательного участка ${p.stationId} нет.`, `${p.stationId} сайлау учаскесі жоқ.`),
  'voting-day.closes-before-opening': () =>
    both('Голосование должно закрываться после открытия.', 'Дауыс беру ашылғаннан кейін жабылуы керек.'),
  'voting-day.too-long': (p) =>
    both(`День голосования длится не больше ${p.hours} часов.`, `Дауыс беру күні ${p.hours} сағаттан аспайды.`),
  'voting-day.opens-on-other-day': (p) =>
    both(
      `Голосование должно открываться в день голосования ${day(p.date)}, а не ${day(p.opensOn)}.`,
      `Дауыс беру ${day(p.opensOn)} емес, дауыс беру күні ${day(p.date)} ашылуы керек.`,
    ),
  'voting-day.exists': (p) => both(`День голосования ${day(p.date)} уже есть.`, `${day(p.date)} дауыс беру күні бар.`),
  'voting-day.not-open': () =>
    both(
      'Члены участковой комиссии работают только во время голосования; сейчас голосование не идёт.',
      'Учаскелік комиссия мүшелері тек дауыс беру кезінде жұмыс істейді; қазір дауыс беру жүріп жатқан жоқ.',
    ),
  'precinct-members.no-district': () =>
    both(
      'В учётной записи комиссии не указан район, который есть в реестре: обратитесь к администратору.',
      'Комиссияның есептік жазбасында тізілімде бар аудан көрсетілмеген: әкімшіге жүгініңіз.',
    ),
  'delivery.unknown-status': (p) =>
    both(
      `Неизвестное состояние доставки; допустимы: ${list(p.valid)}.`,
      `Жеткізудің белгісіз күйі; рұқсат етілгені: ${list(p.valid)}.`,
    ),
  'delivery.no-dead-letter': (p) =>
    both(`Недоставленного сообщения ${p.jobId} нет.`, `${p.jobId} жеткізілмеген хабарлама жоқ.`),
  'incident.not-found': (p) =>
    both(`Инцидента безопасности ${p.incidentId} нет.`, `${p.incidentId} қауіпсіздік инциденті жоқ.`),
  'incident.already-reported': (p) =>
    both(`Об этом инциденте уже сообщено ${instant(p.at)}.`, `Бұл инцидент туралы ${instant(p.at)} хабарланып қойған.`),

  // The ID-card exchange, officers' side.
  'id-card.not-found': (p) =>
    both(
      `Заявки на замену удостоверения ${p.applicationId} нет.`,
      `${p.applicationId} жеке куәлікті ауыстыру өтінімі жоқ.`,
    ),
  'id-card.not-awaiting-review': (p) =>
    both(
      `Заявка${p.ticketNumber ? ` по талону № ${p.ticketNumber}` : ''} уже не ожидает проверки (${idCardStatus(p.status).ru}): обновите страницу.`,
      `${p.ticketNumber ? `№ ${p.ticketNumber} талон бойынша ` : ''}өтінім енді тексеруді күтпейді (${idCardStatus(p.status).kk}): бетті жаңартыңыз.`,
    ),
  'id-card.signed-in-future': () => both('Время подписи ещё не наступило.', 'Қол қою уақыты әлі келген жоқ.'),
  'id-card.signature-refused': (p) => {
    const why = signature(p.reason);
    return both(`${capital(why.ru)}.`, `${capital(why.kk)}.`);
  },
  'id-card.not-in-production': (p) =>
    both(
      `Заявка${p.ticketNumber ? ` по талону № ${p.ticketNumber}` : ''} не на изготовлении (${idCardStatus(p.status).ru}).`,
      `${p.ticketNumber ? `№ ${p.ticketNumber} талон бойынша ` : ''}өтінім дайындалуда емес (${idCardStatus(p.status).kk}).`,
    ),
  'id-card.card-dates': () =>
    both(
      'Даты нового удостоверения указаны неверно: исправьте поля ниже.',
      'Жаңа куәліктің күндері қате көрсетілген: төмендегі өрістерді түзетіңіз.',
    ),
  'id-card.ticket-not-found': (p) =>
    both(
      `Заявки с талоном № ${p.ticketNumber} нет: проверьте номер.`,
      `№ ${p.ticketNumber} талоны бар өтінім жоқ: нөмірді тексеріңіз.`,
    ),
  'id-card.not-ready': (p) =>
    both(
      `По талону № ${p.ticketNumber} удостоверение не ожидает выдачи (${idCardStatus(p.status).ru}).`,
      `№ ${p.ticketNumber} талон бойынша жеке куәлік беруді күтпейді (${idCardStatus(p.status).kk}).`,
    ),

  // Citizens' services (their detail is already in Russian and Kazakh; the console has the same words).
  'citizen.not-configured': () =>
    both('Услуги гражданам здесь не настроены.', 'Азаматтарға арналған қызметтер мұнда бапталмаған.'),
  'citizen.portal-credential-required': () =>
    both(
      'Услуги гражданам вызываются порталом электронного правительства с его ключом.',
      'Азаматтарға арналған қызметтерді электрондық үкімет порталы өз кілтімен шақырады.',
    ),
  'citizen.iin-invalid': () => both('ИИН гражданина указан неверно.', 'Азаматтың ЖСН-і қате көрсетілген.'),
  'citizen.registration-unavailable': () =>
    both(
      'Сервис регистрации временно недоступен, повторите позже.',
      'Тіркеу қызметі уақытша қолжетімсіз, кейінірек қайталаңыз.',
    ),
  'citizen.no-registration': () => both('Постоянная регистрация не найдена.', 'Тұрақты тіркеу табылмады.'),
  'citizen.property-not-found': () =>
    both(
      'Недвижимость с таким кадастровым номером не найдена.',
      'Мұндай кадастрлық нөмірі бар жылжымайтын мүлік табылмады.',
    ),
  'citizen.not-owner': () =>
    both(
      'Сведения о зарегистрированных лицах доступны только собственнику этой недвижимости.',
      'Тіркелген адамдар туралы мәліметтер тек осы жылжымайтын мүліктің меншік иесіне қолжетімді.',
    ),
  'citizen.unknown-region': (p) => both(`Регион ${p.regionCode} не найден.`, `${p.regionCode} өңірі табылмады.`),
  'citizen.no-id-card': () =>
    both(
      'Сведения об удостоверении личности не найдены: обратитесь в ЦОН.',
      'Жеке куәлік туралы мәліметтер табылмады: ХҚКО-ға жүгініңіз.',
    ),
  'citizen.application-open': (p) =>
    both(
      `Заявка на замену удостоверения уже в работе${p.ticketNumber ? ` (талон № ${p.ticketNumber})` : ''}: дождитесь её завершения.`,
      `Жеке куәлікті ауыстыруға өтінім қаралуда${p.ticketNumber ? ` (№ ${p.ticketNumber} талон)` : ''}: оның аяқталуын күтіңіз.`,
    ),
  'citizen.fee-not-paid': () =>
    both(
      'Государственная пошлина не оплачена или уже использована.',
      'Мемлекеттік баж төленбеген немесе пайдаланылған.',
    ),
  'citizen.application-not-found': (p) => both(`Заявки ${p.applicationId} нет.`, `${p.applicationId} өтінімі жоқ.`),
};

/** The codes the console has words for: the contract's, no more, no fewer (the unit test checks). */
export const RENDERED_API_CODES = Object.keys(API_PROBLEMS) as ApiCode[];

/** Whether the console has words for this code. */
export function knowsApiCode(code: string | undefined): code is ApiCode {
  return !!code && Object.hasOwn(API_PROBLEMS, code);
}

/**
 * The refusal's sentence in `lang`; null when the console has no words for its code (a generic code,
 * none, or one newer than the console): the caller shows the API's English detail then.
 */
/** Codes whose English detail is another system's own words (a workflow's refusal), shown after the sentence. */
const SHOWN_WITH_DETAIL: ReadonlySet<ApiCode> = new Set<ApiCode>(['workflow.refused']);

export function explainApiProblem(p: ShownApiProblem, lang: Lang): string | null {
  if (!knowsApiCode(p.code) || !p.params || typeof p.params !== 'object') return null;
  const render = API_PROBLEMS[p.code] as (params: unknown) => Words;
  try {
    const words = render(p.params)[lang];
    return SHOWN_WITH_DETAIL.has(p.code) && p.detail ? `${words} «${p.detail}»` : words;
  } catch {
    // Parameters not of the code's shape (an API newer than the console): the English stands.
    return null;
  }
}
