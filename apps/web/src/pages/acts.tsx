/**
 * Acceptance-transfer acts (CEC Rules 11/196 para 5), both sides of them. The akimat's registrar
 * declares the act from the files Tizim accepted for their district (names, bytes, records and the
 * SHA-256 as received), then signs it; the district commission sees the acts awaiting receipt,
 * checks each against the files received (file by file: name, size, records, SHA-256, as the API
 * judges them), records receipt and signs. Signing is through NCALayer with the official's signing
 * key (ncalayer.ts; the developer's PKCS#8 key file where the API allows it): exactly the act's
 * frozen text is signed, the key never leaves the computer. Both see the act's PDF. Officials act in
 * their own name, so each side's forms appear only to that side's own representative, as the API
 * allows.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, can, download, type Me } from '../api';
import { certificateFingerprint, sha256Hex, signWithKeyFile } from '../eds';
import { NcaLayerAlert, SignDocumentButtons, signText, useEdsOptions } from '../eds-sign';
import { useWords, type Lang } from '../i18n';
import { NcaLayerError } from '../ncalayer';
import { comingPeriod, count, go, ProblemView, usePolling, when, type Route, ScrollRegion } from '../ui';
import { ACTS_WORDS } from '../words/acts';
import { useScreenWords } from '../words/define';
import { NCALAYER_WORDS } from '../words/ncalayer';

type Side = 'akimat' | 'commission';
interface Named {
  id: string;
  nameRu: string;
  nameKk: string;
}
interface Person {
  holder: string;
  name: string;
  position: string;
}
interface ActItem {
  id: string;
  number: string;
  period: string;
  district: Named;
  status: string;
  akimat: Person;
  handedOverAt: string;
  commission: Person | null;
  receivedAt: string | null;
  signedAt: string | null;
  files: number;
  records: number;
  signedBy: Side[];
}
interface ActView {
  id: string;
  number: string;
  period: string;
  district: Named;
  status: string;
  akimat: Person;
  handedOverAt: string;
  commission: Person | null;
  receivedAt: string | null;
  files: { kind: string; name: string; sizeBytes: number; records: number; sha256: string | null }[];
  canonical: string;
  sha256: string | null;
  signatures: {
    side: Side;
    signer: { name: string };
    signedAt: string;
    certificate: { subject?: string; serial?: string };
    /** The TSA's stamp (issue 27: CMS signatures are timestamped), null or absent for a key-file one. */
    timestamp?: { time: string } | null;
  }[];
}
interface FileCheck {
  index: number;
  declared: { kind: string; name: string; sizeBytes: number; records: number; sha256?: string };
  verdict: string;
  received: { fileName: string; sizeBytes: number; records: number | null; sha256: string } | null;
  same: { kind: boolean; name: boolean; sizeBytes: boolean; records: boolean; sha256: boolean | null } | null;
  onAct: string | null;
}
interface Check {
  matches: boolean;
  files: FileCheck[];
}
interface ReceivedFile {
  id: string;
  kind: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  status: string;
  records: number | null;
  receivedAt: string;
}

const READ_REASON = 'console: the transfer acts screen';
const reason = `reason=${encodeURIComponent(READ_REASON)}`;
export const nameOf = (n: Named | null | undefined, lang: Lang): string =>
  n ? (lang === 'kk' ? n.nameKk : n.nameRu) : '';
const bytes = (n: number) => n.toLocaleString('ru-RU');
const KIND_KEY = (kind: string) => kind.toUpperCase();

/** Moves focus to an element once it is on screen (the result of an action). */
function useFocusOn(key: unknown) {
  const ref = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  return ref;
}

