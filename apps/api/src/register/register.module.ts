/**
 * The central register's snapshots (issue 20), for administrators: upload of the CEC's register
 * extract (multipart, streamed to disk), kept by its SHA-256 and recorded as an IMPORTING
 * snapshot before the answer; the import runs in the worker (BullMQ), so 12.5 million rows never
 * hold a request. Progress (rows and bytes read), the verdict, the report and the held-back rows'
 * problems (row, field, rule: never a value) are read back. Every call is audited, without
 * personal data.
 */
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
  Query,
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
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import type { Response } from 'express';
import { Length, Matches } from 'class-validator';
import { Pool } from 'pg';
import { createRegisterImportQueue, enqueueRegisterImport } from '../../../../libs/queues/register-imports';
import { FileStore } from '../../../../libs/files/store';
import type { RegisterImportJob } from '../../../../libs/queues/queues';
import { iinHmac } from '../../../../libs/auth/iin-hmac';
import { EXTRACT_FORMAT_ID } from '../../../../libs/register/extract-format';
import { findRegisterPerson } from '../../../../libs/db/register/read';
import { currentPin } from '../../../../libs/db/register/snapshots';
import { beginRegisterSnapshot } from '../../../../libs/db/register/snapshot-import';
import { AuditService } from '../audit/audit.service';
import { Allow } from '../core/access';
import { AppConfig } from '../core/app-config';
import { DiscardUpload, uploadOptions } from '../core/uploads';
import type { AuthenticatedRequest } from '../core/auth';
import { Database, RedisGateway } from '../core/infrastructure.module';

export class UploadSnapshotDto {
  @ApiProperty({ example: '2027-01-01', description: 'the date the extract describes the register on' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: "asOf must be the extract's date, YYYY-MM-DD" })
  asOf!: string;
}

export class PersonLookupDto {
  @ApiProperty({ example: '900101300016', description: "the person's IIN (in the body: a URL never carries an IIN)" })
  @Matches(/^\d{12}$/, { message: 'iin must be 12 digits' })
  iin!: string;
  @ApiProperty({
    example: 'appeal No. 14 of the regional commission',
    description: 'why the register is read; kept in the audit trail',
  })
  @Length(3, 300, { message: "reason is required: say why you read this person's record (3 to 300 characters)" })
  reason!: string;
}

const PAGE_SIZE = 100;

const VIEW = {
  id: true,
  version: true,
  asOf: true,
  sha256: true,
  fileName: true,
  sizeBytes: true,
  format: true,
  status: true,
  rowsRead: true,
  rowsAccepted: true,
  rowsHeldBack: true,
  bytesRead: true,
  failure: true,
  createdBy: true,
  createdAt: true,
  activatedAt: true,
  supersededAt: true,
  purgedAt: true,
  report: true,
} as const;

type SnapshotRecord = { [K in keyof typeof VIEW]: unknown } & {
  asOf: Date;
  sizeBytes: bigint | null;
  bytesRead: bigint;
  status: string;
  report: unknown;
};

function view({ report, ...s }: SnapshotRecord) {
  const size = s.sizeBytes === null ? null : Number(s.sizeBytes);
  const read = Number(s.bytesRead);
  const refusal = (report as { refusal?: { code: string; field: string; line: number; header?: unknown }[] } | null)
    ?.refusal;
  return {
    ...s,
    asOf: s.asOf.toISOString().slice(0, 10),
    sizeBytes: size,
    bytesRead: read,
    current: s.status === 'CURRENT',
    // Why a file was refused, by kind (the console words each one) and where.
    refusal: refusal
      ? refusal.map(({ code, field, line, header }) => ({ code, field, line, ...(header ? { header } : {}) }))
      : null,
    percent: size ? Math.min(100, Math.round((read / size) * 1000) / 10) : s.status === 'IMPORTING' ? 0 : 100,
  };
}

@Injectable()
export class RegisterSnapshotsService implements OnModuleDestroy {
  private readonly store: FileStore;
  private readonly queue: Queue<RegisterImportJob>;
  private readonly pool: Pool;

