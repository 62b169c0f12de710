/** The precinct's supplementary list of the voting day (personal data: each read audited), to print. */
import { defineWords } from './define';

export const supplementaryListWords = defineWords(
  {
    nav: 'Дополнительный список',
    title: 'Дополнительный список избирателей',
    station: 'Избирательный участок',
    chooseStation: '— выберите участок —',
    reason: 'Зачем вы открываете список (сохраняется в журнале аудита)',
    show: 'Показать список',
    print: 'Печать',
    auditNote: 'Каждое открытие списка записывается в журнал аудита.',
    heading: (station: string, day: string) => `Дополнительный список избирателей участка ${station}. ${day}`,
    colPosition: '№ п/п',
    colName: 'Фамилия, имя, отчество',
    colBirth: 'Дата рождения',
    colIin: 'ИИН',
    colAdded: 'Включён',
    empty: 'В дополнительный список пока никто не включён.',
    total: (n: string) => `Всего: ${n}`,
    voterForms: { one: 'избиратель', few: 'избирателя', many: 'избирателей', other: 'избирателя' } as Record<
      string,
      string
    >,
    errors: {
      station: 'Выберите избирательный участок.',
      reason: 'Укажите причину: от 3 до 300 символов.',
    },
  },
  {
    nav: 'Қосымша тізім',
    title: 'Сайлаушылардың қосымша тізімі',
    station: 'Сайлау учаскесі',
    chooseStation: '— учаскені таңдаңыз —',
    reason: 'Тізімді не үшін ашасыз (аудит журналында сақталады)',
    show: 'Тізімді көрсету',
    print: 'Басып шығару',
    auditNote: 'Тізімнің әр ашылуы аудит журналына жазылады.',
    heading: (station: string, day: string) => `${station} учаскесі сайлаушыларының қосымша тізімі. ${day}`,
    colPosition: 'Р/с №',
    colName: 'Тегі, аты, әкесінің аты',
    colBirth: 'Туған күні',
    colIin: 'ЖСН',
    colAdded: 'Енгізілді',
    empty: 'Қосымша тізімге әзірге ешкім енгізілмеген.',
    total: (n: string) => `Барлығы: ${n}`,
    voterForms: { other: 'сайлаушы' },
    errors: {
      station: 'Сайлау учаскесін таңдаңыз.',
      reason: 'Себебін көрсетіңіз: 3-тен 300 таңбаға дейін.',
    },
  },
);
