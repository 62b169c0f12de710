/**
 * Sign-in: officials with username and password; precinct commission members with username,
 * password, IIN and their EDS: the server's one-time nonce is signed in the browser with the key
 * file the member chooses (WebCrypto; the key never leaves the computer), and the certificate file
 * names their registered certificate by its SHA-256 fingerprint.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, endedReason, saveTokens } from '../api';
import { certificateFingerprint, signWithKeyFile } from '../eds';
import { useWords } from '../i18n';
import { ProblemView, FilePick } from '../ui';

export function SignInPage({ onSignedIn }: { onSignedIn: () => Promise<void> }) {
  const { t } = useWords();
  const [eds, setEds] = useState(false);
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
        tokens = await api('POST', '/v1/auth/sign-in', { username: field('username'), password: field('password') });
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
          iin: field('iin'),
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
      <h1>{eds ? t.memberSignIn : t.signIn}</h1>
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
            <label>
              {t.iin}
              <input name="iin" inputMode="numeric" pattern="\d{12}" required />
            </label>
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
          setEds(!eds);
          setError(null);
          setLocal(null);
        }}
      >
        {eds ? t.signIn : t.memberSignIn}
      </button>
    </section>
  );
}
