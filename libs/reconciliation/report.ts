/**
 * The discrepancy report of one reconciliation for the akimat, as XLSX and as PDF, in Russian or
 * Kazakh (CEC Rules No. 11/196: "Результаты сверки списков избирателей" and "Акт сверки
 * избирательных участков"). Four sections in both formats:
 *  1. the title block (territory, period, reference date, round, time of generation, totals);
 *  2. statistics: records with findings per category 1..9 (zero rows too) with their non-zero
 *     subcategories, then the same per polling station;
 *  3. the station reconciliation act: the category 0 findings, the new and the abolished stations;
 *  4. the list of every discrepancy.
 *
 * Rendering only: the caller reads the run's rows and passes them in, already sorted. Nothing here
 * reads the clock (the time of generation is an argument), so the same data gives the same file.
 *
 * Category rows of the statistics count distinct records, so they are summed from `perStation`
 * (a record stands on one station); summing the subcategories instead would count twice a record
 * whose surname and first name both differ. Subcategory rows come from `result.findings`.
 */
import { Writable } from 'node:stream';
import { stream as excelStream, type Worksheet } from 'exceljs';
import PDFDocument from 'pdfkit';
import { toLocalIso } from '../calendar/local-date';
import { fitColumns } from '../pdf/columns';
import { DEJAVU, pdfBytes, registerDejaVu } from '../pdf/dejavu';
import { CATEGORIES, RULES, SUBCATEGORIES, label, subcategoryLabel as labelOf, type Lang } from './categories';
import type { ReconciliationResult } from './result';

export interface ReportDiscrepancy {
  /** Stable uuid of the finding. */
  id: string;
  /** 0..9 (Rules para 9); 0 = polling-station findings; 10 = the form of Appendix 1 (FORM_CATEGORY). */
  category: number;
  /** Key of SUBCATEGORIES. */
  subcategory: string;
  /** The voter file's record key (null for station findings, and for a record whose Cod is missing or repeated). */
  cod: number | null;
  /** The record's row in the voter file (null for station findings). */
  row?: number | null;
  iin: string | null;
  stationCode: string | null;
  /** As in the voter file row. */
  surname: string | null;
  firstName: string | null;
  patronymic: string | null;
  /**
   * The finding's JSON evidence, e.g. {field, file, register}, {fact, since, until, basis}, {voters, limit},
   * {group, groupNo, groupSize, keep, keepCod, registerStation} for a row of a group of category 3 or 4.
   */
  evidence: Record<string, unknown>;
}

/** Records with findings per category 1..9 on one station. */
export interface ReportStationRow {
  station: string;
  voters: number;
  byCategory: Record<number, number>;
}

export interface ReportData {
  result: ReconciliationResult;
  regionName: { ru: string; kk: string };
  districtName: { ru: string; kk: string };
  perStation: ReportStationRow[];
  /** Already sorted (category, station, cod). */
  discrepancies: ReportDiscrepancy[];
  /** ISO instant; printed in Asia/Almaty time (UTC+5). */
  generatedAt: string;
}

/** Categories of the statistics: 0 (stations) has its own section, the act; 10 is the form of Appendix 1. */
const VOTER_CATEGORIES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

interface Words {
  title: string;
  region: string;
  district: string;
  period: string;
  referenceDate: string;
  register: string;
  registerText: (version: number, asOf: string, sha256: string | null, events: number) => string;
  round: string;
  generatedAt: string;
  runId: string;
  voterRecords: string;
  stationRecords: string;
  recordsWithFindings: string;
  statistics: string;
  category: string;
  records: string;
  perStation: string;
  station: string;
  voters: string;
  categoryColumn: (c: number) => string;
  total: string;
  act: string;
  finding: string;
  evidence: string;
  noFindings: string;
  newStations: string;
  abolishedStations: string;
  none: string;
  list: string;
  cod: string;
  iin: string;
  surname: string;
  firstName: string;
  patronymic: string;
  findingId: string;
  page: (n: number) => string;
  sheets: { summary: string; statistics: string; act: string; list: string };
  evidenceWords: EvidenceWords;
}

/** The phrases evidenceText builds its sentences from. */
interface EvidenceWords {
  lang: Lang;
  /** An intake finding: the rule it breaks is in this text. */
  follows: (basis: string) => string;
  firstRow: (row: string) => string;
  fileRegister: (file: string, register: string) => string;
  notInRegister: string;
  replaced: (file: string, register: string, issuedOn: string | null) => string;
  expired: (document: string, expiresOn: string) => string;
  /** Before groups were shown whole: the row of the group the finding was measured against. */
  firstRecord: (cod: string, station: string | null) => string;
  group: (no: string, size: number) => string;
  keepThis: (why: string) => string;
  keepOther: (cod: string, why: string) => string;
  onRegisterStation: (station: string) => string;
  firstInGroup: string;
  noneOnRegisterStation: (station: string) => string;
  registerStationUnknown: string;
  otherDistrict: (district: string, station: string) => string;
  registerRegion: (region: string) => string;
  fact: (verb: string, since: string, until: string | null) => string;
  factVerbs: Record<string, string>;
  basis: (basis: string) => string;
  under18: (birthDate: string, turns18On: string | null) => string;
  listRows: (rows: string) => string;
  numberInDistrict: (district: string) => string;
  listRow: (row: string) => string;
  votersLimit: (voters: string, limit: string) => string;
  voters: (voters: string) => string;
  cods: (cods: string) => string;
  registerStation: (station: string) => string;
}

