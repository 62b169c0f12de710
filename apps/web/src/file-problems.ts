/**
 * A rejection report in the console's language. The file checks (libs/files) give each problem a
 * stable code and its parameters (libs/contracts/problems.ts) beside the plain English message the
 * API keeps; the console renders the code in Russian or Kazakh, in the words of CEC Rules No. 11/196
 * and of its appendices (избирательный участок / сайлау учаскесі, границы участка / учаске
 * шекаралары, населённый пункт / елді мекен, Приложение 2 / 2-қосымша), with the numbers, rows and
 * column names the parameters carry. A problem without a known code (a report stored before the
 * codes) is shown by its English message. test/db/file-problems.spec.ts runs the real importers
 * over broken files and fails on any problem of theirs that comes out in English;
 * test/unit/file-problem-words.spec.ts fails on a code without words here.
 *
 * Pure: no React, no DOM.
 */
import type {
  AccessColumnType,
  AccessFieldType,
  FileProblemCode,
  FileProblemParams,
} from '../../../libs/contracts/problems';

export type Lang = 'ru' | 'kk';

interface Words {
  ru: string;
  kk: string;
}

/** A problem as a report row carries it; `code` and `params` are absent from a report stored before the codes. */
export interface ShownProblem {
  code?: string;
  params?: unknown;
  message: string;
}

/** A code's words from its parameters; null when a part of it has no words here (the message stays in English). */
type Render<C extends FileProblemCode> = (p: FileProblemParams[C]) => Words | null;

// ---------------------------------------------------------------------------------------------
// Names the messages carry.

/**
 * The columns of Appendices 2 and 3 by the English key problems name them with, as the forms print
 * them: the first Russian and Kazakh names of each ColumnDef (libs/files/appendix2.ts, appendix3.ts).
 */
const COLUMNS: Record<string, Words> = {
  'row number': { ru: '№ п/п', kk: 'р/с №' },
  'station number': { ru: 'Номер избирательного участка', kk: 'Сайлау учаскесінің нөмірі' },
  premises: { ru: 'Наименование помещения для голосования', kk: 'Дауыс беруге арналған үй-жайдың атауы' },
  locality: { ru: 'Населенный пункт', kk: 'Елді мекен' },
  street: { ru: 'Улица', kk: 'Көше' },
  house: { ru: 'Дом', kk: 'Үй' },
  marks: { ru: 'Отметка', kk: 'Белгі' },
  'restricted access': { ru: 'Ограниченный доступ', kk: 'Шектеулі қолжетімділік' },
  new: { ru: 'Новый', kk: 'Жаңа' },
  abolished: { ru: 'Упразднен', kk: 'Таратылған' },
  region: { ru: 'Область', kk: 'Облыс' },
  district: { ru: 'Район', kk: 'Аудан' },
  'locality type': { ru: 'Тип населенного пункта', kk: 'Елді мекен түрі' },
  boundaries: { ru: 'Границы', kk: 'Шекаралары' },
  'address type': { ru: 'Тип адреса', kk: 'Мекенжай түрі' },
  address: { ru: 'Адрес', kk: 'Мекенжай' },
};

/**
 * What a field holds, as the checks name it (the `meaning` of the field.* codes): Appendix 1's field meanings (libs/files/appendix1.ts, in the words of the
 * form's Описание / Сипаты column) and those of the list forms (appendix2.ts, appendix3.ts).
 */
const MEANINGS: Record<string, Words> = {
  // Appendix 1
  'record key': { ru: 'код записи, ключевое поле', kk: 'жазба коды, негізгі өріс' },
  "voter's IIN": { ru: 'ИИН избирателя', kk: 'сайлаушының ЖСН-і' },
  surname: { ru: 'фамилия', kk: 'тегі' },
  'first name': { ru: 'имя', kk: 'аты' },
  patronymic: { ru: 'отчество', kk: 'әкесінің аты' },
  'polling station code': { ru: 'код участка', kk: 'учаске коды' },
  'republican constituency': { ru: 'республиканский округ', kk: 'республикалық округ' },
  'regional constituency': { ru: 'областной округ', kk: 'облыстық округ' },
  'district constituency': { ru: 'районный округ', kk: 'аудандық округ' },
  region: { ru: 'область', kk: 'облыс' },
  district: { ru: 'район', kk: 'аудан' },
  'date of birth': { ru: 'дата рождения', kk: 'туған күні' },
  nationality: { ru: 'национальность', kk: 'ұлты' },
  sex: { ru: 'пол', kk: 'жынысы' },
  'locality of residence': { ru: 'место проживания (населённый пункт)', kk: 'тұрғылықты жері (елді мекен)' },
  street: { ru: 'улица', kk: 'көше' },
  house: { ru: 'дом', kk: 'үй' },
  building: { ru: 'корпус', kk: 'корпус' },
  apartment: { ru: 'квартира', kk: 'пәтер' },
  'identity document number': { ru: 'номер удостоверения', kk: 'куәліктің нөмірі' },
  'document issue date': { ru: 'дата выдачи удостоверения', kk: 'куәліктің берілген күні' },
  note: { ru: 'примечание', kk: 'ескертпе' },
  changed: { ru: 'изменён', kk: 'өзгерген' },
  deleted: { ru: 'удалён', kk: 'жойылған' },
  'date of change': { ru: 'дата изменения', kk: 'өзгертілген күн' },
  added: { ru: 'добавлен', kk: 'қосылған' },
  // Appendices 2 and 3
  'row number of the list': { ru: 'номер по порядку, № п/п', kk: 'реттік нөмір, р/с №' },
  "station's number": { ru: 'номер избирательного участка', kk: 'сайлау учаскесінің нөмірі' },
  'name of the voting premises': {
    ru: 'наименование помещения для голосования',
    kk: 'дауыс беруге арналған үй-жайдың атауы',
  },
  'locality of the premises': {
    ru: 'населённый пункт помещения для голосования',
    kk: 'дауыс беруге арналған үй-жай орналасқан елді мекен',
  },
  'house number': { ru: 'номер дома', kk: 'үй нөмірі' },
  'mark (new, abolished, restricted access)': {
    ru: 'отметка: новый, упразднён, ограниченный доступ',
    kk: 'белгі: жаңа, таратылған, шектеулі',
  },
  'locality type (город, село, …)': {
    ru: 'тип населённого пункта: город, село, …',
    kk: 'елді мекен түрі: қала, ауыл, …',
  },
  locality: { ru: 'населённый пункт', kk: 'елді мекен' },
  'description of the boundaries': { ru: 'описание границ', kk: 'шекаралардың сипаттамасы' },
  'address type (улица, проспект, микрорайон, …)': {
    ru: 'тип адреса: улица, проспект, микрорайон, …',
    kk: 'мекенжай түрі: көше, даңғыл, шағын аудан, …',
  },
  address: { ru: 'адрес', kk: 'мекенжай' },
};

