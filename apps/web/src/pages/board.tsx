/**
 * The coordinators' board: every region of a period, a column per step of the cycle, each cell
 * coloured and named by its state, the slack to 15 January / 15 July; one region with its
 * districts drawn on the working-day calendar (deadlines, days off by name, escalations, today);
 * open escalations with their ladder level, acknowledged and resolved under If-Match. Polled every
 * 15 seconds (see the README: the board is computed per request, polling is simplest behind proxies),
 * every 2 seconds for half a minute after the official starts a period here.
 */
import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { api, can, type Me } from '../api';
import { useWords, type Lang, type Words } from '../i18n';
import {
  comingPeriod,
  count,
  dayOf,
  go,
  ProblemView,
  todayInAlmaty,
  useLatest,
  usePolling,
  when,
  type Route,
} from '../ui';
import { boardWords } from '../words/board';
import { useScreenWords } from '../words/define';
import { STATE_MARKS, STEP_STATE_KEYS, stepStateWords } from '../words/step-states';

interface Cell {
  step: string;
  state: string;
  /** The state by the step's own deadline (the tasks screen's words); the chain's risk is the region's sentence. */
  deadlineState: string;
  deadline: string | null;
  deadlineLocal: string | null;
}
interface RegionRow {
  regionCode: string;
  nameRu: string;
  nameKk: string;
  stage: string;
  districts: { total: number; ready: number };
  steps: Cell[];
  cecDeadlineLocal: string;
  slackWorkingDays: number | null;
  projectedSlackWorkingDays: number;
  atRisk: boolean;
  escalations: { open: number; highestLevel: string | null };
  urgency: {
    rank: number;
    chainEnds: string;
    cecDeadline: string;
    missesByWorkingDays: number;
    spareWorkingDays: number;
    shorten: { step: string; days: number; instead: number }[];
    submitted: { day: string; late: boolean } | null;
  };
  sentence: { ru: string; kk: string };
}
interface DistrictRow {
  districtId: string;
  nameRu?: string;
  nameKk?: string;
  stage: string;
  round: number;
  steps: Cell[];
}
interface Escalation {
  id: string;
  districtId: string | null;
  step: string;
  level: string;
  reason: string;
  status: string;
  deadlineAt: string;
  raisedAt: string;
  missesByWorkingDays: number | null;
  version: number;
  acknowledgedComment?: string | null;
  districtName?: { ru: string; kk: string } | null;
}
interface CalendarDay {
  date: string;
  reasons: { kind: string; name?: { ru?: string; kk?: string } }[];
}

