/**
 * What every cycle workflow does with people: open a task with its deadline, remind before it,
 * escalate up the ladder after it, and take the task's completion as a Temporal Update that is
 * refused (before it reaches history) in the wrong stage, role or territory.
 *
 * Deadlines are waited for with durable timers (`condition` with a timeout), never by polling.
 * Records in PostgreSQL are written through idempotent activities with ids made here by uuid4(),
 * which Temporal replays identically.
 */
import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { isLocalDate, type CycleStep } from '../../libs/calendar';
import { DATABASE_ACTIVITY, DATABASE_COMPENSATION } from '../../libs/contracts/activity-options';
import {
  completeTaskUpdate,
  CYCLE_ROLES,
  escalationHandledSignal,
  TASK_REFUSED,
  TASK_RULES,
  type CompleteTaskRequest,
  type CompleteTaskResult,
  type CycleActor,
  type CycleRole,
  type EscalationHandled,
  type EscalationPolicy,
  type EscalationView,
  type SubmittedFile,
  type TaskKind,
  type TaskOutcome,
  type TaskView,
} from '../../libs/contracts/cycle';
import { THE_ROLE_WORDS } from '../../libs/contracts/roles';
import { CHANGE_NOT_APPLIED } from '../../libs/contracts/workflow-failures';

const db = proxyActivities<Activities>(DATABASE_ACTIVITY);
const compensation = proxyActivities<Activities>(DATABASE_COMPENSATION);

/**
 * Issue 24: a completion's actor is the one the API recorded (workflow_request), read by an
 * activity before the task changes; the message's own actor is only a claim. Histories from
 * before took the message's actor.
 */
export const RECORDED_ACTOR_PATCH = 'task-completion-recorded-actor';
/** Issue 24: an escalationHandled signal counts only when the escalation's record says so. */
export const RECORDED_ESCALATION_PATCH = 'escalation-handled-on-record';
/**
 * Issue 25: a completion changes the task only once its record is written, one completion of a task
 * at a time, and one that cannot be recorded changes nothing. Histories from before marked the task
 * COMPLETED first, then wrote the record.
 */
export const COMPLETION_AFTER_RECORD_PATCH = 'task-completion-after-record';

export interface Task extends TaskView {
  outcome: TaskOutcome | null;
  requestId: string | null;
}

/** The task's status now (not as narrowed before an await). */
const statusOf = (task: Task): Task['status'] => task.status;
const rank = (role: CycleRole) => CYCLE_ROLES.indexOf(role);
const iso = (ms: number) => new Date(ms).toISOString();
const refuse = (message: string): never => {
  throw ApplicationFailure.create({ type: TASK_REFUSED, message, nonRetryable: true });
};

export class TaskBook {
  readonly tasks: Task[] = [];
  readonly escalations: EscalationView[] = [];
  private projectedMiss: EscalationView | null = null;
  /** Escalations an official acknowledged or resolved: the ladder stops for them. */
  private readonly handled = new Set<string>();
  /** Tasks whose completion is being recorded: the next completion (or the cancellation) waits its turn. */
  private readonly completing = new Set<string>();

  constructor(
    private readonly scope: { period: string; regionCode: string; districtId: string | null; policy: EscalationPolicy },
  ) {}

  /**
   * Registers the completeTask Update and the escalationHandled signal; call once, at the start of
   * the workflow. Histories from before the signal existed never carry it, so they replay the
   * ladder exactly as before.
   */
  acceptCompletions(): void {
    setHandler(completeTaskUpdate, (req) => this.complete(req), { validator: (req) => this.validate(req) });
    setHandler(escalationHandledSignal, async (s) => {
      // A signal cannot be refused: one the escalation's record does not bear out is ignored.
      if (
        patched(RECORDED_ESCALATION_PATCH) &&
        !(await db.escalationHandledOnRecord(
          String(s?.escalationId),
          s?.action === 'resolved' ? 'resolved' : 'acknowledged',
        ))
      )
        return;
      this.handledByOfficial(s);
    });
  }

  private handledByOfficial(s: EscalationHandled): void {
    const e = this.escalations.find((x) => x.id === s?.escalationId);
    if (!e) return;
    this.handled.add(e.id);
    if (s.action === 'acknowledged') e.acknowledgedAt ??= s.at;
    else if (e.resolvedAt === null) {
      e.resolvedAt = s.at;
      e.resolvedBy = 'official';
    }
  }

