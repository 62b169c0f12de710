/** The e-gov deliveries screen (admins): messages to citizens' e-gov cabinets that failed for good, sent again. */
import { defineWords } from './define';

export const DELIVERIES_WORDS = defineWords(
  {
    nav: 'Доставка гражданам',
    title: 'Сообщения гражданам в личный кабинет портала электронного правительства',
    intro:
      'Сообщение, которое не удалось доставить после всех попыток, остаётся здесь, пока его не отправят снова. Содержание сообщения и данные гражданина здесь не показываются.',
    show: 'Показать',
    statuses: { DEAD: 'не доставлено', QUEUED: 'в очереди', DELIVERED: 'доставлено' } as Record<string, string>,
    tabs: { DEAD: 'Недоставленные', QUEUED: 'В очереди', DELIVERED: 'Доставленные', '': 'Все' } as Record<
      string,
      string
    >,
    message: 'Сообщение',
    kinds: {
      'voting-day-decision': 'решение по заявлению в день голосования',
      'registration-check-completed': 'результат проверки регистрации',
      'id-card-exchange': 'обмен удостоверения личности',
    } as Record<string, string>,
    events: {
      accepted: 'заявление принято',
      refused: 'в онлайн-обмене отказано',
      annulled: 'заявление аннулировано',
      ready: 'удостоверение готово',
      reminder: 'напоминание забрать удостоверение',
      'picked-up': 'удостоверение выдано',
      'not-collected': 'удостоверение не получено, заявка закрыта',
    } as Record<string, string>,
    queuedAt: 'Поставлено в очередь',
    attempts: 'Попыток',
    deadAt: 'Попытки исчерпаны',
    status: 'Состояние',
    retry: 'Отправить снова',
    retried: 'Сообщение («{what}») снова в очереди на доставку, с полным числом попыток.',
    none: 'Таких сообщений нет.',
  },
  {
    nav: 'Азаматтарға жеткізу',
    title: 'Электрондық үкімет порталының жеке кабинетіне азаматтарға хабарламалар',
    intro:
      'Барлық әрекеттен кейін жеткізілмеген хабарлама қайта жіберілгенше осында қалады. Хабарламаның мазмұны мен азаматтың деректері мұнда көрсетілмейді.',
    show: 'Көрсету',
    statuses: { DEAD: 'жеткізілмеді', QUEUED: 'кезекте', DELIVERED: 'жеткізілді' } as Record<string, string>,
    tabs: { DEAD: 'Жеткізілмегендер', QUEUED: 'Кезекте', DELIVERED: 'Жеткізілгендер', '': 'Барлығы' } as Record<
      string,
      string
    >,
    message: 'Хабарлама',
    kinds: {
      'voting-day-decision': 'дауыс беру күнгі өтініш бойынша шешім',
      'registration-check-completed': 'тіркеуді тексеру нәтижесі',
      'id-card-exchange': 'жеке куәлікті ауыстыру',
    } as Record<string, string>,
    events: {
      accepted: 'өтініш қабылданды',
      refused: 'онлайн ауыстырудан бас тартылды',
      annulled: 'өтініш жойылды',
      ready: 'куәлік дайын',
      reminder: 'куәлікті алу туралы еске салу',
      'picked-up': 'куәлік берілді',
      'not-collected': 'куәлік алынбады, өтінім жабылды',
    } as Record<string, string>,
    queuedAt: 'Кезекке қойылды',
    attempts: 'Әрекеттер',
    deadAt: 'Әрекеттер таусылды',
    status: 'Күйі',
    retry: 'Қайта жіберу',
    retried: 'Хабарлама («{what}») толық әрекет санымен қайтадан жеткізу кезегінде.',
    none: 'Мұндай хабарламалар жоқ.',
  },
);