const RU: Words = {
  title: 'Результаты сверки списков избирателей',
  region: 'Область, город республиканского значения',
  district: 'Район, город',
  period: 'Период',
  referenceDate: 'Дата, по состоянию на которую проведена сверка',
  register: 'Сведения АИС «Сайлау» (снимок реестра)',
  registerText: (version, asOf, sha256, events) =>
    `снимок № ${version} по состоянию на ${asOf}${sha256 ? `, файл SHA-256 ${sha256}` : ''}; изменения государственных реестров до № ${events} включительно`,
  round: 'Номер сверки',
  generatedAt: 'Дата и время формирования',
  runId: 'Идентификатор сверки',
  voterRecords: 'Записей в списке избирателей',
  stationRecords: 'Строк в списке избирательных участков',
  recordsWithFindings: 'Записей с выявленными расхождениями',
  statistics: 'Сведения о выявленных расхождениях по категориям',
  category: 'Категория',
  records: 'Количество записей',
  perStation: 'Расхождения по избирательным участкам',
  station: 'Участок',
  voters: 'Избирателей',
  categoryColumn: (c) => `Кат. ${c}`,
  total: 'Итого',
  act: 'Акт сверки избирательных участков',
  finding: 'Вид расхождения',
  evidence: 'Сведения',
  noFindings: 'Расхождений не выявлено',
  newStations: 'Новые избирательные участки',
  abolishedStations: 'Упраздненные избирательные участки',
  none: 'нет',
  list: 'Перечень выявленных расхождений',
  cod: 'Cod',
  iin: 'ИИН',
  surname: 'Фамилия',
  firstName: 'Имя',
  patronymic: 'Отчество',
  findingId: 'Идентификатор',
  page: (n) => `стр. ${n}`,
  sheets: { summary: 'Сводка', statistics: 'Статистика', act: 'Акт сверки участков', list: 'Расхождения' },
  evidenceWords: {
    lang: 'ru',
    follows: (basis) => `требование: ${basis}`,
    firstRow: (row) => `тот же Cod в строке ${row}`,
    fileRegister: (file, register) => `в файле: ${file}; в регистре: ${register}`,
    notInRegister: 'лицо с таким ИИН в регистре не найдено',
    replaced: (file, register, issuedOn) =>
      `в файле документ ${file}; в регистре ${register}${issuedOn ? ` от ${issuedOn}` : ''}`,
    expired: (document, expiresOn) => `документ ${document} действителен до ${expiresOn}`,
    firstRecord: (cod, station) => `первая запись Cod ${cod}${station ? ` на участке ${station}` : ''}`,
    group: (no, size) => `группа ${no} из ${size} ${size % 10 === 1 && size % 100 !== 11 ? 'записи' : 'записей'}`,
    keepThis: (why) => `оставить эту запись (${why})`,
    keepOther: (cod, why) => `оставить запись Cod ${cod}, не эту (${why})`,
    onRegisterStation: (station) => `участок ${station} по регистру`,
    firstInGroup: 'первая в группе',
    noneOnRegisterStation: (station) => `ни одной записи группы нет на участке ${station} по регистру`,
    registerStationUnknown: 'участок по регистру не указан: какую запись оставить, не определено',
    otherDistrict: (district, station) => `также в списке района ${district} (по регистру), участок ${station}`,
    registerRegion: (region) => `регион по регистру: ${region}`,
    fact: (verb, since, until) => `${verb} с ${since}${until ? ` по ${until}` : ''}`,
    factVerbs: {
      DEREGISTERED: 'снят с регистрационного учета',
      EMIGRATED: 'выехал на ПМЖ за пределы РК',
      NON_CITIZEN: 'не является гражданином РК',
      INCAPABLE: 'признан судом недееспособным',
      IMPRISONED: 'содержится в местах лишения свободы',
      DECEASED: 'умер',
      CITIZENSHIP_LOST: 'утратил гражданство РК',
    },
    basis: (basis) => `основание: ${basis}`,
    under18: (birthDate, turns18On) =>
      `дата рождения ${birthDate}${turns18On ? `, 18 лет исполнится ${turns18On}` : ''}`,
    listRows: (rows) => `строки списка участков: ${rows}`,
    numberInDistrict: (district) => `номер есть в районе ${district}`,
    listRow: (row) => `строка списка участков ${row}`,
    votersLimit: (voters, limit) => `избирателей: ${voters}, предел ${limit}`,
    voters: (voters) => `избирателей: ${voters}`,
    cods: (cods) => `Cod: ${cods}`,
    registerStation: (station) => `участок № ${station} в регистре`,
  },
};

