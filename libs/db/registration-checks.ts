/** Writes the outcome of a registration check. Idempotent: a retry writes the same row again. */
import type { PrismaClient } from './prisma';
import type { RegistrationCheckOutcome } from '../contracts/registration-check';

export async function recordRegistrationCheck(
  prisma: PrismaClient,
  checkId: string,
  outcome: RegistrationCheckOutcome,
): Promise<void> {
  const found = outcome.status === 'FOUND' ? outcome : null;
  await prisma.registrationCheck.update({
    where: { id: checkId },
    data: {
      status: outcome.status,
      regionCode: found?.regionCode ?? null,
      districtId: found?.districtId ?? null,
      stationNumber: found?.stationNumber ?? null,
      completedAt: new Date(),
    },
  });
}
