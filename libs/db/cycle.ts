/**
 * The cycle workflows' records in PostgreSQL: human tasks, escalations, reconciliation runs, and
 * the territory the workflows fan out over. Every write is idempotent (ids come from the
 * workflow, which Temporal replays), so a retried activity changes nothing twice.
 */
import { localDateTimeOf } from '../calendar';
import type { Prisma, PrismaClient } from './prisma';
import { SUBCATEGORIES } from '../reconciliation/categories';
import { reconcileSubmission } from './reconciliation/engine';
import type { CycleRole, ReconciliationSummary, SubmittedFile, TaskKind } from '../contracts/cycle';

export interface OpenTaskInput {
  id: string;
  workflowId: string;
  period: string;
  regionCode: string;
  districtId: string | null;
  kind: TaskKind;
  round: number;
  assigneeRole: CycleRole;
  dueAt: string;
  createdAt: string;
}

export async function openTask(prisma: PrismaClient, t: OpenTaskInput): Promise<void> {
  await prisma.cycleTask.upsert({
    where: { id: t.id },
    create: { ...t, dueAt: new Date(t.dueAt), createdAt: new Date(t.createdAt) },
    update: {},
  });
}

/** What completing a task's record did: recorded (now, or by this same completion before), or why not. */
export type TaskCompletionRecord =
  { completedBy: string; completedAt: string; repeated: boolean } | { refusal: string };

/**
 * Marks the task COMPLETED, holding its row (FOR UPDATE) so a claim (claimTaskRecord, one UPDATE
 * that takes the same row lock) and this completion are serialised: whichever comes second sees the
 * first. A task claimed by another official is refused, as the API refuses it (tasks.service.ts);
 * one cancelled or completed by another completion too. The same completion again (an activity's
 * retry after its first attempt wrote and lost the answer) is answered as before.
 */
export async function completeTaskRecord(
  prisma: PrismaClient,
  c: { taskId: string; completedBy: string; completedAt: string; outcome: unknown },
): Promise<TaskCompletionRecord> {
  return prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      { status: string; claimed_by: string | null; completed_by: string | null; completed_at: Date | null }[]
    >`SELECT status::text AS status, claimed_by, completed_by, completed_at FROM cycle_task WHERE id = ${c.taskId}::uuid FOR UPDATE`;
    if (!row) return { refusal: `Task ${c.taskId} has no record` };
    const at = new Date(c.completedAt);
    if (row.status === 'COMPLETED') {
      if (row.completed_by === c.completedBy && row.completed_at?.getTime() === at.getTime())
        return { completedBy: c.completedBy, completedAt: c.completedAt, repeated: true };
      return {
        refusal: `The task was already completed by ${row.completed_by} at ${row.completed_at?.toISOString()}`,
      };
    }
    if (row.status === 'CANCELLED') return { refusal: 'The task was cancelled; there is nothing to complete' };
    if (row.status === 'CLAIMED' && row.claimed_by !== null && row.claimed_by !== c.completedBy)
      return {
        refusal: `The task is claimed by ${row.claimed_by}; it can be completed by them, or after they release it`,
      };
    await tx.cycleTask.update({
      where: { id: c.taskId },
      data: {
        status: 'COMPLETED',
        completedBy: c.completedBy,
        completedAt: at,
        outcome: c.outcome as Prisma.InputJsonValue,
        version: { increment: 1 },
      },
    });
    return { completedBy: c.completedBy, completedAt: c.completedAt, repeated: false };
  });
}

/**
 * Undoes a completion this same Update wrote (its official and time), when the workflow could not
 * learn that it did: the activity failed for good after an attempt that wrote and lost its answer.
 * The task is open again (claimed again when it was), as the workflow holds it.
 */
export async function reopenTaskRecord(
  prisma: PrismaClient,
  c: { taskId: string; completedBy: string; completedAt: string },
): Promise<void> {
  await prisma.$executeRaw`UPDATE cycle_task
       SET status = (CASE WHEN claimed_by IS NULL THEN 'OPEN' ELSE 'CLAIMED' END)::"CycleTaskStatus",
           completed_by = NULL, completed_at = NULL, outcome = NULL, version = version + 1
     WHERE id = ${c.taskId}::uuid AND status = 'COMPLETED' AND completed_by = ${c.completedBy}
       AND completed_at = ${new Date(c.completedAt)}`;
}

/**
 * An official takes an open task for themself (the console's «Взять»); true when this call took
 * it, false when it was not open and unclaimed.
 */
