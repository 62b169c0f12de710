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
  1: {
    en: 'incorrect identity data (surname, name, patronymic, IIN, date of birth)',
    ru: 'некорректные персональные данные (фамилия, имя, отчество, ИИН, дата рождения)',
    kk: 'дербес деректері дұрыс емес (тегі, аты, әкесінің аты, ЖСН, туған күні)',
  },
  2: {
    en: 'outdated identity documents',
    ru: 'устаревшие документы, удостоверяющие личность',
    kk: 'жеке басын куәландыратын құжаттары ескірген',
  },
  3: {
    en: 'listed more than once on one polling station',
    ru: 'повторное включение избирателя в список одного избирательного участка',
    kk: 'бір сайлау учаскесінің тізіміне қайта енгізілген',
  },
  4: {
    en: 'listed on several polling stations',
    ru: 'включение избирателя в списки нескольких избирательных участков',
    kk: 'бірнеше сайлау учаскесінің тізімдеріне енгізілген',
  },
  5: {
    en: 'registered in another region',
    ru: 'граждане, зарегистрированные в других регионах',
    kk: 'басқа өңірлерде тіркелген азаматтар',
  },
  6: {
    en: 'without a registered address (deregistered)',
    ru: 'граждане без регистрации (снятые с регистрационного учета)',
    kk: 'тіркеуі жоқ (тіркеу есебінен шығарылған) азаматтар',
  },
  7: {
    en: 'left Kazakhstan for permanent residence abroad',
    ru: 'выехавшие на постоянное место жительства за пределы Республики Казахстан',
    kk: 'Қазақстан Республикасынан тыс жерлерге тұрақты тұруға кеткендер',
  },
  8: {
    en: 'non-citizens (non-residents)',
    ru: 'не являющиеся гражданами Республики Казахстан (нерезиденты)',
    kk: 'Қазақстан Республикасының азаматы болып табылмайтындар (бейрезиденттер)',
  },
  9: {
    en: 'without active suffrage',
    ru: 'граждане, не обладающие активным избирательным правом',
    kk: 'белсенді сайлау құқығы жоқ азаматтар',
  },
  0: { en: 'polling stations', ru: 'избирательные участки', kk: 'сайлау учаскелері' },
};