const KK: Words = {
  title: 'Сайлаушылар тізімдерін салыстыру нәтижелері',
  region: 'Облыс, республикалық маңызы бар қала',
  district: 'Аудан, қала',
  period: 'Кезең',
  referenceDate: 'Қай күнгі жағдай бойынша салыстырылды',
  register: '«Сайлау» АЖ мәліметтері (тізілім көшірмесі)',
  registerText: (version, asOf, sha256, events) =>
    `${asOf} жағдайы бойынша № ${version} көшірме${sha256 ? `, файл SHA-256 ${sha256}` : ''}; мемлекеттік тізілімдердің № ${events} қоса алғандағы өзгерістері`,
  round: 'Салыстыру нөмірі',
  generatedAt: 'Қалыптастырылған күні мен уақыты',
  runId: 'Салыстыру сәйкестендіргіші',
  voterRecords: 'Сайлаушылар тізіміндегі жазбалар',
  stationRecords: 'Сайлау учаскелері тізіміндегі жолдар',
  recordsWithFindings: 'Сәйкессіздіктер анықталған жазбалар',
  statistics: 'Анықталған сәйкессіздіктер туралы санаттар бойынша мәліметтер',
  category: 'Санат',
  records: 'Жазбалар саны',
  perStation: 'Сайлау учаскелері бойынша сәйкессіздіктер',
  station: 'Учаске',
  voters: 'Сайлаушылар',
  categoryColumn: (c) => `${c}-санат`,
  total: 'Барлығы',
  act: 'Сайлау учаскелерін салыстыру актісі',
  finding: 'Сәйкессіздік түрі',
  evidence: 'Мәліметтер',
  noFindings: 'Сәйкессіздіктер анықталған жоқ',
  newStations: 'Жаңа сайлау учаскелері',
  abolishedStations: 'Таратылған сайлау учаскелері',
  none: 'жоқ',
  list: 'Анықталған сәйкессіздіктер тізбесі',
  cod: 'Cod',
  iin: 'ЖСН',
  surname: 'Тегі',
  firstName: 'Аты',
  patronymic: 'Әкесінің аты',
  findingId: 'Сәйкестендіргіш',
  page: (n) => `${n}-бет`,
  sheets: {
    summary: 'Жиынтық',
    statistics: 'Статистика',
    act: 'Учаскелерді салыстыру актісі',
    list: 'Сәйкессіздіктер',
  },
  evidenceWords: {
    lang: 'kk',
    follows: (basis) => `талап: ${basis}`,
    firstRow: (row) => `дәл осы Cod ${row}-жолда бар`,
    fileRegister: (file, register) => `файлда: ${file}; тізілімде: ${register}`,
    notInRegister: 'мұндай ЖСН бар адам тізілімде табылмады',
    replaced: (file, register, issuedOn) =>
      `файлда құжат ${file}; тізілімде ${register}${issuedOn ? ` (${issuedOn} берілген)` : ''}`,
    expired: (document, expiresOn) => `${document} құжаты ${expiresOn} дейін жарамды болған`,
    firstRecord: (cod, station) => `бірінші жазба Cod ${cod}${station ? `, ${station} учаскеде` : ''}`,
    group: (no, size) => `${size} жазбадан тұратын ${no}-топ`,
    keepThis: (why) => `осы жазбаны қалдыру (${why})`,
    keepOther: (cod, why) => `осы жазбаны емес, Cod ${cod} жазбасын қалдыру (${why})`,
    onRegisterStation: (station) => `тізілім бойынша ${station} учаске`,
    firstInGroup: 'топтағы бірінші жазба',
    noneOnRegisterStation: (station) => `тізілім бойынша ${station} учаскеде топтың бірде-бір жазбасы жоқ`,
    registerStationUnknown: 'тізілімде учаске көрсетілмеген: қай жазбаны қалдыру керегі анықталмады',
    otherDistrict: (district, station) => `тізілім бойынша ${district} ауданының тізімінде де бар, ${station} учаскеде`,
    registerRegion: (region) => `тізілім бойынша өңір: ${region}`,
    fact: (verb, since, until) => `${since} бастап${until ? ` ${until} дейін` : ''} ${verb}`,
    factVerbs: {
      DEREGISTERED: 'тіркеу есебінен шығарылған',
      EMIGRATED: 'ҚР-дан тыс жерге тұрақты тұруға кеткен',
      NON_CITIZEN: 'ҚР азаматы емес',
      INCAPABLE: 'сот әрекетке қабілетсіз деп таныған',
      IMPRISONED: 'бас бостандығынан айыру орнында ұсталуда',
      DECEASED: 'қайтыс болған',
      CITIZENSHIP_LOST: 'ҚР азаматтығын жоғалтқан',
    },
    basis: (basis) => `негіздеме: ${basis}`,
    under18: (birthDate, turns18On) => `туған күні ${birthDate}${turns18On ? `, 18 жасқа ${turns18On} толады` : ''}`,
    listRows: (rows) => `учаскелер тізімінің жолдары: ${rows}`,
    numberInDistrict: (district) => `нөмір ${district} ауданында бар`,
    listRow: (row) => `учаскелер тізімінің ${row}-жолы`,
    votersLimit: (voters, limit) => `сайлаушылар: ${voters}, шегі ${limit}`,
    voters: (voters) => `сайлаушылар: ${voters}`,
    cods: (cods) => `Cod: ${cods}`,
    registerStation: (station) => `тізілімдегі № ${station} учаске`,
  },
};

const WORDS: Record<Lang, Words> = { ru: RU, kk: KK };

// ---------------------------------------------------------------------------------------------
// Evidence as a sentence
// ---------------------------------------------------------------------------------------------

const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;
/** Station findings list at most 50 Cods; a sentence shows the first few. */
const MAX_CODS_SHOWN = 10;

/** A JSON value as text: dates (jsonb gives 'YYYY-MM-DD', sometimes with a time) as YYYY-MM-DD. */
function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return DATE_PREFIX.test(value) ? value.slice(0, 10) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(show).join(', ');
  return JSON.stringify(value);
}

const present = (value: unknown): boolean => value !== null && value !== undefined && value !== '';
const optional = (value: unknown): string | null => (present(value) ? show(value) : null);

