/**
 * An official's tasks: open, due soon, overdue; claimed and completed with an outcome (as the
 * workflow takes it: a transfer act for the files, the commission's decision, the CEC act).
 */
import { useCallback, useState, type FormEvent } from 'react';
import { api, can, type Me } from '../api';
import { useWords } from '../i18n';
import { go, ProblemView, usePolling, type Route } from '../ui';

interface Task { id: string; kind: string; period: string; regionCode: string; districtId: string | null; round: number; dueAt: string; status: string; claimedBy: string | null; due: string | null }

export function TasksPage({ me, route }: { me: Me; route: Route }) {
  const { t } = useWords();
  const due = route.params.get('due') ?? 'open';
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setTasks((await api<{ items: Task[] }>('GET', `/v1/tasks?due=${due}`)).items);
    } catch (err) {
      setError(err);
    }
  }, [due]);
  usePolling(load, 15_000);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      setError(null);
      await fn();
      await load();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section>
      <h1>{t.tasks}</h1>
      <div role="tablist" className="tabs">
        {(['open', 'soon', 'overdue'] as const).map((d) => (
          <button key={d} role="tab" aria-selected={due === d} type="button" onClick={() => go('tasks', { due: d })}>{t[d]}</button>
        ))}
      </div>
      <ProblemView error={error} />
      {tasks && tasks.length === 0 && <p>{t.none}</p>}
      {tasks?.map((task) => (
        <article key={task.id} className="card" data-task={task.id}>
          <h2>{t.kinds[task.kind] ?? task.kind}</h2>
          <p>{t.period} {task.period} · {t.region} {task.regionCode}{task.districtId ? ` · ${t.district} ${task.districtId}` : ''} · {t.round} {task.round} · {t.deadline}: {new Date(task.dueAt).toLocaleString('ru-RU')} · {task.status}{task.claimedBy ? ` (${task.claimedBy === me.id ? me.fullName : task.claimedBy})` : ''}</p>
          {task.status === 'OPEN' && can(me, 'POST /v1/tasks/:id/claim') && <button type="button" onClick={() => act(() => api('POST', `/v1/tasks/${task.id}/claim`))}>{t.claim}</button>}
          {task.status === 'CLAIMED' && task.claimedBy === me.id && (
            <>
              <button type="button" onClick={() => act(() => api('POST', `/v1/tasks/${task.id}/release`, {}))}>{t.release}</button>
              <CompleteForm task={task} onDone={(outcome) => act(() => api('POST', `/v1/tasks/${task.id}/complete`, { outcome }))} />
            </>
          )}
        </article>
      ))}
    </section>
  );
}

function CompleteForm({ task, onDone }: { task: Task; onDone: (outcome: Record<string, string>) => void }) {
  const { t } = useWords();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const v = (k: string) => String(f.get(k) ?? '');
    if (task.kind === 'SUBMIT_FILES' || task.kind === 'SUBMIT_CORRECTIONS') onDone({ transferActId: v('transferActId') });
    else if (task.kind === 'REVIEW_DISCREPANCIES') onDone({ decision: v('decision'), ...(v('comment') ? { comment: v('comment') } : {}) });
    else if (task.kind === 'SUBMIT_TO_CEC') onDone({ actNumber: v('actNumber') });
    else onDone({ receivedAt: new Date(v('receivedAt')).toISOString() });
  };
  return (
    <form onSubmit={submit} className="inline">
      {(task.kind === 'SUBMIT_FILES' || task.kind === 'SUBMIT_CORRECTIONS') && <label>{t.transferActId}<input name="transferActId" required size={38} /></label>}
      {task.kind === 'REVIEW_DISCREPANCIES' && (
        <>
          <label>{t.decision}<select name="decision"><option value="accept">{t.accept}</option><option value="send-back">{t.sendBack}</option></select></label>
          <label>{t.comment}<input name="comment" /></label>
        </>
      )}
      {task.kind === 'SUBMIT_TO_CEC' && <label>{t.actNumber}<input name="actNumber" required /></label>}
      {task.kind === 'RECORD_CEC_RECEIPT' && <label>{t.receivedAt}<input name="receivedAt" type="datetime-local" required /></label>}
      <button type="submit">{t.complete}</button>
    </form>
  );
}
