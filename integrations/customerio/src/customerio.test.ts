import { createTestIntegration, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import customerio from './index.ts';

const settings = { siteId: 'cio_site_0123456789', apiKey: 'cio_key_abcdefghij' };
const auth = `Basic ${Buffer.from(`${settings.siteId}:${settings.apiKey}`).toString('base64')}`;
const unix = Date.parse('2025-01-15T10:00:00.000Z') / 1000;
let t: TestIntegration;
afterEach(() => t.close());

describe('customerio: identifyPerson', () => {
  it('PUTs the attributes to /api/v1/customers/{id} with Basic site ID:API key', async () => {
    t = await createTestIntegration(customerio);
    const event = { ...sampleEvents.identify, traits: { ...sampleEvents.identify.traits, createdAt: '2024-01-01T00:00:00Z', trial_end: '2025-02-01T00:00:00.000Z' } };
    expect(await t.run({ action: 'identifyPerson', event, settings })).toEqual({ status: 'success' });
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'PUT', url: 'https://track.customer.io/api/v1/customers/user-1' });
    expect(req!.headers.authorization).toBe(auth);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.json()).toEqual({
      name: 'Ada Lovelace',
      plan: 'pro',
      trial_end: Date.parse('2025-02-01T00:00:00Z') / 1000,
      email: 'ada@example.com',
      created_at: Date.parse('2024-01-01T00:00:00Z') / 1000,
      anonymous_id: 'anon-1',
    });
  });

  it('identifies by email (URL-encoded) without a userId, in the EU region, keeping dates when asked', async () => {
    t = await createTestIntegration(customerio);
    const { userId: _u, ...byEmail } = { ...sampleEvents.identify, traits: { email: 'ada+test@example.com', trial_end: '2025-02-01T00:00:00Z' } };
    await t.run({ action: 'identifyPerson', event: byEmail, settings: { ...settings, region: 'EU' }, mapping: { convert_timestamp: false } });
    expect(t.server.requests[0]!.url).toBe('https://track-eu.customer.io/api/v1/customers/ada%2Btest%40example.com');
    expect(t.server.requests[0]!.json()).toEqual({ trial_end: '2025-02-01T00:00:00Z', email: 'ada+test@example.com', anonymous_id: 'anon-1' });
  });

  it('refuses an identify with neither userId nor email', async () => {
    t = await createTestIntegration(customerio);
    const { userId: _u, ...anonymous } = { ...sampleEvents.identify, traits: { plan: 'pro' } };
    expect(await t.run({ action: 'identifyPerson', event: anonymous, settings })).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD' });
    expect(t.server.requests).toHaveLength(0);
  });
});

describe('customerio: events', () => {
  it('POSTs a track call to /api/v1/customers/{id}/events with a Unix timestamp', async () => {
    t = await createTestIntegration(customerio);
    await t.run({ action: 'trackEvent', event: { ...sampleEvents.track, userId: 'team/42 ada' }, settings });
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url: 'https://track.customer.io/api/v1/customers/team%2F42%20ada/events' });
    expect(req!.headers.authorization).toBe(auth);
    expect(req!.json()).toEqual({ name: 'Order Completed', timestamp: unix, data: sampleEvents.track.properties });
  });

  it('sends an event without a person ID as an anonymous event to /api/v1/events', async () => {
    t = await createTestIntegration(customerio);
    const { userId: _u, ...anonymous } = sampleEvents.track;
    await t.run({ action: 'trackEvent', event: anonymous, settings, mapping: { event_id: '01JHFZ8Q7X9V3K2M4N5P6R7S8T' } });
    expect(t.server.requests[0]!.url).toBe('https://track.customer.io/api/v1/events');
    expect(t.server.requests[0]!.json()).toEqual({
      name: 'Order Completed',
      id: '01JHFZ8Q7X9V3K2M4N5P6R7S8T',
      timestamp: unix,
      data: sampleEvents.track.properties,
      anonymous_id: 'anon-1',
    });
  });

  it('sends page views (named by URL) and screen views with their type', async () => {
    t = await createTestIntegration(customerio);
    await t.run({ action: 'trackPageView', event: sampleEvents.page, settings });
    await t.run({ action: 'trackScreenView', event: sampleEvents.screen, settings });
    expect(t.server.requests.map((r) => [r.url, r.json()])).toEqual([
      ['https://track.customer.io/api/v1/customers/user-1/events', { name: 'https://shop.example/pricing', type: 'page', timestamp: unix, data: { path: '/pricing', title: 'Pricing' } }],
      ['https://track.customer.io/api/v1/customers/user-1/events', { name: 'Settings', type: 'screen', timestamp: unix, data: { variant: 'dark' } }],
    ]);
  });

  it('refuses an event with neither person ID nor anonymous ID', async () => {
    t = await createTestIntegration(customerio);
    const { userId: _u, anonymousId: _a, ...nobody } = sampleEvents.track;
    const result = await t.run({ action: 'trackEvent', event: nobody, settings });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', retryable: false });
    expect(t.server.requests).toHaveLength(0);
  });
});

describe("customerio: Customer.io's error answers", () => {
  it.each([
    [400, { meta: { error: 'event name cannot be longer than 100 bytes' } }, 'PAYLOAD_REJECTED', false],
    [400, { meta: { error: 'value for attribute \u2018bio\u2019 cannot be longer than 1000 bytes' } }, 'PAYLOAD_REJECTED', false],
    [401, { meta: { error: 'Unauthorized request' } }, 'INVALID_CREDENTIALS', false],
    [403, { meta: { error: 'Unauthorized request' } }, 'INVALID_CREDENTIALS', false],
    [500, { meta: { error: 'internal error' } }, 'DESTINATION_UNAVAILABLE', true],
  ] as const)('HTTP %i %o → %s', async (status, body, code, retryable) => {
    t = await createTestIntegration(customerio);
    t.server.reply({ status, body });
    const result = await t.run({ action: 'trackEvent', event: sampleEvents.track, settings });
    expect(result).toMatchObject({ status: 'error', code, retryable, httpStatus: status });
    if (result.status === 'error') {
      expect(result.message).toContain(body.meta.error);
      expect(result.message).not.toContain(settings.apiKey);
    }
  });

  it('honours Retry-After on 429', async () => {
    t = await createTestIntegration(customerio);
    t.server.reply({ status: 429, headers: { 'retry-after': '2' } });
    expect(await t.run({ action: 'identifyPerson', event: sampleEvents.identify, settings })).toMatchObject({ code: 'RATE_LIMITED', retryable: true, retryAfterMs: 2000 });
  });

  it('tests the connection with GET /auth', async () => {
    t = await createTestIntegration(customerio);
    expect(await t.testConnection({ ...settings, region: 'EU' })).toEqual({ status: 'success' });
    expect(t.server.requests[0]).toMatchObject({ method: 'GET', url: 'https://track-eu.customer.io/auth' });
    expect(t.server.requests[0]!.headers.authorization).toBe(auth);
    t.server.reply({ status: 401, body: { meta: { error: 'Unauthorized request' } } });
    expect(await t.testConnection(settings)).toMatchObject({ status: 'error', code: 'INVALID_CREDENTIALS' });
  });
});
