/** The security incidents screen: suspected unlawful access to personal data, and its report to the authority. */
import { defineWords } from './define';

export const INCIDENTS_WORDS = defineWords(
  {
    nav: 'Инциденты безопасности',
    title: 'Инциденты безопасности персональных данных',
    intro:
      'Должностное лицо просмотрело персональные данные заявителей больше допустимого за короткое время. О каждом инциденте сообщается в уполномоченный орган по защите персональных данных.',
    detected: 'Обнаружен',
    official: 'Должностное лицо',
    place: 'Территория',
    what: 'Что произошло',
    kinds: {
      'excessive-personal-data-reads': 'просмотров персональных данных: {count} за {minutes} мин. (допустимо {limit})',
    } as Record<string, string>,
    otherKind: 'просмотров персональных данных: {count}',
    window: 'с {from}',
    reported: 'Сообщено в уполномоченный орган',
    notReported: 'не сообщено',
    reportedAt: '{at}, {name}',
    markReported: 'Отметить: сообщено в уполномоченный орган',
    markedReported: 'Отмечено: об инциденте с «{name}» сообщено в уполномоченный орган.',
    none: 'Инцидентов нет.',
  },
  {
    nav: 'Қауіпсіздік оқиғалары',
    title: 'Дербес деректер қауіпсіздігінің оқиғалары',
    intro:
      'Лауазымды тұлға қысқа уақыт ішінде өтініш берушілердің дербес деректерін рұқсат етілгеннен көп қарады. Әр оқиға туралы дербес деректерді қорғау жөніндегі уәкілетті органға хабарланады.',
    detected: 'Анықталды',
    official: 'Лауазымды тұлға',
    place: 'Аумағы',
    what: 'Не болды',
    kinds: {
      'excessive-personal-data-reads':
        'дербес деректерді қарау: {minutes} мин. ішінде {count} (рұқсат етілгені {limit})',
    } as Record<string, string>,
    otherKind: 'дербес деректерді қарау: {count}',
    window: '{from} бастап',
    reported: 'Уәкілетті органға хабарланды',
    notReported: 'хабарланбаған',
    reportedAt: '{at}, {name}',
    markReported: 'Белгілеу: уәкілетті органға хабарланды',
    markedReported: 'Белгіленді: «{name}» оқиғасы туралы уәкілетті органға хабарланды.',
    none: 'Оқиғалар жоқ.',
  },
);
