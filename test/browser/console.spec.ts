/**
 * The web console in a real browser (Debian's Chromium driven by playwright-core) against the local
 * stack, the console served by the API exactly as in production: a coordinator sees an at-risk
 * region and acknowledges its escalation; a registrar uploads a broken file, reads why it was
 * refused, then a good one; an admin opens a workflow's history; a precinct member signs in with
 * their EDS key, includes one applicant and rejects another; a migration officer approves an
 * ID-card application with their EDS key file, annuls another, and hands the card out by ticket
 * once the admin (as the production node) has marked it made; on the tasks screen a registrar
 * claims their submission task and completes it with the transfer act chosen from a list, the
 * regional commission sees the region's tasks with no claim offered on another role's, and the
 * district commission accepts the discrepancies; a coordinator starts a period that has not begun
 * from the board. Screenshots of each main screen go to test-output/screenshots/.
 *
 * Region 19, which no other suite uses, gets two districts for the cycle (removed at the end); the
 * voting-day precinct is a district of its own in region 23, the ID-card applicants live in one of
 * region 75 (its migration service reviews them). A regional margin of five working
 * days makes the period's chain miss the CEC deadline, so region 19 is at risk from the start.
 *
 * The board's start button is pressed for 2040-07, which no other suite uses (nor its calendar
 * year: calendar.spec.ts keeps 2041 and 2043 for itself): starting a period starts the workflows
 * of every region with districts on record, and their tasks stay in the run's shared database.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addDays, calendarYearsFor, localDateTimeOf, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { APPENDIX1_FIELD_NAMES } from '../../libs/files/appendix1';
import { appendix1Csv, appendix1Fields, voterFile, type ScenarioSpec } from '../../libs/synthetic/scenario';
import { tizimDataConverter } from '../../libs/temporal/codec';
import { districtCycleWorkflowId, nationalCycleWorkflowId, nationalStateQuery } from '../../libs/contracts/cycle';
import { testSigner } from '../support/certificates';
import { ensureCalendarYears, eventually, OPERATOR_HEADERS } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';
import { designateMember, districtCommission, MEMBER_PASSWORD } from '../support/members';
import { TEST_PORTAL_TOKEN } from '../support/test-env';
import { votingDayPlace, votingDayRow } from '../support/voting-day-fixture';
import { findRegisterPerson } from '../../libs/db/register/read';
import { inRegister, withStations } from '../support/register';

const period = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
const REGION = '19';
const DISTRICTS = [
  ['1901', 'Илийский район', 'Іле ауданы'],
  ['1902', 'Талгарский район', 'Талғар ауданы'],
] as const;
const FAR_PERIOD = '2040-07';
const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'console test password';
/** Deadlines as the console must write them: in Asia/Almaty, whatever the browser's zone. */
const inAlmaty = (at: Date) =>
  new Intl.DateTimeFormat('ru-RU', {
    timeZone: 'Asia/Almaty',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);

const stack = useLocalStack({
  config: { TIZIM_REGIONAL_MARGIN_DAYS: '5' },
  beforeStart: async (s) => {
    await ensureCalendarYears(s.prisma, [
      ...calendarYearsFor(parsePeriod(period)),
      ...calendarYearsFor(parsePeriod(FAR_PERIOD)),
    ]);
    for (const [id, nameRu, nameKk] of DISTRICTS)
      await s.prisma.district.upsert({ where: { id }, create: { id, regionCode: REGION, nameRu, nameKk }, update: {} });
  },
  beforeStop: async (s) => {
    for (const p of [period, FAR_PERIOD])
      await s.env.client.workflow
        .getHandle(nationalCycleWorkflowId(p))
        .terminate('test over')
        .catch(() => undefined);
    await s.prisma.district.deleteMany({ where: { id: { in: DISTRICTS.map(([id]) => id) } } });
  },
});

let browser: Browser;
const accounts: Record<string, { id: string; username: string }> = {};

/** Creates an official, remembered by their role (or by `key` when a role has several here). */
async function account(
  username: string,
  role: string,
  territory: Record<string, string> = {},
  key = role,
): Promise<void> {
  const created = await stack.call('POST', '/v1/users', {
    username,
    fullName: `Тест ${username}`,
    password: PASSWORD,
    role,
    ...territory,
  });
  expect(created.status).toBe(201);
  accounts[key] = { id: created.body.id, username };
}

async function signedIn(who: string, options: { timezoneId?: string } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU', ...options });
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill(accounts[who].username);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('button', { name: 'Выйти' }).waitFor();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  await account(`coordinator.console`, 'CEC_COORDINATOR');
  await account(`admin.console`, 'ADMIN');
  await account(`registrar.console`, 'AKIMAT_REGISTRAR', { districtId: '1901' });
  await account(`registrar.console.1902`, 'AKIMAT_REGISTRAR', { districtId: '1902' }, 'REGISTRAR_1902');
  await account(`commission.console.1902`, 'DISTRICT_COMMISSION', { districtId: '1902' }, 'COMMISSION_1902');
  await account(`regional.console`, 'REGIONAL_COMMISSION', { regionCode: REGION });
  expect((await stack.call('POST', '/v1/cycles', { period })).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
});

describe('the web console in Chromium', () => {
  it('serves the console, and shows each official only the screens the API allows', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${stack.base}/`);
    expect(res?.url()).toBe(`${stack.base}/console/`);
    await page.getByRole('heading', { name: 'Вход' }).waitFor();
    await shot(page, '01-sign-in');
    await page.close();

    const registrar = await signedIn('AKIMAT_REGISTRAR');
    const nav = await registrar.getByRole('navigation').getByRole('link').allTextContents();
    expect(nav).toEqual(['Мои задачи', 'Файлы акиматов', 'Акты приёма-передачи', 'Уведомления', 'Почта', 'Сеансы']);
    await registrar.close();
  });

  it('a coordinator sees the at-risk region and acknowledges its escalation', async () => {
    await eventually(
      'region 19 at risk with two escalations',
      async () => {
        const r = (await stack.call('GET', `/v1/board?period=${period}&regionCode=${REGION}`)).body.regions?.[0];
        return r?.atRisk && r.escalations.open === 2;
      },
      60_000,
    );
    const page = await signedIn('CEC_COORDINATOR');
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual([
      'Сроки по регионам',
      'Мои задачи',
      'Файлы акиматов',
      'Акты приёма-передачи',
      'Сводный файл',
      'Дополнительный список',
      'Дни голосования',
      'Переданные обращения',
      'Процессы',
      'Уведомления',
      'Инциденты безопасности',
      'Почта',
      'Сеансы',
    ]);
    await page.goto(`${stack.base}/console/#/board?period=${period}`);
    const row = page.locator(`tr[data-region="${REGION}"]`);
    await row.waitFor();
    // The region is at risk, said once with what to do; each step says its own deadline's state.
    await expect(row.textContent()).resolves.toContain('Под угрозой');
    await expect(row.locator('[data-sentence]').textContent()).resolves.toMatch(/^Цепочка сроков заканчивается/);
    await shot(page, '02-board');

    await row.getByRole('link').click();
    const escalation = page.locator('tr[data-escalation]').first();
    await escalation.waitFor();
    const id = await escalation.getAttribute('data-escalation');
    await escalation.getByLabel('Комментарий').fill('Звонили в акимат: файлы в понедельник');
    // The region and its districts on the working-day calendar: each deadline in its lane, the
    // New Year and Christmas days off named, the escalation drawn on the district's lane.
    const lane = page.locator('tr[data-lane="1901"]');
    await expect(lane.locator('td[title*="Представление сведений: в срок"]').count()).resolves.toBe(1);
    await expect(lane.locator('td[title*="эскалация поднята"]').count()).resolves.toBe(1);
    const year = period.slice(0, 4);
    const daysOff = period.endsWith('-01')
      ? new RegExp(`01\\.01\\.${year} — Новый год.*07\\.01\\.${year} — Православное Рождество`)
      : new RegExp(`06\\.07\\.${year} — День Столицы`);
    await expect(page.getByText('Выходные и праздничные дни в этом окне').textContent()).resolves.toMatch(daysOff);
    await expect(escalation.textContent()).resolves.toContain('по прогнозу срок представления в ЦИК будет пропущен');
    await escalation.getByRole('button', { name: 'Принять к сведению' }).click();
    await page.locator(`tr[data-escalation="${id}"]`, { hasText: 'принята к сведению' }).waitFor();
    // Acknowledged once: offering it again would only earn a refusal from the API.
    await expect(
      page.locator(`tr[data-escalation="${id}"]`).getByRole('button', { name: 'Принять к сведению' }).count(),
    ).resolves.toBe(0);
    await shot(page, '03-region-timeline-escalations');
    const record = await stack.prisma.escalation.findUniqueOrThrow({ where: { id: id! } });
    expect(record).toMatchObject({
      acknowledgedBy: accounts.CEC_COORDINATOR.id,
      acknowledgedComment: 'Звонили в акимат: файлы в понедельник',
    });

    // The same screen in Kazakh.
    await page.getByLabel('Язык').selectOption('kk');
    await page.getByRole('heading', { name: 'Өңірлер бойынша мерзімдер' }).waitFor();
    await expect(page.locator(`tr[data-region="${REGION}"]`).textContent()).resolves.toContain('Қауіп төнді');
    await shot(page, '04-board-kk');
    await page.close();
  });

  it('a registrar uploads a file that is not Appendix 1 and reads why it was refused, then one whose bad record is a finding, not a refusal', async () => {
    const voters = await withStations(
      stack.prisma,
      await stack.prisma.registerVoter.findMany({ where: { districtId: '7101' }, orderBy: { iin: 'asc' }, take: 30 }),
    );
    const rows = voters.map((v, i): Record<string, string> => ({
      Cod: String(i + 1),
      Cod_izber: v.iin,
      Soname: v.surname,
      Name: v.firstName,
      Otchestvo: v.patronymic ?? '',
      Cod_uch: String(v.station?.number ?? ''),
      Date_rogd: v.birthDate.toISOString().slice(0, 10),
      mal: v.sex === 'MALE' ? 'М' : 'Ж',
      Mesto_progiv: v.locality,
      Street: v.street ?? '',
      Hourse: v.house ?? '',
      Kvartira: v.apartment ?? '',
      Dopol1: '0',
      Dopol2: '0',
      Dopol4: '0',
    }));
    const broken = rows.map((r, i) => (i === 1 ? { ...r, Cod_izber: '123456789012' } : r));
    const page = await signedIn('AKIMAT_REGISTRAR');
    await page.goto(`${stack.base}/console/#/files?period=${period}`);
    // Their own district only: the upload names it, with no field to choose another.
    await page.getByRole('heading', { name: `Загрузить файл: Илийский район, Период ${period}` }).waitFor();
    await expect(page.getByRole('textbox', { name: 'Район', exact: true }).count()).resolves.toBe(0);
    // The progress bar is shown while the file travels (uploads here are too quick to catch by polling).
    await page.evaluate(`new MutationObserver(() => {
      if (document.querySelector('progress#upload-progress')) window.sawProgress = true;
    }).observe(document.body, { subtree: true, childList: true })`);

    const send = async (content: string, name: string) => {
      await page
        .getByLabel('Файл', { exact: true })
        .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
      await page.getByRole('button', { name: 'Загрузить файл' }).click();
    };
    // A file whose header lacks a field of the form is refused whole, in plain words.
    await send(
      appendix1Csv(broken, { header: APPENDIX1_FIELD_NAMES.filter((f) => f !== 'Hourse') }),
      'izbirateli_1901_oshibka.csv',
    );
    const refused = page.locator('[data-file-status="REJECTED"]');
    await refused.waitFor({ timeout: 60_000 }).catch(async (err) => {
      await shot(page, 'debug-files');
      throw err;
    });
    // The verdict shows first; its reasons follow from the file's report a moment later.
    await refused.getByText('в файле нет полей Приложения 1: Hourse').waitFor();
    const text = await refused.textContent();
    expect(text).toContain('Файл отклонён');
    expect(text).not.toContain('123456789012'); // the report names the row and field, never the data
    await expect(page.evaluate('window.sawProgress === true')).resolves.toBe(true);
    await shot(page, '05-file-rejected');

    // A record with a wrong IIN does not refuse the file: it is a finding of the round (Rules para 9).
    // A name in Cyrillic and Kazakh letters, as Chromium sends it from the console's form.
    const good = 'избиратели_1901_қала.csv';
    await send(appendix1Csv(broken), good);
    const accepted = page.locator('[data-file-status="ACCEPTED"]');
    await accepted.waitFor({ timeout: 60_000 });
    const recordsWord = { one: 'запись', few: 'записи', many: 'записей' }[
      new Intl.PluralRules('ru').select(rows.length) as 'one' | 'few' | 'many'
    ];
    await expect(accepted.textContent()).resolves.toContain(`${good}, ${rows.length} ${recordsWord}`);
    await expect(accepted.locator('[data-rows-with-problems="1"]').textContent()).resolves.toContain(
      'Записей с ошибками: 1. Файл не отклонён',
    );
    await shot(page, '05b-file-accepted-with-findings');
    // The same card in Kazakh, then back to Russian for the rest.
    await page.getByLabel('Язык').selectOption('kk');
    await expect(accepted.locator('[data-rows-with-problems="1"]').textContent()).resolves.toContain(
      'Қатесі бар жазбалар: 1. Файл қабылданбай қалмады',
    );
    await shot(page, '05c-file-accepted-with-findings-kk');
    await page.getByLabel('Тіл').selectOption('ru');
    const submission = page.locator('article[data-submission]');
    await submission.waitFor();
    await expect(submission.locator('tr[data-file]').textContent()).resolves.toMatch(
      /избиратели_1901_қала\.csv.*принят/,
    );

    // The akimat's transfer act for that file, received by the commission: the registrar sees it with its files.
    const csv = appendix1Csv(broken);
    const declared = {
      kind: 'voters',
      name: good,
      sizeBytes: Buffer.byteLength(csv),
      records: rows.length,
      sha256: createHash('sha256').update(csv).digest('hex'),
    };
    const act = await stack.call('POST', '/v1/transfer-acts', {
      period,
      districtId: '1901',
      number: '1901-К/1',
      akimat: { holder: accounts.AKIMAT_REGISTRAR.id, name: 'Тест Регистратор', position: 'главный специалист' },
      files: [declared],
    });
    expect(act.status).toBe(201);
    expect(
      (
        await stack.call('POST', `/v1/transfer-acts/${act.body.id}/receipt`, {
          commission: { holder: 'commission-1901', name: 'Тест Секретарь', position: 'секретарь комиссии' },
        })
      ).status,
    ).toBe(200);
    await submission.locator(`li[data-act="${act.body.id}"]`).waitFor({ timeout: 30_000 });
    await submission.locator(`li[data-act="${act.body.id}"]`).getByRole('button', { name: 'Показать акт' }).click();
    const actView = submission.locator(`[data-act-view="${act.body.id}"]`);
    await actView.waitFor();
    const actText = await actView.textContent();
    expect(actText).toContain('№ 1901-К/1: получение отмечено комиссией');
    expect(actText).toMatch(new RegExp(`избиратели_1901_қала\\.csv.*${rows.length}`));
    await shot(page, '06-file-accepted-transfer-act');
    await page.close();
  });

  it("an admin opens a workflow's history, with its link to the Temporal Web UI", async () => {
    const page = await signedIn('ADMIN');
    await page.goto(`${stack.base}/console/#/workflows?period=${period}&regionCode=${REGION}`);
    // Each workflow by its kind, place and period, not its id.
    const link = page.getByRole('link', { name: `Цикл района: Илийский район, ${period}` });
    await link.waitFor({ timeout: 30_000 });
    await shot(page, '07-workflows');
    await link.click();
    const history = page.locator('table.history tbody tr');
    await history.first().waitFor();
    expect(await history.count()).toBeGreaterThan(2);
    // What happened, by whom, against which deadline, in the console's words.
    await expect(page.locator('tr[data-kind="workflow-started"]').textContent()).resolves.toContain(
      'запущен процессом верхнего уровня',
    );
    const task = await stack.prisma.cycleTask.findFirstOrThrow({
      where: { period, districtId: '1901', kind: 'SUBMIT_FILES' },
    });
    const due = inAlmaty(task.dueAt);
    const opened = await page.locator('tr[data-kind="task-opened"]').first().textContent();
    expect(opened).toContain('Открыта задача: Представить сведения об избирателях');
    expect(opened).toContain(`→ акимат${due}`);
    await expect(
      page.getByRole('link', { name: 'Открыть в консоли процессов (для администратора)' }).getAttribute('href'),
    ).resolves.toContain(`/namespaces/default/workflows/cycle-${period}-district-1901`);
    await shot(page, '08-workflow-history');
    await page.close();
  });

  it('a precinct member signs in with their EDS, includes one applicant and rejects another', async () => {
    const place = await votingDayPlace(stack.prisma, '23');
    await votingDayRow(stack.prisma, new Date(Date.now() - 3_600_000), new Date(Date.now() + 4 * 3_600_000));
    const commission = await districtCommission(stack, place.districtId, `tik.console.${place.districtId}`);
    const { member } = await designateMember(
      stack,
      commission.token,
      place.stations[0].id,
      `member.console.${place.districtId}`,
      'p256',
    );
    const keys = mkdtempSync(join(tmpdir(), 'tizim-member-'));
    writeFileSync(join(keys, 'member.key.pem'), member!.signer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(keys, 'member.cert.pem'), member!.signer.pem);

    const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
    await page.goto(`${stack.base}/console/`);
    await page.getByRole('button', { name: 'Вход члена участковой комиссии (ЭЦП)' }).click();
    await page.getByLabel('Имя пользователя').fill(member!.username);
    await page.getByLabel('Пароль').fill(MEMBER_PASSWORD);
    await page.getByLabel('ИИН').fill(member!.iin);
    await page.getByLabel('Файл ключа ЭЦП (PKCS#8, PEM)').setInputFiles(join(keys, 'member.key.pem'));
    await page.getByLabel('Файл сертификата (PEM)').setInputFiles(join(keys, 'member.cert.pem'));
    await shot(page, '09-member-sign-in');
    await page.getByRole('button', { name: 'Подписать и войти' }).click();
    await page.getByRole('heading', { name: /День голосования/ }).waitFor();
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual([
      'День голосования',
      'Дополнительный список',
      'Сеансы',
    ]);

    const register = async (iin: string) => {
      await page.getByLabel('ИИН заявителя').fill(iin);
      await page.getByRole('button', { name: 'Зарегистрировать заявление' }).click();
    };
    const card = page.locator('article[data-status]');

    const inside = await place.inside();
    await register(inside.iin);
    await page.locator('article[data-status="AWAITING_DECISION"] [data-verdict="INSIDE"]').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Показать данные заявителя' }).click();
    await expect(page.locator('.personal').textContent()).resolves.toContain(inside.surname);
    await shot(page, '10-voting-day-lookup');
    await page.getByRole('button', { name: 'Включить в список' }).click();
    await page.locator('article[data-status="INCLUDED"]').waitFor();

    const outside = await place.inStation2();
    await register(outside.iin);
    await page
      .locator('article[data-status="AWAITING_DECISION"] [data-verdict="OUTSIDE"]')
      .waitFor({ timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Включить в список' }).isDisabled()).resolves.toBe(true);
    await page.getByLabel('Ответ колл-центра: номер участка').fill(String(place.stations[1].number));
    await page.getByRole('button', { name: 'Записать' }).click();
    await card
      .filter({ hasText: `№ ${place.stations[1].number}` })
      .first()
      .waitFor();
    await page.getByLabel('Основание отказа').fill('Место постоянной регистрации за пределами границ участка');
    await page.getByRole('button', { name: 'Отказать' }).click();
    await page.locator('article[data-status="REJECTED"]').waitFor();
    const popup = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Копия решения для заявителя (PDF)' }).click();
    expect((await popup).url()).toMatch(/^blob:/);
    await shot(page, '11-voting-day-rejected');

    const decided = await stack.prisma.votingDayApplication.findMany({
      where: { stationId: place.stations[0].id },
      orderBy: { number: 'asc' },
    });
    expect(decided.map((a) => [a.applicantIin, a.status, a.decidedBy])).toEqual([
      [inside.iin, 'INCLUDED', member!.id],
      [outside.iin, 'REJECTED', member!.id],
    ]);
    expect(decided[1]).toMatchObject({
      callCentreStationNumber: place.stations[1].number,
      correctStationNumber: place.stations[1].number,
    });
    await page.close();
  });

  it('a migration officer approves an ID-card application with their EDS key file, annuls another, and hands the card out by ticket', async () => {
    const region = '75';
    const today = localDateTimeOf(Date.now()).date;
    await ensureCalendarYears(stack.prisma, [Number(today.slice(0, 4)), Number(today.slice(0, 4)) + 1]);
    const place = await votingDayPlace(stack.prisma, region);
    await account('migration.console', 'MIGRATION_OFFICER', { regionCode: region });
    const officer = accounts.MIGRATION_OFFICER;
    const signer = testSigner('p256', `Миграционная служба ${region}`);
    const cert = await stack.call('POST', '/v1/certificates', {
      pem: signer.pem,
      holder: officer.id,
      holderName: 'Тест migration.console',
      holderRole: 'migration-officer',
    });
    expect(cert.status).toBe(201);
    const keys = mkdtempSync(join(tmpdir(), 'tizim-officer-'));
    writeFileSync(join(keys, 'officer.key.pem'), signer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(keys, 'officer.cert.pem'), signer.pem);
    writeFileSync(
      join(keys, 'stranger.key.pem'),
      testSigner('p256', 'Someone else').privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );

    // Citizens of the register whose cards expire within the online window apply through the portal.
    const portal = (iin: string) => ({
      Authorization: `Bearer ${TEST_PORTAL_TOKEN}`,
      'X-Citizen-IIN': iin,
      'Content-Type': 'application/json',
    });
    const applicant = async (days: number) => {
      const { iin } = await place.inside();
      await stack.prisma.registerVoter.update({
        where: inRegister(iin),
        data: {
          documentNumber: `0${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
          documentIssuedOn: new Date('2016-12-01'),
          documentExpiresOn: new Date(`${addDays(today, days)}T00:00:00Z`),
        },
      });
      const fee = await stack.call('POST', '/v1/citizen/state-fees', { amountTenge: 1474 }, portal(iin));
      expect(fee.status).toBe(201);
      const applied = await stack.call(
        'POST',
        '/v1/citizen/id-card/applications',
        { reason: 'EXPIRY', regionCode: region, feePaymentId: fee.body.id },
        portal(iin),
      );
      expect(applied.body.status).toBe('PENDING_REVIEW');
      const id: string = applied.body.id;
      await eventually(
        'the review deadline',
        async () => (await stack.prisma.idCardApplication.findUniqueOrThrow({ where: { id } })).reviewDueAt,
      );
      return { iin, id, ticketNumber: applied.body.ticketNumber as string };
    };
    const first = await applicant(20);
    const second = await applicant(-3);
    const late = await applicant(5);
    // A review that overran its deadline: the workflow's timer runs for working days, so the row is
    // moved back in time here (as the workflow would have left it) for the queue to show it.
    await stack.prisma.idCardApplication.update({
      where: { id: late.id },
      data: { reviewDueAt: new Date(Date.now() - 2 * 3_600_000), reviewEscalatedAt: new Date(Date.now() - 3_600_000) },
    });

    const page = await signedIn('MIGRATION_OFFICER');
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual([
      'Обмен удостоверений личности',
      'Сеансы',
    ]);
    await page
      .getByRole('heading', { name: 'Онлайн-обмен удостоверений личности: миграционная служба: город Алматы' })
      .waitFor();
    // The queue: what awaits review, the nearest deadline first, the overrun one marked in words.
    const rows = page.locator('table.id-cards tbody tr');
    await rows.nth(2).waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-application')))).toEqual([
      late.id,
      first.id,
      second.id,
    ]);
    const lateRow = await rows.first().textContent();
    expect(lateRow).toContain('срок проверки истёк');
    expect(lateRow).toContain('эскалация');
    expect(lateRow).toContain('на проверке');
    expect(await rows.nth(1).textContent()).not.toContain('срок проверки истёк');
    const queueText = (await page.locator('table.id-cards').textContent()) ?? '';
    expect([first, second, late].some((a) => queueText.includes(a.iin))).toBe(false); // IINs masked in the list
    await expect(page.getByRole('status').filter({ hasText: 'Срок проверки истёк: 1' }).count()).resolves.toBe(1);
    await shot(page, '12-id-card-queue');

    // Approval with EDS: the officer reads the exact text, chooses their files, the browser signs.
    await page.getByRole('button', { name: `Открыть заявку с талоном ${first.ticketNumber}` }).click();
    const card = page.locator(`article[data-application="${first.id}"]`);
    await card.waitFor();
    expect((await card.textContent())?.includes(first.iin)).toBe(true); // read in full (audited)
    await card.getByRole('button', { name: 'Показать текст для подписи' }).click();
    const signed = card.locator('pre.signed');
    await signed.waitFor();
    expect(JSON.parse((await signed.textContent())!)).toMatchObject({
      kind: 'id-card-exchange-approval',
      decision: 'APPROVE',
      applicationId: first.id,
      ticketNumber: first.ticketNumber,
    });
    const choose = async (label: string, file: string) => {
      const chooser = page.waitForEvent('filechooser');
      // The official presses the picker (its label, drawn as a button with the chosen file's name).
      await card.locator('label.file-pick', { hasText: label }).click();
      await (await chooser).setFiles(join(keys, file));
    };
    // Someone else's key with the officer's certificate: refused, in the console's words.
    await choose('Файл ключа ЭЦП (PKCS#8, PEM)', 'stranger.key.pem');
    await choose('Файл сертификата (PEM)', 'officer.cert.pem');
    await card.getByRole('button', { name: 'Подписать ЭЦП и направить на изготовление' }).click();
    await card
      .getByText('Подпись не сходится: подписанные данные изменены или ключ не от этого сертификата.')
      .waitFor();
    await expect(card.getByRole('alert').textContent()).resolves.toContain('Не принято.');
    // Said from the refusal's code (apps/web/src/api-problems.ts), not the API's English detail.
    await expect(card.getByRole('alert').getAttribute('data-code')).resolves.toBe('id-card.signature-refused');
    await expect(card.getByRole('alert').textContent()).resolves.not.toContain('not accepted');
    // The refusal's code is said in words above, not listed again as the machine's token.
    await expect(card.getByRole('alert').textContent()).resolves.not.toContain('bad-signature');
    await shot(page, '13-id-card-eds-refused');
    // The same refusal in Kazakh, from the same code: no Russian and no English left on it.
    await page.getByLabel('Язык').selectOption('kk');
    await card
      .getByText('Қолтаңба сәйкес келмейді: қол қойылған деректер өзгертілген немесе кілт осы сертификаттікі емес.')
      .waitFor();
    await expect(card.getByRole('alert').textContent()).resolves.toContain('Қабылданбады.');
    await expect(card.getByRole('alert').textContent()).resolves.not.toMatch(/Не принято|not accepted/);
    await shot(page, '13b-id-card-eds-refused-kk');
    await page.getByLabel('Тіл').selectOption('ru');
    await card
      .getByText('Подпись не сходится: подписанные данные изменены или ключ не от этого сертификата.')
      .waitFor();
    expect((await stack.prisma.idCardApplication.findUniqueOrThrow({ where: { id: first.id } })).status).toBe(
      'PENDING_REVIEW',
    );
    await choose('Файл ключа ЭЦП (PKCS#8, PEM)', 'officer.key.pem');
    await expect(card.getByRole('alert').count()).resolves.toBe(0); // the refusal was about the other key
    await shot(page, '14-id-card-approve-with-eds');
    await card.getByRole('button', { name: 'Подписать ЭЦП и направить на изготовление' }).click();
    await page.locator(`article[data-application="${first.id}"][data-status="IN_PRODUCTION"]`).waitFor();
    expect(await stack.prisma.idCardApplication.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
      status: 'IN_PRODUCTION',
      reviewedBy: officer.id,
      approvalCertificateId: cert.body.id,
    });
    // Decided: no longer in the queue of what awaits review.
    await page.locator(`table.id-cards tr[data-application="${first.id}"]`).waitFor({ state: 'detached' });

    // Annulment for a bad photo: the fee is refunded.
    await page.getByRole('button', { name: `Открыть заявку с талоном ${second.ticketNumber}` }).click();
    const other = page.locator(`article[data-application="${second.id}"]`);
    await other.getByLabel('фотоизображение не соответствует требованиям').check();
    await other.getByRole('button', { name: 'Аннулировать' }).click();
    await page.locator(`article[data-application="${second.id}"][data-status="ANNULLED"]`).waitFor();
    await expect(other.textContent()).resolves.toMatch(
      /Основание аннулирования\s*фотоизображение не соответствует требованиям/,
    );
    await expect(other.textContent()).resolves.toContain('возвращена');
    await shot(page, '15-id-card-annulled');
    const annulled = await stack.prisma.idCardApplication.findUniqueOrThrow({
      where: { id: second.id },
      include: { fee: true },
    });
    expect(annulled).toMatchObject({
      status: 'ANNULLED',
      annulReason: 'BAD_PHOTO',
      reviewedBy: officer.id,
      fee: { status: 'REFUNDED' },
    });

    // The admin reads every region, offers no review or pickup, and as the production node marks the card made.
    const admin = await signedIn('ADMIN');
    await admin.goto(`${stack.base}/console/#/id-card?status=IN_PRODUCTION`);
    await admin.getByRole('button', { name: `Открыть заявку с талоном ${first.ticketNumber}` }).click();
    const made = admin.locator(`article[data-application="${first.id}"]`);
    await made.waitFor();
    await expect(admin.getByRole('button', { name: 'Показать текст для подписи' }).count()).resolves.toBe(0);
    await expect(admin.getByRole('button', { name: 'Выдать удостоверение' }).count()).resolves.toBe(0);
    await made.getByLabel('Номер нового удостоверения').fill('N75000001');
    await made.getByLabel('Действительно до').fill(addDays(today, 3652));
    await made.getByRole('button', { name: 'Отметить изготовленным (центральный узел)' }).click();
    await admin.locator(`article[data-application="${first.id}"][data-status="READY_FOR_PICKUP"]`).waitFor();
    await shot(admin, '16-id-card-admin-produced');
    await admin.close();

    // Pickup by the ticket the citizen shows, typed in and sent with Enter; an unknown ticket first.
    const ticket = page.getByLabel('Номер талона регистрации');
    await ticket.fill(`${region}-000000-000000`);
    await ticket.press('Enter');
    await page.getByText(`Заявки с талоном № ${region}-000000-000000 нет: проверьте номер.`).waitFor();
    await ticket.fill(first.ticketNumber);
    await ticket.press('Enter');
    await page.locator(`[data-picked-up="${first.ticketNumber}"]`).waitFor();
    await page.locator(`article[data-application="${first.id}"][data-status="PICKED_UP"]`).waitFor();
    await expect(page.locator(`[data-picked-up="${first.ticketNumber}"]`).textContent()).resolves.toContain(
      'новое удостоверение № N75000001',
    );
    await shot(page, '17-id-card-picked-up');
    expect(await stack.prisma.idCardApplication.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
      status: 'PICKED_UP',
      pickedUpBy: officer.id,
    });
    expect((await findRegisterPerson(stack.prisma, first.iin))?.documentNumber).toBe('N75000001');

    // The whole queue, in Kazakh.
    await page.goto(`${stack.base}/console/#/id-card?status=`);
    await rows.nth(2).waitFor();
    await page.getByLabel('Язык').selectOption('kk');
    await page
      .getByRole('heading', { name: 'Жеке куәліктерді онлайн алмастыру: көші-қон қызметі: Алматы қаласы' })
      .waitFor();
    await expect(page.locator(`tr[data-application="${first.id}"]`).textContent()).resolves.toContain('берілді');
    await expect(page.locator(`tr[data-application="${second.id}"]`).textContent()).resolves.toContain('күші жойылды');
    await expect(page.locator(`tr[data-application="${late.id}"]`).textContent()).resolves.toContain(
      'тексеру мерзімі өтті',
    );
    await shot(page, '18-id-card-queue-kk');
    await page.close();
  }, 240_000);

  it('a registrar sees their task with its deadline in Almaty time, claims it and completes it with the transfer act chosen from a list', async () => {
    // District 1902's voter file (generated people the register does not know), received, and its
    // transfer act declared and its receipt recorded by the commission, through the API.
    const spec: ScenarioSpec = {
      seed: 1902,
      referenceDate: '2026-10-01',
      period,
      regions: [
        {
          code: REGION,
          stationBase: 190,
          districts: [
            {
              id: '1902',
              nameRu: 'Талгарский район',
              nameKk: 'Талғар ауданы',
              locality: 'Талгар',
              slot: 19,
              stations: [8],
            },
          ],
        },
      ],
    };
    const csv = appendix1Csv([...voterFile(spec, '1902')].map((r) => appendix1Fields(r)));
    const form = new FormData();
    for (const [k, v] of Object.entries({ period, districtId: '1902', kind: 'voters' })) form.set(k, v);
    form.set('file', new Blob([new Uint8Array(Buffer.from(csv))]), 'izbirateli_1902.csv');
    const sent = await fetch(`${stack.base}/v1/files`, {
      method: 'POST',
      headers: { Authorization: OPERATOR_HEADERS.Authorization },
      body: form,
    });
    expect(sent.status).toBe(202);
    const fileId = ((await sent.json()) as { id: string }).id;
    const file = await eventually(
      'the voter file of 1902 checked',
      async () => {
        const r = await stack.call('GET', `/v1/files/${fileId}`);
        return r.body.status !== 'RECEIVED' && r.body;
      },
      60_000,
    );
    expect(file).toMatchObject({ status: 'ACCEPTED', records: 8 });
    const registrar = accounts.REGISTRAR_1902;
    const act = await stack.call('POST', '/v1/transfer-acts', {
      period,
      districtId: '1902',
      number: '1902-К/1',
      akimat: { holder: registrar.id, name: 'Тест Регистратор', position: 'главный специалист' },
      files: [{ kind: 'voters', name: 'izbirateli_1902.csv', sizeBytes: Buffer.byteLength(csv), records: 8 }],
    });
    expect(act.status).toBe(201);
    expect(
      (
        await stack.call('POST', `/v1/transfer-acts/${act.body.id}/receipt`, {
          commission: { holder: accounts.COMMISSION_1902.id, name: 'Тест Секретарь', position: 'секретарь комиссии' },
        })
      ).status,
    ).toBe(200);
    const task = await stack.prisma.cycleTask.findFirstOrThrow({
      where: { period, districtId: '1902', kind: 'SUBMIT_FILES', status: 'OPEN' },
    });

    // A browser in another zone than Almaty's, so a deadline written in the browser's zone would show.
    const page = await signedIn('REGISTRAR_1902', { timezoneId: 'Europe/Berlin' });
    await page.getByRole('navigation').getByRole('link', { name: 'Мои задачи' }).click();
    const card = page.locator(`article[data-task="${task.id}"]`);
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain('Представить сведения об избирателях');
    expect(text).toContain(`Срок${inAlmaty(task.dueAt)} в срок`);
    // Places by name, not code (region 19 is named so in the test's reference data).
    expect(text).toContain('Регион / РайонАлматинская область / Талгарский район');
    expect(text).toContain('Раунд—'); // the first submission comes before any round of reconciliation
    expect(text).toContain('Исполнительакимат');
    expect(text).toContain('Состояниеоткрыта');
    // Their own district's tasks only, as the API lists them.
    const own = await stack.prisma.cycleTask.findMany({
      where: { districtId: '1902', assigneeRole: 'AKIMAT_REGISTRAR', status: { in: ['OPEN', 'CLAIMED'] } },
    });
    expect(
      await page
        .locator('article[data-task]')
        .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-task')).sort()),
    ).toEqual(own.map((t) => t.id).sort());
    await shot(page, '19-tasks');

    await card.getByRole('button', { name: 'Взять' }).click();
    await card.getByText('взята в работу (вы)').waitFor();
    const acts = card.getByLabel('Выберите акт приёма-передачи');
    await acts.waitFor();
    expect(await acts.locator('option').allTextContents()).toEqual(['№ 1902-К/1 — получение отмечено комиссией']);
    await acts.selectOption(act.body.id);
    await shot(page, '20-task-claimed');
    await card.getByRole('button', { name: 'Выполнить' }).click();
    await card.waitFor({ state: 'detached' });
    // Gone from the open tasks, and the official is told it was taken.
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      `Задача «Представить сведения об избирателях» выполнена: период ${period}, Талгарский район.`,
    );
    await shot(page, '21-task-completed');

    expect(await stack.prisma.cycleTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: 'COMPLETED',
      claimedBy: registrar.id,
      completedBy: registrar.id,
      outcome: { kind: 'SUBMIT_FILES', transferActId: act.body.id },
    });
    // The workflow moved on: the act's files reconciled (round 1), the commission's review opened.
    const review = await eventually(
      "the commission's review task",
      () => stack.prisma.cycleTask.findFirst({ where: { period, districtId: '1902', kind: 'REVIEW_DISCREPANCIES' } }),
      60_000,
    );
    expect(review).toMatchObject({ round: 1, status: 'OPEN', assigneeRole: 'DISTRICT_COMMISSION' });
    const round = await stack.prisma.cycleReconciliation.findFirstOrThrow({
      where: { workflowId: districtCycleWorkflowId(period, '1902') },
    });
    expect(round).toMatchObject({ round: 1, submissionId: fileId });
    expect(round.discrepancies).toBeGreaterThan(0);
    // The round on the Files screen names the register it was judged against (issue 20).
    const snapshot = await stack.prisma.registerSnapshot.findUniqueOrThrow({ where: { id: round.snapshotId! } });
    const asOf = snapshot.asOf.toISOString().slice(0, 10).split('-').reverse().join('.'); // as every date on screen: DD.MM.YYYY
    await page.goto(`${stack.base}/console/#/files?period=${period}`);
    const judged = page.locator(`[data-register-snapshot="${snapshot.version}"]`).first();
    await judged.waitFor({ timeout: 30_000 });
    expect(await judged.textContent()).toBe(`АИС «Сайлау»: снимок № ${snapshot.version} на ${asOf}`);
    await shot(page, '21b-files-round-register');
    await page.getByLabel('Язык').selectOption('kk');
    await expect(judged.textContent()).resolves.toBe(`«Сайлау» АЖ: ${asOf} күнгі № ${snapshot.version} көшірме`);
    await shot(page, '21c-files-round-register-kk');
    await page.close();
  });

  it("the regional commission sees its region's tasks, and is offered no claim on a task of another role", async () => {
    const review = await stack.prisma.cycleTask.findFirstOrThrow({
      where: { period, districtId: '1902', kind: 'REVIEW_DISCREPANCIES', status: 'OPEN' },
    });
    const submission = await stack.prisma.cycleTask.findFirstOrThrow({
      where: { period, districtId: '1901', kind: 'SUBMIT_FILES', status: 'OPEN' },
    });
    const page = await signedIn('REGIONAL_COMMISSION');
    await page.goto(`${stack.base}/console/#/tasks`);
    for (const [task, kind, assignee] of [
      [review, 'Рассмотреть расхождения', 'территориальная комиссия'],
      [submission, 'Представить сведения об избирателях', 'акимат'],
    ] as const) {
      const card = page.locator(`article[data-task="${task.id}"]`);
      await card.waitFor();
      const text = await card.textContent();
      expect(text).toContain(kind);
      expect(text).toContain(`Исполнитель${assignee}`);
      await expect(card.getByRole('button', { name: /^(Взять|Выполнить)$/ }).count()).resolves.toBe(0); // neither claim nor complete
    }
    await shot(page, '22-tasks-other-roles');
    // As the API has it: the claim is refused to this role.
    const signed = await stack.call(
      'POST',
      '/v1/auth/sign-in',
      { username: accounts.REGIONAL_COMMISSION.username, password: PASSWORD },
      { 'Content-Type': 'application/json' },
    );
    const claim = await stack.call('POST', `/v1/tasks/${review.id}/claim`, undefined, {
      Authorization: `Bearer ${signed.body.accessToken}`,
    });
    expect(claim).toMatchObject({
      status: 403,
      body: { detail: 'This task is for a district commission; a regional commission cannot claim it' },
    });
    expect(await stack.prisma.cycleTask.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({
      status: 'OPEN',
      claimedBy: null,
    });
    await page.close();
  });

  it('the district commission claims the review and accepts the discrepancies with its decision; the district is ready', async () => {
    const review = await stack.prisma.cycleTask.findFirstOrThrow({
      where: { period, districtId: '1902', kind: 'REVIEW_DISCREPANCIES', status: 'OPEN' },
    });
    const commission = accounts.COMMISSION_1902;
    const page = await signedIn('COMMISSION_1902');
    await page.goto(`${stack.base}/console/#/tasks`);
    const card = page.locator(`article[data-task="${review.id}"]`);
    await card.getByRole('button', { name: 'Взять' }).click();
    // No decision is taken for the commission: «Выполнить» without one completes nothing.
    await card.getByRole('button', { name: 'Выполнить' }).click();
    expect(
      await card
        .getByLabel('Решение')
        .evaluate((el) => (el as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing),
    ).toBe(true);
    expect((await stack.prisma.cycleTask.findUniqueOrThrow({ where: { id: review.id } })).status).not.toBe('COMPLETED');
    await card.getByLabel('Решение').selectOption({ label: 'Принять' });
    await card.getByLabel('Комментарий').fill('Расхождения проверены, данные принимаются');
    await shot(page, '23-task-review-decision');
    await card.getByRole('button', { name: 'Выполнить' }).click();
    await card.waitFor({ state: 'detached' });
    await expect(page.getByRole('status').textContent()).resolves.toBe(
      `Задача «Рассмотреть расхождения» выполнена: период ${period}, Талгарский район.`,
    );

    expect(await stack.prisma.cycleTask.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({
      status: 'COMPLETED',
      completedBy: commission.id,
      outcome: {
        kind: 'REVIEW_DISCREPANCIES',
        decision: 'accept',
        comment: 'Расхождения проверены, данные принимаются',
      },
    });
    // Accepted: no corrections are asked for, and the district is ready for its region.
    await eventually(
      'district 1902 ready',
      async () => (await stack.call('GET', `/v1/cycles/${period}/districts/1902`)).body.stage === 'ready',
      60_000,
    );
    expect(
      await stack.prisma.cycleTask.count({ where: { period, districtId: '1902', kind: 'SUBMIT_CORRECTIONS' } }),
    ).toBe(0);
    await page.close();
  });

  it("a coordinator starts the cycle of a period that has not begun, and the board then shows the period's regions", async () => {
    expect((await stack.call('GET', `/v1/cycles/workflows?period=${FAR_PERIOD}`)).body).toEqual([]);
    const page = await signedIn('CEC_COORDINATOR');
    await page.goto(`${stack.base}/console/#/board?period=${FAR_PERIOD}`);
    await page.getByText(`Цикл сверки периода ${FAR_PERIOD} не начат`).waitFor();
    // The field names the period shown, not the one the board opened with before the address changed.
    await expect(page.getByLabel('Период').inputValue()).resolves.toBe(FAR_PERIOD);
    await shot(page, '24-board-start-cycle');
    // Pressed, the button gives way to word that the cycle started (until the regions come, which may be quick).
    await page.evaluate(`new MutationObserver(() => {
      if ([...document.querySelectorAll('[role=status]')].some((e) => e.textContent.startsWith('Цикл периода ${FAR_PERIOD} начат.'))) window.sawStarted = true;
    }).observe(document.body, { subtree: true, childList: true })`);
    await page.getByRole('button', { name: `Начать цикл периода ${FAR_PERIOD}` }).click();

    // The national workflow, started by this official, and the regions it fans out to (read from
    // the workflow itself: other suites may add districts to the shared database meanwhile).
    const client = new Client({
      connection: stack.env.connection,
      dataConverter: tizimDataConverter(stack.config.codec.keys, stack.config.codec.activeKeyId),
    });
    const national = await eventually('the national workflow with its regions', async () => {
      const state = await client.workflow
        .getHandle(nationalCycleWorkflowId(FAR_PERIOD))
        .query(nationalStateQuery)
        .catch(() => null);
      return state && state.regions.length > 0 && state;
    });
    const regions = national.regions.map((r) => r.regionCode).sort();
    expect(regions).toContain(REGION);
    expect(national.regionsWithoutDistricts).not.toContain(REGION);
    type Listed = {
      workflowId: string;
      type: string;
      status: string;
      regionCode: string | null;
      districtId: string | null;
    };
    const workflows = await eventually(
      'the region workflows of the period',
      async () => {
        const listed = (await stack.call('GET', `/v1/cycles/workflows?period=${FAR_PERIOD}`)).body as Listed[];
        return listed.filter((w) => w.type === 'regionCycleWorkflow').length === regions.length && listed;
      },
      60_000,
    );
    expect(workflows.filter((w) => w.type === 'nationalCycleWorkflow')).toEqual([
      expect.objectContaining({ workflowId: nationalCycleWorkflowId(FAR_PERIOD), status: 'RUNNING' }),
    ]);
    expect(
      workflows
        .filter((w) => w.type === 'regionCycleWorkflow')
        .map((w) => w.regionCode)
        .sort(),
    ).toEqual(regions);
    expect(
      await stack.prisma.auditEvent.count({
        where: { action: 'cycle.start', subjectId: FAR_PERIOD, actor: accounts.CEC_COORDINATOR.id },
      }),
    ).toBe(1);

    // The board picks the regions up as their districts' workflows open the first tasks.
    await page
      .locator('tr[data-region]')
      .nth(regions.length - 1)
      .waitFor({ timeout: 30_000 });
    // Every region, in the board's order of urgency (the same for all here: by name).
    expect(
      (
        await page.locator('tr[data-region]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-region')))
      ).sort(),
    ).toEqual([...regions].sort());
    await expect(page.locator(`tr[data-region="${REGION}"]`).textContent()).resolves.toContain('0/2 районов готово');
    await expect(page.getByRole('button', { name: `Начать цикл периода ${FAR_PERIOD}` }).count()).resolves.toBe(0);
    await expect(page.evaluate('window.sawStarted === true')).resolves.toBe(true);
    await shot(page, '25-board-cycle-started');
    await page.close();
  });
});
