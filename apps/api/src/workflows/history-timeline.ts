/**
 * A cycle workflow's history as a timeline in plain words, for admins: what the workflow did and
 * when, read from the Temporal history itself (not from our tables), so it shows what Temporal
 * will replay.
 *
 * Payloads are decoded with the project's data converter (the codec opens them), but only named
 * fields of known shapes leave this file: ids, codes, roles, times, counts. The cycle contracts
 * carry no personal data (libs/contracts/cycle.ts); free text in them (a reviewer's comment,
 * file names, a termination reason) is left out or masked, so a payload that holds more than its
 * contract says still does not reach the answer.
 */
import type { LoadedDataConverter } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import {
  effectiveWorkingDay,
  localDateTimeOf,
  toLocalIso,
  WorkingCalendar,
  type CalendarYearData,
  type DeadlineSettings,
} from '../../../../libs/calendar';
import { maskIins } from '../../../../libs/observability/logger';
import {
  type CompleteTaskRequest,
  type CompleteTaskResult,
  type CycleRole,
  type ReconciliationSummary,
  type TaskKind,
} from '../../../../libs/contracts/cycle';
import { THE_ROLE_WORDS } from '../../../../libs/contracts/roles';
import { decodeFailure, decodePayloads, timestampMs } from './history-payloads';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;
const EventType = temporal.api.enums.v1.EventType;

export type TimelineKind =
  | 'workflow-started'
  | 'workflow-completed'
  | 'workflow-failed'
  | 'workflow-cancelled'
  | 'workflow-terminated'
  | 'workflow-timed-out'
  | 'workflow-continued-as-new'
  | 'calendar-loaded'
  | 'territory-read'
  | 'task-opened'
  | 'reminder-sent'
  | 'escalation-raised'
  | 'escalation-climbed'
  | 'escalation-resolved'
  | 'task-completed'
  | 'task-completion-repeated'
  | 'task-completion-rejected'
  | 'task-cancelled'
  | 'reconciliation'
  | 'activity'
  | 'activity-failed'
  | 'stage-changed'
  | 'signal'
  | 'update'
  | 'cancel-requested'
  | 'timer-started'
  | 'timer-fired'
  | 'timer-cancelled'
  | 'child-started'
  | 'child-closed'
  | 'child-start-failed';

export interface TimelineEntry {
  /** The history event this entry is read from. */
  eventId: number;
  /** ISO 8601 UTC. */
  at: string;
  /** The same instant in Asia/Almaty. */
  atLocal: string;
  kind: TimelineKind;
  /** What happened, in plain words. */
  summary: string;
  details?: Record<string, unknown>;
}

/** Who started a workflow when its history cannot say (the API's audit trail can). */
export interface Starter {
  actor: string;
  requestId: string | null;
}

export interface TimelineContext {
  converter: LoadedDataConverter;
  /** Calendar to measure lateness with when the workflow did not load one into its history. */
  fallbackCalendar: () => Promise<{ calendar: WorkingCalendar; settings: DeadlineSettings } | null>;
  /** Who started a workflow that has no parent and no Schedule (the API's audit trail). */
  starter: (workflowType: string, input: Record<string, unknown> | null, startedAt: Date) => Promise<Starter | null>;
  /** The API path of another workflow's readable history. */
  historyPath: (workflowId: string) => string;
}

const roleWords = (role: unknown) => THE_ROLE_WORDS[role as CycleRole] ?? String(role);

const STEP_WORDS: Record<string, string> = {
  submission: 'the submission of the files',
  reconciliation: 'the reconciliation',
  reply: "the commission's reply",
  correction: 'the corrections',
  cecSubmission: 'the submission to the CEC',
};

const local = (iso: string | null | undefined) =>
  iso && !Number.isNaN(Date.parse(iso)) ? toLocalIso(Date.parse(iso)) : String(iso);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

