/**
 * A whole district from the period's start to the CEC's receipt, in a real browser (Debian's
 * Chromium driven by playwright-core), through the console alone: the coordinator starts the period
 * on the board; the akimat's registrar uploads the voter file and the station list on the Files
 * screen, finds their task waiting for a transfer act and goes from it to the acts screen, declares
 * the act from the accepted files; the district commission finds the act awaiting receipt, checks it
 * against the files received file by file, records receipt and signs it with its EDS key file; the
 * registrar signs, opens the act's PDF and completes the submission task with the act; the
 * reconciliation runs and the commission accepts its discrepancies on the review task; the regional
 * commission submits to the CEC and the CEC coordinator records the receipt. Run in Russian, then
 * the same path in Kazakh, each for a period of its own.
 *
 * Only fixtures are made outside the console, as the other browser suites make them: the district,
 * the officials' accounts and their registered certificates (with the key files they choose in the
 * browser), and the calendar years of the periods. Screenshots of every step go to
 * test-output/screenshots/district-cycle-<lang>-NN-<step>.png.
 *
 * Region 59, which no other suite uses, gets one district (removed at the end), so the region is
 * ready for the CEC as soon as that district is.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { checkScreen } from '../support/screen-checks';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { calendarYearsFrom, localDateTimeOf, parsePeriod, periodStartingAfter } from '../../libs/calendar';
import { nationalCycleWorkflowId, regionCycleWorkflowId } from '../../libs/contracts/cycle';
import {
  appendix1Csv,
  appendix1Fields,
  stationFile,
  voterFile,
  type ScenarioSpec,
} from '../../libs/synthetic/scenario';
import { tizimDataConverter } from '../../libs/temporal/codec';
import { testSigner } from '../support/certificates';
import { ensureCalendarYears } from '../support/fixtures';
import { useLocalStack } from '../support/local-stack';

type Lang = 'ru' | 'kk';

/**
 * The console's words the officials act on, as they read them in each language (written out here,
 * not imported: a word changed on screen shows in this test).
 */
