/**
 * Reading a reconciliation run back: its summary, statistics per station, the findings with the
 * voter file's names beside them (personal data: callers audit every read), and the data of the
 * akimat's report. Statistics are computed from the findings, so they never disagree with them.
 */
import type { PrismaClient } from '../prisma';
import type { ReconciliationResult } from './engine';
import type { ReportData, ReportDiscrepancy, ReportStationRow } from '../../reconciliation/report';

export interface RunView {
  id: string;
  workflowId: string;
  period: string;
  districtId: string;
  round: number;
  discrepancies: number;
  submissionId: string | null;
  referenceDate: string | null;
  createdAt: Date;
}

export interface RunListFilter {
  period?: string;
  districtId?: string;
  regionCode?: string;
  limit: number;
  /** The id of the last run of the previous page (runs are listed newest first). */
  after?: string;
}

export async function listRuns(prisma: PrismaClient, f: RunListFilter): Promise<RunView[]> {
  const districtIds = f.regionCode
    ? (await prisma.district.findMany({ where: { regionCode: f.regionCode }, select: { id: true } })).map((d) => d.id)
    : undefined;
  const rows = await prisma.cycleReconciliation.findMany({
    where: { period: f.period, districtId: f.districtId ?? (districtIds ? { in: districtIds } : undefined) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: f.limit,
    ...(f.after ? { cursor: { id: f.after }, skip: 1 } : {}),
  });
  return rows.map((r) => ({
    id: r.id,
    workflowId: r.workflowId,
    period: r.period,
    districtId: r.districtId,
    round: r.round,
    discrepancies: r.discrepancies,
    submissionId: r.submissionId,
    referenceDate: r.referenceDate?.toISOString().slice(0, 10) ?? null,
    createdAt: r.createdAt,
  }));
}

/** The engine's result of a run; null when there is no such run or it reconciled no files. */
export async function runResult(prisma: PrismaClient, runId: string): Promise<ReconciliationResult | null> {
  const run = await prisma.cycleReconciliation.findUnique({ where: { id: runId } });
  return run?.submissionId ? (run.result as unknown as ReconciliationResult) : null;
}

/** Per station: live voters in the file and records with findings in each category 1-9. */
export async function stationStatistics(
  prisma: PrismaClient,
  result: ReconciliationResult,
): Promise<ReportStationRow[]> {
  const rows = await prisma.$queryRawUnsafe<
    { station: string; voters: number; by_category: Record<string, number> | null }[]
  >(
    `WITH v AS (
       SELECT coalesce(NULLIF(ltrim(btrim(station_code), '0'), ''), '') AS station, count(*)::int AS voters
         FROM voter_file_record WHERE submission_id = $1::uuid AND NOT deleted GROUP BY 1),
     d AS (
       SELECT coalesce(NULLIF(ltrim(btrim(station_code), '0'), ''), '') AS station, category, count(DISTINCT row)::int AS n
         FROM reconciliation_discrepancy WHERE run_id = $2::uuid AND category > 0 GROUP BY 1, 2)
     SELECT v.station, v.voters, (SELECT jsonb_object_agg(d.category, d.n) FROM d WHERE d.station = v.station) AS by_category
       FROM v ORDER BY CASE WHEN v.station ~ '^[0-9]+$' THEN lpad(v.station, 12, '0') ELSE v.station END`,
    result.submissionId,
    result.runId,
  );
  return rows.map((r) => ({
    station: r.station,
    voters: r.voters,
    byCategory: Object.fromEntries(Object.entries(r.by_category ?? {}).map(([k, n]) => [Number(k), n])),
  }));
}

export interface DiscrepancyFilter {
  category?: number;
  station?: string;
  limit: number;
  /** The id of the last finding of the previous page. */
  after?: string;
}

/** Findings in report order (category, station, Cod), with the file row's IIN and names (a finding names its row only). */
export async function listDiscrepancies(
  prisma: PrismaClient,
  result: ReconciliationResult,
  f: DiscrepancyFilter,
): Promise<ReportDiscrepancy[]> {
  const rows = await prisma.$queryRawUnsafe<
    (Omit<ReportDiscrepancy, 'firstName' | 'stationCode'> & {
      first_name: string | null;
      station_code: string | null;
      sort_key: string;
    })[]
  >(
    `WITH ordered AS (
       SELECT d.id::text AS id, d.category, d.subcategory, d.cod, d.row, r.iin, d.station_code, d.evidence,
              r.surname, r.first_name, r.patronymic,
              lpad(d.category::text, 2, '0') || '|' || lpad(coalesce(ltrim(d.station_code, '0'), ''), 12, '0') || '|' || lpad(coalesce(d.cod, 0)::text, 10, '0') || '|' || lpad(coalesce(d.row, 0)::text, 10, '0') || '|' || d.id::text AS sort_key
         FROM reconciliation_discrepancy d
         LEFT JOIN voter_file_record r ON r.submission_id = $2::uuid AND r.row = d.row
        WHERE d.run_id = $1::uuid AND ($3::int IS NULL OR d.category = $3::int) AND ($4::text IS NULL OR ltrim(d.station_code, '0') = ltrim($4::text, '0')))
     SELECT * FROM ordered
      WHERE $5::text IS NULL OR sort_key > (SELECT sort_key FROM ordered WHERE id = $5::text)
      ORDER BY sort_key LIMIT $6::int`,
    result.runId,
    result.submissionId,
    f.category ?? null,
    f.station ?? null,
    f.after ?? null,
    f.limit,
  );
  return rows.map((r) => ({
    id: r.id,
    category: r.category,
    subcategory: r.subcategory,
    cod: r.cod,
    row: r.row,
    iin: r.iin,
    stationCode: r.station_code,
    surname: r.surname,
    firstName: r.first_name,
    patronymic: r.patronymic,
    evidence: r.evidence,
  }));
}

/** Everything the akimat's report shows. */
export async function reportData(
  prisma: PrismaClient,
  result: ReconciliationResult,
  generatedAt: string,
): Promise<ReportData> {
  const district = await prisma.district.findUniqueOrThrow({
    where: { id: result.districtId },
    include: { region: true },
  });
  // Every finding in one ordered query: paging here would sort the run's findings once per page.
  const discrepancies = await listDiscrepancies(prisma, result, { limit: 2 ** 31 - 1 });
  return {
    result,
    regionName: { ru: district.region.nameRu, kk: district.region.nameKk },
    districtName: { ru: district.nameRu, kk: district.nameKk },
    perStation: await stationStatistics(prisma, result),
    discrepancies,
    generatedAt,
  };
}
