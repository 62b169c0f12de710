/**
 * The systemd units production can run the API and the worker under (deploy/systemd), checked as
 * data: each runs the same command as the compose file's service, as an unprivileged user, is
 * started again when it dies (Restart=on-failure, RestartSec, and never given up on), keeps the
 * hardening baseline, and reads an environment whose example passes the start-up validation.
 * When systemd-analyze is on the machine, it verifies the units' syntax too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { isProduction, loadConfig } from '../../libs/config/config';
import { generateCodecKey } from '../../libs/temporal/codec-keys';
import { ROOT } from '../../scripts/lib/paths';

const DIR = join(ROOT, 'deploy', 'systemd');
type Unit = Record<string, Record<string, string[]>>;

/** A unit file as section -> key -> values (a key may repeat), comments and blank lines dropped. */
function readUnit(file: string): Unit {
  const unit: Unit = {};
  let section = '';
  for (const raw of readFileSync(join(DIR, file), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[(\w+)\]$/.exec(line);
    if (head) {
      section = head[1];
      unit[section] ??= {};
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || !section) throw new Error(`${file}: cannot read the line "${line}"`);
    (unit[section][line.slice(0, eq).trim()] ??= []).push(line.slice(eq + 1).trim());
  }
  return unit;
}
const one = (u: Unit, section: string, key: string) => u[section]?.[key]?.at(-1);

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { command: string[] }>;
};
const UNITS = { api: 'tizim-api.service', worker: 'tizim-worker.service' } as const;

describe('deploy/systemd', () => {
  for (const [service, file] of Object.entries(UNITS)) {
    describe(file, () => {
      const u = readUnit(file);

      it("runs the compose service's command from the install folder, as the tizim user", () => {
        const [node, ...args] = compose.services[service].command;
        expect(node).toBe('node');
        expect(one(u, 'Service', 'ExecStart')).toBe(`/usr/bin/node ${args.join(' ')}`);
        expect(one(u, 'Service', 'WorkingDirectory')).toBe('/opt/tizim');
        expect(one(u, 'Service', 'User')).toBe('tizim');
        expect(one(u, 'Service', 'EnvironmentFile')).toBe('/etc/tizim/tizim.env');
        expect(one(u, 'Install', 'WantedBy')).toBe('multi-user.target');
      });

      it('is started again when it dies, after a pause, and never given up on', () => {
        expect(one(u, 'Service', 'Restart')).toBe('on-failure');
        expect(one(u, 'Service', 'RestartSec')).toMatch(/^\d+s?$/);
        // Without this, five quick failures in ten seconds (a database restart, say) stop the
        // restarts until a person steps in.
        expect(one(u, 'Unit', 'StartLimitIntervalSec')).toBe('0');
      });

      it('keeps the hardening baseline', () => {
        const baseline: Record<string, string> = {
          NoNewPrivileges: 'yes',
          ProtectSystem: 'strict',
          ProtectHome: 'yes',
          PrivateTmp: 'yes',
          PrivateDevices: 'yes',
          ProtectKernelTunables: 'yes',
          ProtectKernelModules: 'yes',
          ProtectKernelLogs: 'yes',
          ProtectControlGroups: 'yes',
          ProtectClock: 'yes',
          ProtectHostname: 'yes',
          RestrictNamespaces: 'yes',
          RestrictRealtime: 'yes',
          RestrictSUIDSGID: 'yes',
          LockPersonality: 'yes',
          SystemCallArchitectures: 'native',
          SystemCallFilter: '@system-service',
          RestrictAddressFamilies: 'AF_UNIX AF_INET AF_INET6',
          CapabilityBoundingSet: '',
          UMask: '0027',
        };
        for (const [key, value] of Object.entries(baseline))
          expect([key, one(u, 'Service', key)]).toEqual([key, value]);
        // The only place it may write: the file store the API and the worker share.
        expect(one(u, 'Service', 'StateDirectory')).toBe('tizim/files');
      });
    });
  }

  it('has an environment example that passes start-up validation, with the file store the units may write', () => {
    const text = readFileSync(join(DIR, 'tizim.env.example'), 'utf8');
    // The CA and client files as installed: this file stands in for each (start-up only reads them).
    const values: Record<string, string> = {
      '<codec keys>': generateCodecKey('k1'),
      '<operator token>': 'Q7v9mZ2kLp4xW8rT1nB6cY3hJ5sD0fGa',
      '<token secret>': 'mN4bV7cX1zL9kJ2hG5fD8sA3pO6iU0yT',
      '<iin hash key>': 'rE5tY8uI2oP4aS7dF1gH3jK6lZ9xC0vB',
      '<password>': 'pw',
      '<redis password>': 'Redis-Pa55word-long-enough',
      '/etc/tizim/redis-ca.pem': __filename,
      '/etc/tizim/temporal-ca.pem': __filename,
      '/etc/tizim/temporal-client.pem': __filename,
      '/etc/tizim/temporal-client.key': __filename,
    };
    const env = Object.fromEntries(
      text
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => {
          const [k, ...v] = l.split('=');
          return [k, Object.entries(values).reduce((acc, [ph, real]) => acc.replaceAll(ph, real), v.join('='))];
        }),
    );
    const config = loadConfig(env);
    expect(config.files.storeDir).toBe('/var/lib/tizim/files');
    expect(isProduction(config)).toBe(true);
  });

  const analyze = spawnSync('systemd-analyze', ['--version']);
  (analyze.status === 0 ? it : it.skip)('passes systemd-analyze verify', () => {
    // Verified from a copy whose user exists and whose environment file is present (as installed).
    const tmp = mkdtempSync(join(tmpdir(), 'tizim-units-'));
    try {
      const files = Object.values(UNITS).map((f) => {
        const text = readFileSync(join(DIR, f), 'utf8')
          .replace('User=tizim', 'User=root')
          .replace('Group=tizim', 'Group=root')
          .replace('EnvironmentFile=/etc/tizim/tizim.env', `EnvironmentFile=${join(DIR, 'tizim.env.example')}`)
          .replace('WorkingDirectory=/opt/tizim', `WorkingDirectory=${ROOT}`);
        writeFileSync(join(tmp, f), text);
        return join(tmp, f);
      });
      const res = spawnSync('systemd-analyze', ['verify', '--man=no', ...files], { encoding: 'utf8' });
      const complaints = `${res.stdout}${res.stderr}`
        .split('\n')
        .filter((l) => l.includes('tizim-') && !/Failed to .*bus|not running|System has not been booted/i.test(l));
      expect(complaints).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
  it('ships both units', () => {
    for (const f of Object.values(UNITS)) expect(existsSync(join(DIR, f))).toBe(true);
  });
});
