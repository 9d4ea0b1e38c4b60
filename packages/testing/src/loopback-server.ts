import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A request the loopback server received.
 *
 * @example
 * const [req] = server.requests; req.headers['x-signature']; req.json();
 */
export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  /** The URL the plugin asked for (rebuilt from `x-forwarded-proto`/`x-forwarded-host`, else the loopback URL). */
  url: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The raw body, exactly as sent. */
  body: string;
  /** `JSON.parse(body)`; throws naming the request when the body is not JSON. */
  json(): unknown;
}

/**
 * How the server answers one request.
 *
 * @example
 * server.replyOnce({ status: 429, headers: { 'retry-after': '5' }, body: { error: 'slow down' } });
 */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. Default `{"ok":true}`. */
  body?: string | object;
  /** Wait this long before answering (to provoke timeouts). */
  delayMs?: number;
  /** Destroy the socket without answering (connection reset). */
  drop?: boolean;
}

/**
 * A fixed reply, or a function of the request.
 *
 * @example
 * server.reply((req) => (req.path.startsWith('/batch') ? { status: 413 } : {}));
 */
export type Responder = Reply | ((request: RecordedRequest) => Reply);

/**
 * A real HTTP server on 127.0.0.1 that records requests and answers as told.
 *
 * @example
 * const server: LoopbackServer = await startLoopbackServer();
 */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Answer every following request this way (default: 200 `{"ok":true}`). */
  reply(responder: Responder): void;
  /** Answer the next request this way, once (queued before the default). */
  replyOnce(responder: Responder): void;
  /** Forget recorded requests and queued replies; back to the default reply. */
  reset(): void;
  /** Stops the server, dropping open connections and pending delayed replies. */
  close(): Promise<void>;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function record(req: IncomingMessage, body: string, origin: string): RecordedRequest {
  const headers = headersOf(req);
  const path = req.url ?? '/';
  const host = headers['x-forwarded-host'];
  const url = host ? `${headers['x-forwarded-proto'] ?? 'http'}://${host}${path}` : `${origin}${path}`;
  return {
    method: req.method ?? 'GET',
    path,
    url,
    headers,
    body,
    json() {
      try {
        return JSON.parse(body);
      } catch {
        throw new Error(`body of ${req.method} ${path} is not JSON: ${body.slice(0, 100)}`);
      }
    },
  };
}

/**
 * Starts a loopback HTTP server on 127.0.0.1 (port chosen by the OS).
 *
 * @example
 * const server = await startLoopbackServer();
 * server.replyOnce({ status: 503, headers: { 'retry-after': '2' } });
 * // … run the integration …
 * server.requests[0].json();
 * await server.close();
 */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  let fallback: Responder = {};
  let queue: Responder[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';

  const answer = (res: ServerResponse, reply: Reply) => {
    if (reply.drop) {
      res.socket?.destroy();
      return;
    }
    const body = reply.body === undefined ? '{"ok":true}' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    const headers = { 'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json', ...reply.headers };
    res.writeHead(reply.status ?? 200, headers);
    res.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = record(req, Buffer.concat(chunks).toString('utf8'), origin);
      requests.push(recorded);
      const responder = queue.shift() ?? fallback;
      const reply = typeof responder === 'function' ? responder(recorded) : responder;
      if (!reply.delayMs) return answer(res, reply);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) answer(res, reply);
      }, reply.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    requests,
    reply(responder) {
      fallback = responder;
    },
    replyOnce(responder) {
      queue.push(responder);
    },
    reset() {
      requests.length = 0;
      queue = [];
      fallback = {};
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
