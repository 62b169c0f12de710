/**
 * The local stack with the demo, in one process tree: `npm run stack`.
 *
 * Starts what is missing (PostgreSQL, Redis, the Temporal dev server with its Web UI; each only
 * when DATABASE_URL / REDIS_URL / TEMPORAL_ADDRESS is not set), applies migrations, seeds the
 * demo, runs the API and the worker (each started again when it dies: scripts/lib/supervisor.ts),
 * prints where everything is (where the tokens are kept, never the tokens), and on Ctrl-C or
 * SIGTERM stops it all in reverse order. Data lives in .local/ (git-ignored; TIZIM_LOCAL_DIR names
 * another folder), so a restart keeps the demo and the workflow history; the codec key and
 * operator token are generated once into it too.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, relative } from 'node:path';
import { periodStartingAfter } from '../libs/calendar';
import { FEED_TOKEN_VARIABLES, loadConfig } from '../libs/config/config';
import type { RegisterSourceName } from '../libs/register/events';
import { createPrismaClient } from '../libs/db/prisma';
import { generateCodecKey } from '../libs/temporal/codec-keys';
import {
  DEMO_PASSWORD,
  seedDemo,
  seedDemoIdCardExchange,
  seedDemoProperty,
  seedDemoUsers,
  seedDemoVotingDay,
  writeDemoIin,
} from '../prisma/seed';
import { describeReferenceData, loadReferenceData, migrateDeploy } from './migrate';
import {
  LOCAL_DIR,
  ROOT,
  startLocalPostgres,
  startLocalRedis,
  startTemporalDevServer,
  waitFor,
  type LocalService,
} from './lib/services';
import { upLines } from './lib/stack-lines';
import { Supervisor } from './lib/supervisor';

const say = (line: string) => process.stdout.write(`[stack] ${line}\n`);
const envPort = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

interface DevSecrets {
  codecKeys: string;
  activeKey: string;
  adminToken: string;
  /** Signs officials' access tokens; added to files made before sign-in existed. */
  tokenSecret?: string;
  /** The e-gov portal's credential for citizens' services; added to older files. */
  portalToken?: string;
  /** Each state registry's credential for the register feeds (issue 20); added to older files. */
  feedTokens?: Partial<Record<RegisterSourceName, string>>;
}

const feedTokens = (kept: DevSecrets['feedTokens'] = {}): Record<RegisterSourceName, string> =>
  Object.fromEntries(
    Object.keys(FEED_TOKEN_VARIABLES).map((s) => [
      s,
      kept[s as RegisterSourceName] ?? randomBytes(24).toString('base64url'),
    ]),
  ) as Record<RegisterSourceName, string>;

const SECRETS_FILE = join(LOCAL_DIR, 'dev-secrets.json');

