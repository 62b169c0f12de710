/**
 * The register a reading or a reconciliation is pinned to (libs/db/register/snapshots.ts finds and
 * makes them).
 */

/** What a reconciliation or a reader is judged against: a snapshot, and the registries' events up to a point. */
export interface RegisterPin {
  snapshotId: string;
  version: number;
  /** YYYY-MM-DD. */
  asOf: string;
  sha256: string | null;
  /** The last register_event (seq) applied on top of the snapshot; 0 for none. */
  eventWatermark: number;
}
