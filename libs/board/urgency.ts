/**
 * What the board says to do first (issue 22, part 4): the regions ranked by urgency and one
 * sentence per region, in Russian and Kazakh, that a coordinator can act on.
 *
 * Ranking, most urgent first:
 *   1. the projected miss of the CEC deadline (fewest working days to spare, a miss being negative);
 *   2. overdue steps (districts with a step past its own deadline, the region's own submission);
 *   3. open escalations by the highest rung reached, then by how many;
 *   4. the region's name (Russian collation), so equal regions read alphabetically.
 *
 * The sentence comes from the same calendar the projection does: where the chain of deadlines
 * ends (the CEC deadline moved by the working days the projection misses or spares), how far
 * from 15 January / 15 July, and, for a miss, which steps still ahead of the tightest district
 * have to take fewer working days than the Rules allow for the chain to fit (the earliest
 * steps first, each kept at one working day at least). Pure: the board rows and the calendar
 * come in as data.
 */
import { CYCLE_RULES, localDateTimeOf, type LocalDate, type WorkingCalendar } from '../calendar';
import { CYCLE_ROLES, type CycleRole } from '../contracts/cycle';
import type { BoardStepState, DistrictBoardRow, RegionBoardRow } from './board';

export type ShortenableStep = 'reconciliation' | 'reply' | 'correction';
const SHORTENABLE: readonly ShortenableStep[] = ['reconciliation', 'reply', 'correction'];

export interface Shortening {
  step: ShortenableStep;
  /** Working days the step may take for the chain to fit. */
  days: number;
  /** Working days the Rules allow it. */
  instead: number;
}

export interface RegionUrgency {
  /** 1 for the most urgent region of the board. */
  rank: number;
  /** The day the chain of deadlines ends (the projected submission to the CEC), or the day it was made. */
  chainEnds: LocalDate;
  /** The CEC deadline's working day (15 January / 15 July, moved off a day off). */
  cecDeadline: LocalDate;
  /** Working days the projection misses the CEC deadline by (0 when it fits). */
  missesByWorkingDays: number;
  /** Working days to spare at the CEC deadline (0 when it misses). */
  spareWorkingDays: number;
  /** Steps past their own deadline: how many districts (1 for the region's own step) and the latest such deadline. */
  overdue: { step: string; districts: number; deadline: LocalDate }[];
  escalations: { open: number; highestLevel: CycleRole | null };
  /** For a miss: the steps to take fewer days than allowed, earliest first. */
  shorten: Shortening[];
  /** The miss is more than shortening every step ahead to one working day can make up. */
  cannotFit: boolean;
  /** The day the region submitted to the CEC, when it did; late when after the deadline. */
  submitted: { day: LocalDate; late: boolean } | null;
}

const dayOfIso = (iso: string): LocalDate => localDateTimeOf(iso).date;

/** The facts of one region's sentence (its rank is set by rankRegions). */
export function regionUrgency(
  calendar: WorkingCalendar,
  row: RegionBoardRow,
  districts: DistrictBoardRow[],
): Omit<RegionUrgency, 'rank'> {
  const cecDeadline = dayOfIso(row.cecDeadline);
  const slack = row.projectedSlackWorkingDays;
  const cec = row.steps.find((s) => s.step === 'cecSubmission');
  const submitted =
    cec?.completedAt != null ? { day: dayOfIso(cec.completedAt), late: cec.state === 'met-late' } : null;
  const chainEnds = submitted?.day ?? calendar.addWorkingDays(cecDeadline, -slack);
  const missesBy = row.atRisk ? Math.max(1, -slack) : 0;

  const overdue = row.steps
    .filter((s) => s.state === 'overdue' && s.deadline !== null)
    .map((s) => ({
      step: s.step,
      districts: s.districts === null ? 1 : s.overdue,
      deadline: dayOfIso(s.deadline!),
    }));

  // The tightest district still under way decides the chain: its steps ahead are the ones to shorten.
  const shorten: Shortening[] = [];
  let left = submitted ? 0 : missesBy;
  if (left > 0) {
    const tightest = districts
      .filter((d) => d.projection !== null)
      .reduce<DistrictBoardRow | undefined>(
        (a, b) => (!a || b.projection!.slackWorkingDays < a.projection!.slackWorkingDays ? b : a),
        undefined,
      );
    const ahead = SHORTENABLE.filter((step) => {
      const cell = tightest?.steps.find((s) => s.step === step);
      return tightest === undefined || (cell !== undefined && cell.completedAt === null && cell.state !== 'not-needed');
    });
    for (const step of ahead) {
      const rule = CYCLE_RULES[step];
      const allowed = 'workingDays' in rule ? rule.workingDays : 0;
      const cut = Math.min(allowed - 1, left);
      if (cut <= 0) continue;
      shorten.push({ step, days: allowed - cut, instead: allowed });
      left -= cut;
    }
  }

  return {
    chainEnds,
    cecDeadline,
    missesByWorkingDays: submitted ? (submitted.late ? missesBy : 0) : missesBy,
    spareWorkingDays: row.atRisk ? 0 : Math.max(0, slack),
    overdue,
    escalations: row.escalations,
    shorten,
    cannotFit: left > 0,
    submitted,
  };
}

