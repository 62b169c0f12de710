/**
 * The cycle's workflows for admins and the CEC coordinator (read only): listed by period,
 * territory, stage, type and status through Temporal visibility, with Temporal's page token as
 * the cursor; each one's history as a timeline in plain words (history-timeline.ts), and raw, as
 * Temporal's JSON, for export (payloads left sealed by the codec; the export is audited). Each
 * answer links the workflow in the Temporal Web UI (TEMPORAL_UI_URL).
 *
 * Only the cycle's workflow types are shown: a registration check's payloads name a citizen.
 */
import { Module } from '@nestjs/common';
import { WorkflowsService } from './workflows.service';
import { WorkflowsController } from './workflows.controller';

@Module({ controllers: [WorkflowsController], providers: [WorkflowsService], exports: [WorkflowsService] })
export class WorkflowsModule {}
