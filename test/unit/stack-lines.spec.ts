/**
 * What `npm run stack` prints once it is up goes to the terminal and, as often as not, to a log
 * file: it says where the operator token and the e-gov portal's token are kept (the secrets file),
 * never the tokens themselves, and its example commands read them from that file.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../scripts/lib/paths';
import { upLines } from '../../scripts/lib/stack-lines';

const adminToken = randomBytes(24).toString('base64url');
const portalToken = randomBytes(24).toString('base64url');
const lines = upLines({
  // The function is never given the tokens; this proves the lines need them from nowhere else.
  apiUrl: 'http://localhost:3000',
  temporalUi: 'http://127.0.0.1:8233',
  secretsFile: '.local/dev-secrets.json',
  cadastralNumber: '21:318:023:456',
});
const text = lines.join('\n');

describe('the lines the stack prints when it is up', () => {
  it('never carry the operator token or the e-gov portal token', () => {
    expect(text).not.toContain(adminToken);
    expect(text).not.toContain(portalToken);
    // Nor a piece of one long enough to be worth reading off a screen.
    expect(text).not.toContain(adminToken.slice(0, 12));
    expect(text).not.toContain(portalToken.slice(0, 12));
  });

  it('say where the tokens are kept: the secrets file, by key', () => {
    expect(text).toMatch(/operator token .*\.local\/dev-secrets\.json.*adminToken/);
    expect(text).toMatch(/e-gov portal.*\.local\/dev-secrets\.json.*portalToken/);
  });

  it('give example commands that work as printed, reading the tokens from the file', () => {
    // The lines' TOKEN= and PORTAL= commands, then each example's Authorization header, run by
    // bash in a project folder with such a secrets file, come out as the tokens themselves.
    const dir = mkdtempSync(join(tmpdir(), 'tizim-lines-'));
    try {
      const local = join(dir, '.local');
      execFileSync('mkdir', ['-p', local]);
      writeFileSync(join(local, 'dev-secrets.json'), JSON.stringify({ adminToken, portalToken }));
      const headers = [...text.matchAll(/-H "(Authorization: Bearer [^"]+)"/g)].map((m) => m[1]);
      expect(headers.length).toBeGreaterThanOrEqual(3);
      const reads = lines.map((l) => /\b((?:TOKEN|PORTAL)=\$\(.*\))$/.exec(l)?.[1]).filter(Boolean);
      expect(reads).toHaveLength(2);
      const script = [...reads, ...headers.map((h) => `printf '%s\\n' "${h}"`)].join('\n');
      const expanded = execFileSync('bash', ['-euc', script], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
      expect(expanded).toContain(`Authorization: Bearer ${adminToken}`);
      expect(expanded).toContain(`Authorization: Bearer ${portalToken}`);
      for (const e of expanded) expect([adminToken, portalToken]).toContain(e.replace('Authorization: Bearer ', ''));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are the only lines of the stack that could: it interpolates no secret into anything it prints', () => {
    // scripts/stack.ts sends the tokens only in its own requests' Authorization headers.
    const source = readFileSync(join(ROOT, 'scripts', 'stack.ts'), 'utf8').split('\n');
    const secret =
      /\$\{[^}]*\b(adminToken|portalToken|tokenSecret|feedTokens|codecKeys|API_ADMIN_TOKEN|TIZIM_EGOV_PORTAL_TOKEN)\b[^}]*\}/;
    const printed = source
      .map((line, i) => [i + 1, line] as const)
      .filter(([, line]) => secret.test(line) && !/Authorization: `Bearer \$\{/.test(line));
    expect(printed).toEqual([]);
  });
});