/** Appendix 1's Access types (libs/files/access.ts), as the form names them (Тип / Типі). */
const ACCESS_TYPES: Record<AccessFieldType, Words> = {
  AutoNumber: {
    ru: '«Счетчик» или «Числовой» (длинное целое)',
    kk: '«Есептегіш» немесе «Сандық» (ұзын бүтін сан)',
  },
  Text: { ru: '«Текстовый»', kk: '«Мәтіндік»' },
  'Date/Time': { ru: '«Дата/время»', kk: '«Күні/уақыты»' },
  'Yes/No': { ru: '«Логический»', kk: '«Логикалық»' },
};

/** An Access column's type as Access's Russian and Kazakh interfaces name it (libs/files/access-file.ts). */
const ACCESS_COLUMN_TYPE: Record<AccessColumnType, Words> = {
  'Yes/No': { ru: '«Логический»', kk: '«Логикалық»' },
  'Number (Byte)': { ru: '«Числовой» (байт)', kk: '«Сандық» (байт)' },
  'Number (Integer)': { ru: '«Числовой» (целое)', kk: '«Сандық» (бүтін сан)' },
  'Number (Long Integer)': { ru: '«Числовой» (длинное целое)', kk: '«Сандық» (ұзын бүтін сан)' },
  Currency: { ru: '«Денежный»', kk: '«Ақшалай»' },
  'Number (Single)': { ru: '«Числовой» (с плавающей точкой, 4 байта)', kk: '«Сандық» (жылжымалы үтірлі, 4 байт)' },
  'Number (Double)': { ru: '«Числовой» (с плавающей точкой, 8 байт)', kk: '«Сандық» (жылжымалы үтірлі, 8 байт)' },
  'Date/Time': { ru: '«Дата/время»', kk: '«Күні/уақыты»' },
  Binary: { ru: '«Двоичный»', kk: '«Екілік»' },
  Text: { ru: '«Текстовый»', kk: '«Мәтіндік»' },
  'OLE Object': { ru: '«Поле объекта OLE»', kk: '«OLE нысанының өрісі»' },
  Memo: { ru: '«Поле MEMO» (длинный текст)', kk: '«MEMO өрісі» (ұзын мәтін)' },
  'Replication ID': { ru: '«Код репликации»', kk: '«Репликация коды»' },
  'Number (Decimal)': { ru: '«Числовой» (действительное)', kk: '«Сандық» (ондық)' },
  'Attachment or multiple values': {
    ru: '«Вложение» или поле с несколькими значениями',
    kk: '«Тіркеме» немесе бірнеше мәнді өріс',
  },
  'Large Number': { ru: '«Большое число»', kk: '«Үлкен сан»' },
  'Date/Time Extended': { ru: '«Расширенная дата/время»', kk: '«Кеңейтілген күні/уақыты»' },
  Calculated: { ru: '«Вычисляемый»', kk: '«Есептелетін»' },
  unknown: { ru: 'неизвестного Access типа', kk: 'Access-ке белгісіз типті' },
};
/** Reports stored before the types were named as Access names them carry the old reader's names. */
const OLD_READER_TYPE: Record<string, AccessColumnType> = {
  boolean: 'Yes/No',
  byte: 'Number (Byte)',
  integer: 'Number (Integer)',
  long: 'Number (Long Integer)',
  currency: 'Currency',
  float: 'Number (Single)',
  double: 'Number (Double)',
  datetime: 'Date/Time',
  binary: 'Binary',
  text: 'Text',
  ole: 'OLE Object',
  memo: 'Memo',
  repid: 'Replication ID',
  numeric: 'Number (Decimal)',
  complex: 'Attachment or multiple values',
  bigint: 'Large Number',
  datetimextended: 'Date/Time Extended',
};
function accessColumnType(type: string): Words {
  const known = ACCESS_COLUMN_TYPE[(OLD_READER_TYPE[type] ?? type) as AccessColumnType];
  return known ?? { ru: `«${type}»`, kk: `«${type}»` };
}
/** ", and N more" after a list of tables cut short. */
const andMore = (more = 0): Words =>
  more > 0 ? { ru: ` и ещё ${more}`, kk: ` және тағы ${more}` } : { ru: '', kk: '' };

