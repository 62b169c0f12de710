/**
 * The officials' inbox (every role the API allows): reminders and escalations addressed to the
 * official's role in their territory, said in the console's words from their structured fields
 * (kind, step, place, period, deadline), each marked read once and linked to its task. The nav
 * shows how many are unread.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, can, type Me } from '../api';
import { useWords } from '../i18n';
import { usePlaces } from '../places';
import { go, ProblemView, usePolling, when } from '../ui';
import { useScreenWords } from '../words/define';
import { NOTIFICATIONS_WORDS } from '../words/notifications';
import { OFFICIALS_WORDS } from '../words/officials';
import { Done, fill, inWords, useDone } from './admin-kit';

interface Notification {
  id: string;
  kind: string;
  recipientRole: string;
  period: string;
  regionCode: string;
  districtId: string | null;
  taskId: string | null;
  escalationId: string | null;
  step: string;
  dueAt: string;
  createdAt: string;
  readAt: string | null;
}

/** Told when a notification is read here, so the nav's count follows at once. */
const listeners = new Set<() => void>();
const changed = () => listeners.forEach((f) => f());

/** The nav's count of unread notifications (polled each minute). */
export function UnreadCount({ id }: { id: string }) {
  const w = useScreenWords(NOTIFICATIONS_WORDS);
  const [n, setN] = useState(0);
  const load = useCallback(async () => {
    try {
      setN((await api<Notification[]>('GET', '/v1/notifications?unread=true')).length);
    } catch {
      // The count is a convenience: the screen itself shows a failure.
    }
  }, []);
  usePolling(load, 60_000);
  useEffect(() => {
    listeners.add(load);
    return () => void listeners.delete(load);
  }, [load]);
  // Beside the nav's link (which names it with aria-describedby), so the link's own name stays the screen's.
  if (!n) return <span id={id} hidden />;
  return (
    <span id={id} className="badge unread" data-unread={n} title={fill(w.unreadBadge, { n })}>
      <span aria-hidden="true">{n}</span>
      <span className="sr-only">{fill(w.unreadBadge, { n })}</span>
    </span>
  );
}

export function NotificationsPage({ me }: { me: Me }) {
  const w = useScreenWords(NOTIFICATIONS_WORDS);
  const people = useScreenWords(OFFICIALS_WORDS);
  const { t } = useWords();
  const places = usePlaces();
  /** "2027-01" as «январь 2027». */
  const periodName = (p: string) => `${t.months[Number(p.slice(5, 7)) - 1] ?? ''} ${p.slice(0, 4)}`;
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [items, setItems] = useState<Notification[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useDone();
  const load = useCallback(async () => {
    try {
      setItems(await api<Notification[]>('GET', `/v1/notifications${unreadOnly ? '?unread=true' : ''}`));
    } catch (err) {
      setError(err);
    }
  }, [unreadOnly]);
  usePolling(load, 30_000);

  const markRead = async (n: Notification) => {
    setError(null);
    setDone(null);
    try {
      await api('POST', `/v1/notifications/${n.id}/read`);
      setDone((l) => NOTIFICATIONS_WORDS[l].markedRead);
      changed();
      await load();
    } catch (err) {
      setError(inWords(err, w.lang));
    }
  };
  const place = (n: Notification) =>
    n.districtId
      ? `${places.districtName(n.districtId, w.lang)}, ${places.regionName(n.regionCode, w.lang)}`
      : places.regionName(n.regionCode, w.lang);

  return (
    <section>
      <h1>{w.title}</h1>
      <nav className="tabs" aria-label={w.title}>
        <button type="button" aria-pressed={!unreadOnly} onClick={() => setUnreadOnly(false)}>
          {w.all}
        </button>
        <button type="button" aria-pressed={unreadOnly} onClick={() => setUnreadOnly(true)}>
          {w.unreadOnly}
        </button>
      </nav>
      <Done done={done} />
      <ProblemView error={error} />
      {items && items.length === 0 && <p>{w.none}</p>}
      {items?.map((n) => (
        <article key={n.id} className={`card notification${n.readAt ? ' read' : ''}`} data-notification={n.id}>
          <h2>{w.kinds[n.kind] ?? n.kind}</h2>
          <p>
            {fill(w.sentence, {
              step: capital(w.steps[n.step] ?? n.step),
              place: place(n),
              period: periodName(n.period),
              due: when(n.dueAt, w.lang),
            })}
          </p>
          <p className="hint">
            {w.to}: {(people.roles[n.recipientRole] ?? '').toLowerCase()} · {w.received}: {when(n.createdAt, w.lang)}
            {n.readAt ? ` · ${fill(w.read, { at: when(n.readAt, w.lang) })}` : ''}
          </p>
          {n.taskId && (
            <a href="#/tasks" onClick={() => void api('POST', `/v1/notifications/${n.id}/read`).then(changed, () => 0)}>
              {w.openTask}
            </a>
          )}
          {!n.taskId && n.escalationId && can(me, 'GET /v1/board') && (
            <button type="button" className="link" onClick={() => go('board', { period: n.period })}>
              {w.openBoard}
            </button>
          )}{' '}
          {!n.readAt && (
            <button type="button" onClick={() => markRead(n)}>
              {w.markRead}
            </button>
          )}
        </article>
      ))}
    </section>
  );
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