export async function claimTaskRecord(prisma: PrismaClient, taskId: string, actorId: string): Promise<boolean> {
  const claimed = await prisma.cycleTask.updateMany({
    where: { id: taskId, status: 'OPEN', claimedBy: null },
    data: { status: 'CLAIMED', claimedBy: actorId, claimedAt: new Date(), version: { increment: 1 } },
  });
  return claimed.count === 1;
}

export async function cancelTaskRecord(prisma: PrismaClient, taskId: string): Promise<void> {
  await prisma.cycleTask.updateMany({
    where: { id: taskId, status: { in: ['OPEN', 'CLAIMED'] } },
    data: { status: 'CANCELLED', version: { increment: 1 } },
  });
}

const TASK_WORDS: Record<TaskKind, string> = {
  SUBMIT_FILES: 'submit the voter file, station list and boundaries',
  REVIEW_DISCREPANCIES: 'review the discrepancies and send them back, or accept',
  SUBMIT_CORRECTIONS: 'send the corrected files',
  SUBMIT_TO_CEC: "submit the region's data to the CEC",
  RECORD_CEC_RECEIPT: "record the CEC's receipt",
};
const where = (regionCode: string, districtId: string | null) =>
  districtId ? `district ${districtId}` : `region ${regionCode}`;

/** The inbox notification's dedupe key of a task's reminder, and of an escalation at a rung. */
export const reminderKey = (taskId: string) => `reminder-${taskId}`;
export const escalationKey = (escalationId: string, level: string) => `escalation-${escalationId}-${level}`;

/**
 * Marks the reminder as sent and puts it in the assignee's inbox, in one transaction and once:
 * a retried activity finds the reminder already recorded.
 */
export async function remindTask(prisma: PrismaClient, taskId: string, at: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const marked = await tx.cycleTask.updateMany({
      where: { id: taskId, remindedAt: null },
      data: { remindedAt: new Date(at) },
    });
    if (marked.count === 0) return;
    const t = await tx.cycleTask.findUniqueOrThrow({ where: { id: taskId } });
    await tx.officialNotification.create({
      data: {
        dedupeKey: reminderKey(taskId),
        kind: 'REMINDER',
        recipientRole: t.assigneeRole,
        period: t.period,
        regionCode: t.regionCode,
        districtId: t.districtId,
        taskId,
        step: t.kind,
        dueAt: t.dueAt,
        createdAt: new Date(at),
        summary: `Reminder: ${TASK_WORDS[t.kind as TaskKind]} for ${where(t.regionCode, t.districtId)}, period ${t.period}, is due ${t.dueAt.toISOString()}`,
      },
    });
  });
}

export interface RaiseEscalationInput {
  id: string;
  workflowId: string;
  period: string;
  regionCode: string;
  districtId: string | null;
  step: string;
  taskId: string | null;
  reason: 'DEADLINE_PASSED' | 'PROJECTED_MISS' | 'STEP_FAILED';
  deadlineAt: string;
  missesByWorkingDays: number | null;
  level: CycleRole;
  at: string;
}

function escalationSummary(
  e: {
    reason: string;
    step: string;
    regionCode: string;
    districtId: string | null;
    period: string;
    deadlineAt: Date;
    missesByWorkingDays: number | null;
  },
  climbed: boolean,
): string {
  // A failure's own message stays in the workflow's state: the summary says what to do, not the error.
  const what =
    e.reason === 'PROJECTED_MISS'
      ? `the ${e.period} cycle of ${where(e.regionCode, e.districtId)} is projected to miss the CEC deadline (${e.deadlineAt.toISOString()}) by ${e.missesByWorkingDays} working day(s)`
      : e.reason === 'STEP_FAILED'
        ? `the ${e.period} cycle of ${where(e.regionCode, e.districtId)} stopped on a failure it could not get past; the other districts go on. An admin retries it once the cause is removed (the CEC deadline is ${e.deadlineAt.toISOString()})`
        : `the ${e.step} deadline of ${where(e.regionCode, e.districtId)}, period ${e.period}, passed at ${e.deadlineAt.toISOString()} and the step is not done`;
  return `${climbed ? 'Escalated to you' : 'Escalation'}: ${what}`;
}

/**
 * Who else is told of an escalation when it is raised: a failed district goes to the CEC
 * coordinator too, who tracks every region (issue 25), while the regional commission answers for it.
 */
export const alsoTold = (reason: RaiseEscalationInput['reason']): CycleRole[] =>
  reason === 'STEP_FAILED' ? ['CEC_COORDINATOR'] : [];

