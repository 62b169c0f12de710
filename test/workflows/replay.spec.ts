/**
 * Replay of committed histories: every history in test/replay/histories/ is replayed with a
 * workflow bundle built here from the current source (scripts/replay-histories.ts), so a change that
 * would break running workflows (a new activity call, a reordered timer) fails `npm test` and goes
 * behind patched() instead. Every workflow type the worker serves (workflows/index.ts) must have a
 * committed history: a new type without one fails here too.
 *
 * Record histories (on the release being deployed, before changing its workflows; see the README,
 * "Workflow versioning") with:
 *   TIZIM_RECORD_HISTORIES=1 npx jest --selectProjects workflows test/workflows/replay.spec.ts
 * or only some, by the start of their file names: TIZIM_RECORD_HISTORIES=national,id-card …
 * Histories are sealed with the test-only key below; they hold synthetic data only, and every
 * payload (an IIN in a registration check's input, the ID-card application's ids) is encrypted.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DEFAULT_DEADLINE_SETTINGS } from '../../libs/calendar';
import {
  DEFAULT_ESCALATION_POLICY,
  districtCycleWorkflowId,
  districtStateQuery,
  nationalCycleWorkflowId,
  nationalStateQuery,
  regionCycleWorkflowId,
  regionStateQuery,
  retryDistrictUpdate,
  type CycleActor,
} from '../../libs/contracts/cycle';
import { ApplicationFailure } from '@temporalio/common';
import { regionCycleWorkflow } from '../../workflows/region-cycle';
import * as workflowTypes from '../../workflows';
import { cycleStarterWorkflow, nationalCycleWorkflow } from '../../workflows/national-cycle';
import { registrationCheckWorkflow } from '../../workflows/registration-check';
import { idCardStateQuery } from '../../workflows/id-card-exchange';
import { idCardFixture, OFFICER } from '../support/id-card-fixture';
import { ensureCalendarYears, newCheckRow, registeredVoter, unregisteredIin } from '../support/fixtures';
import { localDateTimeOf } from '../../libs/calendar';
import { runTs } from '../support/run-ts';
import { districtCycleWorkflow } from '../../workflows/district-cycle';
import { ROOT } from '../../scripts/lib/paths';
import { completeRecorded, openTaskOf, stageDistrictFiles, useCycleHarness } from '../support/cycle-harness';
import { recordWorkflowRequest } from '../../libs/db/workflow-requests';
import { recordedPayload } from '../../libs/contracts/voting-day';
import { eventually } from '../support/fixtures';
import { votingDayPlace, votingDayRow } from '../support/voting-day-fixture';
import { createApplicationRow } from '../../libs/db/voting-day';
import {
  applicationStateQuery,
  callCentreUpdate,
  decideUpdate,
  votingDayApplicationWorkflow,
} from '../../workflows/voting-day-application';
import { TEMPORAL_CLI, testConfig } from '../support/test-env';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { LocalStateRegistrationService } from '../../libs/gateways/state-registration';
import { createNotificationQueue } from '../../libs/queues/egov-notifications';
import { producerConnection } from '../../libs/queues/queues';

/** Test-only key for the committed histories; never used outside tests. */
const REPLAY_CODEC_KEYS = 'replay-1:yDtLlxN1qS4nY1ug2mhGUhulKf41rys7qPs3rWsqhUQ=';
const HISTORIES = join(ROOT, 'test', 'replay', 'histories');
const h = useCycleHarness({ codecKeys: REPLAY_CODEC_KEYS });

const registrar: CycleActor = { id: 'registrar-7102', role: 'AKIMAT_REGISTRAR', regionCode: '71', districtId: '7102' };
const commission: CycleActor = {
  id: 'commission-7102',
  role: 'DISTRICT_COMMISSION',
  regionCode: '71',
  districtId: '7102',
};

/** Whether this run records the history whose file name starts with `name` (TIZIM_RECORD_HISTORIES). */
const RECORD = (process.env.TIZIM_RECORD_HISTORIES ?? '').split(',').filter(Boolean);
const recording = (name: string) =>
  RECORD.includes('1') || RECORD.includes('all') || RECORD.some((prefix) => name.startsWith(prefix));
const recordIt = (name: string, what: string, fn: () => Promise<void>) =>
  recording(name) ? it(`records ${name}: ${what}`, fn) : undefined;

