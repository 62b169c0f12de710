// `npm run audit:deps`: the dependency audit of issue 24 (supply chain). Runs
// `npm audit --omit=dev` (the packages the image ships) and fails on a high or critical advisory
// that audit-allowlist.json does not accept; an accepted one names its reason and the day it is to
// be looked at again, after which it fails again. Moderate and low advisories are printed, not failed.
//
//   node scripts/audit-deps.js                           fails (exit 2) when the audit cannot be had
//   node scripts/audit-deps.js --skip-when-unreachable   says so and passes (what `npm test` runs)
//   node scripts/audit-deps.js --allowlist FILE --registry URL   (tests)
//
// Plain Node (no build): CI runs it before anything is compiled. Exit 0 clean, 1 new findings,
// 2 no audit (the registry's audit endpoint did not answer, or answered with an error).
const { spawnSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const FAILING = new Set(['high', 'critical']);

function option(name) {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

/** The advisory's stable id: the GHSA id of its URL, else npm's number. */
function advisoryId(via) {
  const ghsa = /GHSA(-[23456789cfghjmpqrvwx]{4}){3}/i.exec(String(via.url ?? ''));
  return ghsa ? ghsa[0] : String(via.source);
}

/** The accepted advisories, each checked for a reason and a review date. */
function readAllowlist(file, today) {
  const list = JSON.parse(readFileSync(file, 'utf8'));
  const accepted = new Map();
  const problems = [];
  for (const [i, entry] of (list.advisories ?? []).entries()) {
    const where = `${file}, advisories[${i}]`;
    if (!entry.id) problems.push(`${where}: "id" (the GHSA id) is missing`);
    if (!entry.reason || String(entry.reason).trim().length < 20)
      problems.push(`${where}: "reason" must say why it is accepted (at least 20 characters)`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(String(entry.reviewBy ?? '')))
      problems.push(`${where}: "reviewBy" must be a date (YYYY-MM-DD)`);
    else if (entry.reviewBy < today)
      problems.push(`${where}: ${entry.id} was to be reviewed by ${entry.reviewBy}; it counts as a finding again`);
    else if (entry.id) accepted.set(String(entry.id).toUpperCase(), entry);
  }
  return { accepted, problems };
}

function main() {
  const skipWhenUnreachable = process.argv.includes('--skip-when-unreachable');
  const allowlistFile = option('--allowlist') ?? join(ROOT, 'audit-allowlist.json');
  const registry = option('--registry');
  const today = new Date().toISOString().slice(0, 10);
  const { accepted, problems } = readAllowlist(allowlistFile, today);

  // No retries: an audit endpoint that does not answer should say so in seconds, not minutes.
  const args = ['audit', '--omit=dev', '--json', '--fetch-retries=0', '--fetch-timeout=20000'];
  if (registry) args.push('--registry', registry);
  const run = spawnSync('npm', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    report = {};
  }
  if (report.auditReportVersion !== 2) {
    const why = report.message ?? report.error?.summary ?? (run.stderr || run.error?.message || 'no answer').trim();
    const line = `dependency audit: the registry's audit endpoint gave no report (${String(why).split('\n')[0]})`;
    if (skipWhenUnreachable) {
      console.log(
        `${line}; SKIPPED. Run "npm run audit:deps" where the registry's audit endpoint answers (SECURITY.md, "Supply chain").`,
      );
      process.exit(0);
    }
    console.error(`${line}. No audit was made.`);
    process.exit(2);
  }

  const advisories = new Map();
  for (const vuln of Object.values(report.vulnerabilities ?? {}))
    for (const via of vuln.via ?? [])
      if (typeof via === 'object') advisories.set(advisoryId(via), { ...via, package: via.name ?? vuln.name });

  const failing = [];
  for (const [id, a] of advisories) {
    const allowed = accepted.get(id.toUpperCase());
    const text = `${a.severity} ${id} ${a.package} ${a.range ?? ''}: ${a.title ?? ''} (${a.url ?? 'no URL'})`;
    if (!FAILING.has(a.severity)) console.log(`dependency audit: below the bar, not failing: ${text}`);
    else if (allowed) console.log(`dependency audit: accepted until ${allowed.reviewBy}: ${text} (${allowed.reason})`);
    else failing.push(text);
  }
  for (const id of accepted.keys())
    if (![...advisories.keys()].some((a) => a.toUpperCase() === id))
      console.log(`dependency audit: ${id} is accepted in the allowlist but no longer found: remove it`);
  for (const p of problems) console.error(`dependency audit: ${p}`);
  for (const f of failing) console.error(`dependency audit: NEW ${f}`);
  if (failing.length > 0 || problems.length > 0) {
    console.error(
      `dependency audit: ${failing.length} new high or critical advisories${problems.length ? `, ${problems.length} allowlist problems` : ''}: ` +
        'upgrade the package, or accept the advisory in audit-allowlist.json with its reason and a review date',
    );
    process.exit(1);
  }
  const deps = report.metadata?.dependencies?.prod ?? '?';
  console.log(`dependency audit: no new high or critical advisories in ${deps} production packages`);
}

main();
