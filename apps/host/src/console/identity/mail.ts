import { randomUUID } from 'node:crypto';
import { createMailer } from '../../health/mailer.ts';
import type { ConsoleMail, ConsoleOutbox } from '../console-env.ts';

/**
 * An in-memory development outbox: mails are kept (the last `limit`) instead of being sent.
 *
 * @example
 * const outbox = createDevOutbox();
 * await outbox.send({ to: 'ada@example.com', subject: 'Hi', text: 'Hello' });
 * outbox.list(); // [{ id, sentAt, to: 'ada@example.com', … }]
 */
export function createDevOutbox(limit = 100): ConsoleOutbox & { send(mail: ConsoleMail): Promise<void> } {
  const mails: (ConsoleMail & { id: string; sentAt: string })[] = [];
  return {
    list: () => mails,
    async send(mail) {
      mails.push({ ...mail, id: randomUUID(), sentAt: new Date().toISOString() });
      if (mails.length > limit) mails.splice(0, mails.length - limit);
    },
  };
}

/**
 * The console's mail sender: SMTP through nodemailer when `smtpUrl` is set (the health mailer),
 * else the development outbox (then also returned, for `/dev/outbox`).
 *
 * @example
 * const { send, outbox } = consoleMailer({ smtpUrl: process.env.SMTP_URL, from: 'Junction <junction@example.com>' });
 */
export function consoleMailer(options: { smtpUrl?: string | undefined; from: string }): { send: (mail: ConsoleMail) => Promise<void>; outbox?: ConsoleOutbox; close(): void } {
  if (options.smtpUrl) {
    const mailer = createMailer({ smtpUrl: options.smtpUrl, from: options.from });
    return { send: (mail) => mailer.send({ to: mail.to, subject: mail.subject, text: mail.text }), close: () => mailer.close() };
  }
  const outbox = createDevOutbox();
  return { send: outbox.send, outbox, close() {} };
}
