/**
 * Files from the akimats: upload (multipart, streamed to disk, size-limited) of a voter file
 * (Appendix 1), a station list (Appendix 2) or boundaries (Appendix 3), the verdict with the rows
 * read so far while the import runs, and the rejection report. The upload is kept by its SHA-256
 * and recorded before the answer; the import runs in the worker (BullMQ), so a 1.5-million-row
 * file never holds a request.
 */
import { mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Body,
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
  UploadedFile,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type OnModuleDestroy,
} from '@nestjs/common';
import { FileInterceptor, MulterModule } from '@nestjs/platform-express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiNotFoundResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { finalize, type Observable } from 'rxjs';
import { IsIn, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { diskStorage } from 'multer';
import { createFileImportQueue, enqueueFileImport } from '../../../../activities/files/file-imports';
import type { TizimConfig } from '../../../../libs/config/config';
import { FileStore } from '../../../../libs/files/store';
import { receiveFile, type ReceivedFileKind } from '../../../../libs/files/received';
import type { FileImportJob } from '../../../../libs/queues/queues';
import { AuditService } from '../audit/audit.service';
import { AccessService, Allow } from '../core/access';
import { AppConfig } from '../core/app-config';
import type { AuthenticatedRequest } from '../core/auth';
import { Database, RedisGateway } from '../core/infrastructure.module';

const KINDS = { voters: 'VOTERS', stations: 'STATIONS', boundaries: 'BOUNDARIES' } as const satisfies Record<string, ReceivedFileKind>;
type UploadKind = keyof typeof KINDS;

const KIND_DESCRIPTION = [
  'voters: the Appendix 1 voter file (CSV, the 26 fields in the header);',
  'stations: the Appendix 2 station list; boundaries: the Appendix 3 boundaries (each as .xlsx, its first worksheet, or CSV; column names in Russian, Kazakh or English).',
  'The format is read from the content, not the name.',
].join(' ');

const SUBMISSION_DESCRIPTION = 'stations and boundaries only: the staged submission (the accepted voter file\'s id) they belong to. '
  + "Without it, the district's latest accepted voter file of the period; with none, the file is kept and refused on import.";

export class UploadFileDto {
  @ApiProperty({ example: '2027-01' }) @Matches(/^\d{4}-(01|07)$/, { message: 'period must be YYYY-01 or YYYY-07' }) period!: string;
  @ApiProperty({ example: '7101' }) @Length(1, 16, { message: 'districtId is required' }) districtId!: string;
  @ApiProperty({ enum: Object.keys(KINDS), description: KIND_DESCRIPTION })
  @IsIn(Object.keys(KINDS), { message: 'kind must be voters, stations or boundaries' })
  kind!: UploadKind;
  @ApiProperty({ required: false, format: 'uuid', description: SUBMISSION_DESCRIPTION })
  @IsOptional() @IsUUID('all', { message: 'submissionId must be a UUID (the id of an accepted voter file)' })
  submissionId?: string;
}

const VIEW = {
  id: true, kind: true, fileName: true, sha256: true, sizeBytes: true, period: true, regionCode: true, districtId: true, status: true,
  records: true, problemCount: true, submissionId: true, uploadedBy: true, receivedAt: true, decidedAt: true,
} as const;

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
    if (!file) throw new BadRequestException({ message: 'No file was sent', errors: [{ field: 'file', message: 'send the file as the multipart field "file"' }] });
    const district = await this.db.client.district.findUnique({ where: { id: dto.districtId } });
    if (!district) throw new BadRequestException({ message: 'Unknown district', errors: [{ field: 'districtId', message: `no district ${dto.districtId} is on record` }] });
    if (dto.submissionId) await this.checkSubmission(dto, district.id);
    const id = randomUUID();
    await receiveFile(this.db.client, this.store, {
      // NFC: a name from macOS may come decomposed (й as и + ˘); the transfer act names it as typed.
      fileId: id, path: file.path, fileName: file.originalname.normalize('NFC'), period: dto.period, regionCode: district.regionCode, districtId: district.id,
      uploadedBy: actor, receivedAt: new Date().toISOString(), submissionId: dto.submissionId,
    }, KINDS[dto.kind]);
    await this.audit.record({ actor, action: 'file.upload', subjectType: 'received-file', subjectId: id, requestId });
    await enqueueFileImport(this.queue, id);
    return this.view(id);
  }

  /** A named submission must be a staged voter file of the same district and period, and only lists name one. */
  private async checkSubmission(dto: UploadFileDto, districtId: string): Promise<void> {
    const refuse = (message: string) => new BadRequestException({ message: 'Bad submissionId', errors: [{ field: 'submissionId', message }] });
    if (dto.kind === 'voters') throw refuse('a voter file makes its own submission: name one only with a station list or boundaries');
    const submission = await this.db.client.voterSubmission.findUnique({ where: { id: dto.submissionId }, select: { period: true, districtId: true } });
    if (!submission || submission.districtId !== districtId || submission.period !== dto.period) {
      throw refuse(`no accepted voter file of district ${districtId} for period ${dto.period} has the id ${dto.submissionId}`);
    }
  }

  async view(id: string) {
    const row = await this.db.client.receivedFile.findUnique({ where: { id }, select: VIEW });
    if (!row) throw new NotFoundException(`No received file has the id ${id}`);
    return { ...row, sizeBytes: Number(row.sizeBytes) };
  }

  async report(id: string) {
    const row = await this.db.client.receivedFile.findUnique({ where: { id }, select: { status: true, report: true } });
    if (!row) throw new NotFoundException(`No received file has the id ${id}`);
    if (row.status !== 'REJECTED') throw new NotFoundException(`File ${id} is ${row.status.toLowerCase()}: only a rejected file has a rejection report`);
    return row.report;
  }
}

