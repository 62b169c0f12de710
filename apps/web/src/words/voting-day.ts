/**
 * The voting-day screen's own words: why an application cannot be included yet, why its lookup has
 * no answer, and why it was passed to the territorial commission, each from the code the API gives
 * (ApplicationView's inclusionRefusalCode, lookupErrorCode, escalations).
 */
import { defineWords } from './define';

export const votingDayWords = defineWords(
  {
    refusalCodes: {
      decided: 'По обращению уже принято решение.',
      'lookup-running': 'Проверка регистрации ещё идёт: дождитесь ответа.',
      'lookup-unavailable': 'Сервис регистрации не ответил: без сведений о регистрации включить нельзя.',
      'no-registration':
        'У гражданина нет постоянной регистрации: включить нельзя, примите мотивированное решение об отказе.',
      barred: 'В реестре есть сведения, исключающие участие в голосовании: примите мотивированное решение об отказе.',
      'outside-precinct':
        'Адрес регистрации не в границах участка: включить можно, только если колл-центр назвал этот участок; иначе примите мотивированное решение об отказе.',
    } as Record<string, string>,
    lookupRetrying: (attempts: number) =>
      `Сервис регистрации не отвечает (попыток: ${attempts}); запрос повторяется автоматически.`,
    lookupGaveUp: 'Сервис регистрации не ответил ни на одну попытку: запросите снова или примите решение без него.',
    escalationReasons: {
      OPEN_TOO_LONG: 'не решено дольше допустимого срока',
      VOTING_CLOSED: 'не решено к закрытию голосования',
    } as Record<string, string>,
    escalationLabel: 'Передано в территориальную комиссию',
  },
  {
    refusalCodes: {
      decided: 'Өтініш бойынша шешім қабылданды.',
      'lookup-running': 'Тіркеуді тексеру әлі жүріп жатыр: жауабын күтіңіз.',
      'lookup-unavailable': 'Тіркеу қызметі жауап бермеді: тіркеу мәліметтерінсіз тізімге енгізуге болмайды.',
      'no-registration':
        'Азаматтың тұрақты тіркеуі жоқ: тізімге енгізуге болмайды, бас тарту туралы дәлелді шешім қабылдаңыз.',
      barred: 'Тізілімде дауыс беруге қатысуды болдырмайтын мәліметтер бар: бас тарту туралы дәлелді шешім қабылдаңыз.',
      'outside-precinct':
        'Тіркеу мекенжайы учаске шекарасында емес: колл-орталық осы учаскені атаса ғана енгізуге болады; әйтпесе бас тарту туралы дәлелді шешім қабылдаңыз.',
    },
    lookupRetrying: (attempts: number) =>
      `Тіркеу қызметі жауап бермей тұр (әрекеттер: ${attempts}); сұрау автоматты түрде қайталанады.`,
    lookupGaveUp: 'Тіркеу қызметі бірде-бір әрекетке жауап бермеді: қайта сұраңыз немесе онсыз шешім қабылдаңыз.',
    escalationReasons: {
      OPEN_TOO_LONG: 'рұқсат етілген мерзімнен ұзақ шешілмеді',
      VOTING_CLOSED: 'дауыс беру жабылғанға дейін шешілмеді',
    },
    escalationLabel: 'Аумақтық комиссияға берілді',
  },
);
