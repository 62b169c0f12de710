/**
 * The akimats' files: upload a submission's file with a progress bar and follow its check; read the
 * rejection report of a refused file (row, Cod, field, in plain words, never the data); each
 * submission of the period with its files, its transfer acts (the act's files, signatures, PDF) and
 * its reconciliation rounds (the discrepancy report, XLSX). Registrars upload for their own
 * district only; commissions and coordinators read within their territory.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { api, can, download, upload, type Me } from '../api';
import { explainFileField, explainFileProblem, type ShownProblem } from '../file-problems';
import { useWords } from '../i18n';
import {
  comingPeriod,
  count,
  dayOf,
  go,
  ProblemView,
  useLatest,
  usePolling,
  when,
  type Route,
  ScrollRegion,
  FilePick,
} from '../ui';
import { useScreenWords } from '../words/define';
import { FINDINGS_WORDS } from '../words/findings';
import { ReceivedFiles } from './received-files';
import { usePlaceNames } from '../names';
import { FILES_WORDS } from '../words/files';

interface ReceivedFile {
  id: string;
  fileName: string;
  kind: string;
  status: string;
  records: number | null;
  sizeBytes?: number;
  problemCount?: number | null;
  receivedAt?: string;
  rowsWithProblems?: number | null;
  failure?: string | null;
  alreadyReceived?: boolean;
}
export interface Report {
  problemCount: number;
  /** `code` and `params`: absent from a report stored before the codes (its message is shown as it is). */
  problems: ({ row: number; cod: string | null; field: string } & ShownProblem)[];
}
interface ActSummary {
  id: string;
  number: string;
  status: string;
  receivedAt: string | null;
  signedAt: string | null;
}
interface Round {
  id: string;
  round: number;
  discrepancies: number;
  createdAt: string;
  register: { version: number; asOf: string; eventWatermark: number } | null;
}
interface Submission {
  id: string;
  period: string;
  regionCode: string;
  districtId: string;
  receivedAt: string;
  complete: boolean;
  files: ReceivedFile[];
  transferActs: ActSummary[];
  reconciliations: Round[];
}
interface ActView {
  id: string;
  number: string;
  status: string;
  handedOverAt: string;
  receivedAt: string | null;
  sha256: string | null;
  files: { kind: string; name: string; sizeBytes: number; records: number }[];
  signatures: { side: string; signer: { name: string }; signedAt: string; certificate: { subject: string } }[];
}

export function FilesPage({ me, route }: { me: Me; route: Route }) {
  const { t, lang } = useWords();
  const place = usePlaceNames();
  const period = route.params.get('period') ?? comingPeriod();
  // A district official works for their own district; others choose one (or see their whole territory).
  const ownDistrict = me.districtId ?? null;
  const districtId = ownDistrict ?? route.params.get('district') ?? '';
  const [progress, setProgress] = useState<number | null>(null);
  const [file, setFile] = useState<ReceivedFile | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [submissions, setSubmissions] = useState<Submission[] | null>(null);
  const [uploads, setUploads] = useState(0);

  const latest = useLatest();
  const load = useCallback(async () => {
    const q = new URLSearchParams({ period, ...(districtId ? { districtId } : {}) });
    const fresh = latest();
    try {
      const page = await api<{ items: Submission[] }>('GET', `/v1/submissions?${q}`);
      if (fresh()) setSubmissions(page.items);
    } catch (err) {
      if (fresh()) setError(err);
    }
  }, [period, districtId, latest]);
  usePolling(load, 15_000);

  const send = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    form.set('period', period);
    setError(null);
    setFile(null);
    setReport(null);
    setProgress(0);
    try {
      const sent = await upload<ReceivedFile>('/v1/files', form, setProgress);
      setProgress(1);
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
      await load();
      setUploads((n) => n + 1);
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };

  const filter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    go('files', {
      period: String(f.get('period')),
      ...(f.get('district') ? { district: String(f.get('district')) } : {}),
    });
  };

  return (
    <section>
      <h1>{t.files}</h1>
      <form noValidate className="inline" onSubmit={filter}>
        <label>
          {t.period}
          <input name="period" defaultValue={period} pattern="\d{4}-(01|07)" required size={8} />
        </label>
        {ownDistrict ? (
          <p className="fixed">
            <span className="hint">{t.district}</span>
            <br />
            <strong>{place.district(ownDistrict)}</strong>
          </p>
        ) : (
          <label>
            {t.district}
            <input name="district" defaultValue={districtId} size={8} />
          </label>
        )}
        <button type="submit">{t.filter}</button>
      </form>
      {can(me, 'POST /v1/files') && districtId && (
        <form noValidate className="card" onSubmit={send} aria-labelledby="upload-heading">
          <h2 id="upload-heading">
            {t.upload}: {place.district(districtId)}, {t.period} {period}
          </h2>
          <input type="hidden" name="districtId" value={districtId} />
          <div className="inline">
            <label>
              {t.fileKind}
              <select name="kind">
                {['voters', 'stations', 'boundaries'].map((k) => (
                  <option key={k} value={k}>
                    {t.fileKinds[k]}
                  </option>
                ))}
              </select>
            </label>
            <FilePick label={t.chooseFile} name="file" accept=".csv,.xlsx,.mdb,.accdb" required />
            <button type="submit" disabled={progress !== null}>
              {t.upload}
            </button>
          </div>
          {progress !== null && (
            <div className="progress" role="status">
              <label htmlFor="upload-progress">{progress < 1 ? t.uploading : t.checking}</label>
              <progress id="upload-progress" max={1} value={progress < 1 ? progress : undefined} />
              <span>
                {progress < 1 ? `${Math.round(progress * 100)}%` : ''}
                {file?.records ? ` ${count(file.records, t.recordForms, lang)}` : ''}
              </span>
            </div>
          )}
        </form>
      )}
      <ProblemView error={error} />
      {file && file.status !== 'RECEIVED' && (
        <div
          className={`card ${file.status === 'ACCEPTED' ? 'ok' : 'bad'}`}
          role="status"
          data-file-status={file.status}
        >
          {file.alreadyReceived && <p data-already-received>{t.alreadyReceived}</p>}
          <strong>
            {file.status === 'ACCEPTED' ? t.accepted : file.status === 'FAILED' ? t.failed : t.rejected}
          </strong>: <span data-verbatim="">{file.fileName}</span>, {count(file.records ?? 0, t.recordForms, lang)}
          {file.status === 'ACCEPTED' && !!file.rowsWithProblems && (
            <p data-rows-with-problems={file.rowsWithProblems}>
              {t.withProblems.replace('{n}', String(file.rowsWithProblems))}
            </p>
          )}
          {file.status === 'FAILED' && <FailedFile file={file} me={me} onRetried={setFile} />}
          {report && <ReportTable report={report} />}
        </div>
      )}
      <ReceivedFiles period={period} districtId={districtId} refresh={uploads} />
      <h2>{t.submissions}</h2>
      {submissions && submissions.length === 0 && <p>{t.none}</p>}
      {submissions?.map((s) => (
        <SubmissionCard key={s.id} submission={s} />
      ))}
    </section>
  );
}

