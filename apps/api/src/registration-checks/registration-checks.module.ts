/**
 * Registration checks: the first end-to-end slice, now an administrator's tool. POST starts a
 * Temporal workflow that looks the citizen up in the register, records the outcome and notifies the
 * citizen's e-gov cabinet through BullMQ; GET reads the recorded outcome. Both are audited.
 * Precinct members do not look IINs up here: they register an application
 * (/v1/voting-day/applications), and the lookup is made for it.
 */
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
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { iinProblem, IIN_PROBLEM_TEXT } from '../../../../libs/iin/iin';
import {
  REGISTRATION_CHECK_WORKFLOW,
  registrationCheckWorkflowId,
  type RegistrationCheckInput,
} from '../../../../libs/contracts/registration-check';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import type { AuthenticatedRequest } from '../core/auth';
import { Allow } from '../core/access';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import { CreateRegistrationCheckDto, RegistrationCheckView } from './registration-checks.dto';

const VIEW_FIELDS = {
  id: true,
  workflowId: true,
  status: true,
  regionCode: true,
  districtId: true,
  stationNumber: true,
  requestedAt: true,
  completedAt: true,
  notifiedAt: true,
} as const;

@Injectable()
export class RegistrationChecksService {
  constructor(
    private readonly db: Database,
    private readonly temporal: TemporalGateway,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async start(dto: CreateRegistrationCheckDto, actor: string, requestId?: string): Promise<RegistrationCheckView> {
    const problem = iinProblem(dto.iin);
    if (problem)
      throw new BadRequestException({
        message: 'The IIN is not valid',
        errors: [{ field: 'iin', message: IIN_PROBLEM_TEXT[problem] }],
      });
    const id = randomUUID();
    const workflowId = registrationCheckWorkflowId(id);
    const check = await this.db.client.registrationCheck.create({
      data: { id, workflowId, iin: dto.iin, requestedBy: actor },
      select: VIEW_FIELDS,
    });
    await this.audit.record({
      actor,
      action: 'registration-check.start',
      subjectType: 'registration-check',
      subjectId: id,
      reason: dto.reason,
      requestId,
    });
    const input: RegistrationCheckInput = { checkId: id, iin: dto.iin };
    try {
      await this.temporal.client.workflow.start(REGISTRATION_CHECK_WORKFLOW, {
        workflowId,
        taskQueue: this.config.value.temporal.taskQueue,
        args: [input],
      });
    } catch (err) {
      // Nothing half-written: without its workflow the check would never finish.
      await this.db.client.registrationCheck.delete({ where: { id } });
      throw new ServiceUnavailableException(
        `The workflow service did not accept the check; nothing was recorded, try again (${(err as Error).name})`,
      );
    }
    return check;
  }

  async read(id: string, actor: string, requestId?: string): Promise<RegistrationCheckView> {
    const check = await this.db.client.registrationCheck.findUnique({ where: { id }, select: VIEW_FIELDS });
    await this.audit.record({
      actor,
      action: 'registration-check.read',
      subjectType: 'registration-check',
      subjectId: id,
      requestId,
      outcome: check ? 'ok' : 'not-found',
    });
    if (!check) throw new NotFoundException(`No registration check has the id ${id}`);
    return check;
  }
}

@ApiTags('registration-checks')
@ApiBearerAuth()
@Controller('v1/registration-checks')
export class RegistrationChecksController {
  constructor(private readonly checks: RegistrationChecksService) {}

  @Post()
  @Allow('ADMIN')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RegistrationCheckView, description: 'The check has started; poll GET for its outcome' })
  start(@Body() dto: CreateRegistrationCheckDto, @Req() req: AuthenticatedRequest): Promise<RegistrationCheckView> {
    return this.checks.start(dto, req.actor!.id, req.id);
  }

  @Get(':id')
  @Allow('ADMIN')
  @ApiOkResponse({ type: RegistrationCheckView })
  @ApiNotFoundResponse({ description: 'No check with this id' })
  read(@Param('id', new ParseUUIDPipe()) id: string, @Req() req: AuthenticatedRequest): Promise<RegistrationCheckView> {
    return this.checks.read(id, req.actor!.id, req.id);
  }
}

@Module({ controllers: [RegistrationChecksController], providers: [RegistrationChecksService] })
export class RegistrationChecksModule {}
