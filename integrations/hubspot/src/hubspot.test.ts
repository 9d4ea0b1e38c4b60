import { createTestIntegration, sampleEvents, type TestIntegration } from '@junction/testing';
import { afterEach, describe, expect, it } from 'vitest';
import hubspot from './index.ts';

const accessToken = 'pat-na1-test-0123456789abcdef';
const settings = { accessToken, eventNameMapping: { 'Order Completed': 'pe1234567_order_completed', 'Signed Up': 'pe1234567_signed_up' } };
const identify = (email: string, extra: Record<string, unknown> = {}) => ({ ...sampleEvents.identify, traits: { email, ...extra } });
const track = (event: string, email: string, properties: Record<string, unknown> = {}) => ({
  ...sampleEvents.track,
  event,
  properties,
  context: { ...sampleEvents.track.context, traits: { email } },
});
let t: TestIntegration;
afterEach(() => t.close());

type Json = Record<string, unknown> & { inputs: Array<Record<string, unknown>> };
const bodies = () => t.server.requests.map((r) => r.json() as Json);

describe('hubspot: upsertContact', () => {
  it('upserts the contact by email through the CRM v3 batch upsert endpoint', async () => {
    t = await createTestIntegration(hubspot);
    const event = identify('ada@example.com', { firstName: 'Ada', last_name: 'Lovelace', phone: '+44 20', address: { city: 'London', country: 'UK' } });
    expect(await t.run({ action: 'upsertContact', event, settings, mapping: { properties: { plan: 'pro', tags: ['a', 'b'], gone: null } } })).toEqual({ status: 'success' });
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url: 'https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert' });
    expect(req!.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(req!.json()).toEqual({
      inputs: [
        {
          idProperty: 'email',
          id: 'ada@example.com',
          properties: { plan: 'pro', tags: '["a","b"]', gone: '', firstname: 'Ada', lastname: 'Lovelace', phone: '+44 20', city: 'London', country: 'UK' },
        },
      ],
    });
  });

  it('refuses an identify without email before sending', async () => {
    t = await createTestIntegration(hubspot);
    const result = await t.run({ action: 'upsertContact', event: { ...sampleEvents.identify, traits: { name: 'Ada' } }, settings });
    expect(result).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', message: 'payload.email is required' });
    expect(t.server.requests).toHaveLength(0);
  });

  it('merges duplicate emails of a batch and maps 207 errors back by id', async () => {
    t = await createTestIntegration(hubspot);
    t.server.reply({
      status: 207,
      body: { status: 'COMPLETE', results: [{ id: '1' }], numErrors: 1, errors: [{ status: 'error', category: 'VALIDATION_ERROR', message: 'Property "phone" is invalid', context: { ids: ['BOB@example.com'] } }] },
    });
    const events = [identify('ada@example.com', { firstName: 'Ada' }), identify('bob@example.com'), identify('Ada@Example.com', { lastName: 'L' })];
    const results = await t.runBatch({ action: 'upsertContact', events, settings });
    expect(results).toEqual([
      { status: 'success' },
      { status: 'error', code: 'PAYLOAD_REJECTED', retryable: false, httpStatus: 207, message: 'HubSpot refused the item: VALIDATION_ERROR: Property "phone" is invalid' },
      { status: 'success' },
    ]);
    expect(bodies()[0]!.inputs).toEqual([
      { idProperty: 'email', id: 'ada@example.com', properties: { firstname: 'Ada', lastname: 'L' } },
      { idProperty: 'email', id: 'bob@example.com', properties: {} },
    ]);
  });

  it('after a 400 VALIDATION_ERROR for the whole batch, sends one by one so only the bad contact fails', async () => {
    t = await createTestIntegration(hubspot);
    const invalid = { status: 400, body: { status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid: INVALID_EMAIL', correlationId: 'c1' } };
    t.server.reply((req) => (req.body.includes('bad@') ? invalid : { status: 200, body: { status: 'COMPLETE', results: [] } }));
    const results = await t.runBatch({ action: 'upsertContact', events: [identify('ok@example.com'), identify('bad@x'), identify('fine@example.com')], settings });
    expect(results[0]).toEqual({ status: 'success' });
    expect(results[1]).toMatchObject({ status: 'error', code: 'PAYLOAD_REJECTED', retryable: false, httpStatus: 400, message: expect.stringContaining('INVALID_EMAIL') });
    expect(results[2]).toEqual({ status: 'success' });
    expect(bodies().map((b) => b.inputs.length)).toEqual([3, 1, 1, 1]);
  });
});

describe('hubspot: sendCustomEvent', () => {
  it('sends one event to /events/v3/send with the mapped internal name', async () => {
    t = await createTestIntegration(hubspot);
    t.server.reply({ status: 204 });
    expect(await t.run({ action: 'sendCustomEvent', event: track('Order Completed', 'ada@example.com', { order_id: 'o-1', total: 9.5, items: [{ sku: 'a' }] }), settings })).toEqual({
      status: 'success',
    });
    const [req] = t.server.requests;
    expect(req).toMatchObject({ method: 'POST', url: 'https://api.hubapi.com/events/v3/send' });
    expect(req!.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(req!.json()).toEqual({
      eventName: 'pe1234567_order_completed',
      email: 'ada@example.com',
      occurredAt: '2025-01-15T10:00:00.000Z',
      properties: { order_id: 'o-1', total: 9.5, items: '[{"sku":"a"}]' },
    });
  });

  it('sends batches to /events/v3/send/batch', async () => {
    t = await createTestIntegration(hubspot);
    const events = [track('Signed Up', 'a@example.com'), track('pe1234567_custom', 'b@example.com'), track('Order Completed', 'c@example.com')];
    const results = await t.runBatch({ action: 'sendCustomEvent', events, settings });
    expect(results).toEqual([{ status: 'success' }, { status: 'success' }, { status: 'success' }]);
    expect(t.server.requests.map((r) => r.path)).toEqual(['/events/v3/send/batch']);
    expect(bodies()[0]!.inputs.map((i) => i.eventName)).toEqual(['pe1234567_signed_up', 'pe1234567_custom', 'pe1234567_order_completed']);
  });

  it('refuses an event with no name mapping or no contact identifier, without sending', async () => {
    t = await createTestIntegration(hubspot);
    const unmapped = await t.run({ action: 'sendCustomEvent', event: track('Video Played', 'ada@example.com'), settings });
    expect(unmapped).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', message: expect.stringContaining('no HubSpot custom event for "Video Played": add it to settings.eventNameMapping') });
    const anonymous = await t.run({ action: 'sendCustomEvent', event: { ...sampleEvents.track }, settings });
    expect(anonymous).toMatchObject({ status: 'error', code: 'INVALID_PAYLOAD', message: expect.stringContaining('payload.email, payload.utk or payload.objectId') });
    expect(t.server.requests).toHaveLength(0);
  });
});

describe('hubspot: documented errors', () => {
  it.each([
    ['TEN_SECONDLY_ROLLING', {}, 10_000],
    ['SECONDLY', {}, 1000],
    ['TEN_SECONDLY_ROLLING', { 'retry-after': '3' }, 3000],
  ])('retries a 429 (policy %s, headers %o) after %i ms', async (policyName, headers, wait) => {
    t = await createTestIntegration(hubspot);
    t.server.reply({ status: 429, headers, body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', correlationId: 'c2', policyName } });
    expect(await t.run({ action: 'upsertContact', event: identify('ada@example.com'), settings })).toMatchObject({ status: 'error', code: 'RATE_LIMITED', retryable: true, retryAfterMs: wait });
  });

  it('waits until midnight UTC after the DAILY limit', async () => {
    t = await createTestIntegration(hubspot);
    t.server.reply({ status: 429, body: { status: 'error', errorType: 'RATE_LIMIT', policyName: 'DAILY' } });
    const result = await t.run({ action: 'upsertContact', event: identify('ada@example.com'), settings });
    const untilMidnight = new Date().setUTCHours(24, 0, 0, 0) - Date.now();
    expect(result.status === 'error' && result.retryAfterMs).toBeGreaterThan(untilMidnight - 60_000);
  });

  it.each([
    [401, 'INVALID_AUTHENTICATION', 'INVALID_CREDENTIALS'],
    [400, 'EXPIRED_AUTHENTICATION', 'INVALID_CREDENTIALS'],
    [403, 'MISSING_SCOPES', 'FORBIDDEN'],
    [400, 'MISSING_SCOPES', 'FORBIDDEN'],
    [409, 'CONFLICT', 'PAYLOAD_REJECTED'],
    [400, 'VALIDATION_ERROR', 'PAYLOAD_REJECTED'],
  ])('maps HTTP %i category %s to %s, without the token in the message', async (status, category, code) => {
    t = await createTestIntegration(hubspot);
    t.server.reply({ status, body: { status: 'error', category, message: `bad request for ${accessToken}`, correlationId: 'c3' } });
    const result = await t.run({ action: 'sendCustomEvent', event: track('Signed Up', 'ada@example.com'), settings });
    expect(result).toMatchObject({ status: 'error', code, retryable: false, httpStatus: status });
    expect(result.status === 'error' && result.message.includes(category)).toBe(true);
    expect(result.status === 'error' && result.message.includes(accessToken)).toBe(false);
  });

  it('tests the connection with GET /account-info/v3/details', async () => {
    t = await createTestIntegration(hubspot);
    expect(await t.testConnection(settings)).toEqual({ status: 'success' });
    expect(t.server.requests[0]).toMatchObject({ method: 'GET', url: 'https://api.hubapi.com/account-info/v3/details' });
    t.server.reply({ status: 401, body: { status: 'error', category: 'INVALID_AUTHENTICATION', message: 'Authentication credentials not found.' } });
    expect(await t.testConnection(settings)).toMatchObject({ status: 'error', code: 'INVALID_CREDENTIALS' });
  });
});