  private readonly tokenSecret: string;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    config: AppConfig,
    redis: RedisGateway,
  ) {
    this.tokenSecret = config.value.auth.tokenSecret;
    this.store = new FileStore(config.value.files.storeDir);
    this.queue = createRegisterImportQueue(redis.client, config.value.queuePrefix);
    this.pool = new Pool({ connectionString: config.value.databaseUrl, max: 2 });
    this.pool.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
    await this.pool.end();
  }

  async upload(dto: UploadSnapshotDto, file: Express.Multer.File | undefined, actor: string, requestId?: string) {
    if (!file)
      throw new BadRequestException({
        message: 'No file was sent',
        errors: [{ field: 'file', message: 'send the register extract as the multipart field "file"' }],
      });
    const begun = await beginRegisterSnapshot(this.pool, this.store, {
      path: file.path,
      fileName: file.originalname,
      asOf: dto.asOf,
      actor,
    });
    await this.audit.record({
      actor,
      action: begun.existing ? 'register-snapshot.upload-again' : 'register-snapshot.upload',
      subjectType: 'register-snapshot',
      subjectId: begun.snapshotId,
      requestId,
    });
    if (!begun.existing) await enqueueRegisterImport(this.queue, begun.snapshotId);
    return {
      snapshot: { ...(await this.find(begun.snapshotId)), alreadyImported: begun.existing },
      created: !begun.existing,
    };
  }

  private async find(id: string) {
    const row = await this.db.client.registerSnapshot.findUnique({ where: { id }, select: VIEW });
    if (!row) throw new NotFoundException(`No register snapshot has the id ${id}`);
    return view(row as SnapshotRecord);
  }

  async list(actor: string, requestId?: string) {
    const rows = await this.db.client.registerSnapshot.findMany({ select: VIEW, orderBy: { version: 'desc' } });
    await this.audit.record({
      actor,
      action: 'register-snapshot.list',
      subjectType: 'register-snapshot',
      subjectId: '*',
      requestId,
    });
    return rows.map((r) => view(r as SnapshotRecord));
  }

  async progress(id: string, actor: string, requestId?: string) {
    const snapshot = await this.find(id);
    const { report } = (await this.db.client.registerSnapshot.findUnique({ where: { id }, select: { report: true } }))!;
    await this.audit.record({
      actor,
      action: 'register-snapshot.read',
      subjectType: 'register-snapshot',
      subjectId: id,
      requestId,
    });
    return { ...snapshot, report };
  }

  /**
   * One person's record as every reader sees it (the current snapshot with the registries' events
   * on top), for an administrator with a reason. The audit names the person by a keyed hash of the
   * IIN (HMAC under TIZIM_TOKEN_SECRET): the same person, the same subject id, which an auditor
   * can compute from an IIN, while the log holds no IIN.
   */
  async person(dto: PersonLookupDto, actor: string, requestId?: string) {
    const pin = await currentPin(this.db.client);
    const person = await findRegisterPerson(this.db.client, dto.iin, pin);
    await this.audit.record({
      actor,
      action: 'register.person.read',
      subjectType: 'register-person',
      subjectId: iinHmac(this.tokenSecret, dto.iin).slice(0, 32),
      reason: dto.reason.trim(),
      requestId,
      outcome: person ? 'ok' : 'not-found',
    });
    if (!person)
      throw new NotFoundException(
        `The register (snapshot No. ${pin.version} as of ${pin.asOf}) holds no person with this IIN`,
      );
    const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
    return {
      register: pin,
      person: {
        ...person,
        birthDate: day(person.birthDate),
        registeredOn: day(person.registeredOn),
        documentIssuedOn: day(person.documentIssuedOn),
        documentExpiresOn: day(person.documentExpiresOn),
        facts: person.facts.map((f) => ({ ...f, since: day(f.since), until: day(f.until) })),
      },
    };
  }

  async problems(id: string, page: number, actor: string, requestId?: string) {
    await this.find(id);
    const [total, rows] = await Promise.all([
      this.db.client.registerSnapshotProblem.count({ where: { snapshotId: id } }),
      this.db.client.registerSnapshotProblem.findMany({
        where: { snapshotId: id },
        select: { row: true, field: true, rule: true, firstRow: true },
        orderBy: [{ row: 'asc' }, { field: 'asc' }],
        skip: (page - 1) * PAGE_SIZE,
        take: PAGE_SIZE,
      }),
    ]);
    await this.audit.record({
      actor,
      action: 'register-snapshot.problems.read',
      subjectType: 'register-snapshot',
      subjectId: id,
      requestId,
    });
    return { page, pageSize: PAGE_SIZE, total, pages: Math.ceil(total / PAGE_SIZE), problems: rows };
  }
}

