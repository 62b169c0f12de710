/**
 * The retention schedule's purge (ASVS 8.3.8, issue 24 item 6): personal data past the days the
 * schedule keeps it (libs/config/config.ts, RetentionSchedule) is removed, and each pass is audited
 * by kind with its count and cut-off (no personal data in the audit row).
 *
 * What goes, by kind:
 * - a received file's bytes (rejected or failed ones sooner than accepted ones), counted from its
 *   verdict: the bytes leave the file store, while the row keeps the verdict, the name, the size and
 *   the SHA-256 as the record (bytesPurgedAt says when). Bytes another record still needs (the same
 *   content received again and not yet due, a register extract, a consolidated file, an act's PDF,
 *   an ID-card document) stay;
 * - a voting day's applications (with their history and escalations, by cascade) and its
 *   supplementary list, counted from the day's close; the voting day itself stays;
 * - messages delivered to citizens' e-gov cabinets, counted from delivery;
 * - sign-in challenges, counted from their expiry.
 *
 * A pass is safe to repeat and to interrupt: rows are marked or deleted in one statement per kind,
 * and a file's bytes are removed only after its row is marked (a crash in between leaves bytes that
 * the next pass removes; never a row that says "kept" over missing bytes).
 */
import { rm } from 'node:fs/promises';
import type { RetentionSchedule } from '../config/config';
import type { PrismaClient } from './prisma';

/** The kinds the purge knows, as named in its audit rows (subject type "retention"). */
export type RetentionKind =
  'rejected-file-bytes' | 'accepted-file-bytes' | 'voting-day-records' | 'cabinet-messages' | 'sign-in-challenges';

export interface RetentionPassResult {
  kind: RetentionKind;
  /** Rows purged (files: whose bytes went; voting days: applications and list entries). */
  purged: number;
  /** Nothing older than this was kept. */
  cutoff: Date;
}

/** Where a received file's bytes are kept (libs/files/store.ts). */
export interface PurgeableStore {
  pathOf(sha256: string): string;
}

const DAY_MS = 86_400_000;
/** Rows per statement: a national store purged after years is done in bounded steps. */
const BATCH = 500;

/** Runs every kind whose schedule is not 0 days; the results of those that ran. */
export async function purgeExpired(
  prisma: PrismaClient,
  store: PurgeableStore,
  schedule: RetentionSchedule,
  now: Date,
  actor = 'system:retention',
): Promise<RetentionPassResult[]> {
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const results: RetentionPassResult[] = [];
  const run = async (kind: RetentionKind, days: number, purge: (before: Date) => Promise<number>) => {
    if (days <= 0) return;
    const before = cutoff(days);
    const purged = await purge(before);
    await prisma.auditEvent.create({
      data: {
        actor,
        action: 'retention.purge',
        subjectType: 'retention',
        subjectId: kind,
        reason: `${purged} purged: older than ${days} days (before ${before.toISOString()})`,
      },
    });
    results.push({ kind, purged, cutoff: before });
  };

  await run('rejected-file-bytes', schedule.rejectedFileDays, (before) =>
    purgeFileBytes(prisma, store, ['REJECTED', 'FAILED'], before, now),
  );
  await run('accepted-file-bytes', schedule.acceptedFileDays, (before) =>
    purgeFileBytes(prisma, store, ['ACCEPTED'], before, now),
  );
  await run('voting-day-records', schedule.votingDayDays, async (before) => {
    const days = await prisma.votingDay.findMany({ where: { closesAt: { lt: before } }, select: { id: true } });
    const ids = days.map((d) => d.id);
    if (!ids.length) return 0;
    return prisma.$transaction(async (tx) => {
      const list = await tx.supplementaryListEntry.deleteMany({ where: { votingDayId: { in: ids } } });
      // History and escalations go with their application (onDelete: Cascade).
      const applications = await tx.votingDayApplication.deleteMany({ where: { votingDayId: { in: ids } } });
      return list.count + applications.count;
    });
  });
  await run('cabinet-messages', schedule.cabinetMessageDays, async (before) => {
    const { count } = await prisma.egovCabinetMessage.deleteMany({ where: { deliveredAt: { lt: before } } });
    return count;
  });
  await run('sign-in-challenges', schedule.challengeDays, async (before) => {
    const { count } = await prisma.authChallenge.deleteMany({ where: { expiresAt: { lt: before } } });
    return count;
  });
  return results;
}

/**
 * Marks the received files of these verdicts decided before `before` as purged, batch by batch, and
 * removes each one's bytes unless another record still needs the same content.
 */
async function purgeFileBytes(
  prisma: PrismaClient,
  store: PurgeableStore,
  statuses: ('REJECTED' | 'FAILED' | 'ACCEPTED')[],
  before: Date,
  now: Date,
): Promise<number> {
  let purged = 0;
  for (;;) {
    const due = await prisma.receivedFile.findMany({
      where: { status: { in: statuses }, decidedAt: { lt: before }, bytesPurgedAt: null },
      select: { id: true, sha256: true },
      orderBy: { decidedAt: 'asc' },
      take: BATCH,
    });
    if (!due.length) return purged;
    await prisma.receivedFile.updateMany({
      where: { id: { in: due.map((f) => f.id) }, bytesPurgedAt: null },
      data: { bytesPurgedAt: now },
    });
    purged += due.length;
    for (const sha256 of new Set(due.map((f) => f.sha256)))
      if (!(await stillNeeded(prisma, sha256))) await rm(store.pathOf(sha256), { force: true });
  }
}

/** Whether a record other than a purged received file still points at these bytes. */
async function stillNeeded(prisma: PrismaClient, sha256: string): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ needed: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM received_file WHERE sha256 = ${sha256} AND bytes_purged_at IS NULL)
        OR EXISTS (SELECT 1 FROM register_snapshot WHERE sha256 = ${sha256})
        OR EXISTS (SELECT 1 FROM consolidated_file WHERE sha256 = ${sha256})
        OR EXISTS (SELECT 1 FROM transfer_act WHERE sha256 = ${sha256})
        OR EXISTS (SELECT 1 FROM id_card_application
                   WHERE ${sha256} IN (approval_sha256, photo_sha256, signature_sha256)) AS needed`;
  return row?.needed ?? true;
}
