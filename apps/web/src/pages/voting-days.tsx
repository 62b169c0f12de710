/**
 * The voting days (CEC coordinator, admin): declare a referendum day and its voting hours in Almaty
 * time (07:00 to 20:00 unless said otherwise), and see the days declared, with whether voting is
 * under way now. Precinct members act only during those hours.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { dayOf, ProblemView, ScrollRegion } from '../ui';
import { useScreenWords } from '../words/define';
import { votingDaysWords } from '../words/voting-days';

interface VotingDay {
  id: string;
  date: string;
  name: string;
  opensAt: string;
  closesAt: string;
  open: boolean;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** "HH:MM" of an instant in Almaty. */
const clock = (iso: string) =>
  new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Almaty', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );

export function VotingDaysPage() {
  const w = useScreenWords(votingDaysWords);
  const [days, setDays] = useState<VotingDay[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState<Partial<Record<'date' | 'name' | 'opens' | 'closes', string>>>({});
  const [done, setDone] = useState<{ name: string; date: string } | null>(null);
  const result = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setDays(await api<VotingDay[]>('GET', '/v1/voting-days'));
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (done || error) result.current?.focus();
  }, [done, error]);

  const declare = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const typed = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(String(f.get('date') ?? '').trim());
    const date = typed ? `${typed[3]}-${typed[2]}-${typed[1]}` : '';
    const name = String(f.get('name') ?? '').trim();
    const opens = String(f.get('opens') ?? '').trim();
    const closes = String(f.get('closes') ?? '').trim();
    const wrong: typeof invalid = {};
    if (!typed || Number.isNaN(new Date(`${date}T12:00:00Z`).getTime())) wrong.date = w.errors.date;
    if (name.length < 3 || name.length > 200) wrong.name = w.errors.name;
    if (!TIME.test(opens)) wrong.opens = w.errors.time;
    if (!TIME.test(closes)) wrong.closes = w.errors.time;
    if (!wrong.opens && !wrong.closes && closes <= opens) wrong.closes = w.errors.order;
    setInvalid(wrong);
    setDone(null);
    setError(null);
    const first = Object.keys(wrong)[0];
    if (first) {
      (form.elements.namedItem(first) as HTMLElement | null)?.focus();
      return;
    }
    try {
      const created = await api<VotingDay>('POST', '/v1/voting-days', {
        date,
        name,
        opensAt: `${date}T${opens}:00+05:00`,
        closesAt: `${date}T${closes}:00+05:00`,
      });
      form.reset();
      setDone({ name: created.name, date: created.date });
      await load();
    } catch (err) {
      setError(err);
    }
  };

  const field = (key: keyof typeof invalid) => ({
    'aria-invalid': invalid[key] ? true : undefined,
    'aria-describedby': invalid[key] ? `vd-${key}-error` : undefined,
  });
  const message = (key: keyof typeof invalid) =>
    invalid[key] ? (
      <span id={`vd-${key}-error`} className="field-error">
        {invalid[key]}
      </span>
    ) : null;

  return (
    <section>
      <h1>{w.title}</h1>
      <form className="card" noValidate onSubmit={declare} aria-labelledby="vd-declare">
        <h2 id="vd-declare">{w.declare}</h2>
        <label>
          {w.date} ({w.datePattern})
          <input name="date" inputMode="numeric" placeholder={w.datePattern} size={12} {...field('date')} />
          {message('date')}
        </label>
        <label>
          {w.name}
          <input name="name" size={40} {...field('name')} />
          {message('name')}
        </label>
        <label>
          {w.opens}
          <input name="opens" inputMode="numeric" defaultValue="07:00" size={6} {...field('opens')} />
          {message('opens')}
        </label>
        <label>
          {w.closes}
          <input name="closes" inputMode="numeric" defaultValue="20:00" size={6} {...field('closes')} />
          {message('closes')}
        </label>
        <p className="hint">{w.hoursHint}</p>
        <button type="submit">{w.submit}</button>
      </form>
      <div tabIndex={-1} ref={result} className="result">
        <p role="status">{done ? w.declared(done.name, dayOf(done.date, w.lang)) : null}</p>
        <ProblemView error={error} />
      </div>
      <h2>{w.list}</h2>
      {days && days.length === 0 && <p>{w.none}</p>}
      {days && days.length > 0 && (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{w.colDate}</th>
                <th scope="col">{w.colName}</th>
                <th scope="col">{w.colHours}</th>
                <th scope="col">{w.colNow}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.id} data-voting-day={d.date}>
                  <th scope="row">{dayOf(d.date, w.lang)}</th>
                  <td>{d.name}</td>
                  <td>
                    {clock(d.opensAt)}–{clock(d.closesAt)}
                  </td>
                  <td>{d.open ? w.underWay : w.notUnderWay}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}
