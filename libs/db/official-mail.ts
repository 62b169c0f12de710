/**
 * Officials' reminders and escalations by e-mail (issue 22 part 6): who takes an inbox
 * notification by e-mail, the delivery records (one per notification and official: status,
 * attempts, the last error code), the message composed at sending, and each official's choice of
 * what reaches them (official_mail_preference; no row: everything).
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from './prisma';
import { MAIL_LANGUAGES, officialMail, type MailLanguage, type OfficialMail } from '../mail/official-messages';

export interface MailPreferences {
  reminders: boolean;
  escalationsRaised: boolean;
  escalationsClimbed: boolean;
}

export const ALL_MAIL: MailPreferences = { reminders: true, escalationsRaised: true, escalationsClimbed: true };

const wanted = (p: MailPreferences, kind: string) =>
  kind === 'REMINDER' ? p.reminders : kind === 'ESCALATION_CLIMBED' ? p.escalationsClimbed : p.escalationsRaised;

/**
 * Records a delivery for each official the notification (by its dedupe key) is addressed to who has
 * an address, is not disabled and takes this kind by e-mail; returns the ids still to send. A repeat
 * (a retried activity) records nothing new.
 */
export async function recordMailDeliveries(prisma: PrismaClient, dedupeKey: string, at: Date): Promise<string[]> {
  const n = await prisma.officialNotification.findUnique({ where: { dedupeKey } });
  if (!n) return [];
  const territory =
    n.recipientRole === 'CEC_COORDINATOR'
      ? {}
      : n.recipientRole === 'REGIONAL_COMMISSION' || !n.districtId
        ? { regionCode: n.regionCode }
        : { districtId: n.districtId };
  const officials = await prisma.user.findMany({
    where: { role: n.recipientRole, disabledAt: null, email: { not: null }, ...territory },
    select: { id: true },
  });
  const choices = new Map(
    (await prisma.officialMailPreference.findMany({ where: { userId: { in: officials.map((o) => o.id) } } })).map(
      (p) => [p.userId, p],
    ),
  );
  const to = officials.filter((o) => wanted(choices.get(o.id) ?? ALL_MAIL, n.kind));
  if (!to.length) return [];
  await prisma.officialMailDelivery.createMany({
    data: to.map((o) => ({ id: randomUUID(), notificationId: n.id, userId: o.id, queuedAt: at })),
    skipDuplicates: true,
  });
  return (
    await prisma.officialMailDelivery.findMany({
      where: { notificationId: n.id, userId: { in: to.map((o) => o.id) }, status: 'QUEUED' },
      select: { id: true },
      orderBy: { id: 'asc' },
    })
  ).map((d) => d.id);
}

export interface MailToSend {
  to: string;
  language: MailLanguage;
  mail: OfficialMail;
}

/**
 * The message of a delivery, composed now in the official's language; null when there is nothing to
 * send (delivered already, or the account lost its address or was disabled since).
 */
export async function mailOfDelivery(
  prisma: PrismaClient,
  deliveryId: string,
  consoleUrl: string,
): Promise<MailToSend | { withdrawn: string } | null> {
  const d = await prisma.officialMailDelivery.findUnique({ where: { id: deliveryId } });
  if (!d || d.status !== 'QUEUED') return null;
  const user = await prisma.user.findUnique({
    where: { id: d.userId },
    select: { email: true, language: true, disabledAt: true },
  });
  if (!user?.email) return { withdrawn: 'NO_ADDRESS' };
  if (user.disabledAt) return { withdrawn: 'ACCOUNT_DISABLED' };
  const n = await prisma.officialNotification.findUniqueOrThrow({ where: { id: d.notificationId } });
  const [region, district, escalation] = await Promise.all([
    prisma.region.findUnique({ where: { code: n.regionCode }, select: { nameRu: true, nameKk: true } }),
    n.districtId
      ? prisma.district.findUnique({ where: { id: n.districtId }, select: { nameRu: true, nameKk: true } })
      : null,
    n.escalationId
      ? prisma.escalation.findUnique({
          where: { id: n.escalationId },
          select: { reason: true, missesByWorkingDays: true },
        })
      : null,
  ]);
  const language = (MAIL_LANGUAGES as string[]).includes(user.language) ? (user.language as MailLanguage) : 'ru';
  const mail = officialMail(
    {
      kind: n.kind,
      step: n.step,
      period: n.period,
      dueAt: n.dueAt,
      taskId: n.taskId,
      region,
      district,
      reason: escalation?.reason ?? null,
      missesByWorkingDays: escalation?.missesByWorkingDays ?? null,
    },
    language,
    consoleUrl,
  );
  return { to: user.email, language, mail };
}

export async function recordMailAttempt(prisma: PrismaClient, deliveryId: string, attempts: number): Promise<void> {
  await prisma.officialMailDelivery.updateMany({ where: { id: deliveryId, status: 'QUEUED' }, data: { attempts } });
}

export async function recordMailSent(prisma: PrismaClient, deliveryId: string, at: Date): Promise<void> {
  await prisma.officialMailDelivery.updateMany({
    where: { id: deliveryId, status: 'QUEUED' },
    data: { status: 'SENT', sentAt: at },
  });
}

/** A failed attempt: its code; DEAD when it was the last one (or nothing can be sent). */
export async function recordMailFailure(
  prisma: PrismaClient,
  deliveryId: string,
  code: string,
  dead: Date | null,
): Promise<void> {
  await prisma.officialMailDelivery.updateMany({
    where: { id: deliveryId, status: 'QUEUED' },
    data: { lastErrorCode: code.slice(0, 40), ...(dead ? { status: 'DEAD', deadAt: dead } : {}) },
  });
}

/** Over a client or a transaction's. */
type Preferences = Pick<PrismaClient, 'officialMailPreference'>;

export async function mailPreferencesOf(prisma: Preferences, userId: string): Promise<MailPreferences> {
  const row = await prisma.officialMailPreference.findUnique({ where: { userId } });
  return row
    ? { reminders: row.reminders, escalationsRaised: row.escalationsRaised, escalationsClimbed: row.escalationsClimbed }
    : { ...ALL_MAIL };
}

export async function setMailPreferences(
  prisma: Preferences,
  userId: string,
  p: MailPreferences,
  at: Date,
): Promise<MailPreferences> {
  await prisma.officialMailPreference.upsert({
    where: { userId },
    create: { userId, ...p, updatedAt: at },
    update: { ...p, updatedAt: at },
  });
  return mailPreferencesOf(prisma, userId);
}
