/**
 * Consumer of the e-gov notification queue (its producer side: libs/queues/egov-notifications.ts).
 *
 * The activity only enqueues (fast, idempotent by job id) and records the delivery as QUEUED; the
 * BullMQ worker in the worker process delivers with retries and exponential backoff, so a slow
 * portal never holds a workflow task. After the last attempt the job goes to the dead-letter queue
 * and its delivery record says DEAD with the last error; an administrator can send it again
 * (`POST /v1/egov-deliveries/:jobId/retry`).
 */
import { Worker, type Job, type ConnectionOptions } from 'bullmq';
import type { PrismaClient } from '../../../../libs/db/prisma';
import { createDeadLetterQueue, notificationJobId } from '../../../../libs/queues/egov-notifications';
import { QUEUES, type EgovNotificationJob, type IdCardEvent, logQueueErrors } from '../../../../libs/queues/queues';
import type { EgovCabinet } from '../../../../libs/gateways/egov-cabinet';
import type { Logger } from '../../../../libs/observability/logger';

function registrationCheckMessage(status: string, stationNumber: number | null): string {
  if (status === 'FOUND' && stationNumber !== null) {
    return `Проверка регистрации завершена: вы включены в список избирателей участка № ${stationNumber}. / Тіркеуді тексеру аяқталды: сіз № ${stationNumber} учаскенің сайлаушылар тізіміне енгізілгенсіз.`;
  }
  if (status === 'FOUND') {
    return 'Проверка регистрации завершена: ваша постоянная регистрация найдена. / Тіркеуді тексеру аяқталды: тұрақты тіркеуіңіз табылды.';
  }
  return 'Проверка регистрации завершена: постоянная регистрация не найдена. Обратитесь в ЦОН. / Тіркеуді тексеру аяқталды: тұрақты тіркеу табылмады. ХҚКО-ға жүгініңіз.';
}

/** The decision on a voting-day application, in Russian and Kazakh, as the cabinet shows it. */
export function votingDayDecisionMessage(a: {
  number: number;
  stationNumber: number;
  status: string;
  rejectionReason: string | null;
  correctStationNumber: number | null;
}): string {
  const head = `Заявление № ${a.number} на избирательном участке № ${a.stationNumber} рассмотрено`;
  const headKk = `№ ${a.stationNumber} сайлау учаскесіндегі № ${a.number} өтініш қаралды`;
  if (a.status === 'INCLUDED') {
    return `${head}: вы включены в дополнительный список избирателей участка № ${a.stationNumber}. / ${headKk}: сіз № ${a.stationNumber} учаскенің қосымша сайлаушылар тізіміне енгізілдіңіз.`;
  }
  const where = a.correctStationNumber !== null ? ` Ваш избирательный участок: № ${a.correctStationNumber}.` : '';
  const whereKk = a.correctStationNumber !== null ? ` Сіздің сайлау учаскеңіз: № ${a.correctStationNumber}.` : '';
  return `${head}: комиссия приняла мотивированное решение об отказе во включении в список. Основание: ${a.rejectionReason}.${where} / ${headKk}: комиссия тізімге енгізуден бас тарту туралы дәлелді шешім қабылдады. Негізі: ${a.rejectionReason}.${whereKk}`;
}

const ANNUL_WORDS: Record<string, { ru: string; kk: string }> = {
  BAD_PHOTO: { ru: 'некачественное фотоизображение', kk: 'фотосурет сапасыз' },
  BAD_SIGNATURE: { ru: 'некачественная подпись', kk: 'қолтаңба сапасыз' },
  FURTHER_CHECKS: { ru: 'требуются дополнительные проверки', kk: 'қосымша тексерулер қажет' },
};

/** A step of the online ID-card exchange, in Russian and Kazakh, as the cabinet shows it. */
export function idCardExchangeMessage(
  event: IdCardEvent,
  a: { ticketNumber: string | null; refusal: string | null; annulReason: string | null },
): string {
  const ticket = a.ticketNumber ?? '—';
  switch (event) {
    case 'accepted':
      return `Заявка на замену удостоверения личности принята, талон № ${ticket}. Её рассмотрит миграционная служба выбранного региона. / Жеке куәлікті ауыстыруға өтінім қабылданды, талон № ${ticket}. Оны таңдалған өңірдің көші-қон қызметі қарайды.`;
    case 'refused':
      return `Заявка на замену удостоверения личности не принята: ${a.refusal ?? 'Оформление не доступно, обратитесь в ЦОН / Рәсімдеу қолжетімді емес, ХҚКО-ға жүгініңіз'}`;
    case 'annulled': {
      const why = ANNUL_WORDS[a.annulReason ?? ''] ?? {
        ru: 'решение миграционной службы',
        kk: 'көші-қон қызметінің шешімі',
      };
      return `Заявка по талону № ${ticket} аннулирована: ${why.ru}. Оплаченная государственная пошлина возвращается в соответствии с Налоговым кодексом; вы можете подать новую заявку, оплатив пошлину повторно. / № ${ticket} талон бойынша өтінім жойылды: ${why.kk}. Төленген мемлекеттік баж Салық кодексіне сәйкес қайтарылады; бажды қайта төлеп, жаңа өтінім беруге болады.`;
    }
    case 'ready':
    case 'reminder':
      return `${event === 'reminder' ? 'Напоминание: ' : ''}удостоверение личности готово, получите его в пункте регистрации по талону № ${ticket}. / ${event === 'reminder' ? 'Еске салу: ' : ''}жеке куәлік дайын, оны тіркеу пунктінен № ${ticket} талон бойынша алыңыз.`;
    case 'picked-up':
      return `Удостоверение личности по талону № ${ticket} выдано. / № ${ticket} талон бойынша жеке куәлік берілді.`;
    case 'not-collected':
      return `Удостоверение личности по талону № ${ticket} не было получено после напоминаний, заявка закрыта. Обратитесь в миграционную службу вашего региона. / № ${ticket} талон бойынша жеке куәлік еске салулардан кейін алынбады, өтінім жабылды. Өңіріңіздің көші-қон қызметіне жүгініңіз.`;
  }
}

