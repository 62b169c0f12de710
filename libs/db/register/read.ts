/**
 * Reading one person (or one address's residents) from the register as it stands: the current
 * snapshot with the registries' events on top (./effective.ts). The only way the API and the
 * activities read the register; the reconciliation engine uses the same SQL for a whole file.
 *
 * The register is personal data: every caller records the read on the audit trail with its
 * purpose before it shows anything (the voting-day lookup, the ID-card exchange, the citizen's
 * own view); these functions do not, because the caller knows why it reads.
 */
import { effectiveRegister } from './effective';
import { currentPin, type RegisterPin } from './snapshots';

export interface RegisterFact {
  kind: string;
  since: Date;
  until: Date | null;
  basis: string | null;
}

/** A person as the register has them. Personal data. */
export interface RegisterPerson {
  iin: string;
  surname: string;
  firstName: string;
  patronymic: string | null;
  birthDate: Date;
  sex: 'MALE' | 'FEMALE';
  citizenship: string;
  regionCode: string;
  districtId: string;
  kato: string | null;
  stationId: string | null;
  stationNumber: number | null;
  locality: string;
  street: string | null;
  house: string | null;
  apartment: string | null;
  registeredOn: Date | null;
  documentNumber: string | null;
  documentIssuedOn: Date | null;
  documentExpiresOn: Date | null;
  facts: RegisterFact[];
}

/** What the readers need of a Prisma client or transaction. */
export interface RegisterDb {
  $queryRawUnsafe<T = unknown>(sql: string, ...values: unknown[]): Promise<T>;
}

interface PersonRow {
  iin: string;
  surname: string;
  first_name: string;
  patronymic: string | null;
  birth_date: Date;
  sex: 'MALE' | 'FEMALE';
  citizenship: string;
  region_code: string;
  district_id: string;
  kato: string | null;
  station_id: string | null;
  station_number: number | null;
  locality: string;
  street: string | null;
  house: string | null;
  apartment: string | null;
  registered_on: Date | null;
  document_number: string | null;
  document_issued_on: Date | null;
  document_expires_on: Date | null;
}
interface FactRow {
  iin: string;
  kind: string;
  since: Date;
  until: Date | null;
  basis: string | null;
}

async function read(db: RegisterDb, pin: RegisterPin, keys: string, values: unknown[]): Promise<RegisterPerson[]> {
  const { persons, facts } = effectiveRegister(pin, keys);
  const people = await db.$queryRawUnsafe<PersonRow[]>(
    `SELECT e.*, p.number AS station_number FROM (${persons}) e LEFT JOIN polling_station p ON p.id = e.station_id ORDER BY e.iin`,
    ...values,
  );
  if (people.length === 0) return [];
  const found = await db.$queryRawUnsafe<FactRow[]>(
    `SELECT * FROM (${facts}) f ORDER BY f.iin, f.since, f.kind`,
    ...values,
  );
  return people.map((r) => ({
    iin: r.iin,
    surname: r.surname,
    firstName: r.first_name,
    patronymic: r.patronymic,
    birthDate: r.birth_date,
    sex: r.sex,
    citizenship: r.citizenship,
    regionCode: r.region_code,
    districtId: r.district_id,
    kato: r.kato,
    stationId: r.station_id,
    stationNumber: r.station_number,
    locality: r.locality,
    street: r.street,
    house: r.house,
    apartment: r.apartment,
    registeredOn: r.registered_on,
    documentNumber: r.document_number,
    documentIssuedOn: r.document_issued_on,
    documentExpiresOn: r.document_expires_on,
    facts: found
      .filter((f) => f.iin === r.iin)
      .map((f) => ({ kind: f.kind, since: f.since, until: f.until, basis: f.basis })),
  }));
}

/** The person with this IIN in the register (the current snapshot and events, or `pin`'s), or null. */
export async function findRegisterPerson(
  db: RegisterDb,
  iin: string,
  pin?: RegisterPin,
): Promise<RegisterPerson | null> {
  if (!/^\d{12}$/.test(iin)) return null;
  const [person] = await read(db, pin ?? (await currentPin(db)), 'SELECT $1::char(12) AS iin', [iin]);
  return person ?? null;
}

/** The facts in force on `on` (since <= on < until): the register's rule, as the reconciliation applies it. */
export function factsInForce(person: Pick<RegisterPerson, 'facts'>, on: Date): RegisterFact[] {
  return person.facts.filter(
    (f) => f.since.getTime() <= on.getTime() && (f.until === null || f.until.getTime() > on.getTime()),
  );
}

/** An address within its district, as the address registry and the register hold it. */
export interface RegisterAddress {
  regionCode: string;
  districtId: string;
  house: string | null;
  apartment: string | null;
}

/**
 * The people the register places at this house and apartment of the district (the caller
 * compares locality and street, whose spelling varies), with events applied: someone who moved
 * there since the snapshot is among them, someone who moved away is not.
 */
export async function findRegisterPeopleAt(db: RegisterDb, address: RegisterAddress): Promise<RegisterPerson[]> {
  const pin = await currentPin(db);
  const keys = `SELECT r.iin FROM register_voter r
                 WHERE r.snapshot_id = '${pin.snapshotId}'::uuid AND r.region_code = $1 AND r.district_id = $2
                   AND r.house IS NOT DISTINCT FROM $3 AND r.apartment IS NOT DISTINCT FROM $4
                UNION
                SELECT e.iin FROM register_event e
                 WHERE e.kind = 'registration' AND e.seq <= ${pin.eventWatermark} AND e.data->>'districtId' = $2
                   AND e.data->>'house' IS NOT DISTINCT FROM $3 AND e.data->>'apartment' IS NOT DISTINCT FROM $4`;
  const people = await read(db, pin, keys, [address.regionCode, address.districtId, address.house, address.apartment]);
  return people.filter(
    (p) =>
      p.regionCode === address.regionCode &&
      p.districtId === address.districtId &&
      (p.house ?? null) === (address.house ?? null) &&
      (p.apartment ?? null) === (address.apartment ?? null),
  );
}