const WORDS = {
  ru: {
    openFindings: 'Открыть расхождения',
    findingsHeading: (district: string, round: number, period: string) =>
      `Расхождения: ${district}, сверка № ${round}, период ${period}`,
    openConsolidation: 'Открыть «Сводный файл региона»',
    buildConsolidation: 'Сформировать сводный файл',
    username: 'Имя пользователя',
    password: 'Пароль',
    signIn: 'Войти',
    signOut: 'Выйти',
    board: 'Сроки по регионам',
    tasks: 'Мои задачи',
    files: 'Файлы акиматов',
    period: 'Период',
    filter: 'Показать',
    noCycle: (p: string) => `Цикл сверки периода ${p} не начат`,
    startCycle: (p: string) => `Начать цикл периода ${p}`,
    upload: 'Загрузить файл',
    district: 'Район',
    fileKind: 'Вид файла',
    chooseFile: 'Файл',
    claim: 'Взять',
    complete: 'Выполнить',
    noActs: 'Актов приёма-передачи пока нет: объявите акт по представленным файлам.',
    bytes: 'байт',
    kinds: {
      SUBMIT_FILES: 'Представить сведения об избирателях',
      REVIEW_DISCREPANCIES: 'Рассмотреть расхождения',
      SUBMIT_TO_CEC: 'Представить в ЦИК',
      RECORD_CEC_RECEIPT: 'Отметить получение ЦИК',
    } as Record<string, string>,
    taskDone: (task: string, p: string, place: string) => `Задача «${task}» выполнена: период ${p}, ${place}.`,
    keyFile: 'Файл ключа ЭЦП (PKCS#8, PEM)',
    certFile: 'Файл сертификата (PEM)',
    actPdf: 'Акт (PDF)',
    chooseAct: 'Выберите акт приёма-передачи',
    signedAct: 'подписан обеими сторонами',
    round: 'Раунд',
    decision: 'Решение',
    accept: 'Принять',
    comment: 'Комментарий',
    actNumber: 'Номер акта',
    receivedAt: 'Получено (дата и время)',
    // The transfer acts screen.
    acts: 'Акты приёма-передачи',
    declareAct: 'Объявить акт',
    declareTitle: (d: string, p: string) => `Объявить акт приёма-передачи: ${d}, период ${p}`,
    needPosition: 'Укажите вашу должность: она войдёт в акт.',
    position: 'Ваша должность',
    number: 'Номер акта (необязательно)',
    actTitle: (n: string, d: string) => `Акт № ${n} — ${d}`,
    waiting: 'Ожидают отметки о получении: 1',
    openAct: (n: string) => `Открыть акт № ${n}`,
    same: 'совпадает',
    recordReceipt: 'Отметить получение',
    receiptRecorded: (n: string) => `Получение по акту № ${n} отмечено.`,
    sign: 'Подписать акт',
    commissionSigned: 'Подпись (комиссия) проверена и принята.',
    akimatSigned: 'Подпись (акимат) проверена и принята.',
    bothSigned: 'Акт подписан обеими сторонами: выберите его в задаче «Представить сведения об избирателях»',
    akimatPosition: 'главный специалист отдела регистрации',
    commissionPosition: 'секретарь комиссии',
    reviewComment: 'Расхождения проверены, сведения принимаются',
    regionDone: ['завершено', '1/1 районов готово'],
  },
  kk: {
    openFindings: 'Сәйкессіздіктерді ашу',
    findingsHeading: (district: string, round: number, period: string) =>
      `Сәйкессіздіктер: ${district}, № ${round} салыстыру, ${period} кезең`,
    openConsolidation: '«Өңірдің жиынтық файлы» бетін ашу',
    buildConsolidation: 'Жиынтық файлды жасау',
    username: 'Пайдаланушы аты',
    password: 'Құпиясөз',
    signIn: 'Кіру',
    signOut: 'Шығу',
    board: 'Өңірлер бойынша мерзімдер',
    tasks: 'Менің тапсырмаларым',
    files: 'Әкімдіктердің файлдары',
    period: 'Кезең',
    filter: 'Көрсету',
    noCycle: (p: string) => `${p} кезеңінің салыстыру циклі басталмаған`,
    startCycle: (p: string) => `${p} кезеңінің циклін бастау`,
    upload: 'Файлды жүктеу',
    district: 'Аудан',
    fileKind: 'Файл түрі',
    chooseFile: 'Файл',
    claim: 'Алу',
    complete: 'Орындау',
    noActs: 'Қабылдау-тапсыру актілері әлі жоқ: ұсынылған файлдар бойынша акт жариялаңыз.',
    bytes: 'байт',
    kinds: {
      SUBMIT_FILES: 'Сайлаушылар туралы мәліметтерді ұсыну',
      REVIEW_DISCREPANCIES: 'Сәйкессіздіктерді қарау',
      SUBMIT_TO_CEC: 'ОСК-ға ұсыну',
      RECORD_CEC_RECEIPT: 'ОСК-ның алғанын белгілеу',
    } as Record<string, string>,
    taskDone: (task: string, p: string, place: string) => `«${task}» тапсырмасы орындалды: ${p} кезеңі, ${place}.`,
    keyFile: 'ЭЦҚ кілтінің файлы (PKCS#8, PEM)',
    certFile: 'Сертификат файлы (PEM)',
    actPdf: 'Акт (PDF)',
    chooseAct: 'Қабылдау-тапсыру актісін таңдаңыз',
    signedAct: 'екі тарап қол қойды',
    round: 'Раунд',
    decision: 'Шешім',
    accept: 'Қабылдау',
    comment: 'Түсініктеме',
    actNumber: 'Акт нөмірі',
    receivedAt: 'Алынды (күні мен уақыты)',
    acts: 'Қабылдау-тапсыру актілері',
    declareAct: 'Актіні жариялау',
    declareTitle: (d: string, p: string) => `Қабылдау-тапсыру актісін жариялау: ${d}, ${p} кезеңі`,
    needPosition: 'Лауазымыңызды көрсетіңіз: ол актіге енеді.',
    position: 'Лауазымыңыз',
    number: 'Акт нөмірі (міндетті емес)',
    actTitle: (n: string, d: string) => `№ ${n} акт — ${d}`,
    waiting: 'Алынғанын белгілеуді күтуде: 1',
    openAct: (n: string) => `№ ${n} актіні ашу`,
    same: 'сәйкес',
    recordReceipt: 'Алынғанын белгілеу',
    receiptRecorded: (n: string) => `№ ${n} акт бойынша алынғаны белгіленді.`,
    sign: 'Актіге қол қою',
    commissionSigned: 'Қолтаңба (комиссия) тексеріліп, қабылданды.',
    akimatSigned: 'Қолтаңба (әкімдік) тексеріліп, қабылданды.',
    bothSigned:
      'Актіге екі тарап қол қойды: мәліметтерді салыстыруға беру үшін оны «Сайлаушылар туралы мәліметтерді ұсыну» тапсырмасында таңдаңыз.',
    akimatPosition: 'тіркеу бөлімінің бас маманы',
    commissionPosition: 'комиссия хатшысы',
    reviewComment: 'Сәйкессіздіктер тексерілді, мәліметтер қабылданады',
    regionDone: ['аяқталды', '1/1 дайын аудан'],
  },
};
/**
 * The two periods after the one the other suites start (console, board, cycle: the period starting
 * 20 days from now), so that no other suite's tasks for the same period appear here; near enough
 * that the calendar holds every year between today and their deadlines.
 */
