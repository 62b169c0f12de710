/**
 * The deadline board shared by its readers (issue 25, part 4: the board under 100 ms at p95 while
 * the cycle runs). A board is computed once per period and territory and served to every reader
 * for TIZIM_BOARD_SNAPSHOT_SECONDS; after that the next read still gets it at once while a new one
 * is computed behind it. Each board says when it was computed (`at`). Against the real API and
 * PostgreSQL, on its own database; the tasks are recorded as the district workflows record them.
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';

const { stack } = useLocalStackOnOwnDatabase('board_snapshots', { config: { TIZIM_BOARD_SNAPSHOT_SECONDS: '2' } });
const period = '2027-01';
const DISTRICT = { id: '7101', regionCode: '71' };

type Board = {
  at: string;
  regions: { regionCode: string; districts: { total: number }; steps: { step: string; met: number }[] }[];
};
const read = async (query = '') => {
  const res = await stack.call('GET', `/v1/board?period=${period}${query}`);
  expect(res.status).toBe(200);
  return res.body as Board;
};
const submittedIn = (b: Board, region: string) =>
  b.regions.find((r) => r.regionCode === region)?.steps.find((s) => s.step === 'submission')?.met;

let submitTask: string;

beforeAll(async () => {
  const now = Date.now();
  submitTask = randomUUID();
  await stack.prisma.cycleTask.create({
    data: {
      id: submitTask,
      workflowId: `district-cycle-${period}-${DISTRICT.id}`,
      period,
      regionCode: DISTRICT.regionCode,
      districtId: DISTRICT.id,
      kind: 'SUBMIT_FILES',
      round: 0,
      assigneeRole: 'AKIMAT_REGISTRAR',
      dueAt: new Date(now + 86_400_000),
      createdAt: new Date(now - 86_400_000),
    },
  });
});

it('serves one board to its readers for the snapshot time, then refreshes it behind them', async () => {
  const first = await read();
  expect(submittedIn(first, '71')).toBe(0);

  // The akimat submits (the workflow records the completion): readers within the snapshot time
  // still get the board computed before it, and say when that was.
  await stack.prisma.cycleTask.update({
    where: { id: submitTask },
    data: { status: 'COMPLETED', completedAt: new Date(), completedBy: 'registrar' },
  });
  const cached = await read();
  expect(cached.at).toBe(first.at);
  expect(submittedIn(cached, '71')).toBe(0);

  // Once the snapshot is older than that, reads start a new one; the submission shows, newer `at`.
  const fresh = await eventually(
    'the board computed after the submission',
    async () => {
      const b = await read();
      return submittedIn(b, '71') === 1 ? b : null;
    },
    15_000,
  );
  expect(Date.parse(fresh.at)).toBeGreaterThan(Date.parse(first.at));
});

it('computes one board for readers who come at once, and keeps territories apart', async () => {
  const together = await Promise.all(Array.from({ length: 6 }, () => read('&regionCode=71')));
  expect(new Set(together.map((b) => b.at)).size).toBe(1);
  expect(together[0].regions.map((r) => r.regionCode)).toEqual(['71']);
  // The country's board is its own snapshot: a region's never stands for it.
  const country = await read();
  expect(country.regions.map((r) => r.regionCode)).toContain('71');
});