/** Writes a workflow's history as the Temporal CLI exports it (proto3 JSON), the format replay reads. */
function exportHistory(workflowId: string, file: string): void {
  const shown = spawnSync(
    TEMPORAL_CLI,
    ['workflow', 'show', '--address', h.env.address, '--namespace', 'default', '-w', workflowId, '-o', 'json'],
    { encoding: 'utf8' },
  );
  if (shown.status !== 0) throw new Error(`temporal workflow show failed: ${shown.stderr}`);
  writeFileSync(join(HISTORIES, file), shown.stdout);
}

recordIt(
  'district-cycle-late-send-back',
  'late files, reminder, escalation up the ladder, send-back, corrections, ready',
  async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const handle = await h.env.client.workflow.start(districtCycleWorkflow, {
        taskQueue,
        workflowId: `replay-district-${randomUUID()}`,
        args: [
          {
            period: h.period,
            regionCode: '71',
            districtId: '7102',
            policy: DEFAULT_ESCALATION_POLICY,
            searchAttributes: false,
          },
        ],
      });
      const submit = await openTaskOf(() => handle.query(districtStateQuery), 'SUBMIT_FILES');
      await h.skipTo(Date.parse(submit.task.dueAt) + 5 * 3_600_000);
      await eventually(
        'the second rung',
        async () =>
          (await h.prisma.escalation.findFirst({ where: { taskId: submit.task.id } }))?.level === 'DISTRICT_COMMISSION',
      );
      const complete = (taskId: string, actor: CycleActor, outcome: object) =>
        completeRecorded(h.prisma, handle, { taskId, requestId: randomUUID(), actor, outcome: outcome as never });
      await complete(submit.task.id, registrar, {
        kind: 'SUBMIT_FILES',
        ...(await stageDistrictFiles(h.prisma, '7102', h.period, 3)),
      });
      const review = await openTaskOf(() => handle.query(districtStateQuery), 'REVIEW_DISCREPANCIES');
      await complete(review.task.id, commission, { kind: 'REVIEW_DISCREPANCIES', decision: 'send-back' });
      const corrections = await openTaskOf(() => handle.query(districtStateQuery), 'SUBMIT_CORRECTIONS');
      await complete(corrections.task.id, registrar, {
        kind: 'SUBMIT_CORRECTIONS',
        ...(await stageDistrictFiles(h.prisma, '7102', h.period)),
      });
      await handle.result();
      exportHistory(handle.workflowId, 'district-cycle-late-send-back.json');
    });
  },
);

recordIt(
  'voting-day-escalated-call-centre-rejected',
  'outside the precinct, escalated after 30 minutes, call centre, reasoned rejection',
  async () => {
    const place = await votingDayPlace(h.prisma, '39');
    const now = await h.env.currentTimeMs();
    const votingDayId = await votingDayRow(h.prisma, new Date(now - 3_600_000), new Date(now + 12 * 3_600_000));
    const voter = await place.inStation2();
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const station = { ...place.stations[0], regionCode: place.regionCode, districtId: place.districtId };
      const app = await createApplicationRow(h.prisma, {
        votingDayId,
        station,
        applicantIin: voter.iin,
        registeredBy: 'member',
        registeredAt: new Date(now),
      });
      const handle = await h.env.client.workflow.start(votingDayApplicationWorkflow, {
        taskQueue,
        workflowId: app.workflowId,
        args: [
          {
            applicationId: app.id,
            stationNumber: station.number,
            registeredAt: new Date(now).toISOString(),
            closesAt: new Date(now + 2 * 3_600_000).toISOString(),
            escalateAfterMinutes: 30,
          },
        ],
      });
      await eventually(
        'the decision stage',
        async () => (await handle.query(applicationStateQuery)).stage === 'awaiting-decision',
      );
      await h.env.sleep('31 minutes');
      await eventually(
        'the escalation',
        async () => (await handle.query(applicationStateQuery)).escalations.length === 1,
      );
      // Each Update as the API sends it: recorded first (workflow_request), then sent.
      const recorded = async <A extends { actor: string }>(name: string, arg: A) => {
        const requestId = randomUUID();
        await recordWorkflowRequest(
          h.prisma,
          {
            action: `voting-day.${name}` as 'voting-day.decide',
            requestId,
            subjectId: app.id,
            workflowId: handle.workflowId,
          },
          { id: arg.actor, role: 'PRECINCT_MEMBER' },
          recordedPayload(arg),
        );
        return { ...arg, requestId };
      };
      await handle.executeUpdate(callCentreUpdate, {
        args: [
          await recorded('recordCallCentreAnswer', {
            actor: 'member',
            stationNumber: place.stations[1].number,
            note: null,
          }),
        ],
      });
      await handle.executeUpdate(decideUpdate, {
        args: [
          await recorded('decide', {
            actor: 'member',
            decision: 'REJECT' as const,
            reason: 'Адрес вне границ участка',
            correctStationNumber: place.stations[1].number,
          }),
        ],
      });
      await handle.result();
      exportHistory(handle.workflowId, 'voting-day-escalated-call-centre-rejected.json');
    });
  },
);

