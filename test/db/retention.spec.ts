/**
 * The retention schedule's purge (issue 24, item 6) on the real PostgreSQL and a real file store,
 * on a database of its own (the purge reaches every row past its cut-off): each kind past its days
 * goes and the rest stays; bytes another record still needs stay; each pass is audited by kind with
 * its count and no personal data; a second pass finds nothing; a kind set to 0 days is never purged;
 * and the worker's schedule runs the purge by itself through Redis.
 */
import { randomUUID, createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import type { RetentionSchedule } from '../../libs/config/config';
import { createPrismaClient, type PrismaClient } from '../../libs/db/prisma';
import { purgeExpired } from '../../libs/db/retention';
import { FileStore } from '../../libs/files/store';
import { createLogger } from '../../libs/observability/logger';
import { startRetentionSchedule } from '../../apps/worker/src/consumers/retention';
import { eventually } from '../support/fixtures';
import { useOwnDatabase } from '../support/own-database';
import { testRedisUrl } from '../support/test-env';

const db = useOwnDatabase('retention', { demoTerritory: false });
const DAY = 86_400_000;
const NOW = new Date('2031-06-01T00:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);
const SCHEDULE: RetentionSchedule = {
  rejectedFileDays: 90,
  acceptedFileDays: 1825,
  votingDayDays: 365,
  cabinetMessageDays: 365,
  challengeDays: 1,
};
const IIN = '850101300012';

let prisma: PrismaClient;
let store: FileStore;
let storeDir: string;

beforeAll(() => {
  prisma = createPrismaClient(db.url);
  storeDir = mkdtempSync(join(tmpdir(), 'tizim-retention-'));
  store = new FileStore(storeDir);
});
afterAll(async () => {
  await prisma?.$disconnect();
  rmSync(storeDir, { recursive: true, force: true });
});

async function receivedFile(
  status: 'REJECTED' | 'FAILED' | 'ACCEPTED',
  decidedDaysAgo: number,
  content: string,
): Promise<{ id: string; path: string }> {
  const kept = await store.keepBytes(Buffer.from(content));
  const id = randomUUID();
  await prisma.receivedFile.create({
    data: {
      id,
      sha256: kept.sha256,
      kind: 'VOTERS',
      fileName: `izbirateli_${decidedDaysAgo}.csv`,
      sizeBytes: kept.sizeBytes,
      period: '2031-01',
      regionCode: '71',
      districtId: '7101',
      status,
      uploadedBy: 'registrar.7101',
      receivedAt: daysAgo(decidedDaysAgo),
      decidedAt: daysAgo(decidedDaysAgo),
    },
  });
  return { id, path: kept.path };
}

async function votingDay(closedDaysAgo: number): Promise<{ dayId: string; applicationId: string }> {
  const dayId = randomUUID();
  const closes = daysAgo(closedDaysAgo);
  await prisma.votingDay.create({
    data: {
      id: dayId,
      date: new Date(closes.toISOString().slice(0, 10)),
      name: `Референдум ${closedDaysAgo}`,
      opensAt: new Date(closes.getTime() - 13 * 3_600_000),
      closesAt: closes,
      createdBy: 'admin',
      createdAt: daysAgo(closedDaysAgo + 30),
    },
  });
  const applicationId = randomUUID();
  const stationId = randomUUID();
  await prisma.votingDayApplication.create({
    data: {
      id: applicationId,
      votingDayId: dayId,
      number: 1,
      stationId,
      stationNumber: 101,
      regionCode: '71',
      districtId: '7101',
      applicantIin: IIN,
      workflowId: `voting-day-application-${applicationId}`,
      registeredBy: 'member.101',
      registeredAt: closes,
      registration: { street: 'Абая', house: '1' },
      events: { create: { id: randomUUID(), at: closes, kind: 'registered', actor: 'member.101' } },
      escalations: {
        create: {
          id: randomUUID(),
          votingDayId: dayId,
          regionCode: '71',
          districtId: '7101',
          stationNumber: 101,
          reason: 'VOTING_CLOSED',
          raisedAt: closes,
        },
      },
    },
  });
  await prisma.supplementaryListEntry.create({
    data: {
      applicationId,
      votingDayId: dayId,
      stationId,
      iin: IIN,
      surname: 'Ахметова',
      firstName: 'Айгуль',
      birthDate: new Date('1985-01-01'),
      addedBy: 'member.101',
      addedAt: closes,
    },
  });
  return { dayId, applicationId };
}

async function cabinetMessage(deliveredDaysAgo: number): Promise<string> {
  const id = randomUUID();
  await prisma.egovCabinetMessage.create({
    data: {
      id,
      deliveryKey: `retention-${id}`,
      recipientIinHmac: createHash('sha256').update(id).digest('hex'),
      kind: 'voting-day-decision',
      body: 'Вы включены в дополнительный список',
      deliveredAt: daysAgo(deliveredDaysAgo),
    },
  });
  return id;
}

async function challenge(expiredDaysAgo: number, now = NOW): Promise<string> {
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() - expiredDaysAgo * DAY);
  await prisma.authChallenge.create({
    data: {
      id,
      nonce: createHash('sha256').update(id).digest('hex'),
      createdAt: new Date(expiresAt.getTime() - 300_000),
      expiresAt,
    },
  });
  return id;
}

describe('the retention purge', () => {
  it('removes what is past its days, keeps the rest and bytes still needed, and audits each kind', async () => {
    const oldRejected = await receivedFile('REJECTED', 100, 'rejected long ago');
    const oldFailed = await receivedFile('FAILED', 91, 'failed long ago');
    const freshRejected = await receivedFile('REJECTED', 10, 'rejected lately');
    const acceptedKept = await receivedFile('ACCEPTED', 100, 'accepted, within five years');
    const acceptedOld = await receivedFile('ACCEPTED', 1900, 'accepted six years ago');
    // The same bytes rejected long ago and accepted lately: the row is purged, the bytes stay.
    const shared = 'the same file twice';
    const sharedRejected = await receivedFile('REJECTED', 200, shared);
    const sharedAccepted = await receivedFile('ACCEPTED', 5, shared);
    const oldDay = await votingDay(400);
    const recentDay = await votingDay(10);
    const oldMessage = await cabinetMessage(400);
    const recentMessage = await cabinetMessage(10);
    const oldChallenge = await challenge(2);
    const liveChallenge = await challenge(-1);

    const results = await purgeExpired(prisma, store, SCHEDULE, NOW);
    expect(Object.fromEntries(results.map((r) => [r.kind, r.purged]))).toEqual({
      'rejected-file-bytes': 3,
      'accepted-file-bytes': 1,
      'voting-day-records': 2,
      'cabinet-messages': 1,
      'sign-in-challenges': 1,
    });

    const purgedAt = async (id: string) =>
      (await prisma.receivedFile.findUniqueOrThrow({ where: { id } })).bytesPurgedAt;
    for (const f of [oldRejected, oldFailed, acceptedOld, sharedRejected]) expect(await purgedAt(f.id)).toEqual(NOW);
    for (const f of [freshRejected, acceptedKept, sharedAccepted]) expect(await purgedAt(f.id)).toBeNull();
    for (const f of [oldRejected, oldFailed, acceptedOld]) expect(existsSync(f.path)).toBe(false);
    for (const f of [freshRejected, acceptedKept, sharedAccepted]) expect(existsSync(f.path)).toBe(true);
    expect(sharedRejected.path).toBe(sharedAccepted.path);

    expect(await prisma.votingDayApplication.count({ where: { votingDayId: oldDay.dayId } })).toBe(0);
    expect(await prisma.votingDayApplicationEvent.count({ where: { applicationId: oldDay.applicationId } })).toBe(0);
    expect(await prisma.votingDayEscalation.count({ where: { applicationId: oldDay.applicationId } })).toBe(0);
    expect(await prisma.supplementaryListEntry.count({ where: { votingDayId: oldDay.dayId } })).toBe(0);
    expect(await prisma.votingDay.count({ where: { id: oldDay.dayId } })).toBe(1);
    expect(await prisma.votingDayApplication.count({ where: { votingDayId: recentDay.dayId } })).toBe(1);
    expect(await prisma.supplementaryListEntry.count({ where: { votingDayId: recentDay.dayId } })).toBe(1);

    expect(await prisma.egovCabinetMessage.count({ where: { id: oldMessage } })).toBe(0);
    expect(await prisma.egovCabinetMessage.count({ where: { id: recentMessage } })).toBe(1);
    expect(await prisma.authChallenge.count({ where: { id: oldChallenge } })).toBe(0);
    expect(await prisma.authChallenge.count({ where: { id: liveChallenge } })).toBe(1);

    const audit = await prisma.auditEvent.findMany({ where: { action: 'retention.purge' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.subjectId, a.actor, a.reason])).toEqual([
      ['rejected-file-bytes', 'system:retention', '3 purged: older than 90 days (before 2031-03-03T00:00:00.000Z)'],
      ['accepted-file-bytes', 'system:retention', '1 purged: older than 1825 days (before 2026-06-02T00:00:00.000Z)'],
      ['voting-day-records', 'system:retention', '2 purged: older than 365 days (before 2030-06-01T00:00:00.000Z)'],
      ['cabinet-messages', 'system:retention', '1 purged: older than 365 days (before 2030-06-01T00:00:00.000Z)'],
      ['sign-in-challenges', 'system:retention', '1 purged: older than 1 days (before 2031-05-31T00:00:00.000Z)'],
    ]);
    expect(JSON.stringify(audit.map(({ id, ...row }) => ({ ...row, id: String(id) })))).not.toContain(IIN);

    // Again: nothing more is due, and what stayed stays.
    const again = await purgeExpired(prisma, store, SCHEDULE, NOW);
    expect(again.map((r) => r.purged)).toEqual([0, 0, 0, 0, 0]);
    expect(existsSync(sharedAccepted.path)).toBe(true);
  });

  it('never purges a kind kept for ever (0 days)', async () => {
    const old = await receivedFile('REJECTED', 5000, 'kept for ever');
    const message = await cabinetMessage(5000);
    const results = await purgeExpired(prisma, store, { ...SCHEDULE, rejectedFileDays: 0, cabinetMessageDays: 0 }, NOW);
    expect(results.map((r) => r.kind)).toEqual(['accepted-file-bytes', 'voting-day-records', 'sign-in-challenges']);
    expect(existsSync(old.path)).toBe(true);
    expect(await prisma.egovCabinetMessage.count({ where: { id: message } })).toBe(1);
  });

  it("runs on the worker's schedule through Redis, each period's job once whatever the number of workers", async () => {
    const redis = new IORedis(testRedisUrl(), { maxRetriesPerRequest: null });
    const prefix = `${process.env.TIZIM_TEST_QUEUE_PREFIX ?? 'tizim-test'}-retention-${process.pid}`;
    const logger = createLogger('retention-test', 'fatal');
    const doomed = await challenge(30, new Date());
    let passes = 0;
    const purge = async () => {
      passes += 1;
      return purgeExpired(prisma, store, SCHEDULE, new Date());
    };
    // Two worker processes' schedules on the same Redis.
    const schedules = [1, 2].map(() => startRetentionSchedule({ logger, purge }, redis, prefix, 1_000));
    try {
      await eventually(
        'the scheduled purge of an expired sign-in challenge',
        async () => (await prisma.authChallenge.count({ where: { id: doomed } })) === 0,
        30_000,
      );
      await eventually('three scheduled passes', async () => passes >= 3, 30_000);
      for (const s of schedules) await s.stop();
      const done = new (await import('bullmq')).Queue('retention', { connection: redis, prefix });
      // Each pass was a job of its own: had two workers run one job, passes would exceed the jobs.
      expect(passes).toBe((await done.getJobCounts('completed')).completed);
      await done.obliterate({ force: true });
      await done.close();
    } finally {
      for (const s of schedules) await s.stop();
      await redis.quit();
    }
  });
});
