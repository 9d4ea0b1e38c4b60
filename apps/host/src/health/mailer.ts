import nodemailer from 'nodemailer';

/**
 * One email.
 *
 * @example
 * const m: MailMessage = { to: 'ops@example.com', subject: 'Incident', text: '…' };
 */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends email (incident notices). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * A nodemailer SMTP mailer: `smtpUrl` like `smtp://user:pass@mail.example.com:587` or
 * `smtps://…:465`; `from` is the sender (`MAIL_FROM`). The URL is never logged.
 *
 * @example
 * const mailer = createMailer({ smtpUrl: process.env.SMTP_URL!, from: 'Junction <junction@example.com>' });
 * await mailer.send({ to: 'ops@example.com', subject: 'Hi', text: 'Hello' });
 */
export function createMailer(options: { smtpUrl: string; from: string; timeoutMs?: number }): Mailer {
  if (!/^smtps?:\/\//.test(options.smtpUrl)) throw new Error('SMTP_URL must start with smtp:// or smtps://');
  const timeout = options.timeoutMs ?? 15_000;
  const url = new URL(options.smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    // Plain SMTP on loopback (tests, local relays) has no certificate to check.
    ...(url.searchParams.get('tls') === 'off' ? { ignoreTLS: true } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(message) {
      await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
