/**
 * Demo data: Kazakhstan's 20 regions (KATO codes), a few districts and polling stations, and a
 * synthetic register of voters (libs/synthetic/demo.ts, a pure function, which also gives the
 * sample files of prisma/samples/); demo accounts, keys and the voting-day and citizens' demos.
 * Deterministic (seeded), idempotent (upserts; safe to re-run).
 *
 *   node dist/prisma/seed.js            seed DATABASE_URL
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iinHmac } from '../libs/auth/iin-hmac';
import { hashPassword } from '../libs/auth/passwords';
import { addDays, instantAt, localDateTimeOf } from '../libs/calendar';
import { CertificateRegistry } from '../libs/db/eds/registry';
import { createPrismaClient, type PrismaClient } from '../libs/db/prisma';
import { LocalPropertyRegistry } from '../libs/gateways/property-registry';
import { demoRegister, DISTRICTS, makeIin, type DemoOptions } from '../libs/synthetic/demo';
import { REGIONS } from '../libs/territory/regions';
import { INITIAL_SNAPSHOT_ID } from '../libs/db/register/snapshots';

export { REGIONS };

export { DISTRICTS, makeIin };

export type SeedOptions = DemoOptions;

/**
 * Writes the demo register (libs/synthetic/demo.ts) into register snapshot 0 (the register as
 * loaded before any extract of the CEC's was imported) and the 20 regions: upserts, so re-running
 * changes nothing. The sample files in prisma/samples/ are made from the same register
 * (npm run samples), so with the default sizes they reconcile clean against what this writes.
 */
export async function seedDemo(
  prisma: PrismaClient,
  options: SeedOptions = {},
): Promise<{ voters: number; stations: number }> {
  const demo = demoRegister(options);
  for (const r of REGIONS) {
    await prisma.region.upsert({
      where: { code: r.code },
      create: r,
      update: { nameRu: r.nameRu, nameKk: r.nameKk, kind: r.kind },
    });
  }
  for (const { locality: _locality, ...district } of demo.districts) {
    await prisma.district.upsert({
      where: { id: district.id },
      create: district,
      update: { nameRu: district.nameRu, nameKk: district.nameKk },
    });
  }
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  let voters = 0;
  for (const s of demo.stations) {
    const station = await prisma.pollingStation.upsert({
      where: { regionCode_number: { regionCode: s.regionCode, number: s.number } },
      create: s,
      update: {},
    });
    const rows = demo.voters
      .filter((v) => v.regionCode === s.regionCode && v.stationNumber === s.number)
      .map(({ stationNumber: _number, birthDate, documentIssuedOn, documentExpiresOn, ...v }) => ({
        ...v,
        stationId: station.id,
        birthDate: day(birthDate),
        documentIssuedOn: day(documentIssuedOn),
        documentExpiresOn: day(documentExpiresOn),
      }));
    const created = await prisma.registerVoter.createMany({ data: rows, skipDuplicates: true });
    voters += created.count;
  }
  return { voters, stations: demo.stations.length };
}

/** The demo accounts' password: TIZIM_DEMO_PASSWORD, else this one (a local demo only: never seed production). */
export const DEMO_PASSWORD = process.env.TIZIM_DEMO_PASSWORD?.trim() || 'tizim-demo-password';

/**
 * One demo official per role and territory: admin, coordinator, regional.<region>,
 * migration.<region>, commission.<district>, registrar.<district>, all with DEMO_PASSWORD. Existing accounts are left
 * as they are (a changed password stays changed).
 */