/**
 * One phrase of an evidence sentence: it speaks for `keys` when the first of them is present.
 * Phrases go by the evidence's shape rather than by subcategory, so a new subcategory with a known
 * shape reads well at once, and keys no phrase knows are still printed (as "key: value").
 */
interface Phrase {
  keys: string[];
  text: (e: Record<string, unknown>, w: EvidenceWords, subcategory: string) => string | null;
}

const PHRASES: Phrase[] = [
  // The intake's findings: the rule's text (the subcategory names the field and what is wrong).
  { keys: ['rule', 'field', 'firstRow'], text: (e, w) => intakeText(e, w) },
  { keys: ['field', 'file', 'register'], text: (e, w) => w.fileRegister(show(e.file), show(e.register)) },
  // iin-not-in-register carries only {register: 'no person with this IIN'}, a note in English.
  { keys: ['register'], text: (_e, w) => w.notInRegister },
  {
    // The register's document leads: a file without Udostve has no fileDocument, and its finding is still said in words.
    keys: ['registerDocument', 'fileDocument', 'registerIssuedOn', 'registerExpiresOn'],
    text: (e, w, subcategory) => {
      const replaced =
        subcategory === 'replaced' || (subcategory !== 'expired' && show(e.fileDocument) !== show(e.registerDocument));
      return replaced
        ? w.replaced(show(e.fileDocument), show(e.registerDocument), optional(e.registerIssuedOn))
        : w.expired(show(e.registerDocument), show(e.registerExpiresOn));
    },
  },
  // Categories 3 and 4: every row of a group is a finding; the group's id is the system's, its
  // number in this run is the reader's.
  { keys: ['group', 'groupNo', 'groupSize', 'keep', 'keepCod', 'registerStation'], text: groupText },
  // Runs before groups were shown whole; same-station's {station} is the record's own station,
  // already in its row: not repeated.
  {
    keys: ['firstCod', 'firstStation', 'station'],
    text: (e, w) => w.firstRecord(show(e.firstCod), optional(e.firstStation)),
  },
  // otherSubmission is an internal id: it locates the other list for the system, not for a reader.
  {
    keys: ['registerDistrict', 'otherStation', 'otherSubmission'],
    text: (e, w) => w.otherDistrict(show(e.registerDistrict), show(e.otherStation)),
  },
  { keys: ['registerRegion'], text: (e, w) => w.registerRegion(show(e.registerRegion)) },
  {
    keys: ['fact', 'since', 'until'],
    text: (e, w) => w.fact(w.factVerbs[String(e.fact)] ?? show(e.fact), show(e.since), optional(e.until)),
  },
  { keys: ['basis'], text: (e, w) => w.basis(show(e.basis)) },
  { keys: ['birthDate', 'turns18On'], text: (e, w) => w.under18(show(e.birthDate), optional(e.turns18On)) },
  { keys: ['rows'], text: (e, w) => w.listRows(show(e.rows)) },
  { keys: ['otherDistrict'], text: (e, w) => w.numberInDistrict(show(e.otherDistrict)) },
  { keys: ['row'], text: (e, w) => w.listRow(show(e.row)) },
  {
    keys: ['voters', 'limit'],
    text: (e, w) => (present(e.limit) ? w.votersLimit(show(e.voters), show(e.limit)) : w.voters(show(e.voters))),
  },
  {
    keys: ['cods'],
    text: (e, w) => {
      const cods = Array.isArray(e.cods) ? e.cods : [e.cods];
      return w.cods(cods.slice(0, MAX_CODS_SHOWN).map(show).join(', ') + (cods.length > MAX_CODS_SHOWN ? '…' : ''));
    },
  },
  { keys: ['registerStation'], text: (e, w) => w.registerStation(show(e.registerStation)) },
];

/**
 * A group of category 3 or 4, and which of its rows the akimat keeps: for 3 the first row, for 4
 * the row on the station the register gives the voter (none when no row is on it, or when the
 * register gives no station).
 */
function groupText(e: Record<string, unknown>, w: EvidenceWords, subcategory: string): string {
  const group = w.group(show(e.groupNo), Number(e.groupSize));
  const station = optional(e.registerStation);
  const keepCod = optional(e.keepCod);
  if (subcategory === 'same-station') {
    const keep = e.keep === true ? w.keepThis(w.firstInGroup) : w.keepOther(keepCod ?? '—', w.firstInGroup);
    return [group, keep, ...(station ? [w.registerStation(station)] : [])].join('; ');
  }
  if (station === null) return `${group}; ${w.registerStationUnknown}`;
  if (keepCod === null) return `${group}; ${w.noneOnRegisterStation(station)}`;
  return `${group}; ${e.keep === true ? w.keepThis(w.onRegisterStation(station)) : w.keepOther(keepCod, w.onRegisterStation(station))}`;
}

/** An intake finding: the paragraph or form note it follows, and for a repeated Cod the row that has it first. */
function intakeText(e: Record<string, unknown>, w: EvidenceWords): string {
  const basis = RULES[String(e.rule)]?.basis[w.lang];
  return [...(basis ? [w.follows(basis)] : []), ...(present(e.firstRow) ? [w.firstRow(show(e.firstRow))] : [])].join(
    '; ',
  );
}

