import { Injectable, HttpStatus } from '@nestjs/common';

import { dueSoonUntil } from '../../../../libs/board/board';
import { CalendarYearMissingError } from '../../../../libs/calendar';
import { CalendarStore } from '../../../../libs/db/calendar-store';
import { claimTaskRecord } from '../../../../libs/db/cycle';
import type { Prisma } from '../../../../libs/db/prisma';
import {
  completeTaskUpdate,
  CYCLE_ROLES,
  type CompleteTaskRequest,
  type CompleteTaskResult,
  type CycleActor,
  type CycleRole,
} from '../../../../libs/contracts/cycle';
import { AuditService } from '../audit/audit.service';
import { AccessService, ROLE_WORDS, type Actor } from '../core/access';
import { AppConfig } from '../core/app-config';
import { Problem } from '../core/problem';
import { DirectoryService } from '../directory/directory.service';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import { WorkerNotRunningException } from '../core/workers';
import {
  updateWorkflow,
  WorkflowEndedException,
  WorkflowNotAppliedException,
  WorkflowOutcomeUnknownException,
  WorkflowRefusedException,
  WorkflowUnreachableException,
} from '../core/workflow-messages';
import { payloadDigest, recordWorkflowRequest } from '../../../../libs/db/workflow-requests';
import { CompleteTaskDto, ReleaseTaskDto, TasksQueryDto } from './tasks.dto';

type TaskRow = Prisma.CycleTaskGetPayload<{ omit: { outcome: true } }>;

const isCycleRole = (role: string): role is CycleRole => (CYCLE_ROLES as readonly string[]).includes(role);

@Injectable()
export class TasksService {
  constructor(
    private readonly db: Database,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly config: AppConfig,
    private readonly directory: DirectoryService,
  ) {}

  /** The end of "due soon" now; null when the calendar has no data for today. */
  private async soonUntil(now: number): Promise<Date | null> {
    try {
      const calendar = await new CalendarStore(this.db.client).calendar();
      return new Date(
        dueSoonUntil(calendar, now, this.config.value.tasks.dueSoonWorkingDays, this.config.value.deadlines).at,
      );
    } catch (err) {
      if (err instanceof CalendarYearMissingError) return null;
      throw err;
    }
  }

  /** What an actor may see: its territory, and for the district roles only their own role's tasks. */
  private visible(actor: Actor): Prisma.CycleTaskWhereInput {
    const scope = this.access.scope(actor);
    const own =
      actor.role === 'DISTRICT_COMMISSION' || actor.role === 'AKIMAT_REGISTRAR' ? { assigneeRole: actor.role } : {};
    return { regionCode: scope.regionCode, districtId: scope.districtId, ...own };
  }

  async list(q: TasksQueryDto, actor: Actor) {
    const now = Date.now();
    const until = await this.soonUntil(now);
    const notDone: Prisma.CycleTaskWhereInput = { status: { in: ['OPEN', 'CLAIMED'] } };
    const due: Prisma.CycleTaskWhereInput =
      q.due === 'open'
        ? notDone
        : q.due === 'overdue'
          ? { ...notDone, dueAt: { lt: new Date(now) } }
          : q.due === 'soon'
            ? { ...notDone, dueAt: { gte: new Date(now), lte: until ?? new Date(now) } }
            : {};
    const mine: Prisma.CycleTaskWhereInput = !q.mine
      ? {}
      : isCycleRole(actor.role)
        ? { OR: [{ claimedBy: actor.id }, { claimedBy: null, assigneeRole: actor.role }] }
        : { claimedBy: actor.id };
    const limit = q.limit ?? 200;
    const rows = await this.db.client.cycleTask.findMany({
      where: {
        AND: [
          { status: q.status, period: q.period, regionCode: q.regionCode, districtId: q.districtId, kind: q.kind },
          this.visible(actor),
          due,
          mine,
        ],
      },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take: limit,
      ...(q.after ? { cursor: { id: q.after }, skip: 1 } : {}),
      omit: { outcome: true },
    });
    const review = await this.reviewOf(rows);
    return {
      items: rows.map((t) => ({ ...t, due: dueState(t, now, until), ...review(t) })),
      // Who holds each claimed task, by name and role: the console shows people, not ids.
      people: await this.directory.people(rows.map((t) => t.claimedBy)),
      nextCursor: rows.length === limit ? rows[limit - 1].id : null,
      dueSoonUntil: until?.toISOString() ?? null,
    };
  }