const after = (p: string) => (p.endsWith('-01') ? `${p.slice(0, 4)}-07` : `${Number(p.slice(0, 4)) + 1}-01`);
const SHARED = periodStartingAfter(Date.now() + 20 * 86_400_000).id;
const RUNS: { lang: Lang; period: string; seed: number }[] = [
  { lang: 'ru', period: after(SHARED), seed: 5946 },
  { lang: 'kk', period: after(after(SHARED)), seed: 5947 },
];
const REGION = '59';
const DISTRICT = { id: '5901', nameRu: 'Кызылжарский район', nameKk: 'Қызылжар ауданы' };
const REGION_NAME = { ru: 'Северо-Казахстанская область', kk: 'Солтүстік Қазақстан облысы' };
const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'district cycle test password';

const stack = useLocalStack({
  beforeStart: async (s) => {
    await ensureCalendarYears(
      s.prisma,
      RUNS.flatMap((r) => calendarYearsFrom(parsePeriod(r.period), Date.now())),
    );
    await s.prisma.district.upsert({
      where: { id: DISTRICT.id },
      create: { ...DISTRICT, regionCode: REGION },
      update: {},
    });
  },
  beforeStop: async (s) => {
    for (const { period } of RUNS)
      await s.env.client.workflow
        .getHandle(nationalCycleWorkflowId(period))
        .terminate('test over')
        .catch(() => undefined);
    await s.prisma.district.deleteMany({ where: { id: DISTRICT.id } }).catch(() => undefined);
  },
});

let browser: Browser;
let keys: string;
const accounts: Record<string, { id: string; username: string; fullName: string }> = {};

async function account(key: string, role: string, fullName: string, territory: Record<string, string> = {}) {
  const username = `cycle.${key}`;
  const created = await stack.call('POST', '/v1/users', { username, fullName, password: PASSWORD, role, ...territory });
  expect(created.status).toBe(201);
  accounts[key] = { id: created.body.id, username, fullName };
}

