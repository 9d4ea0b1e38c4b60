import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A loopback HTTP server answering every request with `status`, keeping the bodies. */
export interface Loopback {
  url: string;
  bodies: string[];
  close(): Promise<void>;
}

async function listen(server: Server | SMTPServer['server']): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * Starts an HTTP server on 127.0.0.1 that always answers `status` (a destination failing in a known way).
 *
 * @example
 * const down = await startLoopback(500); // down.url, down.bodies
 */
export async function startLoopback(status: number): Promise<Loopback> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `error ${status}`);
    });
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}/hook`, bodies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Decodes RFC 2047 Q-encoded words (`=?UTF-8?Q?…?=`), as nodemailer writes non-ASCII or long subjects. */
function decodeWords(text: string): string {
  return text
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?Q\?([^?]*)\?=/gi, (_, q: string) =>
      Buffer.from(q.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

/** One mail the test SMTP server received. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  raw: string;
}

/**
 * Starts an SMTP server (the `smtp-server` package) on 127.0.0.1 that keeps every mail.
 *
 * @example
 * const smtp = await startSmtp(); // smtp.url = 'smtp://127.0.0.1:PORT'; smtp.mails
 */
export async function startSmtp(): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        const folded = /^Subject: (.*(?:\r\n[ \t].*)*)$/m.exec(raw)?.[1]?.replace(/\r\n[ \t]/g, ' ') ?? '';
        const subject = decodeWords(folded);
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject, raw });
        callback();
      });
    },
  });
  const port = await listen(server.server);
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
