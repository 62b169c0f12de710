/**
 * Sign-in: officials with username and password, or with username, password and their EDS through
 * NCALayer («Вход с ЭЦП (NCALayer)»): NCALayer signs the server's one-time nonce with the official's
 * authentication key (issue 27's contract: POST /v1/auth/sign-in-eds with `cms`), the key never
 * leaving NCALayer. Precinct commission members sign in the same way and also type their IIN. An
 * administrator whose password alone the API refuses (`auth.admin-needs-eds`,
 * TIZIM_ADMIN_SIGN_IN=eds) is taken to the same EDS step, the username and password kept.
 * Only where the API allows it (eds-options `keyFile`, a developer's setting, off in production),
 * the old PKCS#8 key file and certificate file are offered below NCALayer as a second way.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, endedReason, saveTokens } from '../api';
import { NcaLayerAlert, signText, useEdsOptions } from '../eds-sign';
import { certificateFingerprint, signWithKeyFile } from '../eds';
import { useWords } from '../i18n';
import { NcaLayerError } from '../ncalayer';
import { ProblemView, FilePick } from '../ui';
import { useScreenWords } from '../words/define';
import { NCALAYER_WORDS } from '../words/ncalayer';

type Tokens = { accessToken: string; refreshToken: string };

export function SignInPage({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t, lang } = useWords();
  const w = useScreenWords(NCALAYER_WORDS);
  const options = useEdsOptions();
  // Which sign-in: the password; any official's with EDS; the precinct member's (also the IIN);
  // the administrator's (EDS after the password).
  const [mode, setMode] = useState<'password' | 'eds' | 'member' | 'admin'>('password');
  const eds = mode !== 'password';
  // A sign-in that ended by itself (idle, past its limit) says why until the next sign-in.
  const [error, setError] = useState<unknown>(endedReason);
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<string | null>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '');
    // Which button: NCALayer, or the developer's key file.
    const via = ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value;
    setError(null);
    setLocal(null);
    setBusy(true);
    try {
      let tokens: Tokens;
      if (!eds) {
        try {
          tokens = await api('POST', '/v1/auth/sign-in', { username: field('username'), password: field('password') });
        } catch (err) {
          // The administrator's second factor: offer the EDS step, the fields as they are.
          if (err instanceof ApiError && err.problem.code === 'auth.admin-needs-eds') {
            setMode('admin');
            return;
          }
          throw err;
        }
      } else {
        const who = {
          username: field('username'),
          password: field('password'),
          ...(mode === 'member' ? { iin: field('iin') } : {}),
        };
        if (via === 'key-file') {
          const signed = await signInWithKeyFile(who, form);
          if (!signed) return setLocal(t.idCard.keyUnreadable);
          tokens = signed;
        } else {
          const challenge = await api<{ challengeId: string; nonce: string }>('POST', '/v1/auth/challenge', {
            username: who.username,
          });
          // Attached: the server reads the nonce out of the CMS and checks it is the one it gave.
          const cms = await signText(options, { text: challenge.nonce, purpose: 'auth', attached: true }, lang);
          tokens = await api('POST', '/v1/auth/sign-in-eds', { ...who, challengeId: challenge.challengeId, cms });
        }
      }
      saveTokens(tokens);
      await onSignedIn();
    } catch (err) {
      // NCALayer's failure and the API's refusal are said in words; anything else was the browser's.
      if (err instanceof ApiError || err instanceof NcaLayerError) setError(err);
      else setLocal(t.idCard.keyUnreadable);
    } finally {
      setBusy(false);
    }
  };

  const title =
    mode === 'member'
      ? t.memberSignIn
      : mode === 'admin'
        ? t.adminSignIn
        : mode === 'eds'
          ? w.signInEdsTitle
          : t.signIn;
  return (
    <section className="card narrow">
      <h1>{title}</h1>
      {mode === 'admin' && <p className="hint">{t.adminEdsHint}</p>}
      <form onSubmit={submit} noValidate>
        <label>
          {t.username}
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          {t.password}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {mode === 'member' && (
          <label>
            {t.iin}
            <input name="iin" inputMode="numeric" pattern="\d{12}" required />
          </label>
        )}
        {eds && <p className="hint">{w.authHint}</p>}
        <button type="submit" value="ncalayer" disabled={busy}>
          {!eds ? t.signInButton : busy ? w.waiting : w.signInWithNcaLayer}
        </button>
        {eds && options.keyFile && (
          <fieldset className="fallback">
            <legend>{w.keyFileTitle}</legend>
            <FilePick label={t.keyFile} name="key" accept=".pem,.key" />
            <FilePick label={t.certFile} name="certificate" accept=".pem,.crt,.cer" />
            <p className="hint">{t.edsHint}</p>
            <button type="submit" value="key-file" className="secondary" disabled={busy}>
              {t.signWithEds}
            </button>
          </fieldset>
        )}
      </form>
      <NcaLayerAlert error={error} />
      {!(error instanceof NcaLayerError) && <ProblemView error={error} heading={t.signInRefused} />}
      {local && (
        <p role="alert" className="problem">
          {local}
        </p>
      )}
      {(eds
        ? [['password', t.signIn] as const]
        : ([
            ['eds', w.signInWithEds],
            ['member', t.memberSignIn],
          ] as const)
      ).map(([to, label]) => (
        <button
          key={to}
          type="button"
          className="link"
          onClick={() => {
            setMode(to);
            setError(null);
            setLocal(null);
          }}
        >
          {label}
        </button>
      ))}
    </section>
  );
}

/**
 * The developer's fallback (eds-options `keyFile`): the browser signs the nonce with a PKCS#8 key
 * file (WebCrypto) and names the registered certificate by its fingerprint. Null when the files
 * could not be used as a key and a certificate (then nothing was signed in).
 */
async function signInWithKeyFile(
  who: { username: string; password: string; iin?: string },
  form: FormData,
): Promise<Tokens | null> {
  const key = form.get('key') as File | null;
  const cert = form.get('certificate') as File | null;
  let certificateId: string;
  try {
    if (!key?.size || !cert?.size) throw new Error('no files');
    certificateId = await certificateFingerprint(await cert.text());
  } catch {
    return null;
  }
  const challenge = await api<{ challengeId: string; nonce: string }>('POST', '/v1/auth/challenge', {
    username: who.username,
  });
  let signature: string;
  try {
    signature = await signWithKeyFile(await key.text(), challenge.nonce);
  } catch {
    return null;
  }
  return api('POST', '/v1/auth/sign-in-eds', { ...who, challengeId: challenge.challengeId, certificateId, signature });
}
