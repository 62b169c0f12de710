/**
 * Why an import failed, in words that quote nothing of the file: PostgreSQL's and the readers'
 * messages can hold a value of it (a name, an IIN), so only codes are kept. For the received
 * files' and the register extracts' imports, their records, queues and logs.
 */

/** A socket's end: the database went away (restarted, the network dropped). */
const CONNECTION_LOST = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENOTCONN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** PostgreSQL's "operator intervention": shut down, restarted, or not yet accepting connections. */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03']);

/** PostgreSQL's SQLSTATE, a system error's code, or the error's kind. */
export function failureReason(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown; syscall?: unknown; severity?: unknown };
  if (typeof e?.severity === 'string' && typeof e.code === 'string' && SERVER_GONE.has(e.code))
    return `the database was restarted or shut down during the import (PostgreSQL error ${e.code})`;
  if (typeof e?.severity === 'string' && typeof e.code === 'string')
    return `the database refused the import (PostgreSQL error ${e.code})`;
  if (typeof e?.code === 'string' && CONNECTION_LOST.has(e.code))
    return `the connection to the database was lost during the import (${e.code})`;
  if (typeof e?.code === 'string' && typeof e.syscall === 'string')
    return `the system failed (${e.code} on ${e.syscall})`;
  if (typeof e?.code === 'string' && /^[A-Z0-9_]+$/.test(e.code)) return `the import failed (${e.code})`;
  if (err instanceof Error && /connection|terminated|ECONN/i.test(err.message) && !/"/.test(err.message))
    return `the database connection failed (${err.name})`;
  return `the import failed (${err instanceof Error ? err.name : typeof err})`;
}
