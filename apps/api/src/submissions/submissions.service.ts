/**
 * Submissions as the commission follows them: one per accepted voter file, with what has joined it
 * (the station list and the boundaries, in whatever state their import is), the transfer acts that
 * name it and the reconciliation rounds that read it. No personal data: names and counts only.
 */
import {
  Controller,
  Get,
  Injectable,
  Module,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Query,
  Req,
} from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import type { Prisma } from '../../../../libs/db/prisma';
import { AccessService, Allow, type Territory } from '../core/access';
import type { AuthenticatedRequest } from '../core/auth';
import { Database } from '../core/infrastructure.module';

export class SubmissionsQueryDto {
  @ApiPropertyOptional({ example: '2027-01' })
  @IsOptional()
  @Matches(/^\d{4}-(01|07)$/, { message: 'period must be YYYY-01 or YYYY-07' })
  period?: string;
  @ApiPropertyOptional({ example: '71' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'regionCode must be a two-digit KATO code' })
  regionCode?: string;
  @ApiPropertyOptional({ example: '7101' }) @IsOptional() @IsString() @Length(1, 16) districtId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsUUID('all', { message: 'after must be the nextCursor of the previous page' })
  after?: string;
}

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
    if (!s) throw new NotFoundException(`No submission has the id ${id}`);
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

@ApiTags('submissions')
@ApiBearerAuth()
@Controller('v1/submissions')
export class SubmissionsController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly access: AccessService,
  ) {}

  @Get()
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({ summary: 'Submissions by period and territory, newest first, paged by cursor' })
  list(@Query() q: SubmissionsQueryDto, @Req() req: AuthenticatedRequest) {
    return this.submissions.list(q, this.access.scope(req.actor!));
  }

  @Get(':id')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      'One submission: the files staged (voter file, station list, boundaries), every file received for it, its transfer acts and reconciliation rounds',
  })
  @ApiNotFoundResponse({ description: 'No such submission' })
  async view(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    const submission = await this.submissions.view(id);
    await this.access.ensure(req, submission, { type: 'submission', id });
    return submission;
  }
}

@Module({ controllers: [SubmissionsController], providers: [SubmissionsService] })
export class SubmissionsModule {}
