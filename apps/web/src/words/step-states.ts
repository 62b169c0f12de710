/**
 * The words for the state of a step's deadline: one source for the board (each cell, the
 * timeline's key) and the tasks screen (each task's badge), so the same step is called the same
 * on both (issue 22, part 4). A state is said by the step's own deadline; whether the whole chain
 * reaches the CEC in time is the board's sentence per region, not every cell's colour.
 *
 * `mark` is the sign drawn beside a step's letter on the timeline, so a state is never a colour alone.
 */
import { defineWords } from './define';

export const STEP_STATE_KEYS = ['overdue', 'soon', 'due', 'upcoming', 'met-late', 'met', 'not-needed'] as const;

export const stepStateWords = defineWords(
  {
    states: {
      overdue: 'просрочено',
      soon: 'скоро срок',
      due: 'в срок',
      upcoming: 'предстоит',
      'met-late': 'выполнено с опозданием',
      met: 'выполнено',
      'not-needed': 'не требуется',
      'at-risk': 'под угрозой',
    } as Record<string, string>,
    chainAtRisk: 'цепочка сроков не успевает к сроку ЦИК',
  },
  {
    states: {
      overdue: 'мерзімі өтті',
      soon: 'мерзімі жақын',
      due: 'мерзімінде',
      upcoming: 'алда',
      'met-late': 'кешігіп орындалды',
      met: 'орындалды',
      'not-needed': 'қажет емес',
      'at-risk': 'қауіп төнді',
    },
    chainAtRisk: 'мерзімдер тізбегі ОСК мерзіміне үлгермейді',
  },
);

/** The sign of each state on the timeline (the key in the legend says it in words). */
export const STATE_MARKS: Record<string, string> = {
  overdue: '!',
  soon: '•',
  due: '•',
  upcoming: '○',
  'met-late': '✓!',
  met: '✓',
  'not-needed': '–',
  'at-risk': '!',
};

/** A task's `due` from the tasks API (open, soon, overdue; null once done) as a step state. */
export const taskDueState = (due: string): string => (due === 'open' ? 'due' : due);
