import { createTestIntegration, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import amplitude from './index.ts';

const apiKey = 'amp_key_0123456789abcdef';
const ts = Date.parse('2025-01-15T10:00:00.000Z');
type Body = { api_key: string; events: Array<Record<string, unknown>>; options?: unknown };
let t: TestIntegration;
afterEach(() => t.close());

describe('amplitude: logEvent (HTTP V2 API)', () => {
  it('POSTs { api_key, events } to /2/httpapi with the mapped event', async () => {
    t = await createTestIntegration(amplitude);
    t.server.reply({ body: { code: 200, events_ingested: 1, payload_size_bytes: 300, server_upload_time: ts } });
    expect(await t.run({ action: 'logEvent', event: sampleEvents.track, settings: { apiKey } })).toEqual({ status: 'success' });
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url: 'https://api2.amplitude.com/2/httpapi' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers.authorization).toBeUndefined();
    expect(req!.json()).toEqual({
      api_key: apiKey,
      events: [
        {
          event_type: 'Order Completed',
          user_id: 'user-1',
          device_id: 'anon-1',
          time: ts,
          insert_id: 'sample-track-2',
          language: 'en-GB',
          ip: '203.0.113.7',
          event_properties: { order_id: 'o-42', revenue: 99.5, currency: 'EUR', products: [{ sku: 'sku-1', price: 99.5, quantity: 1 }] },
          revenue: 99.5,
          currency: 'EUR',
          library: 'junction',
        },
      ],
    });
  });

  it('uses the EU data center, the Batch API and min_id_length when configured', async () => {
    t = await createTestIntegration(amplitude);
    await t.run({ action: 'logEvent', event: sampleEvents.track, settings: { apiKey, region: 'EU', useBatchEndpoint: true, minIdLength: 1 } });
    await t.run({ action: 'logEvent', event: sampleEvents.track, settings: { apiKey, region: 'EU' } });
    expect(t.server.requests.map((r) => r.url)).toEqual(['https://api.eu.amplitude.com/batch', 'https://api.eu.amplitude.com/2/httpapi']);
    expect((t.server.requests[0]!.json() as Body).options).toEqual({ min_id_length: 1 });
  });

  it('names pages with the preset, and sends context traits as $set user properties', async () => {
    t = await createTestIntegration(amplitude);
    const preset = amplitude.presets!.find((p) => p.name === 'Page Calls')!;
    const event = { ...sampleEvents.page, context: { ...sampleEvents.page.context, traits: { plan: 'pro' } } };
    await t.run({ action: 'logEvent', event, settings: { apiKey }, mapping: preset.mapping });
    const [sent] = (t.server.requests[0]!.json() as Body).events;
    expect(sent).toMatchObject({ event_type: 'Viewed Pricing', user_properties: { $set: { plan: 'pro' } }, event_properties: { path: '/pricing', title: 'Pricing' } });
  });

  it('refuses an event with neither user_id nor device_id without sending it', async () => {
    t = await createTestIntegration(amplitude);
    const { userId: _u, anonymousId: _a, ...nobody } = sampleEvents.track;
    const results = await t.runBatch({ action: 'logEvent', events: [sampleEvents.track, nobody], settings: { apiKey } });
    expect(results[0]).toEqual({ status: 'success' });
    expect(results[1]).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', retryable: false });
    expect((t.server.requests[0]!.json() as Body).events).toHaveLength(1);
  });
});

describe('amplitude: identify and group identify', () => {
  it('sends identify as an $identify event with user_properties.$set', async () => {
    t = await createTestIntegration(amplitude);
    await t.run({ action: 'identifyUser', event: sampleEvents.identify, settings: { apiKey } });
    expect((t.server.requests[0]!.json() as Body).events).toEqual([
      {
        event_type: '$identify',
        user_id: 'user-1',
        device_id: 'anon-1',
        time: ts,
        insert_id: 'sample-identify-1',
        language: 'en-GB',
        ip: '203.0.113.7',
        user_properties: { $set: { email: 'ada@example.com', name: 'Ada Lovelace', plan: 'pro' } },
        library: 'junction',
      },
    ]);
  });

  it('sends a group call as $identify with groups plus $groupidentify with group_properties, in one request', async () => {
    t = await createTestIntegration(amplitude);
    await t.run({ action: 'groupIdentifyUser', event: sampleEvents.group, settings: { apiKey } });
    expect(t.server.requests).toHaveLength(1);
    const events = (t.server.requests[0]!.json() as Body).events;
    expect(events.map((e) => [e.event_type, e.groups, e.group_properties, e.insert_id])).toEqual([
      ['$identify', { company: 'org-7' }, undefined, 'sample-group-5-identify'],
      ['$groupidentify', { company: 'org-7' }, { $set: { name: 'Acme Inc', employees: 42 } }, 'sample-group-5-group'],
    ]);
    expect(events[1]).toMatchObject({ user_id: 'user-1', device_id: 'anon-1' });
  });
});

