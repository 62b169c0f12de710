/**
 * Small pieces the administration screens share: a refusal without the API's English field notes
 * when the console has words for its code, a form's own problems in the console's words, and the
 * status line an action's result is announced in (focus moves to it).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';
import { explainApiProblem } from '../api-problems';
import { useWords, type Lang } from '../i18n';

/** The refusal as ProblemView shows it: its field notes (English) dropped when the code is said in words. */
export function inWords(err: unknown, lang: Lang): unknown {
  if (!(err instanceof ApiError)) return err;
  if (!explainApiProblem(err.problem, lang)) return err;
  return new ApiError({ ...err.problem, errors: [] });
}

/** What is wrong with a form, listed in the console's words before anything is sent. */
export function FormProblems({ problems, title }: { problems: string[]; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems.length) ref.current?.focus();
  }, [problems]);
  if (!problems.length) return null;
  return (
    <div role="alert" className="problem" tabIndex={-1} ref={ref} data-form-problems="">
      <strong>{title}</strong>
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

/** An action's result, said in whichever language is chosen when it is shown. */
export type Said = (lang: Lang) => string;

/** The result last said, and the way to say one (null clears it). */
export function useDone(): [{ said: Said; at: number } | null, (said: Said | null) => void] {
  const [done, setDone] = useState<{ said: Said; at: number } | null>(null);
  const say = useCallback((said: Said | null) => setDone(said ? { said, at: Date.now() } : null), []);
  return [done, say];
}

/** The result of an action, announced and focused (once, when it is said; not again on a change of language). */
export function Done({ done }: { done: { said: Said; at: number } | null }) {
  const { lang } = useWords();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) ref.current?.focus();
  }, [done]);
  if (!done) return null;
  return (
    <p role="status" className="done" tabIndex={-1} ref={ref}>
      {done.said(lang)}
    </p>
  );
}

export { FilePick } from '../ui';

/** "{name}" placeholders filled. */
export const fill = (s: string, values: Record<string, string | number>): string =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
