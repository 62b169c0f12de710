/**
 * Contract of the online ID-card exchange workflow (DOMAIN §4 pilot): one workflow per application.
 * Ids and dates only; the citizen's IIN stays in PostgreSQL (the codec would seal it anyway).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LocalDate } from './calendar';

/** Why a citizen asks for a new card; the online route is for EXPIRY only (libs/id-card/window.ts). */
export const EXCHANGE_REASONS = ['EXPIRY', 'LOSS', 'DAMAGE', 'NAME_CHANGE', 'OTHER'] as const;
export type ExchangeReason = (typeof EXCHANGE_REASONS)[number];

/** Why the online route is closed to an application, in Russian and Kazakh. */
export interface Refusal {
  code: 'reason-not-expiry' | 'too-early' | 'too-late' | 'pilot-closed' | 'fee-not-paid';
  ru: string;
  kk: string;
}

export interface IdCardExchangeInput {
  applicationId: string;
  reason: ExchangeReason;
  expiresOn: LocalDate;
  /** TIZIM_ID_CARD_PILOT_ENDS_ON when the application was made. */
  pilotEndsOn: LocalDate;
  /** Working days the migration service has to review it (TIZIM_ID_CARD_REVIEW_WORKING_DAYS). */
  reviewWorkingDays: number;
  /** Calendar days between pickup reminders, and how many at most. */
  pickupReminderDays: number;
  pickupReminders: number;
}

export const ANNUL_REASONS = ['BAD_PHOTO', 'BAD_SIGNATURE', 'FURTHER_CHECKS'] as const;
export type AnnulReason = (typeof ANNUL_REASONS)[number];

/**
 * The officer's EDS over the approval text, as the workflow carries it: no personal data (a hash,
 * a certificate id, times). A CMS from NCALayer (issue 27) is not carried: it holds the officer's
 * certificate (their IIN and name) and, attached, the approval text (the citizen's IIN), so the API
 * keeps it on the application itself before it sends the review; only the key-file fallback's raw
 * signature bytes travel here.
 */
export interface ApprovalSignature {
  sha256: string;
  certificateId: string;
  /** The key-file fallback's raw signature (base64); absent for a CMS, which the API has kept. */
  signature?: string;
  signedAt: string;
  /** A CMS's RFC 3161 timestamp: the TSA's time and name. */
  timestamp?: { time: string; tsaName: string };
}

/**
 * The API's request id (workflow_request): the workflow checks the message against the API's record
 * of it (issue 24). Left out only by messages sent before the record existed.
 */
interface Recorded {
  requestId?: string;
}

export type ReviewInput =
  /** The officer's EDS over the application was verified by the API before it sent this. */
  | ({ decision: 'APPROVE'; actor: string; approval: ApprovalSignature } & Recorded)
  | ({ decision: 'ANNUL'; actor: string; reason: AnnulReason } & Recorded);

export interface ProducedInput extends Recorded {
  documentNumber: string;
  issuedOn: LocalDate;
  expiresOn: LocalDate;
}

/** What the API's record of a review digests: the decision and its approval or reason, not who or which request. */
export function reviewPayload(r: ReviewInput): Omit<ReviewInput, 'actor' | 'requestId'> {
  const { actor: _actor, requestId: _requestId, ...payload } = r;
  return payload;
}

/** What the API's record of a pickup digests: the ticket, not who or which request. */
export function pickupPayload(p: PickupInput): Omit<PickupInput, 'actor' | 'requestId'> {
  const { actor: _actor, requestId: _requestId, ...payload } = p;
  return payload;
}

/** What the API's record of a produced signal digests: the new card, not the request. */
export function producedPayload(p: ProducedInput): Omit<ProducedInput, 'requestId'> {
  const { requestId: _requestId, ...payload } = p;
  return payload;
}
export interface PickupInput extends Recorded {
  actor: string;
  ticketNumber: string;
}

export type IdCardStage = 'refused' | 'review' | 'annulled' | 'production' | 'ready' | 'picked-up' | 'not-collected';

export interface IdCardState {
  stage: IdCardStage;
  refusal: Refusal | null;
  ticketNumber: string | null;
  reviewDueAt: string | null;
  escalated: boolean;
  remindersSent: number;
}

export const idCardExchangeWorkflowId = (applicationId: string) => `id-card-exchange-${applicationId}`;
export const ID_CARD_EXCHANGE_WORKFLOW = 'idCardExchangeWorkflow';

/** The workflow's messages, one definition for the workflow and its callers (the API sends them typed, never by name). */
export const idCardStateQuery = defineQuery<IdCardState>('state');
export const reviewUpdate = defineUpdate<IdCardState, [ReviewInput]>('review');
export const producedSignal = defineSignal<[ProducedInput]>('produced');
export const pickupUpdate = defineUpdate<IdCardState, [PickupInput]>('pickUp');
