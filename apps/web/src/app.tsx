/**
 * The console's shell: sign-in, the language switch, and a page per screen. Which screens an
 * official sees comes from the routes the API says they may call (GET /v1/auth/me), so the console
 * never offers what the API would refuse. Routing is by the URL's hash (#/board?period=2027-01).
 */
import { Fragment, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ScreenTitleContext, type Route } from './ui';
import { api, can, saveTokens, savedTokens, signOut, whenSignedOut, type Me } from './api';
import { initialLang, LangContext, WORDS, type Lang } from './i18n';
import { ActsPage } from './pages/acts';
import { FormCheck } from './form-check';
import { FINDINGS_WORDS } from './words/findings';
import { AuditPage } from './pages/audit';
import { BoardPage } from './pages/board';
import { ConsolidationPage } from './pages/consolidation';
import { FilesPage } from './pages/files';
import { FindingsPage } from './pages/findings';
import { IdCardPage } from './pages/id-card';
import { MailPage } from './pages/mail';
import { SessionsPage } from './pages/sessions';
import { RegisterPage } from './pages/register';
import { SignInPage } from './pages/sign-in';
import { TasksPage } from './pages/tasks';
import { VotingDayPage } from './pages/voting-day';
import { WorkflowsPage } from './pages/workflows';
import { PrecinctMembersPage } from './pages/precinct-members';
import { SupplementaryListPage } from './pages/supplementary-list';
import { VotingDayEscalationsPage } from './pages/voting-day-escalations';
import { VotingDaysPage } from './pages/voting-days';
import type { ScreenWords } from './words/define';
import { CONSOLIDATION_WORDS } from './words/consolidation';
import { precinctMembersWords } from './words/precinct-members';
import { supplementaryListWords } from './words/supplementary-list';
import { votingDayEscalationsWords } from './words/voting-day-escalations';
import { votingDaysWords } from './words/voting-days';
import { ACTS_WORDS } from './words/acts';
import { AccountsPage } from './pages/accounts';
import { CalendarPage } from './pages/calendar';
import { CertificatesPage } from './pages/certificates';
import { DeliveriesPage } from './pages/deliveries';
import { IncidentsPage } from './pages/incidents';
import { NotificationsPage, UnreadCount } from './pages/notifications';
import { ACCOUNTS_WORDS } from './words/accounts';
import { CALENDAR_WORDS } from './words/calendar';
import { CERTIFICATES_WORDS } from './words/certificates';
import { DELIVERIES_WORDS } from './words/deliveries';
import { INCIDENTS_WORDS } from './words/incidents';
import { NOTIFICATIONS_WORDS } from './words/notifications';
import { MAIL_WORDS } from './words/mail';
import { SESSIONS_WORDS } from './words/sessions';

