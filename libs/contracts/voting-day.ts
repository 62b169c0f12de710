/**
 * Contract of the voting-day application workflow (DOMAIN §3): one workflow per written application
 * at a precinct. registered → registration lookup → boundary match → the commission's decision
 * (include, or a reasoned rejection, optionally after the call centre) → e-gov notification, under
 * the voting-day clock (escalate when open too long, and at the close of voting).
 *
 * Nothing here carries personal data: the applicant's IIN and address stay in PostgreSQL and the
 * activities read them by the application's id. (The codec would seal them anyway.)
 */

import { defineQuery, defineUpdate } from '@temporalio/workflow';

export interface VotingDayApplicationInput {
  applicationId: string;
  /** The precinct the application was made at. */
  stationNumber: number;
  /** ISO instants: when the application was registered, and when voting closes. */
  registeredAt: string;
  closesAt: string;
  /** TIZIM_VOTING_DAY_ESCALATE_MINUTES when the application was registered. */
  escalateAfterMinutes: number;
}

export type LookupResult = 'FOUND' | 'NOT_FOUND' | 'UNAVAILABLE';
export type BoundaryVerdict = 'INSIDE' | 'OUTSIDE' | 'UNKNOWN';

/** What the lookup found, without the personal data. */
export interface LookupSummary {
  result: LookupResult;
  /** The service answered after this many attempts. */
  attempts: number;
  /** Whether a fact in force (incapacity, detention, death, citizenship) bars voting. */
  barred: boolean;
  /** The precinct the register itself gives, when it knows one. */
  registerStationNumber: number | null;
  /** Whether the registered address lies in the district of the application's precinct. */
  sameDistrict: boolean;
}

export interface BoundarySummary {
  verdict: BoundaryVerdict;
  stationNumbers: number[];
}

export type Decision =
  { decision: 'INCLUDE' } | { decision: 'REJECT'; reason: string; correctStationNumber: number | null };

/**
 * The API's request id (workflow_request): the workflow checks the Update against the API's record
 * of it before it takes effect (issue 24). Left out only by Updates sent before the record existed.
 */
export interface RecordedRequest {
  requestId?: string;
}

export type DecideInput = Decision & { actor: string } & RecordedRequest;

export interface CallCentreInput extends RecordedRequest {
  actor: string;
  /** The precinct number the regional call centre gave. */
  stationNumber: number;
  note: string | null;
}

export type EscalationReason = 'OPEN_TOO_LONG' | 'VOTING_CLOSED';

export type ApplicationStage = 'looking-up' | 'awaiting-decision' | 'notifying' | 'done';

export interface ApplicationState {
  stage: ApplicationStage;
  lookup: LookupSummary | null;
  boundary: BoundarySummary | null;
  callCentreStationNumber: number | null;
  decision: Decision['decision'] | null;
  escalations: EscalationReason[];
}

export interface DecisionOutcome {
  decision: Decision['decision'];
  decidedAt: string;
}

/**
 * Why an inclusion is not possible now, by a stable code the console says in Russian and Kazakh:
 * the registration service has not answered, the citizen has no permanent registration, the register
 * bars them, or their address lies outside this precinct (and the call centre has not named it).
 */
export type InclusionRefusalCode = 'lookup-unavailable' | 'no-registration' | 'barred' | 'outside-precinct';

/** The code of why an inclusion is not possible now, or null when it is. Pure. */
export function inclusionRefusalCode(state: ApplicationState, stationNumber: number): InclusionRefusalCode | null {
  const lookup = state.lookup;
  if (!lookup || lookup.result === 'UNAVAILABLE') return 'lookup-unavailable';
  if (lookup.result === 'NOT_FOUND') return 'no-registration';
  if (lookup.barred) return 'barred';
  if (state.boundary?.verdict === 'INSIDE' || state.callCentreStationNumber === stationNumber) return null;
  return 'outside-precinct';
}

const INCLUSION_REFUSAL_TEXT: Record<InclusionRefusalCode, string> = {
  'lookup-unavailable':
    'The state registration service has not answered: the citizen cannot be included without their registration',
  'no-registration': 'The citizen has no permanent registration: they cannot be included; record a reasoned rejection',
  barred: 'The register holds a fact that bars this citizen from voting: record a reasoned rejection',
  'outside-precinct':
    "The registered address is not inside this precinct's boundaries: include only if the call centre names this precinct, otherwise record a reasoned rejection",
};

/** Why an inclusion is not possible now, or null when it is. Pure: the update's validator uses it. */
export function inclusionRefusal(state: ApplicationState, stationNumber: number): string | null {
  const code = inclusionRefusalCode(state, stationNumber);
  return code ? INCLUSION_REFUSAL_TEXT[code] : null;
}

/** Workflow ids carry no personal data: the application's own id only. */
export function votingDayApplicationWorkflowId(applicationId: string): string {
  return `voting-day-application-${applicationId}`;
}

export const VOTING_DAY_APPLICATION_WORKFLOW = 'votingDayApplicationWorkflow';
/** The workflow's messages, one definition for the workflow and its callers (the API sends them typed, never by name). */
export const applicationStateQuery = defineQuery<ApplicationState>('state');
export const decideUpdate = defineUpdate<DecisionOutcome, [DecideInput]>('decide');
export const callCentreUpdate = defineUpdate<void, [CallCentreInput]>('recordCallCentreAnswer');
export const retryLookupUpdate = defineUpdate<void, [{ actor: string } & RecordedRequest]>('retryLookup');

/** What the API's record of an Update digests: its arguments without who sent it and which request. */
export function recordedPayload<T extends { actor: string } & RecordedRequest>(arg: T): Omit<T, 'actor' | 'requestId'> {
  const { actor: _actor, requestId: _requestId, ...payload } = arg;
  return payload;
}