/** A short human sentence from a finding's evidence, in Russian or Kazakh. */
export function evidenceText(d: ReportDiscrepancy, lang: Lang): string {
  const e = d.evidence ?? {};
  const w = WORDS[lang].evidenceWords;
  const spoken = new Set<string>();
  const parts: string[] = [];
  for (const phrase of PHRASES) {
    if (spoken.has(phrase.keys[0]) || !present(e[phrase.keys[0]])) continue;
    const text = phrase.text(e, w, d.subcategory);
    if (text) parts.push(text);
    for (const key of phrase.keys) spoken.add(key);
  }
  for (const [key, value] of Object.entries(e)) {
    if (!spoken.has(key) && present(value)) parts.push(`${key}: ${show(value)}`);
  }
  return parts.join('; ');
}

// ---------------------------------------------------------------------------------------------
// The sections as rows of text (shared by both formats)
// ---------------------------------------------------------------------------------------------

function instant(iso: string): Date {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError('generatedAt must be an ISO instant');
  return new Date(ms);
}

/** The ISO instant in Asia/Almaty time, with the offset of that moment (libs/calendar holds them). */
function almatyTime(iso: string): string {
  const local = toLocalIso(instant(iso).getTime());
  return `${local.slice(0, 10)} ${local.slice(11, 16)} (UTC${local.slice(19, 22).replace(/^\+0/, '+')})`;
}

const subcategoryLabel = (key: string, lang: Lang): string => labelOf(key, lang);
const categoryLabel = (c: number, lang: Lang): string => `${c}. ${label(CATEGORIES[c], lang, String(c))}`;
/** Dates are printed as text YYYY-MM-DD, whatever shape the caller stored them in. */
const dateText = (value: string): string => (DATE_PREFIX.test(value) ? value.slice(0, 10) : value);

function summaryRows(data: ReportData, lang: Lang): [string, string | number][] {
  const w = WORDS[lang];
  const r = data.result;
  return [
    [w.region, data.regionName[lang]],
    [w.district, data.districtName[lang]],
    [w.period, r.period],
    [w.referenceDate, dateText(r.referenceDate)],
    ...(r.register
      ? [
          [
            w.register,
            w.registerText(r.register.version, r.register.asOf, r.register.sha256, r.register.eventWatermark),
          ] as [string, string],
        ]
      : []),
    [w.round, r.round],
    [w.generatedAt, almatyTime(data.generatedAt)],
    [w.runId, r.runId],
    [w.voterRecords, r.voterRecords],
    [w.stationRecords, r.stationRecords],
    [w.recordsWithFindings, r.recordsWithFindings],
  ];
}

interface StatisticsRow {
  label: string;
  records: number;
  /** A category row (else one of its subcategories). */
  category: boolean;
}

/** SUBCATEGORIES lists the subcategories in the Rules' order; unknown ones go last by name. */
const SUBCATEGORY_ORDER = new Map(Object.keys(SUBCATEGORIES).map((key, i) => [key, i]));
function bySubcategoryOrder(a: string, b: string): number {
  const ia = SUBCATEGORY_ORDER.get(a) ?? Number.MAX_SAFE_INTEGER;
  const ib = SUBCATEGORY_ORDER.get(b) ?? Number.MAX_SAFE_INTEGER;
  return ia - ib || a.localeCompare(b);
}

function categoryTotals(perStation: ReportStationRow[]): Map<number, number> {
  const totals = new Map<number, number>(VOTER_CATEGORIES.map((c) => [c, 0]));
  for (const row of perStation) {
    for (const c of VOTER_CATEGORIES) totals.set(c, (totals.get(c) ?? 0) + (row.byCategory[c] ?? 0));
  }
  return totals;
}

function statisticsRows(data: ReportData, lang: Lang): StatisticsRow[] {
  const totals = categoryTotals(data.perStation);
  const rows: StatisticsRow[] = [];
  for (const c of VOTER_CATEGORIES) {
    rows.push({ label: categoryLabel(c, lang), records: totals.get(c) ?? 0, category: true });
    const subcategories = data.result.findings
      .filter((f) => f.category === c && f.records > 0)
      .sort((a, b) => bySubcategoryOrder(a.subcategory, b.subcategory));
    for (const f of subcategories)
      rows.push({ label: subcategoryLabel(f.subcategory, lang), records: f.records, category: false });
  }
  return rows;
}

/** Stations in their numeric order ("2" before "10"), whatever order the caller read them in. */
function stationRows(perStation: ReportStationRow[]): ReportStationRow[] {
  return [...perStation].sort((a, b) => a.station.localeCompare(b.station, 'en', { numeric: true }));
}

const stationCells = (row: ReportStationRow): number[] => [
  row.voters,
  ...VOTER_CATEGORIES.map((c) => row.byCategory[c] ?? 0),
];

function stationTotals(perStation: ReportStationRow[]): number[] {
  const sums = new Array<number>(VOTER_CATEGORIES.length + 1).fill(0);
  for (const row of perStation) stationCells(row).forEach((n, i) => (sums[i] += n));
  return sums;
}

const stationFindings = (data: ReportData): ReportDiscrepancy[] => data.discrepancies.filter((d) => d.category === 0);

const actRow = (d: ReportDiscrepancy, lang: Lang): (string | null)[] => [
  subcategoryLabel(d.subcategory, lang),
  d.stationCode,
  evidenceText(d, lang),
];

const numberList = (numbers: number[], lang: Lang): string => (numbers.length ? numbers.join(', ') : WORDS[lang].none);