recordIt(
  'national-cycle-all-regions',
  'every region with districts started, every district on time, each region to the CEC and received, done (also a region and an on-time district)',
  async () => {
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const national = await h.env.client.workflow.start(nationalCycleWorkflow, {
        taskQueue,
        workflowId: nationalCycleWorkflowId(h.period),
        args: [{ period: h.period, policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false }],
      });
      const regions = await eventually('the regions started', async () => {
        const s = await national.query(nationalStateQuery);
        return s.regions.length ? s.regions : null;
      });
      const coordinator: CycleActor = { id: 'cec-coordinator', role: 'CEC_COORDINATOR' };
      for (const { regionCode, workflowId } of regions) {
        const region = h.env.client.workflow.getHandle(workflowId);
        const { districts } = await eventually('the districts started', async () => {
          const s = await region.query(regionStateQuery).catch(() => null);
          return s?.districts.length ? s : null;
        });
        for (const { districtId } of districts) {
          const district = h.env.client.workflow.getHandle(districtCycleWorkflowId(h.period, districtId));
          const submit = await openTaskOf(() => district.query(districtStateQuery), 'SUBMIT_FILES');
          await completeRecorded(h.prisma, district, {
            taskId: submit.task.id,
            requestId: randomUUID(),
            actor: { id: `registrar-${districtId}`, role: 'AKIMAT_REGISTRAR', regionCode, districtId },
            outcome: { kind: 'SUBMIT_FILES', ...(await stageDistrictFiles(h.prisma, districtId, h.period)) },
          });
        }
        const regional: CycleActor = { id: `regional-${regionCode}`, role: 'REGIONAL_COMMISSION', regionCode };
        const toCec = await openTaskOf(() => region.query(regionStateQuery), 'SUBMIT_TO_CEC');
        await completeRecorded(h.prisma, region, {
          taskId: toCec.task.id,
          requestId: randomUUID(),
          actor: regional,
          outcome: { kind: 'SUBMIT_TO_CEC', actNumber: `${regionCode}-1` },
        });
        const receipt = await openTaskOf(() => region.query(regionStateQuery), 'RECORD_CEC_RECEIPT');
        await completeRecorded(h.prisma, region, {
          taskId: receipt.task.id,
          requestId: randomUUID(),
          actor: coordinator,
          outcome: { kind: 'RECORD_CEC_RECEIPT', receivedAt: new Date().toISOString() },
        });
      }
      await national.result();
      exportHistory(national.workflowId, 'national-cycle-all-regions.json');
      exportHistory(regionCycleWorkflowId(h.period, '62'), 'region-cycle-to-cec-received.json');
      exportHistory(districtCycleWorkflowId(h.period, '6201'), 'district-cycle-on-time-ready.json');
    });
  },
);

