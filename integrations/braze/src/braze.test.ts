import { createTestIntegration, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import braze from './index.ts';

const apiKey = 'braze-rest-key-test-0123456789';
const settings = { apiKey, endpoint: 'https://rest.fra-01.braze.eu' };
const signedUp = (n: number, extra: Record<string, unknown> = {}) => ({ ...sampleEvents.track, messageId: `m${n}`, event: 'Signed Up', properties: { n }, ...extra });
let t: TestIntegration;
afterEach(() => t.close());

type Body = Record<'attributes' | 'events' | 'purchases', Array<Record<string, unknown>>>;
const bodies = () => t.server.requests.map((r) => r.json() as Body);

describe('braze: request shape', () => {
  it('sends identify traits as attributes to <endpoint>/users/track with a Bearer key', async () => {
    t = await createTestIntegration(braze);
    expect(await t.run({ action: 'updateUserProfile', event: sampleEvents.identify, settings })).toEqual({ status: 'success' });
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url: 'https://rest.fra-01.braze.eu/users/track' });
    expect(req!.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.json()).toEqual({
      attributes: [{ external_id: 'user-1', _update_existing_only: false, email: 'ada@example.com', name: 'Ada Lovelace', plan: 'pro' }],
    });
  });

  it('normalises gender and date of birth, and refuses an unknown gender', async () => {
    t = await createTestIntegration(braze);
    const event = { ...sampleEvents.identify, traits: { firstName: 'Ada', gender: 'Female', birthday: '1815-12-10T00:00:00Z' } };
    await t.run({ action: 'updateUserProfile', event, settings, mapping: { custom_attributes: {} } });
    expect(bodies()[0]!.attributes[0]).toEqual({ external_id: 'user-1', _update_existing_only: false, first_name: 'Ada', gender: 'F', dob: '1815-12-10' });
    const bad = await t.run({ action: 'updateUserProfile', event: { ...event, traits: { gender: 'robot' } }, settings });
    expect(bad).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', message: expect.stringContaining('payload.gender "robot"') });
  });

  it('sends track calls as events with name, ISO time and properties', async () => {
    t = await createTestIntegration(braze);
    await t.run({ action: 'trackEvent', event: signedUp(1), settings });
    expect(bodies()[0]).toEqual({
      events: [{ external_id: 'user-1', _update_existing_only: false, name: 'Signed Up', time: '2025-01-15T10:00:00.000Z', properties: { n: 1 } }],
    });
  });

  it('sends Order Completed as one purchase per product (product_id, else sku)', async () => {
    t = await createTestIntegration(braze);
    await t.run({ action: 'trackPurchase', event: sampleEvents.track, settings });
    expect(bodies()[0]).toEqual({
      purchases: [
        {
          external_id: 'user-1',
          _update_existing_only: false,
          product_id: 'sku-1',
          currency: 'EUR',
          price: 99.5,
          quantity: 1,
          time: '2025-01-15T10:00:00.000Z',
          properties: { order_id: 'o-42', revenue: 99.5, currency: 'EUR' },
        },
      ],
    });
  });

  it('identifies by user alias or email when there is no userId, and refuses an event with no identifier', async () => {
    t = await createTestIntegration(braze);
    const { userId: _u, ...noUser } = signedUp(1);
    const anonymous = { ...noUser, context: { ...sampleEvents.track.context, traits: { email: 'ada@example.com' } } };
    await t.run({ action: 'trackEvent', event: anonymous, settings });
    await t.run({ action: 'trackEvent', event: anonymous, settings, mapping: { user_alias: { alias_name: { '@path': '$.anonymousId' }, alias_label: 'anonymous_id' } } });
    expect(bodies().map((b) => b.events[0])).toMatchObject([{ email: 'ada@example.com' }, { user_alias: { alias_name: 'anon-1', alias_label: 'anonymous_id' } }]);
    expect(bodies()[1]!.events[0]!.email).toBeUndefined();
    const none = await t.run({ action: 'trackEvent', event: noUser, settings });
    expect(none).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', message: expect.stringContaining('payload.external_id, payload.user_alias') });
    expect(t.server.requests).toHaveLength(2);
  });
});

