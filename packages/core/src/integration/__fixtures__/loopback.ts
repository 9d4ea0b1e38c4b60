import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { HttpTransport } from '../integration-types.ts';

export interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real 127.0.0.1 server for core's tests; `reply` decides each answer. */
export async function startServer(reply: (req: Seen, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(entry);
      reply(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * Servers of one test file, closed after each test: `server(status, body, headers)` answers every
 * request the same way; `track(s)` closes a server started otherwise.
 */
export function cannedServers() {
  const open: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of open.splice(0)) await close();
  });
  const track = <T extends { close: () => Promise<void> }>(s: T): T => {
    open.push(s.close);
    return s;
  };
  const server = async (status: number, body = '', headers: Record<string, string> = {}) =>
    track(
      await startServer((_req, res) => {
        res.writeHead(status, headers);
        res.end(body);
      }),
    );
  return { server, track };
}

/** node's fetch as a transport (no redirects followed). */
export const fetchTransport: HttpTransport = async (url, req) => {
  const signal = req.signal ? AbortSignal.any([req.signal, AbortSignal.timeout(req.timeoutMs)]) : AbortSignal.timeout(req.timeoutMs);
  const res = await fetch(url, { method: req.method, headers: req.headers, body: req.body ?? null, redirect: 'manual', signal });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => { headers[k] = v; });
  return { status: res.status, headers, body: await res.text() };
};
