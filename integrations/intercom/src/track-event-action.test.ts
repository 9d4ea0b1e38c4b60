import { createTestIntegration, type RecordedRequest, type Reply, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import intercom from './index.ts';

const accessToken = 'dG9rOnRlc3RfMDEyMzQ1Njc4OWFiY2RlZg==';
const settings = { accessToken };
const US = 'https://api.intercom.io';
const CREATED_AT = 1736935200; // 2025-01-15T10:00:00Z
let t: TestIntegration;
afterEach(() => t.close());

const track = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ ...sampleEvents.track, properties, ...extra });
const route = (routes: Record<string, Reply>) => (req: RecordedRequest) => routes[`${req.method} ${req.path}`] ?? { status: 202, body: '' };

describe('intercom: trackEvent', () => {
  it('POSTs /events with Unix created_at, user_id and revenue as metadata.price in cents', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply({ status: 202, body: '' });
    expect(await t.run({ action: 'trackEvent', event: sampleEvents.track, settings })).toEqual({ status: 'success' });
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url: `${US}/events` });
    expect(req!.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(req!.headers['intercom-version']).toBe('2.11');
    // products (an array) is left out: Intercom stores no nested JSON.
    expect(req!.json()).toEqual({
      event_name: 'Order Completed',
      created_at: CREATED_AT,
      user_id: 'user-1',
      metadata: { price: { amount: 9950, currency: 'EUR' }, order_id: 'o-42' },
    });
  });

  it('keeps the first 10 metadata keys (price counts), converts *_date strings and rounds cents', async () => {
    t = await createTestIntegration(intercom);
    const properties: Record<string, unknown> = { revenue: 19.99, email: 'ada@example.com', renewal_date: '2025-02-01T00:00:00Z', link: { url: 'https://shop.example/o/42', value: 'Order 42' }, gone: null };
    for (let i = 1; i <= 12; i++) properties[`k${i}`] = i;
    await t.run({ action: 'trackEvent', event: track(properties), settings });
    const { metadata, email } = t.server.requests[0]!.json() as { metadata: Record<string, unknown>; email: string };
    expect(email).toBe('ada@example.com');
    expect(metadata).toEqual({
      price: { amount: 1999, currency: 'USD' },
      renewal_date: 1738368000,
      link: { url: 'https://shop.example/o/42', value: 'Order 42' },
      k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7,
    });
  });

  it('sends no metadata key when nothing is left', async () => {
    t = await createTestIntegration(intercom);
    await t.run({ action: 'trackEvent', event: track({ nested: { a: 1 } }), settings });
    expect(t.server.requests[0]!.json()).toEqual({ event_name: 'Order Completed', created_at: CREATED_AT, user_id: 'user-1' });
  });

  it('with only an email, finds the contact by email and sends its id', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply(route({ 'POST /contacts/search': { body: { type: 'list', total_count: 1, data: [{ type: 'contact', id: 'lead-9' }] } } }));
    const event = track({ email: 'lead@example.com' }, { userId: undefined });
    expect(await t.run({ action: 'trackEvent', event, settings })).toEqual({ status: 'success' });
    expect(t.server.requests.map((r) => r.path)).toEqual(['/contacts/search', '/events']);
    expect(t.server.requests[0]!.json()).toEqual({ query: { field: 'email', operator: '=', value: 'lead@example.com' } });
    expect(t.server.requests[1]!.json()).toEqual({ event_name: 'Order Completed', created_at: CREATED_AT, email: 'lead@example.com', id: 'lead-9' });
  });

  it('refuses (permanently) an email-only event when no single contact has that email', async () => {
    t = await createTestIntegration(intercom);
    t.server.reply(route({ 'POST /contacts/search': { body: { type: 'list', total_count: 0, data: [] } } }));
    const result = await t.run({ action: 'trackEvent', event: track({}, { userId: undefined, context: { traits: { email: 'nobody@example.com' } } }), settings });
    expect(result).toMatchObject({ status: 'error', code: 'PAYLOAD_REJECTED', retryable: false });
    expect(t.server.requests.map((r) => r.path)).toEqual(['/contacts/search']);
  });

  it('uses a mapped contact id without searching', async () => {
    t = await createTestIntegration(intercom);
    await t.run({ action: 'trackEvent', event: sampleEvents.track, settings, mapping: { id: 'c-1', user_id: { '@path': '$.nope' }, metadata: {} } });
    expect(t.server.requests[0]!.json()).toEqual({ event_name: 'Order Completed', created_at: CREATED_AT, id: 'c-1', metadata: { price: { amount: 9950, currency: 'EUR' } } });
  });

  it.each([
    [{ user_id: { '@path': '$.nope' } }, 'payload.user_id, payload.id or payload.email is required'],
    [{ created_at: 'yesterday-ish' }, 'payload.created_at must be an ISO 8601 date or Unix seconds'],
    [{ event_name: { '@path': '$.nope' } }, 'payload.event_name is required'],
  ])('refuses %o before sending', async (mapping, message) => {
    t = await createTestIntegration(intercom);
    const result = await t.run({ action: 'trackEvent', event: sampleEvents.track, settings, mapping });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD' });
    if (result.status === 'error') expect(result.message).toContain(message);
    expect(t.server.requests).toHaveLength(0);
  });
});
