/**
 * Activities that ask the state registration service (libs/gateways/state-registration.ts; its
 * local stand-in outside production). Thin: the reads and writes are the data layer's.
 */
import { Context } from '@temporalio/activity';
import type { RegistrationCheckOutcome } from '../libs/contracts/registration-check';
import * as votingDay from '../libs/db/voting-day';
import type { ActivityDeps } from './deps';

export function registryActivities(deps: ActivityDeps) {
  return {
    /** Looks the citizen up in the state registration service; null when not registered. */
    async lookupRegistration(iin: string): Promise<RegistrationCheckOutcome> {
      const registration = await deps.stateRegistration.findPermanentRegistration(iin);
      return registration ? { status: 'FOUND', ...registration } : { status: 'NOT_FOUND' };
    },

    /** The voting-day applicant in the state registration service, recorded on the application. */
    async lookUpApplicant(applicationId: string) {
      return votingDay.lookUpApplicant(
        deps.prisma,
        deps.stateRegistration,
        applicationId,
        Context.current().info.attempt,
      );
    },
  };
}
