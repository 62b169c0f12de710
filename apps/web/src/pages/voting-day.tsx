/**
 * A precinct commission member on voting day: register a citizen's written application by IIN,
 * follow the registration lookup and the boundary match, see the applicant's data (audited, only
 * while the application is open), record the call centre's answer and the decision, and print the
 * applicant's copy of a reasoned rejection.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { api, download, type Me } from '../api';
import { useWords } from '../i18n';
import { ProblemView, usePolling, when } from '../ui';
import { useScreenWords } from '../words/define';
import { votingDayWords } from '../words/voting-day';

export interface Application {
  id: string;
  number: number;
  stationNumber: number;
  status: string;
  registeredAt: string;
  lookupResult: string | null;
  lookupAttempts: number;
  lookupErrorCode: 'retrying' | 'gave-up' | null;
  boundaryVerdict: string | null;
  boundaryStations: number[];
  callCentreStationNumber: number | null;
  rejectionReason: string | null;
  correctStationNumber: number | null;
  escalations: string[];
  canInclude: boolean;
  inclusionRefusalCode: string | null;
  notifiedAt: string | null;
}
interface Personal {
  iin: string;
  registration: { locality: string; street: string | null; house: string | null; apartment: string | null } | null;
  person: { surname: string; firstName: string; patronymic: string | null; birthDate: string } | null;
}
interface VotingDay {
  id: string;
  name: string;
  open: boolean;
  closesAt: string;
}

export function VotingDayPage(_: { me: Me }) {
  const { t } = useWords();
  const vd = useScreenWords(votingDayWords);
  const [day, setDay] = useState<VotingDay | null | undefined>(undefined);
  const [apps, setApps] = useState<Application[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      const days = await api<VotingDay[]>('GET', '/v1/voting-days');
      setDay(days.find((d) => d.open) ?? null);
      setApps(await api<Application[]>('GET', '/v1/voting-day/applications'));
    } catch (err) {
      setError(err);
    }
  }, []);
  usePolling(load, 2_000);

  const register = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    try {
      setError(null);
      const created = await api<Application>('POST', '/v1/voting-day/applications', {
        iin: String(new FormData(form).get('iin')),
      });
      form.reset();
      setSelected(created.id);
      await load();
    } catch (err) {
      setError(err);
    }
  };

  const current = apps.find((a) => a.id === selected);
  return (
    <section>
      <h1>
        {t.votingDay}
        {day ? `: ${day.name}` : ''}
      </h1>
      {day === null && <p role="status">{t.noVoting}</p>}
      {day && (
        <form noValidate className="card inline" onSubmit={register}>
          <label>
            {t.applicantIin}
            <input name="iin" inputMode="numeric" pattern="\d{12}" required size={14} />
          </label>
          <button type="submit">{t.registerApplication}</button>
        </form>
      )}
      <ProblemView error={error} />
      <div className="split">
        <div>
          <h2>{t.applications}</h2>
          {apps.length === 0 ? (
            <p>{t.none}</p>
          ) : (
            <ul className="apps">
              {apps.map((a) => (
                <li key={a.id}>
                  <button
                    type="button"
                    className={`link${a.id === selected ? ' chosen' : ''}`}
                    onClick={() => setSelected(a.id)}
                    data-application={a.number}
                  >
                    № {a.number} · {t.appStatus[a.status] ?? a.status}
                    {a.escalations.length ? (
                      <>
                        {' '}
                        <span aria-hidden="true" className="esc-mark">
                          ⚠
                        </span>
                        <span className="esc-words">
                          {' '}
                          {vd.escalationLabel.toLowerCase()}:{' '}
                          {a.escalations.map((e) => vd.escalationReasons[e] ?? '').join('; ')}
                        </span>
                      </>
                    ) : null}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        {current && <ApplicationCard key={current.id} app={current} onChange={load} />}
      </div>
    </section>
  );
}

export function ApplicationCard({ app, onChange }: { app: Application; onChange: () => Promise<void> }) {
  const { t, lang } = useWords();
  const vd = useScreenWords(votingDayWords);
  const [personal, setPersonal] = useState<Personal | null>(null);
  const [error, setError] = useState<unknown>(null);
  const open = app.status === 'AWAITING_DECISION' || app.status === 'REGISTERED';
  const act = async (fn: () => Promise<unknown>) => {
    try {
      setError(null);
      await fn();
      await onChange();
    } catch (err) {
      setError(err);
    }
  };
  const values = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    return new FormData(e.currentTarget);
  };
  return (
    <article className="card" aria-live="polite" data-status={app.status}>
      <h2>
        {t.application} № {app.number}: {t.appStatus[app.status] ?? app.status}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t.registered}</dt>
          <dd>{when(app.registeredAt, lang)}</dd>
        </div>
        <div>
          <dt>{t.lookup}</dt>
          <dd data-lookup={app.lookupResult ?? ''}>
            {app.lookupResult
              ? t.lookups[app.lookupResult]
              : app.lookupErrorCode === 'retrying'
                ? vd.lookupRetrying(app.lookupAttempts)
                : t.loading}
            {app.lookupErrorCode === 'gave-up' ? ` (${vd.lookupGaveUp})` : ''}
          </dd>
        </div>
        {app.boundaryVerdict && (
          <div>
            <dt>{t.boundary}</dt>
            <dd data-verdict={app.boundaryVerdict}>
              {t.verdicts[app.boundaryVerdict]}
              {app.boundaryStations.length ? ` (№ ${app.boundaryStations.join(', ')})` : ''}
            </dd>
          </div>
        )}
        {app.callCentreStationNumber !== null && (
          <div>
            <dt>{t.callCentre}</dt>
            <dd>№ {app.callCentreStationNumber}</dd>
          </div>
        )}
        {app.rejectionReason && (
          <div>
            <dt>{t.reason}</dt>
            <dd>{app.rejectionReason}</dd>
          </div>
        )}
        {app.escalations.length > 0 && (
          <div>
            <dt>{vd.escalationLabel}</dt>
            <dd data-escalations={app.escalations.join(' ')}>
              {app.escalations.map((e) => vd.escalationReasons[e] ?? '').join('; ')}
            </dd>
          </div>
        )}
      </dl>
      {open && app.lookupResult && !personal && (
        <button
          type="button"
          onClick={() =>
            act(async () => setPersonal(await api('GET', `/v1/voting-day/applications/${app.id}/personal-data`)))
          }
        >
          {t.showPersonal}
        </button>
      )}
      {personal && (
        <p className="personal">
          {personal.person
            ? `${personal.person.surname} ${personal.person.firstName} ${personal.person.patronymic ?? ''}, ${personal.person.birthDate}`
            : ''}{' '}
          · {t.iin} {personal.iin}
          {personal.registration
            ? ` · ${personal.registration.locality}, ${personal.registration.street ?? ''} ${personal.registration.house ?? ''}${personal.registration.apartment ? `, кв. ${personal.registration.apartment}` : ''}`
            : ''}
        </p>
      )}
      {app.status === 'AWAITING_DECISION' && (
        <>
          {app.lookupResult === 'UNAVAILABLE' && (
            <button
              type="button"
              onClick={() => act(() => api('POST', `/v1/voting-day/applications/${app.id}/retry-lookup`))}
            >
              {t.retryLookup}
            </button>
          )}
          <button
            type="button"
            disabled={!app.canInclude}
            onClick={() =>
              act(() => api('POST', `/v1/voting-day/applications/${app.id}/decision`, { decision: 'INCLUDE' }))
            }
          >
            {t.include}
          </button>
          {!app.canInclude && app.inclusionRefusalCode && (
            <p className="hint" data-refusal={app.inclusionRefusalCode}>
              {vd.refusalCodes[app.inclusionRefusalCode] ?? ''}
            </p>
          )}
          <form
            noValidate
            className="inline"
            onSubmit={(e) => {
              const f = values(e);
              void act(() =>
                api('POST', `/v1/voting-day/applications/${app.id}/call-centre`, {
                  stationNumber: Number(f.get('station')),
                }),
              );
            }}
          >
            <label>
              {t.callCentre}
              <input name="station" type="number" min={1} required size={6} />
            </label>
            <button type="submit">{t.record}</button>
          </form>
          <form
            noValidate
            onSubmit={(e) => {
              const f = values(e);
              const correct = String(f.get('correct') ?? '');
              void act(() =>
                api('POST', `/v1/voting-day/applications/${app.id}/decision`, {
                  decision: 'REJECT',
                  reason: String(f.get('reason')),
                  ...(correct ? { correctStationNumber: Number(correct) } : {}),
                }),
              );
            }}
          >
            <label>
              {t.reason}
              <textarea name="reason" required minLength={5} rows={2} />
            </label>
            <label>
              {t.correctStation}
              <input
                name="correct"
                type="number"
                min={1}
                defaultValue={app.callCentreStationNumber ?? app.boundaryStations[0] ?? ''}
                size={6}
              />
            </label>
            <button type="submit">{t.reject}</button>
          </form>
        </>
      )}
      {app.status === 'REJECTED' && (
        <button
          type="button"
          onClick={() =>
            act(() =>
              download(`/v1/voting-day/applications/${app.id}/rejection.pdf?lang=${lang}`, 'rejection.pdf', true),
            )
          }
        >
          {t.printCopy}
        </button>
      )}
      <ProblemView error={error} />
    </article>
  );
}
