/**
 * Signers' EDS certificates (admins): registered for an official chosen by name (the PEM file),
 * listed with their holder, validity and state, revoked with a reason. With
 * TIZIM_CERTIFICATE_APPROVALS=two-admins a registration or revocation is a request: another admin
 * approves it, or rejects it with a reason, from the list.
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Me } from '../api';
import { dayOf, ProblemView, when, ScrollRegion } from '../ui';
import { CERTIFICATES_WORDS } from '../words/certificates';
import { useScreenWords } from '../words/define';
import { OFFICIALS_WORDS } from '../words/officials';
import { Done, FilePick, fill, FormProblems, inWords, useDone } from './admin-kit';
import { NCA_CHAIN_REGISTRAR } from '../../../../libs/contracts/roles';

interface Certificate {
  id: string;
  holder: string;
  holderName: string;
  holderRole: string;
  publicKeyAlgorithm: string;
  fingerprint: string;
  notBefore: string;
  notAfter: string;
  revokedAt: string | null;
  revocationReason: string | null;
  revokedByName: string | null;
  registeredAt: string;
  registeredBy: string;
  registeredByName: string | null;
  /** A request waiting for a second admin (TIZIM_CERTIFICATE_APPROVALS=two-admins). */
  pending: 'registration' | 'revocation' | null;
  revocationRequestedBy: string | null;
  revocationRequestedByName: string | null;
  revocationRequestReason: string | null;
}

interface Official {
  id: string;
  fullName: string;
  role: string;
  disabledAt: string | null;
}

const SIGNS_AS: Record<string, string> = {
  AKIMAT_REGISTRAR: 'akimat',
  DISTRICT_COMMISSION: 'commission',
  PRECINCT_MEMBER: 'precinct-member',
  MIGRATION_OFFICER: 'migration-officer',
  ADMIN: 'admin',
};
const HOLDER_ROLES = ['akimat', 'commission', 'precinct-member', 'migration-officer', 'admin'];

