/**
 * What a pg connection does when the database goes away (restarted, a connection terminated:
 * 57P01): it emits 'error', and an 'error' no one listens for ends the process (issue 23: a
 * PostgreSQL restart during an import killed the worker). Every Client and Pool the worker and the
 * API open themselves is watched here: the error is logged by its code only (a server's message
 * can quote a value), and the query in flight fails with it, so the job fails over to its retry.
 * A pool's idle clients report through the pool; a client checked out of it reports only on
 * itself (pg-pool removes its own listener meanwhile), so each client is watched as it connects.
 */
import type { Client, Pool } from 'pg';
import { failureReason } from '../observability/failure-reason';
import type { Logger } from '../observability/logger';

type Warn = Pick<Logger, 'warn'>;

/** Logs a connection's error by its code; `connection` names whose connection it is (a queue, a service). */
export function connectionErrorLogger(logger: Warn, connection: string): (err: Error) => void {
  return (err) => {
    const code = (err as { code?: unknown }).code;
    logger.warn(
      { connection, code: typeof code === 'string' ? code : undefined, reason: failureReason(err) },
      'database connection lost',
    );
  };
}

export function watchClient<C extends Client>(client: C, logger: Warn, connection: string): C {
  client.on('error', connectionErrorLogger(logger, connection));
  return client;
}

export function watchPool<P extends Pool>(pool: P, logger: Warn, connection: string): P {
  const log = connectionErrorLogger(logger, connection);
  pool.on('error', log);
  pool.on('connect', (client) => client.on('error', log));
  return pool;
}
