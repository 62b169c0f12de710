/**
 * Seals exported workflow histories again under the active codec key, in place, so the key they
 * were sealed with can be retired (README, "Secrets and rotation"):
 *
 *   TIZIM_CODEC_KEYS=k1:<old>,k2:<new> TIZIM_CODEC_ACTIVE_KEY=k2 node dist/scripts/reseal-history.js <file.json>…
 *
 * TIZIM_CODEC_KEYS may come from a file (TIZIM_CODEC_KEYS_FILE), as for the API and the worker.
 * Each file is written whole to a temporary file beside it, then renamed over it.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { withSecretFiles } from '../libs/config/config';
import { AesGcmPayloadCodec } from '../libs/temporal/codec';
import { parseCodecKeys } from '../libs/temporal/codec-keys';
import { resealHistory } from '../libs/temporal/reseal';

async function main(files: string[]): Promise<void> {
  if (!files.length) throw new Error('usage: reseal-history <history.json>…');
  const { env, problems } = withSecretFiles(process.env);
  if (problems.length) throw new Error(problems.join('; '));
  const keys = parseCodecKeys(env.TIZIM_CODEC_KEYS ?? '');
  const active = env.TIZIM_CODEC_ACTIVE_KEY?.trim() || keys[keys.length - 1]!.id;
  const codec = new AesGcmPayloadCodec(keys, active);
  for (const file of files) {
    const { history, resealed } = await resealHistory(JSON.parse(readFileSync(file, 'utf8')), codec);
    writeFileSync(`${file}.resealing`, `${JSON.stringify(history, null, 2)}\n`);
    renameSync(`${file}.resealing`, file);
    process.stdout.write(`${file}: ${resealed} payloads sealed under "${active}"\n`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`reseal failed: ${err.message}\n`);
    process.exit(1);
  },
);
