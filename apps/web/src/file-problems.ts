/**
 * A rejection report in the console's language. The file checks (libs/files) write each problem's
 * message in plain English for the report the API keeps; the console shows it in Russian or Kazakh,
 * in the words of CEC Rules No. 11/196 and of its appendices (избирательный участок / сайлау
 * учаскесі, границы участка / учаске шекаралары, населённый пункт / елді мекен, Приложение 2 /
 * 2-қосымша), keeping the numbers, rows and column names the English carries. A message not listed
 * here is shown as it is. test/db/file-problems.spec.ts runs the real importers over broken
 * files and fails on any message of theirs that comes out in English.
 *
 * Pure: no React, no DOM.
 */

export type Lang = 'ru' | 'kk';

interface Words {
  ru: string;
  kk: string;
}

/** A message's words from its pattern's match; null when a part of it has no words here (the message stays in English). */
type Explain = (m: RegExpMatchArray) => Words | null;

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
 * What a field holds, as the checks name it in "is required (…)", "there is no …" and "a positive
 * whole number (the …)": Appendix 1's field meanings (libs/files/appendix1.ts, in the words of the
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
const ACCESS_TYPES: Record<string, Words> = {
  'an AutoNumber or Number (Long Integer)': {
    ru: '«Счетчик» или «Числовой» (длинное целое)',
    kk: '«Есептегіш» немесе «Сандық» (ұзын бүтін сан)',
  },
  Text: { ru: '«Текстовый»', kk: '«Мәтіндік»' },
  'Date/Time': { ru: '«Дата/время»', kk: '«Күні/уақыты»' },
  'Yes/No': { ru: '«Логический»', kk: '«Логикалық»' },
};

/** The column names of a list of keys ("station number, house"), quoted; null when one is not known. */
function columnList(keys: string): Words | null {
  const names = keys.split(', ').map((k) => COLUMNS[k]);
  if (names.some((n) => n === undefined)) return null;
  return { ru: names.map((n) => `«${n!.ru}»`).join(', '), kk: names.map((n) => `«${n!.kk}»`).join(', ') };
}

/** `key («ru» / «kk»), …` as the header check lists missing columns: the names in each language. */
function namedColumns(list: string): Words | null {
  const names = [...list.matchAll(/«([^»]*)» \/ «([^»]*)»/g)];
  if (names.length === 0) return null;
  return { ru: names.map((n) => `«${n[1]}»`).join(', '), kk: names.map((n) => `«${n[2]}»`).join(', ') };
}

/** Words built from a meaning the check names; null when the meaning has no words here. */
const withMeaning = (meaning: string, words: (w: Words) => Words): Words | null => {
  const w = MEANINGS[meaning];
  return w ? words(w) : null;
};

const RU_PLURAL = new Intl.PluralRules('ru');
/** "501 символ", "502 символа", "505 символов". */
const ruCharacters = (n: string) =>
  `${n} ${({ one: 'символ', few: 'символа' } as Record<string, string>)[RU_PLURAL.select(Number(n))] ?? 'символов'}`;

/** A CSV line as the reader gives it (a number, or "?" when not known). */
const ruLine = (line: string) => (line === '?' ? 'в одной из строк' : `в строке ${line}`);
const kkLine = (line: string) => (line === '?' ? 'бір жолда' : `${line}-жолда`);

/** What breaks a CSV (libs/files/csv.ts, CsvTrouble.explain). */
function csvTrouble(what: string): Words | null {
  const fields = /^the row does not have (the header's|the first row's) (\d+) fields$/.exec(what);
  if (fields) {
    return fields[1] === "the header's"
      ? {
          ru: `число полей не совпадает с заголовком (${fields[2]})`,
          kk: `өрістер саны тақырып жолындағыдай (${fields[2]}) емес`,
        }
      : {
          ru: `число полей не совпадает с первой строкой (${fields[2]})`,
          kk: `өрістер саны бірінші жолдағыдай (${fields[2]}) емес`,
        };
  }
  if (what === 'a quotation mark is misplaced or never closed')
    return { ru: 'кавычка стоит не на своём месте или не закрыта', kk: 'тырнақша орнында емес немесе жабылмаған' };
  const code = /^the text is not valid CSV \((.+)\)$/.exec(what);
  if (code)
    return {
      ru: `текст не соответствует формату CSV (${code[1]})`,
      kk: `мәтін CSV пішіміне сәйкес келмейді (${code[1]})`,
    };
  return null;
}

