/**
 * The register in tests: fixtures write into snapshot 0 (the register as loaded before
 * snapshots, current in the shared test database); reads of what a feature changed go through
 * libs/db/register/read.ts, as the features read it.
 */
import type { PrismaClient } from '../../libs/db/prisma';
import { INITIAL_SNAPSHOT_ID } from '../../libs/db/register/snapshots';

/** The unique key of a person of snapshot 0. */
export const inRegister = (iin: string) => ({ snapshotId_iin: { snapshotId: INITIAL_SNAPSHOT_ID, iin } });

/** Register rows with their polling station (register_voter has no relation to it: snapshots carry no foreign keys). */
export async function withStations<T extends { stationId: string | null }>(prisma: PrismaClient, voters: T[]) {
  const ids = [...new Set(voters.map((v) => v.stationId).filter((id): id is string => id !== null))];
  const stations = new Map(
    (await prisma.pollingStation.findMany({ where: { id: { in: ids } } })).map((s) => [s.id, s]),
  );
  return voters.map((v) => ({ ...v, station: v.stationId ? (stations.get(v.stationId) ?? null) : null }));
}
