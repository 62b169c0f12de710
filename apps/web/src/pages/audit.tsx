/**
 * The audit log with its filters (admins): who did what to which record, when, why, and how it
 * ended; the same selection as CSV. Times are entered and shown in Asia/Almaty.
 */
import { useState, type FormEvent } from 'react';
import { api, download } from '../api';
import { useWords } from '../i18n';
import { ProblemView, when } from '../ui';

interface Event {
  id: string;
  at: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  outcome: string;
}

/** "2027-01-10T09:00" typed in the form, as an instant in Asia/Almaty (UTC+5, no daylight saving). */
const almaty = (local: string) => `${local}:00+05:00`;

export function AuditPage() {
  const { t, lang } = useWords();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState<{ items: Event[]; nextCursor: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = async (q: string, after?: string) => {
    try {
      setError(null);
      const res = await api<{ items: Event[]; nextCursor: string | null }>(
        'GET',
        `/v1/audit?${q}${after ? `&after=${after}` : ''}`,
      );
      setPage(after && page ? { items: [...page.items, ...res.items], nextCursor: res.nextCursor } : res);
    } catch (err) {
      setError(err);
    }
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const q = new URLSearchParams(
      [...f.entries()]
        .filter(([, v]) => v)
        .map(([k, v]) => [k, k === 'from' || k === 'to' ? almaty(String(v)) : String(v)]),
    ).toString();
    setQuery(q);
    void load(q);
  };
  return (
    <section>
      <h1>{t.audit}</h1>
      <form className="inline" onSubmit={submit}>
        <label>
          {t.actor}
          <input name="actor" size={16} />
        </label>
        <label>
          {t.action}
          <input name="action" size={20} placeholder="cycle*" />
        </label>
        <label>
          {t.subjectType}
          <input name="subjectType" size={14} />
        </label>
        <label>
          {t.subject}
          <input name="subjectId" size={20} />
        </label>
        <label>
          {t.outcome}
          <select name="outcome">
            <option value="">{t.any}</option>
            {['ok', 'refused', 'not-found'].map((o) => (
              <option key={o} value={o}>
                {t.outcomes[o]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.from}
          <input name="from" type="datetime-local" />
        </label>
        <label>
          {t.to}
          <input name="to" type="datetime-local" />
        </label>
        <button type="submit">{t.filter}</button>
        {page && (
          <button type="button" onClick={() => download(`/v1/audit/export.csv?${query}`, 'audit.csv').catch(setError)}>
            {t.exportCsv}
          </button>
        )}
      </form>
      <ProblemView error={error} />
      {page &&
        (page.items.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t.when}</th>
                <th scope="col">{t.actor}</th>
                <th scope="col">{t.action}</th>
                <th scope="col">{t.subject}</th>
                <th scope="col">{t.auditReason}</th>
                <th scope="col">{t.outcome}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => (
                <tr key={e.id} data-outcome={e.outcome}>
                  <td>{when(e.at, lang)}</td>
                  <td>{e.actor}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.subjectType} {e.subjectId}
                  </td>
                  <td>{e.reason ?? ''}</td>
                  <td className={e.outcome === 'refused' ? 'state-overdue' : undefined}>
                    {t.outcomes[e.outcome] ?? e.outcome}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {page?.nextCursor && (
        <button type="button" onClick={() => load(query, page.nextCursor!)}>
          {t.next}
        </button>
      )}
    </section>
  );
}