/** Records the escalation and tells the role it is raised to (and alsoTold), once (retries change nothing). */
export async function raiseEscalation(prisma: PrismaClient, e: RaiseEscalationInput): Promise<void> {
  const { at, ...rest } = e;
  await prisma.$transaction(async (tx) => {
    const row = await tx.escalation.upsert({
      where: { id: e.id },
      create: { ...rest, deadlineAt: new Date(e.deadlineAt), raisedAt: new Date(at), levelChangedAt: new Date(at) },
      update: {},
    });
    await notifyEscalation(tx, row, 'ESCALATION_RAISED', at);
    for (const role of alsoTold(e.reason)) await notifyEscalation(tx, row, 'ESCALATION_RAISED', at, role);
  });
}

/**
 * Moves an open escalation to the next rung and tells that role, once. One an official has
 * acknowledged or resolved stays where it is: someone answers for it (the workflow is told by a
 * signal too, but the record does not depend on the signal arriving).
 */
export async function climbEscalation(prisma: PrismaClient, id: string, level: CycleRole, at: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.escalation.updateMany({
      where: { id, resolvedAt: null, acknowledgedAt: null, level: { not: level } },
      data: { level, levelChangedAt: new Date(at), version: { increment: 1 } },
    });
    const row = await tx.escalation.findUniqueOrThrow({ where: { id } });
    if (row.resolvedAt === null && row.level === level) await notifyEscalation(tx, row, 'ESCALATION_CLIMBED', at);
  });
}

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
type EscalationRow = Awaited<ReturnType<PrismaClient['escalation']['findUniqueOrThrow']>>;

async function notifyEscalation(
  tx: Tx,
  e: EscalationRow,
  kind: 'ESCALATION_RAISED' | 'ESCALATION_CLIMBED',
  at: string,
  to: CycleRole = e.level,
): Promise<void> {
  await tx.officialNotification.upsert({
    where: { dedupeKey: escalationKey(e.id, to) },
    create: {
      dedupeKey: escalationKey(e.id, to),
      kind,
      recipientRole: to,
      period: e.period,
      regionCode: e.regionCode,
      districtId: e.districtId,
      taskId: e.taskId,
      escalationId: e.id,
      step: e.step,
      dueAt: e.deadlineAt,
      createdAt: new Date(at),
      summary: escalationSummary(e, kind === 'ESCALATION_CLIMBED'),
    },
    update: {},
  });
}

/** The workflow resolves it (the step was done, the chain fits again); an official's resolution stays. */
export async function resolveEscalation(prisma: PrismaClient, id: string, at: string): Promise<void> {
  await prisma.escalation.updateMany({
    where: { id, resolvedAt: null },
    data: { resolvedAt: new Date(at), version: { increment: 1 } },
  });
}

/**
 * A district's cycle started again by an admin's retry after its previous run failed (issue 25):
 * closes what the failed run left open (its tasks are cancelled, its escalations resolved: nobody
 * can act on them now), and returns where the new run carries on from: the last files handed over
 * (the latest SUBMIT_FILES or SUBMIT_CORRECTIONS completed), the first submission's moment, and
 * the rounds reconciled so far; null when no files were handed over (the run starts at the
 * submission). Runs before the new run opens anything, so a retry of the activity finds the same.
 */
export async function resumeDistrict(
  prisma: PrismaClient,
  r: { workflowId: string; period: string; districtId: string; at: string },
): Promise<{
  receivedAt: string;
  rounds: number;
  handed: { files: SubmittedFile[]; submissionId?: string; transferActId?: string };
} | null> {
  await prisma.cycleTask.updateMany({
    where: { workflowId: r.workflowId, status: { in: ['OPEN', 'CLAIMED'] } },
    data: { status: 'CANCELLED', version: { increment: 1 } },
  });
  await prisma.escalation.updateMany({
    where: { workflowId: r.workflowId, resolvedAt: null },
    data: { resolvedAt: new Date(r.at), version: { increment: 1 } },
  });
  const handovers = await prisma.cycleTask.findMany({
    where: {
      workflowId: r.workflowId,
      period: r.period,
      districtId: r.districtId,
      status: 'COMPLETED',
      kind: { in: ['SUBMIT_FILES', 'SUBMIT_CORRECTIONS'] },
    },
    orderBy: { completedAt: 'asc' },
    select: { kind: true, completedAt: true, outcome: true },
  });
  const first = handovers.find((t) => t.kind === 'SUBMIT_FILES');
  const last = handovers[handovers.length - 1];
  if (!first?.completedAt || !last) return null;
  const o = (last.outcome ?? {}) as { files?: SubmittedFile[]; submissionId?: string; transferActId?: string };
  const rounds = await prisma.cycleReconciliation.count({ where: { workflowId: r.workflowId } });
  return {
    receivedAt: first.completedAt.toISOString(),
    rounds,
    handed: {
      files: o.files ?? [],
      ...(o.submissionId ? { submissionId: o.submissionId } : {}),
      ...(o.transferActId ? { transferActId: o.transferActId } : {}),
    },
  };
}

