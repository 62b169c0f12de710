/**
 * The akimat's files: upload a submission's file with a progress bar, follow its check, read the
 * rejection report of a refused file (row, Cod, field, in plain words, never the data), see a
 * transfer act, and download the discrepancy report of a reconciliation.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { api, can, download, upload, type Me } from '../api';
import { useWords } from '../i18n';
import { comingPeriod, ProblemView, usePolling, type Route } from '../ui';

interface ReceivedFile { id: string; fileName: string; kind: string; status: string; records: number | null }
interface Report { problemCount: number; problems: { row: number; cod: string | null; field: string; message: string }[] }
interface Reconciliation { id: string; round: number; discrepancies: number; createdAt: string; districtId: string }

export function FilesPage({ me, route }: { me: Me; route: Route }) {
  const { t } = useWords();
  const period = route.params.get('period') ?? comingPeriod();
  const [progress, setProgress] = useState<number | null>(null);
  const [file, setFile] = useState<ReceivedFile | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);

  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setError(null);
    setFile(null);
    setReport(null);
    setProgress(0);
    try {
      const sent = await upload<ReceivedFile>('/v1/files', form, setProgress);
      setFile(sent);
      for (;;) {
        const now = await api<ReceivedFile>('GET', `/v1/files/${sent.id}`);
        setFile(now);
        if (now.status !== 'RECEIVED') {
          if (now.status === 'REJECTED') setReport(await api<Report>('GET', `/v1/files/${sent.id}/report`));
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };

  return (
    <section>
      <h1>{t.files}</h1>
      <form className="card" onSubmit={send}>
        <h2>{t.upload}</h2>
        <label>{t.period}<input name="period" defaultValue={period} pattern="\d{4}-(01|07)" required size={8} /></label>
        <label>{t.district}<input name="districtId" defaultValue={me.districtId ?? ''} required size={10} /></label>
        <label>{t.fileKind}
          <select name="kind">{['voters', 'stations', 'boundaries'].map((k) => <option key={k} value={k}>{t.fileKinds[k]}</option>)}</select>
        </label>
        <label>{t.chooseFile}<input name="file" type="file" required /></label>
        <button type="submit" disabled={progress !== null}>{t.upload}</button>
        {progress !== null && (
          <label className="progress">{file ? t.checking : t.uploading}
            <progress max={1} value={file ? undefined : progress}>{Math.round(progress * 100)}%</progress>
          </label>
        )}
      </form>
      <ProblemView error={error} />
      {file && file.status !== 'RECEIVED' && (
        <div className={`card ${file.status === 'ACCEPTED' ? 'ok' : 'bad'}`} role="status" data-file-status={file.status}>
          <strong>{file.status === 'ACCEPTED' ? t.accepted : t.rejected}</strong>: {file.fileName}, {file.records ?? 0} {t.records}
          {report && (
            <table>
              <caption>{report.problemCount}</caption>
              <thead><tr><th scope="col">{t.row}</th><th scope="col">Cod</th><th scope="col">{t.field}</th><th scope="col">{t.problem}</th></tr></thead>
              <tbody>{report.problems.map((p, i) => <tr key={i}><td>{p.row}</td><td>{p.cod ?? '—'}</td><td>{p.field}</td><td>{p.message}</td></tr>)}</tbody>
            </table>
          )}
        </div>
      )}
      <TransferActView />
      {can(me, 'GET /v1/reconciliations') && <Reconciliations period={period} districtId={me.districtId ?? ''} />}
    </section>
  );
}

function TransferActView() {
  const { t } = useWords();
  const [act, setAct] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const show = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const id = String(new FormData(e.currentTarget).get('act'));
    try {
      setError(null);
      setAct(await api('GET', `/v1/transfer-acts/${id}?reason=${encodeURIComponent('console')}`));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="card">
      <h2>{t.transferAct}</h2>
      <form className="inline" onSubmit={show}>
        <label>{t.transferActId}<input name="act" required size={38} /></label>
        <button type="submit">{t.showAct}</button>
      </form>
      <ProblemView error={error} />
      {act && (
        <>
          <dl className="facts">{['number', 'status', 'period', 'districtId', 'contentSha256'].filter((k) => act[k] !== undefined).map((k) => <div key={k}><dt>{k}</dt><dd>{String(act[k])}</dd></div>)}</dl>
          <button type="button" onClick={() => download(`/v1/transfer-acts/${String(act.id)}/act.pdf?reason=console`, 'act.pdf', true)}>{t.actPdf}</button>
        </>
      )}
    </div>
  );
}

function Reconciliations({ period, districtId }: { period: string; districtId: string }) {
  const { t } = useWords();
  const [runs, setRuns] = useState<Reconciliation[]>([]);
  const load = useCallback(async () => {
    const q = new URLSearchParams({ period, ...(districtId ? { districtId } : {}) });
    setRuns((await api<{ items: Reconciliation[] }>('GET', `/v1/reconciliations?${q}`).catch(() => ({ items: [] }))).items);
  }, [period, districtId]);
  usePolling(load, 30_000);
  return (
    <div className="card">
      <h2>{t.reconciliations}</h2>
      {runs.length === 0 ? <p>{t.none}</p> : (
        <ul>
          {runs.map((r) => (
            <li key={r.id}>
              {r.districtId} · {t.round} {r.round} · {r.discrepancies} {t.discrepancies}{' '}
              <button type="button" className="link" onClick={() => download(`/v1/reconciliations/${r.id}/report?format=xlsx&reason=${encodeURIComponent('console download')}`, 'report.xlsx')}>{t.report}</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
