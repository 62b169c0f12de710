/**
 * The file store: every file received is kept as it arrived, named by its SHA-256
 * (<root>/sha256/ab/cd/abcd…), whatever the verdict on it. Writing is atomic (a temporary file,
 * then a rename), the same content is stored once, and stored files are read-only.
 *
 * Owner-only: a kept file is readable by the account the API and the worker run as (they must
 * share it) and by no one else, and so are the store's folders. A store written before this rule
 * (files 0444) is tightened with `chmod -R go= <store>` (README, "Retention and the file store").
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A kept file: read-only, to its owner alone. */
const KEPT_FILE_MODE = 0o400;
/** The store's folders: only their owner lists or enters them. */
const FOLDER_MODE = 0o700;

export interface KeptFile {
  sha256: string;
  sizeBytes: number;
  path: string;
}

export class FileStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new TypeError('a SHA-256 is 64 lower-case hex digits');
    return join(this.root, 'sha256', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Keeps bytes made here (a file written for the CEC, say) as the store keeps a received file. */
  async keepBytes(bytes: Buffer): Promise<KeptFile> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    if (!(await exists(path))) {
      await mkdir(join(this.root, 'tmp'), { recursive: true, mode: FOLDER_MODE });
      const tmp = join(this.root, 'tmp', randomUUID());
      try {
        await writeFile(tmp, bytes, { mode: 0o600 });
        await mkdir(join(path, '..'), { recursive: true, mode: FOLDER_MODE });
        await chmod(tmp, KEPT_FILE_MODE);
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    }
    return { sha256, sizeBytes: bytes.length, path };
  }

  /** Copies `source` into the store while hashing it; returns where it is kept. */
  async keep(source: string): Promise<KeptFile> {
    await mkdir(join(this.root, 'tmp'), { recursive: true, mode: FOLDER_MODE });
    const tmp = join(this.root, 'tmp', randomUUID());
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        sizeBytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(createReadStream(source), tap, createWriteStream(tmp, { mode: 0o600 }));
      const sha256 = hash.digest('hex');
      const path = this.pathOf(sha256);
      if (await exists(path)) {
        await rm(tmp, { force: true });
      } else {
        await mkdir(join(path, '..'), { recursive: true, mode: FOLDER_MODE });
        await chmod(tmp, KEPT_FILE_MODE);
        await rename(tmp, path);
      }
      return { sha256, sizeBytes, path };
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
