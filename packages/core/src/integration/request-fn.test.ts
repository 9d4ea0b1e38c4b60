import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../errors/index.ts';
import { cannedServers, fetchTransport } from './__fixtures__/loopback.ts';
import type { HttpTransport, TransportRequest } from './integration-types.ts';
import { createRequestFn, DEFAULT_TIMEOUT_MS, errorFromResponse } from './request-fn.ts';

const { server } = cannedServers();

describe('createRequestFn', () => {
  it('sends JSON with lower-cased headers, POST by default, and parses the answer', async () => {
    const s = await server(200, '{"id":7}', { 'content-type': 'application/json' });
    const request = createRequestFn({ transport: fetchTransport });
    const res = await request(`${s.url}/track`, { headers: { 'X-Team': 'growth' }, json: { a: 1 } });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ id: 7 });
    expect(s.seen[0]).toMatchObject({ method: 'POST', path: '/track', body: '{"a":1}' });
    expect(s.seen[0]!.headers['x-team']).toBe('growth');
    expect(s.seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('asks the transport for exactly the request it asked for before', async () => {
    const seen: TransportRequest[] = [];
    const transport: HttpTransport = async (_url, req) => {
      seen.push(req);
      return { status: 204, headers: {}, body: '' };
    };
    const signal = new AbortController().signal;
    await createRequestFn({ transport, timeoutMs: 1234, signal })('http://x/a', { method: 'put', body: 'raw', headers: { Accept: 'text/plain' } });
    await createRequestFn({ transport })('http://x/b');
    expect(seen[0]).toEqual({ method: 'PUT', headers: { accept: 'text/plain' }, body: 'raw', timeoutMs: 1234, signal });
    expect(seen[1]).toEqual({ method: 'GET', headers: {}, timeoutMs: DEFAULT_TIMEOUT_MS });
    expect(Object.keys(seen[1]!)).toEqual(['method', 'headers', 'timeoutMs']);
  });

  it('keeps the transport answer’s other fields (the pool’s truncated) and refuses a non-JSON body in json()', async () => {
    const transport: HttpTransport = async () => ({ status: 200, headers: {}, body: 'not json', truncated: true }) as never;
    const res = await createRequestFn({ transport })('http://x/');
    expect((res as unknown as { truncated: boolean }).truncated).toBe(true);
    expect(() => res.json()).toThrow(/answered HTTP 200 with a body that is not JSON/);
  });

  it('throws classified errors for non-2xx answers unless throwHttpErrors is false', async () => {
    const s = await server(503, 'down', { 'retry-after': '2' });
    const request = createRequestFn({ transport: fetchTransport, errors: (r) => (r.body === 'quota' ? 'RATE_LIMITED' : undefined) });
    await expect(request(s.url)).rejects.toMatchObject({ code: 'DESTINATION_UNAVAILABLE', retryable: true, status: 503, retryAfterMs: 2000 });
    const res = await request(s.url, { throwHttpErrors: false });
    expect(res.status).toBe(503);
    expect(res.body).toBe('down');
  });

  it('turns transport failures, thrown or rejected, into IntegrationErrors, and rejects an unserialisable body as is', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const throwing: HttpTransport = () => {
      throw refused;
    };
    const rejecting: HttpTransport = async () => {
      throw refused;
    };
    for (const transport of [throwing, rejecting]) {
      const err = await createRequestFn({ transport })('http://x/').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IntegrationError);
      expect(err).toMatchObject({ code: 'NETWORK_ERROR', retryable: true });
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(createRequestFn({ transport: rejecting })('http://x/', { json: cyclic })).rejects.toBeInstanceOf(TypeError);
  });
});

describe('errorFromResponse', () => {
  it('lets the mapping fail a 2xx and passes an unmapped 2xx', () => {
    expect(errorFromResponse({ status: 200, headers: {}, body: '' })).toBeUndefined();
    expect(errorFromResponse({ status: 200, headers: {}, body: 'quota' }, (r) => (r.body === 'quota' ? 'RATE_LIMITED' : undefined))).toMatchObject({ code: 'RATE_LIMITED', status: 200 });
    expect(errorFromResponse({ status: 200.5, headers: {}, body: '' })).toMatchObject({ code: 'UNKNOWN' });
  });
});
