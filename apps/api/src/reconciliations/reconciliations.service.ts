import { HttpStatus, Injectable } from '@nestjs/common';
import type { ReconciliationResult } from '../../../../libs/db/reconciliation/engine';
import {
  listDiscrepancies,
  listRuns,
  reportData,
  runResult,
  stationStatistics,
} from '../../../../libs/db/reconciliation/read';
import { reportPdf, reportXlsx } from '../../../../libs/reconciliation/report';
import { AuditService } from '../audit/audit.service';
import { narrowed, type Territory } from '../core/access';
import { Database } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import { RunsQueryDto, DiscrepanciesQueryDto, ReportQueryDto } from './reconciliations.dto';

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
    const items = await listDiscrepancies(this.db.client, result, {
      category: q.category,
      station: q.station,
      limit,
      after: q.after,
    });
    return { items, nextCursor: items.length === limit ? items[limit - 1].id : null };
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
