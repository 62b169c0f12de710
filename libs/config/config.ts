/**
 * Configuration from environment variables, validated once at start-up.
 *
 * Every problem is collected before failing, so an operator fixes the whole environment in one
 * pass; each message names the variable and says what a good value looks like. Secret values are
 * never echoed back.
 */
import { isIP } from 'node:net';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isLocalDate } from '../calendar/local-date';
import {
  DEFAULT_DEADLINE_SETTINGS,
  FIXED_DATE_POLICIES,
  parseTimeOfDay,
  type DeadlineSettings,
} from '../calendar/deadlines';
import { parseCodecKeys, type CodecKey } from '../temporal/codec-keys';
import { DEFAULT_ESCALATION_POLICY, type EscalationPolicy } from '../contracts/cycle';
import type { RegisterSourceName } from '../register/events';
import { CmsSettingsProblem, cmsSettingsFromEnv, type CmsSettings } from '../eds/cms/settings';

/** The state registries' systems that send events (issue 20), and the variable holding each one's credential. */
export const FEED_TOKEN_VARIABLES: Record<RegisterSourceName, string> = {
  CIVIL_REGISTRY: 'TIZIM_FEED_TOKEN_CIVIL_REGISTRY',
  COURTS: 'TIZIM_FEED_TOKEN_COURTS',
  MIGRATION_SERVICE: 'TIZIM_FEED_TOKEN_MIGRATION_SERVICE',
  ADDRESS_REGISTRY: 'TIZIM_FEED_TOKEN_ADDRESS_REGISTRY',
};

/**
 * How many days after its end each kind of personal data is kept before the worker's purge removes
 * it (libs/db/retention.ts); 0 keeps that kind for ever. The defaults are this project's reading,
 * not a legal schedule: the CEC's records schedule sets them (README, "Retention").
 */
export interface RetentionSchedule {
  /** A rejected or failed received file's bytes, counted from its verdict. */
  rejectedFileDays: number;
  /** An accepted received file's bytes, counted from its verdict. */
  acceptedFileDays: number;
  /** A voting day's applications (with their history and escalations) and supplementary list, from the day's close. */
  votingDayDays: number;
  /** A message delivered to a citizen's e-gov cabinet, from its delivery. */
  cabinetMessageDays: number;
  /** A sign-in challenge, from its expiry. */
  challengeDays: number;
}

/**
 * Every secret, each of which may also come from a file named by `<NAME>_FILE` (Docker and
 * Kubernetes mount secrets as files): the URLs hold passwords, the rest are keys and tokens.
 */
export const SECRET_VARIABLES: readonly string[] = [
  'DATABASE_URL',
  'REDIS_URL',
  'API_ADMIN_TOKEN',
  'TIZIM_TOKEN_SECRET',
  'TIZIM_TOKEN_SECRET_PREVIOUS',
  'TIZIM_IIN_HMAC_KEY',
  'TIZIM_CODEC_KEYS',
  'TIZIM_EGOV_PORTAL_TOKEN',
  ...Object.values(FEED_TOKEN_VARIABLES),
  'TIZIM_SMTP_PASSWORD',
];

/** Production mode (TIZIM_ENV): plaintext connections and development secrets are refused at start-up. */
export const TIZIM_ENVS = ['development', 'production'] as const;
export type TizimEnv = (typeof TIZIM_ENVS)[number];

/**
 * The mode the API and the worker run in: TIZIM_ENV; unset, it follows NODE_ENV=production (a
 * deployment that says it is production is hardened as one), else "development".
 */
export function tizimEnv(env: Env = process.env): TizimEnv {
  const value = env.TIZIM_ENV?.trim() || (env.NODE_ENV?.trim() === 'production' ? 'production' : 'development');
  if (!(TIZIM_ENVS as readonly string[]).includes(value))
    throw new ConfigError([`TIZIM_ENV is "${value}"; expected one of ${TIZIM_ENVS.join(', ')}`]);
  return value as TizimEnv;
}

/**
 * Whether this deployment is production (TIZIM_ENV=production): plaintext connections and
 * development secrets are refused at start-up, and what only production closes or sends (HSTS, no
 * source maps, the OpenAPI document and /ready's detail for signed-in callers only, the operator
 * token off) asks this.
 */
export function isProduction(config: Pick<TizimConfig, 'env'>): boolean {
  return config.env === 'production';
}

/** Temporal's TLS, as the client's and the worker's connection options take it (libs/temporal/connection.ts). */
export interface TemporalTls {
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
  serverNameOverride?: string;
}