describe("amplitude: Amplitude's documented error answers", () => {
  it('fails the events a 400 names and sends the others again once', async () => {
    t = await createTestIntegration(amplitude);
    t.server.replyOnce({
      status: 400,
      body: { code: 400, error: 'Invalid field values on some events', events_with_invalid_fields: { time: [1] }, events_with_missing_fields: { event_type: [2] } },
    });
    const events = ['m-0', 'm-1', 'm-2', 'm-3'].map((messageId) => ({ ...sampleEvents.track, messageId }));
    const results = await t.runBatch({ action: 'logEvent', events, settings: { apiKey } });
    expect(results).toEqual([
      { status: 'success' },
      { status: 'error', code: 'PAYLOAD_REJECTED', retryable: false, httpStatus: 400, message: 'Amplitude rejected the event: invalid field time' },
      { status: 'error', code: 'PAYLOAD_REJECTED', retryable: false, httpStatus: 400, message: 'Amplitude rejected the event: missing field event_type' },
      { status: 'success' },
    ]);
    expect(t.server.requests).toHaveLength(2);
    expect((t.server.requests[1]!.json() as Body).events.map((e) => e.insert_id)).toEqual(['m-0', 'm-3']);
  });

  it('retries a 429 after Retry-After, else after the 30 s Amplitude asks for', async () => {
    t = await createTestIntegration(amplitude);
    const throttled = { code: 429, error: 'Too many requests for some devices and users', eps_threshold: 30, throttled_devices: { 'anon-1': 31 }, throttled_events: [0] };
    t.server.replyOnce({ status: 429, body: throttled });
    const results = await t.runBatch({ action: 'logEvent', events: [sampleEvents.track, { ...sampleEvents.track, userId: 'user-2', anonymousId: 'anon-2' }], settings: { apiKey } });
    expect(results[0]).toMatchObject({ status: 'error', code: 'RATE_LIMITED', retryable: true, retryAfterMs: 30_000, message: expect.stringContaining('over 30 events per second') });
    expect(results[1]).toMatchObject({ status: 'error', code: 'RATE_LIMITED', retryable: true, retryAfterMs: 30_000 });
    t.server.replyOnce({ status: 429, headers: { 'retry-after': '5' }, body: throttled });
    expect(await t.run({ action: 'logEvent', event: sampleEvents.track, settings: { apiKey } })).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 5000 });
  });

  it.each([
    [400, { code: 400, error: 'Invalid API key: amp_key_0123456789abcdef' }, 'INVALID_CREDENTIALS', false],
    [400, { code: 400, error: 'Request missing required field', missing_field: 'api_key' }, 'INVALID_CREDENTIALS', false],
    [400, { code: 400, error: 'Invalid JSON request body' }, 'PAYLOAD_REJECTED', false],
    [413, { code: 413, error: 'Payload too large' }, 'PAYLOAD_TOO_LARGE', false],
    [503, { code: 503, error: 'Service unavailable' }, 'DESTINATION_UNAVAILABLE', true],
  ] as const)('HTTP %i %o → %s for every event', async (status, body, code, retryable) => {
    t = await createTestIntegration(amplitude);
    t.server.reply({ status, body });
    const results = await t.runBatch({ action: 'identifyUser', events: [sampleEvents.identify, sampleEvents.identify], settings: { apiKey } });
    for (const r of results) {
      expect(r).toMatchObject({ status: 'error', code, retryable, httpStatus: status });
      if (r.status === 'error') expect(r.message).not.toContain(apiKey);
    }
    expect(t.server.requests).toHaveLength(1);
  });
});
