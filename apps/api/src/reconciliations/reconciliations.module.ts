/**
 * Reconciliation results for commissions and akimats: the runs, their statistics per category and
 * station, the findings (JSON, paged), and the akimat's report as XLSX or PDF in Russian or Kazakh.
 * Findings carry personal data: every read is audited before anything is returned.
 */
import { Module } from '@nestjs/common';
import { ReconciliationsService } from './reconciliations.service';
import { ReconciliationsController } from './reconciliations.controller';

@Module({ controllers: [ReconciliationsController], providers: [ReconciliationsService] })
export class ReconciliationsModule {}
