import type { ConsoleOutbox } from '../../console-env.ts';
import { Layout, Message } from './layout.tsx';

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part) => (/^https?:\/\//.test(part) ? <a href={part}>{part}</a> : part));
}

/**
 * The development outbox: mails the console would have sent (no SMTP configured), newest first.
 *
 * @example
 * c.html(<OutboxPage mails={outbox.list()} />);
 */
export function OutboxPage(v: { mails: ReturnType<ConsoleOutbox['list']> }) {
  const mails = [...v.mails].reverse();
  return (
    <Layout title="Development outbox">
      <Message kind="notice">No SMTP server is configured (SMTP_URL), so mails are kept here instead of being sent. Anyone who can reach this page can read them.</Message>
      {mails.length === 0 ? <p>No mail yet.</p> : null}
      {mails.map((m) => (
        <article data-testid="outbox-mail" aria-label={m.subject}>
          <h2>{m.subject}</h2>
          <p>
            To <strong>{m.to}</strong> at <time datetime={m.sentAt}>{m.sentAt}</time>
          </p>
          <pre>{linkify(m.text)}</pre>
        </article>
      ))}
    </Layout>
  );
}
