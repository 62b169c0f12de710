/** What the console says when a form is sent with a field missing or mistyped (forms have noValidate). */
import { defineWords } from './define';

export const FORM_WORDS = defineWords(
  {
    fillIn: 'Заполните:',
    check: 'Проверьте, как записано:',
    field: 'поле',
  },
  {
    fillIn: 'Толтырыңыз:',
    check: 'Қалай жазылғанын тексеріңіз:',
    field: 'өріс',
  },
);
