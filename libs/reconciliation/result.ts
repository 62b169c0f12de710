/**
 * What a reconciliation run finds, as the report, the API and the cycle's workflows read it (the
 * engine that computes it is libs/db/reconciliation/engine.ts, which re-exports these).
 */
import type { RegisterPin } from '../register/pin';

/** Tizim's category for a record that does not follow the form of Appendix 1 (not one of para 9's). */
export const FORM_CATEGORY = 10;

export interface FindingCount {
  category: number;
  subcategory: string;
  /** Distinct file records (or stations, for category 0) with this finding. */
  records: number;
}

export interface ReconciliationResult {
  runId: string;
  submissionId: string;
  period: string;
  regionCode: string;
  districtId: string;
  referenceDate: string;
  round: number;
  /** Live rows of the voter file (rows marked deleted are not counted) and station-list rows. */
  voterRecords: number;
  stationRecords: number;
  /** File records with at least one finding in categories 1-9. */
  recordsWithFindings: number;
  findings: FindingCount[];
  /**
   * The register snapshot the run was judged against and the last registry event applied on top
   * of it (absent on runs recorded before register snapshots existed).
   */
  register?: RegisterPin;
  newStations: number[];
  abolishedStations: number[];
  reconciledAt: string;
  /** Wall time of the SQL, for the benchmark and the logs. */
  elapsedMs: number;
}
