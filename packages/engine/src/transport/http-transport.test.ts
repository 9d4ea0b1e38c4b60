import { getEventListeners } from 'node:events';
import type { ServerResponse } from 'node:http';
import { classifyNetworkError, type TransportRequest } from '@junction/core';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, type LoopbackServer, readBody, startServer } from './__fixtures__/loopback-server.ts';
import { createTransportPool, type PooledResponse, type TransportPool } from './http-transport.ts';

const get = (timeoutMs = 5_000): TransportRequest => ({ method: 'GET', headers: {}, timeoutMs });

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function server(handler: Parameters<typeof startServer>[0]): Promise<LoopbackServer> {
  const s = await startServer(handler);
  cleanup.push(s.close);
  return s;
}

function pool(options?: Parameters<typeof createTransportPool>[0]): TransportPool {
  const p = createTransportPool(options);
  cleanup.push(() => p.close());
  return p;
}

async function waitUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

describe('createTransportPool', () => {
  it('sends method, lower-cased headers and body, and returns statuses instead of throwing', async () => {
    const s = await server(async (req, res) => {
      const body = await readBody(req);
      res.writeHead(req.url === '/fail' ? 503 : 201, { 'X-Echo': `${req.method} ${req.headers['x-key']} ${req.headers['user-agent']}`, 'Set-Cookie': ['a=1', 'b=2'] });
      res.end(body);
    });
    const transport = pool({ userAgent: 'JunctionTest/1' }).forDestination('d1');
    const ok = (await transport(`${s.url}/hook?x=1`, { method: 'POST', headers: { 'X-Key': 'k' }, body: '{"a":1}', timeoutMs: 5_000 })) as PooledResponse;
    expect(ok).toEqual({ status: 201, headers: expect.objectContaining({ 'x-echo': 'POST k JunctionTest/1', 'set-cookie': 'a=1, b=2' }), body: '{"a":1}', truncated: false });
    expect(s.hits).toEqual(['/hook?x=1']);
    const failed = await transport(`${s.url}/fail`, { method: 'PUT', headers: {}, body: new TextEncoder().encode('bytes'), timeoutMs: 5_000 });
    expect(failed.status).toBe(503);
    expect(failed.body).toBe('bytes');
  });

  it('reuses keep-alive sockets within a destination and never shares them across destinations', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const p = pool();
    for (let i = 0; i < 20; i++) expect((await p.forDestination('a')(`${s.url}/`, get())).body).toBe('ok');
    // undici's pool may open a second socket while the first is being released; never one per request.
    const used = s.connections();
    expect(used).toBeLessThanOrEqual(2);
    await p.forDestination('b')(`${s.url}/`, get());
    expect(s.connections()).toBe(used + 1);
    expect(p.forDestination('a')).toBe(p.forDestination('a'));
  });

  it('keeps delivering to one destination while another hangs with all its sockets taken', async () => {
    const held: ServerResponse[] = [];
    const s = await server((req, res) => {
      if (req.url === '/hang') held.push(res);
      else res.end('fast');
    });
    const p = pool({ connectionsPerOrigin: 1 });
    let slowSettled = 0;
    const slow = Array.from({ length: 3 }, () => p.forDestination('slow')(`${s.url}/hang`, get(30_000)).finally(() => slowSettled++));
    await waitUntil(() => held.length === 1);
    expect(p.stats().slow).toEqual({ inFlight: 3 });
    const fast = await Promise.all(Array.from({ length: 5 }, () => p.forDestination('fast')(`${s.url}/ok`, get())));
    expect(fast.map((r) => r.body)).toEqual(['fast', 'fast', 'fast', 'fast', 'fast']);
    expect(slowSettled).toBe(0);
    // Release the hung destination one answer at a time (one socket, so requests arrive one by one).
    for (let i = 0; i < 3; i++) {
      await waitUntil(() => held.length > i);
      held[i]!.end('late');
    }
    expect((await Promise.all(slow)).map((r) => r.body)).toEqual(['late', 'late', 'late']);
    expect(p.stats()).toEqual({ slow: { inFlight: 0 }, fast: { inFlight: 0 } });
  });

  it('times out a destination that never answers, classified TIMEOUT, while another destination completes', async () => {
    const s = await server((req, res) => {
      if (req.url === '/ok') res.end('fine');
    });
    const p = pool();
    const hung = caught(p.forDestination('hung')(`${s.url}/hang`, get(150)));
    expect((await p.forDestination('ok')(`${s.url}/ok`, get())).body).toBe('fine');
    const err = await hung;
    expect(classifyNetworkError(err)).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(String(err)).toContain('within 150 ms');
    expect(p.stats().hung).toEqual({ inFlight: 0 });
  });

  it('times out a body that trickles past the deadline', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    });
    const err = await caught(pool().forDestination('d')(`${s.url}/`, get(150)));
    expect(classifyNetworkError(err)?.code).toBe('TIMEOUT');
    expect(String(err)).toContain('whole response body');
  });

  it('does not follow redirects', async () => {
    const s = await server((req, res) => {
      if (req.url === '/old') res.writeHead(302, { location: '/new' }).end();
      else res.end('new');
    });
    const res = await pool().forDestination('d')(`${s.url}/old`, { method: 'POST', headers: {}, body: 'x', timeoutMs: 5_000 });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/new');
    expect(s.hits).toEqual(['/old']);
  });

  it('caps response bodies, drains small overflows and drops large ones with their socket', async () => {
    const s = await server((req, res) => {
      res.setHeader('x-port', String(req.socket.remotePort));
      res.end('é'.repeat(req.url === '/huge' ? 600_000 : req.url === '/big' ? 50_000 : 10));
    });
    const p = pool({ maxResponseBytes: 1_001 });
    const small = (await p.forDestination('d')(`${s.url}/small`, get())) as PooledResponse;
    expect(small).toMatchObject({ body: 'é'.repeat(10), truncated: false });
    const big = (await p.forDestination('d')(`${s.url}/big`, get())) as PooledResponse;
    expect(big.truncated).toBe(true);
    expect(Buffer.byteLength(big.body.slice(0, 500))).toBe(1_000);
    expect(big.body.slice(500)).toBe('\uFFFD');
    // A 100 KB overflow is drained, not cut: the same socket serves a later request.
    const ports = new Set<string>();
    for (let i = 0; i < 5; i++) ports.add((await p.forDestination('d')(`${s.url}/small`, get())).headers['x-port']!);
    expect(ports).toContain(big.headers['x-port']);
    expect(s.closedSockets()).toBe(0);
    const huge = (await p.forDestination('d')(`${s.url}/huge`, get())) as PooledResponse;
    expect(huge).toMatchObject({ truncated: true, status: 200 });
    expect(huge.body.length).toBe(501);
    await waitUntil(() => s.closedSockets() === 1); // a 1.2 MB overflow is dropped with its socket
    expect((await p.forDestination('d')(`${s.url}/small`, get())).body).toBe('é'.repeat(10));
  });

  it('throws ECONNREFUSED unchanged so core classifies it NETWORK_ERROR', async () => {
    const port = await freePort();
    const err = await caught(pool().forDestination('d')(`http://127.0.0.1:${port}/`, get()));
    expect(classifyNetworkError(err)).toEqual({ code: 'NETWORK_ERROR', retryable: true, errno: 'ECONNREFUSED' });
  });

  it("aborts on the caller's signal", async () => {
    const s = await server(() => {});
    const controller = new AbortController();
    const pending = caught(pool().forDestination('d')(`${s.url}/`, { ...get(30_000), signal: controller.signal }));
    await waitUntil(() => s.hits.length === 1);
    controller.abort();
    expect((await pending) as Error).toMatchObject({ name: 'AbortError' });
  });

  it("leaves no listener on a long-lived caller's signal, and fails at once when it is already aborted", async () => {
    const s = await server((req, res) => res.end(req.url));
    const controller = new AbortController();
    const send = pool().forDestination('d');
    const paths = ['/a?x=1', '/a?x=1', '/b', '/a?x=1'];
    const bodies = await Promise.all(paths.map(async (path) => (await send(`${s.url}${path}`, { ...get(), signal: controller.signal })).body));
    expect(bodies).toEqual(paths); // each request goes to its own URL (the last one parsed is reused only when equal)
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    controller.abort();
    expect((await caught(send(`${s.url}/c`, { ...get(), signal: controller.signal }))) as Error).toMatchObject({ name: 'AbortError' });
    expect(s.hits).toHaveLength(4);
  });

  it('pipelines requests on one socket when asked to, and not for a destination that turns it off', async () => {
    const held: ServerResponse[] = [];
    const s = await server((req, res) => {
      res.setHeader('x-port', String(req.socket.remotePort));
      held.push(res);
    });
    const post = (): TransportRequest => ({ method: 'POST', headers: {}, body: '{}', timeoutMs: 5_000 });
    const p = pool({ connectionsPerOrigin: 1, pipelining: 2 });
    const piped = p.forDestination('piped');
    const both = [piped(`${s.url}/1`, post()), piped(`${s.url}/2`, post())];
    await waitUntil(() => held.length === 2); // the second POST arrived before the first was answered
    for (const res of held.splice(0)) res.end('ok');
    const answers = await Promise.all(both);
    expect(answers.map((r) => r.body)).toEqual(['ok', 'ok']);
    expect(new Set(answers.map((r) => r.headers['x-port'])).size).toBe(1);
    expect(s.connections()).toBe(1);

    const off = p.forDestination('off', { pipelining: 1 });
    const serial = [off(`${s.url}/3`, post()), off(`${s.url}/4`, post())];
    await waitUntil(() => held.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.hits.slice(2)).toEqual(['/3']); // /4 waits for /3's answer on the one socket
    held.shift()!.end('a');
    await waitUntil(() => held.length === 1);
    held.shift()!.end('b');
    expect((await Promise.all(serial)).map((r) => r.body)).toEqual(['a', 'b']);
    expect(() => p.forDestination('bad', { pipelining: 0 })).toThrow('pipelining must be an integer >= 1, got 0');
  });

  it('rejects bad timeouts and requests after close', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const p = createTransportPool();
    await expect(p.forDestination('d')(`${s.url}/`, get(0))).rejects.toThrow('request.timeoutMs must be a positive number, got 0');
    await expect(p.forDestination('d')('not a url?key=secret', get())).rejects.toThrow(/^transport: url is not a valid absolute URL$/);
    await expect(p.forDestination('d')('ftp://127.0.0.1/x', get())).rejects.toThrow('url must use http: or https:, got ftp:');
    await p.forDestination('d')(`${s.url}/`, get());
    await p.close();
    await p.close();
    const err = await caught(p.forDestination('d')(`${s.url}/`, get()));
    expect(classifyNetworkError(err)?.code).toBe('NETWORK_ERROR');
    expect(() => createTransportPool({ maxResponseBytes: -1 })).toThrow('options.maxResponseBytes must be a positive number, got -1');
  });
});
