/** The territorial commission's voting-day escalations: applications passed to it, by station, open how long. */
import { defineWords } from './define';

export const votingDayEscalationsWords = defineWords(
  {
    nav: 'Переданные обращения',
    title: 'Обращения, переданные в территориальную комиссию',
    intro:
      'Обращения дня голосования, которые участковая комиссия не решила вовремя: решает территориальная избирательная комиссия.',
    showAll: 'Показать и закрытые',
    colStation: 'Избирательный участок',
    colApplication: 'Обращение',
    colReason: 'Почему передано',
    colRaised: 'Передано',
    colOpen: 'Сколько открыто',
    decide: 'Рассмотреть',
    deciding: (n: number) => `Обращение № ${n}: решение территориальной комиссии`,
    closed: (at: string) => `закрыто ${at}`,
    openFor: (span: string) => `открыто уже ${span}`,
    lessThanMinute: 'меньше минуты',
    hourForms: { one: 'час', few: 'часа', many: 'часов', other: 'часа' } as Record<string, string>,
    minuteForms: { one: 'минута', few: 'минуты', many: 'минут', other: 'минуты' } as Record<string, string>,
    none: 'Переданных обращений нет.',
    total: (n: string) => `Открытых: ${n}`,
    applicationForms: { one: 'обращение', few: 'обращения', many: 'обращений', other: 'обращения' } as Record<
      string,
      string
    >,
  },
  {
    nav: 'Берілген өтініштер',
    title: 'Аумақтық комиссияға берілген өтініштер',
    intro:
      'Учаскелік комиссия уақытында шешпеген дауыс беру күнгі өтініштер: оларды аумақтық сайлау комиссиясы шешеді.',
    showAll: 'Жабылғандарын да көрсету',
    colStation: 'Сайлау учаскесі',
    colApplication: 'Өтініш',
    colReason: 'Неге берілді',
    colRaised: 'Берілді',
    colOpen: 'Қанша уақыт ашық',
    decide: 'Қарау',
    deciding: (n: number) => `№ ${n} өтініш: аумақтық комиссияның шешімі`,
    closed: (at: string) => `${at} жабылды`,
    openFor: (span: string) => `${span} бойы ашық`,
    lessThanMinute: 'бір минуттан аз',
    hourForms: { other: 'сағат' },
    minuteForms: { other: 'минут' },
    none: 'Берілген өтініштер жоқ.',
    total: (n: string) => `Ашық: ${n}`,
    applicationForms: { other: 'өтініш' },
  },
);
