import { createTestIntegration, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ecommerceEvents, trackEvent } from './__fixtures__/ecommerce-events.ts';
import googleAnalytics4 from './index.ts';

const apiSecret = 'mp_secret_test_0123456789';
const web = { measurementId: 'G-TEST123', apiSecret };
const app = { firebaseAppId: '1:1234567890:android:321abc456def7890', apiSecret };
const micros = Date.parse(sampleEvents.track.timestamp) * 1000;
let t: TestIntegration;
afterEach(() => t.close());

type Body = { client_id?: string; app_instance_id?: string; events: Array<{ name: string; params: Record<string, unknown>; timestamp_micros?: number }> } & Record<string, unknown>;
const bodies = () => t.server.requests.map((r) => r.json() as Body);

describe('google-analytics-4: request shape', () => {
  it('sends Order Completed as a purchase to /mp/collect with measurement_id and api_secret', async () => {
    t = await createTestIntegration(googleAnalytics4);
    expect(await t.run({ action: 'purchase', event: sampleEvents.track, settings: web })).toEqual({ status: 'success' });
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url: `https://www.google-analytics.com/mp/collect?measurement_id=G-TEST123&api_secret=${apiSecret}` });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.json()).toEqual({
      client_id: 'anon-1',
      user_id: 'user-1',
      events: [
        {
          name: 'purchase',
          timestamp_micros: micros,
          params: { currency: 'EUR', value: 99.5, transaction_id: 'o-42', items: [{ item_id: 'sku-1', price: 99.5, quantity: 1 }], engagement_time_msec: 1 },
        },
      ],
    });
  });

  it('maps page calls to page_view with location, title, referrer and language', async () => {
    t = await createTestIntegration(googleAnalytics4);
    await t.run({ action: 'pageView', event: sampleEvents.page, settings: { ...web, serverRegion: 'eu' } });
    const [req] = t.server.requests;
    expect(req!.url.startsWith('https://region1.google-analytics.com/mp/collect?')).toBe(true);
    expect(bodies()[0]!.events[0]).toEqual({
      name: 'page_view',
      timestamp_micros: micros,
      params: { page_location: 'https://shop.example/pricing', page_title: 'Pricing', page_referrer: '', language: 'en-GB', engagement_time_msec: 1 },
    });
  });

  it.each([
    ['addToCart', 'add_to_cart', { currency: 'USD', value: 18.99 }],
    ['viewItemList', 'view_item_list', { item_list_id: 'hot', item_list_name: 'Deals' }],
    ['search', 'search', { search_term: 'board games' }],
    ['addPaymentInfo', 'add_payment_info', { payment_type: 'card' }],
  ] as const)('maps the Segment spec event of %s to %s', async (action, name, params) => {
    t = await createTestIntegration(googleAnalytics4);
    expect(await t.run({ action, event: ecommerceEvents[action], settings: web })).toEqual({ status: 'success' });
    const [event] = bodies()[0]!.events;
    expect(event!.name).toBe(name);
    expect(event!.params).toMatchObject(params);
    if (action === 'addToCart') {
      expect(event!.params.items).toEqual([{ item_id: 'p-1', item_name: 'Monopoly', item_brand: 'Hasbro', item_category: 'Games', price: 18.99, quantity: 2, index: 3 }]);
    }
  });

  it('uses firebase_app_id (colons kept) and app_instance_id for app streams', async () => {
    t = await createTestIntegration(googleAnalytics4);
    const mapping = { app_instance_id: { '@path': '$.context.device.id' } };
    const event = { ...sampleEvents.page, context: { ...sampleEvents.page.context, device: { id: 'ABCDEF0123456789abcdef0123456789' } } };
    expect(await t.run({ action: 'pageView', event, settings: app, mapping })).toEqual({ status: 'success' });
    expect(t.server.requests[0]!.url).toBe(`https://www.google-analytics.com/mp/collect?firebase_app_id=1:1234567890:android:321abc456def7890&api_secret=${apiSecret}`);
    expect(bodies()[0]).toMatchObject({ app_instance_id: 'ABCDEF0123456789abcdef0123456789', user_id: 'user-1' });
    expect(bodies()[0]!.client_id).toBeUndefined();
    const missing = await t.run({ action: 'pageView', event: sampleEvents.page, settings: app });
    expect(missing).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', message: expect.stringContaining('payload.app_instance_id is required') });
    expect(t.server.requests).toHaveLength(1);
  });

  it('sends user properties as {value}, consent and a normalised custom event name', async () => {
    t = await createTestIntegration(googleAnalytics4);
    const mapping = {
      user_properties: { plan: 'pro', seats: 3 },
      params: { '@path': '$.properties' },
      lowercase: true,
      ad_user_data_consent: 'GRANTED',
      ad_personalization_consent: 'DENIED',
    };
    await t.run({ action: 'customEvent', event: trackEvent(' Video  Played ', { video_id: 'v1', seconds: 12 }), settings: web, mapping });
    expect(bodies()[0]).toMatchObject({
      user_properties: { plan: { value: 'pro' }, seats: { value: 3 } },
      consent: { ad_user_data: 'GRANTED', ad_personalization: 'DENIED' },
      events: [{ name: 'video_played', params: { video_id: 'v1', seconds: 12, engagement_time_msec: 1 } }],
    });
  });
});

