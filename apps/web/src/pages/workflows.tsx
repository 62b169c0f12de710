/**
 * Admins' and coordinators' view of the cycle's workflows: filtered by period, region, district
 * and stage; one workflow's history as a readable timeline (what happened, when, by whom, against
 * which deadline) with a link to the Temporal Web UI. The API words each entry in English and
 * gives its details by name; the console says what happened in its own language from the kind and
 * those details, and keeps the API's sentence beside it.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { api, type Me } from '../api';
import { useWords, type Words } from '../i18n';
import { count, go, ProblemView, usePolling, when, type Route } from '../ui';

interface Summary {
  workflowId: string;
  type: string;
  status: string;
  startTime: string;
  closeTime?: string | null;
  period?: string | null;
  regionCode?: string | null;
  districtId?: string | null;
  stage: string | null;
  atRisk?: boolean | null;
  history: string;
  webUi: string;
}
interface Entry {
  eventId: number;
  at: string;
  atLocal: string;
  kind: string;
  summary: string;
  details?: Record<string, unknown>;
}

const STAGES = [
  'awaiting-submission',
  'reconciling',
  'commission-review',
  'awaiting-corrections',
  'ready',
  'districts-in-progress',
  'submitting-to-cec',
  'awaiting-cec-receipt',
  'regions-in-progress',
  'done',
];

export function WorkflowsPage({ route }: { me: Me; route: Route }) {
  const { t, lang } = useWords();
  const id = route.params.get('id');
  const filters = Object.fromEntries(
    ['period', 'regionCode', 'districtId', 'stage'].map((k) => [k, route.params.get(k) ?? '']),
  );
  const filterKey = JSON.stringify(filters);
  const [items, setItems] = useState<Summary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    if (id) return;
    const q = new URLSearchParams(Object.entries(JSON.parse(filterKey) as Record<string, string>).filter(([, v]) => v));
    try {
      setItems((await api<{ items: Summary[] }>('GET', `/v1/workflows?${q}`)).items);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [filterKey, id]);
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
        <label>
          {t.period}
          <input name="period" defaultValue={filters.period} pattern="\d{4}-(01|07)" size={8} />
        </label>
        <label>
          {t.region}
          <input name="regionCode" defaultValue={filters.regionCode} pattern="\d{2}" size={3} />
        </label>
        <label>
          {t.district}
          <input name="districtId" defaultValue={filters.districtId} size={8} />
        </label>
        <label>
          {t.stage}
          <select name="stage" defaultValue={filters.stage}>
            <option value="">{t.anyStage}</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {t.districtStages[s] ?? s}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t.filter}</button>
      </form>
      <ProblemView error={error} />
      {id ? (
        <History id={id} back={filters} />
      ) : (
        items &&
        (items.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t.workflowId}</th>
                <th scope="col">{t.type}</th>
                <th scope="col">
                  {t.region} / {t.district}
                </th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.stage}</th>
                <th scope="col">{t.started}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((w) => (
                <tr key={w.workflowId}>
                  <td>
                    <a
                      href={`#/workflows?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), id: w.workflowId })}`}
                    >
                      {w.workflowId}
                    </a>
                  </td>
                  <td>{t.workflowTypes[w.type] ?? w.type}</td>
                  <td>
                    {w.regionCode ?? '—'}
                    {w.districtId ? ` / ${w.districtId}` : ''}
                  </td>
                  <td>{t.execStatus[w.status] ?? w.status}</td>
                  <td>
                    {w.stage ? (t.districtStages[w.stage] ?? w.stage) : '—'}
                    {w.atRisk ? <span className="badge state-at-risk">{t.atRisk}</span> : null}
                  </td>
                  <td>{when(w.startTime, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))
      )}
    </section>
  );
}

function History({ id, back }: { id: string; back: Record<string, string> }) {
  const { t, lang } = useWords();
  const [history, setHistory] = useState<(Summary & { events: Entry[] }) | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setHistory(await api('GET', `/v1/workflows/${encodeURIComponent(id)}/history`));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [id]);
  usePolling(load, 30_000);
  const backLink = `#/workflows?${new URLSearchParams(Object.entries(back).filter(([, v]) => v))}`;
  return (
    <div className="card">
      <p>
        <a href={backLink}>← {t.workflows}</a>
      </p>
      <h2>
        {t.history}: {id}
      </h2>
      <ProblemView error={error} />
      {history && (
        <>
          <p>
            {t.workflowTypes[history.type] ?? history.type} · {t.execStatus[history.status] ?? history.status}
            {history.stage ? ` · ${t.districtStages[history.stage] ?? history.stage}` : ''} ·{' '}
            <a href={history.webUi} target="_blank" rel="noreferrer">
              {t.temporalUi}
            </a>
          </p>
          <table className="history">
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.whatHappened}</th>
                <th scope="col">{t.who}</th>
                <th scope="col">{t.againstDeadline}</th>
              </tr>
            </thead>
            <tbody>
              {history.events.map((e) => (
                <tr key={e.eventId} className={`kind-${e.kind}`} data-kind={e.kind}>
                  <td className="when">
                    <time dateTime={e.at}>{when(e.at, lang)}</time>
                  </td>
                  <td>
                    <strong>{t.historyKinds[e.kind] ?? e.kind}</strong>
                    {what(e, t)}
                    <small lang="en" title={t.inEnglish}>
                      {e.summary}
                    </small>
                  </td>
                  <td>{who(e, t)}</td>
                  <td>{deadline(e, t, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** The entry's object in the console's words: the task, the step, the stage. */