/** A file whose import failed every attempt: why, and for an administrator, a retry with the reason asked. */
function FailedFile({ file, me, onRetried }: { file: ReceivedFile; me: Me; onRetried: (f: ReceivedFile) => void }) {
  const { t } = useWords();
  const [error, setError] = useState<unknown>(null);
  const retry = async () => {
    const reason = window.prompt(t.retryReason);
    if (!reason) return;
    try {
      onRetried(await api<ReceivedFile>('POST', `/v1/files/${file.id}/retry`, { reason }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <>
      <p>{t.failedWhy.replace('{reason}', file.failure ?? '—')}</p>
      {can(me, 'POST /v1/files/:id/retry') && (
        <button type="button" onClick={() => void retry()}>
          {t.retryImport}
        </button>
      )}
      <ProblemView error={error} />
    </>
  );
}

export function ReportTable({ report }: { report: Report }) {
  const { t, lang } = useWords();
  const fw = useScreenWords(FILES_WORDS);
  return (
    <>
      <p>
        {t.problemsFound}: {report.problemCount}. {t.noData}
      </p>
      <ScrollRegion label={t.problemsFound}>
        <table className="report">
          <thead>
            <tr>
              <th scope="col">{t.row}</th>
              <th scope="col">Cod</th>
              <th scope="col">{t.field}</th>
              <th scope="col">{t.problem}</th>
            </tr>
          </thead>
          <tbody>
            {report.problems.map((p, i) => (
              <tr key={i}>
                <td>{p.row === 0 ? fw.header : p.row}</td>
                <td>{p.cod ?? '—'}</td>
                <td>
                  <code>{explainFileField(p.field, lang)}</code>
                </td>
                <td>{explainFileProblem(p, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}

function SubmissionCard({ submission: s }: { submission: Submission }) {
  const { t, lang } = useWords();
  const fw = useScreenWords(FINDINGS_WORDS);
  const place = usePlaceNames();
  const [report, setReport] = useState<{ fileId: string; report: Report } | null>(null);
  const [act, setAct] = useState<ActView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const guard = (fn: () => Promise<void>) => () => fn().then(() => setError(null), setError);
  const showReport = (f: ReceivedFile) =>
    guard(async () => {
      setReport(
        report?.fileId === f.id ? null : { fileId: f.id, report: await api<Report>('GET', `/v1/files/${f.id}/report`) },
      );
    });
  const showAct = (a: ActSummary) =>
    guard(async () => {
      setAct(
        act?.id === a.id
          ? null
          : await api<ActView>(
              'GET',
              `/v1/transfer-acts/${a.id}?reason=${encodeURIComponent('console: the submission screen')}`,
            ),
      );
    });
  const kindWord = (k: string) => t.fileKindsShort[k.toUpperCase()] ?? k;
  return (
    <article className="card" data-submission={s.id}>
      <h3>
        {t.submission}: {place.district(s.districtId)}, {t.period} {s.period} · {when(s.receivedAt, lang)}
      </h3>
      <ProblemView error={error} />
      <ScrollRegion label={t.filesOfSubmission}>
        <table>
          <caption>{t.filesOfSubmission}</caption>
          <thead>
            <tr>
              <th scope="col">{t.fileKind}</th>
              <th scope="col">{t.fileCol}</th>
              <th scope="col">{t.size}</th>
              <th scope="col">{t.recordsCol}</th>
              <th scope="col">{t.status}</th>
              <th scope="col">{t.when}</th>
            </tr>
          </thead>
          <tbody>
            {s.files.map((f) => (
              <tr key={f.id} data-file={f.id}>
                <td>{kindWord(f.kind)}</td>
                <td data-verbatim="">{f.fileName}</td>
                <td className="num">
                  {(f.sizeBytes ?? 0).toLocaleString('ru-RU')} {t.bytes}
                </td>
                <td className="num">
                  {f.records ?? '—'}
                  {f.rowsWithProblems ? ` (${t.withProblemsShort}: ${f.rowsWithProblems})` : ''}
                </td>
                <td
                  className={
                    f.status === 'REJECTED' || f.status === 'FAILED'
                      ? 'state-overdue'
                      : f.status === 'ACCEPTED'
                        ? 'state-met'
                        : undefined
                  }
                >
                  {t.fileStatus[f.status] ?? f.status}
                  {f.status === 'REJECTED' && (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="link"
                        aria-expanded={report?.fileId === f.id}
                        onClick={showReport(f)}
                      >
                        {report?.fileId === f.id ? t.hideReport : t.showReport}
                      </button>
                    </>
                  )}
                </td>
                <td>{when(f.receivedAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {report && <ReportTable report={report.report} />}
      <div className="split2">
        <div>
          <h4>{t.transferAct}</h4>
          {s.transferActs.length === 0 ? (
            <p className="hint">{t.none}</p>
          ) : (
            <ul>
              {s.transferActs.map((a) => (
                <li key={a.id} data-act={a.id}>
                  № {a.number} — {t.actStatus[a.status] ?? a.status}{' '}
                  <button type="button" className="link" aria-expanded={act?.id === a.id} onClick={showAct(a)}>
                    {t.showAct}
                  </button>{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={guard(() =>
                      download(`/v1/transfer-acts/${a.id}/act.pdf?lang=${lang}&reason=console`, 'act.pdf', true),
                    )}
                  >
                    {t.actPdf}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <h4>{t.reconciliations}</h4>
          {s.reconciliations.length === 0 ? (
            <p className="hint">{t.none}</p>
          ) : (
            <ul>
              {s.reconciliations.map((r) => (
                <li key={r.id}>
                  {t.round} {r.round} · {when(r.createdAt, lang)} · {count(r.discrepancies, fw.forms, lang)}
                  {r.register && (
                    <>
                      {' '}
                      ·{' '}
                      <span data-register-snapshot={r.register.version}>
                        {t.registerSnapshot(r.register.version, dayOf(r.register.asOf, lang))}
                      </span>
                    </>
                  )}{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={guard(() =>
                      download(
                        `/v1/reconciliations/${r.id}/report?format=xlsx&reason=${encodeURIComponent('console download')}`,
                        'report.xlsx',
                      ),
                    )}
                  >
                    {t.report}
                  </button>{' '}
                  · <a href={`#/findings?reconciliation=${r.id}`}>{fw.open}</a>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {act && (
        <div className="act" data-act-view={act.id}>
          <h4>
            {t.transferAct} № {act.number}: {t.actStatus[act.status] ?? act.status}
          </h4>
          <ScrollRegion label={t.actFiles}>
            <table>
              <caption>{t.actFiles}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.fileKind}</th>
                  <th scope="col">{t.fileCol}</th>
                  <th scope="col">{t.size}</th>
                  <th scope="col">{t.recordsCol}</th>
                </tr>
              </thead>
              <tbody>
                {act.files.map((f, i) => (
                  <tr key={i}>
                    <td>{kindWord(f.kind)}</td>
                    <td data-verbatim="">{f.name}</td>
                    <td className="num">
                      {f.sizeBytes.toLocaleString('ru-RU')} {t.bytes}
                    </td>
                    <td className="num">{f.records}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={3}>
                    {t.totalRecords}
                  </th>
                  <td className="num">{act.files.reduce((n, f) => n + f.records, 0)}</td>
                </tr>
              </tfoot>
            </table>
          </ScrollRegion>
          <dl className="facts">
            <div>
              <dt>{t.handedOver}</dt>
              <dd>{when(act.handedOverAt, lang)}</dd>
            </div>
            <div>
              <dt>{t.receivedAt}</dt>
              <dd>{when(act.receivedAt, lang)}</dd>
            </div>
            {act.sha256 && (
              <div>
                <dt>{t.sha}</dt>
                <dd className="mono" data-verbatim="">
                  {act.sha256.slice(0, 16)}…
                </dd>
              </div>
            )}
          </dl>
          {act.signatures.length > 0 && (
            <p>
              {t.signatures}: {act.signatures.map((g) => `${g.signer.name} (${when(g.signedAt, lang)})`).join('; ')}
            </p>
          )}
        </div>
      )}
    </article>
  );
}
