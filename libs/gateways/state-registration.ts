/**
 * The state registration service (the interior ministry's register of permanent registration).
 * Tizim cannot reach the real one; LocalStateRegistrationService, a stand-in, answers from the
 * register kept in our own PostgreSQL (the current snapshot with the registries' events on top,
 * libs/db/register/read.ts), which is what the demo, the tests and the benchmarks use. It also plays
 * the real service's outages: while `local_service_outage` holds a row for 'state-registration' whose
 * `until` is ahead, every call fails with StateRegistrationUnavailableError (drills, tests, bench).
 */
import type { PrismaClient } from '../db/prisma';
import { placeName } from '../matching/address';
import { factsInForce, findRegisterPeopleAt, findRegisterPerson } from '../db/register/read';

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

const BARRING: readonly string[] = [
  'NON_CITIZEN',
  'INCAPABLE',
  'IMPRISONED',
  'DECEASED',
  'CITIZENSHIP_LOST',
  'EMIGRATED',
];

export class LocalStateRegistrationService implements StateRegistrationService {
  constructor(private readonly prisma: PrismaClient) {}

  async findPermanentRegistration(iin: string): Promise<PermanentRegistration | null> {
    const voter = await findRegisterPerson(this.prisma, iin);
    if (!voter) return null;
    return { regionCode: voter.regionCode, districtId: voter.districtId, stationNumber: voter.stationNumber };
  }

  async findRegisteredAddress(iin: string, on: Date): Promise<RegisteredAddressRecord | null> {
    await this.ensureAvailable();
    const voter = await findRegisterPerson(this.prisma, iin);
    if (!voter) return null;
    const facts = factsInForce(voter, on).map((f) => f.kind);
    if (facts.includes('DEREGISTERED')) return null;
    return {
      regionCode: voter.regionCode,
      districtId: voter.districtId,
      stationNumber: voter.stationNumber,
      locality: voter.locality,
      street: voter.street,
      house: voter.house,
      apartment: voter.apartment,
      barringFacts: [...new Set(facts.filter((f) => BARRING.includes(f)))].sort(),
    };
  }

  async findResidents(address: AddressOnRecord): Promise<Resident[]> {
    await this.ensureAvailable();
    const same = (a: string | null, b: string | null) => placeName(a) === placeName(b);
    const candidates = await findRegisterPeopleAt(this.prisma, address);
    return candidates
      .filter(
        (v) =>
          !v.facts.some((f) => f.kind === 'DEREGISTERED' && f.until === null) &&
          same(v.locality, address.locality) &&
          same(v.street, address.street),
      )
      .sort((a, b) => (a.registeredOn?.getTime() ?? Infinity) - (b.registeredOn?.getTime() ?? Infinity))
      .map((v) => ({ iin: v.iin, registeredOn: v.registeredOn }));
  }

  private async ensureAvailable(): Promise<void> {
    const outage = await this.prisma.localServiceOutage.findUnique({ where: { service: STATE_REGISTRATION_SERVICE } });
    if (outage && outage.until > new Date()) throw new StateRegistrationUnavailableError();
  }
}
