/**
 * Issue 27 in Chromium: the console signs through NCALayer — here the stand-in NCALayer
 * (test/support/ncalayer-stand-in.ts, not NCA's) holding PKCS#12 key stores of the local test CA
 * shaped like NCA RK's (test/support/nca-test-ca.ts), as an official keeps AUTH_RSA256_….p12 and
 * RSA256_….p12. The API verifies the CMS against that CA (TIZIM_EDS_TRUST_DIR), asks the local
 * `openssl ocsp` responder and stamps the act with the TSA stand-in.
 *
 * An akimat registrar, whose account carries the IIN of the certificates, first finds NCALayer not
 * running and reads what to do, then cancels in NCALayer and reads that, then signs in with the
 * AUTH key; on the act the operator declared and received in their name, they sign with the SIGN
 * key. Then a migration officer (their own signing key in NCALayer now) approves a citizen's
 * ID-card application. Screenshots: test-output/screenshots/ncalayer-ru-NN-<step>.png.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { Client } from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadTerritory } from '../../libs/db/synthetic/load';
import { addDays, localDateTimeOf } from '../../libs/calendar';
import { makeIin } from '../../libs/synthetic/demo';
import { appendix1Csv, appendix1Fields, voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { ensureCalendarYears, eventually, OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStackOnOwnDatabase } from '../support/local-stack';
import {
  AUTH_EKU,
  NcaTestCa,
  OcspResponder,
  ROLE_INDIVIDUAL,
  SIGN_EKU,
  closeServer,
  freePort,
  tsaStandIn,
} from '../support/nca-test-ca';
import { NcaLayerStandIn } from '../support/ncalayer-stand-in';
import { inRegister } from '../support/register';
import { TEST_PORTAL_TOKEN } from '../support/test-env';
import { votingDayPlace } from '../support/voting-day-fixture';

const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'ncalayer console password';
const SPEC: ScenarioSpec = {
  seed: 4703,
  referenceDate: '2026-06-28',
  period: '2036-07',
  regions: [
    {
      code: '47',
      stationBase: 950,
      districts: [
        {
          id: 'syn47-n',
          nameRu: 'Район Жаңаөзен',
          nameKk: 'Жаңаөзен ауданы',
          locality: 'Жаңаөзен',
          slot: 48,
          stations: [15, 10],
        },
      ],
    },
  ],
};
const DISTRICT = 'syn47-n';
const username = 'akimat.ncalayer';
// Made up; the account and both certificates carry it.
const IIN = makeIin(new Date(Date.UTC(1986, 2, 14)), false, 2741);
const OFFICER_IIN = makeIin(new Date(Date.UTC(1981, 8, 2)), true, 3817);

// The test CA, its responders and NCALayer come first: the stack's settings name their addresses.
let ca: NcaTestCa;
let ocsp: OcspResponder;
let tsa: { url: string; server: Server };
let nca: NcaLayerStandIn;
let officerSign: { file: string; password: string };
beforeAll(async () => {
  ca = new NcaTestCa();
  const port = await freePort();
  const ocspUrl = `http://127.0.0.1:${port}`;
  const auth = ca.holder('auth', { iin: IIN, eku: [AUTH_EKU, ROLE_INDIVIDUAL], ocspUrl });
  const sign = ca.holder('sign', { iin: IIN, eku: [SIGN_EKU, ROLE_INDIVIDUAL], ocspUrl });
  const officer = ca.holder('officer-sign', { iin: OFFICER_IIN, eku: [SIGN_EKU, ROLE_INDIVIDUAL], ocspUrl });
  officerSign = { file: ca.p12(officer, 'Officer-pass 1'), password: 'Officer-pass 1' };
  ocsp = new OcspResponder(ca);
  await ocsp.start(port);
  tsa = await tsaStandIn(ca);
  nca = new NcaLayerStandIn([
    { file: ca.p12(auth, 'Auth-pass 1'), password: 'Auth-pass 1' },
    { file: ca.p12(sign, 'Sign-pass 1'), password: 'Sign-pass 1' },
  ]);
  await nca.start();
});

const { stack } = useLocalStackOnOwnDatabase('ncalayer_console', {
  // Getters: read when the stack starts, after the servers above listen.
  config: {
    get TIZIM_EDS_TRUST_DIR() {
      return ca.trustDir;
    },
    get TIZIM_EDS_TSA_TRUST_DIR() {
      return ca.tsaTrustDir;
    },
    get TIZIM_EDS_OCSP_URL() {
      return ocsp.url;
    },
    get TIZIM_EDS_TSA_URL() {
      return tsa.url;
    },
    get TIZIM_EDS_NCALAYER_URL() {
      return nca.url;
    },
  },
});

let browser: Browser;
let registrarId: string;
let actId: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const client = new Client({ connectionString: stack.config.databaseUrl });
  await client.connect();
  try {
    await loadTerritory(client, SPEC);
  } finally {
    await client.end();
  }
  // The registrar's account carries the holder's IIN, as issue 27 binds every official to theirs.
  const created = await stack.call('POST', '/v1/users', {
    username,
    fullName: 'Тестов Арман',
    password: PASSWORD,
    role: 'AKIMAT_REGISTRAR',
    districtId: DISTRICT,
    iin: IIN,
  });
  expect(created.status).toBe(201);
  registrarId = created.body.id;
  actId = await receivedAct();
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await nca?.close();
  await ocsp?.stop();
  if (tsa) await closeServer(tsa.server);
  ca?.close();
});

/** The district's voter file accepted, the act declared in the registrar's name and received (operator). */
async function receivedAct(): Promise<string> {
  const csv = appendix1Csv([...voterFile(SPEC, DISTRICT)].map((r) => appendix1Fields(r)));
  const form = new FormData();
  for (const [k, v] of Object.entries({ period: SPEC.period, districtId: DISTRICT, kind: 'voters' })) form.set(k, v);
  form.set('file', new Blob([new Uint8Array(Buffer.from(csv))]), 'izbirateli_syn47-n.csv');
  const res = await fetch(`${stack.base}/v1/files`, {
    method: 'POST',
    headers: { Authorization: OPERATOR_HEADERS.Authorization },
    body: form,
  });
  expect(res.status).toBe(202);
  const { id: fileId } = (await res.json()) as { id: string };
  await eventually(
    `file ${fileId} accepted`,
    async () => ((await stack.call('GET', `/v1/files/${fileId}`)).body.status === 'ACCEPTED' ? true : null),
    60_000,
  );
  const declared = await stack.call('POST', '/v1/transfer-acts', {
    period: SPEC.period,
    districtId: DISTRICT,
    number: '47-N/1',
    akimat: { holder: registrarId, name: 'Тестов Арман', position: 'главный специалист отдела регистрации' },
    files: [
      {
        kind: 'voters',
        name: 'izbirateli_syn47-n.csv',
        sizeBytes: Buffer.byteLength(csv),
        records: 25,
        sha256: createHash('sha256').update(csv).digest('hex'),
      },
    ],
  });
  expect(declared.status).toBe(201);
  const received = await stack.call('POST', `/v1/transfer-acts/${declared.body.id}/receipt`, {
    commission: { holder: 'commission-syn47-n', name: 'Петров Алексей', position: 'секретарь комиссии' },
  });
  expect(received.status).toBe(200);
  return declared.body.id as string;
}

