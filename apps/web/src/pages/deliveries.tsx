/**
 * Dead-letter e-gov deliveries (admins): messages to citizens' e-gov cabinets that failed after
 * every attempt, listed by what they say (never the citizen or the message), and sent again.
 */
import { useCallback, useState } from 'react';
import { api } from '../api';
import { ProblemView, usePolling, when, ScrollRegion } from '../ui';
import { DELIVERIES_WORDS } from '../words/deliveries';
import { useScreenWords } from '../words/define';
import { Done, fill, inWords, useDone } from './admin-kit';

interface Delivery {
  jobId: string;
  kind: string;
  subjectId: string;
  status: string;
  attempts: number;
  queuedAt: string;
  deliveredAt: string | null;
  deadAt: string | null;
}

const TABS = ['DEAD', 'QUEUED', 'DELIVERED', ''];
const EVENTS = ['accepted', 'refused', 'annulled', 'ready', 'reminder', 'picked-up', 'not-collected'];

export function DeliveriesPage() {
  const w = useScreenWords(DELIVERIES_WORDS);
  const [status, setStatus] = useState('DEAD');
  const [items, setItems] = useState<Delivery[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useDone();
  const load = useCallback(async () => {
    try {
      setItems(await api<Delivery[]>('GET', `/v1/egov-deliveries${status ? `?status=${status}` : ''}`));
    } catch (err) {
      setError(err);
    }
  }, [status]);
  usePolling(load, 30_000);

  /** What the message was about, from its kind and (an ID card's) event in the job's key. */
  const what = (d: Delivery, lang = w.lang) => {
    const words = DELIVERIES_WORDS[lang];
    const kind = words.kinds[d.kind] ?? words.message;
    if (d.kind !== 'id-card-exchange') return kind;
    const rest = d.jobId.slice(`id-card-exchange-${d.subjectId}-`.length);
    const event = EVENTS.find((e) => rest === e || rest.startsWith(`${e}-`));
    return event ? `${kind}: ${words.events[event]}` : kind;
  };

  const retry = async (d: Delivery) => {
    setError(null);
    setDone(null);
    try {
      await api('POST', `/v1/egov-deliveries/${encodeURIComponent(d.jobId)}/retry`);
      setDone((l) => fill(DELIVERIES_WORDS[l].retried, { what: what(d, l) }));
      await load();
    } catch (err) {
      setError(inWords(err, w.lang));
    }
  };

  return (
    <section>
      <h1>{w.title}</h1>
      <p className="hint">{w.intro}</p>
      <nav className="tabs" aria-label={w.title}>
        {TABS.map((s) => (
          <button key={s} type="button" aria-pressed={status === s} onClick={() => setStatus(s)}>
            {w.tabs[s]}
          </button>
        ))}
      </nav>
      <Done done={done} />
      <ProblemView error={error} />
      {items && items.length === 0 && <p>{w.none}</p>}
      {items && items.length > 0 && (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{w.message}</th>
                <th scope="col">{w.queuedAt}</th>
                <th scope="col">{w.attempts}</th>
                <th scope="col">{w.deadAt}</th>
                <th scope="col">{w.status}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.jobId} data-delivery={d.jobId} data-status={d.status}>
                  <td>{what(d)}</td>
                  <td>{when(d.queuedAt, w.lang)}</td>
                  <td>{d.attempts}</td>
                  <td>{d.deadAt ? when(d.deadAt, w.lang) : '—'}</td>
                  <td className={d.status === 'DEAD' ? 'state-overdue' : undefined}>
                    {w.statuses[d.status] ?? d.status}
                    {d.status === 'DEAD' && (
                      <>
                        {' '}
                        <button type="button" onClick={() => retry(d)}>
                          {w.retry}
                        </button>
                      </>
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
