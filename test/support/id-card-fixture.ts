/**
 * ID-card exchange applications as the portal and the API make them, on a cycle harness's
 * time-skipping server: the fee paid, the application row written, the workflow started; the
 * review, the produced signal and the pickup each recorded first (workflow_request), then sent.
 */
import { randomUUID } from 'node:crypto';
import { createIdCardApplication } from '../../libs/db/id-card-exchange';
import { addDays, localDateTimeOf } from '../../libs/calendar';
import type { ExchangeReason } from '../../libs/id-card/window';
import {
  idCardExchangeWorkflowId,
  type PickupInput,
  type ProducedInput,
  type ReviewInput,
} from '../../libs/contracts/id-card-exchange';
import { recordWorkflowRequest } from '../../libs/db/workflow-requests';
import {
  idCardExchangeWorkflow,
  idCardStateQuery,
  pickupUpdate,
  producedSignal,
  reviewUpdate,
} from '../../workflows/id-card-exchange';
import type { CycleHarness } from './cycle-harness';
import { eventually } from './fixtures';
import { votingDayPlace } from './voting-day-fixture';
import { iinHmac } from '../../libs/auth/iin-hmac';
import { testConfig } from './test-env';

export const OFFICER = 'migration-officer-39';

export interface Apply {
  reason?: ExchangeReason;
  expiresInDays: number;
  pilotEndsInDays?: number;
  iin?: string;
  feeId?: string | null;
}

export function idCardFixture(h: CycleHarness) {
  async function paidFee(iin: string): Promise<string> {
    const id = randomUUID();
    const iinHmacOf = iinHmac(testConfig().iinHmacKey, iin);
    await h.prisma.stateFeePayment.create({ data: { id, iinHmac: iinHmacOf, amountTenge: 1_474, paidAt: new Date() } });
    return id;
  }

  /** The application's row and its workflow, started as the API starts it. */
  async function apply(taskQueue: string, o: Apply) {
    const today = localDateTimeOf(await h.env.currentTimeMs()).date;
    const iin = o.iin ?? (await (await votingDayPlace(h.prisma, '39')).inside()).iin;
    const id = randomUUID();
    const workflowId = idCardExchangeWorkflowId(id);
    const expiresOn = addDays(today, o.expiresInDays);
    const feePaymentId = o.feeId === undefined ? await paidFee(iin) : o.feeId;
    await createIdCardApplication(h.prisma, {
      id,
      workflowId,
      iin,
      reason: o.reason ?? 'EXPIRY',
      regionCode: '39',
      documentNumber: 'N0000001',
      expiresOn,
      feePaymentId,
      submittedAt: new Date(),
    });
    const handle = await h.env.client.workflow.start(idCardExchangeWorkflow, {
      taskQueue,
      workflowId,
      args: [
        {
          applicationId: id,
          reason: o.reason ?? 'EXPIRY',
          expiresOn,
          pilotEndsOn: addDays(today, o.pilotEndsInDays ?? 365),
          reviewWorkingDays: 2,
          pickupReminderDays: 7,
          pickupReminders: 3,
        },
      ],
    });
    return { id, iin, feePaymentId, handle };
  }
  type App = Awaited<ReturnType<typeof apply>>;

  /** The review as the API sends it: recorded first (after its EDS check), then the Update. */
  async function reviewRecorded(app: App, review: ReviewInput) {
    const requestId = randomUUID();
    const { actor: _a, requestId: _r, ...payload } = review;
    await recordWorkflowRequest(
      h.prisma,
      { action: 'id-card.review', requestId, subjectId: app.id, workflowId: app.handle.workflowId },
      { id: review.actor, role: 'MIGRATION_OFFICER', regionCode: '39' },
      payload,
    );
    return app.handle.executeUpdate(reviewUpdate, { args: [{ ...review, requestId }] });
  }

  /** The produced signal as the API sends it: recorded first. */
  async function producedRecorded(app: App, produced: ProducedInput) {
    const requestId = randomUUID();
    await recordWorkflowRequest(
      h.prisma,
      { action: 'id-card.produced', requestId, subjectId: app.id, workflowId: app.handle.workflowId },
      { id: OFFICER, role: 'MIGRATION_OFFICER', regionCode: '39' },
      produced,
    );
    await app.handle.signal(producedSignal, { ...produced, requestId });
  }

  /** The pickup as the API sends it: recorded first, then the Update. */
  async function pickupRecorded(app: App, pickup: PickupInput) {
    const requestId = randomUUID();
    await recordWorkflowRequest(
      h.prisma,
      { action: 'id-card.pickup', requestId, subjectId: app.id, workflowId: app.handle.workflowId },
      { id: pickup.actor, role: 'MIGRATION_OFFICER', regionCode: '39' },
      { ticketNumber: pickup.ticketNumber },
    );
    return app.handle.executeUpdate(pickupUpdate, { args: [{ ...pickup, requestId }] });
  }

  const inReview = (handle: App['handle']) =>
    eventually('the review stage', async () => {
      const s = await handle.query(idCardStateQuery);
      return s.stage === 'review' && s.reviewDueAt ? s : null;
    });

  const approval = () => ({
    sha256: 'a'.repeat(64),
    certificateId: randomUUID(),
    signature: 'c2lnbmF0dXJl',
    signedAt: new Date().toISOString(),
  });

  /** Approved and produced: the application waits at the registration point. */
  async function readyForPickup(app: App) {
    await inReview(app.handle);
    await reviewRecorded(app, { decision: 'APPROVE', actor: OFFICER, approval: approval() });
    await producedRecorded(app, { documentNumber: 'N9876543', issuedOn: '2026-11-25', expiresOn: '2036-11-24' });
    return eventually('ready for pickup', async () => {
      const s = await app.handle.query(idCardStateQuery);
      return s.stage === 'ready' ? s : null;
    });
  }

  return { apply, reviewRecorded, producedRecorded, pickupRecorded, inReview, approval, readyForPickup };
}