/** A registered certificate for the official, and the key and certificate files they choose in the browser. */
async function certificate(key: string, holderRole: 'akimat' | 'commission') {
  const signer = testSigner('p256', accounts[key].fullName);
  const registered = await stack.call('POST', '/v1/certificates', {
    pem: signer.pem,
    holder: accounts[key].id,
    holderName: accounts[key].fullName,
    holderRole,
  });
  expect(registered.status).toBe(201);
  writeFileSync(join(keys, `${key}.key.pem`), signer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(keys, `${key}.cert.pem`), signer.pem);
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  keys = mkdtempSync(join(tmpdir(), 'tizim-cycle-keys-'));
  browser = await chromium.launch({
    executablePath: process.env.TIZIM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  await account('coordinator', 'CEC_COORDINATOR', 'Сейітова Гүлнар Мұратқызы');
  await account('registrar', 'AKIMAT_REGISTRAR', 'Жұмабекова Әйгерім Қайратқызы', { districtId: DISTRICT.id });
  await account('commission', 'DISTRICT_COMMISSION', 'Омаров Ерлан Серікұлы', { districtId: DISTRICT.id });
  await account('regional', 'REGIONAL_COMMISSION', 'Ким Виктор Алексеевич', { regionCode: REGION });
  await certificate('registrar', 'akimat');
  await certificate('commission', 'commission');
});

afterAll(async () => {
  await browser?.close();
});

/** The district's files for a run: a voter file of generated people and its station list. */
function districtFiles(lang: Lang, period: string, seed: number) {
  const spec: ScenarioSpec = {
    seed,
    referenceDate: '2026-10-01',
    period,
    regions: [
      {
        code: REGION,
        stationBase: 590,
        districts: [
          {
            id: DISTRICT.id,
            nameRu: DISTRICT.nameRu,
            nameKk: DISTRICT.nameKk,
            locality: 'Бесколь',
            slot: 59,
            stations: [6, 4],
          },
        ],
      },
    ],
  };
  const voters = [...voterFile(spec, DISTRICT.id)].map((r) => appendix1Fields(r));
  const header =
    lang === 'ru'
      ? [
          '№ п/п',
          'Номер избирательного участка',
          'Наименование помещения для голосования',
          'Населенный пункт',
          'Улица',
          'Дом',
          'Отметка',
        ]
      : [
          'Р/с №',
          'Сайлау учаскесінің нөмірі',
          'Дауыс беруге арналған үй-жайдың атауы',
          'Елді мекен',
          'Көше',
          'Үй',
          'Белгі',
        ];
  const stations = stationFile(spec, DISTRICT.id);
  const stationCsv =
    [header, ...stations.map((s, i) => [i + 1, s.number, s.premises, s.locality, s.street, s.house, ''])]
      .map((row) => row.join(';'))
      .join('\r\n') + '\r\n';
  return {
    voters: {
      name: lang === 'ru' ? `избиратели_${DISTRICT.id}.csv` : `сайлаушылар_${DISTRICT.id}.csv`,
      csv: appendix1Csv(voters),
      records: voters.length,
    },
    stations: {
      name: lang === 'ru' ? `участки_${DISTRICT.id}.csv` : `учаскелер_${DISTRICT.id}.csv`,
      csv: stationCsv,
      records: stations.length,
    },
  };
}

/** "2026-12-06T21:15" in Asia/Almaty: what a datetime-local field holds for now. */
function almatyNow(): string {
  const { date, minuteOfDay } = localDateTimeOf(Date.now());
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date}T${two(Math.floor(minuteOfDay / 60))}:${two(minuteOfDay % 60)}`;
}

describe.each(RUNS)('a district from the start of the period to the CEC, through the console alone ($lang)', (run) => {
  const { lang, period } = run;
  const t = WORDS[lang];
  let step = 0;
  // Each step's screen is checked as every screen is (screen-checks.ts: axe, no Latin script or ids,
  // no sideways scroll, a title of its own) and photographed.
  const shot = async (page: Page, name: string) => {
    step += 1;
    const screen = new URL(page.url()).hash.replace(/^#\/?/, '').split('?')[0] || 'start';
    const problems = await checkScreen(page, `district-cycle-${lang}-${String(step).padStart(2, '0')}-${name}`, {
      lang,
      screen,
    });
    expect(problems).toEqual([]);
  };
  // Places by name, as the console writes them (the region's from the reference data).
  const district = lang === 'ru' ? DISTRICT.nameRu : DISTRICT.nameKk;
  const regionName = async () => {
    const r = await stack.prisma.region.findUniqueOrThrow({ where: { code: REGION } });
    return lang === 'ru' ? r.nameRu : r.nameKk;
  };
  const files = districtFiles(lang, period, run.seed);
  const actNumber = `${DISTRICT.id}/${period}/1`;

  /** Signs in through the form, the console already in the run's language (as the official chose it before). */
  async function signedIn(who: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'ru-RU' });
    await context.addInitScript(`localStorage.setItem('tizim.lang', '${lang}')`);
    const page = await context.newPage();
    page.on('close', () => void context.close());
    await page.goto(`${stack.base}/console/`);
    await page.getByLabel(t.username).fill(accounts[who].username);
    await page.getByLabel(t.password).fill(PASSWORD);
    await page.getByRole('button', { name: t.signIn, exact: true }).click();
    await page.getByRole('button', { name: t.signOut }).waitFor();
    return page;
  }

  /** Opens a screen from the navigation and shows it for the run's period. */
  async function screen(page: Page, name: string, heading: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Tizim' }).getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    const field = page.getByLabel(t.period, { exact: true });
    if (await field.count()) {
      await field.fill(period);
      await page.getByRole('button', { name: t.filter, exact: true }).click();
    }
  }

  /** The task of `kind` of this run's period on the tasks screen (it appears as the workflow opens it). */
  async function task(page: Page, kind: string): Promise<Locator> {
    await screen(page, t.tasks, t.tasks);
    const card = page.locator('article[data-task]').filter({ hasText: t.kinds[kind] }).filter({ hasText: period });
    await card.waitFor({ timeout: 120_000 });
    return card;
  }

  async function complete(page: Page, card: Locator, kind: string, place: string): Promise<void> {
    await card.getByRole('button', { name: t.complete, exact: true }).click();
    await card.waitFor({ state: 'detached' });
    await expect(page.getByRole('status').textContent()).resolves.toBe(t.taskDone(t.kinds[kind], period, place));
  }

  it('the coordinator starts the period on the board', async () => {
    const page = await signedIn('coordinator');
    await screen(page, t.board, t.board);
    await page.getByText(t.noCycle(period)).waitFor();
    await shot(page, 'board-not-started');
    await page.getByRole('button', { name: t.startCycle(period) }).click();
    const row = page.locator(`tr[data-region="${REGION}"]`);
    await row.waitFor({ timeout: 60_000 });
    await expect(row.textContent()).resolves.toContain(REGION_NAME[lang]);
    await shot(page, 'board-started');
    await page.close();
  }, 120_000);

  it('the registrar uploads the voter file and the station list on the Files screen', async () => {
    const page = await signedIn('registrar');
    await screen(page, t.files, t.files);
    await page.getByRole('heading', { name: `${t.upload}: ${district}, ${t.period} ${period}` }).waitFor();
    for (const [kind, file] of [
      ['voters', files.voters],
      ['stations', files.stations],
    ] as const) {
      await page.getByLabel(t.fileKind).selectOption(kind);
      await page
        .getByLabel(t.chooseFile, { exact: true })
        .setInputFiles({ name: file.name, mimeType: 'text/csv', buffer: Buffer.from(file.csv) });
      await page.getByRole('button', { name: t.upload, exact: true }).click();
      await page.locator('[data-file-status="ACCEPTED"]', { hasText: file.name }).waitFor({ timeout: 90_000 });
      await shot(page, `file-accepted-${kind}`);
    }
    await page.locator('article[data-submission] tr[data-file]').nth(1).waitFor();
    await shot(page, 'files-submission');
    await page.close();
  }, 240_000);

  it('the registrar finds the submission task waiting for an act, and declares the act from the accepted files', async () => {
    const page = await signedIn('registrar');
    const card = await task(page, 'SUBMIT_FILES');
    await card.getByRole('button', { name: t.claim, exact: true }).click();
    // No act yet: «Выполнить» is held back, and the task leads to the acts screen.
    const declare = card.getByRole('button', { name: t.declareAct, exact: true });
    await declare.waitFor();
    await expect(card.locator('[data-no-act]').textContent()).resolves.toContain(t.noActs);
    await expect(card.getByRole('button', { name: t.complete, exact: true }).isDisabled()).resolves.toBe(true);
    await shot(page, 'task-needs-act');
    await declare.click();

    await page.getByRole('heading', { name: t.acts, level: 1 }).waitFor();
    const form = page.locator('form[aria-labelledby="declare-heading"]');
    await page.getByRole('heading', { name: t.declareTitle(district, period) }).waitFor();
    // Both accepted files, with their names, bytes and records, chosen for the act.
    for (const file of [files.voters, files.stations]) {
      const row = form.locator('tr[data-file]', { hasText: file.name });
      await expect(row.textContent()).resolves.toContain(
        `${Buffer.byteLength(file.csv).toLocaleString('ru-RU')} ${t.bytes}`,
      );
      await expect(row.getByRole('checkbox').isChecked()).resolves.toBe(true);
    }
    // Nothing said about the position: the console says so in its own words.
    await form.getByRole('button', { name: t.declareAct, exact: true }).click();
    await form.getByRole('alert').filter({ hasText: t.needPosition }).waitFor();
    await form
      .getByLabel(t.position)
      .fill(lang === 'ru' ? 'главный специалист отдела регистрации' : 'тіркеу бөлімінің бас маманы');
    await form.getByLabel(t.number).fill(actNumber);
    await shot(page, 'act-declare');
    await form.getByRole('button', { name: t.declareAct, exact: true }).click();

    const act = page.locator('article[data-act-view][data-status="DRAFT"]');
    await act.waitFor();
    // Focus moves to the act just declared.
    await expect(act.getByRole('heading', { level: 2 }).first().textContent()).resolves.toContain(
      t.actTitle(actNumber, district),
    );
    await expect(page.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('act-heading');
    // The registrar sees at once how the act stands against the files received.
    await act.locator('[data-check="matches"]').waitFor();
    await shot(page, 'act-declared');
    await page.close();
  }, 240_000);

  it('the commission finds the act awaiting receipt, checks it file by file, records receipt and signs it', async () => {
    const page = await signedIn('commission');
    await screen(page, t.acts, t.acts);
    const row = page.locator('tr[data-act-row][data-status="DRAFT"]', { hasText: actNumber });
    await row.waitFor();
    await expect(page.locator('[data-waiting]').textContent()).resolves.toBe(t.waiting);
    await shot(page, 'commission-acts-waiting');
    await row.getByRole('button', { name: t.openAct(actNumber) }).click();

    const act = page.locator('article[data-act-view]');
    const check = act.locator('[data-check]');
    await check.waitFor();
    expect(await check.getAttribute('data-check')).toBe('matches');
    for (const file of [files.voters, files.stations]) {
      const line = check.locator(`tr[data-check-file="${file.name}"]`);
      expect(await line.getAttribute('data-verdict')).toBe('matches');
      await expect(line.textContent()).resolves.toContain(`${file.name} — ${t.same}`);
    }
    await shot(page, 'commission-check');

    await act.getByLabel(t.position).fill(lang === 'ru' ? 'секретарь комиссии' : 'комиссия хатшысы');
    await act.getByRole('button', { name: t.recordReceipt, exact: true }).click();
    await act
      .getByRole('status')
      .filter({ hasText: t.receiptRecorded(actNumber) })
      .waitFor();
    await page.locator('article[data-act-view][data-status="RECEIVED"]').waitFor();
    await shot(page, 'commission-received');

    await act.getByLabel(t.keyFile).setInputFiles(join(keys, 'commission.key.pem'));
    await act.getByLabel(t.certFile).setInputFiles(join(keys, 'commission.cert.pem'));
    await act.getByRole('button', { name: t.sign, exact: true }).click();
    await act.getByRole('status').filter({ hasText: t.commissionSigned }).waitFor();
    await page
      .locator('article[data-act-view][data-status="SIGNED_BY_COMMISSION"] [data-signature="commission"]')
      .waitFor();
    await expect(act.locator('[data-signature="commission"]').textContent()).resolves.toContain(
      accounts.commission.fullName,
    );
    await shot(page, 'commission-signed');
    await page.close();
  }, 180_000);

  it('the registrar signs the act, opens its PDF and completes the submission task with it', async () => {
    const page = await signedIn('registrar');
    await screen(page, t.acts, t.acts);
    const row = page.locator('tr[data-act-row]', { hasText: actNumber });
    await row.getByRole('button', { name: t.openAct(actNumber) }).click();
    const act = page.locator('article[data-act-view]');
    await act.getByLabel(t.keyFile).setInputFiles(join(keys, 'registrar.key.pem'));
    await act.getByLabel(t.certFile).setInputFiles(join(keys, 'registrar.cert.pem'));
    await act.getByRole('button', { name: t.sign, exact: true }).click();
    await act.getByRole('status').filter({ hasText: t.akimatSigned }).waitFor();
    await page.locator('article[data-act-view][data-status="SIGNED"]').waitFor();
    await act.getByText(t.bothSigned).waitFor();
    await shot(page, 'act-signed-both');

    const popup = page.waitForEvent('popup');
    await act.getByRole('button', { name: t.actPdf, exact: true }).click();
    const pdf = await popup;
    expect(pdf.url()).toMatch(/^blob:/);
    const head = await pdf.evaluate(
      `fetch(location.href).then((r) => r.arrayBuffer()).then((b) => String.fromCharCode(...new Uint8Array(b).slice(0, 5)))`,
    );
    expect(head).toBe('%PDF-');
    await pdf.close();

    const card = await task(page, 'SUBMIT_FILES');
    const choose = card.getByLabel(t.chooseAct);
    await choose.waitFor();
    expect(await choose.locator('option').allTextContents()).toEqual([`№ ${actNumber} — ${t.signedAct}`]);
    await shot(page, 'task-act-chosen');
    await complete(page, card, 'SUBMIT_FILES', district);
    await shot(page, 'task-submitted');
    await page.close();
  }, 240_000);

  it('the reconciliation runs, and the commission accepts its discrepancies on the review task', async () => {
    const page = await signedIn('commission');
    const card = await task(page, 'REVIEW_DISCREPANCIES');
    // The round on the Files screen, beside the act it checked.
    await screen(page, t.files, t.files);
    const submission = page.locator('article[data-submission]');
    await submission.locator('li', { hasText: `${t.round} 1` }).waitFor();
    await expect(submission.textContent()).resolves.toContain(`№ ${actNumber} — ${t.signedAct}`);
    await shot(page, 'reconciliation-round');

    // The round's findings, opened from the review task: the district by name, the reports beside them.
    await screen(page, t.tasks, t.tasks);
    await card.getByRole('link', { name: t.openFindings, exact: true }).click();
    await page.getByRole('heading', { name: t.findingsHeading(district, 1, period), level: 1 }).waitFor();
    await page.locator('table.findings-table tbody tr').first().waitFor();
    await shot(page, 'findings');

    await screen(page, t.tasks, t.tasks);
    await card.getByRole('button', { name: t.claim, exact: true }).click();
    await card.getByLabel(t.decision).selectOption({ label: t.accept });
    await card
      .getByLabel(t.comment)
      .fill(
        lang === 'ru'
          ? 'Расхождения проверены, сведения принимаются'
          : 'Сәйкессіздіктер тексерілді, мәліметтер қабылданады',
      );
    await shot(page, 'review-accept');
    await complete(page, card, 'REVIEW_DISCREPANCIES', district);
    await shot(page, 'review-done');
    await page.close();
  }, 240_000);

  it('the regional commission submits to the CEC, and the CEC coordinator records the receipt', async () => {
    const regional = await signedIn('regional');
    const submit = await task(regional, 'SUBMIT_TO_CEC');
    // The region's consolidated file, built from the task's link before submitting it.
    await submit.getByRole('link', { name: t.openConsolidation, exact: true }).click();
    await regional.getByRole('button', { name: t.buildConsolidation, exact: true }).click();
    const written = regional.locator('section[data-file-status="WRITTEN"]');
    await written.waitFor({ timeout: 60_000 });
    await expect(written.locator('[data-records]').getAttribute('data-records')).resolves.toBe(
      String(files.voters.records),
    );
    await shot(regional, 'consolidated-file');
    await screen(regional, t.tasks, t.tasks);
    await submit.getByRole('button', { name: t.claim, exact: true }).click();
    await submit.getByLabel(t.actNumber).fill(`${REGION}-ЦИК/${period}`);
    await shot(regional, 'cec-submit');
    await complete(regional, submit, 'SUBMIT_TO_CEC', await regionName());
    await shot(regional, 'cec-submitted');
    await regional.close();

    const coordinator = await signedIn('coordinator');
    const receipt = await task(coordinator, 'RECORD_CEC_RECEIPT');
    await receipt.getByRole('button', { name: t.claim, exact: true }).click();
    await receipt.getByLabel(t.receivedAt).fill(almatyNow());
    await shot(coordinator, 'cec-receipt');
    await complete(coordinator, receipt, 'RECORD_CEC_RECEIPT', await regionName());
    await shot(coordinator, 'cec-received');

    // The region's cycle is over: every task of the district and the region done, by whom the screens say.
    const tasks = await stack.prisma.cycleTask.findMany({
      where: { period, regionCode: REGION },
      orderBy: { createdAt: 'asc' },
    });
    expect(tasks.map((x) => [x.kind, x.status])).toEqual([
      ['SUBMIT_FILES', 'COMPLETED'],
      ['REVIEW_DISCREPANCIES', 'COMPLETED'],
      ['SUBMIT_TO_CEC', 'COMPLETED'],
      ['RECORD_CEC_RECEIPT', 'COMPLETED'],
    ]);
    const act = await stack.prisma.transferAct.findFirstOrThrow({ where: { period, districtId: DISTRICT.id } });
    expect(act).toMatchObject({ number: actNumber, status: 'SIGNED', akimatHolder: accounts.registrar.id });
    expect(tasks[0]).toMatchObject({ completedBy: accounts.registrar.id, outcome: { transferActId: act.id } });
    expect(tasks.map((x) => x.completedBy)).toEqual([
      accounts.registrar.id,
      accounts.commission.id,
      accounts.regional.id,
      accounts.coordinator.id,
    ]);
    const client = new Client({
      connection: stack.env.connection,
      dataConverter: tizimDataConverter(stack.config.codec.keys, stack.config.codec.activeKeyId),
    });
    const region = await client.workflow.getHandle(regionCycleWorkflowId(period, REGION)).result();
    expect(region).toMatchObject({ regionCode: REGION, districts: 1 });

    await screen(coordinator, t.board, t.board);
    // The board says the region is done, its one district ready.
    await coordinator
      .locator(`tr[data-region="${REGION}"]`)
      .filter({ hasText: t.regionDone[0] })
      .filter({ hasText: t.regionDone[1] })
      .waitFor();
    await shot(coordinator, 'board-done');
    await coordinator.close();
  }, 300_000);
});
