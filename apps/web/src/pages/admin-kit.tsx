/**
 * Small pieces the administration screens share: a refusal without the API's English field notes
 * when the console has words for its code, a form's own problems in the console's words, and the
 * status line an action's result is announced in (focus moves to it).
 */
import { useEffect, useRef } from 'react';
import { ApiError } from '../api';
import { explainApiProblem } from '../api-problems';
import type { Lang } from '../i18n';

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

/** The result of an action, announced and focused. */
export function Done({ text }: { text: string | null }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text]);
  if (!text) return null;
  return (
    <p role="status" className="done" tabIndex={-1} ref={ref}>
      {text}
    </p>
  );
}

/** "{name}" placeholders filled. */
export const fill = (s: string, values: Record<string, string | number>): string =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
