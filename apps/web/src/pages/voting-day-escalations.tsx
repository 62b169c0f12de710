/**
 * The territorial commission's voting-day escalations: the applications its precinct commissions
 * did not decide in time (open too long, or open at the close of voting), each with its polling
 * station by number, premises and address, why it was passed on, when, and how long it has been
 * open, in words. Open ones by default; closed ones on request.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, can, type Me } from '../api';
import { ApplicationCard, type Application } from './voting-day';
import { stationName, type StationPlace } from '../station-name';
import { count, ProblemView, usePolling, when, ScrollRegion } from '../ui';
import { useScreenWords } from '../words/define';
import { votingDayWords } from '../words/voting-day';
import { votingDayEscalationsWords } from '../words/voting-day-escalations';
import { useWords } from '../i18n';

interface Escalation {
  id: string;
  applicationId: string;
  applicationNumber: number;
  applicationStatus: string;
  stationNumber: number;
  station: StationPlace | null;
  reason: string;
  raisedAt: string;
  registeredAt: string;
  closedAt: string | null;
}

export function VotingDayEscalationsPage({ me }: { me: Me }) {
  const w = useScreenWords(votingDayEscalationsWords);
  const vd = useScreenWords(votingDayWords);
  const { t } = useWords();
  const [all, setAll] = useState(false);
  const [rows, setRows] = useState<Escalation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(() => Date.now());
  // The application the commission decides here (it may decide what its precinct passed on).
  const mayDecide = can(me, 'POST /v1/voting-day/applications/:id/decision');
  const [deciding, setDeciding] = useState<Application | null>(null);
  const decidingRef = useRef<HTMLHeadingElement>(null);
  const openApplication = useCallback(async (id: string) => {
    try {
      setDeciding(await api<Application>('GET', `/v1/voting-day/applications/${id}`));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    if (deciding) decidingRef.current?.focus();
  }, [deciding?.id]);

  const load = useCallback(async () => {
    try {
      setRows(await api<Escalation[]>('GET', `/v1/voting-day/escalations${all ? '?all=true' : ''}`));
      setNow(Date.now());
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [all]);
  usePolling(load, 30_000);

  /** "1 час 5 минут", "1 сағат 5 минут": how long from `from` to `to`. */
  const span = (from: string, to: number) => {
    const minutes = Math.max(0, Math.floor((to - new Date(from).getTime()) / 60_000));
    if (minutes < 1) return w.lessThanMinute;
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return [h ? count(h, w.hourForms, w.lang) : '', m ? count(m, w.minuteForms, w.lang) : ''].filter(Boolean).join(' ');
  };
  const open = rows?.filter((r) => !r.closedAt).length ?? 0;

  return (
    <section>
      <h1>{w.title}</h1>
      <p>{w.intro}</p>
      <label className="check">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {w.showAll}
      </label>
      <ProblemView error={error} />
      {rows && <p>{w.total(count(open, w.applicationForms, w.lang))}</p>}
      {rows && rows.length === 0 && <p role="status">{w.none}</p>}
      {rows && rows.length > 0 && (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{w.colStation}</th>
                <th scope="col">{w.colApplication}</th>
                <th scope="col">{w.colReason}</th>
                <th scope="col">{w.colRaised}</th>
                <th scope="col">{w.colOpen}</th>
                {mayDecide && <th scope="col">{w.decide}</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-escalation={r.reason}>
                  <th scope="row">{r.station ? stationName(r.station) : `№ ${r.stationNumber}`}</th>
                  <td>
                    № {r.applicationNumber}: {t.appStatus[r.applicationStatus] ?? ''}
                  </td>
                  <td>{vd.escalationReasons[r.reason] ?? ''}</td>
                  <td>{when(r.raisedAt, w.lang)}</td>
                  <td>
                    {r.closedAt
                      ? `${span(r.registeredAt, new Date(r.closedAt).getTime())}; ${w.closed(when(r.closedAt, w.lang))}`
                      : w.openFor(span(r.registeredAt, now))}
                  </td>
                  {mayDecide && (
                    <td>
                      {!r.closedAt && (
                        <button type="button" onClick={() => void openApplication(r.applicationId)}>
                          {w.decide}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {deciding && (
        <section aria-labelledby="deciding">
          <h2 id="deciding" tabIndex={-1} ref={decidingRef}>
            {w.deciding(deciding.number)}
          </h2>
          <ApplicationCard
            key={deciding.id}
            app={deciding}
            onChange={async () => {
              await openApplication(deciding.id);
              await load();
            }}
          />
        </section>
      )}
    </section>
  );
}