export interface TizimConfig {
  nodeEnv: 'development' | 'test' | 'production';
  /**
   * The deployment's mode (TIZIM_ENV): production refuses plaintext connections and development
   * secrets at start-up. Ask isProduction(config).
   */
  env: TizimEnv;
  databaseUrl: string;
  redisUrl: string;
  /** TLS to Redis beyond what rediss:// gives: the CA of its certificate (REDIS_TLS_CA_FILE), null for none. */
  redisTls: { ca: Buffer } | null;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    /** The Temporal Web UI, linked from each workflow's history (TEMPORAL_UI_URL). */
    uiUrl: string;
    /**
     * A task queue no worker has polled for this long has no worker (TEMPORAL_WORKER_SILENT_SECONDS):
     * a worker waiting for work polls again whenever the server ends its long poll (a minute).
     */
    workerSilentSeconds: number;
    /** TLS to the frontend (TEMPORAL_TLS_*), null for plaintext (the local stack). */
    tls: TemporalTls | null;
  };
  codec: { keys: CodecKey[]; activeKeyId: string };
  /**
   * Who decides the certificate registry (TIZIM_CERTIFICATE_APPROVALS): `two-admins` (production's
   * default) makes each registration and revocation a request a second, named admin approves;
   * `one-admin` (elsewhere) applies it at once.
   */
  certificateApprovals: 'two-admins' | 'one-admin';
  api: {
    host: string;
    port: number;
    /**
     * The operator token (API_ADMIN_TOKEN), a service credential acting as an administrator; null
     * when switched off (TIZIM_OPERATOR_TOKEN=off, production's default).
     */
    adminToken: string | null;
    publicUrl: string | null;
    /**
     * Express's `trust proxy` (TIZIM_TRUST_PROXY): false, a number of proxy hops, or the proxies'
     * addresses (and subnets, or loopback/linklocal/uniquelocal); only then does X-Forwarded-For
     * name the client the per-address limits count.
     */
    trustProxy: false | number | string[];
  };
  /** Officials' sign-in: token signing, lifetimes, growing delays after failures, password hashing cost. */
  auth: {
    /** Signs new access tokens (TIZIM_TOKEN_SECRET). */
    tokenSecret: string;
    /** The secret being retired (TIZIM_TOKEN_SECRET_PREVIOUS): tokens it signed still verify. */
    previousTokenSecret: string | null;
    accessTokenSeconds: number;
    refreshTokenSeconds: number;
    /** A sign-in ends this long after it began, however often refreshed. */
    sessionMaxSeconds: number;
    /** A refresh this long after the official's last own request is refused. */
    sessionIdleSeconds: number;
    /** Failures of one account from one address before each further one doubles a delay (2 s, 4 s, …). */
    freeAttempts: number;
    /** Failures from one address, whatever the accounts, before its attempts are delayed likewise. */
    freeAttemptsPerAddress: number;
    /** The longest delay, in seconds. */
    maxDelaySeconds: number;
    /** Failures of one account from all addresses in an hour that hold it until the hour is out (ASVS 2.2.1). */
    accountFailuresPerHour: number;
    /** Argon2id's memory per password hash, in KiB (libs/auth/passwords.ts). */
    passwordMemoryKiB: number;
    /**
     * How administrators sign in (TIZIM_ADMIN_SIGN_IN): `eds` (the default in production) refuses
     * a password alone and takes the EDS sign-in with a certificate registered for the admin, a
     * second factor (ASVS 4.3.1); `password` (elsewhere) lets a password do.
     */
    adminSignIn: 'password' | 'eds';
  };
  /**
   * EDS as Kazakhstan signs (issue 27): CMS from NCALayer verified against NCA RK's chain, OCSP/CRL,
   * the TSA (libs/eds/cms/settings.ts reads TIZIM_EDS_*), plus what the console needs.
   */
  eds: CmsSettings & {
    /** Where the console finds NCALayer (TIZIM_EDS_NCALAYER_URL): wss://127.0.0.1:13579 as NCA ships it. */
    ncalayerUrl: string;
    /**
     * TIZIM_EDS_KEY_FILE: `on` also takes the developer's fallback, a PKCS#8 key file signing raw in
     * the browser against a certificate an admin registered; refused in production, where every
     * signature is CMS through NCALayer.
     */
    keyFile: boolean;
  };
  /**
   * The key of the IINs' keyed hashes (TIZIM_IIN_HMAC_KEY, libs/auth/iin-hmac.ts). Stored hashes
   * cannot be recomputed (the IINs are gone), so it never follows the token secret: outside
   * production it defaults to TIZIM_TOKEN_SECRET, the key hashes were made with before it existed.
   */
  iinHmacKey: string;
  queuePrefix: string;
  /** How deadlines are computed (libs/calendar/deadlines.ts). */
  deadlines: DeadlineSettings;
  /** The semiannual cycle: when the Schedule starts it, reminders and the escalation ladder. */
  cycle: { startLeadDays: number; policy: EscalationPolicy };
  /** Received files: where originals are kept (by SHA-256), and the largest upload accepted. */
  files: {
    storeDir: string;
    maxUploadBytes: number;
    /** What a district may upload in a day (Asia/Almaty); 0 is no limit. */
    quota: { filesPerDay: number; mbPerDay: number };
    /** A workbook's central directory, checked before it is parsed (libs/files/xlsx.ts). */
    zipLimits: { maxParts: number; maxUnpackedMiB: number };
    /** How often the worker queues received files that have no import job (TIZIM_IMPORT_SWEEP_SECONDS). */
    importSweepMs: number;
  };
  /** Officials' task lists: a task is "due soon" when due within this many working days. */
  tasks: { dueSoonWorkingDays: number };
  /**
   * The deadline board: a country's (or a region's) board computed once is shared by every reader
   * for this long, and refreshed behind their backs while at most a minute old
   * (TIZIM_BOARD_SNAPSHOT_SECONDS; 0 computes it on every read). Issue 25.
   */
  board: { snapshotMs: number };
  /**
   * The central register's snapshots (issue 20): how many superseded snapshots keep their rows
   * beside the current one (TIZIM_REGISTER_KEEP_SNAPSHOTS), to judge earlier runs again.
   */
  register: { keepSnapshots: number };
  /** How long personal data is kept, by kind (libs/db/retention.ts); 0 days keeps it for ever. */
  retention: RetentionSchedule & {
    /** How often the worker runs the purge (TIZIM_RETENTION_SWEEP_HOURS; 0: never). */
    sweepMs: number;
  };
  /**
   * The API's request limit: `points` requests per `windowSeconds` per signed-in actor (per client
   * IP on routes open without sign-in); a route's @RateLimit overrides it. 0 points turns it off.
   */
  rateLimit: { points: number; windowSeconds: number; signInPerMinute: number };
  /**
   * Citizens' services (DOMAIN §4): the e-gov portal calls them server to server with its own
   * credential (null: the services answer 503), and how often one citizen may ask per minute.
   */
  citizens: { portalToken: string | null; perMinute: number };
  /**
   * The feeds from the state registries (issue 20): each source system's own credential, which
   * identifies it; a source without one cannot send (its events are refused with 401).
   */
  feeds: { tokens: Partial<Record<RegisterSourceName, string>> };
  /** Voting day (DOMAIN §3): the application clock, the lookup alarm, e-gov delivery retries. */
  votingDay: {
    /** An application undecided this long escalates to the territorial commission. */
    escalateAfterMinutes: number;
    /** More personal-data lookups than this by one official within the window raise a security incident. */
    lookupIncidentLimit: number;
    lookupIncidentWindowMinutes: number;
    /** Delivery attempts to the e-gov cabinet before the message goes to the dead-letter queue, and the first backoff. */
    notificationAttempts: number;
    notificationBackoffMs: number;
  };
  /** The online ID-card exchange pilot (DOMAIN §4): its closing day, the review deadline, pickup reminders. */
  idCard: {
    /** The last day (Asia/Almaty) the online route takes new applications. */
    pilotEndsOn: string;
    /** Working days the migration service has to review an application before it escalates. */
    reviewWorkingDays: number;
    /** Calendar days between reminders to pick the card up, and how many at most. */
    pickupReminderDays: number;
    pickupReminders: number;
  };
  /**
   * Officials' reminders and escalations by e-mail (issue 22 part 6), through the SMTP relay of the
   * commission's own network: off (null) when TIZIM_SMTP_HOST is not set. `consoleUrl` starts the
   * link to the task in each message; `attempts` and `backoffMs` are the queue's retries.
   */
  mail: { smtp: SmtpSettings | null; consoleUrl: string; attempts: number; backoffMs: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
}

