/**
 * The SMTP relay of the commission's own network (nodemailer), through which officials' reminders
 * and escalations are e-mailed (apps/worker/src/consumers/official-mail.ts). A refusal or a
 * connection failure is thrown as MailRefusedError with a code only (the relay's reply code, e.g.
 * 550, or the connection's, e.g. ECONNREFUSED): the relay's reply text may quote the address.
 */
import { createTransport, type Transporter } from 'nodemailer';
import type { SmtpSettings } from '../config/config';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Stable per delivery, so a relay that saw a retried message can tell it is the same one. */
  messageId: string;
  language: string;
}

export interface MailRelay {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export class MailRefusedError extends Error {
  constructor(readonly code: string) {
    super(`the mail relay did not take the message (${code})`);
    this.name = 'MailRefusedError';
  }
}

/** The relay's reply code (a 4xx or a 5xx alike is retried: the relay is our own), or the connection's. */
export function errorCodeOf(err: unknown): string {
  const e = err as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number') return String(e.responseCode);
  return typeof e.code === 'string' && e.code ? e.code : 'ERROR';
}

export class SmtpMailRelay implements MailRelay {
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.tls === 'implicit',
      requireTLS: settings.tls === 'starttls',
      ignoreTLS: settings.tls === 'none',
      auth: settings.user && settings.password ? { user: settings.user, pass: settings.password } : undefined,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.settings.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        headers: { 'Content-Language': mail.language, 'Auto-Submitted': 'auto-generated' },
      });
    } catch (err) {
      throw new MailRefusedError(errorCodeOf(err));
    }
  }

  close(): void {
    this.transport.close();
  }
}