describe('braze: batches and per-item errors', () => {
  it('puts at most 75 events in a request', async () => {
    t = await createTestIntegration(braze);
    const results = await t.runBatch({ action: 'trackEvent', events: Array.from({ length: 80 }, (_, i) => signedUp(i)), settings });
    expect(results.every((r) => r.status === 'success')).toBe(true);
    expect(bodies().map((b) => b.events.length)).toEqual([75, 5]);
  });

  it('fails only the objects named in the errors of a successful answer', async () => {
    t = await createTestIntegration(braze);
    t.server.reply({ status: 201, body: { message: 'success', events_processed: 2, errors: [{ type: "'time' is not a valid date", input_array: 'events', index: 1 }] } });
    const results = await t.runBatch({ action: 'trackEvent', events: [signedUp(0), signedUp(1), signedUp(2)], settings });
    expect(results[0]).toEqual({ status: 'success' });
    expect(results[1]).toEqual({ status: 'error', code: 'PAYLOAD_REJECTED', retryable: false, httpStatus: 201, message: "Braze refused events[1]: 'time' is not a valid date" });
    expect(results[2]).toEqual({ status: 'success' });
  });

  it('maps refused purchases back to their order (minor_errors too)', async () => {
    t = await createTestIntegration(braze);
    t.server.reply({ status: 201, body: { message: 'success', minor_errors: [{ type: 'Invalid price', input_array: 'purchases', index: 1 }] } });
    const twoProducts = { ...sampleEvents.track, properties: { currency: 'USD', products: [{ product_id: 'a', price: 1 }, { product_id: 'b', price: -1 }] } };
    const results = await t.runBatch({ action: 'trackPurchase', events: [twoProducts, sampleEvents.track], settings });
    expect(results[0]).toMatchObject({ status: 'error', code: 'PAYLOAD_REJECTED', message: 'Braze refused purchases[1]: Invalid price' });
    expect(results[1]).toEqual({ status: 'success' });
    expect(bodies()[0]!.purchases.map((p) => p.product_id)).toEqual(['a', 'b', 'sku-1']);
  });

  it('after a fatal 400 naming objects, refuses those and sends the others again once', async () => {
    t = await createTestIntegration(braze);
    t.server.replyOnce({ status: 400, body: { message: 'Invalid events', errors: [{ type: 'name is required', input_array: 'events', index: 0 }] } });
    const results = await t.runBatch({ action: 'trackEvent', events: [signedUp(0), signedUp(1), signedUp(2)], settings });
    expect(results).toEqual([
      { status: 'error', code: 'PAYLOAD_REJECTED', retryable: false, httpStatus: 400, message: 'Braze refused events[0]: name is required' },
      { status: 'success' },
      { status: 'success' },
    ]);
    expect(bodies().map((b) => b.events.map((e) => (e.properties as { n: number }).n))).toEqual([[0, 1, 2], [1, 2]]);
  });

  it('retries a 429 after X-RateLimit-Reset when there is no Retry-After', async () => {
    t = await createTestIntegration(braze);
    const reset = Math.floor(Date.now() / 1000) + 60;
    t.server.reply({ status: 429, headers: { 'x-ratelimit-limit': '3000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, body: { message: 'Rate limit exceeded' } });
    const [result] = await t.runBatch({ action: 'trackEvent', events: [signedUp(0)], settings });
    expect(result).toMatchObject({ status: 'error', code: 'RATE_LIMITED', retryable: true, httpStatus: 429 });
    const wait = result!.status === 'error' ? result!.retryAfterMs! : 0;
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });

  it.each([
    [401, { message: `Invalid API key: ${apiKey}` }, 'INVALID_CREDENTIALS', false],
    [400, { message: `Invalid API key: ${apiKey}` }, 'INVALID_CREDENTIALS', false],
    [403, { message: 'API key lacks users.track permission' }, 'FORBIDDEN', false],
    [400, { message: "Valid data must be provided in the 'attributes', 'events', or 'purchases' fields." }, 'PAYLOAD_REJECTED', false],
    [502, { message: 'Bad gateway' }, 'DESTINATION_UNAVAILABLE', true],
  ])('maps HTTP %i %o to %s', async (status, body, code, retryable) => {
    t = await createTestIntegration(braze);
    t.server.reply({ status, body });
    const result = await t.run({ action: 'trackEvent', event: signedUp(0), settings });
    expect(result).toMatchObject({ status: 'error', code, retryable, httpStatus: status });
    if (result.status === 'error') {
      expect(result.message).toContain(body.message.replace(apiKey, '').slice(0, 12));
      expect(result.message).not.toContain(apiKey);
    }
  });
});
