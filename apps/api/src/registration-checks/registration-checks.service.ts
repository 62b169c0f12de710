import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { iinProblem, IIN_PROBLEM_TEXT } from '../../../../libs/iin/iin';
import {
  REGISTRATION_CHECK_WORKFLOW,
  registrationCheckWorkflowId,
  type RegistrationCheckInput,
} from '../../../../libs/contracts/registration-check';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import { Problem } from '../core/problem';
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
      throw new Problem(HttpStatus.BAD_REQUEST, 'registration-check.iin-invalid', {}, 'The IIN is not valid', [
        { field: 'iin', message: IIN_PROBLEM_TEXT[problem] },
      ]);
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
    if (!check)
      throw new Problem(
        HttpStatus.NOT_FOUND,
        'registration-check.not-found',
        { checkId: id },
        `No registration check has the id ${id}`,
      );
    return check;
  }
}
