import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { utcOffsetMinutesAt } from '../../../../libs/calendar/local-date';
import type { Queue } from 'bullmq';
import { createFileImportQueue, enqueueFileImport, reopenFailedFile } from '../../../../libs/queues/file-imports';
import { queuedWithin } from '../../../../libs/queues/outbox';
import { FileStore } from '../../../../libs/files/store';
import { receiveFile } from '../../../../libs/db/files/received';
import { logQueueErrors, QUEUES, type FileImportJob } from '../../../../libs/queues/queues';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import { Problem } from '../core/problem';
import { ApiLogger, Database, RedisGateway } from '../core/infrastructure.module';
import { narrowed, type Territory } from '../core/access';
import { FilesQueryDto, KINDS, UploadFileDto } from './files.dto';
import { isAccountId } from '../directory/directory.service';

/** How long an upload waits for Redis to take its import's job before answering without it. */

const VIEW = {
  id: true,
  kind: true,
  fileName: true,
  sha256: true,
  sizeBytes: true,
  period: true,
  regionCode: true,
  districtId: true,
  status: true,
  records: true,
  problemCount: true,
  rowsWithProblems: true,
  recordProblems: true,
  failure: true,
  submissionId: true,
  uploadedBy: true,
  receivedAt: true,
  decidedAt: true,
} as const;

