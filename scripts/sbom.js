// `npm run sbom` (and the last step of `npm run build`): the software bill of materials of what
// the image ships, CycloneDX JSON, written to dist/sbom.cdx.json (or --out FILE). Issue 24, item 9.
//
// Made from package-lock.json alone (`npm sbom --package-lock-only`), so it needs no network and no
// node_modules. Not `npm sbom --omit=dev`: npm drops a production package that a development one
// also reaches (express, @nestjs/core here; npm/cli#7909, open), so the whole tree is read and the
// packages the lock file marks dev-only are left out here, as `npm prune --omit=dev` leaves them
// out of the image. Platform packages of other systems stay listed (scope "optional"): the lock
// file cannot say which one the image's platform installs.
const { spawnSync } = require('node:child_process');
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const ROOT = join(__dirname, '..');

function option(name) {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const out = option('--out') ?? join(ROOT, 'dist', 'sbom.cdx.json');
const run = spawnSync('npm', ['sbom', '--sbom-format', 'cyclonedx', '--package-lock-only'], {
  cwd: ROOT,
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
if (run.status !== 0) {
  process.stderr.write(
    `sbom: npm sbom failed (exit ${run.status}): ${(run.stderr || run.error?.message || '').trim()}\n`,
  );
  process.exit(1);
}
const bom = JSON.parse(run.stdout);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));

// name@version of every package the lock file has outside development (the image's tree).
const shipped = new Set();
for (const [path, entry] of Object.entries(lock.packages)) {
  if (!path || entry.dev || entry.link) continue;
  const name = entry.name ?? path.replace(/^.*node_modules\//, '');
  shipped.add(`${name}@${entry.version}`);
}
const rootRef = bom.metadata.component['bom-ref'];
bom.components = bom.components.filter((c) => shipped.has(`${c.name}@${c.version}`));
const kept = new Set([rootRef, ...bom.components.map((c) => c['bom-ref'])]);
bom.dependencies = bom.dependencies
  .filter((d) => kept.has(d.ref))
  .map((d) => ({ ...d, dependsOn: (d.dependsOn ?? []).filter((r) => kept.has(r)) }));
// npm names the root after the folder it runs in (/app in the image build): name it as package.json does.
bom.metadata.component.name = pkg.name;

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(bom, null, 2)}\n`);
process.stdout.write(`sbom: ${bom.components.length} packages (CycloneDX ${bom.specVersion}) written to ${out}\n`);