@ApiTags('register')
@ApiBearerAuth()
@Controller('v1/register/snapshots')
export class RegisterSnapshotsController {
  constructor(private readonly snapshots: RegisterSnapshotsService) {}

  @Post()
  @Allow('ADMIN')
  @HttpCode(202)
  @UseInterceptors(FileInterceptor('file'), DiscardUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['asOf', 'file'],
      properties: {
        asOf: { type: 'string', example: '2027-01-01', description: 'the date the extract describes the register on' },
        file: {
          type: 'string',
          format: 'binary',
          description: `the CEC's register extract, format ${EXTRACT_FORMAT_ID} (CSV or MS Access; see README, "The central register")`,
        },
      },
    },
  })
  @ApiOperation({
    summary:
      "Upload the CEC's register extract; it is kept by its SHA-256 and imported in the background as the next register snapshot. Poll GET /v1/register/snapshots/{id}",
  })
  @ApiAcceptedResponse({ description: 'Kept; the import has been queued (Location: the snapshot)' })
  @ApiOkResponse({
    description:
      'The same file with the same as-of date is a snapshot already: that snapshot (alreadyImported), nothing queued',
  })
  async upload(
    @Body() dto: UploadSnapshotDto,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { snapshot, created } = await this.snapshots.upload(dto, file, req.actor!.id, req.id);
    if (!created) res.status(200);
    res.setHeader('Location', `/v1/register/snapshots/${snapshot.id}`);
    return snapshot;
  }

  @Get()
  @Allow('ADMIN')
  @ApiOperation({
    summary:
      'The register snapshots, newest first: version, as-of date, SHA-256, file name, status, counts, which is current',
  })
  async list(@Req() req: AuthenticatedRequest) {
    return this.snapshots.list(req.actor!.id, req.id);
  }

  @Get(':id')
  @Allow('ADMIN')
  @ApiOperation({
    summary:
      'A snapshot: its progress while IMPORTING (rows read, bytes read of the size, percent), then the verdict (CURRENT, REFUSED with the reasons, FAILED with the reason) and the report (held-back rows by field and rule)',
  })
  @ApiNotFoundResponse({ description: 'No such snapshot' })
  async progress(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest) {
    return this.snapshots.progress(id, req.actor!.id, req.id);
  }

  @Get(':id/problems')
  @Allow('ADMIN')
  @ApiQuery({ name: 'page', required: false, example: 1 })
  @ApiOperation({
    summary: `The held-back rows' problems, ${PAGE_SIZE} a page: row, field, rule (and, for a repeated IIN, the row it first appeared on); never a value of the file`,
  })
  async problems(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query('page') page: string | undefined,
    @Req() req: AuthenticatedRequest,
  ) {
    const n = page === undefined ? 1 : Number(page);
    if (!Number.isInteger(n) || n < 1)
      throw new BadRequestException({
        message: 'Bad page',
        errors: [{ field: 'page', message: 'page is a whole number from 1' }],
      });
    return this.snapshots.problems(id, n, req.actor!.id, req.id);
  }
}

@ApiTags('register')
@ApiBearerAuth()
@Controller('v1/register/people')
export class RegisterPeopleController {
  constructor(private readonly snapshots: RegisterSnapshotsService) {}

  @Post('lookup')
  @Allow('ADMIN')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "One person's register record (the current snapshot with the registries' events), for an administrator with a reason; audited",
  })
  @ApiOkResponse({ description: 'The record, its status facts and the snapshot it comes from' })
  @ApiNotFoundResponse({ description: 'The register holds no person with this IIN (audited too)' })
  async lookup(@Body() dto: PersonLookupDto, @Req() req: AuthenticatedRequest) {
    return this.snapshots.person(dto, req.actor!.id, req.id);
  }
}

@Module({
  imports: [
    MulterModule.registerAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => uploadOptions(config.value) }),
  ],
  controllers: [RegisterSnapshotsController, RegisterPeopleController],
  providers: [RegisterSnapshotsService],
})
export class RegisterModule {}