@Injectable()
export class FilesService implements OnModuleDestroy {
  readonly store: FileStore;
  private readonly queue: Queue<FileImportJob>;
  private readonly quota: { filesPerDay: number; mbPerDay: number };

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    config: AppConfig,
    redis: RedisGateway,
    private readonly log: ApiLogger,
  ) {
    this.store = new FileStore(config.value.files.storeDir);
    this.quota = config.value.files.quota;
    this.queue = createFileImportQueue(redis.client, config.value.queuePrefix);
    logQueueErrors(this.queue, log.logger, QUEUES.fileImports);
  }

  /**
   * Queues a RECEIVED file's import, within the outbox's QUEUE_WAIT_MS: false when Redis cannot take the job now.
   * The file is recorded already and the worker's sweeper queues it when Redis is back (the row is
   * the queue's outbox), so the request is not failed for it (issue 23: it answered 500 and the
   * file was never imported).
   */
  private queueImport(fileId: string): Promise<boolean> {
    return queuedWithin(enqueueFileImport(this.queue, fileId), (reason) =>
      this.log.logger.warn({ fileId, reason }, 'import not queued: the worker queues it when Redis is back'),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }

  async upload(dto: UploadFileDto, file: Express.Multer.File | undefined, actor: string, requestId?: string) {
    if (!file)
      throw new Problem(400, 'file.missing', {}, 'No file was sent', [
        { field: 'file', message: 'send the file as the multipart field "file"' },
      ]);
    const district = await this.db.client.district.findUnique({ where: { id: dto.districtId } });
    if (!district)
      throw new Problem(400, 'file.unknown-district', { districtId: dto.districtId }, 'Unknown district', [
        { field: 'districtId', message: `no district ${dto.districtId} is on record` },
      ]);
    if (dto.submissionId) await this.checkSubmission(dto, district.id);
    await this.checkQuota(district.id, file.size);
    const kept = await this.store.keep(file.path);
    const earlier = await this.sameUpload(dto, district.id, kept.sha256);
    if (earlier) {
      // The same bytes again for the same district, period (and list target): the file received, not a second submission.
      await this.audit.record({
        actor,
        action: 'file.upload-again',
        subjectType: 'received-file',
        subjectId: earlier,
        requestId,
      });
      return { file: { ...(await this.view(earlier)), alreadyReceived: true }, created: false };
    }
    const id = randomUUID();
    await receiveFile(
      this.db.client,
      this.store,
      {
        // NFC: a name from macOS may come decomposed (й as и + ˘); the transfer act names it as typed.
        fileId: id,
        path: file.path,
        fileName: file.originalname.normalize('NFC'),
        period: dto.period,
        regionCode: district.regionCode,
        districtId: district.id,
        uploadedBy: actor,
        receivedAt: new Date().toISOString(),
        submissionId: dto.submissionId,
      },
      KINDS[dto.kind],
      kept,
    );
    await this.audit.record({ actor, action: 'file.upload', subjectType: 'received-file', subjectId: id, requestId });
    const importQueued = await this.queueImport(id);
    return { file: { ...(await this.view(id)), importQueued }, created: true };
  }

  /**
   * A district's uploads of the day (Asia/Almaty) are held to the quota (issue 24: one registrar's
   * script, or a stolen sign-in, should not fill the file store and the import queue): so many
   * files, so many megabytes. Refused with 429 naming the district and the limit, and Retry-After
   * until midnight. Counted from the received files themselves, whatever their verdict.
   */
  private async checkQuota(districtId: string, size: number): Promise<void> {
    const { filesPerDay, mbPerDay } = this.quota;
    if (!filesPerDay && !mbPerDay) return;
    const now = Date.now();
    const offsetMs = utcOffsetMinutesAt(now) * 60_000;
    const dayStart = Math.floor((now + offsetMs) / 86_400_000) * 86_400_000 - offsetMs;
    const today = await this.db.client.receivedFile.aggregate({
      where: { districtId, receivedAt: { gte: new Date(dayStart) } },
      _count: { _all: true },
      _sum: { sizeBytes: true },
    });
    const files = today._count._all;
    const mb = Number(today._sum.sizeBytes ?? 0n) / 2 ** 20;
    const refuse = (params: { files?: number; mb?: number }, detail: string): never => {
      const e = new Problem(HttpStatus.TOO_MANY_REQUESTS, 'file.quota-exceeded', { districtId, ...params }, detail);
      e.retryAfterSeconds = Math.max(1, Math.ceil((dayStart + 86_400_000 - now) / 1000));
      throw e;
    };
    const after = 'send it tomorrow, or ask the administrator to raise the quota';
    if (filesPerDay && files >= filesPerDay)
      refuse(
        { files: filesPerDay },
        `District ${districtId} has sent ${files} files today, the most a district may send in a day (TIZIM_UPLOAD_QUOTA_FILES_PER_DAY): ${after}`,
      );
    if (mbPerDay && mb + size / 2 ** 20 > mbPerDay)
      refuse(
        { mb: mbPerDay },
        `District ${districtId} has sent ${Math.round(mb)} MB today; this file would take it past the ${mbPerDay} MB a district may send in a day (TIZIM_UPLOAD_QUOTA_MB_PER_DAY): ${after}`,
      );
  }

  /**
   * The file already received with these bytes for the same district and period, unless it
   * FAILED: a voter file; a list, when it joins the same submission this upload would (a list
   * sent again for a newer voter file is a new file of that submission).
   */
  private async sameUpload(dto: UploadFileDto, districtId: string, sha256: string): Promise<string | null> {
    const kind = KINDS[dto.kind];
    const earlier = await this.db.client.receivedFile.findFirst({
      where: { sha256, kind, districtId, period: dto.period, status: { not: 'FAILED' } },
      orderBy: { receivedAt: 'desc' },
      select: { id: true, submissionId: true },
    });
    if (!earlier) return null;
    if (kind === 'VOTERS') return earlier.id;
    const target =
      dto.submissionId ??
      (
        await this.db.client.voterSubmission.findFirst({
          where: { districtId, period: dto.period },
          orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
          select: { id: true },
        })
      )?.id ??
      null;
    return earlier.submissionId === target ? earlier.id : null;
  }

  /** An administrator tries a FAILED file's import again; the reason is audited. */
  async retry(id: string, reason: string, actor: string, requestId?: string) {
    const file = await this.view(id);
    if (file.status !== 'FAILED')
      throw new Problem(
        409,
        'file.not-failed',
        { fileId: id, status: file.status },
        `File ${id} is ${file.status.toLowerCase()}: only a file whose import FAILED is tried again`,
      );
    if (await reopenFailedFile(this.db.client, id)) await this.queueImport(id);
    await this.audit.record({
      actor,
      action: 'file.retry',
      subjectType: 'received-file',
      subjectId: id,
      requestId,
      reason,
    });
    return this.view(id);
  }

  /** A named submission must be a staged voter file of the same district and period, and only lists name one. */
  private async checkSubmission(dto: UploadFileDto, districtId: string): Promise<void> {
    if (dto.kind === 'voters')
      throw new Problem(400, 'file.voters-name-no-submission', {}, 'Bad submissionId', [
        {
          field: 'submissionId',
          message: 'a voter file makes its own submission: name one only with a station list or boundaries',
        },
      ]);
    const submission = await this.db.client.voterSubmission.findUnique({
      where: { id: dto.submissionId },
      select: { period: true, districtId: true },
    });
    if (!submission || submission.districtId !== districtId || submission.period !== dto.period) {
      throw new Problem(
        400,
        'file.unknown-submission',
        { districtId, period: dto.period, submissionId: dto.submissionId! },
        'Bad submissionId',
        [
          {
            field: 'submissionId',
            message: `no accepted voter file of district ${districtId} for period ${dto.period} has the id ${dto.submissionId}`,
          },
        ],
      );
    }
  }

  /**
   * Every file received in the actor's territory, newest first, whatever its verdict: accepted,
   * rejected (its report at GET /v1/files/:id/report), still importing or failed; with the
   * district's name and the uploader's name. A rejected voter file joins no submission, so the
   * submissions list alone would lose it.
   */
  async list(q: FilesQueryDto, scope: Territory) {
    const limit = q.limit ?? 100;
    const filter = narrowed({ regionCode: q.regionCode, districtId: q.districtId }, scope);
    if (!filter) return { items: [], nextCursor: null };
    const rows = await this.db.client.receivedFile.findMany({
      where: { period: q.period, regionCode: filter.regionCode, districtId: filter.districtId },
      select: { ...VIEW, recordProblems: false },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take: limit,
      ...(q.after ? { cursor: { id: q.after }, skip: 1 } : {}),
    });
    const [districts, people] = await Promise.all([
      this.db.client.district.findMany({
        where: { id: { in: [...new Set(rows.map((r) => r.districtId))] } },
        select: { id: true, nameRu: true, nameKk: true },
      }),
      this.db.client.user.findMany({
        // Accounts only: the operator's token uploads as `operator`, which is no account's UUID.
        where: { id: { in: [...new Set(rows.map((r) => r.uploadedBy).filter(isAccountId))] } },
        select: { id: true, fullName: true, role: true },
      }),
    ]);
    const district = new Map(districts.map((d) => [d.id, { ru: d.nameRu, kk: d.nameKk }]));
    const person = new Map(people.map((p) => [p.id, p]));
    return {
      items: rows.map((r) => ({
        ...r,
        sizeBytes: Number(r.sizeBytes),
        districtName: district.get(r.districtId) ?? null,
        uploader: person.get(r.uploadedBy) ?? null,
      })),
      nextCursor: rows.length === limit ? rows[limit - 1]!.id : null,
    };
  }

  async view(id: string) {
    const row = await this.db.client.receivedFile.findUnique({ where: { id }, select: VIEW });
    if (!row) throw new Problem(404, 'file.not-found', { fileId: id }, `No received file has the id ${id}`);
    return { ...row, sizeBytes: Number(row.sizeBytes) };
  }

  /** The rejection report; its read is audited like every read of what a file holds. */
  async report(id: string, actor: string, requestId?: string) {
    const row = await this.db.client.receivedFile.findUnique({
      where: { id },
      select: { status: true, report: true, failure: true, rowsWithProblems: true },
    });
    if (!row) throw new Problem(404, 'file.not-found', { fileId: id }, `No received file has the id ${id}`);
    if (row.status === 'FAILED')
      throw new Problem(
        404,
        'file.import-failed',
        { fileId: id },
        `File ${id} could not be imported (${row.failure ?? 'no reason recorded'}): an administrator can try it again (POST /v1/files/${id}/retry)`,
      );
    if (row.status !== 'REJECTED') {
      throw row.status === 'ACCEPTED' && row.rowsWithProblems
        ? new Problem(
            404,
            'file.accepted-with-findings',
            { fileId: id, rowsWithProblems: row.rowsWithProblems },
            `File ${id} was accepted: its ${row.rowsWithProblems} record(s) with problems are findings of the district's reconciliation, not a rejection report`,
          )
        : new Problem(
            404,
            'file.no-report',
            { fileId: id, status: row.status },
            `File ${id} is ${row.status.toLowerCase()}: only a rejected file has a rejection report`,
          );
    }
    await this.audit.record({
      actor,
      action: 'file.report.read',
      subjectType: 'received-file',
      subjectId: id,
      requestId,
    });
    return row.report;
  }
}