recordIt(
  'region-cycle-district-failed-retried',
  "a district's reconciliation fails for good; its sibling runs on; an admin retries it and the region goes on to the CEC",
  async () => {
    let faulty = true;
    await h.withWorker(
      DEFAULT_DEADLINE_SETTINGS,
      async (taskQueue) => {
        const region = await h.env.client.workflow.start(regionCycleWorkflow, {
          taskQueue,
          workflowId: regionCycleWorkflowId(h.period, '71'),
          args: [{ period: h.period, regionCode: '71', policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false }],
        });
        const submit = async (districtId: string) => {
          const district = h.env.client.workflow.getHandle(districtCycleWorkflowId(h.period, districtId));
          const task = await openTaskOf(() => district.query(districtStateQuery), 'SUBMIT_FILES');
          await completeRecorded(h.prisma, district, {
            taskId: task.task.id,
            requestId: randomUUID(),
            actor: { id: `registrar-${districtId}`, role: 'AKIMAT_REGISTRAR', regionCode: '71', districtId },
            outcome: { kind: 'SUBMIT_FILES', ...(await stageDistrictFiles(h.prisma, districtId, h.period)) },
          });
        };
        await submit('7102');
        await eventually('7102 failed', async () => {
          const state = await region.query(regionStateQuery);
          return state.districts.find((d) => d.districtId === '7102')?.failed?.escalationId;
        });
        await submit('7101');
        await eventually(
          '7101 ready',
          async () => (await region.query(regionStateQuery)).districts.find((d) => d.districtId === '7101')?.ready,
        );
        faulty = false;
        const admin = { id: 'admin-replay', role: 'ADMIN' as const };
        const requestId = randomUUID();
        await recordWorkflowRequest(
          h.prisma,
          {
            action: 'cycle-district.retry',
            requestId,
            subjectId: districtCycleWorkflowId(h.period, '7102'),
            workflowId: region.workflowId,
          },
          admin,
          { districtId: '7102' },
        );
        await region.executeUpdate(retryDistrictUpdate, { args: [{ districtId: '7102', requestId, actor: admin }] });
        await openTaskOf(() => region.query(regionStateQuery), 'SUBMIT_TO_CEC');
        await region.terminate('recorded');
        exportHistory(region.workflowId, 'region-cycle-district-failed-retried.json');
        exportHistory(districtCycleWorkflowId(h.period, '7102'), 'district-cycle-resumed-after-retry.json');
      },
      (real) => ({
        ...real,
        async runReconciliation(r) {
          if (faulty && r.districtId === '7102')
            throw ApplicationFailure.nonRetryable('The register could not be read (test fault)', 'TestFault');
          return real.runReconciliation(r);
        },
      }),
    );
  },
);

recordIt('cycle-starter', "the Schedule's starter: the period started, then found already started", async () => {
  await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
    const run = async (file: string) => {
      const handle = await h.env.client.workflow.start(cycleStarterWorkflow, {
        taskQueue,
        workflowId: `replay-starter-${randomUUID()}`,
        args: [{ period: h.period, policy: DEFAULT_ESCALATION_POLICY, searchAttributes: false }],
      });
      const result = await handle.result();
      exportHistory(handle.workflowId, file);
      return result;
    };
    expect(await run('cycle-starter-started.json')).toMatchObject({ started: true });
    expect(await run('cycle-starter-already-started.json')).toMatchObject({ started: false });
    await h.env.client.workflow.getHandle(nationalCycleWorkflowId(h.period)).terminate('recorded');
  });
});

recordIt('registration-check', 'a registered voter found, and an IIN the register does not hold', async () => {
  await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
    for (const [iin, file] of [
      [(await registeredVoter(h.prisma)).iin, 'registration-check-found.json'],
      [await unregisteredIin(h.prisma), 'registration-check-not-found.json'],
    ] as const) {
      const check = await newCheckRow(h.prisma, iin);
      await h.env.client.workflow.execute(registrationCheckWorkflow, {
        taskQueue,
        workflowId: check.workflowId,
        args: [{ checkId: check.id, iin }],
      });
      exportHistory(check.workflowId, file);
    }
  });
});

