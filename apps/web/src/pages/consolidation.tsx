/**
 * The region's consolidated file for the CEC (the regional commission; the CEC coordinator and the
 * admin for any region): choose the period, see which districts are not ready (no file, not
 * reconciled, under review, sent back) by name before building, build it, follow the worker's
 * progress, see the districts it included though not ready, and download the .mdb (the download is
 * audited with its reason). The SUBMIT_TO_CEC task shows the same file's summary (CecSubmission).
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, download, type Me } from '../api';
import { useWords, type Lang } from '../i18n';
import { count, go, ProblemView, todayInAlmaty, when, type Route } from '../ui';
import { CONSOLIDATION_WORDS } from '../words/consolidation';
import { useScreenWords } from '../words/define';

export interface Warning {
  code: string;
  districtId: string;
  nameRu: string;
  nameKk: string;
  round: number;
}
interface Readiness {
  period: string;
  regionCode: string;
  regionNameRu: string;
  regionNameKk: string;
  districts: number;
  ready: number;
  warnings: Warning[];
}
export interface ConsolidatedFile {
  id: string;
  period: string;
  regionCode: string;
  status: 'QUEUED' | 'WRITTEN' | 'REFUSED';
  fileName: string;
  sha256: string | null;
  sizeBytes: number | null;
  records: number | null;
  sources: { districtId: string; records: number }[] | null;
  warnings: Warning[];
  requestedByName: string | null;
  requestedByRole: string | null;
  requestedAt: string;
  writtenAt: string | null;
  progress: { records: number; of: number } | null;
}

/** Periods to choose from: last year's, this year's and next year's January and July. */
function periods(): string[] {
  const y = Number(todayInAlmaty().slice(0, 4));
  return [y + 1, y, y - 1].flatMap((year) => [`${year}-07`, `${year}-01`]);
}

const nameOf = (w: Warning, lang: Lang) => (lang === 'kk' ? w.nameKk : w.nameRu);

export function ConsolidationPage({ me, route }: { me: Me; route: Route }) {
  const w = useScreenWords(CONSOLIDATION_WORDS);
  const { lang } = w;
  const period = route.params.get('period') ?? nextCecPeriod();
  // The regional commission works for its own region; the CEC and the admin choose one.
  const regionCode = me.regionCode ?? route.params.get('region') ?? '';
  const [readiness, setReadiness] = useState<Readiness | null>(null);
  const [file, setFile] = useState<ConsolidatedFile | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [downloaded, setDownloaded] = useState<string | null>(null);
  const result = useRef<HTMLElement>(null);

  const load = useCallback(async () => {
    setLoaded(false);
    setReadiness(null);
    setFile(null);
    if (!regionCode) return;
    try {
      const q = new URLSearchParams({ period, regionCode });
      setReadiness(await api<Readiness>('GET', `/v1/consolidated-files/readiness?${q}`));
      setFile((await api<{ items: ConsolidatedFile[] }>('GET', `/v1/consolidated-files?${q}`)).items[0] ?? null);
      setLoaded(true);
    } catch (err) {
      setError(err);
    }
  }, [period, regionCode]);
  useEffect(() => void load(), [load]);

  const choose = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    go('consolidation', {
      period: String(f.get('period')),
      ...(me.regionCode ? {} : { region: String(f.get('region') ?? '') }),
    });
  };

  const build = async () => {
    setError(null);
    setDownloaded(null);
    setBusy(true);
    try {
      let now = await api<ConsolidatedFile>('POST', '/v1/consolidated-files', { period, regionCode });
      setFile(now);
      while (now.status === 'QUEUED') {
        await new Promise((r) => setTimeout(r, 500));
        now = await api<ConsolidatedFile>('GET', `/v1/consolidated-files/${now.id}`);
        setFile(now);
      }
      setReadiness(
        await api<Readiness>('GET', `/v1/consolidated-files/readiness?${new URLSearchParams({ period, regionCode })}`),
      );
      result.current?.focus();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const fetchFile = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!file) return;
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim() || w.reasonDefault;
    setError(null);
    try {
      await download(`/v1/consolidated-files/${file.id}/content?${new URLSearchParams({ reason })}`, file.fileName);
      setDownloaded(file.fileName);
    } catch (err) {
      setError(err);
    }
  };

  const regionName = readiness ? (lang === 'kk' ? readiness.regionNameKk : readiness.regionNameRu) : '';
  return (
    <section className="consolidation">
      <h1>
        {w.title}
        {regionName ? ` — ${regionName}` : ''}
      </h1>
      <p className="hint">{w.intro}</p>
      <form className="inline" noValidate onSubmit={choose}>
        <label>
          {w.period}
          <select name="period" defaultValue={period} key={period}>
            {[...new Set([period, ...periods()])].map((p) => (
              <option key={p} value={p}>
                {periodName(p, w.periodWords)}
              </option>
            ))}
          </select>
        </label>
        {!me.regionCode && <RegionChoice value={regionCode} label={w.region} empty={w.chooseRegion} />}
        <button type="submit">{w.show}</button>
      </form>
      <ProblemView error={error} />

      {readiness && (
        <section aria-labelledby="readiness-heading" data-readiness={readiness.warnings.length}>
          <h2 id="readiness-heading">
            {w.readinessTitle}: {periodName(period, w.periodWords)}
          </h2>
          <p>
            {w.readyOf.replace('{ready}', String(readiness.ready)).replace('{districts}', String(readiness.districts))}
          </p>
          {readiness.warnings.length === 0 ? (
            <p className="done">{w.allReady}</p>
          ) : (
            <NotReady title={w.notReadyTitle} warnings={readiness.warnings} hint={w.notReadyHint} testId="before" />
          )}
          <button type="button" onClick={build} disabled={busy}>
            {busy ? w.building : w.build}
          </button>
        </section>
      )}

      {loaded && (
        <section aria-labelledby="latest-heading" ref={result} tabIndex={-1} data-file-status={file?.status ?? ''}>
          <h2 id="latest-heading">{w.latestTitle}</h2>
          {!file ? <p>{w.noneYet}</p> : <FileView file={file} />}
          {file?.status === 'WRITTEN' && (
            <form className="inline" noValidate onSubmit={fetchFile}>
              <label>
                {w.reason}
                <input name="reason" defaultValue={w.reasonDefault} key={lang} size={40} maxLength={300} />
              </label>
              <button type="submit">{w.download}</button>
            </form>
          )}
          {downloaded && (
            <p role="status" className="done">
              {w.downloaded.replace('{file}', downloaded)}
            </p>
          )}
        </section>
      )}
    </section>
  );
}

