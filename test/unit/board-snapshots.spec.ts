/**
 * The board's snapshots (apps/api/src/board/board-snapshots.ts) on a clock the test moves: when a
 * reader gets the kept board, when a new one is computed behind them, when they wait for it.
 */
import { Snapshots, STALE_MS } from '../../apps/api/src/board/board-snapshots';

function harness(freshMs = 3_000) {
  let now = 1_000_000;
  let computed = 0;
  const failures: string[] = [];
  const snapshots = new Snapshots<number>(
    freshMs,
    (key) => failures.push(key),
    () => now,
  );
  const compute = async () => ++computed;
  return {
    snapshots,
    compute,
    failures,
    advance: (ms: number) => (now += ms),
    computed: () => computed,
    settle: () => new Promise((r) => setImmediate(r)),
  };
}

it('serves the kept board while fresh, computing nothing', async () => {
  const h = harness();
  expect(await h.snapshots.read('2027-01|country', h.compute)).toBe(1);
  h.advance(2_999);
  expect(await h.snapshots.read('2027-01|country', h.compute)).toBe(1);
  expect(h.computed()).toBe(1);
});

it('serves a stale board at once and computes the next one behind the reader', async () => {
  const h = harness();
  await h.snapshots.read('k', h.compute);
  h.advance(3_001);
  expect(await h.snapshots.read('k', h.compute)).toBe(1);
  await h.settle();
  expect(h.computed()).toBe(2);
  expect(await h.snapshots.read('k', h.compute)).toBe(2);
});

it('makes the reader wait for a new board once the kept one is over a minute old', async () => {
  const h = harness();
  await h.snapshots.read('k', h.compute);
  h.advance(STALE_MS + 1);
  expect(await h.snapshots.read('k', h.compute)).toBe(2);
});

it('shares one computation among readers who come at once', async () => {
  const h = harness();
  const answers = await Promise.all([1, 2, 3, 4].map(() => h.snapshots.read('k', h.compute)));
  expect(answers).toEqual([1, 1, 1, 1]);
  expect(h.computed()).toBe(1);
});

it('keeps keys apart', async () => {
  const h = harness();
  expect(await h.snapshots.read('2027-01|country', h.compute)).toBe(1);
  expect(await h.snapshots.read('2027-01|71', h.compute)).toBe(2);
  expect(await h.snapshots.read('2027-01|country', h.compute)).toBe(1);
});

it('keeps no failed computation: the reader gets the error, the next read computes again', async () => {
  const h = harness();
  await expect(h.snapshots.read('k', async () => Promise.reject(new Error('database down')))).rejects.toThrow(
    'database down',
  );
  expect(await h.snapshots.read('k', h.compute)).toBe(1);
});

it('leaves the previous board in place when a refresh behind the readers fails, and says so', async () => {
  const h = harness();
  await h.snapshots.read('k', h.compute);
  h.advance(3_001);
  expect(await h.snapshots.read('k', async () => Promise.reject(new Error('database down')))).toBe(1);
  await h.settle();
  expect(h.failures).toEqual(['k']);
  // The next reader still gets it, and starts another refresh, which goes through.
  expect(await h.snapshots.read('k', h.compute)).toBe(1);
  await h.settle();
  expect(await h.snapshots.read('k', h.compute)).toBe(2);
});

it('computes on every read when the snapshot time is 0', async () => {
  const h = harness(0);
  await h.snapshots.read('k', h.compute);
  await h.snapshots.read('k', h.compute);
  expect(h.computed()).toBe(2);
});
