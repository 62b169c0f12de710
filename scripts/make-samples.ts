/**
 * `npm run samples`: writes the akimats' sample files of the demo districts into prisma/samples/
 * (libs/synthetic/samples.ts says what each is), and removes any file there the generator no
 * longer makes. The same bytes on every run, so a regenerated folder shows in git only what the
 * change made. Prints counts and sizes only: the files hold (synthetic) personal data.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { extractFormatJson } from '../libs/register/extract-format';
import { demoSamples, SAMPLES_DIR } from '../libs/synthetic/samples';
import { ROOT } from './lib/paths';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

async function main(): Promise<void> {
  const dir = join(ROOT, SAMPLES_DIR);
  const samples = await demoSamples();
  mkdirSync(dir, { recursive: true });
  const made = new Set(samples.map((s) => s.path));
  for (const stale of filesUnder(dir)
    .map((f) => relative(dir, f))
    .filter((f) => !made.has(f))) {
    rmSync(join(dir, stale));
    process.stdout.write(`removed ${SAMPLES_DIR}/${stale}\n`);
  }
  for (const s of samples) {
    mkdirSync(dirname(join(dir, s.path)), { recursive: true });
    writeFileSync(join(dir, s.path), s.content);
  }
  // The register extract's format as JSON beside its description (test/unit/register-extract-format.spec.ts holds them equal).
  writeFileSync(join(ROOT, 'libs', 'register', 'extract-format.v1.json'), extractFormatJson());
  const bytes = samples.reduce((n, s) => n + s.content.length, 0);
  process.stdout.write(`wrote ${samples.length} files (${(bytes / 1024).toFixed(0)} KiB) to ${SAMPLES_DIR}/\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`samples: ${err.message}\n`);
  process.exitCode = 1;
});
