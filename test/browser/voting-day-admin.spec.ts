/**
 * The voting-day screens that were in the API only, in a real browser (Debian's Chromium driven by
 * playwright-core) against the local stack, each screen's main action in Russian, with a screenshot
 * in Russian and in Kazakh (test-output/screenshots/vday-*.png):
 *  - a CEC coordinator declares a voting day and its hours (the form says what is missing in its own
 *    words, never the browser's bubble);
 *  - the district commission designates a member of one of its precinct commissions, the station
 *    chosen by its number, premises and address;
 *  - the district commission reads its voting-day escalations: the station by name, why in words,
 *    how long open in words (no `OPEN_TOO_LONG`);
 *  - a precinct member (signed in with their EDS) reads and prints the supplementary list of their
 *    precinct (the read audited), and their voting-day list says an escalation, a refusal and a
 *    lookup outage in words, not in the API's English.
 * The place is a district of its own in region 23 (test/support/voting-day-fixture.ts).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomInt, randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApplicationRow } from '../../libs/db/voting-day';
import { useLocalStack } from '../support/local-stack';
import { designateMember, districtCommission, MEMBER_PASSWORD, type DesignatedMember } from '../support/members';
import { votingDayPlace, votingDayRow, type VotingDayPlace } from '../support/voting-day-fixture';
import { makeIin } from '../../prisma/seed';

const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'voting day admin test password';

const stack = useLocalStack();
let browser: Browser;
let place: VotingDayPlace;
let votingDayId: string;
let commission: { id: string; token: string; username: string };

/** As the console names a station: «№ 214 — Школа № 1 (Костанай, Абая 1)». */
const stationName = (i: number) => `№ ${place.stations[i].number} — Школа № ${i + 1} (Костанай, Абая ${i + 1})`;
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `vday-${name}.png`), fullPage: true });
const inKazakh = async (page: Page) => {
  await page.locator('header select').selectOption('kk');
  await page.locator('html[lang="kk"]').waitFor();
};
/** A sentence in Latin script (an English message) anywhere in the page's main text. */
const latinSentence = async (page: Page) =>
  /[A-Za-z]{3,}[ ,:][A-Za-z]{2,}/.exec(await page.locator('main').innerText());

async function signedIn(username: string, password: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU' });
  await page.goto(`${stack.base}/console/`);
  await page.getByLabel('Имя пользователя').fill(username);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('button', { name: 'Выйти' }).waitFor();
  return page;
}

async function memberSignedIn(member: DesignatedMember): Promise<Page> {
  const keys = mkdtempSync(join(tmpdir(), 'tizim-vday-member-'));
  writeFileSync(join(keys, 'member.key.pem'), member.signer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(keys, 'member.cert.pem'), member.signer.pem);
  const page = await browser.newPage({ viewport: { width: 1366, height: 800 } });
  await page.goto(`${stack.base}/console/`);
  await page.getByRole('button', { name: 'Вход члена участковой комиссии (ЭЦП)' }).click();
  await page.getByLabel('Имя пользователя').fill(member.username);
  await page.getByLabel('Пароль').fill(MEMBER_PASSWORD);
  await page.getByLabel('ИИН').fill(member.iin);
  await page.getByLabel('Файл ключа ЭЦП (PKCS#8, PEM)').setInputFiles(join(keys, 'member.key.pem'));
  await page.getByLabel('Файл сертификата (PEM)').setInputFiles(join(keys, 'member.cert.pem'));
  await page.getByRole('button', { name: 'Подписать и войти' }).click();
  await page.getByRole('button', { name: 'Выйти' }).waitFor();
  return page;
}

/** An application of station `i` registered `minutesAgo` minutes ago, its workflow not started (records only). */
async function application(i: number, minutesAgo: number) {
  const station = await stack.prisma.pollingStation.findUniqueOrThrow({ where: { id: place.stations[i].id } });
  const iin = makeIin(
    new Date(Date.UTC(1960 + randomInt(30), randomInt(12), 1 + randomInt(28))),
    true,
    randomInt(10000),
  );
  const registeredAt = new Date(Date.now() - minutesAgo * 60_000);
  const app = await createApplicationRow(stack.prisma, {
    votingDayId,
    station,
    applicantIin: iin,
    registeredBy: 'test',
    registeredAt,
  });
  return { ...app, iin, station };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  place = await votingDayPlace(stack.prisma, '23');
  // The same hours as console.spec.ts's voting day (an hour ago to four hours ahead), so that a run of
  // both shares one voting day under way rather than two (the member's list is of the one under way).
  votingDayId = await votingDayRow(
    stack.prisma,
    new Date(Date.now() - 3_600_000),
    new Date(Date.now() + 4 * 3_600_000),
  );
  const username = `tik.vday.${place.districtId}`;
  commission = { ...(await districtCommission(stack, place.districtId, username)), username };
});

