/**
 * The official's own sign-ins (issue 24 item 3, ASVS 3.3): each live one with when it began and
 * was last used, from which address and browser, the one of this tab marked; any other can be
 * ended here (this one ends with «Выход»). Read once when the screen opens, not polled: a poll
 * would only show what the official can read again by opening the screen.
 */
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { ProblemView, when, ScrollRegion } from '../ui';
import { useScreenWords } from '../words/define';
import { SESSIONS_WORDS } from '../words/sessions';
import { Done, fill, inWords, useDone } from './admin-kit';

interface Session {
  id: string;
  signedInAt: string;
  lastActiveAt: string;
  endsBy: string;
  clientAddress: string | null;
  device: string | null;
  current: boolean;
}

export function SessionsPage() {
  const w = useScreenWords(SESSIONS_WORDS);
  const [items, setItems] = useState<Session[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useDone();
  const load = useCallback(async () => {
    try {
      setItems((await api<{ items: Session[] }>('GET', '/v1/auth/sessions')).items);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const end = async (s: Session) => {
    setError(null);
    setDone(null);
    try {
      await api('DELETE', `/v1/auth/sessions/${s.id}`);
      setDone((l) => fill(SESSIONS_WORDS[l].ended, { at: when(s.signedInAt, l) }));
      await load();
    } catch (err) {
      setError(inWords(err, w.lang));
    }
  };

  return (
    <section>
      <h1>{w.title}</h1>
      <p className="hint">{w.intro}</p>
      <Done done={done} />
      <ProblemView error={error} />
      {items && items.length === 0 && <p>{w.none}</p>}
      {items && items.length > 0 && (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{w.signedInAt}</th>
                <th scope="col">{w.lastActiveAt}</th>
                <th scope="col">{w.endsBy}</th>
                <th scope="col">{w.address}</th>
                <th scope="col">{w.device}</th>
                <th scope="col">
                  <span className="sr-only">{w.end}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id} data-session={s.id} aria-current={s.current ? 'true' : undefined}>
                  <td>{when(s.signedInAt, w.lang)}</td>
                  <td>{when(s.lastActiveAt, w.lang)}</td>
                  <td>{when(s.endsBy, w.lang)}</td>
                  <td>{s.clientAddress ? <span data-verbatim="">{s.clientAddress}</span> : w.unknown}</td>
                  <td>{s.device ? <span data-verbatim="">{s.device}</span> : w.unknown}</td>
                  <td>
                    {s.current ? (
                      <strong>{w.current}</strong>
                    ) : (
                      <button
                        type="button"
                        onClick={() => end(s)}
                        aria-label={fill(w.endNamed, { at: when(s.signedInAt, w.lang) })}
                      >
                        {w.end}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
