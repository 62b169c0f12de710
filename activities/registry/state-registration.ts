/**
 * The state registration service (the interior ministry's register of permanent registration).
 * Tizim cannot reach the real one; LocalStateRegistrationService answers from the register kept in
 * our own PostgreSQL, which is what the demo, the tests and the benchmarks use. It also plays the
 * real service's outages: while `local_service_outage` holds a row for 'state-registration' whose
 * `until` is ahead, every call fails with StateRegistrationUnavailableError (drills, tests, bench).
 */
import type { PrismaClient } from '../../libs/db/prisma';
import { placeName } from '../../libs/matching/address';

export interface PermanentRegistration {
  regionCode: string;
  districtId: string;
  /** The polling station whose boundaries hold the address, when the register knows it. */
  stationNumber: number | null;
}

/** The registered address, as the service returns it for the voting-day check. Personal data. */
export interface RegisteredAddressRecord extends PermanentRegistration {
  locality: string;
  street: string | null;
  house: string | null;
  apartment: string | null;
  /** Facts in force today that bar voting (a court's incapacity, detention, death, citizenship). */
  barringFacts: string[];
}

export interface StateRegistrationService {
  /** The citizen's permanent registration, or null when the register has no such IIN. */
  findPermanentRegistration(iin: string): Promise<PermanentRegistration | null>;
  /**
   * The citizen's registered address, or null when there is no permanent registration (not in the
   * register, or deregistered). Throws StateRegistrationUnavailableError when the service is down.
   */
  findRegisteredAddress(iin: string, on: Date): Promise<RegisteredAddressRecord | null>;
  /** Who is permanently registered at this address (the owner's view), with the date of registration. */
  findResidents(address: AddressOnRecord): Promise<Resident[]>;
}

/** An address as the registers hold it, within its district. */
export interface AddressOnRecord {
  regionCode: string;
  districtId: string;
  locality: string;
  street: string | null;
  house: string | null;
  apartment: string | null;
}

export interface Resident {
  /** Personal data: the API masks it before anyone sees it. */
  iin: string;
  registeredOn: Date | null;
}

export const STATE_REGISTRATION_SERVICE = 'state-registration';

export class StateRegistrationUnavailableError extends Error {
  constructor() {
    super('The state registration service did not answer');
    this.name = 'StateRegistrationUnavailableError';
  }
}

const BARRING: readonly string[] = ['NON_CITIZEN', 'INCAPABLE', 'IMPRISONED', 'DECEASED', 'CITIZENSHIP_LOST', 'EMIGRATED'];

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

  async findRegisteredAddress(iin: string, on: Date): Promise<RegisteredAddressRecord | null> {
    await this.ensureAvailable();
    const voter = await this.prisma.registerVoter.findUnique({
      where: { iin },
      select: {
        regionCode: true, districtId: true, locality: true, street: true, house: true, apartment: true,
        station: { select: { number: true } },
        facts: { where: { since: { lte: on }, OR: [{ until: null }, { until: { gt: on } }] }, select: { kind: true } },
      },
    });
    if (!voter) return null;
    const facts = voter.facts.map((f) => f.kind as string);
    if (facts.includes('DEREGISTERED')) return null;
    return {
      regionCode: voter.regionCode, districtId: voter.districtId, stationNumber: voter.station?.number ?? null,
      locality: voter.locality, street: voter.street, house: voter.house, apartment: voter.apartment,
      barringFacts: facts.filter((f) => BARRING.includes(f)).sort(),
    };
  }

  async findResidents(address: AddressOnRecord): Promise<Resident[]> {
    await this.ensureAvailable();
    const same = (a: string | null, b: string | null) => placeName(a) === placeName(b);
    const candidates = await this.prisma.registerVoter.findMany({
      where: { regionCode: address.regionCode, districtId: address.districtId, house: address.house ?? null, apartment: address.apartment ?? null },
      select: { iin: true, locality: true, street: true, registeredOn: true, facts: { where: { kind: 'DEREGISTERED', until: null }, select: { kind: true } } },
      orderBy: { registeredOn: 'asc' },
    });
    return candidates
      .filter((v) => v.facts.length === 0 && same(v.locality, address.locality) && same(v.street, address.street))
      .map((v) => ({ iin: v.iin, registeredOn: v.registeredOn }));
  }

  private async ensureAvailable(): Promise<void> {
    const outage = await this.prisma.localServiceOutage.findUnique({ where: { service: STATE_REGISTRATION_SERVICE } });
    if (outage && outage.until > new Date()) throw new StateRegistrationUnavailableError();
  }
}