/** The next period whose CEC submission lies ahead: January's until mid-January, July's until mid-July. */
function nextCecPeriod(): string {
  const [y, m, d] = todayInAlmaty().split('-').map(Number) as [number, number, number];
  if (m === 1 && d <= 15) return `${y}-01`;
  if (m < 7 || (m === 7 && d <= 15)) return `${y}-07`;
  return `${y + 1}-01`;
}

function periodName(p: string, words: Record<string, string>): string {
  return `${words[p.slice(5)] ?? p.slice(5)} ${p.slice(0, 4)}`;
}

function NotReady({
  title,
  warnings,
  hint,
  testId,
}: {
  title: string;
  warnings: Warning[];
  hint?: string;
  testId: string;
}) {
  const w = useScreenWords(CONSOLIDATION_WORDS);
  return (
    <div className="problem warning" data-not-ready={testId}>
      <strong>{title}</strong>
      <ul>
        {warnings.map((x) => (
          <li key={x.districtId} data-district={x.districtId} data-code={x.code}>
            <strong>{nameOf(x, w.lang)}</strong> — {w.codes[x.code] ?? x.code}
            {x.round > 0 ? ` (${w.roundWord.replace('{n}', String(x.round))})` : ''}
          </li>
        ))}
      </ul>
      {hint && <p className="hint">{hint}</p>}
    </div>
  );
}

