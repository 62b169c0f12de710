/**
 * The deadline board shared by its readers (issue 25). Every coordinator and regional commission
 * polls the board; computed per read, its cost grew with the readers and each read waited for
 * PostgreSQL under the load of the cycle itself. A board computed once is served to every reader
 * for `freshMs`; after that the next read still gets it at once while a new one is computed
 * behind it, up to `STALE_MS`, past which a read waits for a fresh one. Each board carries the
 * instant it was computed (`at`), which the console shows.
 *
 * Reads of one key share one computation in flight; a computation that fails is not kept (the next
 * read computes again), and a failed refresh behind a reader leaves the previous board in place.
 */
export const STALE_MS = 60_000;
/** Kept keys at most (periods × scopes): the oldest goes first. */
const MAX_KEYS = 200;

interface Entry<T> {
  /** When the kept board's computation started. */
  at: number;
  value: T | undefined;
  pending: Promise<T> | undefined;
}

export class Snapshots<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly freshMs: number,
    private readonly onRefreshFailed: (key: string, err: unknown) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  async read(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.freshMs <= 0) return compute();
    const entry = this.entries.get(key);
    const age = entry?.value === undefined ? Infinity : this.clock() - entry.at;
    if (entry?.value !== undefined && age <= this.freshMs) return entry.value;
    if (entry?.value !== undefined && age <= STALE_MS) {
      this.refresh(key, compute).catch((err: unknown) => this.onRefreshFailed(key, err));
      return entry.value;
    }
    return this.refresh(key, compute);
  }

  private refresh(key: string, compute: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry?.pending) return entry.pending;
    const started = this.clock();
    const kept: Entry<T> = entry ?? { at: started, value: undefined, pending: undefined };
    const pending = compute().then(
      (value) => {
        // One computation per key at a time (`pending`), so none finishes after a newer one.
        kept.pending = undefined;
        kept.value = value;
        kept.at = started;
        return value;
      },
      (err: unknown) => {
        kept.pending = undefined;
        throw err;
      },
    );
    kept.pending = pending;
    if (!entry) {
      if (this.entries.size >= MAX_KEYS) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, kept);
    }
    return pending;
  }
}
