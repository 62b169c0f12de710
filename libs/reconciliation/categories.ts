/**
 * The findings of reconciliation, in the words of CEC Rules No. 11/196 (para 9 for voters,
 * chapter 3 for stations), in Russian and Kazakh for the akimat's report and in English for the API.
 * Category 0 holds the station findings.
 */
export type Lang = 'ru' | 'kk';

export interface Label {
  en: string;
  ru: string;
  kk: string;
}

export const CATEGORIES: Record<number, Label> = {
  1: { en: 'incorrect identity data (surname, name, patronymic, IIN, date of birth)', ru: 'некорректные персональные данные (фамилия, имя, отчество, ИИН, дата рождения)', kk: 'дербес деректері дұрыс емес (тегі, аты, әкесінің аты, ЖСН, туған күні)' },
  2: { en: 'outdated identity documents', ru: 'устаревшие документы, удостоверяющие личность', kk: 'жеке басын куәландыратын құжаттары ескірген' },
  3: { en: 'listed more than once on one polling station', ru: 'повторное включение избирателя в список одного избирательного участка', kk: 'бір сайлау учаскесінің тізіміне қайта енгізілген' },
  4: { en: 'listed on several polling stations', ru: 'включение избирателя в списки нескольких избирательных участков', kk: 'бірнеше сайлау учаскесінің тізімдеріне енгізілген' },
  5: { en: 'registered in another region', ru: 'граждане, зарегистрированные в других регионах', kk: 'басқа өңірлерде тіркелген азаматтар' },
  6: { en: 'without a registered address (deregistered)', ru: 'граждане без регистрации (снятые с регистрационного учета)', kk: 'тіркеуі жоқ (тіркеу есебінен шығарылған) азаматтар' },
  7: { en: 'left Kazakhstan for permanent residence abroad', ru: 'выехавшие на постоянное место жительства за пределы Республики Казахстан', kk: 'Қазақстан Республикасынан тыс жерлерге тұрақты тұруға кеткендер' },
  8: { en: 'non-citizens (non-residents)', ru: 'не являющиеся гражданами Республики Казахстан (нерезиденты)', kk: 'Қазақстан Республикасының азаматы болып табылмайтындар (бейрезиденттер)' },
  9: { en: 'without active suffrage', ru: 'граждане, не обладающие активным избирательным правом', kk: 'белсенді сайлау құқығы жоқ азаматтар' },
  0: { en: 'polling stations', ru: 'избирательные участки', kk: 'сайлау учаскелері' },
};

export const SUBCATEGORIES: Record<string, Label> = {
  surname: { en: 'surname differs from the register', ru: 'фамилия не совпадает с регистром', kk: 'тегі тізілімге сәйкес келмейді' },
  'first-name': { en: 'first name differs from the register', ru: 'имя не совпадает с регистром', kk: 'аты тізілімге сәйкес келмейді' },
  patronymic: { en: 'patronymic differs from the register', ru: 'отчество не совпадает с регистром', kk: 'әкесінің аты тізілімге сәйкес келмейді' },
  'birth-date': { en: 'date of birth differs from the register', ru: 'дата рождения не совпадает с регистром', kk: 'туған күні тізілімге сәйкес келмейді' },
  'iin-not-in-register': { en: 'no person with this IIN in the register', ru: 'ИИН отсутствует в регистре', kk: 'ЖСН тізілімде жоқ' },
  expired: { en: "the register's document has expired", ru: 'срок действия документа истек', kk: 'құжаттың қолданылу мерзімі өткен' },
  replaced: { en: 'the file lists a document the register has replaced', ru: 'в файле указан замененный документ', kk: 'файлда ауыстырылған құжат көрсетілген' },
  'same-station': { en: 'repeated on the same station', ru: 'повтор на том же участке', kk: 'сол учаскеде қайталанған' },
  'several-stations': { en: 'also on another station of this list', ru: 'также на другом участке этого списка', kk: 'осы тізімнің басқа учаскесінде де бар' },
  'other-district': { en: "also on another district's list, where the register places the voter", ru: 'также в списке другого района, где избиратель зарегистрирован', kk: 'сайлаушы тіркелген басқа аудан тізімінде де бар' },
  'other-region': { en: 'registered in another region', ru: 'зарегистрирован в другом регионе', kk: 'басқа өңірде тіркелген' },
  deregistered: { en: 'deregistered, no registered address', ru: 'снят с регистрационного учета', kk: 'тіркеу есебінен шығарылған' },
  emigrated: { en: 'left for permanent residence abroad', ru: 'выехал на ПМЖ за рубеж', kk: 'шетелге тұрақты тұруға кеткен' },
  'non-citizen': { en: 'not a citizen of Kazakhstan', ru: 'не гражданин РК', kk: 'ҚР азаматы емес' },
  'under-18': { en: 'under 18 on the reference date', ru: 'не достиг 18 лет', kk: '18 жасқа толмаған' },
  incapable: { en: 'declared legally incapable by a court', ru: 'признан судом недееспособным', kk: 'сот әрекетке қабілетсіз деп таныған' },
  imprisoned: { en: 'held in a place of detention by a court sentence', ru: 'содержится в местах лишения свободы по приговору суда', kk: 'сот үкімі бойынша бас бостандығынан айыру орындарында ұсталуда' },
  deceased: { en: 'deceased', ru: 'умер', kk: 'қайтыс болған' },
  'citizenship-lost': { en: 'lost the citizenship of Kazakhstan', ru: 'утратил гражданство РК', kk: 'ҚР азаматтығын жоғалтқан' },
  'duplicate-number': { en: 'station number used twice in the region', ru: 'номер участка повторяется в регионе', kk: 'учаске нөмірі өңірде қайталанады' },
  'over-limit': { en: 'more than 3,000 voters on the station', ru: 'более 3000 избирателей на участке', kk: 'учаскеде 3000-нан астам сайлаушы' },
  'new-unmarked': { en: 'station not in the register and not marked new', ru: 'участок отсутствует в регистре и не отмечен как новый', kk: 'учаске тізілімде жоқ және жаңа деп белгіленбеген' },
  'marked-new-but-exists': { en: 'marked new but already in the register', ru: 'отмечен как новый, но уже есть в регистре', kk: 'жаңа деп белгіленген, бірақ тізілімде бар' },
  'missing-from-list': { en: "register station missing from the district's list", ru: 'участок из регистра отсутствует в списке', kk: 'тізілімдегі учаске тізімде жоқ' },
  'abolished-with-voters': { en: 'marked abolished but voters are listed on it', ru: 'отмечен как упраздненный, но в нем есть избиратели', kk: 'таратылған деп белгіленген, бірақ сайлаушылар бар' },
  'voters-on-unlisted-station': { en: 'voters on a station missing from the station list', ru: 'избиратели на участке, отсутствующем в списке участков', kk: 'учаскелер тізімінде жоқ учаскедегі сайлаушылар' },
  'station-list-not-received': { en: 'the station list (Appendix 2) has not been received: the stations are not checked', ru: 'список избирательных участков (приложение 2) не получен: участки не проверены', kk: 'сайлау учаскелерінің тізімі (2-қосымша) алынбаған: учаскелер тексерілмеді' },
};

export function label(l: Label | undefined, lang: Lang | 'en', fallback: string): string {
  return l ? l[lang] : fallback;
}
