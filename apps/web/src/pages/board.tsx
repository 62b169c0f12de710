/**
 * The coordinators' board: every region of a period, a column per step of the cycle, each cell
 * coloured and named by its state, the slack to 15 January / 15 July; one region's districts on
 * the working-day calendar; open escalations with their ladder level, acknowledged and resolved
 * under If-Match. Refreshes every 15 seconds.
 */
import { useCallback, useState } from 'react';
import { api, can, type Me } from '../api';
import { useWords } from '../i18n';
import { comingPeriod, go, ProblemView, usePolling, type Route } from '../ui';

interface Cell { step: string; state: string; deadline: string | null; deadlineLocal: string | null }
interface RegionRow {
  regionCode: string; nameRu: string; nameKk: string; stage: string; districts: { total: number; ready: number }; steps: Cell[];
  cecDeadlineLocal: string; slackWorkingDays: number | null; projectedSlackWorkingDays: number; atRisk: boolean;
  escalations: { open: number; highestLevel: string | null };
}
interface DistrictRow { districtId: string; nameRu?: string; nameKk?: string; stage: string; round: number; steps: Cell[] }
interface Escalation { id: string; districtId: string | null; step: string; level: string; reason: string; status: string; deadlineAt: string; version: number; acknowledgedComment?: string | null }

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