/**
 * The upload's temporary file goes once the request is answered, whatever the answer (a refused
 * field included): by then the store holds its own copy.
 */
@Injectable()
class DiscardUpload implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<{ file?: Express.Multer.File }>();
    return next.handle().pipe(finalize(() => {
      if (req.file?.path) void rm(req.file.path, { force: true });
    }));
  }
}

/**
 * Multer writes the upload straight to disk (never whole in memory), refusing it past the limit.
 * A file's name comes as UTF-8 bytes (browsers and curl send it so, as the HTML standard says);
 * busboy would read them as Latin-1 unless told, and «избиратели_7101.csv» would be stored as
 * mojibake that no transfer act names. A name sent RFC 5987 style (filename*=UTF-8''…) is decoded
 * by the charset it names, and wins over a plain filename beside it.
 */
function uploadOptions(config: TizimConfig) {
  const dir = join(config.files.storeDir, 'uploads');
  mkdirSync(dir, { recursive: true });
  return {
    storage: diskStorage({ destination: dir, filename: (_req, _file, cb) => cb(null, randomUUID()) }),
    limits: { fileSize: config.files.maxUploadBytes, files: 1 },
    defParamCharset: 'utf8',
  };
}

@ApiTags('files')
@ApiBearerAuth()
@Controller('v1/files')
export class FilesController {
  constructor(private readonly files: FilesService, private readonly access: AccessService) {}

  @Post()
  @Allow('ADMIN', 'AKIMAT_REGISTRAR')
  @HttpCode(202)
  @UseInterceptors(FileInterceptor('file'), DiscardUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object', required: ['period', 'districtId', 'kind', 'file'],
      properties: {
        period: { type: 'string', example: '2027-01' }, districtId: { type: 'string', example: '7101' },
        kind: { type: 'string', enum: Object.keys(KINDS), description: KIND_DESCRIPTION },
        submissionId: { type: 'string', format: 'uuid', description: SUBMISSION_DESCRIPTION },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiOperation({
    summary: 'Upload a voter file, station list or boundaries; it is kept by its SHA-256 and imported in the background. Poll GET /v1/files/{id}',
    description: 'A station list or boundaries file joins a voter submission of the same district and period; an accepted one replaces the list of its kind that submission had.',
  })
  @ApiAcceptedResponse({ description: 'Received; the import has been queued' })
  async upload(@Body() dto: UploadFileDto, @UploadedFile() file: Express.Multer.File | undefined, @Req() req: AuthenticatedRequest) {
    await this.access.ensure(req, { districtId: dto.districtId }, { type: 'district', id: dto.districtId });
    return this.files.upload(dto, file, req.actor!.id, req.id);
  }

  @Get(':id')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({ summary: 'A received file of any kind: status (RECEIVED while importing, with the rows read so far; ACCEPTED or REJECTED), counts, the staged submission (for a list: the voter submission it joined)' })
  @ApiNotFoundResponse({ description: 'No such file' })
  async view(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    const file = await this.files.view(id);
    await this.access.ensure(req, file, { type: 'received-file', id });
    return file;
  }

  @Get(':id/report')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({ summary: 'The rejection report of a refused file: each problem with its row and field (and the Cod, in a voter file), in plain words without the data' })
  async report(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    await this.access.ensure(req, await this.files.view(id), { type: 'received-file', id });
    return this.files.report(id);
  }
}

@Module({
  imports: [MulterModule.registerAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => uploadOptions(config.value) })],
  controllers: [FilesController],
  providers: [FilesService],
})
export class FilesModule {}
