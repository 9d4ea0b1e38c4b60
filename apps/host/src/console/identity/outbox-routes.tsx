import { Hono } from 'hono';
import type { ConsoleDeps, ConsoleEnv } from '../console-env.ts';
import { OutboxPage } from './views/outbox-page.tsx';

/**
 * `/dev/outbox`: the mails kept in memory, served only when the console has an outbox (no SMTP).
 *
 * @example
 * app.route('/', outboxRoutes(deps));
 */
export function outboxRoutes(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const outbox = deps.outbox;
  if (outbox) {
    app.get('/dev/outbox', (c) => {
      c.header('cache-control', 'no-store');
      c.header('referrer-policy', 'no-referrer');
      return c.html(<OutboxPage mails={outbox.list()} />);
    });
  }
  return app;
}