describe('google-analytics-4: rules checked before sending', () => {
  it.each([
    ['x'.repeat(41), 'longer than 40 characters'],
    ['session_start', 'reserved by Google Analytics'],
    ['ga_custom', 'reserved prefix "ga_"'],
    ['1st-visit', 'may only contain letters'],
  ])('refuses the event name %s', async (name, message) => {
    t = await createTestIntegration(googleAnalytics4);
    const result = await t.run({ action: 'customEvent', event: trackEvent(name, {}), settings: web });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', retryable: false, message: expect.stringContaining(message) });
    expect(t.server.requests).toHaveLength(0);
  });

  it.each([
    [{ params: { nested: { '@literal': { a: 1 } } } }, 'payload.params.nested must be string,number,boolean'],
    [{ currency: { '@literal': undefined } }, 'payload.currency is required when payload.value is set'],
    [{ user_properties: { user_id: 'u' } }, 'payload.user_properties.user_id: the name is reserved'],
    [{ params: { google_x: 1 } }, 'reserved prefix "google_"'],
  ])('refuses a bad payload (%o)', async (mapping, message) => {
    t = await createTestIntegration(googleAnalytics4);
    const result = await t.run({ action: 'purchase', event: sampleEvents.track, settings: web, mapping });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', message: expect.stringContaining(message) });
    expect(t.server.requests).toHaveLength(0);
  });

  it('refuses a product without id or name', async () => {
    t = await createTestIntegration(googleAnalytics4);
    const result = await t.run({ action: 'viewCart', event: trackEvent('Cart Viewed', { products: [{ price: 1 }] }), settings: web });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', message: 'payload.items[0] needs item_id or item_name' });
  });

  it('refuses settings without a stream', async () => {
    t = await createTestIntegration(googleAnalytics4);
    expect(await t.run({ action: 'pageView', event: sampleEvents.page, settings: { apiSecret } })).toMatchObject({ status: 'error', code: 'INVALID_SETTINGS' });
  });
});

describe('google-analytics-4: batches', () => {
  it('groups events of the same client, at most 25 per request, one result per event', async () => {
    t = await createTestIntegration(googleAnalytics4);
    const events = Array.from({ length: 30 }, (_, i) => ({ ...sampleEvents.page, messageId: `m${i}`, anonymousId: i === 29 ? 'anon-2' : 'anon-1' }));
    const results = await t.runBatch({ action: 'pageView', events, settings: web });
    expect(results).toEqual(events.map(() => ({ status: 'success' })));
    expect(bodies().map((b) => [b.client_id, b.events.length])).toEqual([
      ['anon-1', 25],
      ['anon-1', 4],
      ['anon-2', 1],
    ]);
  });

  it('fails only the invalid event and only the events of a request GA4 refused', async () => {
    t = await createTestIntegration(googleAnalytics4);
    t.server.reply((req) => ((req.json() as Body).client_id === 'anon-2' ? { status: 503, headers: { 'retry-after': '9' } } : { status: 204 }));
    const events = [sampleEvents.track, trackEvent('Order Completed', { currency: 'EUR' }), { ...sampleEvents.track, anonymousId: 'anon-2' }];
    const results = await t.runBatch({ action: 'purchase', events, settings: web });
    expect(results[0]).toEqual({ status: 'success' });
    expect(results[1]).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', message: expect.stringContaining('transaction_id') });
    expect(results[2]).toMatchObject({ status: 'error', code: 'DESTINATION_UNAVAILABLE', retryable: true, retryAfterMs: 9000 });
    expect(t.server.requests).toHaveLength(2);
  });
});

describe('google-analytics-4: test connection', () => {
  it('posts a test event to /debug/mp/collect and succeeds when there are no validation messages', async () => {
    t = await createTestIntegration(googleAnalytics4);
    t.server.reply({ body: { validationMessages: [] } });
    expect(await t.testConnection(web)).toEqual({ status: 'success' });
    const [req] = t.server.requests;
    expect(req!.url).toBe(`https://www.google-analytics.com/debug/mp/collect?measurement_id=G-TEST123&api_secret=${apiSecret}`);
    expect(req!.json()).toMatchObject({ client_id: 'junction.test-connection', events: [{ name: 'junction_test_connection' }] });
  });

  it('reports the validation messages as PAYLOAD_REJECTED (the MP itself answers 2xx)', async () => {
    t = await createTestIntegration(googleAnalytics4);
    const validationMessages = [{ fieldPath: 'app_instance_id', description: 'Measurement app_instance_id is required.', validationCode: 'VALUE_REQUIRED' }];
    t.server.reply({ body: { validationMessages } });
    const result = await t.testConnection(app);
    expect(result).toMatchObject({ status: 'error', code: 'PAYLOAD_REJECTED', message: expect.stringContaining('VALUE_REQUIRED at app_instance_id') });
    expect(result.status === 'error' && result.message.includes(apiSecret)).toBe(false);
  });
});
