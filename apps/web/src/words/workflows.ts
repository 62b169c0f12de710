/** The workflows screen's own words (the rest are in i18n.ts). */
import { defineWords } from './define';

export const WORKFLOW_WORDS = defineWords(
  {
    workflow: 'Процесс',
    country: 'вся республика',
    openInEngine: 'Открыть в консоли процессов (для администратора)',
    startedBy: 'запустил(а)',
    startedByParent: 'запущен процессом верхнего уровня',
    startedBySchedule: 'запущен по расписанию',
  },
  {
    workflow: 'Процесс',
    country: 'бүкіл республика',
    openInEngine: 'Процестер консолінде ашу (әкімші үшін)',
    startedBy: 'іске қосты',
    startedByParent: 'жоғары деңгейдегі процесс іске қосты',
    startedBySchedule: 'кесте бойынша іске қосылды',
  },
);
