/**
 * Sign-in: officials with username and password; precinct commission members with username,
 * password, IIN and their EDS: the server's one-time nonce is signed in the browser with the key
 * file the member chooses (WebCrypto; the key never leaves the computer), and the certificate file
 * names their registered certificate by its SHA-256 fingerprint. An administrator whose password
 * alone the API refuses (`auth.admin-needs-eds`, TIZIM_ADMIN_SIGN_IN=eds) is taken to the same EDS
 * step without the IIN, the username and password kept.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, endedReason, saveTokens } from '../api';
import { certificateFingerprint, signWithKeyFile } from '../eds';
import { useWords } from '../i18n';
import { ProblemView, FilePick } from '../ui';

export function SignInPage({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t } = useWords();
  // Which sign-in: the password; the precinct member's (IIN and EDS); the administrator's (EDS).
  const [mode, setMode] = useState<'password' | 'member' | 'admin'>('password');
  const eds = mode !== 'password';
  // A sign-in that ended by itself (idle, past its limit) says why until the next sign-in.
  const [error, setError] = useState<unknown>(endedReason);
  const [busy, setBusy] = useState(false);
  const [local, setLocal] = useState<string | null>(null);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '');
    setError(null);
    setLocal(null);
    setBusy(true);
    try {
      let tokens: { accessToken: string; refreshToken: string };
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
        const keyFile = form.get('key') as File;
        const certFile = form.get('certificate') as File;
        const certificateId = await certificateFingerprint(await certFile.text());
        const challenge = await api<{ challengeId: string; nonce: string }>('POST', '/v1/auth/challenge', {
          username: field('username'),
        });
        const signature = await signWithKeyFile(await keyFile.text(), challenge.nonce);
        tokens = await api('POST', '/v1/auth/sign-in-eds', {
          username: field('username'),
          password: field('password'),
          ...(mode === 'member' ? { iin: field('iin') } : {}),
          challengeId: challenge.challengeId,
          certificateId,
          signature,
        });
      }
      saveTokens(tokens);
      await onSignedIn();
    } catch (err) {
      // A key or certificate file the browser could not use never reached the API: say so.
      if (err instanceof ApiError) setError(err);
      else setLocal(t.idCard.keyUnreadable);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card narrow">
      <h1>{mode === 'member' ? t.memberSignIn : mode === 'admin' ? t.adminSignIn : t.signIn}</h1>
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
        {eds && (
          <>
            {mode === 'member' && (
              <label>
                {t.iin}
                <input name="iin" inputMode="numeric" pattern="\d{12}" required />
              </label>
            )}
            <FilePick label={t.keyFile} name="key" accept=".pem,.key" required />
            <FilePick label={t.certFile} name="certificate" accept=".pem,.crt,.cer" required />
            <p className="hint">{t.edsHint}</p>
          </>
        )}
        <button type="submit" disabled={busy}>
          {eds ? t.signWithEds : t.signInButton}
        </button>
      </form>
      <ProblemView error={error} heading={t.signInRefused} />
      {local && (
        <p role="alert" className="problem">
          {local}
        </p>
      )}
      <button
        type="button"
        className="link"
        onClick={() => {
          setMode(eds ? 'password' : 'member');
          setError(null);
          setLocal(null);
        }}
      >
        {eds ? t.signIn : t.memberSignIn}
      </button>
    </section>
  );
}