export function BoardPage({ me, route }: { me: Me; route: Route }) {
  const { t, lang } = useWords();
  const period = route.params.get('period') ?? comingPeriod();
  const region = route.params.get('region');
  const [rows, setRows] = useState<RegionRow[] | null>(null);
  const [updated, setUpdated] = useState<Date | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const board = await api<{ regions: RegionRow[] }>('GET', `/v1/board?period=${period}&sort=region`);
      setRows(board.regions);
      setUpdated(new Date());
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [period]);
  usePolling(load, 15_000);

  const name = (r: { nameRu?: string; nameKk?: string }, fallback: string) => (lang === 'kk' ? r.nameKk : r.nameRu) ?? fallback;
  return (
    <section>
      <h1>{t.board}</h1>
      <form className="inline" onSubmit={(e) => { e.preventDefault(); go('board', { period: String(new FormData(e.currentTarget).get('period')) }); }}>
        <label>{t.period}<input name="period" defaultValue={period} pattern="\d{4}-(01|07)" size={8} /></label>
        <button type="submit">{t.filter}</button>
        {updated && <span className="hint" aria-live="polite">{t.updated}: {updated.toLocaleTimeString('ru-RU')}</span>}
      </form>
      <ProblemView error={error} />
      {rows && (
        <table className="board">
          <thead>
            <tr>
              <th scope="col">{t.region}</th>
              {['submission', 'reconciliation', 'reply', 'correction', 'cecSubmission'].map((s) => <th scope="col" key={s}>{t.steps[s]}</th>)}
              <th scope="col">{t.slack}</th>
              <th scope="col">{t.escalations}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.regionCode} className={r.atRisk ? 'risk' : undefined} data-region={r.regionCode}>
                <th scope="row"><a href={`#/board?period=${period}&region=${r.regionCode}`}>{r.regionCode} {name(r, r.regionCode)}</a>{r.atRisk && <span className="badge state-at-risk"> {t.atRisk}</span>}</th>
                {r.steps.map((c) => (
                  <td key={c.step} className={`state-${c.state}`}>
                    <span className="state">{t.states[c.state] ?? c.state}</span>
                    <small>{day(c.deadlineLocal)}</small>
                  </td>
                ))}
                <td className="num">{r.slackWorkingDays ?? '—'} <small>({t.projected}: {r.projectedSlackWorkingDays})</small></td>
                <td className="num">{r.escalations.open}{r.escalations.highestLevel ? ` · ${t.levels[r.escalations.highestLevel] ?? r.escalations.highestLevel}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {region && <RegionView me={me} period={period} region={region} regionSteps={rows?.find((r) => r.regionCode === region)?.steps ?? []} />}
    </section>
  );
}

function RegionView({ me, period, region, regionSteps }: { me: Me; period: string; region: string; regionSteps: Cell[] }) {
  const { t, lang } = useWords();
  const [districts, setDistricts] = useState<DistrictRow[]>([]);
  const [escalations, setEscalations] = useState<Escalation[]>([]);
  const [daysOff, setDaysOff] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const view = await api<{ districts: DistrictRow[] }>('GET', `/v1/board/regions/${region}?period=${period}`);
      setDistricts(view.districts);
      const list = await api<{ items: Escalation[] }>('GET', `/v1/escalations?period=${period}&regionCode=${region}&status=open`);
      const acked = await api<{ items: Escalation[] }>('GET', `/v1/escalations?period=${period}&regionCode=${region}&status=acknowledged`);
      setEscalations([...list.items, ...acked.items]);
      const years = [...new Set(view.districts.flatMap((d) => d.steps.map((s) => day(s.deadlineLocal).slice(0, 4))).filter(Boolean))];
      const off = new Set<string>();
      for (const y of years) {
        const cal = await api<{ weekdayDaysOff: { date: string }[]; workedWeekendDays: { date: string }[] }>('GET', `/v1/calendar/${y}`);
        for (const d of cal.weekdayDaysOff) off.add(d.date);
        for (const d of cal.workedWeekendDays) off.add(`worked:${d.date}`);
      }
      setDaysOff(off);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [period, region]);
  usePolling(load, 15_000);

  const change = async (e: Escalation, action: 'acknowledge' | 'resolve', text: string) => {
    try {
      await api('POST', `/v1/escalations/${e.id}/${action}`, action === 'acknowledge' ? { comment: text } : { note: text }, { 'If-Match': `"${e.version}"` });
      await load();
    } catch (err) {
      setError(err);
    }
  };

  // The working days from today to the last deadline, weekends and holidays shaded.
  const lanes: { id: string; label: string; steps: Cell[] }[] = [
    { id: region, label: `${t.region} ${region}`, steps: regionSteps },
    ...districts.map((d) => ({ id: d.districtId, label: `${d.districtId} ${(lang === 'kk' ? d.nameKk : d.nameRu) ?? ''}${escalations.some((e) => e.districtId === d.districtId) ? ' ⚠' : ''}`, steps: d.steps })),
  ];
  const deadlines = lanes.flatMap((l) => l.steps.map((s) => day(s.deadlineLocal))).filter(Boolean).sort();
  const first = new Date();
  const last = deadlines.length ? new Date(`${deadlines[deadlines.length - 1]}T12:00:00`) : first;
  const days: string[] = [];
  for (const d = new Date(first); d <= last && days.length < 200; d.setDate(d.getDate() + 1)) days.push(d.toLocaleDateString('sv-SE'));
  const isOff = (iso: string) => {
    const wd = new Date(`${iso}T12:00:00`).getDay();
    return daysOff.has(iso) || ((wd === 0 || wd === 6) && !daysOff.has(`worked:${iso}`));
  };

  return (
    <section className="card">
      <h2>{t.region} {region}: {t.timeline}</h2>
      <ProblemView error={error} />
      <div className="timeline" role="table" aria-label={t.timeline}>
        <div role="row" className="tl-row">
          <span role="columnheader" className="tl-name">{t.district}</span>
          {days.map((d) => <span role="columnheader" key={d} className={`tl-day${isOff(d) ? ' off' : ''}`} title={`${d}${isOff(d) ? ` (${t.dayOff})` : ''}`}>{d.slice(8)}</span>)}
        </div>
        {lanes.map((l) => (
          <div role="row" className="tl-row" key={l.id}>
            <span role="rowheader" className="tl-name">{l.label}</span>
            {days.map((x) => {
              const due = l.steps.filter((st) => day(st.deadlineLocal) === x);
              return (
                <span role="cell" key={x} className={`tl-day${isOff(x) ? ' off' : ''}${due.length ? ` state-${due[0].state}` : ''}`} title={due.map((st) => `${t.steps[st.step]}: ${t.states[st.state]}`).join('; ')}>
                  {due.map((st) => t.steps[st.step].charAt(0)).join('')}
                </span>
              );
            })}
          </div>
        ))}
      </div>
      <h2>{t.escalations}</h2>
      {escalations.length === 0 ? <p>{t.none}</p> : (
        <table>
          <thead><tr><th scope="col">{t.district}</th><th scope="col">{t.stage}</th><th scope="col">{t.level}</th><th scope="col">{t.deadline}</th><th scope="col">{t.status}</th><th scope="col"><span className="sr-only">{t.action}</span></th></tr></thead>
          <tbody>
            {escalations.map((e) => (
              <tr key={e.id} data-escalation={e.id}>
                <td>{e.districtId ?? '—'}</td>
                <td>{t.steps[e.step] ?? e.step}</td>
                <td>{t.levels[e.level] ?? e.level}</td>
                <td>{day(e.deadlineAt)}</td>
                <td>{t.escalationStatus[e.status] ?? e.status}{e.acknowledgedComment ? `: ${e.acknowledgedComment}` : ''}</td>
                <td>
                  {e.status === 'open' && can(me, 'POST /v1/escalations/:id/acknowledge') && (
                    <EscalationAction label={t.acknowledge} field={t.comment} onDo={(text) => change(e, 'acknowledge', text)} />
                  )}
                  {e.status !== 'resolved' && can(me, 'POST /v1/escalations/:id/resolve') && (
                    <EscalationAction label={t.resolve} field={t.note} onDo={(text) => change(e, 'resolve', text)} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function EscalationAction({ label, field, onDo }: { label: string; field: string; onDo: (text: string) => Promise<void> }) {
  const [text, setText] = useState('');
  return (
    <form className="inline" onSubmit={(e) => { e.preventDefault(); void onDo(text); }}>
      <label className="sr-only-label">{field}<input value={text} onChange={(e) => setText(e.target.value)} required minLength={3} /></label>
      <button type="submit">{label}</button>
    </form>
  );
}
