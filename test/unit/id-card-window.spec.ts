import { instantAt } from '../../libs/calendar';
import { onlineExchangeRefusal } from '../../libs/id-card/window';

// 23:30 in Almaty on 1 March 2026 is still 1 March there (18:30 UTC): the window counts Almaty dates.
const now = instantAt('2026-03-01', 23 * 60 + 30);
const check = (expiresOn: string, reason: 'EXPIRY' | 'LOSS' = 'EXPIRY', pilotEndsOn = '2026-03-31') =>
  onlineExchangeRefusal({ reason, expiresOn, now, pilotEndsOn })?.code ?? 'open';

describe('the online ID-card exchange window', () => {
  it('opens 30 calendar days before the expiry date and closes 10 days after it, by the date in Almaty', () => {
    expect(check('2026-03-31')).toBe('open'); // 30 days ahead
    expect(check('2026-04-01')).toBe('too-early'); // 31
    expect(check('2026-02-19')).toBe('open'); // expired 10 days ago
    expect(check('2026-02-18')).toBe('too-late'); // 11
    expect(check('2026-03-01')).toBe('open');
  });

  it('serves expiry only, and nothing after the pilot closes', () => {
    expect(check('2026-03-10', 'LOSS')).toBe('reason-not-expiry');
    expect(onlineExchangeRefusal({ reason: 'LOSS', expiresOn: '2026-03-10', now, pilotEndsOn: '2026-03-31' })).toEqual({
      code: 'reason-not-expiry',
      ru: 'Оформление не доступно, обратитесь в ЦОН',
      kk: 'Рәсімдеу қолжетімді емес, ХҚКО-ға жүгініңіз',
    });
    expect(check('2026-03-10', 'EXPIRY', '2026-03-01')).toBe('open'); // its last day
    expect(check('2026-03-10', 'EXPIRY', '2026-02-28')).toBe('pilot-closed');
  });
});
