/** What the activities are built over: the worker and the tests hand in the same. */
import type { Queue } from 'bullmq';
import type { DeadlineSettings } from '../libs/calendar';
import type { PrismaClient } from '../libs/db/prisma';
import type { StateRegistrationService } from '../libs/gateways/state-registration';
import type { EgovNotificationJob, OfficialMailJob } from '../libs/queues/queues';

export interface ActivityDeps {
  prisma: PrismaClient;
  stateRegistration: StateRegistrationService;
  notificationQueue: Queue<EgovNotificationJob>;
  /** Officials' e-mail (libs/queues/official-mail.ts); absent when no SMTP relay is configured. */
  mailQueue?: Queue<OfficialMailJob>;
  /** From the worker's configuration (TIZIM_END_OF_WORKING_DAY and the rest). */
  deadlineSettings: DeadlineSettings;
}
