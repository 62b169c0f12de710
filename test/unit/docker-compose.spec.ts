/**
 * No Docker engine runs here, so the compose file is checked as data: the services exist, the
 * ports are published, the API and the worker come from the one Dockerfile with a configuration
 * that passes the same validation they run at start-up, and start only after their dependencies.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../libs/config/config';
import { generateCodecKey } from '../../libs/temporal/codec-keys';
import { ROOT } from '../../scripts/lib/paths';
import { SEARCH_ATTRIBUTES } from '../../scripts/lib/services';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  networks?: string[];
  volumes?: string[];
  restart?: string;
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  networks?: Record<string, { internal?: boolean } | null>;
};
const s = compose.services;

/** Resolves ${VAR:?msg} / ${VAR:-default} as compose would with the given .env values. */
function interpolate(env: Record<string, string>, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      String(v).replace(/\$\{(\w+)(?::[?-]([^}]*))?\}/g, (_m, name: string) => values[name] ?? ''),
    ]),
  );
}

/** The .env's database passwords: the superuser's and one per role of deploy/postgres/roles.sql. */
const DB_PASSWORDS = {
  POSTGRES_PASSWORD: 'pw',
  TIZIM_DB_MIGRATE_PASSWORD: 'pw-migrate',
  TIZIM_DB_API_PASSWORD: 'pw-api',
  TIZIM_DB_WORKER_PASSWORD: 'pw-worker',
  TEMPORAL_DB_PASSWORD: 'pw-temporal',
};

