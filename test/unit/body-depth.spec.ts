/**
 * The depth of a parsed JSON body (apps/api/src/core/body-depth.ts): measured without recursion,
 * so a body nested 200,000 levels deep is measured, not a stack overflow; stops at the limit.
 */
import { HttpStatus } from '@nestjs/common';
import { BodyDepthPipe, deeperThan, MAX_BODY_DEPTH } from '../../apps/api/src/core/body-depth';
import { Problem } from '../../apps/api/src/core/problem';

/** `depth` arrays one inside the other, parsed by JSON.parse as the body parser does. */
const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`) as unknown;

describe('deeperThan', () => {
  it('counts containers: a scalar is 0 deep, {} and [] are 1, each level inside one more', () => {
    expect(deeperThan('x', 0)).toBe(false);
    expect(deeperThan(null, 0)).toBe(false);
    expect(deeperThan({}, 0)).toBe(true);
    expect(deeperThan({}, 1)).toBe(false);
    expect(deeperThan({ a: [1, { b: 2 }] }, 2)).toBe(true);
    expect(deeperThan({ a: [1, { b: 2 }] }, 3)).toBe(false);
    expect(deeperThan(nested(32), 32)).toBe(false);
    expect(deeperThan(nested(33), 32)).toBe(true);
  });

  it('finds the deep branch among shallow ones, in objects and arrays alike', () => {
    const wide = { a: 1, b: [1, 2, 3], c: { d: { e: nested(40) } }, f: 'x' };
    expect(deeperThan(wide, 32)).toBe(true);
    expect(deeperThan([{ x: 1 }, [[[]]], nested(31)], 32)).toBe(false);
  });

  it('measures a body 200,000 levels deep without overflowing the stack', () => {
    expect(deeperThan(nested(200_000), MAX_BODY_DEPTH)).toBe(true);
  });
});

describe('BodyDepthPipe', () => {
  const pipe = new BodyDepthPipe();

  it('refuses a body deeper than the limit with 400 request.too-deep, and leaves other arguments be', () => {
    let thrown: unknown;
    try {
      pipe.transform({ username: nested(MAX_BODY_DEPTH) }, { type: 'body' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(Problem);
    expect(thrown).toMatchObject({ code: 'request.too-deep', params: { limit: 32 } });
    expect((thrown as Problem).getStatus()).toBe(HttpStatus.BAD_REQUEST);
    const shallow = { username: 'a', password: 'b' };
    expect(pipe.transform(shallow, { type: 'body' })).toBe(shallow);
    expect(pipe.transform(nested(100), { type: 'custom' })).toEqual(nested(100));
  });
});
