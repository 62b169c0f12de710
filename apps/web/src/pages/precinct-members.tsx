/**
 * The district commission designates the members of its precinct commissions (two per precinct):
 * each station of its district by number, premises and address with the members designated there,
 * and a form that designates one more (name, IIN, username, first password; POST /v1/users with
 * the role of precinct member). The member then signs in with their EDS once their certificate is
 * registered.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { stationName } from '../station-name';
import { ProblemView, ScrollRegion } from '../ui';
import { useScreenWords } from '../words/define';
import { precinctMembersWords } from '../words/precinct-members';

interface Member {
  id: string;
  username: string;
  fullName: string;
  enabled: boolean;
}
interface Station {
  id: string;
  number: number;
  premises: string;
  locality: string;
  street: string | null;
  house: string | null;
  members: Member[];
}
interface District {
  districtId: string;
  districtNameRu: string;
  districtNameKk: string;
  seats: number;
  stations: Station[];
}

type Field = 'stationId' | 'fullName' | 'iin' | 'username' | 'password';
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,62}$/i;

export function PrecinctMembersPage() {
  const w = useScreenWords(precinctMembersWords);
  const [district, setDistrict] = useState<District | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState<Partial<Record<Field, string>>>({});
  const [done, setDone] = useState<{ name: string; station: Station } | null>(null);
  const result = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setDistrict(await api<District>('GET', '/v1/precinct-members'));
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (done || error) result.current?.focus();
  }, [done, error]);

  const enabled = (s: Station) => s.members.filter((m) => m.enabled).length;

  const designate = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const v = (k: Field) => String(f.get(k) ?? '').trim();
    const station = district?.stations.find((s) => s.id === v('stationId'));
    const wrong: Partial<Record<Field, string>> = {};
    if (!station) wrong.stationId = w.errors.station;
    else if (enabled(station) >= district!.seats) wrong.stationId = w.errors.full;
    if (!v('fullName')) wrong.fullName = w.errors.fullName;
    if (!/^\d{12}$/.test(v('iin'))) wrong.iin = w.errors.iin;
    if (!USERNAME.test(v('username'))) wrong.username = w.errors.username;
    const password = String(f.get('password') ?? '');
    if (
      password.length < 12 ||
      (v('username') && password.toLowerCase().includes(v('username').toLowerCase())) ||
      /^(.)\1*$/.test(password)
    )
      wrong.password = w.errors.password;
    setInvalid(wrong);
    setDone(null);
    setError(null);
    const first = (['stationId', 'fullName', 'iin', 'username', 'password'] as Field[]).find((k) => wrong[k]);
    if (first) {
      (form.elements.namedItem(first) as HTMLElement | null)?.focus();
      return;
    }
    try {
      await api('POST', '/v1/users', {
        role: 'PRECINCT_MEMBER',
        stationId: station!.id,
        fullName: v('fullName'),
        iin: v('iin'),
        username: v('username'),
        password,
      });
      form.reset();
      setDone({ name: v('fullName'), station: station! });
      await load();
    } catch (err) {
      setError(err);
    }
  };

  const field = (key: Field) => ({
    name: key,
    'aria-invalid': invalid[key] ? true : undefined,
    'aria-describedby': invalid[key] ? `pm-${key}-error` : undefined,
  });
  const message = (key: Field) =>
    invalid[key] ? (
      <span id={`pm-${key}-error`} className="field-error">
        {invalid[key]}
      </span>
    ) : null;

  return (
    <section>
      <h1>{w.title}</h1>
      {district && (
        <p>
          {w.district}: {w.lang === 'kk' ? district.districtNameKk : district.districtNameRu}
        </p>
      )}
      <form className="card" noValidate onSubmit={designate} aria-labelledby="pm-designate">
        <h2 id="pm-designate">{w.designate}</h2>
        <label>
          {w.station}
          <select {...field('stationId')} defaultValue="">
            <option value="">{w.chooseStation}</option>
            {district?.stations.map((s) => (
              <option key={s.id} value={s.id}>
                {stationName(s)} · {w.seats(enabled(s), district.seats)}
              </option>
            ))}
          </select>
          {message('stationId')}
        </label>
        <label>
          {w.fullName}
          <input size={40} autoComplete="off" {...field('fullName')} />
          {message('fullName')}
        </label>
        <label>
          {w.iin}
          <input inputMode="numeric" size={14} autoComplete="off" {...field('iin')} />
          {message('iin')}
        </label>
        <label>
          {w.username}
          <input size={24} autoComplete="off" {...field('username')} />
          {message('username')}
        </label>
        <label>
          {w.password}
          <input type="password" size={24} autoComplete="new-password" {...field('password')} />
          {message('password')}
        </label>
        <button type="submit">{w.submit}</button>
      </form>
      <div tabIndex={-1} ref={result} className="result">
        <p role="status">
          {done ? `${w.designated(done.name, stationName(done.station))} ${w.certificateHint}` : null}
        </p>
        <ProblemView error={error} />
      </div>
      <h2>{w.stations}</h2>
      {district && district.stations.length === 0 && <p>{w.noStations}</p>}
      {district && district.stations.length > 0 && (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{w.colStation}</th>
                <th scope="col">{w.colMembers}</th>
              </tr>
            </thead>
            <tbody>
              {district.stations.map((s) => (
                <tr key={s.id} data-station={s.number}>
                  <th scope="row">
                    {stationName(s)}
                    <br />
                    <small>{w.seats(enabled(s), district.seats)}</small>
                  </th>
                  <td>
                    {s.members.length === 0 ? (
                      w.noMembers
                    ) : (
                      <ul>
                        {s.members.map((m) => (
                          <li key={m.id}>
                            <span data-name="">{m.fullName}</span> (<span data-verbatim="">{m.username}</span>)
                            {m.enabled ? '' : ` — ${w.disabled}`}
                          </li>
                        ))}
                      </ul>
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