/** The local stack's secrets, made once: the Temporal history on disk must stay decodable. */
function devSecrets(): DevSecrets {
  const file = SECRETS_FILE;
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as DevSecrets;
    if (
      kept.tokenSecret &&
      kept.portalToken &&
      Object.keys(FEED_TOKEN_VARIABLES).every((s) => kept.feedTokens?.[s as RegisterSourceName])
    )
      return kept;
    const upgraded = {
      ...kept,
      tokenSecret: kept.tokenSecret ?? randomBytes(32).toString('base64url'),
      portalToken: kept.portalToken ?? randomBytes(24).toString('base64url'),
      feedTokens: feedTokens(kept.feedTokens),
    };
    writeFileSync(file, JSON.stringify(upgraded, null, 2), { mode: 0o600 });
    return upgraded;
  }
  const secrets: DevSecrets = {
    codecKeys: generateCodecKey('local-1'),
    activeKey: 'local-1',
    adminToken: randomBytes(24).toString('base64url'),
    tokenSecret: randomBytes(32).toString('base64url'),
    portalToken: randomBytes(24).toString('base64url'),
    feedTokens: feedTokens(),
  };
  mkdirSync(LOCAL_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function main(): Promise<void> {
  const started: LocalService[] = [];
  let supervisor: Supervisor | undefined;
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await supervisor?.stop(15_000);
    for (const service of started.reverse())
      await service.stop().catch((err: Error) => say(`stop failed: ${err.message}`));
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    const secrets = devSecrets();
    const env: NodeJS.ProcessEnv = { ...process.env };
    env.TIZIM_CODEC_KEYS ??= secrets.codecKeys;
    env.TIZIM_CODEC_ACTIVE_KEY ??= secrets.activeKey;
    env.API_ADMIN_TOKEN ??= secrets.adminToken;
    env.TIZIM_TOKEN_SECRET ??= secrets.tokenSecret;
    env.TIZIM_EGOV_PORTAL_TOKEN ??= secrets.portalToken;
    for (const [source, name] of Object.entries(FEED_TOKEN_VARIABLES))
      env[name] ??= secrets.feedTokens?.[source as RegisterSourceName];
    env.API_PORT ??= '3000';
    // Beside the stack's other data (the config's default is .local/files of the working folder).
    env.TIZIM_FILE_STORE ??= join(LOCAL_DIR, 'files');
    // The seed's pilot closed on 31 March 2026; the local demo keeps the online route open unless told.
    env.TIZIM_ID_CARD_PILOT_ENDS_ON ??= '2099-12-31';

    if (!env.DATABASE_URL) {
      const pg = await startLocalPostgres(join(LOCAL_DIR, 'postgres', 'data'), envPort('TIZIM_PG_PORT', 55432));
      if (pg.startedHere) started.push(pg);
      env.DATABASE_URL = pg.url;
      say(`PostgreSQL   ${pg.url} (local, data in .local/postgres)`);
    }
    if (!env.REDIS_URL) {
      const redis = await startLocalRedis(join(LOCAL_DIR, 'redis'), envPort('TIZIM_REDIS_PORT', 56379), {
        persist: true,
      });
      if (redis.startedHere) started.push(redis);
      env.REDIS_URL = redis.url;
      say(`Redis        ${redis.url} (local, data in .local/redis)`);
    }
    let temporalUi = env.TEMPORAL_UI_URL ?? null;
    if (!env.TEMPORAL_ADDRESS) {
      const temporal = await startTemporalDevServer({
        dbFile: join(LOCAL_DIR, 'temporal', 'temporal.db'),
        port: envPort('TIZIM_TEMPORAL_PORT', 7233),
        uiPort: envPort('TIZIM_TEMPORAL_UI_PORT', 8233),
        logFile: join(LOCAL_DIR, 'temporal', 'server.log'),
      });
      started.push(temporal);
      temporal.process.once('exit', () => void stopAll(1));
      env.TEMPORAL_ADDRESS = temporal.address;
      temporalUi = temporal.uiUrl;
      env.TEMPORAL_UI_URL ??= temporalUi ?? undefined;
      say(`Temporal     ${temporal.address} (local dev server, history in .local/temporal)`);
    }

    const config = loadConfig(env);
    const applied = await migrateDeploy(config.databaseUrl, env, say);
    say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema is up to date');
    say(describeReferenceData(await loadReferenceData(config.databaseUrl)));
    const prisma = createPrismaClient(config.databaseUrl);
    const seeded = await seedDemo(prisma);
    const accounts = await seedDemoUsers(prisma);
    const votingDemo = await seedDemoVotingDay(prisma, join(LOCAL_DIR, 'demo-keys'), config.iinHmacKey);
    const property = await seedDemoProperty(prisma, config.iinHmacKey);
    const idCardDemo = await seedDemoIdCardExchange(prisma, join(LOCAL_DIR, 'demo-keys')).finally(() =>
      prisma.$disconnect(),
    );
    writeDemoIin(join(LOCAL_DIR, 'demo-keys'), 'property-owner', property.ownerIin);
    say(`demo data: ${seeded.stations} stations, ${seeded.voters} new register voters`);
    if (votingDemo.length) say(`voting-day demo: ${votingDemo.join('; ')}`);
    say(
      `demo accounts: admin, coordinator, regional.71, commission.7101, registrar.7101, … (password ${process.env.TIZIM_DEMO_PASSWORD ? 'from TIZIM_DEMO_PASSWORD' : `"${DEMO_PASSWORD}"`}${accounts.length ? `; ${accounts.length} created now` : ''})`,
    );

    // A worker or API that dies is started again after a growing wait, with a line saying so; the
    // rest of the stack keeps running meanwhile (production: the compose file's restart policy or
    // deploy/systemd).
    supervisor = new Supervisor(
      [
        ['api', 'dist/apps/api/src/main.js'],
        ['worker', 'dist/apps/worker/src/main.js'],
      ].map(([name, entry]) => ({ name, command: process.execPath, args: [join(ROOT, entry)], env })),
      { say },
    );
    supervisor.start();

    const apiUrl = `http://localhost:${config.api.port}`;
    await waitFor('The API', async () => (await fetch(`${apiUrl}/ready`)).ok, 90_000, 'see its log lines above');
    // The demo: the coming period's cycle started as its Schedule would start it, so the console's
    // board, tasks and workflows have something to show. Starting it again changes nothing.
    const period = periodStartingAfter(Date.now()).id;
    const cycle = await fetch(`${apiUrl}/v1/cycles`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.api.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ period }),
    });
    say(
      cycle.ok
        ? `demo cycle ${period}: ${cycle.status === 201 ? 'started' : 'already running'}`
        : `demo cycle ${period} not started (${cycle.status}): ${await cycle.text()}`,
    );
    say(
      await demoIdCardApplication(
        apiUrl,
        config.citizens.portalToken!,
        idCardDemo.citizenIin,
        config.idCard.pilotEndsOn,
      ),
    );
    for (const line of upLines({
      apiUrl,
      temporalUi,
      secretsFile: relative(ROOT, SECRETS_FILE),
      cadastralNumber: property.cadastralNumber,
    }))
      say(line);
  } catch (err) {
    say(`could not start: ${(err as Error).message}`);
    await stopAll(1);
  }
}