/** The column names of a list of keys, quoted; null when one is not known. */
function columnList(keys: string[]): Words | null {
  const names = keys.map((k) => COLUMNS[k]);
  if (names.some((n) => n === undefined)) return null;
  return { ru: names.map((n) => `«${n!.ru}»`).join(', '), kk: names.map((n) => `«${n!.kk}»`).join(', ') };
}

/** Words built from a meaning the check names; null when the meaning has no words here. */
const withMeaning = (meaning: string, words: (w: Words) => Words): Words | null => {
  const w = MEANINGS[meaning];
  return w ? words(w) : null;
};

const RU_PLURAL = new Intl.PluralRules('ru');
/** "501 символ", "502 символа", "505 символов". */
const ruCharacters = (n: number) =>
  `${n} ${({ one: 'символ', few: 'символа' } as Record<string, string>)[RU_PLURAL.select(n)] ?? 'символов'}`;

/** 32767 as "32 767". */
const spaced = (n: number) => n.toLocaleString('en').split(',').join(' ');

/** A CSV line as the reader gives it (null when not known). */
const ruLine = (line: number | null) => (line === null ? 'в одной из строк' : `в строке ${line}`);
const kkLine = (line: number | null) => (line === null ? 'бір жолда' : `${line}-жолда`);

const csvBroken = (line: number | null, what: Words): Words => ({
  ru: `файл не читается как CSV ${ruLine(line)}: ${what.ru}`,
  kk: `файл ${kkLine(line)} CSV ретінде оқылмайды: ${what.kk}`,
});

/** Why a workbook cannot be read (libs/files/xlsx.ts and zip.ts, UnreadableWorkbook). */
const workbook = (why: Words): Words => ({
  ru: `файл не читается как книга Excel (.xlsx): ${why.ru}`,
  kk: `файл Excel кітабы (.xlsx) ретінде оқылмайды: ${why.kk}`,
});

// ---------------------------------------------------------------------------------------------
// The problems, by code, in the order of libs/contracts/problems.ts.

