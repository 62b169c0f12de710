/**
 * Contract of the semiannual cycle workflows (DOMAIN.md §2): one per period (national), one per
 * (period, region), one per (period, district). Ids, inputs, the live state the queries return,
 * and the task-completion Update the API sends. Plain data only: imported by workflow code, the
 * API and the activities. No personal data anywhere here.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CycleSchedule, CycleStep } from './calendar';
import { CYCLE_ROLES, type CycleRole } from './roles';

/**
 * Patch ids of the cycle workflows (Temporal's patched(): histories recorded before a change replay
 * the old way). CALENDAR_YEAR_OF_TODAY: the calendar loaded also holds the current year.
 */
export const CALENDAR_YEAR_OF_TODAY = 'calendar-year-of-today';
/**
 * Issue 25: the calendar loaded holds also the years between today's and the period's that are on
 * record (a cycle started two years ahead, on 31 December after hours, counts from 2 January);
 * one not on record is left out, as before.
 */
export const CALENDAR_YEARS_SPANNING = 'calendar-years-spanning';
/**
 * Issue 25: a child that fails (a district's reconciliation out of its attempts, a region's
 * database activity out of its) is recorded, escalated and waits for a retry; its siblings and its
 * parent run on. Histories from before awaited the children all together and failed with the first.
 */
export const CHILD_FAILURE_ISOLATION = 'child-failure-isolation';

export { CYCLE_ROLES, type CycleRole };

export const TASK_KINDS = [
  'SUBMIT_FILES',
  'REVIEW_DISCREPANCIES',
  'SUBMIT_CORRECTIONS',
  'SUBMIT_TO_CEC',
  'RECORD_CEC_RECEIPT',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Who does each task, and which step of the cycle it completes. */
export const TASK_RULES: Record<TaskKind, { role: CycleRole; step: CycleStep }> = {
  SUBMIT_FILES: { role: 'AKIMAT_REGISTRAR', step: 'submission' },
  REVIEW_DISCREPANCIES: { role: 'DISTRICT_COMMISSION', step: 'reply' },
  SUBMIT_CORRECTIONS: { role: 'AKIMAT_REGISTRAR', step: 'correction' },
  SUBMIT_TO_CEC: { role: 'REGIONAL_COMMISSION', step: 'cecSubmission' },
  RECORD_CEC_RECEIPT: { role: 'CEC_COORDINATOR', step: 'cecSubmission' },
};

/**
 * The escalation ladder (issue 4): the responsible party, then the district commission's chair,
 * the regional commission, the CEC coordinator. Each rung after the first is reached a delay
 * after the deadline passed.
 */
export interface EscalationPolicy {
  /** How long before a deadline the responsible party is reminded. */
  reminderLeadMinutes: number;
  /** Minutes after the deadline at which each rung is reached; the first is 0. */
  ladder: { level: CycleRole | 'RESPONSIBLE'; afterMinutes: number }[];
}

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  reminderLeadMinutes: 24 * 60,
  ladder: [
    { level: 'RESPONSIBLE', afterMinutes: 0 },
    { level: 'DISTRICT_COMMISSION', afterMinutes: 4 * 60 },
    { level: 'REGIONAL_COMMISSION', afterMinutes: 24 * 60 },
    { level: 'CEC_COORDINATOR', afterMinutes: 48 * 60 },
  ],
};

// ---- Ids: period and territory codes only. ------------------------------------------------------

export const nationalCycleWorkflowId = (period: string) => `cycle-${period}`;
export const regionCycleWorkflowId = (period: string, regionCode: string) => `cycle-${period}-region-${regionCode}`;
export const districtCycleWorkflowId = (period: string, districtId: string) => `cycle-${period}-district-${districtId}`;

export const NATIONAL_CYCLE_WORKFLOW = 'nationalCycleWorkflow';
export const CYCLE_STARTER_WORKFLOW = 'cycleStarterWorkflow';

export interface CycleOptions {
  policy: EscalationPolicy;
  /**
   * Publish the Tizim* search attributes (stage, at-risk; on children also period and territory).
   * Always true in service; false only on a server where they cannot be registered (Temporal's
   * time-skipping test server), since an unregistered attribute fails the workflow task.
   */
  searchAttributes: boolean;
}

