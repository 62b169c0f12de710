/**
 * The e-gov cabinet's messages and their job ids: a delivery record gives back the very job it was
 * queued for (a dead letter sent again after its job is gone), and each step of an online ID-card
 * exchange reads in Russian and Kazakh with the ticket number.
 */
import { idCardExchangeMessage } from '../../apps/worker/src/consumers/egov-notifications';
import { jobOfDelivery, notificationJobId, subjectOf } from '../../libs/queues/egov-notifications';
import { ID_CARD_EVENTS, type EgovNotificationJob } from '../../libs/queues/queues';

const ID = '6f1c2a4e-93b1-4d0c-8c55-1a2b3c4d5e6f';

describe('e-gov notification jobs', () => {
  const jobs: EgovNotificationJob[] = [
    { kind: 'registration-check-completed', checkId: ID },
    { kind: 'voting-day-decision', applicationId: ID },
    ...ID_CARD_EVENTS.filter((e) => e !== 'reminder').map((event) => ({
      kind: 'id-card-exchange' as const,
      applicationId: ID,
      event,
    })),
    { kind: 'id-card-exchange', applicationId: ID, event: 'reminder', reminder: 1 },
    { kind: 'id-card-exchange', applicationId: ID, event: 'reminder', reminder: 12 },
  ];

  it('gives each step its own job id, and the delivery record gives the job back', () => {
    const ids = jobs.map(notificationJobId);
    expect(new Set(ids).size).toBe(jobs.length);
    expect(notificationJobId({ kind: 'id-card-exchange', applicationId: ID, event: 'picked-up' })).toBe(
      `id-card-exchange-${ID}-picked-up`,
    );
    expect(notificationJobId({ kind: 'id-card-exchange', applicationId: ID, event: 'reminder', reminder: 2 })).toBe(
      `id-card-exchange-${ID}-reminder-2`,
    );
    for (const job of jobs) {
      expect(jobOfDelivery({ jobId: notificationJobId(job), kind: job.kind, subjectId: subjectOf(job) })).toEqual(job);
    }
    expect(() =>
      jobOfDelivery({ jobId: `id-card-exchange-${ID}-lost`, kind: 'id-card-exchange', subjectId: ID }),
    ).toThrow('names no ID-card event');
  });

  it('words each step of the ID-card exchange in Russian and Kazakh, with the ticket', () => {
    const app = { ticketNumber: '71-261203-004211', refusal: null, annulReason: 'BAD_PHOTO' };
    for (const event of ID_CARD_EVENTS) {
      const text = idCardExchangeMessage(event, app);
      const [ru, kk] = text.split(' / ');
      expect(ru).toMatch(/[а-яё]/i);
      expect(kk).toMatch(/[әғқңөұүһі]/i);
      if (event !== 'refused') expect(text).toContain('71-261203-004211');
    }
    expect(idCardExchangeMessage('annulled', app)).toContain('некачественное фотоизображение');
    expect(idCardExchangeMessage('annulled', app)).toContain('Налоговым кодексом');
    expect(idCardExchangeMessage('reminder', app)).toMatch(/^Напоминание: /);
    expect(
      idCardExchangeMessage('refused', {
        ...app,
        ticketNumber: null,
        refusal: 'Оформление не доступно, обратитесь в ЦОН / Рәсімдеу қолжетімді емес, ХҚКО-ға жүгініңіз',
      }),
    ).toBe(
      'Заявка на замену удостоверения личности не принята: Оформление не доступно, обратитесь в ЦОН / Рәсімдеу қолжетімді емес, ХҚКО-ға жүгініңіз',
    );
  });
});
