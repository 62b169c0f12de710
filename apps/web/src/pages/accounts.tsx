/**
 * Officials' accounts (admins): the list by role, a new account with its role and territory chosen
 * by name, and per account: role and territory changed, disabled or enabled, a lock-out after
 * failed sign-ins lifted, a new password set. Changes name the version read (If-Match).
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Me } from '../api';
import { nameIn, usePlaces, stationsOf, type Places, type StationPlace } from '../places';
import { ProblemView, useLatest, when, ScrollRegion } from '../ui';
import { ACCOUNTS_WORDS } from '../words/accounts';
import { useScreenWords } from '../words/define';
import { OFFICIALS_WORDS } from '../words/officials';
import { Done, fill, FormProblems, inWords, useDone, type Said } from './admin-kit';

interface User {
  id: string;
  username: string;
  fullName: string;
  role: string;
  regionCode: string | null;
  districtId: string | null;
  stationId: string | null;
  lockedUntil: string | null;
  disabledAt: string | null;
  version: number;
  /** Whether the holder's IIN is entered: their EDS signatures need it. */
  iinEntered?: boolean;
}

const ROLE_ORDER = [
  'ADMIN',
  'CEC_COORDINATOR',
  'REGIONAL_COMMISSION',
  'DISTRICT_COMMISSION',
  'AKIMAT_REGISTRAR',
  'PRECINCT_MEMBER',
  'MIGRATION_OFFICER',
];
type Reach = 'country' | 'region' | 'district' | 'station';
const REACH: Record<string, Reach> = {
  ADMIN: 'country',
  CEC_COORDINATOR: 'country',
  REGIONAL_COMMISSION: 'region',
  MIGRATION_OFFICER: 'region',
  DISTRICT_COMMISSION: 'district',
  AKIMAT_REGISTRAR: 'district',
  PRECINCT_MEMBER: 'station',
};

interface TerritoryChoice {
  regionCode: string;
  districtId: string;
  stationId: string;
}
const NO_TERRITORY: TerritoryChoice = { regionCode: '', districtId: '', stationId: '' };

type Lang = 'ru' | 'kk';

/** Where an official acts, by name. */
export function territoryName(
  u: Pick<User, 'role' | 'regionCode' | 'districtId' | 'stationId'>,
  places: Places,
  people: { wholeCountry: string; station: string },
  lang: Lang,
): string {
  if (u.stationId) {
    const s = places.stations.get(u.stationId);
    return [s ? fill(people.station, { n: s.number }) : '…', places.districtName(u.districtId, lang)].join(', ');
  }
  if (u.districtId) return `${places.districtName(u.districtId, lang)}, ${places.regionName(u.regionCode, lang)}`;
  if (u.regionCode) return places.regionName(u.regionCode, lang);
  return people.wholeCountry;
}

