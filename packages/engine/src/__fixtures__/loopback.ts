import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { createTransportPool, type TransportPool } from '../transport/index.ts';

/**
 * A vendor stand-in on 127.0.0.1 for the test file, and a transport pool to reach it: started
 * before the file's tests, closed (pool first) after them. `answer` gets each request with its
 * whole body as text.
 *
 * @example
 * const vendor = loopbackServer((req, body, res) => res.writeHead(200).end('ok'));
 * it('sends', async () => { await fetch(`${vendor.base}/hook`); });
 */
export function loopbackServer(answer: (req: IncomingMessage, body: string, res: ServerResponse) => void): { base: string; pool: TransportPool } {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  const self = { base: '', pool: createTransportPool() };
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await self.pool.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return self;
}
