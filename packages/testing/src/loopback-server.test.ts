import { afterEach, describe, expect, it } from 'vitest';
import { type LoopbackServer, startLoopbackServer } from './loopback-server.ts';

let server: LoopbackServer;
afterEach(() => server.close());

describe('startLoopbackServer', () => {
  it('records method, path, headers and raw body, and answers 200 by default', async () => {
    server = await startLoopbackServer();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/in?x=1`, { method: 'PUT', headers: { 'X-Test': 'yes' }, body: '{"a":1}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req).toMatchObject({ method: 'PUT', path: '/in?x=1', url: `${server.url}/in?x=1`, body: '{"a":1}' });
    expect(req!.headers['x-test']).toBe('yes');
    expect(req!.json()).toEqual({ a: 1 });
  });

  it('uses queued replies first, then the default, and replies from functions', async () => {
    server = await startLoopbackServer();
    server.replyOnce({ status: 503, headers: { 'retry-after': '2' }, body: 'down' });
    server.reply((req) => ({ status: 201, body: { echo: req.path } }));
    const first = await fetch(`${server.url}/a`);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(await first.text()).toBe('down');
    const second = await fetch(`${server.url}/b`);
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual({ echo: '/b' });
  });

  it('drops the socket when told to', async () => {
    server = await startLoopbackServer();
    server.reply({ drop: true });
    await expect(fetch(server.url)).rejects.toThrow('fetch failed');
  });

  it('delays replies, and close() ends pending ones', async () => {
    server = await startLoopbackServer();
    server.reply({ delayMs: 10_000 });
    const pending = fetch(server.url).then(
      () => 'answered',
      () => 'failed',
    );
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await server.close();
    expect(await pending).toBe('failed');
  });

  it('reset() forgets requests and replies', async () => {
    server = await startLoopbackServer();
    server.reply({ status: 500 });
    await fetch(server.url);
    server.reset();
    expect(server.requests).toEqual([]);
    expect((await fetch(server.url)).status).toBe(200);
  });
});
