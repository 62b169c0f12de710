/**
 * Replays recorded workflow histories (Temporal CLI JSON, e.g. `temporal workflow show -o json`)
 * with the current workflow bundle, and fails on the first that the code no longer reproduces:
 *
 *   TIZIM_CODEC_KEYS=<keys the history was sealed with> node dist/scripts/replay-histories.js [--bundle <file>] <file or folder>…
 *
 * With --bundle, that workflow bundle (test/workflows/replay.spec.ts passes one it built from the
 * source); else the prebuilt dist/workflow-bundle.js that the worker loads.
 * `npm test` runs it over test/replay/histories/ (test/workflows/replay.spec.ts). Use it before
 * deploying a workflow change: replay a few production histories exported with the CLI.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { parseCodecKeys } from '../libs/temporal/codec-keys';
import { tizimDataConverter } from '../libs/temporal/codec';

async function main(args: string[]): Promise<void> {
  const at = args.indexOf('--bundle');
  const bundlePath = at >= 0 ? args[at + 1] : undefined;
  const paths = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
  if (!paths.length || (at >= 0 && !bundlePath))
    throw new Error('usage: replay-histories [--bundle <workflow-bundle.js>] <history.json or folder>…');
  // Loaded only without --bundle: the worker module brings the whole worker's dependencies.
  const workflowBundle = bundlePath
    ? { codePath: bundlePath }
    : (await import('../apps/worker/src/worker')).prebuiltWorkflowBundle();
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
  // Every history is tried, and each that fails is named: one change may break several.
  const failed: string[] = [];
  for (const file of files) {
    const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
    try {
      await Worker.runReplayHistory({ workflowBundle, dataConverter }, history, basename(file));
      process.stdout.write(`replayed ${basename(file)}: ${history.events?.length ?? 0} events, deterministic\n`);
    } catch (err) {
      failed.push(basename(file));
      process.stderr.write(`replay failed: ${basename(file)}: ${(err as Error).name}: ${(err as Error).message}\n`);
    }
  }
  if (failed.length)
    throw new Error(`${failed.length} of ${files.length} histories do not replay: ${failed.join(', ')}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`replay failed: ${err.name}: ${err.message}\n`);
    process.exit(1);
  },
);
