import { HttpStatus, Injectable } from '@nestjs/common';
import type { Prisma } from '../../../../libs/db/prisma';
import { csvLine } from '../../../../libs/files/csv-export';
import { Database } from '../core/infrastructure.module';
import { DirectoryService } from '../directory/directory.service';
import { Problem } from '../core/problem';
import { AuditService } from './audit.service';
import { AuditQueryDto } from './audit-log.dto';
import type { Actor } from '../core/access';

const COLUMNS = ['id', 'at', 'actor', 'action', 'subjectType', 'subjectId', 'outcome', 'requestId', 'reason'] as const;
type Row = Prisma.AuditEventGetPayload<object>;

const view = (r: Row) => ({ ...r, id: r.id.toString() });

@Injectable()
export class AuditLogService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
  ) {}

  where(q: AuditQueryDto, before?: bigint): Prisma.AuditEventWhereInput {
    if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) {
      throw new Problem(HttpStatus.BAD_REQUEST, 'audit.range', {}, 'from must come before to', [
        { field: 'to', message: 'to must come after from' },
      ]);
    }
    const action = q.action?.endsWith('*') ? { startsWith: q.action.slice(0, -1) } : q.action;
    return {
      actor: q.actor,
      action,
      subjectType: q.subjectType,
      subjectId: q.subjectId,
      outcome: q.outcome,
      at:
        q.from || q.to
          ? { gte: q.from ? new Date(q.from) : undefined, lt: q.to ? new Date(q.to) : undefined }
          : undefined,
      id: before !== undefined ? { lt: before } : undefined,
    };
  }

  async list(q: AuditQueryDto) {
    const limit = q.limit ?? 100;
    const rows = await this.db.client.auditEvent.findMany({
      where: this.where(q, q.after ? BigInt(q.after) : undefined),
      orderBy: { id: 'desc' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(view),
      // The officials of the page by name and role, for «Кто» (the ids stay in `actor` for filtering).
      people: await this.directory.people(
        page.flatMap((r) => [r.actor, r.subjectType === 'user' ? r.subjectId : null]),
      ),
      nextCursor: rows.length > limit ? page[page.length - 1].id.toString() : null,
    };
  }

  /** The selection as CSV lines, read 1,000 at a time by keyset: constant memory whatever its size. */
  async *csv(q: AuditQueryDto): AsyncGenerator<string> {
    yield csvLine(COLUMNS);
    let before = q.after ? BigInt(q.after) : undefined;
    for (;;) {
      const rows = await this.db.client.auditEvent.findMany({
        where: this.where(q, before),
        orderBy: { id: 'desc' },
        take: 1000,
      });
      if (!rows.length) return;
      // Every cell through the one guard of CSV exports (libs/files/csv-export.ts): RFC 4180, formulas defused.
      yield rows.map((r) => csvLine(COLUMNS.map((c) => r[c]))).join('');
      if (rows.length < 1000) return;
      before = rows[rows.length - 1].id;
    }
  }

  async recordExport(q: AuditQueryDto, actor: Actor, requestId?: string): Promise<void> {
    const filters = Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('&');
    await this.audit.record({
      actor: actor.id,
      action: 'audit.export',
      subjectType: 'audit-log',
      subjectId: 'csv',
      reason: filters || 'all',
      requestId,
    });
  }
}
