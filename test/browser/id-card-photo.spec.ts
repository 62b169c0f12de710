/**
 * The migration officer checks what the review screen asks about (Chromium against the local
 * stack): a citizen applies through the portal and uploads their photo (PNG) and handwritten
 * signature (JPEG) through the citizen API; the officer of the region opens the application and
 * sees both images, each read through the audited route with the screen's reason; an officer of
 * another region is refused them; the officer approves with their EDS key file and is told so in
 * words, with focus on it; «Проверил» names the officer and their role, never an id. Russian and
 * Kazakh screenshots go to test-output/screenshots/.
 *
 * Region 39 (Костанай), which no other suite's ID-card applications use.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addDays, localDateTimeOf } from '../../libs/calendar';
import { testSigner } from '../support/certificates';
import { ensureCalendarYears, eventually } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { inRegister } from '../support/register';
import { TEST_PORTAL_TOKEN } from '../support/test-env';
import { votingDayPlace } from '../support/voting-day-fixture';

const REGION = '39';
const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'id-card photo test password';
const OFFICER_NAME = 'Жумабекова Айгерим Саматовна';

const stack = useLocalStack();
let browser: Browser;
const users: Record<string, { id: string; username: string }> = {};

async function account(key: string, role: string, regionCode: string, fullName: string): Promise<void> {
  const username = `${key}.${Date.now().toString(36)}`;
  const created = await stack.call('POST', '/v1/users', { username, fullName, password: PASSWORD, role, regionCode });
  expect(created.status).toBe(201);
  users[key] = { id: created.body.id, username };
}

async function signedIn(key: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU' });
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill(users[key].username);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('button', { name: 'Выйти' }).waitFor();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** A portrait and a signature as a portal's camera and signature pad would give them, drawn in Chromium. */
async function images(): Promise<{ photo: Buffer; signature: Buffer }> {
  const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
  await page.setContent(`<body style="margin:0;background:#fff">
    <div id="photo" style="width:150px;height:200px;background:#dbe4ee;position:relative;overflow:hidden">
      <div style="position:absolute;left:45px;top:30px;width:60px;height:75px;border-radius:50%;background:#c8a27c"></div>
      <div style="position:absolute;left:20px;top:115px;width:110px;height:110px;border-radius:50% 50% 0 0;background:#2f4858"></div>
    </div>
    <div id="signature" style="width:240px;height:80px;background:#fff;font:italic 34px serif;color:#1e3a8a;padding:10px">Жумабаев</div>
  </body>`);
  const photo = await page.locator('#photo').screenshot({ type: 'png' });
  const signature = await page.locator('#signature').screenshot({ type: 'jpeg', quality: 90 });
  await page.close();
  return { photo, signature };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe("the ID-card review shows the citizen's photo and signature", () => {
  it('shows both images through the audited route, refuses another region, and confirms the approval by name', async () => {
    const today = localDateTimeOf(Date.now()).date;
    await ensureCalendarYears(stack.prisma, [Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1]);
    const place = await votingDayPlace(stack.prisma, REGION);
    await account('officer', 'MIGRATION_OFFICER', REGION, OFFICER_NAME);
    await account('elsewhere', 'MIGRATION_OFFICER', '75', 'Другой Сотрудник Миграционной');
    const signer = testSigner('p256', `Миграционная служба ${REGION}`);
    const cert = await stack.call('POST', '/v1/certificates', {
      pem: signer.pem,
      holder: users.officer.id,
      holderName: OFFICER_NAME,
      holderRole: 'migration-officer',
    });
    expect(cert.status).toBe(201);
    const keys = mkdtempSync(join(tmpdir(), 'tizim-officer-'));
    writeFileSync(join(keys, 'officer.key.pem'), signer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(keys, 'officer.cert.pem'), signer.pem);

    // The citizen applies through the portal, then sends the photo and the signature the portal took.
    const { iin } = await place.inside();
    await stack.prisma.registerVoter.update({
      where: inRegister(iin),
      data: {
        documentNumber: `0${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        documentIssuedOn: new Date('2016-12-01'),
        documentExpiresOn: new Date(`${addDays(today, 15)}T00:00:00Z`),
      },
    });
    const portal = { Authorization: `Bearer ${TEST_PORTAL_TOKEN}`, 'X-Citizen-IIN': iin };
    const json = { ...portal, 'Content-Type': 'application/json' };
    const fee = await stack.call('POST', '/v1/citizen/state-fees', { amountTenge: 1474 }, json);
    const applied = await stack.call(
      'POST',
      '/v1/citizen/id-card/applications',
      { reason: 'EXPIRY', regionCode: REGION, feePaymentId: fee.body.id },
      json,
    );
    expect(applied.body.status).toBe('PENDING_REVIEW');
    const id: string = applied.body.id;
    const ticket: string = applied.body.ticketNumber;
    await eventually(
      'the review deadline',
      async () => (await stack.prisma.idCardApplication.findUniqueOrThrow({ where: { id } })).reviewDueAt,
    );
    const put = async (kind: string, bytes: Buffer | string, name: string) => {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(Buffer.from(bytes))]), name);
      const res = await fetch(`${stack.base}/v1/citizen/id-card/applications/${id}/images/${kind}`, {
        method: 'PUT',
        headers: portal,
        body: form,
      });
      return { status: res.status, body: (await res.json()) as { code?: string } };
    };
    const { photo, signature } = await images();
    // Not an image: refused by its bytes, by code.
    expect(await put('photo', 'this is not a photo', 'photo.jpg')).toMatchObject({
      status: 415,
      body: { code: 'citizen.image-type' },
    });
    expect((await put('photo', photo, 'photo.png')).status).toBe(200);
    expect((await put('signature', signature, 'signature.jpg')).status).toBe(200);
    expect(await stack.prisma.idCardApplication.findUniqueOrThrow({ where: { id } })).toMatchObject({
      photoType: 'image/png',
      signatureType: 'image/jpeg',
    });

    const page = await signedIn('officer');
    await page.getByRole('button', { name: `Открыть заявку с талоном ${ticket}` }).click();
    const card = page.locator(`article[data-application="${id}"]`);
    await card.waitFor();
    await card.getByRole('heading', { name: 'Фотография и подпись заявителя' }).waitFor();
    const photoImg = card.getByRole('img', { name: 'Фотография заявителя' });
    const signatureImg = card.getByRole('img', { name: 'Подпись заявителя' });
    await photoImg.waitFor();
    await signatureImg.waitFor();
    // The images the citizen sent, decoded by the browser at their own size.
    await expect(photoImg.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).resolves.toBe(150);
    await expect(signatureImg.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).resolves.toBe(260);
    await shot(page, '50-id-card-photo-signature-ru');

    // Each read audited once, with the screen's reason.
    const reads = await stack.prisma.auditEvent.findMany({
      where: { subjectId: id, action: { in: ['id-card.photo.read', 'id-card.signature.read'] } },
    });
    expect(reads.map((r) => [r.action, r.actor, r.reason]).sort()).toEqual([
      ['id-card.photo.read', users.officer.id, 'console: photo and signature check'],
      ['id-card.signature.read', users.officer.id, 'console: photo and signature check'],
    ]);

    await page.getByLabel('Язык').selectOption('kk');
    await card.getByRole('heading', { name: 'Өтініш берушінің фотосуреті мен қолтаңбасы' }).waitFor();
    await card.getByRole('img', { name: 'Өтініш берушінің фотосуреті' }).waitFor();
    await shot(page, '51-id-card-photo-signature-kk');
    await page.getByLabel('Тіл').selectOption('ru');
    // The language changed, not the application: no further read.
    expect(
      await stack.prisma.auditEvent.count({
        where: { subjectId: id, action: { in: ['id-card.photo.read', 'id-card.signature.read'] } },
      }),
    ).toBe(2);

    // An officer of another region is refused the images (and the refusal is audited).
    const other = await signedIn('elsewhere');
    const status = await other.evaluate(async (url) => {
      const store = (globalThis as unknown as { sessionStorage: { getItem(k: string): string } }).sessionStorage;
      const tokens = JSON.parse(store.getItem('tizim.tokens')) as { accessToken: string };
      return (await fetch(url, { headers: { Authorization: `Bearer ${tokens.accessToken}` } })).status;
    }, `/v1/id-card/applications/${id}/images/photo`);
    expect(status).toBe(403);
    await other.close();

    // Approval with EDS, confirmed in words; «Проверил» names the officer.
    await card.getByRole('button', { name: 'Показать текст для подписи' }).click();
    await card.locator('pre.signed').waitFor();
    const choose = async (label: string, file: string) => {
      const chooser = page.waitForEvent('filechooser');
      await card.locator('label.file-pick', { hasText: label }).click();
      await (await chooser).setFiles(join(keys, file));
    };
    await choose('Файл ключа ЭЦП (PKCS#8, PEM)', 'officer.key.pem');
    await choose('Файл сертификата (PEM)', 'officer.cert.pem');
    await card.getByRole('button', { name: 'Подписать ЭЦП и направить на изготовление' }).click();
    const confirmation = card.locator('p[data-decided="IN_PRODUCTION"]');
    await confirmation.waitFor();
    await expect(confirmation.textContent()).resolves.toBe(
      `Заявка по талону № ${ticket} одобрена и направлена на изготовление удостоверения.`,
    );
    await expect(card.locator('p[data-decided]:focus').count()).resolves.toBe(1);
    await expect(card.locator('[data-reviewer]').textContent()).resolves.toMatch(
      new RegExp(`^${OFFICER_NAME} \\(сотрудник миграционной службы, вы\\) · \\d{2}\\.\\d{2}\\.\\d{4}`),
    );
    await expect(card.textContent()).resolves.not.toContain(users.officer.id.slice(0, 8));
    await shot(page, '52-id-card-approved-ru');
    await page.getByLabel('Язык').selectOption('kk');
    await card.getByText(`№ ${ticket} талон бойынша өтінім мақұлданып, куәлікті дайындауға жіберілді.`).waitFor();
    await expect(card.locator('[data-reviewer]').textContent()).resolves.toContain(
      `${OFFICER_NAME} (көші-қон қызметінің қызметкері, сіз)`,
    );
    await shot(page, '53-id-card-approved-kk');
    await page.close();
  });
});
