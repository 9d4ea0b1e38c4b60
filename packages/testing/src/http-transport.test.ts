import { classifyNetworkError } from '@junction/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createFetchTransport } from './http-transport.ts';
import { type LoopbackServer, startLoopbackServer } from './loopback-server.ts';

let server: LoopbackServer;
afterEach(() => server.close());

describe('createFetchTransport', () => {
  it('routes any host to the loopback server and says which host was asked for', async () => {
    server = await startLoopbackServer();
    const transport = createFetchTransport({ routeTo: server.url });
    const res = await transport('https://api.vendor.example/v2/track?k=1', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5000 });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({ ok: true });
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/v2/track?k=1', url: 'https://api.vendor.example/v2/track?k=1' });
  });

  it('returns redirects instead of following them', async () => {
    server = await startLoopbackServer();
    server.reply({ status: 302, headers: { location: '/elsewhere' }, body: '' });
    const res = await createFetchTransport()(`${server.url}/old`, { method: 'POST', headers: {}, body: 'x', timeoutMs: 5000 });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/elsewhere');
    expect(server.requests).toHaveLength(1);
  });

  it('aborts after timeoutMs with an error classified as TIMEOUT', async () => {
    server = await startLoopbackServer();
    server.reply({ delayMs: 5000 });
    const err = await createFetchTransport()(server.url, { method: 'GET', headers: {}, timeoutMs: 50 }).catch((e: unknown) => e);
    expect(classifyNetworkError(err)?.code).toBe('TIMEOUT');
  });
});
