/**
 * The audit log with its filters (admins): who did what to which record, when, why, and how it
 * ended; the same selection as CSV. Times are entered and shown in Asia/Almaty.
 */
import { useState, type FormEvent } from 'react';
import { api, download } from '../api';
import { useWords } from '../i18n';
import { usePersonName, type People } from '../names';
import { ProblemView, when, ScrollRegion } from '../ui';
import { AUDIT_WORDS } from '../words/audit';
import { useScreenWords } from '../words/define';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A reason in the reader's words: the system's own (by pattern) translated, an official's as typed. */
function useReason(people: People): (reason: string | null) => string {
  const w = useScreenWords(AUDIT_WORDS);
  const person = usePersonName();
  return (reason) => {
    if (!reason) return '';
    if (reason === 'all') return w.reasons.all;
    if (/^[a-zA-Z]+=/.test(reason)) return w.reasons.filtered;
    if (
      reason === 'console' ||
      reason === 'console: the submission screen' ||
      reason === 'console: ID-card application review'
    )
      return w.reasons.consoleRead;
    if (reason === 'console: approval with EDS') return w.reasons.consoleSign;
    if (reason === 'console download') return w.reasons.consoleDownload;
    let m = /^claim of (\S+)$/.exec(reason);
    if (m) return w.reasons.claimOf.replace('{who}', person(m[1], people));
    m = /^written application No\. (\S+) at precinct No\. (\S+)$/.exec(reason);
    if (m) return w.reasons.application.replace('{number}', m[1]!).replace('{station}', m[2]!);
    m = /^(\d+) personal-data reads by (\S+) within (\d+) minutes$/.exec(reason);
    if (m)
      return w.reasons.burst
        .replace('{count}', m[1]!)
        .replace('{who}', person(m[2], people))
        .replace('{minutes}', m[3]!);
    // A refusal the system audited with the client's address (issue 24): the address is what matters.
    m = /(?:^|\s)from ([0-9A-Fa-f.:]+)(?:;|$)/.exec(reason);
    if (m) return w.reasons.fromAddress.replace('{address}', m[1]!);
    // Typed by an official (Russian or Kazakh) as it is; the system's own English, in words.
    return /[a-zA-Z]{3,}/.test(reason) && !/[а-яёәғқңөұүһі]/i.test(reason) ? w.reasons.system : reason;
  };
}

export function AuditPage() {
  const { t, lang } = useWords();
  const w = useScreenWords(AUDIT_WORDS);
  const person = usePersonName();
  const [people, setPeople] = useState<People>({});
  const reasonOf = useReason(people);
  const [query, setQuery] = useState('');
  const [page, setPage] = useState<{ items: Event[]; nextCursor: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = async (q: string, after?: string) => {
    try {
      setError(null);
      const res = await api<{ items: Event[]; nextCursor: string | null; people?: People }>(
        'GET',
        `/v1/audit?${q}${after ? `&after=${after}` : ''}`,
      );
      setPeople((before) => ({ ...(after ? before : {}), ...(res.people ?? {}) }));
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
      <form noValidate className="inline" onSubmit={submit}>
        <label>
          {t.actor}
          <input name="actor" size={16} />
        </label>
        <label>
          {t.action}
          <select name="action">
            <option value="">{w.anyAction}</option>
            {Object.entries(w.actions)
              .sort(([, a], [, b]) => a.localeCompare(b, lang))
              .map(([code, words]) => (
                <option key={code} value={code}>
                  {words}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t.subjectType}
          <select name="subjectType">
            <option value="">{w.anyAction}</option>
            {Object.entries(w.subjects)
              .sort(([, a], [, b]) => a.localeCompare(b, lang))
              .map(([code, words]) => (
                <option key={code} value={code}>
                  {words}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t.subject}
          <input name="subjectId" size={20} />
        </label>
        <label>
          {t.outcome}
          <select name="outcome">
            <option value="">{t.any}</option>
            {['ok', 'refused', 'not-found', 'not-applied', 'unknown'].map((o) => (
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
          <ScrollRegion label={t.audit}>
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
                    <td>
                      <span data-name>{person(e.actor, people)}</span>
                    </td>
                    <td data-action={e.action}>{w.actions[e.action] ?? w.otherAction}</td>
                    <td>
                      {w.subjects[e.subjectType] ?? w.otherSubject}
                      {e.subjectType === 'user' ? (
                        <>
                          : <span data-name>{person(e.subjectId, people)}</span>
                        </>
                      ) : UUID.test(e.subjectId) || /[a-zA-Z]/.test(e.subjectId) ? (
                        // The record's id is for machines: a link selects every action on the same record.
                        <>
                          {' '}
                          <button
                            type="button"
                            className="link"
                            onClick={() => {
                              const q = new URLSearchParams({
                                subjectType: e.subjectType,
                                subjectId: e.subjectId,
                              }).toString();
                              setQuery(q);
                              void load(q);
                            }}
                          >
                            {w.sameRecord}
                          </button>
                        </>
                      ) : (
                        ` ${e.subjectId}`
                      )}
                    </td>
                    <td>{reasonOf(e.reason)}</td>
                    <td className={e.outcome === 'refused' ? 'state-overdue' : undefined}>
                      {t.outcomes[e.outcome] ?? e.outcome}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ))}
      {page?.nextCursor && (
        <button type="button" onClick={() => load(query, page.nextCursor!)}>
          {t.next}
        </button>
      )}
    </section>
  );
}
