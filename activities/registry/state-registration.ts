/**
 * The state registration service (the interior ministry's register of permanent registration).
 * Tizim cannot reach the real one; LocalStateRegistrationService answers from the register kept in
 * our own PostgreSQL, which is what the demo, the tests and the benchmarks use.
 */
import type { PrismaClient } from '../../libs/db/prisma';

export interface PermanentRegistration {
  regionCode: string;
  districtId: string;
  /** The polling station whose boundaries hold the address, when the register knows it. */
  stationNumber: number | null;
}

export interface StateRegistrationService {
  /** The citizen's permanent registration, or null when the register has no such IIN. */
  findPermanentRegistration(iin: string): Promise<PermanentRegistration | null>;
}

export class LocalStateRegistrationService implements StateRegistrationService {
  constructor(private readonly prisma: PrismaClient) {}

  async findPermanentRegistration(iin: string): Promise<PermanentRegistration | null> {
    const voter = await this.prisma.registerVoter.findUnique({
      where: { iin },
      select: { regionCode: true, districtId: true, station: { select: { number: true } } },
    });
    if (!voter) return null;
    return { regionCode: voter.regionCode, districtId: voter.districtId, stationNumber: voter.station?.number ?? null };
  }
}