/** Districts of a region on record, in a stable order. */
export async function listDistricts(prisma: PrismaClient, regionCode: string): Promise<string[]> {
  return (await prisma.district.findMany({ where: { regionCode }, select: { id: true }, orderBy: { id: 'asc' } })).map(
    (d) => d.id,
  );
}

/** Regions split into those with districts on record and those without. */
export async function listRegions(
  prisma: PrismaClient,
): Promise<{ withDistricts: string[]; withoutDistricts: string[] }> {
  const regions = await prisma.region.findMany({
    select: { code: true, _count: { select: { districts: true } } },
    orderBy: { code: 'asc' },
  });
  return {
    withDistricts: regions.filter((r) => r._count.districts > 0).map((r) => r.code),
    withoutDistricts: regions.filter((r) => r._count.districts === 0).map((r) => r.code),
  };
}

/**
 * One reconciliation round of a district's submission: the transfer act against the staged files
 * (voter records, station rows, and boundary rows once boundaries are received), then the engine
 * (libs/db/reconciliation/engine.ts) over the staged voter file and station list,
 * judged on the Almaty date of `at`. The workflow gets counts per kind of finding; the findings
 * stay in PostgreSQL under the run id. A retry returns the summary the first attempt recorded
 * (cycle_reconciliation.summary), not a new judgement: files staged or an act received since do not
 * change a round already reported (issue 25).
 *
 * `deadline` (epoch ms) bounds the engine's transaction: the activity passes its own timeout less a
 * margin, so an attempt has ended before Temporal starts the next (libs/db/reconciliation/engine.ts).
 *
 * The submission is the one the task's outcome names, else the district's latest staged for the
 * period. With none staged, the round reports that the files are missing.
 */
export async function runReconciliation(
  prisma: PrismaClient,
  r: {
    id: string;
    workflowId: string;
    period: string;
    districtId: string;
    round: number;
    files: SubmittedFile[];
    submissionId?: string;
    transferActId?: string;
    at: string;
  },
  options: { deadline?: number } = {},
): Promise<ReconciliationSummary> {
  const stored = await storedSummary(prisma, r.id);
  if (stored) return stored;
  if (r.transferActId) {
    const act = await actHandedOver(prisma, r.transferActId, r.period, r.districtId);
    if ('problem' in act) return recordRound(prisma, r, [act.problem], null);
    r = { ...r, files: act.files, submissionId: act.submissionId };
  }
  const submission = r.submissionId
    ? await prisma.voterSubmission.findUnique({ where: { id: r.submissionId } })
    : await prisma.voterSubmission.findFirst({
        where: { period: r.period, districtId: r.districtId, receivedAt: { lte: new Date(r.at) } },
        orderBy: { receivedAt: 'desc' },
      });

  const discrepancies: ReconciliationSummary['discrepancies'] = [];
  if (!submission || submission.districtId !== r.districtId || submission.period !== r.period) {
    discrepancies.push({
      code: 'files-not-staged',
      message: r.submissionId
        ? `Submission ${r.submissionId} is not staged for district ${r.districtId}, period ${r.period}`
        : `No voter file and station list of district ${r.districtId} for period ${r.period} have been received into Tizim`,
    });
  } else {
    const declared = (kind: SubmittedFile['kind']) =>
      r.files.filter((f) => f.kind === kind).reduce((n, f) => n + f.records, 0);
    if (declared('voters') !== submission.voterRecords) {
      discrepancies.push({
        code: 'act-voter-records',
        expected: submission.voterRecords,
        actual: declared('voters'),
        message: `The transfer act declares ${declared('voters')} voter records; the voter file received holds ${submission.voterRecords}`,
      });
    }
    if (declared('stations') !== submission.stationRecords) {
      discrepancies.push({
        code: 'act-station-records',
        expected: submission.stationRecords,
        actual: declared('stations'),
        message:
          submission.stationFile === null
            ? `The transfer act declares ${declared('stations')} station rows; no station list (Appendix 2) has been received into Tizim for this submission`
            : `The transfer act declares ${declared('stations')} station rows; the station list received holds ${submission.stationRecords}`,
      });
    }
    // Boundaries are checked once received: until then the engine has nothing to hold them against.
    if (submission.boundaryFile !== null && declared('boundaries') !== submission.boundaryRecords) {
      discrepancies.push({
        code: 'act-boundary-records',
        expected: submission.boundaryRecords,
        actual: declared('boundaries'),
        message: `The transfer act declares ${declared('boundaries')} boundary rows; the boundaries received hold ${submission.boundaryRecords}`,
      });
    }
    const result = await reconcileSubmission(prisma, {
      runId: r.id,
      submissionId: submission.id,
      referenceDate: localDateTimeOf(r.at).date,
      workflowId: r.workflowId,
      round: r.round,
      at: r.at,
      deadline: options.deadline,
    });
    for (const f of result.findings) {
      const what = SUBCATEGORIES[f.subcategory]?.en ?? f.subcategory;
      discrepancies.push({
        code: `category-${f.category}-${f.subcategory}`,
        actual: f.records,
        // A missing list is one fact about the submission, not a count of stations.
        message:
          f.subcategory === 'station-list-not-received'
            ? `Stations: ${what}`
            : `${f.category === 0 ? 'Stations' : `Category ${f.category}`}, ${what}: ${f.records} ${f.category === 0 ? 'station(s)' : 'record(s)'}`,
      });
    }
  }
  return recordRound(prisma, r, discrepancies, submission?.id ?? null);
}

