import { Injectable } from '@nestjs/common';
import { Database } from '../core/infrastructure.module';

export interface AuditEntry {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason?: string;
  requestId?: string;
  /**
   * not-applied: it did not go through (the workflow or the database failed; nothing changed);
   * unknown: no answer came in time, so whether it went through is not known (issue 25).
   */
  outcome?: 'ok' | 'refused' | 'not-found' | 'not-applied' | 'unknown';
}

@Injectable()
export class AuditService {
  constructor(private readonly db: Database) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.client.auditEvent.create({ data: { ...entry, outcome: entry.outcome ?? 'ok' } });
  }
}
