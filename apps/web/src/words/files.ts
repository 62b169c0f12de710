/** The files screen's own words (the rest are in i18n.ts). */
import { defineWords } from './define';

export const FILES_WORDS = defineWords(
  {
    /** Row 0 of a rejection report is the file's header line, not a record. */
    header: 'Заголовок',
    discrepancyForms: { one: 'расхождение', few: 'расхождения', many: 'расхождений', other: 'расхождения' } as Record<
      string,
      string
    >,
  },
  {
    header: 'Тақырып жолы',
    discrepancyForms: { one: 'сәйкессіздік', other: 'сәйкессіздік' },
  },
);
