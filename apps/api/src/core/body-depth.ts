/**
 * A JSON body nested deeper than any request of the API needs is refused with 400 before anything
 * walks it: class-transformer and class-validator recurse, and a body of 20,000 nested arrays (40 kB,
 * well under the size limit) ran them out of stack (a 500, issue 23). The depth is measured here
 * without recursion, so the check itself cannot overflow.
 */
import { HttpStatus, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { Problem } from './problem';

/** The deepest nesting a body may have: the deepest DTO is a few levels; 32 leaves room to spare. */
export const MAX_BODY_DEPTH = 32;

/**
 * Whether `value` nests objects or arrays more than `limit` levels deep (a scalar is depth 0, `{}`
 * or `[]` depth 1). Walks with an explicit stack and stops at the first container past the limit.
 */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const here = depth + 1;
    if (here > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, here]);
    }
  }
  return false;
}

/** Runs before the ValidationPipe (app.ts): a body too deep never reaches class-transformer. */
@Injectable()
export class BodyDepthPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' && deeperThan(value, MAX_BODY_DEPTH))
      throw new Problem(
        HttpStatus.BAD_REQUEST,
        'request.too-deep',
        { limit: MAX_BODY_DEPTH },
        `The JSON body nests objects or arrays more than ${MAX_BODY_DEPTH} levels deep; no request of this API needs that`,
      );
    return value;
  }
}
