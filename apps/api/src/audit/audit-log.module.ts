/**
 * The audit trail for admins: who read or changed what, newest first, filtered by actor, action,
 * subject, outcome and time, paged by a cursor on the id (keyset, so a page never shifts while new
 * events arrive); and the same selection as CSV, streamed in batches, the export itself audited.
 */
import { Module } from '@nestjs/common';
import { AuditLogService } from './audit-log.service';
import { AuditLogController } from './audit-log.controller';

@Module({ controllers: [AuditLogController], providers: [AuditLogService] })
export class AuditLogModule {}
