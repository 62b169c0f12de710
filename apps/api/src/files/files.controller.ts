import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AccessService, Allow, type Actor } from '../core/access';
import { DiscardUpload } from '../core/uploads';
import type { AuthenticatedRequest } from '../core/auth';
import {
  FilesQueryDto,
  KINDS,
  KIND_DESCRIPTION,
  SUBMISSION_DESCRIPTION,
  UploadFileDto,
  RetryFileDto,
} from './files.dto';
import { FilesService } from './files.service';
import { CurrentActor } from '../core/current-actor.decorator';

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
  @ApiAcceptedResponse({
    description:
      'Received and recorded; the import is queued (importQueued: true), or the worker queues it as soon as the queue (Redis) is back (importQueued: false)',
  })
  @ApiOkResponse({
    description:
      'The same bytes were received already for this district and period: that file (alreadyReceived), nothing queued',
  })
  async upload(
    @Body() dto: UploadFileDto,
    @UploadedFile() file: Express.Multer.File | undefined,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.access.ensure(actor, { districtId: dto.districtId }, { type: 'district', id: dto.districtId }, req.id);
    const { file: view, created } = await this.files.upload(dto, file, actor.id, req.id);
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
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.files.retry(id, dto.reason, actor.id, req.id);
  }

  @Get()
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      "Every file received in the actor's territory, by period and district, newest first, whatever its verdict (accepted, rejected, importing, failed); paged by cursor",
  })
  list(@Query() q: FilesQueryDto, @CurrentActor() actor: Actor) {
    return this.files.list(q, this.access.scope(actor));
  }

  @Get(':id')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      'A received file of any kind: status (RECEIVED while importing, with the rows read so far; ACCEPTED, REJECTED, or FAILED with the reason), counts (for an accepted voter file, the records staged with problems, which are findings of its reconciliation), the staged submission (for a list: the voter submission it joined)',
  })
  @ApiNotFoundResponse({ description: 'No such file' })
  async view(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    const file = await this.files.view(id);
    await this.access.ensure(actor, file, { type: 'received-file', id }, req.id);
    return file;
  }

  @Get(':id/report')
  @Allow('ADMIN', 'CEC_COORDINATOR', 'REGIONAL_COMMISSION', 'DISTRICT_COMMISSION', 'AKIMAT_REGISTRAR')
  @ApiOperation({
    summary:
      'The rejection report of a refused file: each problem with its row and field (and the Cod, in a voter file), in plain words without the data',
  })
  async report(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    await this.access.ensure(actor, await this.files.view(id), { type: 'received-file', id }, req.id);
    return this.files.report(id, actor.id, req.id);
  }
}
