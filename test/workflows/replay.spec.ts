/**
 * Replay of committed histories: every history in test/replay/histories/ is replayed with the
 * current workflow bundle (scripts/replay-histories.ts, built by the setup), so a change that would
 * break running workflows (a new activity call, a reordered timer) fails here and goes behind
 * patched() instead.
 *
 * Record a new history (after a deliberate, patched change) with:
 *   TIZIM_RECORD_HISTORIES=1 npx jest --selectProjects workflows test/workflows/replay.spec.ts
 * Histories are sealed with the test-only key below; they hold synthetic cycle data and no
 * personal data (the cycle and voting-day workflows carry none: ids and numbers only).
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DEFAULT_DEADLINE_SETTINGS } from '../../libs/calendar';
import { DEFAULT_ESCALATION_POLICY, districtStateQuery, type CycleActor } from '../../libs/contracts/cycle';
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
import { TEMPORAL_CLI } from '../support/test-env';

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

if (process.env.TIZIM_RECORD_HISTORIES) {
  it('records a district cycle: late files, reminder, escalation up the ladder, send-back, corrections, ready', async () => {
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
      // Exported as the Temporal CLI exports histories (proto3 JSON), the format replay reads.
      const shown = spawnSync(
        TEMPORAL_CLI,
        [
          'workflow',
          'show',
          '--address',
          h.env.address,
          '--namespace',
          'default',
          '-w',
          handle.workflowId,
          '-o',
          'json',
        ],
        { encoding: 'utf8' },
      );
      if (shown.status !== 0) throw new Error(`temporal workflow show failed: ${shown.stderr}`);
      writeFileSync(join(HISTORIES, 'district-cycle-late-send-back.json'), shown.stdout);
    });
  });

  it('records a voting-day application: outside the precinct, escalated after 30 minutes, call centre, reasoned rejection', async () => {
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
      const shown = spawnSync(
        TEMPORAL_CLI,
        [
          'workflow',
          'show',
          '--address',
          h.env.address,
          '--namespace',
          'default',
          '-w',
          handle.workflowId,
          '-o',
          'json',
        ],
        { encoding: 'utf8' },
      );
      if (shown.status !== 0) throw new Error(`temporal workflow show failed: ${shown.stderr}`);
      writeFileSync(join(HISTORIES, 'voting-day-escalated-call-centre-rejected.json'), shown.stdout);
    });
  });
}

describe('replay of committed histories', () => {
  it('replays every committed history with the current workflow code', () => {
    expect(readdirSync(HISTORIES).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
    // In its own process: the history parser's protobuf classes do not survive Jest's module registry.
    const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'replay-histories.js'), HISTORIES], {
      encoding: 'utf8',
      env: { ...process.env, TIZIM_CODEC_KEYS: REPLAY_CODEC_KEYS },
    });
    expect(run.stderr).not.toMatch(/replay failed/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/replayed district-cycle-late-send-back\.json: \d+ events, deterministic/);
    expect(run.stdout).toMatch(/replayed voting-day-escalated-call-centre-rejected\.json: \d+ events, deterministic/);
  });
});