export async function seedDemoUsers(prisma: PrismaClient, password = DEMO_PASSWORD): Promise<string[]> {
  const accounts: {
    username: string;
    fullName: string;
    role:
      | 'ADMIN'
      | 'CEC_COORDINATOR'
      | 'REGIONAL_COMMISSION'
      | 'DISTRICT_COMMISSION'
      | 'AKIMAT_REGISTRAR'
      | 'MIGRATION_OFFICER';
    regionCode?: string;
    districtId?: string;
  }[] = [
    { username: 'admin', fullName: 'Администратор Tizim', role: 'ADMIN' },
    { username: 'coordinator', fullName: 'Координатор ЦИК', role: 'CEC_COORDINATOR' },
    ...[...new Set(DISTRICTS.map((d) => d.regionCode))].flatMap((code) => [
      {
        username: `regional.${code}`,
        fullName: `Областная комиссия ${code}`,
        role: 'REGIONAL_COMMISSION' as const,
        regionCode: code,
      },
      {
        username: `migration.${code}`,
        fullName: `Миграционная служба ${code}`,
        role: 'MIGRATION_OFFICER' as const,
        regionCode: code,
      },
    ]),
    ...DISTRICTS.flatMap((d) => [
      {
        username: `commission.${d.id}`,
        fullName: `ТИК: ${d.nameRu}`,
        role: 'DISTRICT_COMMISSION' as const,
        regionCode: d.regionCode,
        districtId: d.id,
      },
      {
        username: `registrar.${d.id}`,
        fullName: `Регистратор акимата: ${d.nameRu}`,
        role: 'AKIMAT_REGISTRAR' as const,
        regionCode: d.regionCode,
        districtId: d.id,
      },
    ]),
  ];
  const created: string[] = [];
  const hash = await hashPassword(password);
  const now = new Date();
  for (const a of accounts) {
    const done = await prisma.user.createMany({
      data: [{ id: randomUUID(), ...a, passwordHash: hash, createdAt: now, createdBy: 'seed', updatedAt: now }],
      skipDuplicates: true,
    });
    if (done.count) created.push(a.username);
  }
  return created;
}

/** An ECDSA P-256 key and a self-signed certificate (openssl, ten years) for a demo signer, in `keysDir`. */
function demoKeyAndCertificate(keysDir: string, username: string): { keyPath: string; certPath: string } {
  const keyPath = join(keysDir, `${username}.key.pem`);
  const certPath = join(keysDir, `${username}.cert.pem`);
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-new',
      '-key',
      keyPath,
      '-out',
      certPath,
      '-days',
      '3650',
      '-sha256',
      '-utf8',
      '-subj',
      `/CN=${username}/O=Tizim demo`,
    ],
    { stdio: 'pipe' },
  );
  return { keyPath, certPath };
}

/** A demo person's IIN, written to a file in `keysDir` (readable by its owner only): no IIN goes to any output. */
export function writeDemoIin(keysDir: string, name: string, iin: string): void {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(keysDir, `${name}.iin.txt`), `${iin}\n`, { mode: 0o600 });
}

/** The demo precinct member: username, the IIN they sign in with, and where their key files are. */
export const DEMO_MEMBER = {
  username: 'member.7101.1',
  iin: makeIin(new Date(Date.UTC(1985, 2, 1)), true, 1001),
} as const;

/**
 * A precinct member of the first station of district 7101 with an ECDSA P-256 key and a
 * self-signed certificate (openssl, ten years) registered for them, the key and certificate written
 * to `keysDir` so the console's EDS sign-in can be tried; and a practice voting day for today
 * (Asia/Almaty, the whole day) when none is declared. A local demo only: never seed production.
 */
export async function seedDemoVotingDay(
  prisma: PrismaClient,
  keysDir: string,
  iinKey: string,
  password = DEMO_PASSWORD,
): Promise<string[]> {
  const done: string[] = [];
  const today = localDateTimeOf(Date.now()).date;
  const declared = await prisma.votingDay.findUnique({ where: { date: new Date(today) } });
  if (!declared) {
    await prisma.votingDay.create({
      data: {
        id: randomUUID(),
        date: new Date(today),
        name: 'Учебный день голосования (демо)',
        opensAt: new Date(instantAt(today, 0)),
        closesAt: new Date(instantAt(today, 24 * 60 - 1)),
        createdBy: 'seed',
        createdAt: new Date(),
      },
    });
    done.push(`practice voting day ${today}`);
  }
  if (await prisma.user.findUnique({ where: { username: DEMO_MEMBER.username } })) return done;
  const station = await prisma.pollingStation.findFirstOrThrow({
    where: { districtId: '7101' },
    orderBy: { number: 'asc' },
  });
  const { certPath } = demoKeyAndCertificate(keysDir, DEMO_MEMBER.username);
  const id = randomUUID();
  const now = new Date();
  await prisma.user.create({
    data: {
      id,
      username: DEMO_MEMBER.username,
      fullName: 'Член УИК (демо)',
      role: 'PRECINCT_MEMBER',
      regionCode: station.regionCode,
      districtId: station.districtId,
      stationId: station.id,
      iinHmac: iinHmac(iinKey, DEMO_MEMBER.iin),
      passwordHash: await hashPassword(password),
      createdAt: now,
      createdBy: 'seed',
      updatedAt: now,
    },
  });
  await new CertificateRegistry(prisma).register({
    pem: readFileSync(certPath, 'utf8'),
    holder: id,
    holderName: 'Член УИК (демо)',
    holderRole: 'PRECINCT_MEMBER',
    registeredBy: 'seed',
    at: now.toISOString(),
  });
  writeDemoIin(keysDir, DEMO_MEMBER.username, DEMO_MEMBER.iin);
  done.push(`${DEMO_MEMBER.username} (IIN, key and certificate in ${keysDir})`);
  return done;
}