function what(e: Entry, t: Words): string {
  const d = e.details ?? {};
  const kind = str(d.kind);
  if (kind && t.kinds[kind]) return `: ${t.kinds[kind]}`;
  if (e.kind === 'escalation-raised')
    return `: ${t.levels[String(d.level)] ?? d.level} — ${t.reasons[String(d.reason)] ?? d.reason}`;
  if (e.kind === 'stage-changed')
    return `: ${[str(d.stage) ? (t.districtStages[String(d.stage)] ?? d.stage) : null, d.atRisk === true ? t.states['at-risk'] : null].filter(Boolean).join(', ')}`;
  if (e.kind === 'calendar-loaded' && Array.isArray(d.years))
    return `: ${(d.years as { year: number }[]).map((y) => y.year).join(', ')}`;
  if (e.kind === 'reconciliation' && typeof d.round === 'number') return `: ${t.round} ${d.round}`;
  return '';
}

function who(e: Entry, t: Words): string {
  const d = e.details ?? {};
  const started = d.startedBy as
    { kind?: string; actor?: string; workflowId?: string; scheduleId?: string } | undefined;
  if (started?.kind === 'api') return `${started.actor} (${t.startedByApi})`;
  if (started?.kind === 'parent-workflow') return `${t.startedByParent} ${started.workflowId}`;
  if (started?.kind === 'schedule') return `${t.startedBySchedule} ${started.scheduleId}`;
  if (str(d.completedBy))
    return `${d.completedBy}${str(d.actorRole) ? ` (${t.levels[String(d.actorRole)] ?? d.actorRole})` : ''}`;
  if (e.kind === 'task-opened' && str(d.assigneeRole)) return `→ ${t.levels[String(d.assigneeRole)] ?? d.assigneeRole}`;
  return '';
}

function deadline(e: Entry, t: Words, lang: 'ru' | 'kk'): string {
  const d = e.details ?? {};
  const met = d.deadline as { dueAt?: string; onTime?: boolean; lateByWorkingDays?: number | null } | undefined;
  if (met?.dueAt) {
    const how = met.onTime
      ? t.onTime
      : met.lateByWorkingDays
        ? `${t.lateBy} ${count(met.lateByWorkingDays, t.workingDayForms, lang)}`
        : t.afterDeadline;
    return `${when(met.dueAt, lang)}: ${how}`;
  }
  const due = str(d.dueAt) ?? str(d.deadlineAt) ?? str(d.firesAt);
  if (due)
    return `${when(due, lang)}${typeof d.missesByWorkingDays === 'number' ? ` (−${count(d.missesByWorkingDays, t.workingDayForms, lang)})` : ''}`;
  return '';
}
