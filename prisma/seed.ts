/**
 * Demo data: Kazakhstan's 20 regions (KATO codes), a few districts and polling stations, and a
 * synthetic register of voters. Deterministic (seeded), idempotent (upserts; safe to re-run).
 * Nothing here is a real person: names are drawn from common name lists, IINs are made up with a
 * valid check digit. District ids and station numbers are illustrative, not official codes.
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
import { CertificateRegistry } from '../libs/eds';
import { createPrismaClient, type PrismaClient } from '../libs/db/prisma';
import { withCheckDigit } from '../libs/iin/iin';
import { feminine, seededRandom } from '../libs/synthetic/people';
import { REGIONS } from '../libs/territory/regions';

export { REGIONS };

export const DISTRICTS: { id: string; regionCode: string; nameRu: string; nameKk: string; locality: string }[] = [
  { id: '7101', regionCode: '71', nameRu: 'район Алматы', nameKk: 'Алматы ауданы', locality: 'Астана' },
  { id: '7102', regionCode: '71', nameRu: 'район Есиль', nameKk: 'Есіл ауданы', locality: 'Астана' },
  { id: '7501', regionCode: '75', nameRu: 'Алмалинский район', nameKk: 'Алмалы ауданы', locality: 'Алматы' },
  { id: '7502', regionCode: '75', nameRu: 'Медеуский район', nameKk: 'Медеу ауданы', locality: 'Алматы' },
  { id: '6201', regionCode: '62', nameRu: 'город Жезказган', nameKk: 'Жезқазған қаласы', locality: 'Жезказган' },
  { id: '6101', regionCode: '61', nameRu: 'Сарыагашский район', nameKk: 'Сарыағаш ауданы', locality: 'Сарыагаш' },
];

const STREETS = ['Абая', 'Сейфуллина', 'Кенесары', 'Республики', 'Достык', 'Тауелсиздик', 'Жибек жолы', 'Байтурсынова'];
const MALE = ['Нурлан', 'Ерлан', 'Асхат', 'Данияр', 'Айбек', 'Серик', 'Алексей', 'Дмитрий', 'Бауыржан', 'Арман'];
const FEMALE = ['Айгуль', 'Гульнара', 'Динара', 'Жанар', 'Мадина', 'Асель', 'Елена', 'Ольга', 'Сауле', 'Аружан'];
const SURNAMES = ['Ахметов', 'Сериков', 'Жумабаев', 'Нурпеисов', 'Касымов', 'Иванов', 'Ким', 'Тулегенов', 'Омаров', 'Смагулов'];
const FATHERS = ['Серик', 'Нурлан', 'Ерлан', 'Кайрат', 'Болат', 'Сергей', 'Марат', 'Ержан'];

function patronymic(father: string, male: boolean): string {
  return `${father}${male ? 'ович' : 'овна'}`;
}

/** IIN for a birth date and sex with a valid check digit (7th digit: century and sex). */
export function makeIin(birth: Date, male: boolean, serial: number): string {
  const yy = String(birth.getUTCFullYear() % 100).padStart(2, '0');
  const mm = String(birth.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(birth.getUTCDate()).padStart(2, '0');
  const century = birth.getUTCFullYear() >= 2000 ? (male ? 5 : 6) : male ? 3 : 4;
  for (let s = serial; ; s += 1) {
    const iin = withCheckDigit(`${yy}${mm}${dd}${century}${String(s % 10000).padStart(4, '0')}`);
    if (iin) return iin;
  }
}

export interface SeedOptions {
  votersPerStation?: number;
  stationsPerDistrict?: number;
  seed?: number;
}

export async function seedDemo(prisma: PrismaClient, options: SeedOptions = {}): Promise<{ voters: number; stations: number }> {
  const votersPerStation = options.votersPerStation ?? 40;
  const stationsPerDistrict = options.stationsPerDistrict ?? 3;
  const random = seededRandom(options.seed ?? 20260101);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];

  for (const r of REGIONS) {
    await prisma.region.upsert({ where: { code: r.code }, create: r, update: { nameRu: r.nameRu, nameKk: r.nameKk, kind: r.kind } });
  }
  let stations = 0;
  let voters = 0;
  const regionStationCounter = new Map<string, number>();
  for (const d of DISTRICTS) {
    const { locality, ...district } = d;
    await prisma.district.upsert({ where: { id: d.id }, create: district, update: { nameRu: d.nameRu, nameKk: d.nameKk } });
    for (let s = 0; s < stationsPerDistrict; s += 1) {
      const number = (regionStationCounter.get(d.regionCode) ?? 0) + 1;
      regionStationCounter.set(d.regionCode, number);
      const station = await prisma.pollingStation.upsert({
        where: { regionCode_number: { regionCode: d.regionCode, number } },
        create: {
          regionCode: d.regionCode, districtId: d.id, number,
          premises: `Школа-гимназия № ${number}`, locality, street: pick(STREETS), house: String(1 + Math.floor(random() * 120)),
        },
        update: {},
      });
      stations += 1;
      const rows = [];
      for (let v = 0; v < votersPerStation; v += 1) {
        const male = random() < 0.48;
        const birth = new Date(Date.UTC(1940 + Math.floor(random() * 66), Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
        const surname = pick(SURNAMES);
        const issued = new Date(Date.UTC(2018 + Math.floor(random() * 8), Math.floor(random() * 12), 1 + Math.floor(random() * 28)));
        rows.push({
          iin: makeIin(birth, male, Math.floor(random() * 10000)),
          surname: male ? surname : feminine(surname),
          firstName: male ? pick(MALE) : pick(FEMALE),
          patronymic: patronymic(pick(FATHERS), male),
          birthDate: birth,
          sex: male ? ('MALE' as const) : ('FEMALE' as const),
          regionCode: d.regionCode,
          districtId: d.id,
          stationId: station.id,
          locality,
          street: pick(STREETS),
          house: String(1 + Math.floor(random() * 200)),
          apartment: random() < 0.6 ? String(1 + Math.floor(random() * 150)) : null,
          // An ID card issued in the last nine years, valid for ten (reconciliation category 2).
          documentNumber: String(100_000_000 + Math.floor(random() * 899_999_999)),
          documentIssuedOn: issued,
          documentExpiresOn: new Date(Date.UTC(issued.getUTCFullYear() + 10, issued.getUTCMonth(), issued.getUTCDate())),
        });
      }
      const created = await prisma.registerVoter.createMany({ data: rows, skipDuplicates: true });
      voters += created.count;
    }
  }
  return { voters, stations };
}

/** The demo accounts' password: TIZIM_DEMO_PASSWORD, else this one (a local demo only: never seed production). */
export const DEMO_PASSWORD = process.env.TIZIM_DEMO_PASSWORD?.trim() || 'tizim-demo-password';

/**
 * One demo official per role and territory: admin, coordinator, regional.<region>,
 * migration.<region>, commission.<district>, registrar.<district>, all with DEMO_PASSWORD. Existing accounts are left
 * as they are (a changed password stays changed).
 */
export async function seedDemoUsers(prisma: PrismaClient, password = DEMO_PASSWORD): Promise<string[]> {
  const accounts: { username: string; fullName: string; role: 'ADMIN' | 'CEC_COORDINATOR' | 'REGIONAL_COMMISSION' | 'DISTRICT_COMMISSION' | 'AKIMAT_REGISTRAR' | 'MIGRATION_OFFICER'; regionCode?: string; districtId?: string }[] = [
    { username: 'admin', fullName: 'Администратор Tizim', role: 'ADMIN' },
    { username: 'coordinator', fullName: 'Координатор ЦИК', role: 'CEC_COORDINATOR' },
    ...[...new Set(DISTRICTS.map((d) => d.regionCode))].flatMap((code) => [
      { username: `regional.${code}`, fullName: `Областная комиссия ${code}`, role: 'REGIONAL_COMMISSION' as const, regionCode: code },
      { username: `migration.${code}`, fullName: `Миграционная служба ${code}`, role: 'MIGRATION_OFFICER' as const, regionCode: code },
    ]),
    ...DISTRICTS.flatMap((d) => [
      { username: `commission.${d.id}`, fullName: `ТИК: ${d.nameRu}`, role: 'DISTRICT_COMMISSION' as const, regionCode: d.regionCode, districtId: d.id },
      { username: `registrar.${d.id}`, fullName: `Регистратор акимата: ${d.nameRu}`, role: 'AKIMAT_REGISTRAR' as const, regionCode: d.regionCode, districtId: d.id },
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
  execFileSync('openssl', ['req', '-x509', '-new', '-key', keyPath, '-out', certPath, '-days', '3650', '-sha256', '-utf8', '-subj', `/CN=${username}/O=Tizim demo`], { stdio: 'pipe' });
  return { keyPath, certPath };
}

/** A demo person's IIN, written to a file in `keysDir` (readable by its owner only): no IIN goes to any output. */
export function writeDemoIin(keysDir: string, name: string, iin: string): void {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(keysDir, `${name}.iin.txt`), `${iin}\n`, { mode: 0o600 });
}

/** The demo precinct member: username, the IIN they sign in with, and where their key files are. */
export const DEMO_MEMBER = { username: 'member.7101.1', iin: makeIin(new Date(Date.UTC(1985, 2, 1)), true, 1001) } as const;

/**
 * A precinct member of the first station of district 7101 with an ECDSA P-256 key and a
 * self-signed certificate (openssl, ten years) registered for them, the key and certificate written
 * to `keysDir` so the console's EDS sign-in can be tried; and a practice voting day for today
 * (Asia/Almaty, the whole day) when none is declared. A local demo only: never seed production.
 */
export async function seedDemoVotingDay(prisma: PrismaClient, keysDir: string, tokenSecret: string, password = DEMO_PASSWORD): Promise<string[]> {
  const done: string[] = [];
  const today = localDateTimeOf(Date.now()).date;
  const declared = await prisma.votingDay.findUnique({ where: { date: new Date(today) } });
  if (!declared) {
    await prisma.votingDay.create({
      data: { id: randomUUID(), date: new Date(today), name: 'Учебный день голосования (демо)', opensAt: new Date(instantAt(today, 0)), closesAt: new Date(instantAt(today, 24 * 60 - 1)), createdBy: 'seed', createdAt: new Date() },
    });
    done.push(`practice voting day ${today}`);
  }
  if (await prisma.user.findUnique({ where: { username: DEMO_MEMBER.username } })) return done;
  const station = await prisma.pollingStation.findFirstOrThrow({ where: { districtId: '7101' }, orderBy: { number: 'asc' } });
  const { certPath } = demoKeyAndCertificate(keysDir, DEMO_MEMBER.username);
  const id = randomUUID();
  const now = new Date();
  await prisma.user.create({
    data: {
      id, username: DEMO_MEMBER.username, fullName: 'Член УИК (демо)', role: 'PRECINCT_MEMBER', regionCode: station.regionCode, districtId: station.districtId,
      stationId: station.id, iinHmac: iinHmac(tokenSecret, DEMO_MEMBER.iin), passwordHash: await hashPassword(password), createdAt: now, createdBy: 'seed', updatedAt: now,
    },
  });
  await new CertificateRegistry(prisma).register({
    pem: readFileSync(certPath, 'utf8'), holder: id, holderName: 'Член УИК (демо)', holderRole: 'PRECINCT_MEMBER', registeredBy: 'seed', at: now.toISOString(),
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
      pem: readFileSync(certPath, 'utf8'), holder: officer.id, holderName: officer.fullName, holderRole: 'MIGRATION_OFFICER', registeredBy: 'seed', at: new Date().toISOString(),
    });
  }
  const citizen = await prisma.registerVoter.findFirstOrThrow({ where: { districtId: '7101' }, orderBy: { iin: 'desc' } });
  if (!(await prisma.idCardApplication.findFirst({ where: { iin: citizen.iin } }))) {
    const expires = addDays(localDateTimeOf(Date.now()).date, 20);
    await prisma.registerVoter.update({
      where: { iin: citizen.iin },
      data: { documentNumber: citizen.documentNumber ?? '040000001', documentIssuedOn: new Date(`${addDays(expires, -3652)}T00:00:00Z`), documentExpiresOn: new Date(`${expires}T00:00:00Z`) },
    });
  }
  writeDemoIin(keysDir, 'id-card-citizen', citizen.iin);
  return { citizenIin: citizen.iin };
}

/**
 * A demo property for the owner's view: the home of the first register voter of district 7101,
 * owned by them. Returns the owner's IIN and the cadastral number (a local demo only).
 */
export async function seedDemoProperty(prisma: PrismaClient): Promise<{ ownerIin: string; cadastralNumber: string }> {
  const owner = await prisma.registerVoter.findFirstOrThrow({ where: { districtId: '7101' }, orderBy: { iin: 'asc' } });
  const cadastralNumber = '21:320:001:1001';
  await prisma.propertyRecord.upsert({
    where: { cadastralNumber },
    create: { cadastralNumber, ownerIin: owner.iin, regionCode: owner.regionCode, districtId: owner.districtId, locality: owner.locality, street: owner.street, house: owner.house, apartment: owner.apartment },
    update: {},
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
    .then(({ voters, stations }) => process.stdout.write(`seeded ${REGIONS.length} regions, ${DISTRICTS.length} districts, ${stations} stations, ${voters} new register voters\n`))
    .then(() => seedDemoUsers(prisma))
    .then((users) => process.stdout.write(`demo accounts created: ${users.length ? users.join(', ') : 'none (all exist)'}\n`))
    .catch((err: Error) => {
      process.stderr.write(`seed failed: ${err.message}\n`);
      process.exitCode = 1;
    })
    .finally(() => prisma.$disconnect());
}