export function ActsPage({ me, route }: { me: Me; route: Route }) {
  const { t, lang } = useWords();
  const w = useScreenWords(ACTS_WORDS);
  const period = route.params.get('period') ?? comingPeriod();
  const ownDistrict = me.districtId ?? null;
  const districtId = ownDistrict ?? route.params.get('district') ?? '';
  const actId = route.params.get('act');
  const [acts, setActs] = useState<ActItem[] | null>(null);
  const [district, setDistrict] = useState<Named | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<string | null>(null);
  const [declared, setDeclared] = useState<string | null>(null);

  const load = useCallback(async () => {
    const q = new URLSearchParams({ period, ...(districtId ? { districtId } : {}) });
    try {
      const page = await api<{ items: ActItem[]; district: Named | null }>('GET', `/v1/transfer-acts?${q}`);
      setActs(page.items);
      setDistrict(page.district);
    } catch (err) {
      setError(err);
    }
  }, [period, districtId]);
  usePolling(load, 15_000);

  const params = (extra: Record<string, string> = {}) => ({
    period,
    ...(districtId && !ownDistrict ? { district: districtId } : {}),
    ...extra,
  });
  const filter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const p = String(f.get('period') ?? '').trim();
    if (!/^\d{4}-(01|07)$/.test(p)) {
      setLocal(w.periodInvalid);
      return;
    }
    setLocal(null);
    const d = String(f.get('district') ?? '').trim();
    go('acts', { period: p, ...(d ? { district: d } : {}) });
  };
  const districtName = nameOf(district, lang) || districtId;
  const waiting = acts?.filter((a) => a.status === 'DRAFT').length ?? 0;

  return (
    <section>
      <h1>{w.title}</h1>
      <form className="inline" onSubmit={filter} noValidate>
        <label>
          {t.period}
          <input name="period" defaultValue={period} size={8} />
        </label>
        {ownDistrict ? (
          <p className="fixed">
            <span className="hint">{t.district}</span>
            <br />
            <strong>{districtName}</strong>
          </p>
        ) : (
          <label>
            {t.district}
            <input name="district" defaultValue={districtId} size={8} />
          </label>
        )}
        <button type="submit">{t.filter}</button>
      </form>
      {local && (
        <div role="alert" className="problem">
          {local}
        </div>
      )}
      <ProblemView error={error} />
      {declared && (
        <p role="status" className="done">
          {w.declared(declared)}
        </p>
      )}
      {can(me, 'POST /v1/transfer-acts') && me.role === 'AKIMAT_REGISTRAR' && districtId && !actId && (
        <DeclareForm
          me={me}
          period={period}
          districtId={districtId}
          districtName={districtName}
          onDeclared={(act) => {
            setDeclared(act.number);
            void load();
            go('acts', params({ act: act.id }));
          }}
        />
      )}
      {actId && <ActCard key={actId} me={me} id={actId} onChanged={load} onClose={() => go('acts', params())} />}
      <h2>{w.listTitle(period)}</h2>
      {acts && acts.length > 0 && (
        <p className="hint" data-waiting={waiting}>
          {w.waiting(waiting)}
        </p>
      )}
      {acts && acts.length === 0 && <p>{t.none}</p>}
      {acts && acts.length > 0 && (
        <ScrollRegion>
          <table className="acts">
            <caption className="sr-only">{w.listTitle(period)}</caption>
            <thead>
              <tr>
                <th scope="col">№</th>
                <th scope="col">{t.district}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.recordsCol}</th>
                <th scope="col">{t.handedOver}</th>
                <th scope="col">{w.received}</th>
                <th scope="col">{w.signedBy}</th>
                <th scope="col">
                  <span className="sr-only">{w.open}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {acts.map((a) => (
                <tr key={a.id} data-act-row={a.id} data-status={a.status} aria-current={a.id === actId || undefined}>
                  <td>{a.number}</td>
                  <td>{nameOf(a.district, lang)}</td>
                  <td>{t.actStatus[a.status] ?? a.status}</td>
                  <td className="num">{a.records}</td>
                  <td>
                    {when(a.handedOverAt, lang)}
                    <br />
                    <span className="hint" data-name="">
                      {a.akimat.name}
                    </span>
                  </td>
                  <td>
                    {when(a.receivedAt, lang)}
                    {a.commission && (
                      <>
                        <br />
                        <span className="hint" data-name="">
                          {a.commission.name}
                        </span>
                      </>
                    )}
                  </td>
                  <td>{a.signedBy.length ? a.signedBy.map((s) => w.sides[s]).join(', ') : '—'}</td>
                  <td>
                    <button
                      type="button"
                      aria-label={w.openAct(a.number)}
                      onClick={() => go('acts', params({ act: a.id }))}
                    >
                      {w.open}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

/** The registrar declares the act from the files Tizim accepted for the district and period. */
function DeclareForm({
  me,
  period,
  districtId,
  districtName,
  onDeclared,
}: {
  me: Me;
  period: string;
  districtId: string;
  districtName: string;
  onDeclared: (act: { id: string; number: string }) => void;
}) {
  const { t, lang } = useWords();
  const w = useScreenWords(ACTS_WORDS);
  const [files, setFiles] = useState<ReceivedFile[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const localRef = useFocusOn(local);

  useEffect(() => {
    const q = new URLSearchParams({ period, districtId });
    void api<{ items: { files: ReceivedFile[] }[] }>('GET', `/v1/submissions?${q}`)
      .then((page) => {
        const accepted = page.items
          .flatMap((s) => s.files)
          .filter((f) => f.status === 'ACCEPTED')
          .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
        setFiles(accepted);
        // The latest accepted file of each kind, as the act usually lists them.
        const latest = new Map<string, string>();
        for (const f of accepted) if (!latest.has(f.kind)) latest.set(f.kind, f.id);
        setChosen(new Set(latest.values()));
      })
      .catch(setError);
  }, [period, districtId]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const position = String(form.get('position') ?? '').trim();
    const number = String(form.get('number') ?? '').trim();
    const picked = (files ?? []).filter((f) => chosen.has(f.id));
    const kinds = picked.map((f) => f.kind);
    const twice = [...new Set(kinds.filter((k, i) => kinds.indexOf(k) !== i))];
    setError(null);
    if (picked.length === 0) return setLocal(w.needFile);
    if (twice.length) return setLocal(w.oneOfKind(twice.map((k) => t.fileKindsShort[KIND_KEY(k)] ?? k).join(', ')));
    if (!position) return setLocal(w.needPosition);
    setLocal(null);
    setBusy(true);
    try {
      const act = await api<{ id: string; number: string }>('POST', '/v1/transfer-acts', {
        period,
        districtId,
        ...(number ? { number } : {}),
        akimat: { holder: me.id, name: me.fullName, position },
        files: picked.map((f) => ({
          kind: f.kind.toLowerCase(),
          name: f.fileName,
          sizeBytes: f.sizeBytes,
          records: f.records ?? 0,
          sha256: f.sha256,
        })),
      });
      onDeclared(act);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="declare-heading">
      <h2 id="declare-heading">{w.declareTitle(districtName, period)}</h2>
      <p className="hint">{w.declareHint}</p>
      {files && files.length === 0 && <p>{w.noAccepted}</p>}
      {files && files.length > 0 && (
        <ScrollRegion>
          <table>
            <caption>{w.filesToChoose}</caption>
            <thead>
              <tr>
                <th scope="col">{w.inAct}</th>
                <th scope="col">{t.fileKind}</th>
                <th scope="col">{t.fileCol}</th>
                <th scope="col">{t.size}</th>
                <th scope="col">{t.recordsCol}</th>
                <th scope="col">{t.when}</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.id} data-file={f.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={w.includeFile(f.fileName)}
                      checked={chosen.has(f.id)}
                      onChange={(e) => {
                        const next = new Set(chosen);
                        if (e.target.checked) next.add(f.id);
                        else next.delete(f.id);
                        setChosen(next);
                      }}
                    />
                  </td>
                  <td>{t.fileKindsShort[KIND_KEY(f.kind)] ?? f.kind}</td>
                  <td data-verbatim="">{f.fileName}</td>
                  <td className="num">
                    {bytes(f.sizeBytes)} {t.bytes}
                  </td>
                  <td className="num">{count(f.records ?? 0, t.recordForms, lang)}</td>
                  <td>{when(f.receivedAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <div className="inline">
        <label>
          {w.position}
          <input name="position" size={36} />
        </label>
        <label>
          {w.number}
          <input name="number" size={16} />
        </label>
        <button type="submit" disabled={busy || !files?.length}>
          {w.declare}
        </button>
      </div>
      {local && (
        <div role="alert" className="problem" tabIndex={-1} ref={(el) => void (localRef.current = el)}>
          {local}
        </div>
      )}
      <ProblemView error={error} />
    </form>
  );
}

/** One act: its files and sides, the check against the files received, receipt, signatures, PDF. */
function ActCard({
  me,
  id,
  onChanged,
  onClose,
}: {
  me: Me;
  id: string;
  onChanged: () => Promise<void>;
  onClose: () => void;
}) {
  const { t, lang } = useWords();
  const w = useScreenWords(ACTS_WORDS);
  const [act, setAct] = useState<ActView | null>(null);
  const [check, setCheck] = useState<Check | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useFocusOn(done);
  const headingRef = useRef<HTMLHeadingElement | null>(null);

  const load = useCallback(async () => {
    try {
      const view = await api<ActView>('GET', `/v1/transfer-acts/${id}?${reason}`);
      setAct(view);
      if (view.status === 'DRAFT' || can(me, 'POST /v1/transfer-acts/:id/receipt'))
        setCheck(await api<Check>('GET', `/v1/transfer-acts/${id}/check?${reason}`));
    } catch (err) {
      setError(err);
    }
  }, [id, me]);
  useEffect(() => void load(), [load]);
  // The act opened (or just declared) takes the focus once it is on screen.
  const shown = act?.id;
  useEffect(() => {
    if (shown) headingRef.current?.focus();
  }, [shown]);

  const after = async (message: string) => {
    await load();
    await onChanged();
    setDone(message);
  };

  if (!act)
    return (
      <>
        <ProblemView error={error} />
        {!error && <p>{t.loading}</p>}
      </>
    );
  const side: Side | null =
    me.role === 'AKIMAT_REGISTRAR' ? 'akimat' : me.role === 'DISTRICT_COMMISSION' ? 'commission' : null;
  const representative = side === 'akimat' ? act.akimat : side === 'commission' ? act.commission : null;
  const mySignature = side ? act.signatures.find((s) => s.side === side) : undefined;
  const maySign =
    side !== null &&
    can(me, 'POST /v1/transfer-acts/:id/signatures') &&
    act.status !== 'DRAFT' &&
    representative?.holder === me.id &&
    !mySignature;
  const mayReceive =
    act.status === 'DRAFT' && me.role === 'DISTRICT_COMMISSION' && can(me, 'POST /v1/transfer-acts/:id/receipt');
  const district = nameOf(act.district, lang);

  return (
    <article className="card act" data-act-view={act.id} data-status={act.status} aria-labelledby="act-heading">
      <h2 id="act-heading" tabIndex={-1} ref={headingRef}>
        {w.actTitle(act.number, district)}: {t.actStatus[act.status] ?? act.status}
      </h2>
      {done && (
        <p role="status" className="done" tabIndex={-1} ref={(el) => void (doneRef.current = el)}>
          {done}
        </p>
      )}
      <ProblemView error={error} />
      <ScrollRegion>
        <table>
          <caption>{t.actFiles}</caption>
          <thead>
            <tr>
              <th scope="col">{t.fileKind}</th>
              <th scope="col">{t.fileCol}</th>
              <th scope="col">{t.size}</th>
              <th scope="col">{t.recordsCol}</th>
              <th scope="col">{w.hashCol}</th>
            </tr>
          </thead>
          <tbody>
            {act.files.map((f, i) => (
              <tr key={i}>
                <td>{t.fileKindsShort[KIND_KEY(f.kind)] ?? f.kind}</td>
                <td data-verbatim="">{f.name}</td>
                <td className="num">
                  {bytes(f.sizeBytes)} {t.bytes}
                </td>
                <td className="num">{f.records}</td>
                <td className="mono" data-verbatim="">
                  {f.sha256 ? `${f.sha256.slice(0, 16)}…` : '—'}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                {t.totalRecords}
              </th>
              <td className="num">{act.files.reduce((n, f) => n + f.records, 0)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </ScrollRegion>
      <dl className="facts">
        <div>
          <dt>{w.akimatSide}</dt>
          <dd>
            <span data-name="">{act.akimat.name}</span>, {act.akimat.position} · {when(act.handedOverAt, lang)}
          </dd>
        </div>
        <div>
          <dt>{w.commissionSide}</dt>
          <dd>
            {act.commission
              ? `${act.commission.name}, ${act.commission.position} · ${when(act.receivedAt, lang)}`
              : w.notYet}
          </dd>
        </div>
        {act.sha256 && (
          <div>
            <dt>{t.sha}</dt>
            <dd className="mono" data-verbatim="">
              {act.sha256}
            </dd>
          </div>
        )}
      </dl>
      <h3>{t.signatures}</h3>
      {act.signatures.length === 0 ? (
        <p className="hint">{act.status === 'DRAFT' ? w.awaitReceipt : w.notYet}</p>
      ) : (
        <ul>
          {act.signatures.map((s) => (
            <li key={s.side} data-signature={s.side}>
              {w.sides[s.side]}: <span data-name="">{s.signer.name}</span> · {when(s.signedAt, lang)}
              {s.timestamp && <> · {w.timestampAt(when(s.timestamp.time, lang))}</>}
            </li>
          ))}
        </ul>
      )}
      {act.status === 'SIGNED' && side === 'akimat' && <p className="hint">{w.bothSigned(t.kinds.SUBMIT_FILES)}</p>}
      <p>
        <button
          type="button"
          onClick={() =>
            download(`/v1/transfer-acts/${act.id}/act.pdf?lang=${lang}&${reason}`, `akt_${act.number}.pdf`, true).catch(
              setError,
            )
          }
        >
          {t.actPdf}
        </button>{' '}
        <button type="button" onClick={onClose}>
          {w.close}
        </button>
      </p>
      {check && (
        <CheckTable
          check={check}
          received={act.status !== 'DRAFT'}
          onAgain={() => api<Check>('GET', `/v1/transfer-acts/${id}/check?${reason}`).then(setCheck, setError)}
        />
      )}
      {mayReceive && (
        <ReceiptForm
          me={me}
          act={act}
          onReceived={() => after(w.receiptRecorded(act.number))}
          onMismatch={() => api<Check>('GET', `/v1/transfer-acts/${id}/check?${reason}`).then(setCheck, setError)}
        />
      )}
      {maySign && side && <SignForm act={act} side={side} onSigned={() => after(w.signedOk(w.sides[side]))} />}
    </article>
  );
}

function CheckTable({ check, received, onAgain }: { check: Check; received: boolean; onAgain: () => void }) {
  const { t } = useWords();
  const w = useScreenWords(ACTS_WORDS);
  const mark = (ok: boolean | null | undefined) =>
    ok === null || ok === undefined ? w.notDeclared : ok ? w.same : w.differs;
  const cls = (ok: boolean | null | undefined) => (ok === false ? 'state-overdue' : ok ? 'state-met' : undefined);
  return (
    <section aria-labelledby="check-heading" data-check={check.matches ? 'matches' : 'differs'}>
      <h3 id="check-heading">{w.checkTitle}</h3>
      <p className={check.matches ? 'done' : 'problem'}>
        {check.matches ? (received ? w.allMatchReceived : w.allMatch) : w.someDiffer}
      </p>
      <ScrollRegion>
        <table className="check">
          <caption>{w.checkCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{w.declaredCol}</th>
              <th scope="col">{w.receivedCol}</th>
              <th scope="col">{t.size}</th>
              <th scope="col">{t.recordsCol}</th>
              <th scope="col">{w.hashCol}</th>
              <th scope="col">{w.verdictCol}</th>
            </tr>
          </thead>
          <tbody>
            {check.files.map((f) => (
              <tr key={f.index} data-check-file={f.declared.name} data-verdict={f.verdict}>
                <td data-verbatim="">{f.declared.name}</td>
                <td className={cls(f.same?.name)}>
                  {f.received ? `${f.received.fileName} — ${mark(f.same?.name)}` : '—'}
                </td>
                <td className={cls(f.same?.sizeBytes)}>
                  {bytes(f.declared.sizeBytes)} {t.bytes}
                  {f.received && f.same && !f.same.sizeBytes ? ` / ${bytes(f.received.sizeBytes)} ${t.bytes}` : ''}
                  {f.same ? ` — ${mark(f.same.sizeBytes)}` : ''}
                </td>
                <td className={cls(f.same?.records)}>
                  {f.declared.records}
                  {f.received && f.same && !f.same.records ? ` / ${f.received.records ?? '—'}` : ''}
                  {f.same ? ` — ${mark(f.same.records)}` : ''}
                </td>
                <td className={cls(f.same?.sha256)}>
                  <span className="mono" data-verbatim="">
                    {f.declared.sha256 ? `${f.declared.sha256.slice(0, 12)}…` : ''}
                  </span>
                  {f.same ? ` ${mark(f.same.sha256)}` : ''}
                </td>
                <td className={f.verdict === 'matches' ? 'state-met' : 'state-overdue'}>
                  {f.verdict === 'on-another-act' && f.onAct ? w.onAct(f.onAct) : (w.verdicts[f.verdict] ?? f.verdict)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <button type="button" onClick={onAgain}>
        {w.checkAgain}
      </button>
    </section>
  );
}

/** The commission records receipt in its representative's (the official's own) name. */
function ReceiptForm({
  me,
  act,
  onReceived,
  onMismatch,
}: {
  me: Me;
  act: ActView;
  onReceived: () => Promise<void>;
  onMismatch: () => void;
}) {
  const w = useScreenWords(ACTS_WORDS);
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const position = String(new FormData(e.currentTarget).get('position') ?? '').trim();
    setError(null);
    if (!position) return setLocal(w.needPosition);
    setLocal(null);
    setBusy(true);
    try {
      await api('POST', `/v1/transfer-acts/${act.id}/receipt`, {
        commission: { holder: me.id, name: me.fullName, position },
      });
      await onReceived();
    } catch (err) {
      // The mismatches are shown file by file in the check above, in the console's words.
      if (err instanceof ApiError && err.problem.code === 'transfer-act.files-mismatch') {
        setError(new ApiError({ ...err.problem, errors: [] }));
        onMismatch();
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="receipt-heading">
      <h3 id="receipt-heading">{w.receiptTitle}</h3>
      <p className="hint">{w.receiptHint}</p>
      <div className="inline">
        <label>
          {w.position}
          <input name="position" size={36} />
        </label>
        <button type="submit" disabled={busy}>
          {w.recordReceipt}
        </button>
      </div>
      {local && (
        <div role="alert" className="problem">
          {local}
        </div>
      )}
      <ProblemView error={error} />
    </form>
  );
}

/**
 * One side signs the act's frozen text through NCALayer with the official's signing key (issue 27:
 * CMS with the text inside, POST /v1/transfer-acts/:id/signatures `{side, cms}`; the server adds the
 * trusted timestamp). Where the API allows the developer's key file, it is offered below as a second way.
 */
function SignForm({ act, side, onSigned }: { act: ActView; side: Side; onSigned: () => Promise<void> }) {
  const { t, lang } = useWords();
  const w = useScreenWords(ACTS_WORDS);
  const nca = useScreenWords(NCALAYER_WORDS);
  const options = useEdsOptions();
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const viaKeyFile = ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value === 'key-file';
    setError(null);
    setLocal(null);
    setBusy(true);
    try {
      // The text as it arrived is what is signed: its digest must be the one the server froze.
      if ((await sha256Hex(act.canonical)) !== act.sha256) return setLocal(t.idCard.textChanged);
      let signed: { cms: string } | { certificateId: string; signature: string; signedAt: string };
      if (viaKeyFile) {
        const key = form.get('key') as File | null;
        const certificate = form.get('certificate') as File | null;
        try {
          if (!key?.size || !certificate?.size) throw new Error('no files');
          signed = {
            certificateId: await certificateFingerprint(await certificate.text()),
            signature: await signWithKeyFile(await key.text(), act.canonical),
            signedAt: new Date().toISOString(),
          };
        } catch {
          return setLocal(t.idCard.keyUnreadable);
        }
      } else {
        signed = { cms: await signText(options, { text: act.canonical, purpose: 'sign', attached: true }, lang) };
      }
      await api('POST', `/v1/transfer-acts/${act.id}/signatures`, { side, ...signed });
      await onSigned();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="card"
      onSubmit={submit}
      noValidate
      aria-labelledby="sign-heading"
      onChange={() => {
        setError(null);
        setLocal(null);
      }}
    >
      <h3 id="sign-heading">{w.signTitle(w.sides[side])}</h3>
      {/* The exact bytes signed, as they are (machine-readable): the act's facts are shown above in words. */}
      <details>
        <summary id="act-text-label">{w.signedText}</summary>
        <pre className="signed" aria-labelledby="act-text-label" tabIndex={0} data-verbatim="">
          {act.canonical}
        </pre>
      </details>
      <p className="hint">
        SHA-256:{' '}
        <span className="mono" data-verbatim="">
          {act.sha256}
        </span>
      </p>
      <SignDocumentButtons
        options={options}
        busy={busy}
        label={nca.signInNcaLayer}
        keyFileLabel={w.sign}
        keyFileBusyLabel={w.signing}
      />
      {local && (
        <div role="alert" className="problem">
          {local}
        </div>
      )}
      <NcaLayerAlert error={error} />
      {!(error instanceof NcaLayerError) && <ProblemView error={error} />}
    </form>
  );
}
