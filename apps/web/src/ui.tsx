/** Pieces every page uses: navigation, polling, problems from the API. */
import { useEffect } from 'react';

export interface Route { page: string; params: URLSearchParams }

export function go(page: string, params: Record<string, string> = {}): void {
  const q = new URLSearchParams(params).toString();
  window.location.hash = `#/${page}${q ? `?${q}` : ''}`;
}

/** The next cycle period (1 January or 1 July) from today, as the board's default. */
export function comingPeriod(now = new Date()): string {
  const y = now.getFullYear();
  return now.getMonth() < 6 ? `${y}-07` : `${y + 1}-01`;
}

/** Polls `load` every `ms` while the page is open: the board and lists refresh without a reload. */
export function usePolling(load: () => Promise<void>, ms: number): void {
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), ms);
    return () => clearInterval(timer);
  }, [load, ms]);
}

/** A problem from the API, in its own plain words, with each field named. */
export function ProblemView({ error }: { error: unknown }) {
  if (!error) return null;
  const p = (error as { problem?: { title: string; detail: string; errors: { field: string; message: string }[] } }).problem;
  return (
    <div role="alert" className="problem">
      <strong>{p?.title ?? 'Error'}</strong> {p?.detail ?? String(error)}
      {p?.errors.length ? <ul>{p.errors.map((e, i) => <li key={i}><code>{e.field}</code>: {e.message}</li>)}</ul> : null}
    </div>
  );
}
