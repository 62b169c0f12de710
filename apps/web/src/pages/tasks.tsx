/**
 * An official's tasks: open, due soon, overdue; claimed and completed with an outcome (as the
 * workflow takes it: a transfer act of the district's submission, the commission's decision, the
 * CEC act). Claiming is offered only for a task of the official's own role (or to an admin), as the
 * API allows; completing only once the official holds the claim.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, can, type Me } from '../api';
import { useWords } from '../i18n';
import { usePersonName, usePlaceNames, type People } from '../names';
import { go, ProblemView, useLatest, usePolling, when, type Route } from '../ui';
import { CecActNumber, CecSubmission } from './consolidation';
import { useScreenWords } from '../words/define';
import { stepStateWords, taskDueState } from '../words/step-states';
import { TaskFindings } from './findings';
import { ACTS_WORDS } from '../words/acts';

interface Task {
  id: string;
  kind: string;
  period: string;
  regionCode: string;
  districtId: string | null;
  round: number;
  assigneeRole: string;
  dueAt: string;
  status: string;
  claimedBy: string | null;
  due: string | null;
  /** Review and corrections tasks: the round's reconciliation, and for corrections the send-back. */
  reconciliation?: { id: string; round: number; discrepancies: number; at: string } | null;
  sentBack?: {
    at: string | null;
    by: { id: string; fullName: string; role: string } | null;
    comment: string | null;
  } | null;
}
interface Act {
  id: string;
  number: string;
  status: string;
}

/** Focuses the first element matching `selector` once React has drawn it. */
function focusLater(selector: string): void {
  setTimeout(() => {
    const el = document.querySelector<HTMLElement>(selector);
    if (!el) return;
    if (!el.hasAttribute('tabindex') && !(el instanceof HTMLButtonElement)) el.tabIndex = -1;
    el.focus();
  }, 0);
}

export function TasksPage({ me, route }: { me: Me; route: Route }) {
  const { t, lang } = useWords();
  // The deadline's state in the board's words for the same step (one source: words/step-states.ts).
  const sw = useScreenWords(stepStateWords);
  const due = route.params.get('due') ?? 'open';
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [people, setPeople] = useState<People>({});
  const place = usePlaceNames();
  const person = usePersonName();
  const [error, setError] = useState<unknown>(null);
  const latest = useLatest();
  const load = useCallback(async () => {
    const fresh = latest();
    try {
      const page = await api<{ items: Task[]; people?: People }>('GET', `/v1/tasks?due=${due}`);
      if (!fresh()) return;
      setTasks(page.items);
      setPeople(page.people ?? {});
    } catch (err) {
      if (fresh()) setError(err);
    }
  }, [due, latest]);
  usePolling(load, 15_000);

  // The task last completed here: it leaves the open list, so the official is told it went through.
  const [done, setDone] = useState<Task | null>(null);
  // After an action focus goes to its result: the task's next button (release after claim, claim
  // after release), the status message after completing, the problem when refused; never the body.
  const act = async (fn: () => Promise<unknown>, then?: () => void, taskId?: string) => {
    try {
      setError(null);
      setDone(null);
      await fn();
      then?.();
      await load();
      focusLater(
        then ? '[data-task-done]' : `article[data-task="${taskId}"] button, article[data-task="${taskId}"] h2`,
      );
    } catch (err) {
      setError(err);
      focusLater('[role=alert]');
    }
  };
  const mayClaim = (task: Task) =>
    can(me, 'POST /v1/tasks/:id/claim') && (me.role === 'ADMIN' || me.role === task.assigneeRole);

  return (
    <section>
      <h1>{t.tasks}</h1>
      <nav className="tabs" aria-label={t.tasks}>
        {(['open', 'soon', 'overdue'] as const).map((d) => (
          <button key={d} type="button" aria-pressed={due === d} onClick={() => go('tasks', { due: d })}>
            {t[d]}
          </button>
        ))}
      </nav>
      <ProblemView error={error} />
      {done && (
        <p role="status" className="done" data-task-done={done.id}>
          {t.taskDone
            .replace('{task}', t.kinds[done.kind] ?? done.kind)
            .replace('{period}', done.period)
            .replace('{place}', done.districtId ? place.district(done.districtId) : place.region(done.regionCode))}
        </p>
      )}
      {tasks && tasks.length === 0 && <p>{t.none}</p>}
      {tasks?.map((task) => (
        <article key={task.id} className={`card task due-${task.due ?? 'none'}`} data-task={task.id}>
          <h2>{t.kinds[task.kind] ?? task.kind}</h2>
          <dl className="facts">
            <div>
              <dt>{t.deadline}</dt>
              <dd>
                {when(task.dueAt, lang)}{' '}
                {task.due && <span className={`badge due-${task.due}`}>{sw.states[taskDueState(task.due)]}</span>}
              </dd>
            </div>
            <div>
              <dt>{t.period}</dt>
              <dd>{task.period}</dd>
            </div>
            <div>
              <dt>
                {t.region} / {t.district}
              </dt>
              <dd>
                {place.region(task.regionCode)}
                {task.districtId ? ` / ${place.district(task.districtId)}` : ''}
              </dd>
            </div>
            <div>
              <dt>{t.round}</dt>
              <dd>{task.round > 0 ? task.round : '—'}</dd>
            </div>
            <div>
              <dt>{t.assignee}</dt>
              <dd>{t.levels[task.assigneeRole] ?? task.assigneeRole}</dd>
            </div>
            <div>
              <dt>{t.status}</dt>
              <dd>
                {t.taskStatus[task.status] ?? task.status}
                {task.claimedBy ? (
                  <>
                    {' ('}
                    <span data-name>{task.claimedBy === me.id ? t.you : person(task.claimedBy, people)}</span>)
                  </>
                ) : null}
              </dd>
            </div>
          </dl>
          {task.kind === 'SUBMIT_TO_CEC' && can(me, 'GET /v1/consolidated-files/readiness') && (
            <CecSubmission period={task.period} regionCode={task.regionCode} />
          )}
          <TaskFindings task={task} />
          {task.status === 'OPEN' && mayClaim(task) && (
            <button
              type="button"
              onClick={() => act(() => api('POST', `/v1/tasks/${task.id}/claim`), undefined, task.id)}
            >
              {t.claim}
            </button>
          )}
          {task.status === 'CLAIMED' && task.claimedBy === me.id && (
            <>
              <button
                type="button"
                onClick={() => act(() => api('POST', `/v1/tasks/${task.id}/release`, {}), undefined, task.id)}
              >
                {t.release}
              </button>
              <CompleteForm
                me={me}
                task={task}
                onDone={(outcome) =>
                  act(
                    () => api('POST', `/v1/tasks/${task.id}/complete`, { outcome }),
                    () => setDone(task),
                  )
                }
              />
            </>
          )}
        </article>
      ))}
    </section>
  );
}

