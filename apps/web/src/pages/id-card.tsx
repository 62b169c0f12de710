/**
 * The online ID-card exchange for a region's migration service (the seed's УМС ДП): the region's
 * applications, the nearest review deadline first, the overdue and escalated ones marked in words;
 * one application read in full (audited, with the reason the screen gives); approval with the
 * officer's EDS over the exact approval text, signed through NCALayer (the key never leaves the
 * computer); annulment for one of the three reasons (the fee is refunded);
 * handing the card out by the ticket number the citizen shows. An admin reads every region and, as
 * the central production node, marks an application in production as made. What is offered is
 * what the API allows this official (GET /v1/auth/me routes).
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { knowsApiCode } from '../api-problems';
import { api, ApiError, can, send, type Me } from '../api';
import { certificateFingerprint, sha256Hex, signWithKeyFile } from '../eds';
import { NcaLayerAlert, SignDocumentButtons, signText, useEdsOptions } from '../eds-sign';
import { useWords } from '../i18n';
import { NcaLayerError } from '../ncalayer';
import { dayOf, go, ProblemView, todayInAlmaty, usePolling, when, type Route, ScrollRegion } from '../ui';
import { useScreenWords } from '../words/define';
import { ID_CARD_REVIEW_WORDS } from '../words/id-card-review';
import { NCALAYER_WORDS } from '../words/ncalayer';
import { usePlaceNames } from '../names';
import { PEOPLE_WORDS } from '../words/people';

interface IdCardApplication {
  id: string;
  status: string;
  ticketNumber: string | null;
  regionCode: string;
  iin: string;
  reason: string;
  documentNumber: string;
  expiresOn: string;
  submittedAt: string;
  reviewDueAt: string | null;
  overdue: boolean;
  escalatedAt: string | null;
  reviewedBy: string | null;
  reviewer: { fullName: string; role: string } | null;
  reviewedAt: string | null;
  photo: boolean;
  signature: boolean;
  annulReason: string | null;
  refusal: { code: string; ru: string; kk: string } | null;
  approvalSha256: string | null;
  producedAt: string | null;
  newDocumentNumber: string | null;
  pickupReminders: number;
  pickedUpAt: string | null;
  pickupEscalatedAt: string | null;
  fee: { id: string; amountTenge: number; status: string; refundedAt: string | null } | null;
}
interface Approval {
  text: string;
  sha256: string;
  ticketNumber: string;
}

const STATUSES = [
  'PENDING_REVIEW',
  'SUBMITTED',
  'IN_PRODUCTION',
  'READY_FOR_PICKUP',
  'PICKED_UP',
  'NOT_COLLECTED',
  'ANNULLED',
  'REFUSED',
];
const ANNUL_REASONS = ['BAD_PHOTO', 'BAD_SIGNATURE', 'FURTHER_CHECKS'];
// Kept in the audit trail with each full read: which screen read the personal data, and for what.
const READ_REASON = 'console: ID-card application review';
const SIGN_REASON = 'console: approval with EDS';
const IMAGE_REASON = 'console: photo and signature check';
const path = (id: string) => `/v1/id-card/applications/${id}`;

/** "подпись не сходится…" as the sentence it starts after the refusal's heading. */
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The API's status code for a refusal whose code does not say what it means for the application:
 * one the console has no words for, or the exchange workflow's own refusal or end
 * (`workflow.refused`, `workflow.ended`: the workflow's reason is its own English), to guess its
 * meaning by; null when ProblemView says it by its code, or for an error of the browser's own.
 */
const statusOf = (err: unknown) =>
  err instanceof ApiError &&
  (!knowsApiCode(err.problem.code) || err.problem.code === 'workflow.refused' || err.problem.code === 'workflow.ended')
    ? err.problem.status
    : null;

export function IdCardPage({ me, route }: { me: Me; route: Route }) {
  const { t, lang } = useWords();
  const place = usePlaceNames();
  const pw = useScreenWords(PEOPLE_WORDS);
  const mayReview = can(me, 'POST /v1/id-card/applications/:id/review');
  // An officer's working list is what awaits review; an admin (production node) sees everything.
  const status = route.params.get('status') ?? (mayReview ? 'PENDING_REVIEW' : '');
  const escalated = route.params.get('escalated') ?? '';
  const [rows, setRows] = useState<{ items: IdCardApplication[]; at: number } | null>(null);
  // The one application read in full; `at` says whether it is newer than the polled list.
  const [detail, setDetail] = useState<{ app: IdCardApplication; at: number } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    const q = new URLSearchParams({ ...(status ? { status } : {}), ...(escalated ? { escalated } : {}) });
    try {
      setRows({ items: await api<IdCardApplication[]>('GET', `/v1/id-card/applications?${q}`), at: Date.now() });
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [status, escalated]);
  usePolling(load, 10_000);

  const open = async (id: string) => {
    try {
      setError(null);
      setDetail({
        app: await api<IdCardApplication>('GET', `${path(id)}?reason=${encodeURIComponent(READ_REASON)}`),
        at: Date.now(),
      });
    } catch (err) {
      setError(err);
    }
  };
  // An action answers with the application in full: shown at once, the list refreshed behind it.
  const changed = async (app: IdCardApplication) => {
    setDetail({ app, at: Date.now() });
    await load();
  };

  const filter = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    // An empty choice is kept in the URL too, so "all" is not taken for the default queue.
    go('id-card', {
      status: String(f.get('status') ?? ''),
      ...(f.get('escalated') ? { escalated: String(f.get('escalated')) } : {}),
    });
  };

  // The list is polled (masked IINs); the full read is not, so that every read stays one audited
  // act. The card shows the list's fresher fields with the IIN of the full read.
  const listed = detail && rows?.items.find((a) => a.id === detail.app.id);
  const current = detail && (listed && rows!.at > detail.at ? { ...listed, iin: detail.app.iin } : detail.app);
  const overdue = rows?.items.filter((a) => a.overdue).length ?? 0;
  const escalatedCount = rows?.items.filter((a) => a.escalatedAt).length ?? 0;

  return (
    <section>
      <h1>
        {t.idCard.title}:{' '}
        {me.regionCode ? pw.migrationService.replace('{region}', place.region(me.regionCode)) : t.idCard.productionNode}
      </h1>
      {can(me, 'POST /v1/id-card/pickup') && <HandOutForm region={me.regionCode ?? null} onDone={changed} />}
      {/* Keyed by the filter, so the choices follow the URL when it changes (back, a link). */}
      <form noValidate className="inline" onSubmit={filter} key={`${status}|${escalated}`}>
        <label>
          {t.status}
          <select name="status" defaultValue={status}>
            <option value="">{t.any}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t.idCardStatus[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.idCard.escalation}
          <select name="escalated" defaultValue={escalated}>
            <option value="">{t.any}</option>
            <option value="true">{t.idCard.escalatedOnly}</option>
            <option value="false">{t.idCard.notEscalated}</option>
          </select>
        </label>
        <button type="submit">{t.filter}</button>
        {/* The counts are announced when they change; the polling time is not (it would be every minute). */}
        {rows && (
          <p className="hint">
            <span role="status">
              {t.idCard.overdueCount}: <strong>{overdue}</strong> · {t.idCard.escalatedCount}:{' '}
              <strong>{escalatedCount}</strong>
            </span>{' '}
            · {t.updated}: {when(new Date(rows.at), lang)}
          </p>
        )}
      </form>
      <ProblemView error={error} />
      {rows && rows.items.length === 0 && <p>{t.none}</p>}
      {rows && rows.items.length > 0 && <Queue items={rows.items} chosen={current?.id ?? null} onOpen={open} />}
      {current && <ApplicationCard key={current.id} me={me} app={current} onChange={changed} />}
    </section>
  );
}

