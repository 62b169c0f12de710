/**
 * The Files screen's list of every file received for the period (and district): accepted, rejected
 * with its rejection table, still importing, or failed. It reads GET /v1/files, not the submissions:
 * a rejected voter file joins no submission, and would otherwise be gone after a reload.
 */
import { useCallback, useState } from 'react';
import { api } from '../api';
import { useWords } from '../i18n';
import { ProblemView, usePolling, when, ScrollRegion } from '../ui';
import { useScreenWords } from '../words/define';
import { FINDINGS_WORDS } from '../words/findings';
import { ReportTable, type Report } from './files';

interface Received {
  id: string;
  kind: string;
  fileName: string;
  sizeBytes: number;
  districtId: string;
  districtName: { ru: string; kk: string } | null;
  status: string;
  records: number | null;
  problemCount: number | null;
  rowsWithProblems: number | null;
  receivedAt: string;
  uploader: { fullName: string } | null;
}

export function ReceivedFiles({
  period,
  districtId,
  refresh,
}: {
  period: string;
  districtId: string;
  refresh: number;
}) {
  const w = useScreenWords(FINDINGS_WORDS);
  const { t, lang } = useWords();
  const [files, setFiles] = useState<Received[] | null>(null);
  const [report, setReport] = useState<{ fileId: string; report: Report } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    const q = new URLSearchParams({ period, ...(districtId ? { districtId } : {}) });
    try {
      setFiles((await api<{ items: Received[] }>('GET', `/v1/files?${q}`)).items);
    } catch (err) {
      setError(err);
    }
    // `refresh` changes after an upload here: the list is read again at once.
  }, [period, districtId, refresh]);
  usePolling(load, 15_000);
  const toggle = (f: Received) => async () => {
    try {
      setReport(
        report?.fileId === f.id ? null : { fileId: f.id, report: await api<Report>('GET', `/v1/files/${f.id}/report`) },
      );
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  const districtName = files?.find((f) => f.districtId === districtId)?.districtName?.[lang];
  return (
    <section aria-labelledby="received-heading" data-received-files>
      <h2 id="received-heading">{w.received}</h2>
      <ProblemView error={error} />
      {files && files.length === 0 && <p>{w.noFiles}</p>}
      {files && files.length > 0 && (
        <ScrollRegion>
          <table>
            <caption>
              {districtId && districtName ? w.receivedCaption(districtName, period) : w.receivedCaptionAll(period)}
            </caption>
            <thead>
              <tr>
                {!districtId && <th scope="col">{w.districtCol}</th>}
                <th scope="col">{t.fileKind}</th>
                <th scope="col">{t.fileCol}</th>
                <th scope="col">{t.size}</th>
                <th scope="col">{t.recordsCol}</th>
                <th scope="col">{w.verdict}</th>
                <th scope="col">{t.when}</th>
                <th scope="col">{w.uploader}</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.id} data-received-file={f.id} data-status={f.status}>
                  {!districtId && <td>{f.districtName?.[lang] ?? '—'}</td>}
                  <td>{t.fileKindsShort[f.kind] ?? '—'}</td>
                  <td data-verbatim="">{f.fileName}</td>
                  <td className="num">
                    {f.sizeBytes.toLocaleString('ru-RU')} {t.bytes}
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
                    {t.fileStatus[f.status] ?? '—'}
                    {f.status === 'REJECTED' && (
                      <>
                        {f.problemCount ? ` (${w.problems(String(f.problemCount))})` : ''}{' '}
                        <button
                          type="button"
                          className="link"
                          aria-expanded={report?.fileId === f.id}
                          onClick={() => void toggle(f)()}
                        >
                          {report?.fileId === f.id ? t.hideReport : t.showReport}
                        </button>
                      </>
                    )}
                  </td>
                  <td>{when(f.receivedAt, lang)}</td>
                  <td data-name="">{f.uploader?.fullName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {report && (
        <div className="card bad" data-received-report={report.fileId}>
          <ReportTable report={report.report} />
        </div>
      )}
    </section>
  );
}
