import { HttpStatus, Injectable } from '@nestjs/common';
import type { Prisma } from '../../../../libs/db/prisma';
import type { Territory } from '../core/access';
import { Database } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
import { SubmissionsQueryDto } from './submissions.dto';

const FILE = {
  id: true,
  kind: true,
  fileName: true,
  sizeBytes: true,
  sha256: true,
  status: true,
  records: true,
  problemCount: true,
  rowsWithProblems: true,
  receivedAt: true,
  decidedAt: true,
} as const;
type FileRow = Prisma.ReceivedFileGetPayload<{ select: typeof FILE }>;

const file = (f: FileRow) => ({ ...f, sizeBytes: Number(f.sizeBytes) });

@Injectable()
export class SubmissionsService {
  constructor(private readonly db: Database) {}

  async list(q: SubmissionsQueryDto, scope: Territory) {
    const limit = q.limit ?? 50;
    const rows = await this.db.client.voterSubmission.findMany({
      where: {
        AND: [
          { period: q.period, regionCode: q.regionCode, districtId: q.districtId },
          { regionCode: scope.regionCode, districtId: scope.districtId },
        ],
      },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take: limit,
      ...(q.after ? { cursor: { id: q.after }, skip: 1 } : {}),
    });
    const items = await this.describe(rows);
    return { items, nextCursor: rows.length === limit ? rows[limit - 1]!.id : null };
  }

  async view(id: string) {
    const s = await this.db.client.voterSubmission.findUnique({ where: { id } });
    if (!s)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'submission.not-found',
        { submissionId: id },
        `No submission has the id ${id}`,
      );
    return (await this.describe([s]))[0]!;
  }

  /** The submissions with their files, acts and rounds: three queries for the whole page. */
  private async describe(submissions: Prisma.VoterSubmissionGetPayload<object>[]) {
    const ids = submissions.map((s) => s.id);
    const [allFiles, allActs, allRounds] = await Promise.all([
      this.db.client.receivedFile.findMany({
        where: { OR: [{ id: { in: ids } }, { submissionId: { in: ids } }] },
        select: { ...FILE, submissionId: true },
        orderBy: { receivedAt: 'asc' },
      }),
      this.db.client.transferAct.findMany({
        where: { submissionId: { in: ids } },
        select: { id: true, number: true, status: true, receivedAt: true, signedAt: true, submissionId: true },
        orderBy: { declaredAt: 'asc' },
      }),
      this.db.client.cycleReconciliation.findMany({
        where: { submissionId: { in: ids } },
        select: {
          id: true,
          workflowId: true,
          round: true,
          discrepancies: true,
          createdAt: true,
          submissionId: true,
          snapshotId: true,
          eventWatermark: true,
        },
        orderBy: { createdAt: 'asc' },
      }),
    ]);
    // Each round names the register it was judged against (issue 20): the snapshot and the events applied.
    const snapshotIds = [...new Set(allRounds.map((r) => r.snapshotId).filter((id): id is string => id !== null))];
    const snapshots = new Map(
      (
        await this.db.client.registerSnapshot.findMany({
          where: { id: { in: snapshotIds } },
          select: { id: true, version: true, asOf: true, sha256: true },
        })
      ).map((x) => [x.id, x]),
    );
    const rounds = allRounds.map(({ snapshotId, eventWatermark, ...r }) => {
      const snapshot = snapshotId ? snapshots.get(snapshotId) : undefined;
      return {
        ...r,
        register: snapshot
          ? {
              snapshotId,
              version: snapshot.version,
              asOf: snapshot.asOf.toISOString().slice(0, 10),
              sha256: snapshot.sha256,
              eventWatermark: Number(eventWatermark ?? 0),
            }
          : null,
      };
    });
    // A voter file is its own submission (same id); a list names the submission it joined.
    const ofSubmission = <T extends { submissionId: string | null }>(rows: T[], id: string, own?: (r: T) => boolean) =>
      rows.filter((r) => r.submissionId === id || own?.(r)).map(({ submissionId: _s, ...rest }) => rest);
    return submissions.map((s) =>
      this.described(
        s,
        ofSubmission(allFiles, s.id, (f) => f.id === s.id),
        ofSubmission(allActs, s.id),
        ofSubmission(rounds, s.id),
      ),
    );
  }

  private described(
    s: Prisma.VoterSubmissionGetPayload<object>,
    files: FileRow[],
    acts: { id: string; number: string; status: string; receivedAt: Date | null; signedAt: Date | null }[],
    rounds: {
      id: string;
      workflowId: string;
      round: number;
      discrepancies: number;
      createdAt: Date;
      register: { version: number; asOf: string } | null;
    }[],
  ) {
    const current = (fileId: string | null, name: string | null, records: number) =>
      name === null ? null : { fileId, name, records };
    return {
      id: s.id,
      period: s.period,
      regionCode: s.regionCode,
      districtId: s.districtId,
      receivedAt: s.receivedAt,
      // What reconciliation reads now: the voter file, and the latest accepted list of each kind.
      staged: {
        voters: { fileId: files.some((f) => f.id === s.id) ? s.id : null, name: s.voterFile, records: s.voterRecords },
        stations: current(s.stationFileId, s.stationFile, s.stationRecords),
        boundaries: current(s.boundaryFileId, s.boundaryFile, s.boundaryRecords),
      },
      complete: s.stationFile !== null && s.boundaryFile !== null,
      // Every file received for it, whatever its verdict (a refused list, one still importing).
      files: files.map(file),
      transferActs: acts,
      reconciliations: rounds,
    };
  }
}
