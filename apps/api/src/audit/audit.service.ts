import { Injectable } from '@nestjs/common';
import { Database } from '../core/infrastructure.module';

export interface AuditEntry {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason?: string;
  requestId?: string;
  outcome?: 'ok' | 'refused' | 'not-found';
}

@Injectable()
export class AuditService {
  constructor(private readonly db: Database) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.client.auditEvent.create({ data: { ...entry, outcome: entry.outcome ?? 'ok' } });
  }
}
