import { describe, expect, it } from 'vitest';
import { acme } from './__fixtures__/acme-integration.ts';
import { cannedServers, fetchTransport, startServer } from './__fixtures__/loopback.ts';
import { actionMapping, runAction, runBatch } from './run-action.ts';

const apiKey = 'sk_test_0123456789abcdef';
const event = { type: 'track', event: 'Order Completed', userId: 'u1', properties: { revenue: 9.5 } };
const { server, track } = cannedServers();

describe('actionMapping', () => {
  it('merges field defaults with overrides', () => {
    expect(actionMapping(acme.actions.track, { name: { '@literal': 'x' } })).toEqual({
      name: { '@literal': 'x' },
      userId: { '@path': '$.userId' },
      revenue: { '@path': '$.properties.revenue' },
    });
  });
});

describe('runAction', () => {
  it('maps the event, sends it and reports success', async () => {
    const s = await server(200, '{}');
    const result = await runAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey }, event, transport: fetchTransport });
    expect(result).toEqual({ status: 'success' });
    expect(s.seen).toHaveLength(1);
    expect(s.seen[0]!.method).toBe('POST');
    expect(s.seen[0]!.path).toBe('/track');
    expect(s.seen[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(s.seen[0]!.body)).toEqual({ name: 'Order Completed', userId: 'u1', revenue: 9.5 });
  });

  it('applies mapping overrides', async () => {
    const s = await server(204);
    await runAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey }, event, mapping: { name: { '@template': 'E: {{event}}' } }, transport: fetchTransport });
    expect(JSON.parse(s.seen[0]!.body).name).toBe('E: Order Completed');
  });

  it('refuses invalid settings by field, without calling the destination', async () => {
    const s = await server(200);
    const result = await runAction(acme, { actionId: 'track', settings: { endpoint: 'not a url', region: 'mars' }, event, transport: fetchTransport });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS', retryable: false });
    if (result.status === 'error') {
      expect(result.message).toContain('settings.apiKey is required');
      expect(result.message).toContain('settings.endpoint must match format "uri"');
      expect(result.message).toContain('settings.region must be equal to one of the allowed values');
    }
    expect(s.seen).toHaveLength(0);
  });

  it('refuses a payload that misses a required field, naming it', async () => {
    const s = await server(200);
    const result = await runAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey }, event: { type: 'track', userId: 'u1' }, transport: fetchTransport });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', retryable: false, message: 'payload.name is required' });
    expect(s.seen).toHaveLength(0);
  });

  it('names an unknown action', async () => {
    const result = await runAction(acme, { actionId: 'nope', settings: { endpoint: 'http://x', apiKey }, event, transport: fetchTransport });
    expect(result).toMatchObject({ status: 'error', message: expect.stringContaining('no action "nope" (actions: track)') });
  });

  it('classifies HTTP errors with Retry-After, and scrubs secrets echoed by the destination', async () => {
    const s = await server(429, `rate limited for key ${apiKey}`, { 'retry-after': '3' });
    const result = await runAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey }, event, transport: fetchTransport });
    expect(result).toEqual({
      status: 'error',
      code: 'RATE_LIMITED',
      retryable: true,
      httpStatus: 429,
      retryAfterMs: 3000,
      message: 'destination answered HTTP 429: rate limited for key [redacted]',
    });
  });

  it("lets the plugin's errors mapping override the default classification", async () => {
    const s = await server(400, '{"error":"quota exceeded"}');
    const result = await runAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey }, event, transport: fetchTransport });
    expect(result).toMatchObject({ status: 'error', code: 'RATE_LIMITED', retryable: true, httpStatus: 400 });
  });

  it('classifies a refused connection as a retryable NETWORK_ERROR', async () => {
    const s = await server(200);
    await s.close();
    const result = await runAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey }, event, transport: fetchTransport });
    expect(result).toMatchObject({ status: 'error', code: 'NETWORK_ERROR', retryable: true, message: expect.stringContaining('ECONNREFUSED') });
  });

  it('classifies a slow destination as TIMEOUT', async () => {
    const s = track(await startServer((_req, res) => { setTimeout(() => res.end('late'), 2000).unref(); }));
    const result = await runAction(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey }, event, transport: fetchTransport, timeoutMs: 50 });
    expect(result).toMatchObject({ status: 'error', code: 'TIMEOUT', retryable: true });
  });
});

describe('runBatch', () => {
  it('returns one result per event, failing invalid items alone', async () => {
    const s = await server(200);
    const results = await runBatch(acme, {
      actionId: 'track',
      settings: { endpoint: s.url, apiKey },
      events: [event, { type: 'track', userId: 'no-name' }, { ...event, event: 'Second' }],
      transport: fetchTransport,
    });
    expect(results.map((r) => r.status)).toEqual(['success', 'error', 'success']);
    expect(results[1]).toMatchObject({ code: 'INVALID_PAYLOAD' });
    expect(s.seen).toHaveLength(1);
    expect(JSON.parse(s.seen[0]!.body).map((p: { name: string }) => p.name)).toEqual(['Order Completed', 'Second']);
  });

  it('gives every item the batch-level error', async () => {
    const s = await server(503);
    const results = await runBatch(acme, { actionId: 'track', settings: { endpoint: s.url, apiKey }, events: [event, event], transport: fetchTransport });
    expect(results).toHaveLength(2);
    for (const r of results) expect(r).toMatchObject({ status: 'error', code: 'DESTINATION_UNAVAILABLE', retryable: true, httpStatus: 503 });
  });

  it('refuses a performBatch that returns the wrong number of results', async () => {
    const s = await server(200);
    const broken = { ...acme, actions: { track: { ...acme.actions.track, performBatch: async () => [{ status: 'success' as const }] } } };
    const results = await runBatch(broken, { actionId: 'track', settings: { endpoint: s.url, apiKey }, events: [event, event], transport: fetchTransport });
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({ status: 'error', code: 'UNKNOWN', message: expect.stringContaining('returned 1 results for 2 payloads') });
  });

  it('falls back to perform per item without performBatch', async () => {
    const s = await server(200);
    const single = { ...acme, delivery: {}, actions: { track: { ...acme.actions.track, performBatch: undefined } } };
    const results = await runBatch(single, { actionId: 'track', settings: { endpoint: s.url, apiKey }, events: [event, event], transport: fetchTransport });
    expect(results).toEqual([{ status: 'success' }, { status: 'success' }]);
    expect(s.seen.map((r) => r.path)).toEqual(['/track', '/track']);
  });
});