export const SUBCATEGORIES: Record<string, Label> = {
  surname: {
    en: 'surname differs from the register',
    ru: 'фамилия не совпадает с регистром',
    kk: 'тегі тізілімге сәйкес келмейді',
  },
  'first-name': {
    en: 'first name differs from the register',
    ru: 'имя не совпадает с регистром',
    kk: 'аты тізілімге сәйкес келмейді',
  },
  patronymic: {
    en: 'patronymic differs from the register',
    ru: 'отчество не совпадает с регистром',
    kk: 'әкесінің аты тізілімге сәйкес келмейді',
  },
  'birth-date': {
    en: 'date of birth differs from the register',
    ru: 'дата рождения не совпадает с регистром',
    kk: 'туған күні тізілімге сәйкес келмейді',
  },
  'iin-not-in-register': {
    en: 'no person with this IIN in the register',
    ru: 'ИИН отсутствует в регистре',
    kk: 'ЖСН тізілімде жоқ',
  },
  expired: {
    en: "the register's document has expired",
    ru: 'срок действия документа истек',
    kk: 'құжаттың қолданылу мерзімі өткен',
  },
  replaced: {
    en: 'the file lists a document the register has replaced',
    ru: 'в файле указан замененный документ',
    kk: 'файлда ауыстырылған құжат көрсетілген',
  },
  'same-station': {
    en: 'repeated on the same station',
    ru: 'повтор на том же участке',
    kk: 'сол учаскеде қайталанған',
  },
  'several-stations': {
    en: 'also on another station of this list',
    ru: 'также на другом участке этого списка',
    kk: 'осы тізімнің басқа учаскесінде де бар',
  },
  'other-district': {
    en: "also on another district's list, where the register places the voter",
    ru: 'также в списке другого района, где избиратель зарегистрирован',
    kk: 'сайлаушы тіркелген басқа аудан тізімінде де бар',
  },
  'other-region': {
    en: 'registered in another region',
    ru: 'зарегистрирован в другом регионе',
    kk: 'басқа өңірде тіркелген',
  },
  deregistered: {
    en: 'deregistered, no registered address',
    ru: 'снят с регистрационного учета',
    kk: 'тіркеу есебінен шығарылған',
  },
  emigrated: {
    en: 'left for permanent residence abroad',
    ru: 'выехал на ПМЖ за рубеж',
    kk: 'шетелге тұрақты тұруға кеткен',
  },
  'non-citizen': { en: 'not a citizen of Kazakhstan', ru: 'не гражданин РК', kk: 'ҚР азаматы емес' },
  'under-18': { en: 'under 18 on the reference date', ru: 'не достиг 18 лет', kk: '18 жасқа толмаған' },
  incapable: {
    en: 'declared legally incapable by a court',
    ru: 'признан судом недееспособным',
    kk: 'сот әрекетке қабілетсіз деп таныған',
  },
  imprisoned: {
    en: 'held in a place of detention by a court sentence',
    ru: 'содержится в местах лишения свободы по приговору суда',
    kk: 'сот үкімі бойынша бас бостандығынан айыру орындарында ұсталуда',
  },
  deceased: { en: 'deceased', ru: 'умер', kk: 'қайтыс болған' },
  'citizenship-lost': {
    en: 'lost the citizenship of Kazakhstan',
    ru: 'утратил гражданство РК',
    kk: 'ҚР азаматтығын жоғалтқан',
  },
  'duplicate-number': {
    en: 'station number used twice in the region',
    ru: 'номер участка повторяется в регионе',
    kk: 'учаске нөмірі өңірде қайталанады',
  },
  'over-limit': {
    en: 'more than 3,000 voters on the station',
    ru: 'более 3000 избирателей на участке',
    kk: 'учаскеде 3000-нан астам сайлаушы',
  },
  'new-unmarked': {
    en: 'station not in the register and not marked new',
    ru: 'участок отсутствует в регистре и не отмечен как новый',
    kk: 'учаске тізілімде жоқ және жаңа деп белгіленбеген',
  },
  'marked-new-but-exists': {
    en: 'marked new but already in the register',
    ru: 'отмечен как новый, но уже есть в регистре',
    kk: 'жаңа деп белгіленген, бірақ тізілімде бар',
  },
  'missing-from-list': {
    en: "register station missing from the district's list",
    ru: 'участок из регистра отсутствует в списке',
    kk: 'тізілімдегі учаске тізімде жоқ',
  },
  'abolished-with-voters': {
    en: 'marked abolished but voters are listed on it',
    ru: 'отмечен как упраздненный, но в нем есть избиратели',
    kk: 'таратылған деп белгіленген, бірақ сайлаушылар бар',
  },
  'voters-on-unlisted-station': {
    en: 'voters on a station missing from the station list',
    ru: 'избиратели на участке, отсутствующем в списке участков',
    kk: 'учаскелер тізімінде жоқ учаскедегі сайлаушылар',
  },
  'station-list-not-received': {
    en: 'the station list (Appendix 2) has not been received: the stations are not checked',
    ru: 'список избирательных участков (приложение 2) не получен: участки не проверены',
    kk: 'сайлау учаскелерінің тізімі (2-қосымша) алынбаған: учаскелер тексерілмеді',
  },
};

export function label(l: Label | undefined, lang: Lang | 'en', fallback: string): string {
  return l ? l[lang] : fallback;
}

/** Category 10: a record that does not follow the form of Appendix 1 (the intake's findings outside para 9(1)). */
CATEGORIES[10] = {
  en: 'records that do not follow the form of Appendix 1',
  ru: 'записи, не соответствующие форме приложения 1',
  kk: '1-қосымшаның нысанына сәйкес келмейтін жазбалар',
};

