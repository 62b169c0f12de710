/**
 * Supply chain (issue 24, item 9): the SBOM the build writes, the dependency audit, install scripts
 * off, and the Dockerfile's base images.
 *
 * The SBOM is made from package-lock.json alone, so the test runs it offline (npm pointed at a
 * port nothing listens on). The audit is run by the real npm against a stand-in registry on
 * 127.0.0.1 that answers the audit endpoint with an advisory, so the script's verdicts are tested
 * on npm's own report; and against nothing at all, for the unreachable case.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT } from '../../scripts/lib/paths';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; dev?: boolean; hasInstallScript?: boolean }>;
};
/** A port nothing listens on: any request npm made there would fail at once. */
const NOWHERE = 'http://127.0.0.1:9/';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tizim-supply-chain-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(script: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(ROOT, script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}

/** The same, without blocking: for the audit, whose stand-in registry is served by this process. */
function nodeAsync(script: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // npm keeps what it learnt of an advisory in its cache (by advisory id): a cache of the run's own.
    const env = { ...process.env, npm_config_cache: join(dir, 'npm-cache') };
    const child = spawn(process.execPath, [join(ROOT, script), ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('the SBOM (npm run sbom)', () => {
  interface Bom {
    bomFormat: string;
    specVersion: string;
    metadata: { component: { name: string; version: string } };
    components: { name: string; version: string; purl: string; hashes?: unknown[] }[];
    dependencies: { ref: string; dependsOn?: string[] }[];
  }
  let bom: Bom;
  beforeAll(() => {
    const out = join(dir, 'sbom.cdx.json');
    // Offline: the registry is nowhere and npm is told not to go to the network.
    const run = node('scripts/sbom.js', ['--out', out], { npm_config_registry: NOWHERE, npm_config_offline: 'true' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    bom = JSON.parse(readFileSync(out, 'utf8')) as Bom;
  });

  it('is CycloneDX, for this project at its version', () => {
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(Number(bom.specVersion)).toBeGreaterThanOrEqual(1.5);
    expect(bom.metadata.component).toMatchObject({ name: 'tizim', version: '0.1.0' });
  });

  it('lists every production dependency at the version the lock file pins, with its hash', () => {
    const listed = new Map(bom.components.map((c) => [c.name, c]));
    const missing = Object.keys(pkg.dependencies).filter(
      (name) => listed.get(name)?.version !== lock.packages[`node_modules/${name}`]!.version,
    );
    expect(missing).toEqual([]); // express and @nestjs/core too, which `npm sbom --omit=dev` drops (npm/cli#7909)
    expect(bom.components.every((c) => (c.hashes ?? []).length > 0)).toBe(true);
  });

  it('leaves out what only development needs', () => {
    const devOnly = new Set(
      Object.entries(lock.packages)
        .filter(([path, p]) => path && p.dev)
        .map(([path]) => path.replace(/^.*node_modules\//, '')),
    );
    const shipped = new Set(
      Object.entries(lock.packages)
        .filter(([path, p]) => path && !p.dev)
        .map(([path]) => path.replace(/^.*node_modules\//, '')),
    );
    expect(bom.components.filter((c) => devOnly.has(c.name) && !shipped.has(c.name)).map((c) => c.name)).toEqual([]);
    for (const dev of ['jest', 'eslint', 'prettier', 'vite', 'playwright-core'])
      expect(bom.components.map((c) => c.name)).not.toContain(dev);
    const refs = new Set([...bom.components.map((c) => `${c.name}@${c.version}`), 'tizim@0.1.0']);
    const dangling = bom.dependencies.flatMap((d) => [d.ref, ...(d.dependsOn ?? [])]).filter((r) => !refs.has(r));
    expect(dangling).toEqual([]);
  });

  it('is written by the build', () => {
    expect(pkg.scripts.sbom).toBe('node scripts/sbom.js');
    expect(pkg.scripts.build).toMatch(/node scripts\/sbom\.js$/);
  });
});

describe('the dependency audit (npm run audit:deps)', () => {
  let server: Server;
  let registry: string;
  /** What the stand-in registry's audit endpoint answers: npm's bulk advisory format. */
  let advisories: Record<string, unknown[]> = {};
  let asked: Record<string, string[]> = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'POST' && req.url?.startsWith('/-/npm/v1/security/advisories/bulk')) {
          const body = Buffer.concat(chunks);
          asked = JSON.parse(
            (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8'),
          ) as Record<string, string[]>;
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(advisories));
          return;
        }
        res.statusCode = 404; // packuments: npm does without them
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  let advisoryIds = 1_000_000;
  const advisory = (severity: string, ghsa: string) => ({
    id: ++advisoryIds,
    url: `https://github.com/advisories/${ghsa}`,
    title: 'Denial of service by a crafted multipart body',
    severity,
    vulnerable_versions: '<=99.0.0',
    cwe: [],
    cvss: {},
  });
  const allowlist = (entries: unknown[]) => {
    const file = join(dir, `allowlist-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ advisories: entries }));
    return file;
  };
  const audit = (list = allowlist([])) =>
    nodeAsync('scripts/audit-deps.js', ['--registry', registry, '--allowlist', list]);

  it('asks about the production packages only', async () => {
    advisories = {};
    const run = await audit();
    expect(run.stdout).toMatch(/no new high or critical advisories/);
    expect(run.status).toBe(0);
    expect(Object.keys(asked)).toContain('multer');
    expect(Object.keys(asked)).not.toContain('jest');
  });

  it('fails on a new high advisory, naming it', async () => {
    advisories = { multer: [advisory('high', 'GHSA-2222-3333-4444')] };
    const run = await audit();
    expect(run.stderr).toMatch(/NEW high GHSA-2222-3333-4444 multer/);
    expect(run.status).toBe(1);
  });

  it('passes an advisory the allowlist accepts with a reason, until its review date', async () => {
    advisories = { multer: [advisory('critical', 'GHSA-2222-3333-4444')] };
    const reason = 'Only admins upload multipart bodies, behind the proxy limit';
    const ok = await audit(allowlist([{ id: 'GHSA-2222-3333-4444', reason, reviewBy: '2999-01-01' }]));
    expect(ok.stdout).toMatch(/accepted until 2999-01-01: critical GHSA-2222-3333-4444/);
    expect(ok.status).toBe(0);
    const expired = await audit(allowlist([{ id: 'GHSA-2222-3333-4444', reason, reviewBy: '2020-01-01' }]));
    expect(expired.stderr).toMatch(/to be reviewed by 2020-01-01/);
    expect(expired.status).toBe(1);
    const noReason = await audit(allowlist([{ id: 'GHSA-2222-3333-4444', reason: '', reviewBy: '2999-01-01' }]));
    expect(noReason.stderr).toMatch(/"reason" must say why/);
    expect(noReason.status).toBe(1);
  });

  it('prints a moderate advisory without failing', async () => {
    advisories = { multer: [advisory('moderate', 'GHSA-5555-6666-7777')] };
    const run = await audit();
    expect(run.stdout).toMatch(/below the bar, not failing: moderate GHSA-5555-6666-7777/);
    expect(run.status).toBe(0);
  });

  it('says so when the audit endpoint does not answer: fails alone, skips in CI', () => {
    const alone = node('scripts/audit-deps.js', ['--registry', NOWHERE]);
    expect(alone.stderr).toMatch(/gave no report .*No audit was made/);
    expect(alone.status).toBe(2);
    const ci = node('scripts/audit-deps.js', ['--registry', NOWHERE, '--skip-when-unreachable']);
    expect(ci.stdout).toMatch(/SKIPPED/);
    expect(ci.status).toBe(0);
  });

  it('is npm run audit:deps, and CI runs it', () => {
    expect(pkg.scripts['audit:deps']).toBe('node scripts/audit-deps.js');
    expect(readFileSync(join(ROOT, 'scripts/test.sh'), 'utf8')).toMatch(
      /node scripts\/audit-deps\.js --skip-when-unreachable/,
    );
    const accepted = JSON.parse(readFileSync(join(ROOT, 'audit-allowlist.json'), 'utf8')) as { advisories: unknown[] };
    expect(Array.isArray(accepted.advisories)).toBe(true);
  });
});

describe('install scripts and base images', () => {
  it('npm runs no package install scripts (.npmrc), and none of those the lock file has is needed', () => {
    expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).toMatch(/^ignore-scripts=true$/m);
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.replace(/^node_modules\//, ''))
      .sort();
    // Each one is named in SECURITY.md with why it is not needed; a new one fails here until it is.
    const security = readFileSync(join(ROOT, 'SECURITY.md'), 'utf8');
    expect(withScripts.filter((p) => !security.includes(`\`${p}\``))).toEqual([]);
  });

  it('every base image of the Dockerfile is pinned by digest, or SECURITY.md says why not', () => {
    const froms = [...readFileSync(join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]!);
    expect(froms.length).toBeGreaterThan(0);
    const security = readFileSync(join(ROOT, 'SECURITY.md'), 'utf8');
    const unpinned = froms.filter(
      (f) => !/@sha256:[0-9a-f]{64}$/.test(f) && !security.includes(`\`${f}\` is not pinned by digest`),
    );
    expect(unpinned).toEqual([]);
  });
});
