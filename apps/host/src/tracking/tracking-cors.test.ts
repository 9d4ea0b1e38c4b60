import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestHost, basicAuth, startTestHost } from '../test-support/test-host.ts';

let host: TestHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(() => host.close());

const origin = 'https://shop.example';

describe('tracking CORS', () => {
  it('gives accepted events the CORS headers and the JSON answer', async () => {
    const res = await fetch(`${host.url}/v1/batch`, {
      method: 'POST',
      headers: { origin, authorization: basicAuth(host.writeKey), 'content-type': 'application/json' },
      body: JSON.stringify({ batch: [{ type: 'track', userId: 'u', event: 'Cors' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('Retry-After,X-RateLimit-Reset');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ success: true });
  });

  it('gives refusals the CORS headers too, with their own headers kept', async () => {
    const res = await fetch(`${host.url}/v1/track`, { method: 'POST', headers: { origin, authorization: basicAuth('nope') }, body: '{"userId":"u","event":"E"}' });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect((await res.json()).success).toBe(false);
    const bad = await fetch(`${host.url}/v1/track`, { method: 'POST', headers: { origin, authorization: basicAuth(host.writeKey) }, body: '{' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-expose-headers')).toBe('Retry-After,X-RateLimit-Reset');
  });

  it('answers a preflight with the methods, the requested headers and a max age', async () => {
    const res = await fetch(`${host.url}/v1/batch`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, x-retry-count' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,x-retry-count');
    expect(res.headers.get('access-control-max-age')).toBe('86400');
  });

  it('serves the settings document with the CORS headers', async () => {
    const res = await fetch(`${host.url}/v1/projects/${host.writeKey}/settings`, { headers: { origin } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