/** Why a workbook cannot be read (libs/files/xlsx.ts and zip.ts, UnreadableWorkbook): after "the file cannot be read as an Excel workbook (.xlsx): ". */
const WORKBOOK_TROUBLE: [RegExp, (m: RegExpMatchArray) => Words][] = [
  [
    /^it is not a complete ZIP archive: it may be damaged or cut short$/,
    () => ({
      ru: 'это неполный ZIP-архив: возможно, файл повреждён или передан не полностью',
      kk: 'бұл толық емес ZIP мұрағаты: файл зақымдалған немесе толық берілмеген болуы мүмкін',
    }),
  ],
  [
    /^it is an archive split over several parts \(disks\): save the workbook as one file$/,
    () => ({
      ru: 'это архив, разбитый на несколько частей (томов): сохраните книгу одним файлом',
      kk: 'бұл бірнеше бөлікке (томға) бөлінген мұрағат: кітапты бір файл етіп сақтаңыз',
    }),
  ],
  [
    /^it is encrypted: save it without a password and send it again$/,
    () => ({
      ru: 'файл зашифрован: сохраните его без пароля и пришлите заново',
      kk: 'файл шифрланған: оны құпиясөзсіз сақтап, қайта жіберіңіз',
    }),
  ],
  [
    /^it is a ZIP archive without a workbook in it \(no xl\/workbook\.xml\): it may be another kind of archive, such as a \.zip of files or a Word document$/,
    () => ({
      ru: 'это ZIP-архив без книги Excel (нет xl/workbook.xml): возможно, это архив другого вида, например .zip с файлами или документ Word',
      kk: 'бұл ішінде Excel кітабы жоқ ZIP мұрағаты (xl/workbook.xml жоқ): бұл басқа мұрағат, мысалы файлдар салынған .zip немесе Word құжаты болуы мүмкін',
    }),
  ],
  [
    /^its part (\S+) is compressed with a method \((\d+)\) spreadsheet programs do not use: open it in Excel or LibreOffice and save it again as \.xlsx$/,
    (m) => ({
      ru: `его часть ${m[1]} сжата способом (${m[2]}), которым программы электронных таблиц не пользуются: откройте файл в Excel или LibreOffice и сохраните заново как .xlsx`,
      kk: `оның ${m[1]} бөлігі электрондық кесте бағдарламалары қолданбайтын тәсілмен (${m[2]}) сығылған: файлды Excel немесе LibreOffice бағдарламасында ашып, .xlsx ретінде қайта сақтаңыз`,
    }),
  ],
  [
    /^its part (\S+) does not match its checksum: the file is damaged$/,
    (m) => ({
      ru: `его часть ${m[1]} не совпадает со своей контрольной суммой: файл повреждён`,
      kk: `оның ${m[1]} бөлігі өзінің бақылау сомасына сәйкес келмейді: файл зақымдалған`,
    }),
  ],
  [
    /^its part (\S+) cannot be unpacked: the file is damaged$/,
    (m) => ({
      ru: `его часть ${m[1]} не распаковывается: файл повреждён`,
      kk: `оның ${m[1]} бөлігі мұрағаттан шығарылмайды: файл зақымдалған`,
    }),
  ],
  [
    /^its part (\S+) is not well-formed XML: the file is damaged$/,
    (m) => ({
      ru: `в его части ${m[1]} нарушена разметка XML: файл повреждён`,
      kk: `оның ${m[1]} бөлігіндегі XML белгіленімі бұзылған: файл зақымдалған`,
    }),
  ],
  [
    /^its part (\S+) is not UTF-8 \(or UTF-16\) text: the file is damaged$/,
    (m) => ({
      ru: `его часть ${m[1]} не является текстом в кодировке UTF-8 (или UTF-16): файл повреждён`,
      kk: `оның ${m[1]} бөлігі UTF-8 (немесе UTF-16) кодтауындағы мәтін емес: файл зақымдалған`,
    }),
  ],
  [
    /^its part (\S+) is over (\d+) MiB unpacked: no form's workbook is that big$/,
    (m) => ({
      ru: `его часть ${m[1]} в распакованном виде больше ${m[2]} МиБ: книги форм такими не бывают`,
      kk: `оның ${m[1]} бөлігі ашылған түрінде ${m[2]} МиБ-тан асады: нысандардың кітаптары мұндай үлкен болмайды`,
    }),
  ],
  [
    /^one of its texts \(shared string (\d+)\) is over ([\d,]+) characters long: no form's field is$/,
    (m) => ({
      ru: `один из его текстов (общая строка ${m[1]}) длиннее ${m[2].replace(/,/g, ' ')} символов: таких длинных полей нет ни в одной форме`,
      kk: `оның мәтіндерінің бірі (ортақ жол ${m[1]}) ${m[2].replace(/,/g, ' ')} таңбадан ұзын: ешбір нысанда мұндай ұзын өріс жоқ`,
    }),
  ],
  [
    /^it has no worksheet$/,
    () => ({ ru: 'в нём нет ни одного рабочего листа', kk: 'онда бірде-бір жұмыс парағы жоқ' }),
  ],
  [
    /^it has no worksheet number (\d+)$/,
    (m) => ({ ru: `в нём нет рабочего листа № ${m[1]}`, kk: `онда ${m[1]}-жұмыс парағы жоқ` }),
  ],
  [
    /^its worksheet number (\d+) is missing from the archive: the file is damaged$/,
    (m) => ({
      ru: `рабочего листа № ${m[1]} нет в архиве: файл повреждён`,
      kk: `${m[1]}-жұмыс парағы мұрағатта жоқ: файл зақымдалған`,
    }),
  ],
  [
    /^the row after row (\d+) has no valid number: the file is damaged$/,
    (m) => ({
      ru: `у строки, следующей за строкой ${m[1]}, неверный номер: файл повреждён`,
      kk: `${m[1]}-жолдан кейінгі жолдың нөмірі дұрыс емес: файл зақымдалған`,
    }),
  ],
  [
    /^row (\d+) has a cell whose reference is not a cell of the sheet: the file is damaged$/,
    (m) => ({
      ru: `в строке ${m[1]} есть ячейка, чей адрес не указывает на ячейку листа: файл повреждён`,
      kk: `${m[1]}-жолда мекенжайы парақтың ұяшығын көрсетпейтін ұяшық бар: файл зақымдалған`,
    }),
  ],
  [
    /^row (\d+), cell ([A-Z]+\d+), refers to a shared text the workbook does not have: the file is damaged$/,
    (m) => ({
      ru: `в строке ${m[1]} ячейка ${m[2]} ссылается на общую строку, которой в книге нет: файл повреждён`,
      kk: `${m[1]}-жолдағы ${m[2]} ұяшығы кітапта жоқ ортақ жолға сілтейді: файл зақымдалған`,
    }),
  ],
  [
    /^row (\d+), cell ([A-Z]+\d+), holds a value of another kind than the cell says: the file is damaged$/,
    (m) => ({
      ru: `в строке ${m[1]} в ячейке ${m[2]} значение не того вида, что указан для ячейки: файл повреждён`,
      kk: `${m[1]}-жолдағы ${m[2]} ұяшығындағы мән ұяшыққа көрсетілген түрге сәйкес емес: файл зақымдалған`,
    }),
  ],
  [
    /^row (\d+), cell ([A-Z]+\d+), holds over ([\d,]+) characters: no form's field does$/,
    (m) => ({
      ru: `в строке ${m[1]} в ячейке ${m[2]} больше ${m[3].replace(/,/g, ' ')} символов: таких длинных полей нет ни в одной форме`,
      kk: `${m[1]}-жолдағы ${m[2]} ұяшығында ${m[3].replace(/,/g, ' ')} таңбадан көп: ешбір нысанда мұндай ұзын өріс жоқ`,
    }),
  ],
];

