/**
 * BullMQ queue names and Redis connections, shared by producers (activities) and consumers
 * (the worker process). Job data carries ids only, never personal data: Redis is not encrypted.
 */
import IORedis, { type Redis } from 'ioredis';
import type { Logger } from '../observability/logger';

export const QUEUES = {
  /** Messages to citizens' e-gov personal cabinets (DOMAIN §3 step 7). */
  egovNotifications: 'egov-notifications',
  /** Messages whose every delivery attempt failed, kept for an administrator to send again. */
  egovNotificationsDead: 'egov-notifications-dead',
  /** Officials' reminders and escalations by e-mail, one job per delivery (libs/queues/official-mail.ts). */
  officialMail: 'official-mail',
  /** Received files to validate and stage (libs/files). */
  fileImports: 'file-imports',
  /** Files written for the CEC: the region's consolidated voter file (libs/db/files/consolidated.ts). */
  fileExports: 'file-exports',
  /** The CEC's register extracts to import as register snapshots (libs/db/register/snapshot-import.ts). */
  registerImports: 'register-imports',
  /** The state registries' events, once recorded: the follow-up off the request (apps/worker/src/consumers/register-events.ts). */
  registerEvents: 'register-events',
  /** The retention schedule's purge, one job per period whatever the number of workers (apps/worker/src/consumers/retention.ts). */
  retention: 'retention',
} as const;

/**
 * Jobs over files (imports, exports): retried with backoff after a crash (the work is idempotent:
 * a verdict already recorded is not made twice), kept a week when done, kept for inspection when
 * they fail for good.
 */
export const FILE_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: false,
} as const;

/**
 * A recorded register event's follow-up: its id only (the row holds the IIN and the details;
 * Redis is not encrypted). One job per event (job id `event-<id>`), so a repeat adds nothing.
 */
export interface RegisterEventJob {
  eventId: string;
}

/** Retried with backoff (the follow-up is idempotent), kept a day when done, kept when failed for good. */
export const REGISTER_EVENT_JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: false,
} as const;

/** One e-mail of an inbox notification to one official: the delivery record's id only. */
export interface OfficialMailJob {
  deliveryId: string;
}

export interface FileImportJob {
  fileId: string;
}

export interface FileExportJob {
  consolidatedFileId: string;
}

export interface RegisterImportJob {
  snapshotId: string;
}

export type EgovNotificationJob =
  | { kind: 'registration-check-completed'; checkId: string }
  /** The decision on a voting-day application (DOMAIN §3 step 7). */
  | { kind: 'voting-day-decision'; applicationId: string }
  /** A step of an online ID-card exchange (DOMAIN §4): accepted, refused, annulled, ready, a pickup reminder, picked up. */
  | { kind: 'id-card-exchange'; applicationId: string; event: IdCardEvent; reminder?: number };

export const ID_CARD_EVENTS = [
  'accepted',
  'refused',
  'annulled',
  'ready',
  'reminder',
  'picked-up',
  'not-collected',
] as const;
export type IdCardEvent = (typeof ID_CARD_EVENTS)[number];

/**
 * TLS beyond the URL's: a rediss:// URL alone trusts the system's CAs; `tls.ca` (REDIS_TLS_CA_FILE)
 * the commission's own. The server's name is checked either way.
 */
const tlsOptions = (redisUrl: string, tls?: { ca: Buffer } | null) =>
  tls && redisUrl.startsWith('rediss:') ? { tls: { ca: tls.ca } } : {};

/** Connection for a BullMQ Worker: blocking commands must never give up (BullMQ's production guide). */
export function workerConnection(redisUrl: string, tls?: { ca: Buffer } | null): Redis {
  return new IORedis(redisUrl, { maxRetriesPerRequest: null, ...tlsOptions(redisUrl, tls) });
}

/** Connection for producers and health checks: fail fast instead of queueing commands forever. */
export function producerConnection(redisUrl: string, tls?: { ca: Buffer } | null): Redis {
  return new IORedis(redisUrl, {
    maxRetriesPerRequest: 3,
    enableOfflineQueue: false,
    lazyConnect: false,
    ...tlsOptions(redisUrl, tls),
  });
}

/** How often a queue's lost Redis connection is logged while it lasts (BullMQ retries far more often). */
const QUEUE_TROUBLE_EVERY_MS = 60_000;

/**
 * BullMQ's production guide: listen to a Worker's and a Queue's 'error' (a lost Redis connection,
 * which BullMQ reconnects by itself); unheard, BullMQ prints every one. Logged at most once a
 * minute per queue, in Redis's words (they carry no job data).
 */
export function logQueueErrors(
  target: { on(event: 'error', listener: (err: Error) => void): unknown },
  logger: Pick<Logger, 'warn'>,
  queue: string,
): void {
  let last = -Infinity;
  target.on('error', (err) => {
    const now = Date.now();
    if (now - last < QUEUE_TROUBLE_EVERY_MS) return;
    last = now;
    logger.warn({ queue, reason: err.message.split('\n')[0] }, 'queue connection trouble: BullMQ reconnects');
  });
}
