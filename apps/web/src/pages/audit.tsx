/** The audit log with its filters (admins): who did what to which record, when, why, and how it ended. */
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useWords } from '../i18n';
import { ProblemView } from '../ui';

interface Event { id: string; at: string; actor: string; action: string; subjectType: string; subjectId: string; reason: string | null; outcome: string }

export function AuditPage() {
  const { t } = useWords();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState<{ items: Event[]; nextCursor: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = async (q: string, after?: string) => {
    try {
      setError(null);
      const res = await api<{ items: Event[]; nextCursor: string | null }>('GET', `/v1/audit?${q}${after ? `&after=${after}` : ''}`);
      setPage(after && page ? { items: [...page.items, ...res.items], nextCursor: res.nextCursor } : res);
    } catch (err) {
      setError(err);
    }
  };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const q = new URLSearchParams([...f.entries()].filter(([, v]) => v).map(([k, v]) => [k, String(v)])).toString();
    setQuery(q);
    void load(q);
  };
  return (
    <section>
      <h1>{t.audit}</h1>
      <form className="inline" onSubmit={submit}>
        <label>{t.actor}<input name="actor" size={20} /></label>
        <label>{t.action}<input name="action" size={24} /></label>
        <label>{t.subject}<input name="subjectId" size={24} /></label>
        <label>{t.outcome}<select name="outcome"><option value="" /><option>ok</option><option>refused</option><option>not-found</option></select></label>
        <button type="submit">{t.filter}</button>
      </form>
      <ProblemView error={error} />
      {page && (
        <table>
          <thead><tr><th scope="col">{t.when}</th><th scope="col">{t.actor}</th><th scope="col">{t.action}</th><th scope="col">{t.subject}</th><th scope="col">{t.reason}</th><th scope="col">{t.outcome}</th></tr></thead>
          <tbody>{page.items.map((e) => <tr key={e.id}><td>{new Date(e.at).toLocaleString('ru-RU')}</td><td>{e.actor}</td><td>{e.action}</td><td>{e.subjectType} {e.subjectId}</td><td>{e.reason ?? ''}</td><td>{e.outcome}</td></tr>)}</tbody>
        </table>
      )}
      {page?.nextCursor && <button type="button" onClick={() => load(query, page.nextCursor!)}>{t.next}</button>}
    </section>
  );
}
