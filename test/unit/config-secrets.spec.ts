/**
 * Secrets and transport in the configuration (issue 24, items 2 and 5): one key per purpose, each
 * secret from its variable or from a file (`<NAME>_FILE`, Docker and Kubernetes secrets), the
 * token secret's rotation, and production mode (TIZIM_ENV=production) refusing plaintext
 * connections and development secrets, each refusal naming the setting.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, isProduction, loadConfig, tizimEnv } from '../../libs/config/config';
import { generateCodecKey } from '../../libs/temporal/codec-keys';

const random = (n: number) =>
  Array.from({ length: n }, (_, i) => 'Qw3rTy7uIoP9aSdF2gHjK4lZxC6vBnM8'[(i * 7) % 32]).join('');
const TOKEN_SECRET = 'Zr8#kP2vLq9wXe4tYu7iOa1sDf6gHj3k';
const IIN_KEY = 'Mn5bVc8xZa2sDq7wEr4tYu1iOp9lKj6h';

const good = {
  DATABASE_URL: 'postgresql://u@localhost:5432/tizim',
  REDIS_URL: 'redis://localhost:6379',
  TIZIM_CODEC_KEYS: generateCodecKey('k1'),
  API_ADMIN_TOKEN: 'x'.repeat(32),
  TIZIM_TOKEN_SECRET: 'y'.repeat(32),
};

const dir = mkdtempSync(join(tmpdir(), 'tizim-secrets-'));
const certs = (() => {
  const ca = join(dir, 'ca.pem');
  const crt = join(dir, 'client.pem');
  const key = join(dir, 'client.key');
  writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n');
  writeFileSync(crt, '-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n');
  writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n');
  return { ca, crt, key };
})();

/** A production environment that passes: TLS to every service, strong secrets of their own. */
const production = {
  TIZIM_ENV: 'production',
  DATABASE_URL: 'postgresql://tizim:pw@db.cec.kz:5432/tizim?sslmode=verify-full&sslrootcert=/etc/tizim/pg-ca.pem',
  REDIS_URL: 'rediss://:Redis-Pa55word-long-enough@redis.cec.kz:6380',
  TEMPORAL_ADDRESS: 'temporal.cec.kz:7233',
  TEMPORAL_TLS_CA_FILE: certs.ca,
  TEMPORAL_TLS_CERT_FILE: certs.crt,
  TEMPORAL_TLS_KEY_FILE: certs.key,
  TEMPORAL_TLS_SERVER_NAME: 'temporal.cec.kz',
  TIZIM_CODEC_KEYS: generateCodecKey('k1'),
  API_ADMIN_TOKEN: random(32),
  TIZIM_TOKEN_SECRET: TOKEN_SECRET,
  TIZIM_IIN_HMAC_KEY: IIN_KEY,
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

function secretFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('secrets from files', () => {
  it('reads each secret from <NAME>_FILE, dropping the one trailing newline an editor or `echo` leaves', () => {
    const { TIZIM_TOKEN_SECRET: _t, API_ADMIN_TOKEN: _a, DATABASE_URL: _d, ...rest } = good;
    const config = loadConfig({
      ...rest,
      TIZIM_TOKEN_SECRET_FILE: secretFile('token', `${TOKEN_SECRET}\n`),
      API_ADMIN_TOKEN_FILE: secretFile('admin', `${'a'.repeat(30)}\r\n`),
      DATABASE_URL_FILE: secretFile('db', 'postgresql://u:pw@localhost:5432/tizim\n'),
      TIZIM_IIN_HMAC_KEY_FILE: secretFile('iin', IIN_KEY),
    });
    expect(config.auth.tokenSecret).toBe(TOKEN_SECRET);
    expect(config.api.adminToken).toBe('a'.repeat(30));
    expect(config.databaseUrl).toBe('postgresql://u:pw@localhost:5432/tizim');
    expect(config.iinHmacKey).toBe(IIN_KEY);
  });

  it('reads the codec keys, the portal and feed tokens, the SMTP password and the previous token secret from files too', () => {
    const keys = generateCodecKey('k7');
    const config = loadConfig({
      ...good,
      TIZIM_CODEC_KEYS: '',
      TIZIM_CODEC_KEYS_FILE: secretFile('codec', `${keys}\n`),
      TIZIM_EGOV_PORTAL_TOKEN_FILE: secretFile('portal', `${'p'.repeat(30)}\n`),
      TIZIM_FEED_TOKEN_COURTS_FILE: secretFile('courts', `${'c'.repeat(30)}\n`),
      TIZIM_SMTP_HOST: 'smtp.cec.kz',
      TIZIM_SMTP_USER: 'tizim',
      TIZIM_SMTP_PASSWORD_FILE: secretFile('smtp', 'smtp-password\n'),
      TIZIM_TOKEN_SECRET_PREVIOUS_FILE: secretFile('previous', `${'o'.repeat(32)}\n`),
      TIZIM_IIN_HMAC_KEY: 'o'.repeat(32),
    });
    expect(config.codec.activeKeyId).toBe('k7');
    expect(config.citizens.portalToken).toBe('p'.repeat(30));
    expect(config.feeds.tokens.COURTS).toBe('c'.repeat(30));
    expect(config.mail.smtp?.password).toBe('smtp-password');
    expect(config.auth.previousTokenSecret).toBe('o'.repeat(32));
  });

  it('refuses a secret set both ways, naming both variables, and an unreadable or empty file, naming its variable', () => {
    expect(problems({ ...good, TIZIM_TOKEN_SECRET_FILE: secretFile('both', TOKEN_SECRET) })).toEqual([
      'TIZIM_TOKEN_SECRET and TIZIM_TOKEN_SECRET_FILE are both set; set only one of them',
    ]);
    const missing = join(dir, 'no-such-file');
    const p = problems({ ...good, API_ADMIN_TOKEN: '', API_ADMIN_TOKEN_FILE: missing });
    expect(p).toEqual([`API_ADMIN_TOKEN_FILE names ${missing}, which cannot be read (ENOENT)`]);
    expect(problems({ ...good, TIZIM_TOKEN_SECRET: '', TIZIM_TOKEN_SECRET_FILE: secretFile('empty', '\n') })).toEqual([
      'TIZIM_TOKEN_SECRET_FILE names an empty file',
    ]);
  });
});

describe('one key per purpose, and the token secret rotating', () => {
  it('outside production, the IINs’ hash key defaults to the token secret: the key the stored hashes were made with', () => {
    expect(loadConfig(good).iinHmacKey).toBe(good.TIZIM_TOKEN_SECRET);
    expect(loadConfig({ ...good, TIZIM_IIN_HMAC_KEY: IIN_KEY }).iinHmacKey).toBe(IIN_KEY);
  });

  it('verifies with the previous token secret during a rotation, and asks for the hash key to be pinned first', () => {
    const rotating = {
      ...good,
      TIZIM_TOKEN_SECRET: TOKEN_SECRET,
      TIZIM_TOKEN_SECRET_PREVIOUS: good.TIZIM_TOKEN_SECRET,
    };
    expect(problems(rotating)).toEqual([
      'TIZIM_IIN_HMAC_KEY is not set while TIZIM_TOKEN_SECRET rotates: set it to the key the stored IIN hashes were made ' +
        'with (the retiring token secret, the value now in TIZIM_TOKEN_SECRET_PREVIOUS), or every hash stops matching',
    ]);
    const config = loadConfig({ ...rotating, TIZIM_IIN_HMAC_KEY: good.TIZIM_TOKEN_SECRET });
    expect(config.auth).toMatchObject({ tokenSecret: TOKEN_SECRET, previousTokenSecret: good.TIZIM_TOKEN_SECRET });
    expect(config.iinHmacKey).toBe(good.TIZIM_TOKEN_SECRET);
    expect(loadConfig(good).auth.previousTokenSecret).toBeNull();
    expect(problems({ ...rotating, TIZIM_TOKEN_SECRET_PREVIOUS: TOKEN_SECRET, TIZIM_IIN_HMAC_KEY: IIN_KEY })).toEqual([
      'TIZIM_TOKEN_SECRET_PREVIOUS is the same as TIZIM_TOKEN_SECRET; it holds the secret being retired',
    ]);
    expect(problems({ ...rotating, TIZIM_TOKEN_SECRET_PREVIOUS: 'short', TIZIM_IIN_HMAC_KEY: IIN_KEY })).toEqual([
      'TIZIM_TOKEN_SECRET_PREVIOUS is too short; use at least 32 random characters',
    ]);
  });
});

describe('production mode (TIZIM_ENV)', () => {
  it('is development unless TIZIM_ENV says production, read through tizimEnv()', () => {
    expect(tizimEnv({})).toBe('development');
    expect(tizimEnv({ TIZIM_ENV: 'production' })).toBe('production');
    expect(() => tizimEnv({ TIZIM_ENV: 'prod' })).toThrow(
      'TIZIM_ENV is "prod"; expected one of development, production',
    );
    expect(isProduction(loadConfig(good))).toBe(false);
    expect(problems({ ...good, TIZIM_ENV: 'staging' })).toEqual([
      'TIZIM_ENV is "staging"; expected one of development, production',
    ]);
  });

  it('starts with TLS to PostgreSQL, Redis and Temporal and strong secrets of their own', () => {
    const config = loadConfig(production);
    expect(isProduction(config)).toBe(true);
    expect(config.temporal.tls).toEqual({
      serverRootCACertificate: Buffer.from('-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n'),
      clientCertPair: {
        crt: Buffer.from('-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n'),
        key: Buffer.from('-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n'),
      },
      serverNameOverride: 'temporal.cec.kz',
    });
    expect(config.iinHmacKey).toBe(IIN_KEY);
  });

  it('refuses PostgreSQL without sslmode=verify-full, naming DATABASE_URL and never echoing the URL', () => {
    for (const DATABASE_URL of [
      'postgresql://tizim:pw@db.cec.kz:5432/tizim',
      'postgresql://tizim:pw@db.cec.kz:5432/tizim?sslmode=require',
    ]) {
      const p = problems({ ...production, DATABASE_URL });
      expect(p).toEqual([
        'DATABASE_URL must ask for sslmode=verify-full in production (TIZIM_ENV=production): PostgreSQL is reached ' +
          "over TLS with its certificate checked (add sslrootcert=<CA file> when the server's CA is not a public one)",
      ]);
      expect(p.join()).not.toContain('pw@');
    }
  });

  it('refuses Redis without TLS or without a password, naming REDIS_URL', () => {
    const expected = [
      'REDIS_URL must be a rediss:// URL with a password in production (TIZIM_ENV=production): Redis is reached over ' +
        'TLS and signs in, e.g. rediss://:<password>@redis.example.kz:6380',
    ];
    expect(problems({ ...production, REDIS_URL: 'redis://:secret-password@redis.cec.kz:6379' })).toEqual(expected);
    expect(problems({ ...production, REDIS_URL: 'rediss://redis.cec.kz:6380' })).toEqual(expected);
  });

  it('refuses Temporal without TLS, naming its settings, and checks the TLS files', () => {
    const {
      TEMPORAL_TLS_CA_FILE: _ca,
      TEMPORAL_TLS_CERT_FILE: _c,
      TEMPORAL_TLS_KEY_FILE: _k,
      TEMPORAL_TLS_SERVER_NAME: _n,
      ...plain
    } = production;
    expect(problems(plain)).toEqual([
      'TEMPORAL_TLS_CA_FILE (or TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE) must be set in production ' +
        '(TIZIM_ENV=production): the API and the worker reach Temporal over TLS',
    ]);
    // Mutual TLS alone (a server certificate from a public CA, as Temporal Cloud's) is enough.
    expect(
      loadConfig({ ...plain, TEMPORAL_TLS_CERT_FILE: certs.crt, TEMPORAL_TLS_KEY_FILE: certs.key }).temporal.tls,
    ).toMatchObject({ clientCertPair: { crt: expect.any(Buffer) } });
    expect(problems({ ...production, TEMPORAL_TLS_KEY_FILE: '' })).toEqual([
      'TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together: set both or neither',
    ]);
    const missing = join(dir, 'missing-ca.pem');
    expect(problems({ ...production, TEMPORAL_TLS_CA_FILE: missing })).toEqual([
      `TEMPORAL_TLS_CA_FILE names ${missing}, which cannot be read (ENOENT)`,
    ]);
    // Outside production the local stack stays plain.
    expect(loadConfig(good).temporal.tls).toBeNull();
  });

  it('trusts the CA in REDIS_TLS_CA_FILE over rediss:// only', () => {
    expect(loadConfig({ ...production, REDIS_TLS_CA_FILE: certs.ca }).redisTls?.ca).toEqual(
      Buffer.from('-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n'),
    );
    expect(problems({ ...good, REDIS_TLS_CA_FILE: certs.ca })).toEqual([
      'REDIS_TLS_CA_FILE is set but REDIS_URL is not a rediss:// URL: the CA is only used over TLS',
    ]);
    expect(loadConfig(good).redisTls).toBeNull();
  });

  it('refuses development, example and short secrets, naming each', () => {
    expect(
      problems({
        ...production,
        TIZIM_OPERATOR_TOKEN: 'on',
        API_ADMIN_TOKEN: 'x'.repeat(32),
        TIZIM_TOKEN_SECRET: 'test-token-secret-0123456789abcdef0123',
        TIZIM_EGOV_PORTAL_TOKEN: 'Short-but-24-characters!',
      }),
    ).toEqual([
      'API_ADMIN_TOKEN looks like a development or example value; in production use at least 32 random characters (openssl rand -base64 32)',
      'TIZIM_TOKEN_SECRET looks like a development or example value; in production use at least 32 random characters (openssl rand -base64 32)',
      'TIZIM_EGOV_PORTAL_TOKEN is too short for production; use at least 32 random characters (openssl rand -base64 32)',
    ]);
  });

  it('requires a hash key of its own in production, saying how an existing deployment keeps its hashes', () => {
    const { TIZIM_IIN_HMAC_KEY: _k, ...without } = production;
    expect(problems(without)).toEqual([
      'TIZIM_IIN_HMAC_KEY is not set: in production the IINs’ hashes have a key of their own. A deployment that ran ' +
        'before it sets it to its current TIZIM_TOKEN_SECRET (the key its stored hashes were made with) and gives ' +
        'TIZIM_TOKEN_SECRET a new value (README, "Secrets and rotation")',
    ]);
    expect(problems({ ...production, TIZIM_IIN_HMAC_KEY: TOKEN_SECRET })).toEqual([
      'TIZIM_IIN_HMAC_KEY must differ from TIZIM_TOKEN_SECRET in production: one key per purpose',
    ]);
  });
});