const STEPS = ['submission', 'reconciliation', 'reply', 'correction', 'cecSubmission'];
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');
const ddmm = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;
const fill = (text: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((out, [k, v]) => out.replace(`{${k}}`, String(v)), text);
const regionName = (r: { nameRu?: string; nameKk?: string; regionCode: string }, lang: Lang) =>
  (lang === 'kk' ? r.nameKk : r.nameRu) ?? r.nameRu ?? r.regionCode;

export function BoardPage({ me, route }: { me: Me; route: Route }) {
  const { t, lang } = useWords();
  const w = useScreenWords(boardWords);
  const sw = useScreenWords(stepStateWords);
  const period = route.params.get('period') ?? comingPeriod();
  const region = route.params.get('region');
  const [rows, setRows] = useState<RegionRow[] | null>(null);
  const [updated, setUpdated] = useState<Date | null>(null);
  const [error, setError] = useState<unknown>(null);

  const latest = useLatest();
  const load = useCallback(async () => {
    const fresh = latest();
    try {
      const board = await api<{ at: string; regions: RegionRow[] }>('GET', `/v1/board?period=${period}&sort=urgency`);
      if (!fresh()) return;
      setRows(board.regions);
      // The instant the board was computed: readers share one for a few seconds.
      setUpdated(new Date(board.at));
      setError(null);
    } catch (err) {
      if (fresh()) setError(err);
    }
  }, [period, latest]);
  // Once a period is started its regions appear as their districts' workflows open the first tasks,
  // within seconds: the board is read every 2 s for half a minute instead of waiting for the 15 s poll.
  const [started, setStarted] = useState<string | null>(null);
  const [fast, setFast] = useState(false);
  useEffect(() => {
    if (!fast) return;
    const timer = setTimeout(() => setFast(false), 30_000);
    return () => clearTimeout(timer);
  }, [fast]);
  usePolling(load, fast && started === period ? 2_000 : 15_000);
  const start = async () => {
    try {
      await api('POST', '/v1/cycles', { period });
      setStarted(period);
      setFast(true);
      await load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section>
      <h1>{t.board}</h1>
      <form
        noValidate
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          go('board', { period: String(new FormData(e.currentTarget).get('period')) });
        }}
      >
        {/* Keyed by the period: a new period in the address (a link, the back button) shows in the field too. */}
        <label>
          {t.period}
          <input key={period} name="period" defaultValue={period} pattern="\d{4}-(01|07)" size={8} />
        </label>
        <button type="submit">{t.filter}</button>
        {updated && (
          <span className="hint" aria-live="polite">
            {t.updated}: {when(updated, lang)}
          </span>
        )}
      </form>
      <ProblemView error={error} />
      {rows && rows.length === 0 && (
        <div className="card">
          {started === period ? (
            <p role="status">{t.cycleStarting.replace('{period}', period)}</p>
          ) : (
            <>
              <p>{t.noCycle.replace('{period}', period)}</p>
              {can(me, 'POST /v1/cycles') && (
                <button type="button" onClick={() => void start()}>
                  {t.startCycle.replace('{period}', period)}
                </button>
              )}
            </>
          )}
        </div>
      )}
      {rows && rows.length > 0 && (
        <>
          <h2 id="board-first">{w.whatFirst}</h2>
          <div className="scroll" tabIndex={0} role="region" aria-label={w.tableScroll}>
            <table className="board" aria-describedby="board-first">
              <caption className="sr-only">
                {w.regionsTable}, {t.period} {period}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{w.rank}</th>
                  <th scope="col">{t.region}</th>
                  <th scope="col">{t.stage}</th>
                  {STEPS.map((s) => (
                    <th scope="col" key={s}>
                      {t.steps[s]}
                    </th>
                  ))}
                  <th scope="col">{t.slack}</th>
                  <th scope="col">{t.escalations}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const days = (n: number) => count(n, t.workingDayForms, lang);
                  return (
                    <tr
                      key={r.regionCode}
                      className={r.atRisk ? 'risk' : undefined}
                      data-region={r.regionCode}
                      data-rank={r.urgency.rank}
                      aria-current={r.regionCode === region ? 'true' : undefined}
                    >
                      <td className="num">{r.urgency.rank}</td>
                      <th scope="row" className="region-cell">
                        <a href={`#/board?period=${period}&region=${r.regionCode}`}>{regionName(r, lang)}</a>
                        {r.atRisk && <span className="badge state-at-risk">{t.atRisk}</span>}
                        <span className="sentence" data-sentence>
                          {lang === 'kk' ? r.sentence.kk : r.sentence.ru}
                        </span>
                      </th>
                      <td>
                        {t.regionStages[r.stage] ?? r.stage}
                        <small>
                          {r.districts.ready}/{r.districts.total} {t.districtsReady}
                        </small>
                      </td>
                      {r.steps.map((c) => {
                        const cut = r.urgency.shorten.find((x) => x.step === c.step);
                        return (
                          <td key={c.step} className={`state-${c.deadlineState}`} data-step={c.step}>
                            <span className="state">{sw.states[c.deadlineState] ?? c.deadlineState}</span>
                            <small>{dayOf(day(c.deadlineLocal) || null, lang)}</small>
                            {cut && <small className="cut">{fill(w.shortenTo, { n: days(cut.days) })}</small>}
                          </td>
                        );
                      })}
                      <td className="slack">
                        {r.slackWorkingDays === null
                          ? '—'
                          : r.slackWorkingDays < 0
                            ? w.deadlinePassed
                            : fill(w.toCec, { n: days(r.slackWorkingDays), date: ddmm(r.urgency.cecDeadline) })}
                        <small>
                          {r.urgency.missesByWorkingDays > 0
                            ? fill(w.projectedLate, { n: days(r.urgency.missesByWorkingDays) })
                            : fill(w.projectedSpare, { n: days(r.urgency.spareWorkingDays) })}
                        </small>
                      </td>
                      <td className="num">
                        {r.escalations.open}
                        {r.escalations.highestLevel ? (
                          <small>{t.levels[r.escalations.highestLevel] ?? r.escalations.highestLevel}</small>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <DeadlineChart rows={rows} />
        </>
      )}
      {region && (
        <RegionView
          me={me}
          period={period}
          region={region}
          regionRow={rows?.find((r) => r.regionCode === region) ?? null}
        />
      )}
    </section>
  );
}

/**
 * The regions against the CEC deadline, at a glance: a bar per region (in the board's order) from
 * the left edge to the day its chain of deadlines ends, a line at the CEC deadline, the day and
 * the working days late or to spare written beside each bar (never the colour alone); the same
 * facts as text for a screen reader (the figure's title and description).
 */
function DeadlineChart({ rows }: { rows: RegionRow[] }) {
  const { t, lang } = useWords();
  const w = useScreenWords(boardWords);
  const dayNo = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
  const cec = rows[0].urgency.cecDeadline;
  const ends = rows.map((r) => dayNo(r.urgency.chainEnds));
  const lo = Math.min(dayNo(cec) - 10, ...ends) - 1;
  const hi = Math.max(dayNo(cec) + 3, ...ends) + 1;
  const W = 1100;
  const labelW = 250;
  const valueW = 390;
  const rowH = 26;
  const top = 34;
  const H = top + rows.length * rowH + 24;
  const x = (d: number) => labelW + ((d - lo) / (hi - lo)) * (W - labelW - valueW);
  const days = (n: number) => count(n, t.workingDayForms, lang);
  const says = (r: RegionRow) => {
    const date = ddmm(r.urgency.chainEnds);
    if (r.urgency.submitted) return fill(w.chartSubmitted, { date });
    return r.urgency.missesByWorkingDays > 0
      ? fill(w.chartLate, { date, n: days(r.urgency.missesByWorkingDays) })
      : fill(w.chartSpare, { date, n: days(r.urgency.spareWorkingDays) });
  };
  // A tick every 5 days around the CEC deadline, wider apart on a long span (at most about 10 labels).
  const step = Math.max(5, Math.ceil((hi - lo) / 10 / 5) * 5);
  const ticks: number[] = [];
  for (let d = lo + 1; d < hi; d += 1) if ((d - dayNo(cec)) % step === 0) ticks.push(d);
  const isoOf = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
  return (
    <figure className="chart" data-chart="cec">
      <figcaption id="cec-chart-title">{w.chartTitle}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="cec-chart-title cec-chart-desc"
        preserveAspectRatio="xMinYMin meet"
      >
        <desc id="cec-chart-desc">
          {fill(w.chartCec, { date: ddmm(cec) })}. {rows.map((r) => `${regionName(r, lang)}: ${says(r)}`).join('; ')}.
        </desc>
        {ticks.map((d) => (
          <g key={d} aria-hidden="true">
            <line x1={x(d)} x2={x(d)} y1={top - 6} y2={H - 20} stroke="#dde2e8" />
            <text x={x(d)} y={H - 6} textAnchor="middle" fontSize="12" fill="#3d4752">
              {ddmm(isoOf(d))}
            </text>
          </g>
        ))}
        {rows.map((r, i) => {
          const y = top + i * rowH;
          const end = dayNo(r.urgency.chainEnds);
          const late = r.urgency.missesByWorkingDays > 0;
          return (
            <g key={r.regionCode} data-region={r.regionCode} aria-hidden="true">
              <text x={labelW - 8} y={y + 15} textAnchor="end" fontSize="13" fill="#1a1a1a">
                {regionName(r, lang)}
              </text>
              {/* A dotted guide from the name to the day the chain ends, the gap to the CEC line filled. */}
              <line x1={labelW} x2={x(end)} y1={y + 11} y2={y + 11} stroke="#b8c4d4" strokeDasharray="2 3" />
              <rect
                x={Math.min(x(end), x(dayNo(cec)))}
                y={y + 5}
                width={Math.max(3, Math.abs(x(end) - x(dayNo(cec))))}
                height={12}
                fill={late ? '#f4b4a8' : '#b7dfc2'}
                stroke={late ? '#7a1a12' : '#1e6b3a'}
              />
              <circle cx={x(end)} cy={y + 11} r={6} fill={late ? '#b42318' : '#1e6b3a'} />
              <text x={W - valueW + 8} y={y + 15} fontSize="13" fill={late ? '#7a1a12' : '#1e4d2b'} fontWeight={600}>
                {says(r)}
              </text>
            </g>
          );
        })}
        <g aria-hidden="true">
          <line
            x1={x(dayNo(cec))}
            x2={x(dayNo(cec))}
            y1={top - 14}
            y2={H - 20}
            stroke="#7a1a12"
            strokeWidth={2}
            strokeDasharray="5 3"
          />
          <text x={x(dayNo(cec))} y={top - 18} textAnchor="middle" fontSize="13" fontWeight={700} fill="#7a1a12">
            {fill(w.chartCec, { date: ddmm(cec) })}
          </text>
        </g>
      </svg>
    </figure>
  );
}

interface Lane {
  id: string;
  label: string;
  steps: Cell[];
  escalations: Escalation[];
}

function RegionView({
  me,
  period,
  region,
  regionRow,
}: {
  me: Me;
  period: string;
  region: string;
  regionRow: RegionRow | null;
}) {
  const { t, lang } = useWords();
  const [districts, setDistricts] = useState<DistrictRow[]>([]);
  const [escalations, setEscalations] = useState<Escalation[]>([]);
  const [calendar, setCalendar] = useState<{ off: Map<string, string>; worked: Set<string> }>({
    off: new Map(),
    worked: new Set(),
  });
  const [error, setError] = useState<unknown>(null);

  const latest = useLatest();
  const load = useCallback(async () => {
    const fresh = latest();
    try {
      const [view, open, acked] = await Promise.all([
        api<{ districts: DistrictRow[] }>('GET', `/v1/board/regions/${region}?period=${period}`),
        api<{ items: Escalation[] }>('GET', `/v1/escalations?period=${period}&regionCode=${region}&status=open`),
        api<{ items: Escalation[] }>(
          'GET',
          `/v1/escalations?period=${period}&regionCode=${region}&status=acknowledged`,
        ),
      ]);
      if (!fresh()) return;
      setDistricts(view.districts);
      setEscalations([...open.items, ...acked.items]);
      // The calendar of the period's years: weekday days off named, weekend days worked by a transfer.
      const year = Number(period.slice(0, 4));
      const years = period.endsWith('-01') ? [year - 1, year] : [year];
      const off = new Map<string, string>();
      const worked = new Set<string>();
      for (const y of years) {
        const cal = await api<{ weekdayDaysOff: CalendarDay[]; workedWeekendDays: CalendarDay[] }>(
          'GET',
          `/v1/calendar/${y}`,
        ).catch(() => null);
        for (const d of cal?.weekdayDaysOff ?? []) {
          const named = d.reasons.find((r) => r.name);
          off.set(d.date, (lang === 'kk' ? named?.name?.kk : named?.name?.ru) ?? named?.name?.ru ?? t.dayOff);
        }
        for (const d of cal?.workedWeekendDays ?? []) worked.add(d.date);
      }
      if (!fresh()) return;
      setCalendar({ off, worked });
      setError(null);
    } catch (err) {
      if (fresh()) setError(err);
    }
  }, [period, region, lang, t.dayOff, latest]);
  usePolling(load, 15_000);

  const change = async (e: Escalation, action: 'acknowledge' | 'resolve', text: string) => {
    try {
      await api(
        'POST',
        `/v1/escalations/${e.id}/${action}`,
        action === 'acknowledge' ? { comment: text } : { note: text },
        { 'If-Match': `"${e.version}"` },
      );
      setError(null);
      await load();
    } catch (err) {
      setError(err);
    }
  };

  // A district whose cycle stopped on a failure (a STEP_FAILED escalation): an admin restarts it once
  // the cause is removed, saying what was done; the escalation closes when the new run starts.
  const [retried, setRetried] = useState<string | null>(null);
  const retry = async (e: Escalation, reason: string) => {
    try {
      await api('POST', `/v1/cycles/${period}/districts/${e.districtId}/retry`, { reason });
      setRetried(e.id);
      setError(null);
      await load();
    } catch (err) {
      setError(err);
    }
  };

  const districtName = (d: DistrictRow) => (lang === 'kk' ? d.nameKk : d.nameRu) ?? d.nameRu ?? d.districtId;
  const title = regionRow ? regionName(regionRow, lang) : region;
  const lanes: Lane[] = [
    {
      id: region,
      label: title,
      steps: regionRow?.steps ?? [],
      escalations: escalations.filter((e) => !e.districtId),
    },
    ...districts.map((d) => ({
      id: d.districtId,
      label: districtName(d),
      steps: d.steps,
      escalations: escalations.filter((e) => e.districtId === d.districtId),
    })),
  ];

  return (
    <section className="card" aria-labelledby="region-heading">
      <h2 id="region-heading">
        {t.region} {title}: {t.regionTimeline}
      </h2>
      {regionRow && (
        <p className="sentence" data-region-sentence>
          {lang === 'kk' ? regionRow.sentence.kk : regionRow.sentence.ru}
        </p>
      )}
      <ProblemView error={error} />
      {retried && (
        <p role="status" data-retried>
          {t.retried}
        </p>
      )}
      <Timeline
        key={region}
        title={title}
        lanes={lanes}
        calendar={calendar}
        cecDay={day(regionRow?.cecDeadlineLocal)}
        t={t}
      />
      <h2>{t.escalations}</h2>
      {escalations.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <div className="scroll" tabIndex={0} role="region" aria-label={t.escalations}>
          <table className="escalations">
            <thead>
              <tr>
                <th scope="col">{t.district}</th>
                <th scope="col">{t.stage}</th>
                <th scope="col">{t.reasonCol}</th>
                <th scope="col">{t.level}</th>
                <th scope="col">{t.raised}</th>
                <th scope="col">{t.deadline}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.action}</th>
              </tr>
            </thead>
            <tbody>
              {escalations.map((e) => {
                const row = districts.find((d) => d.districtId === e.districtId);
                const place = !e.districtId
                  ? t.regionCol
                  : row
                    ? districtName(row)
                    : ((lang === 'kk' ? e.districtName?.kk : e.districtName?.ru) ?? e.districtId);
                return (
                  <tr key={e.id} data-escalation={e.id}>
                    <td>{place}</td>
                    <td>{t.steps[e.step] ?? e.step}</td>
                    <td>
                      {t.reasons[e.reason] ?? e.reason}
                      {e.missesByWorkingDays ? ` — ${count(e.missesByWorkingDays, t.workingDayForms, lang)}` : ''}
                    </td>
                    <td>{t.levels[e.level] ?? e.level}</td>
                    <td>{when(e.raisedAt, lang)}</td>
                    <td>{when(e.deadlineAt, lang)}</td>
                    <td>
                      {t.escalationStatus[e.status] ?? e.status}
                      {e.acknowledgedComment ? `: ${e.acknowledgedComment}` : ''}
                    </td>
                    <td className="actions">
                      {e.status === 'open' && can(me, 'POST /v1/escalations/:id/acknowledge') && (
                        <EscalationAction
                          id={`ack-${e.id}`}
                          label={t.acknowledge}
                          field={t.comment}
                          onDo={(text) => change(e, 'acknowledge', text)}
                        />
                      )}
                      {e.reason === 'STEP_FAILED' &&
                        e.districtId &&
                        e.status !== 'resolved' &&
                        can(me, 'POST /v1/cycles/:period/districts/:districtId/retry') && (
                          <EscalationAction
                            id={`retry-${e.id}`}
                            label={t.retryDistrict}
                            field={t.retryDistrictReason}
                            onDo={(text) => retry(e, text)}
                          />
                        )}
                      {e.status !== 'resolved' && can(me, 'POST /v1/escalations/:id/resolve') && (
                        <EscalationAction
                          id={`res-${e.id}`}
                          label={t.resolve}
                          field={t.note}
                          onDo={(text) => change(e, 'resolve', text)}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * The lanes on the working-day calendar: a column per day around the period's deadlines (from a
 * little before the first, or today when it is near, to a little after the last), days off shaded
 * and named, each deadline a letter in its state's colour (the state in words for screen readers
 * and in the tooltip), escalations where they were raised, today and the CEC deadline outlined.
 */
function Timeline({
  title,
  lanes,
  calendar,
  cecDay,
  t,
}: {
  title: string;
  lanes: Lane[];
  calendar: { off: Map<string, string>; worked: Set<string> };
  cecDay: string;
  t: Words;
}) {
  const { lang } = useWords();
  const w = useScreenWords(boardWords);
  const sw = useScreenWords(stepStateWords);
  const today = todayInAlmaty();
  // The CEC deadline in view when the timeline first shows it (later polls keep where the official scrolled).
  const box = useRef<HTMLDivElement>(null);
  const shown = useRef(false);
  useEffect(() => {
    const el = box.current;
    const cec = el?.querySelector<HTMLElement>('th.cec');
    if (!el || !cec || shown.current) return;
    shown.current = true;
    const right = cec.offsetLeft + cec.offsetWidth * 4;
    if (right > el.clientWidth) el.scrollLeft = right - el.clientWidth;
  });
  const addDays = (iso: string, n: number) =>
    new Date(Date.parse(`${iso}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const deadlines = lanes
    .flatMap((l) => l.steps.map((s) => day(s.deadlineLocal)))
    .filter(Boolean)
    .sort();
  if (deadlines.length === 0) return <p>{t.none}</p>;
  // The deadlines' window, stretched to today when today is near it (not weeks of empty days).
  let first = addDays(deadlines[0], -5);
  if (today < first && today >= addDays(first, -16)) first = today;
  let last = addDays(deadlines[deadlines.length - 1], 3);
  if (today > last && today <= addDays(last, 16)) last = today;
  // An escalation raised before the window is drawn on its first day (its tooltip gives the day).
  const markDay = (e: Escalation) => (day(e.raisedAt) < first ? first : day(e.raisedAt));
  const days: string[] = [];
  for (let d = first; d <= last && days.length < 120; d = addDays(d, 1)) days.push(d);
  const weekday = (iso: string) => new Date(`${iso}T12:00:00Z`).getUTCDay();
  const offName = (iso: string): string | null =>
    calendar.off.get(iso) ??
    ((weekday(iso) === 0 || weekday(iso) === 6) && !calendar.worked.has(iso) ? t.weekend : null);
  const months = days.reduce<{ key: string; span: number }[]>((acc, d) => {
    const key = d.slice(0, 7);
    if (acc.length && acc[acc.length - 1].key === key) acc[acc.length - 1].span += 1;
    else acc.push({ key, span: 1 });
    return acc;
  }, []);
  const monthName = (key: string) => `${t.months[Number(key.slice(5)) - 1]} ${key.slice(0, 4)}`;
  const holidays = days.filter((d) => calendar.off.has(d));
  const cls = (d: string) =>
    [offName(d) ? 'off' : '', d === today ? 'today' : '', d === cecDay ? 'cec' : ''].filter(Boolean).join(' ');

  return (
    <>
      <div
        className="timeline"
        ref={box}
        tabIndex={0}
        role="region"
        aria-label={fill(w.timelineScroll, { region: title })}
      >
        <table aria-label={t.timeline}>
          <thead>
            <tr>
              <td className="tl-name" />
              {months.map((m) => (
                <th key={m.key} scope="colgroup" colSpan={m.span} className="month">
                  {monthName(m.key)}
                </th>
              ))}
            </tr>
            <tr>
              <th scope="col" className="tl-name">
                {w.lane}
              </th>
              {days.map((d) => (
                <th
                  scope="col"
                  key={d}
                  className={`tl-day ${cls(d)}`}
                  title={`${dayOf(d, lang)}${offName(d) ? ` — ${offName(d)}` : ''}${d === today ? ` — ${t.today}` : ''}`}
                >
                  {d.slice(8)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lanes.map((l) => (
              <tr key={l.id} data-lane={l.id}>
                <th scope="row" className="tl-name">
                  {l.label}
                </th>
                {days.map((d) => {
                  const due = l.steps.filter((s) => day(s.deadlineLocal) === d);
                  const raised = l.escalations.filter((e) => markDay(e) === d);
                  const words = [
                    ...due.map((s) => `${t.steps[s.step]}: ${sw.states[s.deadlineState] ?? s.deadlineState}`),
                    ...raised.map(
                      (e) =>
                        `${t.escalationMark} ${dayOf(day(e.raisedAt), lang)}: ${t.levels[e.level] ?? e.level}, ${t.reasons[e.reason] ?? e.reason}`,
                    ),
                  ].join('; ');
                  return (
                    <td
                      key={d}
                      className={`tl-day ${cls(d)}${due.length ? ` state-${worst(due)}` : ''}`}
                      title={words || undefined}
                    >
                      {due.map((s) => (
                        <span key={s.step} aria-hidden="true">
                          {t.stepMarks[s.step]}
                          {STATE_MARKS[s.deadlineState]}
                        </span>
                      ))}
                      {raised.length > 0 && (
                        <span aria-hidden="true" className="esc-mark">
                          {raised.some((e) => day(e.raisedAt) < first) ? '◂▲' : '▲'}
                        </span>
                      )}
                      {words && <span className="sr-only">{words}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="legend" role="group" aria-label={t.legend}>
        <strong>{t.legend}:</strong>
        {STEPS.map((s) => (
          <span key={s}>
            <b>{t.stepMarks[s]}</b> {t.steps[s]}
          </span>
        ))}
        <span>
          <b className="esc-mark">▲</b> {t.escalationMark} (<b className="esc-mark">◂▲</b> {t.raisedEarlier})
        </span>
        <span>
          <i className="swatch off" /> {t.dayOffShaded}
        </span>
        <span>
          <i className="swatch today" /> {t.today}
        </span>
        <span>
          <i className="swatch cec" /> {t.cecDeadline}
        </span>
      </div>
      <div className="legend" role="group" aria-label={w.stateKey} data-state-key>
        <strong>{w.stateKey}:</strong>
        {STEP_STATE_KEYS.filter((k) => k !== 'soon').map((k) => (
          <span key={k}>
            <i className={`swatch state-${k}`} aria-hidden="true">
              {STATE_MARKS[k]}
            </i>{' '}
            {sw.states[k]}
          </span>
        ))}
      </div>
      {holidays.length > 0 && (
        <p className="hint">
          {t.daysOffInWindow}:{' '}
          {holidays.map((d, i) => (
            <Fragment key={d}>
              {i ? '; ' : ''}
              {dayOf(d, lang)} — {calendar.off.get(d)}
            </Fragment>
          ))}
        </p>
      )}
    </>
  );
}

const SEVERITY = ['overdue', 'at-risk', 'due', 'upcoming', 'met-late', 'met', 'not-needed'];
const worst = (cells: Cell[]) =>
  [...cells].sort((a, b) => SEVERITY.indexOf(a.deadlineState) - SEVERITY.indexOf(b.deadlineState))[0].deadlineState;

function EscalationAction({
  id,
  label,
  field,
  onDo,
}: {
  id: string;
  label: string;
  field: string;
  onDo: (text: string) => Promise<void>;
}) {
  const [text, setText] = useState('');
  return (
    <form
      noValidate
      className="inline compact"
      onSubmit={(e) => {
        e.preventDefault();
        void onDo(text);
      }}
    >
      <label htmlFor={id}>{field}</label>
      <input id={id} value={text} onChange={(e) => setText(e.target.value)} required minLength={3} />
      <button type="submit">{label}</button>
    </form>
  );
}