function currentRoute(): Route {
  const [page, query] = window.location.hash.replace(/^#\/?/, '').split('?');
  return { page: page || '', params: new URLSearchParams(query ?? '') };
}

/** Focuses the screen's h1 once it is drawn (a screen may draw it a moment after it opens). */
function focusHeading(tries = 20): void {
  const h1 = document.querySelector<HTMLElement>('main h1');
  if (!h1) {
    if (tries > 0) setTimeout(() => focusHeading(tries - 1), 50);
    return;
  }
  h1.tabIndex = -1;
  h1.focus();
}

const SCREENS: {
  page: string;
  route: string;
  /** A word of i18n.ts, or a screen's own words (words/<screen>.ts) whose `nav` names it. */
  word:
    | 'board'
    | 'tasks'
    | 'files'
    | 'workflows'
    | 'audit'
    | 'votingDay'
    | 'idCards'
    | 'register'
    | ScreenWords<{ nav: string }>;
}[] = [
  { page: 'board', route: 'GET /v1/board', word: 'board' },
  { page: 'tasks', route: 'GET /v1/tasks', word: 'tasks' },
  { page: 'files', route: 'GET /v1/submissions', word: 'files' },
  {
    page: 'acts',
    route: 'GET /v1/transfer-acts',
    word: { ru: { nav: ACTS_WORDS.ru.title }, kk: { nav: ACTS_WORDS.kk.title } },
  },
  { page: 'consolidation', route: 'GET /v1/consolidated-files/readiness', word: CONSOLIDATION_WORDS },
  { page: 'voting-day', route: 'POST /v1/voting-day/applications', word: 'votingDay' },
  {
    page: 'supplementary-list',
    route: 'GET /v1/voting-day/stations/:stationId/supplementary-list',
    word: supplementaryListWords,
  },
  { page: 'voting-days', route: 'POST /v1/voting-days', word: votingDaysWords },
  { page: 'precinct-members', route: 'GET /v1/precinct-members', word: precinctMembersWords },
  { page: 'voting-day-escalations', route: 'GET /v1/voting-day/escalations', word: votingDayEscalationsWords },
  { page: 'id-card', route: 'GET /v1/id-card/applications', word: 'idCards' },
  { page: 'register', route: 'GET /v1/register/snapshots', word: 'register' },
  { page: 'workflows', route: 'GET /v1/workflows', word: 'workflows' },
  { page: 'audit', route: 'GET /v1/audit', word: 'audit' },
  { page: 'notifications', route: 'GET /v1/notifications', word: NOTIFICATIONS_WORDS },
  { page: 'accounts', route: 'GET /v1/users', word: ACCOUNTS_WORDS },
  { page: 'certificates', route: 'GET /v1/certificates', word: CERTIFICATES_WORDS },
  { page: 'calendar', route: 'PUT /v1/calendar/:year', word: CALENDAR_WORDS },
  { page: 'security-incidents', route: 'GET /v1/security-incidents', word: INCIDENTS_WORDS },
  { page: 'egov-deliveries', route: 'GET /v1/egov-deliveries', word: DELIVERIES_WORDS },
  { page: 'mail', route: 'GET /v1/me/notification-preferences', word: MAIL_WORDS },
  { page: 'sessions', route: 'GET /v1/auth/sessions', word: SESSIONS_WORDS },
];

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [me, setMe] = useState<Me | null>(null);
  const [checked, setChecked] = useState(false);
  const [route, setRoute] = useState<Route>(currentRoute);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem('tizim.lang', l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const words = useMemo(() => ({ lang, t: WORDS[lang], setLang }), [lang, setLang]);

  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    whenSignedOut(() => setMe(null));
    document.documentElement.lang = lang;
    return () => window.removeEventListener('hashchange', onHash);
  }, [lang]);

  const loadMe = useCallback(async () => {
    if (!savedTokens()) {
      setChecked(true);
      return;
    }
    try {
      setMe(await api<Me>('GET', '/v1/auth/me'));
    } catch {
      saveTokens(null);
    }
    setChecked(true);
  }, []);
  useEffect(() => void loadMe(), [loadMe]);

  const screens = SCREENS.filter((s) => can(me, s.route));
  // A round's findings (#/findings?reconciliation=ID) is reached from a task or the Files screen, not the menu.
  const findings = route.page === 'findings' && can(me, 'GET /v1/reconciliations/:id/discrepancies');
  const active = findings
    ? {
        page: 'findings',
        route: '',
        word: { ru: { nav: FINDINGS_WORDS.ru.title }, kk: { nav: FINDINGS_WORDS.kk.title } },
      }
    : (screens.find((s) => s.page === route.page) ?? screens[0]);

  // The tab's title names the screen in the official's language; a new screen is announced by
  // moving focus to its heading (after sign-in too), so a screen reader reads where the official is.
  const nameOf = (s: (typeof SCREENS)[number]) => (typeof s.word === 'string' ? words.t[s.word] : s.word[lang].nav);
  const screenName = !checked ? words.t.loading : !me ? words.t.signIn : active ? nameOf(active) : words.t.none;
  const [ownTitle, setOwnTitle] = useState<string | null>(null);
  useEffect(() => {
    document.title = `${ownTitle ?? screenName} — ${words.t.app}`;
  }, [ownTitle, screenName, words.t.app]);
  const shown = me && active ? active.page : null;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      if (!shown) return;
    }
    if (shown) focusHeading();
  }, [shown]);

  const signOutHere = async () => {
    await signOut();
    setMe(null);
  };

  return (
    <LangContext.Provider value={words}>
      <ScreenTitleContext.Provider value={setOwnTitle}>
        <header className="top">
          <span className="brand">{words.t.app}</span>
          <label className="lang">
            {words.t.language}{' '}
            <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} aria-label={words.t.language}>
              <option value="ru">Русский</option>
              <option value="kk">Қазақша</option>
            </select>
          </label>
          {me && (
            <span className="who">
              <span data-name>{me.fullName}</span> ·{' '}
              <button type="button" className="link" onClick={signOutHere}>
                {words.t.signOut}
              </button>
            </span>
          )}
        </header>
        {me && (
          <nav aria-label="Tizim">
            {screens.map((s) => (
              <Fragment key={s.page}>
                <a
                  href={`#/${s.page}`}
                  aria-current={active?.page === s.page ? 'page' : undefined}
                  aria-describedby={s.page === 'notifications' ? 'unread-count' : undefined}
                >
                  {nameOf(s)}
                </a>
                {s.page === 'notifications' && <UnreadCount id="unread-count" />}
              </Fragment>
            ))}
          </nav>
        )}
        <main>
          <FormCheck />
          {!checked ? (
            <p>{words.t.loading}</p>
          ) : !me ? (
            <SignInPage onSignedIn={loadMe} />
          ) : active ? (
            <Screen page={active.page} me={me} route={route} />
          ) : (
            <p>{words.t.none}</p>
          )}
        </main>
      </ScreenTitleContext.Provider>
    </LangContext.Provider>
  );
}

function Screen({ page, me, route }: { page: string; me: Me; route: Route }) {
  switch (page) {
    case 'board':
      return <BoardPage me={me} route={route} />;
    case 'tasks':
      return <TasksPage me={me} route={route} />;
    case 'consolidation':
      return <ConsolidationPage me={me} route={route} />;
    case 'files':
      return <FilesPage me={me} route={route} />;
    case 'findings':
      return <FindingsPage me={me} route={route} />;
    case 'acts':
      return <ActsPage me={me} route={route} />;
    case 'voting-day':
      return <VotingDayPage me={me} />;
    case 'id-card':
      return <IdCardPage me={me} route={route} />;
    case 'workflows':
      return <WorkflowsPage me={me} route={route} />;
    case 'register':
      return <RegisterPage />;
    case 'audit':
      return <AuditPage />;
    case 'voting-days':
      return <VotingDaysPage />;
    case 'precinct-members':
      return <PrecinctMembersPage />;
    case 'voting-day-escalations':
      return <VotingDayEscalationsPage me={me} />;
    case 'supplementary-list':
      return <SupplementaryListPage me={me} />;
    case 'notifications':
      return <NotificationsPage me={me} />;
    case 'accounts':
      return <AccountsPage me={me} />;
    case 'certificates':
      return <CertificatesPage me={me} />;
    case 'calendar':
      return <CalendarPage me={me} route={route} />;
    case 'security-incidents':
      return <IncidentsPage me={me} />;
    case 'egov-deliveries':
      return <DeliveriesPage />;
    case 'sessions':
      return <SessionsPage />;
    case 'mail':
      return <MailPage />;
    default:
      return null;
  }
}