export function CertificatesPage({ me }: { me: Me | null }) {
  const w = useScreenWords(CERTIFICATES_WORDS);
  const people = useScreenWords(OFFICIALS_WORDS);
  const [items, setItems] = useState<Certificate[] | null>(null);
  const [officials, setOfficials] = useState<Official[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useDone();
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  const [rejecting, setRejecting] = useState<Certificate | null>(null);

  const load = useCallback(async () => {
    try {
      setItems(await api<Certificate[]>('GET', '/v1/certificates'));
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void load();
    void api<{ items: Official[] }>('GET', '/v1/users?limit=200')
      .then((r) => setOfficials(r.items))
      .catch(setError);
  }, [load]);

  const roleOf = (id: string) => officials.find((o) => o.id === id)?.role;
  const requesterOf = (c: Certificate) => (c.pending === 'registration' ? c.registeredBy : c.revocationRequestedBy);
  /** Another admin decides a request: not whoever asked, nor the operator token (the API refuses both). */
  const mayDecide = (c: Certificate) => !!c.pending && !!me && me.id !== 'operator' && me.id !== requesterOf(c);
  const approve = async (c: Certificate) => {
    try {
      await api('POST', `/v1/certificates/${c.id}/approve`, {});
      setError(null);
      setDone((l) =>
        fill(CERTIFICATES_WORDS[l][c.pending === 'registration' ? 'approvedRegistration' : 'approvedRevocation'], {
          name: c.holderName,
        }),
      );
      await load();
    } catch (err) {
      setDone(null);
      setError(inWords(err, w.lang));
    }
  };
  const stateOf = (c: Certificate) => {
    if (c.pending === 'registration')
      return fill(w.pendingRegistration, { name: c.registeredByName ?? people.operator });
    if (c.pending === 'revocation')
      return fill(w.pendingRevocation, {
        name: c.revocationRequestedByName ?? people.operator,
        reason: c.revocationRequestReason ?? '',
      });
    if (c.revokedAt)
      return (
        fill(w.revoked, { at: when(c.revokedAt, w.lang), reason: c.revocationReason ?? '' }) +
        (c.revokedByName ? ` (${fill(w.revokedBy, { name: c.revokedByName })})` : '')
      );
    const now = Date.now();
    if (new Date(c.notAfter).getTime() < now) return w.expired;
    if (new Date(c.notBefore).getTime() > now) return w.notYet;
    return w.valid;
  };

  return (
    <section>
      <h1>{w.title}</h1>
      <Done done={done} />
      <ProblemView error={error} />
      <RegisterCertificate
        officials={officials.filter((o) => !o.disabledAt)}
        onRegistered={async (c) => {
          setError(null);
          setDone((l) =>
            fill(CERTIFICATES_WORDS[l][c.pending ? 'registrationRequested' : 'registered'], {
              name: c.holderName,
              until: dayOf(c.notAfter, l),
            }),
          );
          await load();
        }}
        onError={(err) => {
          setDone(null);
          setError(inWords(err, w.lang));
        }}
      />
      {items && items.length === 0 && <p>{w.none}</p>}
      {items && items.length > 0 && (
        <ScrollRegion>
          <table>
            <thead>
              <tr>
                <th scope="col">{w.holder}</th>
                <th scope="col">{w.signsAs}</th>
                <th scope="col">{w.key}</th>
                <th scope="col">{w.validity}</th>
                <th scope="col">{w.fingerprint}</th>
                <th scope="col">{w.registeredBy}</th>
                <th scope="col">{w.state}</th>
                <th scope="col">
                  <span className="sr-only">{w.revoke}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id} data-certificate={c.fingerprint}>
                  <td>
                    <span data-name="">{c.holderName}</span>
                    {roleOf(c.holder) ? `, ${(people.roles[roleOf(c.holder)!] ?? '').toLowerCase()}` : ''}
                  </td>
                  <td>{w.holderRoles[c.holderRole] ?? c.holderRole}</td>
                  <td data-verbatim="">{c.publicKeyAlgorithm}</td>
                  <td>{fill(w.fromTo, { from: dayOf(c.notBefore, w.lang), to: dayOf(c.notAfter, w.lang) })}</td>
                  <td>
                    <code data-verbatim="">
                      {c.fingerprint
                        .slice(0, 16)
                        .replace(/(.{4})/g, '$1 ')
                        .trim()}
                    </code>
                  </td>
                  <td>
                    {c.registeredBy === NCA_CHAIN_REGISTRAR ? w.byNcaChain : (c.registeredByName ?? people.operator)},{' '}
                    {when(c.registeredAt, w.lang)}
                  </td>
                  <td className={c.revokedAt ? 'state-overdue' : c.pending ? 'state-waiting' : undefined}>
                    {stateOf(c)}
                  </td>
                  <td>
                    {!c.revokedAt && !c.pending && (
                      <button type="button" onClick={() => setRevoking(c)}>
                        {w.revoke}
                      </button>
                    )}
                    {mayDecide(c) && (
                      <>
                        <button type="button" onClick={() => void approve(c)}>
                          {w.approve}
                        </button>{' '}
                        <button type="button" onClick={() => setRejecting(c)}>
                          {w.reject}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {revoking && (
        <Revoke
          key={revoking.id}
          certificate={revoking}
          onCancel={() => setRevoking(null)}
          onDone={async (pending) => {
            setRevoking(null);
            setError(null);
            setDone((l) =>
              fill(CERTIFICATES_WORDS[l][pending ? 'revocationRequested' : 'revokedDone'], {
                name: revoking.holderName,
              }),
            );
            await load();
          }}
          onError={(err) => {
            setDone(null);
            setError(inWords(err, w.lang));
          }}
        />
      )}
      {rejecting && (
        <Revoke
          key={`reject-${rejecting.id}`}
          certificate={rejecting}
          rejecting
          onCancel={() => setRejecting(null)}
          onDone={async () => {
            setRejecting(null);
            setError(null);
            setDone((l) => fill(CERTIFICATES_WORDS[l].rejectedDone, { name: rejecting.holderName }));
            await load();
          }}
          onError={(err) => {
            setDone(null);
            setError(inWords(err, w.lang));
          }}
        />
      )}
    </section>
  );
}

function RegisterCertificate({
  officials,
  onRegistered,
  onError,
}: {
  officials: Official[];
  onRegistered: (c: Certificate) => Promise<void>;
  onError: (err: unknown) => void;
}) {
  const w = useScreenWords(CERTIFICATES_WORDS);
  const people = useScreenWords(OFFICIALS_WORDS);
  const [holder, setHolder] = useState('');
  const [signsAs, setSignsAs] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const file = new FormData(form).get('pem');
    const pem = file instanceof File && file.size > 0 ? await file.text() : '';
    const official = officials.find((o) => o.id === holder);
    const found: string[] = [];
    if (!official) found.push(w.needOfficial);
    if (!signsAs) found.push(w.needSignsAs);
    if (!pem.includes('-----BEGIN CERTIFICATE-----') || pem.length > 20000) found.push(w.needFile);
    setProblems(found);
    if (found.length || !official) return;
    setBusy(true);
    try {
      const c = await api<Certificate>('POST', '/v1/certificates', {
        pem,
        holder: official.id,
        holderName: official.fullName,
        holderRole: signsAs,
      });
      form.reset();
      form.querySelector('input[type=file]')?.dispatchEvent(new Event('change', { bubbles: true }));
      setHolder('');
      setSignsAs('');
      await onRegistered(c);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card">
      <h2>{w.register}</h2>
      <form className="inline" noValidate onSubmit={submit}>
        <label>
          {w.official}
          <select
            value={holder}
            onChange={(e) => {
              setHolder(e.target.value);
              const role = officials.find((o) => o.id === e.target.value)?.role ?? '';
              setSignsAs(SIGNS_AS[role] ?? '');
            }}
          >
            <option value="">{w.chooseOfficial}</option>
            {officials.map((o) => (
              <option key={o.id} value={o.id} data-name="">
                {o.fullName} — {(people.roles[o.role] ?? '').toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label>
          {w.signsAs}
          <select value={signsAs} onChange={(e) => setSignsAs(e.target.value)}>
            <option value="">{w.chooseSignsAs}</option>
            {HOLDER_ROLES.map((r) => (
              <option key={r} value={r}>
                {w.holderRoles[r]}
              </option>
            ))}
          </select>
        </label>
        <FilePick label={w.file} name="pem" accept=".pem,.crt,.cer" choose={w.chooseFile} none={w.noFile} />
        <button type="submit" disabled={busy}>
          {w.registerButton}
        </button>
      </form>
      <FormProblems problems={problems} title={w.formProblems} />
    </section>
  );
}

/** The revocation form, or (rejecting) the rejection of a pending request: both ask for a reason. */
function Revoke({
  certificate,
  rejecting = false,
  onDone,
  onError,
  onCancel,
}: {
  certificate: Certificate;
  rejecting?: boolean;
  onDone: (pending: boolean) => Promise<void>;
  onError: (err: unknown) => void;
  onCancel: () => void;
}) {
  const w = useScreenWords(CERTIFICATES_WORDS);
  const [problems, setProblems] = useState<string[]>([]);
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '').trim();
    const found = !reason || reason.length > 300 ? [w.needReason] : [];
    setProblems(found);
    if (found.length) return;
    try {
      const answer = await api<{ pending?: string | null }>(
        'POST',
        `/v1/certificates/${certificate.id}/${rejecting ? 'reject' : 'revoke'}`,
        { reason },
      );
      await onDone(!rejecting && !!answer.pending);
    } catch (err) {
      onError(err);
    }
  };
  const title = fill(rejecting ? w.rejecting : w.revoking, { name: certificate.holderName });
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      <form noValidate onSubmit={submit}>
        <label>
          {rejecting ? w.rejectReason : w.revokeReason}
          <textarea name="reason" rows={2} cols={60} ref={first} />
        </label>
        <button type="submit">{rejecting ? w.rejectButton : w.revokeButton}</button>
        <button type="button" className="link" onClick={onCancel}>
          {w.cancel}
        </button>
      </form>
      <FormProblems problems={problems} title={w.formProblems} />
    </section>
  );
}