recordIt(
  'id-card',
  'refused outside the window; annulled; review escalated, approved, produced, reminded past the last reminder, picked up; still waiting after the reminders',
  async () => {
    const year = Number(localDateTimeOf(await h.env.currentTimeMs()).date.slice(0, 4));
    await ensureCalendarYears(h.prisma, [year, year + 1]);
    const card = idCardFixture(h);
    // Awaiting a result would let the test server skip its clock far ahead: the run's status is read instead.
    const closed = (handle: { describe(): Promise<{ status: { name: string } }> }) =>
      eventually('the workflow closed', async () => (await handle.describe()).status.name === 'COMPLETED');
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const refused = await card.apply(taskQueue, { expiresInDays: 31 });
      await closed(refused.handle);
      exportHistory(refused.handle.workflowId, 'id-card-refused-window.json');

      const annulled = await card.apply(taskQueue, { expiresInDays: 10 });
      await card.inReview(annulled.handle);
      await card.reviewRecorded(annulled, { decision: 'ANNUL', actor: OFFICER, reason: 'BAD_PHOTO' });
      await closed(annulled.handle);
      exportHistory(annulled.handle.workflowId, 'id-card-annulled.json');

      // The main path, with the review overrunning its deadline and the pickup loop running past
      // its last reminder (3 reminders a week apart, then a fourth and fifth week of nothing).
      const picked = await card.apply(taskQueue, { expiresInDays: 3 });
      const review = await card.inReview(picked.handle);
      await h.skipTo(Date.parse(review.reviewDueAt!) + 60_000);
      await eventually('the escalation', async () => (await picked.handle.query(idCardStateQuery)).escalated);
      // Left waiting past its reminders, with no pickup (the loop as deployed runs on).
      const waiting = await card.apply(taskQueue, { expiresInDays: 3 });
      await card.readyForPickup(picked);
      await card.readyForPickup(waiting);
      await h.env.sleep('36 days');
      await eventually(
        'the reminders',
        async () =>
          (await h.prisma.idCardApplication.findUniqueOrThrow({ where: { id: picked.id } })).pickupReminders === 3,
      );
      const done = await card.pickupRecorded(picked, {
        actor: 'registration-point-39',
        ticketNumber: review.ticketNumber!,
      });
      expect(done.stage).toBe('picked-up');
      await closed(picked.handle);
      exportHistory(picked.handle.workflowId, 'id-card-escalated-approved-reminded-picked-up.json');
      exportHistory(waiting.handle.workflowId, 'id-card-ready-past-reminders-waiting.json');
      await waiting.handle.terminate('recorded');
    });
  },
);

recordIt(
  'id-card-early-review-not-collected',
  'a review sent at once after the start, approved, produced, three reminders, closed as not collected (patched, issue 25)',
  async () => {
    const year = Number(localDateTimeOf(await h.env.currentTimeMs()).date.slice(0, 4));
    await ensureCalendarYears(h.prisma, [year, year + 1]);
    const card = idCardFixture(h);
    await h.withWorker(DEFAULT_DEADLINE_SETTINGS, async (taskQueue) => {
      const app = await card.apply(taskQueue, { expiresInDays: 3 });
      await card.reviewRecorded(app, { decision: 'APPROVE', actor: OFFICER, approval: card.approval() });
      await card.producedRecorded(app, { documentNumber: 'N9876543', issuedOn: '2026-11-25', expiresOn: '2036-11-24' });
      await eventually('ready for pickup', async () => (await app.handle.query(idCardStateQuery)).stage === 'ready');
      await h.env.sleep('29 days');
      await eventually('closed', async () => (await app.handle.describe()).status.name === 'COMPLETED');
      expect((await app.handle.query(idCardStateQuery)).stage).toBe('not-collected');
      exportHistory(app.handle.workflowId, 'id-card-early-review-not-collected.json');
    });
  },
);

recordIt(
  'voting-day-decided-during-lookup',
  "a decision sent while the lookup runs waits for its answer (7fa578a's wait of up to 3 s), then includes",
  async () => {
    const place = await votingDayPlace(h.prisma, '39');
    const now = await h.env.currentTimeMs();
    const votingDayId = await votingDayRow(h.prisma, new Date(now - 3_600_000), new Date(now + 12 * 3_600_000));
    const voter = await place.inside();
    const config = testConfig({ TIZIM_CODEC_KEYS: REPLAY_CODEC_KEYS });
    const producer = producerConnection(config.redisUrl);
    const activities = createActivities({
      prisma: h.prisma,
      stateRegistration: new LocalStateRegistrationService(h.prisma),
      notificationQueue: createNotificationQueue(producer, config.queuePrefix),
      deadlineSettings: DEFAULT_DEADLINE_SETTINGS,
    });
    // The state registration service answering slowly: the member's decision arrives before it.
    const slowLookup = async (applicationId: string) => {
      await new Promise((r) => setTimeout(r, 1_500));
      return activities.lookUpApplicant(applicationId);
    };
    const taskQueue = `replay-${randomUUID()}`;
    const worker = await Worker.create({
      connection: h.env.nativeConnection,
      taskQueue,
      workflowBundle: h.bundle,
      activities: { ...activities, lookUpApplicant: slowLookup },
      dataConverter: h.dataConverter,
      maxCachedWorkflows: 0,
    });
    try {
      await worker.runUntil(async () => {
        const station = { ...place.stations[0], regionCode: place.regionCode, districtId: place.districtId };
        const app = await createApplicationRow(h.prisma, {
          votingDayId,
          station,
          applicantIin: voter.iin,
          registeredBy: 'member',
          registeredAt: new Date(now),
        });
        const handle = await h.env.client.workflow.start(votingDayApplicationWorkflow, {
          taskQueue,
          workflowId: app.workflowId,
          args: [
            {
              applicationId: app.id,
              stationNumber: station.number,
              registeredAt: new Date(now).toISOString(),
              closesAt: new Date(now + 2 * 3_600_000).toISOString(),
              escalateAfterMinutes: 30,
            },
          ],
        });
        const requestId = randomUUID();
        await recordWorkflowRequest(
          h.prisma,
          { action: 'voting-day.decide', requestId, subjectId: app.id, workflowId: handle.workflowId },
          { id: 'member', role: 'PRECINCT_MEMBER' },
          recordedPayload({ actor: 'member', decision: 'INCLUDE' as const }),
        );
        expect((await handle.query(applicationStateQuery)).stage).toBe('looking-up');
        const decided = await handle.executeUpdate(decideUpdate, {
          args: [{ actor: 'member', decision: 'INCLUDE' as const, requestId }],
        });
        expect(decided.decision).toBe('INCLUDE');
        await eventually('closed', async () => (await handle.describe()).status.name === 'COMPLETED');
        exportHistory(handle.workflowId, 'voting-day-decided-during-lookup.json');
      });
    } finally {
      await producer.quit();
    }
  },
);