let shot = 0;
const screenshot = (page: Page, step: string) =>
  page.screenshot({ path: join(SHOTS, `ncalayer-ru-${String(++shot).padStart(2, '0')}-${step}.png`), fullPage: true });

test('signs in and signs a transfer act through NCALayer; not running and cancelled are said in Russian', async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'ru-RU' });
  await page.goto(`${stack.base}/console/`);
  await page.getByRole('button', { name: 'Вход с ЭЦП (NCALayer)' }).click();
  await page.getByRole('heading', { name: 'Вход с ЭЦП' }).waitFor();
  await page.getByLabel('Имя пользователя').fill(username);
  await page.getByLabel('Пароль').fill(PASSWORD);
  const signIn = page.getByRole('button', { name: 'Подписать в NCALayer и войти' });

  // NCALayer is not running: where to start it, where to get it; nothing in English.
  await nca.stop();
  await signIn.click();
  const alert = page.locator('[data-ncalayer]');
  await alert.waitFor();
  expect(await alert.getAttribute('data-ncalayer')).toBe('not-running');
  expect(await alert.innerText()).toMatch(/^NCALayer не отвечает\. Запустите NCALayer .*pki\.gov\.kz\.$/);
  await screenshot(page, 'not-running');

  // Running again; the official closes its window without signing.
  await nca.start();
  nca.behaviour = 'cancel';
  await signIn.click();
  await page.locator('[data-ncalayer="cancelled"]').waitFor();
  expect(await alert.innerText()).toBe(
    'Вы отменили подпись в NCALayer: ничего не отправлено. Чтобы продолжить, нажмите кнопку ещё раз и выберите ключ.',
  );
  await screenshot(page, 'cancelled');

  // Signed with the AUTH key: the console opens.
  nca.behaviour = 'sign';
  await signIn.click();
  await page.getByRole('button', { name: 'Выйти' }).waitFor();
  expect(nca.calls.at(-1)?.args).toMatchObject({
    format: 'cms',
    signingParams: { encapsulate: true },
    signerParams: { extKeyUsageOids: [AUTH_EKU] },
    locale: 'ru',
  });
  await screenshot(page, 'signed-in');

  // The act, signed with the SIGN key: the API verifies, stamps and shows the signature.
  await page.goto(`${stack.base}/console/#/acts?period=${SPEC.period}&district=${DISTRICT}&act=${actId}`);
  await page.getByRole('heading', { name: 'Подписать акт ЭЦП (акимат)' }).waitFor();
  await screenshot(page, 'act-to-sign');
  await page.getByRole('button', { name: 'Подписать в NCALayer', exact: true }).click();
  await page.getByText('Подпись (акимат) проверена и принята.').waitFor();
  expect(nca.calls.at(-1)?.args).toMatchObject({
    signerParams: { extKeyUsageOids: [SIGN_EKU] },
    locale: 'ru',
  });
  // The TSA's stamp is shown beside the signature.
  expect(await page.locator('[data-signature="akimat"]').innerText()).toMatch(/метка времени \d{2}\.\d{2}\.\d{4}/);
  await screenshot(page, 'act-signed');
  const act = await stack.call('GET', `/v1/transfer-acts/${actId}`);
  expect(act.body.signatures).toEqual([
    expect.objectContaining({ side: 'akimat', timestamp: expect.objectContaining({ time: expect.any(String) }) }),
  ]);
  await page.close();
});