function duration(ms: number): string {
  const parts: string[] = [];
  const d = Math.floor(ms / 86_400_000);
  const h = Math.floor((ms % 86_400_000) / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  if (d) parts.push(plural(d, 'day'));
  if (h) parts.push(plural(h, 'hour'));
  if (m) parts.push(plural(m, 'minute'));
  if (s && !d && !h) parts.push(plural(s, 'second'));
  return parts.join(' ') || 'no time';
}

interface OpenTask {
  kind: TaskKind;
  dueAt: string;
  round: number;
  assigneeRole: CycleRole;
}

/** What a task's outcome said, without free text: the act, the files' kinds and counts, the decision. */
function outcomeSummary(outcome: unknown): Record<string, unknown> | null {
  const o = obj(outcome);
  if (!o) return null;
  switch (o.kind) {
    case 'SUBMIT_FILES':
    case 'SUBMIT_CORRECTIONS':
      return {
        kind: o.kind,
        ...(str(o.transferActId) ? { transferActId: o.transferActId } : {}),
        ...(str(o.submissionId) ? { submissionId: o.submissionId } : {}),
        files: Array.isArray(o.files)
          ? o.files.map((f) => ({
              kind: str(obj(f)?.kind),
              records: num(obj(f)?.records),
              sizeBytes: num(obj(f)?.sizeBytes),
            }))
          : [],
      };
    case 'REVIEW_DISCREPANCIES':
      return { kind: o.kind, decision: str(o.decision) };
    case 'SUBMIT_TO_CEC':
      return { kind: o.kind, actNumber: str(o.actNumber) };
    case 'RECORD_CEC_RECEIPT':
      return { kind: o.kind, receivedAt: str(o.receivedAt) };
    default:
      return { kind: str(o.kind) ?? null };
  }
}

export class HistoryTimeline {
  private readonly entries: TimelineEntry[] = [];
  private readonly activities = new Map<string, { type: string; input: unknown[] }>();
  private readonly updates = new Map<string, { name: string; request: CompleteTaskRequest | null }>();
  private readonly timers = new Map<string, { firesAt: number }>();
  private readonly children = new Map<string, { workflowId: string; type: string }>();
  private readonly tasks = new Map<string, OpenTask>();
  private readonly escalations = new Map<string, { level: CycleRole; taskId: string | null }>();
  private calendar: { calendar: WorkingCalendar; settings: DeadlineSettings } | null = null;
  private workflowType = '';
  /** The search attributes as last published: TizimStage and TizimAtRisk. */
  private published: { stage: string | null; atRisk: boolean | null } = { stage: null, atRisk: null };

  constructor(private readonly ctx: TimelineContext) {}

  static async read(events: readonly HistoryEvent[], ctx: TimelineContext): Promise<TimelineEntry[]> {
    const t = new HistoryTimeline(ctx);
    for (const event of events) await t.event(event);
    return t.entries;
  }

  private push(event: HistoryEvent, kind: TimelineKind, summary: string, details?: Record<string, unknown>): void {
    const ms = timestampMs(event.eventTime) ?? 0;
    this.entries.push({
      eventId: Number(event.eventId ?? 0),
      at: new Date(ms).toISOString(),
      atLocal: toLocalIso(ms),
      kind,
      summary,
      ...(details ? { details } : {}),
    });
  }

  /** Decodes payloads through the codec; a payload that cannot be opened (a retired key) reads as nothing. */
  private async decode(payloads: Payloads): Promise<unknown[]> {
    try {
      return await decodePayloads(this.ctx.converter, payloads);
    } catch {
      return [];
    }
  }

  private async failureWords(
    failure: temporal.api.failure.v1.IFailure | null | undefined,
  ): Promise<{ type: string; message: string }> {
    try {
      const err = failure ? await decodeFailure(this.ctx.converter, failure) : undefined;
      const type = (err as { type?: string } | undefined)?.type ?? err?.name ?? 'Error';
      return { type, message: maskIins(err?.message ?? '') };
    } catch {
      return { type: 'unknown', message: 'the failure could not be decoded' };
    }
  }

  private async event(e: HistoryEvent): Promise<void> {
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        return this.started(e);
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const a = e.activityTaskScheduledEventAttributes!;
        this.activities.set(String(e.eventId), {
          type: a.activityType?.name ?? '?',
          input: await this.decode(a.input),
        });
        return;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const a = e.activityTaskCompletedEventAttributes!;
        const scheduled = this.activities.get(String(a.scheduledEventId));
        if (scheduled) await this.activityDone(e, scheduled.type, scheduled.input, (await this.decode(a.result))[0]);
        return;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
      case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: {
        const a = e.activityTaskFailedEventAttributes ?? e.activityTaskTimedOutEventAttributes!;
        const scheduled = this.activities.get(String(a.scheduledEventId));
        const failure = await this.failureWords(a.failure);
        const timedOut = e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT;
        this.push(
          e,
          'activity-failed',
          `Activity ${scheduled?.type ?? '?'} ${timedOut ? 'timed out' : 'failed'} after its retries: ${failure.message || failure.type}`,
          {
            activity: scheduled?.type ?? null,
            failureType: failure.type,
          },
        );
        return;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const a = e.workflowExecutionUpdateAcceptedEventAttributes!;
        const name = a.acceptedRequest?.input?.name ?? '?';
        const args = await this.decode(a.acceptedRequest?.input?.args);
        this.updates.set(a.acceptedRequest?.meta?.updateId ?? '', {
          name,
          request: name === 'completeTask' ? (obj(args[0]) as CompleteTaskRequest | null) : null,
        });
        if (name !== 'completeTask') this.push(e, 'update', `Update ${name} accepted`, { update: name });
        return;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
        return this.updateCompleted(e);
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: {
        const name = e.workflowExecutionSignaledEventAttributes?.signalName ?? '?';
        return this.push(e, 'signal', `Signal ${name} received`, { signal: name });
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
        return this.push(e, 'cancel-requested', 'Cancellation requested: the open tasks and escalations are closed');
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        return this.searchAttributes(e);
      case EventType.EVENT_TYPE_TIMER_STARTED: {
        const a = e.timerStartedEventAttributes!;
        const firesAt = (timestampMs(e.eventTime) ?? 0) + (timestampMs(a.startToFireTimeout) ?? 0);
        this.timers.set(a.timerId ?? '', { firesAt });
        return this.push(
          e,
          'timer-started',
          `Waiting on a durable timer until ${toLocalIso(firesAt)} (${duration(timestampMs(a.startToFireTimeout) ?? 0)}), unless something happens first`,
          {
            timerId: a.timerId,
            firesAt: new Date(firesAt).toISOString(),
          },
        );
      }
      case EventType.EVENT_TYPE_TIMER_FIRED: {
        const timer = this.timers.get(e.timerFiredEventAttributes?.timerId ?? '');
        return this.push(
          e,
          'timer-fired',
          `Timer fired: the wait${timer ? ` until ${toLocalIso(timer.firesAt)}` : ''} is over`,
          { timerId: e.timerFiredEventAttributes?.timerId },
        );
      }
      case EventType.EVENT_TYPE_TIMER_CANCELED:
        return this.push(e, 'timer-cancelled', 'Timer cancelled: what it waited for happened first', {
          timerId: e.timerCanceledEventAttributes?.timerId,
        });
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
        const a = e.startChildWorkflowExecutionInitiatedEventAttributes!;
        this.children.set(String(e.eventId), { workflowId: a.workflowId ?? '?', type: a.workflowType?.name ?? '?' });
        return;
      }
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED: {
        const a = e.startChildWorkflowExecutionFailedEventAttributes!;
        const child = this.children.get(String(a.initiatedEventId));
        return this.push(
          e,
          'child-start-failed',
          `Child workflow ${child?.workflowId ?? a.workflowId} was not started: one with that id already exists`,
          { workflowId: child?.workflowId ?? a.workflowId },
        );
      }
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED: {
        const a = e.childWorkflowExecutionStartedEventAttributes!;
        const workflowId = a.workflowExecution?.workflowId ?? '?';
        return this.push(e, 'child-started', `Child workflow ${a.workflowType?.name ?? '?'} ${workflowId} started`, {
          workflowId,
          runId: a.workflowExecution?.runId,
          type: a.workflowType?.name,
          history: this.ctx.historyPath(workflowId),
        });
      }
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
      case EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT:
        return this.childClosed(e);
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: {
        const result = obj((await this.decode(e.workflowExecutionCompletedEventAttributes?.result))[0]);
        return this.push(
          e,
          'workflow-completed',
          `Workflow completed${this.resultWords(result)}`,
          result ? { result: this.safeResult(result) } : undefined,
        );
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: {
        const failure = await this.failureWords(e.workflowExecutionFailedEventAttributes?.failure);
        return this.push(e, 'workflow-failed', `Workflow failed: ${failure.message || failure.type}`, {
          failureType: failure.type,
        });
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        return this.push(e, 'workflow-cancelled', 'Workflow cancelled');
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED: {
        const a = e.workflowExecutionTerminatedEventAttributes;
        // The reason is an operator's free text: masked like a log line.
        return this.push(e, 'workflow-terminated', `Workflow terminated${a?.reason ? `: ${maskIins(a.reason)}` : ''}`, {
          identity: a?.identity ?? null,
        });
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
        return this.push(e, 'workflow-timed-out', 'Workflow timed out');
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        return this.push(
          e,
          'workflow-continued-as-new',
          `Workflow continued as new (run ${e.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? '?'})`,
        );
      default:
        return; // workflow tasks, markers, activity starts: how Temporal works, not what the cycle did
    }
  }

  private async started(e: HistoryEvent): Promise<void> {
    const a = e.workflowExecutionStartedEventAttributes!;
    this.workflowType = a.workflowType?.name ?? '?';
    const input = obj((await this.decode(a.input))[0]);
    const scope = {
      period: str(input?.period) ?? null,
      regionCode: str(input?.regionCode) ?? null,
      districtId: str(input?.districtId) ?? null,
    };
    const where = [
      scope.period && `period ${scope.period}`,
      scope.regionCode && `region ${scope.regionCode}`,
      scope.districtId && `district ${scope.districtId}`,
    ]
      .filter(Boolean)
      .join(', ');
    const details: Record<string, unknown> = {
      type: this.workflowType,
      ...scope,
      identity: a.identity ?? null,
      attempt: a.attempt ?? 1,
    };
    // The attributes it was started with (the parent's): a later upsert of the same values is no change.
    const initial = a.searchAttributes?.indexedFields ?? {};
    const flat = (v: unknown) => (Array.isArray(v) ? v[0] : v);
    if (initial.TizimStage)
      this.published.stage = String(flat(defaultPayloadConverter.fromPayload(initial.TizimStage)));
    if (initial.TizimAtRisk)
      this.published.atRisk = Boolean(flat(defaultPayloadConverter.fromPayload(initial.TizimAtRisk)));
    const scheduleField = initial.TemporalScheduledById;
    const scheduleId = scheduleField ? str(defaultPayloadConverter.fromPayload(scheduleField)) : undefined;
    let by: string;
    if (a.parentWorkflowExecution?.workflowId) {
      const parent = a.parentWorkflowExecution.workflowId;
      by = `its parent workflow ${parent}`;
      details.startedBy = { kind: 'parent-workflow', workflowId: parent, history: this.ctx.historyPath(parent) };
    } else if (scheduleId) {
      by = `the Schedule ${scheduleId}`;
      details.startedBy = { kind: 'schedule', scheduleId };
    } else {
      const starter = await this.ctx.starter(this.workflowType, input, new Date(timestampMs(e.eventTime) ?? 0));
      by = starter ? `${starter.actor} through the API` : `a Temporal client (${a.identity ?? 'unknown identity'})`;
      details.startedBy = starter
        ? { kind: 'api', actor: starter.actor, requestId: starter.requestId }
        : { kind: 'client', identity: a.identity ?? null };
    }
    this.push(
      e,
      'workflow-started',
      `Workflow ${this.workflowType}${where ? ` for ${where}` : ''} started by ${by}`,
      details,
    );
  }

  private async activityDone(e: HistoryEvent, type: string, input: unknown[], result: unknown): Promise<void> {
    switch (type) {
      case 'loadCalendar': {
        const snapshot = obj(result);
        const years = Array.isArray(snapshot?.years) ? (snapshot!.years as CalendarYearData[]) : [];
        const settings = obj(snapshot?.settings) as DeadlineSettings | null;
        try {
          if (years.length && settings) this.calendar = { calendar: new WorkingCalendar(years), settings };
        } catch {
          this.calendar = null;
        }
        const yearList = years.map((y) => y.year).join(', ');
        return this.push(
          e,
          'calendar-loaded',
          `Working-day calendar loaded for ${yearList || 'no year'}; every deadline of this workflow is computed on it`,
          {
            years: years.map((y) => ({ year: y.year, version: y.version })),
          },
        );
      }
      case 'listRegions': {
        const r = obj(result);
        const withDistricts = Array.isArray(r?.withDistricts) ? (r!.withDistricts as string[]) : [];
        const without = Array.isArray(r?.withoutDistricts) ? (r!.withoutDistricts as string[]) : [];
        return this.push(
          e,
          'territory-read',
          `${plural(withDistricts.length, 'region')} with districts on record${without.length ? `; ${plural(without.length, 'region')} without any` : ''}`,
          {
            withDistricts,
            withoutDistricts: without,
          },
        );
      }
      case 'listDistricts': {
        const ids = Array.isArray(result) ? (result as string[]) : [];
        return this.push(
          e,
          'territory-read',
          `${plural(ids.length, 'district')} in region ${String(input[0])}: ${ids.join(', ')}`,
          { districts: ids },
        );
      }
      case 'openTask': {
        const t = obj(input[0]);
        if (!t) return;
        const task: OpenTask = {
          kind: t.kind as TaskKind,
          dueAt: String(t.dueAt),
          round: Number(t.round ?? 0),
          assigneeRole: t.assigneeRole as CycleRole,
        };
        this.tasks.set(String(t.id), task);
        return this.push(
          e,
          'task-opened',
          `Task ${task.kind}${task.round ? ` (round ${task.round})` : ''} opened for ${roleWords(task.assigneeRole)}, due ${local(task.dueAt)}`,
          {
            taskId: t.id,
            kind: task.kind,
            round: task.round,
            assigneeRole: task.assigneeRole,
            dueAt: task.dueAt,
            dueAtLocal: local(task.dueAt),
          },
        );
      }
      case 'remindTask': {
        const task = this.tasks.get(String(input[0]));
        return this.push(
          e,
          'reminder-sent',
          `Reminder sent to ${roleWords(task?.assigneeRole)}: task ${task?.kind ?? String(input[0])} is due ${local(task?.dueAt)}`,
          {
            taskId: input[0],
            kind: task?.kind ?? null,
            dueAt: task?.dueAt ?? null,
          },
        );
      }
      case 'raiseEscalation': {
        const x = obj(input[0]);
        if (!x) return;
        this.escalations.set(String(x.id), { level: x.level as CycleRole, taskId: str(x.taskId) ?? null });
        const task = x.taskId ? this.tasks.get(String(x.taskId)) : undefined;
        const why =
          x.reason === 'PROJECTED_MISS'
            ? `the cycle is projected to miss the CEC deadline ${local(str(x.deadlineAt))}${num(x.missesByWorkingDays) ? ` by ${plural(num(x.missesByWorkingDays)!, 'working day')}` : ''}`
            : x.reason === 'STEP_FAILED'
              ? `district ${String(x.districtId)}'s cycle failed and waits for an admin's retry`
              : `${task ? `task ${task.kind}` : (STEP_WORDS[String(x.step)] ?? String(x.step))} missed its deadline ${local(str(x.deadlineAt))}`;
        return this.push(e, 'escalation-raised', `Escalation raised to ${roleWords(x.level)}: ${why}`, {
          escalationId: x.id,
          reason: x.reason,
          step: x.step,
          level: x.level,
          taskId: x.taskId ?? null,
          deadlineAt: x.deadlineAt,
          missesByWorkingDays: x.missesByWorkingDays ?? null,
        });
      }
      case 'climbEscalation': {
        const known = this.escalations.get(String(input[0]));
        const from = known?.level;
        if (known) known.level = input[1] as CycleRole;
        return this.push(
          e,
          'escalation-climbed',
          `Escalation climbed${from ? ` from ${roleWords(from)}` : ''} to ${roleWords(input[1])}`,
          {
            escalationId: input[0],
            level: input[1],
            from: from ?? null,
          },
        );
      }
      case 'resolveEscalation': {
        const known = this.escalations.get(String(input[0]));
        const task = known?.taskId ? this.tasks.get(known.taskId) : undefined;
        const what = !known ? '' : known.taskId ? ` of task ${task?.kind ?? known.taskId}` : ' of the projected miss';
        return this.push(
          e,
          'escalation-resolved',
          `Escalation${what} resolved${known ? ` (it had reached ${roleWords(known.level)})` : ''}`,
          {
            escalationId: input[0],
            taskId: known?.taskId ?? null,
            level: known?.level ?? null,
          },
        );
      }
      case 'cancelTaskRecord': {
        const task = this.tasks.get(String(input[0]));
        return this.push(
          e,
          'task-cancelled',
          `Task ${task?.kind ?? String(input[0])} cancelled: nobody can complete it any more`,
          { taskId: input[0] },
        );
      }
      case 'completeTaskRecord':
        return; // the completion itself is read from its Update
      case 'runReconciliation': {
        const r = obj(result) as ReconciliationSummary | null;
        const found = Array.isArray(r?.discrepancies) ? r!.discrepancies : [];
        const round = r?.round ?? num(obj(input[0])?.round) ?? 0;
        const words =
          found.length === 0
            ? 'no discrepancy: the files agree with the register'
            : `${plural(found.length, 'kind')} of discrepancy (${found.map((d) => `${d.code}${num(d.actual) !== undefined ? `: ${d.actual}` : ''}`).join('; ')})`;
        return this.push(e, 'reconciliation', `Reconciliation round ${round}: ${words}`, {
          round,
          runId: r?.runId ?? null,
          submissionId: r?.submissionId ?? null,
          reconciledAt: r?.reconciledAt ?? null,
          discrepancies: found.map((d) => ({
            code: d.code,
            message: maskIins(String(d.message ?? '')),
            expected: d.expected ?? null,
            actual: d.actual ?? null,
          })),
        });
      }
      default:
        return this.push(e, 'activity', `Activity ${type} completed`, { activity: type });
    }
  }

  private async updateCompleted(e: HistoryEvent): Promise<void> {
    const a = e.workflowExecutionUpdateCompletedEventAttributes!;
    const update = this.updates.get(a.meta?.updateId ?? '');
    if (!update) return;
    if (update.name !== 'completeTask') {
      return this.push(e, 'update', `Update ${update.name} ${a.outcome?.failure ? 'failed' : 'completed'}`, {
        update: update.name,
      });
    }
    const request = update.request;
    const task = request ? this.tasks.get(request.taskId) : undefined;
    if (a.outcome?.failure) {
      const failure = await this.failureWords(a.outcome.failure);
      return this.push(
        e,
        'task-completion-rejected',
        `Completion of task ${task?.kind ?? request?.taskId ?? '?'} failed: ${failure.message || failure.type}`,
        { taskId: request?.taskId ?? null },
      );
    }
    const result = obj((await this.decode(a.outcome?.success))[0]) as CompleteTaskResult | null;
    const actor = request?.actor;
    const details: Record<string, unknown> = {
      taskId: result?.taskId ?? request?.taskId ?? null,
      kind: result?.kind ?? task?.kind ?? null,
      completedBy: result?.completedBy ?? actor?.id ?? null,
      actorRole: actor?.role ?? null,
      completedAt: result?.completedAt ?? null,
      completedAtLocal: result?.completedAt ? local(result.completedAt) : null,
      requestId: request?.requestId ?? null,
      outcome: outcomeSummary(request?.outcome),
    };
    if (result?.repeated) {
      return this.push(
        e,
        'task-completion-repeated',
        `Task ${details.kind} completion repeated with the same request id; answered as the first time`,
        details,
      );
    }
    let timing = '';
    if (task && result?.completedAt) {
      const lateBy = await this.lateBy(result.completedAt, task.dueAt);
      details.deadline = {
        dueAt: task.dueAt,
        dueAtLocal: local(task.dueAt),
        onTime: lateBy === 0,
        lateByWorkingDays: lateBy,
      };
      timing =
        lateBy === 0
          ? `, on time against the deadline ${local(task.dueAt)}`
          : lateBy === null
            ? `, after the deadline ${local(task.dueAt)}`
            : `, late by ${plural(lateBy, 'working day')} against the deadline ${local(task.dueAt)}`;
    }
    const who = actor ? `${actor.id} (${roleWords(actor.role)})` : String(details.completedBy);
    const decision = request?.outcome?.kind === 'REVIEW_DISCREPANCIES' ? `: ${request.outcome.decision}` : '';
    this.push(
      e,
      'task-completed',
      `Task ${details.kind}${decision} completed by ${who} at ${local(result?.completedAt)}${timing}`,
      details,
    );
  }

  /**
   * Working days late: 0 when done by the deadline; otherwise how far the working day the
   * completion counts on (the next working day after the end of the working day, libs/calendar)
   * lies beyond the deadline's day. Null when no calendar covers the dates.
   */
  private async lateBy(completedAt: string, dueAt: string): Promise<number | null> {
    if (Date.parse(completedAt) <= Date.parse(dueAt)) return 0;
    const cal = this.calendar ?? (await this.ctx.fallbackCalendar());
    if (!cal) return null;
    try {
      const counted = effectiveWorkingDay(cal.calendar, completedAt, cal.settings);
      return Math.max(1, cal.calendar.workingDaysBetween(localDateTimeOf(dueAt).date, counted));
    } catch {
      return null;
    }
  }

  private searchAttributes(e: HistoryEvent): void {
    const fields = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {};
    const read = (name: string) =>
      fields[name] ? defaultPayloadConverter.fromPayload<unknown>(fields[name]) : undefined;
    const stage = read('TizimStage');
    const atRisk = read('TizimAtRisk');
    const flat = (v: unknown) => (Array.isArray(v) ? v[0] : v);
    // The workflows re-publish unchanged values; only a change is worth a line.
    const next = {
      stage: stage === undefined ? this.published.stage : String(flat(stage)),
      atRisk: atRisk === undefined ? this.published.atRisk : Boolean(flat(atRisk)),
    };
    const before = this.published;
    const stageChanged = next.stage !== this.published.stage;
    const riskChanged = next.atRisk !== this.published.atRisk;
    this.published = next;
    if (!stageChanged && !riskChanged) return;
    const risk = next.atRisk ? 'at risk' : before.atRisk === null ? 'not at risk' : 'no longer at risk';
    const words = [stageChanged && `stage ${next.stage}`, riskChanged && risk].filter(Boolean);
    this.push(e, 'stage-changed', `Now ${words.join(', ')}`, { stage: next.stage, atRisk: next.atRisk });
  }

  private async childClosed(e: HistoryEvent): Promise<void> {
    const a =
      e.childWorkflowExecutionCompletedEventAttributes ??
      e.childWorkflowExecutionFailedEventAttributes ??
      e.childWorkflowExecutionCanceledEventAttributes ??
      e.childWorkflowExecutionTerminatedEventAttributes ??
      e.childWorkflowExecutionTimedOutEventAttributes;
    const workflowId = a?.workflowExecution?.workflowId ?? '?';
    const how: Record<number, string> = {
      [EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED]: 'completed',
      [EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED]: 'failed',
      [EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED]: 'was cancelled',
      [EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED]: 'was terminated',
      [EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT]: 'timed out',
    };
    const details: Record<string, unknown> = {
      workflowId,
      outcome: how[Number(e.eventType)],
      history: this.ctx.historyPath(workflowId),
    };
    let words = '';
    if (e.childWorkflowExecutionCompletedEventAttributes) {
      const result = obj((await this.decode(e.childWorkflowExecutionCompletedEventAttributes.result))[0]);
      if (result) details.result = this.safeResult(result);
      words = this.resultWords(result);
    }
    this.push(
      e,
      'child-closed',
      `Child workflow ${workflowId} ${how[Number(e.eventType)] ?? 'closed'}${words}`,
      details,
    );
  }

  /** The cycle workflows' results hold codes, times and counts (workflows/*-cycle.ts); anything else is dropped. */
  private safeResult(result: Record<string, unknown>): Record<string, unknown> {
    const keep = [
      'period',
      'regions',
      'regionCode',
      'districts',
      'districtId',
      'rounds',
      'readyAt',
      'discrepancies',
      'submittedToCecAt',
      'cecReceiptRecordedAt',
      'started',
    ];
    return Object.fromEntries(
      Object.entries(result).filter(([k, v]) => keep.includes(k) && (typeof v !== 'object' || v === null)),
    );
  }

  private resultWords(result: Record<string, unknown> | null): string {
    if (!result) return '';
    if (num(result.rounds) !== undefined) {
      return `: district ${String(result.districtId)} ready after ${plural(Number(result.rounds), 'reconciliation round')}, ${plural(Number(result.discrepancies ?? 0), 'discrepancy kind', 'discrepancy kinds')} left`;
    }
    if (str(result.submittedToCecAt))
      return `: region ${String(result.regionCode)} submitted to the CEC at ${local(str(result.submittedToCecAt))}`;
    if (num(result.regions) !== undefined)
      return `: period ${String(result.period)}, ${plural(Number(result.regions), 'region')}`;
    return '';
  }
}