function FileView({ file }: { file: ConsolidatedFile }) {
  const w = useScreenWords(CONSOLIDATION_WORDS);
  const { lang } = w;
  const missing = file.warnings.filter((x) => x.code === 'no-file');
  const included = file.warnings.filter((x) => x.code !== 'no-file');
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{w.file}</dt>
          <dd className="mono" data-verbatim="">
            {file.fileName}
          </dd>
        </div>
        <div>
          <dt>{w.statusLabel}</dt>
          <dd>
            <span className={`badge file-${file.status}`}>{w.status[file.status]}</span>
          </dd>
        </div>
        <div>
          <dt>{w.requested}</dt>
          <dd>
            {file.requestedByName ?? '—'}
            {file.requestedByRole ? ` (${w.roles[file.requestedByRole] ?? ''})` : ''} · {when(file.requestedAt, lang)}
          </dd>
        </div>
        {file.status === 'WRITTEN' && (
          <>
            <div>
              <dt>{w.writtenAt}</dt>
              <dd>{when(file.writtenAt, lang)}</dd>
            </div>
            <div>
              <dt>{w.recordsLabel}</dt>
              <dd data-records={file.records ?? 0}>{count(file.records ?? 0, w.records, lang)}</dd>
            </div>
            <div>
              <dt>{w.size}</dt>
              <dd>{w.kb.replace('{n}', String(Math.ceil((file.sizeBytes ?? 0) / 1024)))}</dd>
            </div>
            <div>
              <dt>{w.sha}</dt>
              <dd className="mono" data-verbatim="">
                {file.sha256}
              </dd>
            </div>
          </>
        )}
      </dl>
      {file.status === 'QUEUED' && file.progress && (
        <p role="status">
          <progress max={Math.max(file.progress.of, 1)} value={file.progress.records} />{' '}
          {w.progress
            .replace('{written}', String(file.progress.records))
            .replace('{total}', count(file.progress.of, w.records, lang))}
        </p>
      )}
      {file.status === 'REFUSED' && (
        <p role="alert" className="problem">
          {w.refused.replace('{names}', missing.map((x) => nameOf(x, lang)).join(', '))}
        </p>
      )}
      {file.status === 'WRITTEN' && included.length > 0 && (
        <NotReady title={w.warnedTitle} warnings={included} testId="after" />
      )}
    </>
  );
}

/** The regions, by name, for those who choose one (the CEC coordinator, the admin): from the board. */
function RegionChoice({ value, label, empty }: { value: string; label: string; empty: string }) {
  const { lang } = useWords();
  const [regions, setRegions] = useState<{ code: string; nameRu: string; nameKk: string }[]>([]);
  useEffect(() => {
    void api<{ regions: { regionCode: string; nameRu: string; nameKk: string }[] }>('GET', '/v1/board')
      .then((b) => setRegions(b.regions.map((r) => ({ code: r.regionCode, nameRu: r.nameRu, nameKk: r.nameKk }))))
      .catch(() => setRegions([]));
  }, []);
  return (
    <label>
      {label}
      <select name="region" defaultValue={value} key={`${value}-${regions.length}`}>
        <option value="">{empty}</option>
        {regions.map((r) => (
          <option key={r.code} value={r.code}>
            {lang === 'kk' ? r.nameKk : r.nameRu}
          </option>
        ))}
      </select>
    </label>
  );
}

/** On the SUBMIT_TO_CEC task: the file being submitted, the districts not ready, and the way to the screen. */
export function CecSubmission({ period, regionCode }: { period: string; regionCode: string }) {
  const w = useScreenWords(CONSOLIDATION_WORDS);
  const { lang } = w;
  const [file, setFile] = useState<ConsolidatedFile | null | undefined>(undefined);
  const [warnings, setWarnings] = useState<Warning[]>([]);
  useEffect(() => {
    const q = new URLSearchParams({ period, regionCode });
    void api<{ items: ConsolidatedFile[] }>('GET', `/v1/consolidated-files?${q}`)
      .then((r) => setFile(r.items.find((f) => f.status === 'WRITTEN') ?? null))
      .catch(() => setFile(null));
    void api<Readiness>('GET', `/v1/consolidated-files/readiness?${q}`)
      .then((r) => setWarnings(r.warnings))
      .catch(() => setWarnings([]));
  }, [period, regionCode]);
  return (
    <div className="cec-submission" data-cec-file={file?.id ?? ''}>
      <h3>{w.taskSubmitting}</h3>
      {file === undefined ? null : file ? (
        <p>
          {w.taskFile
            .replace('{file}', file.fileName)
            .replace('{records}', count(file.records ?? 0, w.records, lang))
            .replace('{at}', when(file.writtenAt, lang))}
        </p>
      ) : (
        <p className="hint">{w.taskNoFile}</p>
      )}
      {warnings.length > 0 && (
        <p className="problem warning" data-not-ready="task">
          {w.taskWarned.replace(
            '{names}',
            warnings.map((x) => `${nameOf(x, lang)} (${w.codes[x.code] ?? x.code})`).join('; '),
          )}
        </p>
      )}
      <a
        href={`#/consolidation?${new URLSearchParams({ period, region: regionCode })}`}
        onClick={(e) => {
          e.preventDefault();
          go('consolidation', { period, region: regionCode });
        }}
      >
        {w.open}
      </a>
    </div>
  );
}

/**
 * The CEC act number of the SUBMIT_TO_CEC task. An empty number is said by the console's form check
 * (form-check.tsx: «Заполните: Номер акта.», focus on the field), as every form's missing field is.
 */
export function CecActNumber({ label }: { label: string }) {
  return (
    <label>
      {label}
      <input name="actNumber" required />
    </label>
  );
}