afterAll(async () => {
  await browser?.close();
});

describe('the voting-day screens of the console', () => {
  it('a CEC coordinator declares a voting day and its hours', async () => {
    const username = `coordinator.vday.${randomInt(1_000_000)}`;
    expect(
      (
        await stack.call('POST', '/v1/users', {
          username,
          fullName: 'Координатор Тестовый',
          password: PASSWORD,
          role: 'CEC_COORDINATOR',
        })
      ).status,
    ).toBe(201);
    // A day of its own, far ahead (voting days are one per date).
    const date = `${2045 + randomInt(5)}-0${1 + randomInt(9)}-${10 + randomInt(18)}`;
    const page = await signedIn(username, PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: 'Дни голосования' }).click();
    await page.getByRole('heading', { name: 'Дни голосования', level: 1 }).waitFor();

    // Nothing filled in: the console's own words under the fields, focus on the first.
    await page.getByRole('button', { name: 'Объявить', exact: true }).click();
    await page.getByText('Укажите дату голосования в виде ДД.ММ.ГГГГ.').waitFor();
    await page.getByText('Укажите название: от 3 до 200 символов.').waitFor();
    await expect(page.evaluate<string | null>("document.activeElement?.getAttribute('name')")).resolves.toBe('date');

    const day = date.split('-').reverse().join('.');
    await page.getByLabel('Дата голосования (ДД.ММ.ГГГГ)').fill(day);
    await page.getByLabel('Название (например, «Республиканский референдум»)').fill('Республиканский референдум');
    await page.getByLabel('Голосование открывается в').fill('08:00');
    await page.getByLabel('Голосование закрывается в').fill('21:00');
    await page.getByRole('button', { name: 'Объявить', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `День голосования объявлен: Республиканский референдум, ${day}.` })
      .waitFor();
    const row = page.locator(`tr[data-voting-day="${date}"]`);
    await expect(row.innerText()).resolves.toMatch(/08:00.21:00/);
    await expect(page.evaluate<string>('document.activeElement?.className')).resolves.toBe('result');
    const stored = await stack.prisma.votingDay.findUniqueOrThrow({ where: { date: new Date(date) } });
    expect([stored.opensAt.toISOString(), stored.closesAt.toISOString()]).toEqual([
      new Date(`${date}T08:00:00+05:00`).toISOString(),
      new Date(`${date}T21:00:00+05:00`).toISOString(),
    ]);
    await shot(page, 'voting-days-ru');
    await inKazakh(page);
    await page.getByRole('heading', { name: 'Дауыс беру күндері', level: 1 }).waitFor();
    await expect(row.innerText()).resolves.toContain('дауыс беру жүріп жатқан жоқ');
    await page
      .getByRole('status')
      .filter({ hasText: `Дауыс беру күні жарияланды: Республиканский референдум, ${day}.` })
      .waitFor();
    expect(await latinSentence(page)).toBeNull();
    await shot(page, 'voting-days-kk');
    await page.close();
  });

  it('the district commission designates a member of one of its precinct commissions, the station chosen by name', async () => {
    const page = await signedIn(commission.username, MEMBER_PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: 'Члены УИК' }).click();
    await page.getByRole('heading', { name: 'Члены участковых комиссий', level: 1 }).waitFor();
    await page.getByText(`Район: Тестовый район ${place.districtId}`).waitFor();

    await page.getByRole('button', { name: 'Назначить', exact: true }).click();
    await page.getByText('Выберите избирательный участок.').waitFor();
    await page.getByText('ИИН — 12 цифр.').waitFor();

    const username = `member.vday.${place.districtId}`;
    await page.getByLabel('Избирательный участок').selectOption({ label: `${stationName(2)} · занято мест: 0 из 2` });
    await page.getByLabel('Фамилия, имя, отчество').fill('Серикова Алия Маратовна');
    await page.getByLabel('ИИН члена комиссии').fill(makeIin(new Date(Date.UTC(1985, 2, 14)), false, randomInt(10000)));
    await page.getByLabel('Имя пользователя для входа').fill(username);
    await page.getByLabel('Начальный пароль (не менее 12 символов)').fill(PASSWORD);
    await page.getByRole('button', { name: 'Назначить', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Серикова Алия Маратовна назначен(а) членом комиссии участка ${stationName(2)}.` })
      .waitFor();
    const row = page.locator(`tr[data-station="${place.stations[2].number}"]`);
    await row.filter({ hasText: 'Серикова Алия Маратовна' }).waitFor();
    await expect(row.innerText()).resolves.toContain('занято мест: 1 из 2');
    const member = await stack.prisma.user.findUniqueOrThrow({ where: { username } });
    expect(member).toMatchObject({
      role: 'PRECINCT_MEMBER',
      stationId: place.stations[2].id,
      districtId: place.districtId,
      createdBy: commission.id,
    });
    expect(
      await stack.prisma.auditEvent.count({ where: { actor: commission.id, action: 'precinct-members.read' } }),
    ).toBeGreaterThan(0);
    await shot(page, 'precinct-members-ru');
    await inKazakh(page);
    await page.getByRole('heading', { name: 'Учаскелік комиссия мүшелері', level: 1 }).waitFor();
    await expect(row.innerText()).resolves.toContain('бос емес орындар: 1 / 2');
    await page
      .getByRole('status')
      .filter({ hasText: 'Серикова Алия Маратовна' })
      .filter({ hasText: 'тағайындалды' })
      .waitFor();
    expect(await latinSentence(page)).toBeNull();
    await shot(page, 'precinct-members-kk');
    await page.close();
  });

  it('the district commission reads its voting-day escalations: the station by name, why and how long open in words', async () => {
    const app = await application(0, 85);
    await stack.prisma.votingDayEscalation.create({
      data: {
        id: randomUUID(),
        applicationId: app.id,
        votingDayId,
        regionCode: place.regionCode,
        districtId: place.districtId,
        stationNumber: place.stations[0].number,
        reason: 'OPEN_TOO_LONG',
        raisedAt: new Date(Date.now() - 25 * 60_000),
      },
    });
    const page = await signedIn(commission.username, MEMBER_PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: 'Переданные обращения' }).click();
    await page.getByRole('heading', { name: 'Обращения, переданные в территориальную комиссию', level: 1 }).waitFor();
    const row = page.locator('tr[data-escalation="OPEN_TOO_LONG"]').filter({ hasText: `№ ${app.number}:` });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(stationName(0));
    expect(text).toContain('не решено дольше допустимого срока');
    expect(text).toMatch(/открыто уже 1 час 2[56] минут/);
    expect(await page.locator('main').innerText()).not.toContain('OPEN_TOO_LONG');
    expect(await latinSentence(page)).toBeNull();
    await shot(page, 'escalations-ru');
    await inKazakh(page);
    await page.getByRole('heading', { name: 'Аумақтық комиссияға берілген өтініштер', level: 1 }).waitFor();
    await expect(row.innerText()).resolves.toMatch(
      /рұқсат етілген мерзімнен ұзақ шешілмеді[\s\S]*1 сағат 2[56] минут бойы ашық/,
    );
    expect(await latinSentence(page)).toBeNull();
    await shot(page, 'escalations-kk');
    await page.close();
  });

  it('a precinct member reads and prints their supplementary list (audited), and their list says escalations and refusals in words', async () => {
    const { member } = await designateMember(
      stack,
      commission.token,
      place.stations[0].id,
      `member.vday.list.${place.districtId}`,
    );
    // Two citizens included at the member's precinct.
    const included: string[] = [];
    for (const [surname, minutes] of [
      ['Абенов', 50],
      ['Жумабаева', 40],
    ] as const) {
      const app = await application(0, minutes);
      await stack.prisma.votingDayApplication.update({
        where: { id: app.id },
        data: { status: 'INCLUDED', lookupResult: 'FOUND', decidedAt: new Date(), decidedBy: member!.id },
      });
      await stack.prisma.supplementaryListEntry.create({
        data: {
          applicationId: app.id,
          votingDayId,
          stationId: place.stations[0].id,
          iin: app.iin,
          surname,
          firstName: 'Ерлан',
          patronymic: 'Серикович',
          birthDate: new Date(Date.UTC(1980, 4, 17)),
          addedBy: member!.id,
          addedAt: new Date(Date.now() - (minutes - 5) * 60_000),
        },
      });
      included.push(`${surname} Ерлан Серикович`);
    }
    // One awaiting a decision with no permanent registration, one whose lookup the service has not answered.
    const noRegistration = await application(0, 10);
    await stack.prisma.votingDayApplication.update({
      where: { id: noRegistration.id },
      data: { status: 'AWAITING_DECISION', lookupResult: 'NOT_FOUND', lookupAttempts: 1 },
    });
    const retrying = await application(0, 2);
    await stack.prisma.votingDayApplication.update({
      where: { id: retrying.id },
      data: { lookupAttempts: 2, lookupError: 'State registration service unavailable (attempt 2); retrying' },
    });

    const page = await memberSignedIn(member!);
    await page.getByRole('heading', { name: /День голосования/ }).waitFor();
    // The escalated application (the previous test's, open 85 minutes) is marked in words, not by ⚠ alone.
    const list = page.locator('ul.apps');
    await list
      .getByRole('button', { name: /передано в территориальную комиссию: не решено дольше допустимого срока/ })
      .waitFor();
    await page.locator(`[data-application="${noRegistration.number}"]`).click();
    await page
      .locator('[data-refusal="no-registration"]')
      .filter({ hasText: 'У гражданина нет постоянной регистрации: включить нельзя' })
      .waitFor();
    await page.locator(`[data-application="${retrying.number}"]`).click();
    await page.getByText('Сервис регистрации не отвечает (попыток: 2); запрос повторяется автоматически.').waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/OPEN_TOO_LONG|retrying|registration/);
    expect(await latinSentence(page)).toBeNull();
    await shot(page, 'voting-day-ru');
    await inKazakh(page);
    await page
      .getByText('Тіркеу қызметі жауап бермей тұр (әрекеттер: 2); сұрау автоматты түрде қайталанады.')
      .waitFor();
    await list
      .getByRole('button', { name: /аумақтық комиссияға берілді: рұқсат етілген мерзімнен ұзақ шешілмеді/ })
      .waitFor();
    expect(await latinSentence(page)).toBeNull();
    await shot(page, 'voting-day-kk');
    await page.locator('header select').selectOption('ru');

    await page.getByRole('navigation').getByRole('link', { name: 'Дополнительный список' }).click();
    await page.getByRole('heading', { name: 'Дополнительный список избирателей', level: 1 }).waitFor();
    await expect(page.getByLabel('Избирательный участок').locator('option:checked').innerText()).resolves.toBe(
      stationName(0),
    );
    const before = await stack.prisma.auditEvent.count({
      where: { actor: member!.id, action: 'voting-day.supplementary-list.read' },
    });
    await page.getByRole('button', { name: 'Показать список' }).click();
    const heading = page.getByRole('heading', { level: 2, name: /Дополнительный список избирателей участка/ });
    await heading.waitFor();
    await expect(heading.innerText()).resolves.toContain(`${stationName(0)}. Республиканский референдум (тест), `);
    const rows = page.locator('article.printable tbody tr');
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringContaining(included[0]),
      expect.stringContaining(included[1]),
    ]);
    await page.getByText('Всего: 2 избирателя').waitFor();
    expect(
      await stack.prisma.auditEvent.count({
        where: { actor: member!.id, action: 'voting-day.supplementary-list.read' },
      }),
    ).toBe(before + 1);
    await page.evaluate('window.printed = 0; window.print = () => { window.printed += 1; }');
    await page.getByRole('button', { name: 'Печать' }).click();
    await expect(page.evaluate('window.printed')).resolves.toBe(1);
    await shot(page, 'supplementary-list-ru');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Показать список' }).isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await inKazakh(page);
    await page.getByRole('heading', { name: 'Сайлаушылардың қосымша тізімі', level: 1 }).waitFor();
    await page.getByText('Барлығы: 2 сайлаушы').waitFor();
    expect(await latinSentence(page)).toBeNull();
    await shot(page, 'supplementary-list-kk');
    await page.close();
  });
});
