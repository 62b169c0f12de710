/**
 * The audit trail: who read or changed what, when, why. Subjects are ids, never personal data.
 * Reads of personal data are recorded before the data is returned; if the record cannot be
 * written the read fails.
 */
import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';
import { RefusalAudit } from './refusal-audit';

@Global()
@Module({ providers: [AuditService, RefusalAudit], exports: [AuditService, RefusalAudit] })
export class AuditModule {}