/** The demo migration officer, who approves online ID-card applications with their EDS. */
export const DEMO_MIGRATION_OFFICER = 'migration.71';

/**
 * The online ID-card exchange demo: a certificate for migration.71 (key and certificate in
 * `keysDir`), and a citizen of district 7101 whose card expires in 20 days, so the online route is
 * open for them; their IIN goes to `keysDir`/id-card-citizen.iin.txt. A local demo only.
 */
export async function seedDemoIdCardExchange(prisma: PrismaClient, keysDir: string): Promise<{ citizenIin: string }> {
  const officer = await prisma.user.findUniqueOrThrow({ where: { username: DEMO_MIGRATION_OFFICER } });
  if (!(await prisma.signerCertificate.findFirst({ where: { holder: officer.id } }))) {
    const { certPath } = demoKeyAndCertificate(keysDir, DEMO_MIGRATION_OFFICER);
    await new CertificateRegistry(prisma).register({
      pem: readFileSync(certPath, 'utf8'),
      holder: officer.id,
      holderName: officer.fullName,
      holderRole: 'MIGRATION_OFFICER',
      registeredBy: 'seed',
      at: new Date().toISOString(),
    });
  }
  const citizen = await prisma.registerVoter.findFirstOrThrow({
    where: { snapshotId: INITIAL_SNAPSHOT_ID, districtId: '7101' },
    orderBy: { iin: 'desc' },
  });
  if (!(await prisma.idCardApplication.findFirst({ where: { iin: citizen.iin } }))) {
    const expires = addDays(localDateTimeOf(Date.now()).date, 20);
    await prisma.registerVoter.update({
      where: { snapshotId_iin: { snapshotId: citizen.snapshotId, iin: citizen.iin } },
      data: {
        documentNumber: citizen.documentNumber ?? '040000001',
        documentIssuedOn: new Date(`${addDays(expires, -3652)}T00:00:00Z`),
        documentExpiresOn: new Date(`${expires}T00:00:00Z`),
      },
    });
  }
  writeDemoIin(keysDir, 'id-card-citizen', citizen.iin);
  return { citizenIin: citizen.iin };
}

/**
 * A demo property for the owner's view: the home of the first register voter of district 7101,
 * owned by them (the registry keeps the owner as the keyed hash of their IIN under `iinKey` (TIZIM_IIN_HMAC_KEY)).
 * Returns the owner's IIN and the cadastral number (a local demo only).
 */
export async function seedDemoProperty(
  prisma: PrismaClient,
  iinKey: string,
): Promise<{ ownerIin: string; cadastralNumber: string }> {
  const owner = await prisma.registerVoter.findFirstOrThrow({
    where: { snapshotId: INITIAL_SNAPSHOT_ID, districtId: '7101' },
    orderBy: { iin: 'asc' },
  });
  const cadastralNumber = '21:320:001:1001';
  await new LocalPropertyRegistry(prisma, iinKey).record({
    cadastralNumber,
    ownerIin: owner.iin,
    regionCode: owner.regionCode,
    districtId: owner.districtId,
    locality: owner.locality,
    street: owner.street,
    house: owner.house,
    apartment: owner.apartment,
  });
  return { ownerIin: owner.iin, cadastralNumber };
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('seed: DATABASE_URL is not set\n');
    process.exit(1);
  }
  const prisma = createPrismaClient(url);
  seedDemo(prisma)
    .then(({ voters, stations }) =>
      process.stdout.write(
        `seeded ${REGIONS.length} regions, ${DISTRICTS.length} districts, ${stations} stations, ${voters} new register voters\n`,
      ),
    )
    .then(() => seedDemoUsers(prisma))
    .then((users) =>
      process.stdout.write(`demo accounts created: ${users.length ? users.join(', ') : 'none (all exist)'}\n`),
    )
    .catch((err: Error) => {
      process.stderr.write(`seed failed: ${err.message}\n`);
      process.exitCode = 1;
    })
    .finally(() => prisma.$disconnect());
}