/**
 * The demo citizen applies to exchange their card through the portal's API (fee, then application),
 * once, so the migration officer's queue has something to review.
 */
async function demoIdCardApplication(
  apiUrl: string,
  portalToken: string,
  iin: string,
  pilotEndsOn: string,
): Promise<string> {
  const headers = { Authorization: `Bearer ${portalToken}`, 'X-Citizen-IIN': iin, 'Content-Type': 'application/json' };
  const mine = await fetch(`${apiUrl}/v1/citizen/id-card/applications`, { headers });
  const existing = mine.ok ? ((await mine.json()) as { ticketNumber: string | null; status: string }[]) : [];
  if (existing.length)
    return `demo ID-card application: ticket ${existing[0]!.ticketNumber ?? '—'} (${existing[0]!.status})`;
  const fee = await fetch(`${apiUrl}/v1/citizen/state-fees`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ amountTenge: 1474 }),
  });
  if (!fee.ok) return `demo ID-card application not made: the fee was refused (${fee.status})`;
  const { id: feePaymentId } = (await fee.json()) as { id: string };
  const applied = await fetch(`${apiUrl}/v1/citizen/id-card/applications`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ reason: 'EXPIRY', regionCode: '71', feePaymentId }),
  });
  const body = (await applied.json()) as { ticketNumber?: string | null; status?: string; detail?: string };
  return applied.ok
    ? `demo ID-card application: ticket ${body.ticketNumber ?? '—'} (${body.status}; online route open until ${pilotEndsOn})`
    : `demo ID-card application not made (${applied.status}): ${body.detail ?? ''}`;
}

void main();
