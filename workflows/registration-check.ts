/**
 * registrationCheckWorkflow: look a citizen up in the register, record the outcome, notify the
 * citizen's e-gov cabinet. Deterministic orchestration only; the I/O is in activities.
 */
import { defineQuery, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type {
  RegistrationCheckInput,
  RegistrationCheckOutcome,
  RegistrationCheckStage,
} from '../libs/contracts/registration-check';
import { DATABASE_ACTIVITY, REGISTRY_ACTIVITY } from '../libs/contracts/activity-options';

const registry = proxyActivities<Activities>(REGISTRY_ACTIVITY);
const database = proxyActivities<Activities>(DATABASE_ACTIVITY);

export const registrationCheckStageQuery = defineQuery<RegistrationCheckStage>('stage');

export async function registrationCheckWorkflow(input: RegistrationCheckInput): Promise<RegistrationCheckOutcome> {
  let stage: RegistrationCheckStage = 'looking-up';
  setHandler(registrationCheckStageQuery, () => stage);

  const outcome = await registry.lookupRegistration(input.iin);
  stage = 'recording';
  await database.recordRegistrationCheck(input.checkId, outcome);
  stage = 'notifying';
  await database.requestCabinetNotification(input.checkId);
  stage = 'done';
  return outcome;
}