/** Most urgent first (see the module comment); each row gets its rank. */
export function rankRegions<
  T extends { regionCode: string; nameRu?: string; urgency: Omit<RegionUrgency, 'rank'> & { rank?: number } },
>(rows: T[]): (T & { urgency: RegionUrgency })[] {
  const overdueOf = (u: Omit<RegionUrgency, 'rank'>) => u.overdue.reduce((n, o) => n + o.districts, 0);
  const levelOf = (u: Omit<RegionUrgency, 'rank'>) =>
    u.escalations.highestLevel === null ? -1 : CYCLE_ROLES.indexOf(u.escalations.highestLevel);
  // A region that submitted is settled: it goes after every region still under way.
  const settled = (u: Omit<RegionUrgency, 'rank'>) => (u.submitted ? 1 : 0);
  const spare = (u: Omit<RegionUrgency, 'rank'>) =>
    u.missesByWorkingDays > 0 ? -u.missesByWorkingDays : u.spareWorkingDays;
  const sorted = [...rows].sort(
    (a, b) =>
      settled(a.urgency) - settled(b.urgency) ||
      spare(a.urgency) - spare(b.urgency) ||
      overdueOf(b.urgency) - overdueOf(a.urgency) ||
      levelOf(b.urgency) - levelOf(a.urgency) ||
      b.urgency.escalations.open - a.urgency.escalations.open ||
      (a.nameRu ?? a.regionCode).localeCompare(b.nameRu ?? b.regionCode, 'ru') ||
      a.regionCode.localeCompare(b.regionCode),
  );
  return sorted.map((r, i) => ({ ...r, urgency: { ...r.urgency, rank: i + 1 } }));
}

export type SentenceLang = 'ru' | 'kk';

const ddmm = (day: LocalDate) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;
const ruWorkingDays = (n: number) => {
  const form = new Intl.PluralRules('ru-RU').select(n);
  return `${n} ${form === 'one' ? 'рабочий день' : form === 'few' ? 'рабочих дня' : 'рабочих дней'}`;
};
const ruDistricts = (n: number) => {
  const form = new Intl.PluralRules('ru-RU').select(n);
  return `${n} ${form === 'one' ? 'районе' : 'районах'}`;
};
const capitalised = (s: string) => s.charAt(0).toLocaleUpperCase('ru') + s.slice(1);

/** The steps as a sentence names them (Russian nominative for "просрочено: …", the Kazakh one likewise). */
const STEP_NAMES: Record<SentenceLang, Record<string, string>> = {
  ru: {
    submission: 'представление сведений',
    reconciliation: 'сверка',
    reply: 'ответ комиссии',
    correction: 'исправления',
    cecSubmission: 'представление в ЦИК',
  },
  kk: {
    submission: 'мәліметтерді ұсыну',
    reconciliation: 'салыстыру',
    reply: 'комиссияның жауабы',
    correction: 'түзетулер',
    cecSubmission: 'ОСК-ға ұсыну',
  },
};

