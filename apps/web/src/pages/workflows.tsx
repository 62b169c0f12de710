/**
 * Admins' and coordinators' view of the cycle's workflows: filtered by period, region, district
 * and stage; one workflow's history as a readable timeline (what happened, when, by whom, against
 * which deadline) with a link to the Temporal Web UI. The API words each entry in English and
 * gives its details by name; the console says what happened in its own language from the kind and
 * those details (the English stays in the API), names each workflow by its kind, place and period,
 * and each official by name and role.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { api, type Me } from '../api';
import { useWords, type Words } from '../i18n';
import { usePersonName, usePlaceNames, type People } from '../names';
import { useScreenWords } from '../words/define';
import { WORKFLOW_WORDS } from '../words/workflows';
import { count, go, ProblemView, usePolling, when, type Route, ScrollRegion } from '../ui';

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

/** «Цикл района: Илийский район, 2027-01»: a workflow by its kind, place and period, not its id. */
function useWorkflowName(): (w: Pick<Summary, 'type' | 'period' | 'regionCode' | 'districtId'>) => string {
  const { t } = useWords();
  const w = useScreenWords(WORKFLOW_WORDS);
  const place = usePlaceNames();
  return (x) => {
    const where = x.districtId ? place.district(x.districtId) : x.regionCode ? place.region(x.regionCode) : w.country;
    return `${t.workflowTypes[x.type] ?? w.workflow}: ${where}${x.period ? `, ${x.period}` : ''}`;
  };
}

export function WorkflowsPage({ route }: { me: Me; route: Route }) {
  const { t, lang } = useWords();
  const w = useScreenWords(WORKFLOW_WORDS);
  const place = usePlaceNames();
  const workflowName = useWorkflowName();
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
      <form noValidate className="inline" onSubmit={filter}>
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
          <ScrollRegion label={t.workflows}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{w.workflow}</th>
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
                {items.map((item) => (
                  <tr key={item.workflowId}>
                    <td>
                      <a
                        href={`#/workflows?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), id: item.workflowId })}`}
                      >
                        {workflowName(item)}
                      </a>
                    </td>
                    <td>{t.workflowTypes[item.type] ?? item.type}</td>
                    <td>
                      {item.regionCode ? place.region(item.regionCode) : '—'}
                      {item.districtId ? ` / ${place.district(item.districtId)}` : ''}
                    </td>
                    <td>{t.execStatus[item.status] ?? item.status}</td>
                    <td>
                      {item.stage ? (t.districtStages[item.stage] ?? item.stage) : '—'}
                      {item.atRisk ? <span className="badge state-at-risk">{t.atRisk}</span> : null}
                    </td>
                    <td>{when(item.startTime, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ))
      )}
    </section>
  );
}

function History({ id, back }: { id: string; back: Record<string, string> }) {
  const { t, lang } = useWords();
  const w = useScreenWords(WORKFLOW_WORDS);
  const person = usePersonName();
  const workflowName = useWorkflowName();
  const [history, setHistory] = useState<(Summary & { events: Entry[]; people?: People }) | null>(null);
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
        {t.history}: {history ? workflowName(history) : '…'}
      </h2>
      <ProblemView error={error} />
      {history && (
        <>
          <p>
            {t.workflowTypes[history.type] ?? history.type} · {t.execStatus[history.status] ?? history.status}
            {history.stage ? ` · ${t.districtStages[history.stage] ?? history.stage}` : ''} ·{' '}
            <a href={history.webUi} target="_blank" rel="noreferrer">
              {w.openInEngine}
            </a>
          </p>
          <ScrollRegion label={t.history}>
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
                    </td>
                    <td>
                      <span data-name>{who(e, t, w, (actor) => person(actor, history.people))}</span>
                    </td>
                    <td>{deadline(e, t, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
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

/** Who acted, by name and role (`person`), or how the workflow was started; never an id. */
function who(e: Entry, t: Words, w: (typeof WORKFLOW_WORDS)['ru'], person: (actor: string) => string): string {
  const d = e.details ?? {};
  const started = d.startedBy as { kind?: string; actor?: string } | undefined;
  if (started?.kind === 'api') return started.actor ? `${person(started.actor)}: ${w.startedBy}` : w.startedBy;
  if (started?.kind === 'parent-workflow') return w.startedByParent;
  if (started?.kind === 'schedule') return w.startedBySchedule;
  if (str(d.completedBy)) return person(String(d.completedBy));
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