export interface NationalCycleInput extends CycleOptions {
  period: string;
}

export interface RegionCycleInput extends CycleOptions {
  period: string;
  regionCode: string;
}

export interface DistrictCycleInput extends CycleOptions {
  period: string;
  regionCode: string;
  districtId: string;
  /**
   * A run started by an admin's retry after the district's previous run failed (issue 25): it
   * closes what the failed run left open and carries on from the last files handed over (the
   * records in PostgreSQL), reconciling them again, instead of asking the akimat for them again.
   */
  resume?: boolean;
}

/** Started by the Temporal Schedule ahead of 1 January and 1 July: picks the coming period. */
export interface CycleStarterInput extends CycleOptions {
  /** Override for tests and re-runs; otherwise the first period whose 1st is after the start. */
  period?: string;
}

// ---- Live state (queries). ---------------------------------------------------------------------

/** The stages of each level's workflow, in order (the API's filters take them from here). */
export const DISTRICT_STAGES = [
  'awaiting-submission',
  'reconciling',
  'commission-review',
  'awaiting-corrections',
  'ready',
] as const;
export const REGION_STAGES = ['districts-in-progress', 'submitting-to-cec', 'awaiting-cec-receipt', 'done'] as const;
export const NATIONAL_STAGES = ['regions-in-progress', 'done'] as const;
export type DistrictStage = (typeof DISTRICT_STAGES)[number];
export type RegionStage = (typeof REGION_STAGES)[number];
export type NationalStage = (typeof NATIONAL_STAGES)[number];

export interface TaskView {
  id: string;
  kind: TaskKind;
  round: number;
  assigneeRole: CycleRole;
  dueAt: string;
  status: 'OPEN' | 'COMPLETED' | 'CANCELLED';
  completedBy: string | null;
  completedAt: string | null;
}

export interface EscalationView {
  id: string;
  step: CycleStep;
  /** STEP_FAILED: a district's workflow failed for good and waits for an admin's retry (issue 25). */
  reason: 'DEADLINE_PASSED' | 'PROJECTED_MISS' | 'STEP_FAILED';
  level: CycleRole;
  deadlineAt: string;
  raisedAt: string;
  resolvedAt: string | null;
  /** When an official acknowledged it (escalationHandledSignal); absent in histories from before. */
  acknowledgedAt?: string | null;
  /** Who resolved it: 'workflow' (the step was done, the chain fits again, the period was called off) or 'official'. */
  resolvedBy?: 'workflow' | 'official';
}

export interface DistrictCycleState {
  period: string;
  regionCode: string;
  districtId: string;
  stage: DistrictStage;
  round: number;
  /** Null only in the first moments, before the workflow has loaded its calendar. */
  schedule: CycleSchedule | null;
  atRisk: boolean;
  tasks: TaskView[];
  escalations: EscalationView[];
  lastReconciliation: ReconciliationSummary | null;
}

/** A child workflow that failed for good and waits for a retry (issue 25); no personal data in `reason`. */
export interface FailedChild {
  /** The failure as the child reported it (its cause's message: the activity's error). */
  reason: string;
  at: string;
  /** The escalation raised to the regional commission and the CEC coordinator (null at national level). */
  escalationId: string | null;
}

export interface RegionCycleState {
  period: string;
  regionCode: string;
  stage: RegionStage;
  /**
   * `failed`: the district's last run failed and waits for an admin's retry; `retries`: runs started
   * by retries. Both absent in histories from before issue 25.
   */
  districts: {
    districtId: string;
    workflowId: string;
    ready: boolean;
    failed?: FailedChild | null;
    retries?: number;
  }[];
  cecDeadline: string | null;
  tasks: TaskView[];
  escalations: EscalationView[];
}

export interface NationalCycleState {
  period: string;
  stage: NationalStage;
  /** `failed`: the region's workflow failed; the others run on (issue 25). Absent in histories from before. */
  regions: { regionCode: string; workflowId: string; done: boolean; failed?: FailedChild | null }[];
  regionsWithoutDistricts: string[];
}

