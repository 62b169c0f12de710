/**
 * Every error leaves the API as RFC 9457 problem+json: a type, a title in plain words, the HTTP
 * status, a detail, the request id, and for validation failures the field messages; and always a
 * stable `code` with its `params` (libs/contracts/problems.ts): the thrower's when it threw a
 * Problem (./problem.ts), else the generic code of the status (`not-found`, `conflict`, …).
 * Unexpected errors are logged (without personal data) and answered with a generic 500; an outage
 * of Temporal, PostgreSQL or Redis no route turned into a Problem is 503 naming it (./outages.ts).
 *
 * A request refused for its content (fields that fail validation, a body too deep, of an unknown
 * type, or not parseable) is audited with the client address and the names of the fields, never
 * their values (issue 24).
 *
 * Also: a path that exists for other methods is 405 with Allow, not 404; the body parser's own
 * client errors (a body too large, an unknown charset) keep their 4xx instead of becoming 500.
 *
 * No problem names the request's path or query (no `instance`): a path may hold an IIN, and what
 * the caller sent is not echoed back (issue 24); the request id finds the request in the logs.
 */
import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Injectable,
  Module,
  NotFoundException,
  Optional,
  type ExceptionFilter,
} from '@nestjs/common';
import { APP_FILTER, HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Prisma } from '../../../../libs/db/prisma';
import type { Logger } from '../../../../libs/observability/logger';
import { routedMethods } from './http-conventions';
import { outageOf } from './outages';
import { genericCode, Problem, type FieldError } from './problem';
import { ApiLogger } from './infrastructure.module';
import { RefusalAudit } from '../audit/refusal-audit';
import { clientAddress, type AuthenticatedRequest } from './auth';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  /** Stable, never translated: the thrower's, or the generic one of the status. */
  code: string;
  /** What the detail says, as values (possibly none). */
  params: object;
  detail?: string;
  requestId?: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Sign-in required',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict with the current state',
  412: 'Changed since you read it',
  413: 'Too large',
  415: 'Unsupported media type',
  422: 'The request cannot be processed',
  428: 'Say which version you are changing',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
  504: 'No answer in time; the outcome is not known',
};

export function problemType(status: number): string {
  return `https://tizim.kz/problems/${status}`;
}

/** A problem of `status` with the status's title and generic code, no parameters. */
export function generic(status: number, fallbackTitle = 'Error'): ProblemBody {
  return {
    type: problemType(status),
    title: TITLES[status] ?? fallbackTitle,
    status,
    code: genericCode(status),
    params: {},
  };
}

/** What the body parser (http-errors with `expose`) says, by its error type, in our words. */
const BODY_ERRORS: Record<string, (err: { limit?: number; charset?: string; encoding?: string }) => string> = {
  'entity.too.large': (e) =>
    `The request body is larger than ${e.limit ? `${Math.round(e.limit / 1024)} kB` : 'the limit'}`,
  'charset.unsupported': (e) => `The charset ${JSON.stringify(e.charset ?? '')} is not supported; send UTF-8`,
  'encoding.unsupported': (e) => `The content encoding ${JSON.stringify(e.encoding ?? '')} is not supported`,
  'request.aborted': () => 'The request body was not received whole',
};

interface ClientError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  message?: string;
}

/** The codes of a request refused for its content (field validation, depth, body type, the body parser's). */
const REFUSED_CONTENT = new Set(['request.invalid-fields', 'request.too-deep', 'request.body-type', 'bad-request']);

/** The methods that have a route for `path` (an empty list when the path is unknown). */
export type AllowedMethods = (path: string) => string[];