type Discrepancy = ReconciliationSummary['discrepancies'][number];

/**
 * The files a transfer act recorded in Tizim hands over, once the commission has recorded its
 * receipt (which checked the received files against it); a problem in plain words otherwise.
 */
async function actHandedOver(
  prisma: PrismaClient,
  actId: string,
  period: string,
  districtId: string,
): Promise<{ files: SubmittedFile[]; submissionId: string } | { problem: Discrepancy }> {
  const act = await prisma.transferAct.findUnique({
    where: { id: actId },
    include: { files: { orderBy: { position: 'asc' } } },
  });
  if (!act || act.period !== period || act.districtId !== districtId) {
    return {
      problem: {
        code: 'transfer-act-unknown',
        message: `Transfer act ${actId} is not recorded for district ${districtId}, period ${period}`,
      },
    };
  }
  if (act.status === 'DRAFT' || !act.submissionId) {
    return {
      problem: {
        code: 'transfer-act-not-received',
        message: `The commission has not recorded the receipt of transfer act ${act.number}: its files have not been checked against it`,
      },
    };
  }
  const kinds = { VOTERS: 'voters', STATIONS: 'stations', BOUNDARIES: 'boundaries' } as const;
  return {
    submissionId: act.submissionId,
    files: act.files.map((f) => ({
      kind: kinds[f.kind],
      name: f.name,
      sizeBytes: Number(f.sizeBytes),
      records: f.records,
      ...(f.sha256 ? { sha256: f.sha256 } : {}),
    })),
  };
}

async function storedSummary(prisma: PrismaClient, runId: string): Promise<ReconciliationSummary | null> {
  const row = await prisma.cycleReconciliation.findUnique({ where: { id: runId }, select: { summary: true } });
  return (row?.summary as unknown as ReconciliationSummary | null) ?? null;
}

/**
 * Records the round's summary once and returns the one recorded: an attempt that overlapped an
 * earlier one (which wrote first) returns the earlier's, so every attempt tells the workflow the same.
 */
async function recordRound(
  prisma: PrismaClient,
  r: { id: string; workflowId: string; period: string; districtId: string; round: number; at: string },
  discrepancies: Discrepancy[],
  submissionId: string | null,
): Promise<ReconciliationSummary> {
  const summary: ReconciliationSummary = {
    round: r.round,
    discrepancies,
    reconciledAt: r.at,
    runId: r.id,
    submissionId,
  };
  const json = summary as unknown as Prisma.InputJsonValue;
  // With a submission the engine has recorded the run; without one, the round is recorded here.
  await prisma.cycleReconciliation.createMany({
    data: [
      {
        id: r.id,
        workflowId: r.workflowId,
        period: r.period,
        districtId: r.districtId,
        round: r.round,
        discrepancies: discrepancies.length,
        result: json,
        summary: json,
        createdAt: new Date(r.at),
      },
    ],
    skipDuplicates: true,
  });
  await prisma.$executeRaw`UPDATE cycle_reconciliation SET summary = ${JSON.stringify(summary)}::jsonb
     WHERE id = ${r.id}::uuid AND summary IS NULL`;
  return (await storedSummary(prisma, r.id)) ?? summary;
}
