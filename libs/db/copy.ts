/**
 * Bulk loading with PostgreSQL's COPY (text format), streamed in batches with back-pressure, so a
 * million rows go in at COPY speed in bounded memory. Used by the synthetic data loader and the
 * benchmarks; the file importer (issue 8) loads staged rows the same way.
 */
import { once } from 'node:events';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null | undefined;

/** One value in COPY text format: \N for null, backslash, tab and line breaks escaped. */
export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : s;
}

const BATCH_BYTES = 1 << 20;

/**
 * COPY `rows` into `table` (`columns` in order) on `client`; returns the number of rows written.
 * `table` and `columns` are identifiers from code, never from input. `onProgress` is called after
 * every batch with the rows written so far.
 */
export async function copyRows(
  client: ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]> | AsyncIterable<readonly CopyValue[]>,
  onProgress?: (written: number) => void,
): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
  let failed: Error | undefined;
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', (err: Error) => {
      failed ??= err;
      reject(err);
    });
  });
  // The COPY can fail between batches (the database restarted: 57P01): its rejection is handled
  // here, or it would be unhandled and end the worker (issue 23), and the next batch stops.
  done.catch(() => undefined);
  let batch = '';
  let written = 0;
  const flush = async () => {
    if (failed) throw failed;
    if (!batch) return;
    const ok = stream.write(batch);
    batch = '';
    if (!ok) await Promise.race([once(stream, 'drain'), done]);
    onProgress?.(written);
  };
  try {
    for await (const row of rows) {
      batch += `${row.map(copyField).join('\t')}\n`;
      written += 1;
      if (batch.length >= BATCH_BYTES) await flush();
    }
    await flush();
  } catch (err) {
    stream.destroy(err as Error);
    await done.catch(() => undefined);
    throw err;
  }
  stream.end();
  await done;
  return written;
}
