/**
 * Admins' and coordinators' view of the cycle's workflows: filtered by period, region, district
 * and stage; one workflow's history as a readable timeline (what, when, by whom, against which
 * deadline) with a link to the Temporal Web UI.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { api, type Me } from '../api';
import { useWords } from '../i18n';
import { go, ProblemView, usePolling, type Route } from '../ui';

interface Summary { workflowId: string; type: string; status: string; startTime: string; period?: string | null; regionCode?: string | null; districtId?: string | null; stage: string | null; history: string; webUi: string }
interface Entry { eventId: number; atLocal: string; kind: string; summary: string }

export function WorkflowsPage({ route }: { me: Me; route: Route }) {
  const { t } = useWords();
  const id = route.params.get('id');
  const filters = Object.fromEntries(['period', 'regionCode', 'districtId', 'stage'].map((k) => [k, route.params.get(k) ?? '']));
  const filterKey = JSON.stringify(filters);
  const [items, setItems] = useState<Summary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    const q = new URLSearchParams(Object.entries(JSON.parse(filterKey) as Record<string, string>).filter(([, v]) => v));
    try {
      setItems((await api<{ items: Summary[] }>('GET', `/v1/workflows?${q}`)).items);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [filterKey]);
  usePolling(load, 30_000);

  const filter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    go('workflows', Object.fromEntries([...f.entries()].filter(([, v]) => v).map(([k, v]) => [k, String(v)])));
  };

  return (
    <section>
      <h1>{t.workflows}</h1>
      <form className="inline" onSubmit={filter}>
        <label>{t.period}<input name="period" defaultValue={filters.period} size={8} /></label>
        <label>{t.region}<input name="regionCode" defaultValue={filters.regionCode} size={3} /></label>
        <label>{t.district}<input name="districtId" defaultValue={filters.districtId} size={8} /></label>
        <label>{t.stage}<input name="stage" defaultValue={filters.stage} size={14} /></label>
        <button type="submit">{t.filter}</button>
      </form>
      <ProblemView error={error} />
      {id ? <History id={id} /> : (
        <table>
          <thead><tr><th scope="col">Workflow</th><th scope="col">{t.type}</th><th scope="col">{t.status}</th><th scope="col">{t.stage}</th><th scope="col">{t.started}</th></tr></thead>
          <tbody>
            {items?.map((w) => (
              <tr key={w.workflowId}>
                <td><a href={`#/workflows?id=${encodeURIComponent(w.workflowId)}`}>{w.workflowId}</a></td>
                <td>{w.type}</td><td>{w.status}</td><td>{w.stage ?? '—'}</td><td>{new Date(w.startTime).toLocaleString('ru-RU')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function History({ id }: { id: string }) {
  const { t } = useWords();
  const [history, setHistory] = useState<(Summary & { events: Entry[] }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setHistory(await api('GET', `/v1/workflows/${encodeURIComponent(id)}/history`));
    } catch (err) {
      setError(err);
    }
  }, [id]);
  usePolling(load, 30_000);
  return (
    <div className="card">
      <h2>{t.history}: {id}</h2>
      <ProblemView error={error} />
      {history && (
        <>
          <p><a href={history.webUi} target="_blank" rel="noreferrer">{t.temporalUi}</a> · {history.status}</p>
          <ol className="history">
            {history.events.map((e) => (
              <li key={e.eventId} className={`kind-${e.kind}`}><time>{e.atLocal.slice(0, 16).replace('T', ' ')}</time> <span>{e.summary}</span></li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
