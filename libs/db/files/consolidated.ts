/**
 * The region's consolidated Appendix 1 voter file for the CEC (the regional commission submits it
 * by 15 January and 15 July, DOMAIN §1), written as an MS Access .mdb by the project's Jet 4 writer.
 *
 * Each district contributes its latest staged submission of the period (the one the last
 * reconciliation round read: corrections replace the first files). Every district of the region
 * must have one; otherwise nothing is written and the districts missing are named. The records
 * keep their fields and Dopol flags as the district sent them (the CEC reads the changes from
 * them); Cod is an AutoNumber key, unique only within a district's file, so the consolidated table
 * numbers them 1..n in district order and Cod order.
 *
 * Rows are read from PostgreSQL a page at a time; the writer holds the encoded pages, so memory
 * grows with the output file (about twice its size), not with the records as objects.
 */
import type { ClientBase } from 'pg';
import { writeAppendix1MdbAsync, type Appendix1Row } from '../../files/jet4';
import type { FileStore } from '../../files/store';

export interface ConsolidationSource {
  districtId: string;
  submissionId: string;
  fileName: string;
  records: number;
  /** The Cods of this district in the consolidated file: first..last (none when it has no records). */
  firstCod: number | null;
  lastCod: number | null;
}

export interface ConsolidatedVoterFile {
  fileName: string;
  sha256: string;
  sizeBytes: number;
  records: number;
  sources: ConsolidationSource[];
  /** The districts included though not ready for the CEC (sent back, not reconciled, under review). */
  warnings: ConsolidationWarning[];
}

/**
 * Why a district is not ready for the CEC, as the consolidated file warns of it:
 * - no-file         no voter file staged for the period (nothing can be written);
 * - not-reconciled  its latest submission has not been reconciled (never, or not since the corrections);
 * - under-review    reconciled, the district commission has not decided yet;
 * - sent-back       the commission sent the discrepancies back: corrections pending.
 */
export const DISTRICT_NOT_READY = ['no-file', 'not-reconciled', 'under-review', 'sent-back'] as const;
export type DistrictNotReady = (typeof DISTRICT_NOT_READY)[number];

export interface ConsolidationWarning {
  code: DistrictNotReady;
  districtId: string;
  nameRu: string;
  nameKk: string;
  /** The reconciliation round the district is at (0 when none ran). */
  round: number;
}