test('the migration officer approves an ID-card application through NCALayer with their signing key', async () => {
  const REGION = '39';
  const today = localDateTimeOf(Date.now()).date;
  await ensureCalendarYears(stack.prisma, [Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1]);
  const place = await votingDayPlace(stack.prisma, REGION);
  const officer = await stack.call('POST', '/v1/users', {
    username: 'officer.ncalayer',
    fullName: 'Жумабекова Айгерим',
    password: PASSWORD,
    role: 'MIGRATION_OFFICER',
    regionCode: REGION,
    iin: OFFICER_IIN,
  });
  expect(officer.status).toBe(201);

  // The citizen applies through the portal with a photo and a signature image.
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
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'ru-RU' });
  const image = async (kind: string, type: 'png' | 'jpeg') => {
    await page.setContent(`<div id="i" style="width:150px;height:200px;background:#c8a27c"></div>`);
    const bytes = await page.locator('#i').screenshot({ type });
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(bytes)]), `${kind}.${type}`);
    const res = await fetch(`${stack.base}/v1/citizen/id-card/applications/${id}/images/${kind}`, {
      method: 'PUT',
      headers: portal,
      body: form,
    });
    expect(res.status).toBe(200);
  };
  await image('photo', 'png');
  await image('signature', 'jpeg');

  // Another official at the computer: NCALayer now holds the officer's signing key.
  nca.setStores([officerSign]);
  nca.behaviour = 'sign';
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill('officer.ncalayer');
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти', exact: true }).click();
  await page.getByRole('button', { name: `Открыть заявку с талоном ${ticket}` }).click();
  const card = page.locator(`article[data-application="${id}"]`);
  await card.getByRole('button', { name: 'Показать текст для подписи' }).click();
  await card.locator('pre.signed').waitFor();
  await card.getByRole('button', { name: 'Подписать в NCALayer и направить на изготовление' }).click();
  const confirmation = card.locator('p[data-decided="IN_PRODUCTION"]');
  await confirmation.waitFor();
  expect(await confirmation.textContent()).toBe(
    `Заявка по талону № ${ticket} одобрена и направлена на изготовление удостоверения.`,
  );
  expect(nca.calls.at(-1)?.args).toMatchObject({ signerParams: { extKeyUsageOids: [SIGN_EKU] }, locale: 'ru' });
  await screenshot(page, 'id-card-approved');
  await page.close();
});
