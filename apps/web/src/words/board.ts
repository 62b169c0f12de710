/**
 * The board's own words (issue 22, part 4): the ranking, the chart of the regions against the CEC
 * deadline, the slack in words, the timeline's scroll region and its key. The sentence per region
 * comes from the API in both languages (libs/board/urgency.ts); the state words from step-states.ts.
 */
import { defineWords } from './define';

export const boardWords = defineWords(
  {
    rank: '№',
    whatFirst: 'Что делать в первую очередь',
    regionsTable: 'Регионы по срочности',
    chartTitle: 'Где заканчивается цепочка сроков каждого региона относительно срока ЦИК',
    chartCec: 'срок ЦИК {date}',
    chartLate: '{date}: на {n} позже срока ЦИК',
    chartSpare: '{date}: запас {n}',
    chartSubmitted: '{date}: представлено в ЦИК',
    toCec: '{n} до {date}',
    projectedLate: 'по прогнозу опоздание на {n}',
    projectedSpare: 'по прогнозу запас {n}',
    deadlinePassed: 'срок ЦИК прошёл',
    shortenTo: 'сократить до {n}',
    timelineScroll: 'Календарь сроков региона «{region}» (прокручивается по горизонтали)',
    tableScroll: 'Таблица сроков по регионам (прокручивается по горизонтали)',
    stateKey: 'Состояние срока',
    lane: 'Регион или район',
  },
  {
    rank: '№',
    whatFirst: 'Алдымен не істеу керек',
    regionsTable: 'Шұғылдығы бойынша өңірлер',
    chartTitle: 'Әр өңірдің мерзімдер тізбегі ОСК мерзіміне қатысты қайда аяқталады',
    chartCec: 'ОСК мерзімі {date}',
    chartLate: '{date}: ОСК мерзімінен {n} кеш',
    chartSpare: '{date}: {n} қор',
    chartSubmitted: '{date}: ОСК-ға ұсынылды',
    toCec: '{date} дейін {n}',
    projectedLate: 'болжам бойынша {n} кеш',
    projectedSpare: 'болжам бойынша {n} қор',
    deadlinePassed: 'ОСК мерзімі өтті',
    shortenTo: 'қысқарту: {n}',
    timelineScroll: '«{region}» өңірінің мерзімдер күнтізбесі (көлденеңінен айналады)',
    tableScroll: 'Өңірлер бойынша мерзімдер кестесі (көлденеңінен айналады)',
    stateKey: 'Мерзімнің күйі',
    lane: 'Өңір немесе аудан',
  },
);
