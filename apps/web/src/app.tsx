/**
 * The console's shell: sign-in, the language switch, and a page per screen. Which screens an
 * official sees comes from the routes the API says they may call (GET /v1/auth/me), so the console
 * never offers what the API would refuse. Routing is by the URL's hash (#/board?period=2027-01).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Route } from './ui';
import { api, can, saveTokens, savedTokens, whenSignedOut, type Me } from './api';
import { initialLang, LangContext, WORDS, type Lang } from './i18n';
import { FormCheck } from './form-check';
import { AuditPage } from './pages/audit';
import { BoardPage } from './pages/board';
import { FilesPage } from './pages/files';
import { IdCardPage } from './pages/id-card';
import { RegisterPage } from './pages/register';
import { SignInPage } from './pages/sign-in';
import { TasksPage } from './pages/tasks';
import { VotingDayPage } from './pages/voting-day';
import { WorkflowsPage } from './pages/workflows';

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
  word: 'board' | 'tasks' | 'files' | 'workflows' | 'audit' | 'votingDay' | 'idCards' | 'register';
}[] = [
  { page: 'board', route: 'GET /v1/board', word: 'board' },
  { page: 'tasks', route: 'GET /v1/tasks', word: 'tasks' },
  { page: 'files', route: 'GET /v1/submissions', word: 'files' },
  { page: 'voting-day', route: 'POST /v1/voting-day/applications', word: 'votingDay' },
  { page: 'id-card', route: 'GET /v1/id-card/applications', word: 'idCards' },
  { page: 'register', route: 'GET /v1/register/snapshots', word: 'register' },
  { page: 'workflows', route: 'GET /v1/workflows', word: 'workflows' },
  { page: 'audit', route: 'GET /v1/audit', word: 'audit' },
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
  const active = screens.find((s) => s.page === route.page) ?? screens[0];

  // The tab's title names the screen in the official's language; a new screen is announced by
  // moving focus to its heading (after sign-in too), so a screen reader reads where the official is.
  const screenName = !checked ? words.t.loading : !me ? words.t.signIn : active ? words.t[active.word] : words.t.none;
  useEffect(() => {
    document.title = `${screenName} — ${words.t.app}`;
  }, [screenName, words.t.app]);
  const shown = me && active ? active.page : null;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      if (!shown) return;
    }
    if (shown) focusHeading();
  }, [shown]);

  const signOut = async () => {
    await api('POST', '/v1/auth/sign-out').catch(() => undefined);
    saveTokens(null);
    setMe(null);
  };

  return (
    <LangContext.Provider value={words}>
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
            <button type="button" className="link" onClick={signOut}>
              {words.t.signOut}
            </button>
          </span>
        )}
      </header>
      {me && (
        <nav aria-label="Tizim">
          {screens.map((s) => (
            <a key={s.page} href={`#/${s.page}`} aria-current={active?.page === s.page ? 'page' : undefined}>
              {words.t[s.word]}
            </a>
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
    </LangContext.Provider>
  );
}

function Screen({ page, me, route }: { page: string; me: Me; route: Route }) {
  switch (page) {
    case 'board':
      return <BoardPage me={me} route={route} />;
    case 'tasks':
      return <TasksPage me={me} route={route} />;
    case 'files':
      return <FilesPage me={me} route={route} />;
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
    default:
      return null;
  }
}
