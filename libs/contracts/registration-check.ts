/**
 * Contract of the registration-check workflow: the first end-to-end slice. The API starts it,
 * the worker looks the citizen up in the register, records the outcome and asks for a message
 * to the citizen's e-gov cabinet. The voting-day application workflow grows out of it.
 */
export interface RegistrationCheckInput {
  checkId: string;
  /** Personal data: travels only through the encrypting payload codec. */
  iin: string;
}

export type RegistrationCheckOutcome =
  { status: 'FOUND'; regionCode: string; districtId: string; stationNumber: number | null } | { status: 'NOT_FOUND' };

export type RegistrationCheckStage = 'looking-up' | 'recording' | 'notifying' | 'done';

/** Workflow ids carry no personal data: the check's own id only. */
export function registrationCheckWorkflowId(checkId: string): string {
  return `registration-check-${checkId}`;
}

export const REGISTRATION_CHECK_WORKFLOW = 'registrationCheckWorkflow';