function listHeader(lang: Lang): string[] {
  const w = WORDS[lang];
  return [
    w.category,
    w.finding,
    w.cod,
    w.iin,
    w.surname,
    w.firstName,
    w.patronymic,
    w.station,
    w.evidence,
    w.findingId,
  ];
}

/** Absent values stay null: empty cells in the workbook (its filter shows them as blanks). */
function listRow(d: ReportDiscrepancy, lang: Lang): (string | number | null)[] {
  return [
    d.category,
    subcategoryLabel(d.subcategory, lang),
    d.cod,
    d.iin,
    d.surname,
    d.firstName,
    d.patronymic,
    d.stationCode,
    evidenceText(d, lang),
    d.id,
  ];
}

// ---------------------------------------------------------------------------------------------
// XLSX
// ---------------------------------------------------------------------------------------------

const BOLD = { bold: true };
const TITLE_FONT = { bold: true, size: 13 };

function addTitle(ws: Worksheet, title: string): void {
  ws.addRow([title]).font = TITLE_FONT;
}

/** A bold header row; returns its number (for the frozen pane and the autofilter). */
function addHeader(ws: Worksheet, cells: (string | number)[]): number {
  const row = ws.addRow(cells);
  row.font = BOLD;
  return row.number;
}

type Workbook = excelStream.xlsx.WorkbookWriter;

/** Row 1 of a sheet is its title; a table's header is row 2, kept in view when scrolling. */
const HEADER_ROW = 2;

/**
 * A worksheet with its column widths and, for a table, the frozen header. The streaming writer
 * writes both at the top of the sheet with its first row, so they are given here, before any row.
 */
function addSheet(wb: Workbook, name: string, widths: number[], frozenHeader: boolean): Worksheet {
  const views = frozenHeader ? [{ state: 'frozen' as const, xSplit: 0, ySplit: HEADER_ROW }] : [];
  const ws = wb.addWorksheet(name, { views });
  ws.columns = widths.map((width) => ({ width }));
  return ws;
}

function summarySheet(wb: Workbook, data: ReportData, lang: Lang): void {
  const ws = addSheet(wb, WORDS[lang].sheets.summary, [50, 60], false);
  addTitle(ws, WORDS[lang].title);
  for (const [name, value] of summaryRows(data, lang)) ws.addRow([name, value]).getCell(1).font = BOLD;
  ws.commit();
}

function statisticsSheet(wb: Workbook, data: ReportData, lang: Lang): void {
  const w = WORDS[lang];
  const ws = addSheet(wb, w.sheets.statistics, [80, 14, ...VOTER_CATEGORIES.map(() => 14)], true);
  addTitle(ws, w.statistics);
  addHeader(ws, [w.category, w.records]);
  for (const row of statisticsRows(data, lang)) {
    const added = ws.addRow([row.label, row.records]);
    if (row.category) added.font = BOLD;
    else added.getCell(1).alignment = { indent: 2 };
  }
  ws.addRow([]);
  addTitle(ws, w.perStation);
  addHeader(ws, [w.station, w.voters, ...VOTER_CATEGORIES.map(w.categoryColumn)]);
  const stations = stationRows(data.perStation);
  for (const row of stations) ws.addRow([row.station, ...stationCells(row)]);
  ws.addRow([w.total, ...stationTotals(stations)]).font = BOLD;
  ws.commit();
}

function actSheet(wb: Workbook, data: ReportData, lang: Lang): void {
  const w = WORDS[lang];
  const ws = addSheet(wb, w.sheets.act, [55, 12, 80], true);
  addTitle(ws, w.act);
  addHeader(ws, [w.finding, w.station, w.evidence]);
  const findings = stationFindings(data);
  for (const d of findings) ws.addRow(actRow(d, lang));
  if (!findings.length) ws.addRow([w.noFindings]);
  ws.addRow([]);
  ws.addRow([w.newStations, numberList(data.result.newStations, lang)]).getCell(1).font = BOLD;
  ws.addRow([w.abolishedStations, numberList(data.result.abolishedStations, lang)]).getCell(1).font = BOLD;
  ws.commit();
}

function listSheet(wb: Workbook, data: ReportData, lang: Lang): void {
  const ws = addSheet(wb, WORDS[lang].sheets.list, [10, 45, 10, 15, 20, 18, 22, 10, 60, 38], true);
  addTitle(ws, WORDS[lang].list);
  const header = addHeader(ws, listHeader(lang));
  // Each row goes out to the zip as it is made, plain (no per-cell styles): 100,000 rows held as
  // exceljs cells took some 1.5 GB.
  for (const d of data.discrepancies) ws.addRow(listRow(d, lang)).commit();
  ws.autoFilter = { from: { row: header, column: 1 }, to: { row: header + data.discrepancies.length, column: 10 } };
  ws.commit();
}

