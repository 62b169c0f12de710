/**
 * Files from the akimats: upload (multipart, streamed to disk, size-limited), the verdict with the
 * rows read so far while the import runs, and the rejection report. The upload is kept by its
 * SHA-256 and recorded before the answer; the import runs in the worker (BullMQ), so a
 * 1.5-million-row file never holds a request.
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
import { IsIn, Length, Matches } from 'class-validator';
import { diskStorage } from 'multer';
import { createFileImportQueue, enqueueFileImport } from '../../../../activities/files/file-imports';
import type { TizimConfig } from '../../../../libs/config/config';
import { FileStore } from '../../../../libs/files/store';
import { receiveFile } from '../../../../libs/files/voter-import';
import type { FileImportJob } from '../../../../libs/queues/queues';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import type { AuthenticatedRequest } from '../core/auth';
import { Database, RedisGateway } from '../core/infrastructure.module';

export class UploadFileDto {
  @ApiProperty({ example: '2027-01' }) @Matches(/^\d{4}-(01|07)$/, { message: 'period must be YYYY-01 or YYYY-07' }) period!: string;
  @ApiProperty({ example: '7101' }) @Length(1, 16, { message: 'districtId is required' }) districtId!: string;
  @ApiProperty({ enum: ['voters'], description: 'voters: the Appendix 1 voter file (CSV; MS Access follows)' })
  @IsIn(['voters'], { message: 'kind must be voters (station and boundary lists are not accepted yet)' })
  kind!: 'voters';
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
    const id = randomUUID();
    await receiveFile(this.db.client, this.store, {
      fileId: id, path: file.path, fileName: file.originalname, period: dto.period, regionCode: district.regionCode, districtId: district.id,
      uploadedBy: actor, receivedAt: new Date().toISOString(),
    });
    await this.audit.record({ actor, action: 'file.upload', subjectType: 'received-file', subjectId: id, requestId });
    await enqueueFileImport(this.queue, id);
    return this.view(id);
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

/** Multer writes the upload straight to disk (never whole in memory), refusing it past the limit. */
function uploadOptions(config: TizimConfig) {
  const dir = join(config.files.storeDir, 'uploads');
  mkdirSync(dir, { recursive: true });
  return { storage: diskStorage({ destination: dir, filename: (_req, _file, cb) => cb(null, randomUUID()) }), limits: { fileSize: config.files.maxUploadBytes, files: 1 } };
}

@ApiTags('files')
@ApiBearerAuth()
@Controller('v1/files')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  @HttpCode(202)
  @UseInterceptors(FileInterceptor('file'), DiscardUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['period', 'districtId', 'kind', 'file'], properties: { period: { type: 'string' }, districtId: { type: 'string' }, kind: { type: 'string', enum: ['voters'] }, file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Upload a file; it is kept by its SHA-256 and imported in the background. Poll GET /v1/files/{id}' })
  @ApiAcceptedResponse({ description: 'Received; the import has been queued' })
  upload(@Body() dto: UploadFileDto, @UploadedFile() file: Express.Multer.File | undefined, @Req() req: AuthenticatedRequest) {
    return this.files.upload(dto, file, req.actor!.id, req.id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A received file: status (RECEIVED while importing, with the rows read so far; ACCEPTED or REJECTED), counts, the staged submission' })
  @ApiNotFoundResponse({ description: 'No such file' })
  view(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.files.view(id);
  }

  @Get(':id/report')
  @ApiOperation({ summary: 'The rejection report of a refused file: each problem with its row, Cod and field' })
  report(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.files.report(id);
  }
}

@Module({
  imports: [MulterModule.registerAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => uploadOptions(config.value) })],
  controllers: [FilesController],
  providers: [FilesService],
})
export class FilesModule {}