function CompleteForm({ me, task, onDone }: { me: Me; task: Task; onDone: (outcome: Record<string, string>) => void }) {
  const { t } = useWords();
  const w = useScreenWords(ACTS_WORDS);
  const needsAct = task.kind === 'SUBMIT_FILES' || task.kind === 'SUBMIT_CORRECTIONS';
  // The district's acts of the period: those received by the commission (or signed) complete the
  // task; one still awaiting receipt is named, so the registrar knows what is missing.
  const [acts, setActs] = useState<Act[] | null>(null);
  useEffect(() => {
    if (!needsAct || !task.districtId || !can(me, 'GET /v1/transfer-acts')) return;
    const q = new URLSearchParams({ period: task.period, districtId: task.districtId });
    void api<{ items: Act[] }>('GET', `/v1/transfer-acts?${q}`)
      .then((page) => setActs(page.items))
      .catch(() => setActs(null));
  }, [me, needsAct, task.districtId, task.period]);
  const usable = acts?.filter((a) => a.status !== 'DRAFT') ?? null;
  const draft = acts?.find((a) => a.status === 'DRAFT');
  const toActs = (act?: Act) =>
    go('acts', {
      period: task.period,
      ...(me.districtId ? {} : { district: task.districtId ?? '' }),
      ...(act ? { act: act.id } : {}),
    });

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const v = (k: string) => String(f.get(k) ?? '');
    if (needsAct) onDone({ transferActId: v('transferActId') });
    else if (task.kind === 'REVIEW_DISCREPANCIES')
      onDone({ decision: v('decision'), ...(v('comment') ? { comment: v('comment') } : {}) });
    else if (task.kind === 'SUBMIT_TO_CEC') onDone({ actNumber: v('actNumber') });
    else onDone({ receivedAt: new Date(`${v('receivedAt')}:00+05:00`).toISOString() });
  };
  return (
    <form noValidate onSubmit={submit} className="inline">
      {needsAct &&
        (usable && usable.length > 0 ? (
          <label>
            {t.chooseAct}
            <select name="transferActId" required>
              {usable.map((a) => (
                <option key={a.id} value={a.id}>
                  № {a.number} — {t.actStatus[a.status] ?? a.status}
                </option>
              ))}
            </select>
          </label>
        ) : usable ? (
          <p className="hint" data-no-act>
            {draft ? w.draftOnly(draft.number) : t.noActs}{' '}
            {draft ? (
              <button type="button" onClick={() => toActs(draft)}>
                {w.openActs}
              </button>
            ) : (
              me.role === 'AKIMAT_REGISTRAR' && (
                <button type="button" onClick={() => toActs()}>
                  {w.declareAct}
                </button>
              )
            )}
          </p>
        ) : (
          <label>
            {t.transferActId}
            <input name="transferActId" required size={38} />
          </label>
        ))}
      {task.kind === 'REVIEW_DISCREPANCIES' && (
        <>
          <label>
            {t.decision}
            <select name="decision" required defaultValue="">
              <option value="" disabled>
                {t.chooseDecision}
              </option>
              <option value="accept">{t.accept}</option>
              <option value="send-back">{t.sendBack}</option>
            </select>
          </label>
          <label>
            {t.comment}
            <input name="comment" size={40} />
          </label>
        </>
      )}
      {task.kind === 'SUBMIT_TO_CEC' && <CecActNumber label={t.actNumber} />}
      {task.kind === 'RECORD_CEC_RECEIPT' && (
        <label>
          {t.receivedAt}
          <input name="receivedAt" type="datetime-local" required />
        </label>
      )}
      <button type="submit" disabled={needsAct && usable?.length === 0}>
        {t.complete}
      </button>
    </form>
  );
}
