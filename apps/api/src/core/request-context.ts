/**
 * Request ids and one access-log line per request. The id comes from X-Request-Id when the caller
 * sends a sane one, otherwise it is generated; it is echoed back and named in every problem.
 * The log line has the method, the route path (never a query string), status and duration.
 *
 * The id is also kept in an AsyncLocalStorage for the rest of the request, so the lines Nest's
 * Logger writes from guards, services and filters carry it too (nest-logger.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../../../libs/observability/logger';

const SANE_ID = /^[A-Za-z0-9._-]{8,128}$/;

const context = new AsyncLocalStorage<{ requestId: string }>();

/** The id of the request being served, if any. */
export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}

export function requestContext(logger: Logger) {
  return (req: Request & { id?: string }, res: Response, next: NextFunction): void => {
    const incoming = req.header('x-request-id');
    const id = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { requestId: id, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    context.run({ requestId: id }, next);
  };
}
