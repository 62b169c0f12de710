/**
 * Files from the akimats: upload (multipart, streamed to disk, size-limited) of a voter file
 * (Appendix 1), a station list (Appendix 2) or boundaries (Appendix 3), the verdict with the rows
 * read so far while the import runs, and the rejection report. The upload is kept by its SHA-256
 * and recorded before the answer; the import runs in the worker (BullMQ), so a 1.5-million-row
 * file never holds a request.
 */
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Injectable,
  Module,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
  type OnModuleDestroy,
} from '@nestjs/common';
import { FileInterceptor, MulterModule } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Queue } from 'bullmq';
import { IsIn, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { createFileImportQueue, enqueueFileImport, retryFileImport } from '../../../../libs/queues/file-imports';
import { FileStore } from '../../../../libs/files/store';
import { receiveFile, type ReceivedFileKind } from '../../../../libs/db/files/received';
import type { FileImportJob } from '../../../../libs/queues/queues';
import { AuditService } from '../audit/audit.service';
import { AccessService, Allow } from '../core/access';
import { AppConfig } from '../core/app-config';
import { DiscardUpload, uploadOptions } from '../core/uploads';
import type { AuthenticatedRequest } from '../core/auth';
import { Database, RedisGateway } from '../core/infrastructure.module';

const KINDS = { voters: 'VOTERS', stations: 'STATIONS', boundaries: 'BOUNDARIES' } as const satisfies Record<
  string,
  ReceivedFileKind
>;
type UploadKind = keyof typeof KINDS;

const KIND_DESCRIPTION = [
  'voters: the Appendix 1 voter file (CSV, the 26 fields in the header);',
  'stations: the Appendix 2 station list; boundaries: the Appendix 3 boundaries (each as .xlsx, its first worksheet, or CSV; column names in Russian, Kazakh or English).',
  'The format is read from the content, not the name.',
].join(' ');

const SUBMISSION_DESCRIPTION =
  "stations and boundaries only: the staged submission (the accepted voter file's id) they belong to. " +
  "Without it, the district's latest accepted voter file of the period; with none, the file is kept and refused on import.";

export class UploadFileDto {
  @ApiProperty({ example: '2027-01' })
  @Matches(/^\d{4}-(01|07)$/, { message: 'period must be YYYY-01 or YYYY-07' })
  period!: string;
  @ApiProperty({ example: '7101' }) @Length(1, 16, { message: 'districtId is required' }) districtId!: string;
  @ApiProperty({ enum: Object.keys(KINDS), description: KIND_DESCRIPTION })
  @IsIn(Object.keys(KINDS), { message: 'kind must be voters, stations or boundaries' })
  kind!: UploadKind;
  @ApiProperty({ required: false, format: 'uuid', description: SUBMISSION_DESCRIPTION })
  @IsOptional()
  @IsUUID('all', { message: 'submissionId must be a UUID (the id of an accepted voter file)' })
  submissionId?: string;
}

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

export class RetryFileDto {
  @ApiProperty({
    example: 'the database was restored',
    description: 'why the import is tried again (kept in the audit log)',
  })
  @Length(3, 500, { message: 'reason is required: say why the import is tried again (3 to 500 characters)' })
  reason!: string;
}

@Injectable()
export class FilesService implements OnModuleDestroy {
  readonly store: FileStore;
  private readonly queue: Queue<FileImportJob>;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    config: AppConfig,
    redis: RedisGateway,
  ) {
    this.store = new FileStore(config.value.files.storeDir);
    this.queue = createFileImportQueue(redis.client, config.value.queuePrefix);
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }

  async upload(dto: UploadFileDto, file: Express.Multer.File | undefined, actor: string, requestId?: string) {
    if (!file)
      throw new BadRequestException({
        message: 'No file was sent',
        errors: [{ field: 'file', message: 'send the file as the multipart field "file"' }],
      });
    const district = await this.db.client.district.findUnique({ where: { id: dto.districtId } });
    if (!district)
      throw new BadRequestException({
        message: 'Unknown district',
        errors: [{ field: 'districtId', message: `no district ${dto.districtId} is on record` }],
      });
    if (dto.submissionId) await this.checkSubmission(dto, district.id);
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
    await enqueueFileImport(this.queue, id);
    return { file: await this.view(id), created: true };
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
      throw new ConflictException(
        `File ${id} is ${file.status.toLowerCase()}: only a file whose import FAILED is tried again`,
      );
    await retryFileImport(this.db.client, this.queue, id);
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
    const refuse = (message: string) =>
      new BadRequestException({ message: 'Bad submissionId', errors: [{ field: 'submissionId', message }] });
    if (dto.kind === 'voters')
      throw refuse('a voter file makes its own submission: name one only with a station list or boundaries');
    const submission = await this.db.client.voterSubmission.findUnique({
      where: { id: dto.submissionId },
      select: { period: true, districtId: true },
    });
    if (!submission || submission.districtId !== districtId || submission.period !== dto.period) {
      throw refuse(
        `no accepted voter file of district ${districtId} for period ${dto.period} has the id ${dto.submissionId}`,
      );
    }
  }

  async view(id: string) {
    const row = await this.db.client.receivedFile.findUnique({ where: { id }, select: VIEW });
    if (!row) throw new NotFoundException(`No received file has the id ${id}`);
    return { ...row, sizeBytes: Number(row.sizeBytes) };
  }

  /** The rejection report; its read is audited like every read of what a file holds. */
  async report(id: string, actor: string, requestId?: string) {
    const row = await this.db.client.receivedFile.findUnique({
      where: { id },
      select: { status: true, report: true, failure: true, rowsWithProblems: true },
    });
    if (!row) throw new NotFoundException(`No received file has the id ${id}`);
    if (row.status === 'FAILED')
      throw new NotFoundException(
        `File ${id} could not be imported (${row.failure ?? 'no reason recorded'}): an administrator can try it again (POST /v1/files/${id}/retry)`,
      );
    if (row.status !== 'REJECTED') {
      throw new NotFoundException(
        row.status === 'ACCEPTED' && row.rowsWithProblems
          ? `File ${id} was accepted: its ${row.rowsWithProblems} record(s) with problems are findings of the district's reconciliation, not a rejection report`
          : `File ${id} is ${row.status.toLowerCase()}: only a rejected file has a rejection report`,
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

@ApiTags('files')
@ApiBearerAuth()
@Controller('v1/files')
export class FilesController {
  constructor(
    private readonly files: FilesService,
    private readonly access: AccessService,
  ) {}

  @Post()
  @Allow('ADMIN', 'AKIMAT_REGISTRAR')
  @HttpCode(202)
  @UseInterceptors(FileInterceptor('file'), DiscardUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['period', 'districtId', 'kind', 'file'],
      properties: {
        period: { type: 'string', example: '2027-01' },
        districtId: { type: 'string', example: '7101' },
        kind: { type: 'string', enum: Object.keys(KINDS), description: KIND_DESCRIPTION },
        submissionId: { type: 'string', format: 'uuid', description: SUBMISSION_DESCRIPTION },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiOperation({
    summary:
      'Upload a voter file, station list or boundaries; it is kept by its SHA-256 and imported in the background. Poll GET /v1/files/{id}',
    description:
      'A station list or boundaries file joins a voter submission of the same district and period; an accepted one replaces the list of its kind that submission had.',
  })
  @ApiAcceptedResponse({ description: 'Received; the import has been queued' })
  @ApiOkResponse({
    description:
      'The same bytes were received already for this district and period: that file (alreadyReceived), nothing queued',
  })
  async upload(
    @Body() dto: UploadFileDto,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.access.ensure(req, { districtId: dto.districtId }, { type: 'district', id: dto.districtId });
    const { file: view, created } = await this.files.upload(dto, file, req.actor!.id, req.id);
    if (!created) res.status(200);
    return view;
  }

  @Post(':id/retry')
  @Allow('ADMIN')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Try again the import of a file that FAILED (the database or the disk failed every attempt); the reason is audited',
  })
  @ApiConflictResponse({ description: 'The file did not fail: it is being imported, or it was accepted or rejected' })
  async retry(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RetryFileDto,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.files.retry(id, dto.reason, req.actor!.id, req.id);
  }

  @Get(':id')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      'A received file of any kind: status (RECEIVED while importing, with the rows read so far; ACCEPTED, REJECTED, or FAILED with the reason), counts (for an accepted voter file, the records staged with problems, which are findings of its reconciliation), the staged submission (for a list: the voter submission it joined)',
  })
  @ApiNotFoundResponse({ description: 'No such file' })
  async view(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    const file = await this.files.view(id);
    await this.access.ensure(req, file, { type: 'received-file', id });
    return file;
  }

  @Get(':id/report')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      'The rejection report of a refused file: each problem with its row and field (and the Cod, in a voter file), in plain words without the data',
  })
  async report(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    await this.access.ensure(req, await this.files.view(id), { type: 'received-file', id });
    return this.files.report(id, req.actor!.id, req.id);
  }
}

@Module({
  imports: [
    MulterModule.registerAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => uploadOptions(config.value) }),
  ],
  controllers: [FilesController],
  providers: [FilesService],
})
export class FilesModule {}