/** The Appendix 1 fields as the form names them, for the intake's findings (`Field:rule`). */
export const FIELD_LABELS: Record<string, Label> = {
  Cod: { en: 'Cod (record key)', ru: 'Cod (код записи)', kk: 'Cod (жазба коды)' },
  Cod_izber: { en: 'IIN (Cod_izber)', ru: 'ИИН (Cod_izber)', kk: 'ЖСН (Cod_izber)' },
  Soname: { en: 'surname (Soname)', ru: 'фамилия (Soname)', kk: 'тегі (Soname)' },
  Name: { en: 'first name (Name)', ru: 'имя (Name)', kk: 'аты (Name)' },
  Otchestvo: { en: 'patronymic (Otchestvo)', ru: 'отчество (Otchestvo)', kk: 'әкесінің аты (Otchestvo)' },
  Cod_uch: { en: 'polling station code (Cod_uch)', ru: 'код участка (Cod_uch)', kk: 'учаске коды (Cod_uch)' },
  Okg_r: {
    en: 'republican constituency (Okg_r)',
    ru: 'республиканский округ (Okg_r)',
    kk: 'республикалық округ (Okg_r)',
  },
  Okg_ob: { en: 'regional constituency (Okg_ob)', ru: 'областной округ (Okg_ob)', kk: 'облыстық округ (Okg_ob)' },
  Okg_rai: { en: 'district constituency (Okg_rai)', ru: 'районный округ (Okg_rai)', kk: 'аудандық округ (Okg_rai)' },
  Obl: { en: 'region (Obl)', ru: 'область (Obl)', kk: 'облыс (Obl)' },
  Rai: { en: 'district (Rai)', ru: 'район (Rai)', kk: 'аудан (Rai)' },
  Date_rogd: { en: 'date of birth (Date_rogd)', ru: 'дата рождения (Date_rogd)', kk: 'туған күні (Date_rogd)' },
  Nac: { en: 'nationality (Nac)', ru: 'национальность (Nac)', kk: 'ұлты (Nac)' },
  mal: { en: 'sex (mal)', ru: 'пол (mal)', kk: 'жынысы (mal)' },
  Mesto_progiv: {
    en: 'locality (Mesto_progiv)',
    ru: 'место проживания (Mesto_progiv)',
    kk: 'тұратын жері (Mesto_progiv)',
  },
  Street: { en: 'street (Street)', ru: 'улица (Street)', kk: 'көше (Street)' },
  Hourse: { en: 'house (Hourse)', ru: 'дом (Hourse)', kk: 'үй (Hourse)' },
  Korpus: { en: 'building (Korpus)', ru: 'корпус (Korpus)', kk: 'корпус (Korpus)' },
  Kvartira: { en: 'apartment (Kvartira)', ru: 'квартира (Kvartira)', kk: 'пәтер (Kvartira)' },
  Udostve: { en: 'document number (Udostve)', ru: 'номер удостоверения (Udostve)', kk: 'куәлік нөмірі (Udostve)' },
  Date_vidach: {
    en: 'document issue date (Date_vidach)',
    ru: 'дата выдачи удостоверения (Date_vidach)',
    kk: 'куәліктің берілген күні (Date_vidach)',
  },
  Note: { en: 'note (Note)', ru: 'примечание (Note)', kk: 'ескерту (Note)' },
  Dopol1: { en: 'changed (Dopol1)', ru: 'изменён (Dopol1)', kk: 'өзгертілген (Dopol1)' },
  Dopol2: { en: 'deleted (Dopol2)', ru: 'удалён (Dopol2)', kk: 'жойылған (Dopol2)' },
  Dopol3: { en: 'date of change (Dopol3)', ru: 'дата изменения (Dopol3)', kk: 'өзгертілген күні (Dopol3)' },
  Dopol4: { en: 'added (Dopol4)', ru: 'добавлен (Dopol4)', kk: 'қосылған (Dopol4)' },
};