/** A stream that keeps what is written to it, for the workbook writer to zip into. */
function bufferSink(): { sink: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

/**
 * The report as an XLSX workbook: one worksheet per section. Written with exceljs's streaming
 * writer, each sheet committed in turn, so memory holds the compressed file rather than every cell.
 */
export async function reportXlsx(data: ReportData, lang: Lang): Promise<Buffer> {
  // The workbook's own dates are the report's, not the clock's.
  const created = instant(data.generatedAt);
  const { sink, bytes } = bufferSink();
  const wb = new excelStream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  wb.created = wb.modified = created;
  wb.title = WORDS[lang].title;
  summarySheet(wb, data, lang);
  statisticsSheet(wb, data, lang);
  actSheet(wb, data, lang);
  listSheet(wb, data, lang);
  await wb.commit();
  return bytes();
}

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

type Doc = PDFKit.PDFDocument;

/** DejaVu Sans is embedded (libs/pdf/dejavu.ts): the standard PDF fonts have no Kazakh letters. */
const REGULAR = DEJAVU.regular;
const BOLD_FONT = DEJAVU.bold;
const MARGIN = { top: 30, bottom: 42, left: 30, right: 30 };
const TABLE_SIZE = 7;
const CELL_PAD = 2;
/** A cell wraps to at most this many lines: a runaway evidence text may not push a row off the page. */
const MAX_CELL_LINES = 6;

interface Column {
  header: string;
  width: number;
  min?: number;
  align?: 'left' | 'right';
}

interface PdfRow {
  cells: (string | number | null)[];
  bold?: boolean;
  /** Points to indent the first cell by. */
  indent?: number;
}

/** Page state: the number goes into each page's footer as the page is opened. */
interface Pages {
  doc: Doc;
  count: number;
  lang: Lang;
  footer: string;
}

const bottom = (doc: Doc): number => doc.page.height - MARGIN.bottom;
const contentWidth = (doc: Doc): number => doc.page.width - MARGIN.left - MARGIN.right;

/**
 * pdfkit caches the glyph layout of every word it has set, for the document's life: with 100,000
 * rows of distinct IINs, Cods and ids that took some 1.5 GB, and turning the cache off made the
 * document six times slower. Emptying it at each page keeps both in bounds. The cache is pdfkit's
 * own field (the version is pinned); were it renamed, this does nothing and only memory grows.
 */
function forgetLayouts(doc: Doc): void {
  const fonts = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: Record<string, unknown> }> })
    ._fontFamilies;
  for (const font of Object.values(fonts ?? {})) {
    if (font.layoutCache) font.layoutCache = Object.create(null) as Record<string, unknown>;
  }
}

function newPage(p: Pages): void {
  forgetLayouts(p.doc);
  p.doc.addPage();
  p.count += 1;
  const { doc } = p;
  const y = doc.page.height - MARGIN.bottom + 14;
  // lineBreak: false keeps pdfkit from wrapping (and so from opening a page) below the margin.
  doc.font(REGULAR).fontSize(7).fillColor('#555555');
  doc.text(p.footer, MARGIN.left, y, { lineBreak: false });
  const number = WORDS[p.lang].page(p.count);
  doc.text(number, doc.page.width - MARGIN.right - doc.widthOfString(number), y, { lineBreak: false });
  doc.fillColor('black');
  doc.x = MARGIN.left;
  doc.y = MARGIN.top;
}

/** Opens a new page unless `height` points still fit on this one. */
function ensureSpace(p: Pages, height: number): void {
  if (p.doc.y + height > bottom(p.doc)) newPage(p);
}

function heading(p: Pages, title: string, size = 12): void {
  const { doc } = p;
  doc.font(BOLD_FONT).fontSize(size);
  // A heading keeps at least its table's header and a couple of rows with it.
  ensureSpace(p, doc.currentLineHeight(true) + 40);
  doc.font(BOLD_FONT).fontSize(size); // a new page's footer changed the font
  doc.text(title, MARGIN.left, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.4);
}

/** The height of a cell: one line when it fits (cheap), else as wrapped by pdfkit, capped. */
function cellHeight(doc: Doc, value: string, width: number): number {
  const line = doc.currentLineHeight(true);
  if (!value || doc.widthOfString(value) <= width) return line;
  return Math.min(doc.heightOfString(value, { width }), line * MAX_CELL_LINES);
}

function drawRow(doc: Doc, columns: Column[], row: PdfRow, y: number, height: number): void {
  let x = MARGIN.left;
  columns.forEach((col, i) => {
    const value = String(row.cells[i] ?? '');
    const indent = i === 0 ? (row.indent ?? 0) : 0;
    const width = col.width - 2 * CELL_PAD - indent;
    if (value) {
      doc.text(value, x + CELL_PAD + indent, y + CELL_PAD, {
        width,
        height,
        align: col.align ?? 'left',
        ellipsis: true,
        lineGap: 0,
      });
    }
    x += col.width;
  });
  const tableWidth = columns.reduce((sum, c) => sum + c.width, 0);
  doc
    .moveTo(MARGIN.left, y + height + 2 * CELL_PAD)
    .lineTo(MARGIN.left + tableWidth, y + height + 2 * CELL_PAD)
    .lineWidth(0.3)
    .strokeColor('#999999')
    .stroke();
}

function rowHeight(doc: Doc, columns: Column[], row: PdfRow): number {
  let height = 0;
  columns.forEach((col, i) => {
    const indent = i === 0 ? (row.indent ?? 0) : 0;
    height = Math.max(height, cellHeight(doc, String(row.cells[i] ?? ''), col.width - 2 * CELL_PAD - indent));
  });
  return height;
}

/** Draws one row of `height` (from rowHeight, with the font already set) at the current y. */
function drawTableRow(doc: Doc, columns: Column[], row: PdfRow, height: number): void {
  const y = doc.y;
  drawRow(doc, columns, row, y, height);
  doc.x = MARGIN.left;
  doc.y = y + height + 2 * CELL_PAD;
}

