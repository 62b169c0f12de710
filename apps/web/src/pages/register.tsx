/**
 * The central register's snapshots (admins): upload of the CEC's register extract with the date it
 * describes, each snapshot's progress while it is read, its verdict and the rows it held back (row,
 * field, rule; never a value), in Russian or Kazakh from the codes the API gives.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, upload } from '../api';
import { useWords } from '../i18n';
import { dayOf, ProblemView, todayInAlmaty, when, ScrollRegion, FilePick } from '../ui';

interface Snapshot {
  id: string;
  version: number;
  asOf: string;
  fileName: string | null;
  sha256: string | null;
  format: string;
  status: string;
  current: boolean;
  rowsRead: number;
  rowsAccepted: number;
  rowsHeldBack: number;
  bytesRead: number;
  sizeBytes: number | null;
  percent: number;
  createdAt: string;
  refusal:
    | {
        code: string;
        field: string;
        line: number;
        header?: { missing: string[]; unknown: string[]; twice: string[] };
      }[]
    | null;
  alreadyImported?: boolean;
}
interface Problems {
  page: number;
  pages: number;
  total: number;
  problems: { row: number; field: string; rule: string; firstRow: number | null }[];
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

export function RegisterPage() {
  const { t, lang } = useWords();
  const w = t.registerWords;
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<{ snapshot: Snapshot; problems: Problems } | null>(null);

  const load = useCallback(async () => {
    try {
      setSnapshots(await api<Snapshot[]>('GET', '/v1/register/snapshots'));
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => void load(), [load]);
  // While a snapshot is read, its progress is asked for every two seconds; otherwise never.
  const importing = snapshots?.some((s) => s.status === 'IMPORTING') ?? false;
  useEffect(() => {
    if (!importing) return undefined;
    const timer = setInterval(() => void load(), 2000);
    return () => clearInterval(timer);
  }, [importing, load]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setError(null);
    setNotice(null);
    try {
      setSent(0);
      const snapshot = await upload<Snapshot>('/v1/register/snapshots', form, setSent);
      if (snapshot.alreadyImported) setNotice(w.alreadyImported);
      await load();
    } catch (err) {
      setError(err);
    } finally {
      setSent(null);
    }
  };

  const showProblems = async (snapshot: Snapshot, page = 1) => {
    try {
      setOpen({
        snapshot,
        problems: await api<Problems>('GET', `/v1/register/snapshots/${snapshot.id}/problems?page=${page}`),
      });
    } catch (err) {
      setError(err);
    }
  };

  const verdict = (s: Snapshot) => {
    if (s.status === 'IMPORTING') {
      return (
        <>
          <progress max={100} value={s.percent} aria-label={w.status.IMPORTING} /> {s.percent}%{' '}
          <span className="hint">
            {w.readOf(s.rowsRead.toLocaleString('ru-RU'), mb(s.bytesRead), mb(s.sizeBytes ?? 0))}
          </span>
        </>
      );
    }
    if (s.status === 'REFUSED') {
      // One line per kind of refusal (a header may break the format in several places at once).
      const kinds = (s.refusal ?? []).filter((p, i, all) => all.findIndex((q) => q.code === p.code) === i);
      const names = (list: string[]) => list.map((n) => (w.fields[n] ? `${n} (${w.fields[n]})` : n)).join(', ');
      return (
        <ul className="refusal">
          {kinds.map((p) => (
            <li key={p.code}>
              {w.refusals[p.code] ?? w.status.REFUSED}
              {p.code !== 'header' && p.line > 0 ? w.atLine(p.line) : ''}
              {p.header?.missing.length ? (
                <>
                  <br />
                  {w.headerMissing}: {names(p.header.missing)}
                </>
              ) : null}
              {p.header?.unknown.length ? (
                <>
                  <br />
                  {w.headerUnknown}: {p.header.unknown.join(', ')}
                </>
              ) : null}
              {p.header?.twice.length ? (
                <>
                  <br />
                  {w.headerTwice}: {names(p.header.twice)}
                </>
              ) : null}
            </li>
          ))}
        </ul>
      );
    }
    if (s.status === 'FAILED') return <span>{w.failed}</span>;
    return null;
  };

  return (
    <section>
      <h1>{w.title}</h1>
      <p className="hint">{w.intro}</p>
      <form noValidate className="inline" onSubmit={submit} aria-label={w.uploadTitle}>
        <FilePick label={t.chooseFile} name="file" accept=".csv,.txt,.mdb,.accdb" required />
        <label>
          {w.asOf}
          <input name="asOf" type="date" required defaultValue={todayInAlmaty()} />
        </label>
        <button type="submit" disabled={sent !== null}>
          {w.uploadButton}
        </button>
        {sent !== null && (
          <span>
            {t.uploading}: {Math.round(sent * 100)}%
          </span>
        )}
      </form>
      {notice && <p role="status">{notice}</p>}
      <ProblemView error={error} />
      {snapshots &&
        (snapshots.length === 0 ? (
          <p>{t.none}</p>
        ) : (
          <ScrollRegion label={w.title}>
            <table data-register-snapshots>
              <thead>
                <tr>
                  <th scope="col">{w.version}</th>
                  <th scope="col">{w.asOf}</th>
                  <th scope="col">{w.file}</th>
                  <th scope="col">{t.status}</th>
                  <th scope="col">{w.rowsRead}</th>
                  <th scope="col">{w.accepted}</th>
                  <th scope="col">{w.heldBack}</th>
                  <th scope="col">{w.loadedAt}</th>
                </tr>
              </thead>
              <tbody>
                {snapshots.map((s) => (
                  <tr
                    key={s.id}
                    data-snapshot={s.version}
                    data-status={s.status}
                    aria-current={s.current ? 'true' : undefined}
                  >
                    <td>{s.version}</td>
                    <td>{dayOf(s.asOf, lang)}</td>
                    <td>
                      {s.fileName ?? <span className="hint">{w.beforeSnapshots}</span>}
                      {s.sha256 && (
                        <>
                          <br />
                          <code title="SHA-256">{s.sha256.slice(0, 16)}…</code>
                        </>
                      )}
                    </td>
                    <td>
                      <strong>{w.status[s.status] ?? s.status}</strong> {verdict(s)}
                    </td>
                    <td>{s.rowsRead.toLocaleString('ru-RU')}</td>
                    <td>{s.rowsAccepted.toLocaleString('ru-RU')}</td>
                    <td>
                      {s.rowsHeldBack.toLocaleString('ru-RU')}
                      {s.rowsHeldBack > 0 && (
                        <>
                          {' '}
                          <button type="button" className="link" onClick={() => showProblems(s)}>
                            {w.showHeldBack}
                          </button>
                        </>
                      )}
                    </td>
                    <td>{when(s.createdAt, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ))}
      {open && (
        <div data-held-back={open.snapshot.version}>
          <h2>
            {w.heldBackTitle}: № {open.snapshot.version} ({dayOf(open.snapshot.asOf, lang)})
          </h2>
          <p className="hint">{w.heldBackHint}</p>
          <ScrollRegion label={w.title}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.row}</th>
                  <th scope="col">{t.field}</th>
                  <th scope="col">{t.problem}</th>
                </tr>
              </thead>
              <tbody>
                {open.problems.problems.map((p) => (
                  <tr key={`${p.row}-${p.field}`}>
                    <td>{p.row}</td>
                    <td>{w.fields[p.field] ?? p.field}</td>
                    <td>
                      {w.rules[p.rule] ?? p.rule}
                      {p.firstRow ? w.firstRow(p.firstRow) : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          {open.problems.page < open.problems.pages && (
            <button type="button" onClick={() => showProblems(open.snapshot, open.problems.page + 1)}>
              {t.next}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
