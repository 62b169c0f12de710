/**
 * The end-to-end harness: a Temporal dev server from .venv with the Tizim search attributes
 * registered, the worker built by createTizimWorker() and the API by createApp(), exactly as
 * their main.ts files build them, on the run's PostgreSQL and Redis. Registers the Jest hooks;
 * the fields are filled in before the first test.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../../apps/api/src/app';
import { createTizimWorker, type TizimWorker } from '../../apps/worker/src/worker';
import type { TizimConfig } from '../../libs/config/config';
import { createPrismaClient, type PrismaClient } from '../../libs/db/prisma';
import { createLogger } from '../../libs/observability/logger';
import { bundleWorkflows } from '../../scripts/bundle-workflows';
import { SEARCH_ATTRIBUTES } from '../../scripts/lib/services';
import { dropDatabase } from '../../scripts/migrate';
import { closedAddress } from './faulty-proxy';
import { apiCaller, testPrisma } from './fixtures';
import { createOwnDatabase, loadDemoTerritory, ownDatabaseUrl } from './own-database';
import { TEMPORAL_CLI, testConfig } from './test-env';

export interface LocalStack {
  env: TestWorkflowEnvironment;
  config: TizimConfig;
  prisma: PrismaClient;
  /** The API's address, e.g. http://127.0.0.1:40123. */
  base: string;
  logger: ReturnType<typeof createLogger>;
  call: ReturnType<typeof apiCaller>;
  /** The worker, stopped (shut down as on SIGTERM: its pollers stop) and started again, for outage tests. */
  worker: { stop(): Promise<void>; start(): Promise<void> };
}

export function useLocalStack(
  options: {
    beforeStart?: (stack: LocalStack) => Promise<void>;
    beforeStop?: (stack: LocalStack) => Promise<void>;
    config?: Record<string, string>;
    /** More arguments for the Temporal dev server, e.g. dynamic config values. */
    temporalArgs?: string[];
  } = {},
): LocalStack {
  const s = { logger: createLogger('e2e', 'fatal') } as LocalStack;
  s.call = apiCaller(() => s.base);
  let app: INestApplication;
  let worker: TizimWorker | undefined;
  let running: Promise<void> | undefined;
  let bundle: Awaited<ReturnType<typeof bundleWorkflows>>;
  const startWorker = async () => {
    worker = await createTizimWorker(s.config, { logger: s.logger, workflowBundle: bundle, installRuntime: false });
    running = worker.run();
  };
  const stopWorker = async () => {
    await worker?.shutdown();
    await running;
    worker = running = undefined;
  };
  s.worker = { start: startWorker, stop: stopWorker };

  beforeAll(async () => {
    s.env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: TEMPORAL_CLI },
        searchAttributes: Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => ({
          name,
          type: type.toUpperCase() as 'KEYWORD',
        })),
        extraArgs: options.temporalArgs,
      },
    });
    s.config = testConfig({
      TEMPORAL_ADDRESS: s.env.address,
      TEMPORAL_TASK_QUEUE: `e2e-${randomUUID()}`,
      ...options.config,
    });
    // A suite on a database of its own reads and writes that one; the others share the run's (seeded) one.
    s.prisma = options.config?.DATABASE_URL
      ? createPrismaClient(options.config.DATABASE_URL, { maxConnections: 4 })
      : await testPrisma();
    await options.beforeStart?.(s);
    bundle = await bundleWorkflows();
    await startWorker();
    app = await createApp(s.config, s.logger);
    await app.listen(0, '127.0.0.1');
    s.base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  // Every step runs even when one before it fails: without Jest's forced exit, a worker or server
  // left open by a failed close would keep the whole run up. The API first (no new work), then the
  // worker, then what both used; the dev server last, once nothing talks to it.
  afterAll(async () => {
    const failures: unknown[] = [];
    const step = async (close: () => Promise<unknown> | undefined) => {
      await Promise.resolve()
        .then(close)
        .catch((err: unknown) => failures.push(err));
    };
    await options.beforeStop?.(s).catch(() => undefined);
    await step(() => app?.close());
    await step(stopWorker);
    await step(() => s.prisma?.$disconnect());
    await step(() => s.env?.teardown());
    if (failures.length) throw failures[0];
  });
  return s;
}

/**
 * The local stack on a migrated database of the suite's own, with the demo territory, dropped
 * afterwards (kept with TIZIM_TEST_KEEP_DATABASE): for suites that change what every other suite
 * reads, such as the register's current snapshot.
 */
export function useLocalStackOnOwnDatabase(
  suffix: string,
  options: Parameters<typeof useLocalStack>[0] = {},
): { stack: LocalStack; databaseUrl: string } {
  const databaseUrl = ownDatabaseUrl(suffix);
  beforeAll(async () => {
    await createOwnDatabase(databaseUrl);
    await loadDemoTerritory(databaseUrl);
  });
  // The descriptors, not the values: a config getter (a port known only once a server listens) stays lazy.
  const config = Object.defineProperties(
    {},
    {
      ...Object.getOwnPropertyDescriptors(options.config ?? {}),
      DATABASE_URL: { value: databaseUrl, enumerable: true },
    },
  ) as Record<string, string>;
  const stack = useLocalStack({ ...options, config });
  afterAll(async () => {
    if (!process.env.TIZIM_TEST_KEEP_DATABASE) await dropDatabase(databaseUrl);
  });
  return { stack, databaseUrl };
}

/**
 * A second API on the stack's database and Redis, built as main.ts builds it, whose Temporal
 * address is one where nothing listens: every call to Temporal fails to connect, after the
 * client's retries up to the call's deadline (core/workflow-messages.ts). `fn` gets its caller
 * and the API's address; the API is closed afterwards.
 */
export async function withTemporalUnreachable<T>(
  s: LocalStack,
  fn: (call: ReturnType<typeof apiCaller>, base: string) => Promise<T>,
): Promise<T> {
  return withAnotherApi(s, { ...s.config, temporal: { ...s.config.temporal, address: await closedAddress() } }, fn);
}

/**
 * A second API built as main.ts builds it, on `config` (e.g. the stack's with another setting):
 * `fn` gets its caller and the API's address; the API is closed afterwards.
 */
export async function withAnotherApi<T>(
  s: LocalStack,
  config: TizimConfig,
  fn: (call: ReturnType<typeof apiCaller>, base: string) => Promise<T>,
): Promise<T> {
  const api = await createApp(config, s.logger);
  await api.listen(0, '127.0.0.1');
  const base = (await api.getUrl()).replace('[::1]', '127.0.0.1');
  try {
    return await fn(
      apiCaller(() => base),
      base,
    );
  } finally {
    await api.close();
  }
}