  async open(kind: TaskKind, round: number, dueAt: string): Promise<Task> {
    const task: Task = {
      id: uuid4(),
      kind,
      round,
      assigneeRole: TASK_RULES[kind].role,
      dueAt,
      status: 'OPEN',
      completedBy: null,
      completedAt: null,
      outcome: null,
      requestId: null,
    };
    await db.openTask({
      id: task.id,
      workflowId: workflowInfo().workflowId,
      period: this.scope.period,
      regionCode: this.scope.regionCode,
      districtId: this.scope.districtId,
      kind,
      round,
      assigneeRole: task.assigneeRole,
      dueAt,
      createdAt: iso(Date.now()),
    });
    this.tasks.push(task);
    return task;
  }

  /**
   * Waits until the task is completed: reminds `reminderLeadMinutes` before its deadline, raises
   * an escalation to the responsible party when it passes, and climbs the ladder rung by rung,
   * each after its delay. The escalation is resolved when the task is done. `onWake` runs at
   * every wake-up (the caller re-checks its projection there).
   */
  async awaitCompletion(
    task: Task,
    step: CycleStep,
    onWake: () => Promise<void> = async () => undefined,
  ): Promise<Task> {
    const due = Date.parse(task.dueAt);
    const remindAt = due - this.scope.policy.reminderLeadMinutes * 60_000;
    const done = () => task.status !== 'OPEN';
    let reminded = false;
    let escalation: EscalationView | null = null;
    let rung = 0;
    while (!done()) {
      await onWake();
      const now = Date.now();
      if (!reminded && now >= remindAt && now < due) {
        await db.remindTask(task.id, iso(now));
        reminded = true;
        continue;
      }
      if (now >= due && !escalation) {
        escalation = await this.raise({
          step,
          taskId: task.id,
          reason: 'DEADLINE_PASSED',
          deadlineAt: task.dueAt,
          level: task.assigneeRole,
          missesBy: null,
        });
        continue;
      }
      let wakeAt: number | undefined;
      if (now < remindAt && !reminded) wakeAt = remindAt;
      else if (now < due) wakeAt = due;
      else if (escalation) {
        // An official who acknowledged or resolved it answers for it now: no higher rung.
        const next = this.handled.has(escalation.id) ? null : this.nextRung(escalation.level, rung);
        if (next) {
          const climbAt = due + next.afterMinutes * 60_000;
          if (now >= climbAt) {
            await this.climb(escalation, next.level);
            rung = next.index;
            continue;
          }
          wakeAt = climbAt;
        }
      }
      if (wakeAt === undefined) await condition(done);
      else await condition(done, wakeAt - now);
    }
    if (escalation) await this.resolve(escalation);
    return task;
  }

  /**
   * The projection says the chain misses the CEC deadline: raise one PROJECTED_MISS escalation to
   * the regional commission (it owns 15 January / 15 July); resolve it when the chain fits again.
   */
  async projection(fits: boolean, cecDeadline: string, missesBy: number): Promise<void> {
    if (!fits && !this.projectedMiss) {
      this.projectedMiss = await this.raise({
        step: 'cecSubmission',
        taskId: null,
        reason: 'PROJECTED_MISS',
        deadlineAt: cecDeadline,
        level: 'REGIONAL_COMMISSION',
        missesBy,
      });
    } else if (fits && this.projectedMiss) {
      await this.resolve(this.projectedMiss);
      this.projectedMiss = null;
    }
  }

  /** The district's part is done: a projected miss is no longer its to answer for. */
  async clearProjection(): Promise<void> {
    if (this.projectedMiss) await this.resolve(this.projectedMiss);
    this.projectedMiss = null;
  }

  /**
   * A district's workflow failed for good (issue 25): one STEP_FAILED escalation for that district,
   * to the regional commission, who answers for the region's submission by `cecDeadline`; the
   * activity tells the CEC coordinator too. Resolved (resolveFailure) when an admin retries it.
   */
  async childFailed(districtId: string, cecDeadline: string): Promise<EscalationView> {
    return this.raise({
      step: 'cecSubmission',
      taskId: null,
      reason: 'STEP_FAILED',
      deadlineAt: cecDeadline,
      level: 'REGIONAL_COMMISSION',
      missesBy: null,
      districtId,
    });
  }

  async resolveFailure(e: EscalationView): Promise<void> {
    await this.resolve(e);
  }