/** Anything that answers pg's `query` (a pg Client or pool, or an adapter over Prisma). */
export interface Queryable {
  query<R>(sql: string, params: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * The districts of the region not ready for the CEC in the period, by the district's id: the latest
 * submission, its latest reconciliation and the commission's latest review or corrections task.
 */
export async function consolidationWarnings(
  client: Queryable,
  regionCode: string,
  period: string,
): Promise<ConsolidationWarning[]> {
  const { rows } = await client.query<{
    district_id: string;
    name_ru: string;
    name_kk: string;
    submission_id: string | null;
    reconciled_round: number | null;
    reconciled_submission: string | null;
    task_kind: string | null;
    task_status: string | null;
    decision: string | null;
  }>(
    `SELECT d.id AS district_id, d.name_ru, d.name_kk, s.id AS submission_id,
            r.round AS reconciled_round, r.submission_id AS reconciled_submission,
            t.kind::text AS task_kind, t.status::text AS task_status, t.outcome->>'decision' AS decision
       FROM district d
       LEFT JOIN LATERAL (
         SELECT id FROM voter_submission
          WHERE period = $2 AND district_id = d.id ORDER BY received_at DESC, id DESC LIMIT 1
       ) s ON true
       LEFT JOIN LATERAL (
         SELECT round, submission_id FROM cycle_reconciliation
          WHERE period = $2 AND district_id = d.id ORDER BY round DESC, created_at DESC LIMIT 1
       ) r ON true
       LEFT JOIN LATERAL (
         SELECT kind, status, outcome FROM cycle_task
          WHERE period = $2 AND district_id = d.id AND status <> 'CANCELLED'
            AND kind IN ('REVIEW_DISCREPANCIES', 'SUBMIT_CORRECTIONS')
          -- Within a round the corrections follow the review (created the same millisecond at times).
          ORDER BY round DESC, (kind = 'SUBMIT_CORRECTIONS') DESC, created_at DESC LIMIT 1
       ) t ON true
      WHERE d.region_code = $1 ORDER BY d.id`,
    [regionCode, period],
  );
  const warnings: ConsolidationWarning[] = [];
  for (const r of rows) {
    const code = notReady(r);
    if (code)
      warnings.push({
        code,
        districtId: r.district_id,
        nameRu: r.name_ru,
        nameKk: r.name_kk,
        round: r.reconciled_round ?? 0,
      });
  }
  return warnings;
}

function notReady(r: {
  submission_id: string | null;
  reconciled_round: number | null;
  reconciled_submission: string | null;
  task_kind: string | null;
  task_status: string | null;
  decision: string | null;
}): DistrictNotReady | null {
  if (r.submission_id === null) return 'no-file';
  if (r.task_kind === 'SUBMIT_CORRECTIONS' && r.task_status !== 'COMPLETED') return 'sent-back';
  if (r.task_kind === 'REVIEW_DISCREPANCIES' && r.task_status === 'COMPLETED' && r.decision === 'send-back')
    return 'sent-back';
  if (r.reconciled_round === null) return 'not-reconciled';
  // Corrections resent (or a file sent again) since the last round: that file has not been reconciled.
  if (r.reconciled_submission !== null && r.reconciled_submission !== r.submission_id) return 'not-reconciled';
  if (r.task_kind === 'SUBMIT_CORRECTIONS') return 'not-reconciled';
  if (r.task_kind === 'REVIEW_DISCREPANCIES' && r.task_status === 'COMPLETED' && r.decision === 'accept') return null;
  return 'under-review';
}

/** Districts of the region without a staged voter file for the period. */
export class ConsolidationRefusedError extends Error {
  /** Every district not ready when it was refused (those without a file among them). */
  warnings: ConsolidationWarning[] = [];

  constructor(
    readonly regionCode: string,
    readonly period: string,
    readonly missing: string[],
  ) {
    super(
      missing.length === 0
        ? `region ${regionCode} has no districts on record`
        : `region ${regionCode} cannot be consolidated for ${period}: no voter file of district(s) ${missing.join(', ')} has been accepted`,
    );
    this.name = 'ConsolidationRefusedError';
  }
}

export const consolidatedFileName = (regionCode: string, period: string) => `izbirateli_${regionCode}_${period}.mdb`;

const PAGE = 10_000;

const dated = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
const SELECT_PAGE = `
  SELECT row, cod, iin, surname, first_name, patronymic, station_code, okg_r, okg_ob, okg_rai, obl, rai,
         ${dated('birth_date')} AS birth_date, nationality, sex, locality, street, house, building, apartment,
         document_number, ${dated('document_issued_on')} AS document_issued_on, note, changed, deleted,
         ${dated('changed_on')} AS changed_on, added
    FROM voter_file_record WHERE submission_id = $1 AND row > $2 ORDER BY row LIMIT ${PAGE}`;

interface StagedRow {
  row: number;
  cod: number | null;
  iin: string | null;
  surname: string | null;
  first_name: string | null;
  patronymic: string | null;
  station_code: string | null;
  okg_r: string | null;
  okg_ob: string | null;
  okg_rai: string | null;
  obl: string | null;
  rai: string | null;
  birth_date: string | null;
  nationality: string | null;
  sex: string | null;
  locality: string | null;
  street: string | null;
  house: string | null;
  building: string | null;
  apartment: string | null;
  document_number: string | null;
  document_issued_on: string | null;
  note: string | null;
  changed: boolean;
  deleted: boolean;
  changed_on: string | null;
  added: boolean;
}

/** A staged row under the Appendix 1 field names, with its consolidated Cod. */
function asAppendix1(r: StagedRow, cod: number): Appendix1Row {
  return {
    Cod: cod,
    Cod_izber: r.iin,
    Soname: r.surname,
    Name: r.first_name,
    Otchestvo: r.patronymic,
    Cod_uch: r.station_code,
    Okg_r: r.okg_r,
    Okg_ob: r.okg_ob,
    Okg_rai: r.okg_rai,
    Obl: r.obl,
    Rai: r.rai,
    Date_rogd: r.birth_date,
    Nac: r.nationality,
    mal: r.sex,
    Mesto_progiv: r.locality,
    Street: r.street,
    Hourse: r.house,
    Korpus: r.building,
    Kvartira: r.apartment,
    Udostve: r.document_number,
    Date_vidach: r.document_issued_on,
    Note: r.note,
    Dopol1: r.changed,
    Dopol2: r.deleted,
    Dopol3: r.changed_on,
    Dopol4: r.added,
  };
}

/** Each district's latest staged submission of the period; refuses when a district has none. */
export async function consolidationSources(
  client: ClientBase,
  regionCode: string,
  period: string,
): Promise<Omit<ConsolidationSource, 'firstCod' | 'lastCod'>[]> {
  const { rows } = await client.query<{
    district_id: string;
    submission_id: string | null;
    voter_file: string | null;
    voter_records: number | null;
  }>(
    `SELECT d.id AS district_id, s.id AS submission_id, s.voter_file, s.voter_records
       FROM district d
       LEFT JOIN LATERAL (
         SELECT id, voter_file, voter_records FROM voter_submission
          WHERE period = $2 AND district_id = d.id ORDER BY received_at DESC, id DESC LIMIT 1
       ) s ON true
      WHERE d.region_code = $1 ORDER BY d.id`,
    [regionCode, period],
  );
  const missing = rows.filter((r) => r.submission_id === null).map((r) => r.district_id);
  if (rows.length === 0 || missing.length > 0) throw new ConsolidationRefusedError(regionCode, period, missing);
  return rows.map((r) => ({
    districtId: r.district_id,
    submissionId: r.submission_id!,
    fileName: r.voter_file!,
    records: r.voter_records!,
  }));
}

/**
 * Writes the region's consolidated voter file and keeps it in the store. The same staged data
 * gives the same bytes (`createdAt` is the file's creation date in its header), so a retry keeps
 * the same file.
 */
export async function writeConsolidatedVoterFile(
  client: ClientBase,
  store: FileStore,
  r: { regionCode: string; period: string; createdAt: Date; onProgress?: (records: number) => void },
): Promise<ConsolidatedVoterFile> {
  // One snapshot for the plan and all the pages: a district re-submitting meanwhile cannot tear the file.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const warnings = await consolidationWarnings(client, r.regionCode, r.period);
    let plan: Awaited<ReturnType<typeof consolidationSources>>;
    try {
      plan = await consolidationSources(client, r.regionCode, r.period);
    } catch (err) {
      if (err instanceof ConsolidationRefusedError) err.warnings = warnings;
      throw err;
    }
    const { bytes, records, sources } = await written(client, plan, r);
    const kept = await store.keepBytes(bytes);
    return {
      fileName: consolidatedFileName(r.regionCode, r.period),
      sha256: kept.sha256,
      sizeBytes: kept.sizeBytes,
      records,
      sources,
      warnings,
    };
  } finally {
    await client.query('COMMIT');
  }
}

async function written(
  client: ClientBase,
  plan: Omit<ConsolidationSource, 'firstCod' | 'lastCod'>[],
  r: { createdAt: Date; onProgress?: (records: number) => void },
): Promise<{ bytes: Buffer; records: number; sources: ConsolidationSource[] }> {
  const sources: ConsolidationSource[] = [];
  let cod = 0;
  async function* rows(): AsyncGenerator<Appendix1Row> {
    for (const source of plan) {
      const firstCod = cod + 1;
      let after = 0;
      for (;;) {
        const page = await client.query<StagedRow>(SELECT_PAGE, [source.submissionId, after]);
        for (const row of page.rows) yield asAppendix1(row, ++cod);
        if (page.rows.length < PAGE) break;
        after = page.rows[page.rows.length - 1]!.row;
        r.onProgress?.(cod);
      }
      sources.push({ ...source, firstCod: cod >= firstCod ? firstCod : null, lastCod: cod >= firstCod ? cod : null });
    }
  }
  const bytes = await writeAppendix1MdbAsync(rows(), { createdAt: r.createdAt });
  r.onProgress?.(cod);
  return { bytes, records: cod, sources };
}
