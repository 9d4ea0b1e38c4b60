import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the sink answers to one request. `hang`: never answer (the client times out). */
export interface SinkAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
  hang?: boolean;
}

/** One event the sink accepted (2xx), with the request's headers. */
export interface Received {
  messageId: string;
  userId: string | undefined;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

/** A real HTTP server on 127.0.0.1 standing in for a destination. */
export interface Sink {
  url: string;
  /** Events of 2xx answers, in arrival order (array bodies flattened). */
  received: Received[];
  /** Every request, whatever the answer. */
  requests: number;
  /** Changes the answer policy. */
  answer: (fn: (events: Record<string, unknown>[], n: number) => SinkAnswer) => void;
  close(): Promise<void>;
}

/**
 * Starts a sink; by default it answers 200 to everything.
 *
 * @example
 * const sink = await startSink();
 * sink.answer(() => ({ status: 503 }));
 */
export async function startSink(): Promise<Sink> {
  let policy: (events: Record<string, unknown>[], n: number) => SinkAnswer = () => ({ status: 200 });
  const sink: Sink = {
    url: '',
    received: [],
    requests: 0,
    answer: (fn) => {
      policy = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = ++sink.requests;
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        parsed = {};
      }
      const events = (Array.isArray(parsed) ? parsed : [parsed]) as Record<string, unknown>[];
      const a = policy(events, n);
      if (a.hang) return;
      const send = () => {
        if (a.status >= 200 && a.status < 300) {
          for (const e of events) sink.received.push({ messageId: String(e.messageId), userId: e.userId as string | undefined, body: e, headers: req.headers });
        }
        res.writeHead(a.status, { 'content-type': 'text/plain', ...a.headers });
        res.end(a.body ?? '');
      };
      if (a.delayMs) setTimeout(send, a.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return sink;
}