  /**
   * What a review or corrections task is about: the round's reconciliation (its findings are read at
   * GET /v1/reconciliations/:id/discrepancies), and for corrections the commission's send-back (who,
   * when, their comment). Other tasks get nothing more.
   */
  private async reviewOf(rows: TaskRow[]) {
    const wanted = rows.filter((t) => t.kind === 'REVIEW_DISCREPANCIES' || t.kind === 'SUBMIT_CORRECTIONS');
    if (wanted.length === 0) return () => ({});
    const byRound = { OR: wanted.map((t) => ({ workflowId: t.workflowId, round: t.round })) };
    const [runs, reviews] = await Promise.all([
      this.db.client.cycleReconciliation.findMany({
        where: byRound,
        select: { id: true, workflowId: true, round: true, discrepancies: true, createdAt: true },
        orderBy: { createdAt: 'desc' },
      }),
      this.db.client.cycleTask.findMany({
        where: { ...byRound, kind: 'REVIEW_DISCREPANCIES', status: 'COMPLETED' },
        select: { workflowId: true, round: true, completedBy: true, completedAt: true, outcome: true },
      }),
    ]);
    // Officials by account; a send-back made by the operator's token (`operator`) names nobody.
    const people = await this.directory.people(reviews.map((r) => r.completedBy));
    const key = (x: { workflowId: string; round: number }) => `${x.workflowId}|${x.round}`;
    const run = new Map<string, (typeof runs)[number]>();
    for (const r of runs) if (!run.has(key(r))) run.set(key(r), r);
    const sentBack = new Map(
      reviews
        .filter((r) => (r.outcome as { decision?: string } | null)?.decision === 'send-back')
        .map((r) => {
          const who = r.completedBy ? people[r.completedBy] : undefined;
          return [
            key(r),
            {
              at: r.completedAt,
              by: who ? { id: r.completedBy, fullName: who.fullName, role: who.role } : null,
              comment: (r.outcome as { comment?: string }).comment ?? null,
            },
          ] as const;
        }),
    );
    return (t: TaskRow) => {
      if (t.kind !== 'REVIEW_DISCREPANCIES' && t.kind !== 'SUBMIT_CORRECTIONS') return {};
      const r = run.get(key(t));
      return {
        reconciliation: r ? { id: r.id, round: r.round, discrepancies: r.discrepancies, at: r.createdAt } : null,
        ...(t.kind === 'SUBMIT_CORRECTIONS' ? { sentBack: sentBack.get(key(t)) ?? null } : {}),
      };
    };
  }

  /** The task, in the actor's territory and visible to its role (403, audited, otherwise). */
  private async task(id: string, actor: Actor, requestId?: string): Promise<TaskRow> {
    const task = await this.db.client.cycleTask.findUnique({ where: { id }, omit: { outcome: true } });
    if (!task) throw new Problem(HttpStatus.NOT_FOUND, 'task.not-found', { taskId: id }, `No task has the id ${id}`);
    await this.access.ensure(
      actor,
      { regionCode: task.regionCode, districtId: task.districtId },
      { type: 'cycle-task', id },
      requestId,
    );
    return task;
  }

  async claim(id: string, actor: Actor, requestId?: string) {
    const task = await this.task(id, actor, requestId);
    if (actor.role !== 'ADMIN' && actor.role !== task.assigneeRole) {
      await this.audit.record({
        actor: actor.id,
        action: 'cycle-task.claim',
        subjectType: 'cycle-task',
        subjectId: id,
        requestId,
        outcome: 'refused',
      });
      throw new Problem(
        HttpStatus.FORBIDDEN,
        'task.other-role',
        { assigneeRole: task.assigneeRole, role: actor.role },
        `This task is for ${ROLE_WORDS[task.assigneeRole]}; ${ROLE_WORDS[actor.role]} cannot claim it`,
      );
    }
    const claimed = await claimTaskRecord(this.db.client, id, actor.id);
    const now = await this.db.client.cycleTask.findUniqueOrThrow({ where: { id }, omit: { outcome: true } });
    if (!claimed) {
      if (now.claimedBy === actor.id && now.status === 'CLAIMED') return { ...now, repeated: true };
      await this.audit.record({
        actor: actor.id,
        action: 'cycle-task.claim',
        subjectType: 'cycle-task',
        subjectId: id,
        requestId,
        outcome: 'refused',
      });
      throw notClaimable(now);
    }
    await this.audit.record({
      actor: actor.id,
      action: 'cycle-task.claim',
      subjectType: 'cycle-task',
      subjectId: id,
      requestId,
    });
    return { ...now, repeated: false };
  }