/** The relay: `tls` is "starttls" (upgrade, required), "implicit" (TLS from the start, port 465) or "none". */
export interface SmtpSettings {
  host: string;
  port: number;
  tls: 'starttls' | 'implicit' | 'none';
  from: string;
  user: string | null;
  password: string | null;
}

const SMTP_TLS = ['starttls', 'implicit', 'none'] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * `env` with every secret given as `<NAME>_FILE` read in (one trailing newline dropped); the
 * problems name the variables: both set, a file that cannot be read, an empty one.
 */
export function withSecretFiles(env: Env): { env: Env; problems: string[] } {
  const out: Env = { ...env };
  const problems: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const fileVar = `${name}_FILE`;
    const path = env[fileVar]?.trim();
    if (!path) continue;
    if (env[name]?.trim()) {
      problems.push(`${name} and ${fileVar} are both set; set only one of them`);
      continue;
    }
    try {
      const value = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
      if (!value.trim()) problems.push(`${fileVar} names an empty file`);
      else out[name] = value;
    } catch (err) {
      problems.push(
        `${fileVar} names ${path}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  return { env: out, problems };
}

/**
 * The IINs' hash key as the API and the worker use it, for commands that run without the whole
 * configuration (the migrate command's data step): TIZIM_IIN_HMAC_KEY (or its file), else the
 * token secret the hashes were made with before the key had its own setting.
 */
export function iinHmacKeyFromEnv(rawEnv: Env = process.env): string | undefined {
  const { env } = withSecretFiles(rawEnv);
  return env.TIZIM_IIN_HMAC_KEY?.trim() || env.TIZIM_TOKEN_SECRET?.trim() || undefined;
}

const RANDOM_HINT = 'use at least 32 random characters (openssl rand -base64 32)';

/**
 * A value from an example, a test or a keyboard rather than a generator: few distinct characters,
 * a placeholder, or the words examples use.
 */
function looksLikeDevelopmentSecret(value: string): boolean {
  if (new Set(value).size < 10) return true;
  return /[<>]|change.?me|example|placeholder|secret|password|^test|^dev|0123456789|abcdef/i.test(value);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
const NODE_ENVS = ['development', 'test', 'production'] as const;

export function loadConfig(rawEnv: Env = process.env): TizimConfig {
  const { env, problems } = withSecretFiles(rawEnv);
  let mode: TizimEnv = 'development';
  try {
    mode = tizimEnv(env);
  } catch (err) {
    problems.push(...(err as ConfigError).problems);
  }
  const production = mode === 'production';
  const inProduction = '(TIZIM_ENV=production)';
  /** Production's floor for a secret: long, and not a development or example value. */
  const strongInProduction = (name: string, value: string | null | undefined) => {
    if (!production || !value) return;
    if (looksLikeDevelopmentSecret(value))
      problems.push(`${name} looks like a development or example value; in production ${RANDOM_HINT}`);
    else if (value.length < 32) problems.push(`${name} is too short for production; ${RANDOM_HINT}`);
  };
  const file = (name: string): Buffer | undefined => {
    const path = env[name]?.trim();
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (err) {
      problems.push(`${name} names ${path}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      return undefined;
    }
  };
  const str = (name: string, fallback?: string): string => {
    const value = env[name]?.trim();
    if (value) return value;
    if (fallback !== undefined) return fallback;
    // A secret whose file could not be read is already reported under <NAME>_FILE.
    if (!env[`${name}_FILE`]?.trim()) problems.push(`${name} is not set`);
    return '';
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = env[name]?.trim() || fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name} is "${value}"; expected one of ${allowed.join(', ')}`);
    return fallback;
  };
  const url = (name: string, protocols: string[], fallback?: string): string => {
    const value = str(name, fallback);
    if (!value) return value;
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must be a ${protocols.join(' or ')} URL (got the scheme "${parsed.protocol}")`);
      }
    } catch {
      problems.push(`${name} is not a valid URL`);
    }
    return value;
  };
  const port = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      problems.push(`${name} is "${raw}"; expected a port number 0-65535`);
    return n;
  };
  const hostPort = (name: string, fallback: string): string => {
    const value = str(name, fallback);
    if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(value))
      problems.push(`${name} is "${value}"; expected host:port, e.g. localhost:7233`);
    return value;
  };

  const wholeNumber = (name: string, fallback: number, min: number, max: number, unit: string): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      problems.push(`${name} is "${raw}"; expected a whole number of ${unit} from ${min} to ${max}`);
    return n;
  };

  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS, 'development');
  const databaseUrl = url('DATABASE_URL', ['postgresql:', 'postgres:']);
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:']);
  const address = hostPort('TEMPORAL_ADDRESS', 'localhost:7233');
  const namespace = str('TEMPORAL_NAMESPACE', 'default');
  const taskQueue = str('TEMPORAL_TASK_QUEUE', 'tizim');
  const uiUrl = url('TEMPORAL_UI_URL', ['http:', 'https:'], 'http://localhost:8233').replace(/\/+$/, '');
  const workerSilentSeconds = wholeNumber('TEMPORAL_WORKER_SILENT_SECONDS', 90, 5, 3600, 'seconds');

  // Transport (issue 24 item 2): production reaches each service over TLS, its certificate checked.
  if (production && databaseUrl) {
    let sslmode: string | null = null;
    try {
      sslmode = new URL(databaseUrl).searchParams.get('sslmode');
    } catch {
      // reported above
    }
    if (sslmode !== 'verify-full')
      problems.push(
        `DATABASE_URL must ask for sslmode=verify-full in production ${inProduction}: PostgreSQL is reached over TLS ` +
          "with its certificate checked (add sslrootcert=<CA file> when the server's CA is not a public one)",
      );
  }
  if (production && redisUrl) {
    let plain = true;
    try {
      const parsed = new URL(redisUrl);
      plain = parsed.protocol !== 'rediss:' || !parsed.password;
    } catch {
      // reported above
    }
    if (plain)
      problems.push(
        `REDIS_URL must be a rediss:// URL with a password in production ${inProduction}: Redis is reached over TLS ` +
          'and signs in, e.g. rediss://:<password>@redis.example.kz:6380',
      );
  }
  const redisCa = file('REDIS_TLS_CA_FILE');
  if (redisCa && redisUrl && !redisUrl.startsWith('rediss:'))
    problems.push('REDIS_TLS_CA_FILE is set but REDIS_URL is not a rediss:// URL: the CA is only used over TLS');
  const caCert = file('TEMPORAL_TLS_CA_FILE');
  const clientCert = file('TEMPORAL_TLS_CERT_FILE');
  const clientKey = file('TEMPORAL_TLS_KEY_FILE');
  const serverName = env.TEMPORAL_TLS_SERVER_NAME?.trim() || undefined;
  const certSet = Boolean(env.TEMPORAL_TLS_CERT_FILE?.trim());
  const keySet = Boolean(env.TEMPORAL_TLS_KEY_FILE?.trim());
  if (certSet !== keySet)
    problems.push('TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together: set both or neither');
  const tlsAsked = Boolean(env.TEMPORAL_TLS_CA_FILE?.trim()) || (certSet && keySet);
  if (production && !tlsAsked)
    problems.push(
      `TEMPORAL_TLS_CA_FILE (or TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE) must be set in production ` +
        `${inProduction}: the API and the worker reach Temporal over TLS`,
    );
  const temporalTls: TemporalTls | null =
    tlsAsked || serverName
      ? {
          ...(caCert && { serverRootCACertificate: caCert }),
          ...(clientCert && clientKey && { clientCertPair: { crt: clientCert, key: clientKey } }),
          ...(serverName && { serverNameOverride: serverName }),
        }
      : null;

  let keys: CodecKey[] = [];
  const rawKeys = str('TIZIM_CODEC_KEYS');
  if (rawKeys) {
    try {
      keys = parseCodecKeys(rawKeys);
    } catch (err) {
      problems.push(`TIZIM_CODEC_KEYS: ${(err as Error).message}`);
    }
  }
  const activeKeyId = str('TIZIM_CODEC_ACTIVE_KEY', keys[keys.length - 1]?.id ?? '');
  if (keys.length && activeKeyId && !keys.some((k) => k.id === activeKeyId)) {
    problems.push(`TIZIM_CODEC_ACTIVE_KEY is "${activeKeyId}" but TIZIM_CODEC_KEYS has no key with that id`);
  }

  // The operator token opens everything an admin may do and names no person: on by default on a
  // developer's machine (the stack, scripts), off by default in production, where it is switched on
  // only to create the first administrators and then off again.
  const operatorToken = oneOf('TIZIM_OPERATOR_TOKEN', ['on', 'off'] as const, production ? 'off' : 'on');
  const adminToken = operatorToken === 'on' ? str('API_ADMIN_TOKEN') : null;
  // ASVS V1.4/V4.1: in production no single admin decides alone whose signatures are trusted.
  const certificateApprovals = oneOf(
    'TIZIM_CERTIFICATE_APPROVALS',
    ['two-admins', 'one-admin'] as const,
    production ? 'two-admins' : 'one-admin',
  );
  if (adminToken && adminToken.length < 24)
    problems.push('API_ADMIN_TOKEN is too short; use at least 24 random characters');
  else strongInProduction('API_ADMIN_TOKEN', adminToken);
  const publicUrl = env.API_PUBLIC_URL?.trim() ? url('API_PUBLIC_URL', ['http:', 'https:']) : null;

  const tokenSecret = str('TIZIM_TOKEN_SECRET');
  if (tokenSecret && tokenSecret.length < 32)
    problems.push('TIZIM_TOKEN_SECRET is too short; use at least 32 random characters');
  else strongInProduction('TIZIM_TOKEN_SECRET', tokenSecret);
  // A rotation (README, "Secrets and rotation"): tokens signed with the retiring secret still
  // verify until they expire; new ones are signed with the current secret only.
  const previousTokenSecret = env.TIZIM_TOKEN_SECRET_PREVIOUS?.trim() || null;
  if (previousTokenSecret && previousTokenSecret.length < 32)
    problems.push('TIZIM_TOKEN_SECRET_PREVIOUS is too short; use at least 32 random characters');
  else if (previousTokenSecret && previousTokenSecret === tokenSecret)
    problems.push('TIZIM_TOKEN_SECRET_PREVIOUS is the same as TIZIM_TOKEN_SECRET; it holds the secret being retired');

  // The IINs' hashes cannot be made again (the IINs are gone), so their key must stay what it was
  // when they were written: before this setting existed that was TIZIM_TOKEN_SECRET.
  let iinHmacKey = env.TIZIM_IIN_HMAC_KEY?.trim() || '';
  if (iinHmacKey) {
    if (iinHmacKey.length < 32) problems.push('TIZIM_IIN_HMAC_KEY is too short; use at least 32 random characters');
    else strongInProduction('TIZIM_IIN_HMAC_KEY', iinHmacKey);
    if (production && iinHmacKey === tokenSecret)
      problems.push('TIZIM_IIN_HMAC_KEY must differ from TIZIM_TOKEN_SECRET in production: one key per purpose');
  } else if (production) {
    problems.push(
      'TIZIM_IIN_HMAC_KEY is not set: in production the IINs’ hashes have a key of their own. A deployment that ran ' +
        'before it sets it to its current TIZIM_TOKEN_SECRET (the key its stored hashes were made with) and gives ' +
        'TIZIM_TOKEN_SECRET a new value (README, "Secrets and rotation")',
    );
  } else if (previousTokenSecret) {
    problems.push(
      'TIZIM_IIN_HMAC_KEY is not set while TIZIM_TOKEN_SECRET rotates: set it to the key the stored IIN hashes were made ' +
        'with (the retiring token secret, the value now in TIZIM_TOKEN_SECRET_PREVIOUS), or every hash stops matching',
    );
  } else {
    iinHmacKey = tokenSecret;
  }

  const auth = {
    tokenSecret,
    previousTokenSecret,
    accessTokenSeconds: wholeNumber('TIZIM_ACCESS_TOKEN_MINUTES', 15, 1, 24 * 60, 'minutes') * 60,
    refreshTokenSeconds: wholeNumber('TIZIM_REFRESH_TOKEN_HOURS', 12, 1, 24 * 30, 'hours') * 3600,
    // A sign-in's absolute lifetime, however often refreshed, and its idle limit (ASVS 3.3.2-3.3.4).
    sessionMaxSeconds: wholeNumber('TIZIM_SESSION_MAX_HOURS', 12, 1, 24 * 30, 'hours') * 3600,
    sessionIdleSeconds: wholeNumber('TIZIM_SESSION_IDLE_MINUTES', 30, 1, 24 * 60, 'minutes') * 60,
    freeAttempts: wholeNumber('TIZIM_SIGN_IN_FREE_ATTEMPTS', 3, 1, 100, 'attempts'),
    freeAttemptsPerAddress: wholeNumber('TIZIM_SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS', 20, 1, 10_000, 'attempts'),
    maxDelaySeconds: wholeNumber('TIZIM_SIGN_IN_MAX_DELAY_MINUTES', 15, 1, 24 * 60, 'minutes') * 60,
    // ASVS 4.0.3 2.2.1: no more than 100 failed attempts an hour on one account.
    accountFailuresPerHour: wholeNumber('TIZIM_SIGN_IN_ACCOUNT_FAILURES_PER_HOUR', 50, 1, 100, 'attempts'),
    passwordMemoryKiB: wholeNumber('TIZIM_PASSWORD_ARGON2_MEMORY_KIB', 19_456, 64, 4_194_304, 'KiB'),
    // ASVS 4.3.1: administrative interfaces take a second factor. Off outside production so the
    // local stack and its demo admin sign in with a password.
    adminSignIn: oneOf('TIZIM_ADMIN_SIGN_IN', ['password', 'eds'] as const, production ? 'eds' : 'password'),
  };

  let cms: CmsSettings | undefined;
  try {
    cms = cmsSettingsFromEnv(env);
  } catch (err) {
    if (!(err instanceof CmsSettingsProblem)) throw err;
    problems.push(err.message);
  }
  const keyFile = oneOf('TIZIM_EDS_KEY_FILE', ['on', 'off'] as const, production ? 'off' : 'on') === 'on';
  if (production && keyFile)
    problems.push(`TIZIM_EDS_KEY_FILE=on is refused ${inProduction}: officials sign through NCALayer`);
  const eds = cms && {
    ...cms,
    ncalayerUrl: env.TIZIM_EDS_NCALAYER_URL?.trim() || 'wss://127.0.0.1:13579',
    keyFile,
  };

  const endOfDayRaw = env.TIZIM_END_OF_WORKING_DAY?.trim();
  const endOfDayMinute = endOfDayRaw ? parseTimeOfDay(endOfDayRaw) : DEFAULT_DEADLINE_SETTINGS.endOfDayMinute;
  if (endOfDayMinute === null)
    problems.push(`TIZIM_END_OF_WORKING_DAY is "${endOfDayRaw}"; expected a local time HH:MM, e.g. 18:00`);
  const margin = wholeNumber(
    'TIZIM_REGIONAL_MARGIN_DAYS',
    DEFAULT_DEADLINE_SETTINGS.regionalMarginWorkingDays,
    0,
    10,
    'working days',
  );
  const deadlines: DeadlineSettings = {
    endOfDayMinute: endOfDayMinute ?? DEFAULT_DEADLINE_SETTINGS.endOfDayMinute,
    fixedDatePolicy: oneOf(
      'TIZIM_FIXED_DEADLINE_POLICY',
      FIXED_DATE_POLICIES,
      DEFAULT_DEADLINE_SETTINGS.fixedDatePolicy,
    ),
    regionalMarginWorkingDays: margin,
  };

  const startLeadDays = wholeNumber('TIZIM_CYCLE_START_LEAD_DAYS', 14, 1, 60, 'days');
  const reminderLeadHours = wholeNumber(
    'TIZIM_REMINDER_LEAD_HOURS',
    DEFAULT_ESCALATION_POLICY.reminderLeadMinutes / 60,
    0,
    240,
    'hours',
  );
  let ladder = DEFAULT_ESCALATION_POLICY.ladder;
  const ladderRaw = env.TIZIM_ESCALATION_LADDER_HOURS?.trim();
  if (ladderRaw) {
    const hours = ladderRaw.split(',').map((h) => Number(h.trim()));
    if (
      hours.length !== 3 ||
      hours.some((h) => !Number.isInteger(h) || h < 0) ||
      hours.some((h, i) => i > 0 && h < hours[i - 1])
    ) {
      problems.push(
        `TIZIM_ESCALATION_LADDER_HOURS is "${ladderRaw}"; expected three rising whole numbers of hours after a missed deadline ` +
          'at which the district commission, the regional commission and the CEC coordinator are reached, e.g. 4,24,48',
      );
    } else {
      ladder = [ladder[0], ...ladder.slice(1).map((rung, i) => ({ ...rung, afterMinutes: hours[i] * 60 }))];
    }
  }

  const maxUploadMb = wholeNumber('TIZIM_UPLOAD_MAX_MB', 512, 1, 4096, 'megabytes');
  const quota = {
    filesPerDay: wholeNumber('TIZIM_UPLOAD_QUOTA_FILES_PER_DAY', 200, 0, 100_000, 'files'),
    mbPerDay: wholeNumber('TIZIM_UPLOAD_QUOTA_MB_PER_DAY', 4096, 0, 1_048_576, 'megabytes'),
  };
  const zipLimits = {
    maxParts: wholeNumber('TIZIM_XLSX_MAX_PARTS', 1000, 4, 100_000, 'parts'),
    maxUnpackedMiB: wholeNumber('TIZIM_XLSX_MAX_UNPACKED_MB', 256, 1, 4096, 'megabytes'),
  };
  const trustProxy = trustProxySetting(env.TIZIM_TRUST_PROXY, problems);
  const keepSnapshots = wholeNumber('TIZIM_REGISTER_KEEP_SNAPSHOTS', 2, 0, 100, 'snapshots');
  const retention = {
    rejectedFileDays: wholeNumber('TIZIM_RETAIN_REJECTED_FILES_DAYS', 90, 0, 36_500, 'days'),
    acceptedFileDays: wholeNumber('TIZIM_RETAIN_ACCEPTED_FILES_DAYS', 1825, 0, 36_500, 'days'),
    votingDayDays: wholeNumber('TIZIM_RETAIN_VOTING_DAY_DAYS', 365, 0, 36_500, 'days'),
    cabinetMessageDays: wholeNumber('TIZIM_RETAIN_CABINET_MESSAGES_DAYS', 365, 0, 36_500, 'days'),
    challengeDays: wholeNumber('TIZIM_RETAIN_SIGN_IN_CHALLENGES_DAYS', 1, 0, 36_500, 'days'),
    sweepMs: wholeNumber('TIZIM_RETENTION_SWEEP_HOURS', 24, 0, 24 * 365, 'hours') * 3_600_000,
  };
  const importSweepSeconds = wholeNumber('TIZIM_IMPORT_SWEEP_SECONDS', 30, 1, 3600, 'seconds');
  const dueSoonWorkingDays = wholeNumber('TIZIM_TASKS_DUE_SOON_WORKING_DAYS', 1, 0, 20, 'working days');
  const boardSnapshotSeconds = wholeNumber('TIZIM_BOARD_SNAPSHOT_SECONDS', 3, 0, 60, 'seconds');
  const rateLimit = {
    points: wholeNumber('TIZIM_RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000, 'requests'),
    // Tests shorten the window; in service it is the minute the variable above is named for.
    windowSeconds: wholeNumber('TIZIM_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600, 'seconds'),
    // Sign-in and refresh, per client address: guessing passwords across accounts is slowed here,
    // guessing one account's password by its lock-out.
    signInPerMinute: wholeNumber('TIZIM_SIGN_IN_RATE_PER_MINUTE', 20, 1, 1_000_000, 'requests'),
  };

  const portalToken = env.TIZIM_EGOV_PORTAL_TOKEN?.trim() || null;
  if (portalToken && portalToken.length < 24)
    problems.push('TIZIM_EGOV_PORTAL_TOKEN is too short; use at least 24 random characters');
  else strongInProduction('TIZIM_EGOV_PORTAL_TOKEN', portalToken);
  if (portalToken && portalToken === adminToken)
    problems.push('TIZIM_EGOV_PORTAL_TOKEN must differ from API_ADMIN_TOKEN');
  const citizens = { portalToken, perMinute: wholeNumber('TIZIM_CITIZEN_RATE_PER_MINUTE', 30, 1, 100_000, 'requests') };

  // A token names its source, so two sources sharing one (or one shared with another credential)
  // would let one system send as another: each must be its own.
  const feedTokens: Partial<Record<RegisterSourceName, string>> = {};
  const others: [string, string | null][] = [
    ['API_ADMIN_TOKEN', adminToken],
    ['TIZIM_EGOV_PORTAL_TOKEN', portalToken],
    ['TIZIM_TOKEN_SECRET', tokenSecret],
    ['TIZIM_IIN_HMAC_KEY', iinHmacKey === tokenSecret ? null : iinHmacKey],
  ];
  for (const [source, name] of Object.entries(FEED_TOKEN_VARIABLES) as [RegisterSourceName, string][]) {
    const token = env[name]?.trim();
    if (!token) continue;
    if (token.length < 24) problems.push(`${name} is too short; use at least 24 random characters`);
    else strongInProduction(name, token);
    const same = others.find(([, value]) => value === token);
    if (same) problems.push(`${name} must differ from ${same[0]}`);
    others.push([name, token]);
    feedTokens[source] = token;
  }

  const votingDay = {
    escalateAfterMinutes: wholeNumber('TIZIM_VOTING_DAY_ESCALATE_MINUTES', 30, 1, 24 * 60, 'minutes'),
    lookupIncidentLimit: wholeNumber('TIZIM_LOOKUP_INCIDENT_LIMIT', 40, 1, 100_000, 'lookups'),
    lookupIncidentWindowMinutes: wholeNumber('TIZIM_LOOKUP_INCIDENT_WINDOW_MINUTES', 10, 1, 24 * 60, 'minutes'),
    notificationAttempts: wholeNumber('TIZIM_EGOV_ATTEMPTS', 8, 1, 50, 'attempts'),
    notificationBackoffMs: wholeNumber('TIZIM_EGOV_BACKOFF_MS', 2_000, 1, 3_600_000, 'milliseconds'),
  };

  const pilotEndsRaw = env.TIZIM_ID_CARD_PILOT_ENDS_ON?.trim() || '2026-03-31';
  if (!isLocalDate(pilotEndsRaw))
    problems.push(`TIZIM_ID_CARD_PILOT_ENDS_ON is "${pilotEndsRaw}"; expected a date YYYY-MM-DD, e.g. 2026-03-31`);
  const idCard = {
    pilotEndsOn: pilotEndsRaw,
    reviewWorkingDays: wholeNumber('TIZIM_ID_CARD_REVIEW_WORKING_DAYS', 2, 1, 30, 'working days'),
    pickupReminderDays: wholeNumber('TIZIM_ID_CARD_PICKUP_REMINDER_DAYS', 7, 1, 90, 'days'),
    pickupReminders: wholeNumber('TIZIM_ID_CARD_PICKUP_REMINDERS', 4, 0, 20, 'reminders'),
  };

  const smtpHost = env.TIZIM_SMTP_HOST?.trim() || null;
  const smtpTls = oneOf('TIZIM_SMTP_TLS', SMTP_TLS, 'starttls');
  const smtpFrom = env.TIZIM_SMTP_FROM?.trim() || 'tizim@localhost';
  if (smtpHost && !/^[^@\s<>]+@[^@\s<>]+$/.test(smtpFrom))
    problems.push(`TIZIM_SMTP_FROM is "${smtpFrom}"; expected an address such as tizim@election.kz`);
  const smtpUser = env.TIZIM_SMTP_USER?.trim() || null;
  const smtpPassword = env.TIZIM_SMTP_PASSWORD?.trim() || null;
  if (!smtpUser !== !smtpPassword)
    problems.push('TIZIM_SMTP_USER and TIZIM_SMTP_PASSWORD go together: set both or neither');
  const mail = {
    smtp: smtpHost
      ? {
          host: smtpHost,
          port: port('TIZIM_SMTP_PORT', smtpTls === 'implicit' ? 465 : 587),
          tls: smtpTls,
          from: smtpFrom,
          user: smtpUser,
          password: smtpPassword,
        }
      : null,
    consoleUrl: (env.TIZIM_CONSOLE_URL?.trim()
      ? url('TIZIM_CONSOLE_URL', ['http:', 'https:'])
      : (publicUrl ?? 'http://localhost:3000')
    ).replace(/\/+$/, ''),
    attempts: wholeNumber('TIZIM_MAIL_ATTEMPTS', 8, 1, 50, 'attempts'),
    backoffMs: wholeNumber('TIZIM_MAIL_BACKOFF_MS', 5_000, 1, 3_600_000, 'milliseconds'),
  };

  const config: TizimConfig = {
    nodeEnv,
    env: mode,
    databaseUrl,
    redisUrl,
    redisTls: redisCa ? { ca: redisCa } : null,
    temporal: { address, namespace, taskQueue, uiUrl, workerSilentSeconds, tls: temporalTls },
    codec: { keys, activeKeyId },
    certificateApprovals,
    api: { host: str('API_HOST', '127.0.0.1'), port: port('API_PORT', 3000), adminToken, publicUrl, trustProxy },
    auth,
    eds: eds!,
    iinHmacKey,
    queuePrefix: str('QUEUE_PREFIX', 'tizim'),
    deadlines,
    cycle: { startLeadDays, policy: { reminderLeadMinutes: reminderLeadHours * 60, ladder } },
    files: {
      storeDir: resolve(str('TIZIM_FILE_STORE', join('.local', 'files'))),
      maxUploadBytes: maxUploadMb * 2 ** 20,
      quota,
      zipLimits,
      importSweepMs: importSweepSeconds * 1000,
    },
    tasks: { dueSoonWorkingDays },
    board: { snapshotMs: boardSnapshotSeconds * 1000 },
    register: { keepSnapshots },
    retention,
    rateLimit,
    citizens,
    feeds: { tokens: feedTokens },
    votingDay,
    idCard,
    mail,
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

const PROXY_PRESETS = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TIZIM_TRUST_PROXY: unset, "off" or "false" trusts no proxy (X-Forwarded-For is ignored); a whole
 * number is the count of proxies in front (the client is that many addresses from the right of
 * X-Forwarded-For); otherwise the proxies' addresses or subnets, comma-separated, or Express's
 * names loopback, linklocal, uniquelocal.
 */
function trustProxySetting(raw: string | undefined, problems: string[]): false | number | string[] {
  const value = raw?.trim() ?? '';
  if (!value || /^(off|false|no)$/i.test(value)) return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops >= 1 && hops <= 10) return hops;
    problems.push(
      `TIZIM_TRUST_PROXY is "${value}"; expected a number of proxy hops from 1 to 10, or the proxies' addresses`,
    );
    return false;
  }
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = list.filter((entry) => {
    if (PROXY_PRESETS.includes(entry)) return false;
    const [ip, bits, more] = entry.split('/');
    if (more !== undefined || !ip || !isIP(ip)) return true;
    return bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (isIP(ip) === 4 ? 32 : 128));
  });
  if (bad.length)
    problems.push(
      `TIZIM_TRUST_PROXY has ${bad.map((b) => `"${b}"`).join(', ')}; expected a number of proxy hops, or proxy addresses or subnets such as 10.0.0.5, 10.0.0.0/8, loopback, separated by commas`,
    );
  return list;
}