/** The review deadline with what is wrong with it, in words (never colour alone). */
function Deadline({ app }: { app: IdCardApplication }) {
  const { t, lang } = useWords();
  return (
    <>
      {when(app.reviewDueAt, lang)}
      {app.overdue && <span className="badge due-overdue">{t.idCard.overdue}</span>}
      {app.escalatedAt && (
        <span className="badge escalated">
          {t.idCard.escalated} {when(app.escalatedAt, lang)}
        </span>
      )}
    </>
  );
}

function Queue({
  items,
  chosen,
  onOpen,
}: {
  items: IdCardApplication[];
  chosen: string | null;
  onOpen: (id: string) => void;
}) {
  const { t, lang } = useWords();
  return (
    <ScrollRegion label={t.idCards}>
      <table className="id-cards">
        <caption>{t.idCard.queue}</caption>
        <thead>
          <tr>
            <th scope="col">{t.idCard.ticket}</th>
            <th scope="col">{t.status}</th>
            <th scope="col">{t.idCard.reviewDue}</th>
            <th scope="col">{t.iin}</th>
            <th scope="col">{t.idCard.document}</th>
            <th scope="col">{t.idCard.submitted}</th>
            <th scope="col">{t.idCard.fee}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr
              key={a.id}
              data-application={a.id}
              data-status={a.status}
              aria-current={a.id === chosen ? 'true' : undefined}
              className={a.overdue ? 'late' : a.escalatedAt && a.status === 'PENDING_REVIEW' ? 'escalated' : undefined}
            >
              <th scope="row">
                <button
                  type="button"
                  className={`link${a.id === chosen ? ' chosen' : ''}`}
                  onClick={() => onOpen(a.id)}
                  aria-label={t.idCard.open.replace('{ticket}', a.ticketNumber ?? t.idCard.noTicket)}
                >
                  {a.ticketNumber ?? t.idCard.noTicket}
                </button>
              </th>
              <td>{t.idCardStatus[a.status] ?? a.status}</td>
              <td>
                <Deadline app={a} />
              </td>
              <td className="mono" data-verbatim="">
                {a.iin}
              </td>
              <td>
                № {a.documentNumber}
                <small>
                  {t.idCard.validUntil} {dayOf(a.expiresOn, lang)}
                </small>
              </td>
              <td>{when(a.submittedAt, lang)}</td>
              <td>
                {a.fee ? (
                  <>
                    {a.fee.amountTenge.toLocaleString('ru-RU')} {t.idCard.tenge}
                    <small>{t.feeStatus[a.fee.status] ?? a.fee.status}</small>
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

function ApplicationCard({
  me,
  app,
  onChange,
}: {
  me: Me;
  app: IdCardApplication;
  onChange: (app: IdCardApplication) => Promise<void>;
}) {
  const { t, lang } = useWords();
  const review = useScreenWords(ID_CARD_REVIEW_WORDS);
  const place = usePlaceNames();
  const awaitingReview = app.status === 'PENDING_REVIEW';
  // The officer's decision, confirmed in words once the application leaves review (focus moves to it).
  const wasAwaiting = useRef(awaitingReview);
  const [decided, setDecided] = useState<string | null>(null);
  const confirmation = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (wasAwaiting.current && (app.status === 'IN_PRODUCTION' || app.status === 'ANNULLED')) setDecided(app.status);
    wasAwaiting.current = app.status === 'PENDING_REVIEW';
  }, [app.status]);
  useEffect(() => {
    if (decided) confirmation.current?.focus();
  }, [decided]);
  return (
    <article className="card" aria-labelledby="id-card-heading" data-application={app.id} data-status={app.status}>
      <h2 id="id-card-heading" aria-live="polite">
        {t.idCard.application}, {t.idCard.ticket.toLowerCase()} № {app.ticketNumber ?? t.idCard.noTicket}:{' '}
        {t.idCardStatus[app.status] ?? app.status}
      </h2>
      {decided && (
        <p role="status" className="done" tabIndex={-1} ref={confirmation} data-decided={decided}>
          {(decided === 'IN_PRODUCTION' ? review.approved : review.annulled).replace(
            '{ticket}',
            app.ticketNumber ?? '',
          )}
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>{t.iin}</dt>
          <dd className="mono" data-verbatim="">
            {app.iin}
          </dd>
        </div>
        <div>
          <dt>{t.idCard.exchangeReason}</dt>
          <dd>{t.exchangeReasons[app.reason] ?? app.reason}</dd>
        </div>
        <div>
          <dt>{t.idCard.document}</dt>
          <dd>
            № {app.documentNumber}, {t.idCard.validUntil} {dayOf(app.expiresOn, lang)}
          </dd>
        </div>
        <div>
          <dt>{t.region}</dt>
          <dd>{place.region(app.regionCode)}</dd>
        </div>
        <div>
          <dt>{t.idCard.submitted}</dt>
          <dd>{when(app.submittedAt, lang)}</dd>
        </div>
        <div>
          <dt>{t.idCard.reviewDue}</dt>
          <dd>
            <Deadline app={app} />
          </dd>
        </div>
        {app.fee && (
          <div>
            <dt>{t.idCard.fee}</dt>
            <dd>
              {app.fee.amountTenge.toLocaleString('ru-RU')} {t.idCard.tenge},{' '}
              {t.feeStatus[app.fee.status] ?? app.fee.status}
              {app.fee.refundedAt ? ` ${when(app.fee.refundedAt, lang)}` : ''}
            </dd>
          </div>
        )}
        {app.refusal && (
          <div>
            <dt>{t.idCard.refusal}</dt>
            <dd>{app.refusal[lang]}</dd>
          </div>
        )}
        {app.reviewedBy && (
          <div>
            <dt>{t.idCard.reviewedBy}</dt>
            <dd data-reviewer>
              {app.reviewer ? app.reviewer.fullName : '—'}
              {app.reviewer
                ? ` (${review.roles[app.reviewer.role] ?? ''}${app.reviewedBy === me.id ? `, ${review.you}` : ''})`
                : ''}{' '}
              · {when(app.reviewedAt, lang)}
            </dd>
          </div>
        )}
        {app.annulReason && (
          <div>
            <dt>{t.idCard.annulReason}</dt>
            <dd>{t.annulReasons[app.annulReason] ?? app.annulReason}</dd>
          </div>
        )}
        {app.approvalSha256 && (
          <div>
            <dt>{t.idCard.approvalSha}</dt>
            <dd className="mono" data-verbatim="" title={app.approvalSha256}>
              {app.approvalSha256.slice(0, 16)}…
            </dd>
          </div>
        )}
        {app.producedAt && (
          <div>
            <dt>{t.idCard.produced}</dt>
            <dd>{when(app.producedAt, lang)}</dd>
          </div>
        )}
        {app.newDocumentNumber && (
          <div>
            <dt>{t.idCard.newDocument}</dt>
            <dd>№ {app.newDocumentNumber}</dd>
          </div>
        )}
        {app.status === 'READY_FOR_PICKUP' && (
          <div>
            <dt>{t.idCard.reminders}</dt>
            <dd>{app.pickupReminders}</dd>
          </div>
        )}
        {app.pickedUpAt && (
          <div>
            <dt>{t.idCard.pickedUp}</dt>
            <dd>{when(app.pickedUpAt, lang)}</dd>
          </div>
        )}
        {app.pickupEscalatedAt && (
          <div>
            <dt>{t.idCard.notCollected}</dt>
            <dd>{when(app.pickupEscalatedAt, lang)}</dd>
          </div>
        )}
      </dl>
      {(awaitingReview || app.status === 'SUBMITTED') && <CitizenImages app={app} />}
      {awaitingReview && can(me, 'POST /v1/id-card/applications/:id/review') && (
        <div className="split2">
          <ApproveWithEds app={app} onDone={onChange} />
          <AnnulForm app={app} onDone={onChange} />
        </div>
      )}
      {app.status === 'IN_PRODUCTION' && can(me, 'POST /v1/id-card/applications/:id/produced') && (
        <ProducedForm app={app} onDone={onChange} />
      )}
      {app.status === 'READY_FOR_PICKUP' && can(me, 'POST /v1/id-card/pickup') && (
        <p className="hint">{t.idCard.readyHint}</p>
      )}
    </article>
  );
}

/**
 * The citizen's photo and signature image as the portal took them, read through the API's audited
 * route (the officer's region only) with the officer's token, shown from memory, never cached.
 */
function CitizenImages({ app }: { app: IdCardApplication }) {
  const w = useScreenWords(ID_CARD_REVIEW_WORDS);
  return (
    <section aria-labelledby="images-heading" className="citizen-images">
      <h3 id="images-heading">{w.imagesTitle}</h3>
      <p className="hint">{w.imagesHint}</p>
      <div className="split2">
        <CitizenImage id={app.id} kind="photo" present={app.photo} label={w.photo} missing={w.noPhoto} />
        <CitizenImage
          id={app.id}
          kind="signature"
          present={app.signature}
          label={w.signature}
          missing={w.noSignature}
        />
      </div>
    </section>
  );
}

function CitizenImage({
  id,
  kind,
  present,
  label,
  missing,
}: {
  id: string;
  kind: 'photo' | 'signature';
  present: boolean;
  label: string;
  missing: string;
}) {
  const w = useScreenWords(ID_CARD_REVIEW_WORDS);
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => {
    if (!present) return;
    let objectUrl: string | null = null;
    let gone = false;
    void send('GET', `${path(id)}/images/${kind}?reason=${encodeURIComponent(IMAGE_REASON)}`)
      .then((res) => res.blob())
      .then((blob) => {
        if (gone) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch((err: unknown) => setFailed(err ?? w.unreadable));
    return () => {
      gone = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
    // Read once per application and kind: each read is one audited act.
  }, [id, kind, present]);
  return (
    <figure className={`citizen-${kind}`} data-image={kind}>
      {!present ? (
        <p className="problem">{missing}</p>
      ) : failed ? (
        <ProblemView error={failed} />
      ) : url ? (
        <img src={url} alt={label} />
      ) : (
        <p className="hint">{w.loading}</p>
      )}
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/**
 * Approval with EDS: the officer first reads the exact text they sign (approval.json, audited),
 * then signs its UTF-8 bytes through NCALayer with their signing key (or, where the API allows the
 * developer's fallback, with key and certificate files in the browser).
 */
function ApproveWithEds({
  app,
  onDone,
}: {
  app: IdCardApplication;
  onDone: (app: IdCardApplication) => Promise<void>;
}) {
  const { t, lang } = useWords();
  const nca = useScreenWords(NCALAYER_WORDS);
  const options = useEdsOptions();
  const [approval, setApproval] = useState<Approval | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = async () => {
    try {
      setError(null);
      setApproval(
        await api<Approval>('GET', `${path(app.id)}/approval.json?reason=${encodeURIComponent(SIGN_REASON)}`),
      );
    } catch (err) {
      setError(err);
    }
  };

  const sign = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!approval) return;
    const form = new FormData(e.currentTarget);
    const viaKeyFile = ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value === 'key-file';
    setBusy(true);
    setError(null);
    setLocal(null);
    try {
      // The text as it arrived is what is signed: its digest must be the one the server computed.
      if ((await sha256Hex(approval.text)) !== approval.sha256) {
        setLocal(t.idCard.textChanged);
        return;
      }
      let signed: { cms: string } | { certificateId: string; signature: string };
      if (viaKeyFile) {
        try {
          signed = {
            certificateId: await certificateFingerprint(await (form.get('certificate') as File).text()),
            signature: await signWithKeyFile(await (form.get('key') as File).text(), approval.text),
          };
        } catch {
          // The browser could not read the files as a key and a certificate: nothing was sent.
          setLocal(t.idCard.keyUnreadable);
          return;
        }
      } else {
        // NCALayer with the officer's signing key; CMS with the text inside (issue 27's contract).
        signed = { cms: await signText(options, { text: approval.text, purpose: 'sign', attached: true }, lang) };
      }
      await onDone(await api<IdCardApplication>('POST', `${path(app.id)}/review`, { decision: 'APPROVE', ...signed }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const refusal =
    error instanceof ApiError && !knowsApiCode(error.problem.code)
      ? error.problem.errors.find((f) => f.field === 'signature')?.message
      : undefined;
  return (
    <section aria-labelledby="approve-heading">
      <h3 id="approve-heading">{t.idCard.approveTitle}</h3>
      <p className="hint">{t.idCard.approveHint}</p>
      {!approval ? (
        <button type="button" onClick={show}>
          {t.idCard.showText}
        </button>
      ) : (
        // A refusal was about the files chosen before: choosing others clears it.
        <form
          noValidate
          onSubmit={sign}
          onChange={() => {
            setError(null);
            setLocal(null);
          }}
        >
          <p id="signed-text-label">{t.idCard.signedText}</p>
          <pre className="signed" aria-labelledby="signed-text-label" tabIndex={0} data-verbatim="">
            {approval.text}
          </pre>
          <p className="hint">
            SHA-256:{' '}
            <span className="mono" data-verbatim="">
              {approval.sha256}
            </span>
          </p>
          <SignDocumentButtons
            options={options}
            busy={busy}
            label={nca.approveInNcaLayer}
            keyFileLabel={t.idCard.approve}
            keyFileBusyLabel={t.idCard.signing}
          />
        </form>
      )}
      {local && (
        <div role="alert" className="problem">
          {local}
        </div>
      )}
      <NcaLayerAlert error={error} />
      <ProblemView
        error={error instanceof NcaLayerError ? null : error}
        hint={
          refusal
            ? `${sentence(t.edsRefusals[refusal] ?? refusal)}.`
            : statusOf(error) === 409
              ? t.idCard.notAwaiting
              : null
        }
      />
    </section>
  );
}

/** Annulment for one of the seed's three grounds; no ground is preselected, so none is by accident. */
function AnnulForm({ app, onDone }: { app: IdCardApplication; onDone: (app: IdCardApplication) => Promise<void> }) {
  const { t } = useWords();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const annul = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('annulReason'));
    setBusy(true);
    try {
      setError(null);
      await onDone(await api<IdCardApplication>('POST', `${path(app.id)}/review`, { decision: 'ANNUL', reason }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form noValidate onSubmit={annul} aria-labelledby="annul-heading">
      <fieldset className="choices">
        <legend id="annul-heading">{t.idCard.annulTitle}</legend>
        {ANNUL_REASONS.map((r) => (
          <label key={r} className="choice">
            <input type="radio" name="annulReason" value={r} required /> {t.annulReasons[r]}
          </label>
        ))}
      </fieldset>
      <p className="hint">{t.idCard.annulHint}</p>
      <button type="submit" className="danger" disabled={busy}>
        {t.idCard.annul}
      </button>
      <ProblemView error={error} hint={statusOf(error) === 409 ? t.idCard.notAwaiting : null} />
    </form>
  );
}

/** The admin as the central production node: the new card's number and dates. */
function ProducedForm({ app, onDone }: { app: IdCardApplication; onDone: (app: IdCardApplication) => Promise<void> }) {
  const { t } = useWords();
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const v = (k: string) => String(f.get(k) ?? '');
    try {
      setError(null);
      await onDone(
        await api<IdCardApplication>('POST', `${path(app.id)}/produced`, {
          documentNumber: v('documentNumber').trim().toUpperCase(),
          issuedOn: v('issuedOn'),
          expiresOn: v('expiresOn'),
        }),
      );
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form noValidate className="inline" onSubmit={submit} aria-label={t.idCard.markProduced}>
      <label>
        {t.idCard.newDocumentNumber}
        <input name="documentNumber" required pattern="[A-Za-z0-9]{6,12}" size={14} autoComplete="off" />
      </label>
      <label>
        {t.idCard.issuedOn}
        <input name="issuedOn" type="date" required defaultValue={todayInAlmaty()} />
      </label>
      <label>
        {t.idCard.expiresOn}
        <input name="expiresOn" type="date" required />
      </label>
      <button type="submit">{t.idCard.markProduced}</button>
      <ProblemView error={error} />
    </form>
  );
}

/** Handing the card out: the ticket number the citizen shows, typed in, not picked from the list. */
function HandOutForm({ region, onDone }: { region: string | null; onDone: (app: IdCardApplication) => Promise<void> }) {
  const { t } = useWords();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<IdCardApplication | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    try {
      setError(null);
      setDone(null);
      const app = await api<IdCardApplication>('POST', '/v1/id-card/pickup', {
        ticketNumber: String(new FormData(form).get('ticketNumber')).trim(),
      });
      form.reset();
      setDone(app);
      await onDone(app);
    } catch (err) {
      setError(err);
    }
  };
  const status = statusOf(error);
  // A ticket not found is said by its code (id-card.ticket-not-found); a 409 of the workflow's own is guessed here.
  const hint = status === 409 ? t.idCard.pickupNotReady : null;
  return (
    <form noValidate className="card" onSubmit={submit} aria-labelledby="hand-out-heading">
      <h2 id="hand-out-heading">{t.idCard.handOutTitle}</h2>
      <div className="inline">
        <label>
          {t.idCard.ticketNumber}
          <input
            name="ticketNumber"
            required
            pattern="\s*\d{2}-\d{6}-\d{6}\s*"
            placeholder={`${region ?? '71'}-261203-004211`}
            size={20}
            autoComplete="off"
            aria-describedby="hand-out-hint"
          />
        </label>
        <button type="submit">{t.idCard.handOut}</button>
      </div>
      <p className="hint" id="hand-out-hint">
        {t.idCard.handOutHint}
      </p>
      {done && (
        <p role="status" className="done" data-picked-up={done.ticketNumber ?? ''}>
          {t.idCard.handedOut
            .replace('{ticket}', done.ticketNumber ?? '')
            .replace('{document}', done.newDocumentNumber ?? '—')}
        </p>
      )}
      <ProblemView error={error} hint={hint} />
    </form>
  );
}