  async release(id: string, dto: ReleaseTaskDto, actor: Actor, requestId?: string) {
    const task = await this.task(id, actor, requestId);
    if (task.status !== 'CLAIMED' || !task.claimedBy) return { ...task, released: false };
    const forced = task.claimedBy !== actor.id;
    if (forced && actor.role !== 'ADMIN') {
      throw new Problem(
        HttpStatus.CONFLICT,
        'task.claimed-by-other',
        { claimedBy: task.claimedBy, since: task.claimedAt!.toISOString() },
        `The task is claimed by ${task.claimedBy} since ${task.claimedAt!.toISOString()}; only they or an administrator can release it`,
      );
    }
    const released = await this.db.client.cycleTask.updateMany({
      where: { id, status: 'CLAIMED', claimedBy: task.claimedBy },
      data: { status: 'OPEN', claimedBy: null, claimedAt: null, version: { increment: 1 } },
    });
    await this.audit.record({
      actor: actor.id,
      action: forced ? 'cycle-task.release-other' : 'cycle-task.release',
      subjectType: 'cycle-task',
      subjectId: id,
      requestId,
      reason: dto.reason ?? (forced ? `claim of ${task.claimedBy}` : undefined),
    });
    return {
      ...(await this.db.client.cycleTask.findUniqueOrThrow({ where: { id }, omit: { outcome: true } })),
      released: released.count === 1,
    };
  }