/**
 * A table of plain text columns. Rows come one at a time (a generator for the long list), and the
 * header is drawn again at the top of every page the table runs onto.
 */
function table(p: Pages, given: Column[], rows: Iterable<PdfRow>): void {
  const { doc } = p;
  const columns = fitColumns(doc, given, BOLD_FONT, TABLE_SIZE, CELL_PAD);
  const header: PdfRow = { cells: columns.map((c) => c.header), bold: true };
  doc.font(BOLD_FONT).fontSize(TABLE_SIZE);
  const headerHeight = rowHeight(doc, columns, header);
  const drawHeader = (): void => {
    doc.font(BOLD_FONT).fontSize(TABLE_SIZE);
    drawTableRow(doc, columns, header, headerHeight);
  };
  drawHeader();
  for (const row of rows) {
    doc.font(row.bold ? BOLD_FONT : REGULAR).fontSize(TABLE_SIZE);
    const height = rowHeight(doc, columns, row);
    if (doc.y + height + 2 * CELL_PAD > bottom(doc)) {
      newPage(p);
      drawHeader();
      doc.font(row.bold ? BOLD_FONT : REGULAR).fontSize(TABLE_SIZE);
    }
    drawTableRow(doc, columns, row, height);
  }
  doc.moveDown(1);
}

function titleBlock(p: Pages, data: ReportData): void {
  const { doc } = p;
  heading(p, WORDS[p.lang].title, 15);
  doc.moveDown(0.3);
  for (const [name, value] of summaryRows(data, p.lang)) {
    doc.font(BOLD_FONT).fontSize(9).text(`${name}: `, MARGIN.left, doc.y, { continued: true });
    doc.font(REGULAR).text(String(value));
  }
  doc.moveDown(1);
}

function statisticsSection(p: Pages, data: ReportData): void {
  const w = WORDS[p.lang];
  heading(p, w.statistics);
  const rows = statisticsRows(data, p.lang).map((r): PdfRow => ({
    cells: [r.label, r.records],
    bold: r.category,
    indent: r.category ? 0 : 14,
  }));
  table(
    p,
    [
      { header: w.category, width: 640 },
      { header: w.records, width: 110, align: 'right' },
    ],
    rows,
  );

  heading(p, w.perStation);
  const stations = stationRows(data.perStation);
  const columns: Column[] = [
    { header: w.station, width: 70 },
    { header: w.voters, width: 70, align: 'right' },
    ...VOTER_CATEGORIES.map((c): Column => ({ header: w.categoryColumn(c), width: 60, align: 'right' })),
  ];
  const body = stations.map((s): PdfRow => ({ cells: [s.station, ...stationCells(s)] }));
  table(p, columns, [...body, { cells: [w.total, ...stationTotals(stations)], bold: true }]);
}

function actSection(p: Pages, data: ReportData): void {
  const { doc } = p;
  const w = WORDS[p.lang];
  heading(p, w.act);
  const findings = stationFindings(data);
  if (findings.length) {
    const columns: Column[] = [
      { header: w.finding, width: 250 },
      { header: w.station, width: 70 },
      { header: w.evidence, width: contentWidth(doc) - 320 },
    ];
    table(
      p,
      columns,
      findings.map((d) => ({ cells: actRow(d, p.lang) })),
    );
  } else {
    doc.font(REGULAR).fontSize(9).text(w.noFindings, MARGIN.left, doc.y);
    doc.moveDown(1);
  }
  for (const [name, numbers] of [
    [w.newStations, data.result.newStations],
    [w.abolishedStations, data.result.abolishedStations],
  ] as const) {
    ensureSpace(p, 40);
    doc
      .font(BOLD_FONT)
      .fontSize(9)
      .text(`${name}: `, MARGIN.left, doc.y, { continued: true, width: contentWidth(doc) });
    doc.font(REGULAR).text(numberList(numbers, p.lang));
  }
}

function* discrepancyRows(data: ReportData, lang: Lang): Generator<PdfRow> {
  for (const d of data.discrepancies) yield { cells: listRow(d, lang) };
}

function listSection(p: Pages, data: ReportData): void {
  const widths = [30, 115, 42, 64, 72, 62, 76, 40, 174, 107];
  const columns = listHeader(p.lang).map((header, i): Column => ({
    header,
    width: widths[i],
    align: i === 0 || i === 2 ? 'right' : 'left',
  }));
  heading(p, WORDS[p.lang].list);
  table(p, columns, discrepancyRows(data, p.lang));
}

/** The report as a PDF: A4 landscape, DejaVu Sans embedded, page numbers in the footer. */
export async function reportPdf(data: ReportData, lang: Lang): Promise<Buffer> {
  const w = WORDS[lang];
  const generated = almatyTime(data.generatedAt);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: MARGIN,
    autoFirstPage: false,
    // CreationDate also seeds the file id: with it fixed, the same data gives the same bytes.
    info: { Title: w.title, Producer: 'Tizim', Creator: 'Tizim', CreationDate: instant(data.generatedAt) },
  });
  const done = pdfBytes(doc);
  registerDejaVu(doc);
  const p: Pages = {
    doc,
    count: 0,
    lang,
    footer: `${w.title} — ${data.districtName[lang]}, ${data.result.period} — ${generated}`,
  };

  newPage(p);
  titleBlock(p, data);
  statisticsSection(p, data);
  newPage(p);
  actSection(p, data);
  newPage(p);
  listSection(p, data);
  doc.end();
  return done;
}