export interface NotificationWorkerDeps {
  prisma: PrismaClient;
  cabinet: EgovCabinet;
  logger: Logger;
}

async function messageFor(
  prisma: PrismaClient,
  job: EgovNotificationJob,
): Promise<{ recipientIin: string; body: string } | { deliveredAt: Date }> {
  if (job.kind === 'registration-check-completed') {
    const check = await prisma.registrationCheck.findUnique({ where: { id: job.checkId } });
    if (!check) throw new Error(`registration check ${job.checkId} does not exist`);
    if (check.status === 'REQUESTED') throw new Error(`registration check ${job.checkId} has no outcome yet`);
    // In the cabinet already (the check's IIN went once it was delivered): nothing to send again.
    if (check.iin === null) return { deliveredAt: check.notifiedAt ?? new Date() };
    return { recipientIin: check.iin, body: registrationCheckMessage(check.status, check.stationNumber) };
  }
  if (job.kind === 'id-card-exchange') {
    const app = await prisma.idCardApplication.findUnique({ where: { id: job.applicationId } });
    if (!app) throw new Error(`ID-card application ${job.applicationId} does not exist`);
    return { recipientIin: app.iin, body: idCardExchangeMessage(job.event, app) };
  }
  const app = await prisma.votingDayApplication.findUnique({ where: { id: job.applicationId } });
  if (!app) throw new Error(`voting-day application ${job.applicationId} does not exist`);
  if (!app.decidedAt) throw new Error(`voting-day application ${job.applicationId} is not decided yet`);
  return { recipientIin: app.applicantIin, body: votingDayDecisionMessage(app) };
}

/** Delivers one queued notification; throws to let BullMQ retry with backoff. */
export async function deliverNotification(deps: NotificationWorkerDeps, job: EgovNotificationJob): Promise<void> {
  const jobId = notificationJobId(job);
  const message = await messageFor(deps.prisma, job);
  if ('deliveredAt' in message) {
    await deps.prisma.egovDelivery.updateMany({
      where: { jobId },
      data: { status: 'DELIVERED', deliveredAt: message.deliveredAt, lastError: null },
    });
    return;
  }
  const { recipientIin, body } = message;
  const { deliveredAt } = await deps.cabinet.deliver({ deliveryKey: jobId, recipientIin, kind: job.kind, body });
  if (job.kind === 'registration-check-completed') {
    // The cabinet holds the result now: the check keeps only the IIN's keyed hash (README, "Personal data").
    await deps.prisma.registrationCheck.update({
      where: { id: job.checkId },
      data: { notifiedAt: deliveredAt, iin: null },
    });
  } else if (job.kind === 'voting-day-decision') {
    await deps.prisma.votingDayApplication.update({
      where: { id: job.applicationId },
      data: { notifiedAt: deliveredAt },
    });
  }
  await deps.prisma.egovDelivery.updateMany({
    where: { jobId },
    data: { status: 'DELIVERED', deliveredAt, lastError: null },
  });
}

export function startNotificationWorker(
  deps: NotificationWorkerDeps,
  connection: ConnectionOptions,
  prefix: string,
): Worker<EgovNotificationJob> {
  const dead = createDeadLetterQueue(connection, prefix);
  const worker = new Worker<EgovNotificationJob>(
    QUEUES.egovNotifications,
    async (job: Job<EgovNotificationJob>) => {
      await deps.prisma.egovDelivery.updateMany({
        where: { jobId: notificationJobId(job.data) },
        data: { attempts: job.attemptsMade + 1 },
      });
      await deliverNotification(deps, job.data);
    },
    { connection, prefix, concurrency: 8 },
  );
  worker.on('completed', (job) =>
    deps.logger.info({ queue: QUEUES.egovNotifications, jobId: job.id }, 'notification delivered'),
  );
  worker.on('failed', (job, err) => {
    deps.logger.warn(
      { queue: QUEUES.egovNotifications, jobId: job?.id, attempt: job?.attemptsMade, err: err.message },
      'notification delivery failed',
    );
    if (!job || job.attemptsMade < (job.opts.attempts ?? 1)) return;
    // The last attempt failed: into the dead-letter queue, and the delivery record says so.
    const jobId = notificationJobId(job.data);
    void (async () => {
      await dead.add(job.name, job.data, { jobId });
      await deps.prisma.egovDelivery.updateMany({
        where: { jobId },
        data: { status: 'DEAD', deadAt: new Date(), lastError: err.message.slice(0, 500), attempts: job.attemptsMade },
      });
      deps.logger.error({ queue: QUEUES.egovNotificationsDead, jobId }, 'notification moved to the dead-letter queue');
    })().catch((e: Error) =>
      deps.logger.error({ jobId, err: e.message }, 'could not move the notification to the dead-letter queue'),
    );
  });
  const close = worker.close.bind(worker);
  worker.close = async (force?: boolean) => {
    await close(force);
    await dead.close();
  };
  logQueueErrors(worker, deps.logger, QUEUES.egovNotifications);
  logQueueErrors(dead, deps.logger, QUEUES.egovNotificationsDead);
  return worker;
}