  /**
   * The task's completion on record when it is this request's: completed by this official with this
   * outcome, and this request the first this official sent for it with this outcome (recorded before
   * it was sent; a later request, sent after the task was done, completed nothing). Null otherwise.
   */
  private async completedByThisRequest(
    id: string,
    requestId: string,
    actorId: string,
    outcome: CompleteTaskRequest['outcome'],
  ): Promise<CompleteTaskResult | null> {
    const digest = payloadDigest(outcome);
    const [task, first] = await Promise.all([
      this.db.client.cycleTask.findUnique({ where: { id } }),
      this.db.client.workflowRequest.findFirst({
        where: { action: 'cycle-task.complete', subjectId: id, actorId, payloadSha256: digest },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
    ]);
    if (task?.status !== 'COMPLETED' || task.completedBy !== actorId || !task.completedAt) return null;
    if (first?.requestId !== requestId || payloadDigest(task.outcome) !== digest) return null;
    return {
      taskId: id,
      kind: task.kind,
      completedAt: task.completedAt.toISOString(),
      completedBy: actorId,
      repeated: true,
    };
  }

  private async ensureOwnIds(task: TaskRow, outcome: Record<string, unknown>): Promise<void> {
    const problem = await ownIdsProblem(this.db.client, task, outcome);
    if (problem) throw problem;
  }

  async complete(id: string, dto: CompleteTaskDto, actor: Actor, requestId: string): Promise<CompleteTaskResult> {
    const task = await this.task(id, actor, requestId);
    const audit = (outcome: 'ok' | 'refused' | 'not-applied' | 'unknown') =>
      this.audit.record({
        actor: actor.id,
        action: 'cycle-task.complete',
        subjectType: 'cycle-task',
        subjectId: id,
        requestId,
        outcome,
        reason: dto.comment,
      });
    if (task.claimedBy && task.claimedBy !== actor.id && task.status === 'CLAIMED') {
      await audit('refused');
      throw new Problem(
        HttpStatus.CONFLICT,
        'task.claimed-by-other',
        { claimedBy: task.claimedBy, since: task.claimedAt!.toISOString() },
        `The task is claimed by ${task.claimedBy} since ${task.claimedAt!.toISOString()}; it can be completed by them, or after they release it`,
      );
    }
    if (task.kind === 'SUBMIT_FILES' || task.kind === 'SUBMIT_CORRECTIONS') {
      try {
        await this.ensureOwnIds(task, dto.outcome);
      } catch (err) {
        await audit('refused');
        throw err;
      }
    }
    // The workflow checks role and territory again: its validator on the Update's actor, then its
    // handler on the actor recorded below, before the task changes.
    const cycleActor: CycleActor = {
      id: actor.id,
      role: actor.role as CycleActor['role'],
      regionCode: actor.regionCode,
      districtId: actor.districtId,
    };
    const outcome = { ...dto.outcome, kind: task.kind } as CompleteTaskRequest['outcome'];
    // The workflow takes the actor from this record, not from the Update (issue 24).
    await recordWorkflowRequest(
      this.db.client,
      { action: 'cycle-task.complete', requestId, subjectId: id, workflowId: task.workflowId },
      cycleActor,
      outcome,
    );
    try {
      const result = await updateWorkflow(
        this.temporal.client,
        { workflowId: task.workflowId, subject: `task ${id}`, readAt: '/v1/tasks' },
        completeTaskUpdate,
        { taskId: id, requestId, actor: cycleActor, outcome },
      );
      await audit('ok');
      return result;
    } catch (err) {
      // The workflow has ended: a retry of a completion that went through and ended it (its answer
      // lost to a timeout or the worker's death) is answered as the first was, from the record.
      if (err instanceof WorkflowEndedException) {
        const done = await this.completedByThisRequest(id, requestId, cycleActor.id, outcome);
        if (done) {
          await audit('ok');
          return done;
        }
      }
      if (err instanceof WorkflowRefusedException) await audit('refused');
      // An attempt that failed, or whose outcome is not known, is on the record too (ASVS 7.2.2);
      // when the database is what failed, its answer (503) goes out all the same.
      else if (
        err instanceof WorkflowNotAppliedException ||
        err instanceof WorkflowUnreachableException ||
        err instanceof WorkerNotRunningException
      )
        await audit('not-applied').catch(() => undefined);
      else if (err instanceof WorkflowOutcomeUnknownException) await audit('unknown').catch(() => undefined);
      throw err;
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const WHAT_WORDS = { submission: 'the staged submission', 'transfer-act': 'the transfer act', file: 'a file' } as const;

/**
 * The ids a submission task's outcome names, checked here because only the API can read them: the
 * workflow's validator sees ids, not whose they are (an Update validator does no I/O). A staged
 * submission, a transfer act, the act's submission and its received files must all be of the task's
 * district and period: another's would complete the task with nothing of this district staged.
 * A malformed id is left to the workflow's validator, which names the field (outcomeProblem).
 */
async function ownIdsProblem(
  db: Database['client'],
  task: TaskRow,
  outcome: Record<string, unknown>,
): Promise<Problem | null> {
  const elsewhere = (
    field: string,
    what: keyof typeof WHAT_WORDS,
    found: { districtId: string; period: string },
  ): Problem | null => {
    if (found.districtId === task.districtId && found.period === task.period) return null;
    const message = `${field} names ${WHAT_WORDS[what]} of district ${found.districtId} for period ${found.period}; this task is district ${task.districtId ?? ''}'s, for period ${task.period}`;
    return new Problem(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'task.outcome-elsewhere',
      { field, what, districtId: task.districtId ?? '', period: task.period },
      message,
      [{ field, message }],
    );
  };
  const unknown = (field: string, id: string, what: string) => {
    const message = `${field} names ${what} ${id}, and there is none`;
    return new Problem(HttpStatus.UNPROCESSABLE_ENTITY, 'task.outcome-unknown-id', { field, id }, message, [
      { field, message },
    ]);
  };
  const { submissionId, transferActId } = outcome;
  if (typeof transferActId === 'string' && UUID.test(transferActId)) {
    const field = 'outcome.transferActId';
    const act = await db.transferAct.findUnique({
      where: { id: transferActId },
      select: {
        districtId: true,
        period: true,
        submissionId: true,
        files: { select: { receivedFile: { select: { districtId: true, period: true } } } },
      },
    });
    if (!act) return unknown(field, transferActId, 'no transfer act');
    const own = elsewhere(field, 'transfer-act', act);
    if (own) return own;
    for (const f of act.files) {
      const other = f.receivedFile && elsewhere(field, 'file', f.receivedFile);
      if (other) return other;
    }
    if (act.submissionId) {
      const sub = await db.voterSubmission.findUnique({
        where: { id: act.submissionId },
        select: { districtId: true, period: true },
      });
      if (sub) return elsewhere(field, 'submission', sub);
    }
    return null;
  }
  if (typeof submissionId === 'string' && UUID.test(submissionId)) {
    const field = 'outcome.submissionId';
    const sub = await db.voterSubmission.findUnique({
      where: { id: submissionId },
      select: { districtId: true, period: true },
    });
    if (!sub) return unknown(field, submissionId, 'the staged submission');
    return elsewhere(field, 'submission', sub);
  }
  return null;
}

function dueState(t: TaskRow, now: number, soonUntil: Date | null): 'overdue' | 'soon' | 'open' | null {
  if (t.status !== 'OPEN' && t.status !== 'CLAIMED') return null;
  if (t.dueAt.getTime() < now) return 'overdue';
  return soonUntil && t.dueAt <= soonUntil ? 'soon' : 'open';
}

function notClaimable(t: TaskRow): Problem {
  if (t.status === 'CLAIMED')
    return new Problem(
      HttpStatus.CONFLICT,
      'task.claimed-by-other',
      { claimedBy: t.claimedBy!, since: t.claimedAt!.toISOString() },
      `The task is claimed by ${t.claimedBy} since ${t.claimedAt!.toISOString()}; they, or an administrator, can release it (POST /v1/tasks/${t.id}/release)`,
    );
  if (t.status === 'COMPLETED')
    return new Problem(
      HttpStatus.CONFLICT,
      'task.completed',
      { completedBy: t.completedBy, at: t.completedAt!.toISOString() },
      `The task was completed by ${t.completedBy} at ${t.completedAt!.toISOString()}`,
    );
  return new Problem(HttpStatus.CONFLICT, 'task.cancelled', {}, 'The task was cancelled; there is nothing to claim');
}
