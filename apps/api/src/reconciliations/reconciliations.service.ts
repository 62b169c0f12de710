import { HttpStatus, Injectable } from '@nestjs/common';
import type { ReconciliationResult } from '../../../../libs/db/reconciliation/engine';
import {
  listDiscrepancies,
  listRuns,
  reportData,
  runResult,
  stationStatistics,
} from '../../../../libs/db/reconciliation/read';
import { CATEGORIES, subcategoryLabel } from '../../../../libs/reconciliation/categories';
import { evidenceText, reportPdf, reportXlsx, type ReportDiscrepancy } from '../../../../libs/reconciliation/report';
import { AuditService } from '../audit/audit.service';
import { narrowed, type Territory } from '../core/access';
import { Database } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import { RunsQueryDto, DiscrepanciesQueryDto, ReportQueryDto } from './reconciliations.dto';

/** Evidence keys that hold a district's id, and a region's code: shown by name. */
const DISTRICT_KEYS = ['registerDistrict', 'otherDistrict'] as const;
const REGION_KEYS = ['registerRegion'] as const;

export const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

@Injectable()
export class ReconciliationsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  async runs(q: RunsQueryDto, scope: Territory) {
    const limit = q.limit ?? 50;
    const filter = narrowed(q, scope);
    if (!filter) return { items: [], nextCursor: null };
    const items = await listRuns(this.db.client, { ...filter, limit });
    return { items, nextCursor: items.length === limit ? items[limit - 1].id : null };
  }

  async result(id: string): Promise<ReconciliationResult> {
    const result = await runResult(this.db.client, id);
    if (!result)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'reconciliation.not-found',
        { runId: id },
        `No reconciliation run ${id} with staged files is on record`,
      );
    return result;
  }

  async summary(result: ReconciliationResult) {
    return { ...result, perStation: await stationStatistics(this.db.client, result) };
  }

  async discrepancies(
    id: string,
    result: ReconciliationResult,
    q: DiscrepanciesQueryDto,
    actor: string,
    requestId?: string,
  ) {
    await this.audit.record({
      actor,
      action: 'reconciliation.discrepancies.read',
      subjectType: 'reconciliation',
      subjectId: id,
      reason: q.reason,
      requestId,
    });
    const limit = q.limit ?? 200;
    const rows = await listDiscrepancies(this.db.client, result, {
      category: q.category,
      station: q.station,
      limit,
      after: q.after,
    });
    const [places, total, run] = await Promise.all([
      this.places(result, rows),
      this.count(result.runId, q),
      this.run(result),
    ]);
    const items = rows.map((d) => this.shown(d, places));
    return { run, total, items, nextCursor: rows.length === limit ? rows[limit - 1]!.id : null };
  }

  /** How many findings the filter holds in all (the pages together). */
  private async count(runId: string, q: DiscrepanciesQueryDto): Promise<number> {
    const rows = await this.db.client.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM reconciliation_discrepancy
        WHERE run_id = $1::uuid AND ($2::int IS NULL OR category = $2::int)
          AND ($3::text IS NULL OR ltrim(station_code, '0') = ltrim($3::text, '0'))`,
      runId,
      q.category ?? null,
      q.station ?? null,
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * The run as a reader names it: its district and region by name, the findings per category (with
   * the category's words) and per station (with the station's premises), for the view's filters.
   */
  private async run(result: ReconciliationResult) {
    const district = await this.db.client.district.findUniqueOrThrow({
      where: { id: result.districtId },
      include: { region: true },
    });
    const perCategory = new Map<number, number>();
    for (const f of result.findings) perCategory.set(f.category, (perCategory.get(f.category) ?? 0) + f.records);
    const stations = await this.db.client.$queryRawUnsafe<{ station: string; n: number }[]>(
      `SELECT station, n FROM (
         SELECT coalesce(NULLIF(ltrim(btrim(station_code), '0'), ''), '') AS station, count(*)::int AS n
           FROM reconciliation_discrepancy WHERE run_id = $1::uuid GROUP BY 1) s
        ORDER BY CASE WHEN station ~ '^[0-9]+$' THEN lpad(station, 12, '0') ELSE station END`,
      result.runId,
    );
    const premises = await this.premises(
      district.regionCode,
      stations.map((s) => s.station),
    );
    return {
      id: result.runId,
      period: result.period,
      round: result.round,
      reconciledAt: result.reconciledAt,
      voterRecords: result.voterRecords,
      recordsWithFindings: result.recordsWithFindings,
      region: { code: district.regionCode, name: { ru: district.region.nameRu, kk: district.region.nameKk } },
      district: { id: district.id, name: { ru: district.nameRu, kk: district.nameKk } },
      categories: [...perCategory]
        .sort(([a], [b]) => a - b)
        .map(([category, records]) => ({
          category,
          records,
          label: { ru: CATEGORIES[category]?.ru ?? String(category), kk: CATEGORIES[category]?.kk ?? String(category) },
        })),
      stations: stations.map((s) => ({
        station: s.station || null,
        findings: s.n,
        premises: premises.get(s.station) ?? null,
      })),
    };
  }

  /** The premises of the region's stations by number ("412" → "школа № 5"). */
  private async premises(regionCode: string, numbers: string[]): Promise<Map<string, string>> {
    const wanted = numbers.filter((n) => /^\d{1,9}$/.test(n)).map(Number);
    if (wanted.length === 0) return new Map();
    const rows = await this.db.client.pollingStation.findMany({
      where: { regionCode, number: { in: wanted } },
      select: { number: true, premises: true },
    });
    return new Map(rows.map((r) => [String(r.number), r.premises]));
  }

  /** The districts and regions the page's evidence names, by code. */
  private async places(result: ReconciliationResult, rows: ReportDiscrepancy[]) {
    const districtIds = new Set<string>();
    const regionCodes = new Set<string>();
    for (const d of rows) {
      const e = d.evidence ?? {};
      for (const key of DISTRICT_KEYS) if (typeof e[key] === 'string') districtIds.add(e[key]);
      for (const key of REGION_KEYS) if (typeof e[key] === 'string') regionCodes.add(e[key]);
    }
    const [districts, regions] = await Promise.all([
      this.db.client.district.findMany({
        where: { id: { in: [...districtIds] } },
        select: { id: true, nameRu: true, nameKk: true, region: { select: { nameRu: true, nameKk: true } } },
      }),
      this.db.client.region.findMany({
        where: { code: { in: [...regionCodes] } },
        select: { code: true, nameRu: true, nameKk: true },
      }),
    ]);
    const stationNumbers = rows.flatMap((d) => [
      ...(d.stationCode ? [d.stationCode.trim().replace(/^0+/, '')] : []),
      ...(typeof d.evidence?.otherStation === 'string' ? [d.evidence.otherStation.trim().replace(/^0+/, '')] : []),
    ]);
    return {
      districts: new Map(districts.map((x) => [x.id, x])),
      regions: new Map(regions.map((x) => [x.code, x])),
      premises: await this.premises(result.regionCode, stationNumbers),
    };
  }

  /**
   * One finding as the console shows it: its kind and evidence in Russian and Kazakh, the districts
   * and regions it names by their names (the evidence keeps their codes), its station's premises.
   */
  private shown(d: ReportDiscrepancy, places: Awaited<ReturnType<ReconciliationsService['places']>>) {
    const named: { kind: 'district' | 'region'; code: string; name: { ru: string; kk: string } }[] = [];
    const evidenceIn = (lang: 'ru' | 'kk') => {
      const e: Record<string, unknown> = { ...(d.evidence ?? {}) };
      for (const key of DISTRICT_KEYS) {
        const x = typeof e[key] === 'string' ? places.districts.get(e[key]) : undefined;
        if (x) e[key] = lang === 'ru' ? x.nameRu : x.nameKk;
      }
      for (const key of REGION_KEYS) {
        const x = typeof e[key] === 'string' ? places.regions.get(e[key]) : undefined;
        if (x) e[key] = lang === 'ru' ? x.nameRu : x.nameKk;
      }
      return evidenceText({ ...d, evidence: e }, lang);
    };
    for (const key of DISTRICT_KEYS) {
      const code = d.evidence?.[key];
      const x = typeof code === 'string' ? places.districts.get(code) : undefined;
      if (x) named.push({ kind: 'district', code: x.id, name: { ru: x.nameRu, kk: x.nameKk } });
    }
    for (const key of REGION_KEYS) {
      const code = d.evidence?.[key];
      const x = typeof code === 'string' ? places.regions.get(code) : undefined;
      if (x) named.push({ kind: 'region', code: x.code, name: { ru: x.nameRu, kk: x.nameKk } });
    }
    const station = d.stationCode?.trim().replace(/^0+/, '') || null;
    const other = typeof d.evidence?.otherStation === 'string' ? d.evidence.otherStation.trim().replace(/^0+/, '') : '';
    return {
      ...d,
      station,
      premises: station ? (places.premises.get(station) ?? null) : null,
      otherStation: other ? { number: other, premises: places.premises.get(other) ?? null } : null,
      categoryLabel: {
        ru: CATEGORIES[d.category]?.ru ?? String(d.category),
        kk: CATEGORIES[d.category]?.kk ?? String(d.category),
      },
      label: { ru: subcategoryLabel(d.subcategory, 'ru'), kk: subcategoryLabel(d.subcategory, 'kk') },
      evidenceText: { ru: evidenceIn('ru'), kk: evidenceIn('kk') },
      places: named,
    };
  }

  async report(
    id: string,
    result: ReconciliationResult,
    q: ReportQueryDto,
    actor: string,
    requestId?: string,
  ): Promise<{ body: Buffer; fileName: string; contentType: string }> {
    const format = q.format ?? 'xlsx';
    const lang = q.lang ?? 'ru';
    await this.audit.record({
      actor,
      action: `reconciliation.report.${format}`,
      subjectType: 'reconciliation',
      subjectId: id,
      reason: q.reason,
      requestId,
    });
    const data = await reportData(this.db.client, result, new Date().toISOString());
    const body = format === 'pdf' ? await reportPdf(data, lang) : await reportXlsx(data, lang);
    return {
      body,
      fileName: `sverka_${result.districtId}_${result.period}_r${result.round}_${lang}.${format}`,
      contentType: CONTENT_TYPES[format],
    };
  }
}
