import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, found from this file whether it runs from source or from dist/. */
function findRoot(start: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'prisma', 'schema.prisma')) && existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`cannot find the project root above ${start}`);
}

export const ROOT = findRoot(__dirname);