const FILE_PROBLEMS: { [C in FileProblemCode]: Render<C> } = {
  // ----- Any CSV: its text (libs/files/csv.ts) -----
  'text.binary': () => ({
    ru: 'файл не текстовый: в нём двоичные данные, это не CSV и не база данных MS Access, которую можно открыть (так читается и файл Access с повреждённым началом)',
    kk: 'файл мәтіндік емес: онда екілік деректер бар, бұл CSV да емес, ашылатын MS Access дерекқоры да емес (басы бүлінген Access файлы да осылай оқылады)',
  }),
  'text.koi8-r': () => ({
    ru: 'текст файла в кодировке KOI8-R, которую Tizim не читает: сохраните файл в UTF-8 или Windows-1251 (в Excel: «CSV UTF-8») и пришлите заново',
    kk: 'файл мәтіні Tizim оқымайтын KOI8-R кодталуында: файлды UTF-8 немесе Windows-1251 түрінде сақтаңыз (Excel-де: «CSV UTF-8») және қайта жіберіңіз',
  }),
  'text.undefined-byte': () => ({
    ru: 'файл не в UTF-8 и не в Windows-1251 (в нём байт 0x98, которого нет в Windows-1251): сохраните его в UTF-8 и пришлите заново',
    kk: 'файл UTF-8 те, Windows-1251 де емес (онда Windows-1251-де жоқ 0x98 байты бар): оны UTF-8 түрінде сақтап, қайта жіберіңіз',
  }),

  // ----- Any CSV: the file itself is broken (libs/files/csv.ts, csv-bytes.ts) -----
  'csv.field-count': (p) =>
    csvBroken(
      p.line,
      p.against === 'header'
        ? {
            ru: `число полей не совпадает с заголовком (${p.fields})`,
            kk: `өрістер саны тақырып жолындағыдай (${p.fields}) емес`,
          }
        : {
            ru: `число полей не совпадает с первой строкой (${p.fields})`,
            kk: `өрістер саны бірінші жолдағыдай (${p.fields}) емес`,
          },
    ),
  'csv.quote': (p) =>
    csvBroken(p.line, {
      ru: 'кавычка стоит не на своём месте или не закрыта',
      kk: 'тырнақша орнында емес немесе жабылмаған',
    }),
  'csv.invalid': (p) =>
    csvBroken(p.line, {
      ru: `текст не соответствует формату CSV (${p.reason})`,
      kk: `мәтін CSV пішіміне сәйкес келмейді (${p.reason})`,
    }),
  'csv.unclosed-quote': (p) => ({
    ru: `файл повреждён в строке ${p.line}: там открывается кавычка, которая нигде не закрыта`,
    kk: `файл ${p.line}-жолда бүлінген: сол жерде ашылған тырнақша еш жерде жабылмаған`,
  }),
  'csv.record-too-long': (p) => ({
    ru: `файл повреждён в строке ${p.line}: там начинается запись длиннее ${p.kb} КБ (возможно, не закрыта кавычка)`,
    kk: `файл ${p.line}-жолда бүлінген: сол жерден ${p.kb} КБ-тан ұзын жазба басталады (тырнақша жабылмаған болуы мүмкін)`,
  }),

  // ----- Voter file: the file as a whole (libs/db/files/voter-import.ts) -----
  'voters.field-count': (p) => ({
    ru: `файл повреждён в строке ${p.line}: в записи ${p.fields} полей, а в заголовке ${p.expected}`,
    kk: `файл ${p.line}-жолда бүлінген: жазбада ${p.fields} өріс, ал тақырыпта ${p.expected}`,
  }),
  'voters.no-records': () => ({ ru: 'в файле нет ни одной записи', kk: 'файлда бірде-бір жазба жоқ' }),
  'voters.no-header-row': () => ({
    ru: 'в файле нет ни одной записи (нет даже строки заголовка)',
    kk: 'файлда бірде-бір жазба жоқ (тақырып жолы да жоқ)',
  }),
  'voters.same-file-district': (p) => ({
    ru: `тот же файл (те же байты) уже принят ${p.acceptedOn} как файл избирателей района ${p.district}: пришлите файл района ${p.own}`,
    kk: `дәл осы файл (сол байттар) ${p.acceptedOn} күні ${p.district} ауданының сайлаушылар файлы ретінде қабылданған: ${p.own} ауданының файлын жіберіңіз`,
  }),
  'voters.same-file-period': (p) => ({
    ru: `тот же файл (те же байты) уже принят ${p.acceptedOn} как файл избирателей за период ${p.period}: пришлите файл за период ${p.own}`,
    kk: `дәл осы файл (сол байттар) ${p.acceptedOn} күні ${p.period} кезеңінің сайлаушылар файлы ретінде қабылданған: ${p.own} кезеңінің файлын жіберіңіз`,
  }),
  'voters.other-district': (p) => ({
    ru: `это файл другого района: ни один из его избирательных участков (Cod_uch) не относится к району ${p.district}, а ${p.keys} из ${p.total} относятся к району ${p.other} (${p.otherName}); пришлите файл района ${p.district}`,
    kk: `бұл басқа ауданның файлы: оның сайлау учаскелерінің (Cod_uch) бірде-бірі ${p.district} ауданына жатпайды, ал ${p.total} учаскенің ${p.keys}-і ${p.other} ауданына (${p.otherName}) жатады; ${p.district} ауданының файлын жіберіңіз`,
  }),

  // ----- Voter file (Appendix 1): the header (libs/files/appendix1.ts, readHeader) -----
  'appendix1.not-a-header': (p) => ({
    ru: `первая строка — не заголовок Приложения 1: ни одна из ${p.cells} её ячеек не называет поле формы (Cod, Cod_izber, Soname, …); первая строка должна содержать названия полей`,
    kk: `бірінші жол 1-қосымшаның тақырыбы емес: оның ${p.cells} ұяшығының бірде-бірі нысан өрісін атамайды (Cod, Cod_izber, Soname, …); бірінші жолда өрістердің атаулары болуы керек`,
  }),
  'appendix1.missing-fields': (p) => ({
    ru: `в файле нет полей Приложения 1: ${p.fields.join(', ')}`,
    kk: `файлда 1-қосымшаның өрістері жоқ: ${p.fields.join(', ')}`,
  }),
  // Names that are not field names are counted, never quoted (they may be a voter's data).
  'appendix1.unknown-fields': (p) => {
    const more = (words: string) => [...p.fields, ...(p.others > 0 ? [words] : [])].join(', ');
    return {
      ru: `в файле есть поля, которых нет в Приложении 1: ${more(`ещё ${p.others}, не похожих на названия полей`)}`,
      kk: `файлда 1-қосымшада жоқ өрістер бар: ${more(`өріс атауына ұқсамайтын тағы ${p.others}`)}`,
    };
  },
  'appendix1.repeated-fields': (p) => ({
    ru: `в файле поля указаны более одного раза: ${p.fields.join(', ')}`,
    kk: `файлда өрістер бірнеше рет берілген: ${p.fields.join(', ')}`,
  }),

  // ----- Voter file in MS Access: the database and its column types (libs/files/access.ts) -----
  'access.column-type': (p) => {
    const type = ACCESS_TYPES[p.expected];
    const has = accessColumnType(p.type);
    return type
      ? {
          ru: `поле ${p.column} имеет тип ${has.ru}, а по Приложению 1 его тип — ${type.ru}`,
          kk: `${p.column} өрісінің типі — ${has.kk}, ал 1-қосымша бойынша оның типі — ${type.kk}`,
        }
      : null;
  },
  'access.no-tables': () => ({ ru: 'в базе данных нет ни одной таблицы', kk: 'дерекқорда бірде-бір кесте жоқ' }),
  'access.no-voter-table': (p) => {
    const tables = p.tables.map((n) => `"${n}"`).join(', ');
    const more = andMore(p.more);
    return {
      ru: `ни в одной таблице базы данных (${tables}${more.ru}) нет полей Cod и Cod_izber Приложения 1`,
      kk: `дерекқор кестелерінің (${tables}${more.kk}) ешқайсысында 1-қосымшаның Cod және Cod_izber өрістері жоқ`,
    };
  },
  'access.several-voter-tables': (p) => {
    const tables = p.tables.map((n) => `"${n}"`).join(', ');
    const more = andMore(p.more);
    return {
      ru: `поля Приложения 1 есть в нескольких таблицах (${tables}${more.ru}): пришлите базу данных с одной таблицей избирателей`,
      kk: `1-қосымшаның өрістері бірнеше кестеде бар (${tables}${more.kk}): сайлаушылардың бір ғана кестесі бар дерекқорды жіберіңіз`,
    };
  },
  'access.password': () => ({
    ru: 'база данных защищена паролем: снимите пароль в Access и пришлите файл заново',
    kk: 'дерекқор құпиясөзбен қорғалған: Access-те құпиясөзді алып тастап, файлды қайта жіберіңіз',
  }),
  'access.compact': () => ({
    ru: 'в базе данных (Access 97) есть удалённые или перемещённые записи, которые Access хранит до сжатия базы: в Access выберите «Сервис → Служебные программы → Сжать и восстановить базу данных» и пришлите файл заново',
    kk: 'дерекқорда (Access 97) жойылған немесе орны ауыстырылған жазбалар бар, Access оларды дерекқор сығылғанға дейін сақтайды: Access-те «Сервис → Қызметтік бағдарламалар → Дерекқорды сығу және қалпына келтіру» тармағын таңдап, файлды қайта жіберіңіз',
  }),
  'access.damaged': () => ({
    ru: 'база данных повреждена: её таблицы не читаются до конца (возможно, файл обрезан); пришлите его заново',
    kk: 'дерекқор бүлінген: оның кестелері соңына дейін оқылмайды (файл қиылған болуы мүмкін); оны қайта жіберіңіз',
  }),
  // The reader's own reason, in parentheses, is technical and stays as it is.
  'access.unreadable': (p) => ({
    ru: `файл не читается как база данных MS Access (${p.reason})`,
    kk: `файл MS Access дерекқоры ретінде оқылмайды (${p.reason})`,
  }),

  // ----- Station list and boundaries: a workbook (libs/db/files/list-import.ts, xlsx.ts, zip.ts) -----
  'xlsx.xls': () => ({
    ru: 'файл сохранён как книга Excel 97-2003 (.xls): сохраните его как «Книга Excel» (.xlsx) или в формате CSV и пришлите заново',
    kk: 'файл Excel 97-2003 кітабы (.xls) түрінде сақталған: оны Excel кітабы (.xlsx) немесе CSV пішімінде сақтап, қайта жіберіңіз',
  }),
  'xlsx.zip-incomplete': () =>
    workbook({
      ru: 'это неполный ZIP-архив: возможно, файл повреждён или передан не полностью',
      kk: 'бұл толық емес ZIP мұрағаты: файл зақымдалған немесе толық берілмеген болуы мүмкін',
    }),
  'xlsx.zip-split': () =>
    workbook({
      ru: 'это архив, разбитый на несколько частей (томов): сохраните книгу одним файлом',
      kk: 'бұл бірнеше бөлікке (томға) бөлінген мұрағат: кітапты бір файл етіп сақтаңыз',
    }),
  'xlsx.encrypted': () =>
    workbook({
      ru: 'файл зашифрован: сохраните его без пароля и пришлите заново',
      kk: 'файл шифрланған: оны құпиясөзсіз сақтап, қайта жіберіңіз',
    }),
  'xlsx.not-a-workbook': () =>
    workbook({
      ru: 'это ZIP-архив без книги Excel (нет xl/workbook.xml): возможно, это архив другого вида, например .zip с файлами или документ Word',
      kk: 'бұл ішінде Excel кітабы жоқ ZIP мұрағаты (xl/workbook.xml жоқ): бұл басқа мұрағат, мысалы файлдар салынған .zip немесе Word құжаты болуы мүмкін',
    }),
  'xlsx.part-method': (p) =>
    workbook({
      ru: `его часть ${p.part} сжата способом (${p.method}), которым программы электронных таблиц не пользуются: откройте файл в Excel или LibreOffice и сохраните заново как .xlsx`,
      kk: `оның ${p.part} бөлігі электрондық кесте бағдарламалары қолданбайтын тәсілмен (${p.method}) сығылған: файлды Excel немесе LibreOffice бағдарламасында ашып, .xlsx ретінде қайта сақтаңыз`,
    }),
  'xlsx.part-checksum': (p) =>
    workbook({
      ru: `его часть ${p.part} не совпадает со своей контрольной суммой: файл повреждён`,
      kk: `оның ${p.part} бөлігі өзінің бақылау сомасына сәйкес келмейді: файл зақымдалған`,
    }),
  'xlsx.part-damaged': (p) =>
    workbook({
      ru: `его часть ${p.part} не распаковывается: файл повреждён`,
      kk: `оның ${p.part} бөлігі мұрағаттан шығарылмайды: файл зақымдалған`,
    }),
  'xlsx.part-xml': (p) =>
    workbook({
      ru: `в его части ${p.part} нарушена разметка XML: файл повреждён`,
      kk: `оның ${p.part} бөлігіндегі XML белгіленімі бұзылған: файл зақымдалған`,
    }),
  'xlsx.part-encoding': (p) =>
    workbook({
      ru: `его часть ${p.part} не является текстом в кодировке UTF-8 (или UTF-16): файл повреждён`,
      kk: `оның ${p.part} бөлігі UTF-8 (немесе UTF-16) кодтауындағы мәтін емес: файл зақымдалған`,
    }),
  'xlsx.part-too-big': (p) =>
    workbook({
      ru: `его часть ${p.part} в распакованном виде больше ${p.mib} МиБ: книги форм такими не бывают`,
      kk: `оның ${p.part} бөлігі ашылған түрінде ${p.mib} МиБ-тан асады: нысандардың кітаптары мұндай үлкен болмайды`,
    }),
  'xlsx.too-many-parts': (p) =>
    workbook({
      ru: `в нём ${spaced(p.parts)} частей, больше ${spaced(p.limit)}, которые может иметь книга`,
      kk: `онда ${spaced(p.parts)} бөлік бар, бұл кітапқа рұқсат етілген ${spaced(p.limit)} бөліктен көп`,
    }),
  'xlsx.too-big-unpacked': (p) =>
    workbook({
      ru: `в распакованном виде он занял бы ${spaced(p.mib)} МиБ, больше ${spaced(p.limit)} МиБ, допустимых для книги`,
      kk: `ашылған түрінде ол ${spaced(p.mib)} МиБ алар еді, бұл кітапқа рұқсат етілген ${spaced(p.limit)} МиБ-тан көп`,
    }),
  'xlsx.text-too-long': (p) =>
    workbook({
      ru: `один из его текстов (общая строка ${p.index}) длиннее ${spaced(p.max)} символов: таких длинных полей нет ни в одной форме`,
      kk: `оның мәтіндерінің бірі (ортақ жол ${p.index}) ${spaced(p.max)} таңбадан ұзын: ешбір нысанда мұндай ұзын өріс жоқ`,
    }),
  'xlsx.no-worksheet': () =>
    workbook({ ru: 'в нём нет ни одного рабочего листа', kk: 'онда бірде-бір жұмыс парағы жоқ' }),
  'xlsx.no-worksheet-number': (p) =>
    workbook({ ru: `в нём нет рабочего листа № ${p.sheet}`, kk: `онда ${p.sheet}-жұмыс парағы жоқ` }),
  'xlsx.worksheet-missing': (p) =>
    workbook({
      ru: `рабочего листа № ${p.sheet} нет в архиве: файл повреждён`,
      kk: `${p.sheet}-жұмыс парағы мұрағатта жоқ: файл зақымдалған`,
    }),
  'xlsx.row-number': (p) =>
    workbook({
      ru: `у строки, следующей за строкой ${p.after}, неверный номер: файл повреждён`,
      kk: `${p.after}-жолдан кейінгі жолдың нөмірі дұрыс емес: файл зақымдалған`,
    }),
  'xlsx.cell-reference': (p) =>
    workbook({
      ru: `в строке ${p.row} есть ячейка, чей адрес не указывает на ячейку листа: файл повреждён`,
      kk: `${p.row}-жолда мекенжайы парақтың ұяшығын көрсетпейтін ұяшық бар: файл зақымдалған`,
    }),
  'xlsx.shared-text-missing': (p) =>
    workbook({
      ru: `в строке ${p.row} ячейка ${p.cell} ссылается на общую строку, которой в книге нет: файл повреждён`,
      kk: `${p.row}-жолдағы ${p.cell} ұяшығы кітапта жоқ ортақ жолға сілтейді: файл зақымдалған`,
    }),
  'xlsx.cell-kind': (p) =>
    workbook({
      ru: `в строке ${p.row} в ячейке ${p.cell} значение не того вида, что указан для ячейки: файл повреждён`,
      kk: `${p.row}-жолдағы ${p.cell} ұяшығындағы мән ұяшыққа көрсетілген түрге сәйкес емес: файл зақымдалған`,
    }),
  'xlsx.cell-too-long': (p) =>
    workbook({
      ru: `в строке ${p.row} в ячейке ${p.cell} больше ${spaced(p.max)} символов: таких длинных полей нет ни в одной форме`,
      kk: `${p.row}-жолдағы ${p.cell} ұяшығында ${spaced(p.max)} таңбадан көп: ешбір нысанда мұндай ұзын өріс жоқ`,
    }),

  // ----- Station list and boundaries (Appendices 2 and 3): the header (libs/files/list-form.ts, findHeader) -----
  'list.missing-columns': (p) => ({
    ru: `в файле нет столбцов Приложения ${p.appendix}: ${p.columns.map((c) => `«${c.ru}»`).join(', ')}`,
    kk: `файлда ${p.appendix}-қосымшаның бағандары жоқ: ${p.columns.map((c) => `«${c.kk}»`).join(', ')}`,
  }),
  'list.unknown-columns': (p) => {
    const names = p.names.map((n) => `«${n}»`).join(', ');
    return {
      ru: `в файле есть столбцы, которых нет в Приложении ${p.appendix}: ${names}`,
      kk: `файлда ${p.appendix}-қосымшада жоқ бағандар бар: ${names}`,
    };
  },
  'list.repeated-columns': (p) => {
    const names = columnList(p.columns);
    return names
      ? {
          ru: `в файле столбцы указаны более одного раза: ${names.ru}`,
          kk: `файлда бағандар бірнеше рет берілген: ${names.kk}`,
        }
      : null;
  },
  'list.no-header': (p) => {
    const names = columnList(p.columns);
    return names
      ? {
          ru: `ни в одной из первых ${p.rows} строк нет названий столбцов Приложения ${p.appendix} (${names.ru}) на русском, казахском или английском языке`,
          kk: `алғашқы ${p.rows} жолдың бірде-бірінде ${p.appendix}-қосымшаның бағандарының атаулары (${names.kk}) орыс, қазақ немесе ағылшын тілінде жоқ`,
        }
      : null;
  },
  // Appendix 2's own header rules (libs/files/appendix2.ts, headerRules and explainUnknown).
  'appendix2.no-marks-column': (p) => ({
    ru: `в файле нет столбца отметок Приложения 2: нужен один столбец «${p.ru}» со словами (новый, упразднён, ограниченный доступ) или по столбцу на каждую отметку`,
    kk: `файлда 2-қосымшаның белгілер бағаны жоқ: сөздермен (жаңа, таратылған, шектеулі) толтырылатын бір «${p.kk}» бағаны немесе әр белгіге жеке баған қажет`,
  }),
  'appendix2.address-in-one-column': (p) => {
    const names = columnList(p.columns);
    return names
      ? {
          ru: `адрес указан в одном столбце, а в Приложении ${p.appendix} он в трёх: ${names.ru}`,
          kk: `мекенжай бір бағанда берілген, ал ${p.appendix}-қосымшада ол үш бағанда: ${names.kk}`,
        }
      : null;
  },

  // ----- Station list and boundaries: the file (libs/db/files/list-import.ts) -----
  'list.submission-not-voter-file': (p) => ({
    ru: `указанное при загрузке представление не является принятым списком избирателей района ${p.district} за период ${p.period}: сначала загрузите список избирателей (Приложение 1) этого района за этот период или укажите его представление`,
    kk: `жүктеу кезінде көрсетілген ұсыну ${p.district} ауданының ${p.period} кезеңіндегі қабылданған сайлаушылар тізімі емес: алдымен осы ауданның осы кезеңдегі сайлаушылар тізімін (1-қосымша) жүктеңіз немесе оның ұсынуын көрсетіңіз`,
  }),
  'list.no-voter-file': (p) => ({
    ru: `список избирателей (Приложение 1) района ${p.district} за период ${p.period} ещё не принят: сначала загрузите список избирателей этого района за этот период`,
    kk: `${p.district} ауданының ${p.period} кезеңіндегі сайлаушылар тізімі (1-қосымша) әлі қабылданбаған: алдымен осы ауданның осы кезеңдегі сайлаушылар тізімін жүктеңіз`,
  }),
  'appendix2.no-rows': (p) => ({
    ru: `под заголовком в файле нет ни одной строки сведений об избирательных участках (Приложение ${p.appendix})`,
    kk: `файлда тақырып жолынан кейін сайлау учаскелері туралы мәліметтердің (${p.appendix}-қосымша) бірде-бір жолы жоқ`,
  }),
  'appendix3.no-rows': (p) => ({
    ru: `под заголовком в файле нет ни одной строки сведений о границах избирательных участков (Приложение ${p.appendix})`,
    kk: `файлда тақырып жолынан кейін сайлау учаскелерінің шекаралары туралы мәліметтердің (${p.appendix}-қосымша) бірде-бір жолы жоқ`,
  }),
  'list.unnamed-column': () => ({
    ru: 'в столбце есть значение, но у столбца нет названия в заголовке: назовите столбец или очистите его',
    kk: 'бағанда мән бар, бірақ тақырып жолында бағанның атауы жоқ: бағанды атаңыз немесе оны тазалаңыз',
  }),

  // ----- Station list and boundaries: one field (libs/files/list-form.ts, FieldChecks) -----
  'field.excel-date': () => ({
    ru: 'вместо текста стоит дата: Excel превратил набранное в дату; задайте столбцу формат «Текстовый» и наберите значение заново',
    kk: 'мәтіннің орнына күн тұр: Excel терілген мәнді күнге айналдырған; бағанға «Мәтіндік» пішімін беріп, мәнді қайта теріңіз',
  }),
  'field.control-character': () => ({
    ru: 'содержит управляющий символ (например, нулевой байт) вместо текста: исправьте значение или заново сохраните файл в программе, которая его создала',
    kk: 'мәтіннің орнына басқарушы таңба (мысалы, нөлдік байт) бар: мәнді түзетіңіз немесе файлды оны жасаған бағдарламада қайта сақтаңыз',
  }),
  'field.excel-error': (p) => ({
    ru: `вместо данных стоит ошибка Excel ${p.error}: исправьте формулу или введите значение`,
    kk: `деректердің орнына Excel қатесі ${p.error} тұр: формуланы түзетіңіз немесе мәнді теріңіз`,
  }),
  'field.empty': (p) =>
    withMeaning(p.meaning, (w) => ({
      ru: `обязательное поле не заполнено (${w.ru})`,
      kk: `міндетті өріс толтырылмаған (${w.kk})`,
    })),
  'field.placeholder': (p) =>
    withMeaning(p.meaning, (w) => ({
      ru: `вместо данных стоит заполнитель: если сведений нет (${w.ru}), поле оставляется пустым`,
      kk: `деректердің орнына толтырғыш тұр: мәлімет (${w.kk}) болмаса, өріс бос қалдырылады`,
    })),
  'field.placeholder-required': (p) =>
    withMeaning(p.meaning, (w) => ({
      ru: `вместо данных стоит заполнитель, а поле обязательное (${w.ru})`,
      kk: `деректердің орнына толтырғыш тұр, ал бұл өрісті толтыру міндетті (${w.kk})`,
    })),
  'field.too-long': (p) => ({
    ru: `длина ${ruCharacters(p.length)}, а форма допускает не больше ${p.max}`,
    kk: `ұзындығы ${p.length} таңба, ал нысан бойынша ${p.max} таңбадан аспауы тиіс`,
  }),
  'field.not-a-number': (p) =>
    withMeaning(p.meaning, (w) => ({
      ru: `должно быть целым положительным числом (${w.ru})`,
      kk: `оң бүтін сан болуы керек (${w.kk})`,
    })),
  'field.not-a-number-date': (p) =>
    withMeaning(p.meaning, (w) => ({
      ru: `должно быть целым положительным числом (${w.ru}), а Excel хранит здесь дату`,
      kk: `оң бүтін сан болуы керек (${w.kk}), ал мұнда Excel-де күн тұр`,
    })),

  // ----- Station list (Appendix 2): marks and repeats (libs/files/appendix2.ts) -----
  'appendix2.not-a-mark': () => ({
    ru: 'указано слово, которое не является отметкой: пишите новый, упразднён или ограниченный доступ (жаңа, таратылған, шектеулі; new, abolished, restricted access), несколько отметок — через запятую',
    kk: 'белгі емес сөз жазылған: жаңа, таратылған немесе шектеулі деп жазыңыз (новый, упразднён, ограниченный доступ; new, abolished, restricted access), бірнеше белгіні үтір арқылы бөліңіз',
  }),
  'appendix2.flag': () => ({
    ru: 'отметьте (да, иә, 1, x или +) или оставьте пустым (нет, жоқ и 0 означают «не отмечено»)',
    kk: 'белгілеңіз (иә, да, 1, x немесе +) немесе бос қалдырыңыз (жоқ, нет және 0 «белгіленбеген» деп оқылады)',
  }),
  'appendix2.new-and-abolished': () => ({
    ru: 'избирательный участок не может быть одновременно вновь созданным и упразднённым',
    kk: 'сайлау учаскесі бір мезгілде жаңадан құрылған да, таратылған да бола алмайды',
  }),
  'appendix2.repeated-station': (p) => ({
    ru: `повторяется: в строке ${p.row} тот же номер избирательного участка (участок указывается в списке один раз)`,
    kk: `қайталанады: ${p.row}-жолда да осындай сайлау учаскесінің нөмірі бар (учаске тізімде бір рет көрсетіледі)`,
  }),

  // ----- Boundaries (Appendix 3): addresses and repeats (libs/files/appendix3.ts) -----
  'appendix3.house-without-address': () => ({
    ru: 'указан дом, но не указан адрес (улица), где он стоит',
    kk: 'үй көрсетілген, бірақ ол орналасқан мекенжай (көше) көрсетілмеген',
  }),
  'appendix3.type-without-address': () => ({
    ru: 'указан тип адреса, но не указан сам адрес',
    kk: 'мекенжай түрі көрсетілген, бірақ мекенжайдың өзі көрсетілмеген',
  }),
  'appendix3.repeated-row': (p) => ({
    ru: `дословно повторяет строку ${p.row} (каждая часть территории участка в границах указывается один раз)`,
    kk: `${p.row}-жолды сөзбе-сөз қайталайды (учаске аумағының әр бөлігі шекараларда бір рет көрсетіледі)`,
  }),
};

