/**
 * The precinct's supplementary list of the voting day: the citizens the commission included, in the
 * order they were added, with their names, birth date and IIN, to print and sign. Personal data: the
 * list is read only when asked for, and every read is on the audit trail (a precinct member's reason
 * is their own precinct; other officials give theirs).
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Me } from '../api';
import { stationName, type StationPlace } from '../station-name';
import { count, dayOf, ProblemView, when, ScrollRegion } from '../ui';
import { useScreenWords } from '../words/define';
import { supplementaryListWords } from '../words/supplementary-list';

interface Station extends StationPlace {
  id: string;
}
interface Entry {
  position: number;
  applicationId: string;
  iin: string;
  surname: string;
  firstName: string;
  patronymic: string | null;
  birthDate: string;
  addedAt: string;
}
interface VotingDay {
  id: string;
  date: string;
  name: string;
  open: boolean;
}

export function SupplementaryListPage({ me }: { me: Me }) {
  const w = useScreenWords(supplementaryListWords);
  const member = me.role === 'PRECINCT_MEMBER';
  const [stations, setStations] = useState<Station[]>([]);
  const [day, setDay] = useState<VotingDay | null>(null);
  const [shown, setShown] = useState<{ station: Station; entries: Entry[] } | null>(null);
  const [invalid, setInvalid] = useState<{ stationId?: string; reason?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const result = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      const [s, days] = await Promise.all([
        api<Station[]>('GET', '/v1/voting-day/stations'),
        api<VotingDay[]>('GET', '/v1/voting-days'),
      ]);
      setStations(s);
      // The list is of the voting day under way, or else the latest one (as the API chooses).
      setDay(days.find((d) => d.open) ?? days[0] ?? null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const show = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const station = stations.find((s) => s.id === String(f.get('stationId') ?? ''));
    const reason = String(f.get('reason') ?? '').trim();
    const wrong: typeof invalid = {};
    if (!station) wrong.stationId = w.errors.station;
    if (!member && (reason.length < 3 || reason.length > 300)) wrong.reason = w.errors.reason;
    setInvalid(wrong);
    setError(null);
    const first = (['stationId', 'reason'] as const).find((k) => wrong[k]);
    if (first) {
      (form.elements.namedItem(first) as HTMLElement | null)?.focus();
      return;
    }
    try {
      const query = member ? '' : `?reason=${encodeURIComponent(reason)}`;
      const entries = await api<Entry[]>('GET', `/v1/voting-day/stations/${station!.id}/supplementary-list${query}`);
      setShown({ station: station!, entries });
    } catch (err) {
      setShown(null);
      setError(err);
    }
  };
  useEffect(() => {
    if (shown || error) result.current?.focus();
  }, [shown, error]);

  const described = (key: 'stationId' | 'reason') => ({
    'aria-invalid': invalid[key] ? true : undefined,
    'aria-describedby': invalid[key] ? `sl-${key}-error` : undefined,
  });
  const message = (key: 'stationId' | 'reason') =>
    invalid[key] ? (
      <span id={`sl-${key}-error`} className="field-error">
        {invalid[key]}
      </span>
    ) : null;

  return (
    <section>
      <h1 className="no-print">{w.title}</h1>
      <form className="card no-print" noValidate onSubmit={show}>
        <label>
          {w.station}
          <select
            name="stationId"
            key={stations.length}
            defaultValue={member ? stations[0]?.id : ''}
            {...described('stationId')}
          >
            {!member && <option value="">{w.chooseStation}</option>}
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {stationName(s)}
              </option>
            ))}
          </select>
          {message('stationId')}
        </label>
        {!member && (
          <label>
            {w.reason}
            <input name="reason" size={50} {...described('reason')} />
            {message('reason')}
          </label>
        )}
        <p className="hint">{w.auditNote}</p>
        <button type="submit">{w.show}</button>
      </form>
      <div tabIndex={-1} ref={result} className="result">
        <ProblemView error={error} />
        {shown && (
          <article className="printable" aria-labelledby="sl-heading">
            <h2 id="sl-heading">
              {w.heading(stationName(shown.station), day ? `${day.name}, ${dayOf(day.date, w.lang)}` : '—')}
            </h2>
            {shown.entries.length === 0 ? (
              <p role="status">{w.empty}</p>
            ) : (
              <>
                <ScrollRegion>
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{w.colPosition}</th>
                        <th scope="col">{w.colName}</th>
                        <th scope="col">{w.colBirth}</th>
                        <th scope="col">{w.colIin}</th>
                        <th scope="col">{w.colAdded}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.entries.map((e) => (
                        <tr key={e.applicationId}>
                          <td className="num">{e.position}</td>
                          <th scope="row">{[e.surname, e.firstName, e.patronymic].filter(Boolean).join(' ')}</th>
                          <td>{dayOf(e.birthDate, w.lang)}</td>
                          <td>{e.iin}</td>
                          <td>{when(e.addedAt, w.lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
                <p role="status">{w.total(count(shown.entries.length, w.voterForms, w.lang))}</p>
              </>
            )}
            <button type="button" className="no-print" onClick={() => window.print()}>
              {w.print}
            </button>
          </article>
        )}
      </div>
    </section>
  );
}
