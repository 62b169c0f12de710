/**
 * Run as a plain Node process by test/e2e/clean-exit.spec.ts: builds the API and the worker as
 * their main.ts files do, checks they answer, closes both, and then does nothing more. A process
 * whose API and worker released everything on close exits by itself; one that does not stays up,
 * and after a moment prints what is still open (the spec reads that line to name the leak).
 *
 *   argv[2]: "up" (every service answers) or "redis-down" (REDIS_URL points where nothing listens:
 *   closing during a Redis outage must not leave the connection retrying for ever).
 *   TIZIM_CLEAN_EXIT_TEMPORAL: the Temporal server's address.
 */
import { randomUUID } from 'node:crypto';
import { Runtime } from '@temporalio/worker';
import { createApp } from '../../apps/api/src/app';
import { createTizimWorker } from '../../apps/worker/src/worker';
import { createLogger } from '../../libs/observability/logger';
import { bundleWorkflows } from '../../scripts/bundle-workflows';
import { closedAddress } from './faulty-proxy';
import { testConfig } from './test-env';

/** What Node lists as open before anything is built (the standard streams), to compare with after. */
const before = process.getActiveResourcesInfo();

async function main(): Promise<void> {
  const mode = process.argv[2];
  const config = testConfig({
    TEMPORAL_ADDRESS: process.env.TIZIM_CLEAN_EXIT_TEMPORAL ?? '',
    TEMPORAL_TASK_QUEUE: `clean-exit-${randomUUID()}`,
    ...(mode === 'redis-down' ? { REDIS_URL: `redis://${await closedAddress()}` } : {}),
  });
  const logger = createLogger('clean-exit', 'fatal');
  const worker = await createTizimWorker(config, { logger, workflowBundle: await bundleWorkflows() });
  const running = worker.run();
  const app = await createApp(config, logger);
  await app.listen(0, '127.0.0.1');
  // The API reports "not ready" until its lazy Temporal connection and Redis have answered once.
  const readyUrl = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/ready`;
  let ready = await fetch(readyUrl);
  for (let tries = 0; mode === 'up' && ready.status !== 200 && tries < 100; tries++) {
    await new Promise((r) => setTimeout(r, 200));
    ready = await fetch(readyUrl);
  }
  process.stdout.write(`ready ${ready.status} ${await ready.text()}\n`);
  await app.close();
  await worker.shutdown();
  await running;
  const after = process.getActiveResourcesInfo();
  process.stdout.write(
    `closed ${JSON.stringify({ before, after, temporalRuntime: Runtime._instance !== undefined })}\n`,
  );
  // Not holding the process up itself: printed only if something else does.
  setTimeout(
    () =>
      process.stdout.write(
        `still up ${JSON.stringify({ open: process.getActiveResourcesInfo(), temporalRuntime: Runtime._instance !== undefined })}\n`,
      ),
    3_000,
  ).unref();
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
