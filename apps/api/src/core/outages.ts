/**
 * An outage of a service the API needs, said as one: 503 `service.unavailable` naming Temporal,
 * PostgreSQL or Redis in plain words, with Retry-After, instead of a 500 (issue 23). The problem
 * filter (./problem.filter.ts) asks outageOf() of every error no route turned into a Problem, so
 * any route's read of an unreachable service is answered this way; the time it takes is bounded
 * where each connection is made (./infrastructure.module.ts: Temporal's call deadline, the
 * database's connect timeout; Redis fails at once while it is disconnected).
 *
 * Only failures to reach a service are outages: a query the database refused (a constraint, a
 * missing row) is not, nor an error of the API itself.
 */
import { ServiceError } from '@temporalio/client';
import { Prisma } from '../../../../libs/db/prisma';
import { Problem } from './problem';

export type Service = 'temporal' | 'database' | 'queue';

const NAMES: Record<Service, string> = {
  temporal: 'Temporal (the workflow service)',
  database: 'PostgreSQL (the database)',
  queue: 'Redis (the job queue)',
};

/** How long a client should wait before sending the same request again, in seconds. */
const RETRY_AFTER_SECONDS = 10;

/** 503: `service` could not be reached or did not answer in time. */
export class ServiceUnavailableException extends Problem<'service.unavailable'> {
  constructor(service: Service, why: string) {
    super(
      503,
      'service.unavailable',
      { service },
      `${NAMES[service]} could not be reached or did not answer in time (${why}); try again later`,
    );
    this.retryAfterSeconds = RETRY_AFTER_SECONDS;
  }
}

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/**
 * Prisma's codes for a database it could not reach (P1001), that timed out (P1002, P1008), that
 * closed the connection (P1017), or a pool that gave no connection in time (P2024).
 */
const PRISMA_UNREACHABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/**
 * The same for a transaction (a batch of queries is one on the driver adapter): P2028 with these
 * words is a pool that gave no connection in time; P2028's other words are not an outage.
 */
const TRANSACTION_NOT_STARTED = /Unable to start a transaction in the given time/;
/** The pg driver adapter's kinds of the same (Prisma's driverAdapterError.cause.kind). */
const ADAPTER_UNREACHABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']);

/**
 * The pg driver's own words, passed through Prisma as a plain Error with no code: the connect
 * timeout ran out (a database that took the connection but never answered; CI met it on a loaded
 * machine as a 500), the pool had no connection free in time, or the connection dropped mid-query.
 */
const PG_UNREACHABLE =
  /^(Connection terminated due to connection timeout|timeout exceeded when trying to connect|Connection terminated unexpectedly)$/;

/** ioredis's errors for a command it could not send: disconnected (offline queue off), or retries spent. */
const REDIS_UNREACHABLE =
  /^(Stream isn't writeable|Connection is closed|Reached the max retries per request limit|connect ECONNREFUSED)/;

/** The outage `err` shows, as the API's answer; null when it is not one. */
export function outageOf(err: unknown): ServiceUnavailableException | null {
  if (err instanceof ServiceUnavailableException) return err;
  const grpc = grpcStatus(err);
  if (grpc && (grpc.code === GRPC_UNAVAILABLE || grpc.code === GRPC_DEADLINE_EXCEEDED))
    return new ServiceUnavailableException(
      'temporal',
      grpc.code === GRPC_UNAVAILABLE ? 'UNAVAILABLE' : 'no answer before the deadline',
    );
  if (err instanceof Prisma.PrismaClientInitializationError)
    return new ServiceUnavailableException('database', err.errorCode ?? 'not connected');
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    const kind = (err.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined)?.driverAdapterError
      ?.cause?.kind;
    if (
      PRISMA_UNREACHABLE.has(err.code) ||
      (err.code === 'P2028' && TRANSACTION_NOT_STARTED.test(err.message)) ||
      (kind && ADAPTER_UNREACHABLE.has(kind))
    )
      return new ServiceUnavailableException('database', kind ?? err.code);
  }
  if (err instanceof Error && err.name === 'Error' && PG_UNREACHABLE.test(err.message))
    return new ServiceUnavailableException('database', 'no answer in time');
  if (err instanceof Error && (err.name === 'MaxRetriesPerRequestError' || REDIS_UNREACHABLE.test(err.message)))
    return new ServiceUnavailableException('queue', 'not connected');
  return null;
}

/** The gRPC status of a failed Temporal call: a client ServiceError's cause, or the gRPC error itself. */
function grpcStatus(err: unknown): { code: number } | null {
  const candidate = err instanceof ServiceError ? err.cause : err;
  const code = (candidate as { code?: unknown } | null)?.code;
  const isGrpc = typeof code === 'number' && typeof (candidate as { details?: unknown }).details === 'string';
  return isGrpc ? { code } : null;
}