/** The territory's fields a role needs, each a list of names. */
function TerritoryFields({
  role,
  value,
  onChange,
  places,
}: {
  role: string;
  value: TerritoryChoice;
  onChange: (t: TerritoryChoice) => void;
  places: Places;
}) {
  const w = useScreenWords(ACCOUNTS_WORDS);
  const reach = REACH[role];
  const [stations, setStations] = useState<StationPlace[]>([]);
  useEffect(() => {
    if (reach === 'station' && value.districtId) void stationsOf(value.districtId).then(setStations);
    else setStations([]);
  }, [reach, value.districtId]);
  if (!reach || reach === 'country') return null;
  return (
    <>
      <label>
        {w.region}
        <select
          name="regionCode"
          value={value.regionCode}
          onChange={(e) => onChange({ regionCode: e.target.value, districtId: '', stationId: '' })}
        >
          <option value="">{w.chooseRegion}</option>
          {places.regions.map((r) => (
            <option key={r.code} value={r.code}>
              {nameIn(r, w.lang)}
            </option>
          ))}
        </select>
      </label>
      {reach !== 'region' && (
        <label>
          {w.district}
          <select
            name="districtId"
            value={value.districtId}
            onChange={(e) => onChange({ ...value, districtId: e.target.value, stationId: '' })}
          >
            <option value="">{w.chooseDistrict}</option>
            {places.districts
              .filter((d) => d.regionCode === value.regionCode)
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {nameIn(d, w.lang)}
                </option>
              ))}
          </select>
        </label>
      )}
      {reach === 'station' && (
        <label>
          {w.station}
          <select
            name="stationId"
            value={value.stationId}
            onChange={(e) => onChange({ ...value, stationId: e.target.value })}
          >
            <option value="">{w.chooseStation}</option>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {fill(w.stationOption, { n: s.number, locality: s.locality, premises: s.premises })}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}

/** The body the API takes for a role's territory (only what the role acts for). */
function territoryBody(role: string, t: TerritoryChoice): Record<string, string> {
  switch (REACH[role]) {
    case 'region':
      return { regionCode: t.regionCode };
    case 'district':
      return { districtId: t.districtId };
    case 'station':
      return { stationId: t.stationId };
    default:
      return {};
  }
}

function territoryProblems(role: string, t: TerritoryChoice, w: typeof ACCOUNTS_WORDS.ru): string[] {
  const reach = REACH[role];
  const out: string[] = [];
  if (!reach) return [w.needRole];
  if (reach !== 'country' && !t.regionCode) out.push(w.needRegion);
  if ((reach === 'district' || reach === 'station') && !t.districtId) out.push(w.needDistrict);
  if (reach === 'station' && !t.stationId) out.push(w.needStation);
  return out;
}

function passwordProblems(password: string, username: string, w: typeof ACCOUNTS_WORDS.ru): string[] {
  const out: string[] = [];
  if (password.length < 12) out.push(w.shortPassword);
  if (username && password.toLowerCase().includes(username.toLowerCase())) out.push(w.passwordHasName);
  if (password && /^(.)\1*$/.test(password)) out.push(w.passwordOneChar);
  return out;
}

/** A chosen territory as an account holds it (what the role does not act for left out). */
const placeOf = (role: string, t: TerritoryChoice) => {
  const reach = REACH[role];
  return {
    role,
    regionCode: reach !== 'country' ? t.regionCode || null : null,
    districtId: reach === 'district' || reach === 'station' ? t.districtId || null : null,
    stationId: reach === 'station' ? t.stationId || null : null,
  };
};

const territoryOf = (u: User): TerritoryChoice => ({
  regionCode: u.regionCode ?? '',
  districtId: u.districtId ?? '',
  stationId: u.stationId ?? '',
});

export function AccountsPage({ me }: { me: Me }) {
  const w = useScreenWords(ACCOUNTS_WORDS);
  const people = useScreenWords(OFFICIALS_WORDS);
  const [roleFilter, setRoleFilter] = useState('');
  const [page, setPage] = useState<{ items: User[]; nextCursor: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useDone();
  const [editing, setEditing] = useState<{ id: string; mode: 'edit' | 'password' | 'iin' } | null>(null);
  const places = usePlaces(
    (page?.items ?? []).filter((u) => u.stationId && u.districtId).map((u) => u.districtId as string),
  );

  const latest = useLatest();
  const load = useCallback(
    async (role: string, after?: string) => {
      const fresh = latest();
      try {
        const q = new URLSearchParams({ limit: '100', ...(role ? { role } : {}), ...(after ? { after } : {}) });
        const res = await api<{ items: User[]; nextCursor: string | null }>('GET', `/v1/users?${q}`);
        if (!fresh()) return;
        setPage((prev) => (after && prev ? { items: [...prev.items, ...res.items], nextCursor: res.nextCursor } : res));
      } catch (err) {
        if (fresh()) setError(err);
      }
    },
    [latest],
  );
  useEffect(() => void load(roleFilter), [load, roleFilter]);

  const patch = async (u: User, change: Record<string, unknown>, said: Said) => {
    setError(null);
    setDone(null);
    try {
      await api('PATCH', `/v1/users/${u.id}`, change, { 'If-Match': `"${u.version}"` });
      setDone(said);
      setEditing(null);
      await load(roleFilter);
    } catch (err) {
      setError(inWords(err, w.lang));
    }
  };

  const roleName = (r: string) => people.roles[r] ?? r;
  const stateOf = (u: User) =>
    u.disabledAt
      ? w.disabled
      : u.lockedUntil && new Date(u.lockedUntil) > new Date()
        ? fill(w.locked, { until: when(u.lockedUntil, w.lang) })
        : w.active;
  const edited = page?.items.find((u) => u.id === editing?.id) ?? null;

  return (
    <section>
      <h1>{w.title}</h1>
      <Done done={done} />
      <ProblemView error={error} />
      <CreateAccount
        places={places}
        onCreated={async (name, role, t) => {
          setError(null);
          setDone((l) =>
            fill(ACCOUNTS_WORDS[l].created, {
              name,
              role: OFFICIALS_WORDS[l].roles[role] ?? role,
              place: territoryName(placeOf(role, t), places, OFFICIALS_WORDS[l], l),
            }),
          );
          await load(roleFilter);
        }}
        onError={(err) => {
          setDone(null);
          setError(inWords(err, w.lang));
        }}
      />
      <form className="inline" noValidate onSubmit={(e) => e.preventDefault()}>
        <label>
          {w.filterRole}
          <select value={roleFilter} onChange={(e) => setRoleFilter(e.target.value)}>
            <option value="">{w.anyRole}</option>
            {ROLE_ORDER.map((r) => (
              <option key={r} value={r}>
                {roleName(r)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {page && page.items.length === 0 && <p>{w.none}</p>}
      {page && page.items.length > 0 && (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{w.fullName}</th>
                <th scope="col">{w.username}</th>
                <th scope="col">{w.role}</th>
                <th scope="col">{w.territory}</th>
                <th scope="col">{w.state}</th>
                <th scope="col">{w.actions}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((u) => (
                <tr key={u.id} data-account={u.username}>
                  <td data-name="">{u.fullName}</td>
                  <td data-verbatim="">{u.username}</td>
                  <td>{roleName(u.role)}</td>
                  <td>{territoryName(u, places, people, w.lang)}</td>
                  <td className={u.disabledAt || u.lockedUntil ? 'state-overdue' : undefined}>
                    {stateOf(u)}
                    {u.iinEntered === false && <>; {w.noIin}</>}
                  </td>
                  <td>
                    <button type="button" onClick={() => setEditing({ id: u.id, mode: 'edit' })}>
                      {w.edit}
                    </button>
                    <button type="button" onClick={() => setEditing({ id: u.id, mode: 'password' })}>
                      {w.resetPassword}
                    </button>
                    <button type="button" onClick={() => setEditing({ id: u.id, mode: 'iin' })}>
                      {u.iinEntered ? w.changeIin : w.enterIin}
                    </button>
                    {u.lockedUntil && new Date(u.lockedUntil) > new Date() && (
                      <button
                        type="button"
                        onClick={() =>
                          patch(u, { unlock: true }, (l) => fill(ACCOUNTS_WORDS[l].unlocked, { name: u.fullName }))
                        }
                      >
                        {w.unlock}
                      </button>
                    )}
                    {u.id !== me.id &&
                      (u.disabledAt ? (
                        <button
                          type="button"
                          onClick={() =>
                            patch(u, { disabled: false }, (l) =>
                              fill(ACCOUNTS_WORDS[l].enabledDone, { name: u.fullName }),
                            )
                          }
                        >
                          {w.enable}
                        </button>
                      ) : (
                        <button
                          type="button"
                          onClick={() =>
                            patch(u, { disabled: true }, (l) =>
                              fill(ACCOUNTS_WORDS[l].disabledDone, { name: u.fullName }),
                            )
                          }
                        >
                          {w.disable}
                        </button>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {page?.nextCursor && (
        <button type="button" onClick={() => load(roleFilter, page.nextCursor!)}>
          {w.more}
        </button>
      )}
      {edited && editing?.mode === 'edit' && (
        <EditAccount
          key={edited.id + edited.version}
          user={edited}
          places={places}
          onCancel={() => setEditing(null)}
          onSave={(role, t) =>
            patch(edited, { role, ...territoryBody(role, t) }, (l) =>
              fill(ACCOUNTS_WORDS[l].saved, {
                name: edited.fullName,
                role: OFFICIALS_WORDS[l].roles[role] ?? role,
                place: territoryName(placeOf(role, t), places, OFFICIALS_WORDS[l], l),
              }),
            )
          }
        />
      )}
      {edited && editing?.mode === 'iin' && (
        <SetIin
          key={edited.id}
          user={edited}
          onCancel={() => setEditing(null)}
          onSave={(iin) => patch(edited, { iin }, (l) => fill(ACCOUNTS_WORDS[l].iinSet, { name: edited.fullName }))}
        />
      )}
      {edited && editing?.mode === 'password' && (
        <SetPassword
          key={edited.id}
          user={edited}
          onCancel={() => setEditing(null)}
          onDone={async () => {
            setEditing(null);
            setError(null);
            setDone((l) => fill(ACCOUNTS_WORDS[l].passwordSet, { name: edited.fullName }));
            // A new password raises the account's version: the next change must name the new one.
            await load(roleFilter);
          }}
          onError={(err) => setError(inWords(err, w.lang))}
        />
      )}
    </section>
  );
}

function CreateAccount({
  places,
  onCreated,
  onError,
}: {
  places: Places;
  onCreated: (name: string, role: string, t: TerritoryChoice) => Promise<void>;
  onError: (err: unknown) => void;
}) {
  const w = useScreenWords(ACCOUNTS_WORDS);
  const people = useScreenWords(OFFICIALS_WORDS);
  const [role, setRole] = useState('');
  const [territory, setTerritory] = useState<TerritoryChoice>(NO_TERRITORY);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const fullName = String(f.get('fullName') ?? '').trim();
    const username = String(f.get('username') ?? '').trim();
    const password = String(f.get('password') ?? '');
    const iin = String(f.get('iin') ?? '').trim();
    const found: string[] = [];
    if (!fullName) found.push(w.needFullName);
    if (!/^[a-z0-9][a-z0-9._-]{2,62}$/i.test(username)) found.push(w.needUsername);
    found.push(...territoryProblems(role, territory, w));
    found.push(...passwordProblems(password, username, w));
    // A member signs in with their IIN; any official's EDS certificates must carry theirs (NCALayer).
    if ((role === 'PRECINCT_MEMBER' || iin) && !/^\d{12}$/.test(iin)) found.push(w.needIin);
    setProblems(found);
    if (found.length) return;
    setBusy(true);
    try {
      await api('POST', '/v1/users', {
        fullName,
        username,
        password,
        role,
        ...territoryBody(role, territory),
        ...(iin ? { iin } : {}),
      });
      form.reset();
      setRole('');
      setTerritory(NO_TERRITORY);
      await onCreated(fullName, role, territory);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="card">
      <summary>
        <h2 style={{ display: 'inline' }}>{w.create}</h2>
      </summary>
      <form className="inline" noValidate onSubmit={submit} aria-label={w.create}>
        <label>
          {w.fullName}
          <input name="fullName" size={32} autoComplete="off" />
        </label>
        <label>
          {w.username}
          <input name="username" size={20} autoComplete="off" />
        </label>
        <label>
          {w.role}
          <select
            name="role"
            value={role}
            onChange={(e) => {
              setRole(e.target.value);
              setTerritory(NO_TERRITORY);
            }}
          >
            <option value="">{w.chooseRole}</option>
            {ROLE_ORDER.map((r) => (
              <option key={r} value={r}>
                {people.roles[r]}
              </option>
            ))}
          </select>
        </label>
        <TerritoryFields role={role} value={territory} onChange={setTerritory} places={places} />
        {role && (
          <label>
            {role === 'PRECINCT_MEMBER' ? w.iin : w.officialIin}
            <input name="iin" inputMode="numeric" size={14} autoComplete="off" />
          </label>
        )}
        <label>
          {w.password}
          <input name="password" type="password" autoComplete="new-password" />
        </label>
        <button type="submit" disabled={busy}>
          {w.createButton}
        </button>
      </form>
      <FormProblems problems={problems} title={w.formProblems} />
    </details>
  );
}

function EditAccount({
  user,
  places,
  onSave,
  onCancel,
}: {
  user: User;
  places: Places;
  onSave: (role: string, t: TerritoryChoice) => Promise<void>;
  onCancel: () => void;
}) {
  const w = useScreenWords(ACCOUNTS_WORDS);
  const people = useScreenWords(OFFICIALS_WORDS);
  const [role, setRole] = useState(user.role);
  const [territory, setTerritory] = useState<TerritoryChoice>(territoryOf(user));
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const [problems, setProblems] = useState<string[]>([]);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const found = territoryProblems(role, territory, w);
    setProblems(found);
    if (!found.length) await onSave(role, territory);
  };
  return (
    <section className="card" aria-label={fill(w.editing, { name: user.fullName })}>
      <h2>{fill(w.editing, { name: user.fullName })}</h2>
      <form className="inline" noValidate onSubmit={submit}>
        <label>
          {w.role}
          <select
            ref={first}
            value={role}
            onChange={(e) => {
              setRole(e.target.value);
              setTerritory(NO_TERRITORY);
            }}
          >
            {ROLE_ORDER.map((r) => (
              <option key={r} value={r}>
                {people.roles[r]}
              </option>
            ))}
          </select>
        </label>
        <TerritoryFields role={role} value={territory} onChange={setTerritory} places={places} />
        <button type="submit">{w.save}</button>
        <button type="button" className="link" onClick={onCancel}>
          {w.cancel}
        </button>
      </form>
      <FormProblems problems={problems} title={w.formProblems} />
    </section>
  );
}

/** The holder's IIN, entered or corrected: their EDS certificates (NCALayer) must carry it. */
function SetIin({
  user,
  onSave,
  onCancel,
}: {
  user: User;
  onSave: (iin: string) => Promise<void>;
  onCancel: () => void;
}) {
  const w = useScreenWords(ACCOUNTS_WORDS);
  const [problems, setProblems] = useState<string[]>([]);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const iin = String(new FormData(e.currentTarget).get('iin') ?? '').trim();
    const found = /^\d{12}$/.test(iin) ? [] : [w.needIin];
    setProblems(found);
    if (!found.length) await onSave(iin);
  };
  return (
    <section className="card" aria-label={fill(w.editing, { name: user.fullName })}>
      <h2>{fill(w.editing, { name: user.fullName })}</h2>
      <form className="inline" noValidate onSubmit={submit}>
        <label>
          {user.role === 'PRECINCT_MEMBER' ? w.iin : w.officialIin}
          <input name="iin" inputMode="numeric" size={14} autoComplete="off" ref={first} />
        </label>
        <button type="submit">{w.saveIin}</button>
        <button type="button" className="link" onClick={onCancel}>
          {w.cancel}
        </button>
      </form>
      <p className="hint">{w.iinHint}</p>
      <FormProblems problems={problems} title={w.formProblems} />
    </section>
  );
}

function SetPassword({
  user,
  onDone,
  onError,
  onCancel,
}: {
  user: User;
  onDone: () => Promise<void>;
  onError: (err: unknown) => void;
  onCancel: () => void;
}) {
  const w = useScreenWords(ACCOUNTS_WORDS);
  const [problems, setProblems] = useState<string[]>([]);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get('password') ?? '');
    const found = passwordProblems(password, user.username, w);
    setProblems(found);
    if (found.length) return;
    try {
      await api('POST', `/v1/users/${user.id}/password`, { password });
      await onDone();
    } catch (err) {
      onError(err);
    }
  };
  return (
    <section className="card" aria-label={fill(w.editing, { name: user.fullName })}>
      <h2>{fill(w.editing, { name: user.fullName })}</h2>
      <form className="inline" noValidate onSubmit={submit}>
        <label>
          {w.newPassword}
          <input name="password" type="password" autoComplete="new-password" ref={first} />
        </label>
        <button type="submit">{w.resetPassword}</button>
        <button type="button" className="link" onClick={onCancel}>
          {w.cancel}
        </button>
      </form>
      <FormProblems problems={problems} title={w.formProblems} />
    </section>
  );
}