const SHORTEN_WORDS: Record<SentenceLang, Record<ShortenableStep, (days: string, instead: number) => string>> = {
  ru: {
    reconciliation: (days, instead) => `сверку нужно завершить за ${days} вместо ${instead}`,
    reply: (days, instead) => `ответ комиссии нужно отправить за ${days} вместо ${instead}`,
    correction: (days, instead) => `исправления нужно внести за ${days} вместо ${instead}`,
  },
  kk: {
    reconciliation: (days, instead) => `салыстыруды ${instead} күннің орнына ${days} ішінде аяқтау керек`,
    reply: (days, instead) => `комиссияның жауабын ${instead} күннің орнына ${days} ішінде жіберу керек`,
    correction: (days, instead) => `түзетулерді ${instead} күннің орнына ${days} ішінде енгізу керек`,
  },
};

/** One sentence a coordinator acts on, in Russian or Kazakh. */
export function urgencySentence(u: Omit<RegionUrgency, 'rank'>, lang: SentenceLang): string {
  const ru = lang === 'ru';
  const days = (n: number) => (ru ? ruWorkingDays(n) : `${n} жұмыс күні`);
  const parts: string[] = [];
  if (u.submitted) {
    parts.push(
      ru
        ? `сведения представлены в ЦИК ${ddmm(u.submitted.day)}${u.submitted.late ? `, на ${days(u.missesByWorkingDays)} позже ${ddmm(u.cecDeadline)}` : ''}`
        : `мәліметтер ОСК-ға ${ddmm(u.submitted.day)} ұсынылды${u.submitted.late ? `, ${ddmm(u.cecDeadline)} күнінен ${days(u.missesByWorkingDays)} кеш` : ''}`,
    );
    return `${capitalised(parts.join('; '))}.`;
  }
  for (const o of u.overdue)
    parts.push(
      ru
        ? `просрочено: ${STEP_NAMES.ru[o.step]}${o.step === 'cecSubmission' ? '' : ` в ${ruDistricts(o.districts)}`} (срок ${ddmm(o.deadline)})`
        : `мерзімі өтті: ${STEP_NAMES.kk[o.step]}${o.step === 'cecSubmission' ? '' : ` — ${o.districts} ауданда`} (мерзімі ${ddmm(o.deadline)})`,
    );
  if (u.missesByWorkingDays > 0) {
    const fix = u.shorten.map((s) => SHORTEN_WORDS[lang][s.step](days(s.days), s.instead));
    const tail = u.cannotFit
      ? ru
        ? `${fix.length ? `даже если ${fix.join(' и ').replace(/нужно /g, '')}, не успеть: нужно решение ЦИК` : 'сократить нечего: нужно решение ЦИК'}`
        : `${fix.length ? `${fix.join(', ')}, бірақ бұл да жеткіліксіз: ОСК шешімі керек` : 'қысқартатын ештеңе жоқ: ОСК шешімі керек'}`
      : fix.join(ru ? ' и ' : ', ');
    parts.push(
      ru
        ? `цепочка сроков заканчивается ${ddmm(u.chainEnds)}, на ${days(u.missesByWorkingDays)} позже ${ddmm(u.cecDeadline)}: ${tail}`
        : `мерзімдер тізбегі ${ddmm(u.chainEnds)} аяқталады, ${ddmm(u.cecDeadline)} күнінен ${days(u.missesByWorkingDays)} кеш: ${tail}`,
    );
  } else {
    parts.push(
      ru
        ? `цепочка сроков заканчивается ${ddmm(u.chainEnds)}, запас ${days(u.spareWorkingDays)} до ${ddmm(u.cecDeadline)}`
        : `мерзімдер тізбегі ${ddmm(u.chainEnds)} аяқталады, ${ddmm(u.cecDeadline)} дейін ${days(u.spareWorkingDays)} қор бар`,
    );
  }
  return `${capitalised(parts.join('; '))}.`;
}

/** A state of a step by its own deadline only: the chain's risk is the region's sentence, not every cell's colour. */
export function deadlineStateOf(state: BoardStepState, current: boolean): BoardStepState {
  return state === 'at-risk' ? (current ? 'due' : 'upcoming') : state;
}
