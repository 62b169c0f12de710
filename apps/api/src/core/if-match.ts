/**
 * Optimistic concurrency over HTTP: a resource's version is its ETag ("<version>"), and a change
 * names the version it was based on in If-Match. A stale version is refused with 412, a missing
 * one (where the resource exists and a version is required) with 428; both are problem+json.
 */
import { HttpStatus } from '@nestjs/common';
import { Problem } from './problem';

/** The ETag header value of a version. */
export const etag = (version: number): string => `"${version}"`;

/**
 * The version If-Match names; null when the header is absent. A malformed header is refused (400)
 * with the field named. Accepts "3", W/"3" and a bare 3.
 */
export function ifMatchVersion(header: string | undefined): number | null {
  if (header === undefined) return null;
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!m)
    throw new Problem(
      HttpStatus.BAD_REQUEST,
      'if-match.malformed',
      {},
      'If-Match must be the version in quotes, e.g. "3" (the ETag of the GET)',
      [{ field: 'If-Match', message: 'expected "<version>"' }],
    );
  return Number(m[1]);
}

/** The version If-Match names, required: 428 when absent. */
export function requiredIfMatch(header: string | undefined, what: 'account' | 'escalation'): number {
  const version = ifMatchVersion(header);
  if (version === null)
    throw new Problem(
      HttpStatus.PRECONDITION_REQUIRED,
      'if-match.required',
      { subject: what },
      `Send If-Match with the version of the ${what} you read (the ETag of its GET)`,
    );
  return version;
}

/** 412: the resource changed since the client read it. */
export function staleVersion(what: string, sent: number, current: number): Problem {
  return new Problem(
    HttpStatus.PRECONDITION_FAILED,
    'if-match.stale',
    { sent, current },
    `The ${what} changed since you read it (you sent version ${sent}, it is now ${current}); read it again and retry`,
  );
}
