/**
 * Every error leaves the API as RFC 9457 problem+json: a type, a title in plain words, the HTTP
 * status, a detail, the request id, and for validation failures the field messages.
 * Unexpected errors are logged (without personal data) and answered with a generic 500.
 */
import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Prisma } from '../../../../libs/db/prisma';
import type { Logger } from '../../../../libs/observability/logger';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: { field: string; message: string }[];
}

const TITLES: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Sign-in required',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict with the current state',
  412: 'Changed since you read it',
  413: 'Too large',
  422: 'The request cannot be processed',
  428: 'Say which version you are changing',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

export function problemType(status: number): string {
  return `https://tizim.kz/problems/${status}`;
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const problem = this.toProblem(exception);
    problem.instance = req.path;
    problem.requestId = req.id;
    if (problem.status >= 500) this.logger.error({ err: exception, requestId: req.id, path: req.path }, 'request failed');
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    res.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const problem: Problem = { type: problemType(status), title: TITLES[status] ?? exception.name, status };
      if (typeof body === 'string') problem.detail = body;
      else if (body && typeof body === 'object') {
        const b = body as { message?: unknown; errors?: Problem['errors']; detail?: string };
        if (b.errors) problem.errors = b.errors;
        if (typeof b.detail === 'string') problem.detail = b.detail;
        else if (typeof b.message === 'string') problem.detail = b.message;
        else if (Array.isArray(b.message)) problem.detail = b.message.join('; ');
      }
      return problem;
    }
    if (exception instanceof Prisma.PrismaClientKnownRequestError) {
      if (exception.code === 'P2002') return { type: problemType(409), title: TITLES[409], status: 409, detail: 'A record with the same key already exists' };
      if (exception.code === 'P2025') return { type: problemType(404), title: TITLES[404], status: 404, detail: 'The record does not exist' };
    }
    return { type: problemType(HttpStatus.INTERNAL_SERVER_ERROR), title: TITLES[500], status: 500, detail: 'Something went wrong on our side; the request id identifies it in the logs' };
  }
}