/** What each rule of the intake says is wrong, and the text it follows (the Rules' paragraph or the form). */
export const RULES: Record<string, { what: Label; basis: Label }> = {
  empty: {
    what: {
      en: 'empty, though the form requires it',
      ru: 'не заполнено, хотя обязательно',
      kk: 'толтырылмаған, бірақ міндетті',
    },
    basis: {
      en: 'Rules para 3 and Appendix 1',
      ru: 'п. 3 Правил и приложение 1',
      kk: 'Қағидалардың 3-тармағы және 1-қосымша',
    },
  },
  placeholder: {
    what: {
      en: 'a placeholder instead of data (the field must be left empty)',
      ru: 'вместо данных заполнитель (поле без данных остаётся пустым)',
      kk: 'деректің орнына толтырғыш (дерек жоқ өріс бос қалады)',
    },
    basis: { en: 'the note under Appendix 1', ru: 'примечание к приложению 1', kk: '1-қосымшаға ескерту' },
  },
  'not-12-digits': {
    what: {
      en: 'not an IIN: an IIN is exactly 12 digits',
      ru: 'не ИИН: ИИН состоит ровно из 12 цифр',
      kk: 'ЖСН емес: ЖСН дәл 12 цифрдан тұрады',
    },
    basis: { en: 'Rules para 9(1)', ru: 'подп. 1) п. 9 Правил', kk: 'Қағидалардың 9-тармағының 1) тармақшасы' },
  },
  'check-digit': {
    what: {
      en: 'the check digit (12th) does not match the first eleven',
      ru: 'контрольный (12-й) разряд не сходится с первыми одиннадцатью',
      kk: 'бақылау (12-ші) разряды алғашқы он бір цифрға сәйкес емес',
    },
    basis: { en: 'Rules para 9(1)', ru: 'подп. 1) п. 9 Правил', kk: 'Қағидалардың 9-тармағының 1) тармақшасы' },
  },
  'never-issued': {
    what: {
      en: 'no IIN is ever issued with these digits',
      ru: 'ИИН с такими цифрами не выдаётся',
      kk: 'мұндай цифрлармен ЖСН берілмейді',
    },
    basis: { en: 'Rules para 9(1)', ru: 'подп. 1) п. 9 Правил', kk: 'Қағидалардың 9-тармағының 1) тармақшасы' },
  },
  'not-a-date': {
    what: {
      en: 'not a date (YYYY-MM-DD or DD.MM.YYYY)',
      ru: 'не дата (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ)',
      kk: 'күн емес (ЖЖЖЖ-АА-КК немесе КК.АА.ЖЖЖЖ)',
    },
    basis: {
      en: 'Appendix 1 (a Date/Time field)',
      ru: 'приложение 1 (поле «Дата/время»)',
      kk: '1-қосымша («Күн/уақыт» өрісі)',
    },
  },
  impossible: {
    what: {
      en: 'an impossible date of birth (before 1900 or after the file was received)',
      ru: 'невозможная дата рождения (раньше 1900 года или позже получения файла)',
      kk: 'мүмкін емес туған күн (1900 жылдан бұрын немесе файл алынғаннан кейін)',
    },
    basis: { en: 'Rules para 9(1)', ru: 'подп. 1) п. 9 Правил', kk: 'Қағидалардың 9-тармағының 1) тармақшасы' },
  },
  'after-receipt': {
    what: {
      en: 'a date after the file was received',
      ru: 'дата позже получения файла',
      kk: 'файл алынған күннен кейінгі күн',
    },
    basis: {
      en: 'Rules para 3 and Appendix 1',
      ru: 'п. 3 Правил и приложение 1',
      kk: 'Қағидалардың 3-тармағы және 1-қосымша',
    },
  },
  'before-birth': {
    what: {
      en: 'the document was issued before the date of birth',
      ru: 'удостоверение выдано раньше даты рождения',
      kk: 'куәлік туған күнінен бұрын берілген',
    },
    basis: {
      en: 'Rules para 3 and Appendix 1',
      ru: 'п. 3 Правил и приложение 1',
      kk: 'Қағидалардың 3-тармағы және 1-қосымша',
    },
  },
  'too-long': {
    what: {
      en: 'longer than the 255 characters an Access Text field holds',
      ru: 'длиннее 255 знаков текстового поля Access',
      kk: 'Access мәтіндік өрісінің 255 таңбасынан ұзын',
    },
    basis: {
      en: 'Rules para 6 (MS Access format) and Appendix 1',
      ru: 'п. 6 Правил (формат MS Access) и приложение 1',
      kk: 'Қағидалардың 6-тармағы (MS Access пішімі) және 1-қосымша',
    },
  },
  'control-character': {
    what: {
      en: 'holds a control character (a NUL byte or a line break)',
      ru: 'содержит управляющий символ (нулевой байт или перевод строки)',
      kk: 'басқарушы таңба бар (нөлдік байт немесе жол ауыстыру)',
    },
    basis: { en: 'Appendix 1', ru: 'приложение 1', kk: '1-қосымша' },
  },
  'not-a-number': {
    what: {
      en: 'not a positive whole number (the record key)',
      ru: 'не целое положительное число (код записи)',
      kk: 'оң бүтін сан емес (жазба коды)',
    },
    basis: {
      en: 'Appendix 1 (Cod, an AutoNumber key)',
      ru: 'приложение 1 (Cod — ключевое поле-счётчик)',
      kk: '1-қосымша (Cod — кілттік санауыш өріс)',
    },
  },
  repeated: {
    what: {
      en: 'the same Cod as an earlier record (the key must be unique)',
      ru: 'тот же Cod, что у записи выше (код записи должен быть уникальным)',
      kk: 'жоғарыдағы жазбаның Cod-ы (жазба коды қайталанбауы керек)',
    },
    basis: {
      en: 'Appendix 1 (Cod, an AutoNumber key)',
      ru: 'приложение 1 (Cod — ключевое поле-счётчик)',
      kk: '1-қосымша (Cod — кілттік санауыш өріс)',
    },
  },
  invalid: {
    what: {
      en: 'a value the form does not take (sex: М/Ж; a flag: Yes or No)',
      ru: 'значение, которого нет в форме (пол: М/Ж, отметка: да или нет)',
      kk: 'нысанда жоқ мән (жынысы: Е/Ә, белгі: иә немесе жоқ)',
    },
    basis: { en: 'Appendix 1', ru: 'приложение 1', kk: '1-қосымша' },
  },
  'without-flag': {
    what: {
      en: 'a date of change, but none of Dopol1, Dopol2, Dopol4 is set',
      ru: 'дата изменения есть, но не отмечено ни Dopol1, ни Dopol2, ни Dopol4',
      kk: 'өзгертілген күні бар, бірақ Dopol1, Dopol2, Dopol4 белгіленбеген',
    },
    basis: { en: 'Appendix 1 (Dopol3)', ru: 'приложение 1 (Dopol3)', kk: '1-қосымша (Dopol3)' },
  },
  missing: {
    what: {
      en: 'Dopol1 (changed) is set without the date of the change',
      ru: 'отмечено Dopol1 (изменён), но нет даты изменения',
      kk: 'Dopol1 (өзгертілген) белгіленген, бірақ өзгертілген күні жоқ',
    },
    basis: { en: 'Appendix 1 (Dopol3)', ru: 'приложение 1 (Dopol3)', kk: '1-қосымша (Dopol3)' },
  },
};

/**
 * A finding's subcategory in words: the reconciliation's own (SUBCATEGORIES), or an intake
 * finding `Field:rule` as "field: what is wrong".
 */
export function subcategoryLabel(key: string, lang: Lang | 'en'): string {
  const known = SUBCATEGORIES[key];
  if (known) return known[lang];
  const [field, rule] = key.split(':');
  if (rule !== undefined && FIELD_LABELS[field] && RULES[rule])
    return `${FIELD_LABELS[field][lang]}: ${RULES[rule].what[lang]}`;
  return key;
}

/** What an intake finding's rule follows (the Rules' paragraph or the form), in words; null for other evidence. */
export function evidenceLabelFor(evidence: Record<string, unknown>, lang: Lang | 'en'): string | null {
  const rule = typeof evidence.rule === 'string' ? RULES[evidence.rule] : undefined;
  return rule ? rule.basis[lang] : null;
}