@Catch()
@Injectable()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger: Logger;
  private readonly allowedMethods: AllowedMethods;

  /** Built by Nest (ProblemsModule): the API's logger, and the routes of the Express app it serves. */
  constructor(
    log: ApiLogger,
    adapter: HttpAdapterHost,
    @Optional() private readonly audit?: RefusalAudit,
  ) {
    this.logger = log.logger;
    this.allowedMethods = (path) => routedMethods(adapter.httpAdapter.getInstance(), path);
  }

  catch(thrown: unknown, host: ArgumentsHost): void {
    const exception = thrown instanceof HttpException ? thrown : (outageOf(thrown) ?? thrown);
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const problem = this.unrouted(exception, req, res) ?? this.toProblem(exception);
    problem.requestId = req.id;
    if (problem.status >= 500) this.logger.error({ err: thrown, requestId: req.id, path: req.path }, 'request failed');
    if (problem.status === 400 && REFUSED_CONTENT.has(problem.code)) this.auditRefusal(problem, req);
    if (exception instanceof Problem && exception.retryAfterSeconds !== undefined)
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    res.status(problem.status).type('application/problem+json').json(problem);
  }

  /** Audits a request refused for its content: the route, the code, the fields' names, the address. */
  private auditRefusal(problem: ProblemBody, req: Request & { id?: string }): void {
    const fields = [...new Set((problem.errors ?? []).map((e) => e.field))];
    const address = clientAddress(req);
    void this.audit
      ?.record(
        {
          actor: (req as AuthenticatedRequest).actor?.id ?? 'anonymous',
          action: 'request.invalid',
          subjectType: 'endpoint',
          subjectId: `${req.method} ${req.route?.path ?? req.path}`,
          requestId: req.id,
          reason: `${problem.code}${fields.length ? ` (${fields.join(', ')})` : ''} from ${address}`,
          outcome: 'refused',
        },
        address,
      )
      .catch((err: unknown) =>
        this.logger.warn({ err: (err as Error).message, requestId: req.id }, 'a refused request was not audited'),
      );
  }

  /**
   * Nest's answer for a request no route took (NotFoundException, and no route matched): 405
   * with Allow when the path has routes for other methods, else 404; neither names the path.
   */
  private unrouted(exception: unknown, req: Request, res: Response): ProblemBody | null {
    if (!(exception instanceof NotFoundException) || req.route) return null;
    const allowed = this.allowedMethods(req.path);
    if (allowed.length) {
      res.setHeader('Allow', allowed.join(', '));
      return {
        ...generic(405),
        params: { method: req.method, allowed },
        detail: `This path does not take ${req.method}; it takes ${allowed.join(', ')}`,
      };
    }
    return { ...generic(404), detail: `No route takes ${req.method} at this path` };
  }

  private toProblem(exception: unknown): ProblemBody {
    if (exception instanceof Problem) {
      const status = exception.getStatus();
      const problem: ProblemBody = {
        ...generic(status, exception.name),
        code: exception.code,
        params: exception.params,
        detail: exception.detail,
      };
      if (exception.errors) problem.errors = exception.errors;
      return problem;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const problem: ProblemBody = generic(status, exception.name);
      if (typeof body === 'string') problem.detail = body;
      else if (body && typeof body === 'object') {
        const b = body as { message?: unknown; errors?: ProblemBody['errors']; detail?: string };
        if (b.errors) problem.errors = b.errors;
        if (typeof b.detail === 'string') problem.detail = b.detail;
        else if (typeof b.message === 'string') problem.detail = b.message;
        else if (Array.isArray(b.message)) problem.detail = b.message.join('; ');
      }
      return problem;
    }
    const client = exception as ClientError | null;
    const status = client?.status ?? client?.statusCode;
    if (client && client.expose === true && typeof status === 'number' && status >= 400 && status < 500) {
      const words = BODY_ERRORS[client.type ?? ''];
      return {
        ...generic(status, 'The request is not valid'),
        detail: words ? words(client as never) : String(client.message ?? ''),
      };
    }
    if (exception instanceof Prisma.PrismaClientKnownRequestError) {
      if (exception.code === 'P2002') return { ...generic(409), detail: 'A record with the same key already exists' };
      if (exception.code === 'P2025') return { ...generic(404), detail: 'The record does not exist' };
    }
    return {
      ...generic(HttpStatus.INTERNAL_SERVER_ERROR),
      detail: 'Something went wrong on our side; the request id identifies it in the logs',
    };
  }
}

/** Every error of every route as problem+json: the filter, provided to Nest as the application's. */
@Module({ providers: [{ provide: APP_FILTER, useClass: ProblemFilter }] })
export class ProblemsModule {}
