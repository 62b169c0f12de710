/**
 * Replays recorded workflow histories (Temporal CLI JSON, e.g. `temporal workflow show -o json`)
 * with the current workflow bundle, and fails on the first that the code no longer reproduces:
 *
 *   TIZIM_CODEC_KEYS=<keys the history was sealed with> node dist/scripts/replay-histories.js <file or folder>…
 *
 * `npm test` runs it over test/replay/histories/ (test/workflows/replay.spec.ts). Use it before
 * deploying a workflow change: replay a few production histories exported with the CLI.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { parseCodecKeys } from '../libs/temporal/codec-keys';
import { tizimDataConverter } from '../libs/temporal/codec';
import { prebuiltWorkflowBundle } from '../apps/worker/src/worker';

async function main(paths: string[]): Promise<void> {
  if (!paths.length) throw new Error('usage: replay-histories <history.json or folder>…');
  const keys = parseCodecKeys(process.env.TIZIM_CODEC_KEYS ?? '');
  const dataConverter = tizimDataConverter(keys, process.env.TIZIM_CODEC_ACTIVE_KEY ?? keys[keys.length - 1].id);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const files = paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => join(p, f))
      : [p],
  );
  if (!files.length) throw new Error(`no histories (*.json) in ${paths.join(', ')}`);
  for (const file of files) {
    const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: prebuiltWorkflowBundle(), dataConverter }, history, basename(file));
    process.stdout.write(`replayed ${basename(file)}: ${history.events?.length ?? 0} events, deterministic\n`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`replay failed: ${err.name}: ${err.message}\n`);
    process.exit(1);
  },
);
