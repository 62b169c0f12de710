import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
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
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { EXTRACT_FORMAT_ID } from '../../../../libs/register/extract-format';
import { Allow, type Actor } from '../core/access';
import { DiscardUpload } from '../core/uploads';
import type { AuthenticatedRequest } from '../core/auth';
import { UploadSnapshotDto } from './register.dto';
import { PAGE_SIZE, RegisterSnapshotsService } from './register-snapshots.service';
import { CurrentActor } from '../core/current-actor.decorator';
import { Problem } from '../core/problem';

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
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { snapshot, created } = await this.snapshots.upload(dto, file, actor.id, req.id);
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
  async list(@CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.snapshots.list(actor.id, req.id);
  }

  @Get(':id')
  @Allow('ADMIN')
  @ApiOperation({
    summary:
      'A snapshot: its progress while IMPORTING (rows read, bytes read of the size, percent), then the verdict (CURRENT, REFUSED with the reasons, FAILED with the reason) and the report (held-back rows by field and rule)',
  })
  @ApiNotFoundResponse({ description: 'No such snapshot' })
  async progress(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    return this.snapshots.progress(id, actor.id, req.id);
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
    @CurrentActor() actor: Actor,
    @Req() req: AuthenticatedRequest,
  ) {
    const n = page === undefined ? 1 : Number(page);
    if (!Number.isInteger(n) || n < 1)
      throw new Problem(HttpStatus.BAD_REQUEST, 'register.bad-page', {}, 'Bad page', [
        { field: 'page', message: 'page is a whole number from 1' },
      ]);
    return this.snapshots.problems(id, n, actor.id, req.id);
  }
}
