/**
 * The online ID-card exchange pilot (seed: id-card-online-exchange-pilot.ru.txt, DOMAIN §4): who
 * may use the online route. Only for the card's expiry, only from 30 calendar days before the
 * expiry date to 10 calendar days after it (dates in Asia/Almaty), and only until the pilot's
 * closing day. Any other case gets the refusal the seed quotes, in Russian and Kazakh. Pure:
 * workflow code calls it with the workflow's clock.
 */
import { dayNumber, localDateTimeOf, type LocalDate } from '../calendar/local-date';
import { EXCHANGE_REASONS, type ExchangeReason, type Refusal } from '../contracts/id-card-exchange';

export { EXCHANGE_REASONS, type ExchangeReason, type Refusal };

/** Calendar days before the expiry date from which the online route is open, and after which it closes. */
export const DAYS_BEFORE_EXPIRY = 30;
export const DAYS_AFTER_EXPIRY = 10;

const APPLY_AT_PSC = {
  ru: 'Оформление не доступно, обратитесь в ЦОН',
  kk: 'Рәсімдеу қолжетімді емес, ХҚКО-ға жүгініңіз',
};

/** Null when the online route is open for this application today; otherwise why not, in both languages. */
export function onlineExchangeRefusal(a: {
  reason: ExchangeReason;
  expiresOn: LocalDate;
  now: number;
  pilotEndsOn: LocalDate;
}): Refusal | null {
  const today = localDateTimeOf(a.now).date;
  if (dayNumber(today) > dayNumber(a.pilotEndsOn)) {
    return {
      code: 'pilot-closed',
      ru: `${APPLY_AT_PSC.ru} (онлайн-обмен работал по ${a.pilotEndsOn})`,
      kk: `${APPLY_AT_PSC.kk} (онлайн алмастыру ${a.pilotEndsOn} дейін жұмыс істеді)`,
    };
  }
  if (a.reason !== 'EXPIRY') return { code: 'reason-not-expiry', ...APPLY_AT_PSC };
  const daysToExpiry = dayNumber(a.expiresOn) - dayNumber(today);
  if (daysToExpiry > DAYS_BEFORE_EXPIRY) return { code: 'too-early', ...APPLY_AT_PSC };
  if (daysToExpiry < -DAYS_AFTER_EXPIRY) return { code: 'too-late', ...APPLY_AT_PSC };
  return null;
}