function workbookTrouble(reason: string): Words | null {
  for (const [pattern, words] of WORKBOOK_TROUBLE) {
    const m = reason.match(pattern);
    if (m) return words(m);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The messages, by the file they come from. The first pattern that matches decides.

const FILE_PROBLEMS: [RegExp, Explain][] = [
  // ----- Voter file (Appendix 1): the header (libs/files/appendix1.ts, headerProblems) -----
  [
    /^the file lacks the Appendix 1 field\(s\) (.+)$/,
    (m) => ({ ru: `в файле нет полей Приложения 1: ${m[1]}`, kk: `файлда 1-қосымшаның өрістері жоқ: ${m[1]}` }),
  ],
  [
    /^the file has field\(s\) Appendix 1 does not define: (.+)$/,
    (m) => {
      // "… N more that are not field names": counted, never quoted (they may be a voter's data).
      const more = (w: (n: string) => string) =>
        m[1].replace(/(\d+) more that are not field names/, (_all, n: string) => w(n));
      return {
        ru: `в файле есть поля, которых нет в Приложении 1: ${more((n) => `ещё ${n}, не похожих на названия полей`)}`,
        kk: `файлда 1-қосымшада жоқ өрістер бар: ${more((n) => `өріс атауына ұқсамайтын тағы ${n}`)}`,
      };
    },
  ],
  [
    /^the file has field\(s\) more than once: (.+)$/,
    (m) => ({
      ru: `в файле поля указаны более одного раза: ${m[1]}`,
      kk: `файлда өрістер бірнеше рет берілген: ${m[1]}`,
    }),
  ],

  // ----- Voter file in MS Access: the database and its column types (libs/files/access.ts) -----
  [
    /^the column (\S+) is of type (\S+); Appendix 1 makes it (.+)$/,
    (m) => {
      const type = ACCESS_TYPES[m[3]];
      return type
        ? {
            ru: `поле ${m[1]} имеет тип ${m[2]}, а по Приложению 1 его тип — ${type.ru}`,
            kk: `${m[1]} өрісінің типі — ${m[2]}, ал 1-қосымша бойынша оның типі — ${type.kk}`,
          }
        : null;
    },
  ],
  [
    /^the database holds no tables$/,
    () => ({ ru: 'в базе данных нет ни одной таблицы', kk: 'дерекқорда бірде-бір кесте жоқ' }),
  ],
  [
    /^none of the database's tables \((.+)\) has the Appendix 1 fields Cod and Cod_izber$/,
    (m) => ({
      ru: `ни в одной таблице базы данных (${m[1]}) нет полей Cod и Cod_izber Приложения 1`,
      kk: `дерекқор кестелерінің (${m[1]}) ешқайсысында 1-қосымшаның Cod және Cod_izber өрістері жоқ`,
    }),
  ],
  [
    /^several tables have the Appendix 1 fields \((.+)\): send a database with one voter table$/,
    (m) => ({
      ru: `поля Приложения 1 есть в нескольких таблицах (${m[1]}): пришлите базу данных с одной таблицей избирателей`,
      kk: `1-қосымшаның өрістері бірнеше кестеде бар (${m[1]}): сайлаушылардың бір ғана кестесі бар дерекқорды жіберіңіз`,
    }),
  ],
  [
    /^the database is protected by a password: remove the password in Access and send the file again$/,
    () => ({
      ru: 'база данных защищена паролем: снимите пароль в Access и пришлите файл заново',
      kk: 'дерекқор құпиясөзбен қорғалған: Access-те құпиясөзді алып тастап, файлды қайта жіберіңіз',
    }),
  ],
  [
    /^the database is damaged: its tables cannot be read to the end/,
    () => ({
      ru: 'база данных повреждена: её таблицы не читаются до конца (возможно, файл обрезан); пришлите его заново',
      kk: 'дерекқор бүлінген: оның кестелері соңына дейін оқылмайды (файл қиылған болуы мүмкін); оны қайта жіберіңіз',
    }),
  ],
  // The reader's own reason, in parentheses, is technical and stays as it is.
  [
    /^the file cannot be read as an MS Access database \((.*)\)$/s,
    (m) => ({
      ru: `файл не читается как база данных MS Access (${m[1]})`,
      kk: `файл MS Access дерекқоры ретінде оқылмайды (${m[1]})`,
    }),
  ],

  // ----- Any CSV: the file itself is broken (libs/files/csv.ts, via voter-import.ts and list-import.ts) -----
  [
    /^the file cannot be read as CSV at line (\S+): (.+)$/,
    (m) => {
      const what = csvTrouble(m[2]);
      return what
        ? {
            ru: `файл не читается как CSV ${ruLine(m[1])}: ${what.ru}`,
            kk: `файл ${kkLine(m[1])} CSV ретінде оқылмайды: ${what.kk}`,
          }
        : null;
    },
  ],

  // ----- Voter file: the file as a whole (libs/files/voter-import.ts, csv.ts) -----
  [/^the file holds no records$/, () => ({ ru: 'в файле нет ни одной записи', kk: 'файлда бірде-бір жазба жоқ' })],
  [
    /^the file holds no records \(not even the header row\)$/,
    () => ({
      ru: 'в файле нет ни одной записи (нет даже строки заголовка)',
      kk: 'файлда бірде-бір жазба жоқ (тақырып жолы да жоқ)',
    }),
  ],
  [
    /^the first row is not the Appendix 1 header: none of its (\d+) cells names a field of the form/,
    (m) => ({
      ru: `первая строка — не заголовок Приложения 1: ни одна из ${m[1]} её ячеек не называет поле формы (Cod, Cod_izber, Soname, …); первая строка должна содержать названия полей`,
      kk: `бірінші жол 1-қосымшаның тақырыбы емес: оның ${m[1]} ұяшығының бірде-бірі нысан өрісін атамайды (Cod, Cod_izber, Soname, …); бірінші жолда өрістердің атаулары болуы керек`,
    }),
  ],
  [
    /^the file is damaged at line (\d+): the record has (\d+) fields where the header has (\d+)$/,
    (m) => ({
      ru: `файл повреждён в строке ${m[1]}: в записи ${m[2]} полей, а в заголовке ${m[3]}`,
      kk: `файл ${m[1]}-жолда бүлінген: жазбада ${m[2]} өріс, ал тақырыпта ${m[3]}`,
    }),
  ],
  [
    /^the file is damaged at line (\d+): a quotation mark opens a field there and is never closed$/,
    (m) => ({
      ru: `файл повреждён в строке ${m[1]}: там открывается кавычка, которая нигде не закрыта`,
      kk: `файл ${m[1]}-жолда бүлінген: сол жерде ашылған тырнақша еш жерде жабылмаған`,
    }),
  ],
  [
    /^the file is damaged at line (\d+): a record longer than (\d+) KB starts there/,
    (m) => ({
      ru: `файл повреждён в строке ${m[1]}: там начинается запись длиннее ${m[2]} КБ (возможно, не закрыта кавычка)`,
      kk: `файл ${m[1]}-жолда бүлінген: сол жерден ${m[2]} КБ-тан ұзын жазба басталады (тырнақша жабылмаған болуы мүмкін)`,
    }),
  ],
  [
    /^the file is not text: it holds binary data/,
    () => ({
      ru: 'файл не текстовый: в нём двоичные данные, это не CSV и не база данных MS Access, которую можно открыть (так читается и файл Access с повреждённым началом)',
      kk: 'файл мәтіндік емес: онда екілік деректер бар, бұл CSV да емес, ашылатын MS Access дерекқоры да емес (басы бүлінген Access файлы да осылай оқылады)',
    }),
  ],
  [
    /^the file's text is in the KOI8-R encoding/,
    () => ({
      ru: 'текст файла в кодировке KOI8-R, которую Tizim не читает: сохраните файл в UTF-8 или Windows-1251 (в Excel: «CSV UTF-8») и пришлите заново',
      kk: 'файл мәтіні Tizim оқымайтын KOI8-R кодталуында: файлды UTF-8 немесе Windows-1251 түрінде сақтаңыз (Excel-де: «CSV UTF-8») және қайта жіберіңіз',
    }),
  ],
  [
    /^the file is neither UTF-8 nor Windows-1251 \(it holds the byte 0x98/,
    () => ({
      ru: 'файл не в UTF-8 и не в Windows-1251 (в нём байт 0x98, которого нет в Windows-1251): сохраните его в UTF-8 и пришлите заново',
      kk: 'файл UTF-8 те, Windows-1251 де емес (онда Windows-1251-де жоқ 0x98 байты бар): оны UTF-8 түрінде сақтап, қайта жіберіңіз',
    }),
  ],
  [
    /^the file is another district's: none of its polling stations \(Cod_uch\) is one of district (\S+)'s, and (\d+) of its (\d+) are district (\S+)'s \((.*)\); send district \S+'s own file$/,
    (m) => ({
      ru: `это файл другого района: ни один из его избирательных участков (Cod_uch) не относится к району ${m[1]}, а ${m[2]} из ${m[3]} относятся к району ${m[4]} (${m[5]}); пришлите файл района ${m[1]}`,
      kk: `бұл басқа ауданның файлы: оның сайлау учаскелерінің (Cod_uch) бірде-бірі ${m[1]} ауданына жатпайды, ал ${m[3]} учаскенің ${m[2]}-і ${m[4]} ауданына (${m[5]}) жатады; ${m[1]} ауданының файлын жіберіңіз`,
    }),
  ],
  [
    /^the same file \(the same bytes\) was accepted on (\S+) as the voter file of district (\S+): send district (\S+)'s own file$/,
    (m) => ({
      ru: `тот же файл (те же байты) уже принят ${m[1]} как файл избирателей района ${m[2]}: пришлите файл района ${m[3]}`,
      kk: `дәл осы файл (сол байттар) ${m[1]} күні ${m[2]} ауданының сайлаушылар файлы ретінде қабылданған: ${m[3]} ауданының файлын жіберіңіз`,
    }),
  ],
  [
    /^the same file \(the same bytes\) was accepted on (\S+) as the voter file of period (\S+): send the file of period (\S+)$/,
    (m) => ({
      ru: `тот же файл (те же байты) уже принят ${m[1]} как файл избирателей за период ${m[2]}: пришлите файл за период ${m[3]}`,
      kk: `дәл осы файл (сол байттар) ${m[1]} күні ${m[2]} кезеңінің сайлаушылар файлы ретінде қабылданған: ${m[3]} кезеңінің файлын жіберіңіз`,
    }),
  ],

  // ----- Any form: one field (appendix1.ts, and libs/files/list-form.ts, FieldChecks, for Appendices 2 and 3) -----
  [
    /^holds a control character \(a NUL byte, say\) where text is expected/,
    () => ({
      ru: 'содержит управляющий символ (например, нулевой байт) вместо текста: исправьте значение или заново сохраните файл в программе, которая его создала',
      kk: 'мәтіннің орнына басқарушы таңба (мысалы, нөлдік байт) бар: мәнді түзетіңіз немесе файлды оны жасаған бағдарламада қайта сақтаңыз',
    }),
  ],
  [
    /^is required \((.+)\) and is empty$/,
    (m) =>
      withMeaning(m[1], (w) => ({
        ru: `обязательное поле не заполнено (${w.ru})`,
        kk: `міндетті өріс толтырылмаған (${w.kk})`,
      })),
  ],
  [
    /^holds a placeholder instead of data; leave the field empty when there is no (.+)$/,
    (m) =>
      withMeaning(m[1], (w) => ({
        ru: `вместо данных стоит заполнитель: если сведений нет (${w.ru}), поле оставляется пустым`,
        kk: `деректердің орнына толтырғыш тұр: мәлімет (${w.kk}) болмаса, өріс бос қалдырылады`,
      })),
  ],
  [
    /^holds a placeholder instead of data; the (.+) is required$/,
    (m) =>
      withMeaning(m[1], (w) => ({
        ru: `вместо данных стоит заполнитель, а поле обязательное (${w.ru})`,
        kk: `деректердің орнына толтырғыш тұр, ал бұл өрісті толтыру міндетті (${w.kk})`,
      })),
  ],
  [
    /^must be a positive whole number \(the (.+?)\)(; Excel holds a date here)?$/,
    (m) =>
      withMeaning(m[1], (w) =>
        m[2]
          ? {
              ru: `должно быть целым положительным числом (${w.ru}), а Excel хранит здесь дату`,
              kk: `оң бүтін сан болуы керек (${w.kk}), ал мұнда Excel-де күн тұр`,
            }
          : {
              ru: `должно быть целым положительным числом (${w.ru})`,
              kk: `оң бүтін сан болуы керек (${w.kk})`,
            },
      ),
  ],

  // ----- Station list and boundaries (Appendices 2 and 3): the header (libs/files/list-form.ts, findHeader) -----
  [
    /^the file lacks the Appendix (\d+) column\(s\) (.+)$/,
    (m) => {
      const names = namedColumns(m[2]);
      return names
        ? {
            ru: `в файле нет столбцов Приложения ${m[1]}: ${names.ru}`,
            kk: `файлда ${m[1]}-қосымшаның бағандары жоқ: ${names.kk}`,
          }
        : null;
    },
  ],
  [
    /^the file has column\(s\) Appendix (\d+) does not define: (.+)$/,
    (m) => ({
      ru: `в файле есть столбцы, которых нет в Приложении ${m[1]}: ${m[2]}`,
      kk: `файлда ${m[1]}-қосымшада жоқ бағандар бар: ${m[2]}`,
    }),
  ],
  [
    /^the file has column\(s\) more than once: (.+)$/,
    (m) => {
      const names = columnList(m[1]);
      return names
        ? {
            ru: `в файле столбцы указаны более одного раза: ${names.ru}`,
            kk: `файлда бағандар бірнеше рет берілген: ${names.kk}`,
          }
        : null;
    },
  ],
  [
    /^no row among the first (\d+) names the Appendix (\d+) columns \((.+)\) in Russian, Kazakh or English$/,
    (m) => {
      const names = columnList(m[3]);
      return names
        ? {
            ru: `ни в одной из первых ${m[1]} строк нет названий столбцов Приложения ${m[2]} (${names.ru}) на русском, казахском или английском языке`,
            kk: `алғашқы ${m[1]} жолдың бірде-бірінде ${m[2]}-қосымшаның бағандарының атаулары (${names.kk}) орыс, қазақ немесе ағылшын тілінде жоқ`,
          }
        : null;
    },
  ],
  // Appendix 2's own header rules (libs/files/appendix2.ts, headerRules and explainUnknown).
  [
    /^the file lacks the Appendix 2 column for the marks: one column «([^»]*)» \/ «([^»]*)» with words \(new, abolished, restricted access\), or a column for each mark$/,
    (m) => ({
      ru: `в файле нет столбца отметок Приложения 2: нужен один столбец «${m[1]}» со словами (новый, упразднён, ограниченный доступ) или по столбцу на каждую отметку`,
      kk: `файлда 2-қосымшаның белгілер бағаны жоқ: сөздермен (жаңа, таратылған, шектеулі) толтырылатын бір «${m[2]}» бағаны немесе әр белгіге жеке баған қажет`,
    }),
  ],
  [
    /^the file gives the address in one column; Appendix (\d+) has it in three: (.+)$/,
    (m) => {
      const names = columnList(m[2]);
      return names
        ? {
            ru: `адрес указан в одном столбце, а в Приложении ${m[1]} он в трёх: ${names.ru}`,
            kk: `мекенжай бір бағанда берілген, ал ${m[1]}-қосымшада ол үш бағанда: ${names.kk}`,
          }
        : null;
    },
  ],

  // ----- Station list and boundaries: the file (libs/files/list-import.ts, libs/files/xlsx.ts) -----
  [
    /^the file is an Excel 97-2003 workbook \(\.xls\): save it as an Excel Workbook \(\.xlsx\) or as CSV and send it again$/,
    () => ({
      ru: 'файл сохранён как книга Excel 97-2003 (.xls): сохраните его как «Книга Excel» (.xlsx) или в формате CSV и пришлите заново',
      kk: 'файл Excel 97-2003 кітабы (.xls) түрінде сақталған: оны Excel кітабы (.xlsx) немесе CSV пішімінде сақтап, қайта жіберіңіз',
    }),
  ],
  // Reports of files refused before the reader of libs/files/zip.ts (exceljs's) say only this.
  [
    /^the file cannot be read as an Excel workbook \(\.xlsx\): it may be damaged, or another kind of ZIP archive$/,
    () => ({
      ru: 'файл не читается как книга Excel (.xlsx): возможно, он повреждён или это ZIP-архив другого вида',
      kk: 'файл Excel кітабы (.xlsx) ретінде оқылмайды: ол зақымдалған немесе басқа ZIP мұрағаты болуы мүмкін',
    }),
  ],
  [
    /^the file cannot be read as an Excel workbook \(\.xlsx\): (.+)$/,
    (m) => {
      const why = workbookTrouble(m[1]);
      return why
        ? {
            ru: `файл не читается как книга Excel (.xlsx): ${why.ru}`,
            kk: `файл Excel кітабы (.xlsx) ретінде оқылмайды: ${why.kk}`,
          }
        : null;
    },
  ],
  [
    /^the upload names a submission that is not an accepted voter file of district (\S+) for period (\S+): upload the voter file \(Appendix 1\) of this district and period first, or name its submission$/,
    (m) => ({
      ru: `указанное при загрузке представление не является принятым списком избирателей района ${m[1]} за период ${m[2]}: сначала загрузите список избирателей (Приложение 1) этого района за этот период или укажите его представление`,
      kk: `жүктеу кезінде көрсетілген ұсыну ${m[1]} ауданының ${m[2]} кезеңіндегі қабылданған сайлаушылар тізімі емес: алдымен осы ауданның осы кезеңдегі сайлаушылар тізімін (1-қосымша) жүктеңіз немесе оның ұсынуын көрсетіңіз`,
    }),
  ],
  [
    /^no voter file \(Appendix 1\) of district (\S+) for period (\S+) has been accepted: upload the voter file \(Appendix 1\) of this district and period first$/,
    (m) => ({
      ru: `список избирателей (Приложение 1) района ${m[1]} за период ${m[2]} ещё не принят: сначала загрузите список избирателей этого района за этот период`,
      kk: `${m[1]} ауданының ${m[2]} кезеңіндегі сайлаушылар тізімі (1-қосымша) әлі қабылданбаған: алдымен осы ауданның осы кезеңдегі сайлаушылар тізімін жүктеңіз`,
    }),
  ],
  [
    /^the file holds no rows of the station list \(Appendix (\d+)\) under its header$/,
    (m) => ({
      ru: `под заголовком в файле нет ни одной строки сведений об избирательных участках (Приложение ${m[1]})`,
      kk: `файлда тақырып жолынан кейін сайлау учаскелері туралы мәліметтердің (${m[1]}-қосымша) бірде-бір жолы жоқ`,
    }),
  ],
  [
    /^the file holds no rows of the boundaries \(Appendix (\d+)\) under its header$/,
    (m) => ({
      ru: `под заголовком в файле нет ни одной строки сведений о границах избирательных участков (Приложение ${m[1]})`,
      kk: `файлда тақырып жолынан кейін сайлау учаскелерінің шекаралары туралы мәліметтердің (${m[1]}-қосымша) бірде-бір жолы жоқ`,
    }),
  ],
  [
    /^holds a value, but the column has no name in the header: name it or clear it$/,
    () => ({
      ru: 'в столбце есть значение, но у столбца нет названия в заголовке: назовите столбец или очистите его',
      kk: 'бағанда мән бар, бірақ тақырып жолында бағанның атауы жоқ: бағанды атаңыз немесе оны тазалаңыз',
    }),
  ],

  // ----- Station list and boundaries: one field (libs/files/list-form.ts, FieldChecks) -----
  [
    /^holds a date where text is expected: Excel turned what was typed into a date; format the column as Text and type it again$/,
    () => ({
      ru: 'вместо текста стоит дата: Excel превратил набранное в дату; задайте столбцу формат «Текстовый» и наберите значение заново',
      kk: 'мәтіннің орнына күн тұр: Excel терілген мәнді күнге айналдырған; бағанға «Мәтіндік» пішімін беріп, мәнді қайта теріңіз',
    }),
  ],
  [
    /^holds the Excel error (\S+) instead of data: correct the formula or type the value$/,
    (m) => ({
      ru: `вместо данных стоит ошибка Excel ${m[1]}: исправьте формулу или введите значение`,
      kk: `деректердің орнына Excel қатесі ${m[1]} тұр: формуланы түзетіңіз немесе мәнді теріңіз`,
    }),
  ],
  [
    /^is (\d+) characters long; the form takes at most (\d+)$/,
    (m) => ({
      ru: `длина ${ruCharacters(m[1])}, а форма допускает не больше ${m[2]}`,
      kk: `ұзындығы ${m[1]} таңба, ал нысан бойынша ${m[2]} таңбадан аспауы тиіс`,
    }),
  ],

  // ----- Station list (Appendix 2): marks and repeats (libs/files/appendix2.ts) -----
  [
    /^holds a word that is not a mark: write новый, упразднён or ограниченный доступ/,
    () => ({
      ru: 'указано слово, которое не является отметкой: пишите новый, упразднён или ограниченный доступ (жаңа, таратылған, шектеулі; new, abolished, restricted access), несколько отметок — через запятую',
      kk: 'белгі емес сөз жазылған: жаңа, таратылған немесе шектеулі деп жазыңыз (новый, упразднён, ограниченный доступ; new, abolished, restricted access), бірнеше белгіні үтір арқылы бөліңіз',
    }),
  ],
  [
    /^must be marked \(да, иә, 1, x or \+\) or left empty \(нет, жоқ and 0 are read as not marked\)$/,
    () => ({
      ru: 'отметьте (да, иә, 1, x или +) или оставьте пустым (нет, жоқ и 0 означают «не отмечено»)',
      kk: 'белгілеңіз (иә, да, 1, x немесе +) немесе бос қалдырыңыз (жоқ, нет және 0 «белгіленбеген» деп оқылады)',
    }),
  ],
  [
    /^a station cannot be both new and abolished$/,
    () => ({
      ru: 'избирательный участок не может быть одновременно вновь созданным и упразднённым',
      kk: 'сайлау учаскесі бір мезгілде жаңадан құрылған да, таратылған да бола алмайды',
    }),
  ],
  [
    /^appears twice: row (\d+) has the same station number \(a station is listed once\)$/,
    (m) => ({
      ru: `повторяется: в строке ${m[1]} тот же номер избирательного участка (участок указывается в списке один раз)`,
      kk: `қайталанады: ${m[1]}-жолда да осындай сайлау учаскесінің нөмірі бар (учаске тізімде бір рет көрсетіледі)`,
    }),
  ],

  // ----- Boundaries (Appendix 3): addresses and repeats (libs/files/appendix3.ts) -----
  [
    /^gives a house but no address \(street\) it stands on$/,
    () => ({
      ru: 'указан дом, но не указан адрес (улица), где он стоит',
      kk: 'үй көрсетілген, бірақ ол орналасқан мекенжай (көше) көрсетілмеген',
    }),
  ],
  [
    /^gives an address type but no address$/,
    () => ({
      ru: 'указан тип адреса, но не указан сам адрес',
      kk: 'мекенжай түрі көрсетілген, бірақ мекенжайдың өзі көрсетілмеген',
    }),
  ],
  [
    /^repeats row (\d+) word for word \(each part of a station's territory is listed once\)$/,
    (m) => ({
      ru: `дословно повторяет строку ${m[1]} (каждая часть территории участка в границах указывается один раз)`,
      kk: `${m[1]}-жолды сөзбе-сөз қайталайды (учаске аумағының әр бөлігі шекараларда бір рет көрсетіледі)`,
    }),
  ],
];

/** A rejection report's message in the console's language; a message not listed here as it is. */
export function explainFileProblem(message: string, lang: Lang): string {
  for (const [pattern, explain] of FILE_PROBLEMS) {
    const m = message.match(pattern);
    if (m) return explain(m)?.[lang] ?? message;
  }
  return message;
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
  const letter = /^\(column ([A-Z]+)\)$/.exec(field);
  if (letter) return lang === 'ru' ? `(столбец ${letter[1]})` : `(${letter[1]} бағаны)`;
  return field;
}