  /**
   * The workflow is being cancelled: nobody can complete its open tasks any more and its
   * escalations are moot. Runs in a non-cancellable scope so the records are closed anyway.
   */
  async closeAll(): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      for (const task of this.tasks.filter((t) => t.status === 'OPEN')) {
        // A completion being recorded ends first (completed, or still open): the task is what it says.
        await condition(() => !this.completing.has(task.id));
        if (statusOf(task) !== 'OPEN') continue;
        await db.cancelTaskRecord(task.id);
        task.status = 'CANCELLED';
      }
      for (const e of this.escalations.filter((x) => x.resolvedAt === null)) await this.resolve(e);
      this.projectedMiss = null;
    });
  }

  /** Runs the workflow's body; on cancellation closes the open tasks and escalations, then rethrows. */
  async cancellable<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (err) {
      if (isCancellation(err)) await this.closeAll();
      throw err;
    }
  }

  get atRisk(): boolean {
    return this.projectedMiss !== null || this.escalations.some((e) => e.resolvedAt === null);
  }

  views(): TaskView[] {
    return this.tasks.map(({ outcome: _o, requestId: _r, ...view }) => view);
  }

  // ---- Escalations ---------------------------------------------------------------------------

  private nextRung(
    current: CycleRole,
    fromRung: number,
  ): { level: CycleRole; afterMinutes: number; index: number } | null {
    const ladder = this.scope.policy.ladder;
    for (let i = fromRung + 1; i < ladder.length; i++) {
      const level = ladder[i].level;
      if (level !== 'RESPONSIBLE' && rank(level) > rank(current))
        return { level, afterMinutes: ladder[i].afterMinutes, index: i };
    }
    return null;
  }

  private async raise(e: {
    step: CycleStep;
    taskId: string | null;
    reason: EscalationView['reason'];
    deadlineAt: string;
    level: CycleRole;
    missesBy: number | null;
    /** The district it concerns when not the workflow's own (a region's failed district). */
    districtId?: string;
  }): Promise<EscalationView> {
    const view: EscalationView = {
      id: uuid4(),
      step: e.step,
      reason: e.reason,
      level: e.level,
      deadlineAt: e.deadlineAt,
      raisedAt: iso(Date.now()),
      resolvedAt: null,
    };
    await db.raiseEscalation({
      id: view.id,
      workflowId: workflowInfo().workflowId,
      period: this.scope.period,
      regionCode: this.scope.regionCode,
      districtId: e.districtId ?? this.scope.districtId,
      step: e.step,
      taskId: e.taskId,
      reason: e.reason,
      deadlineAt: e.deadlineAt,
      missesByWorkingDays: e.missesBy,
      level: e.level,
      at: view.raisedAt,
    });
    this.escalations.push(view);
    return view;
  }

  private async climb(e: EscalationView, level: CycleRole): Promise<void> {
    await db.climbEscalation(e.id, level, iso(Date.now()));
    e.level = level;
  }

  private async resolve(e: EscalationView): Promise<void> {
    if (e.resolvedBy === 'official') return; // the record says who resolved it and why; nothing to write
    const at = iso(Date.now());
    await db.resolveEscalation(e.id, at);
    e.resolvedAt = at;
    e.resolvedBy = 'workflow';
  }

  // ---- Completions ---------------------------------------------------------------------------

  /** Runs before the Update is accepted: a refusal never reaches the history. */
  private validate(req: CompleteTaskRequest): void {
    const task = this.tasks.find((t) => t.id === req?.taskId);
    if (!task) return refuse(`No task ${String(req?.taskId)} is open in this cycle workflow`);
    if (task.status === 'COMPLETED') {
      if (task.requestId === req.requestId) return; // a retry of the same completion: answered as before
      return refuse(`The task was already completed by ${task.completedBy} at ${task.completedAt}`);
    }
    if (task.status === 'CANCELLED') return refuse('The task was cancelled; there is nothing to complete');
    const { actor } = req;
    if (!actor || typeof actor.id !== 'string') return refuse('The completion does not say who completes the task');
    const wrongActor = this.actorProblem(task, actor);
    if (wrongActor) return refuse(wrongActor);
    const problem = outcomeProblem(task.kind, req.outcome);
    if (problem) refuse(problem);
  }

  /** Why this actor may not complete the task (role, then territory); null when they may. */
  private actorProblem(task: Task, actor: CycleActor): string | null {
    if (actor.role === 'ADMIN') return null;
    if (actor.role !== task.assigneeRole) {
      return `This task is for ${THE_ROLE_WORDS[task.assigneeRole]}; ${THE_ROLE_WORDS[actor.role] ?? actor.role} cannot complete it`;
    }
    const districtLevel = actor.role === 'AKIMAT_REGISTRAR' || actor.role === 'DISTRICT_COMMISSION';
    if (districtLevel && actor.districtId !== this.scope.districtId) {
      return `You act for district ${actor.districtId ?? '(none)'}; this task belongs to district ${this.scope.districtId}`;
    }
    if (actor.role === 'REGIONAL_COMMISSION' && actor.regionCode !== this.scope.regionCode) {
      return `You act for region ${actor.regionCode ?? '(none)'}; this task belongs to region ${this.scope.regionCode}`;
    }
    return null;
  }

  private async complete(req: CompleteTaskRequest): Promise<CompleteTaskResult> {
    const task = this.tasks.find((t) => t.id === req.taskId)!;
    if (!patched(COMPLETION_AFTER_RECORD_PATCH)) return this.completeBeforeRecord(task, req);
    // One completion of a task at a time: the next is answered once the one before has settled.
    // Looped: two waiting completions are released in the same pass, and only the first may go on
    // (the other, sent at once, was refused by the record instead of answered as a repeat).
    while (this.completing.has(task.id)) await condition(() => !this.completing.has(task.id));
    this.completing.add(task.id);
    try {
      return await this.completeAfterRecord(task, req);
    } finally {
      this.completing.delete(task.id);
    }
  }

  /**
   * The record first, then the task (issue 25): the workflow's task and cycle_task agree whatever
   * happens. The record refuses a task another official has claimed (claims are serialised with
   * completions on the task's row, libs/db/cycle.ts). A record that cannot be written fails the
   * Update as CHANGE_NOT_APPLIED with the task still open, and the API says so: nothing changed.
   */
  private async completeAfterRecord(task: Task, req: CompleteTaskRequest): Promise<CompleteTaskResult> {
    const result = (repeated: boolean): CompleteTaskResult => ({
      taskId: task.id,
      kind: task.kind,
      completedAt: task.completedAt!,
      completedBy: task.completedBy!,
      repeated,
    });
    // Settled by a completion before this one (the validator saw the task before it did).
    if (statusOf(task) === 'COMPLETED') {
      if (task.requestId === req.requestId) return result(true);
      return refuse(`The task was already completed by ${task.completedBy} at ${task.completedAt}`);
    }
    if (statusOf(task) === 'CANCELLED') return refuse('The task was cancelled; there is nothing to complete');
    if (patched(RECORDED_ACTOR_PATCH)) req = { ...req, actor: await this.recordedActor(task, req) };
    const completedBy = req.actor.id;
    const completedAt = iso(Date.now());
    let recorded: Awaited<ReturnType<typeof db.completeTaskRecord>>;
    try {
      recorded = await db.completeTaskRecord({ taskId: task.id, completedBy, completedAt, outcome: req.outcome });
    } catch (err) {
      // Failed for good (its retries spent, or cancelled). An attempt may have written the record and
      // lost its answer: undone, so the record is what the workflow holds, the task open.
      await CancellationScope.nonCancellable(() =>
        compensation.reopenTaskRecord({ taskId: task.id, completedBy, completedAt }),
      );
      throw ApplicationFailure.create({
        type: CHANGE_NOT_APPLIED,
        nonRetryable: true,
        message: `The completion of task ${task.id} could not be recorded in the database: the task is still open and nothing changed; send it again`,
        cause: err instanceof Error ? err : undefined,
      });
    }
    if ('refusal' in recorded) return refuse(recorded.refusal);
    task.status = 'COMPLETED';
    task.completedAt = recorded.completedAt;
    task.completedBy = recorded.completedBy;
    task.requestId = req.requestId;
    task.outcome = req.outcome;
    return result(false);
  }

  /** The actor the API recorded for this request (issue 24), refused when it may not complete the task. */
  private async recordedActor(task: Task, req: CompleteTaskRequest): Promise<CycleActor> {
    // The validator cannot read the database (no I/O before acceptance), so the check is here.
    const checked = await db.checkWorkflowRequest(
      {
        action: 'cycle-task.complete',
        requestId: req.requestId,
        subjectId: task.id,
        workflowId: workflowInfo().workflowId,
      },
      req.actor.id,
      req.outcome,
    );
    if ('refusal' in checked) return refuse(checked.refusal);
    const recorded = checked.actor as CycleActor;
    const wrongActor = this.actorProblem(task, recorded);
    if (wrongActor) return refuse(wrongActor);
    return recorded;
  }

  /** Before issue 25 (histories without COMPLETION_AFTER_RECORD_PATCH): the task first, then the record. */
  private async completeBeforeRecord(task: Task, req: CompleteTaskRequest): Promise<CompleteTaskResult> {
    if (task.status !== 'COMPLETED' && patched(RECORDED_ACTOR_PATCH)) {
      // Before the task changes: a refusal fails this Update and leaves the task open.
      req = { ...req, actor: await this.recordedActor(task, req) };
      // Another completion, or the cancellation, may have come while the record was read.
      const now = statusOf(task);
      if (now === 'CANCELLED') return refuse('The task was cancelled; there is nothing to complete');
      if (now === 'COMPLETED' && task.requestId !== req.requestId)
        return refuse(`The task was already completed by ${task.completedBy} at ${task.completedAt}`);
    }
    if (task.status === 'COMPLETED') {
      return {
        taskId: task.id,
        kind: task.kind,
        completedAt: task.completedAt!,
        completedBy: task.completedBy!,
        repeated: true,
      };
    }
    // Marked before the activity runs, so a duplicate arriving meanwhile is answered as a retry.
    task.status = 'COMPLETED';
    task.completedAt = iso(Date.now());
    task.completedBy = req.actor.id;
    task.requestId = req.requestId;
    task.outcome = req.outcome;
    await db.completeTaskRecord({
      taskId: task.id,
      completedBy: task.completedBy,
      completedAt: task.completedAt,
      outcome: req.outcome,
    });
    return {
      taskId: task.id,
      kind: task.kind,
      completedAt: task.completedAt,
      completedBy: task.completedBy,
      repeated: false,
    };
  }
}