/** The workflow type each committed history is of (its first event, WorkflowExecutionStarted). */
function historiesByType(): Map<string, string[]> {
  const byType = new Map<string, string[]>();
  for (const file of readdirSync(HISTORIES).filter((f) => f.endsWith('.json'))) {
    const { events } = JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')) as {
      events: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[];
    };
    const type = events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '(none)';
    byType.set(type, [...(byType.get(type) ?? []), file]);
  }
  return byType;
}

describe('replay of committed histories', () => {
  it('has a committed history of every workflow type the worker serves (workflows/index.ts)', () => {
    const served = Object.entries(workflowTypes)
      .filter(([, v]) => typeof v === 'function')
      .map(([name]) => name)
      .sort();
    expect(served.length).toBeGreaterThanOrEqual(7);
    const recorded = historiesByType();
    expect(served.filter((type) => !recorded.has(type))).toEqual([]);
  });

  it('holds no payload in the clear but patch markers, and no IIN', () => {
    const clear: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object') return;
      const p = node as { metadata?: { encoding?: string }; data?: string };
      const encoding = p.metadata?.encoding && Buffer.from(p.metadata.encoding, 'base64').toString();
      if (encoding && encoding !== 'binary/encrypted' && !/patch-data|TemporalChangeVersion/.test(where))
        clear.push(`${where}: ${encoding}`);
      for (const [k, v] of Object.entries(node)) walk(v, `${where}.${k}`);
    };
    for (const file of readdirSync(HISTORIES).filter((f) => f.endsWith('.json'))) {
      const text = readFileSync(join(HISTORIES, file), 'utf8');
      expect({ file, iins: text.match(/(?<![0-9])[0-9]{12}(?![0-9])/g) ?? [] }).toEqual({ file, iins: [] });
      walk(JSON.parse(text), file);
    }
    expect(clear).toEqual([]);
  });

  it('replays every committed history with a bundle of the current workflow code', async () => {
    const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    // The bundle of the source as it is now (the harness builds it), never a prebuilt dist/ one
    // that may predate a change under workflows/. The script runs in its own process: the history
    // parser's protobuf classes do not survive Jest's module registry.
    const dir = mkdtempSync(join(tmpdir(), 'tizim-replay-'));
    try {
      const bundle = join(dir, 'workflow-bundle.js');
      writeFileSync(bundle, h.bundle.code);
      const run = await runTs(
        join(ROOT, 'scripts', 'replay-histories.ts'),
        ['--bundle', bundle, HISTORIES],
        { TIZIM_CODEC_KEYS: REPLAY_CODEC_KEYS, TIZIM_CODEC_ACTIVE_KEY: 'replay-1' },
        300_000,
      );
      // Shown in full when it fails: which history, which event, what the code did instead.
      if (run.code !== 0) throw new Error(`a committed history no longer replays (exit ${run.code}):\n${run.stderr}`);
      for (const file of files)
        expect(run.stdout).toMatch(new RegExp(`replayed ${file.replace(/\./g, '\\.')}: \\d+ events, deterministic`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
