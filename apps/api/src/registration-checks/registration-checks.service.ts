import { randomUUID } from 'node:crypto';
import { Injectable, HttpStatus } from '@nestjs/common';
import { iinHmac } from '../../../../libs/auth/iin-hmac';
import { iinProblem, IIN_PROBLEM_TEXT } from '../../../../libs/iin/iin';
import {
  REGISTRATION_CHECK_WORKFLOW,
  registrationCheckWorkflowId,
  type RegistrationCheckInput,
} from '../../../../libs/contracts/registration-check';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../core/app-config';
import { Database, TemporalGateway } from '../core/infrastructure.module';
import { startRowWorkflow } from '../core/workflow-starts';
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
      // The IIN stays only until the result is in the citizen's cabinet (README, "Personal data").
      data: {
        id,
        workflowId,
        iin: dto.iin,
        iinHmac: iinHmac(this.config.value.iinHmacKey, dto.iin),
        requestedBy: actor,
      },
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
    // The check stays whatever happens to the start: deleting it could orphan a workflow that did start.
    await startRowWorkflow(
      this.temporal.client,
      REGISTRATION_CHECK_WORKFLOW,
      { workflowId, taskQueue: this.config.value.temporal.taskQueue, args: [input] },
      {
        subject: `registration check ${id}`,
        readAt: `/v1/registration-checks/${id}`,
        // A request carries no key to find this check again: a new request is a new check.
        again: 'request the check again: that makes a new check, and this one stays REQUESTED with no answer',
      },
    );
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