/** The codes the console has words for (a test holds them to libs/contracts/problems.ts). */
export const RENDERED_CODES = Object.keys(FILE_PROBLEMS) as FileProblemCode[];

/**
 * A rejection report's problem in the console's language, by its code; a problem without a code
 * the console knows (a report stored before the codes), or whose words need a name not listed
 * here, as its English message.
 */
export function explainFileProblem(p: ShownProblem, lang: Lang): string {
  if (!p.code || !Object.hasOwn(FILE_PROBLEMS, p.code) || !p.params) return p.message;
  const render = FILE_PROBLEMS[p.code as FileProblemCode] as (params: unknown) => Words | null;
  return render(p.params)?.[lang] ?? p.message;
}

/**
 * A report's field in the console's language: a column of Appendix 2 or 3 by the name the form
 * prints, the report's own markers ("(header)", "(file)", "(row)", "(column H)") in words. Appendix
 * 1's fields keep their names (Cod, Cod_izber, …): the form names them so in both languages.
 */
export function explainFileField(field: string, lang: Lang): string {
  const column = COLUMNS[field];
  if (column) return column[lang];
  const marker: Record<string, Words> = {
    '(header)': { ru: '(заголовок)', kk: '(тақырып жолы)' },
    '(file)': { ru: '(файл)', kk: '(файл)' },
    '(row)': { ru: '(строка)', kk: '(жол)' },
  };
  if (marker[field]) return marker[field][lang];
  // "(column H)": a value under a column the header does not name (list.unnamed-column).
  if (field.startsWith('(column ') && field.endsWith(')')) {
    const letter = field.slice('(column '.length, -1);
    return lang === 'ru' ? `(столбец ${letter})` : `(${letter} бағаны)`;
  }
  return field;
}
