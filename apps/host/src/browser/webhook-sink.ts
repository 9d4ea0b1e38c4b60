import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the sink received. */
export interface SinkRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP server on 127.0.0.1 standing in for a webhook destination. */
export interface WebhookSink {
  url: string;
  received: SinkRequest[];
  /** The JSON bodies received (arrays are flattened: batched webhooks). */
  events: () => Record<string, unknown>[];
  close: () => Promise<void>;
}

/**
 * Starts the sink; every POST is recorded and answered 200.
 *
 * @example
 * const sink = await startWebhookSink();
 * // …install a webhook destination with sink.url…
 * await sink.close();
 */
export async function startWebhookSink(): Promise<WebhookSink> {
  const received: SinkRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const events = () =>
    received.flatMap((r) => {
      try {
        const parsed = JSON.parse(r.body) as unknown;
        return (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
      } catch {
        return [];
      }
    });
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    events,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