export const districtStateQuery = defineQuery<DistrictCycleState>('districtState');
export const regionStateQuery = defineQuery<RegionCycleState>('regionState');
export const nationalStateQuery = defineQuery<NationalCycleState>('nationalState');

// ---- Task completion (Update). -----------------------------------------------------------------

/** Who completes a task, as the API authenticated them. */
export interface CycleActor {
  id: string;
  role: CycleRole | 'ADMIN';
  regionCode?: string;
  districtId?: string;
}

export interface SubmittedFile {
  kind: 'voters' | 'stations' | 'boundaries';
  name: string;
  sizeBytes: number;
  records: number;
  sha256?: string;
}

/** What each task kind's completion carries. */
export type TaskOutcome =
  | {
      kind: 'SUBMIT_FILES' | 'SUBMIT_CORRECTIONS';
      /** The files as the transfer act lists them; empty (or left out) when `transferActId` names the act. */
      files: SubmittedFile[];
      /** The staged files (voter file and station list) the reconciliation reads; see libs/reconciliation. */
      submissionId?: string;
      /**
       * The transfer act recorded in Tizim (libs/files/transfer-act.ts) whose receipt checked the
       * files: the reconciliation takes the files and the submission from it.
       */
      transferActId?: string;
    }
  | { kind: 'REVIEW_DISCREPANCIES'; decision: 'send-back' | 'accept'; comment?: string }
  | { kind: 'SUBMIT_TO_CEC'; actNumber: string }
  | { kind: 'RECORD_CEC_RECEIPT'; receivedAt: string };

export interface CompleteTaskRequest {
  taskId: string;
  /** The API's request id: a repeated completion with the same id answers as the first did. */
  requestId: string;
  actor: CycleActor;
  outcome: TaskOutcome;
}

export interface CompleteTaskResult {
  taskId: string;
  kind: TaskKind;
  completedAt: string;
  completedBy: string;
  /** True when this request had already completed the task (a retry). */
  repeated: boolean;
}

export const completeTaskUpdate = defineUpdate<CompleteTaskResult, [CompleteTaskRequest]>('completeTask');

// ---- Escalations handled by an official (signal). ----------------------------------------------

/**
 * An official acknowledged or resolved an escalation through the API (recorded in PostgreSQL
 * first). The workflow stops climbing the ladder for it: someone answers for it now. Ids and the
 * moment only; the comment and the note stay in PostgreSQL.
 */
export interface EscalationHandled {
  escalationId: string;
  action: 'acknowledged' | 'resolved';
  at: string;
}

export const escalationHandledSignal = defineSignal<[EscalationHandled]>('escalationHandled');

// ---- An admin's retry of a failed district (Update to the region's workflow, issue 25). -------

/**
 * The API records the request first (workflow_request, action `cycle-district.retry`, subject the
 * district's workflow id, payload `{ districtId }`) and audits it with the admin's reason; the
 * message carries ids only, the reason stays in the audit log.
 */
export interface RetryDistrictRequest {
  districtId: string;
  requestId: string;
  actor: { id: string; role: string };
}

export interface RetryDistrictResult {
  districtId: string;
  workflowId: string;
  /** Runs started by retries so far, this one included. */
  retries: number;
  retriedAt: string;
}

export const retryDistrictUpdate = defineUpdate<RetryDistrictResult, [RetryDistrictRequest]>('retryDistrict');

/** Why a retry was refused (the district has not failed, not an admin); the API answers 409. */
export const RETRY_REFUSED = 'DistrictRetryRefused';

/** Why a completion was refused; the API answers 409 with the message. */
export const TASK_REFUSED = 'TaskCompletionRefused';

/**
 * What a reconciliation round tells the workflow: counts only, one entry per kind of finding (the
 * findings themselves, with personal data, stay in PostgreSQL under `runId`).
 */
export interface ReconciliationSummary {
  round: number;
  discrepancies: { code: string; message: string; expected?: number; actual?: number }[];
  reconciledAt: string;
  runId?: string;
  submissionId?: string | null;
}
