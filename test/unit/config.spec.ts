import { ConfigError, isProduction, loadConfig, tizimEnv } from '../../libs/config/config';
import { generateCodecKey } from '../../libs/temporal/codec-keys';

const good = {
  DATABASE_URL: 'postgresql://u@localhost:5432/tizim',
  REDIS_URL: 'redis://localhost:6379',
  TIZIM_CODEC_KEYS: generateCodecKey('k1'),
  API_ADMIN_TOKEN: 'x'.repeat(32),
  TIZIM_TOKEN_SECRET: 'y'.repeat(32),
};

/** What production mode takes: TLS to every service (this file stands in for a CA file), strong secrets of their own. */
const productionGood = {
  ...good,
  TIZIM_ENV: 'production',
  DATABASE_URL: 'postgresql://tizim:pw@db.cec.kz:5432/tizim?sslmode=verify-full',
  REDIS_URL: 'rediss://:Redis-Pa55word-long-enough@redis.cec.kz:6380',
  TEMPORAL_TLS_CA_FILE: __filename,
  API_ADMIN_TOKEN: 'Q7v9mZ2kLp4xW8rT1nB6cY3hJ5sD0fGa',
  TIZIM_TOKEN_SECRET: 'mN4bV7cX1zL9kJ2hG5fD8sA3pO6iU0yT',
  TIZIM_IIN_HMAC_KEY: 'rE5tY8uI2oP4aS7dF1gH3jK6lZ9xC0vB',
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

describe('configuration', () => {
  it('loads a good environment with defaults', () => {
    const c = loadConfig(good);
    expect(c.temporal).toMatchObject({ address: 'localhost:7233', namespace: 'default', taskQueue: 'tizim' });
    expect(c.codec.activeKeyId).toBe('k1');
    expect(c.api.port).toBe(3000);
  });

  it('reads the mode from TIZIM_ENV: development unless told, production when NODE_ENV says so', () => {
    expect(isProduction(loadConfig(good))).toBe(false);
    expect(isProduction(loadConfig(productionGood))).toBe(true);
    expect(tizimEnv({ ...good, TIZIM_ENV: 'production' })).toBe('production');
    expect(tizimEnv({ ...good, NODE_ENV: 'production' })).toBe('production');
    expect(tizimEnv({ ...good, NODE_ENV: 'production', TIZIM_ENV: 'development' })).toBe('development');
    expect(isProduction(loadConfig({ ...good, NODE_ENV: 'production', TIZIM_ENV: 'development' }))).toBe(false);
    expect(problems({ ...good, TIZIM_ENV: 'prod' })).toEqual([
      'TIZIM_ENV is "prod"; expected one of development, production',
    ]);
  });

  it('switches the operator token on by default in development, off in production, either way when told', () => {
    expect(loadConfig(good).api.adminToken).toBe(good.API_ADMIN_TOKEN);
    expect(loadConfig({ ...good, TIZIM_OPERATOR_TOKEN: 'off' }).api.adminToken).toBeNull();
    const { API_ADMIN_TOKEN: _unused, ...withoutToken } = good;
    expect(loadConfig({ ...withoutToken, TIZIM_OPERATOR_TOKEN: 'off' }).api.adminToken).toBeNull();
    expect(problems(withoutToken)).toEqual(['API_ADMIN_TOKEN is not set']);
    const production = { ...good, TIZIM_ENV: 'production' };
    expect(problems({ ...production, TIZIM_OPERATOR_TOKEN: 'sometimes' })).toEqual(
      expect.arrayContaining(['TIZIM_OPERATOR_TOKEN is "sometimes"; expected one of on, off']),
    );
    expect(loadConfig(productionGood).api.adminToken).toBeNull();
    expect(loadConfig({ ...productionGood, TIZIM_OPERATOR_TOKEN: 'on' }).api.adminToken).toBe(
      productionGood.API_ADMIN_TOKEN,
    );
  });

  it('asks admins for EDS at sign-in by default in production, a password alone elsewhere, either way when told', () => {
    expect(loadConfig(good).auth.adminSignIn).toBe('password');
    expect(loadConfig(productionGood).auth.adminSignIn).toBe('eds');
    expect(loadConfig({ ...good, TIZIM_ADMIN_SIGN_IN: 'eds' }).auth.adminSignIn).toBe('eds');
    expect(loadConfig({ ...productionGood, TIZIM_ADMIN_SIGN_IN: 'password' }).auth.adminSignIn).toBe('password');
    expect(problems({ ...good, TIZIM_ADMIN_SIGN_IN: 'otp' })).toEqual([
      'TIZIM_ADMIN_SIGN_IN is "otp"; expected one of password, eds',
    ]);
  });

  it('puts the certificate registry under two admins by default in production, one elsewhere, either way when told', () => {
    expect(loadConfig(good).certificateApprovals).toBe('one-admin');
    expect(loadConfig(productionGood).certificateApprovals).toBe('two-admins');
    expect(loadConfig({ ...good, TIZIM_CERTIFICATE_APPROVALS: 'two-admins' }).certificateApprovals).toBe('two-admins');
    expect(loadConfig({ ...productionGood, TIZIM_CERTIFICATE_APPROVALS: 'one-admin' }).certificateApprovals).toBe(
      'one-admin',
    );
    expect(problems({ ...good, TIZIM_CERTIFICATE_APPROVALS: 'three' })).toEqual([
      'TIZIM_CERTIFICATE_APPROVALS is "three"; expected one of two-admins, one-admin',
    ]);
  });

  it('names every missing variable at once', () => {
    const p = problems({});
    expect(p).toEqual(
      expect.arrayContaining([
        'DATABASE_URL is not set',
        'REDIS_URL is not set',
        'TIZIM_CODEC_KEYS is not set',
        'API_ADMIN_TOKEN is not set',
      ]),
    );
  });

  it('names the bad variable and what is expected, without echoing secrets', () => {
    const p = problems({
      ...good,
      REDIS_URL: 'http://x',
      API_PORT: '99999',
      TEMPORAL_ADDRESS: 'nohost',
      API_ADMIN_TOKEN: 'short',
      LOG_LEVEL: 'loud',
    });
    expect(p).toEqual([
      'REDIS_URL must be a redis: or rediss: URL (got the scheme "http:")',
      'TEMPORAL_ADDRESS is "nohost"; expected host:port, e.g. localhost:7233',
      'API_ADMIN_TOKEN is too short; use at least 24 random characters',
      'API_PORT is "99999"; expected a port number 0-65535',
      'LOG_LEVEL is "loud"; expected one of fatal, error, warn, info, debug, trace',
    ]);
    expect(p.join()).not.toContain('short"');
  });

  it('reads the sign-in settings, refusing a short token secret and lifetimes out of range', () => {
    expect(loadConfig(good).auth).toEqual({
      tokenSecret: 'y'.repeat(32),
      previousTokenSecret: null,
      accessTokenSeconds: 900,
      refreshTokenSeconds: 43_200,
      sessionMaxSeconds: 43_200,
      sessionIdleSeconds: 1_800,
      freeAttempts: 3,
      freeAttemptsPerAddress: 20,
      maxDelaySeconds: 900,
      accountFailuresPerHour: 50,
      passwordMemoryKiB: 19_456,
      adminSignIn: 'password',
    });
    expect(
      problems({
        ...good,
        TIZIM_TOKEN_SECRET: 'short',
        TIZIM_ACCESS_TOKEN_MINUTES: '0',
        TIZIM_PASSWORD_ARGON2_MEMORY_KIB: '10',
        TIZIM_SESSION_IDLE_MINUTES: '0',
      }),
    ).toEqual([
      'TIZIM_TOKEN_SECRET is too short; use at least 32 random characters',
      'TIZIM_ACCESS_TOKEN_MINUTES is "0"; expected a whole number of minutes from 1 to 1440',
      'TIZIM_SESSION_IDLE_MINUTES is "0"; expected a whole number of minutes from 1 to 1440',
      'TIZIM_PASSWORD_ARGON2_MEMORY_KIB is "10"; expected a whole number of KiB from 64 to 4194304',
    ]);
    expect(problems({ ...good, TIZIM_TOKEN_SECRET: '' })).toEqual(['TIZIM_TOKEN_SECRET is not set']);
  });

  it('checks the codec keys and the active key id', () => {
    expect(problems({ ...good, TIZIM_CODEC_KEYS: 'k1:abc' })[0]).toMatch(/^TIZIM_CODEC_KEYS: key "k1" is 2 bytes/);
    expect(problems({ ...good, TIZIM_CODEC_ACTIVE_KEY: 'k9' })).toEqual([
      'TIZIM_CODEC_ACTIVE_KEY is "k9" but TIZIM_CODEC_KEYS has no key with that id',
    ]);
  });

  it('reads the deadline settings, defaulting to 18:00 and the working day before', () => {
    expect(loadConfig(good).deadlines).toEqual({
      endOfDayMinute: 1080,
      fixedDatePolicy: 'working-day-before',
      regionalMarginWorkingDays: 0,
    });
    expect(
      loadConfig({
        ...good,
        TIZIM_END_OF_WORKING_DAY: '17:30',
        TIZIM_FIXED_DEADLINE_POLICY: 'working-day-after',
        TIZIM_REGIONAL_MARGIN_DAYS: '1',
      }).deadlines,
    ).toEqual({ endOfDayMinute: 1050, fixedDatePolicy: 'working-day-after', regionalMarginWorkingDays: 1 });
    expect(
      problems({
        ...good,
        TIZIM_END_OF_WORKING_DAY: '6pm',
        TIZIM_FIXED_DEADLINE_POLICY: 'never',
        TIZIM_REGIONAL_MARGIN_DAYS: '-1',
      }),
    ).toEqual([
      'TIZIM_END_OF_WORKING_DAY is "6pm"; expected a local time HH:MM, e.g. 18:00',
      'TIZIM_REGIONAL_MARGIN_DAYS is "-1"; expected a whole number of working days from 0 to 10',
      'TIZIM_FIXED_DEADLINE_POLICY is "never"; expected one of working-day-before, working-day-after',
    ]);
  });

  it('reads the cycle settings: start lead, reminder lead and the escalation ladder', () => {
    expect(loadConfig(good).cycle).toEqual({
      startLeadDays: 14,
      policy: {
        reminderLeadMinutes: 1440,
        ladder: [
          { level: 'RESPONSIBLE', afterMinutes: 0 },
          { level: 'DISTRICT_COMMISSION', afterMinutes: 240 },
          { level: 'REGIONAL_COMMISSION', afterMinutes: 1440 },
          { level: 'CEC_COORDINATOR', afterMinutes: 2880 },
        ],
      },
    });
    const custom = loadConfig({
      ...good,
      TIZIM_CYCLE_START_LEAD_DAYS: '10',
      TIZIM_REMINDER_LEAD_HOURS: '8',
      TIZIM_ESCALATION_LADDER_HOURS: '2, 8, 24',
    }).cycle;
    expect(custom.startLeadDays).toBe(10);
    expect(custom.policy.reminderLeadMinutes).toBe(480);
    expect(custom.policy.ladder.map((r) => r.afterMinutes)).toEqual([0, 120, 480, 1440]);
    expect(problems({ ...good, TIZIM_ESCALATION_LADDER_HOURS: '24,4,48', TIZIM_CYCLE_START_LEAD_DAYS: '0' })).toEqual([
      'TIZIM_CYCLE_START_LEAD_DAYS is "0"; expected a whole number of days from 1 to 60',
      'TIZIM_ESCALATION_LADDER_HOURS is "24,4,48"; expected three rising whole numbers of hours after a missed deadline at which the district commission, the regional commission and the CEC coordinator are reached, e.g. 4,24,48',
    ]);
  });

  it('reads how many working days make a task due soon', () => {
    expect(loadConfig(good).tasks).toEqual({ dueSoonWorkingDays: 1 });
    expect(loadConfig({ ...good, TIZIM_TASKS_DUE_SOON_WORKING_DAYS: '3' }).tasks.dueSoonWorkingDays).toBe(3);
    expect(problems({ ...good, TIZIM_TASKS_DUE_SOON_WORKING_DAYS: 'two' })).toEqual([
      'TIZIM_TASKS_DUE_SOON_WORKING_DAYS is "two"; expected a whole number of working days from 0 to 20',
    ]);
  });

  it("reads the voting-day clock and the citizens' services settings", () => {
    expect(loadConfig(good).votingDay).toEqual({
      escalateAfterMinutes: 30,
      lookupIncidentLimit: 40,
      lookupIncidentWindowMinutes: 10,
      notificationAttempts: 8,
      notificationBackoffMs: 2000,
    });
    expect(loadConfig({ ...good, TIZIM_VOTING_DAY_ESCALATE_MINUTES: '45' }).votingDay.escalateAfterMinutes).toBe(45);
    expect(problems({ ...good, TIZIM_VOTING_DAY_ESCALATE_MINUTES: '0' })).toEqual([
      'TIZIM_VOTING_DAY_ESCALATE_MINUTES is "0"; expected a whole number of minutes from 1 to 1440',
    ]);
    expect(loadConfig(good).citizens).toEqual({ portalToken: null, perMinute: 30 });
    expect(loadConfig({ ...good, TIZIM_EGOV_PORTAL_TOKEN: 'p'.repeat(30) }).citizens.portalToken).toBe('p'.repeat(30));
    expect(problems({ ...good, TIZIM_EGOV_PORTAL_TOKEN: 'short' })).toEqual([
      'TIZIM_EGOV_PORTAL_TOKEN is too short; use at least 24 random characters',
    ]);
    expect(problems({ ...good, TIZIM_EGOV_PORTAL_TOKEN: good.API_ADMIN_TOKEN })).toEqual([
      'TIZIM_EGOV_PORTAL_TOKEN must differ from API_ADMIN_TOKEN',
    ]);
  });

  it("reads the ID-card exchange pilot's settings: the seed's closing day unless told, a real date only", () => {
    expect(loadConfig(good).idCard).toEqual({
      pilotEndsOn: '2026-03-31',
      reviewWorkingDays: 2,
      pickupReminderDays: 7,
      pickupReminders: 4,
    });
    expect(
      loadConfig({ ...good, TIZIM_ID_CARD_PILOT_ENDS_ON: '2027-06-30', TIZIM_ID_CARD_REVIEW_WORKING_DAYS: '3' }).idCard,
    ).toMatchObject({ pilotEndsOn: '2027-06-30', reviewWorkingDays: 3 });
    expect(problems({ ...good, TIZIM_ID_CARD_PILOT_ENDS_ON: '2027-02-30' })).toEqual([
      'TIZIM_ID_CARD_PILOT_ENDS_ON is "2027-02-30"; expected a date YYYY-MM-DD, e.g. 2026-03-31',
    ]);
    expect(problems({ ...good, TIZIM_ID_CARD_PILOT_ENDS_ON: '31.03.2026' })).toEqual([
      'TIZIM_ID_CARD_PILOT_ENDS_ON is "31.03.2026"; expected a date YYYY-MM-DD, e.g. 2026-03-31',
    ]);
    expect(problems({ ...good, TIZIM_ID_CARD_REVIEW_WORKING_DAYS: '0' })).toEqual([
      'TIZIM_ID_CARD_REVIEW_WORKING_DAYS is "0"; expected a whole number of working days from 1 to 30',
    ]);
  });

  it('links the Temporal Web UI, by default the local one', () => {
    expect(loadConfig(good).temporal.uiUrl).toBe('http://localhost:8233');
    expect(loadConfig({ ...good, TEMPORAL_UI_URL: 'https://temporal.cec.kz/' }).temporal.uiUrl).toBe(
      'https://temporal.cec.kz',
    );
    expect(problems({ ...good, TEMPORAL_UI_URL: 'ftp://temporal' })).toEqual([
      'TEMPORAL_UI_URL must be a http: or https: URL (got the scheme "ftp:")',
    ]);
    expect(problems({ ...good, TEMPORAL_UI_URL: 'not a url' })).toEqual(['TEMPORAL_UI_URL is not a valid URL']);
  });

  it('reads the rate limit: 600 requests a minute unless told, 0 turns it off', () => {
    expect(loadConfig(good).rateLimit).toEqual({ points: 600, windowSeconds: 60, signInPerMinute: 20 });
    expect(loadConfig({ ...good, TIZIM_RATE_LIMIT_PER_MINUTE: '0' }).rateLimit.points).toBe(0);
    expect(
      loadConfig({ ...good, TIZIM_RATE_LIMIT_PER_MINUTE: '5', TIZIM_RATE_LIMIT_WINDOW_SECONDS: '2' }).rateLimit,
    ).toEqual({ points: 5, windowSeconds: 2, signInPerMinute: 20 });
    expect(problems({ ...good, TIZIM_RATE_LIMIT_PER_MINUTE: 'many', TIZIM_RATE_LIMIT_WINDOW_SECONDS: '0' })).toEqual([
      'TIZIM_RATE_LIMIT_PER_MINUTE is "many"; expected a whole number of requests from 0 to 1000000',
      'TIZIM_RATE_LIMIT_WINDOW_SECONDS is "0"; expected a whole number of seconds from 1 to 3600',
    ]);
  });

  it('reads TIZIM_TRUST_PROXY as off, a hop count or the proxies, refusing anything else by name', () => {
    expect(loadConfig(good).api.trustProxy).toBe(false);
    expect(loadConfig({ ...good, TIZIM_TRUST_PROXY: 'off' }).api.trustProxy).toBe(false);
    expect(loadConfig({ ...good, TIZIM_TRUST_PROXY: '1' }).api.trustProxy).toBe(1);
    expect(loadConfig({ ...good, TIZIM_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,loopback,::1' }).api.trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      'loopback',
      '::1',
    ]);
    expect(problems({ ...good, TIZIM_TRUST_PROXY: 'nginx,10.0.0.0/40' })).toEqual([
      'TIZIM_TRUST_PROXY has "nginx", "10.0.0.0/40"; expected a number of proxy hops, or proxy addresses or subnets such as 10.0.0.5, 10.0.0.0/8, loopback, separated by commas',
    ]);
    expect(problems({ ...good, TIZIM_TRUST_PROXY: '0' })).toEqual([
      `TIZIM_TRUST_PROXY is "0"; expected a number of proxy hops from 1 to 10, or the proxies' addresses`,
    ]);
  });

  it('reads the upload quota and the workbook limits', () => {
    expect(loadConfig(good).files).toMatchObject({
      quota: { filesPerDay: 200, mbPerDay: 4096 },
      zipLimits: { maxParts: 1000, maxUnpackedMiB: 256 },
    });
    expect(problems({ ...good, TIZIM_UPLOAD_QUOTA_FILES_PER_DAY: '-1' })).toEqual([
      'TIZIM_UPLOAD_QUOTA_FILES_PER_DAY is "-1"; expected a whole number of files from 0 to 100000',
    ]);
  });
});
