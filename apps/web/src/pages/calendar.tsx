/**
 * The working-day calendar: a year's days off on weekdays, weekend days worked by a transfer and
 * holidays on weekends, with their reasons; a day corrected (made a holiday, or a holiday or
 * transfer taken away) with the reason, sent with the revision read (If-Match) so nobody overwrites
 * a change they have not seen; and who changed the year, when and why. Reading is for every
 * official; correcting for whoever the API allows (admins).
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, can, type Me } from '../api';
import type { Route } from '../ui';
import { dayOf, go, ProblemView, todayInAlmaty, useLatest, when, ScrollRegion } from '../ui';
import { CALENDAR_WORDS } from '../words/calendar';
import { useScreenWords } from '../words/define';
import { OFFICIALS_WORDS } from '../words/officials';
import { Done, fill, FormProblems, inWords, useDone } from './admin-kit';

interface Name {
  ru: string;
  kk: string;
  en: string;
}
type Reason =
  | { kind: 'weekend' }
  | { kind: 'holiday'; name: Name; status: string }
  | { kind: 'moved-holiday'; from: string; name: Name }
  | { kind: 'transfer-day-off'; workedDay: string; status: string }
  | { kind: 'transfer-worked-day'; dayOff: string; status: string };
interface Day {
  date: string;
  weekday: number;
  working: boolean;
  reasons: Reason[];
}
interface CalendarDocument {
  year: number;
  version: string;
  weekendDays: number[];
  sources: Record<string, { title: string }>;
  holidays: { date: string; id: string; name: Name; kind: string; status: string; source: string }[];
  transfers: { workedDay: string; dayOff: string; status: string; source: string }[];
}
interface YearView {
  year: number;
  revision: number;
  version: string;
  workingDays: number;
  unconfirmedEntries: number;
  weekdayDaysOff: Day[];
  workedWeekendDays: Day[];
  weekendHolidays: Day[];
  document: CalendarDocument;
}
interface Revision {
  revision: number;
  version: string;
  origin: string;
  changedAt: string;
  changedBy: string;
  changedByName: string | null;
  changedByRole: string | null;
  reason: string;
}

export function CalendarPage({ me, route }: { me: Me; route: Route }) {
  const w = useScreenWords(CALENDAR_WORDS);
  const [years, setYears] = useState<number[] | null>(null);
  const [view, setView] = useState<YearView | null>(null);
  const [revisions, setRevisions] = useState<Revision[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useDone();
  const [stale, setStale] = useState(false);
  const staleRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (stale) staleRef.current?.focus();
  }, [stale]);
  const asked = Number(route.params.get('year')) || null;
  const thisYear = Number(todayInAlmaty().slice(0, 4));
  const year = asked ?? (years?.includes(thisYear) ? thisYear : (years?.[years.length - 1] ?? null));

  useEffect(() => {
    void api<{ year: number }[]>('GET', '/v1/calendar')
      .then((ys) => setYears(ys.map((y) => y.year).sort((a, b) => a - b)))
      .catch(setError);
  }, []);
  // An answer for a year chosen before (a slow line) is dropped, or it would replace the year on
  // screen and take its correction form with it.
  const latest = useLatest();
  const load = useCallback(
    async (y: number) => {
      const fresh = latest();
      try {
        const [v, r] = await Promise.all([
          api<YearView>('GET', `/v1/calendar/${y}`),
          api<Revision[]>('GET', `/v1/calendar/${y}/revisions`),
        ]);
        if (!fresh()) return;
        setView(v);
        setRevisions(r);
        setStale(false);
      } catch (err) {
        if (fresh()) setError(err);
      }
    },
    [latest],
  );
  useEffect(() => {
    if (year) void load(year);
  }, [load, year]);

  const mayCorrect = can(me, 'PUT /v1/calendar/:year');
  return (
    <section>
      <h1>{w.title}</h1>
      {years && years.length === 0 && <p>{w.noYears}</p>}
      {years && years.length > 0 && (
        <form className="inline" noValidate onSubmit={(e) => e.preventDefault()}>
          <label>
            {w.year}
            <select value={year ?? ''} onChange={(e) => go('calendar', { year: e.target.value })}>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
        </form>
      )}
      <Done done={done} />
      {stale && (
        <div role="alert" className="problem" data-stale="" tabIndex={-1} ref={staleRef}>
          {w.stale}{' '}
          <button
            type="button"
            onClick={() => {
              setDone(null);
              setError(null);
              if (year) void load(year);
            }}
          >
            {w.reload}
          </button>
        </div>
      )}
      <ProblemView error={error} />
      {view && view.year === year && (
        <>
          <p data-year={view.year}>
            <strong>{w.workingDays}:</strong> <span data-working-days="">{view.workingDays}</span> ·{' '}
            <strong>{w.edition}:</strong> {view.version} · {fill(w.revision, { n: view.revision })}
            {view.unconfirmedEntries > 0 && <> · {fill(w.unconfirmed, { n: view.unconfirmedEntries })}</>}
          </p>
          <DaysTable title={w.weekdayDaysOff} days={view.weekdayDaysOff} />
          <DaysTable title={w.workedWeekendDays} days={view.workedWeekendDays} />
          <DaysTable title={w.weekendHolidays} days={view.weekendHolidays} />
          {mayCorrect && (
            <Correction
              key={view.revision}
              view={view}
              onSaved={async (day, updated) => {
                setError(null);
                setStale(false);
                setDone((l) =>
                  fill(CALENDAR_WORDS[l].saved, { year: updated.year, day: dayOf(day, l), n: updated.workingDays }),
                );
                await load(updated.year);
              }}
              onError={(err) => {
                setDone(null);
                if (err instanceof ApiError && (err.problem.status === 412 || err.problem.status === 428)) {
                  setError(null);
                  setStale(true);
                } else setError(inWords(err, w.lang));
              }}
            />
          )}
          <Revisions revisions={revisions} />
        </>
      )}
    </section>
  );
}

function useReasonWords() {
  const w = useScreenWords(CALENDAR_WORDS);
  return (r: Reason): string => {
    const status = 'status' in r && r.status !== 'official' ? ` (${w.statuses[r.status] ?? r.status})` : '';
    switch (r.kind) {
      case 'weekend':
        return w.weekend;
      case 'holiday':
        return fill(w.holiday, { name: r.name[w.lang] }) + status;
      case 'moved-holiday':
        return fill(w.movedHoliday, { name: r.name[w.lang], from: dayOf(r.from, w.lang) });
      case 'transfer-day-off':
        return fill(w.transferDayOff, { day: dayOf(r.workedDay, w.lang) }) + status;
      case 'transfer-worked-day':
        return fill(w.transferWorkedDay, { day: dayOf(r.dayOff, w.lang) }) + status;
    }
  };
}

function DaysTable({ title, days }: { title: string; days: Day[] }) {
  const w = useScreenWords(CALENDAR_WORDS);
  const said = useReasonWords();
  return (
    <section>
      <h2>{title}</h2>
      {days.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{w.date}</th>
                <th scope="col">{w.weekday}</th>
                <th scope="col">{w.why}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.date} data-day={d.date}>
                  <td>{dayOf(d.date, w.lang)}</td>
                  <td>{w.weekdays[d.weekday]}</td>
                  <td>{d.reasons.map(said).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

function Correction({
  view,
  onSaved,
  onError,
}: {
  view: YearView;
  onSaved: (day: string, updated: YearView) => Promise<void>;
  onError: (err: unknown) => void;
}) {
  const w = useScreenWords(CALENDAR_WORDS);
  const [change, setChange] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const value = (k: string) => String(f.get(k) ?? '').trim();
    // DD.MM.YYYY as the console writes dates (a browser's date field would write its own language's pattern).
    const typed = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value('date'));
    const date = typed ? `${typed[3]}-${typed[2]!.padStart(2, '0')}-${typed[1]!.padStart(2, '0')}` : '';
    const reason = value('reason');
    const doc = JSON.parse(JSON.stringify(view.document)) as CalendarDocument;
    const found: string[] = [];
    if (
      !date ||
      !date.startsWith(`${view.year}-`) ||
      Number.isNaN(Date.parse(`${date}T12:00:00Z`)) ||
      new Date(`${date}T12:00:00Z`).toISOString().slice(0, 10) !== date
    )
      found.push(fill(w.needDay, { year: view.year }));
    if (!change) found.push(w.needChange);
    if (reason.length < 3 || reason.length > 500) found.push(w.needReason);
    const source = `correction-${view.revision + 1}`;
    if (change === 'day-off') {
      const nameRu = value('nameRu');
      const nameKk = value('nameKk');
      if (!nameRu || !nameKk) found.push(w.needNames);
      if (!value('kind')) found.push(w.needKind);
      if (doc.holidays.some((h) => h.date === date) || doc.transfers.some((t) => t.dayOff === date))
        found.push(w.alreadyOff);
      doc.holidays.push({
        date,
        id: `correction-${date}`,
        // The document keeps an English name too (never shown in the console): the Russian one stands for it.
        name: { ru: nameRu, kk: nameKk, en: nameRu },
        kind: value('kind'),
        status: value('status') || 'official',
        source,
      });
      doc.holidays.sort((a, b) => a.date.localeCompare(b.date));
    } else if (change === 'working') {
      const before = doc.holidays.length + doc.transfers.length;
      doc.holidays = doc.holidays.filter((h) => h.date !== date);
      doc.transfers = doc.transfers.filter((t) => t.dayOff !== date && t.workedDay !== date);
      if (date && doc.holidays.length + doc.transfers.length === before) found.push(w.nothingToRemove);
    }
    setProblems(found);
    if (found.length) return;
    doc.sources = { ...doc.sources, [source]: { title: reason } };
    doc.version = `${view.year}.r${view.revision + 1}`;
    setBusy(true);
    try {
      const updated = await api<YearView>(
        'PUT',
        `/v1/calendar/${view.year}`,
        { reason, calendar: doc },
        { 'If-Match': `"${view.revision}"` },
      );
      await onSaved(date, updated);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card">
      <h2>{w.correct}</h2>
      <form className="inline" noValidate onSubmit={submit}>
        <label>
          {w.day}
          <input name="date" size={12} inputMode="numeric" placeholder={w.datePattern} autoComplete="off" />
        </label>
        <label>
          {w.change}
          <select name="change" value={change} onChange={(e) => setChange(e.target.value)}>
            <option value="">{w.chooseChange}</option>
            <option value="day-off">{w.makeDayOff}</option>
            <option value="working">{w.makeWorking}</option>
          </select>
        </label>
        {change === 'day-off' && (
          <>
            <label>
              {w.holidayNameRu}
              <input name="nameRu" size={24} />
            </label>
            <label>
              {w.holidayNameKk}
              <input name="nameKk" size={24} />
            </label>
            <label>
              {w.kind}
              <select name="kind" defaultValue="">
                <option value="">{w.chooseChange}</option>
                {['state', 'national', 'religious'].map((k) => (
                  <option key={k} value={k}>
                    {w.kinds[k]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {w.status}
              <select name="status" defaultValue="official">
                {['official', 'announced', 'estimate'].map((s) => (
                  <option key={s} value={s}>
                    {w.statuses[s]}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <label style={{ flexBasis: '100%' }}>
          {w.reason}
          <textarea name="reason" rows={2} cols={80} />
        </label>
        <button type="submit" disabled={busy}>
          {w.save}
        </button>
      </form>
      <FormProblems problems={problems} title={w.formProblems} />
    </section>
  );
}

function Revisions({ revisions }: { revisions: Revision[] }) {
  const w = useScreenWords(CALENDAR_WORDS);
  const people = useScreenWords(OFFICIALS_WORDS);
  const who = (r: Revision) =>
    r.changedByName
      ? `${r.changedByName}${r.changedByRole ? `, ${(people.roles[r.changedByRole] ?? '').toLowerCase()}` : ''}`
      : r.origin === 'SHIPPED'
        ? people.system
        : r.changedBy === 'operator'
          ? people.operator
          : people.system;
  return (
    <section>
      <h2>{w.revisions}</h2>
      <ScrollRegion>
        <table>
          <thead>
            <tr>
              <th scope="col">№</th>
              <th scope="col">{w.when}</th>
              <th scope="col">{w.who}</th>
              <th scope="col">{w.edition}</th>
              <th scope="col">{w.reasonCol}</th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r) => (
              <tr key={r.revision} data-revision={r.revision}>
                <td>{r.revision}</td>
                <td>{when(r.changedAt, w.lang)}</td>
                <td>{who(r)}</td>
                <td>{r.version}</td>
                <td>{r.origin === 'SHIPPED' ? w.shippedReason : r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