describe('docker-compose.yml', () => {
  it('has the production-like services', () => {
    expect(Object.keys(s).sort()).toEqual([
      'api',
      'migrate',
      'postgres',
      'proxy',
      'redis',
      'temporal',
      'temporal-setup',
      'temporal-ui',
      'worker',
    ]);
  });

  it('gives the API and the worker one file store (the API keeps uploads, the worker imports them)', () => {
    const store = s.api.environment!.TIZIM_FILE_STORE;
    expect(store).toBe(s.worker.environment!.TIZIM_FILE_STORE);
    for (const service of [s.api, s.worker]) expect(service.volumes).toContain(`files-data:${store}`);
  });

  it('publishes the API only: Temporal and its Web UI stay on the internal network', () => {
    expect(s.api.ports).toEqual(['127.0.0.1:3000:3000']);
    // Whoever reaches 7233 can complete tasks or terminate workflows (issue 24): never the host's.
    for (const name of ['temporal', 'temporal-ui', 'temporal-setup']) expect(s[name].ports ?? []).toEqual([]);
    expect(compose.networks?.temporal?.internal).toBe(true);
    for (const name of ['temporal', 'temporal-ui', 'temporal-setup']) expect(s[name].networks).toEqual(['temporal']);
    // The API and the worker reach Temporal over it; PostgreSQL is Temporal's store.
    for (const name of ['api', 'worker', 'postgres']) expect(s[name].networks).toContain('temporal');
    for (const name of ['api', 'worker', 'postgres']) expect(s[name].networks).toContain('default');
  });

  it('leaves publishing the Web UI and the frontend to a developer override, on the loopback address only', () => {
    const dev = parse(readFileSync(join(ROOT, 'docker-compose.dev.yml'), 'utf8')) as typeof compose;
    const published = Object.values(dev.services).flatMap((x) => x.ports ?? []);
    expect(published.sort()).toEqual(['127.0.0.1:7233:7233', '127.0.0.1:8080:8080']);
    // Published ports need a network that is not internal (Docker publishes nothing from one).
    expect(dev.services.temporal.networks).toContain('default');
  });

  it('runs Temporal on the PostgreSQL service', () => {
    expect(s.temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(s.temporal.depends_on?.postgres.condition).toBe('service_healthy');
    expect(s['temporal-ui'].environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it('builds the API, the worker and the migrator from the one Dockerfile', () => {
    for (const name of ['api', 'worker', 'migrate'])
      expect(s[name].build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/npm run build/);
    expect(s.api.command).toEqual(['node', 'dist/apps/api/src/main.js']);
    expect(s.worker.command).toEqual(['node', 'dist/apps/worker/src/main.js']);
    expect(s.migrate.command).toEqual(['node', 'dist/scripts/migrate.js', 'deploy']);
  });

  it('gives the API and the worker a configuration that passes start-up validation, wired to the services', () => {
    const dotenv = {
      ...DB_PASSWORDS,
      TIZIM_CODEC_KEYS: generateCodecKey('k1'),
      API_ADMIN_TOKEN: 'x'.repeat(32),
      TIZIM_TOKEN_SECRET: 'y'.repeat(32),
    };
    for (const name of ['api', 'worker']) {
      const config = loadConfig(interpolate(s[name].environment!, dotenv));
      expect(new URL(config.databaseUrl).host).toBe('postgres:5432');
      expect(new URL(config.redisUrl).host).toBe('redis:6379');
      expect(config.temporal.address).toBe('temporal:7233');
    }
    expect(s.api.environment?.API_HOST).toBe('0.0.0.0');
  });

  it('refuses to start without the secrets rather than running with empty ones', () => {
    expect(s.api.environment?.TIZIM_CODEC_KEYS).toMatch(/^\$\{TIZIM_CODEC_KEYS:\?/);
    expect(s.api.environment?.TIZIM_TOKEN_SECRET).toMatch(/^\$\{TIZIM_TOKEN_SECRET:\?/);
  });

  it('keeps the operator token off unless .env switches it on', () => {
    expect(s.api.environment?.TIZIM_OPERATOR_TOKEN).toBe('${TIZIM_OPERATOR_TOKEN:-off}');
    expect(s.api.environment?.API_ADMIN_TOKEN).toBe('${API_ADMIN_TOKEN:-}');
  });

  it('starts the API and the worker only after migrations, Redis and Temporal', () => {
    expect(s.api.depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
      redis: { condition: 'service_healthy' },
      temporal: { condition: 'service_healthy' },
    });
    expect(s.worker.depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
      'temporal-setup': { condition: 'service_completed_successfully' },
    });
    expect(s.api.healthcheck?.test.join(' ')).toContain('/ready');
  });

  it('restarts the API and the worker when they die, unless an operator stopped them', () => {
    // Docker waits 100 ms, doubling, between restarts of a service that keeps failing.
    for (const name of ['api', 'worker']) expect(s[name].restart).toBe('unless-stopped');
    // The one-shot jobs run once.
    for (const name of ['migrate', 'temporal-setup']) expect(s[name].restart).toBe('no');
  });

  it('puts a TLS-terminating proxy with HSTS in front of the API, its certificates mounted from deploy/proxy/certs', () => {
    const proxy = s.proxy;
    expect(proxy.image).toMatch(/^nginx:1\.\d+/);
    expect(proxy.ports).toEqual(expect.arrayContaining(['443:443', '80:80']));
    expect(proxy.volumes).toEqual(
      expect.arrayContaining([
        './deploy/proxy/nginx.conf:/etc/nginx/conf.d/default.conf:ro',
        './deploy/proxy/certs:/etc/nginx/certs:ro',
      ]),
    );
    expect(proxy.depends_on?.api.condition).toBe('service_healthy');
    expect(proxy.restart).toBe('unless-stopped');
    expect(existsSync(join(ROOT, 'deploy', 'proxy', 'certs', 'README.md'))).toBe(true);

    const conf = readFileSync(join(ROOT, 'deploy', 'proxy', 'nginx.conf'), 'utf8');
    // HSTS on every answer (errors too), for a year at least; TLS 1.2 and 1.3 only.
    const hsts = /add_header\s+Strict-Transport-Security\s+"max-age=(\d+); includeSubDomains"\s+always;/.exec(conf);
    expect(hsts).not.toBeNull();
    expect(Number(hsts![1])).toBeGreaterThanOrEqual(31_536_000);
    expect(conf).toMatch(/listen 443 ssl;/);
    expect(conf).toMatch(/ssl_certificate\s+\/etc\/nginx\/certs\/tizim\.crt;/);
    expect(conf).toMatch(/ssl_certificate_key\s+\/etc\/nginx\/certs\/tizim\.key;/);
    expect(conf).toMatch(/ssl_protocols TLSv1\.2 TLSv1\.3;/);
    // Plain HTTP only redirects; the API is reached through the proxy, which says who asked.
    expect(conf).toMatch(/listen 80;[\s\S]*return 301 https:\/\/\$host\$request_uri;/);
    expect(conf).toMatch(/proxy_pass http:\/\/api:3000;/);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    // Uploads as large as the API accepts (TIZIM_UPLOAD_MAX_MB, 512 by default).
    expect(conf).toMatch(/client_max_body_size 512m;/);
    // The API takes the client's address from the proxy (rate limits per address), and only from it.
    const config = loadConfig(
      interpolate(s.api.environment!, {
        ...DB_PASSWORDS,
        TIZIM_CODEC_KEYS: generateCodecKey('k1'),
        API_ADMIN_TOKEN: 'x'.repeat(32),
        TIZIM_TOKEN_SECRET: 'y'.repeat(32),
      }),
    );
    expect(config.api.trustProxy).toBe(1);
  });

  it('connects each service to PostgreSQL as a role of its own, none the superuser (issue 24)', () => {
    const superuser = s.postgres.environment!.POSTGRES_USER;
    const userOf = (name: string) => {
      const env = interpolate(s[name].environment!, DB_PASSWORDS);
      return decodeURIComponent(new URL(env.DATABASE_URL).username);
    };
    const users = {
      migrate: userOf('migrate'),
      api: userOf('api'),
      worker: userOf('worker'),
      temporal: s.temporal.environment!.POSTGRES_USER,
    };
    expect(users).toEqual({ migrate: 'tizim_migrate', api: 'tizim_api', worker: 'tizim_worker', temporal: 'temporal' });
    expect(Object.values(users)).not.toContain(superuser);
    // Each with its own password from .env, required; Temporal's databases made by the roles script.
    expect(s.api.environment!.DATABASE_URL).toContain('${TIZIM_DB_API_PASSWORD:?');
    expect(s.worker.environment!.DATABASE_URL).toContain('${TIZIM_DB_WORKER_PASSWORD:?');
    expect(s.migrate.environment!.DATABASE_URL).toContain('${TIZIM_DB_MIGRATE_PASSWORD:?');
    expect(s.temporal.environment!.POSTGRES_PWD).toMatch(/^\$\{TEMPORAL_DB_PASSWORD:\?/);
    expect(s.temporal.environment!.SKIP_DB_CREATE).toBe('true');
    // The roles are created when the data volume is initialised, by the script a DBA runs elsewhere.
    expect(s.postgres.volumes).toEqual(
      expect.arrayContaining([
        './deploy/postgres/roles.sql:/etc/tizim/roles.sql:ro',
        './deploy/postgres/init-roles.sh:/docker-entrypoint-initdb.d/10-tizim-roles.sh:ro',
      ]),
    );
    const init = readFileSync(join(ROOT, 'deploy', 'postgres', 'init-roles.sh'), 'utf8');
    expect(init).toContain('-f /etc/tizim/roles.sql');
    for (const v of ['migrate', 'api', 'worker', 'temporal']) expect(init).toMatch(new RegExp(`-v ${v}_password=`));
  });

  it('registers the same search attributes as the local dev server', () => {
    const script = String(s['temporal-setup'].command);
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) expect(script).toContain(`${name}=${type}`);
  });
});
