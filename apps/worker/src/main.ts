/**
 * Entry point of the worker process: node dist/apps/worker/src/main.js
 * Stops cleanly on SIGINT/SIGTERM: in-flight activities get the grace time, then connections close.
 */
import { ConfigError, loadConfig } from '../../../libs/config/config';
import { createLogger } from '../../../libs/observability/logger';
import { Client, Connection } from '@temporalio/client';
import { tizimDataConverter } from '../../../libs/temporal/codec';
import { temporalConnectionOptions } from '../../../libs/temporal/connection';
import { ensureCycleSchedules } from './cycle-schedules';
import { createTizimWorker } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('worker', config.logLevel);
  const worker = await createTizimWorker(config, { logger });
  // The Schedules that start each cycle ahead of 1 January and 1 July, at the configured lead.
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  try {
    const client = new Client({
      connection,
      namespace: config.temporal.namespace,
      dataConverter: tizimDataConverter(config.codec.keys, config.codec.activeKeyId),
    });
    for (const s of await ensureCycleSchedules(client, config)) logger.info(s, 'cycle schedule ready');
  } finally {
    await connection.close();
  }
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void worker.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  logger.info({ taskQueue: config.temporal.taskQueue, temporal: config.temporal.address }, 'worker started');
  await worker.run();
  logger.info('worker stopped');
}

main().catch((err: Error) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    createLogger('worker').fatal({ err }, 'worker failed');
  }
  process.exit(1);
});
