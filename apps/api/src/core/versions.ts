/**
 * Optimistic concurrency: a change names the version it was made against in If-Match (the ETag
 * its reader was given); none is refused with 428, an old one with 412, so nobody overwrites a
 * change they have not seen.
 */
import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';

export const etagOf = (version: number) => `"${version}"`;

/** The version If-Match names; 428 when it is missing, 400 when it is not a version. */
export function expectedVersion(ifMatch: string | undefined): number {
  if (ifMatch === undefined || !ifMatch.trim()) {
    throw new HttpException({ message: 'Send If-Match with the ETag you read (e.g. "3"), so a change made meanwhile is not overwritten' }, HttpStatus.PRECONDITION_REQUIRED);
  }
  const m = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!m) throw new BadRequestException({ message: 'If-Match must be the ETag in quotes, e.g. "3"', errors: [{ field: 'If-Match', message: 'expected "<version>"' }] });
  return Number(m[1]);
}

export function staleVersion(what: string, expected: number, current: number): HttpException {
  return new HttpException({ message: `${what} has changed since you read it (you sent version ${expected}; it is now ${current}): read it again and repeat the change` }, HttpStatus.PRECONDITION_FAILED);
}
