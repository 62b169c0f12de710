/**
 * Notifications by e-mail: the official's address at the commission's mail, the language of the
 * messages, and which reminders and escalations (by rung) reach them there besides the inbox
 * (GET/PUT /v1/me/notification-preferences). After saving, focus moves to the status message.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import { ProblemView } from '../ui';
import { useScreenWords } from '../words/define';
import { MAIL_WORDS } from '../words/mail';

interface Preferences {
  mailEnabled: boolean;
  email: string | null;
  language: 'ru' | 'kk';
  reminders: boolean;
  escalationsRaised: boolean;
  escalationsClimbed: boolean;
}

const KINDS = ['reminders', 'escalationsRaised', 'escalationsClimbed'] as const;
const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function MailPage() {
  const w = useScreenWords(MAIL_WORDS);
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [email, setEmail] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [bad, setBad] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<Preferences | null>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api<Preferences>('GET', '/v1/me/notification-preferences').then((p) => {
      setPrefs(p);
      setEmail(p.email ?? '');
    }, setError);
  }, []);
  useEffect(() => {
    if (saved) status.current?.focus();
  }, [saved]);

  if (!prefs) return <section>{error ? <ProblemView error={error} /> : null}</section>;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    setError(null);
    const address = email.trim();
    if (address && !ADDRESS.test(address)) {
      setBad(true);
      input.current?.focus();
      return;
    }
    setBad(false);
    setSaving(true);
    try {
      const { mailEnabled: _, ...body } = { ...prefs, email: address || null };
      const p = await api<Preferences>('PUT', '/v1/me/notification-preferences', body);
      setPrefs(p);
      setEmail(p.email ?? '');
      setSaved(p);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section>
      <h1>{w.title}</h1>
      <p>{w.intro}</p>
      {!prefs.mailEnabled && <p className="note">{w.off}</p>}
      <form className="card mail-choices" noValidate data-checks-itself onSubmit={submit} aria-label={w.title}>
        <label htmlFor="mail-address">{w.email}</label>
        <input
          id="mail-address"
          ref={input}
          type="email"
          autoComplete="email"
          value={email}
          aria-invalid={bad || undefined}
          aria-describedby={bad ? 'mail-address-bad' : 'mail-address-hint'}
          onChange={(e) => setEmail(e.target.value)}
        />
        {bad ? (
          <p id="mail-address-bad" role="alert" className="problem">
            {w.emailBad}
          </p>
        ) : (
          <p id="mail-address-hint" className="hint">
            {w.emailHint}
          </p>
        )}
        <label htmlFor="mail-language">{w.language}</label>
        <select
          id="mail-language"
          value={prefs.language}
          onChange={(e) => setPrefs({ ...prefs, language: e.target.value as 'ru' | 'kk' })}
        >
          <option value="ru">{w.ru}</option>
          <option value="kk">{w.kk}</option>
        </select>
        <fieldset>
          <legend>{w.what}</legend>
          {KINDS.map((k) => (
            <label key={k} className="choice">
              <input
                type="checkbox"
                checked={prefs[k]}
                onChange={(e) => setPrefs({ ...prefs, [k]: e.target.checked })}
              />
              {w[k]}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={saving}>
          {saving ? w.saving : w.save}
        </button>
      </form>
      <ProblemView error={error} />
      {saved && (
        <p role="status" className="done" tabIndex={-1} ref={status}>
          {saved.email && KINDS.some((k) => saved[k]) ? w.saved : w.savedNone}
        </p>
      )}
    </section>
  );
}
