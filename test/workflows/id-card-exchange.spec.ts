/**
 * idCardExchangeWorkflow on the time-skipping test server with the real activities: the online
 * route's window (30 days before expiry accepted, 31 refused; 10 after accepted, 11 refused) and its
 * other refusals (another reason, the pilot's end, no fee); a review that overruns its deadline and
 * escalates, then approval, production, a pickup reminder, pickup by ticket and the register's new
 * document; an annulment that refunds the fee, and a second application with a new fee.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DEFAULT_DEADLINE_SETTINGS, localDateTimeOf } from '../../libs/calendar';
import type { IdCardState } from '../../libs/contracts/id-card-exchange';
import { idCardStateQuery, pickupUpdate, producedSignal, reviewUpdate } from '../../workflows/id-card-exchange';
import { useCycleHarness } from '../support/cycle-harness';
import { idCardFixture, OFFICER } from '../support/id-card-fixture';
import { ensureCalendarYears, eventually } from '../support/fixtures';
import { findRegisterPerson } from '../../libs/db/register/read';

const h = useCycleHarness();
const { apply, reviewRecorded, producedRecorded, pickupRecorded, inReview, approval, readyForPickup } =
  idCardFixture(h);

beforeEach(async () => {
  const year = Number(localDateTimeOf(await h.env.currentTimeMs()).date.slice(0, 4));
  await ensureCalendarYears(h.prisma, [year, year + 1]);
});

describe('idCardExchangeWorkflow', () => {
  it('is open from 30 calendar days before the expiry date to 10 after, and refuses outside that window', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      for (const [days, open] of [
        [30, true],
        [31, false],
        [-10, true],
        [-11, false],
      ] as const) {
        const app = await apply(taskQueue, { expiresInDays: days });
        if (open) {
          expect(await inReview(app.handle)).toMatchObject({
            ticketNumber: expect.stringMatching(/^39-\d{6}-\d{6}$/),
            refusal: null,
          });
          expect(await h.prisma.stateFeePayment.findUniqueOrThrow({ where: { id: app.feePaymentId! } })).toMatchObject({
            status: 'CONSUMED',
            applicationId: app.id,
          });
        } else {
          // Read from the records, not by awaiting the result: awaiting lets the test server skip its clock ahead.
          const row = await eventually('the refusal', async () => {
            const r = await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } });
            return r.status === 'REFUSED' ? r : null;
          });
          expect(row).toMatchObject({
            refusal: 'Оформление не доступно, обратитесь в ЦОН / Рәсімдеу қолжетімді емес, ХҚКО-ға жүгініңіз',
            ticketNumber: null,
          });
          const state: IdCardState = await app.handle.query(idCardStateQuery);
          expect(state).toMatchObject({ stage: 'refused', refusal: { code: days > 0 ? 'too-early' : 'too-late' } });
          expect((await h.prisma.stateFeePayment.findUniqueOrThrow({ where: { id: app.feePaymentId! } })).status).toBe(
            'PAID',
          );
        }
      }
    });
  });

  it('refuses any other reason, after the pilot has closed, and without a paid fee', async () => {
    // Read from the records, not by awaiting results: awaiting lets the test server skip its clock ahead.
    const refusalOf = (app: Awaited<ReturnType<typeof apply>>) =>
      eventually(
        'the refusal',
        async () => (await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } })).refusal,
      );
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      expect(await refusalOf(await apply(taskQueue, { reason: 'LOSS', expiresInDays: 5 }))).toBe(
        'Оформление не доступно, обратитесь в ЦОН / Рәсімдеу қолжетімді емес, ХҚКО-ға жүгініңіз',
      );
      expect(await refusalOf(await apply(taskQueue, { expiresInDays: 5, pilotEndsInDays: -1 }))).toMatch(
        /^Оформление не доступно, обратитесь в ЦОН \(онлайн-обмен работал по \d{4}-\d{2}-\d{2}\)/,
      );
      expect(await refusalOf(await apply(taskQueue, { expiresInDays: 5, feeId: null }))).toMatch(
        /^Государственная пошлина не оплачена/,
      );
      expect((await inReview((await apply(taskQueue, { expiresInDays: 5, pilotEndsInDays: 0 })).handle)).stage).toBe(
        'review',
      ); // its last day
    });
  });

  it('escalates a review that overruns its deadline; approved, produced, reminded, picked up by ticket: the register has the new card', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const app = await apply(taskQueue, { expiresInDays: 3 });
      const review = await inReview(app.handle);
      await h.skipTo(Date.parse(review.reviewDueAt!) - 60_000);
      expect(
        (await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } })).reviewEscalatedAt,
      ).toBeNull();
      await h.skipTo(Date.parse(review.reviewDueAt!) + 60_000);
      await eventually(
        'the escalation',
        async () => (await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } })).reviewEscalatedAt,
      );
      expect((await app.handle.query(idCardStateQuery)).escalated).toBe(true);

      expect(
        (
          await reviewRecorded(app, {
            decision: 'APPROVE',
            actor: OFFICER,
            approval: {
              sha256: 'a'.repeat(64),
              certificateId: randomUUID(),
              signature: 'c2lnbmF0dXJl',
              signedAt: new Date().toISOString(),
            },
          })
        ).stage,
      ).toBe('production');
      await producedRecorded(app, { documentNumber: 'N9876543', issuedOn: '2026-11-25', expiresOn: '2036-11-24' });
      await eventually('ready for pickup', async () => (await app.handle.query(idCardStateQuery)).stage === 'ready');
      await h.env.sleep('8 days');
      await eventually(
        'a pickup reminder',
        async () =>
          (await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } })).pickupReminders === 1,
      );

      await expect(
        app.handle.executeUpdate(pickupUpdate, {
          args: [{ actor: 'registration-point-39', ticketNumber: '39-000000-000000' }],
        }),
      ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      const done = await pickupRecorded(app, { actor: 'registration-point-39', ticketNumber: review.ticketNumber! });
      expect(done.stage).toBe('picked-up');
      expect(await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({
        status: 'PICKED_UP',
        newDocumentNumber: 'N9876543',
        pickedUpBy: 'registration-point-39',
        reviewedBy: OFFICER,
      });
      const voter = (await findRegisterPerson(h.prisma, app.iin))!;
      expect(voter).toMatchObject({ documentNumber: 'N9876543' });
      expect(voter.documentExpiresOn?.toISOString().slice(0, 10)).toBe('2036-11-24');
    });
  });

  it('refuses an approval or a pickup, and ignores a produced signal, that the API did not record (a client reaching Temporal, not the database)', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const app = await apply(taskQueue, { expiresInDays: 3 });
      await inReview(app.handle);
      const approval = {
        sha256: 'a'.repeat(64),
        certificateId: randomUUID(),
        signature: 'Zm9yZ2Vk',
        signedAt: new Date().toISOString(),
      };
      // No EDS check recorded by the API: an approval sealed with the codec key, sent straight to Temporal.
      const forged = randomUUID();
      const refused = app.handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'APPROVE', actor: OFFICER, approval, requestId: forged }],
      });
      await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      await expect(refused).rejects.toMatchObject({
        cause: {
          message: `The API has no record of request ${forged} (id-card.review of ${app.id}): changes are made through the API`,
        },
      });
      expect(await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({
        status: 'PENDING_REVIEW',
        reviewedBy: null,
      });
      expect((await app.handle.query(idCardStateQuery)).stage).toBe('review');

      // The approval as the API recorded it (after its EDS check) goes through.
      const approved = await reviewRecorded(app, { decision: 'APPROVE', actor: OFFICER, approval });
      expect(approved.stage).toBe('production');

      // A produced signal nobody recorded is ignored; the recorded one is taken.
      await app.handle.signal(producedSignal, {
        documentNumber: 'N6666666',
        issuedOn: '2026-11-25',
        expiresOn: '2036-11-24',
        requestId: randomUUID(),
      });
      await producedRecorded(app, { documentNumber: 'N1234567', issuedOn: '2026-11-25', expiresOn: '2036-11-24' });
      await eventually('ready for pickup', async () => (await app.handle.query(idCardStateQuery)).stage === 'ready');
      expect(await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({
        status: 'READY_FOR_PICKUP',
        newDocumentNumber: 'N1234567',
      });

      // A pickup with the right ticket that no registration point recorded is refused.
      const { ticketNumber } = await app.handle.query(idCardStateQuery);
      const pickup = randomUUID();
      await expect(
        app.handle.executeUpdate(pickupUpdate, {
          args: [{ actor: 'registration-point-39', ticketNumber: ticketNumber!, requestId: pickup }],
        }),
      ).rejects.toMatchObject({
        cause: {
          message: `The API has no record of request ${pickup} (id-card.pickup of ${app.id}): changes are made through the API`,
        },
      });
      expect(await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({
        status: 'READY_FOR_PICKUP',
        pickedUpBy: null,
      });
      expect((await app.handle.query(idCardStateQuery)).stage).toBe('ready');
    });
  });

  it('annuls for a bad photo with the fee refunded; a second application needs a new fee', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const first = await apply(taskQueue, { expiresInDays: 10 });
      await inReview(first.handle);
      await reviewRecorded(first, { decision: 'ANNUL', actor: OFFICER, reason: 'BAD_PHOTO' });
      const annulled = await eventually('the annulment', async () => {
        const row = await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: first.id } });
        return row.status === 'ANNULLED' ? row : null;
      });
      expect(annulled).toMatchObject({ annulReason: 'BAD_PHOTO', reviewedBy: OFFICER });
      expect((await first.handle.query(idCardStateQuery)).stage).toBe('annulled');
      const refunded = await h.prisma.stateFeePayment.findUniqueOrThrow({ where: { id: first.feePaymentId! } });
      expect(refunded).toMatchObject({ status: 'REFUNDED', refundReason: expect.stringContaining('BAD_PHOTO') });
      expect(refunded.refundedAt).not.toBeNull();

      // The refunded fee cannot pay again; a new one can.
      const reused = await apply(taskQueue, { expiresInDays: 10, iin: first.iin, feeId: first.feePaymentId });
      expect(
        await eventually(
          'the refusal',
          async () => (await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: reused.id } })).refusal,
        ),
      ).toMatch(/^Государственная пошлина не оплачена/);
      const second = await apply(taskQueue, { expiresInDays: 10, iin: first.iin });
      expect((await inReview(second.handle)).ticketNumber).not.toBeNull();
    });
  });

  it('takes a review sent right after the start, before its first activity has answered (its handlers are set before the first await)', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const app = await apply(taskQueue, { expiresInDays: 5 });
      // At once, as an officer whose queue shows the application the moment it is accepted could.
      const approved = await reviewRecorded(app, { decision: 'APPROVE', actor: OFFICER, approval: approval() });
      expect(approved).toMatchObject({ stage: 'production', ticketNumber: expect.stringMatching(/^39-/) });
      expect(await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } })).toMatchObject({
        status: 'IN_PRODUCTION',
        reviewedBy: OFFICER,
      });
      // A pickup sent the moment the database shows the card ready (as the API checks it), before
      // the workflow has told the citizen: taken, not refused for a handler not set yet.
      await producedRecorded(app, { documentNumber: 'N5555555', issuedOn: '2026-11-25', expiresOn: '2036-11-24' });
      await eventually(
        'ready in the database',
        async () =>
          (await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } })).status === 'READY_FOR_PICKUP',
      );
      const done = await pickupRecorded(app, { actor: 'registration-point-39', ticketNumber: approved.ticketNumber! });
      expect(done.stage).toBe('picked-up');
    });
  });

  it('closes an application not collected after its reminders: the citizen told, the migration service escalated', async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const app = await apply(taskQueue, { expiresInDays: 3 });
      await readyForPickup(app);
      // Three reminders a week apart, then a last week: 28 days after the card was ready.
      await h.env.sleep('27 days');
      const before = await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } });
      expect(before).toMatchObject({ status: 'READY_FOR_PICKUP', pickupReminders: 3 });
      expect(before.pickupEscalatedAt ?? null).toBeNull();
      await h.env.sleep('2 days');
      const closed = await eventually('closed as not collected', async () => {
        const row = await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: app.id } });
        return row.status === 'NOT_COLLECTED' ? row : null;
      });
      expect(closed.pickupEscalatedAt).not.toBeNull();
      expect(closed.pickedUpAt).toBeNull();
      const state: IdCardState = await app.handle.query(idCardStateQuery);
      expect(state).toMatchObject({ stage: 'not-collected', remindersSent: 3 });
      expect((await app.handle.describe()).status.name).toBe('COMPLETED');
      // The citizen's message, through the same queue and delivery record as every other step.
      expect(
        await eventually('the message queued', () =>
          h.prisma.egovDelivery.findUnique({ where: { jobId: `id-card-exchange-${app.id}-not-collected` } }),
        ),
      ).toMatchObject({ kind: 'id-card-exchange', subjectId: app.id });
    });
  });
});
