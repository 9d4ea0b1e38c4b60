import { describe, expect, it } from 'vitest';
import { startSmtp } from '../../health/__fixtures__/loopback.ts';
import { consoleMailer, createDevOutbox } from './mail.ts';

describe('console mail', () => {
  it('sends through SMTP when SMTP_URL is set, with no outbox', async () => {
    const smtp = await startSmtp();
    const mailer = consoleMailer({ smtpUrl: `${smtp.url}?tls=off`, from: 'Junction <junction@example.com>' });
    try {
      expect(mailer.outbox).toBeUndefined();
      await mailer.send({ to: 'ada@example.com', subject: 'Reset your Junction password', text: 'http://localhost/reset-password?token=jcr_x' });
      expect(smtp.mails.map((m) => [m.to, m.subject])).toEqual([[['ada@example.com'], 'Reset your Junction password']]);
      expect(smtp.mails[0]?.raw).toContain('reset-password?token=jcr_x');
    } finally {
      mailer.close();
      await smtp.close();
    }
  });

  it('keeps mails in the development outbox without SMTP, the newest `limit` only', async () => {
    const mailer = consoleMailer({ smtpUrl: undefined, from: 'x@example.com' });
    await mailer.send({ to: 'bo@example.com', subject: 'Invite', text: 'hello' });
    expect(mailer.outbox?.list().map((m) => [m.to, m.subject])).toEqual([['bo@example.com', 'Invite']]);
    const small = createDevOutbox(2);
    for (const n of [1, 2, 3]) await small.send({ to: `u${n}@example.com`, subject: `#${n}`, text: '' });
    expect(small.list().map((m) => m.subject)).toEqual(['#2', '#3']);
  });
});