const FILE_KINDS: SubmittedFile['kind'][] = ['voters', 'stations', 'boundaries'];
const nonNegativeInt = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** What is wrong with a task's outcome, in plain words naming the field; null when it is fine. */
export function outcomeProblem(kind: TaskKind, outcome: TaskOutcome | undefined): string | null {
  if (!outcome || outcome.kind !== kind) return `outcome.kind must be ${kind} for this task`;
  switch (outcome.kind) {
    case 'SUBMIT_FILES':
    case 'SUBMIT_CORRECTIONS': {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
      if (outcome.transferActId !== undefined) {
        if (typeof outcome.transferActId !== 'string' || !uuid.test(outcome.transferActId))
          return 'outcome.transferActId must be the id of a transfer act (a lower-case UUID)';
        if (outcome.files !== undefined && !(Array.isArray(outcome.files) && outcome.files.length === 0))
          return 'outcome.files must be left out when outcome.transferActId names the act (the act lists the files)';
        if (outcome.submissionId !== undefined)
          return 'outcome.submissionId must be left out when outcome.transferActId names the act (the act names the submission)';
        return null;
      }
      if (!Array.isArray(outcome.files))
        return 'outcome.files must list the voter file, the station list and the boundaries (or outcome.transferActId name the act)';
      for (const k of FILE_KINDS) {
        const n = outcome.files.filter((f) => f?.kind === k).length;
        if (n !== 1) return `outcome.files must hold exactly one ${k} file (it holds ${n})`;
      }
      for (const [i, f] of outcome.files.entries()) {
        if (!FILE_KINDS.includes(f.kind)) return `outcome.files[${i}].kind must be one of ${FILE_KINDS.join(', ')}`;
        if (typeof f.name !== 'string' || !f.name.trim())
          return `outcome.files[${i}].name is required (as on the transfer act)`;
        if (!nonNegativeInt(f.sizeBytes)) return `outcome.files[${i}].sizeBytes must be a whole number of bytes`;
        if (!nonNegativeInt(f.records)) return `outcome.files[${i}].records must be a whole number of records`;
        if (f.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(f.sha256))
          return `outcome.files[${i}].sha256 must be 64 lower-case hex digits`;
      }
      if (outcome.submissionId !== undefined && !uuid.test(outcome.submissionId)) {
        return 'outcome.submissionId must be the id of the staged submission (a lower-case UUID)';
      }
      return null;
    }
    case 'REVIEW_DISCREPANCIES':
      return outcome.decision === 'send-back' || outcome.decision === 'accept'
        ? null
        : 'outcome.decision must be "send-back" (discrepancies go to the akimat) or "accept" (the commission accepts the data)';
    case 'SUBMIT_TO_CEC':
      return typeof outcome.actNumber === 'string' && outcome.actNumber.trim()
        ? null
        : 'outcome.actNumber is required: the acceptance-transfer act';
    case 'RECORD_CEC_RECEIPT':
      return typeof outcome.receivedAt === 'string' &&
        !Number.isNaN(Date.parse(outcome.receivedAt)) &&
        !isLocalDate(outcome.receivedAt)
        ? null
        : 'outcome.receivedAt must be the moment the CEC received the submission, ISO 8601 with a zone';
    default:
      return 'outcome.kind is not a task kind';
  }
}
