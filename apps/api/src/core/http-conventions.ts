/**
 * HTTP conventions the framework leaves open: a request body must be JSON (or multipart form data,
 * for uploads), else 415 problem+json before anything parses it; and the methods each path takes,
 * for the 405 answer (problem.filter.ts).
 */
import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Problem } from './problem';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
export const ACCEPTED_BODY_TYPES = ['application/json', 'application/*+json', 'multipart/form-data'];

const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** Refuses (415) a body in another media type: the JSON parser would skip it and the handler see {}. */
export function requireKnownBodyType(req: Request, _res: Response, next: NextFunction): void {
  if (!BODY_METHODS.has(req.method) || !hasBody(req) || req.is(ACCEPTED_BODY_TYPES)) return next();
  const sent = req.headers['content-type']
    ? `"${req.headers['content-type'].split(';')[0].trim().slice(0, 100)}"`
    : 'no Content-Type';
  next(
    new Problem(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'request.body-type',
      {},
      `The body was sent as ${sent}; send application/json (multipart/form-data for file uploads)`,
    ),
  );
}

interface RouterLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): unknown;
}

/** The methods routed for `path` in an Express app (HEAD wherever GET is). */
export function routedMethods(expressApp: { router?: { stack?: RouterLayer[] } }, path: string): string[] {
  const methods = new Set<string>();
  for (const layer of expressApp.router?.stack ?? []) {
    if (!layer.route || !layer.match(path)) continue;
    for (const [method, on] of Object.entries(layer.route.methods))
      if (on && method !== '_all') methods.add(method.toUpperCase());
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
